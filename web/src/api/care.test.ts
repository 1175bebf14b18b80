import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  attachmentUrl,
  createPost,
  encodeFileName,
  geocode,
  listPersons,
  listTimeline,
  listVitals,
  markPostsRead,
  personPath,
  putProfilePart,
  READ_BATCH,
  removeTeamMember,
  thumbnailUrl,
  timelineUrl,
  uploadAttachment,
  withdrawConsent,
} from './care';
import { setCsrfToken } from './client';
import { ApiError } from './errors';

import { stubFetch } from '@/testing/stubFetch';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('care API paths', () => {
  it('encodes ids into the person paths', () => {
    expect(personPath('a/b c')).toBe('/api/v1/persons/a%2Fb%20c');
    expect(attachmentUrl('p1', 'a 1')).toBe('/api/v1/persons/p1/attachments/a%201');
    expect(thumbnailUrl('p1', 'a1')).toBe('/api/v1/persons/p1/attachments/a1/thumbnail');
  });

  it('builds the person search with only the criteria given', async () => {
    const calls = stubFetch({ items: [], next_cursor: null });
    await listPersons({ q: 'さとう', category: '', status: 'at_home', municipality: undefined, cursor: null, limit: 50 });
    expect(calls()[0]![0]).toBe('/api/v1/persons?q=%E3%81%95%E3%81%A8%E3%81%86&status=at_home&limit=50');
  });

  it('sends the timeline flags as 1 only when set, and trims the search text', async () => {
    expect(timelineUrl('p1', { important: true, unread: false, q: '  転倒 ', from: '2026-11-01', to: '2026-11-21', cursor: 'c1' })).toBe(
      '/api/v1/persons/p1/timeline?from=2026-11-01&to=2026-11-21&important=1&q=%E8%BB%A2%E5%80%92&cursor=c1',
    );
    const calls = stubFetch({ items: [], next_cursor: null, team_size: 3 });
    await listTimeline('p1', { category: 'meal', author: 'u1', unread: true });
    expect(calls()[0]![0]).toBe('/api/v1/persons/p1/timeline?category=meal&author=u1&unread=1');
  });

  it('asks for vitals over JST days', async () => {
    const calls = stubFetch({ items: [] });
    await listVitals('p1', '2026-10-23', '2026-11-21');
    expect(calls()[0]![0]).toBe('/api/v1/persons/p1/vitals?from=2026-10-23&to=2026-11-21');
  });

  it('geocodes with the address and municipality in the query', async () => {
    const calls = stubFetch({ latitude: 35, longitude: 139, precision: 'chome', matched: '本町一丁目' });
    await geocode('本町1-2-3', '131016');
    expect(calls()[0]![0]).toBe('/api/v1/geocode?address=%E6%9C%AC%E7%94%BA1-2-3&municipality=131016');
  });
});

