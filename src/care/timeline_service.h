// Timeline rules (spec 02, docs/care-api.md "Timeline"): who may read, post, reply, edit and
// delete; validation of posts, mentions and attachments; read receipts and acknowledgements;
// audit entries for every read and write (with the person id); notifications to the team after
// each write commits. Knows nothing of HTTP or JSON.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/caller.h"
#include "care/access.h"
#include "care/timeline_cache.h"
#include "care/timeline_model.h"
#include "core/clock.h"
#include "core/result.h"
#include "db/database.h"
#include "notify/notifier.h"

namespace care {

/// Query parameters of GET /persons/{id}/timeline as sent (absent = "").
struct TimelineQueryText {
  std::string category, author, from, to, important, unread, q, cursor, limit;
};

/// Parses and checks the query: category code, author id, from/to as JST dates (to inclusive,
/// not before from), important/unread as 0/1, at most 5 search terms of at most 50 characters
/// (normalised with core::NormalizeForSearch), cursor, limit 1–100 (default 50). Errors name
/// the parameter.
Result<TimelineFilter> ParseTimelineQuery(const TimelineQueryText& q);

/// The first instant (UTC ms) of a calendar day in Japan.
int64_t StartOfJstDayMillis(int year, int month, int day);

/// Notification titles: no personal or clinical content (they may reach e-mail).
inline constexpr const char* kTitleNewPost = "新しい投稿があります";
inline constexpr const char* kTitleMention = "あなた宛ての投稿があります";
inline constexpr const char* kTitleReply = "返信があります";
inline constexpr const char* kTitleAckRequest = "確認依頼があります";
inline constexpr const char* kTitleAckReminder = "確認依頼が未確認です";

/// The app link of a post's thread.
std::string TimelineLink(const std::string& person_id, const std::string& post_id);

class TimelineService {
 public:
  static constexpr size_t kMaxBodyChars = 10000;
  static constexpr size_t kMaxAttachments = 10;
  static constexpr size_t kMaxMentions = 50;
  static constexpr size_t kMaxMarkRead = 200;

  TimelineService(db::Database& db, const core::Clock& clock, audit::AuditSink& audit,
                  notify::Notifier& notifier, PersonAccessChecker& access)
      : db_(db), clock_(clock), audit_(audit), notifier_(notifier), access_(access) {}

  /// One page of top-level posts, newest first, as its JSON body (docs/care-api.md): read in
  /// one snapshot with a fixed number of statements, or, for the first page without filters,
  /// from the page cache when `checked` (the access facts the request's gate loaded) shows
  /// that nothing changed since it was cached. Audited as timeline.list with the filters
  /// (never the search text).
  Result<std::string> List(const std::string& person_id, const TimelineFilter& filter,
                           const auth::Caller& caller, const PersonAccess* checked = nullptr);
  /// The post with its replies oldest first; 404 when it is not a post of the person.
  Result<TimelinePost> Get(const std::string& person_id, const std::string& post_id,
                           const auth::Caller& caller);
  Result<TimelinePost> Create(const std::string& person_id, NewPost post,
                              const auth::Caller& caller);
  /// A reply under a top-level, not deleted post of the same person.
  Result<TimelinePost> Reply(const std::string& person_id, const std::string& parent_id,
                             NewPost reply, const auth::Caller& caller);
  /// The author's edit; 409 (field base_version) when someone saved in between.
  Result<TimelinePost> Edit(const std::string& person_id, const std::string& post_id, PostEdit edit,
                            const auth::Caller& caller);
  /// Soft delete by the author or a team manager, with a reason (1–500 characters).
  Result<TimelinePost> Delete(const std::string& person_id, const std::string& post_id,
                              const std::string& reason, const auth::Caller& caller);
  /// Edit history newest first; of a deleted post only for its author and team managers.
  Result<std::vector<PostVersion>> Versions(const std::string& person_id,
                                            const std::string& post_id, const auth::Caller& caller);
  /// Marks posts read by the caller; returns how many of them are posts of the person.
  Result<int64_t> MarkRead(const std::string& person_id, const std::vector<std::string>& post_ids,
                           const auth::Caller& caller);
  /// Who read the post; who has not only for its author.
  Result<PostReads> Reads(const std::string& person_id, const std::string& post_id,
                          const auth::Caller& caller);
  /// The caller (an active member, not the author) acknowledges a post that requests it.
  Result<ReceiptSummary> Acknowledge(const std::string& person_id, const std::string& post_id,
                                     const auth::Caller& caller);

 private:
  struct Written;  // what a write transaction hands to the notifications after commit
  Result<TimelinePost> Write(const std::string& person_id, std::optional<std::string> parent_id,
                             NewPost post, const auth::Caller& caller);
  /// The post as the caller sees it now (own snapshot), without replies.
  Result<TimelinePost> Load(const std::string& person_id, const std::string& post_id,
                            const std::string& viewer_id);
  void Denied(const auth::Caller& caller, const PersonAccess& access, std::string action,
              const std::string& post_id);
  void AuditList(const auth::Caller& caller, const PersonAccess& access,
                 const TimelineFilter& filter, size_t items);

  db::Database& db_;
  const core::Clock& clock_;
  audit::AuditSink& audit_;
  notify::Notifier& notifier_;
  PersonAccessChecker& access_;
  TimelinePageCache page_cache_;
};

}  // namespace care
