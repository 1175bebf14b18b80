#include "directory/import.h"

#include <sodium.h>

#include <boost/json.hpp>
#include <map>
#include <set>

#include "auth/request_caller.h"
#include "auth/service.h"
#include "core/csv.h"
#include "core/id.h"
#include "core/japanese_text.h"
#include "core/municipality_code.h"
#include "core/text_encoding.h"
#include "directory/store.h"
#include "directory/validation.h"
#include "http/json_body.h"

namespace directory {
namespace {

namespace json = boost::json;

constexpr db::Statement kInsertImport{
    "dir_insert_import",
    "INSERT INTO imports (id, kind, municipality_code, organization_id, created_by, created_at, "
    "file_sha256, encoding, status, total_rows, valid_rows, error_rows, payload) VALUES ($1, $2, "
    "$3, $4, $5, $6, $7, $8, 'previewed', $9, $10, $11, $12)"};
constexpr db::Statement kGetImport{
    "dir_get_import",
    "SELECT kind, municipality_code, organization_id, status, payload, created_by FROM imports "
    "WHERE id = $1"};
constexpr db::Statement kMarkApplied{
    "dir_mark_import_applied",
    "UPDATE imports SET status = 'applied', applied_at = $2, applied_by = $3, result = $4 WHERE "
    "id = $1 AND status = 'previewed'"};

constexpr size_t kMaxRows = 20000;
constexpr size_t kSampleRows = 200;

/// Column aliases: the first name is the canonical field; Japanese headers as municipalities
/// and offices write them, English for exports of this product.
using Aliases = std::vector<std::pair<std::string, std::vector<std::string>>>;

const Aliases& OrganizationColumns() {
  static const Aliases a = {
      {"name", {"name", "名称", "事業所名", "機関名"}},
      {"kana", {"kana", "名称カナ", "名称_カナ", "フリガナ", "ふりがな", "事業所名カナ"}},
      {"type_code", {"type_code", "type", "種別", "事業所種別"}},
      {"municipality_code",
       {"municipality_code", "地方公共団体コード", "全国地方公共団体コード", "自治体コード"}},
      {"care_office_number", {"care_office_number", "介護保険事業所番号", "事業所番号"}},
      {"medical_institution_code", {"medical_institution_code", "医療機関コード"}},
      {"postal_code", {"postal_code", "郵便番号"}},
      {"address", {"address", "住所", "所在地", "住所_連結表記"}},
      {"latitude", {"latitude", "緯度"}},
      {"longitude", {"longitude", "経度"}},
      {"phone", {"phone", "電話番号"}},
      {"fax", {"fax", "FAX番号", "ファックス番号"}},
      {"email", {"email", "メールアドレス"}},
  };
  return a;
}

const Aliases& UserColumns() {
  static const Aliases a = {
      {"login_id", {"login_id", "ログインID", "ログインＩＤ"}},
      {"display_name", {"display_name", "name", "氏名", "名前"}},
      {"kana", {"kana", "氏名カナ", "フリガナ", "ふりがな", "カナ"}},
      {"profession_code", {"profession_code", "profession", "職種"}},
      {"role", {"role", "役割", "権限"}},
      {"title", {"title", "役職"}},
      {"phone", {"phone", "電話番号"}},
      {"email", {"email", "メールアドレス"}},
  };
  return a;
}

/// Maps header cells to canonical fields; unknown headers are an error naming them.
Result<std::map<std::string, size_t>> MapHeader(const std::vector<std::string>& header,
                                                const Aliases& aliases,
                                                const std::vector<std::string>& required) {
  std::map<std::string, size_t> out;
  std::vector<core::FieldError> errors;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string cell = core::FoldWidth(header[i]);
    bool found = false;
    for (const auto& [field, names] : aliases) {
      for (const auto& n : names) {
        if (core::FoldWidth(n) == cell) {
          out[field] = i;
          found = true;
        }
      }
    }
    if (!found && !cell.empty()) {
      errors.push_back({"file", "unknown_column", "不明な列です (unknown column): " + header[i]});
    }
  }
  for (const auto& r : required) {
    if (!out.contains(r)) {
      errors.push_back({"file", "missing_column", "必須の列がありません (missing column): " + r});
    }
  }
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  return out;
}

std::string Cell(const std::vector<std::string>& row, const std::map<std::string, size_t>& cols,
                 const std::string& field) {
  auto it = cols.find(field);
  if (it == cols.end() || it->second >= row.size()) return {};
  std::string v = core::FoldWidth(row[it->second]);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.pop_back();
  size_t start = v.find_first_not_of(" \t");
  return start == std::string::npos ? std::string() : v.substr(start);
}

std::optional<std::string> OptCell(const std::vector<std::string>& row,
                                   const std::map<std::string, size_t>& cols,
                                   const std::string& field) {
  std::string v = Cell(row, cols, field);
  if (v.empty()) return std::nullopt;
  return v;
}

std::optional<double> ParseDouble(const std::string& s, bool* bad) {
  if (s.empty()) return std::nullopt;
  try {
    size_t used = 0;
    double d = std::stod(s, &used);
    if (used == s.size()) return d;
  } catch (...) {
  }
  *bad = true;
  return std::nullopt;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

/// Resolves a code list cell given as the code or the Japanese or English name.
std::optional<std::string> ResolveCode(const std::string& cell,
                                       const std::vector<CodeEntry>& list) {
  for (const auto& c : list) {
    if (cell == c.code || cell == c.name_ja || cell == c.name_en) return c.code;
  }
  return std::nullopt;
}

std::string ResolveRole(const std::string& cell) {
  if (cell.empty() || cell == "一般" || cell == "専門職") return "member";
  if (cell == "管理者" || cell == "事業所管理者") return "org_admin";
  if (cell == "自治体担当") return "municipality_admin";
  if (cell == "救急隊員") return "ems";
  if (cell == "オペレーター") return "operator";
  return cell;
}

struct Parsed {
  core::DecodedText text;
  core::CsvTable table;
};

Result<Parsed> Decode(std::string_view file) {
  if (file.empty()) return core::Error::Invalid("file", "ファイルが空です (empty file)", "empty");
  ASSIGN_OR_RETURN(auto text, core::DecodeToUtf8(file));
  ASSIGN_OR_RETURN(auto table, core::ParseCsv(text.utf8, kMaxRows));
  return Parsed{std::move(text), std::move(table)};
}

json::object OrgToJson(const Organization& o) {
  auto opt = [](const auto& v) -> json::value {
    if (!v) return nullptr;
    return json::value(*v);
  };
  return {{"name", o.name},
          {"kana", o.kana},
          {"type_code", o.type_code},
          {"care_office_number", opt(o.care_office_number)},
          {"medical_institution_code", opt(o.medical_institution_code)},
          {"postal_code", opt(o.postal_code)},
          {"address", opt(o.address)},
          {"latitude", opt(o.latitude)},
          {"longitude", opt(o.longitude)},
          {"phone", opt(o.phone)},
          {"fax", opt(o.fax)},
          {"email", opt(o.email)}};
}

std::optional<std::string> JStr(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return std::nullopt;
  return std::string(it->value().as_string());
}

std::optional<double> JNum(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_number()) return std::nullopt;
  return it->value().to_number<double>();
}

ImportPreview Finish(ImportPreview p, const std::vector<json::object>& rows,
                     const std::vector<std::string>& columns) {
  p.sample_columns = columns;
  for (size_t i = 0; i < rows.size() && i < kSampleRows; ++i) {
    std::vector<std::string> cells;
    for (const auto& c : columns) {
      auto it = rows[i].find(c);
      if (it == rows[i].end() || it->value().is_null())
        cells.emplace_back();
      else if (it->value().is_string())
        cells.emplace_back(it->value().as_string());
      else
        cells.push_back(json::serialize(it->value()));
    }
    p.sample.push_back(std::move(cells));
  }
  return p;
}

}  // namespace