describe('care API bodies', () => {
  it('sends a profile part with its base version and the CSRF token', async () => {
    const calls = stubFetch({ part: 'living', version: 1, data: {}, changed_at: 1, changed_by: { id: 'u', name: 'n', profession_code: null } });
    setCsrfToken('t1');
    await putProfilePart('p1', 'living', { arrangement: 'alone' }, 0);
    const [url, init] = calls()[0]!;
    expect(url).toBe('/api/v1/persons/p1/profile/living');
    expect(init.method).toBe('PUT');
    expect(JSON.parse(String(init.body))).toEqual({ data: { arrangement: 'alone' }, base_version: 0 });
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('t1');
  });

  it('posts to the timeline and withdraws consents with the documented shapes', async () => {
    const calls = stubFetch({});
    await createPost('p1', { category: 'contact', body: 'こんにちは', mentions: ['u2'] });
    await withdrawConsent('p1', 'c1', '2026-11-20', '本人の希望');
    await removeTeamMember('p1', 'u2');
    const [c1, c2, c3] = calls();
    expect(c1![0]).toBe('/api/v1/persons/p1/timeline');
    expect(JSON.parse(String(c1![1].body))).toEqual({ category: 'contact', body: 'こんにちは', mentions: ['u2'] });
    expect(c2![0]).toBe('/api/v1/persons/p1/consents/c1/withdraw');
    expect(JSON.parse(String(c2![1].body))).toEqual({ withdrawn_on: '2026-11-20', reason: '本人の希望' });
    expect(c3![0]).toBe('/api/v1/persons/p1/team/members/u2');
    expect(c3![1].method).toBe('DELETE');
  });

  it('marks posts read in batches of at most 200 ids', async () => {
    const calls = stubFetch({ marked: 7 });
    const ids = Array.from({ length: READ_BATCH * 2 + 1 }, (_, i) => `p${i}`);
    const marked = await markPostsRead('person', ids);
    expect(calls().length).toBe(3);
    expect(calls().map(([u]) => u)).toEqual(Array(3).fill('/api/v1/persons/person/timeline/read'));
    expect(JSON.parse(String(calls()[0]![1].body)).post_ids).toHaveLength(200);
    expect(JSON.parse(String(calls()[2]![1].body)).post_ids).toEqual(['p400']);
    expect(marked).toBe(21);
    await markPostsRead('person', []);
    expect(calls().length).toBe(3);
  });
});

/** A stand-in XMLHttpRequest that records what is sent and answers with `status`/`body`. */
class FakeXhr {
  static last: FakeXhr | null = null;
  static status = 201;
  static body = '';
  method = '';
  url = '';
  headers: Record<string, string> = {};
  sent: unknown = null;
  withCredentials = true;
  status = 0;
  responseText = '';
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader() {
    return null;
  }
  abort() {
    this.onabort?.();
  }
  send(body: unknown) {
    this.sent = body;
    this.upload.onprogress?.({ loaded: 5, total: 10, lengthComputable: true });
    this.status = FakeXhr.status;
    this.responseText = FakeXhr.body;
    this.onload?.();
  }
}

describe('uploadAttachment', () => {
  it('sends the raw file with its type, the percent-encoded name and the CSRF token', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    FakeXhr.status = 201;
    FakeXhr.body = JSON.stringify({ id: 'a1', kind: 'image', content_type: 'image/jpeg', name: '床ずれ 写真.jpg', size: 10, width: 1, height: 1 });
    setCsrfToken('csrf-9');
    const file = new File([new Uint8Array(10)], '床ずれ 写真.jpg', { type: 'image/jpeg' });
    const progress: number[] = [];
    const a = await uploadAttachment('p 1', file, { onProgress: (loaded, total) => progress.push(loaded / total) });
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/v1/persons/p%201/attachments');
    expect(xhr.headers['Content-Type']).toBe('image/jpeg');
    expect(xhr.headers['X-File-Name']).toBe('%E5%BA%8A%E3%81%9A%E3%82%8C%20%E5%86%99%E7%9C%9F.jpg');
    expect(xhr.headers['X-CSRF-Token']).toBe('csrf-9');
    expect(xhr.sent).toBe(file);
    expect(progress).toEqual([0.5, 1]);
    expect(a.id).toBe('a1');
  });

  it('falls back to application/octet-stream and reports 415 as an ApiError', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    FakeXhr.status = 415;
    FakeXhr.body = JSON.stringify({ error: { code: 'unsupported_media_type', message: '対応していない形式です (unsupported)' } });
    const err = await uploadAttachment('p1', new File(['x'], 'a.bin')).catch((e: unknown) => e);
    expect(FakeXhr.last!.headers['Content-Type']).toBe('application/octet-stream');
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(415);
  });

  it('percent-encodes names as UTF-8', () => {
    expect(encodeFileName('a b.pdf')).toBe('a%20b.pdf');
    expect(encodeFileName('同意書.pdf')).toBe('%E5%90%8C%E6%84%8F%E6%9B%B8.pdf');
  });
});
