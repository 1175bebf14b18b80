// The family's page shares the care profile cards of the team's page, which read a PersonDetail
// from the person context. A family account has no route for the team's person record, so the
// page builds one from what the family routes give: the person's part of the emergency summary,
// the two parts the family keeps, and explicit defaults for everything else: nothing here grants
// more than the server allows (it checks every save anyway), and nothing pretends to know team
// data the family cannot see (no categories, no team role, no photo from the team's route).
import type { PersonDetail, ProfilePart, UserRef } from '@/api/careTypes';
import type { Summary } from '@/api/emergencyTypes';
import type { FamilyPart } from '@/api/familyTypes';

const NOBODY: UserRef = { id: '', name: '', profession_code: null };

/** The profile parts the family sees: the latest of each, or null where none was recorded. */
export type FamilyParts = Record<FamilyPart, ProfilePart | null>;

export function familyPersonDetail(summary: Summary, parts: FamilyParts): PersonDetail {
  const p = summary.person;
  return {
    id: p.id,
    municipality_code: '',
    resident_id: null,
    name: p.name,
    kana: p.kana,
    sex: p.sex,
    birth_date: p.birth_date,
    age: p.age,
    postal_code: null,
    address: p.address,
    latitude: null,
    longitude: null,
    location_source: null,
    phone: p.phone ?? null,
    categories: [],
    status: p.status,
    status_since: p.status_since ?? null,
    version: 0,
    created_at: 0,
    created_by: NOBODY,
    updated_at: 0,
    updated_by: NOBODY,
    // The photo is read through the team's attachment route, which a family account may not use.
    photo_attachment_id: null,
    // The family routes answer only while the family scope is in force.
    consent: { team: false, emergency: summary.emergency_consent, disaster: false, family: true },
    // The family may change its two parts (the cards offer editing); nothing of the team's.
    access: { team_role: null, municipality_admin: false, can_write: true, can_manage_team: false, can_record_consent: false },
    profile: { emergency: parts.emergency, key_persons: parts.key_persons },
  };
}
