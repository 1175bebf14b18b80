// JSON shapes of the directory's records in the API.
#pragma once

#include <boost/json/object.hpp>

#include "directory/model.h"

namespace directory {

boost::json::object ToJson(const Municipality& m);
boost::json::object ToJson(const Organization& o);
/// A user as other professionals see them (no status details beyond active/suspended).
boost::json::object ToJson(const User& u);
boost::json::object ToJson(const Membership& m);
boost::json::object ToJson(const UserWithMemberships& u);
boost::json::object ToJson(const CodeEntry& c);

}  // namespace directory
