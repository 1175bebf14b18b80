import { describe, expect, it } from 'vitest';
import { ageOn, foldWidth, formatWareki, isValidCalendarDate, parseBirthDate } from './wareki';

const iso = (text: string) => {
  const r = parseBirthDate(text);
  return r.ok ? r.iso : r.code;
};

describe('parseBirthDate', () => {
  it('reads the three forms of the same day alike', () => {
    expect(iso('昭和11年1月1日')).toBe('1936-01-01');
    expect(iso('S11.1.1')).toBe('1936-01-01');
    expect(iso('1936-01-01')).toBe('1936-01-01');
  });

  it('reads the other 西暦 forms', () => {
    expect(iso('1936/1/1')).toBe('1936-01-01');
    expect(iso('1936.01.01')).toBe('1936-01-01');
    expect(iso('1936年1月1日')).toBe('1936-01-01');
    expect(iso('19360101')).toBe('1936-01-01');
  });

  it('reads era letters, short names and the one-character era signs', () => {
    expect(iso('s11-1-1')).toBe('1936-01-01');
    expect(iso('S11/1/1')).toBe('1936-01-01');
    expect(iso('昭11.1.1')).toBe('1936-01-01');
    expect(iso('㍼11.1.1')).toBe('1936-01-01');
    expect(iso('H1.1.8')).toBe('1989-01-08');
    expect(iso('R6.4.1')).toBe('2024-04-01');
    expect(iso('\u32FF6年4月1日')).toBe('2024-04-01');
    expect(iso('大正10年5月3日')).toBe('1921-05-03');
    expect(iso('明治45年7月29日')).toBe('1912-07-29');
  });

  it('reads 元年 as year 1', () => {
    expect(iso('昭和元年12月25日')).toBe('1926-12-25');
    expect(iso('令和元年5月1日')).toBe('2019-05-01');
  });

  it('folds full-width digits, letters and spaces', () => {
    expect(iso('Ｓ１１．１．１')).toBe('1936-01-01');
    expect(iso('昭和 11 年 1 月 1 日')).toBe('1936-01-01');
    expect(iso('１９３６－０１－０１')).toBe('1936-01-01');
    expect(iso('\u3000昭和11年1月1日\u3000')).toBe('1936-01-01');
  });

  it('rejects dates outside their era', () => {
    expect(iso('昭和64年1月7日')).toBe('1989-01-07');
    expect(iso('昭和64年1月8日')).toBe('date_out_of_range');
    expect(iso('平成1年1月7日')).toBe('date_out_of_range');
    expect(iso('令和1年4月30日')).toBe('date_out_of_range');
    expect(iso('明治1年10月22日')).toBe('date_out_of_range');
    const r = parseBirthDate('昭和64年1月8日');
    expect(r.ok === false && r.era).toBe('昭和');
  });

  it('rejects impossible days and years out of range', () => {
    expect(iso('2023-02-29')).toBe('date_out_of_range');
    expect(iso('2024-02-29')).toBe('2024-02-29');
    expect(iso('昭和11年2月30日')).toBe('date_out_of_range');
    expect(iso('1867-12-31')).toBe('date_out_of_range');
    expect(iso('2201-01-01')).toBe('date_out_of_range');
    expect(iso('S0.1.1')).toBe('date_out_of_range');
  });

  it('rejects text that is not a date', () => {
    for (const text of ['', 'きのう', '1936-1/1', '36-01-01', 'S11', '昭和11年1月1', 'X11.1.1', '1936-01-01 extra', 'S1111.1.1']) {
      expect(iso(text), text).toBe('date_format');
    }
  });
});

describe('formatWareki', () => {
  it('writes the era, and 元年 for its first year', () => {
    expect(formatWareki({ year: 1936, month: 1, day: 1 })).toBe('昭和11年1月1日');
    expect(formatWareki({ year: 2019, month: 5, day: 1 })).toBe('令和元年5月1日');
    expect(formatWareki({ year: 1989, month: 1, day: 7 })).toBe('昭和64年1月7日');
    expect(formatWareki({ year: 1800, month: 1, day: 1 })).toBe('1800年1月1日');
  });
});

describe('helpers', () => {
  it('folds width', () => {
    expect(foldWidth('０９０ー１２３４')).toBe('090-1234');
  });

  it('knows leap years', () => {
    expect(isValidCalendarDate({ year: 2000, month: 2, day: 29 })).toBe(true);
    expect(isValidCalendarDate({ year: 1900, month: 2, day: 29 })).toBe(false);
  });

  it('counts age the everyday way', () => {
    const birth = { year: 1936, month: 1, day: 1 };
    expect(ageOn(birth, { year: 2026, month: 1, day: 1 })).toBe(90);
    expect(ageOn(birth, { year: 2025, month: 12, day: 31 })).toBe(89);
    expect(ageOn({ year: 2000, month: 2, day: 29 }, { year: 2001, month: 3, day: 1 })).toBe(1);
    expect(ageOn({ year: 2000, month: 2, day: 29 }, { year: 2001, month: 2, day: 28 })).toBe(0);
  });
});
