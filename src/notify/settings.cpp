#include "notify/settings.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace notify {
namespace {

constexpr int64_t kMinuteMillis = 60 * 1000;
constexpr int64_t kDayMillis = 24 * 60 * kMinuteMillis;
constexpr int64_t kJstOffsetMillis = 9 * 60 * kMinuteMillis;

constexpr db::Statement kLoadKinds{
    "notify_settings_kinds", "SELECT kind, mode FROM notification_settings WHERE user_id = $1"};
constexpr db::Statement kLoadPreferences{
    "notify_settings_preferences",
    "SELECT u.email, p.quiet_start, p.quiet_end, p.email_enabled, p.digest_minute FROM users u "
    "LEFT JOIN notification_preferences p ON p.user_id = u.id WHERE u.id = $1"};
constexpr db::Statement kLoadRecipient{
    "notify_settings_recipient",
    "SELECT u.email, p.quiet_start, p.quiet_end, p.email_enabled, p.last_email_at, s.mode "
    "FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id "
    "LEFT JOIN notification_settings s ON s.user_id = u.id AND s.kind = $2 WHERE u.id = $1"};
constexpr db::Statement kEnsurePreferences{
    "notify_settings_ensure_preferences",
    "INSERT INTO notification_preferences (user_id, digest_minute, updated_at) "
    "VALUES ($1, $2, $3) ON CONFLICT (user_id) DO NOTHING"};
constexpr db::Statement kSetQuietHours{
    "notify_settings_set_quiet",
    "UPDATE notification_preferences SET quiet_start = $2, quiet_end = $3, updated_at = $4 "
    "WHERE user_id = $1"};
constexpr db::Statement kSetEmail{
    "notify_settings_set_email",
    "UPDATE notification_preferences SET email_enabled = $2, updated_at = $3 WHERE user_id = $1"};
constexpr db::Statement kSetDigestMinute{
    "notify_settings_set_digest",
    "UPDATE notification_preferences SET digest_minute = $2, updated_at = $3 WHERE user_id = $1"};
constexpr db::Statement kTouch{
    "notify_settings_touch",
    "UPDATE notification_preferences SET updated_at = $2 WHERE user_id = $1"};
constexpr db::Statement kUpsertKind{
    "notify_settings_upsert_kind",
    "INSERT INTO notification_settings (user_id, kind, mode) VALUES ($1, $2, $3) "
    "ON CONFLICT (user_id, kind) DO UPDATE SET mode = excluded.mode"};
// The slot is taken only when the last e-mail is old enough, in the same statement, so that two
// notifications written at once on two threads (or two servers) send one e-mail, not two.
constexpr db::Statement kClaimEmail{
    "notify_settings_claim_email",
    "UPDATE notification_preferences SET last_email_at = $2 WHERE user_id = $1 AND "
    "email_enabled = 1 AND (last_email_at IS NULL OR last_email_at <= $3)"};

const std::vector<std::string_view> kConfigurable = {
    "timeline.post",          // 新しい投稿
    "timeline.reply",         // 返信
    "timeline.mention",       // メンション
    "timeline.ack_request",   // 確認依頼
    "timeline.ack_reminder",  // 確認依頼の再通知
    "team.invitation",        // ケアチームへの招待
    "invitation.accepted",    // 招待の受け入れ
    "emergency.access",       // 救急隊が救急情報を開いた・搬送先が決まった
    "emergency.outcome",      // 搬送先の病院からの報告
    "emergency.handover",     // 自院への救急搬送の申し送り
};
const std::vector<std::string_view> kSecurity = {
    "security.password_changed",
    "security.password_reset",
    "security.totp_reset",
    "security.lockout",
};

std::optional<QuietHours> QuietFromRow(const db::Row& r, size_t start, size_t end) {
  if (r.IsNull(start) || r.IsNull(end)) return std::nullopt;
  QuietHours q{static_cast<int>(r.Int(start)), static_cast<int>(r.Int(end))};
  // Rows written by hand (or an older build) may be nonsense; treat those as "no quiet hours"
  // rather than as a window that swallows every notification.
  if (q.start_minute < 0 || q.start_minute >= 1440 || q.end_minute < 0 || q.end_minute >= 1440 ||
      q.start_minute == q.end_minute) {
    return std::nullopt;
  }
  return q;
}

std::optional<std::string> Address(const db::Row& r, size_t i) {
  auto a = r.OptText(i);
  if (a && a->empty()) return std::nullopt;
  return a;
}

core::FieldError Problem(std::string field, std::string code, std::string message) {
  return core::FieldError{std::move(field), std::move(code), std::move(message)};
}

}  // namespace

