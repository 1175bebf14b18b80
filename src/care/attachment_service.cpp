#include "care/attachment_service.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <array>
#include <exception>

#include "auth/tokens.h"
#include "care/attachment_store.h"
#include "core/id.h"
#include "core/utf8.h"

namespace care {
namespace {

using core::Error;
using core::ErrorCode;

constexpr int kPurgeBatch = 200;

Error FileError(ErrorCode code, std::string message, std::string detail_code) {
  Error e = Error::Make(code, message, "file");
  e.details.push_back({"file", std::move(detail_code), std::move(message)});
  return e;
}

// The same words as PersonAccessChecker's refusal: a foreign attachment id must be
// indistinguishable from a person the caller may not read.
Error NotYours() {
  return Error::Forbidden("この方の記録を見る権限がありません (not in this person's care team)");
}

// Characters that are dropped from display names: C0/C1 controls and DEL (they break headers
// and logs) and the bidi controls that make "photo\u202Egpj.exe" display as "photoexe.jpg".
bool Unwanted(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

bool IsSpace(char32_t cp) { return cp == U' ' || cp == 0x3000; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

struct TypeNames {
  std::string_view content_type;
  std::string_view extension;  // canonical, with the dot
  std::string_view default_name;
};

constexpr TypeNames kTypeNames[] = {
    {"image/jpeg", ".jpg", "photo.jpg"},   {"image/png", ".png", "photo.png"},
    {"image/webp", ".webp", "photo.webp"}, {"application/pdf", ".pdf", "document.pdf"},
    {"video/mp4", ".mp4", "video.mp4"},    {"video/quicktime", ".mov", "video.mov"},
    {"video/webm", ".webm", "video.webm"},
};

// Extensions that name a media type: a name ending in one of these that does not match the
// stored bytes gets it replaced rather than a second extension appended.
constexpr std::string_view kMediaExtensions[] = {".jpg",  ".jpeg", ".jpe", ".jfif", ".png", ".webp",
                                                 ".heic", ".heif", ".pdf", ".gif",  ".tif", ".tiff",
                                                 ".bmp",  ".mp4",  ".m4v", ".mov",  ".webm"};

// What the care module's own attachments belong to: nothing yet (an upload), a post or reply,
// a consent's scan. Others (StoreOwnedMedia) are shown only by the module that owns them.
bool IsCareOwner(std::string_view owner_type) {
  return owner_type.empty() || owner_type == "post" || owner_type == "consent" ||
         owner_type == kPersonPhotoOwner;
}

bool ExtensionFits(std::string_view ext, std::string_view content_type) {
  if (content_type == "image/jpeg") {
    return ext == ".jpg" || ext == ".jpeg" || ext == ".jpe" || ext == ".jfif";
  }
  if (content_type == "image/png") return ext == ".png";
  if (content_type == "image/webp") return ext == ".webp";
  if (content_type == "application/pdf") return ext == ".pdf";
  if (content_type == "video/mp4") return ext == ".mp4" || ext == ".m4v";
  if (content_type == "video/quicktime") return ext == ".mov";
  if (content_type == "video/webm") return ext == ".webm";
  return false;
}

// MP4 and QuickTime: an ISO-BMFF `ftyp` box whose brand is a video one (the image brands of
// HEIC are told apart by SniffFileType before this is asked); WebM: the EBML magic number.
std::optional<std::string> SniffVideo(std::string_view bytes) {
  if (bytes.size() >= 4 && bytes.substr(0, 4) == "\x1A\x45\xDF\xA3") return "video/webm";
  if (bytes.size() < 12 || bytes.substr(4, 4) != "ftyp") return std::nullopt;
  std::string_view brand = bytes.substr(8, 4);
  if (brand == "qt  ") return "video/quicktime";
  for (std::string_view b : {"isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ",
                             "MSNV", "3gp4", "3gp5"}) {
    if (brand == b) return "video/mp4";
  }
  return std::nullopt;
}

}  // namespace

std::string StoredSha256Hex(std::string_view bytes) {
  auth::EnsureSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

Result<std::string> CleanFileName(std::string_view decoded) {
  if (!core::IsValidUtf8(decoded)) {
    return Error::Invalid("name",
                          "ファイル名の文字コードが正しくありません (the file name is not UTF-8)",
                          "encoding");
  }
  // Only the last path component: browsers send a bare name, but some tools send a path.
  size_t slash = decoded.find_last_of("/\\");
  if (slash != std::string_view::npos) decoded.remove_prefix(slash + 1);
  std::u32string kept;
  for (char32_t cp : core::DecodeUtf8(decoded)) {
    if (!Unwanted(cp)) kept.push_back(cp);
  }
  size_t begin = 0, end = kept.size();
  while (begin < end && IsSpace(kept[begin])) ++begin;
  while (end > begin && IsSpace(kept[end - 1])) --end;
  if (end - begin > AttachmentService::kMaxNameLength) {
    return Error::Invalid(
        "name",
        "ファイル名は200文字以内にしてください (the file name is longer than 200 characters)",
        "too_long");
  }
  std::string out;
  for (size_t i = begin; i < end; ++i) core::AppendUtf8(out, kept[i]);
  if (out == "." || out == "..") out.clear();
  return out;
}

std::string NameForStoredType(std::string_view name, std::string_view content_type) {
  const TypeNames* names = nullptr;
  for (const auto& t : kTypeNames) {
    if (t.content_type == content_type) names = &t;
  }
  if (names == nullptr) return std::string(name.empty() ? "file" : name);
  if (name.empty()) return std::string(names->default_name);
  std::string result(name);
  size_t dot = name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) {
    std::string ext = LowerAscii(name.substr(dot));
    if (ExtensionFits(ext, content_type)) return result;
    for (std::string_view known : kMediaExtensions) {
      if (ext == known) {
        result.resize(dot);
        break;
      }
    }
  }
  result += names->extension;
  return result;
}

Result<void> ClaimAttachments(db::Connection& c, const std::string& person_id,
                              const std::vector<std::string>& ids, std::string_view owner_type,
                              std::string_view owner_id, std::string_view field) {
  std::vector<core::FieldError> errors;
  for (size_t i = 0; i < ids.size(); ++i) {
    bool claimed = false;
    if (core::IsValidId(ids[i])) {
      ASSIGN_OR_RETURN(claimed, AttachmentStore::Claim(c, ids[i], person_id, owner_type, owner_id));
    }
    if (!claimed) {
      errors.push_back({std::string(field) + "[" + std::to_string(i) + "]", "unknown_attachment",
                        "添付ファイルが見つからないか、すでに使われています (attachment not found "
                        "or already used)"});
    }
  }
  if (!errors.empty()) return Error::Fields(std::move(errors));
  return core::Ok();
}

Result<Attachment> AttachmentService::Upload(const std::string& person_id, std::string_view bytes,
                                             std::string_view file_name,
                                             const auth::Caller& caller) {
  ASSIGN_OR_RETURN(PersonAccess access, db_.Get<PersonAccess>([&](db::Connection& c) {
    return access_.Require(c, person_id, caller, Need::kWrite, "attachment.upload");
  }));
  Attachment a;
  a.person_id = person_id;
  a.uploaded_by = caller.principal ? caller.principal->user_id : std::string();
  ASSIGN_OR_RETURN(a, Ingest(std::move(a), bytes, file_name, false));
  audit_.Record(PersonAudit(caller, access, "attachment.upload", "attachment", a.id));
  return a;
}

Result<Attachment> AttachmentService::StoreOwnedMedia(
    const std::string& person_id, std::string_view bytes, std::string_view file_name,
    const std::string& uploader_id, std::string_view owner_type, std::string_view owner_id) {
  Attachment a;
  a.person_id = person_id;
  a.uploaded_by = uploader_id;
  a.owner_type = std::string(owner_type);
  a.owner_id = std::string(owner_id);
  return Ingest(std::move(a), bytes, file_name, true);
}

Result<Attachment> AttachmentService::Ingest(Attachment a, std::string_view bytes,
                                             std::string_view file_name, bool videos) {
  if (bytes.empty()) {
    return FileError(ErrorCode::kInvalid, "ファイルが空です (the file is empty)", "required");
  }
  const std::optional<std::string> video = videos ? SniffVideo(bytes) : std::nullopt;
  if (bytes.size() > (video ? kMaxVideoBytes : kMaxBytes)) {
    return FileError(ErrorCode::kTooLarge,
                     video ? "動画は50MBまでです (the video is larger than 50 MiB)"
                           : "ファイルは10MBまでです (the file is larger than 10 MiB)",
                     "too_large");
  }
  ASSIGN_OR_RETURN(std::string name, CleanFileName(file_name));

  std::string stored;
  std::optional<std::string> thumbnail;
  const FileType type = video ? FileType::kUnknown : SniffFileType(bytes);
  if (video) {
    // Stored as sent: decoding untrusted video to strip metadata would need a decoder we do not
    // run on the server; the file is served only to the people allowed to see the incident.
    a.kind = "video";
    a.content_type = *video;
    stored = std::string(bytes);
  } else {
    switch (type) {
      case FileType::kUnknown:
        return FileError(
            ErrorCode::kUnsupportedMedia,
            videos ? "JPEG・PNG・WebP・HEICの写真か、MP4・MOV・WebMの動画を選んでください "
                     "(photos or MP4, QuickTime, WebM videos only)"
                   : "JPEG・PNG・WebP・HEICの画像かPDFを選んでください (only JPEG, PNG, "
                     "WebP, HEIC images and PDF documents are accepted)",
            "unsupported_type");
      case FileType::kPdf:
        if (videos) {
          return FileError(ErrorCode::kUnsupportedMedia,
                           "写真か動画を選んでください (photos or videos only)",
                           "unsupported_type");
        }
        RETURN_IF_ERROR(CheckPdfStructure(bytes));
        a.kind = "pdf";
        a.content_type = "application/pdf";
        stored = std::string(bytes);
        break;
      case FileType::kJpeg:
      case FileType::kPng:
      case FileType::kWebp:
      case FileType::kHeic: {
        ASSIGN_OR_RETURN(ProcessedImage image, images_.Sanitize(bytes, type));
        ASSIGN_OR_RETURN(thumbnail, images_.Thumbnail(image.bytes, kThumbnailSide));
        a.kind = "image";
        a.content_type = image.content_type;
        a.width = image.width;
        a.height = image.height;
        stored = std::move(image.bytes);
        break;
      }
    }
  }

  const int64_t now = clock_.NowMillis();
  a.id = core::NewId(now);
  a.byte_size = static_cast<int64_t>(stored.size());
  a.sha256 = StoredSha256Hex(stored);
  a.original_name = NameForStoredType(name, a.content_type);
  a.created_at = now;
  ASSIGN_OR_RETURN(a.storage_key, files_.Put(stored));
  if (thumbnail) {
    auto key = files_.Put(*thumbnail);
    if (!key.ok()) {
      (void)files_.Remove(a.storage_key);
      return std::move(key).error();
    }
    a.thumbnail_key = std::move(*key);
  }
  auto inserted = db_.Transact([&](db::Connection& c) { return AttachmentStore::Insert(c, a); });
  if (!inserted.ok()) {
    // No row points at the files, so nothing would ever remove them.
    (void)files_.Remove(a.storage_key);
    if (a.thumbnail_key) (void)files_.Remove(*a.thumbnail_key);
    return std::move(inserted).error();
  }
  return a;
}

Result<AttachmentContent> AttachmentService::ReadOwned(const std::string& person_id,
                                                       const std::string& attachment_id,
                                                       std::string_view owner_type,
                                                       std::string_view owner_id, bool thumbnail) {
  std::optional<Attachment> found;
  if (core::IsValidId(attachment_id)) {
    ASSIGN_OR_RETURN(found, db_.Get<std::optional<Attachment>>([&](db::Connection& c) {
      return AttachmentStore::GetForPerson(c, attachment_id, person_id);
    }));
  }
  if (!found || found->owner_type != owner_type || found->owner_id != owner_id) {
    return Error::NotFound("ファイルが見つかりません (no such file)");
  }
  return Contents(*found, thumbnail);
}

Result<std::vector<Attachment>> AttachmentService::ListOwned(const std::string& person_id,
                                                             std::string_view owner_type,
                                                             std::string_view owner_id) {
  return db_.Get<std::vector<Attachment>>([&](db::Connection& c) {
    return AttachmentStore::ListForOwner(c, person_id, owner_type, owner_id);
  });
}

Result<AttachmentContent> AttachmentService::Download(const std::string& person_id,
                                                      const std::string& attachment_id,
                                                      const auth::Caller& caller) {
  return Read(person_id, attachment_id, caller, false);
}

Result<AttachmentContent> AttachmentService::Thumbnail(const std::string& person_id,
                                                       const std::string& attachment_id,
                                                       const auth::Caller& caller) {
  return Read(person_id, attachment_id, caller, true);
}

Result<AttachmentContent> AttachmentService::Read(const std::string& person_id,
                                                  const std::string& attachment_id,
                                                  const auth::Caller& caller, bool thumbnail) {
  const char* action = thumbnail ? "attachment.thumbnail" : "attachment.read";
  std::optional<Attachment> found;
  ASSIGN_OR_RETURN(
      PersonAccess access, db_.Get<PersonAccess>([&](db::Connection& c) -> Result<PersonAccess> {
        ASSIGN_OR_RETURN(PersonAccess allowed,
                         access_.Require(c, person_id, caller, Need::kRead, action));
        if (core::IsValidId(attachment_id)) {
          ASSIGN_OR_RETURN(found, AttachmentStore::GetForPerson(c, attachment_id, person_id));
          // Files other modules own (an EMS incident's scene media) are theirs to show.
          if (found && !IsCareOwner(found->owner_type)) found.reset();
        }
        return allowed;
      }));
  if (!found) {
    audit::Entry e = PersonAudit(caller, access, action, "attachment", attachment_id.substr(0, 64));
    e.outcome = "denied";
    audit_.Record(std::move(e));
    return NotYours();
  }
  ASSIGN_OR_RETURN(AttachmentContent out, Contents(*found, thumbnail));
  audit_.Record(PersonAudit(caller, access, action, "attachment", found->id));
  return out;
}

Result<AttachmentContent> AttachmentService::Contents(const Attachment& a, bool thumbnail) {
  AttachmentContent out;
  std::string key;
  if (thumbnail) {
    if (!a.thumbnail_key) {
      return Error::NotFound("この添付ファイルにはサムネイルがありません (no thumbnail)");
    }
    key = *a.thumbnail_key;
    out.content_type = "image/jpeg";
    std::string_view name = a.original_name;
    size_t dot = name.rfind('.');
    if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
    out.file_name = std::string(name) + "_thumb.jpg";
    out.inline_display = true;
  } else {
    key = a.storage_key;
    out.content_type = a.content_type;
    out.file_name = a.original_name.empty() ? "file" : a.original_name;
    out.inline_display = a.kind == "image" || a.kind == "video";
  }
  auto bytes = files_.Get(key);
  if (!bytes.ok()) {
    // The row exists but its file does not: lost on disk or restored from an older backup.
    spdlog::error("attachment {} of person {}: file {} unreadable: {}", a.id, a.person_id, key,
                  bytes.error().message);
    return Error::NotFound("ファイルが見つかりません (the stored file is missing)");
  }
  out.bytes = std::move(*bytes);
  return out;
}

Result<int> AttachmentService::PurgeOrphans(int64_t now) {
  const int64_t cutoff = now - kOrphanAgeMillis;
  int purged = 0;
  for (;;) {
    ASSIGN_OR_RETURN(auto batch, db_.Get<std::vector<Attachment>>([&](db::Connection& c) {
      return AttachmentStore::ListUnclaimedBefore(c, cutoff, kPurgeBatch);
    }));
    for (const Attachment& a : batch) {
      // Row first: if a post claims the upload at this moment, the claim wins and the files stay.
      ASSIGN_OR_RETURN(bool deleted, db_.Get<bool>([&](db::Connection& c) {
        return AttachmentStore::DeleteIfUnclaimed(c, a.id);
      }));
      if (!deleted) continue;
      ++purged;
      for (const std::optional<std::string>& key :
           {std::optional(a.storage_key), a.thumbnail_key}) {
        if (!key) continue;
        if (auto removed = files_.Remove(*key); !removed.ok()) {
          spdlog::warn("orphan attachment {}: file {} not removed: {}", a.id, *key,
                       removed.error().message);
        }
      }
      audit::Entry e;
      e.action = "attachment.purge_unclaimed";
      e.object_type = "attachment";
      e.object_id = a.id;
      e.person_id = a.person_id;
      e.reason = "unclaimed for 24 hours";
      audit_.Record(std::move(e));
    }
    if (static_cast<int>(batch.size()) < kPurgeBatch) break;
  }
  return purged;
}

void OrphanSweeper::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void OrphanSweeper::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OrphanSweeper::Loop() {
  std::chrono::milliseconds wait = first_delay_;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (wake_.wait_for(lock, wait, [this] { return stopping_; })) return;
    }
    wait = interval_;
    // A background thread is a boundary: nothing may escape it and end the process.
    try {
      auto purged = service_.PurgeOrphans(clock_.NowMillis());
      if (!purged.ok()) {
        spdlog::warn("unclaimed attachment clean-up failed: {}", purged.error().message);
      } else if (*purged > 0) {
        spdlog::info("deleted {} unclaimed attachment(s)", *purged);
      }
    } catch (const std::exception& e) {
      spdlog::error("unclaimed attachment clean-up threw: {}", e.what());
    }
  }
}

}  // namespace care
