// Steps several flows share, driven through the Japanese UI as a user would: the password step,
// the first-time enrolment of an authenticator app (the secret read from the manual-entry text),
// the sign-in with a TOTP code, and sign-out. playwright-core has no `expect`, so waits go
// through locator.waitFor()/page.waitForURL() and checks through node:assert.
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from './server.mjs';
import { freshTotp } from './totp.mjs';

/// A form control by its visible label, exactly; a required field's label ends in 「必須」.
export function field(page, label) {
  const text = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByLabel(new RegExp(`^${text}\\s*(必須)?$`));
}

/// Opens /login and submits the login id and password.
export async function submitPassword(page, base, loginId, password = DEMO_PASSWORD) {
  await page.goto(`${base}/login`);
  await page.getByLabel('ログインID', { exact: true }).fill(loginId);
  await page.getByLabel('パスワード', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
}

/// Waits for the home screen greeting `name`, at path `/`.
export async function expectHome(page, name) {
  await page.getByRole('heading', { level: 1, name: `${name} さん、こんにちは` }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
}

/// On the enrolment step: reads the manual-entry key, confirms a code computed from it, checks
/// the ten recovery codes and acknowledges them (after `onRecoveryCodes(list)`, if given, has
/// looked at them). Returns the secret (for later sign-ins) and the code that confirmed it.
export async function enrolTotp(page, { onRecoveryCodes } = {}) {
  await page.getByRole('heading', { name: '二段階認証の設定' }).waitFor();
  const shown = await page.getByLabel('手入力用のキー').textContent();
  assert.match(shown, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/, `the key is shown in groups of four: ${shown}`);
  const secret = shown.replace(/\s+/g, '');
  assert.ok(secret.length >= 16, `secret too short: ${secret}`);
  const code = await freshTotp(secret);
  await page.getByLabel('確認コード', { exact: true }).fill(code);
  await page.getByRole('button', { name: '設定を完了する' }).click();

  const list = page.getByRole('list', { name: 'リカバリーコード 10 個' });
  const codes = list.getByRole('listitem');
  await codes.first().waitFor();
  await onRecoveryCodes?.(list);
  const texts = await codes.allTextContents();
  assert.equal(texts.length, 10);
  assert.equal(new Set(texts).size, 10, 'recovery codes are distinct');
  for (const c of texts) assert.match(c.trim(), /^[0-9a-z]{4}(-[0-9a-z]{4})+$/);
  const next = page.getByRole('button', { name: '続ける' });
  assert.equal(await next.isDisabled(), true, 'cannot go on before acknowledging the codes');
  await page.getByLabel('保存しました').check();
  await next.click();
  return { secret, code };
}

/// First sign-in of a staff account: password, enrolment, home. Returns the TOTP secret.
export async function signInFirstTime(page, base, loginId, name, password = DEMO_PASSWORD) {
  await submitPassword(page, base, loginId, password);
  const { secret } = await enrolTotp(page);
  await expectHome(page, name);
  return secret;
}

/// A later sign-in: password, then a TOTP code for a step not used before, then home.
export async function signInWithTotp(page, base, loginId, secret, name, password = DEMO_PASSWORD) {
  await submitPassword(page, base, loginId, password);
  await submitTotp(page, await freshTotp(secret));
  await expectHome(page, name);
}

/// On the second-factor step: types `code` and confirms.
export async function submitTotp(page, code) {
  await page.getByRole('heading', { name: '確認コードの入力' }).waitFor();
  await page.getByLabel('確認コード', { exact: true }).fill(code);
  await page.getByRole('button', { name: '確認', exact: true }).click();
}

/// Signs out from the header and waits for the sign-in page's notice.
export async function signOut(page) {
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('button', { name: 'ログアウト' }).click();
  await page.getByRole('status').filter({ hasText: 'ログアウトしました。' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
}

/// From any signed-in page: 管理 → the organization → one of its admin tabs (職員, 招待, CSV取込 …).
export async function openOrganizationAdmin(page, org, tab) {
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '管理', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '管理' }).waitFor();
  await page.getByRole('link', { name: org, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: `${org} の管理` }).waitFor();
  await adminTab(page, tab);
}

/// Switches to another tab of an organization's admin page.
export async function adminTab(page, tab) {
  await page.getByRole('navigation', { name: '事業所の管理メニュー' }).getByRole('link', { name: tab, exact: true }).click();
}
