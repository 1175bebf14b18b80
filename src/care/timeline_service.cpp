#include "care/timeline_service.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <set>

#include "care/codes.h"
#include "care/timeline_json.h"
#include "care/timeline_store.h"
#include "care/vitals_store.h"
#include "care/vitals_validation.h"
#include "core/cursor.h"
#include "core/id.h"
#include "core/japanese_text.h"
#include "core/utf8.h"
#include "core/wareki.h"

namespace care {
namespace {

constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;
constexpr size_t kMaxTerms = 5;
constexpr size_t kMaxTermChars = 50;

core::Error PostNotFound() {
  return core::Error::NotFound("投稿が見つかりません (post not found)");
}

bool ParseInt64(std::string_view s, int64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// Splits on ASCII white space and U+3000 (the IME's space).
std::vector<std::string> SplitTerms(std::string_view q) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < q.size();) {
    if (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r') {
      if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
      ++i;
    } else if (q.substr(i, 3) == "\xE3\x80\x80") {
      if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
      i += 3;
    } else {
      cur.push_back(q[i++]);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

Result<bool> ParseFlag(const std::string& value, const char* field) {
  if (value.empty() || value == "0") return false;
  if (value == "1") return true;
  return core::Error::Invalid(field, "1 か 0 を指定してください (must be 1 or 0)");
}

bool CanPost(std::string_view category) { return IsOneOf(PostCategories(), category); }
bool KnownCategory(std::string_view category) {
  return IsOneOf(PostCategories(), category) || IsOneOf(SystemPostCategories(), category);
}

// The caller's user id ("" without a principal, which the access check refuses anyway).
std::string Me(const auth::Caller& caller) {
  return caller.principal ? caller.principal->user_id : std::string();
}

// Which notification each member gets for a new top-level post: one per member, the most
// specific one (an acknowledgement request asks for action, a mention names them).
struct Notice {
  std::string user_id;
  const char* kind;
  const char* title;
};

}  // namespace

int64_t StartOfJstDayMillis(int year, int month, int day) {
  // Days from the civil date (Howard Hinnant's algorithm), then JST midnight = UTC 15:00 of the
  // day before.
  int y = year - (month <= 2 ? 1 : 0);
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = static_cast<int64_t>(era) * 146097 + doe - 719468;
  return days * kDayMs - 9LL * 60 * 60 * 1000;
}

std::string TimelineLink(const std::string& person_id, const std::string& post_id) {
  return "/persons/" + person_id + "/timeline/" + post_id;
}

Result<TimelineFilter> ParseTimelineQuery(const TimelineQueryText& q) {
  TimelineFilter f;
  std::vector<core::FieldError> errors;
  auto bad = [&](const char* field, std::string message) {
    errors.push_back({field, "invalid", std::move(message)});
  };
  if (!q.category.empty()) {
    if (KnownCategory(q.category)) {
      f.category = q.category;
    } else {
      bad("category", "分類が正しくありません (unknown category)");
    }
  }
  if (!q.author.empty()) {
    if (core::IsValidId(q.author)) {
      f.author_id = q.author;
    } else {
      bad("author", "投稿者の指定が正しくありません (invalid user id)");
    }
  }
  std::optional<core::Date> from, to;
  if (!q.from.empty()) {
    from = core::ParseIsoDate(q.from);
    if (from) {
      f.from_ms = StartOfJstDayMillis(from->year, from->month, from->day);
    } else {
      bad("from", "日付は YYYY-MM-DD で指定してください (date as YYYY-MM-DD)");
    }
  }
  if (!q.to.empty()) {
    to = core::ParseIsoDate(q.to);
    if (to) {
      f.to_ms = StartOfJstDayMillis(to->year, to->month, to->day) + kDayMs;  // inclusive day
    } else {
      bad("to", "日付は YYYY-MM-DD で指定してください (date as YYYY-MM-DD)");
    }
  }
  if (from && to && *to < *from) bad("to", "終了日が開始日より前です (to is before from)");
  auto important = ParseFlag(q.important, "important");
  if (important.ok()) {
    f.important = *important;
  } else {
    errors.push_back(important.error().details.front());
  }
  auto unread = ParseFlag(q.unread, "unread");
  if (unread.ok()) {
    f.unread = *unread;
  } else {
    errors.push_back(unread.error().details.front());
  }
  if (!q.q.empty()) {
    auto terms = SplitTerms(q.q);
    if (terms.size() > kMaxTerms) {
      bad("q", "検索語は5つまでです (at most 5 search terms)");
    } else {
      bool too_long = false;
      for (const auto& t : terms) {
        if (core::Utf8Length(t) > kMaxTermChars) too_long = true;
        std::string key = core::NormalizeForSearch(t);
        if (!key.empty()) f.terms.push_back(std::move(key));
      }
      if (too_long) {
        f.terms.clear();
        bad("q", "検索語は50文字以内にしてください (each term at most 50 characters)");
      }
    }
  }
  if (!q.cursor.empty()) {
    auto parts = core::DecodeCursor(q.cursor);
    int64_t at = 0;
    if (parts && ParseInt64(parts->first, at) && core::IsValidId(parts->second)) {
      f.cursor_created_at = at;
      f.cursor_id = parts->second;
    } else {
      bad("cursor", "カーソルが正しくありません (invalid cursor)");
    }
  }
  if (!q.limit.empty()) {
    int64_t limit = 0;
    if (ParseInt64(q.limit, limit) && limit >= 1 && limit <= TimelineStore::kIdSlots) {
      f.limit = static_cast<int>(limit);
    } else {
      bad("limit", "1〜100で指定してください (1 to 100)");
    }
  }
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  return f;
}

struct TimelineService::Written {
  TimelinePost post;
  std::vector<Notice> notices;
};

void TimelineService::Denied(const auth::Caller& caller, const PersonAccess& access,
                             std::string action, const std::string& post_id) {
  audit::Entry e = PersonAudit(caller, access, std::move(action), "timeline_post", post_id);
  e.outcome = "denied";
  audit_.Record(std::move(e));
}

Result<std::string> TimelineService::List(const std::string& person_id,
                                          const TimelineFilter& filter, const auth::Caller& caller,
                                          const PersonAccess* checked) {
  const std::string me = Me(caller);
  const bool cacheable = !filter.HasFilters() && filter.cursor_id.empty();
  if (cacheable && checked && checked->person_id == person_id && checked->CanRead()) {
    auto hit = page_cache_.Find(person_id, filter.limit, checked->timeline_version,
                                checked->names_generation);
    if (hit) {
      AuditList(caller, *checked, filter, hit->posts.size());
      return RenderCachedPage(*hit, me);
    }
  }
  TimelinePage page;
  PersonAccess access;
  RETURN_IF_ERROR(db_.ReadSnapshot([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(access, access_.Require(c, person_id, caller, Need::kRead, "timeline.list"));
    ASSIGN_OR_RETURN(page.items, TimelineStore::Page(c, person_id, me, filter));
    if (page.items.size() > static_cast<size_t>(filter.limit)) {
      page.items.resize(filter.limit);
      const TimelinePost& last = page.items.back();
      page.next_cursor = core::EncodeCursor(std::to_string(last.created_at), last.id);
    } else {
      page.next_cursor.clear();
    }
    ASSIGN_OR_RETURN(page.team_size, TimelineStore::Decorate(c, person_id, me, page.items));
    return core::Ok();
  }));
  AuditList(caller, access, filter, page.items.size());
  if (!cacheable) return TimelinePageBody(page);
  // The versions were read in the snapshot the page was read in, so they describe it exactly.
  auto cached = MakeCachedPage(page, access.timeline_version, access.names_generation);
  page_cache_.Store(person_id, filter.limit, cached);
  return RenderCachedPage(*cached, me);
}

void TimelineService::AuditList(const auth::Caller& caller, const PersonAccess& access,
                                const TimelineFilter& filter, size_t items) {
  // The filters are recorded so an audit can tell what was looked at; the search text is not
  // (it may itself be clinical), only how many terms there were.
  boost::json::object details;
  if (!filter.category.empty()) details["category"] = filter.category;
  if (!filter.author_id.empty()) details["author"] = filter.author_id;
  if (filter.from_ms) details["from"] = filter.from_ms;
  if (filter.to_ms) details["to"] = filter.to_ms;
  if (filter.important) details["important"] = true;
  if (filter.unread) details["unread"] = true;
  if (!filter.terms.empty()) details["q_terms"] = filter.terms.size();
  if (!filter.cursor_id.empty()) details["cursor"] = true;
  details["items"] = items;
  audit::Entry e = PersonAudit(caller, access, "timeline.list", "timeline", access.person_id);
  e.details = boost::json::serialize(details);
  audit_.Record(std::move(e));
}

Result<TimelinePost> TimelineService::Get(const std::string& person_id, const std::string& post_id,
                                          const auth::Caller& caller) {
  const std::string me = Me(caller);
  std::vector<TimelinePost> thread;
  PersonAccess access;
  RETURN_IF_ERROR(db_.ReadSnapshot([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(access, access_.Require(c, person_id, caller, Need::kRead, "timeline.read"));
    if (!core::IsValidId(post_id)) return PostNotFound();
    ASSIGN_OR_RETURN(thread, TimelineStore::PostWithReplies(c, person_id, post_id));
    if (thread.empty()) return PostNotFound();
    TimelinePost post = std::move(thread.front());
    post.replies.assign(std::make_move_iterator(thread.begin() + 1),
                        std::make_move_iterator(thread.end()));
    thread.clear();
    thread.push_back(std::move(post));
    auto decorated = TimelineStore::Decorate(c, person_id, me, thread);
    if (!decorated.ok()) return std::move(decorated).error();
    return core::Ok();
  }));
  audit_.Record(PersonAudit(caller, access, "timeline.read", "timeline_post", post_id));
  return std::move(thread.front());
}

Result<TimelinePost> TimelineService::Load(const std::string& person_id, const std::string& post_id,
                                           const std::string& viewer_id) {
  std::vector<TimelinePost> one;
  RETURN_IF_ERROR(db_.ReadSnapshot([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto thread, TimelineStore::PostWithReplies(c, person_id, post_id));
    if (thread.empty()) return PostNotFound();
    one.push_back(std::move(thread.front()));
    auto decorated = TimelineStore::Decorate(c, person_id, viewer_id, one);
    if (!decorated.ok()) return std::move(decorated).error();
    return core::Ok();
  }));
  return std::move(one.front());
}

Result<TimelinePost> TimelineService::Create(const std::string& person_id, NewPost post,
                                             const auth::Caller& caller) {
  return Write(person_id, std::nullopt, std::move(post), caller);
}

Result<TimelinePost> TimelineService::Reply(const std::string& person_id,
                                            const std::string& parent_id, NewPost reply,
                                            const auth::Caller& caller) {
  return Write(person_id, parent_id, std::move(reply), caller);
}

Result<TimelinePost> TimelineService::Write(const std::string& person_id,
                                            std::optional<std::string> parent_id, NewPost in,
                                            const auth::Caller& caller) {
  const bool is_reply = parent_id.has_value();
  const std::string action = is_reply ? "timeline.reply" : "timeline.post";
  const std::string me = Me(caller);
  const int64_t now = clock_.NowMillis();

  // Checks that need no database first, every field at once.
  std::vector<core::FieldError> errors;
  if (!is_reply && !CanPost(in.category)) {
    errors.push_back({"category", "not_allowed", "分類が正しくありません (unknown category)"});
  }
  if (in.body.empty()) errors.push_back({"body", "required", "入力してください (required)"});
  if (core::Utf8Length(in.body) > kMaxBodyChars) {
    errors.push_back({"body", "too_long", "10000文字以内で入力してください (at most 10000)"});
  }
  if (in.ack_requested && !in.important) {
    errors.push_back({"ack_requested", "requires_important",
                      "確認依頼は重要な投稿にだけ付けられます (only important posts may request "
                      "acknowledgement)"});
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < in.mentions.size(); ++i) {
    if (!core::IsValidId(in.mentions[i]) || !seen.insert(in.mentions[i]).second) {
      errors.push_back({"mentions[" + std::to_string(i) + "]", "invalid",
                        "宛先の指定が正しくありません (invalid or repeated user id)"});
    }
  }
  if (in.attachment_ids.size() > kMaxAttachments) {
    errors.push_back({"attachment_ids", "too_many", "添付は10件までです (at most 10 attachments)"});
  }
  seen.clear();
  for (size_t i = 0; i < in.attachment_ids.size(); ++i) {
    if (!core::IsValidId(in.attachment_ids[i]) || !seen.insert(in.attachment_ids[i]).second) {
      errors.push_back({"attachment_ids[" + std::to_string(i) + "]", "invalid",
                        "添付の指定が正しくありません (invalid or repeated attachment id)"});
    }
  }
  if (in.vitals) {
    auto v = ValidateVitals(*in.vitals, now, "vitals.");
    errors.insert(errors.end(), v.begin(), v.end());
  }
  if (!errors.empty()) return core::Error::Fields(std::move(errors));

  Written w;
  PersonAccess access;
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    w = Written{};
    ASSIGN_OR_RETURN(access, access_.Require(c, person_id, caller, Need::kWrite, action));
    TimelinePost& p = w.post;
    p.id = core::NewId(now);
    p.person_id = person_id;
    p.author.id = me;
    p.created_at = now;
    p.body = in.body;
    std::vector<std::string> thread_authors;
    if (is_reply) {
      if (!core::IsValidId(*parent_id)) return PostNotFound();
      ASSIGN_OR_RETURN(auto parent, TimelineStore::Head(c, *parent_id));
      if (!parent || parent->person_id != person_id || parent->parent_id) return PostNotFound();
      if (parent->deleted) {
        return core::Error::Conflict("削除された投稿には返信できません (post was deleted)");
      }
      p.parent_id = parent->id;
      p.category = parent->category;  // a reply belongs to its post's category
      ASSIGN_OR_RETURN(thread_authors, TimelineStore::ThreadAuthors(c, parent->id));
    } else {
      p.category = in.category;
      p.important = in.important;
      p.ack_requested = in.ack_requested;
      p.share_family = in.share_family;
    }
    ASSIGN_OR_RETURN(auto members, ActiveMembers(c, person_id));
    std::set<std::string> member_ids;
    std::string author_org;
    for (const auto& m : members) member_ids.insert(m.user_id);
    for (size_t i = 0; i < in.mentions.size(); ++i) {
      if (!member_ids.contains(in.mentions[i])) {
        return core::Error::Invalid("mentions[" + std::to_string(i) + "]",
                                    "宛先はこのチームのメンバーから選んでください (not an active "
                                    "member of the care team)");
      }
    }
    // The organization the author acts for in this team, else their first one.
    ASSIGN_OR_RETURN(author_org, TimelineStore::TeamOrganization(c, person_id, me));
    if (author_org.empty() && caller.principal) {
      if (const auto* m = caller.principal->Primary()) author_org = m->organization_id;
    }
    p.attachment_count = static_cast<int64_t>(in.attachment_ids.size());
    p.has_vitals = in.vitals.has_value();
    RETURN_IF_ERROR(TimelineStore::InsertPost(c, p, author_org, core::NormalizeForSearch(p.body)));
    for (size_t i = 0; i < in.attachment_ids.size(); ++i) {
      ASSIGN_OR_RETURN(bool claimed, TimelineStore::ClaimAttachment(c, in.attachment_ids[i],
                                                                    person_id, me, p.id));
      if (!claimed) {
        return core::Error::Invalid(
            "attachment_ids[" + std::to_string(i) + "]",
            "この方にアップロードした未使用の添付ではありません (not an unused upload of yours for "
            "this person)");
      }
    }
    for (const auto& user : in.mentions)
      RETURN_IF_ERROR(TimelineStore::InsertMention(c, p.id, user));
    if (in.vitals) {
      Vitals v;
      v.id = core::NewId(now);
      v.person_id = person_id;
      v.post_id = p.id;
      v.values = *in.vitals;
      v.recorded_by = me;
      v.created_at = now;
      RETURN_IF_ERROR(VitalsStore::Insert(c, v));
    }
    if (is_reply) RETURN_IF_ERROR(TimelineStore::BumpReplyCount(c, *p.parent_id));

    // Who hears of it. Mentioned members get a mention; for a reply, the thread's earlier
    // authors who are still active members get a reply notice; for a post, every other active
    // member gets one notice (acknowledgement request > mention > new post).
    std::set<std::string> mentioned(in.mentions.begin(), in.mentions.end());
    if (is_reply) {
      std::set<std::string> told;
      for (const auto& user : in.mentions) {
        if (user != me && told.insert(user).second) {
          w.notices.push_back({user, "timeline.mention", kTitleMention});
        }
      }
      for (const auto& user : thread_authors) {
        if (user != me && member_ids.contains(user) && told.insert(user).second) {
          w.notices.push_back({user, "timeline.reply", kTitleReply});
        }
      }
    } else {
      for (const auto& m : members) {
        if (m.user_id == me) continue;
        if (p.ack_requested) {
          w.notices.push_back({m.user_id, "timeline.ack_request", kTitleAckRequest});
        } else if (mentioned.contains(m.user_id)) {
          w.notices.push_back({m.user_id, "timeline.mention", kTitleMention});
        } else {
          w.notices.push_back({m.user_id, "timeline.post", kTitleNewPost});
        }
      }
    }
    return core::Ok();
  }));

  audit::Entry e = PersonAudit(caller, access, action, "timeline_post", w.post.id);
  boost::json::object details{{"category", w.post.category},
                              {"attachments", in.attachment_ids.size()},
                              {"mentions", in.mentions.size()},
                              {"vitals", in.vitals.has_value()}};
  if (is_reply) details["parent_id"] = *w.post.parent_id;
  e.details = boost::json::serialize(details);
  audit_.Record(std::move(e));

  const std::string link = TimelineLink(person_id, is_reply ? *w.post.parent_id : w.post.id);
  for (const auto& n : w.notices) notifier_.Send(n.user_id, n.kind, n.title, "", link, person_id);
  return Load(person_id, w.post.id, me);
}

