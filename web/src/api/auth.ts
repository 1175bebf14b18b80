// Sign-in, second factor, enrolment, own sessions and password: /api/v1/auth/*, plus the public
// invitation and password-reset routes.
import { request, setCsrfToken } from './client';
import type {
  AcceptInvitationCommand,
  AuthUser,
  Enrolment,
  EnrolmentConfirmAnswer,
  InvitationLookup,
  ItemList,
  SessionAnswer,
  SessionInfo,
  SessionRecord,
} from './types';

const remember = <T extends { csrf_token?: string }>(answer: T): T => {
  if (answer.csrf_token) setCsrfToken(answer.csrf_token);
  return answer;
};

/** Password step. A wrong password is a 401 the caller shows; the app does not redirect. */
export async function login(loginId: string, password: string): Promise<SessionAnswer> {
  return remember(
    await request<SessionAnswer>('/api/v1/auth/login', {
      method: 'POST',
      body: { login_id: loginId, password },
      expectUnauthenticated: true,
    }),
  );
}

/** A TOTP code or a recovery code. */
export async function verifySecondFactor(code: string): Promise<SessionAnswer> {
  return remember(
    await request<SessionAnswer>('/api/v1/auth/second-factor', {
      method: 'POST',
      body: { code },
      expectUnauthenticated: true,
    }),
  );
}

export function beginEnrolment(): Promise<Enrolment> {
  return request<Enrolment>('/api/v1/auth/enrolment', { method: 'POST', expectUnauthenticated: true });
}

export async function confirmEnrolment(code: string): Promise<EnrolmentConfirmAnswer> {
  return remember(
    await request<EnrolmentConfirmAnswer>('/api/v1/auth/enrolment/confirm', {
      method: 'POST',
      body: { code },
      expectUnauthenticated: true,
    }),
  );
}

export async function logout(): Promise<void> {
  try {
    await request<void>('/api/v1/auth/logout', { method: 'POST', expectUnauthenticated: true });
  } finally {
    setCsrfToken(null);
  }
}

/** The current session, or null when there is none (a 401 here is not an error). */
export async function fetchSession(): Promise<SessionInfo | null> {
  try {
    return remember(await request<SessionInfo>('/api/v1/auth/session', { expectUnauthenticated: true }));
  } catch (e) {
    if ((e as { status?: number }).status === 401) return null;
    throw e;
  }
}

export function listMySessions(): Promise<ItemList<SessionRecord>> {
  return request<ItemList<SessionRecord>>('/api/v1/auth/sessions');
}

export function revokeMySession(id: string): Promise<void> {
  return request<void>(`/api/v1/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return request<void>('/api/v1/auth/password', {
    method: 'POST',
    body: { current_password: currentPassword, new_password: newPassword },
  });
}

export function regenerateRecoveryCodes(password: string): Promise<{ recovery_codes: string[] }> {
  return request('/api/v1/auth/recovery-codes', { method: 'POST', body: { password } });
}

export function lookupInvitation(token: string): Promise<InvitationLookup> {
  return request<InvitationLookup>('/api/v1/invitations/lookup', {
    method: 'POST',
    body: { token },
    expectUnauthenticated: true,
  });
}

export function acceptInvitation(cmd: AcceptInvitationCommand): Promise<{ user: AuthUser }> {
  return request('/api/v1/invitations/accept', { method: 'POST', body: cmd, expectUnauthenticated: true });
}

export function completePasswordReset(token: string, password: string): Promise<void> {
  return request<void>('/api/v1/password-reset/complete', {
    method: 'POST',
    body: { token, password },
    expectUnauthenticated: true,
  });
}
