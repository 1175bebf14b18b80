// The rules of attachments (spec 02): who may upload and read them, what is accepted (decided
// from the bytes), what is stored (images re-encoded without metadata, with a thumbnail), and the
// clean-up of uploads that were never attached to anything. Knows nothing of HTTP.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "audit/audit_log.h"
#include "auth/caller.h"
#include "care/access.h"
#include "care/attachment_model.h"
#include "care/file_store.h"
#include "care/image_processor.h"
#include "core/clock.h"
#include "core/result.h"
#include "db/database.h"

namespace care {

class AttachmentService {
 public:
  static constexpr size_t kMaxBytes = 10 * 1024 * 1024;  // also the route's body limit
  static constexpr size_t kMaxVideoBytes = 50 * 1024 * 1024;
  static constexpr int kThumbnailSide = 320;
  static constexpr size_t kMaxNameLength = 200;  // code points
  /// Uploads not attached to a post, reply or consent within this time are deleted.
  static constexpr int64_t kOrphanAgeMillis = 24 * 60 * 60 * 1000;

  AttachmentService(db::Database& db, const core::Clock& clock, audit::AuditSink& audit,
                    PersonAccessChecker& access, FileStore& files, ImageProcessor& images)
      : db_(db), clock_(clock), audit_(audit), access_(access), files_(files), images_(images) {}

  /// Stores an upload to `person_id` (Need::kWrite) as an unclaimed attachment. `file_name` is
  /// the percent-decoded X-File-Name (may be empty). Errors: kForbidden for anyone who may not
  /// write the person's record; kInvalid "file" for an empty, broken or damaged file; kTooLarge
  /// "file" above kMaxBytes or 40 megapixels; kUnsupportedMedia "file" for anything but JPEG,
  /// PNG, WebP, readable HEIC and PDF; kInvalid "name" for a file name that is not UTF-8 or too
  /// long.
  Result<Attachment> Upload(const std::string& person_id, std::string_view bytes,
                            std::string_view file_name, const auth::Caller& caller);

  /// The stored bytes (Need::kRead). An attachment of another person, a deleted one or an
  /// unknown id is kForbidden like a person the caller may not read, so ids cannot be probed.
  Result<AttachmentContent> Download(const std::string& person_id, const std::string& attachment_id,
                                     const auth::Caller& caller);

  /// The JPEG thumbnail of an image attachment; kNotFound for a PDF (none is made: libvips'
  /// PDF loader is one it marks unsafe for untrusted input, so it stays blocked).
  Result<AttachmentContent> Thumbnail(const std::string& person_id,
                                      const std::string& attachment_id, const auth::Caller& caller);

  /// For another module's media (spec 08: the scene photos and short videos of an EMS incident):
  /// stores the file for the person, owned by `owner_type`/`owner_id` from the start. No access
  /// check here: the calling module has checked its own rule and audits. Photos as in Upload
  /// (re-encoded without metadata, with a thumbnail); MP4, QuickTime and WebM videos up to
  /// kMaxVideoBytes, stored as sent (kind "video"); no PDFs.
  Result<Attachment> StoreOwnedMedia(const std::string& person_id, std::string_view bytes,
                                     std::string_view file_name, const std::string& uploader_id,
                                     std::string_view owner_type, std::string_view owner_id);
  /// The bytes (or thumbnail) of an attachment of the person with that owner; kNotFound for any
  /// other. No access check: as StoreOwnedMedia.
  Result<AttachmentContent> ReadOwned(const std::string& person_id,
                                      const std::string& attachment_id, std::string_view owner_type,
                                      std::string_view owner_id, bool thumbnail);
  Result<std::vector<Attachment>> ListOwned(const std::string& person_id,
                                            std::string_view owner_type, std::string_view owner_id);

  /// Makes an unclaimed image upload of the person (Upload) the person's photo, shown on the
  /// person page and the emergency summary; the previous photo is deleted. Need::kWrite.
  /// kInvalid "attachment_id" for an unknown, claimed or non-image upload. Audited.
  Result<void> SetPersonPhoto(const std::string& person_id, const std::string& attachment_id,
                              const auth::Caller& caller);
  /// Removes the person's photo (deleted, not destroyed). Need::kWrite. Audited.
  Result<void> ClearPersonPhoto(const std::string& person_id, const auth::Caller& caller);

  /// Deletes unclaimed uploads created more than kOrphanAgeMillis before `now` (UTC ms): the row,
  /// then its files. Returns how many were deleted.
  Result<int> PurgeOrphans(int64_t now);

 private:
  Result<AttachmentContent> Read(const std::string& person_id, const std::string& attachment_id,
                                 const auth::Caller& caller, bool thumbnail);
  /// Checks, sniffs, sanitizes and stores the file; `a` brings person, uploader and owner.
  Result<Attachment> Ingest(Attachment a, std::string_view bytes, std::string_view file_name,
                            bool videos);
  Result<AttachmentContent> Contents(const Attachment& a, bool thumbnail);

  db::Database& db_;
  const core::Clock& clock_;
  audit::AuditSink& audit_;
  PersonAccessChecker& access_;
  FileStore& files_;
  ImageProcessor& images_;
};

/// The display name of an upload from the percent-decoded X-File-Name: must be UTF-8 and at most
/// 200 characters (kInvalid "name" otherwise); directories (`/` or `\`), control and bidi
/// characters and surrounding spaces are dropped. Empty when nothing usable is left.
Result<std::string> CleanFileName(std::string_view decoded);

/// Makes the extension of `name` match what is stored (a HEIC photo stored as JPEG is called
/// ….jpg); `name` empty gives photo.jpg / photo.png / photo.webp / document.pdf.
std::string NameForStoredType(std::string_view name, std::string_view content_type);
/// The attachments.sha256 of stored bytes (lower-case hex).
std::string StoredSha256Hex(std::string_view bytes);

/// For services that attach uploads to what they create (timeline posts and replies, consent
/// scans): claims every id in `ids` for the owner inside the caller's transaction. An id that is
/// not an unclaimed upload of `person_id` is kInvalid naming `field[i]`.
Result<void> ClaimAttachments(db::Connection& c, const std::string& person_id,
                              const std::vector<std::string>& ids, std::string_view owner_type,
                              std::string_view owner_id, std::string_view field);

/// Calls AttachmentService::PurgeOrphans on its own thread: first after `first_delay`, then every
/// `interval`. Stop (or destruction) wakes and joins the thread.
class OrphanSweeper {
 public:
  OrphanSweeper(AttachmentService& service, const core::Clock& clock,
                std::chrono::milliseconds first_delay = std::chrono::minutes(1),
                std::chrono::milliseconds interval = std::chrono::hours(1))
      : service_(service), clock_(clock), first_delay_(first_delay), interval_(interval) {}
  ~OrphanSweeper() { Stop(); }
  OrphanSweeper(const OrphanSweeper&) = delete;
  OrphanSweeper& operator=(const OrphanSweeper&) = delete;

  void Start();
  void Stop();

 private:
  void Loop();

  AttachmentService& service_;
  const core::Clock& clock_;
  const std::chrono::milliseconds first_delay_;
  const std::chrono::milliseconds interval_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
};

}  // namespace care
