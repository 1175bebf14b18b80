// Names for the notification feed: a notice stays in the feed after its reader left the team, so
// each name is given only while the reader may still read the person.
#include <set>

#include "care/person_service.h"
#include "care/person_store.h"

namespace care {

using Names = std::map<std::string, std::string>;

Result<std::map<std::string, std::string>> PersonService::ReadableNames(
    const std::vector<std::string>& person_ids, const auth::Caller& caller) {
  constexpr size_t kMaxPersons = 100;
  std::set<std::string> wanted;
  for (const auto& id : person_ids) {
    if (wanted.size() == kMaxPersons) break;
    wanted.insert(id);
  }
  ASSIGN_OR_RETURN(auto names, db_.Get<Names>([&](db::Connection& c) -> Result<Names> {
    std::map<std::string, std::string> out;
    for (const auto& id : wanted) {
      auto facts = PersonAccessChecker::Load(c, id, caller);
      if (!facts.ok() || !facts->CanRead()) continue;
      ASSIGN_OR_RETURN(auto person, PersonStore::Get(c, id));
      if (person) out[id] = person->identity.name;
    }
    return out;
  }));
  if (!names.empty()) {
    audit::Entry e = caller.Audit("person.names", "person");
    e.details = "{\"count\":" + std::to_string(names.size()) + "}";
    audit_.Record(std::move(e));
  }
  return names;
}

}  // namespace care
