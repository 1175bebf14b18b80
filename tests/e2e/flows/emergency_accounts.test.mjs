// The emergency screens of spec 08 that work through accounts rather than a one-time link, on
// the demo region:
// - a hospital with accounts: the crew finds 鈴木 茂 (COPD, refuses resuscitation) by phone,
//   records 群青市民病院 from the directory and attaches a scene photo; 森 直子 of that hospital
//   is told, finds the hand-over on 搬送受入, reads the summary with the ACP first, sees the
//   photo and reports the admission, which the crew and the care manager see. A doctor of
//   another hospital is shown nothing of it, on the screens or through the API.
// - the QR card over its life: the care manager reissues 佐藤 清's card (printed after his
//   discharge), after which the old card tells the crew it is no longer valid while the new one
//   opens the record; once revoked, the new card is refused too.
// The demo directory has a single hospital, so the other hospital and its doctor are set up
// first through the administrator API, as the municipality's administrator would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { field } from '../lib/ui.mjs';
import { fetchBytes, requestAll } from '../lib/care.mjs';
import { cardUrl, openEmergencyTab, resuscitationWish, summarySections } from '../lib/emergency.mjs';
import { SignedInUsers, addHospitalWithDoctor, imageLoaded, openPerson, scenePhoto } from '../lib/emergency_accounts.mjs';

const CM = { login: 'cm.sato', name: '佐藤 花子' };
const CREW = { login: 'ems.kobayashi', name: '小林 大輔' };
const DOCTOR = { login: 'dr.mori', name: '森 直子' };
const OTHER_HOSPITAL = '群青南部病院';
const OTHER_DOCTOR = {
  login: 'dr.minami', name: '南 健二', kana: 'ミナミ ケンジ', password: 'Nanbu-Byoin-2026',
};

