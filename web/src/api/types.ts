// JSON shapes of the API, checked by hand against the route handlers in src/*/routes.cpp and
// src/directory/json.cpp. Times are UTC epoch milliseconds; ids are opaque strings.

export type EpochMs = number;

/** A keyset page: pass next_cursor back as `cursor`; null means the end. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface ItemList<T> {
  items: T[];
}

// ---- auth ---------------------------------------------------------------------------------

/** password: the second factor is due; enrol: a staff account must set up TOTP; full: signed in. */
export type SessionStage = 'password' | 'enrol' | 'full';

export type Role = 'member' | 'org_admin' | 'municipality_admin' | 'ems' | 'operator';
export const ROLES: readonly Role[] = ['member', 'org_admin', 'municipality_admin', 'ems', 'operator'];

export type AccountType = 'staff' | 'family';

export interface AuthUser {
  id: string;
  login_id: string;
  display_name: string;
  kana: string;
  account_type: AccountType;
  profession_code: string | null;
  system_admin: boolean;
}

/** The answer of login, second-factor and enrolment/confirm. */
export interface SessionAnswer {
  stage: SessionStage;
  csrf_token: string;
  expires_at: EpochMs;
  user: AuthUser;
}

export interface EnrolmentConfirmAnswer extends Partial<SessionAnswer> {
  stage: SessionStage;
  recovery_codes: string[];
}

export interface SessionMembership {
  organization_id: string;
  organization_name: string;
  organization_type: string;
  municipality_code: string;
  role: Role;
}

/** GET /api/v1/auth/session. */
export interface SessionInfo {
  stage: SessionStage;
  csrf_token: string;
  user: Pick<AuthUser, 'id' | 'login_id' | 'display_name' | 'account_type' | 'system_admin'>;
  memberships: SessionMembership[];
  totp_enabled: boolean;
}

export interface Enrolment {
  secret: string;
  otpauth_uri: string;
  /** An SVG document; shown through an <img> data: URL, never as HTML. */
  qr_svg: string;
}

export interface SessionRecord {
  id: string;
  created_at: EpochMs;
  last_seen_at: EpochMs;
  expires_at: EpochMs;
  ip: string;
  user_agent: string;
  current: boolean;
}

/** A one-time link (invitation or password reset), shown once. */
export interface IssuedLink {
  id: string;
  url: string;
  expires_at: EpochMs;
}

export interface Invitation {
  id: string;
  role: Role | '';
  display_name: string | null;
  created_at: EpochMs;
  expires_at: EpochMs;
}

export interface InvitationLookup {
  kind: string;
  organization_id: string;
  organization_name: string;
  role: string;
  display_name: string | null;
  kana: string | null;
  profession_code: string | null;
  login_id: string | null;
  expires_at: EpochMs;
}

export interface InviteCommand {
  role: Role;
  display_name?: string;
  kana?: string;
  profession_code?: string;
  email?: string;
}

export interface AcceptInvitationCommand {
  token: string;
  login_id: string;
  password: string;
  display_name: string;
  kana: string;
  profession_code?: string;
  phone?: string;
  email?: string;
}

export type UserStatus = 'active' | 'suspended' | 'retired';

// ---- directory ----------------------------------------------------------------------------

export interface CodeEntry {
  code: string;
  name_ja: string;
  name_en: string;
}

export interface Municipality {
  code: string;
  name: string;
  kana: string;
  prefecture: string;
  status: string;
}

export interface Organization {
  id: string;
  municipality_code: string;
  type_code: string;
  name: string;
  kana: string;
  care_office_number: string | null;
  medical_institution_code: string | null;
  postal_code: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  phone: string | null;
  fax: string | null;
  email: string | null;
  status: string;
  updated_at: EpochMs;
}

/** Fields of POST /municipalities/{code}/organizations; empty ones are left out. */
export interface OrganizationInput {
  type_code: string;
  name: string;
  kana: string;
  care_office_number?: string;
  medical_institution_code?: string;
  postal_code?: string;
  address?: string;
  latitude?: number;
  longitude?: number;
  phone?: string;
  fax?: string;
  email?: string;
}

export interface Membership {
  organization_id: string;
  organization_name: string;
  organization_type: string;
  municipality_code: string;
  role: Role;
  title: string | null;
}

export interface DirectoryUser {
  id: string;
  login_id: string;
  display_name: string;
  kana: string;
  profession_code: string | null;
  account_type: AccountType;
  system_admin: boolean;
  phone: string | null;
  email: string | null;
  status: UserStatus;
  last_login_at: EpochMs | null;
  memberships: Membership[];
}

export interface UserQuery {
  q?: string;
  profession?: string;
  organization?: string;
  municipality?: string;
  status?: UserStatus | 'any';
  cursor?: string | null;
  limit?: number;
}

export interface OrganizationQuery {
  q?: string;
  type?: string;
  municipality?: string;
  cursor?: string | null;
  limit?: number;
}

// ---- imports ------------------------------------------------------------------------------

export interface ImportRowError {
  row: number;
  line: number;
  field: string;
  message: string;
}

export interface ImportPreview {
  import_id: string;
  kind: 'organizations' | 'users' | string;
  encoding: string;
  total_rows: number;
  valid_rows: number;
  error_rows: number;
  errors: ImportRowError[];
  columns: string[];
  sample: string[][];
}

export interface ImportResult {
  import_id: string;
  created: number;
  /** For user imports: each new user's one-time link to set a password. */
  links: { login_id: string; url: string }[];
}

// ---- audit --------------------------------------------------------------------------------

export interface AuditEntry {
  id: string;
  seq: number;
  chain: string;
  at: EpochMs;
  user_id: string;
  organization_id: string;
  municipality_code: string;
  role: string;
  ip: string;
  user_agent: string;
  action: string;
  object_type: string;
  object_id: string;
  person_id: string;
  reason: string;
  outcome: string;
  request_id: string;
  details: string;
}

export interface AuditQuery {
  user_id?: string;
  person_id?: string;
  action?: string;
  from?: EpochMs;
  to?: EpochMs;
  cursor?: string | null;
}

/** Whose audit log to search: everything (system admin), a municipality or an organization. */
export type AuditScope =
  | { kind: 'system' }
  | { kind: 'municipality'; code: string }
  | { kind: 'organization'; id: string };

// ---- notifications ------------------------------------------------------------------------

export interface Notification {
  id: string;
  seq: number;
  kind: string;
  title: string;
  body: string;
  link: string;
  created_at: EpochMs;
  person_id?: string;
  /** The person's name, in the list only and only while the reader may still read the person. */
  person_name?: string;
  /** Only in the list; events pushed live are unread. */
  read?: boolean;
}

export interface NotificationFeed {
  items: Notification[];
  unread: number;
  next_cursor: string | null;
}
