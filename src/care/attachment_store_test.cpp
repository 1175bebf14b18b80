// Attachment SQL and the service rules that depend on it, on SQLite and PostgreSQL: rows round
// trip, another person's attachment looks like a missing one, claims happen once, and unclaimed
// uploads older than a day are removed with their files (claimed and recent ones stay).
#include "care/attachment_store.h"

#include <gtest/gtest.h>
#include <vips/vips.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <vector>

#include "auth/principal.h"
#include "care/attachment_service.h"
#include "care/image_processor.h"
#include "core/clock.h"
#include "core/id.h"
#include "db/migrations.h"
#include "db/testing.h"
#include "directory/store.h"

namespace care {
namespace {

using core::ErrorCode;
using core::Ok;

constexpr int64_t kHour = 60 * 60 * 1000;

class RecordingAudit final : public audit::AuditSink {
 public:
  void Record(audit::Entry entry) override {
    std::lock_guard lock(mu_);
    entries_.push_back(std::move(entry));
  }
  void Flush() override {}
  std::vector<audit::Entry> entries() {
    std::lock_guard lock(mu_);
    return entries_;
  }

 private:
  std::mutex mu_;
  std::vector<audit::Entry> entries_;  // guarded by mu_
};

class AttachmentStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto t = db::testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(t.ok()) << t.error().message;
    test_db_ = std::move(t).value();
    auto migrated = db::Migrate(db(), clock_);
    ASSERT_TRUE(migrated.ok()) << migrated.error().message;
    user_id_ = AddUser("nurse1");
    person_a_ = AddPerson(user_id_);
    person_b_ = AddPerson(user_id_);
    char tmpl[] = "/tmp/tsunagari-attachments-XXXXXX";
    files_dir_ = mkdtemp(tmpl);
  }
  void TearDown() override {
    std::error_code ec;
    if (!files_dir_.empty()) std::filesystem::remove_all(files_dir_, ec);
  }

  db::Database& db() { return test_db_->db(); }

  std::string AddUser(const std::string& login) {
    directory::User u;
    u.id = core::NewId();
    u.login_id = login;
    u.display_name = "試験 " + login;
    u.kana = "シケン";
    u.created_at = u.updated_at = clock_.NowMillis();
    auto s = db().Transact([&](db::Connection& c) -> core::Result<void> {
      auto muni = directory::Store::GetMunicipality(c, "991015");
      RETURN_IF_ERROR(muni);
      if (!*muni) {
        RETURN_IF_ERROR(directory::Store::InsertMunicipality(
            c, {"991015", "群青市", "", "架空県", "active", clock_.NowMillis()}));
      }
      return directory::Store::InsertUser(c, u);
    });
    EXPECT_TRUE(s.ok()) << s.error().message;
    return u.id;
  }

  // A person with `member` as active care manager and a team consent in force.
  std::string AddPerson(const std::string& member) {
    static constexpr db::Statement kPerson{
        "att_test_person",
        "INSERT INTO persons (id, municipality_code, name, kana, search_name, search_kana, sex, "
        "birth_date, address, categories, created_by, created_at, updated_by, updated_at) VALUES "
        "($1, '991015', '試験 花子', 'シケン ハナコ', '試験 花子', 'シケンハナコ', 'female', "
        "'1938-04-01', '群青市本町1-1', 'elderly', $2, $3, $2, $3)"};
    static constexpr db::Statement kConsent{
        "att_test_consent",
        "INSERT INTO consents (id, person_id, scope_team, scope_emergency, scope_disaster, "
        "scope_family, obtained_on, obtained_by, given_by, method, created_at) VALUES ($1, $2, 1, "
        "0, 0, 0, '2026-04-01', $3, 'self', 'written', $4)"};
    static constexpr db::Statement kMember{
        "att_test_member",
        "INSERT INTO care_team_members (person_id, user_id, team_role, status, invited_at, "
        "joined_at) VALUES ($1, $2, 'care_manager', 'active', $3, $3)"};
    std::string id = core::NewId();
    int64_t now = clock_.NowMillis();
    auto s = db().Transact([&](db::Connection& c) -> core::Result<void> {
      RETURN_IF_ERROR(c.Execute(kPerson, {id, member, now}));
      RETURN_IF_ERROR(c.Execute(kConsent, {core::NewId(), id, member, now}));
      RETURN_IF_ERROR(c.Execute(kMember, {id, member, now}));
      return Ok();
    });
    EXPECT_TRUE(s.ok()) << s.error().message;
    return id;
  }

