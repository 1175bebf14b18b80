// TimelineStore on SQLite and PostgreSQL: keyset pages without gaps or repeats, filters and
// Japanese search, receipts counted among current members only, the attachment claim, edits
// against a base version, soft delete, reads, reminders — and that a page's lookups take a
// fixed number of statements whatever its size.
#include "care/timeline_store.h"

#include <gtest/gtest.h>

#include <set>

#include "care/vitals_store.h"
#include "core/clock.h"
#include "core/id.h"
#include "core/japanese_text.h"
#include "db/migrations.h"
#include "db/testing.h"
#include "directory/store.h"

namespace care {
namespace {

using core::Ok;

constexpr int64_t kT0 = 1'790'000'000'000;

constexpr db::Statement kInsertPerson{
    "tl_test_insert_person",
    "INSERT INTO persons (id, municipality_code, name, kana, search_name, search_kana, sex, "
    "birth_date, address, categories, created_by, created_at, updated_by, updated_at) VALUES "
    "($1, '991015', '試験 花子', 'シケン ハナコ', '試験花子', 'しけんはなこ', 'female', "
    "'1938-04-01', '', 'elderly', $2, $3, $2, $3)"};
constexpr db::Statement kInsertConsent{
    "tl_test_insert_consent",
    "INSERT INTO consents (id, person_id, scope_team, scope_emergency, scope_disaster, "
    "scope_family, obtained_on, obtained_by, given_by, method, created_at) VALUES ($1, $2, 1, 0, "
    "0, 0, '2026-04-01', $3, 'self', 'written', $4)"};
constexpr db::Statement kInsertMember{
    "tl_test_insert_member",
    "INSERT INTO care_team_members (person_id, user_id, team_role, status, invited_at, "
    "joined_at) VALUES ($1, $2, $3, $4, $5, $5)"};
constexpr db::Statement kInsertAttachment{
    "tl_test_insert_attachment",
    "INSERT INTO attachments (id, person_id, owner_type, owner_id, kind, content_type, "
    "byte_size, width, height, sha256, storage_key, original_name, uploaded_by, created_at, "
    "deleted_at) VALUES ($1, $2, $3, '', 'image', 'image/jpeg', 1234, 640, 480, 'x', 'k', "
    "'写真.jpg', $4, $5, $6)"};
constexpr db::Statement kSearchTextOf{"tl_test_search_text",
                                      "SELECT search_text FROM timeline_posts WHERE id = $1"};
constexpr db::Statement kAttachmentOwner{
    "tl_test_attachment_owner", "SELECT owner_type, owner_id FROM attachments WHERE id = $1"};

class TimelineStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto t = db::testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(t.ok()) << t.error().message;
    test_db_ = std::move(t).value();
    core::FakeClock clock(kT0);
    auto migrated = db::Migrate(db(), clock);
    ASSERT_TRUE(migrated.ok()) << migrated.error().message;
    Must(db().Transact([&](db::Connection& c) -> core::Result<void> {
      return directory::Store::InsertMunicipality(
          c, {"991015", "群青市", "", "架空県", "active", kT0});
    }));
    nurse_ = User("nurse");
    doctor_ = User("doctor");
    manager_ = User("manager");
    former_ = User("former");
    person_ = Person(manager_);
    other_person_ = Person(manager_);
    Member(person_, nurse_, "visiting_nurse");
    Member(person_, doctor_, "primary_doctor");
    Member(person_, former_, "pharmacist", "left");
  }

  db::Database& db() { return test_db_->db(); }

  static void Must(const core::Result<void>& r) { ASSERT_TRUE(r.ok()) << r.error().message; }

  std::string User(const std::string& login) {
    directory::User u;
    u.id = core::NewId();
    u.login_id = login;
    u.display_name = "試験 " + login;
    u.kana = "シケン";
    u.profession_code = "nurse";
    u.created_at = u.updated_at = kT0;
    Must(db().Transact([&](db::Connection& c) { return directory::Store::InsertUser(c, u); }));
    return u.id;
  }

  std::string Person(const std::string& registrant) {
    std::string id = core::NewId();
    Must(db().Transact([&](db::Connection& c) -> core::Result<void> {
      RETURN_IF_ERROR(c.Execute(kInsertPerson, {id, registrant, kT0}));
      RETURN_IF_ERROR(c.Execute(kInsertConsent, {core::NewId(), id, registrant, kT0}));
      RETURN_IF_ERROR(c.Execute(kInsertMember, {id, registrant, "care_manager", "active", kT0}));
      return Ok();
    }));
    return id;
  }

