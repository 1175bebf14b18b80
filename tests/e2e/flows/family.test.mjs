// The family keeps the emergency kit and whom to call current (spec 08: "entered by the care
// team, the person or the family"): the care manager of 佐藤 清 (whose consent includes sharing
// with the family) invites his daughter from the チーム tab; she opens the one-time link in her
// own browser, creates a family account, signs in with her password alone, changes where the kit
// is kept and adds a phone number to her own key-person entry. The care manager sees both on the
// 救急 tab, attributed to her; then revokes her access, and her next page load says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { field, signInFirstTime } from '../lib/ui.mjs';
import { personTab, requestAll, withPages } from '../lib/care.mjs';
import { openEmergencyTab } from '../lib/emergency.mjs';
import { acceptFamilyInvitation, editFamilyCard, familyPanel, familyStatus, inviteFamily, signInFamily } from '../lib/family.mjs';

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
const LOGIN = 'mari.aobadai';
// A family account has no second factor, so its password needs 13 characters or more.
const PASSWORD = 'Hinata-Kazoku-7731';
const KIT_LOCATION = '台所の冷蔵庫のドアポケット(白い筒)';
const NEW_PHONE = '080-1234-5678';

test('care manager invites the daughter, who updates the kit and her phone; the team sees it as hers; revoking ends her access', async (t) => {
  await withPages(browser, t.name, ['cm', 'daughter'], async ({ cm, daughter }) => {
    cm.on('dialog', (d) => void d.accept());

    // ---- the care manager invites the daughter from the チーム tab ----------------------------
    await signInFirstTime(cm, server.base, 'cm.sato', '佐藤 花子');
    await cm.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '利用者', exact: true }).click();
    await cm.getByRole('link', { name: PERSON, exact: true }).click();
    await cm.getByRole('heading', { level: 1, name: new RegExp(`^${PERSON}`) }).waitFor();
    const personId = new URL(cm.url()).pathname.split('/')[2];
    await personTab(cm, 'チーム');
    await familyPanel(cm).getByText('招待したご家族はいません。').waitFor();
    const link = await inviteFamily(cm, { name: DAUGHTER, relation: '長女', kana: 'サトウ マリ' });
    const url = new URL(link);
    assert.equal(url.origin, server.base);
    assert.equal(url.pathname, '/invite');
    assert.match(url.hash, /^#token=[A-Za-z0-9_-]{20,}$/, 'only a token, in the fragment');
    assert.equal(await familyStatus(cm, DAUGHTER), '招待中');
    await familyPanel(cm).getByText('佐藤 花子 さんが招待').waitFor();

    // ---- the daughter, in her own browser, creates the family account and signs in ------------
    await acceptFamilyInvitation(daughter, link, { loginId: LOGIN, name: DAUGHTER, kana: 'サトウ マリ', password: PASSWORD });
    await signInFamily(daughter, server.base, LOGIN, PASSWORD, DAUGHTER);
    const nav = daughter.getByRole('navigation', { name: 'メインメニュー' });
    for (const staffOnly of ['利用者', '名簿', '管理']) {
      assert.equal(await nav.getByRole('link', { name: staffOnly, exact: true }).count(), 0, `no ${staffOnly} link for a family account`);
    }
    const persons = daughter.getByRole('list', { name: '見られる方' });
    await persons.getByText('あなた: 長女').waitFor();
    assert.equal(await persons.getByRole('listitem').count(), 1);
    await persons.getByRole('link', { name: PERSON, exact: true }).click();
    await daughter.getByRole('heading', { level: 1, name: new RegExp(`^${PERSON} さんの救急情報`) }).waitFor();
    assert.equal(new URL(daughter.url()).pathname, `/family/persons/${personId}`);
    // The summary as the crews see it, with the team's entries (a key person already recorded).
    await daughter.getByRole('region', { name: '救急医療情報キット', exact: true }).waitFor();
    await daughter.getByRole('region', { name: 'キーパーソン・緊急連絡先(連絡する順)' }).getByText('090-0000-5821').waitFor();

    // The kit's place.
    const kit = await editFamilyCard(daughter, '救急医療情報(キット)');
    await field(kit, '救急医療情報キットの置き場所').fill(KIT_LOCATION);
    await kit.getByRole('button', { name: '保存する' }).click();
    await kit.getByText(`最終更新: ${DAUGHTER} さん`).waitFor();
    await kit.getByText(KIT_LOCATION).waitFor();
    // The family has no versions route: the card does not offer one.
    assert.equal(await kit.getByRole('button', { name: /^変更履歴/ }).count(), 0);

    // Her new mobile number, added to her own entry (the first in call order).
    const keyPersons = await editFamilyCard(daughter, 'キーパーソン・緊急連絡先');
    const mine = keyPersons.getByRole('group', { name: 'キーパーソン 1', exact: true });
    assert.equal(await field(mine, '氏名').inputValue(), DAUGHTER);
    await mine.getByRole('button', { name: '電話番号を追加' }).click();
    await mine.getByLabel('電話番号 3', { exact: true }).fill(NEW_PHONE);
    await keyPersons.getByRole('button', { name: '保存する' }).click();
    await keyPersons.getByText(`最終更新: ${DAUGHTER} さん`).waitFor();
    // The summary on her page follows at once.
    await daughter.getByRole('region', { name: '救急医療情報キット', exact: true }).getByText(KIT_LOCATION).waitFor();
    await daughter.getByRole('region', { name: 'キーパーソン・緊急連絡先(連絡する順)' }).getByText(NEW_PHONE).waitFor();

    // Nothing of the team's record opens for her: the staff pages send her back to her page,
    // and the team's routes refuse her.
    await daughter.goto(`${server.base}/persons/${personId}`);
    await daughter.waitForURL((u) => u.pathname === '/family');
    const refused = await requestAll(daughter, [
      { method: 'GET', path: `/api/v1/persons/${personId}` },
      { method: 'GET', path: `/api/v1/persons/${personId}/timeline` },
      { method: 'GET', path: `/api/v1/family/persons/${personId}/profile/medical` },
    ]);
    assert.deepEqual(refused.map((r) => r.status), [403, 403, 403], JSON.stringify(refused.map((r) => [r.path, r.status])));

    // ---- the care manager sees the changes on the 救急 tab, attributed to the daughter --------
    await cm.reload();
    assert.equal(await familyStatus(cm, DAUGHTER), '利用中');
    await openEmergencyTab(cm);
    await cm.getByRole('region', { name: '救急医療情報キット', exact: true }).getByText(KIT_LOCATION).waitFor();
    await cm.getByRole('region', { name: 'キーパーソン・緊急連絡先(連絡する順)' }).getByText(NEW_PHONE).waitFor();
    await personTab(cm, 'プロフィール');
    const teamKit = cm.getByRole('region', { name: '救急医療情報(キット)', exact: true });
    await teamKit.getByText(`最終更新: ${DAUGHTER} さん`).waitFor();
    await teamKit.getByRole('button', { name: /^変更履歴/ }).click();
    const versions = cm.getByRole('dialog', { name: '救急医療情報(キット)の変更履歴' });
    const newest = versions.getByRole('listitem').first();
    assert.ok((await newest.textContent()).includes(DAUGHTER), 'the newest version names the daughter');
    assert.ok((await newest.textContent()).includes(KIT_LOCATION));
    await versions.getByRole('button', { name: '閉じる' }).click();
    await cm.getByRole('region', { name: 'キーパーソン・緊急連絡先', exact: true }).getByText(`最終更新: ${DAUGHTER} さん`).waitFor();

    // ---- the care manager revokes her access; her next page load says she has none ----------
    await personTab(cm, 'チーム');
    await familyPanel(cm)
      .getByRole('group', { name: `${DAUGHTER} さん(長女)の操作` })
      .getByRole('button', { name: '利用を取り消す' })
      .click();
    await familyPanel(cm).getByRole('status').filter({ hasText: `${DAUGHTER} さんの利用を取り消しました` }).waitFor();
    assert.equal(await familyStatus(cm, DAUGHTER), '取り消し');

    await daughter.goto(`${server.base}/family/persons/${personId}`);
    await daughter.getByRole('alert').filter({ hasText: 'この方の情報を見る権限がありません。' }).waitFor();
    assert.equal(await daughter.getByText(KIT_LOCATION).count(), 0, 'nothing of the person is shown');
    await daughter.goto(`${server.base}/family`);
    await daughter.getByText('見られる方はいません。').waitFor();

    // The family pages are not for staff: the care manager is sent to her own home.
    await cm.goto(`${server.base}/family/persons/${personId}`);
    await cm.getByRole('heading', { level: 1, name: '佐藤 花子 さん、こんにちは' }).waitFor();
    assert.equal(new URL(cm.url()).pathname, '/');
  });
});
