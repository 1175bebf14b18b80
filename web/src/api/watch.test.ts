import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addAbsence,
  addDevice,
  adviseAlert,
  cancelAbsence,
  deviceBody,
  endWatch,
  enrolWatch,
  getAlert,
  getRegionSettings,
  getStatus,
  getStatusRows,
  getWatch,
  isNotEnrolled,
  listAlerts,
  listPersonAlerts,
  notifyAlert,
  postAlertToTimeline,
  recordCall,
  releaseMyAlerts,
  removeDevice,
  resolveAlert,
  rotateDeviceSecret,
  saveRegionSettings,
  statusStreamUrl,
  takeAlert,
  updateWatch,
  PERSONS_PER_REQUEST,
} from './watch';
import { setCsrfToken, setUnauthenticatedHandler } from './client';
import { ApiError } from './errors';
import { stubFetch, type FetchCall } from '@/testing/stubFetch';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setUnauthenticatedHandler(null);
});

const bodyOf = (call: FetchCall | undefined) => JSON.parse(String(call![1].body));

/** Answers every request with 204 No Content (stubFetch's default body would make it invalid). */
function stubNoContent(): () => FetchCall[] {
  const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
  vi.stubGlobal('fetch', fetchMock);
  return () => fetchMock.mock.calls as unknown as FetchCall[];
}

describe('watch API: enrolment and devices', () => {
  it('reads, enrols, updates and ends on the person path with the CSRF token', async () => {
    const calls = stubFetch({ person_id: 'p 1' });
    setCsrfToken('c1');
    await getWatch('p 1');
    await enrolWatch('p 1');
    await updateWatch('p 1', { settings: { inactivity_hours: 8 }, runbook: { note: '耳が遠い' } });
    const ended = stubNoContent();
    await endWatch('p 1');
    const [get, post, put] = calls();
    expect(ended()[0]![0]).toBe('/api/v1/persons/p%201/watch');
    expect(ended()[0]![1].method).toBe('DELETE');
    expect(get![0]).toBe('/api/v1/persons/p%201/watch');
    expect(get![1].method).toBe('GET');
    expect(post![1].method).toBe('POST');
    expect(bodyOf(post)).toEqual({});
    expect((post![1].headers as Record<string, string>)['X-CSRF-Token']).toBe('c1');
    expect(put![1].method).toBe('PUT');
    expect(bodyOf(put)).toEqual({ settings: { inactivity_hours: 8 }, runbook: { note: '耳が遠い' } });
  });

  it('tells "not enrolled" apart from other 404s by the detail code', async () => {
    stubFetch({ error: { code: 'not_found', message: '見守りサービスに登録されていません (not enrolled in watch)', details: [{ field: '', code: 'not_enrolled', message: 'x' }] } }, 404);
    const e = await getWatch('p1').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(isNotEnrolled(e)).toBe(true);
    stubFetch({ error: { code: 'not_found', message: 'no such alert' } }, 404);
    expect(isNotEnrolled(await getAlert('a1').catch((x: unknown) => x))).toBe(false);
    expect(isNotEnrolled(new Error('x'))).toBe(false);
  });

  it('sends a device without blank optional members and returns the one-time secret', async () => {
    const calls = stubFetch({ device: { id: 'door-1' }, secret: 'ab'.repeat(32) });
    const r = await addDevice('p1', { id: ' door-1 ', kind: 'door', place: 'entrance', firmware: ' ', gateway_id: '' });
    expect(r.secret).toHaveLength(64);
    expect(calls()[0]![0]).toBe('/api/v1/persons/p1/watch/devices');
    expect(bodyOf(calls()[0])).toEqual({ id: 'door-1', kind: 'door', place: 'entrance' });
    expect(deviceBody({ id: 'd', kind: 'climate', place: 'living', firmware: '1.2', gateway_id: 'gw-1' })).toEqual({ id: 'd', kind: 'climate', place: 'living', firmware: '1.2', gateway_id: 'gw-1' });
  });

  it('rotates and removes a device by its encoded id', async () => {
    const calls = stubFetch({ device_id: 'a/b', secret: 'f'.repeat(64) });
    await rotateDeviceSecret('p1', 'a/b');
    const removed = stubNoContent();
    await removeDevice('p1', 'a/b');
    expect(calls()[0]![0]).toBe('/api/v1/persons/p1/watch/devices/a%2Fb/secret');
    expect(calls()[0]![1].method).toBe('POST');
    expect(removed()[0]![0]).toBe('/api/v1/persons/p1/watch/devices/a%2Fb');
    expect(removed()[0]![1].method).toBe('DELETE');
  });

  it('adds an absence without a blank note and cancels it', async () => {
    const calls = stubFetch({ id: 'ab1' });
    await addAbsence('p1', { reason: 'hospital', starts_at: 1000, ends_at: 2000, note: '  ' });
    await addAbsence('p1', { reason: 'travel', starts_at: 1000, ends_at: 2000, note: ' 娘の家 ' });
    const [a, b] = calls();
    const cancelled = stubNoContent();
    await cancelAbsence('p1', 'ab1');
    const c = cancelled()[0];
    expect(bodyOf(a)).toEqual({ reason: 'hospital', starts_at: 1000, ends_at: 2000 });
    expect(bodyOf(b).note).toBe('娘の家');
    expect(c![0]).toBe('/api/v1/persons/p1/watch/absences/ab1');
    expect(c![1].method).toBe('DELETE');
  });

  it('pages the person history with the cursor', async () => {
    const calls = stubFetch({ items: [], next_cursor: null, now: 1 });
    await listPersonAlerts('p1');
    await listPersonAlerts('p1', 'cur 1');
    expect(calls().map(([u]) => u)).toEqual(['/api/v1/persons/p1/watch/alerts', '/api/v1/persons/p1/watch/alerts?cursor=cur+1']);
  });
});

