// Request fields of the emergency API, checked and named by field (docs/emergency-api.md).
// Like the care parsers, these return the input or the error as a value; the services look at
// it only after the caller's access has been checked.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "core/result.h"
#include "emergency/model.h"

namespace emergency {

using core::Result;

/// Query text of GET /ems/persons as sent (absent = "").
struct SearchText {
  std::string kana, birth_date, phone, address, limit;
};

/// At least one criterion; kana and birth date together; birth date in 西暦 or 和暦.
Result<SearchCriteria> ParseSearch(const SearchText& q);
Result<OpenRequest> ParseOpen(const Result<boost::json::object>& body);
Result<DestinationRequest> ParseDestination(const Result<boost::json::object>& body);
/// `with_reporter`: the one-time link names who reports (no account says it).
Result<OutcomeRequest> ParseOutcome(const Result<boost::json::object>& body, bool with_reporter);
/// The PIN of a one-time link: 6 digits (width folded).
Result<std::string> ParsePin(const Result<boost::json::object>& body);

/// 受入, 入院, 帰宅, 転院.
bool IsOutcomeCode(std::string_view code);

}  // namespace emergency
