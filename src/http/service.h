// What the transport serves: a blocking request handler plus the per-route body limit the
// transport must know before it reads a body.
#pragma once

#include <cstddef>
#include <string_view>

#include "http/message.h"

namespace http {

class Service {
 public:
  virtual ~Service() = default;
  /// Largest body accepted for this method and path (the transport answers 413 above it).
  virtual size_t BodyLimit(Method method, std::string_view path) const = 0;
  /// Handles one request. Blocking (database, Argon2): the transport calls it on a worker thread,
  /// never on an I/O thread. Never throws; always returns a response.
  virtual Response Handle(Request& request) noexcept = 0;
};

}  // namespace http