Result<ImportPreview> Importer::PreviewOrganizations(const std::string& municipality_code,
                                                     std::string_view file,
                                                     const auth::Caller& caller) {
  RETURN_IF_ERROR(policy_.CanAdministerMunicipality(*caller.principal, municipality_code));
  ASSIGN_OR_RETURN(Parsed parsed, Decode(file));
  ASSIGN_OR_RETURN(auto cols, MapHeader(parsed.table.header, OrganizationColumns(),
                                        {"name", "kana", "type_code"}));
  ImportPreview p;
  p.kind = "organizations";
  p.encoding = std::string(core::EncodingName(parsed.text.encoding));
  p.total_rows = static_cast<int>(parsed.table.rows.size());
  std::vector<json::object> valid;
  std::set<std::string> office_numbers;
  RETURN_IF_ERROR(db_.Run([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto types, Store::OrganizationTypes(c));
    for (size_t i = 0; i < parsed.table.rows.size(); ++i) {
      const auto& row = parsed.table.rows[i];
      int line = static_cast<int>(parsed.table.row_lines[i]);
      std::vector<core::FieldError> errors;
      Organization o;
      o.municipality_code = municipality_code;
      std::string code_cell = Cell(row, cols, "municipality_code");
      if (!code_cell.empty()) {
        auto repaired = core::RepairMunicipalityCode(code_cell);
        if (!repaired || *repaired != municipality_code) {
          errors.push_back({"municipality_code", "other_municipality",
                            "この自治体のコードではありません (belongs to another municipality)"});
        }
      }
      o.name = Cell(row, cols, "name");
      o.kana = core::ToFullWidthKatakana(Cell(row, cols, "kana"));
      std::string type_cell = Cell(row, cols, "type_code");
      o.type_code = ResolveCode(type_cell, types).value_or(type_cell);
      if (!type_cell.empty() && !ResolveCode(type_cell, types)) {
        errors.push_back(
            {"type_code", "unknown", "種別が正しくありません (unknown type): " + type_cell});
      }
      o.care_office_number = OptCell(row, cols, "care_office_number");
      o.medical_institution_code = OptCell(row, cols, "medical_institution_code");
      o.postal_code = OptCell(row, cols, "postal_code");
      o.address = OptCell(row, cols, "address");
      bool bad_lat = false, bad_lon = false;
      o.latitude = ParseDouble(Cell(row, cols, "latitude"), &bad_lat);
      o.longitude = ParseDouble(Cell(row, cols, "longitude"), &bad_lon);
      if (bad_lat)
        errors.push_back(
            {"latitude", "format", "緯度が数値ではありません (latitude not a number)"});
      if (bad_lon)
        errors.push_back(
            {"longitude", "format", "経度が数値ではありません (longitude not a number)"});
      o.phone = OptCell(row, cols, "phone");
      o.fax = OptCell(row, cols, "fax");
      o.email = OptCell(row, cols, "email");
      for (auto& e : ValidateOrganization(o)) {
        if (e.field != "type_code" || type_cell.empty()) errors.push_back(std::move(e));
      }
      if (o.care_office_number) {
        if (!office_numbers.insert(*o.care_office_number).second) {
          errors.push_back({"care_office_number", "duplicate_in_file",
                            "ファイル内で重複しています (duplicate in file)"});
        } else {
          ASSIGN_OR_RETURN(auto existing,
                           Store::OrganizationIdByCareOfficeNumber(c, *o.care_office_number));
          if (existing) {
            errors.push_back(
                {"care_office_number", "exists", "登録済みの事業所番号です (already registered)"});
          }
        }
      }
      if (errors.empty()) {
        valid.push_back(OrgToJson(o));
      } else {
        for (auto& e : errors) {
          p.errors.push_back({static_cast<int>(i + 1), line, e.field, e.message});
        }
      }
    }
    return core::Ok();
  }));
  p.valid_rows = static_cast<int>(valid.size());
  ImportPreview out = Finish(
      std::move(p), valid, {"name", "kana", "type_code", "care_office_number", "address", "phone"});
  json::array payload(valid.begin(), valid.end());
  int64_t now = clock_.NowMillis();
  out.import_id = core::NewId(now);
  int error_rows = out.total_rows - out.valid_rows;
  RETURN_IF_ERROR(db_.Run([&](db::Connection& c) -> Result<void> {
    RETURN_IF_ERROR(c.Execute(
        kInsertImport, {out.import_id, "organizations", municipality_code, nullptr,
                        caller.principal->user_id, now, Sha256Hex(file), out.encoding,
                        out.total_rows, out.valid_rows, error_rows, json::serialize(payload)}));
    return core::Ok();
  }));
  audit::Entry e = caller.Audit("directory.import.preview", "import", out.import_id);
  e.municipality_code = municipality_code;
  e.details = "{\"kind\":\"organizations\",\"rows\":" + std::to_string(out.total_rows) + "}";
  audit_.Record(std::move(e));
  return out;
}

