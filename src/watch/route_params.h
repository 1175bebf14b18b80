// A path parameter as a string, for the watch route tables.
#pragma once

#include <string>

#include "http/message.h"

namespace watch {

inline std::string Param(const http::Request& r, const char* name) {
  return std::string(r.PathParam(name));
}

}  // namespace watch
