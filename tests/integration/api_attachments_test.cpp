// API tests of attachments against the real server: what is accepted (decided by content), that
// a phone photo's GPS position never reaches the disk or a download, thumbnails, the headers of
// downloads, file names that cannot escape the store, and 403 for everyone outside the team.
#include <gtest/gtest.h>
#include <vips/vips.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "care/image_processor.h"
#include "db/database.h"
#include "db/testing.h"
#include "test_env.h"

namespace {

using testing_env::Account;
using testing_env::Client;
using testing_env::Reply;
using testing_env::Str;
using testing_env::TestServer;
namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::literals;

struct Unref {
  void operator()(VipsImage* p) const {
    if (p) g_object_unref(p);
  }
};
using Image = std::unique_ptr<VipsImage, Unref>;

std::string Encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// Takes the saver's buffer by address: the call must have run before it is read.
std::string TakeBuffer(int rc, void** buf, const size_t* len) {
  EXPECT_EQ(rc, 0) << vips_error_buffer();
  if (rc != 0) return {};
  std::string out(static_cast<const char*>(*buf), *len);
  g_free(*buf);
  return out;
}

// A grey ramp (so the JPEG is not trivially small) with an optional EXIF orientation and a GPS
// position where a phone puts it.
std::string PhonePhoto(int width, int height, int orientation, bool gps) {
  VipsImage* xyz = nullptr;
  VipsImage* x = nullptr;
  VipsImage* grey = nullptr;
  VipsImage* rgb = nullptr;
  VipsImage* photo = nullptr;
  EXPECT_EQ(vips_xyz(&xyz, width, height, nullptr), 0);
  EXPECT_EQ(vips_extract_band(xyz, &x, 0, nullptr), 0);
  EXPECT_EQ(vips_cast_uchar(x, &grey, nullptr), 0);
  VipsImage* bands[3] = {grey, grey, grey};
  EXPECT_EQ(vips_bandjoin(bands, &rgb, 3, nullptr), 0);
  EXPECT_EQ(vips_copy(rgb, &photo, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr), 0);
  for (VipsImage* p : {xyz, x, grey, rgb}) g_object_unref(p);
  Image image(photo);
  if (orientation != 1) vips_image_set_int(image.get(), "orientation", orientation);
  if (gps) {
    vips_image_set_string(image.get(), "exif-ifd3-GPSLatitudeRef", "N");
    vips_image_set_string(image.get(), "exif-ifd3-GPSLatitude", "35/1 41/1 2233/100");
    vips_image_set_string(image.get(), "exif-ifd3-GPSLongitudeRef", "E");
    vips_image_set_string(image.get(), "exif-ifd3-GPSLongitude", "139/1 45/1 1234/100");
  }
  void* buf = nullptr;
  size_t len = 0;
  return TakeBuffer(vips_jpegsave_buffer(image.get(), &buf, &len, nullptr), &buf, &len);
}

std::string GreyPng(int width, int height) {
  VipsImage* black = nullptr;
  EXPECT_EQ(vips_black(&black, width, height, nullptr), 0);
  Image image(black);
  void* buf = nullptr;
  size_t len = 0;
  return TakeBuffer(vips_pngsave_buffer(image.get(), &buf, &len, "compression", 1, nullptr), &buf,
                    &len);
}

std::string Pdf() {
  return "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
         "2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
         "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
         "trailer <</Size 3 /Root 1 0 R>>\nstartxref\n108\n%%EOF\n";
}

Image Decode(const std::string& bytes) {
  Image lazy(vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr));
  EXPECT_TRUE(lazy) << vips_error_buffer();
  if (!lazy) return nullptr;
  return Image(vips_image_copy_memory(lazy.get()));
}

bool HasExifOrGps(const Image& image) {
  bool found = false;
  gchar** fields = vips_image_get_fields(image.get());
  for (gchar** f = fields; f && *f; ++f) {
    std::string_view name(*f);
    if (name.starts_with("exif") || name.find("GPS") != std::string_view::npos ||
        name.starts_with("xmp")) {
      found = true;
    }
  }
  g_strfreev(fields);
  return found;
}

