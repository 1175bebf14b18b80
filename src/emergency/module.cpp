#include "emergency/module.h"

#include "care/access.h"
#include "emergency/hospital_side.h"
#include "emergency/routes.h"
#include "emergency/team_side.h"

namespace emergency {

struct Module::Parts {
  explicit Parts(const ModuleDeps& d)
      : access(d.audit),
        ctx{d.db,   d.clock,       d.audit,      d.notifier,       d.secrets,
            access, d.attachments, d.public_url, d.access_duration},
        team(ctx),
        ems(ctx),
        hospital(ctx),
        secure(d.secure_cookies) {}

  care::PersonAccessChecker access;
  Context ctx;
  TeamSide team;
  EmsSide ems;
  HospitalSide hospital;
  bool secure;
};

Module::Module(ModuleDeps deps) : parts_(std::make_unique<Parts>(deps)) {}
Module::~Module() = default;

void Module::RegisterRoutes(http::Router& router) {
  emergency::RegisterRoutes(router, Sides{parts_->team, parts_->ems, parts_->hospital,
                                          parts_->ctx.clock, parts_->secure});
}

}  // namespace emergency
