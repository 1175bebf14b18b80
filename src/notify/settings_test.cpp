// Tests of the notification settings: time-of-day helpers in Japan time, the validation of an
// update (every error names its field), the delivery rules, and the store and service on SQLite
// and PostgreSQL.
#include "notify/settings.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/id.h"
#include "db/migrations.h"
#include "db/testing.h"

namespace notify {
namespace {

// 2026-09-14 00:00 JST = 2026-09-13 15:00 UTC.
constexpr int64_t kMidnightJst = 1'789'311'600'000;
constexpr int64_t kMinute = 60'000;

bool HasField(const core::Error& e, const std::string& field) {
  return std::any_of(e.details.begin(), e.details.end(),
                     [&](const core::FieldError& f) { return f.field == field; });
}

std::string CodeOf(const core::Error& e, const std::string& field) {
  for (const auto& f : e.details) {
    if (f.field == field) return f.code;
  }
  return {};
}

TEST(NotifyTimeTest, MinuteOfDayAndStartOfDayAreInJapanTime) {
  EXPECT_EQ(MinuteOfDayJst(kMidnightJst), 0);
  EXPECT_EQ(MinuteOfDayJst(kMidnightJst + 7 * 60 * kMinute + 30 * kMinute), 7 * 60 + 30);
  EXPECT_EQ(MinuteOfDayJst(kMidnightJst - kMinute), 23 * 60 + 59);
  EXPECT_EQ(StartOfDayJst(kMidnightJst + 23 * 60 * kMinute), kMidnightJst);
  EXPECT_EQ(StartOfDayJst(kMidnightJst - 1), kMidnightJst - 24 * 60 * kMinute);
  // 08:59 UTC is 17:59 JST on the same date, 15:00 UTC already the next day in Japan.
  EXPECT_EQ(StartOfDayJst(kMidnightJst + 9 * 3600'000), kMidnightJst);
}

TEST(NotifyTimeTest, HhMmIsStrict) {
  EXPECT_EQ(ParseHhMm("00:00"), 0);
  EXPECT_EQ(ParseHhMm("23:59"), 23 * 60 + 59);
  EXPECT_EQ(ParseHhMm("07:05"), 7 * 60 + 5);
  for (const char* bad :
       {"24:00", "7:00", "07:60", "0700", "07:00 ", "ab:cd", "", "07-00", "１２:００"}) {
    EXPECT_FALSE(ParseHhMm(bad).has_value()) << bad;
  }
  EXPECT_EQ(FormatHhMm(0), "00:00");
  EXPECT_EQ(FormatHhMm(22 * 60 + 5), "22:05");
}

TEST(NotifyTimeTest, QuietHoursMayCrossMidnight) {
  QuietHours night{22 * 60, 7 * 60};
  EXPECT_TRUE(night.Contains(22 * 60));
  EXPECT_TRUE(night.Contains(23 * 60 + 59));
  EXPECT_TRUE(night.Contains(0));
  EXPECT_TRUE(night.Contains(6 * 60 + 59));
  EXPECT_FALSE(night.Contains(7 * 60));
  EXPECT_FALSE(night.Contains(12 * 60));
  QuietHours lunch{12 * 60, 13 * 60};
  EXPECT_TRUE(lunch.Contains(12 * 60 + 30));
  EXPECT_FALSE(lunch.Contains(13 * 60));
  EXPECT_FALSE(lunch.Contains(23 * 60));
}

TEST(ValidateSettingsTest, AcceptsAFullUpdate) {
  SettingsInput in;
  in.kinds = {
      {"timeline.post", "digest"}, {"team.invitation", "off"}, {"security.lockout", "immediate"}};
  in.quiet_hours = SettingsInput::Quiet{"22:00", "07:00"};
  in.email_enabled = true;
  in.digest_time = "18:30";
  auto out = ValidateSettings(in);
  ASSERT_TRUE(out.ok()) << out.error().message;
  // Security kinds are never stored: they are immediate by rule, not by setting.
  ASSERT_EQ(out->kinds.size(), 2u);
  EXPECT_EQ(out->kinds[0].mode, Mode::kDigest);
  EXPECT_EQ(out->kinds[1].mode, Mode::kOff);
  ASSERT_TRUE(out->quiet_hours && *out->quiet_hours);
  EXPECT_EQ((*out->quiet_hours)->start_minute, 22 * 60);
  EXPECT_EQ((*out->quiet_hours)->end_minute, 7 * 60);
  EXPECT_EQ(out->digest_minute, 18 * 60 + 30);
  EXPECT_EQ(out->email_enabled, true);
}

TEST(ValidateSettingsTest, NullQuietHoursSwitchesThemOff) {
  SettingsInput in;
  in.quiet_hours = std::optional<SettingsInput::Quiet>();
  auto out = ValidateSettings(in);
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE(out->quiet_hours.has_value());
  EXPECT_FALSE(out->quiet_hours->has_value());
}

TEST(ValidateSettingsTest, EveryBadFieldIsNamedWithItsPath) {
  SettingsInput in;
  in.kinds = {{"timeline.post", "immediate"},
              {"timeline.unknown", "immediate"},
              {"timeline.reply", "sometimes"},
              {"timeline.post", "off"},
              {"", ""},
              {"security.password_reset", "off"}};
  in.quiet_hours = SettingsInput::Quiet{"25:00", "7:00"};
  in.digest_time = "8:00";
  auto out = ValidateSettings(in);
  ASSERT_FALSE(out.ok());
  const auto& e = out.error();
  EXPECT_EQ(e.code, core::ErrorCode::kInvalid);
  EXPECT_FALSE(HasField(e, "kinds[0].kind"));
  EXPECT_FALSE(HasField(e, "kinds[0].mode"));
  EXPECT_EQ(CodeOf(e, "kinds[1].kind"), "not_allowed");
  EXPECT_EQ(CodeOf(e, "kinds[2].mode"), "not_allowed");
  EXPECT_EQ(CodeOf(e, "kinds[3].kind"), "duplicate");
  EXPECT_EQ(CodeOf(e, "kinds[4].kind"), "required");
  EXPECT_EQ(CodeOf(e, "kinds[4].mode"), "required");
  EXPECT_EQ(CodeOf(e, "kinds[5].mode"), "locked");
  EXPECT_EQ(CodeOf(e, "quiet_hours.start"), "format");
  EXPECT_EQ(CodeOf(e, "quiet_hours.end"), "format");
  EXPECT_EQ(CodeOf(e, "digest_time"), "format");
}

TEST(ValidateSettingsTest, QuietHoursMustHaveBothEndsAndDifferentTimes) {
  SettingsInput same;
  same.quiet_hours = SettingsInput::Quiet{"22:00", "22:00"};
  auto a = ValidateSettings(same);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(CodeOf(a.error(), "quiet_hours.end"), "same_as_start");

  SettingsInput missing;
  missing.quiet_hours = SettingsInput::Quiet{"", "07:00"};
  auto b = ValidateSettings(missing);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(CodeOf(b.error(), "quiet_hours.start"), "required");
  EXPECT_FALSE(HasField(b.error(), "quiet_hours.end"));
}

TEST(ValidateSettingsTest, SecurityKindsCannotBeDigestedEither) {
  for (std::string_view kind : SecurityKinds()) {
    SettingsInput in;
    in.kinds = std::vector<SettingsInput::Kind>{{std::string(kind), "digest"}};
    auto out = ValidateSettings(in);
    ASSERT_FALSE(out.ok()) << kind;
    EXPECT_EQ(CodeOf(out.error(), "kinds[0].mode"), "locked") << kind;
  }
}

TEST(DecideTest, FollowsTheUsersModeForConfigurableKinds) {
  Recipient r;
  r.mode = Mode::kOff;
  EXPECT_EQ(Decide("timeline.post", r, kMidnightJst).delivery, Delivery::kOff);
  r.mode = Mode::kDigest;
  EXPECT_EQ(Decide("timeline.post", r, kMidnightJst).delivery, Delivery::kDigest);
  r.mode = Mode::kImmediate;
  EXPECT_EQ(Decide("timeline.post", r, kMidnightJst).delivery, Delivery::kImmediate);
}

TEST(DecideTest, SecurityAndDigestKindsIgnoreAStoredMode) {
  Recipient r;
  r.mode = Mode::kOff;  // e.g. a row written by hand
  EXPECT_EQ(Decide("security.lockout", r, kMidnightJst).delivery, Delivery::kImmediate);
  EXPECT_EQ(Decide(kDigestKind, r, kMidnightJst).delivery, Delivery::kImmediate);
}

TEST(DecideTest, QuietHoursHoldBackAllButSecurityNotices) {
  Recipient r;
  r.quiet_hours = QuietHours{22 * 60, 7 * 60};
  r.email_enabled = true;
  r.email_address = "nurse@example.jp";
  int64_t three_am = kMidnightJst + 3 * 60 * kMinute;
  auto held = Decide("timeline.post", r, three_am);
  EXPECT_EQ(held.delivery, Delivery::kQuiet);
  EXPECT_FALSE(held.email);
  auto security = Decide("security.password_reset", r, three_am);
  EXPECT_EQ(security.delivery, Delivery::kImmediate);
  EXPECT_FALSE(security.email) << "no e-mail in quiet hours";
  auto morning = Decide("timeline.post", r, kMidnightJst + 7 * 60 * kMinute);
  EXPECT_EQ(morning.delivery, Delivery::kImmediate);
  EXPECT_TRUE(morning.email);
}

TEST(DecideTest, EmailAtMostOncePerThirtyMinutesAndOnlyWithAnAddress) {
  Recipient r;
  r.email_enabled = true;
  r.email_address = "nurse@example.jp";
  int64_t noon = kMidnightJst + 12 * 60 * kMinute;
  EXPECT_TRUE(Decide("timeline.post", r, noon).email);
  r.last_email_at = noon - 29 * kMinute;
  EXPECT_FALSE(Decide("timeline.post", r, noon).email);
  r.last_email_at = noon - 30 * kMinute;
  EXPECT_TRUE(Decide("timeline.post", r, noon).email);
  EXPECT_FALSE(Decide(kDigestKind, r, noon).email) << "the digest job sends its own";
  r.email_address.reset();
  EXPECT_FALSE(Decide("timeline.post", r, noon).email);
  r.email_address = "nurse@example.jp";
  r.email_enabled = false;
  EXPECT_FALSE(Decide("timeline.post", r, noon).email);
  r.email_enabled = true;
  r.mode = Mode::kDigest;
  EXPECT_FALSE(Decide("timeline.post", r, noon).email);
}

/// Keeps what is recorded, for checking the audit entries of the service.
class RecordingAudit final : public audit::AuditSink {
 public:
  void Record(audit::Entry entry) override { entries.push_back(std::move(entry)); }
  void Flush() override {}
  std::vector<audit::Entry> entries;
};

constexpr db::Statement kInsertUser{
    "test_notify_insert_user",
    "INSERT INTO users (id, login_id, login_key, display_name, search_name, search_kana, "
    "account_type, email, created_at, updated_at) VALUES ($1, $2, $2, $3, $3, $3, 'staff', $4, "
    "$5, $5)"};

class SettingsStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto t = db::testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(t.ok()) << t.error().message;
    test_db_ = std::move(t).value();
    auto m = db::Migrate(db(), clock_);
    ASSERT_TRUE(m.ok()) << m.error().message;
    with_address_ = AddUser("nurse", "nurse@example.jp");
    without_address_ = AddUser("helper", std::nullopt);
  }

  db::Database& db() { return test_db_->db(); }

  std::string AddUser(const std::string& login, std::optional<std::string> email) {
    std::string id = core::NewId();
    auto s = db().Run([&](db::Connection& c) -> core::Result<void> {
      RETURN_IF_ERROR(
          c.Execute(kInsertUser, {id, login, "試験 " + login, email, clock_.NowMillis()}));
      return core::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.error().message;
    return id;
  }

  Settings Load(const std::string& user_id) {
    auto s = db().Get<Settings>([&](db::Connection& c) { return SettingsStore::Load(c, user_id); });
    EXPECT_TRUE(s.ok()) << s.error().message;
    return s.ok() ? *s : Settings{};
  }

  Recipient LoadRecipient(const std::string& user_id, std::string_view kind) {
    auto r = db().Get<Recipient>(
        [&](db::Connection& c) { return SettingsStore::LoadRecipient(c, user_id, kind); });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : Recipient{};
  }

  void Save(const std::string& user_id, const SettingsChange& change) {
    auto s = db().Transact([&](db::Connection& c) {
      return SettingsStore::Save(c, user_id, change, clock_.NowMillis());
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  bool Claim(const std::string& user_id, int64_t now) {
    auto r = db().InTransaction<bool>(
        [&](db::Connection& c) { return SettingsStore::ClaimEmail(c, user_id, now); });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() && *r;
  }

  core::FakeClock clock_{kMidnightJst + 12 * 60 * kMinute};
  std::unique_ptr<db::testing::TestDatabase> test_db_;
  std::string with_address_, without_address_;
};

TEST_P(SettingsStoreTest, NothingStoredMeansDefaults) {
  Settings s = Load(with_address_);
  ASSERT_EQ(s.kinds.size(), ConfigurableKinds().size() + SecurityKinds().size());
  for (const auto& k : s.kinds) EXPECT_EQ(k.mode, Mode::kImmediate) << k.kind;
  EXPECT_EQ(s.kinds.front().kind, ConfigurableKinds().front());
  EXPECT_FALSE(s.quiet_hours);
  EXPECT_FALSE(s.email_enabled);
  EXPECT_EQ(s.email_address, "nurse@example.jp");
  EXPECT_EQ(s.digest_minute, 8 * 60);
  EXPECT_FALSE(Load(without_address_).email_address.has_value());
  Recipient r = LoadRecipient(with_address_, "timeline.post");
  EXPECT_EQ(r.mode, Mode::kImmediate);
  EXPECT_FALSE(r.email_enabled);
}

TEST_P(SettingsStoreTest, SavedSettingsRoundTripAndAbsentFieldsStay) {
  SettingsChange change;
  change.kinds = {{"timeline.post", Mode::kDigest}, {"team.invitation", Mode::kOff}};
  change.quiet_hours = std::optional<QuietHours>(QuietHours{22 * 60, 7 * 60});
  change.email_enabled = true;
  change.digest_minute = 18 * 60 + 30;
  Save(with_address_, change);

  Settings s = Load(with_address_);
  auto mode_of = [&](std::string_view kind) {
    for (const auto& k : s.kinds) {
      if (k.kind == kind) return k.mode;
    }
    return Mode::kImmediate;
  };
  EXPECT_EQ(mode_of("timeline.post"), Mode::kDigest);
  EXPECT_EQ(mode_of("team.invitation"), Mode::kOff);
  EXPECT_EQ(mode_of("timeline.reply"), Mode::kImmediate);
  ASSERT_TRUE(s.quiet_hours);
  EXPECT_EQ(s.quiet_hours->start_minute, 22 * 60);
  EXPECT_TRUE(s.email_enabled);
  EXPECT_EQ(s.digest_minute, 18 * 60 + 30);

  // Only the mode of one kind changes; the rest stays as it was.
  SettingsChange one;
  one.kinds = {{"timeline.post", Mode::kImmediate}};
  Save(with_address_, one);
  s = Load(with_address_);
  EXPECT_EQ(mode_of("timeline.post"), Mode::kImmediate);
  EXPECT_EQ(mode_of("team.invitation"), Mode::kOff);
  EXPECT_TRUE(s.quiet_hours);
  EXPECT_TRUE(s.email_enabled);

  SettingsChange clear;
  clear.quiet_hours = std::optional<QuietHours>();
  Save(with_address_, clear);
  EXPECT_FALSE(Load(with_address_).quiet_hours);

  Recipient r = LoadRecipient(with_address_, "team.invitation");
  EXPECT_EQ(r.mode, Mode::kOff);
  EXPECT_TRUE(r.email_enabled);
  EXPECT_EQ(r.email_address, "nurse@example.jp");
  // Another user's settings are their own.
  EXPECT_EQ(LoadRecipient(without_address_, "team.invitation").mode, Mode::kImmediate);
}

TEST_P(SettingsStoreTest, EmailSlotIsTakenOncePerThirtyMinutes) {
  EXPECT_FALSE(Claim(with_address_, clock_.NowMillis())) << "e-mail not enabled";
  SettingsChange on;
  on.email_enabled = true;
  Save(with_address_, on);
  int64_t t = clock_.NowMillis();
  EXPECT_TRUE(Claim(with_address_, t));
  EXPECT_FALSE(Claim(with_address_, t));
  EXPECT_FALSE(Claim(with_address_, t + 29 * kMinute));
  EXPECT_TRUE(Claim(with_address_, t + 30 * kMinute));
  EXPECT_EQ(LoadRecipient(with_address_, "timeline.post").last_email_at, t + 30 * kMinute);
}

TEST_P(SettingsStoreTest, ServiceRefusesEmailWithoutAnAddressAndAuditsWithoutValues) {
  RecordingAudit audit;
  SettingsService service(db(), clock_, audit);
  auth::Principal helper;
  helper.user_id = without_address_;
  auth::Caller caller{&helper, "127.0.0.1", "test", "req-1"};

  SettingsInput enable;
  enable.email_enabled = true;
  auto refused = service.Update(enable, caller);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "email.enabled");
  EXPECT_TRUE(audit.entries.empty()) << "nothing changed, nothing to record";

  SettingsInput update;
  update.quiet_hours = SettingsInput::Quiet{"21:45", "06:15"};
  update.digest_time = "17:05";
  update.kinds = std::vector<SettingsInput::Kind>{{"timeline.mention", "digest"}};
  auto saved = service.Update(update, caller);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_EQ(saved->digest_minute, 17 * 60 + 5);
  ASSERT_EQ(audit.entries.size(), 1u);
  const auto& e = audit.entries[0];
  EXPECT_EQ(e.action, "notify.settings.update");
  EXPECT_EQ(e.user_id, without_address_);
  EXPECT_NE(e.details.find("quiet_hours"), std::string::npos) << e.details;
  EXPECT_EQ(e.details.find("21:45"), std::string::npos) << e.details;
  EXPECT_EQ(e.details.find("17:05"), std::string::npos) << e.details;
  EXPECT_EQ(e.details.find("digest\""), std::string::npos) << "no modes: " << e.details;
}

INSTANTIATE_TEST_SUITE_P(Backends, SettingsStoreTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace
}  // namespace notify
