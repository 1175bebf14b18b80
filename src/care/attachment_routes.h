// HTTP routes of attachments: the upload (raw bytes as the body) and the two downloads.
#pragma once

#include <boost/json/object.hpp>

#include "care/attachment_model.h"
#include "http/router.h"

namespace care {

class AttachmentService;

void RegisterAttachmentRoutes(http::Router& router, AttachmentService& service);

/// Attachment = {id, kind, content_type, name, size, width, height} (docs/care-api.md); width and
/// height are null for PDFs. For the timeline and consent routes that list attachments too.
boost::json::object AttachmentJson(const Attachment& a);

/// The bytes of a file with the headers that keep them from being cached, sniffed, run as a page
/// or embedded by another site (also for the emergency module's scene media).
http::Response FileResponse(AttachmentContent content);

}  // namespace care
