// Conformance suite for db::Database: the same SQL text and the same expectations on SQLite and
// PostgreSQL, so that a store written against one behaves identically on the other. A few cases
// only one backend can provoke (a deadlock, a dropped connection) are marked as such.
#include "db/database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cfloat>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <latch>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "db/postgres/pg_dump.h"
#include "db/testing.h"

namespace db {
namespace {

using core::ErrorCode;
using core::Ok;

constexpr Statement kCreateItems{"test_create_items",
                                 "CREATE TABLE items (id TEXT PRIMARY KEY, i BIGINT, "
                                 "r DOUBLE PRECISION, s TEXT)"};
constexpr Statement kInsertItem{"test_insert_item",
                                "INSERT INTO items (id, i, r, s) VALUES ($1, $2, $3, $4)"};
constexpr Statement kGetItem{"test_get_item", "SELECT i, r, s FROM items WHERE id = $1"};
constexpr Statement kCountItems{"test_count_items", "SELECT COUNT(*) FROM items"};
constexpr Statement kItemExists{"test_item_exists", "SELECT COUNT(*) FROM items WHERE id = $1"};

// Code points in a UTF-8 string, to compare with SQL length().
int64_t CodePoints(const std::string& s) {
  int64_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

class DatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto t = testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(t.ok()) << t.error().message;
    test_db_ = std::move(t).value();
  }

  Database& db() { return test_db_->db(); }
  bool postgres() const { return GetParam() == "postgres"; }

  // A second pool on the same data, with other options.
  std::unique_ptr<Database> OpenAgain(const Options& options) {
    auto d = Open(test_db_->url(), options);
    EXPECT_TRUE(d.ok());
    return d.ok() ? std::move(d).value() : nullptr;
  }

