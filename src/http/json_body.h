// Reading JSON request bodies field by field, collecting every problem with the name of the
// field, and rejecting unknown fields (so a typo in a client never silently drops data).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace http {

class JsonBody {
 public:
  /// Requires Content-Type application/json (415 otherwise), valid UTF-8 JSON (400 naming
  /// "body") whose top level is an object.
  static core::Result<JsonBody> Parse(const Request& request);
  static core::Result<JsonBody> ParseText(std::string_view text);

  /// Strings are trimmed; an empty string counts as absent. `max_chars` counts code points.
  /// Single-line strings may not contain control characters.
  std::optional<std::string> String(std::string_view field, size_t max_chars,
                                    bool multiline = false);
  std::string RequiredString(std::string_view field, size_t max_chars, bool multiline = false);
  std::optional<int64_t> Int(std::string_view field, int64_t min, int64_t max);
  std::optional<double> Number(std::string_view field, double min, double max);
  std::optional<bool> Bool(std::string_view field);
  std::optional<std::vector<std::string>> StringArray(std::string_view field, size_t max_items,
                                                      size_t max_chars);
  /// A string that must be one of `allowed`.
  std::optional<std::string> Enum(std::string_view field, const std::vector<std::string>& allowed);
  /// The raw value, for nested structures the caller validates itself.
  const boost::json::value* Raw(std::string_view field);
  bool Has(std::string_view field) const { return object_.contains(field); }

  void AddError(std::string field, std::string code, std::string message);
  /// Ok when every field read was valid and no unknown field was sent.
  core::Result<void> Finish();

 private:
  explicit JsonBody(boost::json::object object) : object_(std::move(object)) {}
  const boost::json::value* Take(std::string_view field);

  boost::json::object object_;
  std::set<std::string, std::less<>> seen_;
  std::vector<core::FieldError> errors_;
};

/// Serialises `value` as the body of a JSON response.
Response JsonResponse(int status, const boost::json::value& value);

/// The JSON error body of 01-foundation: {"error":{"code","message","details","request_id"}}.
Response ErrorResponse(const core::Error& error, std::string_view request_id);
int StatusFor(core::ErrorCode code);
std::string_view CodeName(core::ErrorCode code);

}  // namespace http
