// The directory: code lists, municipalities, organizations, users and memberships.
import { request } from './client';
import type {
  CodeEntry,
  DirectoryUser,
  ItemList,
  Municipality,
  Organization,
  OrganizationInput,
  OrganizationQuery,
  Page,
  UserQuery,
} from './types';

const enc = encodeURIComponent;

// The code lists change only with a release; one fetch per page load is enough.
let professions: Promise<CodeEntry[]> | null = null;
let organizationTypes: Promise<CodeEntry[]> | null = null;

export function fetchProfessions(): Promise<CodeEntry[]> {
  professions ??= request<ItemList<CodeEntry>>('/api/v1/meta/professions').then((r) => r.items);
  professions.catch(() => (professions = null));
  return professions;
}

export function fetchOrganizationTypes(): Promise<CodeEntry[]> {
  organizationTypes ??= request<ItemList<CodeEntry>>('/api/v1/meta/organization-types').then((r) => r.items);
  organizationTypes.catch(() => (organizationTypes = null));
  return organizationTypes;
}

export function fetchMunicipalities(): Promise<Municipality[]> {
  return request<ItemList<Municipality>>('/api/v1/municipalities').then((r) => r.items);
}

export function searchOrganizations(q: OrganizationQuery, signal?: AbortSignal): Promise<Page<Organization>> {
  return request<Page<Organization>>('/api/v1/organizations', { query: { ...q }, signal });
}

export function getOrganization(id: string): Promise<Organization> {
  return request<Organization>(`/api/v1/organizations/${enc(id)}`);
}

export function createOrganization(municipalityCode: string, input: OrganizationInput): Promise<Organization> {
  return request<Organization>(`/api/v1/municipalities/${enc(municipalityCode)}/organizations`, {
    method: 'POST',
    body: input,
  });
}

export function listMembers(orgId: string): Promise<DirectoryUser[]> {
  return request<ItemList<DirectoryUser>>(`/api/v1/organizations/${enc(orgId)}/members`).then((r) => r.items);
}

export function searchUsers(q: UserQuery, signal?: AbortSignal): Promise<Page<DirectoryUser>> {
  return request<Page<DirectoryUser>>('/api/v1/users', { query: { ...q }, signal });
}

export function getUser(id: string): Promise<DirectoryUser> {
  return request<DirectoryUser>(`/api/v1/users/${enc(id)}`);
}

export function getMe(): Promise<DirectoryUser> {
  return request<DirectoryUser>('/api/v1/users/me');
}
