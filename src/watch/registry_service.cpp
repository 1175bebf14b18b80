#include "watch/registry_service.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "care/field_reader.h"
#include "core/id.h"
#include "watch/codes.h"
#include "watch/fleet.h"
#include "watch/ingester.h"
#include "watch/json.h"
#include "watch/local_time.h"
#include "watch/registry_store.h"

namespace watch {
namespace {

namespace json = boost::json;
using care::fields::Reader;
using core::Result;

// Absences may be scheduled up to a year ahead and last at most a year (a long hospital stay is
// ended by ending the enrolment instead).
constexpr int64_t kYearMs = 366LL * 24 * 3600 * 1000;
// Device times are plausible from 2020 on; an install date cannot lie in the future.
constexpr int64_t kEarliestMs = 1'577'836'800'000;

struct SettingsInput {
  json::object settings;
  json::object runbook;
};

// {settings?, runbook?: {note?}}; the settings are checked against the region's thresholds.
Result<SettingsInput> ReadSettings(db::Connection& c, const std::string& municipality_code,
                                   const json::object& body, bool required) {
  std::vector<core::FieldError> errors;
  Reader in(body, "", errors);
  SettingsInput out;
  if (const json::object* s = in.Object("settings", required)) out.settings = *s;
  if (const json::object* rb = in.Object("runbook", required)) {
    Reader r(*rb, "runbook", errors);
    if (auto note = r.Str("note", care::fields::kNote, true)) out.runbook["note"] = *note;
    r.Finish();
  }
  in.Finish();
  RETURN_IF_ERROR(care::fields::Done(errors));
  ASSIGN_OR_RETURN(auto region, registry::RegionSettings(c, municipality_code));
  ASSIGN_OR_RETURN(auto base, MergeThresholds(Thresholds{}, ParseStoredObject(region)));
  RETURN_IF_ERROR(MergeThresholds(base, out.settings, "settings"));
  return out;
}

Result<Subject> RequireSubject(db::Connection& c, const std::string& person_id) {
  ASSIGN_OR_RETURN(auto s, registry::FindSubject(c, person_id));
  if (!s) {
    return Coded(core::ErrorCode::kNotFound, "not_enrolled",
                 "見守りサービスに登録されていません (not enrolled in watch)");
  }
  return std::move(*s);
}

Result<Device> RequireDeviceOf(db::Connection& c, const std::string& person_id,
                               const std::string& device_id) {
  ASSIGN_OR_RETURN(auto d, registry::FindDevice(c, device_id));
  if (!d || d->person_id != person_id) return core::Error::NotFound();
  return std::move(*d);
}

// {id, kind, place, firmware?, gateway_id?, installed_at?}
Result<Device> ReadDevice(const json::object& body, const std::string& person_id, int64_t now) {
  std::vector<core::FieldError> errors;
  Reader in(body, "", errors);
  Device d;
  d.person_id = person_id;
  d.id = in.Required("id", kMaxDeviceIdLength);
  if (!d.id.empty() && !IsValidDeviceId(d.id)) {
    in.Error("id", "format",
             "英数字・-・_ の64文字以内で指定してください (1-64 of A-Z a-z 0-9 - _)");
  }
  d.kind = in.Enum("kind", DeviceKinds(), true).value_or("");
  d.place = in.Enum("place", Places(), true).value_or("");
  d.firmware = in.Str("firmware", 100).value_or("");
  d.gateway_id = in.Str("gateway_id", kMaxDeviceIdLength);
  d.installed_at = in.Int("installed_at", kEarliestMs, now + kMinuteMs).value_or(now);
  in.Finish();
  RETURN_IF_ERROR(care::fields::Done(errors));
  return d;
}

// {reason, starts_at, ends_at, note?}
Result<Absence> ReadAbsence(const json::object& body, const std::string& person_id, int64_t now) {
  std::vector<core::FieldError> errors;
  Reader in(body, "", errors);
  Absence ab;
  ab.id = core::NewId(now);
  ab.person_id = person_id;
  ab.reason = in.Enum("reason", AbsenceReasons(), true).value_or("");
  ab.starts_at = in.Int("starts_at", now - 7 * kDayMs, now + kYearMs, true).value_or(0);
  ab.ends_at = in.Int("ends_at", now, now + 2 * kYearMs, true).value_or(0);
  ab.note = in.Str("note", care::fields::kNote, true).value_or("");
  if (ab.starts_at && ab.ends_at && ab.ends_at <= ab.starts_at) {
    in.Error("ends_at", "before_start", "開始より後にしてください (must be after starts_at)");
  } else if (ab.starts_at && ab.ends_at - ab.starts_at > kYearMs) {
    in.Error("ends_at", "too_long", "1年以内にしてください (at most one year)");
  }
  in.Finish();
  RETURN_IF_ERROR(care::fields::Done(errors));
  ab.created_at = now;
  return ab;
}

std::string UserId(const auth::Caller& caller) {
  return caller.principal ? caller.principal->user_id : std::string();
}

}  // namespace

Result<Thresholds> Registry::Effective(db::Connection& c, const std::string& municipality_code,
                                       const std::string& person_settings) {
  ASSIGN_OR_RETURN(auto region, registry::RegionSettings(c, municipality_code));
  ASSIGN_OR_RETURN(auto base, MergeThresholds(Thresholds{}, ParseStoredObject(region)));
  auto merged = MergeThresholds(base, ParseStoredObject(person_settings));
  return merged.ok() ? std::move(*merged) : base;  // a region change may void an old override
}

Result<json::object> Registry::Get(const std::string& person_id, const auth::Caller& caller) {
  json::object out;
  RETURN_IF_ERROR(ctx_.db.Run([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(
        auto a, ctx_.access.Require(c, person_id, caller, WatchNeed::kRead, "watch.subject.read"));
    ASSIGN_OR_RETURN(auto s, RequireSubject(c, person_id));
    ASSIGN_OR_RETURN(auto devices, registry::DevicesOf(c, person_id));
    ASSIGN_OR_RETURN(auto absences, registry::AbsencesOf(c, person_id, ctx_.clock.NowMillis()));
    ASSIGN_OR_RETURN(auto effective, Effective(c, s.municipality_code, s.settings_json));
    json::array dj, aj;
    for (const auto& d : devices) dj.push_back(ToJson(d));
    for (const auto& ab : absences) aj.push_back(ToJson(ab));
    out = ToJson(s);
    out["devices"] = std::move(dj);
    out["absences"] = std::move(aj);
    out["thresholds"] = ThresholdsToJson(effective);
    out["may_manage"] = a.Allows(WatchNeed::kManage);
    ctx_.audit.Record(WatchAudit(caller, a, "watch.subject.read"));
    return core::Ok();
  }));
  return out;
}

Result<json::object> Registry::Enrol(const std::string& person_id, const auth::Caller& caller,
                                     const json::object& body) {
  const int64_t now = ctx_.clock.NowMillis();
  RETURN_IF_ERROR(ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto a, ctx_.access.Require(c, person_id, caller, WatchNeed::kManage,
                                                 "watch.subject.enrol"));
    ASSIGN_OR_RETURN(auto in, ReadSettings(c, a.person.municipality_code, body, false));
    ASSIGN_OR_RETURN(auto existing, registry::FindSubject(c, person_id));
    if (existing && !existing->ended_at) {
      return Coded(core::ErrorCode::kConflict, "already_enrolled",
                   "すでに見守りサービスに登録されています (already enrolled)");
    }
    Subject s;
    s.person_id = person_id;
    s.municipality_code = a.person.municipality_code;
    s.started_at = now;
    s.settings_json = json::serialize(in.settings);
    s.runbook_json = json::serialize(in.runbook);
    RETURN_IF_ERROR(registry::UpsertSubject(c, s, UserId(caller), now));
    if (existing && (!in.settings.empty() || !in.runbook.empty())) {
      RETURN_IF_ERROR(
          registry::UpdateSubjectSettings(c, person_id, s.settings_json, s.runbook_json, now));
    }
    ctx_.audit.Record(WatchAudit(caller, a, "watch.subject.enrol"));
    return core::Ok();
  }));
  if (ctx_.changed) ctx_.changed({person_id});
  return Get(person_id, caller);
}

