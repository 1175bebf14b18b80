#include "care/file_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "auth/tokens.h"

namespace care {
namespace {

constexpr size_t kKeyLength = 32;

core::Error IoError(std::string_view what, const std::string& path, int err) {
  // Internal errors are logged, never sent, so the path may appear here.
  return core::Error::Internal("attachment storage: " + std::string(what) + " " + path + ": " +
                               std::strerror(err));
}

std::string NewKey() {
  auth::EnsureSodium();
  unsigned char raw[kKeyLength / 2];
  randombytes_buf(raw, sizeof raw);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key;
  key.reserve(kKeyLength);
  for (unsigned char b : raw) {
    key.push_back(kHex[b >> 4]);
    key.push_back(kHex[b & 15]);
  }
  return key;
}

// mkdir that accepts an existing directory. Returns true when it created it.
Result<bool> MakeDir(const std::string& path) {
  if (::mkdir(path.c_str(), 0700) == 0) return true;
  if (errno == EEXIST) return false;
  return IoError("mkdir", path, errno);
}

// Makes a rename or a new directory entry durable.
Result<void> SyncDir(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("open dir", path, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return IoError("fsync dir", path, err);
  return core::Ok();
}

Result<void> WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("write", path, errno);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return core::Ok();
}

}  // namespace

bool FileStore::IsValidKey(std::string_view key) {
  if (key.size() != kKeyLength) return false;
  for (char c : key) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string FileStore::PathOf(std::string_view key) const {
  std::string path = root_;
  path += '/';
  path += key.substr(0, 2);
  path += '/';
  path += key.substr(2, 2);
  path += '/';
  path += key;
  return path;
}

Result<void> FileStore::EnsureRoot() {
  std::error_code ec;
  std::filesystem::path root(root_);
  if (root.has_parent_path()) std::filesystem::create_directories(root.parent_path(), ec);
  ASSIGN_OR_RETURN(bool created, MakeDir(root_));
  if (!created) {
    struct stat st {};
    if (::lstat(root_.c_str(), &st) != 0) return IoError("stat", root_, errno);
    if (!S_ISDIR(st.st_mode)) return IoError("not a directory", root_, ENOTDIR);
    // A root left readable by others (older installs, a careless copy) is closed up.
    if ((st.st_mode & 077) != 0 && ::chmod(root_.c_str(), 0700) != 0) {
      return IoError("chmod", root_, errno);
    }
  }
  return core::Ok();
}

Result<std::string> FileStore::Put(std::string_view bytes) {
  RETURN_IF_ERROR(EnsureRoot());
  const std::string key = NewKey();
  const std::string level1 = root_ + "/" + key.substr(0, 2);
  const std::string level2 = level1 + "/" + key.substr(2, 2);
  ASSIGN_OR_RETURN(bool new_level1, MakeDir(level1));
  ASSIGN_OR_RETURN(bool new_level2, MakeDir(level2));
  if (new_level1) RETURN_IF_ERROR(SyncDir(root_));
  if (new_level2) RETURN_IF_ERROR(SyncDir(level1));

  const std::string final_path = level2 + "/" + key;
  const std::string temp_path = level2 + "/.tmp-" + key;
  int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return IoError("create", temp_path, errno);
  auto written = WriteAll(fd, bytes, temp_path);
  if (written.ok() && ::fsync(fd) != 0) written = IoError("fsync", temp_path, errno);
  if (::close(fd) != 0 && written.ok()) written = IoError("close", temp_path, errno);
  if (written.ok() && ::rename(temp_path.c_str(), final_path.c_str()) != 0) {
    written = IoError("rename", temp_path, errno);
  }
  if (!written.ok()) {
    ::unlink(temp_path.c_str());
    return std::move(written).error();
  }
  RETURN_IF_ERROR(SyncDir(level2));
  return key;
}

Result<std::string> FileStore::Get(std::string_view key) const {
  if (!IsValidKey(key)) return core::Error::NotFound();
  const std::string path = PathOf(key);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return core::Error::NotFound();
    return IoError("open", path, errno);
  }
  std::string out;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
  char buffer[64 * 1024];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return IoError("read", path, err);
    }
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

Result<void> FileStore::Remove(std::string_view key) {
  if (!IsValidKey(key)) return core::Error::Invalid("storage_key", "invalid storage key");
  const std::string path = PathOf(key);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return IoError("unlink", path, errno);
  return core::Ok();
}

}  // namespace care
