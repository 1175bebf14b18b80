// Timeline SQL.
//
// Batched lookups (attachments, vitals, mentions, receipts of a page) put the page's ids into
// numbered placeholders, `x IN ($3, $4, …)`, in statements of 10, 50 or 100 slots; the smallest
// that fits is used and the rest padded with NULL, which never matches. Chosen over one
// array-valued parameter (PostgreSQL `= ANY(CAST($1 AS TEXT[]))`, SQLite `IN (SELECT value
// FROM json_each($1))`) because it is one SQL text for both backends, both planners turn it
// into probes of the primary key or (post_id …) index, and a micro-benchmark (50 ids against
// 100,000 rows, loaded 2-core machine) showed the array forms no faster than exact slots on
// either backend, while 100 slots half NULL cost 20–40 % more than 50 exact ones — hence the
// tiers. Each tier is its own named statement, prepared once per connection.
#include "care/timeline_store.h"

#include <algorithm>
#include <array>
#include <limits>
#include <set>
#include <tuple>
#include <unordered_map>

#include "care/access.h"

namespace care {
namespace {

using db::Param;
using db::Statement;

constexpr int64_t kMaxTime = std::numeric_limits<int64_t>::max();

// Statement sizes: a chunk of n ids uses the smallest tier >= n, so a page of 50 binds 50
// ids and no padding, and a handful of attachments binds 10.
constexpr std::array<int, 3> kTiers = {10, 50, TimelineStore::kIdSlots};

size_t TierIndex(size_t n) {
  for (size_t i = 0; i < kTiers.size(); ++i) {
    if (n <= static_cast<size_t>(kTiers[i])) return i;
  }
  return kTiers.size() - 1;
}

// "$first, $first+1, …": `count` numbered placeholders.
std::string Slots(int first, int count) {
  std::string s;
  for (int i = 0; i < count; ++i) {
    if (i > 0) s += ", ";
    s += "$" + std::to_string(first + i);
  }
  return s;
}

// One statement per tier ("<name>_<tier>"), built once and kept in a function-local static so
// that the string_views of db::Statement stay valid. `make_sql` gets the tier's slot count.
class SlotFamily {
 public:
  template <typename MakeSql>
  SlotFamily(std::string_view name, MakeSql make_sql) {
    for (size_t i = 0; i < kTiers.size(); ++i) {
      names_[i] = std::string(name) + "_" + std::to_string(kTiers[i]);
      sql_[i] = make_sql(kTiers[i]);
      statements_[i] = Statement{names_[i], sql_[i]};
    }
  }
  // Statements point into names_ and sql_: never copied or moved (built in place).
  SlotFamily(const SlotFamily&) = delete;
  SlotFamily& operator=(const SlotFamily&) = delete;

  /// The statement for a chunk of `n` ids.
  const Statement& For(size_t n) const { return statements_[TierIndex(n)]; }

