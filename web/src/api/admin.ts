// Administration of an organization's accounts: invitations, status, 2FA and session resets,
// password-reset links, and CSV imports (organizations per municipality, users per organization).
import { request, uploadBytes, type UploadOptions } from './client';
import type { ImportPreview, ImportResult, Invitation, InviteCommand, IssuedLink, ItemList, UserStatus } from './types';

const enc = encodeURIComponent;
const org = (orgId: string) => `/api/v1/organizations/${enc(orgId)}`;
const userOf = (orgId: string, userId: string) => `${org(orgId)}/users/${enc(userId)}`;

export function invite(orgId: string, cmd: InviteCommand): Promise<IssuedLink> {
  return request<IssuedLink>(`${org(orgId)}/invitations`, { method: 'POST', body: cmd });
}

export function listInvitations(orgId: string): Promise<Invitation[]> {
  return request<ItemList<Invitation>>(`${org(orgId)}/invitations`).then((r) => r.items);
}

export function revokeInvitation(orgId: string, invitationId: string): Promise<void> {
  return request<void>(`${org(orgId)}/invitations/${enc(invitationId)}`, { method: 'DELETE' });
}

export function setUserStatus(orgId: string, userId: string, status: UserStatus): Promise<void> {
  return request<void>(`${userOf(orgId, userId)}/status`, { method: 'POST', body: { status } });
}

export function resetTwoFactor(orgId: string, userId: string): Promise<void> {
  return request<void>(`${userOf(orgId, userId)}/reset-2fa`, { method: 'POST' });
}

export function revokeUserSessions(orgId: string, userId: string): Promise<{ revoked: number }> {
  return request(`${userOf(orgId, userId)}/revoke-sessions`, { method: 'POST' });
}

export function issuePasswordReset(orgId: string, userId: string): Promise<IssuedLink> {
  return request<IssuedLink>(`${userOf(orgId, userId)}/password-reset`, { method: 'POST' });
}

/** Where a CSV import goes: organizations into a municipality, users into an organization. */
export type ImportTarget =
  | { kind: 'organizations'; municipalityCode: string }
  | { kind: 'users'; organizationId: string };

function importBase(target: ImportTarget): string {
  return target.kind === 'organizations'
    ? `/api/v1/municipalities/${enc(target.municipalityCode)}/imports`
    : `${org(target.organizationId)}/imports`;
}

/** Uploads the file's raw bytes (any of the recognised encodings) and returns the preview. */
export function previewImport(target: ImportTarget, file: ArrayBuffer, opts: UploadOptions = {}): Promise<ImportPreview> {
  const path = `${importBase(target)}/${target.kind}`;
  return uploadBytes<ImportPreview>(path, file, { ...opts, contentType: 'text/csv' });
}

export function applyImport(target: ImportTarget, importId: string): Promise<ImportResult> {
  return request<ImportResult>(`${importBase(target)}/${enc(importId)}/apply`, { method: 'POST' });
}
