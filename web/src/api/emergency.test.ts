import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  attemptsLeftOf,
  checkEmsCard,
  getEmergencyCard,
  getHandoverLink,
  issueEmergencyCard,
  listHandovers,
  listPersonEmsAccesses,
  maxMediaBytes,
  mediaThumbnailUrl,
  mediaUrl,
  openEmsAccess,
  PinError,
  reportHandoverOutcome,
  reportLinkOutcome,
  revokeEmergencyCard,
  searchEmsPersons,
  setEmsDestination,
  unlockHandoverLink,
  uploadEmsMedia,
  MAX_PHOTO_BYTES,
  MAX_VIDEO_BYTES,
} from './emergency';
import { setCsrfToken, setUnauthenticatedHandler } from './client';
import { ApiError } from './errors';

import { stubFetch } from '@/testing/stubFetch';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setUnauthenticatedHandler(null);
});

describe('emergency API: care team', () => {
  it('reads, issues and revokes the card on the person path', async () => {
    const calls = stubFetch({ card: null });
    expect(await getEmergencyCard('p 1')).toBeNull();
    setCsrfToken('c1');
    await issueEmergencyCard('p 1');
    await revokeEmergencyCard('p 1');
    const [get, post, del] = calls();
    expect(get![0]).toBe('/api/v1/persons/p%201/emergency-card');
    expect(post![0]).toBe('/api/v1/persons/p%201/emergency-card');
    expect(post![1].method).toBe('POST');
    expect((post![1].headers as Record<string, string>)['X-CSRF-Token']).toBe('c1');
    expect(del![1].method).toBe('DELETE');
  });

  it('unwraps the card and the lists', async () => {
    stubFetch({ card: { id: 'k1', url: 'https://x/e/t', qr_svg: '<svg></svg>' } });
    expect((await getEmergencyCard('p1'))?.id).toBe('k1');
    const calls = stubFetch({ items: [{ id: 'a1' }] });
    expect((await listPersonEmsAccesses('p1')).map((a) => a.id)).toEqual(['a1']);
    expect((await listHandovers()).map((a) => a.id)).toEqual(['a1']);
    expect(calls().map(([u]) => u)).toEqual(['/api/v1/persons/p1/ems-accesses', '/api/v1/handovers']);
  });
});

describe('emergency API: EMS', () => {
  it('checks a card by its token without naming anyone', async () => {
    const calls = stubFetch({ emergency_consent: true });
    expect(await checkEmsCard('AbC-_9')).toEqual({ emergency_consent: true });
    expect(calls()[0]![0]).toBe('/api/v1/ems/cards/AbC-_9');
  });

  it('sends only the search criteria given, trimmed', async () => {
    const calls = stubFetch({ items: [], without_consent: 2 });
    const r = await searchEmsPersons({ kana: ' サトウ ', birth_date: '1939-05-03', phone: '', address: '   ' });
    expect(r.without_consent).toBe(2);
    expect(calls()[0]![0]).toBe('/api/v1/ems/persons?kana=%E3%82%B5%E3%83%88%E3%82%A6&birth_date=1939-05-03');
  });

  it('opens an access with the card token and records the destination', async () => {
    const calls = stubFetch({ id: 'a1', handover: { link_url: 'https://x/h/t', pin: '123456' } });
    await openEmsAccess({ card_token: 'tok', incident_number: '2026-1', reason: '転倒' });
    const d = await setEmsDestination('a/1', { hospital_name: '港総合病院' });
    const [open, dest] = calls();
    expect(open![0]).toBe('/api/v1/ems/accesses');
    expect(JSON.parse(String(open![1].body))).toEqual({ card_token: 'tok', incident_number: '2026-1', reason: '転倒' });
    expect(dest![0]).toBe('/api/v1/ems/accesses/a%2F1/destination');
    expect(dest![1].method).toBe('PUT');
    expect(JSON.parse(String(dest![1].body))).toEqual({ hospital_name: '港総合病院' });
    expect(d.handover?.pin).toBe('123456');
  });

  it('builds media URLs for the access, the hand-over and the link', () => {
    expect(mediaUrl({ kind: 'ems', accessId: 'a1' }, 'm 1')).toBe('/api/v1/ems/accesses/a1/media/m%201');
    expect(mediaThumbnailUrl({ kind: 'handover', accessId: 'a1' }, 'm1')).toBe('/api/v1/handovers/a1/media/m1/thumbnail');
    expect(mediaUrl({ kind: 'link', token: 't' }, 'm1')).toBe('/api/v1/handover-links/t/media/m1');
  });

  it('allows videos a larger size than photos', () => {
    expect(maxMediaBytes({ type: 'video/mp4' })).toBe(MAX_VIDEO_BYTES);
    expect(maxMediaBytes({ type: 'image/jpeg' })).toBe(MAX_PHOTO_BYTES);
    expect(MAX_VIDEO_BYTES).toBeGreaterThan(MAX_PHOTO_BYTES);
  });
});

