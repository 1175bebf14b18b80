#include "care/attachment_routes.h"

#include "auth/request_caller.h"
#include "care/attachment_service.h"
#include "http/json_body.h"

namespace care {
namespace {

namespace json = boost::json;
using core::Result;
using http::Access;
using http::Method;
using http::Request;
using http::Response;

constexpr const char* kCollection = "/api/v1/persons/{person_id}/attachments";
constexpr const char* kPhoto = "/api/v1/persons/{person_id}/photo";
constexpr const char* kOne = "/api/v1/persons/{person_id}/attachments/{attachment_id}";
constexpr const char* kThumbnail =
    "/api/v1/persons/{person_id}/attachments/{attachment_id}/thumbnail";

}  // namespace

// The bytes of a file with the headers that keep them from being cached, sniffed, run as a page
// or embedded by another site.
http::Response FileResponse(AttachmentContent content) {
  using http::Response;
  Response r;
  r.status = 200;
  r.body = std::move(content.bytes);
  r.headers.Add("Content-Type", content.content_type);
  r.headers.Add("Cache-Control", "private, no-store");
  // RFC 6266 / 8187: the name only ever appears percent-encoded, so it cannot break the header.
  r.headers.Add("Content-Disposition",
                std::string(content.inline_display ? "inline" : "attachment") +
                    "; filename*=UTF-8''" + http::PercentEncode(content.file_name));
  r.headers.Add("X-Content-Type-Options", "nosniff");
  r.headers.Add("Content-Security-Policy", "default-src 'none'; sandbox");
  r.headers.Add("Cross-Origin-Resource-Policy", "same-origin");
  return r;
}

json::object AttachmentJson(const Attachment& a) {
  json::object o;
  o["id"] = a.id;
  o["kind"] = a.kind;
  o["content_type"] = a.content_type;
  o["name"] = a.original_name;
  o["size"] = a.byte_size;
  o["width"] = a.width ? json::value(*a.width) : json::value(nullptr);
  o["height"] = a.height ? json::value(*a.height) : json::value(nullptr);
  return o;
}

void RegisterAttachmentRoutes(http::Router& router, AttachmentService& service) {
  http::Route upload{
      Method::kPost, kCollection, Access::kCareTeam, [&service](Request& req) -> Result<Response> {
        // The type is decided from the bytes; the Content-Type the browser sent is not trusted.
        std::string name;
        if (auto header = req.Header("X-File-Name")) name = http::PercentDecode(*header, false);
        const std::string person_id(req.PathParam("person_id"));
        ASSIGN_OR_RETURN(Attachment a,
                         service.Upload(person_id, req.body, name, auth::CallerFrom(req)));
        Response r = http::JsonResponse(201, AttachmentJson(a));
        r.headers.Add("Location", "/api/v1/persons/" + person_id + "/attachments/" + a.id);
        return r;
      }};
  upload.body_limit = AttachmentService::kMaxBytes;
  upload.audit_personal = true;
  router.Add(std::move(upload));

  http::Route download{
      Method::kGet, kOne, Access::kCareTeam, [&service](Request& req) -> Result<Response> {
        ASSIGN_OR_RETURN(
            AttachmentContent content,
            service.Download(std::string(req.PathParam("person_id")),
                             std::string(req.PathParam("attachment_id")), auth::CallerFrom(req)));
        return FileResponse(std::move(content));
      }};
  download.audit_personal = true;
  router.Add(std::move(download));

  http::Route thumbnail{
      Method::kGet, kThumbnail, Access::kCareTeam, [&service](Request& req) -> Result<Response> {
        ASSIGN_OR_RETURN(
            AttachmentContent content,
            service.Thumbnail(std::string(req.PathParam("person_id")),
                              std::string(req.PathParam("attachment_id")), auth::CallerFrom(req)));
        return FileResponse(std::move(content));
      }};
  thumbnail.audit_personal = true;
  router.Add(std::move(thumbnail));

  http::Route set_photo{Method::kPut, kPhoto, Access::kCareTeam,
                        [&service](Request& req) -> Result<Response> {
                          ASSIGN_OR_RETURN(http::JsonBody body, http::JsonBody::Parse(req));
                          std::string id = body.RequiredString("attachment_id", 64);
                          RETURN_IF_ERROR(body.Finish());
                          RETURN_IF_ERROR(service.SetPersonPhoto(
                              std::string(req.PathParam("person_id")), id, auth::CallerFrom(req)));
                          return Response::NoContent();
                        }};
  set_photo.audit_personal = true;
  router.Add(std::move(set_photo));

  http::Route clear_photo{Method::kDelete, kPhoto, Access::kCareTeam,
                          [&service](Request& req) -> Result<Response> {
                            RETURN_IF_ERROR(service.ClearPersonPhoto(
                                std::string(req.PathParam("person_id")), auth::CallerFrom(req)));
                            return Response::NoContent();
                          }};
  clear_photo.audit_personal = true;
  router.Add(std::move(clear_photo));
}

}  // namespace care
