#include "audit/audit_log.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "core/id.h"

namespace audit {
namespace {

constexpr db::Statement kChainHead{
    "audit_chain_head",
    "SELECT seq, hash FROM audit_log WHERE chain = $1 ORDER BY seq DESC LIMIT 1"};
constexpr db::Statement kInsert{
    "audit_insert",
    "INSERT INTO audit_log (chain, seq, id, at, user_id, organization_id, municipality_code, role, "
    "ip, user_agent, action, object_type, object_id, person_id, reason, outcome, request_id, "
    "details, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,"
    "$18,$19,$20)"};

constexpr std::string_view kGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

void AppendField(std::string& out, std::string_view v) {
  // Length-prefixed so that no choice of field contents can collide with another.
  out += std::to_string(v.size());
  out.push_back(':');
  out.append(v);
  out.push_back('|');
}

}  // namespace

std::string ChainHash(const std::string& prev_hash, const std::string& chain, int64_t seq,
                      const std::string& id, const Entry& e) {
  std::string m;
  m.reserve(512);
  for (std::string_view f :
       {std::string_view(prev_hash), std::string_view(chain), std::string_view(id)}) {
    AppendField(m, f);
  }
  AppendField(m, std::to_string(seq));
  AppendField(m, std::to_string(e.at));
  for (const std::string* f : {&e.user_id, &e.organization_id, &e.municipality_code, &e.role, &e.ip,
                               &e.user_agent, &e.action, &e.object_type, &e.object_id, &e.person_id,
                               &e.reason, &e.outcome, &e.request_id, &e.details}) {
    AppendField(m, *f);
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(m.data()), m.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

AuditLog::AuditLog(db::Database& db, const core::Clock& clock, std::string chain, size_t batch_size,
                   std::chrono::milliseconds commit_interval)
    : db_(db),
      clock_(clock),
      chain_(std::move(chain)),
      batch_size_(batch_size),
      commit_interval_(commit_interval) {}

AuditLog::~AuditLog() { Stop(); }

core::Result<void> AuditLog::Start() {
  if (sodium_init() < 0) return core::Error::Internal("libsodium init failed");
  auto status = db_.Run([&](db::Connection& c) -> core::Result<void> {
    ASSIGN_OR_RETURN(auto head, c.QueryOne(kChainHead, {chain_}));
    if (head) {
      last_seq_ = head->Int(0);
      last_hash_ = head->Text(1);
    } else {
      last_seq_ = 0;
      last_hash_ = std::string(kGenesis);
    }
    return core::Ok();
  });
  RETURN_IF_ERROR(status);
  started_ = true;
  writer_ = std::thread([this] { WriterLoop(); });
  return core::Ok();
}

void AuditLog::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || !started_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (writer_.joinable()) writer_.join();
}

void AuditLog::Record(Entry entry) {
  if (entry.at == 0) entry.at = clock_.NowMillis();
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(entry));
    ++enqueued_;
  }
  wake_.notify_one();
}

void AuditLog::Flush() {
  std::unique_lock lock(mu_);
  if (!started_) return;
  int64_t target = enqueued_;
  flush_target_ = std::max(flush_target_, target);
  wake_.notify_one();
  done_.wait(lock, [&] { return written_ >= target || (stopping_ && !writer_.joinable()); });
}

int64_t AuditLog::written() const {
  std::lock_guard lock(mu_);
  return written_;
}

int64_t AuditLog::failed_batches() const {
  std::lock_guard lock(mu_);
  return failed_batches_;
}

void AuditLog::WriterLoop() {
  auto last_commit = std::chrono::steady_clock::now() - commit_interval_;
  for (;;) {
    std::vector<Entry> batch;
    {
      std::unique_lock lock(mu_);
      wake_.wait_for(lock, std::chrono::milliseconds(50),
                     [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty() && stopping_) break;
      // Gather until the interval since the last commit is over, unless waiting is pointless.
      wake_.wait_until(lock, last_commit + commit_interval_, [&] {
        return stopping_ || queue_.size() >= batch_size_ || flush_target_ > written_;
      });
      while (!queue_.empty() && batch.size() < batch_size_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (batch.empty()) continue;
    last_commit = std::chrono::steady_clock::now();
    // A failed batch is retried a few times; the log must not lose entries to a busy database.
    core::Result<void> status = core::Ok();
    for (int attempt = 0; attempt < 5; ++attempt) {
      status = WriteBatch(batch);
      if (status.ok()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
    }
    std::lock_guard lock(mu_);
    if (!status.ok()) {
      ++failed_batches_;
      spdlog::critical("audit log: a batch of {} entries could not be stored: {}", batch.size(),
                       status.error().message);
    }
    written_ += static_cast<int64_t>(batch.size());
    done_.notify_all();
  }
  std::lock_guard lock(mu_);
  done_.notify_all();
}

core::Result<void> AuditLog::WriteBatch(std::vector<Entry>& batch) {
  int64_t seq = last_seq_;
  std::string hash = last_hash_;
  auto status = db_.Transact([&](db::Connection& c) -> core::Result<void> {
    seq = last_seq_;
    hash = last_hash_;
    for (const Entry& e : batch) {
      ++seq;
      std::string id = core::NewId(e.at);
      std::string prev = hash;
      hash = ChainHash(prev, chain_, seq, id, e);
      RETURN_IF_ERROR(c.Execute(kInsert, {chain_,
                                          seq,
                                          id,
                                          e.at,
                                          e.user_id,
                                          e.organization_id,
                                          e.municipality_code,
                                          e.role,
                                          e.ip,
                                          e.user_agent,
                                          e.action,
                                          e.object_type,
                                          e.object_id,
                                          e.person_id,
                                          e.reason,
                                          e.outcome,
                                          e.request_id,
                                          e.details,
                                          prev,
                                          hash}));
    }
    return core::Ok();
  });
  if (status.ok()) {
    last_seq_ = seq;
    last_hash_ = hash;
  }
  return status;
}

}  // namespace audit