Result<TimelinePost> TimelineService::Edit(const std::string& person_id, const std::string& post_id,
                                           PostEdit edit, const auth::Caller& caller) {
  const std::string me = Me(caller);
  const int64_t now = clock_.NowMillis();
  std::vector<core::FieldError> errors;
  if (edit.body.empty()) errors.push_back({"body", "required", "入力してください (required)"});
  if (core::Utf8Length(edit.body) > kMaxBodyChars) {
    errors.push_back({"body", "too_long", "10000文字以内で入力してください (at most 10000)"});
  }
  if (edit.category && !CanPost(*edit.category)) {
    errors.push_back({"category", "not_allowed", "分類が正しくありません (unknown category)"});
  }
  if (edit.base_version < 1) {
    errors.push_back({"base_version", "required", "入力してください (required)"});
  }
  if (!errors.empty()) return core::Error::Fields(std::move(errors));

  PersonAccess access;
  bool denied = false;
  auto status = db_.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(access, access_.Require(c, person_id, caller, Need::kWrite, "timeline.edit"));
    if (!core::IsValidId(post_id)) return PostNotFound();
    ASSIGN_OR_RETURN(auto head, TimelineStore::Head(c, post_id));
    if (!head || head->person_id != person_id) return PostNotFound();
    if (head->author_id != me) {
      denied = true;
      return core::Error::Forbidden("投稿者だけが編集できます (only the author may edit)");
    }
    if (head->deleted) {
      return core::Error::Conflict("削除された投稿は編集できません (post was deleted)");
    }
    if (head->version != edit.base_version) {
      return core::Error::Conflict(
          "ほかの変更が先に保存されました。読み込み直してください (edited meanwhile; reload)",
          "base_version");
    }
    // Replies keep their post's category and are never important.
    std::string category =
        head->parent_id ? head->category : edit.category.value_or(head->category);
    bool important = head->parent_id ? false : edit.important.value_or(head->important);
    if (head->ack_requested && !important) {
      return core::Error::Invalid("important",
                                  "確認依頼のある投稿は重要を外せません (a post requesting "
                                  "acknowledgement stays important)");
    }
    ASSIGN_OR_RETURN(bool updated, TimelineStore::UpdateContent(
                                       c, post_id, edit.base_version, category, edit.body,
                                       core::NormalizeForSearch(edit.body), important, me, now));
    if (!updated) {
      return core::Error::Conflict(
          "ほかの変更が先に保存されました。読み込み直してください (edited meanwhile; reload)",
          "base_version");
    }
    return core::Ok();
  });
  if (denied) Denied(caller, access, "timeline.edit", post_id);
  RETURN_IF_ERROR(status);
  audit::Entry e = PersonAudit(caller, access, "timeline.edit", "timeline_post", post_id);
  e.details = boost::json::serialize(boost::json::object{{"version", edit.base_version + 1}});
  audit_.Record(std::move(e));
  return Load(person_id, post_id, me);
}

