// Watch (spec 06), scheduled reports and the family's view: 佐藤 清's care manager invites his
// daughter (as in the family flow); his home's sensors report a day through the simulator; the
// care manager moves his report time to two minutes from now through the ordinary settings route
// (PUT /persons/{id}/watch, report_times), and the server's own scheduler makes the report when
// that time comes. Both are told in-app, with nothing about him in the notice; the care manager
// reads the report in the 見守り tab; the daughter signs in, sees his status and opens the report
// from her notice's link. Nobody else was told.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { signInFirstTime } from '../lib/ui.mjs';
import { personTab, requestAll, withPages } from '../lib/care.mjs';
import { acceptFamilyInvitation, inviteFamily, signInFamily } from '../lib/family.mjs';
import { simulateSensors } from '../lib/watch.mjs';

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
const LOGIN = 'mari.sato.watch';
const PASSWORD = 'Hinata-Mimamori-4821';
const TITLE = '見守りレポートが届きました';
const JST = 9 * 3600_000;

/// Tokyo wall-clock parts of an epoch ms.
function tokyo(ms) {
  const d = new Date(ms + JST);
  return { month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}
const pad = (n) => String(n).padStart(2, '0');

/// The watch.report notices in the feed of the user of `page`.
async function reportNotices(page) {
  const [r] = await requestAll(page, [{ method: 'GET', path: '/api/v1/notifications?limit=100' }]);
  assert.equal(r.status, 200, r.body);
  return JSON.parse(r.body).items.filter((n) => n.kind === 'watch.report');
}

test('a report made at the report time reaches the care manager and the daughter, who also sees his status', async (t) => {
  await withPages(browser, t.name, ['cm', 'daughter', 'op'], async ({ cm, daughter, op }) => {
    cm.on('dialog', (d) => void d.accept());

    // ---- the care manager invites the daughter; she creates her account ----------------------
    await signInFirstTime(cm, server.base, 'cm.sato', '佐藤 花子');
    await cm.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '利用者', exact: true }).click();
    await cm.getByRole('link', { name: PERSON, exact: true }).click();
    await cm.getByRole('heading', { level: 1, name: new RegExp(`^${PERSON}`) }).waitFor();
    const personId = new URL(cm.url()).pathname.split('/')[2];
    await personTab(cm, 'チーム');
    const link = await inviteFamily(cm, { name: DAUGHTER, relation: '長女', kana: 'サトウ マリ' });
    await acceptFamilyInvitation(daughter, link, { loginId: LOGIN, name: DAUGHTER, kana: 'サトウ マリ', password: PASSWORD });
    await signInFamily(daughter, server.base, LOGIN, PASSWORD, DAUGHTER);
    // An operator of the call center: may read reports, is not told of them.
    await signInFirstTime(op, server.base, 'op.nakamura', '中村 恵');

    // ---- his home's sensors report a day of his life -----------------------------------------
    const sim = await simulateSensors(server, ['--backfill-days', '1', '--homes', '1', '--report']);
    assert.match(sim, /^payloads_rejected 0$/m, `no payload rejected:\n${sim}`);

    // ---- the care manager sets his report time to two minutes from now -----------------------
    const before = {
      cm: (await reportNotices(cm)).length,
      daughter: (await reportNotices(daughter)).length,
      op: (await reportNotices(op)).length,
    };
    // At least 45 s ahead, so that the settings are saved well before it.
    const slot = Math.ceil((Date.now() + 45_000) / 60_000) * 60_000;
    const at = tokyo(slot);
    const hhmm = `${pad(at.hour)}:${pad(at.minute)}`;
    const [current] = await requestAll(cm, [{ method: 'GET', path: `/api/v1/persons/${personId}/watch` }]);
    assert.equal(current.status, 200, current.body);
    const subject = JSON.parse(current.body);
    const [put] = await requestAll(cm, [{
      method: 'PUT',
      path: `/api/v1/persons/${personId}/watch`,
      json: { settings: { ...subject.settings, report_times: [hhmm] }, runbook: subject.runbook },
    }]);
    assert.equal(put.status, 200, put.body);
    t.diagnostic(`report time set to ${hhmm} JST`);

    // ---- the scheduler makes it at that time; the care manager is told ------------------------
    let notice;
    for (const deadline = slot + 60_000; !notice && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 2_000));
      notice = (await reportNotices(cm)).find((n) => n.link.startsWith(`/persons/${personId}/watch?report=`) && n.created_at >= slot);
    }
    assert.ok(notice, `a report notice reached the care manager by ${hhmm}`);
    t.diagnostic(`the notice arrived ${notice.created_at - slot} ms after the report time`);
    assert.equal(notice.title, TITLE);
    assert.ok(!`${notice.title}${notice.body ?? ''}`.includes('佐藤'), 'nothing about him in the notice');
    const reportId = new URL(notice.link, server.base).searchParams.get('report');

    // ---- the care manager reads it in the 見守り tab -----------------------------------------
    await cm.goto(`${server.base}/persons/${personId}`);
    await personTab(cm, '見守り');
    const section = cm.getByRole('region', { name: '見守りレポート', exact: true });
    const label = `${at.month}月${at.day}日 ${hhmm} のレポート`;
    await section.getByRole('list', { name: 'レポートの一覧' }).getByRole('button', { name: `${label}を開く` }).click();
    const report = section.getByRole('article', { name: label });
    await report.waitFor();
    assert.equal(new URL(cm.url()).searchParams.get('report'), reportId, 'the same report as the notice');
    const table = report.getByRole('table', { name: '場所ごとの開閉と活動の回数' });
    const total = await table.getByRole('row', { name: /^合計/ }).getByRole('cell').nth(2).textContent();
    assert.ok(Number(total) > 0, `the simulated day shows as activity (total ${total})`);
    await report.getByRole('region', { name: /^室内の温度・湿度/ }).waitFor();

    // ---- the daughter: his status on her page, and the report from her notice ---------------
    let mine;
    for (const deadline = Date.now() + 10_000; !mine && Date.now() < deadline;) {
      mine = (await reportNotices(daughter)).find((n) => n.link === `/family/persons/${personId}?report=${reportId}`);
      if (!mine) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(mine, 'the daughter was told, with a link to her own page');
    assert.equal(mine.title, TITLE);

    await daughter.goto(`${server.base}/family/persons/${personId}`);
    const view = daughter.getByRole('region', { name: '見守りの様子', exact: true });
    await view.waitFor();
    await view.getByText('最後の活動').waitFor();
    await view.getByText('今日の開閉').waitFor();
    // The status as the status list classifies it: one of its five words.
    const badge = (await view.locator('.w-status__label').first().textContent()).trim();
    assert.ok(['異常', '異常(重大)', '要注意', '機器異常', '不在', '正常'].includes(badge), `status ${badge}`);
    await view.getByText(/℃/).first().waitFor();

    await daughter.goto(`${server.base}${mine.link}`);
    const hers = daughter.getByRole('article', { name: label });
    await hers.waitFor();
    await hers.getByRole('table', { name: '場所ごとの開閉と活動の回数' }).waitFor();
    // Device ids and the call center's handling are not hers to see.
    const refused = await requestAll(daughter, [
      { method: 'GET', path: `/api/v1/persons/${personId}/watch` },
      { method: 'GET', path: `/api/v1/persons/${personId}/watch/reports` },
    ]);
    assert.deepEqual(refused.map((r) => r.status), [403, 403]);

    // ---- nobody else was told (the operator may read, but is not sent reports) ---------------
    assert.equal((await reportNotices(op)).length, before.op);
    assert.equal((await reportNotices(cm)).filter((n) => n.created_at >= slot && n.link.includes(personId)).length, 1, 'one notice for one report');
    assert.ok((await reportNotices(daughter)).length > before.daughter);
    const [asOperator] = await requestAll(op, [{ method: 'GET', path: `/api/v1/persons/${personId}/watch/reports/${reportId}` }]);
    assert.equal(asOperator.status, 200);
  });
});
