// Tests of the attachment file store: random names in fan-out directories, private permissions,
// atomic writes that leave no temporary files, and keys that cannot name anything outside it.
#include "care/file_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

namespace care {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;

class FileStoreTest : public ::testing::Test {
 protected:
  FileStoreTest() {
    char tmpl[] = "/tmp/tsunagari-files-XXXXXX";
    base_ = mkdtemp(tmpl);
  }
  ~FileStoreTest() override {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }

  static unsigned Mode(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 0777;
  }

  std::vector<fs::path> AllFiles() const {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(base_)) {
      if (e.is_regular_file()) out.push_back(e.path());
    }
    return out;
  }

  fs::path base_;
};

TEST_F(FileStoreTest, StoredBytesComeBackExactly) {
  FileStore store((base_ / "files").string());
  const std::string bytes("\xFF\xD8\0binary\0\r\n data", 20);
  auto key = store.Put(bytes);
  ASSERT_TRUE(key.ok()) << key.error().message;
  auto read = store.Get(*key);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(*read, bytes);

  auto empty_key = store.Put("");
  ASSERT_TRUE(empty_key.ok());
  EXPECT_EQ(*store.Get(*empty_key), "");
}

TEST_F(FileStoreTest, KeysAreRandomAndFilesAreFannedOut) {
  FileStore store((base_ / "files").string());
  std::set<std::string> keys;
  for (int i = 0; i < 20; ++i) {
    auto key = store.Put("same bytes");
    ASSERT_TRUE(key.ok());
    EXPECT_TRUE(FileStore::IsValidKey(*key)) << *key;
    keys.insert(*key);
    const fs::path expected = base_ / "files" / key->substr(0, 2) / key->substr(2, 2) / *key;
    EXPECT_EQ(fs::path(store.PathOf(*key)), expected);
    EXPECT_TRUE(fs::is_regular_file(expected));
  }
  EXPECT_EQ(keys.size(), 20u) << "same content must not share a name";
}

TEST_F(FileStoreTest, DirectoriesAndFilesArePrivate) {
  const fs::path root = base_ / "data" / "files";
  FileStore store(root.string());
  auto key = store.Put("x");
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ(Mode(root), 0700u);
  EXPECT_EQ(Mode(root / key->substr(0, 2)), 0700u);
  EXPECT_EQ(Mode(root / key->substr(0, 2) / key->substr(2, 2)), 0700u);
  EXPECT_EQ(Mode(store.PathOf(*key)) & 077, 0u);
}

TEST_F(FileStoreTest, AnExistingOpenRootIsTightened) {
  const fs::path root = base_ / "files";
  fs::create_directory(root);
  fs::permissions(root, fs::perms::all);
  FileStore store(root.string());
  ASSERT_TRUE(store.Put("x").ok());
  EXPECT_EQ(Mode(root), 0700u);
}

TEST_F(FileStoreTest, NoTemporaryFilesAreLeftBehind) {
  FileStore store((base_ / "files").string());
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(store.Put(std::string(100000, static_cast<char>('a' + i))).ok());
  auto files = AllFiles();
  EXPECT_EQ(files.size(), 5u);
  for (const auto& f : files) {
    EXPECT_FALSE(f.filename().string().starts_with(".tmp-")) << f;
  }
}

TEST_F(FileStoreTest, MalformedKeysNeverReachTheDisk) {
  // A file next to the store that a traversal would reach.
  const fs::path secret = base_ / "secret";
  { std::ofstream(secret) << "do not serve"; }
  FileStore store((base_ / "files").string());
  ASSERT_TRUE(store.Put("x").ok());
  for (std::string key :
       {"../secret", "../../secret", "/etc/passwd", "", "0123456789abcdef0123456789ABCDEF",
        "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef0",
        "0123456789abcdef/../../../secret", "0123456789abcdef0123456789abcdeg"}) {
    EXPECT_FALSE(FileStore::IsValidKey(key)) << key;
    auto read = store.Get(key);
    ASSERT_FALSE(read.ok()) << key;
    EXPECT_EQ(read.error().code, ErrorCode::kNotFound) << key;
    EXPECT_FALSE(store.Remove(key).ok()) << key;
  }
  EXPECT_TRUE(fs::exists(secret));
}

TEST_F(FileStoreTest, RemoveDeletesAndIsIdempotent) {
  FileStore store((base_ / "files").string());
  auto key = store.Put("bye");
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(store.Remove(*key).ok());
  EXPECT_FALSE(fs::exists(store.PathOf(*key)));
  EXPECT_TRUE(store.Remove(*key).ok());
  auto read = store.Get(*key);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace care
