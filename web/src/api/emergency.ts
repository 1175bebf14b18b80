// The emergency module (docs/emergency-api.md): the emergency summary and QR card for the care
// team, break-glass access for EMS crews, and the hand-over to the receiving hospital through its
// accounts or a one-time link with a PIN. One function per route; pages call these and never
// fetch themselves.
import { getCsrfToken, request, uploadBytes, type UploadOptions } from './client';
import { ApiError, networkError, parseApiError } from './errors';
import type { ItemList } from './types';
import { encodeFileName, personPath } from './care';
import type {
  CardCheck,
  DestinationAnswer,
  DestinationInput,
  EmergencyCard,
  EmsAccess,
  EmsAccessDetail,
  EmsMedia,
  EmsSearchQuery,
  EmsSearchResult,
  LinkOutcomeInput,
  OpenAccessInput,
  OutcomeInput,
  Summary,
  UnlockAnswer,
} from './emergencyTypes';

const enc = encodeURIComponent;
const API = '/api/v1';

/** Largest scene photo the server takes (10 MiB); videos may be larger. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Largest scene video the server takes (50 MiB). */
export const MAX_VIDEO_BYTES = 50 * 1024 * 1024;

// ---- care team ----------------------------------------------------------------------------

export function getEmergencySummary(personId: string, signal?: AbortSignal): Promise<Summary> {
  return request<Summary>(`${personPath(personId)}/emergency-summary`, { signal });
}

/** The card in force, or null when none was issued (or it was revoked). */
export function getEmergencyCard(personId: string): Promise<EmergencyCard | null> {
  return request<{ card: EmergencyCard | null }>(`${personPath(personId)}/emergency-card`).then((r) => r?.card ?? null);
}

/** Issues a card; the earlier one, if any, stops working. 409 without an emergency consent. */
export function issueEmergencyCard(personId: string): Promise<EmergencyCard> {
  return request<EmergencyCard>(`${personPath(personId)}/emergency-card`, { method: 'POST' });
}

export function revokeEmergencyCard(personId: string): Promise<void> {
  return request<void>(`${personPath(personId)}/emergency-card`, { method: 'DELETE' });
}

/** Every EMS access to the person's record. */
export function listPersonEmsAccesses(personId: string): Promise<EmsAccess[]> {
  return request<ItemList<EmsAccess>>(`${personPath(personId)}/ems-accesses`).then((r) => r.items);
}

// ---- EMS ----------------------------------------------------------------------------------

const accessPath = (accessId: string) => `${API}/ems/accesses/${enc(accessId)}`;

/** Whether the card's person has an emergency consent; names nobody. 404/410 for unknown/revoked. */
export function checkEmsCard(token: string): Promise<CardCheck> {
  return request<CardCheck>(`${API}/ems/cards/${enc(token)}`);
}

/** The criteria as the server takes them: blank ones are left out, text trimmed. */
export function emsSearchParams(q: EmsSearchQuery): Record<string, string | number | undefined> {
  const s = (v: string | undefined) => v?.trim() || undefined;
  return { kana: s(q.kana), birth_date: s(q.birth_date), phone: s(q.phone), address: s(q.address), limit: q.limit };
}

export function searchEmsPersons(q: EmsSearchQuery, signal?: AbortSignal): Promise<EmsSearchResult> {
  return request<EmsSearchResult>(`${API}/ems/persons`, { query: emsSearchParams(q), signal });
}

/** Opens the record for one incident (break-glass); the team and municipality are notified. */
export function openEmsAccess(input: OpenAccessInput): Promise<EmsAccess> {
  return request<EmsAccess>(`${API}/ems/accesses`, { method: 'POST', body: input });
}

/** The caller's own accesses of the last 30 days, newest first. */
export function listMyEmsAccesses(): Promise<EmsAccess[]> {
  return request<ItemList<EmsAccess>>(`${API}/ems/accesses`).then((r) => r.items);
}

/** Only for the crew member who opened it, until it expires (then 403 access_expired). */
export function getEmsAccess(accessId: string, signal?: AbortSignal): Promise<EmsAccessDetail> {
  return request<EmsAccessDetail>(accessPath(accessId), { signal });
}

/** Records (or replaces) the destination hospital; `handover` holds a new link and PIN, once. */
export function setEmsDestination(accessId: string, input: DestinationInput): Promise<DestinationAnswer> {
  return request<DestinationAnswer>(`${accessPath(accessId)}/destination`, { method: 'PUT', body: input });
}

/**
 * Uploads one scene photo or video as the raw body, with the browser's Content-Type and the
 * percent-encoded name in X-File-Name (the server decides the type from the bytes).
 */
export function uploadEmsMedia(
  accessId: string,
  file: Blob & { name?: string },
  opts: Omit<UploadOptions, 'contentType' | 'headers'> = {},
): Promise<EmsMedia> {
  return uploadBytes<EmsMedia>(`${accessPath(accessId)}/media`, file, {
    ...opts,
    contentType: file.type || 'application/octet-stream',
    headers: { 'X-File-Name': encodeFileName(file.name ?? 'file') },
  });
}

