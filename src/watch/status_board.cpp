#include "watch/status_board.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <unordered_map>
#include <unordered_set>

#include "watch/access.h"

namespace watch {
namespace {

namespace json = boost::json;

constexpr db::Statement kAllSubjects{"watch_status_all_subjects",
                                     "SELECT person_id, municipality_code FROM watch_subjects"};

// The list's JSON in its order, with the counts per status.
json::object ListJson(std::vector<StatusRow>& rows) {
  std::sort(rows.begin(), rows.end(), MoreUrgent);
  json::object counts{{"alert", 0}, {"watch", 0}, {"device", 0}, {"absent", 0}, {"normal", 0}};
  json::array items;
  items.reserve(rows.size());
  for (auto& row : rows) {
    auto& n = counts[StatusCodeOfRank(row.rank)];
    n = n.as_int64() + 1;
    items.push_back(std::move(row.json));
  }
  return json::object{{"counts", std::move(counts)}, {"items", std::move(items)}};
}

}  // namespace

core::Result<std::optional<json::object>> PersonStatusRow(db::Connection& c,
                                                          const std::string& person_id,
                                                          int64_t now) {
  ASSIGN_OR_RETURN(auto facts, LoadPersonFacts(c, person_id, now));
  if (!facts) return std::optional<json::object>();
  return std::optional<json::object>(DeriveStatusRow(*facts, now).json);
}

class StatusStream final : public http::EventStream {
 public:
  StatusStream(StatusBoard& board, std::string session_id)
      : board_(board), session_id_(std::move(session_id)) {}
  ~StatusStream() override { Stop(); }
  void Start(Sink sink) override {
    std::lock_guard lock(mu_);
    sink_ = std::move(sink);
  }
  void Stop() override {
    bool was;
    {
      std::lock_guard lock(mu_);
      was = stopped_;
      stopped_ = true;
      sink_ = nullptr;
    }
    if (!was) board_.Unregister(this);
  }
  const std::string& session_id() const { return session_id_; }
  /// False when the client is gone.
  bool Push(const http::SseEvent& e) {
    std::lock_guard lock(mu_);
    if (stopped_) return false;
    if (!sink_) return true;  // not started yet: the client refetches on connect anyway
    return sink_(e);
  }

