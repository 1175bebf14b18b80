// An organization's admin invites a colleague; the colleague opens the one-time link in their
// own browser, registers, signs in and enrols two-factor authentication.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, withPage } from '../lib/browser.mjs';
import { adminTab, enrolTotp, expectHome, field, openOrganizationAdmin, signInFirstTime, submitPassword } from '../lib/ui.mjs';

const ORG = 'ぐんじょう居宅介護支援事業所';

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

test('org admin invites a colleague who registers and enrols TOTP', async (t) => {
  await withPage(browser, `${t.name} (admin)`, {}, async (admin) => {
    await signInFirstTime(admin, server.base, 'cm.kato', '加藤 由紀');
    await openOrganizationAdmin(admin, ORG, '招待');

    await admin.getByRole('heading', { name: '職員を招待する' }).waitFor();
    await admin.getByText('未使用の招待はありません。').waitFor();
    await field(admin, '役割').selectOption({ label: '職員' });
    await admin.getByRole('button', { name: '招待リンクを発行する' }).click();
    await admin.getByRole('status').filter({ hasText: '招待リンクを発行しました。' }).waitFor();
    const link = await admin.getByLabel('招待リンク', { exact: true }).inputValue();
    const url = new URL(link);
    assert.equal(url.origin, server.base);
    assert.equal(url.pathname, '/invite');
    assert.match(url.hash, /^#token=[A-Za-z0-9_-]{20,}$/, 'the token sits in the fragment');
    // The open invitation is listed (the list refreshes after issuing), dated in Japanese style.
    const open = admin.getByRole('region', { name: '未使用の招待' }).locator('tbody tr');
    await open.first().waitFor();
    const cells = (await open.first().locator('td').allTextContents()).map((c) => c.trim());
    assert.equal(await open.count(), 1);
    assert.deepEqual(cells.slice(0, 2), ['(名前未設定)', '職員']);
    assert.match(cells[2], /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);

    await withPage(browser, `${t.name} (invitee)`, {}, async (page) => {
      await page.goto(link);
      await page.getByRole('heading', { level: 1, name: '招待を受ける' }).waitFor();
      await page.getByText(`${ORG} から「職員」として招待されています。`, { exact: false }).waitFor();

      // A mismatched confirmation is caught before anything is sent.
      await field(page, 'ログインID').fill('cm.suzuki');
      await field(page, '氏名').fill('鈴木 健太');
      await field(page, '氏名(カナ)').fill('すずき けんた');
      await field(page, '職種').selectOption({ label: '介護支援専門員' });
      await field(page, '新しいパスワード').fill('Aozora-Kaigo-77');
      await field(page, '新しいパスワード(確認)').fill('Aozora-Kaigo-78');
      await page.getByRole('button', { name: '登録する' }).click();
      await page.getByText('確認用のパスワードが一致しません').waitFor();
      assert.equal(new URL(page.url()).pathname, '/invite');

      await field(page, '新しいパスワード(確認)').fill('Aozora-Kaigo-77');
      await page.getByRole('button', { name: '登録する' }).click();
      await page.getByRole('status').filter({ hasText: '登録が完了しました。' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/login');

      await submitPassword(page, server.base, 'cm.suzuki', 'Aozora-Kaigo-77');
      await enrolTotp(page);
      await expectHome(page, '鈴木 健太');

      // The link was for one use only.
      await page.goto(link);
      await page.getByText('招待した管理者に、新しい招待リンクの発行を依頼してください。').waitFor();
      assert.equal(await page.getByRole('button', { name: '登録する' }).count(), 0);
    });

    // The admin now sees the colleague among the staff, and no open invitation.
    await adminTab(admin, '職員');
    await admin.getByRole('link', { name: '鈴木 健太' }).waitFor();
    await adminTab(admin, '招待');
    await admin.getByText('未使用の招待はありません。').waitFor();
  });
});
