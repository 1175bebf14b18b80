import { afterEach, describe, expect, it, vi } from 'vitest';
import { request, setCsrfToken, setUnauthenticatedHandler, withQuery } from './client';
import { ApiError } from './errors';

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setUnauthenticatedHandler(null);
});

describe('request', () => {
  it('sends JSON with the CSRF token on state-changing requests only', async () => {
    const fetchMock = vi.fn(async () => answer(200, { ok: true }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('csrf-1');
    await request('/api/v1/x', { method: 'POST', body: { a: 1 } });
    await request('/api/v1/y');
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    const [url, init] = calls[0]!;
    expect(url).toBe('/api/v1/x');
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf-1');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(init.body).toBe('{"a":1}');
    expect((calls[1]![1].headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
  });

  it('returns undefined for 204', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(204, undefined)));
    await expect(request('/api/v1/x', { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it('throws a typed ApiError and reports 401s to the app', async () => {
    const body = { error: { code: 'unauthenticated', message: 'm', details: [{ field: 'session', code: 'second_factor_required', message: 'm' }] } };
    vi.stubGlobal('fetch', vi.fn(async () => answer(401, body)));
    const seen: string[] = [];
    setUnauthenticatedHandler((e) => seen.push(e.detailCode ?? ''));
    const err = await request('/api/v1/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect(seen).toEqual(['second_factor_required']);
  });

  it('does not report a 401 the caller expects (a wrong password)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(401, { error: { code: 'unauthenticated', message: 'm' } })));
    const seen: unknown[] = [];
    setUnauthenticatedHandler((e) => seen.push(e));
    await expect(request('/api/v1/auth/login', { method: 'POST', expectUnauthenticated: true })).rejects.toBeInstanceOf(ApiError);
    expect(seen).toEqual([]);
  });

  it('turns a failed connection into a network error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const err = (await request('/api/v1/x').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('network');
    expect(err.status).toBe(0);
  });
});

describe('withQuery', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(withQuery('/api/v1/users', { q: '佐藤 花子', profession: '', cursor: null, limit: 50, x: undefined })).toBe(
      '/api/v1/users?q=%E4%BD%90%E8%97%A4+%E8%8A%B1%E5%AD%90&limit=50',
    );
    expect(withQuery('/a', {})).toBe('/a');
  });
});
