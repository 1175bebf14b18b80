// Keyset paging of the watch lists (alerts, reports): `cursor` names the last item of the previous
// page as (time, id); `limit` is 1..100.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "core/result.h"

namespace watch {

struct PageRequest {
  std::optional<std::pair<int64_t, std::string>> after;  // absent: the first page
  int limit = 0;
};

/// Reads the query parameters; errors name "cursor" or "limit" (400).
core::Result<PageRequest> ReadPage(const std::optional<std::string>& cursor,
                                   const std::optional<std::string>& limit, int default_limit);
/// The cursor that continues after the item at (`at`, `id`).
std::string CursorAfter(int64_t at, const std::string& id);

}  // namespace watch
