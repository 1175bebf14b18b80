// Small pure helpers for showing things: the QR image, user agents, secrets and typed codes.

/** A data: URL for an SVG document, so it can be shown with <img> and never parsed as HTML. */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** "Chrome / Windows" from a user-agent string; the raw text when nothing is recognised. */
export function describeUserAgent(ua: string): string {
  if (!ua) return '';
  const browser =
    (/Edg\//.test(ua) && 'Edge') ||
    (/OPR\//.test(ua) && 'Opera') ||
    (/Firefox\//.test(ua) && 'Firefox') ||
    ((/Chrome\//.test(ua) || /Chromium\//.test(ua) || /CriOS\//.test(ua)) && 'Chrome') ||
    (/Safari\//.test(ua) && /Version\//.test(ua) && 'Safari') ||
    (/curl\//.test(ua) && 'curl') ||
    null;
  const os =
    (/Windows/.test(ua) && 'Windows') ||
    (/Android/.test(ua) && 'Android') ||
    (/(iPhone|iPad|iPod)/.test(ua) && 'iOS') ||
    (/Mac OS X|Macintosh/.test(ua) && 'macOS') ||
    (/CrOS/.test(ua) && 'ChromeOS') ||
    (/Linux/.test(ua) && 'Linux') ||
    null;
  if (!browser && !os) return ua.length > 60 ? `${ua.slice(0, 57)}…` : ua;
  return [browser, os].filter(Boolean).join(' / ');
}

/** A TOTP secret in groups of four for reading aloud or typing: "MELC OYV7 …". */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/** A typed second-factor code without spaces and hyphens' surroundings: six digits stay digits. */
export function normaliseCode(input: string): string {
  const folded = input.replace(/[０-９Ａ-Ｚａ-ｚ－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return folded.replace(/\s+/g, '').trim();
}
