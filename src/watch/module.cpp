#include "watch/module.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <thread>

#include "http/metrics.h"
#include "http/router.h"
#include "watch/access.h"
#include "watch/alert_routes.h"
#include "watch/alert_service.h"
#include "watch/analytics.h"
#include "watch/analytics_routes.h"
#include "watch/context.h"
#include "watch/evaluator.h"
#include "watch/ingest_store.h"
#include "watch/ingester.h"
#include "watch/local_time.h"
#include "watch/mqtt_ingest.h"
#include "watch/registry_service.h"
#include "watch/report_routes.h"
#include "watch/reports.h"
#include "watch/routes.h"
#include "watch/signs.h"
#include "watch/status_board.h"

namespace watch {

struct Module::Parts {
  explicit Parts(ModuleDeps d)
      : deps(std::move(d)),
        access(deps.audit),
        ingester(deps.db, deps.clock, deps.secrets),
        ctx{deps.db,      deps.clock,
            deps.audit,   deps.notifier,
            deps.secrets, access,
            ingester,     [this](const std::vector<std::string>& persons) {
              Changed(persons); }},
        registry(ctx),
        alerts(ctx),
        evaluator(ctx, alerts),
        board(ctx, deps.session_active),
        reports(ctx),
        analytics(ctx),
        signs(ctx) {}

  void Changed(const std::vector<std::string>& persons) {
    for (const auto& listener : listeners) listener(persons);
  }

  // Raw events older than the retention period go, a bounded slice at a time.
  void RetentionLoop() {
    std::unique_lock lock(mu);
    // Not at once: a server that just started has more urgent work than old rows.
    cv.wait_for(lock, std::chrono::minutes(1), [this] { return stopping.load(); });
    while (!stopping) {
      lock.unlock();
      int64_t before = deps.clock.NowMillis() - deps.settings.raw_retention_days * kDayMs;
      int64_t total = 0;
      for (int i = 0; i < 100 && !stopping; ++i) {
        int64_t n = 0;
        auto status = deps.db.Run([&](db::Connection& c) -> core::Result<void> {
          ASSIGN_OR_RETURN(n, ingest::DeleteRawEventsBefore(c, before, 5000));
          return core::Ok();
        });
        if (!status.ok()) {
          spdlog::warn("watch: raw event retention failed: {}", status.error().message);
          break;
        }
        total += n;
        if (n < 5000) break;
      }
      if (total > 0) spdlog::info("watch: {} raw sensor events past retention deleted", total);
      lock.lock();
      cv.wait_for(lock, std::chrono::minutes(10), [this] { return stopping.load(); });
    }
  }

  ModuleDeps deps;
  AccessChecker access;
  Ingester ingester;
  Context ctx;
  Registry registry;
  AlertService alerts;
  Evaluator evaluator;
  StatusBoard board;
  Reports reports;
  AnalyticsService analytics;
  SignJob signs;
  std::vector<std::function<void(const std::vector<std::string>&)>> listeners;
  std::unique_ptr<MqttIngest> mqtt;

  std::mutex mu;
  std::condition_variable cv;
  std::atomic<bool> stopping{false};
  std::thread retention;
};

Module::Module(ModuleDeps deps) : parts_(std::make_unique<Parts>(std::move(deps))) {
  Parts* p = parts_.get();
  p->ingester.SetObserver([p](const std::vector<std::string>& persons) {
    p->evaluator.MarkDirty(persons);
    p->board.Changed(persons);
  });
  // Registry, absence and alert changes: the rules look again and the status lists refresh.
  p->listeners.push_back(
      [p](const std::vector<std::string>& persons) { p->board.Changed(persons); });
  // A person's or region's report times may have moved: the report scheduler looks again.
  p->listeners.push_back([p](const std::vector<std::string>&) { p->reports.Wake(); });
}

Module::~Module() { Stop(); }

void Module::RegisterRoutes(http::Router& router) {
  RegisterRegistryRoutes(router, parts_->registry);
  RegisterAlertRoutes(router, parts_->alerts);
  RegisterStatusRoutes(router, parts_->board);
  RegisterReportRoutes(router, parts_->reports);
  RegisterAnalyticsRoutes(router, parts_->analytics);
  RegisterIngestRoutes(router, parts_->ingester);
}

void Module::AddMetrics(http::Metrics& metrics) {
  Parts* p = parts_.get();
  metrics.AddGauge("tsunagari_watch_events_accepted", "Sensor events stored since start.",
                   [p] { return static_cast<double>(p->ingester.Counters().accepted); });
  metrics.AddGauge("tsunagari_watch_events_duplicate",
                   "Sensor events received again (same device and sequence) since start.",
                   [p] { return static_cast<double>(p->ingester.Counters().duplicates); });
  metrics.AddGauge("tsunagari_watch_rejections", "Sensor payloads and events rejected since start.",
                   [p] {
                     double n = 0;
                     for (const auto& [code, count] : p->ingester.Counters().rejected) n += count;
                     return n;
                   });
  metrics.AddGauge("tsunagari_watch_mqtt_connected", "1 while subscribed at the MQTT broker.",
                   [p] { return p->mqtt && p->mqtt->Stats().subscribed ? 1.0 : 0.0; });
}

core::Result<void> Module::Start() {
  Parts* p = parts_.get();
  if (!p->deps.settings.mqtt_url.empty()) {
    ASSIGN_OR_RETURN(auto endpoint, ParseMqttUrl(p->deps.settings.mqtt_url));
    endpoint.username = p->deps.settings.mqtt_username;
    endpoint.password = p->deps.settings.mqtt_password;
    endpoint.client_id = p->deps.settings.mqtt_client_id;
    p->mqtt = std::make_unique<MqttIngest>(
        MqttIngestOptions{std::move(endpoint), p->deps.settings.network}, p->ingester);
    RETURN_IF_ERROR(p->mqtt->Start());
    spdlog::info("watch: subscribing to sensor events at {} (network {})",
                 p->deps.settings.mqtt_url, p->deps.settings.network);
  }
  p->retention = std::thread([p] { p->RetentionLoop(); });
  p->board.Start();
  if (p->deps.settings.evaluate_in_background) {
    p->evaluator.Start();
    p->reports.Start();  // acts at the clock's time too: tests call Reports::RunDue instead
    p->signs.Start();    // weekly trend signs; tests call SignJob::RunWeek instead
  }
  return core::Ok();
}

void Module::Stop() {
  Parts* p = parts_.get();
  if (p->mqtt) p->mqtt->Stop();
  p->evaluator.Stop();
  p->reports.Stop();
  p->signs.Stop();
  p->board.Stop();
  {
    std::lock_guard lock(p->mu);
    p->stopping = true;
  }
  p->cv.notify_all();
  if (p->retention.joinable()) p->retention.join();
}

Ingester& Module::ingester() { return parts_->ingester; }
Evaluator& Module::evaluator() { return parts_->evaluator; }
Reports& Module::reports() { return parts_->reports; }
SignJob& Module::signs() { return parts_->signs; }

}  // namespace watch
