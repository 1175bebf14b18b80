// The threshold form shared by the region settings and a person's overrides: what each
// threshold is (its type, unit and the range src/watch/thresholds.cpp accepts), the form's text
// values turned into the JSON the server takes, checks before sending, and the server's field
// names ("settings.check_times[1]") mapped back to the input they are about. Pure, unit-tested.
import type { ThresholdKey, ThresholdOverrides, Thresholds } from '@/api/watchTypes';

export type ThresholdType = 'int' | 'number' | 'time' | 'times';

export interface ThresholdDef {
  key: ThresholdKey;
  type: ThresholdType;
  /** Message key of the unit under watch.units (none for times). */
  unit?: string;
  min?: number;
  max?: number;
  step?: number;
  /** For lists: how many entries. */
  minItems?: number;
  maxItems?: number;
  /** The group the form shows it in. */
  group: 'activity' | 'climate' | 'devices' | 'escalation';
}

/** In the order the form shows them. Ranges as the server checks them. */
export const THRESHOLD_DEFS: readonly ThresholdDef[] = [
  { key: 'inactivity_hours', type: 'int', unit: 'hours', min: 1, max: 72, step: 1, group: 'activity' },
  { key: 'silence_from', type: 'time', group: 'activity' },
  { key: 'check_times', type: 'times', minItems: 1, maxItems: 6, group: 'activity' },
  { key: 'baseline_ratio', type: 'number', min: 0.05, max: 0.9, step: 0.05, group: 'activity' },
  { key: 'baseline_weeks', type: 'int', unit: 'weeks', min: 2, max: 8, step: 1, group: 'activity' },
  { key: 'night_ratio', type: 'number', unit: 'times', min: 1.2, max: 10, step: 0.1, group: 'activity' },
  { key: 'night_min_openings', type: 'int', unit: 'count', min: 1, max: 50, step: 1, group: 'activity' },
  { key: 'heat_wbgt', type: 'number', min: 20, max: 35, step: 0.5, group: 'climate' },
  { key: 'severe_wbgt', type: 'number', min: 20, max: 40, step: 0.5, group: 'climate' },
  { key: 'cold_below_c', type: 'number', unit: 'celsius', min: 0, max: 20, step: 0.5, group: 'climate' },
  { key: 'offline_minutes', type: 'int', unit: 'minutes', min: 15, max: 1440, step: 5, group: 'devices' },
  { key: 'battery_low_pct', type: 'int', unit: 'percent', min: 1, max: 60, step: 1, group: 'devices' },
  { key: 'step_minutes', type: 'int', unit: 'minutes', min: 1, max: 240, step: 1, group: 'escalation' },
  { key: 'report_times', type: 'times', minItems: 0, maxItems: 6, group: 'escalation' },
];

export const THRESHOLD_GROUPS = ['activity', 'climate', 'devices', 'escalation'] as const;

export function defOf(key: ThresholdKey): ThresholdDef {
  return THRESHOLD_DEFS.find((d) => d.key === key)!;
}

/** One input's text: a single value, or one text per time of a list. */
export type FormValue = string | string[];
export type ThresholdFormValues = Record<ThresholdKey, FormValue>;

/** The form's texts for thresholds in force. */
export function formValuesOf(t: Thresholds): ThresholdFormValues {
  const out = {} as ThresholdFormValues;
  for (const d of THRESHOLD_DEFS) {
    const v = t[d.key];
    out[d.key] = Array.isArray(v) ? [...v] : String(v);
  }
  return out;
}