 private:
  StatusBoard& board_;
  std::string session_id_;
  std::mutex mu_;
  Sink sink_;
  bool stopped_ = false;
};

StatusBoard::StatusBoard(Context& ctx, SessionCheck session_active)
    : ctx_(ctx), session_active_(std::move(session_active)) {}

StatusBoard::~StatusBoard() { Stop(); }

core::Result<std::string> StatusBoard::ChooseMunicipality(
    const auth::Caller& caller, const std::optional<std::string>& wanted) const {
  std::vector<std::string> mine = BoardMunicipalities(caller);
  if (mine.empty()) {
    return core::Error::Forbidden(
        "見守りのステータス一覧はオペレーターと自治体担当者が使えます (operators and "
        "municipality admins only)");
  }
  if (!wanted || wanted->empty()) return mine.front();
  if (std::find(mine.begin(), mine.end(), *wanted) == mine.end()) {
    return core::Error::Forbidden("この自治体の一覧は見られません (not your municipality)");
  }
  return *wanted;
}

core::Result<json::object> StatusBoard::List(const auth::Caller& caller,
                                             const std::optional<std::string>& municipality,
                                             const std::vector<std::string>& persons) {
  ASSIGN_OR_RETURN(std::string code, ChooseMunicipality(caller, municipality));
  const int64_t now = ctx_.clock.NowMillis();
  std::vector<StatusRow> rows;
  std::shared_ptr<const FactsMap> all;
  std::vector<std::shared_ptr<const PersonFacts>> named;
  if (persons.empty()) {
    ASSIGN_OR_RETURN(all, cache_.Get(ctx_.db, code, now));
    rows.reserve(all->size());
    for (const auto& [id, facts] : *all) rows.push_back(DeriveStatusRow(*facts, now));
  } else {
    // A live refresh names a few persons: one indexed look-up each, never the whole list.
    RETURN_IF_ERROR(ctx_.db.ReadSnapshot([&](db::Connection& c) -> core::Result<void> {
      named.clear();
      std::unordered_set<std::string> seen;
      for (const auto& id : persons) {
        if (!seen.insert(id).second) continue;
        ASSIGN_OR_RETURN(auto facts, LoadPersonFacts(c, id, now));
        if (facts && facts->municipality_code == code) named.push_back(std::move(facts));
      }
      return core::Ok();
    }));
    for (const auto& facts : named) rows.push_back(DeriveStatusRow(*facts, now));
  }
  json::object out = ListJson(rows);
  const size_t listed = out.at("items").as_array().size();
  audit::Entry e = caller.Audit("watch.status.read", "municipality", code);
  e.municipality_code = code;
  e.details = "{\"rows\":" + std::to_string(listed) + "}";
  ctx_.audit.Record(std::move(e));
  out["municipality_code"] = code;
  out["generated_at"] = now;
  return out;
}

core::Result<std::shared_ptr<http::EventStream>> StatusBoard::Subscribe(
    const auth::Caller& caller, const std::optional<std::string>& municipality) {
  ASSIGN_OR_RETURN(std::string code, ChooseMunicipality(caller, municipality));
  auto stream = std::make_shared<StatusStream>(*this, caller.principal->session_id);
  std::lock_guard lock(mu_);
  streams_.emplace(code, stream);
  return std::shared_ptr<http::EventStream>(stream);
}

void StatusBoard::Unregister(StatusStream* s) {
  std::lock_guard lock(mu_);
  for (auto it = streams_.begin(); it != streams_.end();) {
    auto locked = it->second.lock();
    it = (!locked || locked.get() == s) ? streams_.erase(it) : std::next(it);
  }
}

size_t StatusBoard::subscriber_count() const {
  std::lock_guard lock(mu_);
  return streams_.size();
}

void StatusBoard::Changed(const std::vector<std::string>& persons) {
  cache_.Changed(persons);
  {
    std::lock_guard lock(mu_);
    if (streams_.empty()) return;  // nobody watches: nothing to tell
    pending_.insert(persons.begin(), persons.end());
  }
  cv_.notify_all();
}

void StatusBoard::Flush() {
  std::set<std::string> persons;
  {
    std::lock_guard lock(mu_);
    persons.swap(pending_);
  }
  if (persons.empty()) return;
  bool unknown = false;
  {
    std::lock_guard lock(mu_);
    for (const auto& p : persons) unknown |= !municipality_of_.contains(p);
  }
  if (unknown) {
    std::map<std::string, std::string> fresh;
    auto status = ctx_.db.Run([&](db::Connection& c) -> core::Result<void> {
      ASSIGN_OR_RETURN(auto rows, c.Query(kAllSubjects));
      for (const auto& r : rows) fresh[r.Text(0)] = r.Text(1);
      return core::Ok();
    });
    if (!status.ok()) spdlog::warn("watch: status stream lookup failed");
    std::lock_guard lock(mu_);
    if (status.ok()) municipality_of_.swap(fresh);
  }
  std::map<std::string, json::array> by_code;
  std::vector<std::pair<std::shared_ptr<StatusStream>, http::SseEvent>> sends;
  {
    std::lock_guard lock(mu_);
    for (const auto& p : persons) {
      auto it = municipality_of_.find(p);
      if (it != municipality_of_.end()) by_code[it->second].push_back(json::value(p));
    }
    for (auto& [code, ids] : by_code) {
      http::SseEvent e{next_event_id_++, "status", json::serialize(json::object{{"persons", ids}})};
      auto range = streams_.equal_range(code);
      for (auto it = range.first; it != range.second; ++it) {
        if (auto s = it->second.lock()) sends.emplace_back(std::move(s), e);
      }
    }
  }
  for (auto& [stream, e] : sends) {
    if (session_active_ && !session_active_(stream->session_id())) {
      stream->Push(http::SseEvent::End());
      continue;
    }
    stream->Push(e);
  }
}

void StatusBoard::Start() {
  flusher_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      cv_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (stopping_) break;
      // Bursts of events become one push a second.
      cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
      lock.unlock();
      Flush();
      lock.lock();
    }
  });
}

void StatusBoard::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (flusher_.joinable()) flusher_.join();
}

}  // namespace watch
