// libFuzzer target for the JSON body reader every route uses: any bytes must give either a body
// or a 4xx error naming a field — never a crash, a hang or an exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/json_body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto body = http::JsonBody::ParseText(text);
  if (!body.ok()) {
    if (body.error().field.empty()) __builtin_trap();  // every rejection names what is wrong
    return 0;
  }
  http::JsonBody& in = *body;
  (void)in.String("login_id", 64);
  (void)in.String("note", 2000, true);
  (void)in.Int("count", -1000, 1000);
  (void)in.Number("latitude", 20, 46);
  (void)in.Bool("bearer");
  (void)in.StringArray("tags", 20, 30);
  (void)in.Enum("role", {"member", "org_admin"});
  auto finished = in.Finish();
  if (!finished.ok() && finished.error().details.empty()) __builtin_trap();
  return 0;
}
