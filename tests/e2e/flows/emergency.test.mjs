// The emergency flow of spec 08 on the demo region: the care manager sets the photo of a person
// who lives alone (前田 勇, who consented to emergency sharing and recorded his wishes) and
// issues his QR card; a crew member scans it signed out, is sent through the sign-in and back,
// states the incident number and reason, reads the summary with the person's wish on
// resuscitation first and his photo, and records a hospital without accounts; the hospital opens the one-time link in another browser,
// is refused a wrong PIN, enters the right one (after which any other browser is told the link is used)
// and reports the admission; the care manager sees the crew's and the hospital's posts on the
// timeline and the notices in her feed. Then the crew looks for a person who gave no emergency
// consent (石川 フミ) and is shown nothing of her.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startServer } from '../lib/server.mjs';
import { launch, withPage } from '../lib/browser.mjs';
import { field, signInFirstTime } from '../lib/ui.mjs';
import { withPages } from '../lib/care.mjs';
import { imageLoaded, scenePhoto } from '../lib/emergency_accounts.mjs';
import {
  cardUrl,
  choosePersonPhoto,
  enterPin,
  handoverSecret,
  openEmergencyTab,
  otherPin,
  resuscitationWish,
  signInOnTheWayTo,
  summarySections,
} from '../lib/emergency.mjs';

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

const PERSON = '前田 勇';
const HOSPITAL = 'みなみ記念病院';
const REPORTER = '山田 直美(救急外来 看護師)';
const INCIDENT = `2026-E${randomBytes(2).toString('hex').toUpperCase()}`;
const REASON = '自宅で倒れているところを弟が発見し通報。呼びかけに反応が鈍い。';

// The crew member's signed-in browser, kept for the second test (the same phone): a second
// sign-in would have to wait for a TOTP step not used by the enrolment.
let crewState = null;

