// The phone numbers of a person's key persons (キーパーソン), as digits, so that an EMS crew
// called from a daughter's or a neighbour's phone finds the person by that number too. The
// person's own phone stays on persons.search_phone.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "core/result.h"
#include "db/database.h"

namespace care {

/// The digits of every phone of every item of a stored key_persons part; empty for anything
/// that does not parse (the part was validated when saved, so that only guards old data).
std::set<std::string> KeyPersonPhoneDigits(std::string_view key_persons_json);

/// Makes person_phones hold exactly the phones of this key_persons version. Runs in the
/// transaction that stores the version.
core::Result<void> IndexKeyPersonPhones(db::Connection& c, std::string_view person_id,
                                        std::string_view key_persons_json);

/// Migration 8's data step: indexes the latest key_persons version of every person.
core::Result<void> BackfillKeyPersonPhones(db::Connection& c);

}  // namespace care
