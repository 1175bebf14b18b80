// Audit-log search for the scope an admin administers.
import { request } from './client';
import type { AuditEntry, AuditQuery, AuditScope, Page } from './types';

export function auditPath(scope: AuditScope): string {
  switch (scope.kind) {
    case 'system':
      return '/api/v1/audit';
    case 'municipality':
      return `/api/v1/municipalities/${encodeURIComponent(scope.code)}/audit`;
    case 'organization':
      return `/api/v1/organizations/${encodeURIComponent(scope.id)}/audit`;
  }
}

export function searchAudit(scope: AuditScope, q: AuditQuery, signal?: AbortSignal): Promise<Page<AuditEntry>> {
  return request<Page<AuditEntry>>(auditPath(scope), { query: { ...q }, signal });
}
