// Dates of the care screens: the API's "YYYY-MM-DD" days and epoch-ms instants, read and typed in
// Tokyo time. Birth dates are shown in 和暦 with the age; other days in the Japanese style of
// lib/datetime.ts. Pure, like lib/datetime.ts: JST is a fixed UTC+9.
import { jstParts, type Locale } from '@/lib/datetime';
import { formatWareki, isValidCalendarDate, type CalendarDate } from '@/lib/wareki';

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "1936-01-01" as a calendar day, or null when it is not a real day. */
export function parseIsoDay(iso: string | null | undefined): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec((iso ?? '').trim());
  if (!m) return null;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isValidCalendarDate(d) ? d : null;
}

/** A day as people read it: 2026年11月21日 (ja) or 2026-11-21 (en); the input when unreadable. */
export function formatIsoDay(iso: string | null | undefined, locale: Locale): string {
  const d = parseIsoDay(iso);
  if (!d) return iso ?? '';
  return locale === 'ja' ? `${d.year}年${d.month}月${d.day}日` : `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** A birth date in 和暦 (昭和11年1月1日); in English the western date with the era in brackets. */
export function formatBirthDate(iso: string | null | undefined, locale: Locale): string {
  const d = parseIsoDay(iso);
  if (!d) return iso ?? '';
  const wareki = formatWareki(d);
  return locale === 'ja' ? wareki : `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)} (${wareki})`;
}

/** Today in Tokyo as "YYYY-MM-DD". */
export function todayJst(now: number = Date.now()): string {
  return msToJstDay(now);
}

/** The Tokyo day of an instant as "YYYY-MM-DD". */
export function msToJstDay(ms: number): string {
  const p = jstParts(ms);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The Tokyo day `days` days before `now` (0 = today). */
export function jstDayBefore(days: number, now: number = Date.now()): string {
  return msToJstDay(now - days * DAY_MS);
}

/** An instant as the value of <input type="datetime-local"> in Tokyo time: 2026-11-21T14:05. */
export function msToJstLocalInput(ms: number): string {
  const p = jstParts(ms);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The value of <input type="datetime-local">, read as Tokyo time, as epoch ms; null if invalid. */
export function jstLocalInputToMs(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] ? Number(m[6]) : 0;
  if (!isValidCalendarDate(d) || hour > 23 || minute > 59 || second > 59) return null;
  return Date.UTC(d.year, d.month - 1, d.day, hour, minute, second) - JST_OFFSET_MS;
}
