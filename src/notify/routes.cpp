#include "notify/routes.h"

#include <boost/json.hpp>
#include <charconv>

#include "auth/principal.h"
#include "http/json_body.h"
#include "notify/hub.h"

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

}  // namespace

void RegisterRoutes(http::Router& router, Hub& hub) {
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
       [&hub](Request& req) -> Result<Response> {
         std::string cursor = req.Query("cursor").value_or("");
         int64_t before = ParseInt(cursor);
         if (!cursor.empty() && before == 0) {
           return core::Error::Invalid("cursor", "カーソルが正しくありません (invalid cursor)");
         }
         bool unread = req.Query("unread").value_or("") == "1";
         int limit = static_cast<int>(ParseInt(req.Query("limit").value_or("30")));
         ASSIGN_OR_RETURN(
             auto feed, hub.List(req.principal->user_id, unread, before, limit == 0 ? 30 : limit));
         json::array items;
         for (const auto& n : feed.items) {
           json::object o = json::parse(ToEvent(n).data).as_object();
           o["read"] = n.read_at.has_value();
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
