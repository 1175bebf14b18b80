// Loading the front end into memory and answering GET/HEAD for it. Plain C++ and zlib.
#include "http/static_files.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <limits>

namespace http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
// Below this, gzip's header and checksum outweigh what it saves.
constexpr size_t kMinCompressSize = 256;

struct TypeInfo {
  std::string_view extension;
  std::string_view content_type;
  bool compressible;
};

constexpr TypeInfo kTypes[] = {
    {"html", "text/html; charset=utf-8", true},
    {"htm", "text/html; charset=utf-8", true},
    {"js", "text/javascript; charset=utf-8", true},
    {"mjs", "text/javascript; charset=utf-8", true},
    {"css", "text/css; charset=utf-8", true},
    {"json", "application/json", true},
    {"map", "application/json", true},
    {"webmanifest", "application/manifest+json", true},
    {"txt", "text/plain; charset=utf-8", true},
    {"csv", "text/csv; charset=utf-8", true},
    {"xml", "application/xml", true},
    {"svg", "image/svg+xml", true},
    {"ico", "image/x-icon", true},
    {"wasm", "application/wasm", true},
    {"ttf", "font/ttf", true},
    {"otf", "font/otf", true},
    {"woff", "font/woff", false},
    {"woff2", "font/woff2", false},
    {"png", "image/png", false},
    {"jpg", "image/jpeg", false},
    {"jpeg", "image/jpeg", false},
    {"gif", "image/gif", false},
    {"webp", "image/webp", false},
    {"avif", "image/avif", false},
    {"pdf", "application/pdf", false},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

TypeInfo TypeFor(std::string_view url_path) {
  size_t slash = url_path.rfind('/');
  size_t dot = url_path.rfind('.');
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
    std::string extension = Lower(url_path.substr(dot + 1));
    for (const TypeInfo& t : kTypes) {
      if (t.extension == extension) return t;
    }
  }
  return {"", "application/octet-stream", false};
}

// FNV-1a: ETags only need to change when the content does, not to resist forgery.
std::string ETagOf(std::string_view content, std::string_view suffix) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : content) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(hash >> shift) & 15]);
  out.append(suffix);
  out.push_back('"');
  return out;
}

// Empty on failure: the file is then simply served uncompressed.
std::string Gzip(std::string_view in) {
  if (in.size() > std::numeric_limits<uInt>::max()) return {};
  z_stream zs{};
  // windowBits 15 + 16 asks zlib for the gzip wrapper that Content-Encoding: gzip means.
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(in.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls fn(token, parameters) for each comma-separated element of a header value.
template <typename Fn>
void ForEachElement(std::string_view value, Fn&& fn) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view element = Trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    size_t semi = element.find(';');
    std::string_view params = semi == std::string_view::npos ? "" : element.substr(semi + 1);
    fn(Trim(element.substr(0, semi)), params);
  }
}

double QualityOf(std::string_view params) {
  double q = 1.0;
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view p = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() > 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      // from_chars, unlike strtod, ignores the locale's decimal separator.
      std::string_view number = p.substr(2);
      if (std::from_chars(number.data(), number.data() + number.size(), q).ec != std::errc()) {
        q = 0;
      }
    }
  }
  return q;
}

bool AcceptsGzip(std::optional<std::string_view> accept_encoding) {
  if (!accept_encoding) return false;
  double gzip_q = -1, any_q = -1;
  ForEachElement(*accept_encoding, [&](std::string_view coding, std::string_view params) {
    std::string name = Lower(coding);
    if (name == "gzip" || name == "x-gzip") gzip_q = QualityOf(params);
    if (name == "*") any_q = QualityOf(params);
  });
  return gzip_q >= 0 ? gzip_q > 0 : any_q > 0;
}

bool MatchesETag(std::optional<std::string_view> if_none_match, std::string_view etag,
                 std::string_view other_etag) {
  if (!if_none_match) return false;
  bool match = false;
  ForEachElement(*if_none_match, [&](std::string_view tag, std::string_view) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);  // If-None-Match compares weakly
    match |= tag == "*" || tag == etag || (!other_etag.empty() && tag == other_etag);
  });
  return match;
}

