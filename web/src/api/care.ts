// The care network (docs/care-api.md): persons, care profile, status, consent, care team,
// timeline, vitals, attachments, notification settings, geocoding and the map. One function per
// route; pages call these and never fetch themselves.
import { request, uploadBytes, withQuery, type UploadOptions } from './client';
import type { ItemList, Page } from './types';
import type {
  Attachment,
  Consent,
  ConsentInput,
  GeocodeResult,
  MapMeta,
  MyTeamInvitation,
  NotificationSettings,
  PersonCreateInput,
  PersonDetail,
  PersonQuery,
  PersonSummary,
  PersonUpdateInput,
  Post,
  PostEditInput,
  PostInput,
  PostReads,
  PostVersion,
  PostWithReplies,
  ProfilePart,
  ProfilePartName,
  ReadState,
  ReplyInput,
  StatusEntry,
  StatusInput,
  TeamInvitationInput,
  TeamMember,
  TeamRole,
  TimelinePage,
  TimelineQuery,
  VersionedPart,
  Vitals,
  VitalsInput,
} from './careTypes';

const enc = encodeURIComponent;
const API = '/api/v1';

/** The base path of one person's routes. */
export function personPath(personId: string): string {
  return `${API}/persons/${enc(personId)}`;
}
const postPath = (personId: string, postId: string) => `${personPath(personId)}/timeline/${enc(postId)}`;

// ---- persons ------------------------------------------------------------------------------

export function listPersons(q: PersonQuery, signal?: AbortSignal): Promise<Page<PersonSummary>> {
  return request<Page<PersonSummary>>(`${API}/persons`, { query: { ...q }, signal });
}

export function createPerson(input: PersonCreateInput): Promise<PersonDetail> {
  return request<PersonDetail>(`${API}/persons`, { method: 'POST', body: input });
}

export function getPerson(personId: string, signal?: AbortSignal): Promise<PersonDetail> {
  return request<PersonDetail>(personPath(personId), { signal });
}

export function updatePerson(personId: string, input: PersonUpdateInput): Promise<PersonDetail> {
  return request<PersonDetail>(personPath(personId), { method: 'PUT', body: input });
}

// ---- care profile -------------------------------------------------------------------------

export function getProfilePart(personId: string, part: ProfilePartName): Promise<ProfilePart> {
  return request<ProfilePart>(`${personPath(personId)}/profile/${enc(part)}`);
}

/** `baseVersion` is 0 for the first version of a part; a stale one gives 409. */
export function putProfilePart(
  personId: string,
  part: ProfilePartName,
  data: Record<string, unknown>,
  baseVersion: number,
): Promise<ProfilePart> {
  return request<ProfilePart>(`${personPath(personId)}/profile/${enc(part)}`, {
    method: 'PUT',
    body: { data, base_version: baseVersion },
  });
}

/** Newest first; part `identity` lists the identity versions. */
export function listProfileVersions(personId: string, part: VersionedPart): Promise<ProfilePart[]> {
  return request<ItemList<ProfilePart>>(`${personPath(personId)}/profile/${enc(part)}/versions`).then((r) => r.items);
}

// ---- status -------------------------------------------------------------------------------

export function listStatus(personId: string): Promise<StatusEntry[]> {
  return request<ItemList<StatusEntry>>(`${personPath(personId)}/status`).then((r) => r.items);
}

export function addStatus(personId: string, input: StatusInput): Promise<StatusEntry> {
  return request<StatusEntry>(`${personPath(personId)}/status`, { method: 'POST', body: input });
}

// ---- consent ------------------------------------------------------------------------------

export function listConsents(personId: string): Promise<Consent[]> {
  return request<ItemList<Consent>>(`${personPath(personId)}/consents`).then((r) => r.items);
}

export function recordConsent(personId: string, input: ConsentInput): Promise<Consent> {
  return request<Consent>(`${personPath(personId)}/consents`, { method: 'POST', body: input });
}

export function withdrawConsent(personId: string, consentId: string, withdrawnOn: string, reason: string): Promise<Consent> {
  return request<Consent>(`${personPath(personId)}/consents/${enc(consentId)}/withdraw`, {
    method: 'POST',
    body: { withdrawn_on: withdrawnOn, reason },
  });
}