/** A threshold's value as text, for showing a default: "08:00、14:00" for lists. */
export function valueText(v: Thresholds[ThresholdKey] | null | undefined, listSep = '、'): string {
  if (v === null || v === undefined) return '';
  return Array.isArray(v) ? v.join(listSep) : String(v);
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** "H:MM" or "HH:MM" as "HH:MM"; null for anything else. */
export function normaliseTime(text: string): string | null {
  const s = text.normalize('NFKC').trim();
  const m = TIME.exec(s);
  if (!m) return null;
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

/** Field name as the server writes it: `settings.<key>` or `settings.<key>[i]`. */
export function fieldName(key: ThresholdKey, index?: number, prefix = 'settings'): string {
  return `${prefix}.${key}${index === undefined ? '' : `[${index}]`}`;
}

export interface FieldRef {
  key: ThresholdKey;
  /** The list entry the problem is about, for time lists. */
  index: number | null;
}

/**
 * The input a server field name is about: "settings.check_times[1]" → check_times, entry 1.
 * Null for fields that are not thresholds (e.g. "runbook.note", "settings" itself).
 */
export function thresholdFieldOf(field: string, prefix = 'settings'): FieldRef | null {
  if (!field.startsWith(`${prefix}.`)) return null;
  const rest = field.slice(prefix.length + 1);
  const m = /^([a-z_]+)(?:\[(\d+)\])?$/.exec(rest);
  if (!m) return null;
  const key = m[1] as ThresholdKey;
  if (!THRESHOLD_DEFS.some((d) => d.key === key)) return null;
  return { key, index: m[2] === undefined ? null : Number(m[2]) };
}

/** A problem found before sending, keyed like the server's field names. */
export interface LocalProblem {
  field: string;
  /** Message key under watch.thresholds.problems. */
  code: 'required' | 'number' | 'integer' | 'range' | 'time' | 'count' | 'severeAboveHeat' | 'checkAfterSilence';
  params?: Record<string, string | number>;
}

export interface BuiltOverrides {
  settings: ThresholdOverrides;
  problems: LocalProblem[];
  /** Time lists sorted and without duplicates (the server requires it): put back in the form. */
  values: ThresholdFormValues;
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * Reads the form. `include(key)` says which thresholds go into the overrides (all of them for
 * the region when they differ from the built-in default, the changed ones for a person): the
 * others are left out, which keeps the default. Everything is checked as the server would, so
 * that most mistakes show before sending; the server's answer is still authoritative.
 */
export function buildOverrides(values: ThresholdFormValues, include: (key: ThresholdKey, value: Thresholds[ThresholdKey]) => boolean, prefix = 'settings'): BuiltOverrides {
  const problems: LocalProblem[] = [];
  const settings: Record<string, unknown> = {};
  const parsed: Partial<Thresholds> = {};
  const cleaned = { ...values };
  for (const d of THRESHOLD_DEFS) {
    const raw = values[d.key];
    const field = fieldName(d.key, undefined, prefix);
    if (d.type === 'times') {
      const list = (Array.isArray(raw) ? raw : [raw]).map((s) => s.trim()).filter((s) => s !== '');
      const times: string[] = [];
      let bad = false;
      list.forEach((s, i) => {
        const t = normaliseTime(s);
        if (!t) {
          problems.push({ field: fieldName(d.key, i, prefix), code: 'time' });
          bad = true;
        } else {
          times.push(t);
        }
      });
      if (bad) continue;
      const sorted = [...new Set(times)].sort();
      cleaned[d.key] = sorted;
      if (sorted.length < (d.minItems ?? 0) || sorted.length > (d.maxItems ?? 99)) {
        problems.push({ field, code: 'count', params: { min: d.minItems ?? 0, max: d.maxItems ?? 99 } });
        continue;
      }
      (parsed as Record<string, unknown>)[d.key] = sorted;
      continue;
    }
    const text = (Array.isArray(raw) ? raw.join('') : raw).normalize('NFKC').trim();
    if (text === '') {
      problems.push({ field, code: 'required' });
      continue;
    }
    if (d.type === 'time') {
      const t = normaliseTime(text);
      if (!t) {
        problems.push({ field, code: 'time' });
        continue;
      }
      cleaned[d.key] = t;
      (parsed as Record<string, unknown>)[d.key] = t;
      continue;
    }
    const n = Number(text);
    if (!Number.isFinite(n)) {
      problems.push({ field, code: 'number' });
      continue;
    }
    if (d.type === 'int' && !Number.isInteger(n)) {
      problems.push({ field, code: 'integer' });
      continue;
    }
    if ((d.min !== undefined && n < d.min) || (d.max !== undefined && n > d.max)) {
      problems.push({ field, code: 'range', params: { min: d.min ?? '', max: d.max ?? '' } });
      continue;
    }
    (parsed as Record<string, unknown>)[d.key] = n;
  }
  if (parsed.heat_wbgt !== undefined && parsed.severe_wbgt !== undefined && !(parsed.severe_wbgt > parsed.heat_wbgt)) {
    problems.push({ field: fieldName('severe_wbgt', undefined, prefix), code: 'severeAboveHeat' });
  }
  if (parsed.silence_from !== undefined && parsed.check_times !== undefined) {
    const from = toMinutes(parsed.silence_from);
    const i = parsed.check_times.findIndex((c) => toMinutes(c) <= from);
    if (i >= 0) problems.push({ field: fieldName('check_times', i, prefix), code: 'checkAfterSilence' });
  }
  for (const d of THRESHOLD_DEFS) {
    const v = parsed[d.key];
    if (v !== undefined && include(d.key, v)) settings[d.key] = v;
  }
  return { settings: settings as ThresholdOverrides, problems, values: cleaned };
}

/** Same value (lists compared entry by entry). */
export function sameValue(a: Thresholds[ThresholdKey] | null | undefined, b: Thresholds[ThresholdKey] | null | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/**
 * Whether the form's text for `key` says the same as `value` (so that "変更あり" marks only real
 * changes: "12.0" is 12, "8:00" is "08:00", blank list entries do not count).
 */
export function formMatches(key: ThresholdKey, text: FormValue, value: Thresholds[ThresholdKey] | null | undefined): boolean {
  if (value === null || value === undefined) return false;
  const d = defOf(key);
  if (d.type === 'times') {
    const list = (Array.isArray(text) ? text : [text]).map((s) => s.trim()).filter((s) => s !== '').map((s) => normaliseTime(s) ?? s);
    return sameValue(list, value);
  }
  const s = (Array.isArray(text) ? text.join('') : text).normalize('NFKC').trim();
  if (d.type === 'time') return normaliseTime(s) === value;
  return s !== '' && Number(s) === value;
}

/** Messages per threshold input; list entries carry their position ("2番目: …"). */
export interface PlacedMessage {
  key: ThresholdKey;
  index: number | null;
  message: string;
}

/**
 * Places field problems (the server's or ours) on the threshold inputs; the rest (fields that are
 * no threshold) come back in `others` for the summary.
 */
export function placeProblems<P extends { field: string }>(problems: readonly P[], text: (p: P) => string, prefix = 'settings'): { placed: PlacedMessage[]; others: string[] } {
  const placed: PlacedMessage[] = [];
  const others: string[] = [];
  for (const p of problems) {
    const ref = thresholdFieldOf(p.field, prefix);
    if (ref) placed.push({ key: ref.key, index: ref.index, message: text(p) });
    else others.push(text(p));
  }
  return { placed, others };
}
