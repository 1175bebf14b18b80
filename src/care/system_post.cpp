#include "care/system_post.h"

#include "care/codes.h"
#include "care/timeline_store.h"
#include "core/id.h"
#include "core/japanese_text.h"

namespace care {

core::Result<std::string> InsertSystemPost(db::Connection& c, const std::string& person_id,
                                           const SystemPost& post, int64_t now) {
  if (!IsOneOf(SystemPostCategories(), post.category)) {
    return core::Error::Internal("not a system post category: " + post.category);
  }
  TimelinePost p;
  p.id = core::NewId(now);
  p.person_id = person_id;
  p.author.id = post.author_id;
  p.category = post.category;
  p.body = post.body;
  p.important = post.important;
  p.created_at = now;
  RETURN_IF_ERROR(
      TimelineStore::InsertPost(c, p, post.author_org_id, core::NormalizeForSearch(p.body)));
  return p.id;
}

}  // namespace care
