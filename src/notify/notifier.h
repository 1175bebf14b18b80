// What other modules need to tell a user that something happened: the feed entry is stored and
// pushed live. An interface so that services can be tested with a fake.
#pragma once

#include <optional>
#include <string>

namespace notify {

class Notifier {
 public:
  virtual ~Notifier() = default;
  /// Best effort: a failure is logged, never fails the caller's action. Titles and bodies carry
  /// no clinical details (they may reach e-mail as "something is new" later). `person_id` names
  /// the person the news is about (the feed shows it; never in the e-mail), empty for none.
  virtual void Send(const std::string& user_id, const std::string& kind, const std::string& title,
                    const std::string& body, const std::string& link,
                    const std::string& person_id = {}) = 0;
};

}  // namespace notify