/** Attaches a scan (uploaded with uploadAttachment) to the consent. */
export function attachConsentScan(personId: string, consentId: string, attachmentId: string): Promise<Consent> {
  return request<Consent>(`${personPath(personId)}/consents/${enc(consentId)}/scan`, {
    method: 'PUT',
    body: { attachment_id: attachmentId },
  });
}

// ---- care team ----------------------------------------------------------------------------

export function listTeam(personId: string): Promise<TeamMember[]> {
  return request<ItemList<TeamMember>>(`${personPath(personId)}/team`).then((r) => r.items);
}

export function inviteTeamMember(personId: string, input: TeamInvitationInput): Promise<TeamMember> {
  return request<TeamMember>(`${personPath(personId)}/team/invitations`, { method: 'POST', body: input });
}

export function acceptTeamInvitation(personId: string): Promise<unknown> {
  return request<unknown>(`${personPath(personId)}/team/accept`, { method: 'POST' });
}

export function declineTeamInvitation(personId: string): Promise<unknown> {
  return request<unknown>(`${personPath(personId)}/team/decline`, { method: 'POST' });
}

export function leaveTeam(personId: string): Promise<unknown> {
  return request<unknown>(`${personPath(personId)}/team/leave`, { method: 'POST' });
}

export function changeTeamRole(personId: string, userId: string, teamRole: TeamRole): Promise<TeamMember> {
  return request<TeamMember>(`${personPath(personId)}/team/members/${enc(userId)}`, {
    method: 'PUT',
    body: { team_role: teamRole },
  });
}

export function removeTeamMember(personId: string, userId: string): Promise<unknown> {
  return request<unknown>(`${personPath(personId)}/team/members/${enc(userId)}`, { method: 'DELETE' });
}

/** The caller's pending team invitations. */
export function listMyTeamInvitations(): Promise<MyTeamInvitation[]> {
  return request<ItemList<MyTeamInvitation>>(`${API}/care-team/invitations`).then((r) => r.items);
}

// ---- timeline -----------------------------------------------------------------------------

/** The query string of a timeline request: the flags are sent as 1 only when set. */
export function timelineQuery(q: TimelineQuery): Record<string, string | number | null | undefined> {
  return {
    category: q.category,
    author: q.author,
    from: q.from,
    to: q.to,
    important: q.important ? 1 : undefined,
    unread: q.unread ? 1 : undefined,
    q: q.q?.trim(),
    cursor: q.cursor,
    limit: q.limit,
  };
}

export function timelineUrl(personId: string, q: TimelineQuery): string {
  return withQuery(`${personPath(personId)}/timeline`, timelineQuery(q));
}

export function listTimeline(personId: string, q: TimelineQuery, signal?: AbortSignal): Promise<TimelinePage> {
  return request<TimelinePage>(`${personPath(personId)}/timeline`, { query: timelineQuery(q), signal });
}

export function createPost(personId: string, input: PostInput): Promise<Post> {
  return request<Post>(`${personPath(personId)}/timeline`, { method: 'POST', body: input });
}

export function getPost(personId: string, postId: string): Promise<PostWithReplies> {
  return request<PostWithReplies>(postPath(personId, postId));
}

export function createReply(personId: string, postId: string, input: ReplyInput): Promise<Post> {
  return request<Post>(`${postPath(personId, postId)}/replies`, { method: 'POST', body: input });
}

/** Author only; a stale base_version gives 409. */
export function editPost(personId: string, postId: string, input: PostEditInput): Promise<Post> {
  return request<Post>(postPath(personId, postId), { method: 'PUT', body: input });
}

export function listPostVersions(personId: string, postId: string): Promise<PostVersion[]> {
  return request<ItemList<PostVersion>>(`${postPath(personId, postId)}/versions`).then((r) => r.items);
}

export function deletePost(personId: string, postId: string, reason: string): Promise<Post> {
  return request<Post>(`${postPath(personId, postId)}/delete`, { method: 'POST', body: { reason } });
}

/** The server takes at most this many post ids per call. */
export const READ_BATCH = 200;