test('crew opens a QR card after sign-in, hands over by one-time link and PIN, hospital reports back, team is told', async (t) => {
  await withPages(browser, t.name, ['cm', 'crew', 'hospital', 'otherDesk'], async ({ cm, crew, hospital, otherDesk }) => {
    // ---- the care manager issues the person's card and opens the printable card page -------
    await signInFirstTime(cm, server.base, 'cm.sato', '佐藤 花子');
    await cm.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '利用者', exact: true }).click();
    await cm.getByRole('link', { name: PERSON, exact: true }).click();
    await cm.getByRole('heading', { level: 1, name: new RegExp(`^${PERSON}`) }).waitFor();
    const personPath = new URL(cm.url()).pathname;
    // His face, so that the crew can tell him from whoever else is in the house.
    await choosePersonPhoto(cm, PERSON, await scenePhoto(cm));
    await openEmergencyTab(cm);
    const cardPanel = cm.getByRole('region', { name: '救急情報カード(QRコード)' });
    await cardPanel.getByText('有効なカードはありません(未発行か、取り消し済みです)。').waitFor();
    await cardPanel.getByRole('button', { name: 'カードを発行する' }).click();
    await cardPanel.getByText('有効なカードがあります').waitFor();
    await cardPanel.getByRole('img', { name: '救急情報カードのQRコード' }).waitFor();
    await cardPanel.getByRole('link', { name: 'カードを印刷' }).click();
    await cm.getByRole('heading', { level: 1, name: '救急情報カードの印刷' }).waitFor();
    const url = await cardUrl(cm);
    assert.equal(new URL(url).origin, server.base, 'the card points at this server');
    const printed = await cm.getByRole('article', { name: '自宅用カード(はがき大)' }).textContent();
    assert.ok(printed.includes(PERSON), 'the name is printed beside the code, not in it');

    // ---- the crew scans it: sign-in first, then back to the card -------------------------------
    await signInOnTheWayTo(crew, url, 'ems.kobayashi');
    crewState = await crew.context().storageState();
    await crew.getByRole('heading', { level: 1, name: '救急情報カード' }).waitFor();
    const open = crew.getByRole('region', { name: '情報を開く' });
    assert.ok(!(await crew.locator('main').textContent()).includes(PERSON), 'the card names nobody before the record is opened');
    await field(open, '事案番号').fill(INCIDENT);
    await field(open, '理由').fill(REASON);
    await open.getByRole('button', { name: '記録して情報を開く' }).click();
    await crew.getByRole('heading', { level: 1, name: PERSON }).waitFor();
    assert.match(new URL(crew.url()).pathname, /^\/ems\/accesses\/[0-9a-f-]{36}$/);
    await crew.getByText(`事案番号 ${INCIDENT}`).first().waitFor();

    // The person's wishes come first and the resuscitation wish is the largest line in them.
    const sections = await summarySections(crew);
    assert.equal(sections[0].trim(), '人生会議(ACP)・本人の意思', `the ACP is first: ${sections.join(' / ')}`);
    assert.equal(sections[1].trim(), '本人');
    const wish = await resuscitationWish(crew);
    assert.deepEqual([wish.label, wish.wish], ['心肺蘇生', '希望する']);
    assert.ok(wish.scale >= 1.5, `the wish is set large (${wish.scale.toFixed(2)}× the body text)`);
    assert.match(await wish.acp.textContent(), /記録: 佐藤 花子/, 'with who signed it off');
    const personSection = crew.getByRole('region', { name: '本人', exact: true });
    assert.ok((await personSection.textContent()).includes(PERSON));
    // The photo the care manager chose, read through the crew's access.
    const face = personSection.locator('img.em-person__photo');
    assert.equal(await face.getAttribute('alt'), `${PERSON} さんの写真`);
    assert.ok(await imageLoaded(face), "the person's photo loads on the crew's summary");
    await crew.getByText('パーキンソン病', { exact: true }).first().waitFor();

    // ---- the destination: a hospital without accounts -----------------------------------------
    const destination = crew.getByRole('region', { name: '搬送先' });
    await destination.getByLabel('名簿にない病院(名前を入力)').check();
    await field(destination, '病院名').fill(HOSPITAL);
    await destination.getByRole('button', { name: '搬送先を記録する' }).click();
    const secret = await handoverSecret(crew, HOSPITAL);
    assert.equal(new URL(secret.link).origin, server.base);
    await destination.getByText(HOSPITAL, { exact: true }).waitFor();

    // ---- the hospital opens the link in its own browser: a wrong PIN, then the right one -------
    await hospital.goto(secret.link);
    await hospital.getByRole('heading', { name: 'PINを入力してください' }).waitFor();
    assert.ok(!(await hospital.locator('main').textContent()).includes(PERSON), 'nothing is shown before the PIN');
    await enterPin(hospital, otherPin(secret.pin));
    await hospital.getByText('PINが違います。あと 4 回間違えるとこのリンクは使えなくなります。').waitFor();
    assert.ok(!(await hospital.locator('main').textContent()).includes(PERSON));
    await enterPin(hospital, secret.pin);
    await hospital.getByRole('heading', { level: 1, name: PERSON }).waitFor();
    assert.equal((await summarySections(hospital))[0].trim(), '人生会議(ACP)・本人の意思');
    assert.equal((await resuscitationWish(hospital)).wish, '希望する');
    await hospital.getByText(`事案番号 ${INCIDENT}`).first().waitFor();

    // The link is used up: another desk is told so at once, without being asked for the PIN.
    await otherDesk.goto(secret.link);
    await otherDesk.getByRole('alert').filter({ hasText: 'このリンクは別の端末で使用済みです' }).waitFor();
    assert.equal(await otherDesk.getByRole('button', { name: '表示する', exact: true }).count(), 0);
    assert.ok(!(await otherDesk.locator('main').textContent()).includes(PERSON));

    const outcome = hospital.getByRole('region', { name: '病院からの報告(転帰)' });
    await outcome.getByLabel('入院', { exact: true }).check();
    await field(outcome, '備考').fill('脳神経内科病棟に入院。');
    await field(outcome, '報告する人の氏名').fill(REPORTER);
    await outcome.getByRole('button', { name: '報告する', exact: true }).click();
    await outcome.getByRole('button', { name: '報告を訂正する' }).waitFor();

    // The crew puts the PIN away (it cannot be shown again) and sees where the patient went.
    crew.once('dialog', (d) => d.accept());
    await secret.panel.getByRole('button', { name: '伝え終わったので閉じる' }).click();
    await secret.panel.waitFor({ state: 'detached' });
    const crewOutcome = crew.getByRole('region', { name: '病院からの報告(転帰)' });
    await crewOutcome.getByRole('button', { name: '最新の状態にする' }).click();
    await crewOutcome.getByText('入院', { exact: true }).waitFor();

    // ---- the care manager: the posts on the timeline, the notices in the feed -----------------
    await cm.goto(`${server.base}${personPath}`);
    await cm.getByRole('heading', { level: 1, name: new RegExp(`^${PERSON}`) }).waitFor();
    const posts = cm.getByRole('article');
    await posts.filter({ hasText: `救急隊(群青市消防本部)が救急情報を開きました。事案番号: ${INCIDENT}` }).waitFor();
    await posts.filter({ hasText: `救急搬送先: ${HOSPITAL}(事案番号: ${INCIDENT})` }).waitFor();
    await posts
      .filter({ hasText: `搬送先(${HOSPITAL})からの報告: 入院(事案番号: ${INCIDENT}、報告: ${REPORTER}、一回限りのリンクから)` })
      .filter({ hasText: '脳神経内科病棟に入院。' })
      .waitFor();

    await cm.goto(`${server.base}/`);
    const feed = cm.getByRole('region', { name: /^お知らせ/ });
    for (const title of ['救急隊が救急情報を開きました', '救急搬送先が記録されました', '搬送先の病院から報告がありました']) {
      await feed.getByRole('link', { name: title }).first().waitFor();
    }
    // A notice leads to the person's emergency tab, where the access is listed with its outcome.
    await feed.getByRole('link', { name: '搬送先の病院から報告がありました' }).first().click();
    await cm.getByRole('heading', { level: 1, name: new RegExp(`^${PERSON}`) }).waitFor();
    const accesses = cm.getByRole('region', { name: '救急隊による閲覧' });
    const access = accesses.getByRole('listitem').filter({ hasText: `事案番号 ${INCIDENT}` });
    await access.getByText(`搬送先: ${HOSPITAL}`).waitFor();
    await access.getByText('病院からの報告: 入院').waitFor();
    assert.match(await access.textContent(), /小林 大輔\(群青市消防本部\)/);
    assert.match(await access.textContent(), /QRカードから/);
  });
});

