// An organization's admin imports staff from a CSV file: the preview names each bad row's number,
// line and field; applying stores the good row and shows the new user's set-password link, which
// works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, withPage } from '../lib/browser.mjs';
import { adminTab, enrolTotp, expectHome, field, openOrganizationAdmin, signInFirstTime, submitPassword } from '../lib/ui.mjs';

const ORG = 'ぐんじょう居宅介護支援事業所';

// As Excel saves it: UTF-8 with a BOM, CRLF line ends, Japanese headers and names.
const CSV = '\uFEFF' + [
  'ログインID,氏名,氏名カナ,職種,役割',
  'cm.takahashi,高橋 優,タカハシ ユウ,介護支援専門員,一般',
  'cm.yamada,山田 次郎,山田 ジロウ,介護支援専門員,一般',
  'cm.nomura,野村 三郎,ノムラ サブロウ,,一般',
].join('\r\n') + '\r\n';

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

/// The cells of each body row of a table inside `region`. Spaces are folded to one ASCII space:
/// the server stores kana in full width, its space included (タカハシ　ユウ).
async function rows(region) {
  const cells = await region.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  return cells.map((r) => r.map((c) => c.replace(/\s+/g, ' ').trim()));
}

test('users CSV: preview shows the bad rows, apply creates the good one with its link', async (t) => {
  await withPage(browser, `${t.name} (admin)`, {}, async (page) => {
    await signInFirstTime(page, server.base, 'cm.kato', '加藤 由紀');
    await openOrganizationAdmin(page, ORG, 'CSV取込');
    await page.getByRole('heading', { name: '職員のCSV取込' }).waitFor();

    // Nothing chosen yet: the form says so instead of sending.
    await page.getByRole('button', { name: '確認する' }).click();
    await page.getByRole('alert').filter({ hasText: 'CSVファイルを選んでください' }).waitFor();

    await page.getByLabel('CSVファイル').setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await page.getByRole('button', { name: '確認する' }).click();

    const errors = page.getByRole('region', { name: '誤りのある行' });
    await errors.waitFor();
    const counts = await page.locator('dl.details').evaluate((dl) =>
      Object.fromEntries([...dl.querySelectorAll('dt')].map((dt) => [dt.textContent.trim(), dt.nextElementSibling.textContent.trim()])));
    assert.deepEqual(counts, { 文字コード: 'UTF-8 (BOM)', 全体の行数: '3', 登録できる行: '1', 誤りのある行: '2' });
    assert.deepEqual(await rows(errors), [
      ['2', '3', 'カナ', 'カタカナまたはひらがなで入力してください'],
      ['3', '4', '職種', '職種を選んでください'],
    ]);
    const sample = await rows(page.getByRole('region', { name: '登録される内容(一部)' }));
    assert.deepEqual(sample, [['cm.takahashi', '高橋 優', 'タカハシ ユウ', '介護支援専門員', '職員']]);

    await page.getByRole('button', { name: '1 件を取り込む' }).click();
    await page.getByRole('status').filter({ hasText: '1 件を登録しました。' }).waitFor();
    await page.getByRole('heading', { name: '登録した職員とパスワード設定リンク' }).waitFor();
    const links = page.getByLabel(/のパスワード設定リンク$/);
    assert.equal(await links.count(), 1, 'one link: only the good row was created');
    const link = await page.getByLabel('cm.takahashi のパスワード設定リンク').inputValue();
    const url = new URL(link);
    assert.equal(url.origin, server.base);
    assert.equal(url.pathname, '/reset-password');
    assert.match(url.hash, /^#token=[A-Za-z0-9_-]{20,}$/);

    // Only the good row is among the staff.
    await adminTab(page, '職員');
    await page.getByRole('link', { name: '高橋 優' }).waitFor();
    assert.equal(await page.getByRole('link', { name: '山田 次郎' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: '野村 三郎' }).count(), 0);

    // The link lets the new user set a password and sign in.
    await withPage(browser, `${t.name} (new user)`, {}, async (user) => {
      await user.goto(link);
      await user.getByText('ログインID cm.takahashi のパスワードを設定します。').waitFor();
      await field(user, '新しいパスワード').fill('Hoshizora-Care-31');
      await field(user, '新しいパスワード(確認)').fill('Hoshizora-Care-31');
      await user.getByRole('button', { name: 'パスワードを設定する' }).click();
      await user.getByRole('status').filter({ hasText: 'パスワードを設定しました。' }).waitFor();
      await submitPassword(user, server.base, 'cm.takahashi', 'Hoshizora-Care-31');
      await enrolTotp(user);
      await expectHome(user, '高橋 優');
    });
  });
});