Result<TimelinePost> TimelineService::Delete(const std::string& person_id,
                                             const std::string& post_id, const std::string& reason,
                                             const auth::Caller& caller) {
  const std::string me = Me(caller);
  const int64_t now = clock_.NowMillis();
  if (reason.empty())
    return core::Error::Invalid("reason", "入力してください (required)", "required");
  if (core::Utf8Length(reason) > 500) {
    return core::Error::Invalid("reason", "500文字以内で入力してください (at most 500)",
                                "too_long");
  }
  PersonAccess access;
  bool denied = false;
  auto status = db_.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(access,
                     access_.Require(c, person_id, caller, Need::kWrite, "timeline.delete"));
    if (!core::IsValidId(post_id)) return PostNotFound();
    ASSIGN_OR_RETURN(auto head, TimelineStore::Head(c, post_id));
    if (!head || head->person_id != person_id) return PostNotFound();
    if (head->author_id != me && !access.CanManageTeam()) {
      denied = true;
      return core::Error::Forbidden(
          "投稿者かチームの管理者だけが削除できます (only the author or a team manager may "
          "delete)");
    }
    ASSIGN_OR_RETURN(bool deleted, TimelineStore::SoftDelete(c, post_id, me, reason, now));
    if (!deleted) return core::Error::Conflict("既に削除されています (already deleted)");
    return core::Ok();
  });
  if (denied) Denied(caller, access, "timeline.delete", post_id);
  RETURN_IF_ERROR(status);
  audit_.Record(PersonAudit(caller, access, "timeline.delete", "timeline_post", post_id));
  return Load(person_id, post_id, me);
}

