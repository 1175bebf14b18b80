// The care network's acceptance sketch (spec 02): a care manager registers a person with
// consent and invites a doctor and a visiting nurse; the nurse posts vitals with a photo; the
// doctor, whose page is already open, sees the post arrive without reloading and reads it (the
// nurse then sees 既読 1/2: one of the two members other than her), and replies; someone outside
// the team is refused every URL of the person, and the municipality's admin finds those refusals
// in the audit log; the printable summary shows the profile and the period's posts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { field, signInFirstTime } from '../lib/ui.mjs';
import {
  acceptTeamInvitation,
  fetchBytes,
  hasExif,
  inviteToTeam,
  jpegSize,
  personTab,
  photoWithGps,
  requestAll,
  sessionUser,
  tokyoDay,
  withPages,
} from '../lib/care.mjs';

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

// Other flows and the demo seed may hold persons too: this one's name is unique to the run.
const PERSON = `青木 トメ ${randomBytes(3).toString('hex')}`;
const KANA = 'アオキ トメ';
const ADDRESS = '群青市本町3-10 みどり荘2号';
const POST_BODY = '訪問時、右足首にむくみと発赤あり。写真を添付します。血圧やや高め、本人は痛みなしとのこと。';
const REPLY_BODY = '拝見しました。次回の往診で確認します。それまで足を高くして休むよう伝えてください。';
const PHOTO = '右足の写真.jpg';

/// 2026-11-22 → 2026年11月22日, as the summary writes a day.
const jaDay = (iso) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

