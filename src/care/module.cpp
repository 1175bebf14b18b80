#include "care/module.h"

#include "care/access.h"
#include "http/router.h"
// [includes: persons]
#include "care/consent_routes.h"
#include "care/consent_service.h"
#include "care/family_routes.h"
#include "care/family_service.h"
#include "care/person_routes.h"
#include "care/person_service.h"
#include "care/team_routes.h"
#include "care/team_service.h"
// [includes: timeline]
#include "care/ack_reminder.h"
#include "care/timeline_routes.h"
#include "care/timeline_service.h"
#include "care/vitals_service.h"
// [includes: attachments]
#include "care/attachment_routes.h"
#include "care/attachment_service.h"
#include "care/file_store.h"
#include "care/image_processor.h"

namespace care {
namespace {

/// Read access to the person in the path, checked before the handler (denials audited).
class ReadGate final : public auth::PersonGate {
 public:
  ReadGate(db::Database& db, PersonAccessChecker& access) : db_(db), access_(access) {}
  core::Result<std::shared_ptr<const void>> CheckRead(const auth::Caller& caller,
                                                      const std::string& person_id) override {
    std::shared_ptr<const void> facts;
    RETURN_IF_ERROR(db_.Run([&](db::Connection& c) -> core::Result<void> {
      ASSIGN_OR_RETURN(auto a, access_.Require(c, person_id, caller, Need::kRead, "person.access"));
      facts = std::make_shared<const PersonAccess>(std::move(a));
      return core::Ok();
    }));
    return facts;
  }

 private:
  db::Database& db_;
  PersonAccessChecker& access_;
};

}  // namespace

struct Module::Parts {
  ModuleDeps deps;
  PersonAccessChecker access;
  // [parts: persons]
  PersonService persons{deps.db, deps.clock, deps.audit, access};
  ConsentService consents{deps.db, deps.clock, deps.audit, access};
  FamilyService family{deps.db, deps.clock, deps.audit, access, deps.accounts};
  TeamService team{deps.db, deps.clock, deps.audit, deps.notifier, access};
  // [parts: timeline]
  TimelineService timeline{deps.db, deps.clock, deps.audit, deps.notifier, access};
  VitalsService vitals{deps.db, deps.clock, deps.audit, access};
  AckReminder ack_reminder{deps.db, deps.clock, deps.notifier, deps.ack_reminder_interval};
  // [parts: attachments]
  FileStore attachment_files{deps.files_dir};
  std::unique_ptr<ImageProcessor> attachment_images = NewVipsImageProcessor();
  AttachmentService attachments{deps.db, deps.clock,       deps.audit,
                                access,  attachment_files, *attachment_images};
  OrphanSweeper attachment_sweeper{attachments, deps.clock};  // hourly, once started
  ReadGate gate{deps.db, access};
  explicit Parts(ModuleDeps d) : deps(std::move(d)), access(deps.audit) {}
};

Module::Module(ModuleDeps deps) : parts_(std::make_unique<Parts>(std::move(deps))) {}
Module::~Module() { Stop(); }

AttachmentService& Module::attachments() { return parts_->attachments; }

auth::PersonGate& Module::gate() { return parts_->gate; }

std::map<std::string, std::string> Module::ReadablePersonNames(
    const auth::Caller& caller, const std::vector<std::string>& person_ids) {
  auto names = parts_->persons.ReadableNames(person_ids, caller);
  return names.ok() ? std::move(names).value() : std::map<std::string, std::string>();
}

void Module::RegisterRoutes(http::Router& router) {
  // [routes: persons]
  RegisterPersonRoutes(router, parts_->persons);
  RegisterConsentRoutes(router, parts_->consents);
  RegisterTeamRoutes(router, parts_->team);
  RegisterFamilyRoutes(router, parts_->family, parts_->persons, parts_->deps.clock);
  // [routes: timeline]
  RegisterTimelineRoutes(router, parts_->timeline, parts_->vitals);
  // [routes: attachments]
  RegisterAttachmentRoutes(router, parts_->attachments);
}

void Module::Start() {
  parts_->attachment_sweeper.Start();
  // [start: timeline]
  parts_->ack_reminder.Start();
}

void Module::Stop() {
  parts_->attachment_sweeper.Stop();
  // [stop: timeline]
  parts_->ack_reminder.Stop();
}

}  // namespace care