  Attachment Sample(const std::string& person_id, int64_t created_at) {
    Attachment a;
    a.id = core::NewId(created_at);
    a.person_id = person_id;
    a.kind = "image";
    a.content_type = "image/jpeg";
    a.byte_size = 1234;
    a.width = 640;
    a.height = 480;
    a.sha256 = std::string(64, 'a');
    a.storage_key = std::string(32, 'b');
    a.thumbnail_key = std::string(32, 'c');
    a.original_name = "褥瘡の写真.jpg";
    a.uploaded_by = user_id_;
    a.created_at = created_at;
    return a;
  }

  void Insert(const Attachment& a) {
    auto s = db().Transact([&](db::Connection& c) { return AttachmentStore::Insert(c, a); });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  std::optional<Attachment> Get(const std::string& id, const std::string& person_id) {
    auto r = db().Get<std::optional<Attachment>>(
        [&](db::Connection& c) { return AttachmentStore::GetForPerson(c, id, person_id); });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : std::nullopt;
  }

  bool Claim(const std::string& id, const std::string& person_id, const std::string& owner_id) {
    auto r = db().Get<bool>([&](db::Connection& c) {
      return AttachmentStore::Claim(c, id, person_id, "post", owner_id);
    });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() && *r;
  }

  core::FakeClock clock_;
  std::unique_ptr<db::testing::TestDatabase> test_db_;
  std::string user_id_, person_a_, person_b_;
  std::string files_dir_;
};

TEST_P(AttachmentStoreTest, RowRoundTripsForItsPerson) {
  Attachment image = Sample(person_a_, clock_.NowMillis());
  Insert(image);
  Attachment pdf = Sample(person_a_, clock_.NowMillis() + 1);
  pdf.kind = "pdf";
  pdf.content_type = "application/pdf";
  pdf.width.reset();
  pdf.height.reset();
  pdf.thumbnail_key.reset();
  Insert(pdf);

  auto got = Get(image.id, person_a_);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->person_id, person_a_);
  EXPECT_EQ(got->owner_type, "");
  EXPECT_FALSE(got->claimed());
  EXPECT_EQ(got->kind, "image");
  EXPECT_EQ(got->content_type, "image/jpeg");
  EXPECT_EQ(got->byte_size, 1234);
  EXPECT_EQ(got->width, 640);
  EXPECT_EQ(got->height, 480);
  EXPECT_EQ(got->sha256, image.sha256);
  EXPECT_EQ(got->storage_key, image.storage_key);
  EXPECT_EQ(got->thumbnail_key, image.thumbnail_key);
  EXPECT_EQ(got->original_name, "褥瘡の写真.jpg");
  EXPECT_EQ(got->uploaded_by, user_id_);
  EXPECT_EQ(got->created_at, image.created_at);
  EXPECT_FALSE(got->deleted_at.has_value());

  auto got_pdf = Get(pdf.id, person_a_);
  ASSERT_TRUE(got_pdf.has_value());
  EXPECT_FALSE(got_pdf->width.has_value());
  EXPECT_FALSE(got_pdf->height.has_value());
  EXPECT_FALSE(got_pdf->thumbnail_key.has_value());
}

TEST_P(AttachmentStoreTest, AnotherPersonsAttachmentLooksMissing) {
  Attachment a = Sample(person_a_, clock_.NowMillis());
  Insert(a);
  EXPECT_FALSE(Get(a.id, person_b_).has_value());
  EXPECT_FALSE(Get(core::NewId(), person_a_).has_value());
  Attachment deleted = Sample(person_a_, clock_.NowMillis());
  deleted.deleted_at = clock_.NowMillis();
  Insert(deleted);
  EXPECT_FALSE(Get(deleted.id, person_a_).has_value());
}

