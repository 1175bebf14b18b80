// Tests of the daily digest and of the hub's delivery rules behind it, on SQLite and PostgreSQL,
// with a FakeClock: a digest is sent once a day after the user's digest time (Japan time), counts
// only what is new since the last one, says nothing of what it counts, and e-mails only when the
// user asked for e-mail.
#include "notify/digest.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/id.h"
#include "db/migrations.h"
#include "db/testing.h"
#include "notify/settings.h"

namespace notify {
namespace {

using namespace std::chrono_literals;

// 2026-09-14 00:00 JST.
constexpr int64_t kMidnightJst = 1'789'311'600'000;
constexpr int64_t kMinute = 60'000;
constexpr int64_t kDay = 24 * 60 * kMinute;

constexpr db::Statement kInsertUser{
    "test_digest_insert_user",
    "INSERT INTO users (id, login_id, login_key, display_name, search_name, search_kana, "
    "account_type, email, created_at, updated_at) VALUES ($1, $2, $2, $3, $3, $3, 'staff', $4, "
    "$5, $5)"};
constexpr db::Statement kCountStored{
    "test_digest_count_stored",
    "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = $2 AND delivery = $3"};

class DigestTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto t = db::testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(t.ok()) << t.error().message;
    test_db_ = std::move(t).value();
    auto m = db::Migrate(db(), clock_);
    ASSERT_TRUE(m.ok()) << m.error().message;
    nurse_ = AddUser("nurse", "nurse@example.jp");
    doctor_ = AddUser("doctor", "doctor@example.jp");
    hub_ = std::make_unique<Hub>(db(), clock_, Hub::SessionCheck{},
                                 HubMail{&outbox_, "https://care.example.jp"});
    job_ = std::make_unique<DigestJob>(db(), clock_, *hub_, &outbox_, "https://care.example.jp");
  }

  void TearDown() override {
    if (job_) job_->Stop();
    outbox_.Stop();
  }

  db::Database& db() { return test_db_->db(); }

