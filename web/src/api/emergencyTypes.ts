// JSON shapes of the emergency API (docs/emergency-api.md): the emergency summary (救急情報), the
// QR card, EMS break-glass accesses, hospital hand-overs and their one-time links. Dates are
// "YYYY-MM-DD" strings; times are UTC epoch milliseconds. The contract says fields left empty in
// the profile are "absent or null", so every optional field here allows both.
import type { EpochMs } from './types';
import type { PersonStatus, Sex, UserRef, Vitals } from './careTypes';

// ---- codes --------------------------------------------------------------------------------

/** 受入, 入院, 帰宅, 転院: what the receiving hospital reports back. */
export const OUTCOME_CODES = ['accepted', 'admitted', 'discharged_home', 'transferred'] as const;
export type OutcomeCode = (typeof OUTCOME_CODES)[number];

/** How the crew found the person: by scanning the card or by searching. */
export const FOUND_BY = ['card', 'search'] as const;
export type FoundBy = (typeof FOUND_BY)[number];

export type AcpWish = 'wants' | 'does_not_want' | 'undecided';
export type EndOfLifePlace = 'home' | 'hospital' | 'facility' | 'undecided';

/** The `providers` kinds, in the order a crew looks for them (the primary doctor first). */
export const SUMMARY_PROVIDER_KINDS = ['primary_doctor', 'visiting_nurse', 'care_manager', 'pharmacy', 'primary_dentist'] as const;
export type ProviderKind = (typeof SUMMARY_PROVIDER_KINDS)[number];

type Opt<T> = T | null | undefined;

// ---- the summary --------------------------------------------------------------------------

export interface SummaryPerson {
  id: string;
  name: string;
  kana: string;
  sex: Sex;
  birth_date: string;
  age: number;
  address: string;
  phone?: Opt<string>;
  status: PersonStatus;
  status_since?: Opt<string>;
  /** Read through the access's media URL (EMS, hospital, link) or the team's attachment URL. */
  photo_attachment_id?: Opt<string>;
}

export interface AcpSubstitute {
  name: string;
  relation?: Opt<string>;
  phone?: Opt<string>;
}

/** The latest ACP (人生会議) version, signed off by `recorded_by` at `recorded_at`. */
export interface AcpSummary {
  version: number;
  discussed_on: string;
  resuscitation: AcpWish;
  ventilation?: Opt<AcpWish>;
  artificial_nutrition?: Opt<AcpWish>;
  hospital_transport?: Opt<AcpWish>;
  end_of_life_place?: Opt<EndOfLifePlace>;
  values?: Opt<string>;
  wishes?: Opt<string>;
  substitute?: Opt<AcpSubstitute>;
  note?: Opt<string>;
  recorded_at: EpochMs;
  recorded_by: UserRef;
}

export interface SummaryKeyPerson {
  name: string;
  kana?: Opt<string>;
  relation: string;
  phones: string[];
  lives_with: boolean;
  call_order: number;
  note?: Opt<string>;
}

/** A provider with its directory references already named, so a crew's phone needs no lookup. */
export interface SummaryProvider {
  organization_id?: Opt<string>;
  organization_name?: Opt<string>;
  user_id?: Opt<string>;
  user_name?: Opt<string>;
  name?: Opt<string>;
  phone?: Opt<string>;
  note?: Opt<string>;
}

export type SummaryProviders = Partial<Record<ProviderKind, SummaryProvider | null>>;

export interface SummaryCareManager {
  user_id: string;
  name: string;
  organization_name?: Opt<string>;
  phone?: Opt<string>;
}

// The latest data of profile parts (docs/care-api.md "Part data").

export interface CareLevelData {
  level: string;
  valid_from?: Opt<string>;
  valid_to?: Opt<string>;
  certified_on?: Opt<string>;
  insured_number?: Opt<string>;
  note?: Opt<string>;
}

export interface DisabilityData {
  support_category?: Opt<string>;
  certificates?: Opt<{ type: string; grade: string; number?: Opt<string>; valid_to?: Opt<string>; note?: Opt<string> }[]>;
}

export interface Allergy {
  substance: string;
  reaction?: Opt<string>;
  severity?: Opt<'mild' | 'moderate' | 'severe'>;
}

export interface MedicalData {
  history?: Opt<{ name: string; since?: Opt<string>; note?: Opt<string> }[]>;
  conditions?: Opt<{ name: string; note?: Opt<string> }[]>;
  allergies?: Opt<Allergy[]>;
  infection_notes?: Opt<string>;
}

export interface Prescription {
  drug: string;
  dose?: Opt<string>;
  usage?: Opt<string>;
  start?: Opt<string>;
  end?: Opt<string>;
  institution?: Opt<string>;
  prescriber?: Opt<string>;
}

export interface PrescriptionsData {
  items?: Opt<Prescription[]>;
}

