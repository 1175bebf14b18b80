import { describe, expect, it } from 'vitest';
import type { SessionInfo, SessionMembership } from '@/api/types';
import { isEmsUser, isHandoverReceiver } from './roles';

const membership = (role: SessionMembership['role'], organization_type: string): SessionMembership => ({
  organization_id: 'o',
  organization_name: 'x',
  organization_type,
  municipality_code: '991015',
  role,
});

function session(memberships: SessionMembership[], extra: Partial<SessionInfo> = {}): SessionInfo {
  return {
    stage: 'full',
    csrf_token: 't',
    user: { id: 'u', login_id: 'l', display_name: 'n', account_type: 'staff', system_admin: false },
    memberships,
    totp_enabled: true,
    ...extra,
  };
}

describe('emergency roles', () => {
  it('offers the EMS screens only with an ems membership', () => {
    expect(isEmsUser(session([membership('ems', 'fire_department')]))).toBe(true);
    expect(isEmsUser(session([membership('member', 'fire_department')]))).toBe(false);
    expect(isEmsUser(null)).toBe(false);
  });

  it('offers nothing before the second factor is done', () => {
    expect(isEmsUser(session([membership('ems', 'fire_department')], { stage: 'password' }))).toBe(false);
    expect(isHandoverReceiver(session([membership('member', 'hospital')], { stage: 'enrol' }))).toBe(false);
  });

  it('offers the hand-overs to the staff of hospitals and clinics, who receive patients', () => {
    expect(isHandoverReceiver(session([membership('member', 'care_management'), membership('org_admin', 'hospital')]))).toBe(true);
    expect(isHandoverReceiver(session([membership('member', 'clinic')]))).toBe(true);
    expect(isHandoverReceiver(session([membership('member', 'care_management'), membership('member', 'pharmacy')]))).toBe(false);
  });
});