// Runs on SQLite and, when TSUNAGARI_TEST_PG is set, on PostgreSQL (a schema of its own).
class ApiAttachmentsTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(care::InitVips()); }

  ApiAttachmentsTest() {
    server_.CreateMunicipality("991015", "群青市");
    std::string clinic = server_.CreateOrganization("991015", "clinic", "群青クリニック");
    std::string office = server_.CreateOrganization("991015", "care_management", "群青居宅");
    nurse_ = server_.CreateUser("nurse", clinic, "member");
    other_manager_ = server_.CreateUser("other.manager", office, "member");
    outsider_ = server_.CreateUser("outsider", clinic, "member");
    sysadmin_ = server_.CreateUser("sys.admin", "", "", true, "staff", true);
    person_ = server_.CreatePerson("991015", nurse_.user_id);
    other_person_ =
        server_.CreatePerson("991015", other_manager_.user_id, "別人 太郎", "ベツジン タロウ");
    EXPECT_EQ(nurse_client_.Login(nurse_).status, 200);
  }

  static std::string Base(const std::string& person) {
    return "/api/v1/persons/" + person + "/attachments";
  }

  Reply Upload(Client& client, const std::string& person, const std::string& bytes,
               const std::string& name = "", const std::string& content_type = "image/jpeg") {
    transport::HeaderList extra;
    if (!name.empty()) extra.emplace_back("X-File-Name", Encode(name));
    return client.Send("POST", Base(person), bytes, content_type, extra);
  }

  // Uploads as the nurse and returns the new attachment's id.
  std::string Uploaded(const std::string& bytes, const std::string& name = "") {
    Reply r = Upload(nurse_client_, person_, bytes, name);
    EXPECT_EQ(r.status, 201) << r.raw;
    return Str(r.body, "id");
  }

  Reply Login(Client& client, const Account& account) {
    server_.clock().Advance(30s);  // TOTP replay protection
    return client.Login(account);
  }

  std::vector<json::value> AuditItems(const std::string& query) {
    Client admin(server_);
    EXPECT_EQ(Login(admin, sysadmin_).status, 200);
    Reply r = testing_env::SearchAudit(server_, admin, query);
    EXPECT_EQ(r.status, 200) << r.raw;
    std::vector<json::value> out;
    if (r.status == 200) {
      for (const auto& e : r.body.at("items").as_array()) out.push_back(e);
    }
    return out;
  }

  std::unique_ptr<db::testing::TestDatabase> database_ = testing_env::BackendDatabase(GetParam());
  TestServer server_{database_ ? database_->url() : std::string()};
  Account nurse_, other_manager_, outsider_, sysadmin_;
  std::string person_, other_person_;
  Client nurse_client_{server_};
};

TEST_P(ApiAttachmentsTest, PhonePhotoIsStoredUprightWithoutGpsAndGetsAThumbnail) {
  const std::string photo = PhonePhoto(1000, 600, 6, true);
  ASSERT_TRUE(HasExifOrGps(Decode(photo)))
      << "the upload must carry GPS for this test to mean much";

  Reply up = Upload(nurse_client_, person_, photo, "診察室 1.jpg");
  ASSERT_EQ(up.status, 201) << up.raw;
  const std::string id = Str(up.body, "id");
  EXPECT_EQ(Str(up.body, "kind"), "image");
  EXPECT_EQ(Str(up.body, "content_type"), "image/jpeg");
  EXPECT_EQ(Str(up.body, "name"), "診察室 1.jpg");
  EXPECT_EQ(up.body.at("width").as_int64(), 600) << "turned by the EXIF orientation";
  EXPECT_EQ(up.body.at("height").as_int64(), 1000);
  EXPECT_EQ(up.response.Header("location"), Base(person_) + "/" + id);

  Reply down = nurse_client_.Get(Base(person_) + "/" + id);
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.response.Header("content-type"), "image/jpeg");
  EXPECT_EQ(down.response.Header("cache-control"), "private, no-store");
  EXPECT_EQ(down.response.Header("content-disposition"),
            "inline; filename*=UTF-8''" + Encode("診察室 1.jpg"));
  EXPECT_EQ(down.response.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(static_cast<int64_t>(down.raw.size()), up.body.at("size").as_int64());
  Image stored = Decode(down.raw);
  ASSERT_TRUE(stored);
  EXPECT_FALSE(HasExifOrGps(stored));
  EXPECT_EQ(vips_image_get_width(stored.get()), 600);
  EXPECT_EQ(vips_image_get_height(stored.get()), 1000);

  Reply thumb = nurse_client_.Get(Base(person_) + "/" + id + "/thumbnail");
  ASSERT_EQ(thumb.status, 200);
  EXPECT_EQ(thumb.response.Header("content-type"), "image/jpeg");
  EXPECT_EQ(thumb.response.Header("cache-control"), "private, no-store");
  EXPECT_TRUE(thumb.response.Header("content-disposition").starts_with("inline; "));
  Image small = Decode(thumb.raw);
  ASSERT_TRUE(small);
  EXPECT_LE(vips_image_get_width(small.get()), 320);
  EXPECT_EQ(vips_image_get_height(small.get()), 320);
  EXPECT_FALSE(HasExifOrGps(small));

  // Nothing on disk holds the position either.
  for (const auto& e : fs::recursive_directory_iterator(server_.data_dir() + "/files")) {
    if (!e.is_regular_file()) continue;
    Image on_disk = Decode([&] {
      std::ifstream in(e.path(), std::ios::binary);
      return std::string(std::istreambuf_iterator<char>(in), {});
    }());
    ASSERT_TRUE(on_disk);
    EXPECT_FALSE(HasExifOrGps(on_disk)) << e.path();
  }
}

