// The care data of the demo region (persons with their care profile, consent, care teams,
// three months of timeline with replies, receipts and vitals, and a few photos), seeded in the
// same transaction as the region's directory (SeedDemo). Everything is invented.
//
// The data is written through the care stores, keeping the invariants the services keep
// (versions, denormalised counts, search text, claimed attachments), and is placed in time
// relative to `now` with a fixed pseudo-random sequence, so every demo start looks the same.
// Internal to src/app: seed_demo.cpp is the only caller.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "care/attachment_model.h"
#include "core/result.h"
#include "db/database.h"

namespace auth {
class SecretBox;
}
namespace care {
class FileStore;
class ImageProcessor;
}  // namespace care

namespace app::demo {

/// A demo account as the care data refers to it.
struct DemoUser {
  std::string id;
  std::string org_id;  // primary organization, "" for none
};

/// What SeedDemo created before the care data: organizations by key ("clinic"), users by login.
struct Directory {
  std::map<std::string, std::string> orgs;
  std::map<std::string, DemoUser> users;

  const std::string& Org(const std::string& key) const { return orgs.at(key); }
  const DemoUser& User(const std::string& login) const { return users.at(login); }
};

/// A generated photo, already stored the way an upload is (re-encoded without metadata, with a
/// thumbnail, under random file-store keys), waiting to be attached to its post. `stored` lacks
/// the id, person, uploader and time: the post that uses it decides those.
struct Photo {
  std::string key;  // which post uses it: "wound_1", "med_calendar" …
  care::Attachment stored;
};

/// Draws the demo photos, passes them through `images` exactly as uploads are (Sanitize, then a
/// thumbnail of AttachmentService::kThumbnailSide) and puts them into `files`. Run before the
/// transaction: image work does not belong inside it, and a retried transaction must not store
/// the files twice.
core::Result<std::vector<Photo>> StorePhotos(care::FileStore& files, care::ImageProcessor& images);
/// Removes the stored files again (the transaction that would have used them failed).
void RemovePhotos(care::FileStore& files, const std::vector<Photo>& photos);

/// What SeedCare wrote, for the log line and tests.
struct CareCounts {
  int persons = 0;
  int posts = 0;  // top-level posts
  int replies = 0;
  int vitals = 0;
  int reads = 0;  // read receipts
  int photos = 0;
  int acp_versions = 0;     // 人生会議 records (profile part `acp`)
  int emergency_cards = 0;  // QR cards in force
};

/// Seeds persons, teams, timelines, vitals and receipts on `c` (inside SeedDemo's transaction),
/// with the persons' ACPs, emergency kits and QR cards (`secrets`, the server's secret key,
/// seals the cards' tokens).
core::Result<CareCounts> SeedCare(db::Connection& c, const Directory& dir,
                                  const std::vector<Photo>& photos, int64_t now,
                                  const auth::SecretBox& secrets);

}  // namespace app::demo
