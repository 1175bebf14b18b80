// The SQL texts of the migrations, one per module file so that each module's tables sit apart.
#pragma once

#include <string_view>

namespace db::schema {

extern const std::string_view kCareNetwork;  // migration 3: src/db/schema_care.cpp
extern const std::string_view kNotificationSettings;
extern const std::string_view
    kAddressPoints;  // migration 5: src/db/schema_care.cpp  // migration 4: src/db/schema_care.cpp

}  // namespace db::schema