TEST_P(ApiAttachmentsTest, PngIsAcceptedAsPng) {
  Reply up = Upload(nurse_client_, person_, GreyPng(64, 32), "図.png", "image/png");
  ASSERT_EQ(up.status, 201) << up.raw;
  EXPECT_EQ(Str(up.body, "content_type"), "image/png");
  EXPECT_EQ(Str(up.body, "name"), "図.png");
  EXPECT_EQ(up.body.at("width").as_int64(), 64);
  EXPECT_EQ(up.body.at("height").as_int64(), 32);
  Reply down = nurse_client_.Get(Base(person_) + "/" + Str(up.body, "id"));
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.response.Header("content-type"), "image/png");
  EXPECT_EQ(care::SniffFileType(down.raw), care::FileType::kPng);
}

TEST_P(ApiAttachmentsTest, TypeIsDecidedByContentNotByNameOrHeader) {
  // A PNG sent as "photo.jpg" with Content-Type image/jpeg is a PNG.
  Reply up = Upload(nurse_client_, person_, GreyPng(8, 8), "photo.jpg", "image/jpeg");
  ASSERT_EQ(up.status, 201) << up.raw;
  EXPECT_EQ(Str(up.body, "content_type"), "image/png");
  EXPECT_EQ(Str(up.body, "name"), "photo.png");
}

TEST_P(ApiAttachmentsTest, PdfIsKeptAsIsAndDownloadedAsAnAttachment) {
  Reply up = Upload(nurse_client_, person_, Pdf(), "診療情報提供書.pdf", "application/pdf");
  ASSERT_EQ(up.status, 201) << up.raw;
  EXPECT_EQ(Str(up.body, "kind"), "pdf");
  EXPECT_EQ(Str(up.body, "content_type"), "application/pdf");
  EXPECT_TRUE(up.body.at("width").is_null());
  EXPECT_TRUE(up.body.at("height").is_null());
  EXPECT_EQ(up.body.at("size").as_int64(), static_cast<int64_t>(Pdf().size()));

  const std::string url = Base(person_) + "/" + Str(up.body, "id");
  Reply down = nurse_client_.Get(url);
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.raw, Pdf());
  EXPECT_EQ(down.response.Header("content-type"), "application/pdf");
  EXPECT_EQ(down.response.Header("content-disposition"),
            "attachment; filename*=UTF-8''" + Encode("診療情報提供書.pdf"));
  EXPECT_EQ(down.response.Header("cache-control"), "private, no-store");

  Reply thumb = nurse_client_.Get(url + "/thumbnail");
  EXPECT_EQ(thumb.status, 404) << "PDFs get no thumbnail";
}

TEST_P(ApiAttachmentsTest, DefaultNamesFollowTheKind) {
  Reply photo = Upload(nurse_client_, person_, PhonePhoto(20, 10, 1, false));
  ASSERT_EQ(photo.status, 201);
  EXPECT_EQ(Str(photo.body, "name"), "photo.jpg");
  Reply pdf = Upload(nurse_client_, person_, Pdf(), "", "application/pdf");
  ASSERT_EQ(pdf.status, 201);
  EXPECT_EQ(Str(pdf.body, "name"), "document.pdf");
}

TEST_P(ApiAttachmentsTest, HeicPhotoIsStoredAsJpeg) {
  VipsImage* black = nullptr;
  ASSERT_EQ(vips_black(&black, 64, 48, "bands", 3, nullptr), 0);
  Image image(black);
  void* buf = nullptr;
  size_t len = 0;
  if (vips_heifsave_buffer(image.get(), &buf, &len, "compression",
                           VIPS_FOREIGN_HEIF_COMPRESSION_HEVC, nullptr) != 0) {
    vips_error_clear();
    GTEST_SKIP() << "this libvips cannot write HEIC";
  }
  Reply up =
      Upload(nurse_client_, person_, TakeBuffer(0, &buf, &len), "IMG_0001.HEIC", "image/heic");
  ASSERT_EQ(up.status, 201) << up.raw;
  EXPECT_EQ(Str(up.body, "content_type"), "image/jpeg");
  EXPECT_EQ(Str(up.body, "name"), "IMG_0001.jpg");
}

