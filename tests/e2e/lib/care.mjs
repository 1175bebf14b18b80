// Helpers of the care-network flows: several signed-in users side by side (one browser context
// each), a phone-like photo that carries an EXIF GPS position, reading JPEG markers to check
// that nothing of it comes back, and API calls made from a user's own page (their cookie and
// CSRF token) for the permission checks that have no screen.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { field } from './ui.mjs';

const artifacts = resolve(new URL('../artifacts', import.meta.url).pathname);

/// Runs `fn(pages)` with one fresh context per role (`pages.cm`, `pages.nurse` …), all open at
/// once as different people at different desks; on failure saves a screenshot of each.
export async function withPages(browser, name, roles, fn) {
  const contexts = [];
  const pages = {};
  try {
    for (const role of roles) {
      const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      pages[role] = page;
    }
    await fn(pages);
  } catch (err) {
    mkdirSync(artifacts, { recursive: true });
    const shots = [];
    for (const [role, page] of Object.entries(pages)) {
      if (page.url() === 'about:blank') continue; // this user had not started yet
      const file = join(artifacts, `${name.replace(/[^a-z0-9-]+/gi, '_')}-${role}.png`);
      if (await page.screenshot({ path: file, fullPage: true }).then(() => true, () => false)) shots.push(file);
    }
    err.message += `\n(screenshots: ${shots.join(', ')})`;
    throw err;
  } finally {
    for (const c of contexts) await c.close().catch(() => {});
  }
}

/// Today's date in Tokyo as YYYY-MM-DD, shifted by `days`.
export function tokyoDay(days = 0) {
  const d = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(d);
}

// ---- JPEG and EXIF ----------------------------------------------------------------------------

/// The marker segments of a JPEG up to the start of the scan: [{marker, data}] (data without
/// the length field).
export function jpegSegments(bytes) {
  assert.ok(bytes[0] === 0xff && bytes[1] === 0xd8, 'a JPEG starts with SOI');
  const out = [];
  let i = 2;
  while (i + 4 <= bytes.length) {
    assert.equal(bytes[i], 0xff, `marker expected at ${i}`);
    const marker = bytes[i + 1];
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { i += 2; continue; }
    const length = bytes.readUInt16BE(i + 2);
    out.push({ marker, data: bytes.subarray(i + 4, i + 2 + length) });
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    i += 2 + length;
  }
  return out;
}

/// True when the JPEG has an APP1 segment holding EXIF (where cameras put the GPS position).
export function hasExif(bytes) {
  return jpegSegments(bytes).some((s) => s.marker === 0xe1 && s.data.subarray(0, 6).toString('latin1') === 'Exif\0\0');
}

/// Width and height from the frame header.
export function jpegSize(bytes) {
  const sof = jpegSegments(bytes).find((s) => s.marker >= 0xc0 && s.marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(s.marker));
  assert.ok(sof, 'the JPEG has a frame header');
  return { width: sof.data.readUInt16BE(3), height: sof.data.readUInt16BE(1) };
}

/// An APP1 EXIF segment (big-endian TIFF) whose only content is a GPS IFD: version, latitude
/// and longitude as a phone writes them.
function exifGpsSegment([latD, latM, latS], [lonD, lonM, lonS]) {
  const tiff = Buffer.alloc(140);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0
  tiff.writeUInt16BE(1, 8);
  const entry = (at, tag, type, count, value) => {
    tiff.writeUInt16BE(tag, at);
    tiff.writeUInt16BE(type, at + 2);
    tiff.writeUInt32BE(count, at + 4);
    if (Buffer.isBuffer(value)) value.copy(tiff, at + 8);
    else tiff.writeUInt32BE(value, at + 8);
  };
  const BYTE = 1, ASCII = 2, LONG = 4, RATIONAL = 5;
  entry(10, 0x8825, LONG, 1, 26); // GPSInfo → the GPS IFD at 26
  tiff.writeUInt32BE(0, 22); // no IFD1
  tiff.writeUInt16BE(5, 26);
  entry(28, 0x0000, BYTE, 4, Buffer.from([2, 2, 0, 0])); // GPSVersionID
  entry(40, 0x0001, ASCII, 2, Buffer.from('N\0', 'latin1'));
  entry(52, 0x0002, RATIONAL, 3, 92);
  entry(64, 0x0003, ASCII, 2, Buffer.from('E\0', 'latin1'));
  entry(76, 0x0004, RATIONAL, 3, 116);
  tiff.writeUInt32BE(0, 88);
  const rationals = (at, values) => values.forEach(([n, d], k) => {
    tiff.writeUInt32BE(n, at + 8 * k);
    tiff.writeUInt32BE(d, at + 8 * k + 4);
  });
  rationals(92, [[latD, 1], [latM, 1], [Math.round(latS * 100), 100]]);
  rationals(116, [[lonD, 1], [lonM, 1], [Math.round(lonS * 100), 100]]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/// A photo as a phone takes it: a JPEG (drawn on a canvas in `page`, 800×600 so that the
/// server has to make a smaller thumbnail) with the GPS position of where it was taken in EXIF.
export async function photoWithGps(page) {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 800;
    canvas.height = 600;
    const g = canvas.getContext('2d');
    const grad = g.createLinearGradient(0, 0, 800, 600);
    grad.addColorStop(0, '#f3d9c4');
    grad.addColorStop(1, '#8a5a44');
    g.fillStyle = grad;
    g.fillRect(0, 0, 800, 600);
    g.fillStyle = '#2b4c7e';
    g.beginPath();
    g.ellipse(400, 300, 180, 110, 0.3, 0, Math.PI * 2);
    g.fill();
    return canvas.toDataURL('image/jpeg', 0.9);
  });
  const plain = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  const photo = Buffer.concat([plain.subarray(0, 2), exifGpsSegment([35, 6, 3.6], [137, 6, 7.2]), plain.subarray(2)]);
  assert.ok(hasExif(photo), 'the photo carries EXIF');
  assert.ok(photo.includes(Buffer.from('N\0', 'latin1')) && jpegSize(photo).width === 800);
  return photo;
}

