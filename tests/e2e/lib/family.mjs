// Helpers of the family flow (spec 08/09): the care team's family panel on the チーム tab, the
// family invitation opened in the family's own browser, the family account's sign-in (password
// alone: no two-factor step) and the family's edit cards.
import assert from 'node:assert/strict';
import { field, submitPassword } from './ui.mjs';

/// The family panel of a person's チーム tab.
export function familyPanel(page) {
  return page.getByRole('region', { name: 'ご家族', exact: true });
}

/// On the チーム tab: invites a family member and returns the one-time link as shown once.
export async function inviteFamily(page, { name, relation, kana }) {
  const form = page.getByRole('region', { name: 'ご家族を招待する' });
  await field(form, '氏名').fill(name);
  await field(form, '続柄').fill(relation);
  if (kana) await field(form, '氏名(カナ)').fill(kana);
  await form.getByRole('button', { name: '招待リンクを発行する' }).click();
  const done = form.getByRole('status').filter({ hasText: `${name} さんへの招待リンクを発行しました。` });
  await done.waitFor();
  await done.getByText('直接お渡しください', { exact: false }).waitFor();
  const link = await form.getByLabel('ご家族への招待リンク', { exact: true }).inputValue();
  return link;
}

/// The status badge (招待中, 利用中 …) of the family member listed as `name`.
export async function familyStatus(page, name) {
  const item = familyPanel(page).getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });
  return (await item.locator('h3 .tag').textContent()).trim();
}

/// In the family's browser: opens the invitation link, creates the family account and ends on
/// the sign-in page with its notice. The name comes filled in from the invitation.
export async function acceptFamilyInvitation(page, link, { loginId, name, kana, password }) {
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: '招待を受ける' }).waitFor();
  await page.getByText('ご家族用のアカウントへの招待が届いています', { exact: false }).waitFor();
  assert.equal(await field(page, '氏名').inputValue(), name, 'the name comes from the invitation');
  assert.equal(await page.getByLabel(/^職種/).count(), 0, 'a family account has no profession');
  assert.equal(await page.getByText('として招待されています', { exact: false }).count(), 0, 'no organization is named');
  await field(page, 'ログインID').fill(loginId);
  await field(page, '氏名(カナ)').fill(kana);
  await field(page, '新しいパスワード').fill(password);
  await field(page, '新しいパスワード(確認)').fill(password);
  await page.getByRole('button', { name: '登録する' }).click();
  await page.getByRole('status').filter({ hasText: '登録が完了しました。ログインしてください。' }).waitFor();
  assert.equal(await page.getByText('二段階認証', { exact: false }).count(), 0, 'no two-factor set-up is announced');
  assert.equal(new URL(page.url()).pathname, '/login');
}

/// A family account's sign-in: the password alone leads to the family page.
export async function signInFamily(page, base, loginId, password, name) {
  await submitPassword(page, base, loginId, password);
  await page.getByRole('heading', { level: 1, name: `${name} さん、こんにちは` }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/family');
}

/// On the family's person page: opens the edit form of a card (`救急医療情報(キット)`,
/// `キーパーソン・緊急連絡先`) and returns the card.
export async function editFamilyCard(page, title) {
  const card = page.getByRole('region', { name: title, exact: true });
  await card.getByRole('button', { name: new RegExp(`^編集\\s*:\\s*${title.replace(/[()]/g, '\\$&')}$`) }).click();
  await card.getByRole('button', { name: '保存する' }).waitFor();
  return card;
}