describe('watch API: region settings', () => {
  it('reads and replaces the settings of the municipality', async () => {
    const calls = stubFetch({ municipality_code: '132012', settings: {}, thresholds: {}, defaults: {} });
    await getRegionSettings('132012');
    await saveRegionSettings('132012', { heat_wbgt: 27, check_times: ['07:30'] });
    expect(calls()[0]![0]).toBe('/api/v1/municipalities/132012/watch/settings');
    expect(calls()[1]![1].method).toBe('PUT');
    expect(bodyOf(calls()[1])).toEqual({ settings: { heat_wbgt: 27, check_times: ['07:30'] } });
  });

  it('keeps the field paths of a 400 for the form', async () => {
    stubFetch({ error: { code: 'invalid', message: 'x', details: [{ field: 'settings.check_times[1]', code: 'order', message: '時刻は早い順に (ascending)' }] } }, 400);
    const e = (await saveRegionSettings('132012', {}).catch((x: unknown) => x)) as ApiError;
    expect(e.details[0]!.field).toBe('settings.check_times[1]');
  });
});

describe('watch API: status list', () => {
  it('asks for the whole list of the chosen municipality, or the default one', async () => {
    const calls = stubFetch({ municipality_code: '132012', generated_at: 5, counts: {}, items: [] });
    await getStatus('132012');
    await getStatus();
    expect(calls().map(([u]) => u)).toEqual(['/api/v1/watch/status?municipality=132012', '/api/v1/watch/status']);
  });

  it('refetches named rows in chunks and joins them', async () => {
    const persons = Array.from({ length: PERSONS_PER_REQUEST + 3 }, (_, i) => `p${i}`);
    const fetchMock = vi.fn(async (url: string) => {
      const asked = new URL(url, 'http://x').searchParams.get('persons')!.split(',');
      // The server leaves out persons no longer watched: drop every tenth.
      const items = asked.filter((_, i) => i % 10 !== 0).map((id) => ({ person_id: id }));
      return new Response(JSON.stringify({ municipality_code: '132012', generated_at: asked.length, counts: {}, items }), { status: 200 });
    });
    vi.stubGlobal('fetch', fetchMock);
    const r = await getStatusRows('132012', [...persons, 'p1']);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    const first = new URL(fetchMock.mock.calls[0]![0], 'http://x');
    expect(first.searchParams.get('municipality')).toBe('132012');
    expect(first.searchParams.get('persons')!.split(',')).toHaveLength(PERSONS_PER_REQUEST);
    expect(r.items.map((i) => i.person_id)).not.toContain('p0');
    expect(r.items).toHaveLength(90 + 3 - 1);
    expect(r.generated_at).toBe(PERSONS_PER_REQUEST);
  });

  it('builds the stream URL with the municipality', () => {
    expect(statusStreamUrl('132012')).toBe('/api/v1/watch/status/stream?municipality=132012');
    expect(statusStreamUrl()).toBe('/api/v1/watch/status/stream');
  });
});

