import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, isoJst, jstDayRange, jstDayStart, jstParts } from './datetime';

// 2026-11-21 05:05:00 UTC = 2026-11-21 14:05 in Tokyo.
const AFTERNOON = Date.UTC(2026, 10, 21, 5, 5, 0);

describe('formatDateTime', () => {
  it('shows Tokyo time in Japanese style', () => {
    expect(formatDateTime(AFTERNOON, 'ja')).toBe('2026年11月21日 14:05');
  });

  it('shows Tokyo time ISO-like in English', () => {
    expect(formatDateTime(AFTERNOON, 'en')).toBe('2026-11-21 14:05');
  });

  it('moves to the next day in Tokyo when UTC is still on the previous one', () => {
    const utcEvening = Date.UTC(2026, 11, 31, 15, 30); // 2026-12-31 15:30 UTC
    expect(formatDateTime(utcEvening, 'ja')).toBe('2027年1月1日 00:30');
    expect(formatDate(utcEvening, 'en')).toBe('2027-01-01');
  });

  it('pads single-digit hours and minutes', () => {
    expect(formatDateTime(Date.UTC(2026, 0, 1, 0, 7), 'ja')).toBe('2026年1月1日 09:07');
  });

  it('handles instants before 1970', () => {
    expect(formatDate(Date.UTC(1936, 0, 1, 0, 0), 'ja')).toBe('1936年1月1日');
  });
});

describe('jstParts and isoJst', () => {
  it('gives the Tokyo wall clock', () => {
    expect(jstParts(AFTERNOON)).toEqual({ year: 2026, month: 11, day: 21, hour: 14, minute: 5, second: 0 });
    expect(isoJst(AFTERNOON)).toBe('2026-11-21T14:05:00+09:00');
  });
});

describe('jstDayStart', () => {
  it('is midnight in Tokyo, 15:00 UTC the day before', () => {
    expect(jstDayStart('2026-11-21')).toBe(Date.UTC(2026, 10, 20, 15, 0));
  });

  it('rejects impossible days and other text', () => {
    expect(jstDayStart('2026-02-30')).toBeNull();
    expect(jstDayStart('2026/11/21')).toBeNull();
    expect(jstDayStart('')).toBeNull();
  });
});

describe('jstDayRange', () => {
  it('includes the whole last day (to is exclusive)', () => {
    const r = jstDayRange('2026-11-21', '2026-11-21');
    expect(r.from).toBe(Date.UTC(2026, 10, 20, 15));
    expect(r.to).toBe(Date.UTC(2026, 10, 21, 15));
  });

  it('leaves out empty ends', () => {
    expect(jstDayRange('', '')).toEqual({});
    expect(jstDayRange('2026-11-21', '').to).toBeUndefined();
  });

  it('flags a range that ends before it starts', () => {
    expect(jstDayRange('2026-11-22', '2026-11-21')).toEqual({ invalid: 'to' });
    expect(jstDayRange('2026-13-01', '')).toEqual({ invalid: 'from' });
  });
});
