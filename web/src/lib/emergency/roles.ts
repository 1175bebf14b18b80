// Which emergency screens a signed-in user is offered, from the session's memberships. The server
// checks every request anyway (an EMS access needs an `ems` membership; a hand-over needs a
// membership of the destination organization); this only decides which links to show.
import type { SessionInfo } from '@/api/types';

/** Organization types that receive patients (the server accepts only these as a destination). */
export const HANDOVER_ORGANIZATION_TYPES = ['hospital', 'clinic'] as const;

type SessionLike = Pick<SessionInfo, 'stage' | 'memberships'> & { user: Pick<SessionInfo['user'], 'account_type'> };

function fullStaff(info: SessionLike | null | undefined): info is SessionLike {
  return !!info && info.stage === 'full' && info.user.account_type === 'staff';
}

/** 救急隊員・消防指令: a staff user with an `ems` membership. */
export function isEmsUser(info: SessionLike | null | undefined): boolean {
  return fullStaff(info) && (info.memberships ?? []).some((m) => m.role === 'ems');
}

/** A staff member of a hospital, who may receive hand-overs. */
export function isHandoverReceiver(info: SessionLike | null | undefined): boolean {
  return fullStaff(info) && (info.memberships ?? []).some((m) => (HANDOVER_ORGANIZATION_TYPES as readonly string[]).includes(m.organization_type));
}
