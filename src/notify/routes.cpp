#include "notify/routes.h"

#include <boost/json.hpp>
#include <charconv>

#include "auth/principal.h"
#include "auth/request_caller.h"
#include "http/json_body.h"
#include "notify/hub.h"
#include "notify/settings.h"

namespace notify {
namespace {
namespace json = boost::json;
using core::Result;
using http::Request;
using http::Response;

int64_t ParseInt(std::string_view s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() && v > 0 ? v : 0;
}

json::object SettingsJson(const Settings& s) {
  json::array kinds;
  for (const auto& k : s.kinds) {
    kinds.push_back(json::object{{"kind", k.kind}, {"mode", ModeName(k.mode)}});
  }
  json::object email{{"enabled", s.email_enabled}};
  email["address"] = s.email_address ? json::value(*s.email_address) : json::value(nullptr);
  json::object o{{"kinds", std::move(kinds)},
                 {"email", std::move(email)},
                 {"digest_time", FormatHhMm(s.digest_minute)}};
  if (s.quiet_hours) {
    o["quiet_hours"] = json::object{{"start", FormatHhMm(s.quiet_hours->start_minute)},
                                    {"end", FormatHhMm(s.quiet_hours->end_minute)}};
  } else {
    o["quiet_hours"] = nullptr;
  }
  return o;
}

/// The JSON shape of a settings PUT into SettingsInput: wrong types and unknown members are
/// reported with their path; what the values mean is checked by ValidateSettings (which only
/// runs once the shape is right).
class SettingsReader {
 public:
  explicit SettingsReader(http::JsonBody& in) : in_(in) {}

  SettingsInput Read() {
    SettingsInput out;
    if (const auto* v = in_.Raw("kinds")) out.kinds = Kinds(*v);
    if (in_.Has("quiet_hours")) {
      const auto* v = in_.Raw("quiet_hours");
      if (!v) {
        out.quiet_hours = std::optional<SettingsInput::Quiet>();
      } else if (const auto* o = Object(*v, "quiet_hours")) {
        SettingsInput::Quiet q;
        q.start = Text(*o, "quiet_hours", "start");
        q.end = Text(*o, "quiet_hours", "end");
        Unknown(*o, "quiet_hours", {"start", "end"});
        out.quiet_hours = q;
      }
    }
    if (const auto* v = in_.Raw("email")) {
      if (const auto* o = Object(*v, "email")) {
        if (const auto* e = o->if_contains("enabled"); e && !e->is_null()) {
          if (e->is_bool()) {
            out.email_enabled = e->as_bool();
          } else {
            in_.AddError("email.enabled", "type",
                         "true か false で指定してください (must be a boolean)");
          }
        }
        // The address is the profile's and is changed there; a client may send back what it
        // read, so it is accepted and ignored.
        if (const auto* a = o->if_contains("address"); a && !a->is_null() && !a->is_string()) {
          in_.AddError("email.address", "type", "文字列で指定してください (must be a string)");
        }
        Unknown(*o, "email", {"enabled", "address"});
      }
    }
    if (const auto* v = in_.Raw("digest_time")) {
      if (v->is_string()) {
        out.digest_time = std::string(v->as_string());
      } else {
        in_.AddError("digest_time", "type", "HH:MM の文字列で指定してください (HH:MM string)");
      }
    }
    return out;
  }

 private:
  std::vector<SettingsInput::Kind> Kinds(const json::value& v) {
    std::vector<SettingsInput::Kind> out;
    if (!v.is_array() || v.as_array().size() > 100) {
      in_.AddError("kinds", "type", "100件以内の配列で指定してください (array of at most 100)");
      return out;
    }
    const auto& items = v.as_array();
    for (size_t i = 0; i < items.size(); ++i) {
      std::string path = "kinds[" + std::to_string(i) + "]";
      SettingsInput::Kind k;
      if (const auto* o = Object(items[i], path)) {
        k.kind = Text(*o, path, "kind");
        k.mode = Text(*o, path, "mode");
        Unknown(*o, path, {"kind", "mode"});
      }
      out.push_back(std::move(k));
    }
    return out;
  }

  const json::object* Object(const json::value& v, const std::string& path) {
    if (v.is_object()) return &v.as_object();
    in_.AddError(path, "type", "オブジェクトで指定してください (must be an object)");
    return nullptr;
  }

  /// A string member (empty when absent or null); other types are reported.
  std::string Text(const json::object& o, const std::string& path, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) return {};
    if (!v->is_string() || v->as_string().size() > 64) {
      in_.AddError(path + "." + std::string(key), "type",
                   "64文字以内の文字列で指定してください (string of at most 64 characters)");
      return {};
    }
    return std::string(v->as_string());
  }

