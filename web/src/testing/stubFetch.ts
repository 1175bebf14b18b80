// For unit tests of the API clients: replaces fetch with one that answers every request with
// `body` as JSON (no body for undefined) and `status`, and gives back the calls made. Tests undo
// it with vi.unstubAllGlobals().
import { vi } from 'vitest';

export type FetchCall = [string, RequestInit];

export function stubFetch(body: unknown = {}, status = 200): () => FetchCall[] {
  const fetchMock = vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status }));
  vi.stubGlobal('fetch', fetchMock);
  return () => fetchMock.mock.calls as unknown as FetchCall[];
}
