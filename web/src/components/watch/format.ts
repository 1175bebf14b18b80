// How the watch screens put times and readings into words, pure (the clock is passed in) so
// that it is unit-tested: "3時間前" for the last activity, the countdown to the next ladder step
// (overdue in red), and the evidence of an alert as sentences. Each answer is a message key
// under `watch.` with its parameters; the component translates it.
import { formatDateTime, jstParts, type Locale } from '@/lib/datetime';
import type { AlertEvidence, AlertKind } from '@/api/watchTypes';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface Phrase {
  key: string;
  params: Record<string, string | number>;
}

/**
 * How long ago `ms` was: "たった今" under a minute, minutes under an hour, hours under two days,
 * then days. Rounded down, so "3時間前" means at least three hours. A time slightly in the
 * future (a device clock ahead of ours) reads as "たった今".
 */
export function ago(ms: number, now: number): Phrase {
  const d = now - ms;
  if (d < MINUTE) return { key: 'watch.ago.justNow', params: {} };
  if (d < HOUR) return { key: 'watch.ago.minutes', params: { n: Math.floor(d / MINUTE) } };
  if (d < 2 * DAY) return { key: 'watch.ago.hours', params: { n: Math.floor(d / HOUR) } };
  return { key: 'watch.ago.days', params: { n: Math.floor(d / DAY) } };
}

export interface StepCountdown extends Phrase {
  overdue: boolean;
  /** Redraw after this many ms (every second in the last ten minutes and once overdue less than an hour). */
  tickMs: number;
}

/**
 * The time left until the next ladder step is due, or how long it is overdue. Left: minutes and
 * seconds in the last hour (seconds rounded up, so "あと0分0秒" never shows before it is due),
 * else hours and minutes. Overdue: from the moment it is due, minutes (then hours) past.
 */
export function stepCountdown(dueAt: number, now: number): StepCountdown {
  const left = dueAt - now;
  if (left > 0) {
    if (left >= HOUR) {
      return { key: 'watch.countdown.leftHours', params: { h: Math.floor(left / HOUR), m: Math.floor((left % HOUR) / MINUTE) }, overdue: false, tickMs: 15 * SECOND };
    }
    const total = Math.ceil(left / SECOND);
    return { key: 'watch.countdown.leftMinutes', params: { m: Math.floor(total / 60), s: total % 60 }, overdue: false, tickMs: SECOND };
  }
  const past = now - dueAt;
  if (past >= HOUR) {
    return { key: 'watch.countdown.overdueHours', params: { h: Math.floor(past / HOUR), m: Math.floor((past % HOUR) / MINUTE) }, overdue: true, tickMs: 30 * SECOND };
  }
  const total = Math.floor(past / SECOND);
  return { key: 'watch.countdown.overdueMinutes', params: { m: Math.floor(total / 60), s: total % 60 }, overdue: true, tickMs: SECOND };
}

/** "11月22日 06:12" (ja) or "Nov 22 06:12"-like "11/22 06:12" (en), in Tokyo time, without the year. */
export function shortDateTime(ms: number, locale: Locale): string {
  const p = jstParts(ms);
  const hm = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  return locale === 'ja' ? `${p.month}月${p.day}日 ${hm}` : `${p.month}/${p.day} ${hm}`;
}

/** The exact time for a title attribute: the full date in Tokyo time, with "JST". */
export function exactTime(ms: number, locale: Locale): string {
  return `${formatDateTime(ms, locale)} JST`;
}

