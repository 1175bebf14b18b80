// tsunagari_bench_watch_server: what the server ingests through MQTT with the rules evaluated —
// the server half of spec 12's sensor-ingestion target (≥ 50,000 events/s sustained and ≥ 50 % of
// what the broker alone delivers, no event lost). Run by bench/watch/run next to
// tsunagari_bench_watch_baseline, against the same throw-away broker, with the same publisher
// code and the same payloads (event_load.h).
//
// Each run of each mode — (a) one event per message from the sensors themselves, (b) --batch
// events per message from the homes' gateways — gets a fresh data dir with the default SQLite
// database: --homes persons, each enrolled in watch with four sensors (and, in mode (b), the
// gateway that sends for them), registered straight through the stores with the secrets
// event_load.h derives (sealed with the data dir's key). Then an app::App is created in this
// process with the broker in its config (a client id unique to the run, the rules evaluated in the
// background as in production) and --publishers publishers send as fast as the server takes it:
// each waits while more than --backlog messages are published but not yet handed to the ingester,
// so the broker always has work queued for the server and the backlog stays bounded (a run
// measures what the server sustains, not how fast the broker can queue). After --warmup seconds,
// the events stored (Ingester::Counters().accepted; duplicates counted apart) are counted for
// --seconds. Then the publishers stop, the run waits until every published message was ingested,
// and checks that the watch_events rows, the hourly counts and `accepted` all equal the events
// published (lost must be 0). CPU: the server's threads (those App::Create started) from
// /proc/self/task, the broker's from its pid.
//
// Time: the load stamps its events 250 ms apart (event_load.h), so a run covers days of device
// time in seconds. Device times start three weeks before now (devices installed 60 days before),
// and the enrolments start now: the rules run on every person whose events arrived, as in
// production, but a home whose "latest" activity is weeks old by the wall clock is not reported
// as silent (the rules count silence from the enrolment). Device time never passes the wall
// clock (a publisher stops rather than send events the server must reject as future).
#include <dirent.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"
#include "app/config.h"
#include "auth/tokens.h"
#include "core/clock.h"
#include "core/id.h"
#include "db/database.h"
#include "directory/model.h"
#include "directory/store.h"
#include "event_load.h"
#include "watch/ingester.h"
#include "watch/model.h"
#include "watch/module.h"
#include "watch/mqtt_client.h"
#include "watch/registry_store.h"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int64_t kEventStepMs = 250;  // event_load.h: device time advances this much per event

struct Options {
  std::string url;
  std::string dir;  // scripts/mqtt-test-broker's DIR: server.pass, devices.pass, mosquitto.pid
  double seconds = 10;
  double warmup = 2;
  int runs = 3;
  int batch = 50;
  int publishers = 2;
  int in_flight = 1000;
  int homes = 10'000;
  int backlog = 2'000;
  double drain_timeout = 120;
  std::string network = "13101";
  std::string modes = "single,batch";
  std::string tmp = "/tmp";
  bool keep = false;
};

struct RunResult {
  double events_per_s = 0;  // stored (accepted) per second over the window
  double msgs_per_s = 0;    // payloads handed to the ingester per second
  double dup_per_s = 0;
  double server_cpu = 0;  // share of one core, all server threads
  double top_cpu = 0;     // the busiest server thread (the MQTT ingest thread)
  double broker_cpu = -1;
  double self_cpu = 0;  // the whole process: server and publishers
  double setup_s = 0;
  double drain_s = 0;
  uint64_t published_msgs = 0;
  uint64_t published_events = 0;
  uint64_t accepted = 0;
  uint64_t duplicates = 0;
  uint64_t rejected = 0;
  int64_t rows = -1;
  int64_t hourly_events = -1;
  int64_t alerts = -1;
  bool exhausted = false;  // a publisher ran out of device time before the run ended
  bool drained = true;
};

std::string ReadFirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// utime + stime from a /proc/.../stat file, in seconds (fields 14 and 15).
double StatCpuSeconds(const std::string& path) {
  std::ifstream in(path);
  std::string stat;
  std::getline(in, stat);
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return double(utime + stime) / double(sysconf(_SC_CLK_TCK));
}

double ProcessCpuSeconds(long pid) {
  if (pid <= 0) return -1;
  return StatCpuSeconds("/proc/" + std::to_string(pid) + "/stat");
}

double SelfCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::set<long> Tasks() {
  std::set<long> out;
  if (DIR* d = opendir("/proc/self/task")) {
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] != '.') out.insert(std::atol(e->d_name));
    }
    closedir(d);
  }
  return out;
}

std::map<long, double> TaskCpu(const std::set<long>& tids) {
  std::map<long, double> out;
  for (long tid : tids) {
    double s = StatCpuSeconds("/proc/self/task/" + std::to_string(tid) + "/stat");
    if (s >= 0) out[tid] = s;
  }
  return out;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

void Check(const core::Result<void>& r, const char* what) {
  if (!r.ok()) throw std::runtime_error(std::string(what) + ": " + r.error().message);
}

// The homes of the load as a watch registry: one municipality, a registrar, per home a minimal
// person, the enrolment, the four sensors and (with gateways) the gateway; written in one
// transaction through the stores, before the server starts.
void RegisterHomes(const app::Config& config, const Options& o, bool gateways, int64_t now) {
  static constexpr db::Statement kInsertPerson{
      "bench_watch_person",
      "INSERT INTO persons (id, municipality_code, name, kana, search_name, search_kana, sex, "
      "birth_date, address, categories, created_by, created_at, updated_by, updated_at) VALUES "
      "($1, $2, $3, $4, $3, $4, 'female', '1938-04-01', '群青市本町1-1', 'elderly', $5, $6, $5, "
      "$6)"};
  static constexpr const char* kKinds[] = {"door", "door", "door", "climate"};
  static constexpr const char* kPlaces[] = {"entrance", "fridge", "bathroom", "living"};
  static_assert(std::size(kKinds) == bench_watch::kSensorsPerHome);
  const std::string municipality = "991015";
  core::SystemClock clock;
  auto database = app::OpenDatabase(config, clock, true);
  if (!database.ok()) throw std::runtime_error("database: " + database.error().message);
  auto box = auth::SecretBox::FromKeyFile(config.data_dir + "/secret.key");
  if (!box.ok()) throw std::runtime_error("secret key: " + box.error().message);
  const int64_t installed = now - 60 * kDayMs;
  auto sealed = [&](const std::string& device) {
    bench_watch::Secret s = bench_watch::DeviceSecret(device);
    return box->Seal(std::string_view(reinterpret_cast<const char*>(s.data()), s.size()));
  };
  Check((*database)->Transact([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(directory::Store::InsertMunicipality(
        c, {municipality, "群青市", "グンジョウシ", "架空県", "active", now}));
    directory::User registrar;
    registrar.id = core::NewId();
    registrar.login_id = "bench.registrar";
    registrar.display_name = "見守り 登録";
    registrar.kana = "ミマモリ トウロク";
    registrar.created_at = registrar.updated_at = now;
    RETURN_IF_ERROR(directory::Store::InsertUser(c, registrar));
    for (int h = 0; h < o.homes; ++h) {
      const std::string person = core::NewId();
      const std::string home = bench_watch::HomeId(o.network, h);
      RETURN_IF_ERROR(c.Execute(
          kInsertPerson, {person, municipality, "見守り " + home, "ミマモリ", registrar.id, now}));
      watch::Subject s;
      s.person_id = person;
      s.municipality_code = municipality;
      s.started_at = now;
      RETURN_IF_ERROR(watch::registry::UpsertSubject(c, s, registrar.id, now));
      std::optional<std::string> gateway;
      if (gateways) {
        watch::Device gw;
        gw.id = bench_watch::GatewayId(o.network, h);
        gw.person_id = person;
        gw.kind = "gateway";
        gw.place = "living";
        gw.firmware = "bench";
        gw.installed_at = installed;
        RETURN_IF_ERROR(watch::registry::InsertDevice(c, gw, sealed(gw.id), registrar.id, now));
        gateway = gw.id;
      }
      for (int s = 0; s < bench_watch::kSensorsPerHome; ++s) {
        watch::Device d;
        d.id = bench_watch::SensorId(o.network, h, s);
        d.person_id = person;
        d.gateway_id = gateway;
        d.kind = kKinds[s];
        d.place = kPlaces[s];
        d.firmware = "bench";
        d.installed_at = installed;
        RETURN_IF_ERROR(watch::registry::InsertDevice(c, d, sealed(d.id), registrar.id, now));
      }
    }
    // The region was live until now: every device was last heard from a moment ago. (Devices
    // never heard from since an installation 60 days back would all be reported offline by the
    // first sweep, and the run would measure 40,000 alerts being opened.)
    static constexpr db::Statement kSeen{"bench_watch_seen",
                                         "UPDATE watch_devices SET last_seen_at = $1"};
    RETURN_IF_ERROR(c.Execute(kSeen, {now}));
    return core::Ok();
  }),
        "registering the homes");
}

int64_t CountOf(db::Database& database, const db::Statement& st) {
  int64_t n = -1;
  Check(database.Run([&](db::Connection& c) -> core::Result<void> {
    ASSIGN_OR_RETURN(auto row, c.QueryOne(st));
    if (row) n = row->Int(0);
    return core::Ok();
  }),
        st.name.data());
  return n;
}

uint64_t Rejected(const watch::IngestCounters& c) {
  uint64_t n = 0;
  for (const auto& [code, count] : c.rejected) n += count;
  return n;
}

// Drops the run's persistent session at the broker, so that it queues nothing for a server that
// is gone while the next runs publish on the same topics.
void DropSession(const watch::MqttEndpoint& server) {
  watch::MqttSubscriberOptions so;
  so.endpoint = server;
  so.clean_start = true;
  so.session_expiry_seconds = 0;
  so.topic_filter = "tsunagari/v1/bench-none/+/events";
  watch::MqttSubscriber sub(
      so, [](const watch::MqttMessage&) { return watch::MqttDisposition::kAcknowledge; });
  if (sub.Start().ok()) sub.WaitUntilSubscribed(10s);
  sub.Stop();
}

RunResult RunOnce(const Options& o, const watch::MqttEndpoint& base, const std::string& server_pw,
                  const std::string& devices_pw, int batch, int run, long broker_pid) {
  RunResult r;
  const std::string tag =
      std::to_string(getpid()) + "-" + std::to_string(batch) + "-" + std::to_string(run);
  const auto setup_began = Clock::now();
  std::string dir = o.tmp + "/tsunagari-bench-watch-XXXXXX";
  if (!mkdtemp(dir.data())) throw std::runtime_error("mkdtemp failed in " + o.tmp);

  core::SystemClock clock;
  const int64_t now = clock.NowMillis();
  app::Config config;
  config.listen = "127.0.0.1:0";
  config.data_dir = dir;
  config.web_dir = dir + "/no-web";
  config.log_level = "warn";
  config.watch_mqtt_url = o.url;
  config.watch_mqtt_username = "tsunagari-server";
  config.watch_mqtt_password = server_pw;
  config.watch_mqtt_client_id = "bench-server-" + tag;
  config.watch_network = o.network;
  config.watch_evaluate_in_background = true;  // the rules run as in production
  RegisterHomes(config, o, batch > 1, now);

  const std::set<long> before = Tasks();
  auto created = app::App::Create(config, clock);
  if (!created.ok()) throw std::runtime_error("App::Create: " + created.error().message);
  std::unique_ptr<app::App> server = std::move(*created);
  std::set<long> server_tasks;
  for (long t : Tasks()) {
    if (!before.contains(t)) server_tasks.insert(t);
  }
  watch::Ingester& ingester = server->watch().ingester();

  std::vector<std::unique_ptr<watch::MqttPublisher>> pubs;
  for (int p = 0; p < o.publishers; ++p) {
    watch::MqttPublisherOptions po;
    po.endpoint = base;
    po.endpoint.username = "tsunagari-devices";
    po.endpoint.password = devices_pw;
    po.endpoint.client_id = "bench-server-pub-" + tag + "-" + std::to_string(p);
    po.session_expiry_seconds = 0;
    po.max_in_flight = o.in_flight;
    pubs.push_back(std::make_unique<watch::MqttPublisher>(po));
    if (auto c = pubs.back()->Connect(10s); !c.ok()) throw std::runtime_error(c.error().message);
  }

  // The server's session subscribes asynchronously; a message published before that is not
  // queued for it. Probes from an unregistered device (rejected, nothing stored) until one
  // arrives.
  const std::string probe_topic = "tsunagari/v1/" + o.network + "/bench-probe/events";
  const auto probe_deadline = Clock::now() + 20s;
  uint64_t probes = 0;
  while (ingester.Counters().payloads == 0) {
    if (Clock::now() > probe_deadline) throw std::runtime_error("the server never subscribed");
    if (auto p = pubs[0]->Publish(probe_topic, "{}", "00", 5s); !p.ok()) {
      throw std::runtime_error("probe: " + p.error().message);
    }
    ++probes;
    std::this_thread::sleep_for(100ms);
  }
  std::this_thread::sleep_for(200ms);  // let the last probes in
  const watch::IngestCounters start = ingester.Counters();
  r.setup_s = std::chrono::duration<double>(Clock::now() - setup_began).count();

  // Published-but-not-ingested messages, kept under --backlog.
  std::atomic<uint64_t> ingested{start.payloads};
  std::atomic<uint64_t> sent{start.payloads};
  std::atomic<bool> stop{false};
  std::thread monitor([&] {
    while (!stop.load()) {
      ingested = ingester.Counters().payloads;
      std::this_thread::sleep_for(1ms);
    }
  });

  std::atomic<uint64_t> published_events{0};
  std::atomic<bool> exhausted{false};
  std::vector<std::thread> threads;
  std::vector<std::string> errors(size_t(o.publishers));
  const int homes_each = std::max(1, o.homes / o.publishers);
  const int64_t load_start = now - 21 * kDayMs;
  const uint64_t max_events = uint64_t((now - kDayMs / 24 - load_start) / kEventStepMs);
  for (int p = 0; p < o.publishers; ++p) {
    threads.emplace_back([&, p] {
      bench_watch::EventLoad load(o.network, p * homes_each, homes_each, load_start,
                                  1 + uint64_t(run) * 100'000'000ull);
      uint64_t events = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        if (sent.load(std::memory_order_relaxed) >
            ingested.load(std::memory_order_relaxed) + uint64_t(o.backlog)) {
          std::this_thread::sleep_for(200us);
          continue;
        }
        if (events + uint64_t(batch) > max_events) {
          exhausted = true;
          return;
        }
        bench_watch::OutgoingMessage m = load.Next(batch);
        if (auto e = pubs[size_t(p)]->Publish(m.topic, m.payload, m.mac, 30s); !e.ok()) {
          errors[size_t(p)] = e.error().message;
          return;
        }
        events += uint64_t(m.events);
        sent.fetch_add(1, std::memory_order_relaxed);
        published_events.fetch_add(uint64_t(m.events), std::memory_order_relaxed);
      }
    });
  }

  std::this_thread::sleep_for(std::chrono::duration<double>(o.warmup));
  const watch::IngestCounters c0 = ingester.Counters();
  const auto cpu0 = TaskCpu(server_tasks);
  const double broker0 = ProcessCpuSeconds(broker_pid);
  const double self0 = SelfCpuSeconds();
  const auto t0 = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
  const watch::IngestCounters c1 = ingester.Counters();
  const auto cpu1 = TaskCpu(server_tasks);
  const double broker1 = ProcessCpuSeconds(broker_pid);
  const double self1 = SelfCpuSeconds();
  const auto t1 = Clock::now();
  stop = true;
  for (auto& t : threads) t.join();
  monitor.join();
  for (const auto& e : errors) {
    if (!e.empty()) throw std::runtime_error("publisher: " + e);
  }

  const double window = std::chrono::duration<double>(t1 - t0).count();
  r.events_per_s = double(c1.accepted - c0.accepted) / window;
  r.dup_per_s = double(c1.duplicates - c0.duplicates) / window;
  r.msgs_per_s = double(c1.payloads - c0.payloads) / window;
  double total = 0;
  for (const auto& [tid, s1] : cpu1) {
    auto it = cpu0.find(tid);
    double used = s1 - (it == cpu0.end() ? 0 : it->second);
    total += used;
    r.top_cpu = std::max(r.top_cpu, used / window);
  }
  r.server_cpu = total / window;
  if (broker0 >= 0 && broker1 >= 0) r.broker_cpu = (broker1 - broker0) / window;
  r.self_cpu = (self1 - self0) / window;
  r.exhausted = exhausted.load();

  // Drain: every published message must reach the ingester and every event be stored.
  const auto drain_began = Clock::now();
  uint64_t published_msgs = 0;
  for (auto& p : pubs) {
    if (!p->WaitUntilAllAcknowledged(60s)) std::cerr << "# warning: publisher not fully acked\n";
    published_msgs += p->Stats().published;
  }
  r.published_msgs = published_msgs - probes;
  r.published_events = published_events.load();
  // Done when every event is stored; or, if some were rejected (a failed check below), when every
  // message has been ingested and nothing moved for two seconds.
  const auto drain_deadline = drain_began + std::chrono::duration<double>(o.drain_timeout);
  uint64_t last_payloads = 0;
  auto last_progress = Clock::now();
  while (true) {
    auto c = ingester.Counters();
    if (c.accepted + c.duplicates - start.accepted - start.duplicates >= r.published_events) break;
    if (c.payloads != last_payloads) {
      last_payloads = c.payloads;
      last_progress = Clock::now();
    } else if (c.payloads - start.payloads >= r.published_msgs &&
               Clock::now() - last_progress > 2s) {
      break;
    }
    if (Clock::now() > drain_deadline) {
      r.drained = false;
      break;
    }
    std::this_thread::sleep_for(20ms);
  }
  r.drain_s = std::chrono::duration<double>(Clock::now() - drain_began).count();
  for (auto& p : pubs) p->Disconnect();

  const watch::IngestCounters end = ingester.Counters();
  r.accepted = end.accepted - start.accepted;
  r.duplicates = end.duplicates - start.duplicates;
  r.rejected = Rejected(end) - Rejected(start);
  static constexpr db::Statement kRows{"bench_watch_rows", "SELECT COUNT(*) FROM watch_events"};
  static constexpr db::Statement kHourly{"bench_watch_hourly",
                                         "SELECT COALESCE(SUM(events), 0) FROM watch_hourly"};
  static constexpr db::Statement kAlerts{"bench_watch_alerts", "SELECT COUNT(*) FROM watch_alerts"};
  r.rows = CountOf(server->db(), kRows);
  r.hourly_events = CountOf(server->db(), kHourly);
  r.alerts = CountOf(server->db(), kAlerts);
  server.reset();

  watch::MqttEndpoint session = base;
  session.username = "tsunagari-server";
  session.password = server_pw;
  session.client_id = config.watch_mqtt_client_id;
  DropSession(session);
  if (!o.keep) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  } else {
    std::printf("# kept %s\n", dir.c_str());
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"Server-side MQTT ingestion for the watch benchmark (bench/watch/run)"};
  app.add_option("--url", o.url, "broker, mqtt://127.0.0.1:PORT")->required();
  app.add_option("--dir", o.dir, "scripts/mqtt-test-broker DIR (passwords, pid)")->required();
  app.add_option("--seconds", o.seconds, "measured seconds per run")->check(CLI::Range(1, 600));
  app.add_option("--warmup", o.warmup, "seconds before measuring")->check(CLI::Range(0, 60));
  app.add_option("--runs", o.runs, "runs per mode (median printed)")->check(CLI::Range(1, 20));
  app.add_option("--batch", o.batch, "events per message in mode (b)")->check(CLI::Range(2, 1000));
  app.add_option("--publishers", o.publishers, "publisher connections")->check(CLI::Range(1, 16));
  app.add_option("--in-flight", o.in_flight, "unacknowledged messages per publisher")
      ->check(CLI::Range(1, 65535));
  app.add_option("--homes", o.homes, "homes (4 sensors each, and a gateway in mode (b))")
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--backlog", o.backlog, "messages published but not yet ingested, at most")
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--drain-timeout", o.drain_timeout, "seconds to wait for the backlog at the end")
      ->check(CLI::Range(1, 3600));
  app.add_option("--network", o.network, "topic <network> level");
  app.add_option("--modes", o.modes, "single, batch or single,batch");
  app.add_option("--tmp", o.tmp, "where the temporary data dirs go");
  app.add_flag("--keep", o.keep, "keep the data dirs");
  CLI11_PARSE(app, argc, argv);

  spdlog::set_level(spdlog::level::warn);
  auto endpoint = watch::ParseMqttUrl(o.url);
  if (!endpoint.ok()) {
    std::cerr << endpoint.error().message << "\n";
    return 2;
  }
  const std::string server_pw = ReadFirstLine(o.dir + "/server.pass");
  const std::string devices_pw = ReadFirstLine(o.dir + "/devices.pass");
  long broker_pid = 0;
  try {
    broker_pid = std::stol(ReadFirstLine(o.dir + "/mosquitto.pid"));
  } catch (...) {
    broker_pid = 0;
  }

  std::printf("# watch server ingestion: %s, %u cores, load average %s (before)\n", o.url.c_str(),
              std::thread::hardware_concurrency(), LoadAverage().c_str());
  std::printf(
      "# %g s measured after %g s warm-up, %d run(s) per mode, %d publisher(s), %d in flight, "
      "backlog ≤ %d messages, %d homes, SQLite in %s\n",
      o.seconds, o.warmup, o.runs, o.publishers, o.in_flight, o.backlog, o.homes, o.tmp.c_str());
  std::printf("%-10s %4s %10s %10s %7s %8s %8s %8s %8s %6s %10s %10s %6s %6s %6s\n", "mode", "run",
              "events/s", "msgs/s", "dup/s", "server", "ingest", "broker", "process", "setup",
              "published", "stored", "lost", "alerts", "drain");
  std::fflush(stdout);

  struct Mode {
    std::string name;
    int batch;
  };
  std::vector<Mode> modes;
  if (o.modes.find("single") != std::string::npos) modes.push_back({"single", 1});
  if (o.modes.find("batch") != std::string::npos) {
    modes.push_back({"batch" + std::to_string(o.batch), o.batch});
  }
  bool all_stored = true;
  std::vector<std::string> summary;
  try {
    for (const auto& mode : modes) {
      std::vector<double> events, msgs, server_cpu, top_cpu, broker_cpu;
      for (int run = 1; run <= o.runs; ++run) {
        RunResult r = RunOnce(o, *endpoint, server_pw, devices_pw, mode.batch, run, broker_pid);
        const long long lost = (long long)r.published_events - (long long)r.rows;
        const bool ok = r.drained && lost == 0 && r.rejected == 0 &&
                        uint64_t(r.rows) == r.accepted && r.hourly_events == r.rows;
        if (!ok) all_stored = false;
        std::printf(
            "%-10s %4d %10.0f %10.0f %7.0f %7.0f%% %7.0f%% %7.0f%% %7.0f%% %5.1fs %10llu %10lld "
            "%6lld %6lld %5.1fs%s%s\n",
            mode.name.c_str(), run, r.events_per_s, r.msgs_per_s, r.dup_per_s, r.server_cpu * 100,
            r.top_cpu * 100, r.broker_cpu * 100, r.self_cpu * 100, r.setup_s,
            (unsigned long long)r.published_events, (long long)r.rows, lost, (long long)r.alerts,
            r.drain_s, r.exhausted ? " (load exhausted)" : "", ok ? "" : " CHECK FAILED");
        if (!ok) {
          std::printf(
              "#   accepted %llu, duplicates %llu, rejected %llu, rows %lld, hourly events %lld, "
              "drained %s\n",
              (unsigned long long)r.accepted, (unsigned long long)r.duplicates,
              (unsigned long long)r.rejected, (long long)r.rows, (long long)r.hourly_events,
              r.drained ? "yes" : "no");
        }
        std::fflush(stdout);
        events.push_back(r.events_per_s);
        msgs.push_back(r.msgs_per_s);
        server_cpu.push_back(r.server_cpu);
        top_cpu.push_back(r.top_cpu);
        broker_cpu.push_back(r.broker_cpu);
      }
      char line[320];
      std::snprintf(line, sizeof line,
                    "result mode=%s batch=%d msgs_per_s=%.0f events_per_s=%.0f server_cpu=%.2f "
                    "ingest_cpu=%.2f broker_cpu=%.2f",
                    mode.name.c_str(), mode.batch, Median(msgs), Median(events), Median(server_cpu),
                    Median(top_cpu), Median(broker_cpu));
      summary.push_back(line);
    }
  } catch (const std::exception& e) {
    std::cerr << "bench: " << e.what() << "\n";
    return 1;
  }
  std::printf("# medians (load average %s after)\n", LoadAverage().c_str());
  for (const auto& s : summary) std::printf("%s\n", s.c_str());
  if (!all_stored) {
    std::printf("# WARNING: some events were not stored exactly once\n");
    return 3;
  }
  return 0;
}
