// The parts of a person's care profile (spec 02; ACP and the emergency kit from spec 08): for each
// part, the reader that checks its data and returns it normalised. Every part is stored as
// versions in person_profile_versions, with who recorded each version and when.
#pragma once

#include <boost/json/object.hpp>
#include <span>
#include <string_view>

#include "care/field_reader.h"

namespace care {

/// Checks one part's data (problems go to the reader) and returns it normalised.
using PartReader = boost::json::object (*)(fields::Reader&, const core::Date& today);
/// The reader of `part`, or null when there is no such part.
PartReader ReaderFor(std::string_view part);

}  // namespace care
