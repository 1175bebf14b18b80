// Opaque identifiers: UUIDv7 text (time-ordered, so B-tree inserts stay local; random enough
// that URLs cannot be guessed or enumerated).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace core {

/// A new UUIDv7 for the given instant, e.g. "01936c0a-5e0c-7cc1-8f5e-3b1f0c2d9a4b".
std::string NewId(int64_t unix_millis);
/// A new UUIDv7 for now.
std::string NewId();
/// True for the canonical lower-case 36-character form of any UUID version.
bool IsValidId(std::string_view id);

}  // namespace core
