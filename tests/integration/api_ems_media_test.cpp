// Scene photos and short videos (救急ショット, docs/emergency-api.md): the crew attaches them to
// its access, and they reach the receiving hospital, by account or through the one-time link,
// and nobody else.
#include <vips/vips.h>

#include "emergency_fixture.h"

namespace emergency_test {
namespace {

std::string GreyPng(int width, int height) {
  VipsImage* black = nullptr;
  EXPECT_EQ(vips_black(&black, width, height, nullptr), 0);
  void* buf = nullptr;
  size_t len = 0;
  int rc = vips_pngsave_buffer(black, &buf, &len, nullptr);
  g_object_unref(black);
  EXPECT_EQ(rc, 0);
  std::string out(static_cast<const char*>(buf), len);
  g_free(buf);
  return out;
}

// An MP4 as a phone writes its first box: size, `ftyp`, brand isom; the rest is not looked at.
std::string Mp4() {
  std::string head(
      "\x00\x00\x00\x18"
      "ftypisom\x00\x00\x02\x00isomiso2",
      24);
  return head + std::string(4096, '\x01');
}

class ApiEmsMediaTest : public EmergencyFixture {
 protected:
  ApiEmsMediaTest() {
    Reply r = Open(crew_client_, OpenBody(person_));
    EXPECT_EQ(r.status, 201) << r.raw;
    id_ = Str(r.body, "id");
    access_ = "/api/v1/ems/accesses/" + id_;
  }
  Reply Upload(Client& c, const std::string& bytes, const std::string& name) {
    return c.Send("POST", access_ + "/media", bytes, "application/octet-stream",
                  {{"X-File-Name", name}});
  }
  std::string id_, access_;
};

TEST_P(ApiEmsMediaTest, ThePersonsPhotoIsOnTheSummaryForTheCrewAndAReplacedOneIsGone) {
  const std::string person = "/api/v1/persons/" + person_;
  auto upload = [&](const std::string& bytes, const std::string& name) {
    Reply r = cm_client_.Send("POST", person + "/attachments", bytes, "application/octet-stream",
                              {{"X-File-Name", name}});
    EXPECT_EQ(r.status, 201) << r.raw;
    return Str(r.body, "id");
  };
  auto set_photo = [&](Client& c, const std::string& id) {
    return c.Put(person + "/photo", json::object{{"attachment_id", id}});
  };
  const std::string first = upload(GreyPng(60, 80), "face.png");
  ASSERT_EQ(set_photo(cm_client_, first).status, 204);
  EXPECT_EQ(Str(cm_client_.Get(person).body, "photo_attachment_id"), first);
  EXPECT_EQ(cm_client_.Get(person + "/attachments/" + first + "/thumbnail").status, 200);

  Reply access = crew_client_.Get(access_);
  ASSERT_EQ(access.status, 200) << access.raw;
  EXPECT_EQ(Str(access.body.at("summary").at("person"), "photo_attachment_id"), first);
  EXPECT_EQ(crew_client_.Get(access_ + "/media/" + first + "/thumbnail").status, 200);

  // Only an unused image upload of this person can become the photo; only the team sets it.
  const std::string pdf = upload(
      "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] "
      "/Count 0>> endobj\nxref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 "
      "n \ntrailer <</Size 3 /Root 1 0 R>>\nstartxref\n108\n%%EOF\n",
      "letter.pdf");
  EXPECT_EQ(set_photo(cm_client_, pdf).ErrorField(), "attachment_id");
  EXPECT_EQ(set_photo(cm_client_, first).ErrorField(), "attachment_id");  // already claimed
  EXPECT_EQ(set_photo(cm_client_, "nope").ErrorField(), "attachment_id");
  EXPECT_EQ(cm_client_.Put(person + "/photo", json::object{}).ErrorField(), "attachment_id");
  const std::string second = upload(GreyPng(60, 80), "newer.png");
  EXPECT_EQ(set_photo(*SignedIn(outsider_), second).status, 403);
  EXPECT_EQ(set_photo(crew_client_, second).status, 403);

  ASSERT_EQ(set_photo(cm_client_, second).status, 204);
  EXPECT_EQ(cm_client_.Get(person + "/attachments/" + first).status, 403);
  EXPECT_EQ(crew_client_.Get(access_ + "/media/" + first).status, 404);
  EXPECT_EQ(crew_client_.Get(access_ + "/media/" + second).status, 200);

  ASSERT_EQ(cm_client_.Delete(person + "/photo").status, 204);
  EXPECT_TRUE(cm_client_.Get(person).body.at("photo_attachment_id").is_null());
  EXPECT_EQ(crew_client_.Get(access_ + "/media/" + second).status, 404);
  EXPECT_EQ(AuditOf("person.photo.set").size(), 2u);
  EXPECT_EQ(AuditOf("person.photo.clear").size(), 1u);
}

TEST_P(ApiEmsMediaTest, PhotosAndVideosAttachToTheAccessAndReachTheHospital) {
  Reply photo = Upload(crew_client_, GreyPng(64, 48), "scene.png");
  ASSERT_EQ(photo.status, 201) << photo.raw;
  EXPECT_EQ(Str(photo.body, "kind"), "image");
  Reply video = Upload(crew_client_, Mp4(), "scene.mp4");
  ASSERT_EQ(video.status, 201) << video.raw;
  EXPECT_EQ(Str(video.body, "kind"), "video");
  EXPECT_EQ(Str(video.body, "content_type"), "video/mp4");
  Reply pdf = Upload(crew_client_, "%PDF-1.4\n%%EOF\n", "note.pdf");
  EXPECT_EQ(pdf.status, 415);
  EXPECT_EQ(Upload(crew_client_, std::string(100, 'x'), "x.bin").status, 415);
  EXPECT_EQ(Upload(crew_client_, "", "empty.png").status, 400);

  Reply read = crew_client_.Get(access_);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.body.at("media").as_array().size(), 2u);
  std::string photo_id = Str(photo.body, "id"), video_id = Str(video.body, "id");
  Reply bytes = crew_client_.Get(access_ + "/media/" + video_id);
  ASSERT_EQ(bytes.status, 200);
  EXPECT_EQ(bytes.response.Header("content-type"), "video/mp4");
  EXPECT_EQ(bytes.raw, Mp4());
  EXPECT_EQ(crew_client_.Get(access_ + "/media/" + photo_id + "/thumbnail").status, 200);
  EXPECT_EQ(crew_client_.Get(access_ + "/media/" + video_id + "/thumbnail").status, 404);
  // Another crew member, and the care team through the person's attachments, get nothing.
  EXPECT_EQ(SignedIn(other_crew_)->Get(access_ + "/media/" + video_id).status, 404);
  EXPECT_EQ(cm_client_.Get("/api/v1/persons/" + person_ + "/attachments/" + video_id).status, 403);

