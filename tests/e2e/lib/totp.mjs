// RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as an authenticator app computes it, for signing in.
import { createHmac } from 'node:crypto';

export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/[\s=]/g, '').toUpperCase()) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function totp(secretBase32, unixSeconds = Math.floor(Date.now() / 1000)) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

/// A code for a step not used yet: the server refuses a step twice, so a second sign-in within
/// the same 30 seconds waits for the next step.
const usedSteps = new Map();
export async function freshTotp(secretBase32) {
  for (;;) {
    const step = Math.floor(Date.now() / 30000);
    if (usedSteps.get(secretBase32) !== step) {
      usedSteps.set(secretBase32, step);
      return totp(secretBase32);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
