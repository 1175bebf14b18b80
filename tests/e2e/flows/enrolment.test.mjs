// First sign-in of a staff account enrols two-factor authentication; the next sign-in asks for
// a code from the authenticator app (computed here from the key shown on the enrolment screen).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, withPage } from '../lib/browser.mjs';
import { freshTotp, totp } from '../lib/totp.mjs';
import { enrolTotp, expectHome, signOut, submitPassword, submitTotp } from '../lib/ui.mjs';

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

test('a staff user enrols TOTP at first sign-in, then signs in with a code', async (t) => {
  await withPage(browser, t.name, {}, async (page) => {
    await submitPassword(page, server.base, 'cm.sato');
    // Enrolment is due: the rest of the app is out of reach until it is done.
    await page.getByRole('heading', { name: '二段階認証の設定' }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'メインメニュー' }).count(), 0);
    await page.getByRole('img', { name: '認証アプリに登録するためのQRコード' }).waitFor();

    // A wrong code is refused and the step stays.
    const shown = await page.getByLabel('手入力用のキー').textContent();
    const secret = shown.replace(/\s+/g, '');
    const good = totp(secret);
    const wrong = String((Number(good) + 500_000) % 1_000_000).padStart(6, '0');
    await page.getByLabel('確認コード', { exact: true }).fill(wrong);
    await page.getByRole('button', { name: '設定を完了する' }).click();
    await page.getByText('確認コードが違います', { exact: false }).first().waitFor();
    assert.equal(await page.getByLabel('確認コード', { exact: true }).getAttribute('aria-invalid'), 'true');

    const enrolled = await enrolTotp(page);
    assert.equal(enrolled.secret, secret, 'the key does not change on a failed try');
    await expectHome(page, '佐藤 花子');
    assert.equal(await page.title(), 'ホーム | つながり');

    await signOut(page);
    // The second sign-in asks for the app's code, not for enrolment again; the code that
    // confirmed the enrolment cannot be replayed.
    await submitPassword(page, server.base, 'cm.sato');
    await submitTotp(page, enrolled.code);
    await page.getByText('確認コードが違います', { exact: false }).first().waitFor();
    assert.equal(await page.getByLabel('確認コード', { exact: true }).inputValue(), '');
    assert.equal(new URL(page.url()).pathname, '/login');
    await submitTotp(page, await freshTotp(secret));
    await expectHome(page, '佐藤 花子');
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '名簿' }).waitFor();
  });
});