test('crew looking for a person without emergency consent is shown nothing of her', async (t) => {
  await withPage(browser, t.name, crewState ? { storageState: crewState } : {}, async (crew) => {
    if (crewState) await crew.goto(`${server.base}/ems`);
    else await signInOnTheWayTo(crew, `${server.base}/ems`, 'ems.kobayashi');
    await crew.getByRole('heading', { level: 1, name: '救急隊' }).waitFor();
    const search = crew.getByRole('region', { name: '要救護者を探す' });
    await field(search, '氏名(カナ)').fill('イシカワ');
    // 石川 フミ of the demo is 89 this year and was born on 8 February.
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Tokyo', year: 'numeric' }).format(new Date()));
    await field(search, '生年月日').fill(`${year - 89}-02-08`);
    await search.getByRole('button', { name: '検索する' }).click();
    const results = crew.getByRole('region', { name: '検索結果(0人)' });
    await results.getByText('ほかに 1 人が条件に合いましたが、救急時の共有に同意していないため、何も表示できません。').waitFor();
    await results.getByText('表示できる方は見つかりませんでした。').waitFor();
    const shown = await crew.locator('main').textContent();
    for (const personal of ['石川', 'フミ', '翠町中央', '0561-00-4101']) {
      assert.ok(!shown.includes(personal), `nothing personal on the screen: ${personal}`);
    }
    assert.equal(await results.getByRole('button', { name: /の情報を開く$/ }).count(), 0, 'nothing to open');
  });
});