/** Marks posts read (既読), in batches of at most 200 ids. Returns how many were newly marked. */
export async function markPostsRead(personId: string, postIds: string[]): Promise<number> {
  let marked = 0;
  for (let i = 0; i < postIds.length; i += READ_BATCH) {
    const batch = postIds.slice(i, i + READ_BATCH);
    const r = await request<{ marked: number }>(`${personPath(personId)}/timeline/read`, {
      method: 'POST',
      body: { post_ids: batch },
    });
    marked += r?.marked ?? 0;
  }
  return marked;
}

export function listPostReads(personId: string, postId: string): Promise<PostReads> {
  return request<PostReads>(`${postPath(personId, postId)}/reads`);
}

export function acknowledgePost(personId: string, postId: string): Promise<{ ack: ReadState }> {
  return request<{ ack: ReadState }>(`${postPath(personId, postId)}/ack`, { method: 'POST' });
}

// ---- vitals -------------------------------------------------------------------------------

/** Oldest first. `from`/`to` are JST dates (YYYY-MM-DD), inclusive, as for the timeline. */
export function listVitals(personId: string, from?: string, to?: string): Promise<Vitals[]> {
  return request<ItemList<Vitals>>(`${personPath(personId)}/vitals`, { query: { from, to } }).then((r) => r.items);
}

export function addVitals(personId: string, input: VitalsInput): Promise<Vitals> {
  return request<Vitals>(`${personPath(personId)}/vitals`, { method: 'POST', body: input });
}

// ---- attachments --------------------------------------------------------------------------

/** Largest file the server accepts (10 MiB). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** X-File-Name: the name percent-encoded as UTF-8 (headers carry ASCII only). */
export function encodeFileName(name: string): string {
  return encodeURIComponent(name);
}

/**
 * Uploads one file (photo or PDF) as the raw body, with the browser's Content-Type and the
 * percent-encoded name in X-File-Name; reports progress.
 */
export function uploadAttachment(
  personId: string,
  file: Blob & { name?: string },
  opts: Omit<UploadOptions, 'contentType' | 'headers'> = {},
): Promise<Attachment> {
  return uploadBytes<Attachment>(`${personPath(personId)}/attachments`, file, {
    ...opts,
    contentType: file.type || 'application/octet-stream',
    headers: { 'X-File-Name': encodeFileName(file.name ?? 'file') },
  });
}

/** The file itself; same-origin, so <img>/<a> requests carry the session cookie. */
export function attachmentUrl(personId: string, attachmentId: string): string {
  return `${personPath(personId)}/attachments/${enc(attachmentId)}`;
}

export function thumbnailUrl(personId: string, attachmentId: string): string {
  return `${attachmentUrl(personId, attachmentId)}/thumbnail`;
}

/** Makes an uploaded image the person's photo (the previous one is deleted). */
export function setPersonPhoto(personId: string, attachmentId: string): Promise<void> {
  return request<void>(`${personPath(personId)}/photo`, { method: 'PUT', body: { attachment_id: attachmentId } });
}

export function clearPersonPhoto(personId: string): Promise<void> {
  return request<void>(`${personPath(personId)}/photo`, { method: 'DELETE' });
}

// ---- notification settings ----------------------------------------------------------------

export function getNotificationSettings(): Promise<NotificationSettings> {
  return request<NotificationSettings>(`${API}/notification-settings`);
}

export function putNotificationSettings(settings: NotificationSettings): Promise<NotificationSettings> {
  return request<NotificationSettings>(`${API}/notification-settings`, { method: 'PUT', body: settings });
}

// ---- places -------------------------------------------------------------------------------

/** 404 (field `address`) when nothing matches. */
export function geocode(address: string, municipality?: string): Promise<GeocodeResult> {
  return request<GeocodeResult>(`${API}/geocode`, { query: { address, municipality } });
}

let mapMeta: Promise<MapMeta> | null = null;

/** The map set-up; fetched once per page load. */
export function getMapMeta(): Promise<MapMeta> {
  mapMeta ??= request<MapMeta>(`${API}/meta/map`);
  mapMeta.catch(() => (mapMeta = null));
  return mapMeta;
}
