// The append-only, hash-chained audit log. Entries are queued and written in batches by one
// background thread (one transaction per batch) so that request latency does not pay for the
// log; security-relevant callers can Flush() to wait until their entry is durable. Batches are
// committed at most once per commit interval (unless a batch fills up or someone flushes): on
// SQLite every commit empties the page cache of every other connection, so committing per
// request made each read request re-read its pages (bench/care/run).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "audit/model.h"
#include "core/clock.h"
#include "core/result.h"
#include "db/database.h"

namespace audit {

/// What services depend on (tests use an in-memory fake).
class AuditSink {
 public:
  virtual ~AuditSink() = default;
  virtual void Record(Entry entry) = 0;
  /// Blocks until every entry recorded before the call is stored.
  virtual void Flush() = 0;
};

/// The hash of an entry given the previous hash; SHA-256 hex over a canonical encoding.
std::string ChainHash(const std::string& prev_hash, const std::string& chain, int64_t seq,
                      const std::string& id, const Entry& e);

class AuditLog final : public AuditSink {
 public:
  static constexpr std::chrono::milliseconds kDefaultCommitInterval{100};

  /// `chain` names this writer's chain (one per server instance writing concurrently).
  AuditLog(db::Database& db, const core::Clock& clock, std::string chain = "main",
           size_t batch_size = 512,
           std::chrono::milliseconds commit_interval = kDefaultCommitInterval);
  ~AuditLog() override;

  /// Reads the chain head and starts the writer thread.
  core::Result<void> Start();
  /// Writes what is queued and stops the writer.
  void Stop();

  void Record(Entry entry) override;
  void Flush() override;
  int64_t written() const;
  int64_t failed_batches() const;

 private:
  void WriterLoop();
  core::Result<void> WriteBatch(std::vector<Entry>& batch);

  db::Database& db_;
  const core::Clock& clock_;
  std::string chain_;
  size_t batch_size_;
  std::chrono::milliseconds commit_interval_;
  std::thread writer_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::deque<Entry> queue_;     // guarded by mu_
  int64_t enqueued_ = 0;        // guarded by mu_
  int64_t flush_target_ = 0;    // guarded by mu_: write up to here without waiting
  int64_t written_ = 0;         // guarded by mu_ (entries stored or given up on)
  int64_t failed_batches_ = 0;  // guarded by mu_
  bool stopping_ = false;       // guarded by mu_
  bool started_ = false;
  // Chain head, touched only by the writer thread (and Start before it runs).
  int64_t last_seq_ = 0;
  std::string last_hash_;
};

struct VerifyReport {
  int64_t entries = 0;
  int chains = 0;
  bool ok = true;
  std::string broken_chain;
  int64_t broken_seq = 0;
  std::string problem;
};

/// Recomputes every chain; stops at the first entry whose hash or link does not match.
core::Result<VerifyReport> VerifyChains(db::Database& db);

struct SearchFilter {
  std::string person_id, user_id, action_prefix, organization_id;
  std::vector<std::string> municipality_codes;  // restrict to these (empty = no restriction)
  bool restrict_to_scope = false;               // true: only organization_id / municipality_codes
  int64_t from = 0, to = 0;                     // UTC ms, 0 = open
  std::string cursor;                           // "at:chain:seq" of the last row seen
  int limit = 50;
};

struct SearchPage {
  std::vector<StoredEntry> entries;
  std::string next_cursor;  // empty at the end
};

core::Result<SearchPage> Search(db::Database& db, const SearchFilter& filter);

}  // namespace audit
