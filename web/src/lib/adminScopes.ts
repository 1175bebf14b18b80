// What a signed-in user may administer, read from the session's memberships. The server checks
// every request anyway; this only decides which screens and links to show.
import type { SessionInfo } from '@/api/types';

export interface AdminScopes {
  system: boolean;
  /** Organizations where the user is org_admin. */
  organizations: { id: string; name: string; municipalityCode: string }[];
  /** Municipality codes where the user is municipality_admin. */
  municipalities: string[];
}

export function adminScopes(session: SessionInfo | null): AdminScopes {
  const scopes: AdminScopes = { system: false, organizations: [], municipalities: [] };
  if (!session || session.stage !== 'full') return scopes;
  scopes.system = session.user.system_admin;
  for (const m of session.memberships) {
    if (m.role === 'org_admin' && !scopes.organizations.some((o) => o.id === m.organization_id)) {
      scopes.organizations.push({
        id: m.organization_id,
        name: m.organization_name,
        municipalityCode: m.municipality_code,
      });
    }
    if (m.role === 'municipality_admin' && !scopes.municipalities.includes(m.municipality_code)) {
      scopes.municipalities.push(m.municipality_code);
    }
  }
  return scopes;
}

export function isAdmin(scopes: AdminScopes): boolean {
  return scopes.system || scopes.organizations.length > 0 || scopes.municipalities.length > 0;
}

/**
 * True when the user may administer organization `orgId` of municipality `municipalityCode`
 * (as its org admin, as admin of its municipality, or as system admin).
 */
export function canAdministerOrganization(scopes: AdminScopes, orgId: string, municipalityCode?: string): boolean {
  return (
    scopes.system ||
    scopes.organizations.some((o) => o.id === orgId) ||
    (municipalityCode !== undefined && scopes.municipalities.includes(municipalityCode))
  );
}

export function canAdministerMunicipality(scopes: AdminScopes, code: string): boolean {
  return scopes.system || scopes.municipalities.includes(code);
}
