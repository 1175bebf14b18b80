// JSON forms of the watch records for the API.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>

#include "watch/model.h"

namespace watch {

boost::json::object ToJson(const Subject& s);
boost::json::object ToJson(const Device& d);
boost::json::object ToJson(const Absence& a);
/// The value, or null when absent.
template <typename T>
boost::json::value Opt(const std::optional<T>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
/// A stored JSON text as an object ({} when it is not one).
boost::json::object ParseStoredObject(const std::string& text);

}  // namespace watch