// Dot segments, hidden names and backslashes never name a loaded file; refusing them outright
// keeps them from reaching the SPA fallback too.
bool IsSuspicious(std::string_view path) {
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) {
    return true;
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    std::string_view segment = path.substr(start, end - start);
    if (segment.starts_with('.')) return true;  // ".", "..", ".env", ".git"
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return false;
}

bool IsSpaRoute(std::string_view path) {
  if (path.starts_with("/assets/")) return false;  // a missing asset is a 404, not the app
  std::string_view last = path.substr(path.rfind('/') + 1);
  return last.find('.') == std::string_view::npos;
}

bool ReadFile(const fs::path& path, std::string* content) {
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  if (ec) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  content->resize(static_cast<size_t>(size));
  in.read(content->data(), static_cast<std::streamsize>(size));
  return static_cast<uintmax_t>(in.gcount()) == size;
}

bool IsHidden(const fs::path& name) {
  std::string s = name.filename().string();
  return !s.empty() && s.front() == '.';
}

}  // namespace

core::Result<std::unique_ptr<StaticFiles>> StaticFiles::Load(const std::string& directory) {
  std::unique_ptr<StaticFiles> set(new StaticFiles());
  std::error_code ec;
  const fs::path root(directory);
  if (!fs::exists(root, ec)) return set;
  if (!fs::is_directory(root, ec)) {
    return core::Error::Invalid("static_dir", directory + " is not a directory");
  }
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  if (ec) return core::Error::Internal("cannot list " + directory + ": " + ec.message());
  for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) return core::Error::Internal("cannot list " + directory + ": " + ec.message());
    const fs::directory_entry& entry = *it;
    // Links could point outside the directory; a built front end has none.
    if (entry.is_symlink(ec)) continue;
    if (IsHidden(entry.path())) {
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!entry.is_regular_file(ec)) continue;

    std::string content;
    if (!ReadFile(entry.path(), &content)) {
      return core::Error::Internal("cannot read " + entry.path().string());
    }
    std::string url = "/" + entry.path().lexically_relative(root).generic_string();
    TypeInfo type = TypeFor(url);
    File file;
    file.content_type = std::string(type.content_type);
    file.immutable = url.starts_with("/assets/");
    file.etag = ETagOf(content, "");
    if (type.compressible && content.size() >= kMinCompressSize) {
      std::string gz = Gzip(content);
      if (!gz.empty() && gz.size() < content.size()) {
        file.gzip = std::move(gz);
        file.gzip_etag = ETagOf(content, "-gz");  // a distinct representation, a distinct tag
      }
    }
    file.content = std::move(content);
    set->files_.emplace(std::move(url), std::move(file));
  }
  return set;
}

std::optional<Response> StaticFiles::Serve(const Request& request) const {
  if (request.method != Method::kGet && request.method != Method::kHead) return std::nullopt;
  std::string_view path = request.path;
  if (path == "/api" || path.starts_with("/api/") || IsSuspicious(path)) return std::nullopt;
  if (path == "/") path = "/index.html";
  auto it = files_.find(path);
  if (it == files_.end() && IsSpaRoute(path)) it = files_.find(std::string_view("/index.html"));
  if (it == files_.end()) return std::nullopt;
  return Answer(it->second, request);
}

Response StaticFiles::Answer(const File& file, const Request& request) const {
  const bool gzip = !file.gzip.empty() && AcceptsGzip(request.Header("accept-encoding"));
  Response response;
  response.headers.Add("Cache-Control", std::string(file.immutable ? kImmutable : "no-cache"));
  response.headers.Add("ETag", gzip ? file.gzip_etag : file.etag);
  // Caches must keep the gzip and identity variants apart.
  if (!file.gzip.empty()) response.headers.Add("Vary", "Accept-Encoding");
  if (MatchesETag(request.Header("if-none-match"), file.etag, file.gzip_etag)) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.headers.Add("Content-Type", file.content_type);
  if (gzip) response.headers.Add("Content-Encoding", "gzip");
  // HEAD keeps the body too: the transport sends only its length.
  response.body = gzip ? file.gzip : file.content;
  return response;
}

}  // namespace http
