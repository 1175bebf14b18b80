// The vitals table's SQL. Taken by connection so that vitals recorded with a post are written
// in the post's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "care/vitals_model.h"
#include "core/result.h"
#include "db/database.h"

namespace care {

class VitalsStore {
 public:
  /// The most measurements one list returns.
  static constexpr int kMaxList = 2000;

  /// Inserts `v` (id, person, optional post, values, recorder, created_at).
  static core::Result<void> Insert(db::Connection& c, const Vitals& v);
  static core::Result<std::optional<Vitals>> Get(db::Connection& c, const std::string& id);
  /// The person's measurements with from_ms <= measured_at < to_ms, oldest first; when there
  /// are more than `limit`, the newest `limit` of them. Vitals of deleted posts are left out.
  static core::Result<std::vector<Vitals>> List(db::Connection& c, const std::string& person_id,
                                                int64_t from_ms, int64_t to_ms, int limit);
};

}  // namespace care
