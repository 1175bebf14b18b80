// The watch module (みまもり, spec 06): a person's enrolment, devices, thresholds and absences;
// the region's default thresholds; the status list with its live stream; the alerts the call
// center works down the ladder. One function per route; pages call these and never fetch
// themselves.
import { request, withQuery } from './client';
import { ApiError } from './errors';
import { personPath } from './care';
import type {
  AbsenceInput,
  AddedDevice,
  AdviceKind,
  AlertDetail,
  AlertList,
  AlertListQuery,
  CallInput,
  DeviceInput,
  EnrolInput,
  NotifyStep,
  Outcome,
  PersonAlertHistory,
  RegionSettings,
  ReleaseAnswer,
  RotatedSecret,
  StatusList,
  ThresholdOverrides,
  WatchAbsence,
  WatchSubject,
  WatchUpdateInput,
} from './watchTypes';

const enc = encodeURIComponent;
const API = '/api/v1';

/** The server answers at most this many rows for one `persons` refresh. */
export const MAX_PERSONS_PER_REFRESH = 500;
/** Rows asked for per refresh request: keeps the URL well under any proxy's limit. */
export const PERSONS_PER_REQUEST = 100;

const watchPath = (personId: string) => `${personPath(personId)}/watch`;
const alertPath = (alertId: string) => `${API}/watch/alerts/${enc(alertId)}`;

/** True for the 404 that says the person has no watch enrolment (as opposed to an unknown id). */
export function isNotEnrolled(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404 && e.detailCode === 'not_enrolled';
}

// ---- a person's enrolment -------------------------------------------------------------------

export function getWatch(personId: string, signal?: AbortSignal): Promise<WatchSubject> {
  return request<WatchSubject>(watchPath(personId), { signal });
}

/** Starts (or restarts after an end) the person's watch; 409 already_enrolled. */
export function enrolWatch(personId: string, input: EnrolInput = {}): Promise<WatchSubject> {
  return request<WatchSubject>(watchPath(personId), { method: 'POST', body: input });
}

/** Replaces the person's overrides and runbook (both required by the server). */
export function updateWatch(personId: string, input: WatchUpdateInput): Promise<WatchSubject> {
  return request<WatchSubject>(watchPath(personId), { method: 'PUT', body: input });
}

export function endWatch(personId: string): Promise<void> {
  return request<void>(watchPath(personId), { method: 'DELETE' });
}

/** Blank optional members are left out (the server rejects an empty gateway id). */
export function deviceBody(input: DeviceInput): DeviceInput {
  const out: DeviceInput = { id: input.id.trim(), kind: input.kind, place: input.place };
  if (input.firmware?.trim()) out.firmware = input.firmware.trim();
  if (input.gateway_id?.trim()) out.gateway_id = input.gateway_id.trim();
  if (input.installed_at !== undefined) out.installed_at = input.installed_at;
  return out;
}

/** Registers a device; the answer holds its secret, which is never shown again. */
export function addDevice(personId: string, input: DeviceInput): Promise<AddedDevice> {
  return request<AddedDevice>(`${watchPath(personId)}/devices`, { method: 'POST', body: deviceBody(input) });
}

/** A new secret for the device; the old one stops working at once. */
export function rotateDeviceSecret(personId: string, deviceId: string): Promise<RotatedSecret> {
  return request<RotatedSecret>(`${watchPath(personId)}/devices/${enc(deviceId)}/secret`, { method: 'POST' });
}

export function removeDevice(personId: string, deviceId: string): Promise<void> {
  return request<void>(`${watchPath(personId)}/devices/${enc(deviceId)}`, { method: 'DELETE' });
}

/** Schedules an absence (person alerts stop meanwhile); a blank note is left out. */
export function addAbsence(personId: string, input: AbsenceInput): Promise<WatchAbsence> {
  const body: AbsenceInput = { reason: input.reason, starts_at: input.starts_at, ends_at: input.ends_at };
  if (input.note?.trim()) body.note = input.note.trim();
  return request<WatchAbsence>(`${watchPath(personId)}/absences`, { method: 'POST', body });
}

export function cancelAbsence(personId: string, absenceId: string): Promise<void> {
  return request<void>(`${watchPath(personId)}/absences/${enc(absenceId)}`, { method: 'DELETE' });
}

/** The person's alerts, latest opened first. */
export function listPersonAlerts(personId: string, cursor?: string | null): Promise<PersonAlertHistory> {
  return request<PersonAlertHistory>(`${watchPath(personId)}/alerts`, { query: { cursor } });
}

// ---- region settings ------------------------------------------------------------------------

const regionPath = (code: string) => `${API}/municipalities/${enc(code)}/watch/settings`;

