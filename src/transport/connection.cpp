// The registry of open connections and the drain's wake-up, shared by listener and sessions.
#include "transport/connection.h"

#include <vector>

namespace transport::detail {

uint64_t SessionContext::Register(std::weak_ptr<Connection> connection) {
  std::lock_guard lock(mu_);
  uint64_t id = next_id_++;
  connections_.emplace(id, std::move(connection));
  return id;
}

void SessionContext::Unregister(uint64_t id) {
  {
    std::lock_guard lock(mu_);
    connections_.erase(id);
  }
  --active;
  if (draining) Wake();  // the drain re-checks its own condition
}

void SessionContext::ForEach(const std::function<void(Connection&)>& fn) {
  // Collect first: `fn` may post work that ends a session, which then takes mu_ to unregister.
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mu_);
    live.reserve(connections_.size());
    for (auto& [id, weak] : connections_) {
      if (auto c = weak.lock()) live.push_back(std::move(c));
    }
  }
  for (auto& c : live) fn(*c);
}

void SessionContext::SetWake(std::function<void()> wake) {
  std::lock_guard lock(mu_);
  wake_ = std::move(wake);
}

void SessionContext::Wake() {
  std::lock_guard lock(mu_);
  if (wake_) wake_();
}

}  // namespace transport::detail
