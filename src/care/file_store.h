// Attachment bytes on disk. Files get random names (128 bits from libsodium, as 32 hex digits)
// in two levels of fan-out directories (ab/cd/abcd…), so no path is ever built from user input
// and a directory never holds more than a few thousand entries. Writes go to a temporary file,
// are fsync'ed and renamed into place, so a crash never leaves a half-written attachment under
// its final name.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace care {

using core::Result;

class FileStore {
 public:
  /// `root` is created (mode 0700, parents too) on first use; an existing root is tightened to
  /// 0700. No I/O happens here, so construction cannot fail.
  explicit FileStore(std::string root) : root_(std::move(root)) {}

  /// Stores `bytes` durably under a new random key and returns the key.
  Result<std::string> Put(std::string_view bytes);

  /// The bytes stored under `key`. kNotFound when the key is malformed or nothing is stored.
  Result<std::string> Get(std::string_view key) const;

  /// Removes the file under `key`; ok when it was already gone. kInvalid for a malformed key.
  Result<void> Remove(std::string_view key);

  /// True for keys this store hands out: exactly 32 lower-case hex digits. Every path is built
  /// from a key that passed this check, which is what makes traversal impossible.
  static bool IsValidKey(std::string_view key);

  const std::string& root() const { return root_; }
  /// Where `key` lives (for tests and operations); `key` must be valid.
  std::string PathOf(std::string_view key) const;

 private:
  Result<void> EnsureRoot();

  std::string root_;
};

}  // namespace care