 private:
  std::array<std::string, kTiers.size()> names_;
  std::array<std::string, kTiers.size()> sql_;
  std::array<Statement, kTiers.size()> statements_;
};

// A family whose SQL is head + slots from `first` + tail.
SlotFamily Simple(std::string_view name, std::string head, int first, std::string tail) {
  return SlotFamily(name, [&](int n) { return head + Slots(first, n) + tail; });
}

size_t ChunkSize(const std::vector<std::string>& ids, size_t from) {
  return std::min<size_t>(ids.size() - from, TimelineStore::kIdSlots);
}

// Appends the chunk of ids starting at `from` (possibly empty), padded with NULL to `slots`.
void AppendPadded(std::vector<Param>& params, const std::vector<std::string>& ids, size_t from,
                  int slots) {
  size_t n = from < ids.size() ? std::min<size_t>(ids.size() - from, slots) : 0;
  for (size_t i = 0; i < n; ++i) params.emplace_back(ids[from + i]);
  for (size_t i = n; i < static_cast<size_t>(slots); ++i) params.emplace_back(nullptr);
}

// Appends one chunk of ids, padded with NULL up to its tier (NULL never matches IN).
void AppendIdSlots(std::vector<Param>& params, const std::vector<std::string>& ids, size_t from) {
  size_t n = ChunkSize(ids, from);
  for (size_t i = 0; i < n; ++i) params.emplace_back(ids[from + i]);
  for (size_t i = n; i < static_cast<size_t>(kTiers[TierIndex(n)]); ++i) {
    params.emplace_back(nullptr);
  }
}

// Names of authors, deleters and organizations are not joined here but looked up once per
// distinct id in the page-facts statement: a page of 50 posts has a handful of authors, and
// each join costs two index seeks per row (measured: half of this statement's time on SQLite).
#define TL_POST_COLUMNS                                                                  \
  "p.id, p.person_id, p.parent_id, p.author_id, p.author_org_id, p.category, p.body, "   \
  "p.important, p.ack_requested, p.share_family, p.created_at, p.edited_at, p.version, " \
  "p.deleted_at, p.deleted_by, p.delete_reason, p.reply_count, p.attachment_count, "     \
  "p.has_vitals FROM timeline_posts p "

// The benchmarked statement: an index range scan of timeline_posts_page (person_id, is_reply,
// created_at, id) read backwards, keyset on the row value (created_at, id).
constexpr Statement kPage{
    "tl_page", "SELECT " TL_POST_COLUMNS
               "WHERE p.person_id = $1 AND p.is_reply = 0 AND (p.created_at, p.id) < ($2, $3) "
               "ORDER BY p.created_at DESC, p.id DESC LIMIT $4"};

// Filters and search stay within the same index range (one person's posts), so they cost a
// scan of that person's posts at worst. Unused filters are '' or 0.
constexpr Statement kPageFiltered{
    "tl_page_filtered",
    "SELECT " TL_POST_COLUMNS
    "WHERE p.person_id = $1 AND p.is_reply = 0 AND (p.created_at, p.id) < ($2, $3) "
    "AND ($4 = '' OR p.category = $4) AND ($5 = '' OR p.author_id = $5) "
    "AND p.created_at >= $6 AND p.created_at < $7 "
    "AND (CAST($8 AS INTEGER) = 0 OR p.important = 1) "
    "AND (CAST($9 AS INTEGER) = 0 OR (p.author_id <> $10 AND NOT EXISTS (SELECT 1 FROM "
    "timeline_reads r WHERE r.post_id = p.id AND r.user_id = $10))) "
    "AND ($11 = '' OR p.search_text LIKE '%' || $11 || '%' ESCAPE '\\') "
    "AND ($12 = '' OR p.search_text LIKE '%' || $12 || '%' ESCAPE '\\') "
    "AND ($13 = '' OR p.search_text LIKE '%' || $13 || '%' ESCAPE '\\') "
    "AND ($14 = '' OR p.search_text LIKE '%' || $14 || '%' ESCAPE '\\') "
    "AND ($15 = '' OR p.search_text LIKE '%' || $15 || '%' ESCAPE '\\') "
    "ORDER BY p.created_at DESC, p.id DESC LIMIT $16"};
constexpr size_t kMaxTerms = 5;

constexpr Statement kPostWithReplies{"tl_post_with_replies",
                                     "SELECT " TL_POST_COLUMNS
                                     "WHERE p.person_id = $1 AND (p.id = $2 OR p.parent_id = $2) "
                                     "ORDER BY p.is_reply, p.created_at, p.id"};

constexpr Statement kHead{
    "tl_head",
    "SELECT id, person_id, parent_id, author_id, category, important, ack_requested, version, "
    "deleted_at FROM timeline_posts WHERE id = $1"};

const SlotFamily& AttachmentsOf() {
  static const SlotFamily f =
      Simple("tl_attachments_of",
             "SELECT owner_id, id, kind, content_type, original_name, byte_size, width, height "
             "FROM attachments WHERE person_id = $1 AND owner_type = 'post' AND deleted_at IS NULL "
             "AND owner_id IN (",
             2, ") ORDER BY owner_id, created_at, id");
  return f;
}

const SlotFamily& VitalsOf() {
  static const SlotFamily f =
      Simple("tl_vitals_of",
             "SELECT post_id, id, person_id, measured_at, systolic, diastolic, pulse, "
             "temperature, spo2, respiration, weight, glucose, recorded_by, created_at "
             "FROM vitals WHERE post_id IN (",
             1, ") ORDER BY post_id, measured_at, id");
  return f;
}

// Everything else a page needs, in one round trip: rows (kind, a, b, c, d), all text.
//   'm' user_id                          an active member of the team ($1)
//   'r' post_id, user_id                 a read; 'a' the same for an acknowledgement
//   'n' post_id, user_id, name, prof.    a mention
//   'u' user_id, name, profession        a user named on the page (author, deleter, recorder)
//   'o' organization_id, name            an author's organization
// Reads and acknowledgements come from the primary-key indexes alone (no table rows); the
// counting (members other than the author) is done by the caller, which knows the authors.
// Slots: n post ids from $2; then k each of the posts requesting acknowledgement (only those
// are probed), the user ids and the organization ids. n and k have their own tiers, because
// the last three lists are short (a page has a handful of authors) and every bound parameter
// costs something even when NULL.
class PageFactsFamily {
 public:
  PageFactsFamily() {
    for (size_t i = 0; i < kTiers.size(); ++i) {
      for (size_t j = 0; j < kTiers.size(); ++j) {
        size_t at = i * kTiers.size() + j;
        names_[at] = "tl_page_facts_" + std::to_string(kTiers[i]) + "_" + std::to_string(kTiers[j]);
        sql_[at] = Sql(kTiers[i], kTiers[j]);
        statements_[at] = Statement{names_[at], sql_[at]};
      }
    }
  }
  PageFactsFamily(const PageFactsFamily&) = delete;
  PageFactsFamily& operator=(const PageFactsFamily&) = delete;

