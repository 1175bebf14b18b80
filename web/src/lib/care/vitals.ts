// Vital signs (バイタル): the entry form and its checks (the API's ranges), the short summary
// shown under a post, and the series of the charts and their table. Pure.
import { VITAL_KEYS, type VitalKey, type Vitals, type VitalsInput } from '@/api/careTypes';
import { addProblem, type Problems } from './problems';
import { jstLocalInputToMs, msToJstLocalInput } from './dates';

export interface VitalRange {
  min: number;
  max: number;
  /** Decimal places accepted and shown (0: whole numbers). */
  decimals: number;
}

/** The ranges the server accepts (docs/care-api.md, VitalsInput). */
export const VITAL_RANGES: Record<VitalKey, VitalRange> = {
  systolic: { min: 40, max: 300, decimals: 0 },
  diastolic: { min: 20, max: 200, decimals: 0 },
  pulse: { min: 20, max: 250, decimals: 0 },
  temperature: { min: 30.0, max: 43.0, decimals: 1 },
  spo2: { min: 50, max: 100, decimals: 0 },
  respiration: { min: 4, max: 80, decimals: 0 },
  weight: { min: 1.0, max: 300.0, decimals: 1 },
  glucose: { min: 10, max: 1000, decimals: 0 },
};

/** The server allows `measured_at` up to 10 minutes ahead (clock skew). */
export const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

export type VitalsForm = { measured_at: string } & Record<VitalKey, string>;

export function emptyVitalsForm(now: number = Date.now()): VitalsForm {
  const form = { measured_at: msToJstLocalInput(now) } as VitalsForm;
  for (const k of VITAL_KEYS) form[k] = '';
  return form;
}

export function vitalsFormIsBlank(form: VitalsForm): boolean {
  return VITAL_KEYS.every((k) => !form[k].trim());
}

