// Times arrive from the API as UTC epoch milliseconds and are shown in Asia/Tokyo. Japan has no
// daylight saving time, so JST is a fixed UTC+9 and needs no time-zone database: the functions
// here are pure and give the same answer on every machine, whatever its own zone.

export type Locale = 'ja' | 'en';

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface JstParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading in Tokyo at the instant `ms`. */
export function jstParts(ms: number): JstParts {
  const d = new Date(ms + JST_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** 2026年11月21日 (ja) or 2026-11-21 (en), the Tokyo calendar day of `ms`. */
export function formatDate(ms: number, locale: Locale): string {
  const p = jstParts(ms);
  return locale === 'ja'
    ? `${p.year}年${p.month}月${p.day}日`
    : `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** 2026年11月21日 14:05 (ja) or 2026-11-21 14:05 (en), in Tokyo time. */
export function formatDateTime(ms: number, locale: Locale): string {
  const p = jstParts(ms);
  return `${formatDate(ms, locale)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The ISO 8601 instant with the +09:00 offset, for <time datetime="…">. */
export function isoJst(ms: number): string {
  const p = jstParts(ms);
  return (
    `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T` +
    `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+09:00`
  );
}

/**
 * The instant at which the Tokyo calendar day `yyyy-mm-dd` (as an <input type="date"> gives it)
 * begins, or null for anything that is not a real day.
 */
export function jstDayStart(isoDay: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const utc = Date.UTC(year, month - 1, day);
  const check = new Date(utc);
  if (
    year < 1 ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    return null;
  }
  return utc - JST_OFFSET_MS;
}

/**
 * A search range over whole Tokyo days as the audit API takes it: `from` inclusive, `to`
 * exclusive (the start of the day after the last day asked for). Empty inputs give undefined.
 */
export function jstDayRange(
  fromDay: string,
  toDay: string,
): { from?: number; to?: number; invalid?: 'from' | 'to' } {
  const out: { from?: number; to?: number; invalid?: 'from' | 'to' } = {};
  if (fromDay.trim()) {
    const from = jstDayStart(fromDay);
    if (from === null) return { invalid: 'from' };
    out.from = from;
  }
  if (toDay.trim()) {
    const to = jstDayStart(toDay);
    if (to === null) return { invalid: 'to' };
    out.to = to + DAY_MS;
  }
  if (out.from !== undefined && out.to !== undefined && out.to <= out.from) {
    return { invalid: 'to' };
  }
  return out;
}
