// JSON shapes of persons, the care profile, status, consent and care teams in the API
// (docs/care-api.md), and reading request bodies for the care routes.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "care/person_model.h"
#include "core/result.h"
#include "core/wareki.h"
#include "http/message.h"

namespace care {

boost::json::object ToJson(const UserRef& u);
boost::json::value ToJson(const std::optional<UserRef>& u);
/// `today` (JST) gives the age.
boost::json::object ToJson(const PersonDetail& d, const core::Date& today);
boost::json::object ToJson(const PersonSummary& s, const core::Date& today);
boost::json::object ToJson(const ProfilePart& p);
boost::json::object ToJson(const StatusEntry& s);
boost::json::object ToJson(const Consent& c);
boost::json::object ToJson(const TeamMember& m);
boost::json::object ToJson(const Invitation& i);

/// The request body as a JSON object: Content-Type application/json (415 otherwise), valid
/// UTF-8 JSON (400 naming "body") whose top level is an object. Returned as a value so that
/// services can check access before reporting problems with it.
core::Result<boost::json::object> RequestObject(const http::Request& request);

}  // namespace care
