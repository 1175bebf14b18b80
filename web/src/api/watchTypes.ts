// JSON shapes of the watch API (みまもり, spec 06), checked by hand against the route handlers:
// src/watch/routes.cpp, registry_service.cpp and json.cpp (enrolment, devices, absences,
// thresholds), status_board.cpp (the status list), alert_routes.cpp, alert_service.cpp and
// alert_json.cpp (alerts, the call ladder, the log). Times are UTC epoch milliseconds; times of
// day in thresholds are local (JST) "HH:MM" strings.
import type { EpochMs } from './types';

// ---- codes --------------------------------------------------------------------------------

export const DEVICE_KINDS = ['door', 'climate', 'motion', 'gateway'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** 玄関, 冷蔵庫, 浴室, トイレ, 居間, 寝室, その他 — the order the status list shows them in. */
export const PLACES = ['entrance', 'fridge', 'bathroom', 'toilet', 'living', 'bedroom', 'other'] as const;
export type Place = (typeof PLACES)[number];

export const ABSENCE_REASONS = ['short_stay', 'hospital', 'travel', 'other'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];

/** The status list's statuses, most urgent first (the server's rank order). */
export const STATUSES = ['alert', 'watch', 'absent', 'device', 'normal'] as const;
export type WatchStatus = (typeof STATUSES)[number];

export const ALERT_KINDS = [
  'inactivity',
  'daytime_silence',
  'below_baseline',
  'night_activity',
  'heat',
  'cold',
  'device_offline',
  'battery_low',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const SEVERITIES = ['watch', 'alert', 'severe'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type AlertState = 'open' | 'taken' | 'resolved';
export type AlertCategory = 'person' | 'device';

/** The call ladder in order (エスカレーション). */
export const LADDER_STEPS = ['person', 'family', 'care_manager', 'city', 'emergency'] as const;
export type LadderStepCode = (typeof LADDER_STEPS)[number];
/** Steps a call can be recorded on. */
export const CALL_STEPS = ['person', 'family', 'care_manager', 'city'] as const;
export type CallStep = (typeof CALL_STEPS)[number];
/** Steps that can be notified in-app. */
export const NOTIFY_STEPS = ['care_manager', 'city'] as const;
export type NotifyStep = (typeof NOTIFY_STEPS)[number];
export const ADVICE_KINDS = ['119', 'welfare_visit'] as const;
export type AdviceKind = (typeof ADVICE_KINDS)[number];
export const OUTCOMES = ['safe', 'visited', 'hospital', 'emergency_call', 'false_alarm', 'device_issue', 'other'] as const;
export type Outcome = (typeof OUTCOMES)[number];

// ---- thresholds ---------------------------------------------------------------------------

/** Every threshold in force (src/watch/thresholds.h ThresholdsToJson). */
export interface Thresholds {
  inactivity_hours: number;
  check_times: string[];
  silence_from: string;
  baseline_ratio: number;
  baseline_weeks: number;
  night_ratio: number;
  night_min_openings: number;
  heat_wbgt: number;
  severe_wbgt: number;
  cold_below_c: number;
  offline_minutes: number;
  battery_low_pct: number;
  step_minutes: number;
  report_times: string[];
}
export type ThresholdKey = keyof Thresholds;
/** Overrides: any subset; null takes a person's override back. */
export type ThresholdOverrides = Partial<{ [K in ThresholdKey]: Thresholds[K] | null }>;

export interface Runbook {
  note?: string;
}

// ---- enrolment, devices, absences --------------------------------------------------------

export interface WatchDevice {
  id: string;
  person_id: string;
  gateway_id: string | null;
  kind: DeviceKind;
  place: Place;
  firmware: string;
  installed_at: EpochMs;
  removed_at: EpochMs | null;
  battery_pct: number | null;
  last_seen_at: EpochMs | null;
  last_event_at: EpochMs | null;
  last_activity_at: EpochMs | null;
  last_heartbeat_at: EpochMs | null;
  temperature_c: number | null;
  humidity_pct: number | null;
  climate_at: EpochMs | null;
  day_start: EpochMs | null;
  day_openings: number;
}

export interface WatchAbsence {
  id: string;
  person_id: string;
  reason: AbsenceReason;
  starts_at: EpochMs;
  ends_at: EpochMs;
  note: string;
  created_by: { id: string; display_name: string };
  created_at: EpochMs;
  cancelled_at: EpochMs | null;
}

/** GET /api/v1/persons/{id}/watch (404 not_enrolled when the person has no enrolment). */
export interface WatchSubject {
  person_id: string;
  person_name: string;
  municipality_code: string;
  started_at: EpochMs;
  ended_at: EpochMs | null;
  active: boolean;
  /** The person's own overrides. */
  settings: ThresholdOverrides;
  runbook: Runbook;
  updated_at: EpochMs;
  devices: WatchDevice[];
  absences: WatchAbsence[];
  /** Region defaults with the person's overrides on top. */
  thresholds: Thresholds;
  may_manage: boolean;
}

export interface EnrolInput {
  settings?: ThresholdOverrides;
  runbook?: Runbook;
}

export interface WatchUpdateInput {
  settings: ThresholdOverrides;
  runbook: Runbook;
}

export interface DeviceInput {
  id: string;
  kind: DeviceKind;
  place: Place;
  firmware?: string;
  gateway_id?: string;
  installed_at?: EpochMs;
}

/** The device secret (64 hex digits) is in this answer only. */
export interface AddedDevice {
  device: WatchDevice;
  secret: string;
}

export interface RotatedSecret {
  device_id: string;
  secret: string;
}

export interface AbsenceInput {
  reason: AbsenceReason;
  starts_at: EpochMs;
  ends_at: EpochMs;
  note?: string;
}

/** GET /api/v1/municipalities/{code}/watch/settings. */
export interface RegionSettings {
  municipality_code: string;
  /** What the region changed (overrides of the built-in defaults). */
  settings: ThresholdOverrides;
  /** The region's thresholds in force. */
  thresholds: Thresholds;
  /** The built-in defaults (spec 06). */
  defaults: Thresholds;
}

// ---- status list --------------------------------------------------------------------------

export interface StatusAlert {
  id: string;
  kind: AlertKind;
  category: AlertCategory;
  severity: Severity;
  state: AlertState;
  active: boolean;
  opened_at: EpochMs;
}

export interface StatusRow {
  person_id: string;
  name: string;
  kana: string;
  address: string;
  status: WatchStatus;
  /** An `alert` row whose alert is severe (ranked above the other alert rows). */
  severe: boolean;
  last_activity_at: EpochMs | null;
  /** Today's (JST) door openings per place, door devices only. */
  today_openings: Partial<Record<Place, number>>;
  temperature_c: number | null;
  humidity_pct: number | null;
  wbgt: number | null;
  climate_at: EpochMs | null;
  absence: { reason: AbsenceReason; ends_at: EpochMs } | null;
  alerts: StatusAlert[];
  devices: number;
  device_problems: number;
}

export type StatusCounts = Record<WatchStatus, number>;

export interface StatusList {
  municipality_code: string;
  generated_at: EpochMs;
  /** Counts of the rows answered (with `persons`, of those rows only). */
  counts: StatusCounts;
  items: StatusRow[];
}

/** The data of a `status` event on the status stream. */
export interface StatusEvent {
  persons: string[];
}

// ---- alerts -------------------------------------------------------------------------------

export interface AlertUser {
  id: string;
  display_name: string;
}

export interface AlertItem {
  id: string;
  person: { id: string; name: string };
  municipality_code: string;
  device: { id: string; kind: DeviceKind; place: Place } | null;
  kind: AlertKind;
  category: AlertCategory;
  severity: Severity;
  state: AlertState;
  /** The condition still holds. */
  active: boolean;
  opened_at: EpochMs;
  updated_at: EpochMs;
  cleared_at: EpochMs | null;
  taken_by: AlertUser | null;
  /** The furthest ladder step acted on. */
  step: LadderStepCode | null;
  /** When the current step is due (the timer). */
  next_step_at: EpochMs | null;
  overdue: boolean;
  resolved_at: EpochMs | null;
  outcome: Outcome | null;
}

/** Evidence members per kind (src/watch/rules.cpp); all optional, unknown ones ignored. */
export interface AlertEvidence {
  last_activity_at?: EpochMs | null;
  since?: EpochMs;
  hours?: number;
  threshold_hours?: number;
  check_time?: string;
  wbgt?: number;
  temperature_c?: number;
  humidity_pct?: number | null;
  level?: string;
  measured_at?: EpochMs;
  threshold_wbgt?: number;
  threshold_c?: number;
  last_seen_at?: EpochMs | null;
  minutes_offline?: number;
  threshold_minutes?: number;
  battery_pct?: number;
  threshold_pct?: number;
  expected?: number;
  actual?: number;
  ratio?: number;
  from?: string;
  to?: string;
  weeks?: number;
  samples?: number[];
  median?: number;
  threshold?: number;
  nights?: number;
  night_of?: EpochMs;
}

export type AlertAction =
  | 'opened'
  | 'updated'
  | 'cleared'
  | 'reactivated'
  | 'taken'
  | 'handed_over'
  | 'call'
  | 'notified'
  | 'advised'
  | 'resolved'
  | 'posted';

export interface AlertEvent {
  id: string;
  at: EpochMs;
  /** null for the system's own entries. */
  by: AlertUser | null;
  action: AlertAction | (string & {});
  step: LadderStepCode | null;
  callee: string | null;
  phone: string | null;
  answered: boolean | null;
  note: string;
}

export interface LadderContact {
  name: string;
  phone: string | null;
  phones: string[];
  attempts: number;
  answered: boolean;
  user_id?: string;
  relation?: string;
  lives_with?: boolean;
  note?: string;
  organization_name?: string;
}

export interface LadderStep {
  step: LadderStepCode;
  done: boolean;
  contacts?: LadderContact[];
  /** The emergency step only (server text, Japanese). */
  advice?: string;
}

export interface NextStep {
  step: LadderStepCode;
  contact: { name: string; phone: string | null } | null;
  due_at: EpochMs | null;
}

export interface AlertDetail extends AlertItem {
  evidence: AlertEvidence;
  taken_at: EpochMs | null;
  resolved_by: AlertUser | null;
  outcome_note: string | null;
  timeline_post_id: string | null;
  events: AlertEvent[];
  /** The suggested next step; null once resolved or when every step was done. */
  next: NextStep | null;
  ladder: LadderStep[];
  runbook: Runbook;
  may_operate: boolean;
  held_by_me: boolean;
  /** Whether the caller may read the person's timeline (operators may post to it, not read it). */
  timeline_readable: boolean;
  /** The server's clock when it answered. */
  now: EpochMs;
}

export interface AlertListQuery {
  state?: 'active' | 'resolved';
  category?: AlertCategory;
  municipality?: string;
  cursor?: string;
  limit?: number;
}

export interface AlertList {
  items: AlertItem[];
  next_cursor: string | null;
  /** The active list stops at 500 alerts. */
  truncated: boolean;
  now: EpochMs;
}

export interface PersonAlertHistory {
  items: AlertItem[];
  next_cursor: string | null;
  now: EpochMs;
}

export interface CallInput {
  step: CallStep;
  callee: string;
  phone?: string;
  answered: boolean;
  note?: string;
}

export interface ReleaseAnswer {
  released: number;
  alert_ids: string[];
}
