// Small pure helpers for where the app sends people.

/**
 * The in-app path to return to after signing in: only same-origin absolute paths, never the
 * sign-in page itself, so that a crafted ?redirect= cannot send people off-site.
 */
export function safeRedirect(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (/^\/login(?:[/?#]|$)/.test(value)) return fallback;
  return value;
}

/** The value of `name` in a URL fragment such as "#token=abc&x=1". */
export function fragmentParam(hash: string, name: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const v = params.get(name);
  return v && v.length > 0 ? v : null;
}
