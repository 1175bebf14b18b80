// SQL for the watch registry: enrolments, devices, region settings and absences.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "db/database.h"
#include "watch/model.h"

namespace watch::registry {

using core::Result;

Result<std::optional<Subject>> FindSubject(db::Connection& c, const std::string& person_id);
/// Creates the enrolment, or starts an ended one again (keeping its settings).
Result<void> UpsertSubject(db::Connection& c, const Subject& s, const std::string& user_id,
                           int64_t now);
Result<void> UpdateSubjectSettings(db::Connection& c, const std::string& person_id,
                                   const std::string& settings_json,
                                   const std::string& runbook_json, int64_t now);
Result<bool> EndSubject(db::Connection& c, const std::string& person_id, int64_t now);

/// The municipality's threshold defaults as stored ("{}" when none were saved).
Result<std::string> RegionSettings(db::Connection& c, const std::string& municipality_code);
Result<void> SaveRegionSettings(db::Connection& c, const std::string& municipality_code,
                                const std::string& settings_json, const std::string& user_id,
                                int64_t now);

/// Installed and removed devices of the person, installed first, then by id.
Result<std::vector<Device>> DevicesOf(db::Connection& c, const std::string& person_id);
Result<std::optional<Device>> FindDevice(db::Connection& c, const std::string& device_id);
Result<void> InsertDevice(db::Connection& c, const Device& d, const std::string& secret_sealed,
                          const std::string& user_id, int64_t now);
Result<void> SetDeviceSecret(db::Connection& c, const std::string& device_id,
                             const std::string& secret_sealed);
Result<bool> RemoveDevice(db::Connection& c, const std::string& device_id, int64_t now);

Result<std::vector<Absence>> AbsencesOf(db::Connection& c, const std::string& person_id,
                                        int64_t ending_after);
Result<std::optional<Absence>> FindAbsence(db::Connection& c, const std::string& absence_id);
Result<void> InsertAbsence(db::Connection& c, const Absence& a);
Result<bool> CancelAbsence(db::Connection& c, const std::string& absence_id,
                           const std::string& user_id, int64_t now);

/// A nullable INTEGER column holding a small number (a percentage).
std::optional<int> OptInt32(const db::Row& r, size_t i);

}  // namespace watch::registry
