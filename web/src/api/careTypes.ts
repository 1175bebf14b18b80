// JSON shapes of the care network API (docs/care-api.md): persons, care profile, status,
// consent, care team, timeline, vitals, attachments, notification settings and places. Dates are
// "YYYY-MM-DD" strings; times are UTC epoch milliseconds.
import type { EpochMs } from './types';

// ---- codes --------------------------------------------------------------------------------

export const SEXES = ['male', 'female', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const PERSON_CATEGORIES = ['elderly', 'disability', 'medical_child', 'watched', 'evacuation_support'] as const;
export type PersonCategory = (typeof PERSON_CATEGORIES)[number];

export const PERSON_STATUSES = ['at_home', 'hospitalized', 'short_stay', 'facility', 'moved_away', 'died'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const TEAM_ROLES = [
  'care_manager',
  'primary_doctor',
  'primary_dentist',
  'visiting_nurse',
  'nurse',
  'pharmacist',
  'home_helper',
  'therapist',
  'dental_hygienist',
  'dietitian',
  'medical_social_worker',
  'day_service',
  'short_stay',
  'welfare_equipment',
  'support_center',
  'consultation_support',
  'municipality',
  'other',
] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** Categories a member may choose for a post. */
export const POST_CATEGORIES = [
  'contact',
  'daily_life',
  'medical_visit',
  'support',
  'wishes',
  'medication',
  'meal',
  'excretion',
  'sleep',
  'skin',
  'rehab',
  'meeting',
  'other',
] as const;
/** Categories only the system writes. */
export const SYSTEM_POST_CATEGORIES = ['sensor_alert', 'resource_referral', 'safety_check', 'ems_access'] as const;
export type PostCategory = (typeof POST_CATEGORIES)[number] | (typeof SYSTEM_POST_CATEGORIES)[number];

export const PROFILE_PARTS = [
  'care_level',
  'disability',
  'key_persons',
  'providers',
  'medical',
  'prescriptions',
  'devices',
  'living',
  'emergency',
  'acp',
] as const;
export type ProfilePartName = (typeof PROFILE_PARTS)[number];
/** Versions of the identity fields are listed like a profile part. */
export type VersionedPart = ProfilePartName | 'identity';

export const TEAM_MEMBER_STATUSES = ['invited', 'active', 'declined', 'left', 'removed'] as const;
export type TeamMemberStatus = (typeof TEAM_MEMBER_STATUSES)[number];

export type LocationSource = 'geocoded' | 'map' | 'none';

// ---- people and persons -------------------------------------------------------------------

/** A user as the care API names one (author, recorder, inviter). */
export interface UserRef {
  id: string;
  name: string;
  profession_code: string | null;
}

export interface PersonSummary {
  id: string;
  name: string;
  kana: string;
  sex: Sex;
  birth_date: string;
  age: number;
  municipality_code: string;
  categories: PersonCategory[];
  status: PersonStatus;
  address: string;
  my_team_role: TeamRole | null;
  /** Not in the contract's summary; shown when a server sends it. */
  care_level?: string | null;
}

export interface PersonQuery {
  q?: string;
  municipality?: string;
  category?: string;
  status?: string;
  cursor?: string | null;
  limit?: number;
}

export interface ConsentScopes {
  team: boolean;
  emergency: boolean;
  disaster: boolean;
  family: boolean;
}
export const CONSENT_SCOPES = ['team', 'emergency', 'disaster', 'family'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export interface ConsentInput {
  scopes: ConsentScopes;
  obtained_on: string;
  given_by: 'self' | 'representative';
  representative_name?: string;
  representative_relation?: string;
  method: 'written' | 'verbal';
  scan_attachment_id?: string;
  note?: string;
}

export interface Consent {
  id: string;
  scopes: ConsentScopes;
  obtained_on: string;
  given_by: 'self' | 'representative';
  representative_name: string | null;
  representative_relation: string | null;
  method: 'written' | 'verbal';
  scan_attachment_id: string | null;
  note: string | null;
  obtained_by: UserRef;
  created_at: EpochMs;
  withdrawn_on: string | null;
  withdrawn_at: EpochMs | null;
  withdrawn_by: UserRef | null;
  withdrawal_reason: string | null;
}

/** The identity fields of POST /persons and PUT /persons/{id}. */
export interface PersonIdentityInput {
  municipality_code: string;
  resident_id?: string;
  name: string;
  kana: string;
  sex: Sex;
  birth_date: string;
  postal_code?: string;
  address: string;
  latitude?: number;
  longitude?: number;
  location_source?: LocationSource;
  phone?: string;
  categories: PersonCategory[];
}

export interface PersonCreateInput extends PersonIdentityInput {
  team_role?: TeamRole;
  consent?: ConsentInput;
}

export interface PersonUpdateInput extends PersonIdentityInput {
  base_version: number;
}

export interface ProfilePart<D = Record<string, unknown>> {
  part: VersionedPart;
  version: number;
  data: D;
  changed_at: EpochMs;
  changed_by: UserRef;
}

export interface PersonAccess {
  team_role: TeamRole | null;
  municipality_admin: boolean;
  can_write: boolean;
  can_manage_team: boolean;
  can_record_consent: boolean;
}

export interface PersonDetail {
  id: string;
  municipality_code: string;
  resident_id: string | null;
  name: string;
  kana: string;
  sex: Sex;
  birth_date: string;
  age: number;
  postal_code: string | null;
  address: string;
  latitude: number | null;
  longitude: number | null;
  location_source: LocationSource | null;
  phone: string | null;
  categories: PersonCategory[];
  status: PersonStatus;
  status_since: string | null;
  version: number;
  created_at: EpochMs;
  created_by: UserRef;
  updated_at: EpochMs;
  updated_by: UserRef;
  /** The person's photo: an attachment read through thumbnailUrl / attachmentUrl. */
  photo_attachment_id: string | null;
  consent: ConsentScopes;
  access: PersonAccess;
  profile: Partial<Record<ProfilePartName, ProfilePart | null>>;
}

// ---- status -------------------------------------------------------------------------------

export interface StatusEntry {
  id: string;
  status: PersonStatus;
  since: string;
  place: string | null;
  note: string | null;
  recorded_at: EpochMs;
  recorded_by: UserRef;
}

export interface StatusInput {
  status: PersonStatus;
  since: string;
  place?: string;
  note?: string;
}

// ---- care team ----------------------------------------------------------------------------

export interface TeamMember {
  user_id: string;
  name: string;
  kana: string;
  profession_code: string | null;
  organization_id: string | null;
  organization_name: string | null;
  municipality_code: string | null;
  team_role: TeamRole;
  status: TeamMemberStatus;
  invited_by: UserRef | null;
  invited_at: EpochMs | null;
  joined_at: EpochMs | null;
  ended_at: EpochMs | null;
}

export interface TeamInvitationInput {
  user_id: string;
  team_role: TeamRole;
  organization_id?: string;
}

/** One of the caller's pending invitations (GET /care-team/invitations). */
export interface MyTeamInvitation {
  person_id: string;
  person_name: string;
  person_kana: string;
  team_role: TeamRole;
  invited_by: UserRef;
  invited_at: EpochMs;
}

// ---- timeline -----------------------------------------------------------------------------

export interface Attachment {
  id: string;
  kind: 'image' | 'pdf';
  content_type: string;
  name: string;
  size: number;
  width: number | null;
  height: number | null;
}

export const VITAL_KEYS = ['systolic', 'diastolic', 'pulse', 'temperature', 'spo2', 'respiration', 'weight', 'glucose'] as const;
export type VitalKey = (typeof VITAL_KEYS)[number];

export type VitalsInput = { measured_at: EpochMs } & Partial<Record<VitalKey, number>>;

export type Vitals = { measured_at: EpochMs } & Partial<Record<VitalKey, number | null>> & {
  id: string;
  post_id: string | null;
  recorded_by: UserRef;
  created_at: EpochMs;
};

export interface ReadState {
  count: number;
  total: number;
  by_me: boolean;
}

export interface PostAuthor extends UserRef {
  organization_name: string | null;
}

export interface Post {
  id: string;
  person_id: string;
  parent_id: string | null;
  author: PostAuthor;
  category: PostCategory;
  body: string;
  important: boolean;
  ack_requested: boolean;
  share_family: boolean;
  created_at: EpochMs;
  edited_at: EpochMs | null;
  version: number;
  deleted: null | { at: EpochMs; by: UserRef; reason: string };
  reply_count: number;
  attachments: Attachment[];
  vitals: Vitals | null;
  mentions: UserRef[];
  read: ReadState;
  ack: ReadState | null;
}

export interface PostWithReplies extends Post {
  replies: Post[];
}

export interface TimelinePage {
  items: Post[];
  next_cursor: string | null;
  team_size: number;
}

export interface TimelineQuery {
  category?: string;
  author?: string;
  /** JST dates, inclusive. */
  from?: string;
  to?: string;
  important?: boolean;
  unread?: boolean;
  q?: string;
  cursor?: string | null;
  limit?: number;
}

export interface PostInput {
  category: PostCategory;
  body: string;
  important?: boolean;
  ack_requested?: boolean;
  share_family?: boolean;
  mentions?: string[];
  attachment_ids?: string[];
  vitals?: VitalsInput;
}

export interface ReplyInput {
  body: string;
  mentions?: string[];
  attachment_ids?: string[];
}

export interface PostEditInput {
  body: string;
  category: PostCategory;
  important: boolean;
  base_version: number;
}

export interface PostVersion {
  version: number;
  category: PostCategory;
  body: string;
  important: boolean;
  edited_at: EpochMs;
  edited_by: UserRef;
}

export interface PostReads {
  read: { user: UserRef; at: EpochMs }[];
  /** Only for the author. */
  unread: UserRef[] | null;
}

// ---- notification settings ----------------------------------------------------------------

export type NotificationMode = 'immediate' | 'digest' | 'off';

export interface NotificationSettings {
  kinds: { kind: string; mode: NotificationMode }[];
  quiet_hours: null | { start: string; end: string };
  email: { enabled: boolean; address: string | null };
  digest_time: string;
}

// ---- places -------------------------------------------------------------------------------

export interface GeocodeResult {
  latitude: number;
  longitude: number;
  precision: 'chome' | 'town' | 'municipality';
  matched: string;
}

export interface MapPlace {
  name: string;
  latitude: number;
  longitude: number;
}

export interface MapMeta {
  tile_url: string | null;
  attribution: string;
  center: { latitude: number; longitude: number };
  zoom: number;
  places: MapPlace[];
}
