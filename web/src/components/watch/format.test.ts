import { describe, expect, it } from 'vitest';
import { ago, evidencePhrases, exactTime, oneDecimal, shortDateTime, stepCountdown } from './format';

const MIN = 60_000;
const HOUR = 60 * MIN;
// 2026-11-22 06:12 JST = 2026-11-21 21:12 UTC.
const T = Date.UTC(2026, 10, 21, 21, 12);

describe('ago', () => {
  it('rounds down: minutes, hours up to two days, then days', () => {
    expect(ago(T, T + 30_000)).toEqual({ key: 'watch.ago.justNow', params: {} });
    expect(ago(T, T + 59 * MIN)).toEqual({ key: 'watch.ago.minutes', params: { n: 59 } });
    expect(ago(T, T + 3 * HOUR + 59 * MIN)).toEqual({ key: 'watch.ago.hours', params: { n: 3 } });
    expect(ago(T, T + 47 * HOUR)).toEqual({ key: 'watch.ago.hours', params: { n: 47 } });
    expect(ago(T, T + 49 * HOUR)).toEqual({ key: 'watch.ago.days', params: { n: 2 } });
  });

  it('reads a time slightly ahead of ours (a fast device clock) as just now', () => {
    expect(ago(T + 5 * MIN, T).key).toBe('watch.ago.justNow');
  });
});

describe('stepCountdown', () => {
  it('counts minutes and seconds in the last hour, seconds rounded up', () => {
    const c = stepCountdown(T + 12 * MIN + 29_500, T);
    expect(c).toMatchObject({ key: 'watch.countdown.leftMinutes', params: { m: 12, s: 30 }, overdue: false, tickMs: 1000 });
    // Never "0分0秒" while still due in the future.
    expect(stepCountdown(T + 1, T).params).toEqual({ m: 0, s: 1 });
  });

  it('counts hours and minutes when an hour or more is left', () => {
    expect(stepCountdown(T + HOUR + 5 * MIN + 59_000, T)).toMatchObject({ key: 'watch.countdown.leftHours', params: { h: 1, m: 5 }, overdue: false });
  });

  it('is overdue from the due time on, counting up', () => {
    expect(stepCountdown(T, T)).toMatchObject({ key: 'watch.countdown.overdueMinutes', params: { m: 0, s: 0 }, overdue: true });
    expect(stepCountdown(T, T + 8 * MIN + 5_000)).toMatchObject({ key: 'watch.countdown.overdueMinutes', params: { m: 8, s: 5 }, overdue: true, tickMs: 1000 });
    expect(stepCountdown(T, T + 2 * HOUR + 3 * MIN)).toMatchObject({ key: 'watch.countdown.overdueHours', params: { h: 2, m: 3 }, overdue: true });
  });
});

describe('times and numbers', () => {
  it('shows Tokyo time without the year, and the exact time with JST', () => {
    expect(shortDateTime(T, 'ja')).toBe('11月22日 06:12');
    expect(shortDateTime(T, 'en')).toBe('11/22 06:12');
    expect(exactTime(T, 'ja')).toBe('2026年11月22日 06:12 JST');
  });

  it('keeps one decimal only when it says something', () => {
    expect(oneDecimal(28)).toBe('28');
    expect(oneDecimal(28.26)).toBe('28.3');
    expect(oneDecimal(27.96)).toBe('28');
  });
});

describe('evidencePhrases', () => {
  const time = (ms: number) => `@${ms}`;

  it('says when the last activity was and how long the silence is', () => {
    const p = evidencePhrases('inactivity', { last_activity_at: T, since: T, hours: 13, threshold_hours: 12 }, time);
    expect(p).toEqual([
      { key: 'watch.evidence.lastActivity', params: { time: `@${T}` } },
      { key: 'watch.evidence.silentHours', params: { n: 13, threshold: 12 } },
    ]);
  });

  it('says there was no activity at all when the server sends null', () => {
    const p = evidencePhrases('daytime_silence', { check_time: '08:00', since: Date.UTC(2026, 10, 21, 21, 0), last_activity_at: null }, time);
    expect(p[0]).toEqual({ key: 'watch.evidence.checkTime', params: { since: '06:00', check: '08:00' } });
    expect(p[1]!.key).toBe('watch.evidence.noActivity');
  });

  it('gives the WBGT and the room for heat, rounded', () => {
    const p = evidencePhrases('heat', { wbgt: 29.04, temperature_c: 33.25, humidity_pct: 61, threshold_wbgt: 28, measured_at: T }, time);
    expect(p.map((x) => x.key)).toEqual(['watch.evidence.wbgt', 'watch.evidence.climate', 'watch.evidence.measuredAt']);
    expect(p[0]!.params).toEqual({ wbgt: '29', threshold: 28 });
    expect(p[1]!.params).toEqual({ c: '33.3', h: '61' });
  });

  it('describes device problems in hours and minutes', () => {
    expect(evidencePhrases('device_offline', { last_seen_at: null, minutes_offline: 185, threshold_minutes: 120 }, time)).toEqual([
      { key: 'watch.evidence.neverSeen', params: {} },
      { key: 'watch.evidence.offlineFor', params: { h: 3, m: 5, threshold: 120 } },
    ]);
    expect(evidencePhrases('device_offline', { last_seen_at: T, minutes_offline: 30 * 1440 + 5, threshold_minutes: 120 }, time)[1]).toEqual({ key: 'watch.evidence.offlineForDays', params: { d: 30, threshold: 120 } });
    expect(evidencePhrases('battery_low', { battery_pct: 12, threshold_pct: 20 }, time)).toEqual([{ key: 'watch.evidence.battery', params: { pct: 12, threshold: 20 } }]);
  });

  it('leaves out what the evidence does not carry, and unknown kinds say nothing', () => {
    expect(evidencePhrases('inactivity', {}, time)).toEqual([]);
    expect(evidencePhrases('something_new', { hours: 3 }, time)).toEqual([]);
  });
});