Result<ImportPreview> Importer::PreviewUsers(const std::string& org_id, std::string_view file,
                                             const auth::Caller& caller) {
  RETURN_IF_ERROR(policy_.CanAdministerOrganization(*caller.principal, org_id));
  ASSIGN_OR_RETURN(Parsed parsed, Decode(file));
  ASSIGN_OR_RETURN(auto cols, MapHeader(parsed.table.header, UserColumns(),
                                        {"login_id", "display_name", "kana", "profession_code"}));
  ImportPreview p;
  p.kind = "users";
  p.encoding = std::string(core::EncodingName(parsed.text.encoding));
  p.total_rows = static_cast<int>(parsed.table.rows.size());
  std::vector<json::object> valid;
  std::set<std::string> logins;
  std::string org_type;
  RETURN_IF_ERROR(db_.Run([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto org, Store::GetOrganization(c, org_id));
    if (!org) return core::Error::NotFound("事業所が見つかりません (organization not found)");
    org_type = org->type_code;
    ASSIGN_OR_RETURN(auto professions, Store::Professions(c));
    for (size_t i = 0; i < parsed.table.rows.size(); ++i) {
      const auto& row = parsed.table.rows[i];
      int line = static_cast<int>(parsed.table.row_lines[i]);
      User u;
      u.login_id = Cell(row, cols, "login_id");
      u.display_name = Cell(row, cols, "display_name");
      u.kana = core::ToFullWidthKatakana(Cell(row, cols, "kana"));
      std::string prof_cell = Cell(row, cols, "profession_code");
      auto prof = ResolveCode(prof_cell, professions);
      u.profession_code =
          prof ? prof : (prof_cell.empty() ? std::nullopt : std::optional(prof_cell));
      u.phone = OptCell(row, cols, "phone");
      u.email = OptCell(row, cols, "email");
      std::string role = ResolveRole(Cell(row, cols, "role"));
      std::vector<core::FieldError> errors = ValidateNewUser(u);
      if (!prof_cell.empty() && !prof) {
        errors.push_back({"profession_code", "unknown",
                          "職種が正しくありません (unknown profession): " + prof_cell});
      }
      if (auto r = ValidateRoleForOrganization(role, org_type, "role"); !r.ok()) {
        errors.push_back({"role", "not_allowed", r.error().message});
      } else if (role == "municipality_admin" &&
                 !policy_.CanAdministerMunicipality(*caller.principal, org->municipality_code)
                      .ok()) {
        errors.push_back(
            {"role", "not_allowed",
             "自治体担当は自治体の管理者だけが指定できます (only a municipality admin may "
             "grant this role)"});
      }
      if (!u.login_id.empty()) {
        if (!logins.insert(LoginKey(u.login_id)).second) {
          errors.push_back(
              {"login_id", "duplicate_in_file", "ファイル内で重複しています (duplicate in file)"});
        } else {
          ASSIGN_OR_RETURN(auto existing, Store::GetUserByLoginId(c, u.login_id));
          if (existing)
            errors.push_back({"login_id", "exists", "使用中のログインIDです (login id taken)"});
        }
      }
      if (errors.empty()) {
        json::object o{{"login_id", u.login_id},
                       {"display_name", u.display_name},
                       {"kana", u.kana},
                       {"profession_code", *u.profession_code},
                       {"role", role}};
        if (u.phone) o["phone"] = *u.phone;
        if (u.email) o["email"] = *u.email;
        if (auto t = OptCell(row, cols, "title")) o["title"] = *t;
        valid.push_back(std::move(o));
      } else {
        for (auto& e : errors)
          p.errors.push_back({static_cast<int>(i + 1), line, e.field, e.message});
      }
    }
    return core::Ok();
  }));
  p.valid_rows = static_cast<int>(valid.size());
  ImportPreview out =
      Finish(std::move(p), valid, {"login_id", "display_name", "kana", "profession_code", "role"});
  json::array payload(valid.begin(), valid.end());
  int64_t now = clock_.NowMillis();
  out.import_id = core::NewId(now);
  RETURN_IF_ERROR(db_.Run([&](db::Connection& c) -> Result<void> {
    RETURN_IF_ERROR(c.Execute(
        kInsertImport, {out.import_id, "users", nullptr, org_id, caller.principal->user_id, now,
                        Sha256Hex(file), out.encoding, out.total_rows, out.valid_rows,
                        out.total_rows - out.valid_rows, json::serialize(payload)}));
    return core::Ok();
  }));
  audit::Entry e = caller.Audit("directory.import.preview", "import", out.import_id);
  e.organization_id = org_id;
  e.details = "{\"kind\":\"users\",\"rows\":" + std::to_string(out.total_rows) + "}";
  audit_.Record(std::move(e));
  return out;
}