  void Unknown(const json::object& o, const std::string& path,
               std::initializer_list<std::string_view> known) {
    for (const auto& kv : o) {
      bool ok = false;
      for (auto k : known) ok = ok || kv.key() == k;
      if (!ok) {
        in_.AddError(path + "." + std::string(kv.key()), "unknown_field",
                     "不明な項目です (unknown field)");
      }
    }
  }

  http::JsonBody& in_;
};

}  // namespace

void RegisterSettingsRoutes(http::Router& router, SettingsService& settings) {
  router.Add({http::Method::kGet, "/api/v1/notification-settings", http::Access::kAuthenticated,
              [&settings](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto s, settings.Get(auth::CallerFrom(req)));
                return http::JsonResponse(200, SettingsJson(s));
              }});
  router.Add({http::Method::kPut, "/api/v1/notification-settings", http::Access::kAuthenticated,
              [&settings](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                SettingsInput input = SettingsReader(in).Read();
                RETURN_IF_ERROR(in.Finish());
                ASSIGN_OR_RETURN(auto s, settings.Update(input, auth::CallerFrom(req)));
                return http::JsonResponse(200, SettingsJson(s));
              }});
}

void RegisterRoutes(http::Router& router, Hub& hub, PersonNamer namer) {
  http::Route events{http::Method::kGet, "/api/v1/events", http::Access::kAuthenticated,
                     [&hub](Request& req) -> Result<Response> {
                       int64_t last = ParseInt(req.Header("last-event-id").value_or(""));
                       if (last == 0) last = ParseInt(req.Query("last_event_id").value_or(""));
                       ASSIGN_OR_RETURN(auto stream, hub.Subscribe(req.principal->user_id, last,
                                                                   req.principal->session_id));
                       Response r;
                       r.stream = std::move(stream);
                       return r;
                     }};
  router.Add(std::move(events));
  router.Add(
      {http::Method::kGet, "/api/v1/notifications", http::Access::kAuthenticated,
       [&hub, namer](Request& req) -> Result<Response> {
         std::string cursor = req.Query("cursor").value_or("");
         int64_t before = ParseInt(cursor);
         if (!cursor.empty() && before == 0) {
           return core::Error::Invalid("cursor", "カーソルが正しくありません (invalid cursor)");
         }
         bool unread = req.Query("unread").value_or("") == "1";
         int limit = static_cast<int>(ParseInt(req.Query("limit").value_or("30")));
         ASSIGN_OR_RETURN(
             auto feed, hub.List(req.principal->user_id, unread, before, limit == 0 ? 30 : limit));
         std::map<std::string, std::string> names;
         if (namer) {
           std::vector<std::string> ids;
           for (const auto& n : feed.items) {
             if (n.person_id) ids.push_back(*n.person_id);
           }
           if (!ids.empty()) names = namer(auth::CallerFrom(req), ids);
         }
         json::array items;
         for (const auto& n : feed.items) {
           json::object o = json::parse(ToEvent(n).data).as_object();
           o["read"] = n.read_at.has_value();
           auto name = n.person_id ? names.find(*n.person_id) : names.end();
           if (name != names.end()) o["person_name"] = name->second;
           items.push_back(std::move(o));
         }
         json::object body{{"items", std::move(items)}, {"unread", feed.unread}};
         body["next_cursor"] =
             feed.next_cursor.empty() ? json::value(nullptr) : json::value(feed.next_cursor);
         return http::JsonResponse(200, body);
       }});
  router.Add({http::Method::kPost, "/api/v1/notifications/read", http::Access::kAuthenticated,
              [&hub](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                bool all = in.Bool("all").value_or(false);
                std::vector<int64_t> seqs;
                if (const auto* v = in.Raw("seqs")) {
                  if (!v->is_array() || v->as_array().size() > 500) {
                    in.AddError("seqs", "type", "番号の配列で指定してください (array of numbers)");
                  } else {
                    for (const auto& x : v->as_array()) {
                      if (!x.is_int64() || x.as_int64() <= 0) {
                        in.AddError("seqs", "item", "番号が正しくありません (invalid number)");
                        break;
                      }
                      seqs.push_back(x.as_int64());
                    }
                  }
                }
                RETURN_IF_ERROR(in.Finish());
                ASSIGN_OR_RETURN(int64_t n, hub.MarkRead(req.principal->user_id, seqs, all));
                return http::JsonResponse(200, json::object{{"marked", n}});
              }});
}

}  // namespace notify