/** The largest file of this type the server takes. */
export function maxMediaBytes(file: { type: string }): number {
  return file.type.startsWith('video/') ? MAX_VIDEO_BYTES : MAX_PHOTO_BYTES;
}

// ---- hospital (accounts) ------------------------------------------------------------------

const handoverPath = (accessId: string) => `${API}/handovers/${enc(accessId)}`;

/** Hand-overs to the caller's organizations that have not expired. */
export function listHandovers(): Promise<EmsAccess[]> {
  return request<ItemList<EmsAccess>>(`${API}/handovers`).then((r) => r.items);
}

export function getHandover(accessId: string, signal?: AbortSignal): Promise<EmsAccessDetail> {
  return request<EmsAccessDetail>(handoverPath(accessId), { signal });
}

/** Can be corrected until the hand-over ends; each change is a new timeline post. */
export function reportHandoverOutcome(accessId: string, input: OutcomeInput): Promise<EmsAccess> {
  return request<EmsAccess>(`${handoverPath(accessId)}/outcome`, { method: 'PUT', body: input });
}

// ---- hospital (one-time link) -------------------------------------------------------------

const linkPath = (token: string) => `${API}/handover-links/${enc(token)}`;

/** A wrong PIN: the error of the unlock call with how many tries remain (null if not said). */
export class PinError extends ApiError {
  readonly attemptsLeft: number | null;

  constructor(base: ApiError, attemptsLeft: number | null) {
    super({
      status: base.status,
      code: base.code,
      message: base.message,
      field: base.field,
      details: base.details,
      requestId: base.requestId,
      retryAfterSeconds: base.retryAfterSeconds,
    });
    this.name = 'PinError';
    this.attemptsLeft = attemptsLeft;
  }
}

/**
 * `attempts_left` of a wrong-PIN answer: the server sends it as an error detail
 * `{field: "attempts_left", code: "<n>"}` (docs/emergency-api.md).
 */
export function attemptsLeftOf(bodyText: string): number | null {
  try {
    const body = JSON.parse(bodyText) as { error?: { details?: { field?: unknown; code?: unknown }[] } } | null;
    const detail = body?.error?.details?.find((d) => d.field === 'attempts_left');
    const v = typeof detail?.code === 'string' && /^\d+$/.test(detail.code) ? Number(detail.code) : null;
    return v !== null && Number.isInteger(v) ? v : null;
  } catch {
    return null;
  }
}

/** The error of a failed unlock: a PinError for 400 (wrong PIN), otherwise the plain ApiError. */
export function unlockError(status: number, bodyText: string, retryAfter: string | null): ApiError {
  const base = parseApiError(status, bodyText, retryAfter);
  return status === 400 ? new PinError(base, attemptsLeftOf(bodyText)) : base;
}

/**
 * Unlocks the link in this browser with its PIN; the server sets the hand-over cookie and the
 * link is used up. Not sent through request(): that keeps only the documented error fields and
 * would drop `attempts_left`, which the page must show.
 */
export async function unlockHandoverLink(token: string, pin: string): Promise<UnlockAnswer> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  const csrf = getCsrfToken();
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let response: Response;
  try {
    response = await fetch(`${linkPath(token)}/unlock`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ pin }),
      credentials: 'same-origin',
    });
  } catch {
    throw networkError();
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) throw unlockError(response.status, text, response.headers.get('Retry-After'));
  try {
    return JSON.parse(text) as UnlockAnswer;
  } catch {
    throw new ApiError({ status: response.status, code: 'internal', message: '' });
  }
}

// The link's calls answer 401 handover_locked before the PIN is entered: an expected answer that
// the page handles; it must not send the visitor (who has no account) to the sign-in page.

export function getHandoverLink(token: string, signal?: AbortSignal): Promise<EmsAccessDetail> {
  return request<EmsAccessDetail>(linkPath(token), { signal, expectUnauthenticated: true });
}

export function reportLinkOutcome(token: string, input: LinkOutcomeInput): Promise<EmsAccess> {
  return request<EmsAccess>(`${linkPath(token)}/outcome`, { method: 'PUT', body: input, expectUnauthenticated: true });
}

// ---- media URLs ---------------------------------------------------------------------------
// Same-origin, so <img>/<video> requests carry the session cookie (or the hand-over cookie,
// whose path covers the link's media).

/** Where the media of an access, hand-over or link are read from. */
export type MediaSource = { kind: 'ems'; accessId: string } | { kind: 'handover'; accessId: string } | { kind: 'link'; token: string };

export function mediaUrl(source: MediaSource, mediaId: string): string {
  const base =
    source.kind === 'ems' ? accessPath(source.accessId) : source.kind === 'handover' ? handoverPath(source.accessId) : linkPath(source.token);
  return `${base}/media/${enc(mediaId)}`;
}

export function mediaThumbnailUrl(source: MediaSource, mediaId: string): string {
  return `${mediaUrl(source, mediaId)}/thumbnail`;
}
