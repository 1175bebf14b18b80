// Watch analytics (spec 06 "Analytics"): five weeks of the demo homes' sensor events from the
// simulator, then the care manager opens 佐藤 清's analytics from his 見守り tab, sees the charts
// (with their table alternative) and downloads a CSV that opens in Excel; the municipality's
// administrator opens the region view from the watch menu and sees the participation figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { signInFirstTime } from '../lib/ui.mjs';
import { personTab, withPages } from '../lib/care.mjs';
import { simulateSensors } from '../lib/watch.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
  const report = await simulateSensors(server, ['--backfill-days', '35', '--report']);
  assert.match(report, /^payloads_rejected 0$/m, `no payload rejected:\n${report}`);
  assert.match(report, /^events_accepted [1-9]\d{3,}$/m, `events stored:\n${report}`);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const PERSON = '佐藤 清';

test('the care manager reads a watched person\'s analytics and downloads a CSV; the municipality opens the region view', async (t) => {
  await withPages(browser, t.name, ['cm', 'city'], async ({ cm, city }) => {
    // ---- the care manager: person page → 見守り → 分析 ------------------------------------
    await signInFirstTime(cm, server.base, 'cm.sato', '佐藤 花子');
    await cm.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '利用者', exact: true }).click();
    await cm.getByRole('link', { name: PERSON, exact: true }).click();
    await cm.getByRole('heading', { level: 1, name: new RegExp(`^${PERSON}`) }).waitFor();
    await personTab(cm, '見守り');
    await cm.getByRole('link', { name: '生活の分析を見る' }).click();
    await cm.getByRole('heading', { level: 1, name: `${PERSON}さんの見守り分析` }).waitFor();

    // Five weeks of data: most days of the default eight weeks are watched days.
    const range = await cm.getByText(/見守りした日 \d+日/).innerText();
    const watched = Number(range.match(/見守りした日 (\d+)日/)[1]);
    assert.ok(watched >= 28 && watched <= 36, `watched days: ${range}`);

    const hourly = cm.getByRole('region', { name: /時間帯ごとの活動/ });
    const canvas = hourly.getByRole('img');
    await canvas.waitFor();
    assert.match(await canvas.getAttribute('aria-label'), /時間帯ごとの活動.*が最も多く/);
    // The cohort: compared, or said to be too small to compare — never silently missing.
    await hourly.getByText(/比較: .+(\d+人)|比較できる方が\d+人のため/).waitFor();
    for (const name of ['曜日ごとの開閉', '夜間(0〜5時)の活動', '日ごとの活動と冷蔵庫の開閉', '室温の推移']) {
      await cm.getByRole('region', { name }).getByRole('img').first().waitFor();
    }

    // The table alternative has a row per hour.
    await hourly.getByRole('button', { name: '表で見る' }).click();
    const table = hourly.getByRole('table');
    await table.waitFor();
    assert.equal(await table.getByRole('row').count(), 25);
    assert.match(await table.getByRole('row').nth(9).innerText(), /^8時/);

    // ---- the CSV of the weekday chart --------------------------------------------------------
    const weekday = cm.getByRole('region', { name: /曜日ごとの開閉/ });
    const [download] = await Promise.all([
      cm.waitForEvent('download'),
      weekday.getByRole('link', { name: 'CSV をダウンロード' }).click(),
    ]);
    const name = download.suggestedFilename();
    assert.match(name, /^watch-weekday-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    assert.doesNotMatch(name, /佐藤|清/);
    const bytes = await readFile(await download.path());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM for Excel');
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    assert.match(lines[0], /^曜日,見守り日数,.*玄関\(1日あたりの開閉\)/);
    assert.match(lines[0], /冷蔵庫\(1日あたりの開閉\)/);
    assert.equal(lines.length, 8, lines.join('\n'));
    assert.match(lines[1], /^月,[1-9]\d*,\d+\.\d{2}/);
    assert.match(lines[7], /^日,/);
    t.diagnostic(`CSV ${name}: ${lines[1]}`);

    // ---- the municipality's administrator: 地域の状況 ----------------------------------------
    await signInFirstTime(city, server.base, 'city.tanaka', '田中 美穂');
    await city.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '見守り', exact: true }).click();
    await city.getByRole('navigation', { name: '見守りメニュー' }).getByRole('link', { name: '地域の状況' }).click();
    await city.getByRole('heading', { level: 1, name: '地域の状況' }).waitFor();
    const active = city.locator('[data-figure="active"]');
    await active.waitFor();
    assert.match(await active.innerText(), /^[1-9]\d*人$/);
    assert.match(await city.locator('[data-figure="devices"]').innerText(), /^[1-9]\d*台$/);
    await city.getByRole('region', { name: '月ごとのアラートと新規登録' }).getByRole('img').waitFor();
    await city.getByRole('region', { name: '対応までの時間' }).waitFor();
    const csv = await city.evaluate(async (href) => {
      const r = await fetch(href);
      const bytes = new Uint8Array(await r.arrayBuffer());
      // TextDecoder drops a BOM by default: keep it, it is what Excel needs.
      return { status: r.status, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
    }, await city.getByRole('link', { name: '月ごとの集計 CSV' }).getAttribute('href'));
    assert.equal(csv.status, 200);
    assert.match(csv.text, /^\uFEFF月,新規登録,終了,アラート件数/);
    assert.match(csv.text, /\r\n\d{4}-\d{2},\d+,\d+,\d+,/);
  });
});
