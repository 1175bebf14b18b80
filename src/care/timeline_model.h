// The timeline's data (タイムライン, spec 02): posts and replies with their attachments, vitals,
// mentions, read receipts (既読) and acknowledgements (確認), the edit history, and the
// commands and filters the service takes. Plain structs; the rules live in timeline_service.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "care/vitals_model.h"

namespace care {

/// A user as shown next to a post (API UserRef): id, display name, profession.
struct TimelineUser {
  std::string id;
  std::string name;
  std::string profession_code;  // "" when the user has none (JSON null)
};

/// A file attached to a post (a row of `attachments` claimed by the post).
struct TimelineAttachment {
  std::string id;
  std::string kind;  // image | pdf
  std::string content_type;
  std::string name;  // the original file name
  int64_t size = 0;
  std::optional<int64_t> width;
  std::optional<int64_t> height;
};

/// 既読 or 確認 summary: how many of the other active members did it, out of how many.
struct ReceiptSummary {
  int64_t count = 0;
  int64_t total = 0;
  bool by_me = false;
};

struct TimelinePost {
  std::string id;
  std::string person_id;
  std::optional<std::string> parent_id;  // set for replies
  TimelineUser author;
  std::string author_org_id;             // the organization the author posted for, or ""
  std::string author_organization_name;  // "" when unknown (JSON null)
  std::string category;
  std::string body;  // kept in the row after deletion, but never shown then
  bool important = false;
  bool ack_requested = false;
  bool share_family = false;
  int64_t created_at = 0;
  std::optional<int64_t> edited_at;
  int64_t version = 1;
  std::optional<int64_t> deleted_at;
  TimelineUser deleted_by;
  std::string delete_reason;
  int64_t reply_count = 0;
  int64_t attachment_count = 0;
  bool has_vitals = false;

  // Filled by TimelineStore::Decorate (batched lookups for a whole page).
  std::vector<TimelineAttachment> attachments;
  std::optional<Vitals> vitals;
  std::vector<TimelineUser> mentions;
  ReceiptSummary read;
  std::optional<ReceiptSummary> ack;  // only when ack_requested
  // Everyone who has read / acknowledged it (members or not), for a cached page to tell each
  // viewer's by_me.
  std::vector<std::string> reader_ids, acker_ids;

  std::vector<TimelinePost> replies;  // only for a single post, oldest first

  bool deleted() const { return deleted_at.has_value(); }
  bool is_reply() const { return parent_id.has_value(); }
};

/// The facts about one post that the rules need (who wrote it, where it sits, its state).
struct PostHead {
  std::string id;
  std::string person_id;
  std::optional<std::string> parent_id;
  std::string author_id;
  std::string category;
  bool important = false;
  bool ack_requested = false;
  int64_t version = 1;
  bool deleted = false;
};

/// Filters of GET /persons/{id}/timeline, already parsed and normalised.
struct TimelineFilter {
  std::string category;
  std::string author_id;
  int64_t from_ms = 0;  // inclusive; 0 = open
  int64_t to_ms = 0;    // exclusive; 0 = open
  bool important = false;
  bool unread = false;             // not read by the viewer (the viewer's own posts count as read)
  std::vector<std::string> terms;  // NormalizeForSearch'ed; every one must occur
  // Keyset: posts strictly older than (created_at, id). Empty cursor_id = from the newest.
  int64_t cursor_created_at = 0;
  std::string cursor_id;
  int limit = 50;

  bool HasFilters() const {
    return !category.empty() || !author_id.empty() || from_ms != 0 || to_ms != 0 || important ||
           unread || !terms.empty();
  }
};

struct TimelinePage {
  std::vector<TimelinePost> items;
  std::string next_cursor;  // "" at the end
  int64_t team_size = 0;    // active members of the team
};

/// A new post or reply as the route parsed it.
struct NewPost {
  std::string category;  // ignored for replies (they take the parent's)
  std::string body;
  bool important = false;
  bool ack_requested = false;
  bool share_family = false;
  std::vector<std::string> mentions;
  std::vector<std::string> attachment_ids;
  std::optional<VitalsInput> vitals;
};

struct PostEdit {
  std::string body;
  std::optional<std::string> category;  // absent = unchanged
  std::optional<bool> important;        // absent = unchanged
  int64_t base_version = 0;
};

/// One entry of a post's edit history (version 1 is the text as first posted).
struct PostVersion {
  int64_t version = 0;
  std::string category;
  std::string body;
  bool important = false;
  int64_t edited_at = 0;
  TimelineUser edited_by;
};

struct ReadEntry {
  TimelineUser user;
  int64_t at = 0;
};

/// GET …/reads: who read it; who has not (for the author only).
struct PostReads {
  std::vector<ReadEntry> read;
  std::optional<std::vector<TimelineUser>> unread;
};

}  // namespace care