function parseNumber(text: string): number | null | undefined {
  const s = text.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (!s) return undefined;
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/**
 * The VitalsInput of a form, or the problems (message keys per field, paths prefixed with
 * `prefix`, e.g. "vitals."): at least one value, each in range, diastolic below systolic,
 * the time not in the future.
 */
export function vitalsInputOf(
  form: VitalsForm,
  now: number = Date.now(),
  prefix = '',
): { input: VitalsInput | null; problems: Problems } {
  const problems: Problems = {};
  const at = jstLocalInputToMs(form.measured_at);
  if (!form.measured_at.trim()) addProblem(problems, `${prefix}measured_at`, 'form.requiredField');
  else if (at === null) addProblem(problems, `${prefix}measured_at`, 'apiErrors.detail.date_format');
  else if (at > now + FUTURE_TOLERANCE_MS) addProblem(problems, `${prefix}measured_at`, 'care.errors.futureTime');
  const values: Partial<Record<VitalKey, number>> = {};
  for (const k of VITAL_KEYS) {
    const n = parseNumber(form[k]);
    if (n === undefined) continue;
    const r = VITAL_RANGES[k];
    if (n === null) addProblem(problems, `${prefix}${k}`, 'form.notANumber');
    else if (n < r.min || n > r.max) addProblem(problems, `${prefix}${k}`, 'care.errors.outOfRange');
    else if (r.decimals === 0 && !Number.isInteger(n)) addProblem(problems, `${prefix}${k}`, 'care.errors.integer');
    else values[k] = n;
  }
  if (values.systolic !== undefined && values.diastolic !== undefined && values.diastolic >= values.systolic) {
    addProblem(problems, `${prefix}diastolic`, 'care.errors.diastolicBelowSystolic');
  }
  if (vitalsFormIsBlank(form)) addProblem(problems, `${prefix}systolic`, 'care.errors.vitalsOneValue');
  if (Object.keys(problems).length > 0 || at === null) return { input: null, problems };
  return { input: { measured_at: at, ...values }, problems };
}

/** A value with the decimals its vital uses (36.5, 120). */
export function formatVital(key: VitalKey, value: number): string {
  return value.toFixed(VITAL_RANGES[key].decimals);
}

/** The measured values of a record, in the order of VITAL_KEYS (blood pressure as one item). */
export type VitalItem =
  | { key: 'bp'; systolic: number | null; diastolic: number | null }
  | { key: Exclude<VitalKey, 'systolic' | 'diastolic'>; value: number };

export function vitalItems(v: Partial<Record<VitalKey, number | null>>): VitalItem[] {
  const out: VitalItem[] = [];
  const has = (k: VitalKey) => typeof v[k] === 'number';
  if (has('systolic') || has('diastolic')) {
    out.push({ key: 'bp', systolic: has('systolic') ? (v.systolic as number) : null, diastolic: has('diastolic') ? (v.diastolic as number) : null });
  }
  for (const k of VITAL_KEYS) {
    if (k === 'systolic' || k === 'diastolic' || !has(k)) continue;
    out.push({ key: k, value: v[k] as number });
  }
  return out;
}

// ---- charts -------------------------------------------------------------------------------

/** One chart: blood pressure has two lines, every other vital one. */
export type ChartKind = 'bp' | Exclude<VitalKey, 'systolic' | 'diastolic'>;
export const CHART_KINDS: readonly ChartKind[] = ['bp', 'pulse', 'temperature', 'spo2', 'respiration', 'weight', 'glucose'];

export interface SeriesPoint {
  x: number; // measured_at, epoch ms
  y: number;
}

export interface ChartSeries {
  kind: ChartKind;
  lines: { key: VitalKey; points: SeriesPoint[] }[];
}

/** The keys drawn in a chart. */
export function chartKeys(kind: ChartKind): VitalKey[] {
  return kind === 'bp' ? ['systolic', 'diastolic'] : [kind];
}

/**
 * The series of every chart that has at least one value, points in time order (the API sends
 * oldest first; sorted again so that the order never depends on it).
 */
export function buildChartSeries(records: readonly Vitals[]): ChartSeries[] {
  const sorted = [...records].sort((a, b) => a.measured_at - b.measured_at);
  const out: ChartSeries[] = [];
  for (const kind of CHART_KINDS) {
    const lines = chartKeys(kind).map((key) => ({
      key,
      points: sorted.filter((r) => typeof r[key] === 'number').map((r) => ({ x: r.measured_at, y: r[key] as number })),
    }));
    if (lines.some((l) => l.points.length > 0)) out.push({ kind, lines });
  }
  return out;
}

/** The y-axis bounds of a chart: the data with a little room, within the vital's range. */
export function chartBounds(series: ChartSeries): { min: number; max: number } {
  const ys = series.lines.flatMap((l) => l.points.map((p) => p.y));
  const keys = chartKeys(series.kind);
  const lo = Math.min(...keys.map((k) => VITAL_RANGES[k].min));
  const hi = Math.max(...keys.map((k) => VITAL_RANGES[k].max));
  if (ys.length === 0) return { min: lo, max: hi };
  const min = Math.min(...ys);
  const max = Math.max(...ys);
  const pad = Math.max((max - min) * 0.15, series.kind === 'temperature' || series.kind === 'weight' ? 0.5 : 5);
  return { min: Math.max(lo, Math.floor(min - pad)), max: Math.min(hi, Math.ceil(max + pad)) };
}

/** The rows of a chart's table: the records with a value for it, newest first. */
export function tableRowsFor(records: readonly Vitals[], kind: ChartKind): Vitals[] {
  const keys = chartKeys(kind);
  return records.filter((r) => keys.some((k) => typeof r[k] === 'number')).sort((a, b) => b.measured_at - a.measured_at);
}

/** A table cell: "128/76" for blood pressure, "36.8" for temperature; `none` for a missing value. */
export function tableCell(record: Vitals, kind: ChartKind, none: string): string {
  return chartKeys(kind)
    .map((k) => (typeof record[k] === 'number' ? formatVital(k, record[k] as number) : none))
    .join('/');
}
