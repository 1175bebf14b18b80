// Builds the service-level Caller from an HTTP request (for routes.cpp files only).
#pragma once

#include "auth/caller.h"
#include "http/message.h"

namespace auth {

inline Caller CallerFrom(const http::Request& r) {
  return Caller{r.principal.get(), r.remote_address, std::string(r.UserAgent()), r.request_id};
}

}  // namespace auth
