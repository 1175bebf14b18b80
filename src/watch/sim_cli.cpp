// `tsunagari simulate-sensors` (see sim_cli.h).
#include "watch/sim_cli.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <thread>

#include "watch/local_time.h"
#include "watch/simulator.h"

namespace watch {
namespace {

using core::Error;

// Set by SIGINT/SIGTERM; lock-free, so the handler may store to it.
std::atomic<bool> stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void OnStopSignal(int) { stop_requested.store(true); }

constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitUnreachable = 2;
constexpr int kExitRefused = 3;

constexpr int64_t kMaxBackfillDays = 366;
constexpr double kMaxSpeed = 100'000;
constexpr double kMaxScenarioHoursAgo = 240;

/// "11-21 14:05" in JST, for progress lines.
std::string LocalStamp(int64_t ms) {
  const int64_t local = ms + kJstOffsetMs;
  const int64_t days = FloorDiv(local, kDayMs);
  const int minute = int((local - days * kDayMs) / kMinuteMs);
  // civil_from_days (H. Hinnant), month and day only.
  const int64_t z = days + 719468;
  const int64_t doe = z - FloorDiv(z, 146097) * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d-%02d %02d:%02d", int(mp < 10 ? mp + 3 : mp - 9),
                int(doy - (153 * mp + 2) / 5 + 1), minute / 60, minute % 60);
  return buf;
}

double Rate(uint64_t events, double seconds) { return seconds > 0 ? double(events) / seconds : 0; }

class Runner {
 public:
  Runner(const Fleet& fleet, const SimulationPlan& plan, PayloadSender& sender, Transport transport,
         const SimulationDeps& deps)
      : fleet_(fleet), plan_(plan), sender_(sender), transport_(transport), deps_(deps) {
    const int64_t first =
        plan.backfill_from_ms < plan.live_from_ms ? plan.backfill_from_ms : plan.live_from_ms;
    streams_.reserve(fleet.homes.size());
    for (const FleetHome& h : fleet.homes) streams_.emplace_back(h, first, kDayMs);
    report_.homes = fleet.homes.size();
  }

  core::Result<SimulationReport> Run() {
    if (plan_.backfill_from_ms < plan_.live_from_ms) RETURN_IF_ERROR(Backfill());
    if (plan_.follow && !Stopped()) RETURN_IF_ERROR(Live());
    report_.counts = sender_.Counts();
    return report_;
  }

 private:
  bool Stopped() const { return deps_.stop && deps_.stop->load(); }
  void Progress(const std::string& line) const {
    if (deps_.progress) deps_.progress(line);
  }
  double Seconds(int64_t from_ms) const {
    return double(deps_.clock->NowMillis() - from_ms) / 1000.0;
  }

  // Sends one home's due events; returns how many there were.
  core::Result<size_t> SendDue(HomeStream& stream, int64_t until_ms) {
    batch_.clear();
    stream.TakeUntil(until_ms, batch_);
    if (batch_.empty()) return size_t{0};
    ASSIGN_OR_RETURN(auto payloads, BuildPayloads(stream.home(), batch_, transport_));
    for (const OutgoingPayload& p : payloads) {
      auto sent = sender_.Send(p);
      if (!sent.ok()) {
        Error e = std::move(sent).error();
        e.message = stream.home().label + ": " + e.message;
        return e;
      }
    }
    report_.events_generated += batch_.size();
    return batch_.size();
  }