  void Script(std::string_view sql) {
    auto s = db().Run([&](Connection& c) { return c.ExecScript(sql); });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  void CreateItems() {
    auto s = db().Run([&](Connection& c) -> Result<void> {
      RETURN_IF_ERROR(c.Execute(kCreateItems));
      return Ok();
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  Result<int64_t> Insert(const std::string& id, Param i, Param r, Param s) {
    return db().Get<int64_t>([&](Connection& c) {
      return c.Execute(kInsertItem, {id, std::move(i), std::move(r), std::move(s)});
    });
  }

  Row Get(const std::string& id) {
    auto row =
        db().Get<std::optional<Row>>([&](Connection& c) { return c.QueryOne(kGetItem, {id}); });
    EXPECT_TRUE(row.ok());
    EXPECT_TRUE(row.ok() && row->has_value()) << "no row " << id;
    return row.ok() && row->has_value() ? **row : Row({});
  }

  int64_t Count(Database& d) {
    auto n = d.Get<int64_t>([&](Connection& c) -> Result<int64_t> {
      ASSIGN_OR_RETURN(auto row, c.QueryOne(kCountItems));
      return row->Int(0);
    });
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }
  int64_t Count() { return Count(db()); }

  std::unique_ptr<testing::TestDatabase> test_db_;
};

TEST_P(DatabaseTest, NullRoundTrips) {
  CreateItems();
  std::optional<int64_t> none;
  ASSERT_TRUE(Insert("a", nullptr, std::nullopt, Param()).ok());
  ASSERT_TRUE(Insert("b", none, Param(), nullptr).ok());
  for (const char* id : {"a", "b"}) {
    Row row = Get(id);
    ASSERT_EQ(row.size(), 3u);
    for (size_t i = 0; i < 3; ++i) EXPECT_TRUE(row.IsNull(i)) << id << i;
    EXPECT_EQ(row.OptInt(0), std::nullopt);
    EXPECT_EQ(row.OptReal(1), std::nullopt);
    EXPECT_EQ(row.OptText(2), std::nullopt);
    EXPECT_EQ(row.Int(0), 0);
    EXPECT_EQ(row.Text(2), "");
  }
}

TEST_P(DatabaseTest, Int64ExtremesRoundTrip) {
  CreateItems();
  const std::vector<int64_t> values = {std::numeric_limits<int64_t>::min(),
                                       std::numeric_limits<int64_t>::min() + 1,
                                       -1,
                                       0,
                                       1,
                                       (int64_t{1} << 53) + 1,  // not exact as a double
                                       std::numeric_limits<int64_t>::max()};
  for (size_t k = 0; k < values.size(); ++k) {
    ASSERT_TRUE(Insert("n" + std::to_string(k), values[k], nullptr, nullptr).ok());
  }
  for (size_t k = 0; k < values.size(); ++k) {
    Row row = Get("n" + std::to_string(k));
    EXPECT_EQ(row.OptInt(0), values[k]);
  }
  // A bare parameter echoed back without a column to give it a type.
  constexpr Statement kEcho{"test_echo_int", "SELECT $1"};
  auto row = db().Get<std::optional<Row>>(
      [&](Connection& c) { return c.QueryOne(kEcho, {std::numeric_limits<int64_t>::min()}); });
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->Int(0), std::numeric_limits<int64_t>::min());
}

TEST_P(DatabaseTest, DoublesRoundTripExactly) {
  CreateItems();
  const std::vector<double> values = {0.1,
                                      -2.5,
                                      1.0 / 3.0,
                                      3.0,
                                      123456789.123456789,
                                      1e-300,
                                      1e300,
                                      DBL_MAX,
                                      DBL_MIN,
                                      std::numeric_limits<double>::denorm_min(),
                                      std::numeric_limits<double>::infinity(),
                                      -std::numeric_limits<double>::infinity()};
  for (size_t k = 0; k < values.size(); ++k) {
    ASSERT_TRUE(Insert("d" + std::to_string(k), nullptr, values[k], nullptr).ok()) << k;
  }
  for (size_t k = 0; k < values.size(); ++k) {
    Row row = Get("d" + std::to_string(k));
    ASSERT_TRUE(row.OptReal(1).has_value()) << k;
    EXPECT_EQ(*row.OptReal(1), values[k]) << k;  // bit-exact, not approximately
  }
}

TEST_P(DatabaseTest, Utf8TextRoundTripsUnchanged) {
  CreateItems();
  // JP Core: names must come back byte for byte, variation selectors included, or a person's
  // registered name (戸籍上の字形) silently changes.
  const std::vector<std::string> texts = {
      "𠮷野家",                      // U+20BB7, outside the BMP
      "葛\U000E0100城市",            // 葛 + IVS (VS17, Adobe-Japan1)
      "辻\U000E0101",                // 辻 with two dots (VS18)
      "邉\U000E0108 太郎",           // one of the many 邉 glyphs
      "髙橋 﨑",                     // IBM extension kanji
      "か\u3099",                    // decomposed が: must not be normalised
      "ｶﾞｲﾄﾞ ①②",                    // half-width kana, circled digits
      "👩‍⚕️ 訪問看護",  // emoji ZWJ sequence with VS16
      "tab\tnewline\nquote' dq\" back\\ pct% us_",
  };
  for (size_t k = 0; k < texts.size(); ++k) {
    ASSERT_TRUE(Insert("t" + std::to_string(k), nullptr, nullptr, texts[k]).ok()) << k;
  }
  constexpr Statement kLength{"test_text_length", "SELECT length(s) FROM items WHERE id = $1"};
  constexpr Statement kFindByText{"test_find_by_text", "SELECT id FROM items WHERE s = $1"};
  for (size_t k = 0; k < texts.size(); ++k) {
    const std::string id = "t" + std::to_string(k);
    EXPECT_EQ(Get(id).Text(2), texts[k]) << k;
    auto found = db().Get<Rows>([&](Connection& c) { return c.Query(kFindByText, {texts[k]}); });
    ASSERT_TRUE(found.ok());
    ASSERT_EQ(found->size(), 1u) << k;
    EXPECT_EQ(found->front().Text(0), id);
    // The server counts characters the way we do: the text really is UTF-8 there.
    auto length =
        db().Get<std::optional<Row>>([&](Connection& c) { return c.QueryOne(kLength, {id}); });
    ASSERT_TRUE(length.ok() && length->has_value());
    EXPECT_EQ((*length)->Int(0), CodePoints(texts[k])) << k;
  }
  // The base character without its selector is a different string.
  auto plain = db().Get<Rows>([&](Connection& c) { return c.Query(kFindByText, {"葛城市"}); });
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->empty());
}

TEST_P(DatabaseTest, EmptyStringIsNotNull) {
  CreateItems();
  ASSERT_TRUE(Insert("empty", nullptr, nullptr, "").ok());
  ASSERT_TRUE(Insert("null", nullptr, nullptr, nullptr).ok());
  Row empty = Get("empty");
  EXPECT_FALSE(empty.IsNull(2));
  EXPECT_EQ(empty.OptText(2), std::optional<std::string>(""));
  EXPECT_TRUE(Get("null").IsNull(2));

  constexpr Statement kCountNullText{"test_count_null_text",
                                     "SELECT COUNT(*) FROM items WHERE s IS NULL"};
  auto n = db().Get<std::optional<Row>>([&](Connection& c) { return c.QueryOne(kCountNullText); });
  ASSERT_TRUE(n.ok() && n->has_value());
  EXPECT_EQ((*n)->Int(0), 1);
}

TEST_P(DatabaseTest, PlaceholderMayRepeatAndComeOutOfOrder) {
  Script("CREATE TABLE pairs (id TEXT PRIMARY KEY, a TEXT, b TEXT)");
  constexpr Statement kSame{"test_pairs_same", "INSERT INTO pairs (id, a, b) VALUES ($1, $2, $2)"};
  constexpr Statement kSwapped{"test_pairs_swapped",
                               "INSERT INTO pairs (b, id, a) VALUES ($3, $1, $2)"};
  constexpr Statement kFind{"test_pairs_find",
                            "SELECT id FROM pairs WHERE a = $1 AND b = $1 ORDER BY id"};
  auto s = db().Run([&](Connection& c) -> Result<void> {
    RETURN_IF_ERROR(c.Execute(kSame, {"p1", "x"}));
    RETURN_IF_ERROR(c.Execute(kSwapped, {"p2", "x", "x"}));
    RETURN_IF_ERROR(c.Execute(kSwapped, {"p3", "x", "y"}));
    return Ok();
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto rows = db().Get<Rows>([&](Connection& c) { return c.Query(kFind, {"x"}); });
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].Text(0), "p1");
  EXPECT_EQ((*rows)[1].Text(0), "p2");
}

TEST_P(DatabaseTest, NamedStatementIsPreparedOnceAndReused) {
  CreateItems();
  auto pool = OpenAgain({.pool_size = 1});  // one connection, so every call shares its cache
  for (int k = 0; k < 5; ++k) {
    auto s = pool->Run([&](Connection& c) -> Result<void> {
      RETURN_IF_ERROR(c.Execute(kInsertItem, {"r" + std::to_string(k), k, k * 0.5, "v"}));
      return Ok();
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  for (int k = 0; k < 5; ++k) {
    auto row = pool->Get<std::optional<Row>>(
        [&](Connection& c) { return c.QueryOne(kGetItem, {"r" + std::to_string(k)}); });
    ASSERT_TRUE(row.ok() && row->has_value());
    EXPECT_EQ((*row)->Int(0), k);
    EXPECT_EQ((*row)->Real(1), k * 0.5);
  }
  if (postgres()) {
    constexpr Statement kPrepared{
        "test_prepared_count", "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement = $1"};
    auto n = pool->Get<int64_t>([&](Connection& c) -> Result<int64_t> {
      ASSIGN_OR_RETURN(auto row, c.QueryOne(kPrepared, {std::string(kInsertItem.sql)}));
      return row->Int(0);
    });
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 1);
  }
}

TEST_P(DatabaseTest, StatementNamesNeedNotBeIdentifiers) {
  // Names are for people and logs; the backend must cope with dots, dashes and long names that
  // share a prefix longer than PostgreSQL's 63-byte identifier limit.
  const std::string prefix(80, 'n');
  const std::string long_a = prefix + "_a";
  const std::string long_b = prefix + "_b";
  const Statement a{long_a, "SELECT 'a'"};
  const Statement b{long_b, "SELECT 'b'"};
  const Statement odd{"person.find-by id/名前", "SELECT 'odd'"};
  auto pool = OpenAgain({.pool_size = 1});
  for (int round = 0; round < 2; ++round) {
    auto s = pool->Run([&](Connection& c) -> Result<void> {
      for (auto [st, want] : {std::pair{a, "a"}, std::pair{b, "b"}, std::pair{odd, "odd"}}) {
        ASSIGN_OR_RETURN(auto row, c.QueryOne(st));
        EXPECT_EQ(row->Text(0), want);
      }
      return Ok();
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
}

TEST_P(DatabaseTest, UniqueViolationIsConflictWithoutData) {
  CreateItems();
  ASSERT_TRUE(Insert("dup-id", 1, nullptr, "山田花子").ok());
  auto again = Insert("dup-id", 2, nullptr, "山田花子");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(IsUniqueViolation(again.error()));
  EXPECT_EQ(again.error().message.find("dup-id"), std::string::npos);
  EXPECT_EQ(again.error().message.find("山田"), std::string::npos);
  EXPECT_EQ(again.error().message.find("INSERT"), std::string::npos);
  EXPECT_EQ(Get("dup-id").Int(0), 1);

  // The portable way to tolerate duplicates, and RETURNING to learn what happened.
  constexpr Statement kInsertOrIgnore{
      "test_insert_or_ignore",
      "INSERT INTO items (id, i) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id"};
  auto rows = db().Get<Rows>([&](Connection& c) {
    return c.Query(kInsertOrIgnore, {"dup-id", 3});
  });
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
  rows = db().Get<Rows>([&](Connection& c) { return c.Query(kInsertOrIgnore, {"new-id", 3}); });
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().Text(0), "new-id");
}

TEST_P(DatabaseTest, OtherConstraintViolationsAreInternal) {
  // NOT NULL, CHECK and foreign-key failures mean our validation missed something: a bug, 500.
  Script("CREATE TABLE strict (id TEXT PRIMARY KEY, n BIGINT NOT NULL CHECK (n >= 0))");
  constexpr Statement kInsertStrict{"test_insert_strict",
                                    "INSERT INTO strict (id, n) VALUES ($1, $2)"};
  for (Param n : {Param(), Param(-1)}) {
    auto r = db().Get<int64_t>([&](Connection& c) { return c.Execute(kInsertStrict, {"x", n}); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInternal);
    EXPECT_FALSE(IsUniqueViolation(r.error()));
  }
}

TEST_P(DatabaseTest, BrokenSqlIsInternalAndDoesNotEchoTheSql) {
  constexpr Statement kBroken{"test_broken", "SELEC secret_column FROM nowhere WHERE x = $1"};
  auto r = db().Get<Rows>([&](Connection& c) { return c.Query(kBroken, {"患者"}); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  EXPECT_EQ(r.error().message.find("secret_column"), std::string::npos);
  EXPECT_EQ(r.error().message.find("患者"), std::string::npos);
  // The connection is still good afterwards.
  CreateItems();
  EXPECT_EQ(Count(), 0);
}

TEST_P(DatabaseTest, ExecuteReturnsChangedRowsAndBooleansReadBack) {
  CreateItems();
  for (const char* id : {"a", "b", "c"}) ASSERT_TRUE(Insert(id, 1, nullptr, "x").ok());
  constexpr Statement kBump{"test_bump_all", "UPDATE items SET i = i + 1 WHERE s = $1"};
  auto changed = db().Get<int64_t>([&](Connection& c) { return c.Execute(kBump, {"x"}); });
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(*changed, 3);
  // Comparisons come back as 1/0 on SQLite and t/f on PostgreSQL; Row::Bool reads both.
  constexpr Statement kCompare{"test_compare", "SELECT i = 2, i = 3 FROM items WHERE id = $1"};
  auto row =
      db().Get<std::optional<Row>>([&](Connection& c) { return c.QueryOne(kCompare, {"a"}); });
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_TRUE((*row)->Bool(0));
  EXPECT_FALSE((*row)->Bool(1));
}

TEST_P(DatabaseTest, TransactCommits) {
  CreateItems();
  auto id = db().InTransaction<std::string>([&](Connection& c) -> Result<std::string> {
    RETURN_IF_ERROR(c.Execute(kInsertItem, {"t1", 1, nullptr, nullptr}));
    RETURN_IF_ERROR(c.Execute(kInsertItem, {"t2", 2, nullptr, nullptr}));
    return std::string("t2");
  });
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(*id, "t2");
  EXPECT_EQ(Count(), 2);
}

TEST_P(DatabaseTest, TransactRollsBackWhenFnFails) {
  CreateItems();
  int calls = 0;
  auto s = db().Transact([&](Connection& c) -> Result<void> {
    ++calls;
    RETURN_IF_ERROR(c.Execute(kInsertItem, {"gone", 1, nullptr, nullptr}));
    return core::Error::Invalid("name", "required");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalid);  // the callback's own error, unchanged
  EXPECT_EQ(s.error().field, "name");
  EXPECT_EQ(calls, 1);  // not a retryable failure
  EXPECT_EQ(Count(), 0);
  EXPECT_EQ(db().Stats().retries, 0);
}

TEST_P(DatabaseTest, TransactRollsBackWhenFnThrows) {
  CreateItems();
  auto pool = OpenAgain({.pool_size = 1});
  EXPECT_THROW((void)pool->Transact([&](Connection& c) -> Result<void> {
    (void)c.Execute(kInsertItem, {"thrown", 1, nullptr, nullptr});
    throw std::runtime_error("bug");
  }),
               std::runtime_error);
  // The only connection is back in the pool, outside any transaction.
  EXPECT_EQ(Count(*pool), 0);
  EXPECT_EQ(pool->Stats().in_use, 0);
}

TEST_P(DatabaseTest, PreparedStatementSurvivesRollback) {
  CreateItems();
  auto pool = OpenAgain({.pool_size = 1});
  auto s = pool->Transact([&](Connection& c) -> Result<void> {
    RETURN_IF_ERROR(c.QueryOne(kItemExists, {"x"}));  // first use: prepared inside the txn
    return core::Error::Conflict("abandon");
  });
  ASSERT_FALSE(s.ok());
  auto n = pool->Get<int64_t>([&](Connection& c) -> Result<int64_t> {
    ASSIGN_OR_RETURN(auto row, c.QueryOne(kItemExists, {"x"}));
    return row->Int(0);
  });
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 0);
}

TEST_P(DatabaseTest, TransactRetriesAfterRetryableFailure) {
  Script(
      "CREATE TABLE accounts (id TEXT PRIMARY KEY, n BIGINT NOT NULL);"
      "INSERT INTO accounts (id, n) VALUES ('a', 0);"
      "INSERT INTO accounts (id, n) VALUES ('b', 0)");
  constexpr Statement kBump{"test_bump_account", "UPDATE accounts SET n = n + 1 WHERE id = $1"};
  constexpr Statement kGet{"test_get_account", "SELECT n FROM accounts WHERE id = $1"};

  if (postgres()) {
    // A real deadlock: each transaction locks one row, waits for the other to lock the second,
    // then asks for the row the other holds. PostgreSQL aborts one with 40P01; Transact must
    // run that one again and both increments must land.
    std::latch both_locked(2);
    auto transfer = [&](const char* first, const char* second) {
      int attempt = 0;
      return db().Transact([&](Connection& c) -> Result<void> {
        auto bumped = c.Execute(kBump, {first});
        if (attempt++ == 0) both_locked.arrive_and_wait();
        RETURN_IF_ERROR(bumped);
        RETURN_IF_ERROR(c.Execute(kBump, {second}));
        return Ok();
      });
    };
    Result<void> other = Ok();
    std::thread t([&] { other = transfer("b", "a"); });
    Result<void> mine = transfer("a", "b");
    t.join();
    ASSERT_TRUE(mine.ok()) << mine.error().message;
    ASSERT_TRUE(other.ok()) << other.error().message;
  } else {
    // A real SQLITE_BUSY: another connection holds the write lock until the contender has
    // failed once and started retrying.
    Options contender_options;
    contender_options.busy_timeout_ms = 20;
    contender_options.max_retries = 20;
    auto contender = OpenAgain(contender_options);
    std::latch locked(1);
    Result<void> holder_status = Ok();
    std::thread holder([&] {
      holder_status = db().Run([&](Connection& c) -> Result<void> {
        RETURN_IF_ERROR(c.ExecScript("BEGIN IMMEDIATE"));
        auto bumped = c.Execute(kBump, {"a"});
        locked.count_down();
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (contender->Stats().retries == 0 && std::chrono::steady_clock::now() < give_up) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        RETURN_IF_ERROR(bumped);
        return c.ExecScript("COMMIT");
      });
    });
    locked.wait();
    auto s = contender->Transact([&](Connection& c) -> Result<void> {
      RETURN_IF_ERROR(c.Execute(kBump, {"b"}));
      RETURN_IF_ERROR(c.Execute(kBump, {"a"}));
      return Ok();
    });
    holder.join();
    ASSERT_TRUE(holder_status.ok()) << holder_status.error().message;
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_GE(contender->Stats().retries, 1);
  }
  if (postgres()) {
    EXPECT_GE(db().Stats().retries, 1);
  }
  for (const char* id : {"a", "b"}) {
    auto row = db().Get<std::optional<Row>>([&](Connection& c) { return c.QueryOne(kGet, {id}); });
    ASSERT_TRUE(row.ok() && row->has_value());
    EXPECT_EQ((*row)->Int(0), postgres() ? 2 : (std::string(id) == "a" ? 2 : 1)) << id;
  }
}

TEST_P(DatabaseTest, ConcurrentWritersAllLand) {
  CreateItems();
  Script(
      "CREATE TABLE counter (id TEXT PRIMARY KEY, n BIGINT NOT NULL);"
      "INSERT INTO counter (id, n) VALUES ('c', 0)");
  constexpr Statement kIncrement{"test_increment", "UPDATE counter SET n = n + 1 WHERE id = $1"};
  constexpr Statement kCounter{"test_counter", "SELECT n FROM counter WHERE id = $1"};
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kPerThread; ++k) {
        auto s = db().Transact([&](Connection& c) -> Result<void> {
          const std::string id = "w" + std::to_string(t) + "-" + std::to_string(k);
          RETURN_IF_ERROR(c.Execute(kInsertItem, {id, k, nullptr, nullptr}));
          RETURN_IF_ERROR(c.Execute(kIncrement, {"c"}));
          return Ok();
        });
        if (!s.ok()) failures++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count(), kThreads * kPerThread);
  auto row =
      db().Get<std::optional<Row>>([&](Connection& c) { return c.QueryOne(kCounter, {"c"}); });
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->Int(0), kThreads * kPerThread);
  EXPECT_EQ(db().Stats().in_use, 0);
}

TEST_P(DatabaseTest, ReadSnapshotSeesOneSnapshot) {
  CreateItems();
  ASSERT_TRUE(Insert("before", 1, nullptr, nullptr).ok());
  int64_t first = -1, second = -1;
  auto s = db().ReadSnapshot([&](Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto a, c.QueryOne(kCountItems));
    first = a->Int(0);
    // Another connection commits a row while the snapshot is open.
    RETURN_IF_ERROR(db().Run([&](Connection& other) -> Result<void> {
      RETURN_IF_ERROR(other.Execute(kInsertItem, {"during", 2, nullptr, nullptr}));
      return Ok();
    }));
    ASSIGN_OR_RETURN(auto b, c.QueryOne(kCountItems));
    second = b->Int(0);
    return Ok();
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 1);
  EXPECT_EQ(Count(), 2);
}

TEST_P(DatabaseTest, StatementTimeoutIsUnavailable) {
  Options options;
  options.statement_timeout_ms = 100;
  auto pool = OpenAgain(options);
  // Portable runaway query: a billion-row recursive count, far longer than the timeout.
  constexpr Statement kRunaway{
      "test_runaway",
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
      "SELECT COUNT(*) FROM c"};
  constexpr Statement kSleep{"test_sleep", "SELECT pg_sleep(30)"};
  constexpr Statement kOne{"test_one", "SELECT 1"};
  std::vector<Statement> slow = {kRunaway};
  if (postgres()) slow.push_back(kSleep);
  for (const Statement& st : slow) {
    const auto start = std::chrono::steady_clock::now();
    auto r = pool->Get<Rows>([&](Connection& c) { return c.Query(st); });
    ASSERT_FALSE(r.ok()) << st.name;
    EXPECT_EQ(r.error().code, ErrorCode::kUnavailable) << st.name;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10)) << st.name;
    // The connection recovers for the next caller.
    auto one = pool->Get<Rows>([&](Connection& c) { return c.Query(kOne); });
    ASSERT_TRUE(one.ok()) << one.error().message;
  }
}

TEST_P(DatabaseTest, ExecScriptRunsSeveralStatements) {
  Script(
      "CREATE TABLE a (id TEXT PRIMARY KEY, v INTEGER);\n"
      "CREATE TABLE b (id TEXT PRIMARY KEY, a_id TEXT NOT NULL REFERENCES a (id));\n"
      "CREATE INDEX b_by_a ON b (a_id);\n"
      "INSERT INTO a (id, v) VALUES ('x', 1);\n"
      "INSERT INTO b (id, a_id) VALUES ('y', 'x');");
  constexpr Statement kJoin{"test_join",
                            "SELECT a.v FROM a JOIN b ON b.a_id = a.id WHERE b.id = $1"};
  auto row = db().Get<std::optional<Row>>([&](Connection& c) { return c.QueryOne(kJoin, {"y"}); });
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->Int(0), 1);

  // A failing script inside a transaction leaves nothing behind.
  auto s = db().Transact([&](Connection& c) -> Result<void> {
    return c.ExecScript("INSERT INTO a (id, v) VALUES ('z', 2); INSERT INTO nowhere VALUES (1);");
  });
  ASSERT_FALSE(s.ok());
  constexpr Statement kCountA{"test_count_a", "SELECT COUNT(*) FROM a"};
  auto n = db().Get<std::optional<Row>>([&](Connection& c) { return c.QueryOne(kCountA); });
  ASSERT_TRUE(n.ok() && n->has_value());
  EXPECT_EQ((*n)->Int(0), 1);
}

TEST_P(DatabaseTest, StatsCountStatementsAndSlowOnes) {
  CreateItems();
  const PoolStats before = db().Stats();
  ASSERT_TRUE(Insert("s", 1, nullptr, nullptr).ok());
  auto s = db().Run([&](Connection& c) -> Result<void> {
    EXPECT_EQ(db().Stats().in_use, 1);
    EXPECT_GE(db().Stats().size, 1);
    return Ok();
  });
  ASSERT_TRUE(s.ok());
  const PoolStats after = db().Stats();
  EXPECT_GE(after.statements, before.statements + 1);
  EXPECT_EQ(after.in_use, 0);

  Options every_query_is_slow;
  every_query_is_slow.slow_query_ms = 0;
  auto pool = OpenAgain(every_query_is_slow);
  EXPECT_EQ(Count(*pool), 1);
  EXPECT_GE(pool->Stats().slow_statements, 1);
}

TEST_P(DatabaseTest, BackupCanBeReadBack) {
  CreateItems();
  ASSERT_TRUE(Insert("kept", 42, 0.5, "記録").ok());
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("tsunagari-backup-" + std::to_string(::getpid()) + "-" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "backup.bin").string();
  auto s = db().Backup(file);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_GT(std::filesystem::file_size(file), 0u);
  if (postgres()) {
    const std::string command =
        postgres::FindPgProgram("pg_restore") + " --list '" + file + "' 2>&1";
    FILE* p = ::popen(command.c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::string listing;
    char buf[4096];
    while (size_t n = std::fread(buf, 1, sizeof buf, p)) listing.append(buf, n);
    EXPECT_EQ(::pclose(p), 0) << listing;
    EXPECT_NE(listing.find("TABLE DATA"), std::string::npos) << listing;
    EXPECT_NE(listing.find("items"), std::string::npos) << listing;
  } else {
    auto copy = Open("sqlite:" + file);
    ASSERT_TRUE(copy.ok());
    auto row = (*copy)->Get<std::optional<Row>>(
        [&](Connection& c) { return c.QueryOne(kGetItem, {"kept"}); });
    ASSERT_TRUE(row.ok() && row->has_value());
    EXPECT_EQ((*row)->Int(0), 42);
    EXPECT_EQ((*row)->Text(2), "記録");
  }
  // A destination that cannot be written is an error, not a crash or an empty "backup".
  auto bad = db().Backup((dir / "missing-dir" / "backup.bin").string());
  EXPECT_FALSE(bad.ok());
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

// ---- PostgreSQL only: behaviour SQLite has no counterpart for. ----

TEST_P(DatabaseTest, PostgresSessionIsSetUp) {
  if (!postgres()) {
    GTEST_SKIP() << "PostgreSQL session settings";
  }
  constexpr Statement kSettings{
      "test_settings",
      "SELECT current_setting('TimeZone'), current_setting('statement_timeout'), "
      "current_setting('client_encoding'), current_setting('application_name')"};
  auto row = db().Get<std::optional<Row>>([&](Connection& c) { return c.QueryOne(kSettings); });
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->Text(0), "UTC");
  EXPECT_EQ((*row)->Text(1), "10s");
  EXPECT_EQ((*row)->Text(2), "UTF8");
  EXPECT_EQ((*row)->Text(3), "tsunagari");
}

TEST_P(DatabaseTest, PostgresFailedStatementIsNotSilentlyCommitted) {
  if (!postgres()) {
    GTEST_SKIP() << "only PostgreSQL aborts a transaction on a failed statement";
  }
  CreateItems();
  ASSERT_TRUE(Insert("dup", 1, nullptr, nullptr).ok());
  auto s = db().Transact([&](Connection& c) -> Result<void> {
    RETURN_IF_ERROR(c.Execute(kInsertItem, {"first", 1, nullptr, nullptr}));
    (void)c.Execute(kInsertItem, {"dup", 1, nullptr, nullptr});  // ignored by mistake
    return Ok();
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(Count(), 1);
}

TEST_P(DatabaseTest, PostgresRejectsTextWithNul) {
  if (!postgres()) {
    GTEST_SKIP() << "PostgreSQL text cannot hold NUL";
  }
  CreateItems();
  auto r = Insert("nul", nullptr, nullptr, std::string("a\0b", 3));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);  // never stored cut short at the NUL
  EXPECT_EQ(Count(), 0);
}

TEST_P(DatabaseTest, PostgresBrokenConnectionIsReplaced) {
  if (!postgres()) {
    GTEST_SKIP() << "PostgreSQL connection pool";
  }
  auto pool = OpenAgain({.pool_size = 1});
  constexpr Statement kPid{"test_backend_pid", "SELECT pg_backend_pid()"};
  constexpr Statement kTerminate{"test_terminate", "SELECT pg_terminate_backend($1, $2)"};
  auto pid = [&](Database& d) {
    auto r = d.Get<std::optional<Row>>([&](Connection& c) { return c.QueryOne(kPid); });
    EXPECT_TRUE(r.ok() && r->has_value());
    return r.ok() && r->has_value() ? (*r)->Int(0) : -1;
  };
  const int64_t old_pid = pid(*pool);
  ASSERT_GT(old_pid, 0);
  // Kill the pooled connection's server process and wait (up to 5 s) until it has exited.
  auto killed = db().Get<std::optional<Row>>([&](Connection& c) {
    return c.QueryOne(kTerminate, {old_pid, 5000});
  });
  ASSERT_TRUE(killed.ok() && killed->has_value());
  ASSERT_TRUE((*killed)->Bool(0));
  const int64_t new_pid = pid(*pool);
  EXPECT_GT(new_pid, 0);
  EXPECT_NE(new_pid, old_pid);
  EXPECT_EQ(pool->Stats().size, 1);
}

TEST_P(DatabaseTest, PostgresPoolWaitIsBounded) {
  if (!postgres()) {
    GTEST_SKIP() << "PostgreSQL connection pool";
  }
  Options options;
  options.pool_size = 1;
  options.busy_timeout_ms = 100;
  auto pool = OpenAgain(options);
  std::latch holding(1), done(1);
  std::thread holder([&] {
    (void)pool->Run([&](Connection&) -> Result<void> {
      holding.count_down();
      done.wait();
      return Ok();
    });
  });
  holding.wait();
  EXPECT_EQ(pool->Stats().in_use, 1);
  auto s = pool->Run([](Connection&) -> Result<void> { return Ok(); });
  done.count_down();
  holder.join();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
  // Once returned, the connection serves the next caller.
  EXPECT_TRUE(pool->Run([](Connection&) -> Result<void> { return Ok(); }).ok());
}

TEST_P(DatabaseTest, PostgresTwoStatementsWithOneNameAreRejected) {
  if (!postgres()) {
    GTEST_SKIP() << "PostgreSQL statement cache";
  }
  auto pool = OpenAgain({.pool_size = 1});
  const Statement first{"test_same_name", "SELECT 1"};
  const Statement second{"test_same_name", "SELECT 2"};
  auto s = pool->Run([&](Connection& c) -> Result<void> {
    RETURN_IF_ERROR(c.Query(first));
    return c.Query(second).ok() ? Ok() : core::Error::Internal("rejected");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "rejected");
}

TEST(PgDumpTest, PasswordStaysOutOfTheCommandLine) {
  auto target = postgres::SplitPassword(
      "postgresql://care%20user:s3cr%27t@db.example:5433/tsunagari?sslmode=require");
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(target->password, std::optional<std::string>("s3cr't"));
  EXPECT_EQ(target->conninfo.find("s3cr"), std::string::npos);
  EXPECT_NE(target->conninfo.find("user='care user'"), std::string::npos) << target->conninfo;
  EXPECT_NE(target->conninfo.find("port='5433'"), std::string::npos);
  EXPECT_NE(target->conninfo.find("sslmode='require'"), std::string::npos);
  EXPECT_TRUE(target->schemas.empty());  // no search_path: the whole database is dumped
  EXPECT_FALSE(postgres::SplitPassword("postgresql://host/db?nonsense=1").ok());
}

TEST(PgDumpTest, SearchPathLimitsTheDumpToItsSchemas) {
  auto target = postgres::SplitPassword(
      "postgresql://h/db?options=-c%20statement_timeout%3D5%20-csearch_path%3D%22Care%22,"
      "%24user,%5C%20Region_1,public");  // an escaped space stays inside the word
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(target->schemas, (std::vector<std::string>{"Care", "region_1", "public"}));
}

TEST(PgDumpTest, BackupFailsCleanlyWhenServerIsUnreachable) {
  // Port 1 on loopback: nothing listens there, so pg_dump exits with an error.
  auto db = Open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_TRUE(db.ok());
  const std::string file =
      (std::filesystem::temp_directory_path() / "tsunagari-unreachable.dump").string();
  auto s = (*db)->Backup(file);
  ASSERT_FALSE(s.ok());
  EXPECT_FALSE(std::filesystem::exists(file));
  auto r = (*db)->Run([](Connection&) -> Result<void> { return Ok(); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
}

TEST(DatabaseBackendsTest, SqliteIsAlwaysListed) {
  auto backends = testing::Backends();
  ASSERT_FALSE(backends.empty());
  EXPECT_EQ(backends.front(), "sqlite");
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest, ::testing::ValuesIn(testing::Backends()),
                         testing::BackendName());

}  // namespace
}  // namespace db