TEST_P(ApiAttachmentsTest, OtherContentIsUnsupportedMedia) {
  for (const std::string& body :
       {"just some text\n"s, "GIF89a\x01\0\x01\0\0\0\0;"s,
        "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"s, "PK\x03\x04zip"s,
        "\0\0\0\x18"
        "ftypisom\0\0\0\0"s}) {
    Reply r = Upload(nurse_client_, person_, body, "photo.jpg");
    EXPECT_EQ(r.status, 415) << body;
    EXPECT_TRUE(r.NamesField("file")) << r.raw;
  }
}

TEST_P(ApiAttachmentsTest, BrokenOrEmptyFilesAreBadRequests) {
  const std::string good = PhonePhoto(200, 200, 1, false);
  for (const std::string& body :
       {"\xFF\xD8\xFF\xE0 not really a JPEG"s, good.substr(0, good.size() / 2),
        "\x89PNG\r\n\x1A\nbroken"s, Pdf().substr(0, 60)}) {
    Reply r = Upload(nurse_client_, person_, body);
    EXPECT_EQ(r.status, 400) << r.raw;
    EXPECT_TRUE(r.NamesField("file")) << r.raw;
  }
  Reply empty = Upload(nurse_client_, person_, "");
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(empty.NamesField("file")) << empty.raw;
}

TEST_P(ApiAttachmentsTest, TooLargeFilesAndImagesAreRefused) {
  // Over the route's 10 MiB: the transport refuses it before reading the body.
  Reply big = Upload(nurse_client_, person_, std::string(10 * 1024 * 1024 + 1, 'x'));
  EXPECT_EQ(big.status, 413);

  // Small file, too many pixels (41 megapixels): refused on the header, naming the file.
  Reply huge = Upload(nurse_client_, person_, GreyPng(6400, 6400), "huge.png", "image/png");
  EXPECT_EQ(huge.status, 413) << huge.raw;
  EXPECT_TRUE(huge.NamesField("file")) << huge.raw;
}

TEST_P(ApiAttachmentsTest, BadFileNamesAreRefusedNamingTheField) {
  Reply long_name = Upload(nurse_client_, person_, Pdf(), std::string(201, 'a') + ".pdf");
  EXPECT_EQ(long_name.status, 400);
  EXPECT_TRUE(long_name.NamesField("name")) << long_name.raw;
  transport::HeaderList extra{{"X-File-Name", "%E5%86.pdf"}};  // cut in the middle of a character
  Reply not_utf8 = nurse_client_.Send("POST", Base(person_), Pdf(), "application/pdf", extra);
  EXPECT_EQ(not_utf8.status, 400);
  EXPECT_TRUE(not_utf8.NamesField("name")) << not_utf8.raw;
}

TEST_P(ApiAttachmentsTest, CraftedFileNameOnlyChangesTheDisplayedName) {
  const fs::path data(server_.data_dir());
  Reply up = Upload(nurse_client_, person_, PhonePhoto(20, 20, 1, false), "../../etc/passwd");
  ASSERT_EQ(up.status, 201) << up.raw;
  EXPECT_EQ(Str(up.body, "name"), "passwd.jpg");
  EXPECT_FALSE(fs::exists(data.parent_path() / "etc"));
  // Every stored file has a random hex name two fan-out levels under files/.
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(data / "files")) {
    if (!e.is_regular_file()) continue;
    ++files;
    const fs::path rel = fs::relative(e.path(), data / "files");
    const std::string name = rel.filename().string();
    EXPECT_EQ(std::distance(rel.begin(), rel.end()), 3) << rel;
    EXPECT_EQ(name.size(), 32u) << rel;
    EXPECT_EQ(name.find_first_not_of("0123456789abcdef"), std::string::npos) << rel;
    EXPECT_TRUE(name.starts_with(rel.begin()->string())) << rel;
  }
  EXPECT_EQ(files, 2) << "the photo and its thumbnail";

  Reply down = nurse_client_.Get(Base(person_) + "/" + Str(up.body, "id"));
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.response.Header("content-disposition"), "inline; filename*=UTF-8''passwd.jpg");
}

