// Watch (spec 06), the done-means flow: the operator at the call center has the status list open
// when the sensor simulator plays 佐藤 清's home (he stopped moving 13 hours ago; his sensors and
// the gateway still report). The evaluator raises 長時間の無活動 and the row turns 異常 without a
// reload. The operator takes the alert and works the ladder: 佐藤 清 does not answer, his daughter
// does (she is on her way). The operator resolves it and posts it to the care team's timeline,
// where the care manager finds it, with the calls in it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { field, signInFirstTime } from '../lib/ui.mjs';
import { withPages } from '../lib/care.mjs';
import { simulateSensors, statusRow } from '../lib/watch.mjs';

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

const PERSON = '佐藤 清';
const DAUGHTER = '佐藤 真理';
const FOUND = '長女が15分で訪問。本人は居間で転倒していたが意識あり、けがなし。';
const RESOLVE_NOTE = '長女が付き添い、かかりつけ医に連絡済み。';

test('a silent person raises an alert live on the status list; the operator works the ladder, resolves it and posts it; the care manager reads it', async (t) => {
  await withPages(browser, t.name, ['op', 'cm'], async ({ op, cm }) => {
    // ---- the operator watches the status list ----------------------------------------------
    await signInFirstTime(op, server.base, 'op.nakamura', '中村 恵');
    await op.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '見守り', exact: true }).click();
    await op.getByRole('heading', { level: 1, name: '見守り ステータス一覧' }).waitFor();
    await op.getByRole('status').filter({ hasText: 'ライブ更新中' }).waitFor();
    const row = statusRow(op, PERSON);
    await row.waitFor();
    // Nothing received yet from his newly seeded sensors: a device problem, not the person's.
    assert.equal(await row.getByRole('link', { name: /^長時間の無活動/ }).count(), 0);
    await op.evaluate(() => { window.__sameDocument = true; });

    // ---- his home's sensors report: two days, his activity ending 13 hours ago ---------------
    const report = await simulateSensors(server, ['--backfill-days', '2', '--scenarios-hours-ago', '13', '--homes', '1', '--report']);
    assert.match(report, /^payloads_rejected 0$/m, `no payload rejected:\n${report}`);
    assert.doesNotMatch(report, /^events_rejected [1-9]/m, `no event rejected:\n${report}`);
    const sent = Date.now();
    const chip = row.getByRole('link', { name: /^長時間の無活動(.+)$/ });
    await chip.waitFor({ timeout: 20_000 });
    t.diagnostic(`the alert showed on the open status list ${Date.now() - sent} ms after the simulator finished`);
    assert.match(await row.getAttribute('aria-label') ?? await row.innerText(), /異常/);
    assert.equal(await op.evaluate(() => window.__sameDocument), true, 'no reload');

    // ---- the operator takes it and works the ladder -------------------------------------------
    await chip.click();
    await op.getByRole('heading', { level: 1 }).waitFor();
    await op.getByText(PERSON).first().waitFor();
    await op.getByRole('button', { name: '対応する', exact: true }).click();
    await op.getByText('あなたが対応中です。').waitFor();

    await recordCall(op, { step: '本人', callee: PERSON, answered: false, note: '3回鳴らしたが出ない' });
    await op.getByText(/本人.*応答なし|応答なし.*本人/).first().waitFor();
    await recordCall(op, { step: '家族', callee: DAUGHTER, answered: true, note: FOUND });
    await op.getByText(FOUND).first().waitFor();

    // ---- resolved, then posted to the care team's timeline -----------------------------------
    await op.getByRole('button', { name: '解決', exact: true }).click();
    const resolve = op.getByRole('dialog');
    await field(resolve, '結果').selectOption({ label: '訪問して確認' });
    await field(resolve, 'メモ').fill(RESOLVE_NOTE);
    await resolve.getByRole('button', { name: '解決する', exact: true }).click();
    await op.getByText('対応が完了しました。').waitFor();

    await op.getByRole('button', { name: 'タイムラインに投稿', exact: true }).click();
    const post = op.getByRole('dialog');
    await field(post, '補足').fill('ケアマネジャーさん、明日の訪問で転倒の状況をご確認ください。');
    await post.getByRole('button', { name: '投稿する', exact: true }).click();
    // The call center posts to a timeline it cannot read: no link to it, a note instead.
    await op.getByText('タイムラインに投稿済みです。').waitFor();
    assert.equal(await op.getByRole('link', { name: 'タイムラインで見る' }).count(), 0);

    // The operator's page of the person: the watch, the reports and the way to the analytics.
    await op.getByRole('link', { name: `${PERSON} さんの見守り` }).click();
    await op.getByRole('heading', { level: 1, name: `${PERSON} さんの見守り` }).waitFor();
    await op.getByRole('heading', { level: 2, name: '見守りレポート' }).waitFor();
    await op.getByRole('link', { name: '生活の分析を見る' }).waitFor();

    // ---- the care manager finds it on 佐藤 清's timeline --------------------------------------
    await signInFirstTime(cm, server.base, 'cm.sato', '佐藤 花子');
    await cm.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '利用者', exact: true }).click();
    await cm.getByRole('link', { name: PERSON, exact: true }).click();
    await cm.getByRole('heading', { level: 1, name: new RegExp(`^${PERSON}`) }).waitFor();
    const article = cm.getByRole('article').filter({ hasText: '【見守りアラート】長時間の無活動' });
    await article.waitFor();
    const text = await article.innerText();
    assert.match(text, new RegExp(`本人\\(${PERSON}\\)に電話: 応答なし`));
    assert.match(text, new RegExp(`家族\\(${DAUGHTER}\\)に電話: 応答あり`));
    assert.match(text, /結果: 訪問して確認/);
    assert.match(text, new RegExp(RESOLVE_NOTE));
    assert.match(text, /中村 恵/, 'the post names who resolved it');
  });
});

async function recordCall(page, { step, callee, answered, note }) {
  await page.getByRole('button', { name: '通話を記録', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await field(dialog, '手順').selectOption({ label: step });
  await field(dialog, '電話した相手').selectOption({ label: callee });
  await dialog.getByLabel(answered ? '応答あり' : '応答なし', { exact: true }).check();
  await field(dialog, '分かったこと').fill(note);
  await dialog.getByRole('button', { name: '記録する', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}
