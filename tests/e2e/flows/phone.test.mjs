// On a phone (360×740, touch): the sign-in steps and the home screen fit the width — no
// sideways scrolling, nothing sticking out of its card — and their main controls are on
// screen, with the standard and with the largest text size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, withPage } from '../lib/browser.mjs';
import { enrolTotp, expectHome, submitPassword } from '../lib/ui.mjs';

const WIDTH = 360;
const PHONE = { viewport: { width: WIDTH, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

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

/// The page is no wider than the screen; names the elements that stick out when it is.
async function assertFitsWidth(page, where) {
  const { scrollWidth, wide } = await page.evaluate((width) => ({
    scrollWidth: document.documentElement.scrollWidth,
    wide: [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)}px)`),
  }), WIDTH);
  assert.ok(scrollWidth <= WIDTH, `${where}: scrollWidth ${scrollWidth} > ${WIDTH}: ${wide.join(', ')}`);
}

/// The control is visible and lies within the screen's width.
async function assertOnScreen(locator, what) {
  await locator.waitFor();
  assert.ok(await locator.isVisible(), `${what} is visible`);
  const box = await locator.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= WIDTH + 0.5, `${what} within the width: ${JSON.stringify(box)}`);
}

/// Every item of `list` lies inside the content box of the card around it.
async function assertItemsInsideCard(list, what) {
  const sticking = await list.evaluate((ul) => {
    const card = ul.closest('.card');
    const style = getComputedStyle(card);
    const box = card.getBoundingClientRect();
    const right = box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
    return [...ul.children]
      .map((li) => li.getBoundingClientRect().right)
      .filter((r) => r > right + 0.5)
      .map((r) => `${Math.round(r)} > ${Math.round(right)}`);
  });
  assert.deepEqual(sticking, [], `${what} stick out of their card`);
}

async function chooseTextSize(page, label, size) {
  await page.getByRole('button', { name: `文字の大きさ: ${label}` }).tap();
  await page.waitForFunction((s) => document.documentElement.dataset.textSize === s, size);
}

test('sign-in and home fit a 360 px phone screen', async (t) => {
  await withPage(browser, t.name, PHONE, async (page) => {
    await page.goto(`${server.base}/login`);
    await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    assert.equal(await page.evaluate(() => window.innerWidth), WIDTH);
    assert.equal(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), true, 'a touch screen');
    for (const [label, size] of [['標準', 'normal'], ['特大', 'xlarge']]) {
      await chooseTextSize(page, label, size);
      await assertFitsWidth(page, `login (${size})`);
      await assertOnScreen(page.getByLabel('ログインID', { exact: true }), 'login id');
      await assertOnScreen(page.getByLabel('パスワード', { exact: true }), 'password');
      await assertOnScreen(page.getByRole('button', { name: 'ログイン', exact: true }), 'sign-in button');
      await assertOnScreen(page.getByRole('button', { name: 'English' }), 'language switch');
    }

    // Signing in with the largest text (remembered across the page load).
    await submitPassword(page, server.base, 'cm.sato');
    await page.getByRole('heading', { name: '二段階認証の設定' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.textSize), 'xlarge');
    await assertFitsWidth(page, 'enrolment');
    await assertOnScreen(page.getByRole('img', { name: '認証アプリに登録するためのQRコード' }), 'QR code');
    await assertOnScreen(page.getByLabel('手入力用のキー'), 'manual key');
    await assertOnScreen(page.getByRole('button', { name: '設定を完了する' }), 'confirm button');
    await enrolTotp(page, {
      onRecoveryCodes: async (list) => {
        await assertFitsWidth(page, 'recovery codes');
        await assertItemsInsideCard(list, 'recovery codes');
      },
    });
    await expectHome(page, '佐藤 花子');

    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    const tiles = page.getByRole('region', { name: 'メニュー' }).getByRole('list');
    for (const [label, size] of [['特大', 'xlarge'], ['標準', 'normal']]) {
      await chooseTextSize(page, label, size);
      await assertFitsWidth(page, `home (${size})`);
      await assertOnScreen(nav.getByRole('link', { name: '名簿' }), 'directory link');
      await assertOnScreen(nav.getByRole('button', { name: 'ログアウト' }), 'sign-out button');
      await assertOnScreen(page.getByRole('heading', { name: 'お知らせ' }), 'notifications');
      await assertOnScreen(tiles.getByRole('link', { name: /^名簿/ }), 'directory tile');
      await assertItemsInsideCard(tiles, `menu tiles (${size})`);
    }
  });
});
