// JSON shapes of the family routes (docs/care-api.md "Family (家族)"): the care team invites a
// family member (or the person) with a one-time link that makes a family account; that account
// reads the person's emergency summary and keeps the kit (`emergency`) and `key_persons` current.
// Times are UTC epoch milliseconds.
import type { EpochMs } from './types';
import type { ProfilePartName } from './careTypes';

export const FAMILY_MEMBER_STATUSES = ['invited', 'active', 'expired', 'revoked'] as const;
export type FamilyMemberStatus = (typeof FAMILY_MEMBER_STATUSES)[number];

/** The profile parts a family account may read and change; any other part is 403. */
export const FAMILY_PARTS = ['emergency', 'key_persons'] as const satisfies readonly ProfilePartName[];
export type FamilyPart = (typeof FAMILY_PARTS)[number];

/** Limits of the invitation's fields (ParseFamilyInvite). */
export const FAMILY_NAME_MAX = 50;
export const FAMILY_RELATION_MAX = 30;

export interface FamilyMember {
  id: string;
  display_name: string;
  relation: string;
  status: FamilyMemberStatus;
  invited_by: { id: string; name: string };
  created_at: EpochMs;
  accepted_at: EpochMs | null;
  revoked_at: EpochMs | null;
}

export interface FamilyInviteInput {
  display_name: string;
  /** 長女, 本人 … */
  relation: string;
  kana?: string;
  email?: string;
}

/** The answer of an invitation: the member and the one-time link, shown this once. */
export interface IssuedFamilyInvite extends FamilyMember {
  link: { url: string; expires_at: EpochMs };
}

/** A person the signed-in family account may see now. */
export interface FamilyPerson {
  person_id: string;
  name: string;
  kana: string;
  relation: string;
}