  /// The statement for `posts` post ids and at most `others` ids in each of the other lists.
  const Statement& For(size_t posts, size_t others) const {
    return statements_[TierIndex(posts) * kTiers.size() + TierIndex(others)];
  }

 private:
  static std::string Sql(int n, int k) {
    std::string posts = Slots(2, n), asked = Slots(2 + n, k), users = Slots(2 + n + k, k),
                orgs = Slots(2 + n + 2 * k, k);
    return "SELECT 'm', user_id, '', '', '' FROM care_team_members WHERE person_id = $1 "
           "AND status = 'active' "
           "UNION ALL SELECT 'r', post_id, user_id, '', '' FROM timeline_reads WHERE post_id IN (" +
           posts +
           ") UNION ALL SELECT 'a', post_id, user_id, '', '' FROM timeline_acks "
           "WHERE post_id IN (" +
           asked +
           ") UNION ALL SELECT 'n', m.post_id, u.id, u.display_name, "
           "COALESCE(u.profession_code, '') FROM timeline_mentions m JOIN users u "
           "ON u.id = m.user_id WHERE m.post_id IN (" +
           posts +
           ") UNION ALL SELECT 'u', id, display_name, COALESCE(profession_code, ''), '' "
           "FROM users WHERE id IN (" +
           users + ") UNION ALL SELECT 'o', id, name, '', '' FROM organizations WHERE id IN (" +
           orgs + ")";
  }