Result<std::vector<PostVersion>> TimelineService::Versions(const std::string& person_id,
                                                           const std::string& post_id,
                                                           const auth::Caller& caller) {
  const std::string me = Me(caller);
  PersonAccess access;
  std::vector<PostVersion> versions;
  bool denied = false;
  auto status = db_.ReadSnapshot([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(access,
                     access_.Require(c, person_id, caller, Need::kRead, "timeline.versions"));
    if (!core::IsValidId(post_id)) return PostNotFound();
    ASSIGN_OR_RETURN(auto head, TimelineStore::Head(c, post_id));
    if (!head || head->person_id != person_id) return PostNotFound();
    // A deleted post's words were withdrawn; only those who could have withdrawn them see them.
    if (head->deleted && head->author_id != me && !access.CanManageTeam()) {
      denied = true;
      return core::Error::Forbidden(
          "削除された投稿の履歴は投稿者と管理者だけが見られます (history of a deleted post: "
          "author and managers only)");
    }
    ASSIGN_OR_RETURN(versions, TimelineStore::Versions(c, post_id));
    return core::Ok();
  });
  if (denied) Denied(caller, access, "timeline.versions", post_id);
  RETURN_IF_ERROR(status);
  audit_.Record(PersonAudit(caller, access, "timeline.versions", "timeline_post", post_id));
  return versions;
}

