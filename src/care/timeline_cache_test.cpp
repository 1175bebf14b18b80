#include "care/timeline_cache.h"

#include <gtest/gtest.h>

#include "care/timeline_json.h"

namespace care {
namespace {

TimelinePost MakePost(const std::string& id, const std::string& author) {
  TimelinePost p;
  p.id = id;
  p.person_id = "p1";
  p.author = {author, "著者 " + author, "nurse"};
  p.author_organization_name = "ひまわり訪問看護";
  p.category = "visit";
  p.body = "血圧 128/76、\"引用\" と改行\nを含む本文";
  p.created_at = 1700000000000;
  p.read = {1, 2, false};
  return p;
}

/// The page as Decorate leaves it for `viewer`: by_me set from the reader lists.
TimelinePage ForViewer(TimelinePage page, const std::string& viewer) {
  for (auto& p : page.items) {
    p.read.by_me = p.author.id == viewer || std::find(p.reader_ids.begin(), p.reader_ids.end(),
                                                      viewer) != p.reader_ids.end();
    if (p.ack) {
      p.ack->by_me = std::find(p.acker_ids.begin(), p.acker_ids.end(), viewer) != p.acker_ids.end();
    }
  }
  return page;
}

TimelinePage SamplePage() {
  TimelinePage page;
  page.items.push_back(MakePost("a1", "u-author"));
  page.items[0].reader_ids = {"u-zeta", "u-reader"};
  TimelinePost acked = MakePost("a2", "u-other");
  acked.ack_requested = true;
  acked.ack = ReceiptSummary{1, 3, false};
  acked.acker_ids = {"u-reader"};
  acked.reader_ids = {"u-reader"};
  acked.edited_at = 1700000001000;
  acked.mentions.push_back({"u-reader", "読者", "doctor"});
  page.items.push_back(acked);
  TimelinePost deleted = MakePost("a3", "u-author");
  deleted.deleted_at = 1700000002000;
  deleted.deleted_by = {"u-author", "著者", ""};
  deleted.delete_reason = "誤投稿";
  page.items.push_back(deleted);
  page.next_cursor = "cursor-abc";
  page.team_size = 3;
  return page;
}

TEST(TimelinePageCacheTest, RenderedPageIsTheSameBodyEveryViewerWouldGetUncached) {
  TimelinePage page = SamplePage();
  auto cached = MakeCachedPage(page, 7, 2);
  for (const std::string viewer : {"u-author", "u-reader", "u-other", "u-nobody"}) {
    EXPECT_EQ(RenderCachedPage(*cached, viewer), TimelinePageBody(ForViewer(page, viewer)))
        << viewer;
  }
}

TEST(TimelinePageCacheTest, EmptyPageRendersLikeTheUncachedBody) {
  TimelinePage page;
  page.team_size = 1;
  auto cached = MakeCachedPage(page, 0, 0);
  EXPECT_EQ(RenderCachedPage(*cached, "u"), TimelinePageBody(page));
}

TEST(TimelinePageCacheTest, FindsOnlyThePageOfTheSameVersions) {
  TimelinePageCache cache;
  cache.Store("p1", 50, MakeCachedPage(SamplePage(), 7, 2));
  EXPECT_NE(cache.Find("p1", 50, 7, 2), nullptr);
  EXPECT_EQ(cache.Find("p1", 50, 8, 2), nullptr) << "a newer timeline version";
  EXPECT_EQ(cache.Find("p1", 50, 7, 3), nullptr) << "names changed";
  EXPECT_EQ(cache.Find("p1", 20, 7, 2), nullptr) << "another page size";
  EXPECT_EQ(cache.Find("p2", 50, 7, 2), nullptr);
}

TEST(TimelinePageCacheTest, AnOlderPageNeverReplacesANewerOne) {
  TimelinePageCache cache;
  cache.Store("p1", 50, MakeCachedPage(SamplePage(), 8, 2));
  cache.Store("p1", 50, MakeCachedPage(SamplePage(), 7, 2));  // a slower request
  EXPECT_NE(cache.Find("p1", 50, 8, 2), nullptr);
  cache.Store("p1", 50, MakeCachedPage(SamplePage(), 9, 2));
  EXPECT_NE(cache.Find("p1", 50, 9, 2), nullptr);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(TimelinePageCacheTest, DropsTheLeastRecentlyUsedBeyondItsBudget) {
  size_t one = MakeCachedPage(SamplePage(), 1, 1)->bytes;
  TimelinePageCache cache(one * 2 + one / 2);
  cache.Store("p1", 50, MakeCachedPage(SamplePage(), 1, 1));
  cache.Store("p2", 50, MakeCachedPage(SamplePage(), 1, 1));
  ASSERT_NE(cache.Find("p1", 50, 1, 1), nullptr);  // p1 is now the most recent
  cache.Store("p3", 50, MakeCachedPage(SamplePage(), 1, 1));
  EXPECT_NE(cache.Find("p1", 50, 1, 1), nullptr);
  EXPECT_EQ(cache.Find("p2", 50, 1, 1), nullptr);
  EXPECT_NE(cache.Find("p3", 50, 1, 1), nullptr);
  EXPECT_LE(cache.bytes(), one * 2 + one / 2);
}

}  // namespace
}  // namespace care
