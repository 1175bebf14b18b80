import { describe, expect, it } from 'vitest';
import type { Role } from '@/api/types';
import { boardMunicipalities, isOperatorOf, isWatchOffice, watchAdminMunicipalities } from './roles';

function session(roles: [Role, string][], accountType: 'staff' | 'family' = 'staff', stage: 'full' | 'password' = 'full') {
  return {
    stage,
    user: { account_type: accountType },
    memberships: roles.map(([role, code]) => ({ organization_id: 'o', organization_name: 'x', organization_type: 'municipality', municipality_code: code, role })),
  };
}

describe('watch roles', () => {
  it('offers the status list to operators and municipality admins, by municipality', () => {
    const s = session([['operator', '132012'], ['municipality_admin', '011002'], ['member', '999999'], ['operator', '132012']]);
    expect(boardMunicipalities(s)).toEqual(['011002', '132012']);
    expect(isWatchOffice(s)).toBe(true);
    expect(watchAdminMunicipalities(s)).toEqual(['011002']);
    expect(isOperatorOf(s, '132012')).toBe(true);
    expect(isOperatorOf(s, '011002')).toBe(false);
  });

  it('offers nothing to team members, family accounts or half-signed-in sessions', () => {
    expect(isWatchOffice(session([['member', '132012'], ['org_admin', '132012']]))).toBe(false);
    expect(isWatchOffice(session([['operator', '132012']], 'family'))).toBe(false);
    expect(isWatchOffice(session([['operator', '132012']], 'staff', 'password'))).toBe(false);
    expect(isWatchOffice(null)).toBe(false);
  });
});
