// CSV import of organizations (by a municipality admin) and users (by an organization admin):
// upload → preview with per-row errors → apply in one transaction. The file may be UTF-8 (with
// or without BOM), Shift_JIS/CP932 or UTF-16LE; headers may be Japanese or English.
#pragma once

#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/caller.h"
#include "auth/policy.h"
#include "core/clock.h"
#include "db/database.h"
#include "http/router.h"

namespace auth {
class AuthService;
}

namespace directory {

using core::Result;

struct RowError {
  int row = 0;   // 1-based data row
  int line = 0;  // physical line in the file
  std::string field;
  std::string message;
};

struct ImportPreview {
  std::string import_id;
  std::string kind;  // organizations | users
  std::string encoding;
  int total_rows = 0;
  int valid_rows = 0;
  std::vector<RowError> errors;
  std::vector<std::vector<std::string>> sample;  // first rows as they will be stored
  std::vector<std::string> sample_columns;
};

struct ImportResult {
  std::string import_id;
  int created = 0;
  int skipped = 0;
  /// For user imports: login id and a one-time link to set the password, per created user.
  std::vector<std::pair<std::string, std::string>> links;
};

class Importer {
 public:
  Importer(db::Database& db, const core::Clock& clock, audit::AuditSink& audit,
           auth::Policy& policy, auth::AuthService& auth)
      : db_(db), clock_(clock), audit_(audit), policy_(policy), auth_(auth) {}

  Result<ImportPreview> PreviewOrganizations(const std::string& municipality_code,
                                             std::string_view file, const auth::Caller& caller);
  Result<ImportPreview> PreviewUsers(const std::string& org_id, std::string_view file,
                                     const auth::Caller& caller);
  /// Applies a previewed import: its valid rows, in one transaction. Rows that became invalid
  /// since the preview (e.g. a login id taken meanwhile) fail the whole apply with 409.
  Result<ImportResult> Apply(const std::string& scope_kind, const std::string& scope_id,
                             const std::string& import_id, const auth::Caller& caller);

 private:
  db::Database& db_;
  const core::Clock& clock_;
  audit::AuditSink& audit_;
  auth::Policy& policy_;
  auth::AuthService& auth_;
};

void RegisterImportRoutes(http::Router& router, Importer& importer);

}  // namespace directory