TEST_P(ApiAttachmentsTest, OutsiderGets403OnEveryRouteAndIsAudited) {
  const std::string id = Uploaded(Pdf(), "x.pdf");
  Client outsider(server_);
  ASSERT_EQ(Login(outsider, outsider_).status, 200);
  Reply up = Upload(outsider, person_, Pdf(), "y.pdf");
  EXPECT_EQ(up.status, 403);
  EXPECT_EQ(outsider.Get(Base(person_) + "/" + id).status, 403);
  EXPECT_EQ(outsider.Get(Base(person_) + "/" + id + "/thumbnail").status, 403);

  // The audit search keys on the person; the outsider's entries are picked out here. The
  // refusal may come from the route's person gate (person.access) or from the attachment
  // service (attachment.*); either way each request leaves one denied entry with the person.
  int denied = 0;
  for (const auto& e : AuditItems("person_id=" + person_)) {
    if (Str(e, "user_id") != outsider_.user_id) continue;
    EXPECT_EQ(Str(e, "outcome"), "denied") << Str(e, "action");
    EXPECT_EQ(Str(e, "person_id"), person_);
    ++denied;
  }
  EXPECT_EQ(denied, 3);
}

TEST_P(ApiAttachmentsTest, AnotherTeamCannotReachThisPersonsAttachmentThroughTheirOwnPerson) {
  const std::string id = Uploaded(PhonePhoto(40, 40, 1, true), "a.jpg");
  Client other(server_);
  ASSERT_EQ(Login(other, other_manager_).status, 200);
  // Their own person, this person's attachment id: refused exactly like a stranger.
  Reply via_own = other.Get(Base(other_person_) + "/" + id);
  EXPECT_EQ(via_own.status, 403) << via_own.raw;
  EXPECT_EQ(other.Get(Base(other_person_) + "/" + id + "/thumbnail").status, 403);
  EXPECT_EQ(other.Get(Base(person_) + "/" + id).status, 403);
  // And an id that does not exist at all answers the same, so ids cannot be probed.
  Reply unknown = other.Get(Base(other_person_) + "/01936c0a-5e0c-7cc1-8f5e-3b1f0c2d9a4b");
  EXPECT_EQ(unknown.status, 403);
  EXPECT_EQ(unknown.ErrorCode(), via_own.ErrorCode());
  EXPECT_EQ(other.Get(Base(other_person_) + "/not-an-id").status, 403);

  bool audited = false;
  for (const auto& e : AuditItems("person_id=" + other_person_ + "&action=attachment.read")) {
    if (Str(e, "object_id") == id && Str(e, "outcome") == "denied") audited = true;
  }
  EXPECT_TRUE(audited);
}

TEST_P(ApiAttachmentsTest, WithdrawnConsentEndsAccess) {
  const std::string id = Uploaded(Pdf(), "x.pdf");
  static constexpr db::Statement kWithdraw{
      "test_withdraw_consents",
      "UPDATE consents SET withdrawn_on = '2026-05-01', withdrawn_at = $2, withdrawn_by = $3, "
      "withdrawal_reason = 'test' WHERE person_id = $1"};
  auto s = server_.app().db().Run([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(c.Execute(kWithdraw, {person_, server_.clock().NowMillis(), nurse_.user_id}));
    return core::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(nurse_client_.Get(Base(person_) + "/" + id).status, 403);
  EXPECT_EQ(Upload(nurse_client_, person_, Pdf(), "y.pdf").status, 403);
}

TEST_P(ApiAttachmentsTest, ReadsAndUploadsAreAuditedWithThePerson) {
  const std::string id = Uploaded(PhonePhoto(50, 50, 1, false), "a.jpg");
  ASSERT_EQ(nurse_client_.Get(Base(person_) + "/" + id).status, 200);
  ASSERT_EQ(nurse_client_.Get(Base(person_) + "/" + id + "/thumbnail").status, 200);
  std::set<std::string> actions;
  for (const auto& e : AuditItems("person_id=" + person_ + "&action=attachment.")) {
    EXPECT_EQ(Str(e, "person_id"), person_);
    EXPECT_EQ(Str(e, "object_id"), id);
    EXPECT_EQ(Str(e, "user_id"), nurse_.user_id);
    EXPECT_EQ(Str(e, "outcome"), "ok");
    actions.insert(Str(e, "action"));
  }
  EXPECT_EQ(actions, (std::set<std::string>{"attachment.upload", "attachment.read",
                                            "attachment.thumbnail"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiAttachmentsTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace
