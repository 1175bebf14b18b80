// Switching between 日本語 and English: the texts, <html lang> and the title follow, the choice
// is remembered, and switching in the middle of signing in keeps the step's state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, withPage } from '../lib/browser.mjs';
import { enrolTotp, expectHome } from '../lib/ui.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const lang = (page) => page.evaluate(() => document.documentElement.lang);

/// Presses a language button in the header's language group, whose name is in the language
/// shown (表示言語 / Language); afterwards the button shows as pressed.
async function choose(page, groupName, language) {
  await page.getByRole('group', { name: groupName }).getByRole('button', { name: language }).click();
  const pressed = page.getByRole('button', { name: language, exact: true, pressed: true });
  await pressed.waitFor();
}

test('the language switches on the sign-in page and at home, and back', async (t) => {
  await withPage(browser, t.name, {}, async (page) => {
    await page.goto(`${server.base}/login`);
    await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    assert.equal(await lang(page), 'ja');
    assert.equal(await page.title(), 'ログイン | つながり');

    await choose(page, '表示言語', 'English');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    assert.equal(await lang(page), 'en');
    assert.equal(await page.title(), 'Sign in | Tsunagari');
    assert.equal(await page.getByRole('button', { name: 'ログイン' }).count(), 0);
    assert.equal(await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '日本語' }).getAttribute('lang'), 'ja');

    // Remembered in this browser.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    assert.equal(await lang(page), 'en');

    // Signing in in English; enrolment starts in English.
    await page.getByLabel('Login ID', { exact: true }).fill('cm.kato');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
    const keyEn = await page.getByLabel('Key for manual entry').textContent();

    // Back to Japanese mid-step: the same key is still shown, and enrolment completes.
    await choose(page, 'Language', '日本語');
    await page.getByRole('heading', { name: '二段階認証の設定' }).waitFor();
    assert.equal(await lang(page), 'ja');
    assert.equal(await page.getByLabel('手入力用のキー').textContent(), keyEn);
    await enrolTotp(page);
    await expectHome(page, '加藤 由紀');
    assert.equal(await page.title(), 'ホーム | つながり');

    // At home.
    await choose(page, '表示言語', 'English');
    await page.getByRole('heading', { level: 1, name: 'Hello, 加藤 由紀' }).waitFor();
    assert.equal(await lang(page), 'en');
    assert.equal(await page.title(), 'Home | Tsunagari');
    const nav = page.getByRole('navigation', { name: 'Main menu' });
    await nav.getByRole('link', { name: 'Directory' }).waitFor();
    await nav.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    assert.equal(await page.getByText('さん、こんにちは').count(), 0);

    await choose(page, 'Language', '日本語');
    await expectHome(page, '加藤 由紀');
    assert.equal(await lang(page), 'ja');
    assert.equal(await page.title(), 'ホーム | つながり');
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('button', { name: 'ログアウト' }).waitFor();
  });
});
