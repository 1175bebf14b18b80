import { describe, expect, it } from 'vitest';
import type { ReportBody, ReportPlace } from '@/api/watchReports';
import { headline, orderedPlaces, periodPhrase, range, reportIdFromQuery } from './reportView';

// 2026-11-22 08:00 JST.
const MORNING = Date.UTC(2026, 10, 21, 23, 0);
const HOUR = 3_600_000;

function body(over: Partial<ReportBody> = {}): Pick<ReportBody, 'absence' | 'status' | 'device_problems' | 'totals'> {
  return {
    absence: null,
    status: 'normal',
    device_problems: [],
    totals: { openings_period: 5, openings_today: 5, activity_period: 7, activity_today: 7 },
    ...over,
  };
}

const place = (p: string): ReportPlace => ({ place: p as ReportPlace['place'], openings_period: 0, openings_today: 0, activity_period: 0, activity_today: 0 });

describe('headline', () => {
  it('puts an absence before everything else, then alerts, then watch signs', () => {
    expect(headline(body({ status: 'absent', absence: { reason: 'hospital', ends_at: MORNING } }))).toBe('absent');
    expect(headline(body({ status: 'alert' }))).toBe('alert');
    expect(headline(body({ status: 'watch' }))).toBe('watch');
  });
  it('says quiet when nothing moved in the period even if devices also fail', () => {
    const quiet = body({ totals: { openings_period: 0, openings_today: 0, activity_period: 0, activity_today: 0 } });
    expect(headline(quiet)).toBe('quiet');
    expect(headline({ ...quiet, status: 'device' })).toBe('quiet');
  });
  it('reports device problems apart from the person, and all well otherwise', () => {
    const problem = { problem: 'battery_low' as const, device_kind: 'door' as const, place: 'entrance' as const, battery_pct: 8, last_seen_at: MORNING };
    expect(headline(body({ device_problems: [problem] }))).toBe('device');
    expect(headline(body())).toBe('normal');
  });
});

describe('orderedPlaces', () => {
  it('follows the status list order with unknown places last', () => {
    expect(orderedPlaces([place('living'), place('garage'), place('entrance'), place('fridge')]).map((p) => p.place)).toEqual(['entrance', 'fridge', 'living', 'garage']);
  });
});

describe('periodPhrase', () => {
  it('shows Tokyo time and omits the end date on the same day', () => {
    expect(periodPhrase(MORNING, MORNING + 6 * HOUR, 'ja').params).toEqual({ from: '11月22日 08:00', to: '14:00' });
  });
  it('names the end date when the period crosses midnight', () => {
    expect(periodPhrase(MORNING - 18 * HOUR, MORNING, 'ja').params).toEqual({ from: '11月21日 14:00', to: '11月22日 08:00' });
    expect(periodPhrase(MORNING - 18 * HOUR, MORNING, 'en').params).toEqual({ from: '11/21 14:00', to: '11/22 08:00' });
  });
});

describe('range', () => {
  it('joins min and max, collapses equal ends and says nothing without data', () => {
    expect(range(24.14, 26.3)).toBe('24.1〜26.3');
    expect(range(25, 25.04)).toBe('25');
    expect(range(null, 27)).toBe('27');
    expect(range(null, null)).toBeNull();
  });
});

describe('reportIdFromQuery', () => {
  it('accepts an id and refuses anything else', () => {
    expect(reportIdFromQuery('01936f2a-7c1e-7abc-8def-0123456789ab')).toBe('01936f2a-7c1e-7abc-8def-0123456789ab');
    expect(reportIdFromQuery(['abc', 'def'])).toBe('abc');
    expect(reportIdFromQuery('../admin')).toBeNull();
    expect(reportIdFromQuery(undefined)).toBeNull();
    expect(reportIdFromQuery('')).toBeNull();
  });
});
