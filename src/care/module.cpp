#include "care/module.h"

#include "care/access.h"
#include "http/router.h"

namespace care {

struct Module::Parts {
  ModuleDeps deps;
  PersonAccessChecker access;
  explicit Parts(ModuleDeps d) : deps(std::move(d)), access(deps.audit) {}
};

Module::Module(ModuleDeps deps) : parts_(std::make_unique<Parts>(std::move(deps))) {}
Module::~Module() { Stop(); }

void Module::RegisterRoutes(http::Router& router) {}

void Module::Start() {}
void Module::Stop() {}

}  // namespace care