  std::string AddUser(const std::string& login, const std::string& email) {
    std::string id = core::NewId();
    auto s = db().Run([&](db::Connection& c) -> core::Result<void> {
      RETURN_IF_ERROR(
          c.Execute(kInsertUser, {id, login, "試験 " + login, email, clock_.NowMillis()}));
      return core::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.error().message;
    return id;
  }

  void Configure(const std::string& user_id, const SettingsChange& change) {
    auto s = db().Transact([&](db::Connection& c) {
      return SettingsStore::Save(c, user_id, change, clock_.NowMillis());
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  /// Puts `kind` in the digest for `user_id`, with the digest at `minute` JST.
  void DigestMode(const std::string& user_id, int minute, bool email = false,
                  std::string kind = "timeline.post") {
    SettingsChange c;
    c.kinds = {{kind, Mode::kDigest}};
    c.digest_minute = minute;
    c.email_enabled = email;
    Configure(user_id, c);
  }

  Notification Notify(const std::string& user_id, const std::string& title,
                      const std::string& kind = "timeline.post") {
    auto n = hub_->Notify(user_id, kind, title, "本文", "/persons/p1", "person-123");
    EXPECT_TRUE(n.ok()) << n.error().message;
    return n.ok() ? *n : Notification{};
  }

  int Run() {
    auto sent = job_->RunOnce(clock_.NowMillis());
    EXPECT_TRUE(sent.ok()) << sent.error().message;
    return sent.ok() ? *sent : -1;
  }

  std::vector<Notification> Digests(const std::string& user_id) {
    auto feed = hub_->List(user_id, false, 0, 100);
    EXPECT_TRUE(feed.ok());
    std::vector<Notification> out;
    if (!feed.ok()) return out;
    for (const auto& n : feed->items) {
      if (n.kind == kDigestKind) out.push_back(n);
    }
    return out;
  }

  int64_t Stored(const std::string& user_id, const std::string& kind, const std::string& delivery) {
    auto n = db().Get<int64_t>([&](db::Connection& c) -> core::Result<int64_t> {
      ASSIGN_OR_RETURN(auto row, c.QueryOne(kCountStored, {user_id, kind, delivery}));
      return row ? row->Int(0) : 0;
    });
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }

  core::FakeClock clock_{kMidnightJst + 6 * 60 * kMinute};  // 06:00 JST
  std::unique_ptr<db::testing::TestDatabase> test_db_;
  std::shared_ptr<FakeMailer> mail_ = std::make_shared<FakeMailer>();
  MailOutbox outbox_{mail_};
  std::unique_ptr<Hub> hub_;
  std::unique_ptr<DigestJob> job_;
  std::string nurse_, doctor_;
};

TEST_P(DigestTest, HubFollowsTheRecipientsMode) {
  SettingsChange c;
  c.kinds = {{"timeline.post", Mode::kOff}, {"timeline.reply", Mode::kDigest}};
  Configure(nurse_, c);
  Notification off = Notify(nurse_, "オフの通知");
  EXPECT_EQ(off.delivery, "off");
  EXPECT_EQ(off.seq, 0);
  EXPECT_TRUE(off.id.empty());
  EXPECT_EQ(Stored(nurse_, "timeline.post", "immediate") + Stored(nurse_, "timeline.post", "off"),
            0);
  Notification digest = Notify(nurse_, "まとめの通知", "timeline.reply");
  EXPECT_EQ(digest.delivery, "digest");
  EXPECT_EQ(Stored(nurse_, "timeline.reply", "digest"), 1);
  // Turned off for the nurse, not for the doctor.
  EXPECT_EQ(Notify(doctor_, "医師あて").delivery, "immediate");
  // A security notice cannot be turned off, whatever is stored.
  EXPECT_EQ(Notify(nurse_, "ロック", "security.lockout").delivery, "immediate");
}

TEST_P(DigestTest, SentOnceAfterTheDigestTimeWithACountOnly) {
  DigestMode(nurse_, 8 * 60);
  Notify(nurse_, "山田 太郎さんの褥瘡が悪化");
  Notify(nurse_, "山田 太郎さんの受診結果");
  EXPECT_EQ(Run(), 0) << "06:00: before 08:00";
  clock_.Set(kMidnightJst + 7 * 60 * kMinute + 59 * kMinute);
  EXPECT_EQ(Run(), 0) << "07:59";
  clock_.Set(kMidnightJst + 8 * 60 * kMinute);
  EXPECT_EQ(Run(), 1) << "08:00";
  auto digests = Digests(nurse_);
  ASSERT_EQ(digests.size(), 1u);
  EXPECT_EQ(digests[0].title, "本日の新着 2 件");
  EXPECT_EQ(digests[0].body, "");
  EXPECT_FALSE(digests[0].person_id.has_value());
  EXPECT_EQ(digests[0].title.find("山田"), std::string::npos);
  EXPECT_EQ(digests[0].delivery, "immediate");

  clock_.Advance(30min);
  EXPECT_EQ(Run(), 0) << "once a day";
  EXPECT_TRUE(Digests(doctor_).empty()) << "the doctor had nothing in digest mode";
}

TEST_P(DigestTest, NextDigestCountsOnlyWhatIsNewSinceTheLast) {
  DigestMode(nurse_, 8 * 60);
  Notify(nurse_, "一件目");
  clock_.Set(kMidnightJst + 9 * 60 * kMinute);
  ASSERT_EQ(Run(), 1);
  clock_.Advance(1min);  // what arrives in the digest's own millisecond was counted in it
  Notify(nurse_, "二件目");
  Notify(nurse_, "三件目");
  Notify(nurse_, "四件目");
  clock_.Set(kMidnightJst + 23 * 60 * kMinute);
  EXPECT_EQ(Run(), 0) << "still the same day in Japan";
  clock_.Set(kMidnightJst + kDay + 7 * 60 * kMinute);
  EXPECT_EQ(Run(), 0) << "next day, before 08:00";
  clock_.Set(kMidnightJst + kDay + 8 * 60 * kMinute + 5 * kMinute);
  ASSERT_EQ(Run(), 1);
  auto digests = Digests(nurse_);
  ASSERT_EQ(digests.size(), 2u);
  EXPECT_EQ(digests[0].title, "本日の新着 3 件");  // newest first
  clock_.Set(kMidnightJst + 2 * kDay + 9 * 60 * kMinute);
  EXPECT_EQ(Run(), 0) << "nothing new: no empty digest";
}

TEST_P(DigestTest, DigestTimeIsTheUsersOwnInJapanTime) {
  DigestMode(nurse_, 21 * 60 + 30);
  DigestMode(doctor_, 6 * 60 + 30);
  Notify(nurse_, "看護師あて");
  Notify(doctor_, "医師あて");
  clock_.Set(kMidnightJst + 12 * 60 * kMinute);
  EXPECT_EQ(Run(), 1);
  EXPECT_EQ(Digests(doctor_).size(), 1u);
  EXPECT_TRUE(Digests(nurse_).empty());
  clock_.Set(kMidnightJst + 21 * 60 * kMinute + 30 * kMinute);
  EXPECT_EQ(Run(), 1);
  EXPECT_EQ(Digests(nurse_).size(), 1u);
}

TEST_P(DigestTest, TwoServersSendOneDigest) {
  DigestMode(nurse_, 8 * 60);
  Notify(nurse_, "一件目");
  clock_.Set(kMidnightJst + 8 * 60 * kMinute);
  DigestJob other(db(), clock_, *hub_, &outbox_, "https://care.example.jp");
  core::Result<int> a = 0, b = 0;
  std::thread t1([&] { a = other.RunOnce(clock_.NowMillis()); });
  std::thread t2([&] { b = job_->RunOnce(clock_.NowMillis()); });
  t1.join();
  t2.join();
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(*a + *b, 1);
  EXPECT_EQ(Digests(nurse_).size(), 1u);
}

TEST_P(DigestTest, EmailOnlyWhenEnabledAndWithoutContent) {
  DigestMode(nurse_, 8 * 60, /*email=*/true);
  DigestMode(doctor_, 8 * 60, /*email=*/false);
  Notify(nurse_, "山田 太郎さんの褥瘡が悪化");
  Notify(doctor_, "医師あての件");
  EXPECT_TRUE(mail_->sent().empty()) << "digest-mode notifications send no e-mail of their own";
  clock_.Set(kMidnightJst + 8 * 60 * kMinute);
  EXPECT_EQ(Run(), 2);
  ASSERT_TRUE(outbox_.WaitIdle(5s));
  auto sent = mail_->sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, "nurse@example.jp");
  EXPECT_EQ(sent[0].subject, "【つながり】新着のお知らせ");
  for (const char* secret : {"山田", "褥瘡", "person-123", "試験", "timeline", "1 件"}) {
    EXPECT_EQ(sent[0].body.find(secret), std::string::npos) << secret;
  }
  EXPECT_NE(sent[0].body.find("https://care.example.jp/"), std::string::npos);
}

TEST_P(DigestTest, DigestEntryIsHeldDuringQuietHours) {
  SettingsChange c;
  c.kinds = {{"timeline.post", Mode::kDigest}};
  c.digest_minute = 23 * 60;
  c.quiet_hours = std::optional<QuietHours>(QuietHours{22 * 60, 7 * 60});
  Configure(nurse_, c);
  Notify(nurse_, "一件目");
  clock_.Set(kMidnightJst + 23 * 60 * kMinute + 10 * kMinute);
  ASSERT_EQ(Run(), 1);
  auto digests = Digests(nurse_);
  ASSERT_EQ(digests.size(), 1u);
  EXPECT_EQ(digests[0].delivery, "quiet");
}

TEST_P(DigestTest, StopReturnsWithoutWaitingForTheNextMinute) {
  job_->Start();
  std::this_thread::sleep_for(20ms);  // let the first run begin; Stop must not wait a minute
  auto before = std::chrono::steady_clock::now();
  job_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);
  job_->Stop();  // idempotent
}

INSTANTIATE_TEST_SUITE_P(Backends, DigestTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace
}  // namespace notify