Result<int64_t> TimelineService::MarkRead(const std::string& person_id,
                                          const std::vector<std::string>& post_ids,
                                          const auth::Caller& caller) {
  const std::string me = Me(caller);
  if (post_ids.size() > kMaxMarkRead) {
    return core::Error::Invalid("post_ids", "200件までです (at most 200)", "too_many");
  }
  std::vector<core::FieldError> errors;
  for (size_t i = 0; i < post_ids.size(); ++i) {
    if (!core::IsValidId(post_ids[i])) {
      errors.push_back({"post_ids[" + std::to_string(i) + "]", "invalid",
                        "投稿の指定が正しくありません (invalid post id)"});
    }
  }
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  PersonAccess access;
  int64_t marked = 0;
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(access,
                     access_.Require(c, person_id, caller, Need::kRead, "timeline.mark_read"));
    if (post_ids.empty()) {
      marked = 0;
      return core::Ok();
    }
    ASSIGN_OR_RETURN(marked,
                     TimelineStore::MarkRead(c, person_id, me, post_ids, clock_.NowMillis()));
    return core::Ok();
  }));
  audit::Entry e = PersonAudit(caller, access, "timeline.mark_read", "timeline", person_id);
  e.details = boost::json::serialize(boost::json::object{{"marked", marked}});
  audit_.Record(std::move(e));
  return marked;
}