export function getRegionSettings(code: string): Promise<RegionSettings> {
  return request<RegionSettings>(regionPath(code));
}

/** Replaces the region's overrides; errors name `settings.<member>` (list items `[i]`). */
export function saveRegionSettings(code: string, settings: ThresholdOverrides): Promise<RegionSettings> {
  return request<RegionSettings>(regionPath(code), { method: 'PUT', body: { settings } });
}

// ---- status list ------------------------------------------------------------------------------

/** The whole list of the municipality (default: the caller's first). */
export function getStatus(municipality?: string, signal?: AbortSignal): Promise<StatusList> {
  return request<StatusList>(`${API}/watch/status`, { query: { municipality }, signal });
}

/**
 * The rows of `persons` only (a live refresh): persons no longer watched are simply absent from
 * the answer. Asked in chunks of PERSONS_PER_REQUEST and joined.
 */
export async function getStatusRows(municipality: string | undefined, persons: readonly string[], signal?: AbortSignal): Promise<StatusList> {
  const unique = [...new Set(persons)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += PERSONS_PER_REQUEST) chunks.push(unique.slice(i, i + PERSONS_PER_REQUEST));
  if (chunks.length === 0) chunks.push([]);
  const parts = await Promise.all(
    chunks.map((c) => request<StatusList>(`${API}/watch/status`, { query: { municipality, persons: c.join(',') }, signal })),
  );
  const first = parts[0]!;
  return {
    municipality_code: first.municipality_code,
    generated_at: Math.max(...parts.map((p) => p.generated_at)),
    counts: first.counts,
    items: parts.flatMap((p) => p.items),
  };
}

/** The Server-Sent Events stream whose `status` events name the persons whose row changed. */
export function statusStreamUrl(municipality?: string): string {
  return withQuery(`${API}/watch/status/stream`, { municipality });
}

// ---- alerts -----------------------------------------------------------------------------------

export function listAlerts(q: AlertListQuery = {}, signal?: AbortSignal): Promise<AlertList> {
  return request<AlertList>(`${API}/watch/alerts`, {
    query: { state: q.state, category: q.category, municipality: q.municipality, cursor: q.cursor, limit: q.limit },
    signal,
  });
}

export function getAlert(alertId: string, signal?: AbortSignal): Promise<AlertDetail> {
  return request<AlertDetail>(alertPath(alertId), { signal });
}

const noteBody = (note?: string) => (note?.trim() ? { note: note.trim() } : {});

/** Takes an open alert, or takes over one another operator holds (with a hand-over note). */
export function takeAlert(alertId: string, note?: string): Promise<AlertDetail> {
  return request<AlertDetail>(`${alertPath(alertId)}/take`, { method: 'POST', body: noteBody(note) });
}

/** Records one call; only the holder (409 not_taken). Blank phone and note are left out. */
export function recordCall(alertId: string, input: CallInput): Promise<AlertDetail> {
  const body: CallInput = { step: input.step, callee: input.callee.trim(), answered: input.answered };
  if (input.phone?.trim()) body.phone = input.phone.trim();
  if (input.note?.trim()) body.note = input.note.trim();
  return request<AlertDetail>(`${alertPath(alertId)}/calls`, { method: 'POST', body });
}

/** In-app notices to the care managers or the city; 409 nobody_to_notify. */
export function notifyAlert(alertId: string, step: NotifyStep, note?: string): Promise<AlertDetail> {
  return request<AlertDetail>(`${alertPath(alertId)}/notify`, { method: 'POST', body: { step, ...noteBody(note) } });
}

/** Records the advice of an emergency call (119) or a welfare visit. */
export function adviseAlert(alertId: string, kind: AdviceKind, note?: string): Promise<AlertDetail> {
  return request<AlertDetail>(`${alertPath(alertId)}/advise`, { method: 'POST', body: { kind, ...noteBody(note) } });
}

export function resolveAlert(alertId: string, outcome: Outcome, note?: string): Promise<AlertDetail> {
  return request<AlertDetail>(`${alertPath(alertId)}/resolve`, { method: 'POST', body: { outcome, ...noteBody(note) } });
}

/** Writes the resolved alert's summary on the person's timeline, once. */
export function postAlertToTimeline(alertId: string, note?: string): Promise<AlertDetail> {
  return request<AlertDetail>(`${alertPath(alertId)}/post-to-timeline`, { method: 'POST', body: noteBody(note) });
}

/** The shift ends: every alert the caller holds goes back to the queue. */
export function releaseMyAlerts(note?: string): Promise<ReleaseAnswer> {
  return request<ReleaseAnswer>(`${API}/watch/alerts/release-mine`, { method: 'POST', body: noteBody(note) });
}
