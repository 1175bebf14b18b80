#include "care/vitals_service.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <limits>
#include <optional>

#include "care/vitals_store.h"
#include "care/vitals_validation.h"
#include "core/id.h"

namespace care {

Result<std::vector<Vitals>> VitalsService::List(const std::string& person_id, int64_t from_ms,
                                                int64_t to_ms, const auth::Caller& caller) {
  if (to_ms == 0) to_ms = std::numeric_limits<int64_t>::max();
  PersonAccess access;
  std::vector<Vitals> items;
  RETURN_IF_ERROR(db_.ReadSnapshot([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(access, access_.Require(c, person_id, caller, Need::kRead, "vitals.list"));
    ASSIGN_OR_RETURN(items, VitalsStore::List(c, person_id, from_ms, to_ms, VitalsStore::kMaxList));
    return core::Ok();
  }));
  audit::Entry e = PersonAudit(caller, access, "vitals.list", "vitals", person_id);
  e.details = boost::json::serialize(boost::json::object{{"items", items.size()}});
  audit_.Record(std::move(e));
  return items;
}

Result<Vitals> VitalsService::Record(const std::string& person_id, const VitalsInput& input,
                                     const auth::Caller& caller) {
  const int64_t now = clock_.NowMillis();
  auto errors = ValidateVitals(input, now);
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  Vitals v;
  v.id = core::NewId(now);
  v.person_id = person_id;
  v.values = input;
  v.recorded_by = caller.principal ? caller.principal->user_id : std::string();
  v.created_at = now;
  PersonAccess access;
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(access, access_.Require(c, person_id, caller, Need::kWrite, "vitals.create"));
    return VitalsStore::Insert(c, v);
  }));
  audit_.Record(PersonAudit(caller, access, "vitals.create", "vitals", v.id));
  // Read back for the recorder's name and profession as every other list shows them.
  ASSIGN_OR_RETURN(auto stored, db_.Get<std::optional<Vitals>>(
                                    [&](db::Connection& c) { return VitalsStore::Get(c, v.id); }));
  if (stored) return std::move(*stored);
  return v;
}

}  // namespace care
