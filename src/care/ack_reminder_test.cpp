// AckReminder with a FakeClock on both backends: who is reminded (active members who have not
// acknowledged, never the author), when (after the interval, again after another interval,
// not after 14 days, not for deleted posts or withdrawn consent), and that Stop returns
// promptly while the thread waits.
#include "care/ack_reminder.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <mutex>

#include "care/timeline_store.h"
#include "core/id.h"
#include "core/japanese_text.h"
#include "db/migrations.h"
#include "db/testing.h"
#include "directory/store.h"

namespace care {
namespace {

using namespace std::chrono_literals;
using core::Ok;

constexpr int64_t kT0 = 1'790'000'000'000;

constexpr db::Statement kInsertPerson{
    "ack_test_insert_person",
    "INSERT INTO persons (id, municipality_code, name, kana, search_name, search_kana, sex, "
    "birth_date, address, categories, created_by, created_at, updated_by, updated_at) VALUES "
    "($1, '991015', '試験 花子', 'シケン ハナコ', '試験花子', 'しけんはなこ', 'female', "
    "'1938-04-01', '', 'elderly', $2, $3, $2, $3)"};
constexpr db::Statement kInsertConsent{
    "ack_test_insert_consent",
    "INSERT INTO consents (id, person_id, scope_team, scope_emergency, scope_disaster, "
    "scope_family, obtained_on, obtained_by, given_by, method, created_at) VALUES ($1, $2, 1, 0, "
    "0, 0, '2026-04-01', $3, 'self', 'written', $4)"};
constexpr db::Statement kWithdraw{"ack_test_withdraw",
                                  "UPDATE consents SET withdrawn_at = $2 WHERE person_id = $1"};
constexpr db::Statement kInsertMember{
    "ack_test_insert_member",
    "INSERT INTO care_team_members (person_id, user_id, team_role, status, invited_at, "
    "joined_at) VALUES ($1, $2, $3, $4, $5, $5)"};

struct Sent {
  std::string user_id, kind, title, link, person_id;
};

class FakeNotifier final : public notify::Notifier {
 public:
  void Send(const std::string& user_id, const std::string& kind, const std::string& title,
            const std::string& body, const std::string& link,
            const std::string& person_id) override {
    std::lock_guard<std::mutex> lock(mu_);
    sent_.push_back({user_id, kind, title, link, person_id});
  }
  std::vector<Sent> Take() {
    std::lock_guard<std::mutex> lock(mu_);
    return std::exchange(sent_, {});
  }

 private:
  std::mutex mu_;
  std::vector<Sent> sent_;
};

class AckReminderTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto t = db::testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(t.ok()) << t.error().message;
    test_db_ = std::move(t).value();
    ASSERT_TRUE(db::Migrate(db(), clock_).ok());
    Must(db().Transact([&](db::Connection& c) -> core::Result<void> {
      return directory::Store::InsertMunicipality(
          c, {"991015", "群青市", "", "架空県", "active", kT0});
    }));
    manager_ = User("manager");
    nurse_ = User("nurse");
    doctor_ = User("doctor");
    helper_ = User("helper");
    person_ = core::NewId();
    Must(db().Transact([&](db::Connection& c) -> core::Result<void> {
      RETURN_IF_ERROR(c.Execute(kInsertPerson, {person_, manager_, kT0}));
      RETURN_IF_ERROR(c.Execute(kInsertConsent, {core::NewId(), person_, manager_, kT0}));
      for (const auto& [user, status] : {std::pair{manager_, "active"},
                                         {nurse_, "active"},
                                         {doctor_, "active"},
                                         {helper_, "left"}}) {
        RETURN_IF_ERROR(c.Execute(kInsertMember, {person_, user, "other", status, kT0}));
      }
      return Ok();
    }));
  }

  static void Must(const core::Result<void>& r) { ASSERT_TRUE(r.ok()) << r.error().message; }
  db::Database& db() { return test_db_->db(); }

  std::string User(const std::string& login) {
    directory::User u;
    u.id = core::NewId();
    u.login_id = login;
    u.display_name = login;
    u.kana = "シケン";
    u.created_at = u.updated_at = kT0;
    Must(db().Transact([&](db::Connection& c) { return directory::Store::InsertUser(c, u); }));
    return u.id;
  }

  std::string AskForAck(const std::string& author, bool ack_requested = true) {
    TimelinePost p;
    p.id = core::NewId(clock_.NowMillis());
    p.person_id = person_;
    p.author.id = author;
    p.category = "contact";
    p.body = "ご確認ください";
    p.important = true;
    p.ack_requested = ack_requested;
    p.created_at = clock_.NowMillis();
    Must(db().Transact([&](db::Connection& c) {
      return TimelineStore::InsertPost(c, p, "", core::NormalizeForSearch(p.body));
    }));
    return p.id;
  }

