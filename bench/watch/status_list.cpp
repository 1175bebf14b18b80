// The status list at the size spec 12 names: one municipality with 10,000 watched homes (five
// devices each, the device states the ingester keeps), about 3 % with an open person alert, 2 %
// with a device problem and 1 % away on a scheduled absence. Measures, in one run and the same
// process, what an operator's screen asks for:
//   cold     GET /api/v1/watch/status?municipality=…, the first read: every home from the database
//   full     the same again (StatusCache keeps the facts between reads)
//   changed  the same after 100 homes changed (only their facts are read again)
//   refresh  the same with persons= (the 50 rows a live event names)
// as the service call plus the JSON serialisation the HTTP layer does (the transport is measured
// by bench/http). Prints the medians and 90th percentiles, the answer's size, and the ratios.
// Target (spec 12): the full list under 100 ms.
//
//   build-bench/tsunagari_bench_watch_status [--homes 10000] [--runs 30]
#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/config.h"
#include "auth/caller.h"
#include "auth/principal.h"
#include "core/clock.h"
#include "core/id.h"
#include "db/database.h"
#include "directory/model.h"
#include "directory/store.h"
#include "notify/hub.h"
#include "watch/access.h"
#include "watch/alert_store.h"
#include "watch/context.h"
#include "watch/local_time.h"
#include "watch/module.h"
#include "watch/registry_store.h"
#include "watch/status_board.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kCode = "991015";

constexpr db::Statement kPerson{
    "bench_status_person",
    "INSERT INTO persons (id, municipality_code, name, kana, search_name, search_kana, sex, "
    "birth_date, address, categories, created_by, created_at, updated_by, updated_at) "
    "VALUES ($1, '991015', $2, $3, $2, $3, 'female', '1938-04-01', $4, 'elderly,watched', $5, $6, "
    "$5, $6)"};
constexpr db::Statement kDeviceState{
    "bench_status_device_state",
    "UPDATE watch_devices SET last_seen_at = $2, last_event_at = $2, last_activity_at = $3, "
    "battery_pct = $4, day_start = $5, day_openings = $6, temperature_c = $7, humidity_pct = $8, "
    "climate_at = $9 WHERE id = $1"};

struct Sample {
  double median_ms = 0, p90_ms = 0;
};

Sample Summarise(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 9 / 10)]};
}