TEST_P(AttachmentStoreTest, AnUploadIsClaimedOnceAndOnlyForItsPerson) {
  Attachment a = Sample(person_a_, clock_.NowMillis());
  Insert(a);
  const std::string post = core::NewId();
  EXPECT_FALSE(Claim(a.id, person_b_, post)) << "another person's post cannot take it";
  EXPECT_TRUE(Claim(a.id, person_a_, post));
  EXPECT_FALSE(Claim(a.id, person_a_, core::NewId())) << "already used";

  auto owned = db().Get<std::vector<Attachment>>(
      [&](db::Connection& c) { return AttachmentStore::ListForOwner(c, person_a_, "post", post); });
  ASSERT_TRUE(owned.ok());
  ASSERT_EQ(owned->size(), 1u);
  EXPECT_EQ((*owned)[0].id, a.id);
  EXPECT_EQ((*owned)[0].owner_id, post);
  EXPECT_TRUE((*owned)[0].claimed());
}

TEST_P(AttachmentStoreTest, ClaimAttachmentsNamesEveryUnusableId) {
  Attachment ok = Sample(person_a_, clock_.NowMillis());
  Attachment foreign = Sample(person_b_, clock_.NowMillis());
  Insert(ok);
  Insert(foreign);
  auto s = db().Transact([&](db::Connection& c) {
    return ClaimAttachments(c, person_a_, {ok.id, foreign.id, "../../etc/passwd"}, "post",
                            core::NewId(), "attachment_ids");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalid);
  ASSERT_EQ(s.error().details.size(), 2u);
  EXPECT_EQ(s.error().details[0].field, "attachment_ids[1]");
  EXPECT_EQ(s.error().details[1].field, "attachment_ids[2]");
  EXPECT_FALSE(Get(ok.id, person_a_)->claimed()) << "the failed transaction was rolled back";
}

TEST_P(AttachmentStoreTest, UnclaimedListHonoursCutoffAndSkipsClaimed) {
  const int64_t now = clock_.NowMillis();
  Attachment old1 = Sample(person_a_, now - 30 * kHour);
  Attachment old2 = Sample(person_b_, now - 25 * kHour);
  Attachment old_claimed = Sample(person_a_, now - 26 * kHour);
  Attachment recent = Sample(person_a_, now - 1 * kHour);
  for (const auto* a : {&old1, &old2, &old_claimed, &recent}) Insert(*a);
  ASSERT_TRUE(Claim(old_claimed.id, person_a_, core::NewId()));

  auto list = db().Get<std::vector<Attachment>>([&](db::Connection& c) {
    return AttachmentStore::ListUnclaimedBefore(c, now - 24 * kHour, 10);
  });
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, old1.id);
  EXPECT_EQ((*list)[1].id, old2.id);

  auto limited = db().Get<std::vector<Attachment>>([&](db::Connection& c) {
    return AttachmentStore::ListUnclaimedBefore(c, now - 24 * kHour, 1);
  });
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->size(), 1u);

  auto deleted_claimed = db().Get<bool>(
      [&](db::Connection& c) { return AttachmentStore::DeleteIfUnclaimed(c, old_claimed.id); });
  ASSERT_TRUE(deleted_claimed.ok());
  EXPECT_FALSE(*deleted_claimed);
  EXPECT_TRUE(Get(old_claimed.id, person_a_).has_value());
}

// The service on top of the store: uploads and the daily clean-up, with a fake clock.
class AttachmentServiceTest : public AttachmentStoreTest {
 protected:
  void SetUp() override {
    AttachmentStoreTest::SetUp();
    if (HasFatalFailure()) return;
    files_ = std::make_unique<FileStore>(files_dir_ + "/files");
    access_ = std::make_unique<PersonAccessChecker>(audit_);
    service_ =
        std::make_unique<AttachmentService>(db(), clock_, audit_, *access_, *files_, *images_);
    principal_.user_id = user_id_;
    principal_.stage = auth::SessionStage::kFull;
    caller_.principal = &principal_;
  }