  void Member(const std::string& person, const std::string& user, const std::string& role,
              const std::string& status = "active") {
    Must(db().Transact([&](db::Connection& c) -> core::Result<void> {
      RETURN_IF_ERROR(c.Execute(kInsertMember, {person, user, role, status, kT0}));
      return Ok();
    }));
  }

  /// Inserts a top-level post (or a reply when `parent` is given) and returns its id.
  std::string Post(const std::string& person, const std::string& author, int64_t at,
                   const std::string& body, const std::string& category = "contact",
                   bool important = false, std::optional<std::string> parent = std::nullopt,
                   bool ack_requested = false) {
    TimelinePost p;
    p.id = core::NewId(at);
    p.person_id = person;
    p.parent_id = parent;
    p.author.id = author;
    p.category = category;
    p.body = body;
    p.important = important;
    p.ack_requested = ack_requested;
    p.created_at = at;
    Must(db().Transact([&](db::Connection& c) -> core::Result<void> {
      RETURN_IF_ERROR(TimelineStore::InsertPost(c, p, "", core::NormalizeForSearch(body)));
      if (parent) RETURN_IF_ERROR(TimelineStore::BumpReplyCount(c, *parent));
      return Ok();
    }));
    return p.id;
  }

  std::vector<TimelinePost> Page(const TimelineFilter& f, const std::string& viewer,
                                 const std::string& person = {}) {
    auto r = db().Get<std::vector<TimelinePost>>([&](db::Connection& c) {
      return TimelineStore::Page(c, person.empty() ? person_ : person, viewer, f);
    });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? std::move(r).value() : std::vector<TimelinePost>{};
  }

  std::set<std::string> Bodies(const TimelineFilter& f, const std::string& viewer) {
    std::set<std::string> out;
    for (const auto& p : Page(f, viewer)) out.insert(p.body);
    return out;
  }

  int64_t Decorate(std::vector<TimelinePost>& posts, const std::string& viewer) {
    auto r = db().Get<int64_t>(
        [&](db::Connection& c) { return TimelineStore::Decorate(c, person_, viewer, posts); });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : -1;
  }

  std::unique_ptr<db::testing::TestDatabase> test_db_;
  std::string nurse_, doctor_, manager_, former_, person_, other_person_;
};