  static constexpr size_t kCount = kTiers.size() * kTiers.size();
  std::array<std::string, kCount> names_;
  std::array<std::string, kCount> sql_;
  std::array<Statement, kCount> statements_;
};

const PageFactsFamily& PageFacts() {
  static const PageFactsFamily f;
  return f;
}

constexpr Statement kVersions{
    "tl_versions",
    "SELECT v.version, v.category, v.body, v.important, v.edited_at, v.edited_by, "
    "u.display_name, u.profession_code FROM timeline_post_versions v "
    "JOIN users u ON u.id = v.edited_by WHERE v.post_id = $1 ORDER BY v.version DESC"};

constexpr Statement kReadsOf{
    "tl_reads_of",
    "SELECT r.user_id, u.display_name, u.profession_code, r.read_at FROM timeline_reads r "
    "JOIN users u ON u.id = r.user_id WHERE r.post_id = $1 ORDER BY r.read_at, r.user_id"};

constexpr Statement kActiveMemberUsers{
    "tl_active_member_users",
    "SELECT m.user_id, u.display_name, u.profession_code FROM care_team_members m "
    "JOIN users u ON u.id = m.user_id WHERE m.person_id = $1 AND m.status = 'active' "
    "ORDER BY u.search_kana, u.id"};

constexpr Statement kUnacked{
    "tl_unacked",
    "SELECT m.user_id FROM care_team_members m WHERE m.person_id = $1 AND m.status = 'active' "
    "AND m.user_id <> $3 AND NOT EXISTS (SELECT 1 FROM timeline_acks k WHERE k.post_id = $2 "
    "AND k.user_id = m.user_id) ORDER BY m.user_id"};

constexpr Statement kTeamOrganization{
    "tl_team_organization",
    "SELECT organization_id FROM care_team_members WHERE person_id = $1 AND user_id = $2"};

constexpr Statement kThreadAuthors{
    "tl_thread_authors",
    "SELECT DISTINCT author_id FROM timeline_posts WHERE id = $1 OR parent_id = $1"};

// What a timeline page shows changed (see persons.timeline_version in src/db/schema_care.cpp).
constexpr Statement kBumpVersion{
    "tl_bump_version", "UPDATE persons SET timeline_version = timeline_version + 1 WHERE id = $1"};
constexpr Statement kBumpVersionOfPost{
    "tl_bump_version_of_post",
    "UPDATE persons SET timeline_version = timeline_version + 1 "
    "WHERE id = (SELECT person_id FROM timeline_posts WHERE id = $1)"};

constexpr Statement kInsertPost{
    "tl_insert_post",
    "INSERT INTO timeline_posts (id, person_id, parent_id, is_reply, author_id, author_org_id, "
    "category, body, search_text, important, ack_requested, share_family, attachment_count, "
    "has_vitals, version, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
    "$12, $13, $14, 1, $15)"};

constexpr Statement kInsertVersion{
    "tl_insert_version",
    "INSERT INTO timeline_post_versions (post_id, version, category, body, important, "
    "edited_by, edited_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"};

constexpr Statement kInsertMention{
    "tl_insert_mention",
    "INSERT INTO timeline_mentions (post_id, user_id) VALUES ($1, $2) "
    "ON CONFLICT (post_id, user_id) DO NOTHING"};

constexpr Statement kBumpReplyCount{
    "tl_bump_reply_count", "UPDATE timeline_posts SET reply_count = reply_count + 1 WHERE id = $1"};

constexpr Statement kClaimAttachment{
    "tl_claim_attachment",
    "UPDATE attachments SET owner_type = 'post', owner_id = $2 WHERE id = $1 AND person_id = $3 "
    "AND uploaded_by = $4 AND owner_type = '' AND deleted_at IS NULL"};

constexpr Statement kUpdateContent{
    "tl_update_content",
    "UPDATE timeline_posts SET category = $3, body = $4, search_text = $5, important = $6, "
    "version = version + 1, edited_at = $7 WHERE id = $1 AND version = $2 AND deleted_at IS NULL"};

constexpr Statement kSoftDelete{
    "tl_soft_delete",
    "UPDATE timeline_posts SET deleted_at = $2, deleted_by = $3, delete_reason = $4, "
    "search_text = '' WHERE id = $1 AND deleted_at IS NULL"};

const SlotFamily& MarkReadStatement() {
  // The casts give PostgreSQL the parameter types in the select list (otherwise "unknown").
  static const SlotFamily f = Simple(
      "tl_mark_read",
      "INSERT INTO timeline_reads (post_id, user_id, read_at) SELECT p.id, CAST($2 AS TEXT), "
      "CAST($3 AS BIGINT) FROM timeline_posts p WHERE p.person_id = $1 AND p.author_id <> $2 "
      "AND p.id IN (",
      4, ") ON CONFLICT (post_id, user_id) DO NOTHING");
  return f;
}

const SlotFamily& CountPostsOfPerson() {
  static const SlotFamily f =
      Simple("tl_count_posts_of_person",
             "SELECT COUNT(*) FROM timeline_posts WHERE person_id = $1 AND id IN (", 2, ")");
  return f;
}

constexpr Statement kInsertAck{
    "tl_insert_ack",
    "INSERT INTO timeline_acks (post_id, user_id, acked_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (post_id, user_id) DO NOTHING"};
constexpr Statement kInsertRead{
    "tl_insert_read",
    "INSERT INTO timeline_reads (post_id, user_id, read_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (post_id, user_id) DO NOTHING"};

constexpr Statement kDueReminders{
    "tl_due_reminders",
    "SELECT p.id, p.person_id, p.author_id, COALESCE(p.last_reminded_at, p.created_at) "
    "FROM timeline_posts p WHERE p.ack_requested = 1 AND p.created_at >= $1 "
    "AND p.deleted_at IS NULL AND COALESCE(p.last_reminded_at, p.created_at) <= $2 "
    "AND EXISTS (SELECT 1 FROM consents c WHERE c.person_id = p.person_id "
    "AND c.scope_team = 1 AND c.withdrawn_at IS NULL) "
    "ORDER BY p.created_at, p.id LIMIT $3"};

constexpr Statement kClaimReminder{"tl_claim_reminder",
                                   "UPDATE timeline_posts SET last_reminded_at = $2 WHERE id = $1 "
                                   "AND COALESCE(last_reminded_at, created_at) = $3"};

TimelineUser UserAt(const db::Row& r, size_t id, size_t name, size_t profession) {
  return TimelineUser{r.Text(id), r.Text(name), r.Text(profession)};
}

// Names (author, organization, deleter) are filled in by Decorate.
TimelinePost PostFromRow(const db::Row& r) {
  TimelinePost p;
  p.id = r.Text(0);
  p.person_id = r.Text(1);
  p.parent_id = r.OptText(2);
  p.author.id = r.Text(3);
  p.author_org_id = r.Text(4);
  p.category = r.Text(5);
  p.body = r.Text(6);
  p.important = r.Bool(7);
  p.ack_requested = r.Bool(8);
  p.share_family = r.Bool(9);
  p.created_at = r.Int(10);
  p.edited_at = r.OptInt(11);
  p.version = r.Int(12);
  p.deleted_at = r.OptInt(13);
  if (p.deleted_at) {
    p.deleted_by.id = r.Text(14);
    p.delete_reason = r.Text(15);
  }
  p.reply_count = r.Int(16);
  p.attachment_count = r.Int(17);
  p.has_vitals = r.Bool(18);
  return p;
}

std::vector<TimelinePost> PostsFromRows(const db::Rows& rows) {
  std::vector<TimelinePost> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(PostFromRow(r));
  return out;
}

}  // namespace

std::string EscapeTimelineLike(std::string_view term) {
  std::string out;
  out.reserve(term.size());
  for (char ch : term) {
    if (ch == '%' || ch == '_' || ch == '\\') out.push_back('\\');
    out.push_back(ch);
  }
  return out;
}

Result<std::vector<TimelinePost>> TimelineStore::Page(db::Connection& c,
                                                      const std::string& person_id,
                                                      const std::string& viewer_id,
                                                      const TimelineFilter& f) {
  int64_t cursor_at = f.cursor_id.empty() ? kMaxTime : f.cursor_created_at;
  int64_t limit = f.limit + 1;
  if (!f.HasFilters()) {
    ASSIGN_OR_RETURN(auto rows, c.Query(kPage, {person_id, cursor_at, f.cursor_id, limit}));
    return PostsFromRows(rows);
  }
  std::vector<Param> params = {person_id,
                               cursor_at,
                               f.cursor_id,
                               f.category,
                               f.author_id,
                               f.from_ms,
                               f.to_ms == 0 ? kMaxTime : f.to_ms,
                               f.important ? 1 : 0,
                               f.unread ? 1 : 0,
                               viewer_id};
  for (size_t i = 0; i < kMaxTerms; ++i) {
    params.emplace_back(i < f.terms.size() ? EscapeTimelineLike(f.terms[i]) : std::string());
  }
  params.emplace_back(limit);
  ASSIGN_OR_RETURN(auto rows, c.Query(kPageFiltered, params));
  return PostsFromRows(rows);
}

Result<std::vector<TimelinePost>> TimelineStore::PostWithReplies(db::Connection& c,
                                                                 const std::string& person_id,
                                                                 const std::string& post_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kPostWithReplies, {person_id, post_id}));
  auto posts = PostsFromRows(rows);
  // The first row is the post itself unless it does not exist (then only strays could match,
  // which cannot happen: replies name an existing parent).
  if (posts.empty() || posts.front().id != post_id) return std::vector<TimelinePost>{};
  return posts;
}