  /// One round: user → link of each reminder sent.
  std::multimap<std::string, std::string> Round(AckReminder& reminder) {
    auto sent = reminder.RunOnce();
    EXPECT_TRUE(sent.ok()) << sent.error().message;
    std::multimap<std::string, std::string> out;
    for (const auto& s : notifier_.Take()) {
      EXPECT_EQ(s.kind, "timeline.ack_reminder");
      EXPECT_EQ(s.title, "確認依頼が未確認です");
      EXPECT_EQ(s.person_id, person_) << "the feed entry names the person";
      out.emplace(s.user_id, s.link);
    }
    EXPECT_EQ(sent.ok() ? *sent : -1, static_cast<int>(out.size()));
    return out;
  }

  core::FakeClock clock_{kT0};
  FakeNotifier notifier_;
  std::unique_ptr<db::testing::TestDatabase> test_db_;
  std::string manager_, nurse_, doctor_, helper_, person_;
};

TEST_P(AckReminderTest, RemindsMembersWhoHaveNotAcknowledgedOncePerInterval) {
  AckReminder reminder(db(), clock_, notifier_, 24h);
  std::string post = AskForAck(nurse_);
  AskForAck(nurse_, /*ack_requested=*/false);
  EXPECT_TRUE(Round(reminder).empty()) << "not before the interval";
  clock_.Advance(23h);
  EXPECT_TRUE(Round(reminder).empty());
  clock_.Advance(1h);
  auto first = Round(reminder);
  // Not the author (nurse), not the member who left (helper).
  EXPECT_EQ(first.size(), 2u);
  EXPECT_TRUE(first.contains(manager_));
  EXPECT_TRUE(first.contains(doctor_));
  EXPECT_EQ(first.find(doctor_)->second, "/persons/" + person_ + "/timeline/" + post);
  EXPECT_TRUE(Round(reminder).empty()) << "one reminder per interval";

  Must(db().Transact([&](db::Connection& c) {
    return TimelineStore::Acknowledge(c, post, doctor_, clock_.NowMillis());
  }));
  clock_.Advance(24h);
  auto second = Round(reminder);
  EXPECT_EQ(second.size(), 1u);
  EXPECT_TRUE(second.contains(manager_)) << "only who still has not acknowledged";
}

TEST_P(AckReminderTest, StopsAfterFourteenDaysAndForDeletedPostsOrWithdrawnConsent) {
  AckReminder reminder(db(), clock_, notifier_, 24h);
  std::string deleted = AskForAck(nurse_);
  Must(db().Transact([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(TimelineStore::SoftDelete(c, deleted, nurse_, "誤投稿", clock_.NowMillis()));
    return Ok();
  }));
  std::string post = AskForAck(doctor_);
  int rounds = 0;
  for (int day = 1; day <= 16; ++day) {
    clock_.Advance(24h);
    auto sent = Round(reminder);
    for (const auto& [user, link] : sent) {
      EXPECT_EQ(link, "/persons/" + person_ + "/timeline/" + post) << "deleted post reminded";
    }
    if (!sent.empty()) ++rounds;
  }
  EXPECT_EQ(rounds, 14) << "daily for the 14 days after posting, then no more";

  std::string recent = AskForAck(doctor_);
  Must(db().Transact([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(c.Execute(kWithdraw, {person_, clock_.NowMillis()}));
    return Ok();
  }));
  clock_.Advance(25h);
  EXPECT_TRUE(Round(reminder).empty()) << "no team consent, no reminders";
  (void)post;
  (void)recent;
}

TEST_P(AckReminderTest, StartRunsInTheBackgroundAndStopReturnsPromptly) {
  AskForAck(nurse_);
  clock_.Advance(25h);
  AckReminder reminder(db(), clock_, notifier_, 24h, /*period=*/10ms);
  reminder.Start();
  reminder.Start();  // idempotent
  std::vector<Sent> sent;
  for (int i = 0; i < 500 && sent.empty(); ++i) {
    std::this_thread::sleep_for(5ms);  // waiting for the background thread, not for time
    sent = notifier_.Take();
  }
  EXPECT_EQ(sent.size(), 2u);

  AckReminder idle(db(), clock_, notifier_, 24h, /*period=*/std::chrono::hours(1));
  idle.Start();
  auto start = std::chrono::steady_clock::now();
  idle.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  idle.Stop();  // idempotent
  reminder.Stop();
}

INSTANTIATE_TEST_SUITE_P(Backends, AckReminderTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace
}  // namespace care
