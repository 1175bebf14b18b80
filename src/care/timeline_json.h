// JSON shapes of the timeline and vitals in the API (docs/care-api.md). Every response of the
// timeline routes is built here, so that the hot one (a page of posts) can move to a faster
// writer without touching the routes or the service.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "care/timeline_model.h"
#include "care/vitals_model.h"

namespace care {

/// UserRef: {id, name, profession_code}.
boost::json::object TimelineUserJson(const TimelineUser& u);
/// Post, with `replies` only when `with_replies`.
boost::json::object PostJson(const TimelinePost& p, bool with_replies = false);
/// {count, total, by_me}
boost::json::object ReceiptJson(const ReceiptSummary& r);
/// Vitals = VitalsInput + {id, post_id, recorded_by: UserRef, created_at}.
boost::json::object VitalsJson(const Vitals& v);

/// {items: [Post], next_cursor, team_size}, serialised (the benchmarked response).
std::string TimelinePageBody(const TimelinePage& page);
/// A page post's JSON object without its receipts and closing brace (for timeline_cache.h).
std::string PostHeadJson(const TimelinePost& p);
/// What follows a page's items: `],"next_cursor":…,"team_size":…}`.
std::string PageTailJson(const TimelinePage& page);
/// {items: [{version, category, body, important, edited_at, edited_by}]}
std::string VersionsBody(const std::vector<PostVersion>& versions);
/// {read: [{user, at}], unread: [UserRef] | null}
std::string ReadsBody(const PostReads& reads);
/// {items: [Vitals]}
std::string VitalsListBody(const std::vector<Vitals>& items);

}  // namespace care