Result<int64_t> TimelineStore::Decorate(db::Connection& c, const std::string& person_id,
                                        const std::string& viewer_id,
                                        std::vector<TimelinePost>& posts) {
  // Index every post (and reply) by id; collect which lookups are needed at all.
  std::unordered_map<std::string, TimelinePost*> by_id;
  std::vector<std::string> ids, ack_requested, with_attachments, with_vitals;
  auto add = [&](TimelinePost& p) {
    by_id.emplace(p.id, &p);
    ids.push_back(p.id);
    if (p.ack_requested) ack_requested.push_back(p.id);
    if (p.deleted()) return;
    if (p.attachment_count > 0) with_attachments.push_back(p.id);
    if (p.has_vitals) with_vitals.push_back(p.id);
  };
  for (auto& p : posts) {
    add(p);
    for (auto& r : p.replies) add(r);
  }

  std::vector<Param> params;
  params.reserve(2 + 4 * kIdSlots);

  for (size_t from = 0; from < with_attachments.size(); from += kIdSlots) {
    params.clear();
    params.emplace_back(person_id);
    AppendIdSlots(params, with_attachments, from);
    ASSIGN_OR_RETURN(auto rows,
                     c.Query(AttachmentsOf().For(ChunkSize(with_attachments, from)), params));
    for (const auto& r : rows) {
      auto it = by_id.find(r.Text(0));
      if (it == by_id.end()) continue;
      it->second->attachments.push_back(TimelineAttachment{
          r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5), r.OptInt(6), r.OptInt(7)});
    }
  }

  for (size_t from = 0; from < with_vitals.size(); from += kIdSlots) {
    params.clear();
    AppendIdSlots(params, with_vitals, from);
    ASSIGN_OR_RETURN(auto rows, c.Query(VitalsOf().For(ChunkSize(with_vitals, from)), params));
    for (const auto& r : rows) {
      auto it = by_id.find(r.Text(0));
      if (it == by_id.end() || it->second->vitals) continue;  // one set of vitals per post
      Vitals v;
      v.post_id = r.Text(0);
      v.id = r.Text(1);
      v.person_id = r.Text(2);
      v.values.measured_at = r.Int(3);
      v.values.systolic = r.OptInt(4);
      v.values.diastolic = r.OptInt(5);
      v.values.pulse = r.OptInt(6);
      v.values.temperature = r.OptReal(7);
      v.values.spo2 = r.OptInt(8);
      v.values.respiration = r.OptInt(9);
      v.values.weight = r.OptReal(10);
      v.values.glucose = r.OptInt(11);
      v.recorded_by = r.Text(12);
      v.created_at = r.Int(13);
      it->second->vitals = std::move(v);
    }
  }

  // The users and organizations named on the page, each once.
  std::vector<std::string> user_ids, org_ids;
  {
    std::set<std::string> users, orgs;
    for (const auto& [id, p] : by_id) {
      users.insert(p->author.id);
      if (p->deleted()) users.insert(p->deleted_by.id);
      if (p->vitals) users.insert(p->vitals->recorded_by);
      if (!p->author_org_id.empty()) orgs.insert(p->author_org_id);
    }
    user_ids.assign(users.begin(), users.end());
    org_ids.assign(orgs.begin(), orgs.end());
  }

  std::set<std::string> members;
  std::unordered_map<std::string, std::vector<std::string>> readers, ackers;
  std::unordered_map<std::string, TimelineUser> users;
  std::unordered_map<std::string, std::string> orgs;
  size_t longest = std::max({ids.size(), user_ids.size(), org_ids.size(), size_t{1}});
  for (size_t from = 0; from < longest; from += kIdSlots) {
    auto chunk = [&](const std::vector<std::string>& list) {
      return ChunkSize(list, std::min(from, list.size()));
    };
    size_t n = chunk(ids);
    size_t k = std::max({chunk(ack_requested), chunk(user_ids), chunk(org_ids)});
    int post_slots = kTiers[TierIndex(n)], other_slots = kTiers[TierIndex(k)];
    params.clear();
    params.emplace_back(person_id);
    AppendPadded(params, ids, from, post_slots);
    AppendPadded(params, ack_requested, from, other_slots);
    AppendPadded(params, user_ids, from, other_slots);
    AppendPadded(params, org_ids, from, other_slots);
    ASSIGN_OR_RETURN(auto rows, c.Query(PageFacts().For(n, k), params));
    for (const auto& r : rows) {
      std::string kind = r.Text(0);
      switch (kind.empty() ? ' ' : kind[0]) {
        case 'm':
          members.insert(r.Text(1));
          break;
        case 'r':
          readers[r.Text(1)].push_back(r.Text(2));
          break;
        case 'a':
          ackers[r.Text(1)].push_back(r.Text(2));
          break;
        case 'n': {
          auto it = by_id.find(r.Text(1));
          if (it != by_id.end() && !it->second->deleted()) {
            it->second->mentions.push_back(UserAt(r, 2, 3, 4));
          }
          break;
        }
        case 'u':
          users.emplace(r.Text(1), UserAt(r, 1, 2, 3));
          break;
        case 'o':
          orgs.emplace(r.Text(1), r.Text(2));
          break;
      }
    }
  }

  auto named = [&](TimelineUser& u) {
    auto it = users.find(u.id);
    if (it != users.end()) u = it->second;
  };
  // Readers among the current active members, not counting the author.
  auto summarise = [&](const TimelinePost& p, const std::vector<std::string>* who) {
    ReceiptSummary s;
    s.total = static_cast<int64_t>(members.size()) - (members.contains(p.author.id) ? 1 : 0);
    if (!who) return s;
    for (const auto& user : *who) {
      if (user == viewer_id) s.by_me = true;
      if (user != p.author.id && members.contains(user)) ++s.count;
    }
    return s;
  };
  auto find = [](auto& map, const std::string& id) -> const std::vector<std::string>* {
    auto it = map.find(id);
    return it == map.end() ? nullptr : &it->second;
  };
  for (auto& [id, p] : by_id) {
    named(p->author);
    if (p->deleted()) named(p->deleted_by);
    if (p->vitals) {
      auto it = users.find(p->vitals->recorded_by);
      if (it != users.end()) {
        p->vitals->recorded_by_name = it->second.name;
        p->vitals->recorded_by_profession = it->second.profession_code;
      }
    }
    if (auto it = orgs.find(p->author_org_id); it != orgs.end()) {
      p->author_organization_name = it->second;
    }
    std::sort(p->mentions.begin(), p->mentions.end(),
              [](const TimelineUser& a, const TimelineUser& b) {
                return std::tie(a.name, a.id) < std::tie(b.name, b.id);
              });
    const auto* who_read = find(readers, id);
    p->read = summarise(*p, who_read);
    if (who_read) p->reader_ids = *who_read;
    // The author's own posts count as read by the author.
    if (p->author.id == viewer_id) p->read.by_me = true;
    if (p->ack_requested) {
      const auto* who_acked = find(ackers, id);
      p->ack = summarise(*p, who_acked);
      if (who_acked) p->acker_ids = *who_acked;
    } else {
      p->ack.reset();
    }
  }
  return static_cast<int64_t>(members.size());
}