TEST_P(TimelineStoreTest, KeysetPagesCoverEveryPostOnceNewestFirstEvenWithEqualTimes) {
  std::set<std::string> created;
  for (int i = 0; i < 23; ++i) {
    // Pairs of posts share a creation time, so the id must break the tie in the keyset.
    created.insert(Post(person_, nurse_, kT0 + (i / 2) * 1000, "投稿" + std::to_string(i)));
  }
  Post(other_person_, manager_, kT0, "他の方の投稿");
  std::string reply_parent = *created.begin();
  Post(person_, doctor_, kT0 + 50'000, "返信", "contact", false, reply_parent);

  std::set<std::string> seen;
  TimelineFilter f;
  f.limit = 5;
  int pages = 0;
  std::pair<int64_t, std::string> previous{INT64_MAX, ""};
  while (true) {
    auto page = Page(f, nurse_);
    ++pages;
    bool more = page.size() > 5;
    if (more) page.resize(5);
    for (const auto& p : page) {
      EXPECT_FALSE(p.is_reply());
      std::pair<int64_t, std::string> key{p.created_at, p.id};
      EXPECT_LT(key, previous) << "not strictly newest first";
      previous = key;
      EXPECT_TRUE(seen.insert(p.id).second) << "post repeated across pages";
    }
    if (!more) break;
    f.cursor_created_at = page.back().created_at;
    f.cursor_id = page.back().id;
  }
  EXPECT_EQ(seen, created);
  EXPECT_EQ(pages, 5);
}

TEST_P(TimelineStoreTest, FiltersByCategoryAuthorPeriodImportantAndUnread) {
  std::string meal = Post(person_, nurse_, kT0 + 1000, "朝食は全量摂取", "meal");
  std::string visit = Post(person_, doctor_, kT0 + 2000, "往診しました", "medical_visit", true);
  Post(person_, nurse_, kT0 + 86'400'000, "翌日の連絡", "contact");
  TimelineFilter f;
  f.category = "meal";
  EXPECT_EQ(Bodies(f, nurse_), std::set<std::string>{"朝食は全量摂取"});
  f = {};
  f.author_id = doctor_;
  EXPECT_EQ(Bodies(f, nurse_), std::set<std::string>{"往診しました"});
  f = {};
  f.important = true;
  EXPECT_EQ(Bodies(f, nurse_), std::set<std::string>{"往診しました"});
  f = {};
  f.from_ms = kT0 + 1500;
  f.to_ms = kT0 + 86'400'000;  // exclusive
  EXPECT_EQ(Bodies(f, nurse_), std::set<std::string>{"往診しました"});

  // Unread for the nurse: the doctor's post until she reads it; her own posts never.
  f = {};
  f.unread = true;
  EXPECT_EQ(Bodies(f, nurse_), std::set<std::string>{"往診しました"});
  EXPECT_EQ(Bodies(f, doctor_), (std::set<std::string>{"朝食は全量摂取", "翌日の連絡"}));
  Must(db().Transact([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(TimelineStore::MarkRead(c, person_, nurse_, {visit, meal}, kT0 + 5000));
    return Ok();
  }));
  EXPECT_TRUE(Bodies(f, nurse_).empty());
}

TEST_P(TimelineStoreTest, SearchNeedsEveryTermAndMatchesWildcardsLiterally) {
  Post(person_, nurse_, kT0 + 1, "カタカナのテキスト　血圧は安定");
  Post(person_, nurse_, kT0 + 2, "服薬は100%できています");
  Post(person_, nurse_, kT0 + 3, "服薬は1000回");
  Post(person_, nurse_, kT0 + 4, "file_name と filexname");
  TimelineFilter f;
  f.terms = {core::NormalizeForSearch("かたかな"), core::NormalizeForSearch("血圧")};
  EXPECT_EQ(Bodies(f, nurse_), std::set<std::string>{"カタカナのテキスト　血圧は安定"});
  f.terms = {core::NormalizeForSearch("かたかな"), core::NormalizeForSearch("服薬")};
  EXPECT_TRUE(Bodies(f, nurse_).empty());
  f.terms = {"100%"};
  EXPECT_EQ(Bodies(f, nurse_), std::set<std::string>{"服薬は100%できています"});
  f.terms = {"e_n"};
  EXPECT_EQ(Bodies(f, nurse_), std::set<std::string>{"file_name と filexname"});
  f.terms = {"\\"};
  EXPECT_TRUE(Bodies(f, nurse_).empty());
}

TEST_P(TimelineStoreTest, ReceiptsCountCurrentMembersOtherThanTheAuthor) {
  std::string post = Post(person_, nurse_, kT0, "体温37.2度", "contact", true, std::nullopt, true);
  Must(db().Transact([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(TimelineStore::MarkRead(c, person_, doctor_, {post}, kT0 + 1));
    // A member who has left read it earlier: their read no longer counts.
    RETURN_IF_ERROR(TimelineStore::Acknowledge(c, post, former_, kT0 + 2));
    RETURN_IF_ERROR(TimelineStore::Acknowledge(c, post, doctor_, kT0 + 3));
    return Ok();
  }));
  std::vector<TimelinePost> posts = Page({}, doctor_);
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(Decorate(posts, doctor_), 3);  // manager, nurse, doctor
  EXPECT_EQ(posts[0].read.count, 1);
  EXPECT_EQ(posts[0].read.total, 2);  // manager and doctor; not the nurse who wrote it
  EXPECT_TRUE(posts[0].read.by_me);
  ASSERT_TRUE(posts[0].ack.has_value());
  EXPECT_EQ(posts[0].ack->count, 1);
  EXPECT_EQ(posts[0].ack->total, 2);
  EXPECT_TRUE(posts[0].ack->by_me);

  posts = Page({}, manager_);
  Decorate(posts, manager_);
  EXPECT_FALSE(posts[0].read.by_me);
  EXPECT_FALSE(posts[0].ack->by_me);
  posts = Page({}, nurse_);
  Decorate(posts, nurse_);
  EXPECT_TRUE(posts[0].read.by_me) << "the author's own post counts as read";

  auto reads = db().Get<PostReads>([&](db::Connection& c) -> core::Result<PostReads> {
    ASSIGN_OR_RETURN(auto head, TimelineStore::Head(c, post));
    return TimelineStore::Reads(c, person_, *head);
  });
  ASSERT_TRUE(reads.ok());
  ASSERT_EQ(reads->read.size(), 1u);
  EXPECT_EQ(reads->read[0].user.id, doctor_);
  ASSERT_TRUE(reads->unread.has_value());
  ASSERT_EQ(reads->unread->size(), 1u);
  EXPECT_EQ(reads->unread->at(0).id, manager_);
}

TEST_P(TimelineStoreTest, PageLookupsTakeAFixedNumberOfStatementsWhateverThePageSize) {
  auto statements_for = [&](int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) ids.push_back(Post(person_, nurse_, kT0 + i, "本文"));
    // Give every post attachments and vitals flags so that no lookup is skipped.
    TimelineFilter f;
    f.limit = n;
    auto posts = Page(f, doctor_);
    for (auto& p : posts) {
      p.attachment_count = 1;
      p.has_vitals = true;
    }
    int64_t before = db().Stats().statements;
    Decorate(posts, doctor_);
    return db().Stats().statements - before;
  };
  int64_t small = statements_for(3);
  int64_t large = statements_for(97);
  EXPECT_EQ(small, large);
  EXPECT_LE(large, 4);
}