  core::Result<void> Backfill() {
    const int64_t started = deps_.clock->NowMillis();
    const int64_t from = plan_.backfill_from_ms, to = plan_.live_from_ms;
    const int days = int((LocalDayStart(to - 1) - LocalDayStart(from)) / kDayMs + 1);
    Progress("backfill: " + LocalStamp(from) + " .. " + LocalStamp(to) + " JST, " +
             std::to_string(fleet_.homes.size()) + " homes");
    int day = 0;
    for (int64_t t = from; t < to && !Stopped(); ++day) {
      const int64_t until = std::min(LocalDayStart(t) + kDayMs, to);
      uint64_t events = 0;
      for (HomeStream& s : streams_) {
        if (Stopped()) break;
        ASSIGN_OR_RETURN(size_t n, SendDue(s, until));
        events += n;
      }
      report_.backfill_events += events;
      char line[160];
      std::snprintf(line, sizeof line,
                    "backfill: day %d of %d (up to %s JST): %" PRIu64 " events, %" PRIu64
                    " so far, %.0f events/s",
                    day + 1, days, LocalStamp(until).c_str(), events, report_.backfill_events,
                    Rate(report_.backfill_events, Seconds(started)));
      Progress(line);
      t = until;
    }
    report_.backfill_seconds = Seconds(started);
    return core::Ok();
  }

  core::Result<void> Live() {
    for (HomeStream& s : streams_) s.set_chunk_ms(kHourMs);
    const int64_t started = deps_.clock->NowMillis();
    // Short ticks when sped up, so a simulated minute is not lumped into one burst.
    const auto tick = std::chrono::milliseconds(plan_.speed > 1 ? 100 : 250);
    int64_t last_progress = started;
    int64_t sim_now = plan_.live_from_ms;
    char speed[32];
    std::snprintf(speed, sizeof speed, "%g", plan_.speed);
    Progress("live: from " + LocalStamp(sim_now) + " JST at " + speed + "x" +
             (plan_.duration_ms > 0 ? ", for " + std::to_string(plan_.duration_ms / 1000) + " s"
                                    : std::string(", until stopped")));
    for (;;) {
      int64_t elapsed = deps_.clock->NowMillis() - started;
      const bool done = plan_.duration_ms > 0 && elapsed >= plan_.duration_ms;
      if (done) elapsed = plan_.duration_ms;
      sim_now = plan_.live_from_ms + int64_t(double(elapsed) * plan_.speed);
      for (HomeStream& s : streams_) {
        ASSIGN_OR_RETURN(size_t n, SendDue(s, sim_now));
        report_.live_events += n;
      }
      if (done || Stopped()) break;
      const int64_t now = deps_.clock->NowMillis();
      if (now - last_progress >= 10'000) {
        last_progress = now;
        Progress("live: at " + LocalStamp(sim_now) + " JST, " +
                 std::to_string(report_.live_events) + " events sent");
      }
      deps_.sleep(tick);
    }
    report_.live_seconds = Seconds(started);
    for (const HomeStream& s : streams_) report_.held_unsent += s.HeldBefore(sim_now);
    Progress("live: stopped at " + LocalStamp(sim_now) + " JST, " +
             std::to_string(report_.live_events) + " events sent");
    return core::Ok();
  }

  const Fleet& fleet_;
  const SimulationPlan& plan_;
  PayloadSender& sender_;
  Transport transport_;
  const SimulationDeps& deps_;
  std::vector<HomeStream> streams_;
  std::vector<SensorEvent> batch_;
  SimulationReport report_;
};

core::Result<std::string> ReadPasswordFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Error::Invalid("password-file", "パスワードファイルを読めません (" + path + ": " +
                                               std::strerror(errno) + ")");
  }
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void PrintReport(const SimulationReport& r, Transport transport) {
  const SendCounts& c = r.counts;
  std::printf("homes %zu\n", r.homes);
  std::printf("events_generated %" PRIu64 "\n", r.events_generated);
  std::printf("events_sent %" PRIu64 "\n", c.events_sent);
  std::printf("payloads_sent %" PRIu64 "\n", c.payloads_sent);
  std::printf("payloads_rejected %" PRIu64 "\n", c.payloads_rejected);
  if (transport == Transport::kHttp) {
    std::printf("events_rejected %" PRIu64 "\n", c.events_rejected);
    std::printf("events_accepted %" PRIu64 "\n", c.events_accepted);
    std::printf("events_duplicate %" PRIu64 "\n", c.events_duplicate);
    std::printf("http_retries %" PRIu64 "\n", c.retries);
    for (const auto& [status, n] : c.http_status)
      std::printf("http_status_%d %" PRIu64 "\n", status, n);
    for (const auto& [reason, n] : c.rejected_by_reason) {
      std::printf("rejected_%s %" PRIu64 "\n", reason.c_str(), n);
    }
  }
  std::printf("held_unsent %" PRIu64 "\n", r.held_unsent);
  std::printf("backfill_events %" PRIu64 "\n", r.backfill_events);
  std::printf("backfill_seconds %.3f\n", r.backfill_seconds);
  std::printf("backfill_events_per_second %.0f\n", Rate(r.backfill_events, r.backfill_seconds));
  std::printf("live_events %" PRIu64 "\n", r.live_events);
  std::printf("live_seconds %.3f\n", r.live_seconds);
  std::fflush(stdout);
}

