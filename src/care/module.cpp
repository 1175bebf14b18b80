#include "care/module.h"

#include "care/access.h"
#include "http/router.h"
// [includes: persons]
// [includes: timeline]
// [includes: attachments]

namespace care {

struct Module::Parts {
  ModuleDeps deps;
  PersonAccessChecker access;
  // [parts: persons]
  // [parts: timeline]
  // [parts: attachments]
  explicit Parts(ModuleDeps d) : deps(std::move(d)), access(deps.audit) {}
};

Module::Module(ModuleDeps deps) : parts_(std::make_unique<Parts>(std::move(deps))) {}
Module::~Module() { Stop(); }

void Module::RegisterRoutes(http::Router& router) {
  // [routes: persons]
  // [routes: timeline]
  // [routes: attachments]
}

void Module::Start() {
  // [start: timeline]
}

void Module::Stop() {
  // [stop: timeline]
}

}  // namespace care
