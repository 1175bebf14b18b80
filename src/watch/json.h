// JSON forms of the watch records for the API.
#pragma once

#include <boost/json/object.hpp>

#include "watch/model.h"

namespace watch {

boost::json::object ToJson(const Subject& s);
boost::json::object ToJson(const Device& d);
boost::json::object ToJson(const Absence& a);
/// A stored JSON text as an object ({} when it is not one).
boost::json::object ParseStoredObject(const std::string& text);

}  // namespace watch
