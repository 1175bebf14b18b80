// The watch registry (spec 06 "Devices"): enrolling a person, their thresholds and runbook
// notes, devices with their secrets, scheduled absences, and the region's default thresholds.
// Every call checks the caller's watch access and writes the audit log.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "auth/caller.h"
#include "core/result.h"
#include "watch/context.h"
#include "watch/device_mac.h"
#include "watch/thresholds.h"

namespace watch {

class Registry {
 public:
  explicit Registry(Context& ctx) : ctx_(ctx) {}

  /// The enrolment, devices, upcoming absences and the thresholds in force (region then person).
  core::Result<boost::json::object> Get(const std::string& person_id, const auth::Caller& caller);
  /// Enrols the person (or enrols again); body {settings?, runbook?}.
  core::Result<boost::json::object> Enrol(const std::string& person_id, const auth::Caller& caller,
                                          const boost::json::object& body);
  /// Replaces the person's threshold overrides and runbook note; body {settings, runbook}.
  core::Result<boost::json::object> Update(const std::string& person_id, const auth::Caller& caller,
                                           const boost::json::object& body);
  core::Result<void> End(const std::string& person_id, const auth::Caller& caller);

  /// Registers a device; the answer carries its secret, shown this once.
  core::Result<boost::json::object> AddDevice(const std::string& person_id,
                                              const auth::Caller& caller,
                                              const boost::json::object& body);
  core::Result<boost::json::object> RotateSecret(const std::string& person_id,
                                                 const std::string& device_id,
                                                 const auth::Caller& caller);
  core::Result<void> RemoveDevice(const std::string& person_id, const std::string& device_id,
                                  const auth::Caller& caller);

  core::Result<boost::json::object> AddAbsence(const std::string& person_id,
                                               const auth::Caller& caller,
                                               const boost::json::object& body);
  core::Result<void> CancelAbsence(const std::string& person_id, const std::string& absence_id,
                                   const auth::Caller& caller);

  core::Result<boost::json::object> RegionSettings(const std::string& municipality_code,
                                                   const auth::Caller& caller);
  core::Result<boost::json::object> SaveRegionSettings(const std::string& municipality_code,
                                                       const auth::Caller& caller,
                                                       const boost::json::object& body);

  /// The thresholds in force for a person of `municipality_code` with `person_settings`.
  static core::Result<Thresholds> Effective(db::Connection& c, const std::string& municipality_code,
                                            const std::string& person_settings);

 private:
  Context& ctx_;
};

}  // namespace watch