  static std::string Pdf() {
    return "%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\nxref\n0 1\n0000000000 65535 f \n"
           "trailer <</Size 1 /Root 1 0 R>>\nstartxref\n45\n%%EOF\n";
  }

  int CountFiles() {
    int n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(files_dir_)) {
      n += e.is_regular_file() ? 1 : 0;
    }
    return n;
  }

  RecordingAudit audit_;
  std::unique_ptr<ImageProcessor> images_ = NewVipsImageProcessor();
  std::unique_ptr<FileStore> files_;
  std::unique_ptr<PersonAccessChecker> access_;
  std::unique_ptr<AttachmentService> service_;
  auth::Principal principal_;
  auth::Caller caller_;
};

TEST_P(AttachmentServiceTest, UploadStoresTheFileAndAuditsWithThePerson) {
  auto a = service_->Upload(person_a_, Pdf(), "紹介状.pdf", caller_);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->kind, "pdf");
  EXPECT_EQ(a->original_name, "紹介状.pdf");
  EXPECT_EQ(a->uploaded_by, user_id_);
  EXPECT_EQ(a->byte_size, static_cast<int64_t>(Pdf().size()));
  EXPECT_EQ(a->sha256.size(), 64u);
  auto stored = Get(a->id, person_a_);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(*files_->Get(stored->storage_key), Pdf());

  auto entries = audit_.entries();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.back().action, "attachment.upload");
  EXPECT_EQ(entries.back().person_id, person_a_);
  EXPECT_EQ(entries.back().object_id, a->id);
  EXPECT_EQ(entries.back().outcome, "ok");

  auto content = service_->Download(person_a_, a->id, caller_);
  ASSERT_TRUE(content.ok());
  EXPECT_EQ(content->bytes, Pdf());
  EXPECT_FALSE(content->inline_display);
  auto thumbnail = service_->Thumbnail(person_a_, a->id, caller_);
  ASSERT_FALSE(thumbnail.ok());
  EXPECT_EQ(thumbnail.error().code, ErrorCode::kNotFound) << "PDFs have no thumbnail";
}

TEST_P(AttachmentServiceTest, OutsiderCannotUploadAndNothingIsStored) {
  const std::string outsider = AddUser("outsider");
  auth::Principal p;
  p.user_id = outsider;
  p.stage = auth::SessionStage::kFull;
  auth::Caller c;
  c.principal = &p;
  auto a = service_->Upload(person_a_, Pdf(), "x.pdf", c);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(CountFiles(), 0);
  auto entries = audit_.entries();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.back().outcome, "denied");
  EXPECT_EQ(entries.back().person_id, person_a_);
}

TEST_P(AttachmentServiceTest, UnclaimedUploadsOlderThanADayArePurgedWithTheirFiles) {
  auto old_upload = service_->Upload(person_a_, Pdf(), "old.pdf", caller_);
  auto used = service_->Upload(person_a_, Pdf(), "used.pdf", caller_);
  ASSERT_TRUE(old_upload.ok() && used.ok());
  ASSERT_TRUE(Claim(used->id, person_a_, core::NewId()));
  clock_.Advance(std::chrono::hours(23));
  auto fresh = service_->Upload(person_a_, Pdf(), "fresh.pdf", caller_);
  ASSERT_TRUE(fresh.ok());
  ASSERT_EQ(CountFiles(), 3);

  // Just under a day: nothing goes.
  auto none = service_->PurgeOrphans(clock_.NowMillis() + 60 * 60 * 1000 - 1);
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_EQ(*none, 0);

  clock_.Advance(std::chrono::hours(1) + std::chrono::milliseconds(1));
  auto purged = service_->PurgeOrphans(clock_.NowMillis());
  ASSERT_TRUE(purged.ok()) << purged.error().message;
  EXPECT_EQ(*purged, 1);
  EXPECT_FALSE(Get(old_upload->id, person_a_).has_value());
  EXPECT_FALSE(std::filesystem::exists(files_->PathOf(old_upload->storage_key)));
  EXPECT_TRUE(Get(used->id, person_a_).has_value()) << "claimed uploads stay";
  EXPECT_TRUE(Get(fresh->id, person_a_).has_value()) << "recent uploads stay";
  EXPECT_EQ(CountFiles(), 2);

  auto entries = audit_.entries();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.back().action, "attachment.purge_unclaimed");
  EXPECT_EQ(entries.back().object_id, old_upload->id);
  EXPECT_EQ(entries.back().person_id, person_a_);
}