std::string_view ModeName(Mode m) {
  switch (m) {
    case Mode::kImmediate:
      return "immediate";
    case Mode::kDigest:
      return "digest";
    case Mode::kOff:
      return "off";
  }
  return "immediate";
}

std::optional<Mode> ParseMode(std::string_view s) {
  if (s == "immediate") return Mode::kImmediate;
  if (s == "digest") return Mode::kDigest;
  if (s == "off") return Mode::kOff;
  return std::nullopt;
}

std::string_view DeliveryName(Delivery d) {
  switch (d) {
    case Delivery::kImmediate:
      return "immediate";
    case Delivery::kQuiet:
      return "quiet";
    case Delivery::kDigest:
      return "digest";
    case Delivery::kOff:
      return "off";
  }
  return "immediate";
}

const std::vector<std::string_view>& ConfigurableKinds() { return kConfigurable; }
const std::vector<std::string_view>& SecurityKinds() { return kSecurity; }

bool IsConfigurableKind(std::string_view kind) {
  return std::find(kConfigurable.begin(), kConfigurable.end(), kind) != kConfigurable.end();
}

bool IsSecurityKind(std::string_view kind) {
  return std::find(kSecurity.begin(), kSecurity.end(), kind) != kSecurity.end();
}

bool QuietHours::Contains(int minute) const {
  if (start_minute < end_minute) return minute >= start_minute && minute < end_minute;
  return minute >= start_minute || minute < end_minute;  // crosses midnight
}

int MinuteOfDayJst(int64_t unix_millis) {
  int64_t local = unix_millis + kJstOffsetMillis;
  int64_t in_day = ((local % kDayMillis) + kDayMillis) % kDayMillis;
  return static_cast<int>(in_day / kMinuteMillis);
}

int64_t StartOfDayJst(int64_t unix_millis) {
  int64_t local = unix_millis + kJstOffsetMillis;
  int64_t in_day = ((local % kDayMillis) + kDayMillis) % kDayMillis;
  return unix_millis - in_day;
}

std::string FormatHhMm(int minute) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (minute / 60) % 24, minute % 60);
  return buf;
}