/** One decimal, without a trailing ".0" (28 → "28", 28.26 → "28.3"). */
export function oneDecimal(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

/**
 * The evidence of an alert as phrases, most telling first. `time` formats an instant (the
 * component passes date and "n時間前"); members a kind does not use are ignored, and missing
 * ones leave their phrase out.
 */
export function evidencePhrases(kind: AlertKind | string, ev: AlertEvidence, time: (ms: number) => string): Phrase[] {
  const out: Phrase[] = [];
  const lastActivity = () => {
    if (ev.last_activity_at) out.push({ key: 'watch.evidence.lastActivity', params: { time: time(ev.last_activity_at) } });
    else if ('last_activity_at' in ev) out.push({ key: 'watch.evidence.noActivity', params: {} });
  };
  switch (kind) {
    case 'inactivity':
      lastActivity();
      if (ev.hours !== undefined) out.push({ key: 'watch.evidence.silentHours', params: { n: ev.hours, threshold: ev.threshold_hours ?? '—' } });
      break;
    case 'daytime_silence':
      if (ev.check_time) out.push({ key: 'watch.evidence.checkTime', params: { since: ev.since ? shortTime(ev.since) : '—', check: ev.check_time } });
      lastActivity();
      break;
    case 'heat':
      if (ev.wbgt !== undefined) out.push({ key: 'watch.evidence.wbgt', params: { wbgt: oneDecimal(ev.wbgt), threshold: ev.threshold_wbgt ?? '—' } });
      if (ev.temperature_c !== undefined) out.push(climatePhrase(ev));
      if (ev.measured_at) out.push({ key: 'watch.evidence.measuredAt', params: { time: time(ev.measured_at) } });
      break;
    case 'cold':
      if (ev.temperature_c !== undefined) out.push({ key: 'watch.evidence.cold', params: { c: oneDecimal(ev.temperature_c), threshold: ev.threshold_c ?? '—' } });
      if (ev.humidity_pct !== undefined && ev.humidity_pct !== null) out.push({ key: 'watch.evidence.humidity', params: { h: oneDecimal(ev.humidity_pct) } });
      if (ev.measured_at) out.push({ key: 'watch.evidence.measuredAt', params: { time: time(ev.measured_at) } });
      break;
    case 'below_baseline':
      if (ev.actual !== undefined && ev.expected !== undefined) {
        out.push({ key: 'watch.evidence.belowBaseline', params: { from: ev.from ?? '00:00', to: ev.to ?? '—', actual: ev.actual, expected: oneDecimal(ev.expected), weeks: ev.weeks ?? '—' } });
      }
      if (ev.ratio !== undefined) out.push({ key: 'watch.evidence.ratio', params: { pct: Math.round(ev.ratio * 100) } });
      break;
    case 'night_activity':
      if (ev.actual !== undefined) {
        out.push({ key: 'watch.evidence.night', params: { from: ev.from ?? '00:00', to: ev.to ?? '04:00', actual: ev.actual, median: oneDecimal(ev.median ?? 0), nights: ev.nights ?? '—' } });
      }
      if (ev.threshold !== undefined) out.push({ key: 'watch.evidence.nightThreshold', params: { n: oneDecimal(ev.threshold) } });
      break;
    case 'device_offline':
      if (ev.last_seen_at) out.push({ key: 'watch.evidence.lastSeen', params: { time: time(ev.last_seen_at) } });
      else out.push({ key: 'watch.evidence.neverSeen', params: {} });
      if (ev.minutes_offline !== undefined) {
        const threshold = ev.threshold_minutes ?? '—';
        // Two days and more read better in days ("30日") than in hours ("720時間0分").
        if (ev.minutes_offline >= 48 * 60) out.push({ key: 'watch.evidence.offlineForDays', params: { d: Math.floor(ev.minutes_offline / 1440), threshold } });
        else out.push({ key: 'watch.evidence.offlineFor', params: { h: Math.floor(ev.minutes_offline / 60), m: ev.minutes_offline % 60, threshold } });
      }
      break;
    case 'battery_low':
      if (ev.battery_pct !== undefined) out.push({ key: 'watch.evidence.battery', params: { pct: ev.battery_pct, threshold: ev.threshold_pct ?? '—' } });
      break;
    default:
      break;
  }
  return out;
}

function climatePhrase(ev: AlertEvidence): Phrase {
  if (ev.humidity_pct !== undefined && ev.humidity_pct !== null) {
    return { key: 'watch.evidence.climate', params: { c: oneDecimal(ev.temperature_c ?? 0), h: oneDecimal(ev.humidity_pct) } };
  }
  return { key: 'watch.evidence.temperature', params: { c: oneDecimal(ev.temperature_c ?? 0) } };
}

/** "06:00" for an instant, Tokyo time. */
export function shortTime(ms: number): string {
  const p = jstParts(ms);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}
