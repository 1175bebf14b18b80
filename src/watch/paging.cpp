#include "watch/paging.h"

#include <vector>

#include "care/field_reader.h"
#include "core/cursor.h"
#include "core/id.h"

namespace watch {

core::Result<PageRequest> ReadPage(const std::optional<std::string>& cursor,
                                   const std::optional<std::string>& limit, int default_limit) {
  std::vector<core::FieldError> errors;
  PageRequest out;
  out.limit = default_limit;
  if (limit && !limit->empty()) {
    int n = 0;
    bool digits = limit->size() <= 3 && care::fields::AllDigits(*limit);
    if (digits) n = std::stoi(*limit);
    if (!digits || n < 1 || n > 100) {
      errors.push_back({"limit", "out_of_range", "1〜100で指定してください (1 to 100)"});
    } else {
      out.limit = n;
    }
  }
  if (cursor && !cursor->empty()) {
    auto parts = core::DecodeCursor(*cursor);
    bool ok = parts && !parts->first.empty() && parts->first.size() <= 18 &&
              care::fields::AllDigits(parts->first) && core::IsValidId(parts->second);
    if (ok) {
      out.after = std::make_pair(std::stoll(parts->first), parts->second);
    } else {
      errors.push_back({"cursor", "invalid", "カーソルが正しくありません (invalid cursor)"});
    }
  }
  RETURN_IF_ERROR(care::fields::Done(errors));
  return out;
}

std::string CursorAfter(int64_t at, const std::string& id) {
  return core::EncodeCursor(std::to_string(at), id);
}

}  // namespace watch
