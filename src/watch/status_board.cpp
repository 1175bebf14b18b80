#include "watch/status_board.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <unordered_map>
#include <unordered_set>

#include "watch/access.h"
#include "watch/codes.h"
#include "watch/local_time.h"
#include "watch/wbgt.h"

namespace watch {
namespace {

namespace json = boost::json;
using db::Statement;

constexpr Statement kSubjectsIn{
    "watch_status_subjects",
    "SELECT s.person_id, p.name, p.kana, p.address FROM watch_subjects s "
    "JOIN persons p ON p.id = s.person_id WHERE s.municipality_code = $1 AND s.ended_at IS NULL"};
constexpr Statement kSubjectOf{
    "watch_status_one_subject",
    "SELECT s.person_id, p.name, p.kana, p.address, s.municipality_code FROM watch_subjects s "
    "JOIN persons p ON p.id = s.person_id WHERE s.person_id = $1 AND s.ended_at IS NULL"};
// Folding the devices in C++ measured faster than grouping them in SQL (one SUM per place over
// 50,000 devices: bench/watch/status_list.cpp).
constexpr Statement kDevicesIn{
    "watch_status_devices",
    "SELECT d.person_id, d.kind, d.place, d.last_activity_at, d.day_start, d.day_openings, "
    "d.temperature_c, d.humidity_pct, d.climate_at FROM watch_devices d "
    "JOIN watch_subjects s ON s.person_id = d.person_id "
    "WHERE s.municipality_code = $1 AND s.ended_at IS NULL AND d.removed_at IS NULL"};
constexpr Statement kDevicesOf{
    "watch_status_one_devices",
    "SELECT d.person_id, d.kind, d.place, d.last_activity_at, d.day_start, d.day_openings, "
    "d.temperature_c, d.humidity_pct, d.climate_at FROM watch_devices d "
    "WHERE d.person_id = $1 AND d.removed_at IS NULL"};
constexpr Statement kAlertsIn{
    "watch_status_alerts",
    "SELECT a.person_id, a.id, a.kind, a.category, a.severity, a.state, a.active, a.opened_at "
    "FROM watch_alerts a JOIN watch_subjects s ON s.person_id = a.person_id "
    "WHERE s.municipality_code = $1 AND s.ended_at IS NULL AND a.state <> 'resolved'"};
constexpr Statement kAlertsOf{
    "watch_status_one_alerts",
    "SELECT a.person_id, a.id, a.kind, a.category, a.severity, a.state, a.active, a.opened_at "
    "FROM watch_alerts a WHERE a.person_id = $1 AND a.state <> 'resolved'"};
constexpr Statement kAbsencesIn{
    "watch_status_absences",
    "SELECT a.person_id, a.reason, a.ends_at FROM watch_absences a "
    "JOIN watch_subjects s ON s.person_id = a.person_id WHERE s.municipality_code = $1 "
    "AND s.ended_at IS NULL AND a.cancelled_at IS NULL AND a.starts_at <= $2 AND a.ends_at > $2"};
constexpr Statement kAbsenceOf{
    "watch_status_one_absence",
    "SELECT a.person_id, a.reason, a.ends_at FROM watch_absences a WHERE a.person_id = $1 "
    "AND a.cancelled_at IS NULL AND a.starts_at <= $2 AND a.ends_at > $2"};
constexpr Statement kAllSubjects{"watch_status_all_subjects",
                                 "SELECT person_id, municipality_code FROM watch_subjects"};

// A room reading older than this is not shown as the current temperature.
constexpr int64_t kClimateFreshMs = 2 * kHourMs;

// An absence explains the silence, so an absent person ranks above a device problem (which stays
// listed in device_problems).
enum Rank { kSevere, kAlert, kWatch, kAbsent, kDevice, kNormal };
constexpr const char* kStatusCodes[] = {"alert", "alert", "watch", "absent", "device", "normal"};

struct Row {
  std::string person_id, name, kana, address;
  Rank rank = kNormal;
  std::optional<int64_t> last_activity_at;
  std::map<std::string, int> today;
  std::optional<double> temperature_c, humidity_pct;
  std::optional<int64_t> climate_at;
  json::array alerts;
  std::optional<std::pair<std::string, int64_t>> absence;
  int devices = 0;
  int device_problems = 0;
};

// A row of kSubjectsIn / kSubjectOf.
Row SubjectRow(const db::Row& r) {
  Row row;
  row.person_id = r.Text(0);
  row.name = r.Text(1);
  row.kana = r.Text(2);
  row.address = r.Text(3);
  return row;
}

// A row of kDevicesIn / kDevicesOf.
void AddDevice(Row& row, const db::Row& r, int64_t today, int64_t now) {
  ++row.devices;
  auto activity = r.OptInt(3);
  if (activity && (!row.last_activity_at || *activity > *row.last_activity_at)) {
    row.last_activity_at = activity;
  }
  if (r.Text(1) == "door") {
    row.today[r.Text(2)] += r.OptInt(4) == today ? static_cast<int>(r.Int(5)) : 0;
  }
  auto climate_at = r.OptInt(8);
  if (climate_at && now - *climate_at < kClimateFreshMs &&
      (!row.climate_at || *climate_at > *row.climate_at)) {
    row.climate_at = climate_at;
    row.temperature_c = r.OptReal(6);
    row.humidity_pct = r.OptReal(7);
  }
}

void AddAlert(Row& row, const db::Row& r) {
  std::string category = r.Text(3);
  std::string severity = r.Text(4);
  bool active = r.Bool(6);
  Rank rank = kNormal;
  if (category == "device") {
    ++row.device_problems;
    rank = kDevice;
  } else if (severity == "severe") {
    rank = kSevere;
  } else if (severity == "alert") {
    rank = kAlert;
  } else {
    rank = kWatch;
  }
  row.rank = std::min(row.rank, rank);
  row.alerts.push_back(json::object{{"id", r.Text(1)},
                                    {"kind", r.Text(2)},
                                    {"category", category},
                                    {"severity", severity},
                                    {"state", r.Text(5)},
                                    {"active", active},
                                    {"opened_at", r.Int(7)}});
}

json::object ToJson(const Row& row) {
  json::object today;
  for (const auto& [place, n] : row.today) today[place] = n;
  json::value wbgt = nullptr;
  if (row.temperature_c && row.humidity_pct) {
    if (auto w = EstimateIndoorWbgt(*row.temperature_c, *row.humidity_pct)) wbgt = *w;
  }
  auto opt = [](const auto& v) { return v ? json::value(*v) : json::value(nullptr); };
  json::value absence = nullptr;
  if (row.absence) {
    absence = json::object{{"reason", row.absence->first}, {"ends_at", row.absence->second}};
  }
  return {{"person_id", row.person_id},
          {"name", row.name},
          {"kana", row.kana},
          {"address", row.address},
          {"status", kStatusCodes[row.rank]},
          {"severe", row.rank == kSevere},
          {"last_activity_at", opt(row.last_activity_at)},
          {"today_openings", std::move(today)},
          {"temperature_c", opt(row.temperature_c)},
          {"humidity_pct", opt(row.humidity_pct)},
          {"wbgt", wbgt},
          {"climate_at", opt(row.climate_at)},
          {"absence", absence},
          {"alerts", row.alerts},
          {"devices", row.devices},
          {"device_problems", row.device_problems}};
}

using Rows = std::unordered_map<std::string, Row>;

// Folds devices, alerts and absences into the rows they belong to.
void Fold(Rows& rows, const db::Rows& devices, const db::Rows& alerts, const db::Rows& absences,
          int64_t now) {
  const int64_t today = LocalDayStart(now);
  for (const auto& r : devices) {
    if (auto it = rows.find(r.Text(0)); it != rows.end()) AddDevice(it->second, r, today, now);
  }
  for (const auto& r : alerts) {
    if (auto it = rows.find(r.Text(0)); it != rows.end()) AddAlert(it->second, r);
  }
  for (const auto& r : absences) {
    auto it = rows.find(r.Text(0));
    if (it == rows.end()) continue;
    it->second.absence = std::make_pair(r.Text(1), r.Int(2));
    it->second.rank = std::min(it->second.rank, kAbsent);
  }
}

// Every enrolled person of the municipality.
core::Result<void> LoadMunicipality(db::Connection& c, const std::string& code, int64_t now,
                                    Rows& rows) {
  ASSIGN_OR_RETURN(auto subjects, c.Query(kSubjectsIn, {code}));
  rows.reserve(subjects.size());
  for (const auto& r : subjects) {
    Row row = SubjectRow(r);
    std::string id = row.person_id;
    rows.emplace(std::move(id), std::move(row));
  }
  ASSIGN_OR_RETURN(auto devices, c.Query(kDevicesIn, {code}));
  ASSIGN_OR_RETURN(auto alerts, c.Query(kAlertsIn, {code}));
  ASSIGN_OR_RETURN(auto absences, c.Query(kAbsencesIn, {code, now}));
  Fold(rows, devices, alerts, absences, now);
  return core::Ok();
}

// One person, when enrolled (and, with `code` set, enrolled in that municipality).
core::Result<void> LoadPerson(db::Connection& c, const std::string& person_id,
                              const std::string& code, int64_t now, Rows& rows) {
  ASSIGN_OR_RETURN(auto subject, c.QueryOne(kSubjectOf, {person_id}));
  if (!subject || (!code.empty() && subject->Text(4) != code)) return core::Ok();
  Rows one;
  one.emplace(person_id, SubjectRow(*subject));
  ASSIGN_OR_RETURN(auto devices, c.Query(kDevicesOf, {person_id}));
  ASSIGN_OR_RETURN(auto alerts, c.Query(kAlertsOf, {person_id}));
  ASSIGN_OR_RETURN(auto absences, c.Query(kAbsenceOf, {person_id, now}));
  Fold(one, devices, alerts, absences, now);
  rows.merge(one);
  return core::Ok();
}

}  // namespace

core::Result<std::optional<json::object>> PersonStatusRow(db::Connection& c,
                                                          const std::string& person_id,
                                                          int64_t now) {
  Rows rows;
  RETURN_IF_ERROR(LoadPerson(c, person_id, "", now, rows));
  if (rows.empty()) return std::optional<json::object>();
  return std::optional<json::object>(ToJson(rows.begin()->second));
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
  Rows rows;
  RETURN_IF_ERROR(ctx_.db.ReadSnapshot([&](db::Connection& c) -> core::Result<void> {
    rows.clear();
    if (persons.empty()) return LoadMunicipality(c, code, now, rows);
    // A live refresh names a few persons: one indexed look-up each, never the whole list.
    std::unordered_set<std::string> seen;
    for (const auto& id : persons) {
      if (seen.insert(id).second) RETURN_IF_ERROR(LoadPerson(c, id, code, now, rows));
    }
    return core::Ok();
  }));
  std::vector<Row*> order;
  order.reserve(rows.size());
  for (auto& [id, row] : rows) order.push_back(&row);
  // Most urgent first; within a status, the longest silence first.
  std::sort(order.begin(), order.end(), [](const Row* a, const Row* b) {
    if (a->rank != b->rank) return a->rank < b->rank;
    int64_t la = a->last_activity_at.value_or(0), lb = b->last_activity_at.value_or(0);
    if (la != lb) return la < lb;
    return a->kana < b->kana;
  });
  json::object counts{{"alert", 0}, {"watch", 0}, {"device", 0}, {"absent", 0}, {"normal", 0}};
  json::array items;
  items.reserve(order.size());
  for (const Row* row : order) {
    auto& n = counts[kStatusCodes[row->rank]];
    n = n.as_int64() + 1;
    items.push_back(ToJson(*row));
  }
  audit::Entry e = caller.Audit("watch.status.read", "municipality", code);
  e.municipality_code = code;
  e.details = "{\"rows\":" + std::to_string(items.size()) + "}";
  ctx_.audit.Record(std::move(e));
  return json::object{{"municipality_code", code},
                      {"generated_at", now},
                      {"counts", std::move(counts)},
                      {"items", std::move(items)}};
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
