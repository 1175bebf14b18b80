// The first page of a person's timeline, kept in memory as JSON pieces so that the most
// frequent request (open the person, live refresh after a notification) costs the access check,
// one map lookup and a string copy instead of a dozen index lookups and a JSON tree.
//
// A page is valid for exactly one (persons.timeline_version, cache_generations 'directory') pair:
// every write that changes what a page shows increments the version in its own transaction, and
// the access check that runs before every request reads both numbers. So a page is never served
// after a change has committed, on one server or several sharing the database. The only part
// that differs between viewers (whether the viewer has read / acknowledged a post) is filled in
// at render time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "care/timeline_model.h"

namespace care {

struct CachedPost {
  std::string head;  // the post's JSON object up to its "read" member, without the closing '}'
  std::string author_id;
  ReceiptSummary read;  // by_me is per viewer
  std::optional<ReceiptSummary> ack;
  std::vector<std::string> reader_ids, acker_ids;  // sorted
};

struct CachedPage {
  int64_t timeline_version = 0;
  int64_t names_generation = 0;
  std::vector<CachedPost> posts;
  std::string tail;  // after the items array: next_cursor and team_size, closing '}'
  size_t bytes = 0;  // approximate memory held
};

/// Splits a decorated page into its cached form (the page was read in one snapshot together
/// with `timeline_version` and `names_generation`).
std::shared_ptr<const CachedPage> MakeCachedPage(const TimelinePage& page, int64_t timeline_version,
                                                 int64_t names_generation);

/// The page body as `viewer_id` sees it; the same bytes as TimelinePageBody of the page
/// decorated for that viewer.
std::string RenderCachedPage(const CachedPage& page, const std::string& viewer_id);

/// Pages by (person, limit), least recently used dropped beyond a memory budget.
class TimelinePageCache {
 public:
  static constexpr size_t kDefaultBudgetBytes = 64 * 1024 * 1024;

  explicit TimelinePageCache(size_t budget_bytes = kDefaultBudgetBytes) : budget_(budget_bytes) {}

  /// The page when one for exactly these versions is held.
  std::shared_ptr<const CachedPage> Find(const std::string& person_id, int limit,
                                         int64_t timeline_version, int64_t names_generation);
  /// Keeps `page` unless a page of a newer version is already held.
  void Store(const std::string& person_id, int limit, std::shared_ptr<const CachedPage> page);

  size_t bytes() const;
  size_t size() const;

 private:
  struct Slot {
    std::string key;
    std::shared_ptr<const CachedPage> page;
  };
  static std::string Key(const std::string& person_id, int limit);

  const size_t budget_;
  mutable std::mutex mu_;
  std::list<Slot> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Slot>::iterator> index_;
  size_t bytes_ = 0;
};

}  // namespace care