let server;
let browser;
let users;
before(async () => {
  server = await startServer();
  browser = await launch();
  users = new SignedInUsers(server.base);
  await addHospitalWithDoctor(server.base, { hospital: OTHER_HOSPITAL, kana: 'グンジョウナンブビョウイン', doctor: OTHER_DOCTOR });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const incident = (letter) => `2026-${letter}${randomBytes(2).toString('hex').toUpperCase()}`;

test('crew hands over to a hospital with accounts; its doctor reads the summary and photo and reports back; another hospital sees nothing', async (t) => {
  const PERSON = '鈴木 茂';
  const HOSPITAL = '群青市民病院';
  const INCIDENT = incident('H');
  const NOTE = '呼吸器内科病棟に入院。NPPVで経過観察。';
  await users.with(browser, t.name, { doctor: DOCTOR, other: OTHER_DOCTOR, crew: CREW, cm: CM }, async ({ doctor, other, crew, cm }) => {
    // Before any hand-over the hospital's list is empty (and reached from the header).
    await doctor.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '搬送受入', exact: true }).click();
    await doctor.getByRole('heading', { level: 1, name: '搬送受入' }).waitFor();
    await doctor.getByText('受入予定・受入中の方はいません。').waitFor();

    // ---- the crew finds the person by phone and opens the record for the incident -------------
    await crew.goto(`${server.base}/ems`);
    const search = crew.getByRole('region', { name: '要救護者を探す' });
    await field(search, '電話番号').fill('0561-00-3303');
    await search.getByRole('button', { name: '検索する' }).click();
    const results = crew.getByRole('region', { name: '検索結果(1人)' });
    await results.getByRole('button', { name: `${PERSON} さんの情報を開く` }).click();
    await field(results, '事案番号').fill(INCIDENT);
    await field(results, '理由').fill('妻より「息が苦しそうで返事が弱い」と通報。SpO2 82%。');
    await results.getByRole('button', { name: '記録して情報を開く' }).click();
    await crew.getByRole('heading', { level: 1, name: PERSON }).waitFor();
    const accessId = new URL(crew.url()).pathname.match(/^\/ems\/accesses\/([0-9a-f-]{36})$/)?.[1];
    assert.ok(accessId, `on the access page: ${crew.url()}`);

    // ---- the destination from the directory: no PIN, the hospital's staff read it in the app --
    const destination = crew.getByRole('region', { name: '搬送先' });
    await field(destination, '病院名またはカナ').fill('群青市民');
    await destination.getByRole('button', { name: '検索', exact: true }).click();
    await destination.getByRole('radio', { name: new RegExp(`^${HOSPITAL}`) }).check();
    await destination.getByRole('button', { name: '搬送先を記録する' }).click();
    await destination.getByText('病院の職員がアプリで救急情報を見られます。').waitFor();
    assert.equal(await destination.locator('.em-key-fact').textContent(), HOSPITAL);
    assert.equal(await crew.getByRole('region', { name: `${HOSPITAL} に伝えるPINとリンク` }).count(), 0,
      'a hospital with accounts gets no one-time link');

    // ---- a scene photo (救急ショット) ------------------------------------------------------------
    const media = crew.getByRole('region', { name: '現場の写真・動画(救急ショット)' });
    await media.getByLabel('保存済みから選ぶ').setInputFiles({ name: 'scene.jpg', mimeType: 'image/jpeg', buffer: await scenePhoto(crew) });
    assert.ok(await imageLoaded(media.getByRole('img', { name: '現場の写真 scene.jpg' })), 'the crew sees the photo sent');

    // ---- the hospital's doctor: told in her feed, finds it on 搬送受入 ----------------------------
    await doctor.goto(`${server.base}/`);
    const notice = doctor.getByRole('region', { name: /^お知らせ/ }).getByRole('link', { name: '救急搬送の申し送りが届きました' });
    await notice.first().waitFor();
    assert.equal(new URL(await notice.first().getAttribute('href'), server.base).pathname, `/handovers/${accessId}`);
    await doctor.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '搬送受入', exact: true }).click();
    const item = doctor.getByRole('listitem').filter({ hasText: `事案番号 ${INCIDENT}` });
    await item.waitFor();
    assert.match(await item.textContent(), /群青市消防本部/, 'with the crew that brings the person');
    assert.match(await item.textContent(), new RegExp(`搬送先: ${HOSPITAL}`));
    await item.getByRole('link', { name: PERSON, exact: true }).click();
    await doctor.waitForURL((u) => u.pathname === `/handovers/${accessId}`);
    await doctor.getByRole('heading', { level: 1, name: PERSON }).waitFor();
    await doctor.getByText(`事案番号 ${INCIDENT}`).first().waitFor();

    // The person's wishes come first: he refused resuscitation.
    const sections = await summarySections(doctor);
    assert.deepEqual(sections.slice(0, 2).map((s) => s.trim()), ['人生会議(ACP)・本人の意思', '本人'], sections.join(' / '));
    const wish = await resuscitationWish(doctor);
    assert.deepEqual([wish.label, wish.wish], ['心肺蘇生', '希望しない']);
    assert.match(await wish.acp.textContent(), /記録: 山本 一郎/, 'with who signed it off');
    await doctor.getByText('在宅酸素療法中', { exact: false }).first().waitFor();

    // The crew's photo, as a thumbnail and in full.
    const photo = doctor.getByRole('region', { name: '現場の写真・動画(救急ショット)' }).getByRole('img', { name: '現場の写真 scene.jpg' });
    assert.ok(await imageLoaded(photo), 'the hospital sees the thumbnail');
    const full = await fetchBytes(doctor, await photo.locator('xpath=..').getAttribute('href'));
    assert.equal(full.status, 200);
    assert.equal(full.type, 'image/jpeg');

    // The hand-over opens the summary, not the care record of a person outside her teams.
    const [mine] = await requestAll(doctor, [{ method: 'GET', path: `/api/v1/handovers/${accessId}` }]);
    const personId = JSON.parse(mine.body).person_id;
    const [record] = await requestAll(doctor, [{ method: 'GET', path: `/api/v1/persons/${personId}` }]);
    assert.equal(record.status, 403, `the care record stays closed: ${record.body}`);

    // ---- the outcome: an account names its reporter, so only the result and a note -------------
    const outcome = doctor.getByRole('region', { name: '病院からの報告(転帰)' });
    assert.equal(await field(outcome, '報告する人の氏名').count(), 0, 'no reporter name to type with an account');
    await outcome.getByLabel('入院', { exact: true }).check();
    await field(outcome, '備考').fill(NOTE);
    await outcome.getByRole('button', { name: '報告する', exact: true }).click();
    await outcome.getByRole('button', { name: '報告を訂正する' }).waitFor();
    await outcome.getByText(`${DOCTOR.name}(${HOSPITAL})・`, { exact: false }).waitFor();

    // ---- a doctor of another hospital: nothing on the list, refused by address and by API ------
    await other.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '搬送受入', exact: true }).click();
    await other.getByText('受入予定・受入中の方はいません。').waitFor();
    await other.goto(`${server.base}/handovers/${accessId}`);
    await other.getByRole('alert').filter({ hasText: 'この搬送の情報は、搬送先の病院の職員だけが見られます。' }).waitFor();
    assert.ok(!(await other.locator('main').textContent()).includes('鈴木'), 'nothing of the person on the page');
    const mediaId = (await photo.getAttribute('src')).match(/\/media\/([^/]+)\/thumbnail$/)[1];
    const refused = await requestAll(other, [
      { method: 'GET', path: '/api/v1/handovers' },
      { method: 'GET', path: `/api/v1/handovers/${accessId}` },
      { method: 'GET', path: `/api/v1/handovers/${accessId}/media/${mediaId}` },
      { method: 'PUT', path: `/api/v1/handovers/${accessId}/outcome`, json: { code: 'transferred' } },
    ]);
    assert.deepEqual(JSON.parse(refused[0].body).items, [], 'the list of the other hospital is empty');
    for (const r of refused.slice(1)) {
      assert.equal(r.status, 404, `${r.method} ${r.path}: ${r.body}`);
      assert.ok(!r.body.includes('鈴木'), `nothing personal in the refusal: ${r.body}`);
    }

    // ---- the crew sees where the patient went ------------------------------------------------
    const crewOutcome = crew.getByRole('region', { name: '病院からの報告(転帰)' });
    await crewOutcome.getByRole('button', { name: '最新の状態にする' }).click();
    await crewOutcome.locator('.em-key-fact').filter({ hasText: /^入院$/ }).waitFor();
    await crewOutcome.getByText(NOTE).waitFor();
    assert.match(await crewOutcome.textContent(), new RegExp(`${DOCTOR.name}\\(${HOSPITAL}\\)`));
    await crew.goto(`${server.base}/`);
    await crew.getByRole('region', { name: /^お知らせ/ }).getByRole('link', { name: '搬送先の病院から報告がありました' }).first().waitFor();

    // ---- the care manager: the posts on the timeline and the access on the 救急 tab ------------
    await openPerson(cm, PERSON);
    const posts = cm.getByRole('article');
    await posts.filter({ hasText: `救急搬送先: ${HOSPITAL}(事案番号: ${INCIDENT})` }).waitFor();
    const reported = posts.filter({ hasText: `搬送先(${HOSPITAL})からの報告: 入院(事案番号: ${INCIDENT}、報告: ${DOCTOR.name})` });
    await reported.filter({ hasText: NOTE }).waitFor();
    assert.ok(!(await reported.textContent()).includes('一回限りのリンク'), 'reported through an account, not a link');
    await openEmergencyTab(cm);
    const access = cm.getByRole('region', { name: '救急隊による閲覧' }).getByRole('listitem').filter({ hasText: `事案番号 ${INCIDENT}` });
    await access.getByText(`搬送先: ${HOSPITAL}`).waitFor();
    // The scene photo belongs to the incident, not to the team's attachments.
    const [teamRead] = await requestAll(cm, [{ method: 'GET', path: `/api/v1/persons/${personId}/attachments/${mediaId}` }]);
    assert.ok([403, 404].includes(teamRead.status), `the team's attachment route refuses scene media: ${teamRead.status}`);
    await access.getByText('病院からの報告: 入院').waitFor();
    assert.match(await access.textContent(), /検索から/);
  });
});