describe('watch API: alerts', () => {
  it('lists with only the filters given', async () => {
    const calls = stubFetch({ items: [], next_cursor: null, truncated: false, now: 1 });
    await listAlerts();
    await listAlerts({ state: 'resolved', category: 'device', municipality: '132012', cursor: 'c' });
    expect(calls().map(([u]) => u)).toEqual(['/api/v1/watch/alerts', '/api/v1/watch/alerts?state=resolved&category=device&municipality=132012&cursor=c']);
  });

  it('posts each action to its verb with a trimmed note, leaving blank ones out', async () => {
    const calls = stubFetch({ id: 'a1' });
    await takeAlert('a1');
    await takeAlert('a1', ' 夜勤から引き継ぎ ');
    await notifyAlert('a1', 'care_manager', '');
    await adviseAlert('a1', '119', '家族に伝えた');
    await resolveAlert('a1', 'safe');
    await postAlertToTimeline('a1', ' ');
    await releaseMyAlerts('交代');
    const c = calls();
    expect(c.map(([u]) => u)).toEqual([
      '/api/v1/watch/alerts/a1/take',
      '/api/v1/watch/alerts/a1/take',
      '/api/v1/watch/alerts/a1/notify',
      '/api/v1/watch/alerts/a1/advise',
      '/api/v1/watch/alerts/a1/resolve',
      '/api/v1/watch/alerts/a1/post-to-timeline',
      '/api/v1/watch/alerts/release-mine',
    ]);
    expect(c.map(bodyOf)).toEqual([
      {},
      { note: '夜勤から引き継ぎ' },
      { step: 'care_manager' },
      { kind: '119', note: '家族に伝えた' },
      { outcome: 'safe' },
      {},
      { note: '交代' },
    ]);
    expect(c.every(([, init]) => init.method === 'POST')).toBe(true);
  });

  it('records a call with the answer as a boolean, without blank phone and note', async () => {
    const calls = stubFetch({ id: 'a1' });
    await recordCall('a1', { step: 'family', callee: ' 佐藤 一郎 ', phone: '', answered: false, note: '' });
    await recordCall('a1', { step: 'person', callee: '佐藤 花子', phone: ' 03-1234-5678 ', answered: true, note: '無事' });
    expect(calls()[0]![0]).toBe('/api/v1/watch/alerts/a1/calls');
    expect(bodyOf(calls()[0])).toEqual({ step: 'family', callee: '佐藤 一郎', answered: false });
    expect(bodyOf(calls()[1])).toEqual({ step: 'person', callee: '佐藤 花子', phone: '03-1234-5678', answered: true, note: '無事' });
  });

  it('turns a 409 not_taken into an ApiError with its detail code', async () => {
    stubFetch({ error: { code: 'conflict', message: 'x', details: [{ field: '', code: 'not_taken', message: 'x' }] } }, 409);
    const e = (await recordCall('a1', { step: 'person', callee: 'x', answered: true }).catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(409);
    expect(e.detailCode).toBe('not_taken');
  });
});