Result<json::object> Registry::Update(const std::string& person_id, const auth::Caller& caller,
                                      const json::object& body) {
  RETURN_IF_ERROR(ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto a, ctx_.access.Require(c, person_id, caller, WatchNeed::kManage,
                                                 "watch.subject.update"));
    ASSIGN_OR_RETURN(auto s, RequireSubject(c, person_id));
    ASSIGN_OR_RETURN(auto in, ReadSettings(c, s.municipality_code, body, true));
    RETURN_IF_ERROR(registry::UpdateSubjectSettings(c, person_id, json::serialize(in.settings),
                                                    json::serialize(in.runbook),
                                                    ctx_.clock.NowMillis()));
    ctx_.audit.Record(WatchAudit(caller, a, "watch.subject.update"));
    return core::Ok();
  }));
  if (ctx_.changed) ctx_.changed({person_id});
  return Get(person_id, caller);
}

Result<void> Registry::End(const std::string& person_id, const auth::Caller& caller) {
  RETURN_IF_ERROR(ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(
        auto a, ctx_.access.Require(c, person_id, caller, WatchNeed::kManage, "watch.subject.end"));
    ASSIGN_OR_RETURN(bool ended, registry::EndSubject(c, person_id, ctx_.clock.NowMillis()));
    if (!ended) {
      return Coded(core::ErrorCode::kNotFound, "not_enrolled",
                   "見守りサービスに登録されていません (not enrolled in watch)");
    }
    ctx_.audit.Record(WatchAudit(caller, a, "watch.subject.end"));
    return core::Ok();
  }));
  if (ctx_.changed) ctx_.changed({person_id});
  return core::Ok();
}

