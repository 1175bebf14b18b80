// tsunagari_bench_watch_baseline: what the MQTT broker alone delivers to a plain QoS 1 subscriber
// from publishers in the same process — the "broker alone" half of spec 12's sensor-ingestion
// target (ingestion ≥ 50 % of this, measured side by side in the same run). Run by
// bench/watch/run, which starts a throw-away broker on loopback.
//
// For each mode — (a) one event per message, (b) batches of --batch events per message, both in
// the v1 payload format with an HMAC user property (event_load.h) — and each of --runs runs:
// a fresh subscriber (the same watch::MqttSubscriber the server uses, with a handler that only
// counts) and --publishers publishers (watch::MqttPublisher, at most --in-flight unacknowledged
// messages each) that publish as fast as they can. After --warmup seconds, delivered messages are
// counted for --seconds; then the publishers stop and the run waits until every published
// message has been delivered (a message the broker dropped shows up as "lost"). Prints each run
// and the medians, plus `result …` lines for scripts.
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "event_load.h"
#include "watch/mqtt_client.h"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

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
  std::string network = "13101";
};

struct RunResult {
  double msgs_per_s = 0;
  double events_per_s = 0;
  double broker_cpu = -1;  // share of one core, or -1 when unknown
  double client_cpu = 0;   // this process (publishers and subscriber), share of one core
  double bytes_per_msg = 0;
  uint64_t published = 0;
  uint64_t delivered = 0;
  uint64_t refused = 0;
};