/** A stand-in XMLHttpRequest that records what is sent and answers 201. */
class FakeXhr {
  static last: FakeXhr | null = null;
  url = '';
  method = '';
  headers: Record<string, string> = {};
  sent: unknown = null;
  withCredentials = true;
  status = 0;
  responseText = '';
  upload = { onprogress: null as null | ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) };
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
  abort() {}
  send(body: unknown) {
    this.sent = body;
    this.status = 201;
    this.responseText = JSON.stringify({ id: 'm1', kind: 'video', content_type: 'video/mp4', name: '現場.mp4', size: 3 });
    this.onload?.();
  }
}

describe('uploadEmsMedia', () => {
  it('posts the raw video with its type and the percent-encoded name', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    setCsrfToken('c2');
    const file = new File([new Uint8Array(3)], '現場.mp4', { type: 'video/mp4' });
    const m = await uploadEmsMedia('a1', file);
    const xhr = FakeXhr.last!;
    expect(xhr.url).toBe('/api/v1/ems/accesses/a1/media');
    expect(xhr.headers['Content-Type']).toBe('video/mp4');
    expect(xhr.headers['X-File-Name']).toBe('%E7%8F%BE%E5%A0%B4.mp4');
    expect(xhr.headers['X-CSRF-Token']).toBe('c2');
    expect(xhr.sent).toBe(file);
    expect(m.kind).toBe('video');
  });
});

describe('emergency API: hospital', () => {
  it('reports an outcome through the account and through the link', async () => {
    const calls = stubFetch({ id: 'a1' });
    await reportHandoverOutcome('a1', { code: 'admitted', note: '整形外科' });
    await reportLinkOutcome('tok', { code: 'accepted', reporter_name: '看護師 高橋' });
    const [acc, link] = calls();
    expect(acc![0]).toBe('/api/v1/handovers/a1/outcome');
    expect(JSON.parse(String(acc![1].body))).toEqual({ code: 'admitted', note: '整形外科' });
    expect(link![0]).toBe('/api/v1/handover-links/tok/outcome');
    expect(link![1].method).toBe('PUT');
    expect(JSON.parse(String(link![1].body))).toEqual({ code: 'accepted', reporter_name: '看護師 高橋' });
  });

  it('does not send a link visitor to the sign-in page on 401 handover_locked', async () => {
    const handler = vi.fn();
    setUnauthenticatedHandler(handler);
    stubFetch({ error: { code: 'handover_locked', message: 'PINを入力してください (enter the PIN)' } }, 401);
    const err = await getHandoverLink('tok').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect(handler).not.toHaveBeenCalled();
  });

  it('unlocks a link with the PIN', async () => {
    const calls = stubFetch({ expires_at: 123 });
    expect(await unlockHandoverLink('tok', '123456')).toEqual({ expires_at: 123 });
    expect(calls()[0]![0]).toBe('/api/v1/handover-links/tok/unlock');
    expect(JSON.parse(String(calls()[0]![1].body))).toEqual({ pin: '123456' });
  });

  it('reports the tries left after a wrong PIN', async () => {
    stubFetch(
      {
        error: {
          code: 'invalid',
          message: '暗証番号が違います。あと3回 (wrong PIN)',
          field: 'pin',
          details: [
            { field: 'pin', code: 'wrong_pin', message: '暗証番号が違います。あと3回 (wrong PIN)' },
            { field: 'attempts_left', code: '3', message: 'attempts left' },
          ],
        },
      },
      400,
    );
    const err = await unlockHandoverLink('tok', '000000').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PinError);
    expect((err as PinError).attemptsLeft).toBe(3);
  });

  it('gives a plain error for a locked link', async () => {
    stubFetch({ error: { code: 'link_locked', message: 'locked' } }, 410);
    const err = await unlockHandoverLink('tok', '000000').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).not.toBeInstanceOf(PinError);
    expect((err as ApiError).status).toBe(410);
  });

  it('reads attempts_left from the error detail of that name, and nothing else', () => {
    expect(attemptsLeftOf('{"error":{"details":[{"field":"attempts_left","code":"2"}]}}')).toBe(2);
    expect(attemptsLeftOf('{"error":{"details":[{"field":"attempts_left","code":"0"}]}}')).toBe(0);
    expect(attemptsLeftOf('{"error":{"details":[{"field":"pin","code":"2"}]}}')).toBeNull();
    expect(attemptsLeftOf('{"error":{"details":[{"field":"attempts_left","code":"x"}]}}')).toBeNull();
    expect(attemptsLeftOf('{"error":{"attempts_left":2}}')).toBeNull();
    expect(attemptsLeftOf('<html>')).toBeNull();
  });
});
