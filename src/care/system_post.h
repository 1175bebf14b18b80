// Posts the system writes on a person's timeline for another module (spec 08: an EMS crew
// opened the record, the destination hospital, the hospital's outcome). The calling module has
// checked its own rule and audits its own action; this only writes the post in the caller's
// transaction, so that the post and the action commit together.
#pragma once

#include <string>

#include "core/result.h"
#include "db/database.h"

namespace care {

struct SystemPost {
  std::string category;  // one of SystemPostCategories()
  std::string body;
  std::string author_id;      // the user on whose action the post is written
  std::string author_org_id;  // the organization they acted for, or ""
  bool important = false;
};

/// Writes the post (bumping the person's timeline version); returns its id.
core::Result<std::string> InsertSystemPost(db::Connection& c, const std::string& person_id,
                                           const SystemPost& post, int64_t now);

}  // namespace care