TEST_P(TimelineStoreTest, ThreadsLongerThanOneBatchAreDecoratedCompletely) {
  std::string post = Post(person_, nurse_, kT0, "長いスレッド");
  std::vector<std::string> replies;
  for (int i = 0; i < 130; ++i) {
    replies.push_back(Post(person_, i % 2 ? doctor_ : manager_, kT0 + 1 + i,
                           "返信" + std::to_string(i), "contact", false, post));
  }
  Must(db().Transact([&](db::Connection& c) -> core::Result<void> {
    std::vector<std::string> all = replies;
    all.push_back(post);
    for (size_t from = 0; from < all.size(); from += 200) {
      std::vector<std::string> chunk(all.begin() + from,
                                     all.begin() + std::min(all.size(), from + 200));
      RETURN_IF_ERROR(TimelineStore::MarkRead(c, person_, nurse_, chunk, kT0 + 999));
    }
    return Ok();
  }));
  auto thread = db().Get<std::vector<TimelinePost>>(
      [&](db::Connection& c) { return TimelineStore::PostWithReplies(c, person_, post); });
  ASSERT_TRUE(thread.ok());
  ASSERT_EQ(thread->size(), 131u);
  std::vector<TimelinePost> one{std::move(thread->front())};
  one[0].replies.assign(thread->begin() + 1, thread->end());
  EXPECT_EQ(Decorate(one, nurse_), 3);
  EXPECT_EQ(one[0].author.name, "試験 nurse");
  ASSERT_EQ(one[0].replies.size(), 130u);
  for (const auto& r : one[0].replies) {
    EXPECT_EQ(r.author.name, r.author.id == doctor_ ? "試験 doctor" : "試験 manager") << r.body;
    EXPECT_EQ(r.read.count, 1) << r.body;  // the nurse; the other two are author and non-reader
    EXPECT_EQ(r.read.total, 2) << r.body;
    EXPECT_TRUE(r.read.by_me) << r.body;
  }
}

TEST_P(TimelineStoreTest, ClaimsOnlyUnusedUploadsOfTheUploaderForThatPerson) {
  std::string mine = core::NewId(), theirs = core::NewId(), other_person = core::NewId(),
              deleted = core::NewId();
  Must(db().Transact([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(c.Execute(kInsertAttachment, {mine, person_, "", nurse_, kT0, nullptr}));
    RETURN_IF_ERROR(c.Execute(kInsertAttachment, {theirs, person_, "", doctor_, kT0, nullptr}));
    RETURN_IF_ERROR(
        c.Execute(kInsertAttachment, {other_person, other_person_, "", nurse_, kT0, nullptr}));
    RETURN_IF_ERROR(c.Execute(kInsertAttachment, {deleted, person_, "", nurse_, kT0, kT0}));
    return Ok();
  }));
  std::string post = Post(person_, nurse_, kT0, "写真を添付");
  auto claim = [&](const std::string& id) {
    auto r = db().InTransaction<bool>([&](db::Connection& c) {
      return TimelineStore::ClaimAttachment(c, id, person_, nurse_, post);
    });
    EXPECT_TRUE(r.ok());
    return r.ok() && *r;
  };
  EXPECT_FALSE(claim(theirs));
  EXPECT_FALSE(claim(other_person));
  EXPECT_FALSE(claim(deleted));
  EXPECT_TRUE(claim(mine));
  EXPECT_FALSE(claim(mine)) << "an attachment is used once";
  auto owner = db().Get<std::optional<db::Row>>(
      [&](db::Connection& c) { return c.QueryOne(kAttachmentOwner, {mine}); });
  ASSERT_TRUE(owner.ok() && owner->has_value());
  EXPECT_EQ((*owner)->Text(0), "post");
  EXPECT_EQ((*owner)->Text(1), post);

  std::vector<TimelinePost> posts = Page({}, nurse_);
  posts[0].attachment_count = 1;
  Decorate(posts, nurse_);
  ASSERT_EQ(posts[0].attachments.size(), 1u);
  EXPECT_EQ(posts[0].attachments[0].id, mine);
  EXPECT_EQ(posts[0].attachments[0].name, "写真.jpg");
  EXPECT_EQ(posts[0].attachments[0].width, 640);
}

