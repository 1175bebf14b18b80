#include "care/timeline_routes.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <limits>

#include "auth/request_caller.h"
#include "care/codes.h"
#include "care/timeline_json.h"
#include "care/timeline_service.h"
#include "care/vitals_service.h"
#include "care/vitals_validation.h"
#include "core/id.h"
#include "core/wareki.h"
#include "http/json_body.h"

namespace care {
namespace {

namespace json = boost::json;
using core::Result;
using http::Access;
using http::Method;
using http::Request;
using http::Response;

// Posts may carry up to 10,000 characters, which JSON escaping can make six bytes each.
constexpr size_t kPostBodyLimit = 128 * 1024;
constexpr const char* kBase = "/api/v1/persons/{person_id}";

std::string Q(const Request& r, const char* name) { return r.Query(name).value_or(""); }
std::string PersonId(const Request& r) { return std::string(r.PathParam("person_id")); }
std::string PostId(const Request& r) { return std::string(r.PathParam("post_id")); }

const std::vector<std::string>& PostCategoryList() {
  static const std::vector<std::string> list(PostCategories().begin(), PostCategories().end());
  return list;
}

/// An array of ids in `field`: errors name the array, or the item as field[i].
std::vector<std::string> IdArray(http::JsonBody& in, const std::string& field, size_t max_items) {
  std::vector<std::string> out;
  const json::value* v = in.Raw(field);
  if (!v) return out;
  if (!v->is_array()) {
    in.AddError(field, "type", "配列で指定してください (must be an array)");
    return out;
  }
  const auto& a = v->as_array();
  if (a.size() > max_items) {
    in.AddError(
        field, "too_many",
        std::to_string(max_items) + "件までです (at most " + std::to_string(max_items) + ")");
    return out;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    std::string item = field + "[" + std::to_string(i) + "]";
    if (!a[i].is_string() || !core::IsValidId(a[i].as_string())) {
      in.AddError(item, "invalid", "IDが正しくありません (invalid id)");
      continue;
    }
    out.emplace_back(a[i].as_string());
  }
  return out;
}

/// A post or reply body. Replies have no category, flags or vitals (unknown fields there).
NewPost ReadNewPost(http::JsonBody& in, bool reply) {
  NewPost p;
  if (!reply) {
    p.category = in.Enum("category", PostCategoryList()).value_or("");
    if (p.category.empty() && !in.Has("category")) {
      in.AddError("category", "required", "入力してください (required)");
    }
  }
  p.body = in.RequiredString("body", TimelineService::kMaxBodyChars, /*multiline=*/true);
  if (!reply) {
    p.important = in.Bool("important").value_or(false);
    p.ack_requested = in.Bool("ack_requested").value_or(false);
    p.share_family = in.Bool("share_family").value_or(false);
  }
  p.mentions = IdArray(in, "mentions", TimelineService::kMaxMentions);
  p.attachment_ids = IdArray(in, "attachment_ids", TimelineService::kMaxAttachments);
  if (!reply) {
    if (const json::value* raw = in.Raw("vitals")) {
      auto vitals = ParseVitals(*raw, "vitals.");
      if (vitals.ok()) {
        p.vitals = *vitals;
      } else {
        for (const auto& d : vitals.error().details) in.AddError(d.field, d.code, d.message);
      }
    }
  }
  return p;
}

/// A day bound of a query: YYYY-MM-DD (JST; `end` gives the next day's start, so the day is
/// included) or epoch milliseconds (`end` inclusive too). 0 when absent.
Result<int64_t> DayBound(const Request& r, const char* field, bool end) {
  std::string s = Q(r, field);
  if (s.empty()) return int64_t{0};
  if (auto d = core::ParseIsoDate(s)) {
    int64_t start = StartOfJstDayMillis(d->year, d->month, d->day);
    return end ? start + 24LL * 60 * 60 * 1000 : start;
  }
  if (s.size() <= 15 && s.find_first_not_of("0123456789") == std::string::npos) {
    int64_t ms = std::stoll(s);
    return end ? ms + 1 : ms;
  }
  return core::Error::Invalid(field, "日付は YYYY-MM-DD で指定してください (date as YYYY-MM-DD)");
}

Response JsonText(int status, std::string body) { return Response::Json(status, std::move(body)); }

}  // namespace

void RegisterTimelineRoutes(http::Router& router, TimelineService& timeline,
                            VitalsService& vitals) {
  const std::string base = kBase;

  router.Add(
      {Method::kGet, base + "/timeline", Access::kCareTeam, [&](Request& req) -> Result<Response> {
         TimelineQueryText q{Q(req, "category"), Q(req, "author"),    Q(req, "from"),
                             Q(req, "to"),       Q(req, "important"), Q(req, "unread"),
                             Q(req, "q"),        Q(req, "cursor"),    Q(req, "limit")};
         ASSIGN_OR_RETURN(auto filter, ParseTimelineQuery(q));
         // The route's gate checked read access and left the facts it loaded.
         auto checked = std::static_pointer_cast<const PersonAccess>(req.gate_facts);
         ASSIGN_OR_RETURN(
             auto body, timeline.List(PersonId(req), filter, auth::CallerFrom(req), checked.get()));
         return JsonText(200, std::move(body));
       }});

  router.Add({Method::kPost, base + "/timeline", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                NewPost post = ReadNewPost(in, /*reply=*/false);
                RETURN_IF_ERROR(in.Finish());
                ASSIGN_OR_RETURN(auto created, timeline.Create(PersonId(req), std::move(post),
                                                               auth::CallerFrom(req)));
                return http::JsonResponse(201, PostJson(created));
              },
              kPostBodyLimit});

