// Internal to transport: conversions between Beast's messages and http::Request/Response, and
// the few answers the transport makes itself (400, 413, 431, 500, 503).
#pragma once

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/message.h"

namespace transport::detail {

namespace beast_http = boost::beast::http;
using BeastRequest = beast_http::request<beast_http::string_body>;

struct TargetParts {
  std::string path;          // percent-decoded, without the query string
  std::string query_string;  // raw, without '?'
};

/// Splits an origin-form target ("/a/b?x=1"). Nullopt for anything else (absolute-form, "*",
/// empty), which the session answers with 400.
std::optional<TargetParts> SplitTarget(std::string_view target);

/// The request as the service sees it. `peer` is the socket's remote address; with
/// `trust_forwarded_for` the last X-Forwarded-For entry (the one our proxy added) replaces it.
http::Request ToRequest(BeastRequest&& message, TargetParts target, std::string_view peer,
                        bool trust_forwarded_for);

/// The wire form of `response`. Framing is the transport's: Content-Length is computed,
/// Connection follows `keep_alive`, and HEAD or bodiless statuses (204, 304) send no body.
beast_http::message_generator ToMessage(http::Response&& response, bool head, unsigned version,
                                        bool keep_alive);

/// The header of a Server-Sent Events answer: the service's headers plus the SSE ones, chunked
/// on HTTP/1.1 (close-delimited on 1.0); the connection ends with the stream.
beast_http::response<beast_http::empty_body> ToEventStreamHeader(const http::Response& response,
                                                                 unsigned version);

/// An answer made by the transport itself, in the JSON error format of the pipeline.
/// `status` may differ from the code's usual one (431 uses kTooLarge).
http::Response TransportError(int status, core::ErrorCode code, std::string message,
                              std::string_view request_id);

/// A short random id for answers made before or without the service (which assigns its own).
std::string NewRequestId();

}  // namespace transport::detail
