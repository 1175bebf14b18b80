// The family routes (docs/care-api.md "Family (家族)"): the care team's invitations of family
// members, and the family account's own view of the persons it is linked to. One function per
// route; pages call these and never fetch themselves.
import { request } from './client';
import { ApiError } from './errors';
import type { ItemList } from './types';
import type { ProfilePart } from './careTypes';
import type { Summary } from './emergencyTypes';
import type { FamilyInviteInput, FamilyMember, FamilyPart, FamilyPerson, IssuedFamilyInvite } from './familyTypes';
import { personPath } from './care';

const enc = encodeURIComponent;
const API = '/api/v1';

// ---- care team ----------------------------------------------------------------------------

/** Every family member ever invited for the person, oldest first (revoked ones too). */
export function listFamilyMembers(personId: string): Promise<FamilyMember[]> {
  return request<ItemList<FamilyMember>>(`${personPath(personId)}/family`).then((r) => r.items);
}

/**
 * Invites a family member; the answer carries the one-time link, shown this once. Blank optional
 * fields are left out. 409 with detail code `no_family_consent` without the family scope.
 */
export function inviteFamilyMember(personId: string, input: FamilyInviteInput): Promise<IssuedFamilyInvite> {
  const body: FamilyInviteInput = { display_name: input.display_name.trim(), relation: input.relation.trim() };
  const kana = input.kana?.trim();
  const email = input.email?.trim();
  if (kana) body.kana = kana;
  if (email) body.email = email;
  return request<IssuedFamilyInvite>(`${personPath(personId)}/family`, { method: 'POST', body });
}

/** Access ends at the member's next request; an unused link stops working. */
export function revokeFamilyMember(personId: string, memberId: string): Promise<void> {
  return request<void>(`${personPath(personId)}/family/${enc(memberId)}`, { method: 'DELETE' });
}

// ---- family account -----------------------------------------------------------------------

const familyPersonPath = (personId: string) => `${API}/family/persons/${enc(personId)}`;

/** The persons the signed-in family account may see now. */
export function listMyFamilyPersons(signal?: AbortSignal): Promise<FamilyPerson[]> {
  return request<ItemList<FamilyPerson>>(`${API}/family/persons`, { signal }).then((r) => r.items);
}

export function getFamilySummary(personId: string, signal?: AbortSignal): Promise<Summary> {
  return request<Summary>(`${familyPersonPath(personId)}/emergency-summary`, { signal });
}

/** The latest version of the part, or null when nothing was recorded yet (the server's 404). */
export async function getFamilyPart(personId: string, part: FamilyPart, signal?: AbortSignal): Promise<ProfilePart | null> {
  try {
    return await request<ProfilePart>(`${familyPersonPath(personId)}/profile/${enc(part)}`, { signal });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

/** Same rules as the team's save: `baseVersion` 0 for the first version, 409 on a stale one. */
export function putFamilyPart(personId: string, part: FamilyPart, data: Record<string, unknown>, baseVersion: number): Promise<ProfilePart> {
  return request<ProfilePart>(`${familyPersonPath(personId)}/profile/${enc(part)}`, {
    method: 'PUT',
    body: { data, base_version: baseVersion },
  });
}
