import { describe, expect, it } from 'vitest';
import type { Summary } from '@/api/emergencyTypes';
import type { ProfilePart } from '@/api/careTypes';
import { familyPersonDetail } from './person';

const summary: Summary = {
  person: {
    id: 'p1',
    name: '佐藤 清',
    kana: 'サトウ キヨシ',
    sex: 'male',
    birth_date: '1939-03-14',
    age: 86,
    address: '群青市本町2丁目7-12',
    phone: '0561-00-3101',
    status: 'at_home',
    photo_attachment_id: 'att1',
  },
  acp: null,
  key_persons: [],
  latest_vitals: null,
  care_managers: [],
  emergency_consent: false,
  generated_at: 1,
};

const kit: ProfilePart = {
  part: 'emergency',
  version: 4,
  data: { kit_location: '冷蔵庫の扉' },
  changed_at: 2,
  changed_by: { id: 'u1', name: '佐藤 真理', profession_code: null },
};

describe('familyPersonDetail', () => {
  it('carries the identity the summary gives and the two family parts', () => {
    const d = familyPersonDetail(summary, { emergency: kit, key_persons: null });
    expect([d.id, d.name, d.kana, d.sex, d.age, d.address, d.phone, d.status]).toEqual([
      'p1',
      '佐藤 清',
      'サトウ キヨシ',
      'male',
      86,
      '群青市本町2丁目7-12',
      '0561-00-3101',
      'at_home',
    ]);
    expect(d.status_since).toBeNull();
    expect(d.profile).toEqual({ emergency: kit, key_persons: null });
  });

  it('lets the cards edit but grants nothing of the team', () => {
    const d = familyPersonDetail(summary, { emergency: null, key_persons: null });
    expect(d.access).toEqual({ team_role: null, municipality_admin: false, can_write: true, can_manage_team: false, can_record_consent: false });
    expect(d.categories).toEqual([]);
  });

  it('does not offer the photo, which only the team route serves', () => {
    expect(familyPersonDetail(summary, { emergency: null, key_persons: null }).photo_attachment_id).toBeNull();
  });

  it('reports the emergency-sharing consent as the summary does', () => {
    expect(familyPersonDetail(summary, { emergency: null, key_persons: null }).consent).toEqual({ team: false, emergency: false, disaster: false, family: true });
    expect(familyPersonDetail({ ...summary, emergency_consent: true }, { emergency: null, key_persons: null }).consent.emergency).toBe(true);
  });

  it('leaves an absent phone as null', () => {
    const d = familyPersonDetail({ ...summary, person: { ...summary.person, phone: undefined } }, { emergency: null, key_persons: null });
    expect(d.phone).toBeNull();
  });
});