Result<std::optional<PostHead>> TimelineStore::Head(db::Connection& c, const std::string& post_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kHead, {post_id}));
  if (!row) return std::optional<PostHead>();
  PostHead h;
  h.id = row->Text(0);
  h.person_id = row->Text(1);
  h.parent_id = row->OptText(2);
  h.author_id = row->Text(3);
  h.category = row->Text(4);
  h.important = row->Bool(5);
  h.ack_requested = row->Bool(6);
  h.version = row->Int(7);
  h.deleted = !row->IsNull(8);
  return std::optional<PostHead>(std::move(h));
}

Result<std::vector<PostVersion>> TimelineStore::Versions(db::Connection& c,
                                                         const std::string& post_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kVersions, {post_id}));
  std::vector<PostVersion> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back(
        PostVersion{r.Int(0), r.Text(1), r.Text(2), r.Bool(3), r.Int(4), UserAt(r, 5, 6, 7)});
  }
  return out;
}

Result<PostReads> TimelineStore::Reads(db::Connection& c, const std::string& person_id,
                                       const PostHead& post) {
  ASSIGN_OR_RETURN(auto member_rows, c.Query(kActiveMemberUsers, {person_id}));
  ASSIGN_OR_RETURN(auto read_rows, c.Query(kReadsOf, {post.id}));
  std::set<std::string> members, readers;
  for (const auto& r : member_rows) members.insert(r.Text(0));
  PostReads out;
  for (const auto& r : read_rows) {
    std::string user = r.Text(0);
    if (user == post.author_id || !members.contains(user)) continue;
    readers.insert(user);
    out.read.push_back(ReadEntry{UserAt(r, 0, 1, 2), r.Int(3)});
  }
  std::vector<TimelineUser> unread;
  for (const auto& r : member_rows) {
    std::string user = r.Text(0);
    if (user == post.author_id || readers.contains(user)) continue;
    unread.push_back(UserAt(r, 0, 1, 2));
  }
  out.unread = std::move(unread);
  return out;
}