  router.Add({Method::kPost, base + "/timeline/read", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                if (!in.Has("post_ids")) {
                  in.AddError("post_ids", "required", "入力してください (required)");
                }
                auto ids = IdArray(in, "post_ids", TimelineService::kMaxMarkRead);
                RETURN_IF_ERROR(in.Finish());
                ASSIGN_OR_RETURN(int64_t marked,
                                 timeline.MarkRead(PersonId(req), ids, auth::CallerFrom(req)));
                return http::JsonResponse(200, json::object{{"marked", marked}});
              }});

  router.Add({Method::kGet, base + "/timeline/{post_id}", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto post,
                                 timeline.Get(PersonId(req), PostId(req), auth::CallerFrom(req)));
                return http::JsonResponse(200, PostJson(post, /*with_replies=*/true));
              }});

  router.Add({Method::kPut, base + "/timeline/{post_id}", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                PostEdit edit;
                edit.body =
                    in.RequiredString("body", TimelineService::kMaxBodyChars, /*multiline=*/true);
                edit.category = in.Enum("category", PostCategoryList());
                edit.important = in.Bool("important");
                auto base_version = in.Int("base_version", 1, std::numeric_limits<int32_t>::max());
                if (!base_version && !in.Has("base_version")) {
                  in.AddError("base_version", "required", "入力してください (required)");
                }
                edit.base_version = base_version.value_or(0);
                RETURN_IF_ERROR(in.Finish());
                ASSIGN_OR_RETURN(auto post, timeline.Edit(PersonId(req), PostId(req), edit,
                                                          auth::CallerFrom(req)));
                return http::JsonResponse(200, PostJson(post));
              },
              kPostBodyLimit});

  router.Add({Method::kPost, base + "/timeline/{post_id}/replies", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                NewPost reply = ReadNewPost(in, /*reply=*/true);
                RETURN_IF_ERROR(in.Finish());
                ASSIGN_OR_RETURN(auto created,
                                 timeline.Reply(PersonId(req), PostId(req), std::move(reply),
                                                auth::CallerFrom(req)));
                return http::JsonResponse(201, PostJson(created));
              },
              kPostBodyLimit});

  router.Add({Method::kGet, base + "/timeline/{post_id}/versions", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto versions, timeline.Versions(PersonId(req), PostId(req),
                                                                  auth::CallerFrom(req)));
                return JsonText(200, VersionsBody(versions));
              }});

  router.Add({Method::kPost, base + "/timeline/{post_id}/delete", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                std::string reason = in.RequiredString("reason", 500, /*multiline=*/true);
                RETURN_IF_ERROR(in.Finish());
                ASSIGN_OR_RETURN(auto post, timeline.Delete(PersonId(req), PostId(req), reason,
                                                            auth::CallerFrom(req)));
                return http::JsonResponse(200, PostJson(post));
              }});

  router.Add({Method::kGet, base + "/timeline/{post_id}/reads", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto reads,
                                 timeline.Reads(PersonId(req), PostId(req), auth::CallerFrom(req)));
                return JsonText(200, ReadsBody(reads));
              }});

  router.Add({Method::kPost, base + "/timeline/{post_id}/ack", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                // No fields; an empty body or {} are both fine.
                if (!req.body.empty()) {
                  ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                  RETURN_IF_ERROR(in.Finish());
                }
                ASSIGN_OR_RETURN(auto ack, timeline.Acknowledge(PersonId(req), PostId(req),
                                                                auth::CallerFrom(req)));
                return http::JsonResponse(200, json::object{{"ack", ReceiptJson(ack)}});
              }});

  router.Add(
      {Method::kGet, base + "/vitals", Access::kCareTeam, [&](Request& req) -> Result<Response> {
         auto from = DayBound(req, "from", false);
         auto to = DayBound(req, "to", true);
         std::vector<core::FieldError> errors;
         if (!from.ok()) errors.push_back(from.error().details.front());
         if (!to.ok()) errors.push_back(to.error().details.front());
         if (errors.empty() && *from != 0 && *to != 0 && *to <= *from) {
           errors.push_back({"to", "before_from", "終了日が開始日より前です (to is before from)"});
         }
         if (!errors.empty()) return core::Error::Fields(std::move(errors));
         ASSIGN_OR_RETURN(auto items,
                          vitals.List(PersonId(req), *from, *to, auth::CallerFrom(req)));
         return JsonText(200, VitalsListBody(items));
       }});

  router.Add(
      {Method::kPost, base + "/vitals", Access::kCareTeam, [&](Request& req) -> Result<Response> {
         // JsonBody checks the content type and the JSON; ParseVitals reads the fields.
         ASSIGN_OR_RETURN(auto checked, http::JsonBody::Parse(req));
         (void)checked;
         boost::system::error_code ec;
         json::value body = json::parse(req.body, ec);
         if (ec) return core::Error::Invalid("body", "JSONが正しくありません (malformed)");
         ASSIGN_OR_RETURN(auto input, ParseVitals(body, ""));
         ASSIGN_OR_RETURN(auto recorded,
                          vitals.Record(PersonId(req), input, auth::CallerFrom(req)));
         return http::JsonResponse(201, VitalsJson(recorded));
       }});
}

}  // namespace care