TEST_P(TimelineStoreTest, EditNeedsTheCurrentVersionAndKeepsEveryVersion) {
  std::string post = Post(person_, nurse_, kT0, "最初の本文");
  auto edit = [&](int64_t base, const std::string& body) {
    auto r = db().InTransaction<bool>([&](db::Connection& c) {
      return TimelineStore::UpdateContent(c, post, base, "meal", body,
                                          core::NormalizeForSearch(body), true, nurse_,
                                          kT0 + base * 1000);
    });
    EXPECT_TRUE(r.ok());
    return r.ok() && *r;
  };
  EXPECT_TRUE(edit(1, "二番目の本文"));
  EXPECT_FALSE(edit(1, "古い版からの編集")) << "stale base version";
  EXPECT_TRUE(edit(2, "ＡＢＣ　カタカナ"));
  auto versions = db().Get<std::vector<PostVersion>>(
      [&](db::Connection& c) { return TimelineStore::Versions(c, post); });
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 3u);
  EXPECT_EQ((*versions)[0].version, 3);
  EXPECT_EQ((*versions)[0].body, "ＡＢＣ　カタカナ");
  EXPECT_EQ((*versions)[2].version, 1);
  EXPECT_EQ((*versions)[2].body, "最初の本文");
  EXPECT_EQ((*versions)[2].category, "contact");
  auto text = db().Get<std::optional<db::Row>>(
      [&](db::Connection& c) { return c.QueryOne(kSearchTextOf, {post}); });
  EXPECT_EQ((*text)->Text(0), core::NormalizeForSearch("ＡＢＣ　カタカナ"));
  auto head = db().Get<std::optional<PostHead>>(
      [&](db::Connection& c) { return TimelineStore::Head(c, post); });
  EXPECT_EQ((*head)->version, 3);
  EXPECT_TRUE((*head)->important);
}

TEST_P(TimelineStoreTest, SoftDeleteHidesTheWordsFromSearchAndHappensOnce) {
  std::string post = Post(person_, nurse_, kT0, "間違えて投稿した内容");
  auto del = [&] {
    auto r = db().InTransaction<bool>([&](db::Connection& c) {
      return TimelineStore::SoftDelete(c, post, manager_, "別の方の記録でした", kT0 + 1);
    });
    return r.ok() && *r;
  };
  EXPECT_TRUE(del());
  EXPECT_FALSE(del());
  TimelineFilter f;
  f.terms = {core::NormalizeForSearch("間違えて")};
  EXPECT_TRUE(Page(f, nurse_).empty());
  auto posts = Page({}, nurse_);
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_TRUE(posts[0].deleted());
  EXPECT_EQ(posts[0].deleted_by.id, manager_);
  EXPECT_EQ(posts[0].delete_reason, "別の方の記録でした");
  auto versions = db().Get<std::vector<PostVersion>>(
      [&](db::Connection& c) { return TimelineStore::Versions(c, post); });
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ((*versions)[0].body, "間違えて投稿した内容");
}