Result<std::vector<std::string>> TimelineStore::UnackedMembers(db::Connection& c,
                                                               const std::string& person_id,
                                                               const std::string& post_id,
                                                               const std::string& author_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kUnacked, {person_id, post_id, author_id}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

Result<std::string> TimelineStore::TeamOrganization(db::Connection& c, const std::string& person_id,
                                                    const std::string& user_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kTeamOrganization, {person_id, user_id}));
  return row ? row->Text(0) : std::string();
}

Result<std::vector<std::string>> TimelineStore::ThreadAuthors(db::Connection& c,
                                                              const std::string& post_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kThreadAuthors, {post_id}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

Result<void> TimelineStore::InsertPost(db::Connection& c, const TimelinePost& p,
                                       const std::string& author_org_id,
                                       const std::string& search_text) {
  RETURN_IF_ERROR(
      c.Execute(kInsertPost, {p.id, p.person_id, p.parent_id, p.parent_id.has_value(), p.author.id,
                              author_org_id.empty() ? Param() : Param(author_org_id), p.category,
                              p.body, search_text, p.important, p.ack_requested, p.share_family,
                              p.attachment_count, p.has_vitals, p.created_at}));
  RETURN_IF_ERROR(c.Execute(kInsertVersion, {p.id, int64_t{1}, p.category, p.body, p.important,
                                             p.author.id, p.created_at}));
  return BumpVersion(c, p.person_id);
}

Result<void> TimelineStore::BumpVersion(db::Connection& c, std::string_view person_id) {
  RETURN_IF_ERROR(c.Execute(kBumpVersion, {person_id}));
  return core::Ok();
}

Result<void> TimelineStore::InsertMention(db::Connection& c, const std::string& post_id,
                                          const std::string& user_id) {
  RETURN_IF_ERROR(c.Execute(kInsertMention, {post_id, user_id}));
  return core::Ok();
}

Result<void> TimelineStore::BumpReplyCount(db::Connection& c, const std::string& parent_id) {
  RETURN_IF_ERROR(c.Execute(kBumpReplyCount, {parent_id}));
  return core::Ok();
}

Result<bool> TimelineStore::ClaimAttachment(db::Connection& c, const std::string& attachment_id,
                                            const std::string& person_id,
                                            const std::string& uploader,
                                            const std::string& post_id) {
  ASSIGN_OR_RETURN(int64_t n,
                   c.Execute(kClaimAttachment, {attachment_id, post_id, person_id, uploader}));
  if (n != 1) return false;
  RETURN_IF_ERROR(BumpVersion(c, person_id));
  return true;
}

Result<bool> TimelineStore::UpdateContent(db::Connection& c, const std::string& post_id,
                                          int64_t base_version, const std::string& category,
                                          const std::string& body, const std::string& search_text,
                                          bool important, const std::string& editor_id,
                                          int64_t now) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute(kUpdateContent, {post_id, base_version, category, body,
                                                         search_text, important, now}));
  if (n != 1) return false;
  RETURN_IF_ERROR(c.Execute(
      kInsertVersion, {post_id, base_version + 1, category, body, important, editor_id, now}));
  RETURN_IF_ERROR(c.Execute(kBumpVersionOfPost, {post_id}));
  return true;
}