test('care team shares a person: live post with vitals and photo, 既読, reply, refusals audited, printable summary', async (t) => {
  await withPages(browser, t.name, ['cm', 'doctor', 'nurse', 'outsider', 'admin'], async ({ cm, doctor, nurse, outsider, admin }) => {
    // ---- the care manager registers the person with the team-sharing consent ----------------
    await signInFirstTime(cm, server.base, 'cm.sato', '佐藤 花子');
    await cm.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '利用者', exact: true }).click();
    await cm.getByRole('link', { name: '利用者を登録' }).click();
    await cm.getByRole('heading', { level: 1, name: '利用者の登録' }).waitFor();
    await field(cm, '氏名').fill(PERSON);
    await field(cm, '氏名(カナ)').fill(KANA);
    await field(cm, '性別').selectOption({ label: '女性' });
    await field(cm, '生年月日').fill('昭和11年4月1日');
    await cm.getByText('読み取り結果: 昭和11年4月1日 (1936-04-01)', { exact: false }).waitFor();
    await field(cm, '電話番号').fill('0561-00-9876');
    await field(cm, '住所').fill(ADDRESS);
    await cm.getByRole('group', { name: '区分' }).getByLabel('高齢者').check();
    assert.equal(await field(cm, 'あなたのチームでの役割').inputValue(), 'care_manager');
    // The consent is recorded with the registration: team sharing (checked by default) and
    // emergency sharing, obtained today in writing from the person.
    assert.equal(await cm.getByLabel('チームでの共有').isChecked(), true);
    await cm.getByLabel('救急時の共有').check();
    assert.equal(await field(cm, '同意を得た日').inputValue(), tokyoDay());
    await cm.getByRole('button', { name: '登録する' }).click();
    await cm.getByRole('heading', { level: 1, name: new RegExp(`^${PERSON}`) }).waitFor();
    const personId = new URL(cm.url()).pathname.split('/')[2];
    assert.match(personId, /^[0-9a-f-]{36}$/, `a person id in ${cm.url()}`);
    await cm.getByText('チームでの共有: 同意あり').waitFor();
    await cm.getByText('あなたの役割: ケアマネジャー').waitFor();

    // A part of the care profile, so that the summary has more than the identity to show.
    await personTab(cm, 'プロフィール');
    const careLevel = cm.getByRole('region', { name: '介護認定' });
    await careLevel.getByRole('button', { name: /^編集\s*:\s*介護認定$/ }).click();
    await field(careLevel, '介護度').selectOption({ label: '要介護2' });
    await field(careLevel, '有効期間(開始)').fill('2026-04-01');
    await field(careLevel, '有効期間(終了)').fill('2027-03-31');
    await careLevel.getByRole('button', { name: '保存する' }).click();
    await careLevel.getByText('最終更新: 佐藤 花子 さん').waitFor();
    await cm.getByText('介護度: 要介護2').waitFor();

    // ---- the doctor and the visiting nurse are invited and accept -----------------------------
    await personTab(cm, 'チーム');
    await inviteToTeam(cm, '山本', '山本 一郎', '主治医');
    await inviteToTeam(cm, '伊藤', '伊藤 彩', '訪問看護');
    const pending = cm.getByRole('region', { name: '招待中・過去のメンバー' });
    assert.equal(await pending.getByText('招待中', { exact: true }).count(), 2);

    // Two people at their own desks: they sign in and accept at the same time.
    await Promise.all([
      signInFirstTime(doctor, server.base, 'dr.yamamoto', '山本 一郎').then(() => acceptTeamInvitation(doctor, PERSON)),
      signInFirstTime(nurse, server.base, 'ns.ito', '伊藤 彩').then(() => acceptTeamInvitation(nurse, PERSON)),
    ]);
    await nurse.getByText('あなたの役割: 訪問看護').waitFor();

    // The doctor's timeline is open (and empty) before anything is posted; a flag in the
    // document shows later that the post came in without a reload.
    await doctor.getByText('あなたの役割: 主治医').waitFor();
    await doctor.getByText('まだ投稿はありません。').waitFor();
    await doctor.evaluate(() => { window.__sameDocument = true; });

    // ---- the nurse posts vitals with a photo -----------------------------------------------
    const photo = await photoWithGps(nurse);
    assert.ok(hasExif(photo), 'the photo as taken carries its GPS position');
    const composer = nurse.getByRole('region', { name: '投稿する' });
    await field(composer, '分類').selectOption({ label: '日常生活の様子' });
    await field(composer, '本文').fill(POST_BODY);
    await composer.getByLabel('写真・PDFを添付').setInputFiles({ name: PHOTO, mimeType: 'image/jpeg', buffer: photo });
    const preview = composer.getByRole('img', { name: `${PHOTO} の縮小画像` });
    await preview.waitFor();
    await nurse.waitForFunction((img) => img.complete && img.naturalWidth > 0, await preview.elementHandle());
    await composer.getByText('バイタルを一緒に記録する').click();
    await field(composer, '最高血圧(mmHg)').fill('148');
    await field(composer, '最低血圧(mmHg)').fill('86');
    await field(composer, '脈拍(回/分)').fill('78');
    await field(composer, '体温(℃)').fill('36.9');
    await field(composer, 'SpO2(%)').fill('96');
    const nursePost = nurse.getByRole('article').filter({ hasText: POST_BODY });
    const doctorPost = doctor.getByRole('article').filter({ hasText: POST_BODY });
    const sent = Date.now();
    await composer.getByRole('button', { name: '投稿する', exact: true }).click();
    const [arrived] = await Promise.all([doctorPost.waitFor().then(() => Date.now()), nursePost.waitFor()]);
    t.diagnostic(`the post reached the doctor's open page ${arrived - sent} ms after the nurse sent it`);
    assert.equal(await field(composer, '本文').inputValue(), '', 'the composer is emptied after posting');
    await nursePost.getByRole('button', { name: '既読 0/2' }).waitFor();

    // ---- the doctor sees it live and reads it ----------------------------------------------
    await doctor.getByRole('status').filter({ hasText: '新しい投稿があります' }).waitFor();
    assert.equal(await doctor.evaluate(() => window.__sameDocument), true, 'the post arrived without a reload');
    await doctorPost.getByText('血圧 148/86 mmHg').waitFor();
    await doctorPost.getByText('SpO2 96 %').waitFor();
    await doctorPost.getByRole('img', { name: `${PHOTO} の縮小画像` }).waitFor();
    // Shown on screen = read: the doctor's count now includes him.
    await doctorPost.getByRole('button', { name: '既読 1/2' }).waitFor();

    // The nurse (the author) sees that one of the two other members has read it, and who.
    await nurse.reload();
    await nursePost.getByRole('button', { name: '既読 1/2' }).click();
    const readers = nursePost.getByRole('region', { name: '既読の状況' });
    await readers.getByRole('heading', { name: '読んだ人(1人)' }).waitFor();
    assert.match(await readers.getByRole('listitem').first().textContent(), /^山本 一郎/);
    await readers.getByRole('heading', { name: 'まだ読んでいない人(1人)' }).waitFor();
    assert.equal((await readers.getByRole('listitem').nth(1).textContent()).trim(), '佐藤 花子');
    await readers.getByRole('button', { name: '閉じる' }).click();
    await nurse.evaluate(() => { window.__sameDocument = true; });

    // ---- the doctor replies; the nurse's open timeline shows it without a reload ----------
    await doctorPost.getByRole('link', { name: '返信する' }).click();
    await doctor.getByRole('heading', { name: '返信(0件)' }).waitFor();
    await field(doctor, '返信').fill(REPLY_BODY);
    await doctor.getByRole('button', { name: '返信する', exact: true }).click();
    await doctor.getByRole('heading', { name: '返信(1件)' }).waitFor();
    await doctor.getByRole('article').filter({ hasText: REPLY_BODY }).waitFor();

    const repliesLink = nursePost.getByRole('link', { name: '返信 1 件' });
    await repliesLink.waitFor();
    assert.equal(await nurse.evaluate(() => window.__sameDocument), true, 'the reply count came in without a reload');
    // The refreshed post carries the server's count: the author's own view did not count her.
    await nursePost.getByRole('button', { name: '既読 1/2' }).waitFor();
    const postId = (await repliesLink.getAttribute('href')).split('/').pop();

    // ---- the photo as served: no EXIF, a thumbnail of 320 px -----------------------------
    const attachmentHref = await nursePost.getByRole('link', { name: new RegExp(PHOTO) }).getAttribute('href');
    assert.match(attachmentHref, new RegExp(`^/api/v1/persons/${personId}/attachments/[0-9a-f-]{36}$`));
    const attachmentId = attachmentHref.split('/').pop();
    const full = await fetchBytes(nurse, attachmentHref);
    const thumb = await fetchBytes(nurse, `${attachmentHref}/thumbnail`);
    for (const [what, got] of [['image', full], ['thumbnail', thumb]]) {
      assert.equal(got.status, 200, what);
      assert.equal(got.type, 'image/jpeg', what);
      assert.equal(hasExif(got.bytes), false, `the ${what} has no EXIF (no GPS position)`);
    }
    assert.deepEqual(jpegSize(full.bytes), { width: 800, height: 600 });
    assert.deepEqual(jpegSize(thumb.bytes), { width: 320, height: 240 });

    // ---- someone outside the team: 403 on every URL of the person ------------------------
    // The municipality's admin signs in meanwhile, for the audit log below.
    const adminReady = signInFirstTime(admin, server.base, 'city.tanaka', '田中 美穂');
    adminReady.catch(() => {}); // awaited below; a failure must not surface as unhandled first
    await signInFirstTime(outsider, server.base, 'dh.shimizu', '清水 愛');
    const outsiderUser = await sessionUser(outsider);
    const nurseUser = await sessionUser(nurse);
    const thread = await cm.evaluate(async (p) => (await fetch(p)).json(), `/api/v1/persons/${personId}/timeline/${postId}`);
    const replyId = thread.replies[0].id;
    const consents = await cm.evaluate(async (p) => (await fetch(p)).json(), `/api/v1/persons/${personId}/consents`);
    const consentId = consents.items[0].id;
    const p = `/api/v1/persons/${personId}`;
    const parts = ['care_level', 'disability', 'key_persons', 'providers', 'medical', 'prescriptions', 'devices', 'living'];
    const requests = [
      { method: 'GET', path: p },
      { method: 'PUT', path: p, json: { name: '書き換え', base_version: 1 } },
      ...parts.map((part) => ({ method: 'GET', path: `${p}/profile/${part}` })),
      { method: 'GET', path: `${p}/profile/care_level/versions` },
      { method: 'GET', path: `${p}/profile/identity/versions` },
      { method: 'PUT', path: `${p}/profile/care_level`, json: { data: { level: 'care_5' }, base_version: 1 } },
      { method: 'GET', path: `${p}/status` },
      { method: 'POST', path: `${p}/status`, json: { status: 'died', since: tokyoDay() } },
      { method: 'GET', path: `${p}/consents` },
      { method: 'POST', path: `${p}/consents`, json: { scopes: { team: true }, obtained_on: tokyoDay(), given_by: 'self', method: 'verbal' } },
      { method: 'POST', path: `${p}/consents/${consentId}/withdraw`, json: { withdrawn_on: tokyoDay(), reason: 'x' } },
      { method: 'PUT', path: `${p}/consents/${consentId}/scan`, json: { attachment_id: attachmentId } },
      { method: 'GET', path: `${p}/team` },
      { method: 'POST', path: `${p}/team/invitations`, json: { user_id: outsiderUser.id, team_role: 'dental_hygienist' } },
      { method: 'PUT', path: `${p}/team/members/${nurseUser.id}`, json: { team_role: 'other' } },
      { method: 'DELETE', path: `${p}/team/members/${nurseUser.id}` },
      { method: 'POST', path: `${p}/team/leave` },
      { method: 'GET', path: `${p}/timeline` },
      { method: 'POST', path: `${p}/timeline`, json: { category: 'contact', body: '部外者の投稿' } },
      { method: 'POST', path: `${p}/timeline/read`, json: { post_ids: [postId] } },
      { method: 'GET', path: `${p}/timeline/${postId}` },
      { method: 'PUT', path: `${p}/timeline/${postId}`, json: { body: '改ざん', category: 'contact', important: false, base_version: 1 } },
      { method: 'GET', path: `${p}/timeline/${postId}/versions` },
      { method: 'GET', path: `${p}/timeline/${postId}/reads` },
      { method: 'POST', path: `${p}/timeline/${postId}/ack` },
      { method: 'POST', path: `${p}/timeline/${postId}/delete`, json: { reason: 'x' } },
      { method: 'POST', path: `${p}/timeline/${postId}/replies`, json: { body: '部外者の返信' } },
      { method: 'GET', path: `${p}/timeline/${replyId}` },
      { method: 'GET', path: `${p}/vitals` },
      { method: 'POST', path: `${p}/vitals`, json: { measured_at: Date.now(), pulse: 70 } },
      { method: 'POST', path: `${p}/attachments`, bytes: [...photo] },
      { method: 'GET', path: `${p}/attachments/${attachmentId}` },
      { method: 'GET', path: `${p}/attachments/${attachmentId}/thumbnail` },
    ];
    const answers = await requestAll(outsider, requests);
    const notRefused = answers.filter((a) => a.status !== 403).map((a) => `${a.method} ${a.path} → ${a.status} ${a.body.slice(0, 200)}`);
    assert.deepEqual(notRefused, [], 'every URL of the person is refused to someone outside the team');
    for (const a of answers) {
      assert.ok(!a.body.includes(PERSON) && !a.body.includes(POST_BODY), `${a.method} ${a.path} leaks nothing`);
    }
    // Nor does the refusal tell that the person exists: an unknown id gets the same answer.
    const unknownId = `${personId.slice(0, 24)}${'0'.repeat(12)}`;
    const [unknown] = await requestAll(outsider, [{ method: 'GET', path: `/api/v1/persons/${unknownId}` }]);
    const refusal = (a) => ({ status: a.status, code: JSON.parse(a.body).error.code, message: JSON.parse(a.body).error.message });
    assert.equal(refusal(answers[0]).code, 'forbidden');
    assert.deepEqual(refusal(unknown), refusal(answers[0]));
    // The screens say so too, for the person's page and for the printable summary.
    for (const path of [`/persons/${personId}`, `/persons/${personId}/print?from=${tokyoDay()}&to=${tokyoDay()}`]) {
      await outsider.goto(`${server.base}${path}`);
      await outsider.getByRole('alert').filter({ hasText: 'この利用者の情報を見る権限がありません。' }).waitFor();
      assert.equal(await outsider.getByText(PERSON).count(), 0, `${path} shows nothing of the person`);
    }

    // ---- the municipality's admin finds the refusals in the audit log --------------------
    await adminReady;
    await admin.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '管理', exact: true }).click();
    await admin.getByRole('region', { name: '管理している自治体' }).getByRole('link', { name: /群青市/ }).click();
    await admin.getByRole('navigation', { name: '自治体の管理メニュー' }).getByRole('link', { name: 'アクセスログ' }).click();
    await field(admin, '対象者ID').fill(personId);
    // Audit entries are written in the background: search again until they are all there
    // (each answer waited for and drawn before the rows are counted, every page of it shown).
    const rows = admin.locator('table tbody tr');
    const refusals = rows.filter({ hasText: '拒否' }).filter({ hasText: outsiderUser.id });
    const drawn = (n) => admin.waitForFunction((k) => document.querySelectorAll('table tbody tr').length === k, n);
    const answered = () => admin.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/audit'));
    for (let i = 0; ; i++) {
      let [res] = await Promise.all([answered(), admin.getByRole('button', { name: '検索', exact: true }).click()]);
      let page = await res.json();
      let shown = page.items.length;
      await drawn(shown);
      while (page.next_cursor) {
        [res] = await Promise.all([answered(), admin.getByRole('button', { name: 'さらに表示' }).click()]);
        page = await res.json();
        shown += page.items.length;
        await drawn(shown);
      }
      if ((await refusals.count()) >= requests.length || i === 20) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    t.diagnostic(`${requests.length} requests refused; ${await refusals.count()} refusals by the outsider in the audit log`);
    assert.ok((await refusals.count()) >= requests.length,
      `each of the ${requests.length} refusals is in the audit log (found ${await refusals.count()})`);
    const cells = (await refusals.first().locator('td').allTextContents()).map((c) => c.trim());
    assert.equal(cells[5], personId, 'the refusal names the person');

    // ---- the printable summary of today: the profile and the posts -------------------------
    await cm.getByRole('button', { name: '印刷', exact: true }).click();
    const dialog = cm.getByRole('dialog', { name: '印刷用の要約を作る' });
    await field(dialog, '期間(開始日)').fill(tokyoDay());
    await field(dialog, '期間(終了日)').fill(tokyoDay());
    await dialog.getByRole('button', { name: '要約を表示する' }).click();
    // The person page has the same heading: wait for the print page's address first.
    await cm.waitForURL((url) => url.pathname === `/persons/${personId}/print`);
    const sheet = cm.getByRole('main');
    await sheet.getByRole('heading', { level: 1, name: new RegExp(`^${PERSON}`) }).waitFor();
    // Enabled once the sheet's photos have loaded: wait for it rather than read it once.
    await cm.getByRole('button', { name: '印刷する', disabled: false }).waitFor();
    await sheet.getByText(`期間: ${jaDay(tokyoDay())}〜${jaDay(tokyoDay())}(1日間)`).waitFor();
    const identity = await sheet.locator('dl').first().evaluate((dl) => {
      const out = {};
      for (const dt of dl.querySelectorAll('dt')) out[dt.textContent.trim()] = dt.nextElementSibling.textContent.trim();
      return out;
    });
    assert.equal(identity['氏名'], PERSON);
    assert.match(identity['氏名(カナ)'], /^アオキ\s+トメ$/); // stored in full width
    assert.equal(identity['性別'], '女性');
    assert.match(identity['生年月日'], /昭和11年4月1日/);
    assert.equal(identity['電話番号'], '0561-00-9876');
    assert.equal(identity['住所'], ADDRESS);
    assert.equal(identity['区分'], '高齢者');
    await sheet.getByText('要介護2').waitFor();
    // Nothing the outsider tried took effect: still at home, the consent in force, three
    // members, one post (with its one reply).
    await sheet.getByRole('definition').filter({ hasText: /^在宅/ }).waitFor();
    await sheet.getByText('チームでの共有: 同意あり').waitFor();
    await sheet.getByText('救急時の共有: 同意あり').waitFor();
    await sheet.getByRole('heading', { name: '支援チーム(3人)' }).waitFor();
    for (const line of ['ケアマネジャー: 佐藤 花子', '主治医: 山本 一郎', '訪問看護: 伊藤 彩']) {
      await sheet.getByText(line, { exact: false }).waitFor();
    }
    const printed = sheet.getByRole('region', { name: 'タイムライン(1件・古い順)' });
    await printed.getByText(POST_BODY).waitFor();
    await printed.getByText(REPLY_BODY).waitFor();
    await printed.getByText('血圧 148/86 mmHg').waitFor();
    await printed.getByRole('img', { name: `${PHOTO} の縮小画像` }).waitFor();
    await printed.getByText('既読 1/2').first().waitFor();
    await sheet.getByRole('heading', { name: /^バイタル\(1件/ }).waitFor();

    // Another period holds none of today's posts.
    await cm.getByRole('button', { name: '期間・内容を変える' }).click();
    const again = cm.getByRole('dialog', { name: '印刷用の要約を作る' });
    await field(again, '期間(開始日)').fill(tokyoDay(-7));
    await field(again, '期間(終了日)').fill(tokyoDay(-1));
    await again.getByRole('button', { name: '要約を表示する' }).click();
    await sheet.getByText(`期間: ${jaDay(tokyoDay(-7))}〜${jaDay(tokyoDay(-1))}(7日間)`).waitFor();
    await sheet.getByText('この期間の投稿はありません。').waitFor();
    assert.equal(await sheet.getByText(POST_BODY).count(), 0);
  });
});