// Homes in one transaction; returns the person ids.
std::vector<std::string> Seed(app::App& app, int homes, int64_t now, std::string& operator_id) {
  std::vector<std::string> persons;
  std::mt19937_64 rng(20261122);
  auto status = app.db().Transact([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(directory::Store::InsertMunicipality(
        c, {kCode, "群青市", "グンジョウシ", "架空県", "active", now}));
    directory::User op;
    op.id = operator_id = core::NewId();
    op.login_id = "bench.operator";
    op.display_name = "中村 恵";
    op.kana = "ナカムラ メグミ";
    op.created_at = op.updated_at = now;
    RETURN_IF_ERROR(directory::Store::InsertUser(c, op));
    const int64_t today = watch::LocalDayStart(now);
    const char* surnames[] = {"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村"};
    const char* kana[] = {"サトウ", "スズキ",   "タカハシ", "タナカ",
                          "イトウ", "ワタナベ", "ヤマモト", "ナカムラ"};
    struct Spec {
      const char* suffix;
      const char* kind;
      const char* place;
    };
    const Spec devices[] = {{"gw", "gateway", "living"},
                            {"entrance", "door", "entrance"},
                            {"fridge", "door", "fridge"},
                            {"toilet", "door", "toilet"},
                            {"living", "climate", "living"}};
    for (int h = 0; h < homes; ++h) {
      const std::string person = core::NewId();
      persons.push_back(person);
      const int s = h % 8;
      RETURN_IF_ERROR(c.Execute(
          kPerson,
          {person, std::string(surnames[s]) + " " + std::to_string(h),
           std::string(kana[s]) + " " + std::to_string(h),
           "群青市本町" + std::to_string(h % 50) + "-" + std::to_string(h), operator_id, now}));
      watch::Subject subject;
      subject.person_id = person;
      subject.municipality_code = kCode;
      subject.started_at = now - 90 * watch::kDayMs;
      RETURN_IF_ERROR(watch::registry::UpsertSubject(c, subject, operator_id, now));
      const int64_t last_activity = now - int64_t(rng() % (6 * watch::kHourMs));
      for (const Spec& spec : devices) {
        watch::Device d;
        d.id = "h" + std::to_string(h) + "-" + spec.suffix;
        d.person_id = person;
        d.kind = spec.kind;
        d.place = spec.place;
        d.installed_at = subject.started_at;
        if (std::string_view(spec.kind) != "gateway")
          d.gateway_id = "h" + std::to_string(h) + "-gw";
        RETURN_IF_ERROR(watch::registry::InsertDevice(c, d, "sealed", operator_id, now));
        const bool door = std::string_view(spec.kind) == "door";
        const bool climate = std::string_view(spec.kind) == "climate";
        RETURN_IF_ERROR(c.Execute(
            kDeviceState,
            {d.id, now - int64_t(rng() % 600'000),
             door ? std::optional<int64_t>(last_activity) : std::nullopt, int64_t(20 + rng() % 80),
             today, door ? int64_t(rng() % 12) : int64_t(0),
             climate ? std::optional<double>(18 + double(rng() % 120) / 10) : std::nullopt,
             climate ? std::optional<double>(40 + double(rng() % 40)) : std::nullopt,
             climate ? std::optional<int64_t>(now - 300'000) : std::nullopt}));
      }
      auto alert = [&](const std::string& kind, const std::string& category,
                       std::optional<std::string> device) -> core::Result<void> {
        watch::Alert a;
        a.id = core::NewId();
        a.person_id = person;
        a.municipality_code = kCode;
        a.device_id = device;
        a.kind = kind;
        a.category = category;
        a.severity = category == "device" ? "watch" : "alert";
        a.state = "open";
        a.opened_at = a.updated_at = now - int64_t(rng() % watch::kHourMs);
        a.next_step_at = a.opened_at + 15 * 60'000;
        return watch::alerts::Insert(c, a, person + "|" + device.value_or("") + "|" + kind);
      };
      if (h % 33 == 0) RETURN_IF_ERROR(alert("inactivity", "person", std::nullopt));
      if (h % 50 == 7) {
        RETURN_IF_ERROR(alert("device_offline", "device", "h" + std::to_string(h) + "-fridge"));
      }
      if (h % 100 == 3) {
        watch::Absence ab;
        ab.id = core::NewId();
        ab.person_id = person;
        ab.reason = "short_stay";
        ab.starts_at = now - watch::kDayMs;
        ab.ends_at = now + 2 * watch::kDayMs;
        ab.created_by = operator_id;
        ab.created_at = now;
        RETURN_IF_ERROR(watch::registry::InsertAbsence(c, ab));
      }
    }
    return core::Ok();
  });
  if (!status.ok()) throw std::runtime_error(status.error().message);
  return persons;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Status list (ステータス一覧) at region size"};
  int homes = 10'000;
  int runs = 30;
  cli.add_option("--homes", homes, "watched homes in the municipality");
  cli.add_option("--runs", runs, "samples per measurement");
  CLI11_PARSE(cli, argc, argv);

  char tmpl[] = "/tmp/tsunagari-bench-status-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) return 1;
  const std::string dir = tmpl;
  int rc = 0;
  try {
    core::SystemClock clock;
    app::Config config;
    config.listen = "127.0.0.1:0";
    config.data_dir = dir;
    config.web_dir = dir + "/no-web";
    config.log_level = "warn";
    config.watch_evaluate_in_background = false;
    auto created = app::App::Create(config, clock);
    if (!created.ok()) throw std::runtime_error(created.error().message);
    app::App& app = **created;

    const int64_t now = clock.NowMillis();
    std::string operator_id;
    const auto seed_began = Clock::now();
    const std::vector<std::string> persons = Seed(app, homes, now, operator_id);
    const double seed_s = std::chrono::duration<double>(Clock::now() - seed_began).count();

    auth::Principal principal;
    principal.user_id = operator_id;
    principal.login_id = "bench.operator";
    principal.display_name = "中村 恵";
    principal.stage = auth::SessionStage::kFull;
    principal.totp_enabled = true;
    principal.memberships.push_back(
        {"callcenter", "群青見守りセンター", "other", kCode, auth::Role::kOperator});
    auth::Caller caller;
    caller.principal = &principal;
    caller.request_id = "bench";

    watch::AccessChecker access(app.audit());
    watch::Context ctx{app.db(),
                       app.clock(),
                       app.audit(),
                       app.hub(),
                       app.secrets(),
                       access,
                       app.watch().ingester(),
                       [](const auto&) {}};
    watch::StatusBoard board(ctx, [](const std::string&) { return true; });

    std::vector<std::string> refresh(persons.begin(),
                                     persons.begin() + std::min<size_t>(50, persons.size()));
    size_t full_bytes = 0, refresh_bytes = 0, rows = 0;
    std::vector<double> serialize_ms;
    auto read = [&](const std::vector<std::string>& only, size_t& bytes) {
      const auto t0 = Clock::now();
      auto list = board.List(caller, std::string(kCode), only);
      if (!list.ok()) throw std::runtime_error(list.error().message);
      const auto t1 = Clock::now();
      std::string body = boost::json::serialize(*list);
      const double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      if (only.empty()) {
        serialize_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - t1).count());
      }
      bytes = body.size();
      if (only.empty()) rows = list->at("items").as_array().size();
      return elapsed;
    };
    // Alternating keeps the two sides of the ratio close in time on a shared machine; two
    // warm-up rounds fill the statement caches.
    // The first read loads every home (as after a minute without reads); later reads reload only
    // the homes whose events, alerts or absences changed meanwhile: 100 of them before each
    // "changed" read, as a busy minute of live events would.
    const double cold = read({}, full_bytes);
    std::vector<double> full_ms, changed_ms, part_ms;
    size_t next_changed = 0;
    for (int i = 0; i < runs + 2; ++i) {
      const double f = read({}, full_bytes);
      std::vector<std::string> moved;
      for (int k = 0; k < 100; ++k) moved.push_back(persons[next_changed++ % persons.size()]);
      board.Changed(moved);
      const double c = read({}, full_bytes);
      const double p = read(refresh, refresh_bytes);
      if (i < 2) continue;
      full_ms.push_back(f);
      changed_ms.push_back(c);
      part_ms.push_back(p);
    }
    const Sample full = Summarise(full_ms);
    const Sample changed = Summarise(changed_ms);
    const Sample part = Summarise(part_ms);

    std::printf(
        "# %d homes (%zu rows listed), %d devices each; seeded in %.1f s; %d samples each\n", homes,
        rows, 5, seed_s, runs);
    std::printf("%-8s %12s %12s %12s\n", "read", "median ms", "p90 ms", "bytes");
    std::printf("%-8s %12.1f %12s %12zu\n", "cold", cold, "-", full_bytes);
    std::printf("%-8s %12.1f %12.1f %12zu\n", "full", full.median_ms, full.p90_ms, full_bytes);
    std::printf("%-8s %12.1f %12.1f %12zu\n", "changed", changed.median_ms, changed.p90_ms,
                full_bytes);
    std::printf("%-8s %12.2f %12.2f %12zu\n", "refresh", part.median_ms, part.p90_ms,
                refresh_bytes);
    std::printf("(of the full read: serialising %.1f ms)\n", Summarise(serialize_ms).median_ms);
    std::printf("ratio changed/full %.2f, full/refresh %.0f; spec 12 (full list < 100 ms): %s\n",
                changed.median_ms / std::max(full.median_ms, 1e-6),
                full.median_ms / std::max(part.median_ms, 1e-6),
                changed.median_ms < 100 ? "met" : "NOT met");
    std::printf(
        "result homes=%d cold_ms=%.1f full_median_ms=%.1f changed_median_ms=%.1f "
        "refresh_median_ms=%.2f\n",
        homes, cold, full.median_ms, changed.median_ms, part.median_ms);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench failed: %s\n", e.what());
    rc = 1;
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return rc;
}
