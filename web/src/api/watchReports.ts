// Scheduled watch reports and the family's view of the watch (docs/watch-api.md "Reports and
// the family's view"), shapes checked by hand against src/watch/reports.cpp. Staff read through
// /persons/{id}/watch/reports; a family account through /family/persons/{id}/watch/…, which the
// server answers only with the family link and the family consent. Times are UTC epoch ms.
import { request, withQuery } from './client';
import type { EpochMs } from './types';
import type { AbsenceReason, AlertCategory, AlertKind, AlertState, DeviceKind, Outcome, Place, Severity, WatchStatus } from './watchTypes';

const enc = encodeURIComponent;
const API = '/api/v1';

/** Who reads: the care team and the office, or a family account (its own routes). */
export type ReportAudience = 'staff' | 'family';

const base = (personId: string, audience: ReportAudience) =>
  audience === 'family' ? `${API}/family/persons/${enc(personId)}/watch` : `${API}/persons/${enc(personId)}/watch`;

export interface ReportTotals {
  openings_period: number;
  openings_today: number;
  activity_period: number;
  activity_today: number;
}

export interface ReportSummary {
  id: string;
  slot_at: EpochMs;
  created_at: EpochMs;
  status: WatchStatus | null;
  last_activity_at: EpochMs | null;
  totals: ReportTotals | null;
  /** Person alerts opened during the period. */
  alerts_opened: number;
  device_problems: number;
}

export interface ReportList {
  items: ReportSummary[];
  next_cursor: string | null;
}

export interface ReportPlace extends ReportTotals {
  place: Place;
}

export interface ReportClimate {
  place: Place;
  temperature_c: number | null;
  humidity_pct: number | null;
  measured_at: EpochMs | null;
  wbgt: number | null;
  /** 環境省 band of the WBGT: safe | caution | warning | severe_warning | danger. */
  heat_band: string | null;
  /** What the rules make of the room now: a heat alert, severe, or cold. */
  heat_level: 'alert' | 'severe' | 'cold' | null;
  temperature_min_c: number | null;
  temperature_max_c: number | null;
  /** From hourly means. */
  humidity_min_pct: number | null;
  humidity_max_pct: number | null;
}

export interface ReportAlert {
  kind: AlertKind;
  category: AlertCategory;
  severity: Severity;
  state: AlertState;
  active: boolean;
  outcome: Outcome | null;
  opened_at: EpochMs;
  resolved_at: EpochMs | null;
  opened_in_period: boolean;
  resolved_in_period: boolean;
  place: Place | null;
}

export interface ReportOpenAlert {
  kind: AlertKind;
  category: AlertCategory;
  severity: Severity;
  state: AlertState;
  active: boolean;
  opened_at: EpochMs;
}

export interface ReportDeviceProblem {
  problem: 'device_offline' | 'battery_low';
  device_kind: DeviceKind;
  place: Place;
  battery_pct: number | null;
  last_seen_at: EpochMs | null;
}

export interface ReportAbsence {
  reason: AbsenceReason;
  starts_at: EpochMs;
  ends_at: EpochMs;
}

export interface ReportBody {
  version: number;
  slot_at: EpochMs;
  period_from: EpochMs;
  day_start: EpochMs;
  generated_at: EpochMs;
  report_times: string[];
  status: WatchStatus | null;
  severe: boolean;
  last_activity_at: EpochMs | null;
  absence: { reason: AbsenceReason; ends_at: EpochMs } | null;
  open_alerts: ReportOpenAlert[];
  places: ReportPlace[];
  totals: ReportTotals;
  climate: ReportClimate | null;
  device_problems: ReportDeviceProblem[];
  alerts: ReportAlert[];
  absences: ReportAbsence[];
}

export interface Report {
  id: string;
  person_id: string;
  slot_at: EpochMs;
  created_at: EpochMs;
  body: ReportBody;
}

/** GET …/watch (family): the person's watch as the family sees it. */
export interface FamilyWatchStatus {
  person_id: string;
  name: string;
  status: WatchStatus;
  severe: boolean;
  last_activity_at: EpochMs | null;
  today_openings: Partial<Record<Place, number>>;
  temperature_c: number | null;
  humidity_pct: number | null;
  wbgt: number | null;
  climate_at: EpochMs | null;
  absence: { reason: AbsenceReason; ends_at: EpochMs } | null;
  alerts: { kind: AlertKind; category: AlertCategory; severity: Severity; active: boolean; opened_at: EpochMs }[];
  device_problems: number;
  next_report_at: EpochMs | null;
  latest_report: { id: string; slot_at: EpochMs } | null;
  generated_at: EpochMs;
}

/** Newest first; pass the previous answer's next_cursor for the next page. */
export function listReports(personId: string, audience: ReportAudience, cursor?: string | null, limit?: number): Promise<ReportList> {
  return request<ReportList>(withQuery(`${base(personId, audience)}/reports`, { cursor, limit }));
}

/** One report; 404 for an id that is not this person's. */
export function getReport(personId: string, reportId: string, audience: ReportAudience): Promise<Report> {
  return request<Report>(`${base(personId, audience)}/reports/${enc(reportId)}`);
}

/** The family's view of the person's watch status (family accounts only). */
export function getFamilyWatch(personId: string): Promise<FamilyWatchStatus> {
  return request<FamilyWatchStatus>(base(personId, 'family'));
}
