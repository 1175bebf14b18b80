// The rows of the status list (ステータス一覧): what the database says about each watched person
// (PersonFacts, independent of the time of reading) and the row derived from it at the time of a
// read (the day's openings, a fresh room reading, an absence in force). StatusCache keeps a
// municipality's facts between reads, so that the list of 10,000 homes is not read from the
// database each time (bench/watch/status_list.cpp).
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "db/database.h"

namespace watch {

struct PersonFacts {
  struct Device {
    std::string kind, place;
    std::optional<int64_t> last_activity_at, day_start;
    int day_openings = 0;
    std::optional<double> temperature_c, humidity_pct;
    std::optional<int64_t> climate_at;
  };
  struct AlertFact {
    std::string id, kind, category, severity, state;
    bool active = false;
    int64_t opened_at = 0;
  };
  struct AbsenceFact {
    std::string reason;
    int64_t starts_at = 0, ends_at = 0;
  };
  std::string person_id, name, kana, address, municipality_code;
  std::vector<Device> devices;        // installed, not removed
  std::vector<AlertFact> alerts;      // not resolved
  std::vector<AbsenceFact> absences;  // not cancelled, not over when loaded
};

using FactsMap = std::unordered_map<std::string, std::shared_ptr<const PersonFacts>>;

/// Every person with an active enrolment in the municipality.
core::Result<FactsMap> LoadMunicipalityFacts(db::Connection& c, const std::string& code,
                                             int64_t now);
/// One person; nullptr without an active enrolment.
core::Result<std::shared_ptr<const PersonFacts>> LoadPersonFacts(db::Connection& c,
                                                                 const std::string& person_id,
                                                                 int64_t now);

/// A row as the list shows it at `now`, with what the list sorts by.
struct StatusRow {
  int rank = 0;  // most urgent first: severe, alert, watch, absent, device, normal
  std::optional<int64_t> last_activity_at;
  const PersonFacts* facts = nullptr;
  boost::json::object json;
};
StatusRow DeriveStatusRow(const PersonFacts& f, int64_t now);
/// The status code of a rank ("alert", "watch", "absent", "device", "normal").
const char* StatusCodeOfRank(int rank);
/// The list's order: most urgent first, then the longest silence, then kana.
bool MoreUrgent(const StatusRow& a, const StatusRow& b);

/// A municipality's facts between reads. A read reloads the persons marked changed since the
/// last one (one indexed look-up each), or everything when the facts are a minute old or many
/// changed: the minute bounds how stale a change made outside this process (another server on
/// the same database) can be.
class StatusCache {
 public:
  /// Persons whose facts changed (registry, events, alerts, absences), in any municipality.
  void Changed(const std::vector<std::string>& persons);
  core::Result<std::shared_ptr<const FactsMap>> Get(db::Database& db, const std::string& code,
                                                    int64_t now);

 private:
  struct Entry {
    std::shared_ptr<const FactsMap> facts;
    std::chrono::steady_clock::time_point loaded;
    std::set<std::string> changed;
  };
  std::mutex load_mu_;  // one load at a time
  std::mutex mu_;
  std::map<std::string, Entry> entries_;  // by municipality, guarded by mu_
};

}  // namespace watch