test('care manager reissues a QR card: the old card is refused and the new one opens; after revoking, the new one is refused too', async (t) => {
  const PERSON = '佐藤 清';
  const REVOKED = 'このカードは無効になっています(再発行されたか、取り消されました)。';
  await users.with(browser, t.name, { cm: CM, crew: CREW }, async ({ cm, crew }) => {
    // The card printed after his discharge is in force; its URL as the printed card holds it.
    await openPerson(cm, PERSON);
    const personPath = new URL(cm.url()).pathname;
    await openEmergencyTab(cm);
    const panel = cm.getByRole('region', { name: '救急情報カード(QRコード)' });
    await panel.getByText('有効なカードがあります').waitFor();
    await panel.getByRole('link', { name: 'カードを印刷' }).click();
    await cm.getByRole('heading', { level: 1, name: '救急情報カードの印刷' }).waitFor();
    const oldUrl = await cardUrl(cm);
    assert.equal(new URL(oldUrl).origin, server.base, 'the card points at this server');

    // The old card works before the reissue (so that its refusal later is the reissue's doing).
    await crew.goto(oldUrl);
    await crew.getByRole('region', { name: '情報を開く' }).waitFor();

    // ---- reissue (a lost wallet card), confirmed in a dialog ----------------------------------
    await cm.goBack();
    await panel.getByText('有効なカードがあります').waitFor();
    const asked = new Promise((ok) => cm.once('dialog', (d) => { ok(d.message()); d.accept(); }));
    await panel.getByRole('button', { name: '再発行する' }).click();
    assert.match(await asked, /今のカード.*QRコードは使えなくなります/);
    // The panel shows the new card once issued: wait for its URL to change.
    await cm.waitForFunction(
      ({ url }) => { const el = document.querySelector('[data-testid="emergency-card"]'); return el && el.dataset.cardUrl !== url; },
      { url: oldUrl },
    );
    await panel.getByRole('link', { name: 'カードを印刷' }).click();
    const newUrl = await cardUrl(cm);
    assert.notEqual(newUrl, oldUrl, 'a new token');
    assert.ok((await cm.getByRole('article', { name: '財布用カード(カード大)' }).textContent()).includes(PERSON));
    assert.equal(await cm.getByRole('article').count(), 2, 'home and wallet size');

    // ---- the crew: the old card is no longer valid, the new one opens the record ---------------
    await crew.goto(oldUrl);
    await crew.getByRole('heading', { level: 1, name: '救急情報カード' }).waitFor();
    await crew.getByRole('alert').filter({ hasText: REVOKED }).waitFor();
    assert.equal(await crew.getByRole('region', { name: '情報を開く' }).count(), 0, 'nothing to open with the old card');
    assert.ok(!(await crew.locator('main').textContent()).includes('佐藤'), 'the old card names nobody');
    const oldToken = new URL(oldUrl).pathname.split('/').pop();
    const [check] = await requestAll(crew, [{ method: 'GET', path: `/api/v1/ems/cards/${oldToken}` }]);
    assert.equal(check.status, 410, check.body);
    assert.equal(JSON.parse(check.body).error.details[0].code, 'card_revoked');

    const INCIDENT = incident('C');
    await crew.goto(newUrl);
    const open = crew.getByRole('region', { name: '情報を開く' });
    await field(open, '事案番号').fill(INCIDENT);
    await field(open, '理由').fill('自宅で胸の苦しさを訴え、長女が通報。');
    await open.getByRole('button', { name: '記録して情報を開く' }).click();
    await crew.getByRole('heading', { level: 1, name: PERSON }).waitFor();
    await crew.getByText(`事案番号 ${INCIDENT}`).first().waitFor();
    assert.equal((await resuscitationWish(crew)).wish, '希望しない', 'his wish of the second ACP version');

    // ---- revoke: the new card is refused too, and there is nothing left to print -------------
    await cm.goto(`${server.base}${personPath}/emergency`);
    await panel.getByText('有効なカードがあります').waitFor();
    cm.once('dialog', (d) => d.accept());
    await panel.getByRole('button', { name: 'カードを無効にする' }).click();
    await panel.getByRole('button', { name: 'カードを発行する' }).waitFor();
    assert.equal(await panel.getByTestId('emergency-card').count(), 0);
    await cm.goto(`${server.base}${personPath}/emergency/card`);
    await cm.getByText('有効なカードがありません。救急タブでカードを発行してください。').waitFor();

    await crew.goto(newUrl);
    await crew.getByRole('alert').filter({ hasText: REVOKED }).waitFor();
    assert.equal(await crew.getByRole('region', { name: '情報を開く' }).count(), 0, 'nothing to open with the revoked card');
    await crew.goto(oldUrl);
    await crew.getByRole('alert').filter({ hasText: REVOKED }).waitFor();

    // The team sees that the crew opened the record through the (then valid) card.
    await cm.goto(`${server.base}${personPath}/emergency`);
    const access = cm.getByRole('region', { name: '救急隊による閲覧' }).getByRole('listitem').filter({ hasText: `事案番号 ${INCIDENT}` });
    await access.getByText('QRカードから').waitFor();
  });
});