std::optional<int> ParseHhMm(std::string_view t) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (t.size() != 5 || t[2] != ':' || !digit(t[0]) || !digit(t[1]) || !digit(t[3]) ||
      !digit(t[4])) {
    return std::nullopt;
  }
  int h = (t[0] - '0') * 10 + (t[1] - '0');
  int m = (t[3] - '0') * 10 + (t[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

Result<SettingsChange> ValidateSettings(const SettingsInput& in) {
  SettingsChange out;
  std::vector<core::FieldError> errors;
  if (in.kinds) {
    std::set<std::string> seen;
    for (size_t i = 0; i < in.kinds->size(); ++i) {
      const auto& k = (*in.kinds)[i];
      std::string path = "kinds[" + std::to_string(i) + "]";
      bool security = IsSecurityKind(k.kind);
      bool kind_ok = false;
      if (k.kind.empty()) {
        errors.push_back(Problem(path + ".kind", "required", "入力してください (required)"));
      } else if (!security && !IsConfigurableKind(k.kind)) {
        errors.push_back(
            Problem(path + ".kind", "not_allowed", "不明な通知の種類です (unknown kind)"));
      } else if (!seen.insert(k.kind).second) {
        errors.push_back(
            Problem(path + ".kind", "duplicate", "同じ種類が重複しています (kind listed twice)"));
      } else {
        kind_ok = true;
      }
      std::optional<Mode> mode = ParseMode(k.mode);
      if (k.mode.empty()) {
        errors.push_back(Problem(path + ".mode", "required", "入力してください (required)"));
      } else if (!mode) {
        errors.push_back(
            Problem(path + ".mode", "not_allowed",
                    "次のいずれかを指定してください (one of): immediate, digest, off"));
      } else if (security && *mode != Mode::kImmediate) {
        // A password reset or a lockout the user never hears about is how an account takeover
        // goes unnoticed: these stay immediate whatever the user prefers.
        errors.push_back(
            Problem(path + ".mode", "locked",
                    "セキュリティの通知は常にすぐに届きます (security notifications are always "
                    "immediate)"));
      } else if (kind_ok && !security) {
        out.kinds.push_back({k.kind, *mode});
      }
    }
  }
  if (in.quiet_hours) {
    if (!*in.quiet_hours) {
      out.quiet_hours = std::optional<QuietHours>();
    } else {
      const auto& q = **in.quiet_hours;
      auto check = [&](const std::string& text, const std::string& field) -> std::optional<int> {
        if (text.empty()) {
          errors.push_back(Problem(field, "required", "入力してください (required)"));
          return std::nullopt;
        }
        auto m = ParseHhMm(text);
        if (!m) {
          errors.push_back(Problem(
              field, "format", "00:00〜23:59 の HH:MM で指定してください (HH:MM, 00:00-23:59)"));
        }
        return m;
      };
      auto start = check(q.start, "quiet_hours.start");
      auto end = check(q.end, "quiet_hours.end");
      if (start && end && *start == *end) {
        errors.push_back(
            Problem("quiet_hours.end", "same_as_start",
                    "開始と終了を別の時刻にしてください (end must differ from start)"));
      } else if (start && end) {
        out.quiet_hours = std::optional<QuietHours>(QuietHours{*start, *end});
      }
    }
  }
  out.email_enabled = in.email_enabled;
  if (in.digest_time) {
    auto m = ParseHhMm(*in.digest_time);
    if (!m) {
      errors.push_back(Problem("digest_time", "format",
                               "00:00〜23:59 の HH:MM で指定してください (HH:MM, 00:00-23:59)"));
    } else {
      out.digest_minute = *m;
    }
  }
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  return out;
}

Decision Decide(std::string_view kind, const Recipient& r, int64_t now) {
  Decision d;
  bool locked = IsSecurityKind(kind) || kind == kDigestKind;
  Mode mode = locked ? Mode::kImmediate : r.mode;
  if (mode == Mode::kOff) {
    d.delivery = Delivery::kOff;
    return d;
  }
  if (mode == Mode::kDigest) {
    d.delivery = Delivery::kDigest;
    return d;
  }
  bool quiet = r.quiet_hours && r.quiet_hours->Contains(MinuteOfDayJst(now));
  // Security notices are pushed even in quiet hours: someone locking the account at 3 a.m. is
  // exactly what the user must see on the device they have open.
  if (quiet && !IsSecurityKind(kind)) {
    d.delivery = Delivery::kQuiet;
    return d;
  }
  d.delivery = Delivery::kImmediate;
  d.email = !quiet && kind != kDigestKind && r.email_enabled && r.email_address.has_value() &&
            (!r.last_email_at || now - *r.last_email_at >= kEmailIntervalMillis);
  return d;
}

Result<Settings> SettingsStore::Load(db::Connection& c, const std::string& user_id) {
  Settings s;
  ASSIGN_OR_RETURN(auto rows, c.Query(kLoadKinds, {user_id}));
  for (std::string_view kind : kConfigurable) {
    Mode mode = Mode::kImmediate;
    for (const auto& r : rows) {
      if (r.Text(0) == kind) mode = ParseMode(r.Text(1)).value_or(Mode::kImmediate);
    }
    s.kinds.push_back({std::string(kind), mode});
  }
  for (std::string_view kind : kSecurity) s.kinds.push_back({std::string(kind), Mode::kImmediate});
  ASSIGN_OR_RETURN(auto p, c.QueryOne(kLoadPreferences, {user_id}));
  if (!p) return core::Error::NotFound("利用者が見つかりません (user not found)");
  s.email_address = Address(*p, 0);
  s.quiet_hours = QuietFromRow(*p, 1, 2);
  s.email_enabled = !p->IsNull(3) && p->Bool(3);
  if (!p->IsNull(4)) s.digest_minute = static_cast<int>(p->Int(4));
  return s;
}

Result<Recipient> SettingsStore::LoadRecipient(db::Connection& c, const std::string& user_id,
                                               std::string_view kind) {
  Recipient r;
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kLoadRecipient, {user_id, kind}));
  if (!row) return r;
  r.email_address = Address(*row, 0);
  r.quiet_hours = QuietFromRow(*row, 1, 2);
  r.email_enabled = !row->IsNull(3) && row->Bool(3);
  r.last_email_at = row->OptInt(4);
  if (!row->IsNull(5)) r.mode = ParseMode(row->Text(5)).value_or(Mode::kImmediate);
  return r;
}