Result<bool> TimelineStore::SoftDelete(db::Connection& c, const std::string& post_id,
                                       const std::string& by, const std::string& reason,
                                       int64_t now) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute(kSoftDelete, {post_id, now, by, reason}));
  if (n != 1) return false;
  RETURN_IF_ERROR(c.Execute(kBumpVersionOfPost, {post_id}));
  return true;
}

Result<int64_t> TimelineStore::MarkRead(db::Connection& c, const std::string& person_id,
                                        const std::string& user_id,
                                        const std::vector<std::string>& post_ids, int64_t now) {
  int64_t matching = 0, inserted = 0;
  std::vector<Param> params;
  for (size_t from = 0; from < post_ids.size(); from += kIdSlots) {
    params.clear();
    params.emplace_back(person_id);
    params.emplace_back(user_id);
    params.emplace_back(now);
    AppendIdSlots(params, post_ids, from);
    ASSIGN_OR_RETURN(int64_t n,
                     c.Execute(MarkReadStatement().For(ChunkSize(post_ids, from)), params));
    inserted += n;
    params.erase(params.begin() + 1, params.begin() + 3);
    ASSIGN_OR_RETURN(auto row,
                     c.QueryOne(CountPostsOfPerson().For(ChunkSize(post_ids, from)), params));
    if (row) matching += row->Int(0);
  }
  // Reading what one had read before changes nothing a page shows.
  if (inserted > 0) {
    RETURN_IF_ERROR(BumpVersion(c, person_id));
  }
  return matching;
}

Result<void> TimelineStore::Acknowledge(db::Connection& c, const std::string& post_id,
                                        const std::string& user_id, int64_t now) {
  ASSIGN_OR_RETURN(int64_t acked, c.Execute(kInsertAck, {post_id, user_id, now}));
  ASSIGN_OR_RETURN(int64_t read, c.Execute(kInsertRead, {post_id, user_id, now}));
  if (acked + read > 0) {
    RETURN_IF_ERROR(c.Execute(kBumpVersionOfPost, {post_id}));
  }
  return core::Ok();
}

Result<std::vector<TimelineStore::DueReminder>> TimelineStore::DueReminders(db::Connection& c,
                                                                            int64_t created_since,
                                                                            int64_t due_at,
                                                                            int limit) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kDueReminders, {created_since, due_at, limit}));
  std::vector<DueReminder> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3)});
  return out;
}

Result<bool> TimelineStore::ClaimReminder(db::Connection& c, const std::string& post_id,
                                          int64_t expected, int64_t now) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute(kClaimReminder, {post_id, now, expected}));
  return n == 1;
}

}  // namespace care
