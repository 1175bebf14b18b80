// How a scheduled watch report reads (pure, unit-tested): one headline for the period, the
// places in the status list's order, the period as "11月22日 08:00 〜 14:00", the room's range,
// and the report id a notification's link carries in `?report=`.
import { PLACES } from '@/api/watchTypes';
import type { ReportBody, ReportPlace } from '@/api/watchReports';
import { jstParts, type Locale } from '@/lib/datetime';
import { oneDecimal, shortDateTime, type Phrase } from './format';

export type Headline = 'absent' | 'alert' | 'watch' | 'device' | 'quiet' | 'normal';

/**
 * The one sentence a reader needs first, most serious first: away (a scheduled absence covers
 * the report time), an alert or a watch sign still open, device problems only, no activity at
 * all since the previous report, else all well.
 */
export function headline(body: Pick<ReportBody, 'absence' | 'status' | 'device_problems' | 'totals'>): Headline {
  if (body.absence || body.status === 'absent') return 'absent';
  if (body.status === 'alert') return 'alert';
  if (body.status === 'watch') return 'watch';
  if (body.totals && body.totals.activity_period === 0) return 'quiet';
  if (body.status === 'device' || body.device_problems.length > 0) return 'device';
  return 'normal';
}

/** The places in the status list's order (玄関, 冷蔵庫, …), unknown codes last. */
export function orderedPlaces(places: ReportPlace[]): ReportPlace[] {
  const rank = (p: string) => {
    const i = (PLACES as readonly string[]).indexOf(p);
    return i < 0 ? PLACES.length : i;
  };
  return [...places].sort((a, b) => rank(a.place) - rank(b.place) || a.place.localeCompare(b.place));
}

function hm(ms: number): string {
  const p = jstParts(ms);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** The period in Tokyo time; the end's date only when it is another day than the start's. */
export function periodPhrase(from: number, to: number, locale: Locale): Phrase {
  const a = jstParts(from);
  const b = jstParts(to);
  const sameDay = a.year === b.year && a.month === b.month && a.day === b.day;
  return { key: 'watch.reports.period', params: { from: shortDateTime(from, locale), to: sameDay ? hm(to) : shortDateTime(to, locale) } };
}

/** "24.1〜26.3" for a range, one value when both ends agree, null when nothing was measured. */
export function range(min: number | null, max: number | null): string | null {
  if (min === null && max === null) return null;
  if (min === null || max === null || oneDecimal(min) === oneDecimal(max)) return oneDecimal((min ?? max) as number);
  return `${oneDecimal(min)}〜${oneDecimal(max)}`;
}

/** The report id of `?report=` (a notification's link), or null for anything that is not one. */
export function reportIdFromQuery(value: unknown): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v) ? v : null;
}
