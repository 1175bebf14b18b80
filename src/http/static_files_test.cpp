// The in-memory front end: cache headers, gzip, ETag revalidation, SPA fallback, traversal.
#include "http/static_files.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace http {
namespace {

namespace fs = std::filesystem;

std::string Gunzip(const std::string& in) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out(in.size() * 50 + 1024, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    base_ = fs::temp_directory_path() / ("static_files_test_" + std::to_string(random()));
    root_ = base_ / "dist";
    fs::create_directories(root_ / "assets");
    fs::create_directories(root_ / ".git");
    index_ = "<!doctype html><html><head><title>つながり</title></head><body>" +
             std::string(400, ' ') + "<div id=app></div></body></html>";
    script_.clear();
    for (int i = 0; i < 200; ++i)
      script_ += "console.log('tsunagari " + std::to_string(i) + "');\n";
    Write(root_ / "index.html", index_);
    Write(root_ / "assets" / "app-3f2a9c.js", script_);
    Write(root_ / "assets" / "logo-11aa.png", std::string(600, '\x89'));
    Write(root_ / "robots.txt", "User-agent: *\n");
    Write(root_ / ".env", "SECRET=1");
    Write(root_ / ".git" / "config", "[core]");
    Write(base_ / "secret.txt", "outside");
    auto loaded = StaticFiles::Load(root_.string());
    ASSERT_TRUE(loaded.ok());
    files_ = std::move(loaded).value();
  }
  void TearDown() override { fs::remove_all(base_); }

  static void Write(const fs::path& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
  }

  std::optional<Response> Get(std::string path,
                              std::vector<std::pair<std::string, std::string>> headers = {},
                              Method method = Method::kGet) {
    Request request;
    request.method = method;
    request.path = std::move(path);
    for (auto& [name, value] : headers) request.headers.Add(name, value);
    return files_->Serve(request);
  }

  fs::path base_, root_;
  std::string index_, script_;
  std::unique_ptr<StaticFiles> files_;
};

TEST_F(StaticFilesTest, LoadsEveryFileExceptHiddenOnes) { EXPECT_EQ(files_->file_count(), 4u); }

TEST_F(StaticFilesTest, MissingDirectoryIsAnEmptySetNotAnError) {
  auto loaded = StaticFiles::Load((base_ / "no-such-dir").string());
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.value()->file_count(), 0u);
}

TEST_F(StaticFilesTest, HashedAssetsAreCachedForever) {
  auto response = Get("/assets/app-3f2a9c.js");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->headers.Get("Cache-Control").value_or(""),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(response->headers.Get("Content-Type").value_or(""), "text/javascript; charset=utf-8");
  EXPECT_EQ(response->body, script_);
}

TEST_F(StaticFilesTest, IndexIsRevalidatedByETag) {
  for (const char* path : {"/", "/index.html"}) {
    auto response = Get(path);
    ASSERT_TRUE(response) << path;
    EXPECT_EQ(response->headers.Get("Cache-Control").value_or(""), "no-cache");
    EXPECT_EQ(response->headers.Get("Content-Type").value_or(""), "text/html; charset=utf-8");
    EXPECT_TRUE(response->headers.Get("ETag").value_or("").starts_with("\""));
    EXPECT_EQ(response->body, index_);
  }
}

TEST_F(StaticFilesTest, GzipWhenTheClientAcceptsIt) {
  auto response = Get("/assets/app-3f2a9c.js", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->headers.Get("Content-Encoding").value_or(""), "gzip");
  EXPECT_EQ(response->headers.Get("Vary").value_or(""), "Accept-Encoding");
  EXPECT_LT(response->body.size(), script_.size());
  EXPECT_EQ(Gunzip(response->body), script_);

  auto identity = Get("/assets/app-3f2a9c.js");
  EXPECT_FALSE(identity->headers.Has("Content-Encoding"));
  EXPECT_NE(identity->headers.Get("ETag"), response->headers.Get("ETag"));
  auto refused = Get("/assets/app-3f2a9c.js", {{"Accept-Encoding", "gzip;q=0, *"}});
  EXPECT_FALSE(refused->headers.Has("Content-Encoding"));
  auto any = Get("/assets/app-3f2a9c.js", {{"Accept-Encoding", "*"}});
  EXPECT_TRUE(any->headers.Has("Content-Encoding"));
}

TEST_F(StaticFilesTest, ImagesAndTinyFilesAreNotCompressed) {
  auto png = Get("/assets/logo-11aa.png", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(png);
  EXPECT_FALSE(png->headers.Has("Content-Encoding"));
  EXPECT_EQ(png->headers.Get("Content-Type").value_or(""), "image/png");
  auto robots = Get("/robots.txt", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(robots);
  EXPECT_FALSE(robots->headers.Has("Content-Encoding"));
  EXPECT_EQ(robots->body, "User-agent: *\n");
}

TEST_F(StaticFilesTest, MatchingIfNoneMatchGives304) {
  auto first = Get("/index.html", {{"Accept-Encoding", "gzip"}});
  std::string etag(first->headers.Get("ETag").value_or(""));
  ASSERT_FALSE(etag.empty());
  auto again = Get("/index.html", {{"Accept-Encoding", "gzip"}, {"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(again->headers.Get("ETag").value_or(""), etag);
  // Weak form and lists, as browsers and proxies send them.
  EXPECT_EQ(Get("/index.html", {{"If-None-Match", "\"x\", W/" + etag}})->status, 304);
  EXPECT_EQ(Get("/index.html", {{"If-None-Match", "\"other\""}})->status, 200);
}

TEST_F(StaticFilesTest, PathsWithoutExtensionFallBackToIndex) {
  auto page = Get("/people/0190a1b2/timeline");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->body, index_);
  EXPECT_EQ(page->headers.Get("Cache-Control").value_or(""), "no-cache");
  auto head = Get("/login", {}, Method::kHead);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->body, index_);  // the transport sends only its length

  EXPECT_FALSE(Get("/api/v1/people"));
  EXPECT_FALSE(Get("/api"));
  EXPECT_FALSE(Get("/missing.js"));
  EXPECT_FALSE(Get("/assets/missing"));
  EXPECT_FALSE(Get("/people", {}, Method::kPost));
}

TEST_F(StaticFilesTest, TraversalCannotReachFilesOutsideTheDirectory) {
  EXPECT_FALSE(Get("/../secret.txt"));
  EXPECT_FALSE(Get("/assets/../../secret.txt"));
  EXPECT_FALSE(Get("/..\\secret.txt"));
  EXPECT_FALSE(Get("/./index.html"));
  EXPECT_FALSE(Get("/../../etc/passwd"));  // not even the SPA fallback
  EXPECT_FALSE(Get("/.env"));
  EXPECT_FALSE(Get("/.git/config"));
}

TEST_F(StaticFilesTest, AFileInsteadOfADirectoryIsAnError) {
  EXPECT_FALSE(StaticFiles::Load((root_ / "robots.txt").string()).ok());
}

}  // namespace
}  // namespace http
