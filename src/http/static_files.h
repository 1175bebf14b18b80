// The built front end (web/dist), served from memory: it is small, and holding it makes path
// traversal impossible, since only files found at load time can ever be answered.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/message.h"

namespace http {

/// Serves a built front end from a directory, loaded into memory at start:
/// - files under /assets/ (content-hashed names) get `Cache-Control: public, max-age=31536000,
///   immutable`; index.html and other files get `no-cache` and are revalidated by ETag
///   (If-None-Match → 304);
/// - compressible types are gzip-compressed once at load and sent so when Accept-Encoding allows
///   (with `Vary: Accept-Encoding`);
/// - Content-Type by extension;
/// - SPA fallback: a GET or HEAD for a path whose last segment has no extension, outside /api/
///   and /assets/, answers index.html so that the front end's router can take over.
/// Hidden files (a name starting with '.') and symbolic links are not loaded.
class StaticFiles {
 public:
  /// A missing directory gives an empty set (the API works without a front end), not an error.
  /// A path that is not a directory, or a file that cannot be read, is an error.
  static core::Result<std::unique_ptr<StaticFiles>> Load(const std::string& directory);

  /// The answer for a GET or HEAD, or nullopt when no file matches (the caller answers 404).
  /// Thread-safe: the set never changes after Load.
  std::optional<Response> Serve(const Request& request) const;
  size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string content;
    std::string gzip;  // empty when not compressible or not smaller
    std::string content_type;
    std::string etag;       // quoted, of `content`
    std::string gzip_etag;  // quoted, of the gzip variant
    bool immutable = false;
  };

  StaticFiles() = default;
  Response Answer(const File& file, const Request& request) const;

  std::map<std::string, File, std::less<>> files_;  // by URL path, e.g. "/assets/app-3f2a.js"
};

}  // namespace http