int Fail(int code, const Error& e) {
  std::fprintf(stderr, "simulate-sensors: %s\n", e.message.c_str());
  return code;
}

}  // namespace

core::Result<SimulationPlan> PlanSimulation(int64_t now_ms, int backfill_days, bool follow,
                                            double speed, double duration_seconds,
                                            double scenarios_hours_ago) {
  if (backfill_days < 0 || backfill_days > kMaxBackfillDays) {
    return Error::Invalid("backfill-days", "0〜366日で指定してください (0..366)");
  }
  if (!(duration_seconds >= 0) || duration_seconds > 366.0 * 86400) {
    return Error::Invalid("duration", "0以上の秒数で指定してください (seconds ≥ 0)");
  }
  if (!(speed >= 1) || speed > kMaxSpeed) {
    return Error::Invalid("speed",
                          "1以上100000以下で指定してください。1未満では未来の時刻になります "
                          "(1..100000: below 1 events would be dated ahead of the clock)");
  }
  if (speed != 1 && (!follow || duration_seconds <= 0)) {
    return Error::Invalid("speed",
                          "--speed は --follow と --duration と一緒に使います (needs --follow and "
                          "--duration: a sped-up run is placed so that it ends now)");
  }
  if (!follow && backfill_days == 0) {
    return Error::Invalid("follow",
                          "--backfill-days か --follow を指定してください (nothing to do)");
  }
  if (!(scenarios_hours_ago >= 0) || scenarios_hours_ago > kMaxScenarioHoursAgo) {
    return Error::Invalid("scenarios-hours-ago", "0〜240時間で指定してください (0..240 hours)");
  }
  SimulationPlan p;
  p.follow = follow;
  p.speed = speed;
  p.duration_ms = int64_t(std::llround(duration_seconds * 1000));
  p.live_from_ms = now_ms - int64_t(std::llround((speed - 1) * double(p.duration_ms)));
  p.backfill_from_ms = std::min(p.live_from_ms, now_ms - backfill_days * kDayMs);
  if (backfill_days == 0) p.backfill_from_ms = p.live_from_ms;
  p.scenario_start_ms = (follow ? p.live_from_ms : now_ms) -
                        int64_t(std::llround(scenarios_hours_ago * double(kHourMs)));
  return p;
}

core::Result<SimulationReport> RunSimulation(const Fleet& fleet, const SimulationPlan& plan,
                                             PayloadSender& sender, Transport transport,
                                             const SimulationDeps& deps) {
  return Runner(fleet, plan, sender, transport, deps).Run();
}

