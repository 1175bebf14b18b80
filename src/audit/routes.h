// HTTP routes for searching and verifying the audit log (admins only, each within its scope).
#pragma once

#include "audit/audit_log.h"
#include "http/router.h"

namespace audit {
void RegisterRoutes(http::Router& router, db::Database& db, AuditSink& sink);
}  // namespace audit
