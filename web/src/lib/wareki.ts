// Birth dates as people type them: 西暦 (1936-01-01, 1936/1/1, 1936年1月1日, 19360101) or 和暦
// (昭和11年1月1日, 昭和元年12月25日, 昭11.1.1, S11.1.1, s11-1-1, ㍼11.1.1). Mirrors the server's
// core/wareki.cpp so that a form can check a date before sending it; the server stays the judge.
// Birth dates are typed, never picked from a calendar (CONVENTIONS.md).

/** A calendar day without time or zone. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export type BirthDateResult =
  | { ok: true; date: CalendarDate; iso: string }
  | { ok: false; code: 'date_format' | 'date_out_of_range'; era?: EraName };

export type EraName = '明治' | '大正' | '昭和' | '平成' | '令和';

interface Era {
  name: EraName;
  short: string; // 昭
  letter: string; // S
  square: string; // ㍼
  start: CalendarDate; // the day the era began (改元)
}

// In order; each era ends the day before the next one starts.
const ERAS: readonly Era[] = [
  { name: '明治', short: '明', letter: 'M', square: '\u337E', start: { year: 1868, month: 10, day: 23 } },
  { name: '大正', short: '大', letter: 'T', square: '\u337D', start: { year: 1912, month: 7, day: 30 } },
  { name: '昭和', short: '昭', letter: 'S', square: '\u337C', start: { year: 1926, month: 12, day: 25 } },
  { name: '平成', short: '平', letter: 'H', square: '\u337B', start: { year: 1989, month: 1, day: 8 } },
  { name: '令和', short: '令', letter: 'R', square: '\u32FF', start: { year: 2019, month: 5, day: 1 } },
];

const MIN_YEAR = 1868;
const MAX_YEAR = 2200;

function isDashLike(c: string): boolean {
  const cp = c.codePointAt(0) ?? 0;
  return (
    c === '-' ||
    cp === 0x30fc ||
    cp === 0xff70 ||
    (cp >= 0x2010 && cp <= 0x2015) ||
    cp === 0x2212 ||
    cp === 0xff0d
  );
}

/** Full-width ASCII to ASCII, ideographic space to space, and dashes after a digit to '-'. */
export function foldWidth(text: string): string {
  const out: string[] = [];
  for (const c of text) {
    const cp = c.codePointAt(0) ?? 0;
    let folded = c;
    if (cp >= 0xff01 && cp <= 0xff5e) folded = String.fromCodePoint(cp - 0xfee0);
    else if (cp === 0x3000) folded = ' ';
    else if (cp === 0x2212) folded = '-';
    else if (isDashLike(c) && out.length > 0 && /^[0-9]$/.test(out[out.length - 1] ?? '')) folded = '-';
    out.push(folded);
  }
  return out.join('');
}

function compare(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** True when `d` names a day that exists in the Gregorian calendar (years 1–9999). */
export function isValidCalendarDate(d: CalendarDate): boolean {
  if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1) return false;
  const leap = (d.year % 4 === 0 && d.year % 100 !== 0) || d.year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][d.month - 1] ?? 0;
  return d.day <= days;
}

// A cursor over the folded text; spaces between the parts of a date are skipped.
class Scanner {
  private pos = 0;
  private readonly chars: string[];

  constructor(text: string) {
    this.chars = Array.from(text);
  }

  private skipSpaces(): void {
    while (this.pos < this.chars.length && (this.chars[this.pos] === ' ' || this.chars[this.pos] === '\t')) {
      this.pos++;
    }
  }

  atEnd(): boolean {
    this.skipSpaces();
    return this.pos === this.chars.length;
  }

  peek(): string {
    this.skipSpaces();
    return this.chars[this.pos] ?? '';
  }

  consume(c: string): boolean {
    if (this.peek() !== c) return false;
    this.pos++;
    return true;
  }

  consumeText(s: string): boolean {
    this.skipSpaces();
    const want = Array.from(s);
    for (let i = 0; i < want.length; i++) {
      if (this.chars[this.pos + i] !== want[i]) return false;
    }
    this.pos += want.length;
    return true;
  }

