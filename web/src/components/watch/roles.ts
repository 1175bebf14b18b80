// Which watch screens a signed-in user is offered, from the session's memberships (the server
// checks every request anyway, src/watch/access.cpp): the status list and the alert queue for
// the operators (コールセンター) and administrators of a municipality; the region's thresholds for
// its administrators.
import type { SessionInfo } from '@/api/types';

type SessionLike = Pick<SessionInfo, 'stage' | 'memberships'> & { user: Pick<SessionInfo['user'], 'account_type'> };

function fullStaff(info: SessionLike | null | undefined): info is SessionLike {
  return !!info && info.stage === 'full' && info.user.account_type === 'staff';
}

/** The municipalities whose status list the user may see, sorted like the server's default. */
export function boardMunicipalities(info: SessionLike | null | undefined): string[] {
  if (!fullStaff(info)) return [];
  const codes = (info.memberships ?? []).filter((m) => m.role === 'operator' || m.role === 'municipality_admin').map((m) => m.municipality_code);
  return [...new Set(codes)].sort();
}

/** Operators and municipality administrators: the 見守り menu. */
export function isWatchOffice(info: SessionLike | null | undefined): boolean {
  return boardMunicipalities(info).length > 0;
}

/** The municipalities the user administers (their thresholds), sorted. */
export function watchAdminMunicipalities(info: SessionLike | null | undefined): string[] {
  if (!fullStaff(info)) return [];
  const codes = (info.memberships ?? []).filter((m) => m.role === 'municipality_admin').map((m) => m.municipality_code);
  return [...new Set(codes)].sort();
}

/** True when the user works as an operator for `code` (they are no member of any care team). */
export function isOperatorOf(info: SessionLike | null | undefined, code: string): boolean {
  return fullStaff(info) && (info.memberships ?? []).some((m) => m.role === 'operator' && m.municipality_code === code);
}