Result<void> SettingsStore::EnsurePreferences(db::Connection& c, const std::string& user_id,
                                              int64_t now) {
  RETURN_IF_ERROR(c.Execute(kEnsurePreferences, {user_id, kDefaultDigestMinute, now}));
  return core::Ok();
}

Result<void> SettingsStore::Save(db::Connection& c, const std::string& user_id,
                                 const SettingsChange& change, int64_t now) {
  RETURN_IF_ERROR(EnsurePreferences(c, user_id, now));
  for (const auto& k : change.kinds) {
    RETURN_IF_ERROR(c.Execute(kUpsertKind, {user_id, k.kind, std::string(ModeName(k.mode))}));
  }
  if (change.quiet_hours) {
    std::optional<int64_t> start, end;
    if (*change.quiet_hours) {
      start = (*change.quiet_hours)->start_minute;
      end = (*change.quiet_hours)->end_minute;
    }
    RETURN_IF_ERROR(c.Execute(kSetQuietHours, {user_id, start, end, now}));
  }
  if (change.email_enabled) {
    RETURN_IF_ERROR(c.Execute(kSetEmail, {user_id, *change.email_enabled, now}));
  }
  if (change.digest_minute) {
    RETURN_IF_ERROR(c.Execute(kSetDigestMinute, {user_id, *change.digest_minute, now}));
  }
  RETURN_IF_ERROR(c.Execute(kTouch, {user_id, now}));
  return core::Ok();
}

Result<bool> SettingsStore::ClaimEmail(db::Connection& c, const std::string& user_id, int64_t now) {
  ASSIGN_OR_RETURN(int64_t changed,
                   c.Execute(kClaimEmail, {user_id, now, now - kEmailIntervalMillis}));
  return changed == 1;
}

Result<Settings> SettingsService::Get(const auth::Caller& caller) {
  if (!caller.principal) return core::Error::Unauthenticated();
  const std::string& user_id = caller.principal->user_id;
  return db_.Get<Settings>([&](db::Connection& c) { return SettingsStore::Load(c, user_id); });
}

Result<Settings> SettingsService::Update(const SettingsInput& input, const auth::Caller& caller) {
  if (!caller.principal) return core::Error::Unauthenticated();
  const std::string& user_id = caller.principal->user_id;
  ASSIGN_OR_RETURN(SettingsChange change, ValidateSettings(input));
  int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(Settings saved,
                   db_.InTransaction<Settings>([&](db::Connection& c) -> Result<Settings> {
                     if (change.email_enabled.value_or(false)) {
                       ASSIGN_OR_RETURN(Settings current, SettingsStore::Load(c, user_id));
                       if (!current.email_address) {
                         return core::Error::Invalid(
                             "email.enabled",
                             "プロフィールにメールアドレスが登録されていません (no e-mail "
                             "address in your profile)",
                             "no_address");
                       }
                     }
                     RETURN_IF_ERROR(SettingsStore::Save(c, user_id, change, now));
                     return SettingsStore::Load(c, user_id);
                   }));
  // Which parts changed, never the values: quiet hours and addresses say something about a
  // person's day and are no business of the audit log.
  std::string fields;
  auto add = [&](bool present, const char* name) {
    if (!present) return;
    fields += fields.empty() ? "\"" : ",\"";
    fields += name;
    fields += "\"";
  };
  add(input.kinds.has_value(), "kinds");
  add(input.quiet_hours.has_value(), "quiet_hours");
  add(input.email_enabled.has_value(), "email");
  add(input.digest_time.has_value(), "digest_time");
  audit::Entry e = caller.Audit("notify.settings.update", "user", user_id);
  e.details = "{\"fields\":[" + fields + "]}";
  audit_.Record(std::move(e));
  return saved;
}

}  // namespace notify
