// Per-user notification settings (通知設定): a delivery mode per kind of notification (immediately,
// in the daily digest, or off), quiet hours during which nothing is pushed, the time of the daily
// digest, and whether to send an e-mail that says only that something is new. Holds the model, the
// rules that decide how one notification is delivered, the validation of an update, the SQL and
// the small service behind GET/PUT /api/v1/notification-settings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "audit/audit_log.h"
#include "auth/caller.h"
#include "core/clock.h"
#include "core/result.h"
#include "db/database.h"

namespace http {
class Router;
}

namespace notify {

using core::Result;

/// How a user wants one kind of notification.
enum class Mode { kImmediate, kDigest, kOff };
std::string_view ModeName(Mode m);
std::optional<Mode> ParseMode(std::string_view s);

/// Kinds a user may set to immediate / digest / off, in the order the settings screen lists them.
const std::vector<std::string_view>& ConfigurableKinds();
/// Security kinds (password changed or reset, two-factor reset, lockout): always immediate,
/// listed by GET so that the screen can show them, refused by PUT as anything else.
const std::vector<std::string_view>& SecurityKinds();
bool IsConfigurableKind(std::string_view kind);
bool IsSecurityKind(std::string_view kind);
/// The daily summary's own feed entry ("本日の新着 n 件"). Not configurable: always immediate, and
/// it never triggers the immediate e-mail (the digest job sends its own).
inline constexpr std::string_view kDigestKind = "digest";

/// At most one "something is new" e-mail per user in this interval (the digest's e-mail aside).
inline constexpr int64_t kEmailIntervalMillis = 30 * 60 * 1000;
/// The digest time of a user who never chose one: 08:00 JST.
inline constexpr int kDefaultDigestMinute = 8 * 60;

/// Quiet hours (通知しない時間帯) in minutes of the day, Japan time. `start != end`; the range may
/// cross midnight (22:00–07:00). Start is inside, end is outside.
struct QuietHours {
  int start_minute = 0;
  int end_minute = 0;
  bool Contains(int minute_of_day) const;
};

/// Minutes since midnight Japan time (JST, UTC+9, no daylight saving) of a UTC instant.
int MinuteOfDayJst(int64_t unix_millis);
/// The UTC instant of the last midnight in Japan at or before `unix_millis`.
int64_t StartOfDayJst(int64_t unix_millis);
/// "HH:MM" for a minute of the day.
std::string FormatHhMm(int minute_of_day);
/// Minutes of the day for exactly "HH:MM" (00:00–23:59), nullopt otherwise.
std::optional<int> ParseHhMm(std::string_view text);

struct KindSetting {
  std::string kind;
  Mode mode = Mode::kImmediate;
};

/// What GET returns: every known kind (configurable, then security) with its mode.
struct Settings {
  std::vector<KindSetting> kinds;
  std::optional<QuietHours> quiet_hours;
  bool email_enabled = false;
  std::optional<std::string> email_address;  // the profile's (users.email), read-only here
  int digest_minute = kDefaultDigestMinute;
};

/// A PUT body as sent, values still text so that validation can name the field at fault. An
/// absent field leaves the stored value as it is; kinds not listed keep their mode.
struct SettingsInput {
  struct Kind {
    std::string kind;  // empty when missing
    std::string mode;
  };
  struct Quiet {
    std::string start;
    std::string end;
  };
  std::optional<std::vector<Kind>> kinds;
  /// nullopt: unchanged; a null inner value: quiet hours switched off.
  std::optional<std::optional<Quiet>> quiet_hours;
  std::optional<bool> email_enabled;
  std::optional<std::string> digest_time;
};

/// A validated update.
struct SettingsChange {
  std::vector<KindSetting> kinds;
  std::optional<std::optional<QuietHours>> quiet_hours;
  std::optional<bool> email_enabled;
  std::optional<int> digest_minute;
};

/// Checks every field of `in`; errors name it with its path (`kinds[2].mode`,
/// `quiet_hours.start`, `digest_time`). Does not know the user's e-mail address (the service
/// checks `email.enabled` against it).
Result<SettingsChange> ValidateSettings(const SettingsInput& in);

/// What deciding one delivery needs to know about its recipient.
struct Recipient {
  Mode mode = Mode::kImmediate;  // for the kind asked about
  std::optional<QuietHours> quiet_hours;
  bool email_enabled = false;
  std::optional<std::string> email_address;
  std::optional<int64_t> last_email_at;
};

/// Where a notification goes: `notifications.delivery` and whether it is pushed live.
enum class Delivery {
  kImmediate,  // stored and pushed live
  kQuiet,      // stored, not pushed: inside quiet hours (seen at the next connection or list)
  kDigest,     // stored, not pushed, counted in the next daily digest
  kOff,        // not stored at all
};
std::string_view DeliveryName(Delivery d);

struct Decision {
  Delivery delivery = Delivery::kImmediate;
  /// An immediate "something is new" e-mail is due (still subject to the atomic claim of the
  /// e-mail slot, SettingsStore::ClaimEmail).
  bool email = false;
};

/// The rules of one delivery: security and digest kinds are always immediate; otherwise the
/// user's mode; immediate ones inside quiet hours are held back (security kinds excepted: they
/// are pushed at any hour); e-mail only for immediate ones outside quiet hours, when enabled,
/// with an address, at most once per kEmailIntervalMillis, never for the digest entry.
Decision Decide(std::string_view kind, const Recipient& r, int64_t now_millis);

/// The settings' SQL. Functions take the connection so that callers can combine them in one
/// transaction.
class SettingsStore {
 public:
  static Result<Settings> Load(db::Connection& c, const std::string& user_id);
  /// The recipient's mode for `kind` and preferences (defaults when nothing is stored).
  static Result<Recipient> LoadRecipient(db::Connection& c, const std::string& user_id,
                                         std::string_view kind);
  static Result<void> Save(db::Connection& c, const std::string& user_id,
                           const SettingsChange& change, int64_t now);
  /// Takes the user's e-mail slot: true (and last_email_at = now) when e-mail is enabled and no
  /// e-mail went out in the last kEmailIntervalMillis. Atomic, so two writers never both send.
  static Result<bool> ClaimEmail(db::Connection& c, const std::string& user_id, int64_t now);
  /// Creates the user's preferences row with defaults when there is none.
  static Result<void> EnsurePreferences(db::Connection& c, const std::string& user_id, int64_t now);
};

/// GET and PUT of the signed-in user's own settings.
class SettingsService {
 public:
  SettingsService(db::Database& db, const core::Clock& clock, audit::AuditSink& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  Result<Settings> Get(const auth::Caller& caller);
  /// Validates, stores, records `notify.settings.update` (which fields changed, nothing
  /// personal) and returns the settings as now stored.
  Result<Settings> Update(const SettingsInput& input, const auth::Caller& caller);

 private:
  db::Database& db_;
  const core::Clock& clock_;
  audit::AuditSink& audit_;
};

/// GET/PUT /api/v1/notification-settings (defined in routes.cpp next to the feed's routes).
void RegisterSettingsRoutes(http::Router& router, SettingsService& settings);

}  // namespace notify