int RunSimulateSensors(const SimulateOptions& o) {
  if (o.mqtt_url.empty() == o.http_url.empty()) {
    return Fail(kExitUsage, Error::Invalid("mqtt",
                                           "--mqtt か --http のどちらか一方を指定してください "
                                           "(exactly one of --mqtt and --http)"));
  }
  auto fleet = ReadFleetFile(o.fleet_file);
  if (!fleet.ok()) {
    const Error& e = fleet.error();
    std::fprintf(stderr, "simulate-sensors: %s%s%s\n", e.field.empty() ? "" : e.field.c_str(),
                 e.field.empty() ? "" : ": ", e.message.c_str());
    return kExitUsage;
  }
  if (o.homes < 0) return Fail(kExitUsage, Error::Invalid("homes", "0以上 (≥ 0)"));
  if (o.homes > 0 && size_t(o.homes) < fleet->homes.size()) fleet->homes.resize(size_t(o.homes));
  if (fleet->homes.empty())
    return Fail(kExitUsage, Error::Invalid("fleet", "no homes in the fleet"));

  core::SystemClock clock;
  auto plan = PlanSimulation(clock.NowMillis(), o.backfill_days, o.follow, o.speed,
                             o.duration_seconds, o.scenarios_hours_ago);
  if (!plan.ok()) return Fail(kExitUsage, plan.error());
  ResolveScenarioTimes(*fleet, plan->scenario_start_ms);

  const Transport transport = o.mqtt_url.empty() ? Transport::kHttp : Transport::kMqtt;
  std::unique_ptr<PayloadSender> sender;
  if (transport == Transport::kMqtt) {
    auto endpoint = ParseMqttUrl(o.mqtt_url);
    if (!endpoint.ok()) return Fail(kExitUsage, endpoint.error());
    endpoint->username = o.username;
    if (!o.password_file.empty()) {
      auto password = ReadPasswordFile(o.password_file);
      if (!password.ok()) return Fail(kExitUsage, password.error());
      endpoint->password = *password;
    }
    endpoint->client_id = "tsunagari-sim-" + fleet->network + "-" + std::to_string(::getpid());
    MqttSenderOptions options;
    options.endpoint = *endpoint;
    options.network = fleet->network;
    auto connected = ConnectMqttSender(std::move(options));
    if (!connected.ok()) return Fail(kExitUnreachable, connected.error());
    sender = std::move(*connected);
  } else {
    HttpSenderOptions options;
    options.base_url = o.http_url;
    options.retry_for = std::chrono::seconds(10);  // at the start: fail fast if nobody is there
    auto made = MakeHttpSender(options);
    if (!made.ok()) return Fail(kExitUsage, made.error());
    auto probe = EmptyBatch(fleet->homes.front());
    if (!probe.ok()) return Fail(kExitUsage, probe.error());
    auto answer = (*made)->Send(*probe);
    if (!answer.ok()) return Fail(kExitUnreachable, answer.error());
    if (!answer->accepted) {
      std::fprintf(stderr,
                   "simulate-sensors: the server answered HTTP %d to an empty batch signed by %s's "
                   "%s (not registered, wrong secret, or no watch ingestion there)\n",
                   answer->http_status, fleet->homes.front().label.c_str(),
                   fleet->homes.front().gateway ? "gateway" : "first device");
      return kExitRefused;
    }
    // From here on the contract's "retry until you get a 2xx" applies, within reason.
    options.retry_for = std::chrono::seconds(60);
    made = MakeHttpSender(options);
    if (!made.ok()) return Fail(kExitUsage, made.error());
    sender = std::move(*made);
  }

  stop_requested.store(false);
  struct sigaction action {};
  action.sa_handler = &OnStopSignal;
  sigemptyset(&action.sa_mask);
  struct sigaction old_int {
  }, old_term{};
  sigaction(SIGINT, &action, &old_int);
  sigaction(SIGTERM, &action, &old_term);

  SimulationDeps deps;
  deps.clock = &clock;
  deps.stop = &stop_requested;
  deps.sleep = [](std::chrono::milliseconds d) {
    // In steps, so that a signal ends the run within a quarter of a second.
    const auto until = std::chrono::steady_clock::now() + d;
    while (!stop_requested.load() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
          until - std::chrono::steady_clock::now(), std::chrono::milliseconds(250)));
    }
  };
  deps.progress = [](std::string_view line) {
    std::fprintf(stderr, "%.*s\n", int(line.size()), line.data());
  };
  auto report = RunSimulation(*fleet, *plan, *sender, transport, deps);
  auto finished = sender->Finish(std::chrono::seconds(30));

  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);

  if (!report.ok()) return Fail(kExitUnreachable, report.error());
  report->counts = sender->Counts();
  if (o.report) PrintReport(*report, transport);
  if (!finished.ok()) return Fail(kExitUnreachable, finished.error());
  return kExitOk;
}

}  // namespace watch
