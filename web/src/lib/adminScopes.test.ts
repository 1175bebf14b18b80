import { describe, expect, it } from 'vitest';
import type { SessionInfo, SessionMembership } from '@/api/types';
import { adminScopes, canAdministerMunicipality, canAdministerOrganization, isAdmin } from './adminScopes';

function session(memberships: Partial<SessionMembership>[], systemAdmin = false, stage: SessionInfo['stage'] = 'full'): SessionInfo {
  return {
    stage,
    csrf_token: 't',
    user: { id: 'u', login_id: 'x', display_name: 'X', account_type: 'staff', system_admin: systemAdmin },
    memberships: memberships.map((m) => ({
      organization_id: 'o1',
      organization_name: 'Org',
      organization_type: 'clinic',
      municipality_code: '131016',
      role: 'member',
      ...m,
    })),
    totp_enabled: true,
  };
}

describe('adminScopes', () => {
  it('finds nothing for a plain member', () => {
    const s = adminScopes(session([{ role: 'member' }]));
    expect(isAdmin(s)).toBe(false);
  });

  it('lists organizations and municipalities administered, once each', () => {
    const s = adminScopes(
      session([
        { organization_id: 'o1', role: 'org_admin' },
        { organization_id: 'o1', role: 'org_admin' },
        { organization_id: 'o2', role: 'municipality_admin', municipality_code: '131016' },
        { organization_id: 'o3', role: 'municipality_admin', municipality_code: '131016' },
      ]),
    );
    expect(s.organizations.map((o) => o.id)).toEqual(['o1']);
    expect(s.municipalities).toEqual(['131016']);
    expect(isAdmin(s)).toBe(true);
    expect(canAdministerOrganization(s, 'o9', '131016')).toBe(true);
    expect(canAdministerOrganization(s, 'o9', '999999')).toBe(false);
    expect(canAdministerMunicipality(s, '131016')).toBe(true);
  });

  it('lets a system admin administer everything', () => {
    const s = adminScopes(session([], true));
    expect(isAdmin(s)).toBe(true);
    expect(canAdministerOrganization(s, 'any')).toBe(true);
    expect(canAdministerMunicipality(s, '999999')).toBe(true);
  });

  it('grants nothing before the second factor is done', () => {
    expect(isAdmin(adminScopes(session([{ role: 'org_admin' }], true, 'password')))).toBe(false);
    expect(isAdmin(adminScopes(null))).toBe(false);
  });
});
