// The timeline's SQL: posts, replies, versions, mentions, reads, acknowledgements, the claim of
// uploaded attachments and the reminder bookkeeping. Methods take the connection so that the
// service can combine several of them in one transaction or one read snapshot.
//
// Lookups for a page of posts are batched: each statement takes the page's ids in a fixed list
// of placeholders (10, 50 or kIdSlots; unused ones NULL), so a page costs the same few
// statements whatever its size, each with a fixed text and prepared plan (timeline_store.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "care/timeline_model.h"
#include "core/result.h"
#include "db/database.h"

namespace care {

using core::Result;

class TimelineStore {
 public:
  /// Ids per batched statement; also the largest page.
  static constexpr int kIdSlots = 100;

  // Reading.
  /// Top-level posts of the person newest first, after the filter's keyset position, at most
  /// `filter.limit` + 1 rows (the extra row tells that there is a next page). `viewer_id` is
  /// used by the unread filter. Only the posts' own columns: names, attachments, vitals,
  /// mentions and receipts come from Decorate.
  static Result<std::vector<TimelinePost>> Page(db::Connection& c, const std::string& person_id,
                                                const std::string& viewer_id,
                                                const TimelineFilter& filter);
  /// The post (which must belong to the person) followed by its replies oldest first; empty
  /// when there is no such post.
  static Result<std::vector<TimelinePost>> PostWithReplies(db::Connection& c,
                                                           const std::string& person_id,
                                                           const std::string& post_id);
  /// Fills the names (author, organization, deleter), attachments, vitals, mentions, read and
  /// ack summaries of `posts` and their replies, and returns the number of active team
  /// members. Batched: one statement for attachments and one for vitals (each only when a post
  /// has some) and one for everything else, per kIdSlots posts. Deleted posts get no
  /// attachments, vitals or mentions (their content is withdrawn).
  static Result<int64_t> Decorate(db::Connection& c, const std::string& person_id,
                                  const std::string& viewer_id, std::vector<TimelinePost>& posts);
  static Result<std::optional<PostHead>> Head(db::Connection& c, const std::string& post_id);
  /// Edit history newest first.
  static Result<std::vector<PostVersion>> Versions(db::Connection& c, const std::string& post_id);
  /// Reads of the post by current active members other than the author, oldest first; and
  /// those members who have not read it.
  static Result<PostReads> Reads(db::Connection& c, const std::string& person_id,
                                 const PostHead& post);
  /// Active members (other than `author_id`) who have not acknowledged the post.
  static Result<std::vector<std::string>> UnackedMembers(db::Connection& c,
                                                         const std::string& person_id,
                                                         const std::string& post_id,
                                                         const std::string& author_id);
  /// The organization a member joined the person's team for; "" when none is recorded.
  static Result<std::string> TeamOrganization(db::Connection& c, const std::string& person_id,
                                              const std::string& user_id);
  /// Distinct authors of the post and its replies.
  static Result<std::vector<std::string>> ThreadAuthors(db::Connection& c,
                                                        const std::string& post_id);

  // Writing (run inside a transaction). Each change to what a page shows increments the
  // person's timeline_version (the page cache's validity); InsertMention and BumpReplyCount
  // are only called in the transaction of InsertPost, which does it.
  static Result<void> BumpVersion(db::Connection& c, std::string_view person_id);
  /// Inserts the post and its version 1. `post.version` must be 1.
  static Result<void> InsertPost(db::Connection& c, const TimelinePost& post,
                                 const std::string& author_org_id, const std::string& search_text);
  static Result<void> InsertMention(db::Connection& c, const std::string& post_id,
                                    const std::string& user_id);
  static Result<void> BumpReplyCount(db::Connection& c, const std::string& parent_id);
  /// Claims an unclaimed attachment of the person uploaded by `uploader` for the post. False
  /// when there is no such attachment (unknown, someone else's, already used or deleted).
  static Result<bool> ClaimAttachment(db::Connection& c, const std::string& attachment_id,
                                      const std::string& person_id, const std::string& uploader,
                                      const std::string& post_id);
  /// Applies an edit when the post is still at `base_version` and not deleted, and records the
  /// new version. False when the version moved on (or the post was deleted meanwhile).
  static Result<bool> UpdateContent(db::Connection& c, const std::string& post_id,
                                    int64_t base_version, const std::string& category,
                                    const std::string& body, const std::string& search_text,
                                    bool important, const std::string& editor_id, int64_t now);
  /// Soft delete; false when already deleted. Clears the search text so the words no longer
  /// match; the body and the versions stay.
  static Result<bool> SoftDelete(db::Connection& c, const std::string& post_id,
                                 const std::string& by, const std::string& reason, int64_t now);
  /// Marks the posts of the person among `post_ids` (at most kIdSlots) read by `user_id`,
  /// except the user's own posts; idempotent. Returns how many of the ids are posts of the
  /// person (all of which now count as read by the user).
  static Result<int64_t> MarkRead(db::Connection& c, const std::string& person_id,
                                  const std::string& user_id,
                                  const std::vector<std::string>& post_ids, int64_t now);
  /// Records the acknowledgement (and the read it implies); idempotent.
  static Result<void> Acknowledge(db::Connection& c, const std::string& post_id,
                                  const std::string& user_id, int64_t now);

  // Acknowledgement reminders.
  struct DueReminder {
    std::string post_id;
    std::string person_id;
    std::string author_id;
    int64_t last_reminded_at = 0;  // or created_at when never reminded
  };
  /// Posts requesting acknowledgement, not deleted, created at or after `created_since`, whose
  /// last reminder (or creation) is at or before `due_at`, of persons whose team consent is in
  /// force. At most `limit`, oldest first.
  static Result<std::vector<DueReminder>> DueReminders(db::Connection& c, int64_t created_since,
                                                       int64_t due_at, int limit);
  /// Sets last_reminded_at when it is still `expected` (so that of several servers only one
  /// sends the reminder); false when someone else got there first.
  static Result<bool> ClaimReminder(db::Connection& c, const std::string& post_id, int64_t expected,
                                    int64_t now);
};

/// Escapes LIKE wildcards (% _ \) so a search term matches literally (used with ESCAPE '\').
std::string EscapeTimelineLike(std::string_view term);

}  // namespace care