Result<PostReads> TimelineService::Reads(const std::string& person_id, const std::string& post_id,
                                         const auth::Caller& caller) {
  const std::string me = Me(caller);
  PersonAccess access;
  PostReads reads;
  RETURN_IF_ERROR(db_.ReadSnapshot([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(access, access_.Require(c, person_id, caller, Need::kRead, "timeline.reads"));
    if (!core::IsValidId(post_id)) return PostNotFound();
    ASSIGN_OR_RETURN(auto head, TimelineStore::Head(c, post_id));
    if (!head || head->person_id != person_id) return PostNotFound();
    ASSIGN_OR_RETURN(reads, TimelineStore::Reads(c, person_id, *head));
    // Who has not read it is for the author to chase, not for everyone to see.
    if (head->author_id != me) reads.unread.reset();
    return core::Ok();
  }));
  audit_.Record(PersonAudit(caller, access, "timeline.reads", "timeline_post", post_id));
  return reads;
}

Result<ReceiptSummary> TimelineService::Acknowledge(const std::string& person_id,
                                                    const std::string& post_id,
                                                    const auth::Caller& caller) {
  const std::string me = Me(caller);
  PersonAccess access;
  bool denied = false;
  auto status = db_.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(access, access_.Require(c, person_id, caller, Need::kWrite, "timeline.ack"));
    if (!access.ActiveMember()) {
      denied = true;
      return core::Error::Forbidden(
          "確認はチームのメンバーが行います (only care-team members acknowledge)");
    }
    if (!core::IsValidId(post_id)) return PostNotFound();
    ASSIGN_OR_RETURN(auto head, TimelineStore::Head(c, post_id));
    if (!head || head->person_id != person_id) return PostNotFound();
    if (!head->ack_requested) {
      return core::Error::Conflict("確認依頼のない投稿です (no acknowledgement requested)");
    }
    if (head->deleted) return core::Error::Conflict("削除された投稿です (post was deleted)");
    if (head->author_id == me) {
      return core::Error::Conflict("自分の投稿は確認できません (the author does not acknowledge)");
    }
    return TimelineStore::Acknowledge(c, post_id, me, clock_.NowMillis());
  });
  if (denied) Denied(caller, access, "timeline.ack", post_id);
  RETURN_IF_ERROR(status);
  audit_.Record(PersonAudit(caller, access, "timeline.ack", "timeline_post", post_id));
  ASSIGN_OR_RETURN(auto post, Load(person_id, post_id, me));
  return post.ack.value_or(ReceiptSummary{});
}

}  // namespace care