TEST_P(AttachmentServiceTest, PurgeRemovesImageThumbnailsToo) {
  ASSERT_TRUE(InitVips());
  // A 2×2 PNG made by libvips, so the image path (file + thumbnail) is exercised.
  VipsImage* black = nullptr;
  ASSERT_EQ(vips_black(&black, 2, 2, nullptr), 0);
  void* buf = nullptr;
  size_t len = 0;
  ASSERT_EQ(vips_pngsave_buffer(black, &buf, &len, nullptr), 0);
  g_object_unref(black);
  std::string png(static_cast<const char*>(buf), len);
  g_free(buf);
  auto a = service_->Upload(person_a_, png, "", caller_);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->original_name, "photo.png");
  ASSERT_TRUE(a->thumbnail_key.has_value());
  EXPECT_EQ(CountFiles(), 2);
  clock_.Advance(std::chrono::hours(25));
  auto purged = service_->PurgeOrphans(clock_.NowMillis());
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(CountFiles(), 0);
}

TEST(AttachmentNamesTest, FileNamesAreCleanedNotTrusted) {
  EXPECT_EQ(*CleanFileName("../../etc/passwd"), "passwd");
  EXPECT_EQ(*CleanFileName("C:\\Users\\花子\\写真.jpg"), "写真.jpg");
  EXPECT_EQ(*CleanFileName("  写真\u202Egpj.exe  "), "写真gpj.exe");
  EXPECT_EQ(*CleanFileName("a\r\nb\x01.jpg"), "ab.jpg");
  EXPECT_EQ(*CleanFileName("\u3000メモ.pdf\u3000"), "メモ.pdf");
  EXPECT_EQ(*CleanFileName(".."), "");
  EXPECT_EQ(*CleanFileName("dir/"), "");
  EXPECT_EQ(*CleanFileName(std::string(200, 'a')), std::string(200, 'a'));
  std::string kanji;
  for (int i = 0; i < 200; ++i) kanji += "字";
  EXPECT_TRUE(CleanFileName(kanji).ok()) << "200 characters, not bytes";

  auto too_long = CleanFileName(kanji + "字");
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().field, "name");
  auto not_utf8 = CleanFileName("\xE5\x86.jpg");
  ASSERT_FALSE(not_utf8.ok());
  EXPECT_EQ(not_utf8.error().field, "name");
}

TEST(AttachmentNamesTest, ExtensionFollowsTheStoredType) {
  EXPECT_EQ(NameForStoredType("", "image/jpeg"), "photo.jpg");
  EXPECT_EQ(NameForStoredType("", "application/pdf"), "document.pdf");
  EXPECT_EQ(NameForStoredType("IMG_0001.HEIC", "image/jpeg"), "IMG_0001.jpg");
  EXPECT_EQ(NameForStoredType("IMG_0001.JPG", "image/jpeg"), "IMG_0001.JPG");
  EXPECT_EQ(NameForStoredType("scan.png", "image/jpeg"), "scan.jpg");
  EXPECT_EQ(NameForStoredType("passwd", "image/jpeg"), "passwd.jpg");
  EXPECT_EQ(NameForStoredType("report.v2", "application/pdf"), "report.v2.pdf");
}

INSTANTIATE_TEST_SUITE_P(Backends, AttachmentStoreTest,
                         ::testing::ValuesIn(db::testing::Backends()), db::testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, AttachmentServiceTest,
                         ::testing::ValuesIn(db::testing::Backends()), db::testing::BackendName());

}  // namespace
}  // namespace care
