// Operational endpoints: /healthz (process alive), /readyz (database answers), /metrics
// (Prometheus text; loopback only unless configured public), /api/v1/version.
#pragma once

#include "http/router.h"

namespace db {
class Database;
}
namespace http {
class Metrics;
}

namespace app {

struct OpsContext {
  db::Database* db;
  http::Metrics* metrics;
  bool metrics_public;
};

void RegisterOpsRoutes(http::Router& router, OpsContext ctx);

}  // namespace app