Result<ImportResult> Importer::Apply(const std::string& scope_kind, const std::string& scope_id,
                                     const std::string& import_id, const auth::Caller& caller) {
  if (scope_kind == "municipality") {
    RETURN_IF_ERROR(policy_.CanAdministerMunicipality(*caller.principal, scope_id));
  } else {
    RETURN_IF_ERROR(policy_.CanAdministerOrganization(*caller.principal, scope_id));
  }
  int64_t now = clock_.NowMillis();
  ImportResult result;
  result.import_id = import_id;
  std::vector<std::string> created_users;
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    result.created = 0;
    created_users.clear();
    ASSIGN_OR_RETURN(auto row, c.QueryOne(kGetImport, {import_id}));
    if (!row) return core::Error::NotFound("取込が見つかりません (import not found)");
    std::string kind = row->Text(0);
    std::string scope = kind == "organizations" ? row->Text(1) : row->Text(2);
    bool scope_matches = (kind == "organizations") == (scope_kind == "municipality");
    if (!scope_matches || scope != scope_id)
      return core::Error::NotFound("取込が見つかりません (import not found)");
    if (row->Text(3) != "previewed")
      return core::Error::Conflict("この取込は適用済みです (already applied)");
    json::value payload = json::parse(row->Text(4));
    for (const auto& item : payload.as_array()) {
      const json::object& o = item.as_object();
      if (kind == "organizations") {
        Organization org;
        org.id = core::NewId(now);
        org.municipality_code = scope_id;
        org.name = JStr(o, "name").value_or("");
        org.kana = JStr(o, "kana").value_or("");
        org.type_code = JStr(o, "type_code").value_or("");
        org.care_office_number = JStr(o, "care_office_number");
        org.medical_institution_code = JStr(o, "medical_institution_code");
        org.postal_code = JStr(o, "postal_code");
        org.address = JStr(o, "address");
        org.latitude = JNum(o, "latitude");
        org.longitude = JNum(o, "longitude");
        org.phone = JStr(o, "phone");
        org.fax = JStr(o, "fax");
        org.email = JStr(o, "email");
        org.created_at = org.updated_at = now;
        RETURN_IF_ERROR(Store::InsertOrganization(c, org));
      } else {
        User u;
        u.id = core::NewId(now);
        u.login_id = JStr(o, "login_id").value_or("");
        u.display_name = JStr(o, "display_name").value_or("");
        u.kana = JStr(o, "kana").value_or("");
        u.profession_code = JStr(o, "profession_code");
        u.phone = JStr(o, "phone");
        u.email = JStr(o, "email");
        u.created_at = u.updated_at = now;
        RETURN_IF_ERROR(Store::InsertUser(c, u));
        Membership m;
        m.user_id = u.id;
        m.organization_id = scope_id;
        m.role = JStr(o, "role").value_or("member");
        m.title = JStr(o, "title");
        RETURN_IF_ERROR(Store::UpsertMembership(c, m, now));
        created_users.push_back(u.id);
        result.links.emplace_back(u.login_id, "");
      }
      ++result.created;
    }
    ASSIGN_OR_RETURN(
        int64_t n,
        c.Execute(kMarkApplied, {import_id, now, caller.principal->user_id,
                                 "{\"created\":" + std::to_string(result.created) + "}"}));
    if (n != 1) return core::Error::Conflict("この取込は適用済みです (already applied)");
    return core::Ok();
  }));
  // New users set their own password through a one-time link, like an invitation.
  for (size_t i = 0; i < created_users.size(); ++i) {
    auto link = auth_.IssuePasswordReset(scope_id, created_users[i], caller);
    if (link.ok()) result.links[i].second = link->url;
  }
  audit::Entry e = caller.Audit("directory.import.apply", "import", import_id);
  if (scope_kind == "municipality")
    e.municipality_code = scope_id;
  else
    e.organization_id = scope_id;
  e.details = "{\"created\":" + std::to_string(result.created) + "}";
  audit_.Record(std::move(e));
  return result;
}