  ASSERT_EQ(
      crew_client_
          .Put(access_ + "/destination", json::object{{"hospital_organization_id", hospital_}})
          .status,
      200);
  auto er = SignedIn(hospital_doctor_);
  Reply handover = er->Get("/api/v1/handovers/" + id_);
  ASSERT_EQ(handover.status, 200);
  EXPECT_EQ(handover.body.at("media").as_array().size(), 2u);
  EXPECT_EQ(er->Get("/api/v1/handovers/" + id_ + "/media/" + photo_id).status, 200);
  EXPECT_EQ(SignedIn(outsider_)->Get("/api/v1/handovers/" + id_ + "/media/" + photo_id).status,
            404);

  Reply linked =
      crew_client_.Put(access_ + "/destination", json::object{{"hospital_name", "みなと診療所"}});
  std::string url = Str(linked.body.at("handover"), "link_url");
  std::string link = "/api/v1/handover-links/" + url.substr(url.rfind("/h/") + 3);
  Client browser(server_);
  EXPECT_EQ(browser.Get(link + "/media/" + video_id).status, 401);
  Reply unlocked =
      browser.Post(link + "/unlock", json::object{{"pin", Str(linked.body.at("handover"), "pin")}});
  ASSERT_EQ(unlocked.status, 200);
  std::string cookie = unlocked.response.Header("set-cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  Reply via_link = browser.Send("GET", link + "/media/" + video_id, "", "", {{"Cookie", cookie}});
  EXPECT_EQ(via_link.status, 200);
  EXPECT_EQ(via_link.raw, Mp4());

  auto uploads = AuditOf("ems.media.upload");
  ASSERT_EQ(uploads.size(), 2u);
  EXPECT_EQ(uploads[0].person_id, person_);
  EXPECT_EQ(AuditOf("handover.link.media.read").size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiEmsMediaTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace
}  // namespace emergency_test
