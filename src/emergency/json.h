// The emergency API's JSON shapes (docs/emergency-api.md).
#pragma once

#include <boost/json/object.hpp>

#include "core/wareki.h"
#include "emergency/ems_side.h"
#include "emergency/team_side.h"

namespace emergency {

boost::json::object ToJson(const EmsAccess& a);
boost::json::object ToJson(const CardView& v);
boost::json::object ToJson(const Candidate& c, const core::Date& today);
/// The access with its summary (and, once media exist, their list).
boost::json::object ToJson(const OpenedAccess& o);

}  // namespace emergency
