// Reading the audit log: chain verification and the admins' search.
#include <charconv>

#include "audit/audit_log.h"

namespace audit {
namespace {

constexpr db::Statement kChains{"audit_chains", "SELECT DISTINCT chain FROM audit_log"};
constexpr db::Statement kChainPage{
    "audit_chain_page",
    "SELECT chain, seq, id, at, user_id, organization_id, municipality_code, role, ip, user_agent, "
    "action, object_type, object_id, person_id, reason, outcome, request_id, details, prev_hash, "
    "hash FROM audit_log WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT 5000"};

// The optional filters, shared by the three search statements. Empty text / 0 = not filtering.
#define AUDIT_FILTERS                                                                        \
  " AND ($2 = '' OR action LIKE $2 || '%' ESCAPE '\\')"                                      \
  " AND (CAST($3 AS BIGINT) = 0 OR at >= $3)"                                                \
  " AND (CAST($4 AS BIGINT) = 0 OR at < $4)"                                                 \
  " AND (CAST($5 AS INTEGER) = 0 OR ($6 <> '' AND organization_id = $6)"                     \
  " OR ($7 <> '' AND (',' || $7 || ',') LIKE ('%,' || municipality_code || ',%')))"          \
  " AND (CAST($8 AS BIGINT) = 0 OR (at, chain, seq) < (CAST($8 AS BIGINT), $9, CAST($10 AS " \
  "BIGINT)))"                                                                                \
  " ORDER BY at DESC, chain DESC, seq DESC LIMIT $11"
#define AUDIT_SELECT                                                                     \
  "SELECT chain, seq, id, at, user_id, organization_id, municipality_code, role, ip, "   \
  "user_agent, action, object_type, object_id, person_id, reason, outcome, request_id, " \
  "details, prev_hash, hash FROM audit_log WHERE "

// The user filter rides along with the person (both given: one person's entries by one user).
constexpr db::Statement kSearchByPerson{
    "audit_search_person",
    AUDIT_SELECT "person_id = $1 AND ($12 = '' OR user_id = $12)" AUDIT_FILTERS};
constexpr db::Statement kSearchByUser{"audit_search_user",
                                      AUDIT_SELECT "user_id = $1" AUDIT_FILTERS};
constexpr db::Statement kSearchAll{"audit_search_all", AUDIT_SELECT "$1 = ''" AUDIT_FILTERS};

StoredEntry FromRow(const db::Row& r) {
  StoredEntry s;
  s.chain = r.Text(0);
  s.seq = r.Int(1);
  s.id = r.Text(2);
  Entry& e = s.entry;
  e.at = r.Int(3);
  e.user_id = r.Text(4);
  e.organization_id = r.Text(5);
  e.municipality_code = r.Text(6);
  e.role = r.Text(7);
  e.ip = r.Text(8);
  e.user_agent = r.Text(9);
  e.action = r.Text(10);
  e.object_type = r.Text(11);
  e.object_id = r.Text(12);
  e.person_id = r.Text(13);
  e.reason = r.Text(14);
  e.outcome = r.Text(15);
  e.request_id = r.Text(16);
  e.details = r.Text(17);
  s.prev_hash = r.Text(18);
  s.hash = r.Text(19);
  return s;
}

/// The action filter is a plain prefix: '%' and '_' typed into it match only themselves.
std::string EscapeLike(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

bool ParseCursor(std::string_view c, int64_t* at, std::string* chain, int64_t* seq) {
  size_t a = c.find(':'), b = c.rfind(':');
  if (a == std::string_view::npos || a == b) return false;
  auto num = [](std::string_view s, int64_t* out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && p == s.data() + s.size();
  };
  *chain = std::string(c.substr(a + 1, b - a - 1));
  return num(c.substr(0, a), at) && num(c.substr(b + 1), seq);
}

}  // namespace

core::Result<VerifyReport> VerifyChains(db::Database& db) {
  VerifyReport report;
  auto status = db.ReadSnapshot([&](db::Connection& c) -> core::Result<void> {
    ASSIGN_OR_RETURN(auto chains, c.Query(kChains));
    for (const auto& chain_row : chains) {
      std::string chain = chain_row.Text(0);
      ++report.chains;
      int64_t after = 0;
      std::string prev(64, '0');
      for (;;) {
        ASSIGN_OR_RETURN(auto rows, c.Query(kChainPage, {chain, after}));
        if (rows.empty()) break;
        for (const auto& row : rows) {
          StoredEntry s = FromRow(row);
          ++report.entries;
          auto fail = [&](std::string problem) {
            report.ok = false;
            report.broken_chain = chain;
            report.broken_seq = s.seq;
            report.problem = std::move(problem);
          };
          if (s.seq != after + 1)
            fail("missing entry before this sequence number");
          else if (s.prev_hash != prev)
            fail("link to the previous entry does not match");
          else if (ChainHash(s.prev_hash, s.chain, s.seq, s.id, s.entry) != s.hash)
            fail("entry was changed after it was written");
          if (!report.ok) return core::Ok();
          prev = s.hash;
          after = s.seq;
        }
      }
    }
    return core::Ok();
  });
  RETURN_IF_ERROR(status);
  return report;
}

core::Result<SearchPage> Search(db::Database& db, const SearchFilter& f) {
  int64_t c_at = 0, c_seq = 0;
  std::string c_chain;
  if (!f.cursor.empty() && !ParseCursor(f.cursor, &c_at, &c_chain, &c_seq)) {
    return core::Error::Invalid("cursor", "カーソルが正しくありません (invalid cursor)");
  }
  std::string codes;
  for (const auto& m : f.municipality_codes) codes += (codes.empty() ? "" : ",") + m;
  const db::Statement* st = &kSearchAll;
  std::string key;
  if (!f.person_id.empty()) {
    st = &kSearchByPerson;
    key = f.person_id;
  } else if (!f.user_id.empty()) {
    st = &kSearchByUser;
    key = f.user_id;
  }
  int limit = std::clamp(f.limit, 1, 200);
  SearchPage page;
  auto status = db.Run([&](db::Connection& c) -> core::Result<void> {
    std::vector<db::Param> params = {key,
                                     EscapeLike(f.action_prefix),
                                     f.from,
                                     f.to,
                                     f.restrict_to_scope ? 1 : 0,
                                     f.organization_id,
                                     codes,
                                     c_at,
                                     c_chain,
                                     c_seq,
                                     limit + 1};
    if (st == &kSearchByPerson) params.emplace_back(f.user_id);
    ASSIGN_OR_RETURN(auto rows, c.Query(*st, params));
    for (size_t i = 0; i < rows.size() && static_cast<int>(i) < limit; ++i) {
      page.entries.push_back(FromRow(rows[i]));
    }
    if (static_cast<int>(rows.size()) > limit) {
      const auto& last = page.entries.back();
      page.next_cursor =
          std::to_string(last.entry.at) + ":" + last.chain + ":" + std::to_string(last.seq);
    }
    return core::Ok();
  });
  RETURN_IF_ERROR(status);
  return page;
}

}  // namespace audit