std::string ReadFirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// utime + stime of a process, in seconds (from /proc/<pid>/stat fields 14 and 15).
double ProcessCpuSeconds(long pid) {
  if (pid <= 0) return -1;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
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

double SelfCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
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

RunResult RunOnce(const Options& o, const watch::MqttEndpoint& base, const std::string& server_pw,
                  const std::string& devices_pw, int batch, int run, long broker_pid) {
  const std::string tag =
      std::to_string(getpid()) + "-" + std::to_string(batch) + "-" + std::to_string(run);
  std::atomic<uint64_t> delivered{0};

  watch::MqttSubscriberOptions so;
  so.endpoint = base;
  so.endpoint.username = "tsunagari-server";
  so.endpoint.password = server_pw;
  so.endpoint.client_id = "bench-baseline-sub-" + tag;
  so.topic_filter = "tsunagari/v1/" + o.network + "/+/events";
  // A session that ends with the connection: a leftover subscribed session would take copies of
  // every later run's messages and slow the broker down.
  so.session_expiry_seconds = 0;
  so.receive_maximum = o.in_flight;
  watch::MqttSubscriber sub(so, [&](const watch::MqttMessage&) {
    delivered.fetch_add(1, std::memory_order_relaxed);
    return watch::MqttDisposition::kAcknowledge;
  });
  if (auto r = sub.Start(); !r.ok()) throw std::runtime_error(r.error().message);
  if (!sub.WaitUntilSubscribed(10s)) {
    throw std::runtime_error("subscriber not subscribed: " + sub.Stats().last_error);
  }

  std::vector<std::unique_ptr<watch::MqttPublisher>> pubs;
  for (int p = 0; p < o.publishers; ++p) {
    watch::MqttPublisherOptions po;
    po.endpoint = base;
    po.endpoint.username = "tsunagari-devices";
    po.endpoint.password = devices_pw;
    po.endpoint.client_id = "bench-baseline-pub-" + tag + "-" + std::to_string(p);
    po.session_expiry_seconds = 0;
    po.max_in_flight = o.in_flight;
    pubs.push_back(std::make_unique<watch::MqttPublisher>(po));
    if (auto r = pubs.back()->Connect(10s); !r.ok()) {
      throw std::runtime_error(r.error().message);
    }
  }

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> payload_bytes{0};
  std::vector<std::thread> threads;
  std::vector<std::string> errors(size_t(o.publishers));
  const int homes_each = std::max(1, o.homes / o.publishers);
  for (int p = 0; p < o.publishers; ++p) {
    threads.emplace_back([&, p] {
      // Sequence numbers start after earlier runs' so that a server measured with the same load
      // would never see a (device, seq) twice across runs.
      bench_watch::EventLoad load(o.network, p * homes_each, homes_each, 1'795'300'000'000,
                                  1 + uint64_t(run) * 100'000'000ull);
      while (!stop.load(std::memory_order_relaxed)) {
        bench_watch::OutgoingMessage m = load.Next(batch);
        payload_bytes.fetch_add(m.payload.size(), std::memory_order_relaxed);
        if (auto r = pubs[size_t(p)]->Publish(m.topic, m.payload, m.mac, 30s); !r.ok()) {
          errors[size_t(p)] = r.error().message;
          return;
        }
      }
    });
  }

  std::this_thread::sleep_for(std::chrono::duration<double>(o.warmup));
  const uint64_t c0 = delivered.load();
  const double cpu0 = ProcessCpuSeconds(broker_pid);
  const double self0 = SelfCpuSeconds();
  const auto t0 = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
  const uint64_t c1 = delivered.load();
  const double cpu1 = ProcessCpuSeconds(broker_pid);
  const double self1 = SelfCpuSeconds();
  const auto t1 = Clock::now();
  stop = true;
  for (auto& t : threads) t.join();
  for (const auto& e : errors) {
    if (!e.empty()) throw std::runtime_error("publisher: " + e);
  }

  RunResult r;
  for (auto& p : pubs) {
    if (!p->WaitUntilAllAcknowledged(60s)) std::cerr << "# warning: publisher not fully acked\n";
    auto s = p->Stats();
    r.published += s.published;
    r.refused += s.refused;
  }
  // Drain: every published message must reach the subscriber (bounded wait).
  const auto drain_deadline = Clock::now() + 60s;
  while (delivered.load() < r.published && Clock::now() < drain_deadline) {
    std::this_thread::sleep_for(20ms);
  }
  r.delivered = delivered.load();
  const double window = std::chrono::duration<double>(t1 - t0).count();
  r.msgs_per_s = double(c1 - c0) / window;
  r.events_per_s = r.msgs_per_s * batch;
  if (cpu0 >= 0 && cpu1 >= 0) r.broker_cpu = (cpu1 - cpu0) / window;
  r.client_cpu = (self1 - self0) / window;
  r.bytes_per_msg = r.published ? double(payload_bytes.load()) / double(r.published) : 0;
  for (auto& p : pubs) p->Disconnect();
  sub.Stop();
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"MQTT broker baseline for the watch ingestion benchmark (bench/watch/run)"};
  app.add_option("--url", o.url, "broker, mqtt://127.0.0.1:PORT")->required();
  app.add_option("--dir", o.dir, "scripts/mqtt-test-broker DIR (passwords, pid)")->required();
  app.add_option("--seconds", o.seconds, "measured seconds per run")->check(CLI::Range(1, 600));
  app.add_option("--warmup", o.warmup, "seconds before measuring")->check(CLI::Range(0, 60));
  app.add_option("--runs", o.runs, "runs per mode (median printed)")->check(CLI::Range(1, 20));
  app.add_option("--batch", o.batch, "events per message in mode (b)")->check(CLI::Range(2, 1000));
  app.add_option("--publishers", o.publishers, "publisher connections")->check(CLI::Range(1, 16));
  app.add_option("--in-flight", o.in_flight, "unacknowledged messages per client")
      ->check(CLI::Range(1, 65535));
  app.add_option("--homes", o.homes, "homes (4 sensors and a gateway each)")
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--network", o.network, "topic <network> level");
  CLI11_PARSE(app, argc, argv);

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

  std::printf("# watch broker baseline: %s, %u cores, load average %s (before)\n", o.url.c_str(),
              std::thread::hardware_concurrency(), LoadAverage().c_str());
  std::printf(
      "# %g s measured after %g s warm-up, %d run(s) per mode, %d publisher(s), "
      "%d in flight, %d homes\n",
      o.seconds, o.warmup, o.runs, o.publishers, o.in_flight, o.homes);
  std::printf("%-10s %4s %12s %12s %10s %10s %12s %12s %8s\n", "mode", "run", "msgs/s", "events/s",
              "B/msg", "broker", "published", "delivered", "lost");
  std::fflush(stdout);

  struct Mode {
    std::string name;
    int batch;
  };
  const std::vector<Mode> modes = {{"single", 1}, {"batch" + std::to_string(o.batch), o.batch}};
  bool all_delivered = true;
  std::vector<std::string> summary;
  try {
    for (const auto& mode : modes) {
      std::vector<double> msgs, events, cpu;
      for (int run = 1; run <= o.runs; ++run) {
        RunResult r = RunOnce(o, *endpoint, server_pw, devices_pw, mode.batch, run, broker_pid);
        const long long lost = (long long)r.published - (long long)r.delivered;
        if (lost > 0 || r.refused > 0) all_delivered = false;
        std::printf("%-10s %4d %12.0f %12.0f %8.0f %7.0f%% %7.0f%% %12llu %12llu %6lld\n",
                    mode.name.c_str(), run, r.msgs_per_s, r.events_per_s, r.bytes_per_msg,
                    r.broker_cpu * 100, r.client_cpu * 100, (unsigned long long)r.published,
                    (unsigned long long)r.delivered, lost > 0 ? lost : 0);
        std::fflush(stdout);
        msgs.push_back(r.msgs_per_s);
        events.push_back(r.events_per_s);
        cpu.push_back(r.broker_cpu);
      }
      char line[256];
      std::snprintf(line, sizeof line,
                    "result mode=%s batch=%d msgs_per_s=%.0f events_per_s=%.0f broker_cpu=%.2f",
                    mode.name.c_str(), mode.batch, Median(msgs), Median(events), Median(cpu));
      summary.push_back(line);
    }
  } catch (const std::exception& e) {
    std::cerr << "bench: " << e.what() << "\n";
    return 1;
  }
  std::printf("# medians (load average %s after)\n", LoadAverage().c_str());
  for (const auto& s : summary) std::printf("%s\n", s.c_str());
  if (!all_delivered) {
    std::printf("# WARNING: some messages were not delivered or were refused\n");
    return 3;
  }
  return 0;
}