TEST_P(TimelineStoreTest, MarkReadCountsThePersonsPostsAndIsIdempotent) {
  std::string a = Post(person_, nurse_, kT0, "a");
  std::string own = Post(person_, doctor_, kT0 + 1, "own");
  std::string elsewhere = Post(other_person_, manager_, kT0, "b");
  auto mark = [&] {
    auto r = db().InTransaction<int64_t>([&](db::Connection& c) {
      return TimelineStore::MarkRead(c, person_, doctor_, {a, own, elsewhere, core::NewId()},
                                     kT0 + 9);
    });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : -1;
  };
  EXPECT_EQ(mark(), 2);
  EXPECT_EQ(mark(), 2);
  auto posts = Page({}, doctor_);
  Decorate(posts, doctor_);
  for (const auto& p : posts) {
    EXPECT_TRUE(p.read.by_me) << p.body;
    EXPECT_EQ(p.read.count, p.id == a ? 1 : 0) << "the author's own read is never stored";
  }
}

TEST_P(TimelineStoreTest, RemindersAreDueAfterTheIntervalAndClaimedOnce) {
  std::string asked =
      Post(person_, nurse_, kT0, "確認お願いします", "contact", true, std::nullopt, true);
  Post(person_, nurse_, kT0, "確認依頼なし", "contact", true);
  std::string old = Post(person_, nurse_, kT0 - 20LL * 86'400'000, "古い確認依頼", "contact", true,
                         std::nullopt, true);
  auto due = [&](int64_t since, int64_t due_at) {
    auto r = db().Get<std::vector<TimelineStore::DueReminder>>(
        [&](db::Connection& c) { return TimelineStore::DueReminders(c, since, due_at, 100); });
    EXPECT_TRUE(r.ok());
    std::vector<std::string> ids;
    for (const auto& d : *r) ids.push_back(d.post_id);
    return ids;
  };
  int64_t since = kT0 - 14LL * 86'400'000;
  EXPECT_TRUE(due(since, kT0 - 1).empty());
  EXPECT_EQ(due(since, kT0), std::vector<std::string>{asked});
  auto claim = [&](int64_t expected, int64_t now) {
    auto r = db().InTransaction<bool>(
        [&](db::Connection& c) { return TimelineStore::ClaimReminder(c, asked, expected, now); });
    return r.ok() && *r;
  };
  EXPECT_TRUE(claim(kT0, kT0 + 100));
  EXPECT_FALSE(claim(kT0, kT0 + 100)) << "another server already sent this round";
  EXPECT_TRUE(due(since, kT0 + 99).empty());
  EXPECT_EQ(due(since, kT0 + 100), std::vector<std::string>{asked});

  auto unacked = db().Get<std::vector<std::string>>(
      [&](db::Connection& c) { return TimelineStore::UnackedMembers(c, person_, asked, nurse_); });
  ASSERT_TRUE(unacked.ok());
  EXPECT_EQ(std::set<std::string>(unacked->begin(), unacked->end()),
            (std::set<std::string>{doctor_, manager_}));
  (void)old;
}

TEST_P(TimelineStoreTest, VitalsListIsOldestFirstWithinTheRangeAndSkipsDeletedPosts) {
  std::string post = Post(person_, nurse_, kT0, "バイタル");
  auto insert = [&](int64_t at, std::optional<std::string> post_id, int64_t systolic) {
    Vitals v;
    v.id = core::NewId(at);
    v.person_id = person_;
    v.post_id = post_id;
    v.values.measured_at = at;
    v.values.systolic = systolic;
    v.values.temperature = 36.5;
    v.recorded_by = nurse_;
    v.created_at = at;
    Must(db().Transact([&](db::Connection& c) { return VitalsStore::Insert(c, v); }));
  };
  insert(kT0 + 3000, std::nullopt, 130);
  insert(kT0 + 1000, std::nullopt, 120);
  insert(kT0 + 2000, post, 125);
  insert(kT0 + 9000, std::nullopt, 140);
  auto list = [&](int limit) {
    auto r = db().Get<std::vector<Vitals>>(
        [&](db::Connection& c) { return VitalsStore::List(c, person_, kT0, kT0 + 5000, limit); });
    EXPECT_TRUE(r.ok());
    std::vector<int64_t> out;
    for (const auto& v : *r) out.push_back(*v.values.systolic);
    return out;
  };
  EXPECT_EQ(list(10), (std::vector<int64_t>{120, 125, 130}));
  EXPECT_EQ(list(2), (std::vector<int64_t>{125, 130})) << "the newest when over the limit";
  Must(db().Transact([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(TimelineStore::SoftDelete(c, post, nurse_, "誤り", kT0));
    return Ok();
  }));
  EXPECT_EQ(list(10), (std::vector<int64_t>{120, 130}));
}

INSTANTIATE_TEST_SUITE_P(Backends, TimelineStoreTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace
}  // namespace care