Result<json::object> Registry::AddDevice(const std::string& person_id, const auth::Caller& caller,
                                         const json::object& body) {
  const int64_t now = ctx_.clock.NowMillis();
  DeviceSecret secret = NewDeviceSecret();
  std::string sealed =
      ctx_.secrets.Seal(std::string_view(reinterpret_cast<const char*>(secret.data()), 32));
  Device d;
  json::object device;
  RETURN_IF_ERROR(ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    // Access first: whoever may not manage the person learns nothing from validation.
    ASSIGN_OR_RETURN(
        auto a, ctx_.access.Require(c, person_id, caller, WatchNeed::kManage, "watch.device.add"));
    ASSIGN_OR_RETURN(d, ReadDevice(body, person_id, now));
    ASSIGN_OR_RETURN(auto s, RequireSubject(c, person_id));
    if (s.ended_at) {
      return Coded(core::ErrorCode::kNotFound, "not_enrolled",
                   "見守りサービスに登録されていません (not enrolled in watch)");
    }
    if (d.gateway_id) {
      ASSIGN_OR_RETURN(auto gw, registry::FindDevice(c, *d.gateway_id));
      if (!gw || gw->person_id != person_id || gw->kind != "gateway" || gw->removed_at) {
        return core::Error::Invalid(
            "gateway_id", "この方のゲートウェイではありません (not a gateway of this person)");
      }
    }
    ASSIGN_OR_RETURN(auto existing, registry::FindDevice(c, d.id));
    if (existing) {
      return core::Error::Conflict(
          "この機器IDはすでに登録されています (device id already registered)", "id");
    }
    RETURN_IF_ERROR(registry::InsertDevice(c, d, sealed, UserId(caller), now));
    ASSIGN_OR_RETURN(auto stored, registry::FindDevice(c, d.id));
    device = ToJson(*stored);
    ctx_.audit.Record(WatchAudit(caller, a, "watch.device.add", "watch_device", d.id));
    return core::Ok();
  }));
  ctx_.ingester.Forget(d.id);
  if (ctx_.changed) ctx_.changed({person_id});
  return json::object{{"device", std::move(device)}, {"secret", DeviceSecretHex(secret)}};
}

Result<json::object> Registry::RotateSecret(const std::string& person_id,
                                            const std::string& device_id,
                                            const auth::Caller& caller) {
  DeviceSecret secret = NewDeviceSecret();
  std::string sealed =
      ctx_.secrets.Seal(std::string_view(reinterpret_cast<const char*>(secret.data()), 32));
  RETURN_IF_ERROR(ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto a, ctx_.access.Require(c, person_id, caller, WatchNeed::kManage,
                                                 "watch.device.secret"));
    ASSIGN_OR_RETURN(auto d, RequireDeviceOf(c, person_id, device_id));
    if (d.removed_at) return core::Error::Of(core::ErrorCode::kGone, "取り外し済みです (removed)");
    RETURN_IF_ERROR(registry::SetDeviceSecret(c, device_id, sealed));
    ctx_.audit.Record(WatchAudit(caller, a, "watch.device.secret", "watch_device", device_id));
    return core::Ok();
  }));
  ctx_.ingester.Forget(device_id);
  return json::object{{"device_id", device_id}, {"secret", DeviceSecretHex(secret)}};
}

