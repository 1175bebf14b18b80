// Helpers of the emergency flow (spec 08): signing in on the way to a deep link (a scanned QR
// card sends the crew through the sign-in and back), the person's photo chosen by the team, the
// card's URL as the team's card page holds it, the one-time link and PIN as the crew's screen shows them once, and the
// summary's layout checks.
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from './server.mjs';
import { enrolTotp, field } from './ui.mjs';
import { imageLoaded } from './emergency_accounts.mjs';

/// Opens `url` signed out, is sent to the sign-in with the way back, signs in for the first
/// time (password, TOTP enrolment) and ends back on `url`'s path.
export async function signInOnTheWayTo(page, url, loginId, password = DEMO_PASSWORD) {
  const wanted = new URL(url).pathname;
  await page.goto(url);
  await page.waitForURL((u) => u.pathname === '/login');
  assert.equal(new URL(page.url()).searchParams.get('redirect'), wanted, 'the sign-in knows the way back');
  await page.getByLabel('ログインID', { exact: true }).fill(loginId);
  await page.getByLabel('パスワード', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await enrolTotp(page);
  await page.waitForURL((u) => u.pathname === wanted);
}

/// From a person's page: the 救急 tab.
export async function openEmergencyTab(page) {
  await page.getByRole('navigation', { name: '利用者のメニュー' }).getByRole('link', { name: '救急', exact: true }).click();
  await page.getByRole('region', { name: '救急情報カード(QRコード)' }).waitFor();
}

/// On a person's page: chooses `jpeg` as the person's photo with the header's file input, and
/// waits until the header shows it (loaded, not a broken image).
export async function choosePersonPhoto(page, name, jpeg) {
  await page.getByLabel('写真を登録', { exact: true }).setInputFiles({ name: 'face.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  const photo = page.getByRole('img', { name: `${name} さんの写真`, exact: true });
  await photo.waitFor();
  assert.ok(await imageLoaded(photo), 'the header shows the photo');
  await page.getByLabel('写真を変更', { exact: true }).waitFor();
}

/// On the printable card page: the URL its QR codes hold (`<base>/e/<43-character token>`).
export async function cardUrl(page) {
  const cards = page.getByTestId('emergency-card-print');
  await cards.waitFor();
  const url = await cards.getAttribute('data-card-url');
  assert.match(url, /^https?:\/\/[^/]+\/e\/[A-Za-z0-9_-]{43}$/, `a card URL with only a token: ${url}`);
  return url;
}

/// The one-time link and PIN shown once on the crew's screen after recording a hospital
/// without accounts.
export async function handoverSecret(page, hospital) {
  const panel = page.getByRole('region', { name: `${hospital} に伝えるPINとリンク` });
  await panel.waitFor();
  const shownPin = (await panel.getByTestId('handover-pin').textContent()).trim();
  assert.match(shownPin, /^\d{3} \d{3}$/, `the PIN is shown in two groups to be read out: ${shownPin}`);
  const link = (await panel.getByTestId('handover-link').textContent()).trim();
  assert.match(link, /^https?:\/\/[^/]+\/h\/[A-Za-z0-9_-]{43}$/, `a link with only a token: ${link}`);
  return { pin: shownPin.replace(' ', ''), link, panel };
}

/// A 6-digit PIN that is not `pin`.
export function otherPin(pin) {
  return String((Number(pin) + 1) % 1_000_000).padStart(6, '0');
}

/// On a summary (`#em-summary`): the headings of its sections in the order they are shown.
export async function summarySections(page) {
  return page.locator('#em-summary section > h2').allTextContents();
}

/// The ACP box of a summary: its first line (the label and the wish on resuscitation) and how
/// much larger than the body text that wish is set.
export async function resuscitationWish(page) {
  const acp = page.getByRole('region', { name: '人生会議(ACP)・本人の意思' });
  const line = acp.locator('p').first();
  const label = (await line.locator('span').first().textContent()).trim();
  const wish = line.locator('strong');
  const scale = await wish.evaluate((el) =>
    parseFloat(getComputedStyle(el).fontSize) / parseFloat(getComputedStyle(document.body).fontSize));
  return { acp, label, wish: (await wish.textContent()).trim(), scale };
}

/// On the one-time link page: types `pin` and submits it.
export async function enterPin(page, pin) {
  await field(page, 'PIN').fill(pin);
  await page.getByRole('button', { name: '表示する', exact: true }).click();
}
