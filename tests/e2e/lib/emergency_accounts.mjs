// Helpers of the emergency flows with hospital accounts and card reissue (spec 08): users who
// stay signed in across the tests of a file (a second sign-in of the same account within a TOTP
// step would have to wait up to 30 s), an administrator's API session for directory set-up that
// has no screen in these flows, and a small scene photo.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_PASSWORD } from './server.mjs';
import { signInFirstTime } from './ui.mjs';
import { totp } from './totp.mjs';

const artifacts = resolve(new URL('../artifacts', import.meta.url).pathname);

/// Browser sessions of the users of one file, signed in once each (first time: password and
/// TOTP enrolment) and then reused through their storage state.
export class SignedInUsers {
  constructor(base) {
    this.base = base;
    this.states = new Map();
  }

  /// Runs `fn(pages)` with one signed-in context per role: `users` maps a role to
  /// `{login, name, password?}`. A user not signed in yet in this file signs in first, on the
  /// home screen. On failure saves a screenshot of each page.
  async with(browser, testName, users, fn) {
    const contexts = [];
    const pages = {};
    try {
      for (const [role, user] of Object.entries(users)) {
        const state = this.states.get(user.login);
        const context = await browser.newContext({
          locale: 'ja-JP', timezoneId: 'Asia/Tokyo', ...(state ? { storageState: state } : {}),
        });
        contexts.push(context);
        const page = await context.newPage();
        page.setDefaultTimeout(10_000);
        pages[role] = page;
        if (!state) {
          await signInFirstTime(page, this.base, user.login, user.name, user.password ?? DEMO_PASSWORD);
          this.states.set(user.login, await context.storageState());
        } else {
          // Still signed in: the home screen greets them, as after the first sign-in.
          await page.goto(`${this.base}/`);
          await page.getByRole('heading', { level: 1, name: `${user.name} さん、こんにちは` }).waitFor();
        }
      }
      await fn(pages);
    } catch (err) {
      mkdirSync(artifacts, { recursive: true });
      const shots = [];
      for (const [role, page] of Object.entries(pages)) {
        if (page.url() === 'about:blank') continue;
        const file = join(artifacts, `${testName.replace(/[^a-z0-9-]+/gi, '_')}-${role}.png`);
        if (await page.screenshot({ path: file, fullPage: true }).then(() => true, () => false)) shots.push(file);
      }
      err.message += `\n(screenshots: ${shots.join(', ')})`;
      throw err;
    } finally {
      for (const c of contexts) await c.close().catch(() => {});
    }
  }
}

/// An API session as a script of an administrator would hold it: bearer login, TOTP enrolment
/// on first use, then `call(method, path, json)` → {status, body}.
export async function apiSession(base, loginId, password = DEMO_PASSWORD) {
  const send = async (token, method, path, json) => {
    const headers = token ? { Authorization: `Bearer ${token}` } : {};
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${base}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const login = await send(null, 'POST', '/api/v1/auth/login', { login_id: loginId, password, bearer: true });
  assert.equal(login.status, 200, `login of ${loginId}: ${JSON.stringify(login.body)}`);
  let token = login.body.token;
  if (login.body.stage === 'enrol') {
    const enrol = await send(token, 'POST', '/api/v1/auth/enrolment', {});
    assert.equal(enrol.status, 200, JSON.stringify(enrol.body));
    const confirm = await send(token, 'POST', '/api/v1/auth/enrolment/confirm', { code: totp(enrol.body.secret) });
    assert.equal(confirm.status, 200, JSON.stringify(confirm.body));
    token = confirm.body.token ?? token;
  } else {
    assert.equal(login.body.stage, 'full', `a set-up account that needs no second step: ${login.body.stage}`);
  }
  return { call: (method, path, json) => send(token, method, path, json) };
}

/// As the municipality's administrator (群青市 長寿介護課), registers a second hospital in the
/// directory and invites a doctor to it, who registers through the invitation: what an
/// administrator does when a hospital joins the region. Returns the new user's sign-in.
export async function addHospitalWithDoctor(base, { hospital, kana, doctor }) {
  const admin = await apiSession(base, 'city.tanaka');
  const org = await admin.call('POST', '/api/v1/municipalities/991015/organizations', {
    type_code: 'hospital', name: hospital, kana, address: '群青市南町9-1', phone: '0561-00-9100',
  });
  assert.equal(org.status, 201, `the hospital is registered: ${JSON.stringify(org.body)}`);
  const invite = await admin.call('POST', `/api/v1/organizations/${org.body.id}/invitations`, {
    role: 'member', display_name: doctor.name, kana: doctor.kana, profession_code: 'doctor',
  });
  assert.equal(invite.status, 201, `the doctor is invited: ${JSON.stringify(invite.body)}`);
  const token = new URL(invite.body.url).hash.replace(/^#token=/, '');
  const accept = await fetch(`${base}/api/v1/invitations/accept`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, login_id: doctor.login, password: doctor.password, display_name: doctor.name,
                           kana: doctor.kana, profession_code: 'doctor' }),
  });
  assert.equal(accept.status, 201, `the doctor registers: ${await accept.text()}`);
  return { organizationId: org.body.id, ...doctor };
}

/// A small scene photo, drawn as a JPEG on a canvas in `page`.
export async function scenePhoto(page) {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 160;
    canvas.height = 120;
    const g = canvas.getContext('2d');
    g.fillStyle = '#d9c6a5';
    g.fillRect(0, 0, 160, 120);
    g.fillStyle = '#7a2e2e';
    g.fillRect(40, 70, 80, 20);
    return canvas.toDataURL('image/jpeg', 0.85);
  });
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  assert.ok(bytes[0] === 0xff && bytes[1] === 0xd8, 'a JPEG');
  return bytes;
}

/// From any signed-in page: 利用者 → the person; ends on their timeline.
export async function openPerson(page, name) {
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '利用者', exact: true }).click();
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${name}`) }).waitFor();
}

/// True once the <img> has loaded real pixels (a refused thumbnail leaves it broken). Scrolled
/// into view first: the gallery's images load lazily.
export async function imageLoaded(img) {
  await img.scrollIntoViewIfNeeded();
  return img.evaluate(async (el) => {
    if (!el.complete) await new Promise((ok) => { el.onload = ok; el.onerror = ok; });
    return el.naturalWidth > 0;
  });
}
