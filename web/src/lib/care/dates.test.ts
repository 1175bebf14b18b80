import { describe, expect, it } from 'vitest';
import { formatBirthDate, formatIsoDay, jstDayBefore, jstLocalInputToMs, msToJstLocalInput, parseIsoDay, todayJst } from './dates';

describe('care dates', () => {
  it('shows birth dates in 和暦 (English adds the western date)', () => {
    expect(formatBirthDate('1936-01-01', 'ja')).toBe('昭和11年1月1日');
    expect(formatBirthDate('2019-05-01', 'ja')).toBe('令和元年5月1日');
    expect(formatBirthDate('1936-01-01', 'en')).toBe('1936-01-01 (昭和11年1月1日)');
    expect(formatBirthDate('bad', 'ja')).toBe('bad');
  });

  it('shows days Japanese style', () => {
    expect(formatIsoDay('2026-11-21', 'ja')).toBe('2026年11月21日');
    expect(formatIsoDay('2026-11-21', 'en')).toBe('2026-11-21');
    expect(parseIsoDay('2026-02-30')).toBeNull();
  });

  it('reads and writes datetime-local values in Tokyo time, whatever the machine zone', () => {
    const ms = Date.UTC(2026, 10, 20, 15, 30); // 2026-11-21 00:30 JST
    expect(msToJstLocalInput(ms)).toBe('2026-11-21T00:30');
    expect(jstLocalInputToMs('2026-11-21T00:30')).toBe(ms);
    expect(jstLocalInputToMs('2026-11-31T00:30')).toBeNull();
    expect(jstLocalInputToMs('')).toBeNull();
    expect(todayJst(ms)).toBe('2026-11-21');
    expect(jstDayBefore(1, ms)).toBe('2026-11-20');
  });
});
