// Attachments of a person's record (spec 02): photos and PDFs uploaded to the person, first
// unclaimed (owner_type ""), then claimed by the post, reply or consent that uses them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace care {

/// The owner_type of a person's photo (owner_id is the person's id).
inline constexpr const char* kPersonPhotoOwner = "person_photo";

/// One row of `attachments`. The bytes live in the FileStore under `storage_key` (and the
/// thumbnail under `thumbnail_key`), never under a name derived from user input.
struct Attachment {
  std::string id;
  std::string person_id;
  std::string owner_type;  // "" while unclaimed; then e.g. "post", "consent"
  std::string owner_id;
  std::string kind;  // image | pdf
  std::string
      content_type;       // of the stored bytes: image/jpeg, image/png, image/webp, application/pdf
  int64_t byte_size = 0;  // of the stored (re-encoded) bytes
  std::optional<int> width;  // images only, after auto-rotation
  std::optional<int> height;
  std::string sha256;  // lower-case hex of the stored bytes
  std::string storage_key;
  std::optional<std::string> thumbnail_key;  // images only
  std::string original_name;                 // shown and offered for download; never a path
  std::string uploaded_by;
  int64_t created_at = 0;
  std::optional<int64_t> deleted_at;

  bool claimed() const { return !owner_type.empty(); }
};

/// The bytes of an attachment (or of its thumbnail) with what a download response needs.
struct AttachmentContent {
  std::string bytes;
  std::string content_type;
  std::string file_name;
  bool inline_display = true;  // images are shown in the page; PDFs are downloaded
};

}  // namespace care