Result<void> Registry::RemoveDevice(const std::string& person_id, const std::string& device_id,
                                    const auth::Caller& caller) {
  RETURN_IF_ERROR(ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto a, ctx_.access.Require(c, person_id, caller, WatchNeed::kManage,
                                                 "watch.device.remove"));
    RETURN_IF_ERROR(RequireDeviceOf(c, person_id, device_id));
    ASSIGN_OR_RETURN(bool removed, registry::RemoveDevice(c, device_id, ctx_.clock.NowMillis()));
    if (!removed) return core::Error::Of(core::ErrorCode::kGone, "取り外し済みです (removed)");
    ctx_.audit.Record(WatchAudit(caller, a, "watch.device.remove", "watch_device", device_id));
    return core::Ok();
  }));
  ctx_.ingester.Forget(device_id);
  if (ctx_.changed) ctx_.changed({person_id});
  return core::Ok();
}

Result<json::object> Registry::AddAbsence(const std::string& person_id, const auth::Caller& caller,
                                          const json::object& body) {
  const int64_t now = ctx_.clock.NowMillis();
  json::object out;
  RETURN_IF_ERROR(ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto a, ctx_.access.Require(c, person_id, caller, WatchNeed::kOperate,
                                                 "watch.absence.add"));
    ASSIGN_OR_RETURN(auto ab, ReadAbsence(body, person_id, now));
    ab.created_by = UserId(caller);
    RETURN_IF_ERROR(registry::InsertAbsence(c, ab));
    ASSIGN_OR_RETURN(auto stored, registry::FindAbsence(c, ab.id));
    out = ToJson(*stored);
    ctx_.audit.Record(WatchAudit(caller, a, "watch.absence.add", "watch_absence", ab.id));
    return core::Ok();
  }));
  if (ctx_.changed) ctx_.changed({person_id});
  return out;
}

Result<void> Registry::CancelAbsence(const std::string& person_id, const std::string& absence_id,
                                     const auth::Caller& caller) {
  RETURN_IF_ERROR(ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto a, ctx_.access.Require(c, person_id, caller, WatchNeed::kOperate,
                                                 "watch.absence.cancel"));
    ASSIGN_OR_RETURN(auto ab, registry::FindAbsence(c, absence_id));
    if (!ab || ab->person_id != person_id) return core::Error::NotFound();
    ASSIGN_OR_RETURN(
        bool done, registry::CancelAbsence(c, absence_id, UserId(caller), ctx_.clock.NowMillis()));
    if (!done) return core::Error::Of(core::ErrorCode::kGone, "取り消し済みです (cancelled)");
    ctx_.audit.Record(WatchAudit(caller, a, "watch.absence.cancel", "watch_absence", absence_id));
    return core::Ok();
  }));
  if (ctx_.changed) ctx_.changed({person_id});
  return core::Ok();
}

Result<json::object> Registry::RegionSettings(const std::string& municipality_code,
                                              const auth::Caller& caller) {
  return ctx_.db.Get<json::object>([&](db::Connection& c) -> Result<json::object> {
    ASSIGN_OR_RETURN(auto stored, registry::RegionSettings(c, municipality_code));
    json::object overrides = ParseStoredObject(stored);
    ASSIGN_OR_RETURN(auto t, MergeThresholds(Thresholds{}, overrides));
    return json::object{{"municipality_code", municipality_code},
                        {"settings", std::move(overrides)},
                        {"thresholds", ThresholdsToJson(t)},
                        {"defaults", ThresholdsToJson(Thresholds{})}};
  });
}

Result<json::object> Registry::SaveRegionSettings(const std::string& municipality_code,
                                                  const auth::Caller& caller,
                                                  const json::object& body) {
  std::vector<core::FieldError> errors;
  Reader in(body, "", errors);
  const json::object* s = in.Object("settings", true);
  in.Finish();
  RETURN_IF_ERROR(care::fields::Done(errors));
  RETURN_IF_ERROR(MergeThresholds(Thresholds{}, *s, "settings"));
  RETURN_IF_ERROR(ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    RETURN_IF_ERROR(registry::SaveRegionSettings(c, municipality_code, json::serialize(*s),
                                                 UserId(caller), ctx_.clock.NowMillis()));
    audit::Entry e = caller.Audit("watch.region_settings.save", "municipality", municipality_code);
    e.municipality_code = municipality_code;
    ctx_.audit.Record(std::move(e));
    return core::Ok();
  }));
  return RegionSettings(municipality_code, caller);
}

}  // namespace watch
