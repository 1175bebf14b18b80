#include "care/timeline_cache.h"

#include <algorithm>

#include "care/timeline_json.h"

namespace care {
namespace {

void AppendInt(std::string& out, int64_t v) { out += std::to_string(v); }

void AppendReceipt(std::string& out, const ReceiptSummary& r, bool by_me) {
  out += "{\"count\":";
  AppendInt(out, r.count);
  out += ",\"total\":";
  AppendInt(out, r.total);
  out += by_me ? ",\"by_me\":true}" : ",\"by_me\":false}";
}

bool Contains(const std::vector<std::string>& sorted, const std::string& id) {
  return std::binary_search(sorted.begin(), sorted.end(), id);
}

size_t Approximate(const CachedPost& p) {
  size_t n = sizeof(CachedPost) + p.head.capacity() + p.author_id.capacity();
  for (const auto& id : p.reader_ids) n += sizeof(std::string) + id.capacity();
  for (const auto& id : p.acker_ids) n += sizeof(std::string) + id.capacity();
  return n;
}

}  // namespace

std::shared_ptr<const CachedPage> MakeCachedPage(const TimelinePage& page, int64_t timeline_version,
                                                 int64_t names_generation) {
  auto out = std::make_shared<CachedPage>();
  out->timeline_version = timeline_version;
  out->names_generation = names_generation;
  out->posts.reserve(page.items.size());
  out->bytes = sizeof(CachedPage);
  for (const auto& p : page.items) {
    CachedPost c;
    c.head = PostHeadJson(p);
    c.author_id = p.author.id;
    c.read = p.read;
    c.read.by_me = false;
    if (p.ack) {
      c.ack = *p.ack;
      c.ack->by_me = false;
    }
    c.reader_ids = p.reader_ids;
    c.acker_ids = p.acker_ids;
    std::sort(c.reader_ids.begin(), c.reader_ids.end());
    std::sort(c.acker_ids.begin(), c.acker_ids.end());
    out->bytes += Approximate(c);
    out->posts.push_back(std::move(c));
  }
  out->tail = PageTailJson(page);
  out->bytes += out->tail.capacity();
  return out;
}

std::string RenderCachedPage(const CachedPage& page, const std::string& viewer_id) {
  size_t size = page.tail.size() + 16;
  for (const auto& p : page.posts) size += p.head.size() + 128;
  std::string out;
  out.reserve(size);
  out += "{\"items\":[";
  bool first = true;
  for (const auto& p : page.posts) {
    if (!first) out += ',';
    first = false;
    out += p.head;
    // The author's own posts count as read by the author (as TimelineStore::Decorate says).
    out += ",\"read\":";
    AppendReceipt(out, p.read, p.author_id == viewer_id || Contains(p.reader_ids, viewer_id));
    out += ",\"ack\":";
    if (p.ack) {
      AppendReceipt(out, *p.ack, Contains(p.acker_ids, viewer_id));
    } else {
      out += "null";
    }
    out += '}';
  }
  out += page.tail;
  return out;
}

std::string TimelinePageCache::Key(const std::string& person_id, int limit) {
  return person_id + '/' + std::to_string(limit);
}

std::shared_ptr<const CachedPage> TimelinePageCache::Find(const std::string& person_id, int limit,
                                                          int64_t timeline_version,
                                                          int64_t names_generation) {
  std::lock_guard lock(mu_);
  auto it = index_.find(Key(person_id, limit));
  if (it == index_.end()) return nullptr;
  const auto& page = it->second->page;
  if (page->timeline_version != timeline_version || page->names_generation != names_generation) {
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  return page;
}

void TimelinePageCache::Store(const std::string& person_id, int limit,
                              std::shared_ptr<const CachedPage> page) {
  if (!page || page->bytes > budget_) return;
  std::string key = Key(person_id, limit);
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it != index_.end()) {
    const auto& held = it->second->page;
    // Versions only grow; a slower request must not put back a page older than one held.
    if (held->timeline_version > page->timeline_version ||
        held->names_generation > page->names_generation) {
      return;
    }
    bytes_ -= held->bytes;
    lru_.erase(it->second);
    index_.erase(it);
  }
  bytes_ += page->bytes;
  lru_.push_front(Slot{key, std::move(page)});
  index_.emplace(std::move(key), lru_.begin());
  while (bytes_ > budget_ && !lru_.empty()) {
    bytes_ -= lru_.back().page->bytes;
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

size_t TimelinePageCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

size_t TimelinePageCache::size() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

}  // namespace care