// ---- API calls from a user's page --------------------------------------------------------------

/// Sends each request from `page` with the user's session cookie and CSRF token (so a refusal
/// is the server's rule, not a missing token) and returns [{method, path, status, body}].
export async function requestAll(page, requests) {
  return page.evaluate(async (list) => {
    const session = await (await fetch('/api/v1/auth/session')).json();
    const out = [];
    for (const r of list) {
      const headers = { 'X-CSRF-Token': session.csrf_token };
      let body;
      if (r.bytes) {
        headers['Content-Type'] = 'image/jpeg';
        headers['X-File-Name'] = encodeURIComponent('photo.jpg');
        body = new Uint8Array(r.bytes);
      } else if (r.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(r.json);
      }
      const res = await fetch(r.path, { method: r.method, headers, body });
      out.push({ method: r.method, path: r.path, status: res.status, body: await res.text() });
    }
    return out;
  }, requests);
}

/// The signed-in user of `page` as the session API describes them.
export async function sessionUser(page) {
  return page.evaluate(async () => (await (await fetch('/api/v1/auth/session')).json()).user);
}

/// The bytes of a same-origin URL fetched by the user of `page`, with its content type.
export async function fetchBytes(page, path) {
  const r = await page.evaluate(async (p) => {
    const res = await fetch(p);
    const buf = new Uint8Array(await res.arrayBuffer());
    let bin = '';
    for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
    return { status: res.status, type: res.headers.get('content-type'), base64: btoa(bin) };
  }, path);
  return { status: r.status, type: r.type, bytes: Buffer.from(r.base64, 'base64') };
}

// ---- care screens -----------------------------------------------------------------------------

/// On a person's page: switches to one of the tabs (タイムライン, プロフィール, チーム …).
export async function personTab(page, tab) {
  await page.getByRole('navigation', { name: '利用者のメニュー' }).getByRole('link', { name: tab, exact: true }).click();
}

/// On the team tab: finds a professional in the directory by `query`, picks `name` and invites
/// them with `role` (the role's Japanese name), then waits for the confirmation.
export async function inviteToTeam(page, query, name, role) {
  const form = page.getByRole('region', { name: 'メンバーを招待する' });
  await field(form, '招待する人').fill(query);
  await form.getByRole('button', { name: '名簿を検索' }).click();
  await form.getByRole('list', { name: '見つかった職員' }).getByRole('button', { name, exact: true }).click();
  await field(form, 'チームでの役割').selectOption({ label: role });
  await form.getByRole('button', { name: '招待する', exact: true }).click();
  await form.getByRole('status').filter({ hasText: `${name} さんを招待しました` }).waitFor();
}

/// From the home screen of an invited professional: the invitation's notification → the list
/// of invitations → 参加する; ends on the person's timeline.
export async function acceptTeamInvitation(page, personName) {
  await page.getByRole('link', { name: '支援チームへの招待があります' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'チームへの招待' }).waitFor();
  await page.getByRole('group', { name: `${personName} さんのチームへの招待` }).getByRole('button', { name: '参加する' }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${personName}`) }).waitFor();
}