  /** A run of up to 9 ASCII digits: its value and how many digits there were. */
  number(): { value: number; digits: number } {
    this.skipSpaces();
    let value = 0;
    let digits = 0;
    while (digits < 9 && /^[0-9]$/.test(this.chars[this.pos] ?? '')) {
      value = value * 10 + Number(this.chars[this.pos]);
      this.pos++;
      digits++;
    }
    return { value, digits };
  }
}

function scanEra(s: Scanner): number {
  for (let i = 0; i < ERAS.length; i++) {
    if (s.consumeText(ERAS[i]!.name)) return i;
  }
  const c = s.peek();
  for (let i = 0; i < ERAS.length; i++) {
    const era = ERAS[i]!;
    if (c === era.short || c === era.letter || c === era.letter.toLowerCase() || c === era.square) {
      s.consume(c);
      return i;
    }
  }
  return -1;
}

interface Parts {
  era: number; // index into ERAS, or -1 for 西暦
  date: CalendarDate; // year is the era year when era >= 0
}

function scan(text: string): Parts | null {
  const s = new Scanner(text);
  const era = scanEra(s);
  let year: number;
  let yearDigits: number;
  if (era >= 0 && s.consume('元')) {
    year = 1;
    yearDigits = 1;
  } else {
    ({ value: year, digits: yearDigits } = s.number());
  }
  if (era < 0 && yearDigits === 8 && s.atEnd()) {
    // 19360101
    return { era, date: { year: Math.floor(year / 10000), month: Math.floor(year / 100) % 100, day: year % 100 } };
  }
  const yearOk = era >= 0 ? yearDigits >= 1 && yearDigits <= 3 : yearDigits === 4;
  if (!yearOk) return null;

  const separator = s.peek();
  const kanji = separator === '年';
  if (!kanji && separator !== '-' && separator !== '/' && separator !== '.') return null;
  s.consume(separator);
  const month = s.number();
  if (month.digits < 1 || month.digits > 2 || !s.consume(kanji ? '月' : separator)) return null;
  const day = s.number();
  if (day.digits < 1 || day.digits > 2) return null;
  if (kanji && !s.consume('日')) return null;
  if (!s.atEnd()) return null;
  return { era, date: { year, month: month.value, day: day.value } };
}

/** "1936-01-01". */
export function formatIsoDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** "昭和11年1月1日"; the first year of an era is 元年. Before 明治 the 西暦 form is used. */
export function formatWareki(d: CalendarDate): string {
  for (let i = ERAS.length - 1; i >= 0; i--) {
    const era = ERAS[i]!;
    if (compare(d, era.start) < 0) continue;
    const y = d.year - era.start.year + 1;
    return `${era.name}${y === 1 ? '元' : y}年${d.month}月${d.day}日`;
  }
  return `${d.year}年${d.month}月${d.day}日`;
}

/**
 * Parses a birth date typed in 西暦 or 和暦 (full-width digits and letters work too). Fails with
 * `date_format` when the text is not a date, or `date_out_of_range` for impossible days
 * (2月30日), dates outside their era (昭和64年1月8日) and years before 1868 or after 2200.
 */
export function parseBirthDate(text: string): BirthDateResult {
  const parts = scan(foldWidth(text));
  if (!parts) return { ok: false, code: 'date_format' };
  const date = { ...parts.date };
  const era = parts.era >= 0 ? ERAS[parts.era]! : undefined;
  if (era) {
    if (date.year < 1) return { ok: false, code: 'date_out_of_range', era: era.name };
    date.year += era.start.year - 1;
  }
  if (date.year < MIN_YEAR || date.year > MAX_YEAR) return { ok: false, code: 'date_out_of_range' };
  if (!isValidCalendarDate(date)) return { ok: false, code: 'date_out_of_range' };
  if (era) {
    const next = ERAS[parts.era + 1];
    if (compare(date, era.start) < 0 || (next && compare(date, next.start) >= 0)) {
      return { ok: false, code: 'date_out_of_range', era: era.name };
    }
  }
  return { ok: true, date, iso: formatIsoDate(date) };
}

/** Age in full years on `on`; it goes up on the birthday (29 Feb births on 1 Mar). */
export function ageOn(birth: CalendarDate, on: CalendarDate): number {
  let age = on.year - birth.year;
  if (on.month < birth.month || (on.month === birth.month && on.day < birth.day)) age--;
  return age;
}