namespace {

json::object PreviewJson(const ImportPreview& p) {
  json::array errors;
  for (const auto& e : p.errors) {
    errors.push_back(
        json::object{{"row", e.row}, {"line", e.line}, {"field", e.field}, {"message", e.message}});
  }
  json::array sample;
  for (const auto& row : p.sample) sample.push_back(json::array(row.begin(), row.end()));
  return {{"import_id", p.import_id},
          {"kind", p.kind},
          {"encoding", p.encoding},
          {"total_rows", p.total_rows},
          {"valid_rows", p.valid_rows},
          {"error_rows", p.total_rows - p.valid_rows},
          {"errors", std::move(errors)},
          {"columns", json::array(p.sample_columns.begin(), p.sample_columns.end())},
          {"sample", std::move(sample)}};
}

json::object ResultJson(const ImportResult& r) {
  json::array links;
  for (const auto& [login, url] : r.links) {
    links.push_back(json::object{{"login_id", login}, {"url", url}});
  }
  return {{"import_id", r.import_id}, {"created", r.created}, {"links", std::move(links)}};
}

core::Result<void> RequireCsvType(const http::Request& req) {
  auto type = req.Header("content-type").value_or("");
  if (type.starts_with("text/csv") || type.starts_with("application/octet-stream") ||
      type.starts_with("text/plain")) {
    return core::Ok();
  }
  return core::Error::Of(core::ErrorCode::kUnsupportedMedia,
                         "CSVファイルを送ってください (send a CSV file as text/csv)");
}

constexpr size_t kImportBodyLimit = 8 * 1024 * 1024;

}  // namespace

