// The emergency summary (救急情報, spec 08): one person's record as a crew or a hospital needs
// it, ACP first. Built from the care module's record; directory references in `providers` are
// resolved to names here, so a phone at the scene needs no second request.
#pragma once

#include <boost/json/object.hpp>

#include "care/emergency_record.h"
#include "core/result.h"
#include "core/wareki.h"
#include "db/database.h"

namespace emergency {

/// The Summary of docs/emergency-api.md for `record`, ages counted on `today` (JST).
core::Result<boost::json::object> BuildSummary(db::Connection& c,
                                               const care::EmergencyRecord& record,
                                               const core::Date& today, int64_t now);

}  // namespace emergency
