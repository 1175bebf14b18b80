#include "care/attachment_store.h"

namespace care {
namespace {

using db::Statement;

#define ATTACHMENT_COLUMNS                                                                      \
  "id, person_id, owner_type, owner_id, kind, content_type, byte_size, width, height, sha256, " \
  "storage_key, thumbnail_key, original_name, uploaded_by, created_at, deleted_at"

constexpr Statement kInsert{
    "care_attachment_insert",
    "INSERT INTO attachments (" ATTACHMENT_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"};
constexpr Statement kGetForPerson{"care_attachment_get_for_person",
                                  "SELECT " ATTACHMENT_COLUMNS
                                  " FROM attachments WHERE id = $1 AND person_id = $2 "
                                  "AND deleted_at IS NULL"};
constexpr Statement kClaim{
    "care_attachment_claim",
    "UPDATE attachments SET owner_type = $3, owner_id = $4 WHERE id = $1 AND person_id = $2 "
    "AND owner_type = '' AND deleted_at IS NULL"};
constexpr Statement kListForOwner{
    "care_attachment_list_for_owner",
    "SELECT " ATTACHMENT_COLUMNS
    " FROM attachments WHERE person_id = $1 AND owner_type = $2 AND owner_id = $3 "
    "AND deleted_at IS NULL ORDER BY created_at, id"};
// Runs once an hour; no index leads with owner_type, so this scans the table. An index on
// (owner_type, created_at) would make it cheap once the table is large (see the report).
constexpr Statement kListUnclaimedBefore{
    "care_attachment_list_unclaimed",
    "SELECT " ATTACHMENT_COLUMNS
    " FROM attachments WHERE owner_type = '' AND created_at < $1 ORDER BY created_at, id "
    "LIMIT $2"};
constexpr Statement kMarkDeleted{
    "care_attachment_mark_deleted",
    "UPDATE attachments SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL"};
constexpr Statement kDeleteIfUnclaimed{"care_attachment_delete_unclaimed",
                                       "DELETE FROM attachments WHERE id = $1 AND owner_type = ''"};

Attachment FromRow(const db::Row& r) {
  Attachment a;
  a.id = r.Text(0);
  a.person_id = r.Text(1);
  a.owner_type = r.Text(2);
  a.owner_id = r.Text(3);
  a.kind = r.Text(4);
  a.content_type = r.Text(5);
  a.byte_size = r.Int(6);
  if (auto w = r.OptInt(7)) a.width = static_cast<int>(*w);
  if (auto h = r.OptInt(8)) a.height = static_cast<int>(*h);
  a.sha256 = r.Text(9);
  a.storage_key = r.Text(10);
  a.thumbnail_key = r.OptText(11);
  a.original_name = r.Text(12);
  a.uploaded_by = r.Text(13);
  a.created_at = r.Int(14);
  a.deleted_at = r.OptInt(15);
  return a;
}

std::vector<Attachment> FromRows(const db::Rows& rows) {
  std::vector<Attachment> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

std::optional<int64_t> Widen(const std::optional<int>& v) {
  if (!v) return std::nullopt;
  return int64_t{*v};
}

}  // namespace

Result<void> AttachmentStore::Insert(db::Connection& c, const Attachment& a) {
  RETURN_IF_ERROR(c.Execute(
      kInsert, {a.id, a.person_id, a.owner_type, a.owner_id, a.kind, a.content_type, a.byte_size,
                Widen(a.width), Widen(a.height), a.sha256, a.storage_key, a.thumbnail_key,
                a.original_name, a.uploaded_by, a.created_at, a.deleted_at}));
  return core::Ok();
}

Result<std::optional<Attachment>> AttachmentStore::GetForPerson(db::Connection& c,
                                                                std::string_view id,
                                                                std::string_view person_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kGetForPerson, {id, person_id}));
  if (!row) return std::optional<Attachment>();
  return std::optional<Attachment>(FromRow(*row));
}

Result<bool> AttachmentStore::Claim(db::Connection& c, std::string_view id,
                                    std::string_view person_id, std::string_view owner_type,
                                    std::string_view owner_id) {
  ASSIGN_OR_RETURN(int64_t changed, c.Execute(kClaim, {id, person_id, owner_type, owner_id}));
  return changed == 1;
}

Result<std::vector<Attachment>> AttachmentStore::ListForOwner(db::Connection& c,
                                                              std::string_view person_id,
                                                              std::string_view owner_type,
                                                              std::string_view owner_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kListForOwner, {person_id, owner_type, owner_id}));
  return FromRows(rows);
}

Result<std::vector<Attachment>> AttachmentStore::ListUnclaimedBefore(db::Connection& c,
                                                                     int64_t cutoff, int limit) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kListUnclaimedBefore, {cutoff, limit}));
  return FromRows(rows);
}

Result<bool> AttachmentStore::DeleteIfUnclaimed(db::Connection& c, std::string_view id) {
  ASSIGN_OR_RETURN(int64_t changed, c.Execute(kDeleteIfUnclaimed, {id}));
  return changed == 1;
}

Result<void> AttachmentStore::MarkDeleted(db::Connection& c, std::string_view id, int64_t now) {
  RETURN_IF_ERROR(c.Execute(kMarkDeleted, {id, now}));
  return core::Ok();
}

}  // namespace care