void RegisterImportRoutes(http::Router& router, Importer& importer) {
  using http::Access;
  using http::Method;
  using http::Request;
  using http::Response;
  http::Route preview_orgs{
      Method::kPost, "/api/v1/municipalities/{municipality_code}/imports/organizations",
      Access::kMunicipalityAdmin, [&](Request& req) -> core::Result<Response> {
        RETURN_IF_ERROR(RequireCsvType(req));
        ASSIGN_OR_RETURN(
            auto p, importer.PreviewOrganizations(std::string(req.PathParam("municipality_code")),
                                                  req.body, auth::CallerFrom(req)));
        return http::JsonResponse(200, PreviewJson(p));
      }};
  preview_orgs.body_limit = kImportBodyLimit;
  router.Add(std::move(preview_orgs));
  router.Add({Method::kPost, "/api/v1/municipalities/{municipality_code}/imports/{import_id}/apply",
              Access::kMunicipalityAdmin, [&](Request& req) -> core::Result<Response> {
                ASSIGN_OR_RETURN(
                    auto r,
                    importer.Apply("municipality", std::string(req.PathParam("municipality_code")),
                                   std::string(req.PathParam("import_id")), auth::CallerFrom(req)));
                return http::JsonResponse(200, ResultJson(r));
              }});
  http::Route preview_users{
      Method::kPost, "/api/v1/organizations/{org_id}/imports/users", Access::kOrgAdmin,
      [&](Request& req) -> core::Result<Response> {
        RETURN_IF_ERROR(RequireCsvType(req));
        ASSIGN_OR_RETURN(auto p, importer.PreviewUsers(std::string(req.PathParam("org_id")),
                                                       req.body, auth::CallerFrom(req)));
        return http::JsonResponse(200, PreviewJson(p));
      }};
  preview_users.body_limit = kImportBodyLimit;
  router.Add(std::move(preview_users));
  router.Add({Method::kPost, "/api/v1/organizations/{org_id}/imports/{import_id}/apply",
              Access::kOrgAdmin, [&](Request& req) -> core::Result<Response> {
                ASSIGN_OR_RETURN(
                    auto r,
                    importer.Apply("organization", std::string(req.PathParam("org_id")),
                                   std::string(req.PathParam("import_id")), auth::CallerFrom(req)));
                return http::JsonResponse(200, ResultJson(r));
              }});
}

}  // namespace directory