export interface Device {
  type: string;
  detail?: Opt<string>;
  since?: Opt<string>;
  supplier?: Opt<string>;
}

export interface DevicesData {
  items?: Opt<Device[]>;
}

export interface LivingData {
  arrangement?: Opt<string>;
  housing?: Opt<string>;
  floor?: Opt<number>;
  elevator?: Opt<boolean>;
  pets?: Opt<string>;
  key_box?: Opt<string>;
  note?: Opt<string>;
}

/** What the paper 救急医療情報キット holds beyond the rest of the profile. */
export interface EmergencyKitData {
  kit_location?: Opt<string>;
  blood_type?: Opt<string>;
  rh?: Opt<string>;
  preferred_hospital?: Opt<string>;
  communication?: Opt<string>;
  notes_for_crew?: Opt<string>;
}

/** GET /persons/{id}/emergency-summary, and the `summary` of an access or hand-over. */
export interface Summary {
  person: SummaryPerson;
  acp: AcpSummary | null;
  /** In call order. */
  key_persons: SummaryKeyPerson[];
  providers?: Opt<SummaryProviders>;
  care_level?: Opt<CareLevelData>;
  disability?: Opt<DisabilityData>;
  medical?: Opt<MedicalData>;
  prescriptions?: Opt<PrescriptionsData>;
  devices?: Opt<DevicesData>;
  living?: Opt<LivingData>;
  emergency?: Opt<EmergencyKitData>;
  latest_vitals: Vitals | null;
  /** Active team members with the care-manager role. */
  care_managers: SummaryCareManager[];
  emergency_consent: boolean;
  generated_at: EpochMs;
}

// ---- the QR card --------------------------------------------------------------------------

/** 救急情報カード. The QR holds `url` only; the person's details are printed beside it. */
export interface EmergencyCard {
  id: string;
  /** `<public_url>/e/<token>`. */
  url: string;
  /** The QR code of `url` as an SVG document made by our server. */
  qr_svg: string;
  created_at: EpochMs;
  created_by: UserRef;
  person: { name: string; kana: string; birth_date: string };
}

// ---- EMS ----------------------------------------------------------------------------------

export interface CardCheck {
  emergency_consent: boolean;
}

export interface EmsSearchQuery {
  kana?: string;
  /** YYYY-MM-DD or 和暦; goes with `kana`. */
  birth_date?: string;
  phone?: string;
  address?: string;
  limit?: number;
}

export interface EmsCandidate {
  person_id: string;
  name: string;
  kana: string;
  sex: Sex;
  birth_date: string;
  age: number;
  address: string;
  /** Present when searched by phone: matched the person's own number or a key person's. */
  phone_match?: 'person' | 'key_person';
}

export interface EmsSearchResult {
  items: EmsCandidate[];
  /** Matches that cannot be shown: no emergency-sharing consent. */
  without_consent: number;
}

/** POST /ems/accesses: by the card's token or by a person found in the search. */
export type OpenAccessInput = ({ card_token: string } | { person_id: string }) & {
  incident_number: string;
  reason: string;
};

export interface Destination {
  organization_id: string | null;
  name: string;
  set_at: EpochMs;
  /** True when the hospital reads through a one-time link and PIN. */
  link: boolean;
}

export interface Outcome {
  code: OutcomeCode;
  note?: Opt<string>;
  reported_at: EpochMs;
  reported_by: { name: string; organization_name?: Opt<string>; via: 'account' | 'link' };
}

export interface EmsAccess {
  id: string;
  person_id: string;
  person_name: string;
  incident_number: string;
  reason: string;
  found_by: FoundBy;
  opened_at: EpochMs;
  expires_at: EpochMs;
  opened_by: UserRef;
  /** The crew's organization (fire department). */
  organization_name: string;
  destination: Destination | null;
  outcome: Outcome | null;
}

/**
 * A scene photo or video (救急ショット). The contract calls it an Attachment; photos come with a
 * thumbnail, videos are stored as sent.
 */
export interface EmsMedia {
  id: string;
  kind: 'image' | 'video' | (string & {});
  content_type: string;
  name: string;
  size: number;
  width?: Opt<number>;
  height?: Opt<number>;
}

/** An access (or hand-over) with what it opens. */
export interface EmsAccessDetail extends EmsAccess {
  summary: Summary;
  media: EmsMedia[];
}

/** The one-time link and PIN for a hospital without accounts, shown once. */
export interface HandoverSecret {
  link_url: string;
  pin: string;
}

export interface DestinationAnswer extends EmsAccess {
  handover: HandoverSecret | null;
}

export type DestinationInput = { hospital_organization_id: string } | { hospital_name: string };

// ---- hospital -----------------------------------------------------------------------------

export interface OutcomeInput {
  code: OutcomeCode;
  note?: string;
}

export interface LinkOutcomeInput extends OutcomeInput {
  reporter_name: string;
}

export interface UnlockAnswer {
  expires_at: EpochMs;
}
