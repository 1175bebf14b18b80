// Watch analytics (生活情報データ分析, docs/watch-api.md "Analytics"): a person's charts with
// the cohort and trend signs, their CSV downloads, and the region view of a municipality.
import { request, withQuery } from './client';
import { personPath } from './care';

export type CohortKind = 'municipality' | 'sex_age';
export type PersonChart = 'hourly' | 'weekday' | 'night' | 'daily' | 'temperature';
export type SignCode = 'low_activity' | 'low_appetite' | 'cognitive_decline';

export interface AnalyticsQuery {
  from?: string; // YYYY-MM-DD (local), inclusive
  to?: string;
  weeks?: number;
  cohort?: CohortKind;
}

export interface TrendSign {
  id: string;
  sign: SignCode;
  label: string;
  week_start: string;
  detected_at: number;
  /** The chart of the analytics view that shows the evidence. */
  chart: PersonChart;
  evidence: Record<string, unknown> & { reasons?: string[]; ratio?: number; recent_mean?: number; previous_mean?: number };
}

export interface PersonAnalytics {
  person_id: string;
  range: { from: string; to: string; days: number };
  watched_days: number;
  hourly: {
    person: number[];
    cohort: { kind: CohortKind; label: string; size: number; too_small: boolean; min_size: number; mean: number[] | null };
  };
  weekday: { watched_days: number[]; places: { place: string; label: string; mean: number[] }[] };
  night: { week_start: string; watched_nights: number; total: number; mean: number | null }[];
  daily: { date: string; watched: boolean; activity: number | null; fridge: number | null }[];
  temperature: { device_id: string; place: string; label: string; days: { date: string; min: number | null; mean: number | null; max: number | null }[] }[];
  signs: TrendSign[];
}

export interface ResponseStat {
  count: number;
  median_minutes: number | null;
  p90_minutes: number | null;
}

export interface RegionMonth {
  month: string;
  new_persons: number;
  ended_persons: number;
  alerts: number;
  by_kind: Record<string, number>;
  by_severity: Record<string, number>;
  taken: ResponseStat;
  resolved: ResponseStat;
}

export interface RegionView {
  municipality_code: string;
  range: { from: string; to: string };
  participation: { enrolled: number; active: number; ended: number; devices: number; device_problems: number };
  response: {
    taken_median_minutes: number | null;
    taken_p90_minutes: number | null;
    resolved_median_minutes: number | null;
    resolved_p90_minutes: number | null;
  };
  months: RegionMonth[];
}

export interface RegionQuery {
  municipality?: string;
  from?: string;
  to?: string;
}

const analyticsPath = (personId: string) => `${personPath(personId)}/watch/analytics`;

export function getPersonAnalytics(personId: string, q: AnalyticsQuery = {}, signal?: AbortSignal): Promise<PersonAnalytics> {
  return request<PersonAnalytics>(analyticsPath(personId), { query: { ...q }, signal });
}

/** A plain link (the browser downloads the file with the session cookie). */
export function personCsvUrl(personId: string, chart: PersonChart, q: AnalyticsQuery = {}): string {
  return withQuery(`${analyticsPath(personId)}/csv`, { ...q, chart });
}

export function getSigns(personId: string): Promise<{ items: TrendSign[] }> {
  return request<{ items: TrendSign[] }>(`${personPath(personId)}/watch/signs`);
}

export function getRegion(q: RegionQuery = {}, signal?: AbortSignal): Promise<RegionView> {
  return request<RegionView>('/api/v1/watch/region', { query: { ...q }, signal });
}

export function regionCsvUrl(chart: 'months' | 'alerts', q: RegionQuery = {}): string {
  return withQuery('/api/v1/watch/region/csv', { ...q, chart });
}
