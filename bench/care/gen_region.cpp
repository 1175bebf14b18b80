// tsunagari_bench_gen: a region-scale care-network database for bench/care/run (spec 12:
// 71 municipalities, ~2,000 organizations, 19,000 professionals, 31,000 persons with their care
// teams and team consent, 3 million timeline posts over two years with replies, read receipts,
// acknowledgements, vitals and attachment rows), written into a data dir that `tsunagari serve`
// can open as it is (tsunagari.db + secret.key). Everything is fictional (prefecture 99) and
// deterministic for a given --seed and --now.
//
// Also creates two accounts a script can sign in with (password + a known TOTP secret, see
// --password/--totp-secret): `bench.cm`, a care manager in the teams of ~40 persons, and
// `bench.admin`, the municipality admin of the largest municipality; and writes
// bench-info.env, bench-persons.txt and bench-kana-prefixes.txt next to the database.
//
// Speed: the directory (a few tens of thousands of rows) goes through directory::Store on our
// db layer; persons, teams and the timeline go through --writer=raw (sqlite3 prepared
// statements bound by position, the default) or --writer=layer (db::Connection::Execute with
// db::Param), so the two can be compared. Generation runs with synchronous=OFF, journal_mode=OFF
// and foreign keys off, inserts the big tables in primary-key order with their secondary indexes
// dropped, then recreates the indexes from the schema's own SQL, runs ANALYZE and switches the
// file back to WAL.
#include <sqlite3.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/model.h"
#include "auth/password.h"
#include "auth/store.h"
#include "auth/tokens.h"
#include "auth/totp.h"
#include "core/clock.h"
#include "core/japanese_text.h"
#include "core/municipality_code.h"
#include "db/database.h"
#include "db/migrations.h"
#include "db/schema_parts.h"
#include "directory/model.h"
#include "directory/store.h"

namespace {

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kJst = 9 * kHour;

[[noreturn]] void Fail(const std::string& what) { throw std::runtime_error(what); }

template <typename T>
T Check(core::Result<T> r, std::string_view what) {
  if (!r.ok()) Fail(std::string(what) + ": " + r.error().message);
  return std::move(r).value();
}
void Check(core::Result<void> r, std::string_view what) {
  if (!r.ok()) Fail(std::string(what) + ": " + r.error().message);
}

// ------------------------------------------------------------------------------ randomness
// Our own generator and distributions (not <random>'s), so that a seed gives the same data with
// any standard library.
uint64_t SplitMix(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
uint64_t Mix(uint64_t a, uint64_t b) {
  uint64_t s = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL);
  return SplitMix(s);
}

class Rng {  // xoshiro256**
 public:
  explicit Rng(uint64_t seed) {
    for (auto& x : s_) x = SplitMix(seed);
  }
  uint64_t Next() {
    uint64_t r = Rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
    s_[2] ^= s_[0], s_[3] ^= s_[1], s_[1] ^= s_[2], s_[0] ^= s_[3], s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return r;
  }
  uint64_t Below(uint64_t n) { return n == 0 ? 0 : Next() % n; }  // bias negligible here
  int64_t Between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Below(hi - lo + 1)); }
  double Real() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Real() < p; }
  double Normal() {
    double u = std::max(Real(), 1e-300), v = Real();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
  }
  double Exponential(double mean) { return -mean * std::log(std::max(1.0 - Real(), 1e-300)); }
  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Below(items.size())];
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

/// Index drawn with probability proportional to weights (cumulative sums given).
size_t PickCumulative(Rng& rng, const std::vector<double>& cumulative) {
  double x = rng.Real() * cumulative.back();
  return std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin();
}

std::vector<double> Cumulative(const std::vector<double>& w) {
  std::vector<double> c(w.size());
  std::partial_sum(w.begin(), w.end(), c.begin());
  return c;
}

/// A UUIDv7 like core::NewId(ms) but with the random part drawn from `bits`, for determinism.
std::string Uuid7(int64_t ms, uint64_t bits) {
  uint64_t bits2 = Mix(bits, 0x7777);
  unsigned char b[16];
  auto u = static_cast<uint64_t>(ms);
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(u >> (8 * (5 - i)));
  for (int i = 6; i < 16; ++i)
    b[i] = static_cast<unsigned char>((i < 11 ? bits : bits2) >> (8 * (i % 8)));
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x70);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 15]);
  }
  return out;
}

std::string Hex(Rng& rng, int chars) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(chars);
  uint64_t x = 0;
  for (int i = 0; i < chars; ++i) {
    if (i % 16 == 0) x = rng.Next();
    s.push_back(kHex[x & 15]);
    x >>= 4;
  }
  return s;
}

// ------------------------------------------------------------------------------ dates
int64_t DaysFromCivil(int y, unsigned m, unsigned d) {  // H. Hinnant's algorithm
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097LL + static_cast<int64_t>(doe) - 719468;
}

std::string CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp + (mp < 10 ? 3 : -9);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(y + (m <= 2)), m, d);
  return buf;
}

/// The JST calendar date of an instant.
std::string JstDate(int64_t ms) { return CivilFromDays((ms + kJst) / kDay); }

// ------------------------------------------------------------------------------ names
struct Reading {
  const char* kanji;
  const char* kana;
};

// The most common surnames (roughly by frequency, which the Zipf weights below follow), with a
// few 異体字 spellings (髙橋, 齋藤, 渡邊, 山﨑) that search must fold.
constexpr Reading kSurnames[] = {
    {"佐藤", "サトウ"},     {"鈴木", "スズキ"},     {"高橋", "タカハシ"}, {"田中", "タナカ"},
    {"伊藤", "イトウ"},     {"渡辺", "ワタナベ"},   {"山本", "ヤマモト"}, {"中村", "ナカムラ"},
    {"小林", "コバヤシ"},   {"加藤", "カトウ"},     {"吉田", "ヨシダ"},   {"山田", "ヤマダ"},
    {"佐々木", "ササキ"},   {"山口", "ヤマグチ"},   {"松本", "マツモト"}, {"井上", "イノウエ"},
    {"木村", "キムラ"},     {"林", "ハヤシ"},       {"斎藤", "サイトウ"}, {"清水", "シミズ"},
    {"山崎", "ヤマザキ"},   {"森", "モリ"},         {"池田", "イケダ"},   {"橋本", "ハシモト"},
    {"阿部", "アベ"},       {"石川", "イシカワ"},   {"山下", "ヤマシタ"}, {"中島", "ナカジマ"},
    {"石井", "イシイ"},     {"小川", "オガワ"},     {"前田", "マエダ"},   {"岡田", "オカダ"},
    {"長谷川", "ハセガワ"}, {"藤田", "フジタ"},     {"後藤", "ゴトウ"},   {"近藤", "コンドウ"},
    {"村上", "ムラカミ"},   {"遠藤", "エンドウ"},   {"青木", "アオキ"},   {"坂本", "サカモト"},
    {"斉藤", "サイトウ"},   {"福田", "フクダ"},     {"太田", "オオタ"},   {"西村", "ニシムラ"},
    {"藤井", "フジイ"},     {"金子", "カネコ"},     {"岡本", "オカモト"}, {"藤原", "フジワラ"},
    {"中野", "ナカノ"},     {"三浦", "ミウラ"},     {"原田", "ハラダ"},   {"中川", "ナカガワ"},
    {"松田", "マツダ"},     {"竹内", "タケウチ"},   {"小野", "オノ"},     {"田村", "タムラ"},
    {"中山", "ナカヤマ"},   {"和田", "ワダ"},       {"石田", "イシダ"},   {"森田", "モリタ"},
    {"上田", "ウエダ"},     {"原", "ハラ"},         {"内田", "ウチダ"},   {"柴田", "シバタ"},
    {"酒井", "サカイ"},     {"宮崎", "ミヤザキ"},   {"横山", "ヨコヤマ"}, {"高木", "タカギ"},
    {"安藤", "アンドウ"},   {"宮本", "ミヤモト"},   {"大野", "オオノ"},   {"小島", "コジマ"},
    {"谷口", "タニグチ"},   {"今井", "イマイ"},     {"工藤", "クドウ"},   {"高田", "タカダ"},
    {"増田", "マスダ"},     {"丸山", "マルヤマ"},   {"杉山", "スギヤマ"}, {"村田", "ムラタ"},
    {"大塚", "オオツカ"},   {"新井", "アライ"},     {"小山", "コヤマ"},   {"平野", "ヒラノ"},
    {"藤本", "フジモト"},   {"河野", "コウノ"},     {"上野", "ウエノ"},   {"野口", "ノグチ"},
    {"武田", "タケダ"},     {"松井", "マツイ"},     {"千葉", "チバ"},     {"岩崎", "イワサキ"},
    {"菅原", "スガワラ"},   {"木下", "キノシタ"},   {"久保", "クボ"},     {"佐野", "サノ"},
    {"野村", "ノムラ"},     {"松尾", "マツオ"},     {"菊地", "キクチ"},   {"杉本", "スギモト"},
    {"市川", "イチカワ"},   {"古川", "フルカワ"},   {"大西", "オオニシ"}, {"島田", "シマダ"},
    {"水野", "ミズノ"},     {"桜井", "サクライ"},   {"高野", "タカノ"},   {"吉川", "ヨシカワ"},
    {"山内", "ヤマウチ"},   {"西田", "ニシダ"},     {"飯田", "イイダ"},   {"菊池", "キクチ"},
    {"西川", "ニシカワ"},   {"小松", "コマツ"},     {"北村", "キタムラ"}, {"安田", "ヤスダ"},
    {"五十嵐", "イガラシ"}, {"川口", "カワグチ"},   {"平田", "ヒラタ"},   {"関", "セキ"},
    {"中田", "ナカタ"},     {"久保田", "クボタ"},   {"服部", "ハットリ"}, {"東", "ヒガシ"},
    {"岩田", "イワタ"},     {"土屋", "ツチヤ"},     {"川崎", "カワサキ"}, {"福島", "フクシマ"},
    {"本田", "ホンダ"},     {"辻", "ツジ"},         {"樋口", "ヒグチ"},   {"秋山", "アキヤマ"},
    {"荒木", "アラキ"},     {"大久保", "オオクボ"}, {"須藤", "スドウ"},   {"宇野", "ウノ"},
    {"髙橋", "タカハシ"},   {"齋藤", "サイトウ"},   {"渡邊", "ワタナベ"}, {"山﨑", "ヤマザキ"},
};

// Given names of people born 1925–1960.
constexpr Reading kOldMale[] = {
    {"清", "キヨシ"},     {"茂", "シゲル"},       {"博", "ヒロシ"},   {"実", "ミノル"},
    {"勇", "イサム"},     {"進", "ススム"},       {"昭", "アキラ"},   {"武", "タケシ"},
    {"正", "タダシ"},     {"弘", "ヒロシ"},       {"隆", "タカシ"},   {"修", "オサム"},
    {"勝", "マサル"},     {"三郎", "サブロウ"},   {"正夫", "マサオ"}, {"和夫", "カズオ"},
    {"一郎", "イチロウ"}, {"豊", "ユタカ"},       {"稔", "ミノル"},   {"忠", "タダシ"},
    {"秀夫", "ヒデオ"},   {"義雄", "ヨシオ"},     {"武雄", "タケオ"}, {"正男", "マサオ"},
    {"幸雄", "ユキオ"},   {"健一", "ケンイチ"},   {"俊夫", "トシオ"}, {"昭二", "ショウジ"},
    {"光男", "ミツオ"},   {"正一", "ショウイチ"}, {"久雄", "ヒサオ"}, {"次郎", "ジロウ"},
    {"信夫", "ノブオ"},   {"晃", "アキラ"},       {"貞夫", "サダオ"}, {"利夫", "トシオ"},
    {"敏行", "トシユキ"}, {"孝", "タカシ"},       {"保", "タモツ"},   {"徹", "トオル"},
};
constexpr Reading kOldFemale[] = {
    {"和子", "カズコ"},   {"幸子", "サチコ"},   {"節子", "セツコ"}, {"洋子", "ヨウコ"},
    {"恵子", "ケイコ"},   {"京子", "キョウコ"}, {"久子", "ヒサコ"}, {"美智子", "ミチコ"},
    {"弘子", "ヒロコ"},   {"千代子", "チヨコ"}, {"文子", "フミコ"}, {"敏子", "トシコ"},
    {"光子", "ミツコ"},   {"悦子", "エツコ"},   {"静子", "シズコ"}, {"照子", "テルコ"},
    {"清子", "キヨコ"},   {"富子", "トミコ"},   {"春子", "ハルコ"}, {"トミ", "トミ"},
    {"ハナ", "ハナ"},     {"キヨ", "キヨ"},     {"ミツ", "ミツ"},   {"フミ", "フミ"},
    {"良子", "ヨシコ"},   {"信子", "ノブコ"},   {"昭子", "アキコ"}, {"正子", "マサコ"},
    {"典子", "ノリコ"},   {"喜美子", "キミコ"}, {"芳子", "ヨシコ"}, {"登美子", "トミコ"},
    {"由美子", "ユミコ"}, {"直子", "ナオコ"},   {"澄子", "スミコ"}, {"八重子", "ヤエコ"},
    {"貞子", "サダコ"},   {"絹子", "キヌコ"},   {"君子", "キミコ"}, {"順子", "ジュンコ"},
};
// Given names of the professionals (born 1960–2000).
constexpr Reading kYoungMale[] = {
    {"翔", "ショウ"},     {"大輔", "ダイスケ"}, {"健太", "ケンタ"},   {"拓也", "タクヤ"},
    {"直樹", "ナオキ"},   {"誠", "マコト"},     {"聡", "サトシ"},     {"剛", "ツヨシ"},
    {"和也", "カズヤ"},   {"達也", "タツヤ"},   {"亮", "リョウ"},     {"大樹", "ダイキ"},
    {"健", "ケン"},       {"浩二", "コウジ"},   {"雄一", "ユウイチ"}, {"英樹", "ヒデキ"},
    {"慎也", "シンヤ"},   {"洋平", "ヨウヘイ"}, {"康弘", "ヤスヒロ"}, {"悠斗", "ユウト"},
    {"陽介", "ヨウスケ"}, {"隼人", "ハヤト"},   {"智史", "サトシ"},   {"俊介", "シュンスケ"},
};
constexpr Reading kYoungFemale[] = {
    {"美穂", "ミホ"},   {"由美", "ユミ"},     {"恵", "メグミ"},     {"愛", "アイ"},
    {"彩", "アヤ"},     {"真由美", "マユミ"}, {"裕子", "ユウコ"},   {"智子", "トモコ"},
    {"直美", "ナオミ"}, {"麻衣", "マイ"},     {"舞", "マイ"},       {"美咲", "ミサキ"},
    {"沙織", "サオリ"}, {"香織", "カオリ"},   {"久美子", "クミコ"}, {"陽子", "ヨウコ"},
    {"明美", "アケミ"}, {"亜希子", "アキコ"}, {"理恵", "リエ"},     {"千尋", "チヒロ"},
    {"綾香", "アヤカ"}, {"優子", "ユウコ"},   {"奈美", "ナミ"},     {"瞳", "ヒトミ"},
    {"早苗", "サナエ"}, {"めぐみ", "メグミ"}, {"さおり", "サオリ"}, {"由紀", "ユキ"},
};

// Place-like stems for municipalities and organization names.
constexpr Reading kStems[] = {
    {"青葉", "アオバ"},   {"桜川", "サクラガワ"},   {"松風", "マツカゼ"}, {"白浜", "シラハマ"},
    {"緑野", "ミドリノ"}, {"朝日", "アサヒ"},       {"若葉", "ワカバ"},   {"花園", "ハナゾノ"},
    {"星野", "ホシノ"},   {"月見", "ツキミ"},       {"高原", "タカハラ"}, {"水沢", "ミズサワ"},
    {"鶴見", "ツルミ"},   {"亀田", "カメダ"},       {"梅里", "ウメサト"}, {"竹原", "タケハラ"},
    {"泉", "イズミ"},     {"浜松", "ハママツ"},     {"岩瀬", "イワセ"},   {"石岡", "イシオカ"},
    {"川辺", "カワベ"},   {"森山", "モリヤマ"},     {"杉浦", "スギウラ"}, {"藤沢", "フジサワ"},
    {"菊川", "キクカワ"}, {"千歳", "チトセ"},       {"八幡", "ヤハタ"},   {"三輪", "ミワ"},
    {"大和", "ヤマト"},   {"光丘", "ヒカリガオカ"}, {"美里", "ミサト"},   {"清川", "キヨカワ"},
    {"秋津", "アキツ"},   {"春日", "カスガ"},       {"夏目", "ナツメ"},   {"雪谷", "ユキガヤ"},
    {"風間", "カザマ"},   {"雲雀", "ヒバリ"},       {"日向", "ヒナタ"},   {"桃園", "モモゾノ"},
};
constexpr Reading kDirections[] = {
    {"東", "ヒガシ"}, {"西", "ニシ"}, {"南", "ミナミ"}, {"北", "キタ"},
    {"新", "シン"},   {"上", "カミ"}, {"下", "シモ"},   {"中", "ナカ"},
};
// Hiragana and kanji names for care offices and clinics.
constexpr Reading kOfficeNames[] = {
    {"あおば", "アオバ"},     {"さくら", "サクラ"},     {"ひまわり", "ヒマワリ"},
    {"すみれ", "スミレ"},     {"かえで", "カエデ"},     {"つばき", "ツバキ"},
    {"やまびこ", "ヤマビコ"}, {"ひかり", "ヒカリ"},     {"こもれび", "コモレビ"},
    {"なごみ", "ナゴミ"},     {"やすらぎ", "ヤスラギ"}, {"ほほえみ", "ホホエミ"},
    {"みどり", "ミドリ"},     {"あさひ", "アサヒ"},     {"はなみずき", "ハナミズキ"},
    {"わかば", "ワカバ"},     {"いずみ", "イズミ"},     {"そよかぜ", "ソヨカゼ"},
    {"ふれあい", "フレアイ"}, {"あかり", "アカリ"},     {"青空", "アオゾラ"},
    {"陽だまり", "ヒダマリ"}, {"希望", "キボウ"},       {"翼", "ツバサ"},
    {"虹", "ニジ"},           {"すずらん", "スズラン"}, {"たんぽぽ", "タンポポ"},
    {"ゆうあい", "ユウアイ"}, {"まごころ", "マゴコロ"}, {"いろは", "イロハ"},
};
constexpr const char* kTowns[] = {
    "本町", "栄町", "旭町", "緑町",   "幸町",   "中央",   "東町",   "西町", "南町",   "北町",
    "駅前", "新町", "大通", "若葉台", "桜ヶ丘", "青葉台", "港町",   "宮前", "山手",   "川端",
    "寿町", "錦町", "松原", "梅田",   "日の出", "昭和町", "平和町", "住吉", "清水町", "八幡町",
};
constexpr const char* kRelations[] = {"長女", "長男", "妻", "夫", "次女", "次男", "長男の妻", "姪"};

// ------------------------------------------------------------------------------ post text
// Sentences by post category. Markers {X} are filled with numbers when a body is written.
constexpr const char* kOpeners[] = {
    "お疲れ様です。",
    "いつもお世話になっております。",
    "ご報告します。",
    "本日の訪問について共有します。",
    "訪問看護です。",
    "ケアマネです。",
    "ヘルパー訪問時の様子です。",
    "取り急ぎご連絡です。",
    "先ほどご家族から連絡がありました。",
    "{H}時{M}分に訪問しました。",
    "本日{H}時頃に訪問しました。",
    "{d}曜日の訪問の記録です。",
};
constexpr const char* kClosers[] = {
    "引き続き様子を見ていきます。",
    "何かあればご連絡ください。",
    "次回訪問時に再度確認します。",
    "よろしくお願いします。",
    "ご確認をお願いいたします。",
    "情報共有まで。",
    "皆さまのご意見をいただけると助かります。",
    "変化があれば共有します。",
    "以上です。",
    "ご家族にも伝えてあります。",
};
constexpr const char* kContact[] = {
    "来週の訪問日を{d}曜日に変更したいとのことです。",
    "ご家族より、{N}日からしばらく旅行で不在になると連絡がありました。",
    "担当者会議の日程調整をお願いします。",
    "サービス担当者会議の候補日は{d}曜日の{H}時です。",
    "入浴サービスの時間を変更しました。",
    "ご本人から電話があり、体調は変わりないとのことです。",
    "長男さんの連絡先が変わりました。緊急連絡先を更新しています。",
    "福祉用具の業者が{d}曜日に手すりの点検に伺います。",
    "年末年始のサービス調整について、各事業所のご予定を教えてください。",
    "デイサービスの利用日を週{N}回に増やす予定です。",
    "介護保険の更新申請を行いました。認定調査は来月の予定です。",
    "訪問時間を{H}時{M}分からに変更してほしいとのご希望です。",
};
constexpr const char* kDailyLife[] = {
    "本日は穏やかに過ごされていました。",
    "テレビを見ながら笑顔が見られました。",
    "少し元気がなく、横になっている時間が長かったです。",
    "お庭の手入れをされていて、転倒に注意するよう声をかけました。",
    "近所の方とお茶をされていたそうです。",
    "部屋の温度が高めだったため、エアコンの使用をおすすめしました。",
    "日中の活動量が少なく、昼夜逆転が心配です。",
    "趣味の俳句を見せてくださいました。",
    "散歩に出かけたいと希望がありました。",
    "独居のため、夕方の様子が気になります。",
    "室内は整理されており、転倒の危険は少ない状況です。",
    "季節の変わり目で衣類の調整が難しいようです。",
    "{d}曜日は娘さんが来られる予定です。",
    "表情は明るく、会話もスムーズでした。",
    "同じ話を繰り返されることが増えてきました。",
};
constexpr const char* kMedicalVisit[] = {
    "本日{H}時に内科を受診されました。",
    "血液検査の結果、貧血が少し進んでいるとのことです。",
    "主治医より、塩分を控えるよう指導がありました。",
    "次回の受診は{N}週間後です。",
    "整形外科で膝の注射を受けられました。",
    "眼科受診の結果、白内障の手術は経過観察となりました。",
    "降圧剤が一種類追加になりました。",
    "レントゲンでは肺炎の所見はないとのことでした。",
    "HbA1cは前回より改善しています。",
    "歯科受診で入れ歯の調整を行いました。",
    "CT検査の予約が入りました。送迎の調整をお願いします。",
    "主治医から、むくみが続くようなら早めに受診するよう話がありました。",
};
constexpr const char* kSupport[] = {
    "入浴介助を行いました。皮膚の状態に問題はありません。",
    "買い物代行を行いました。",
    "掃除と洗濯を行いました。",
    "足浴を実施し、爪切りを行いました。",
    "着替えの介助をしました。",
    "調理支援で煮物と味噌汁を作りました。",
    "トイレまでの移動を見守りで行いました。",
    "シーツ交換を行いました。",
    "服薬の声かけを行い、確認しました。",
    "通院の付き添いを行いました。",
    "ゴミ出しの支援を行いました。",
    "ベッドから車いすへの移乗を二人介助で行いました。",
};
constexpr const char* kWishes[] = {
    "ご本人は、できるだけ自宅で暮らし続けたいと話されています。",
    "ご家族は、ショートステイの利用を検討したいとのことです。",
    "最期は自宅で迎えたいという希望を改めて話されました。",
    "延命治療は望まないとの意向を確認しました。",
    "娘さんは仕事との両立に不安を感じておられます。",
    "ご本人は、デイサービスには行きたくないとおっしゃっています。",
    "施設入所について、ご家族で話し合いを始めたそうです。",
    "お墓参りに行きたいという希望がありました。",
};
constexpr const char* kMedication[] = {
    "朝の薬の飲み忘れがありました。",
    "お薬カレンダーに{N}日分セットしました。",
    "残薬が多く見られたため、主治医に報告します。",
    "一包化の依頼を薬局にお願いしました。",
    "湿布の使用量が増えています。",
    "眠剤を服用後、ふらつきがあったとのことです。",
    "新しく処方された薬の副作用に注意してください。",
    "服薬状況は良好です。",
    "便秘薬の調整について相談したいです。",
    "飲み込みにくいとのことで、粉薬への変更を相談中です。",
};
constexpr const char* kMeal[] = {
    "昼食は{N}割ほど召し上がりました。",
    "食欲があり、全量摂取されました。",
    "水分摂取が少なめです。こまめな声かけをお願いします。",
    "むせ込みが{N}回ありました。",
    "お粥を希望されました。",
    "配食サービスのお弁当を残されることが多いです。",
    "おやつにプリンを召し上がりました。",
    "とろみ剤の使用を開始しました。",
    "体重が減少傾向のため、栄養補助食品を検討しています。",
    "水分は一日{N}00ml程度とれています。",
};
constexpr const char* kExcretion[] = {
    "排便は{N}日ぶりにありました。",           "尿量はいつも通りです。",
    "夜間のトイレ回数が{N}回あったそうです。", "リハビリパンツの使用を始めました。",
    "下痢気味のため、様子を見ています。",      "陰部の発赤があり、清拭と軟膏塗布を行いました。",
    "排尿時の痛みを訴えておられます。",        "失禁があり、更衣の介助を行いました。",
};
constexpr const char* kSleep[] = {
    "昨夜はよく眠れたそうです。",
    "夜中に何度も目が覚めるとのことです。",
    "日中にうとうとされることが多いです。",
    "眠れないと不安を訴えておられました。",
    "夜間に落ち着かない様子があったとご家族から聞きました。",
    "寝る前の入浴で眠りやすくなったようです。",
    "昼寝の時間が長くなっています。",
};
constexpr const char* kSkin[] = {
    "仙骨部に発赤があります。除圧をお願いします。",
    "右踵の褥瘡は改善傾向です。",
    "皮膚の乾燥が強く、保湿剤を塗布しました。",
    "腕に内出血が見られました。ぶつけた覚えはないそうです。",
    "エアマットの設定を確認しました。",
    "かゆみの訴えがあり、主治医に相談予定です。",
    "体位変換は{N}時間ごとに行っています。",
    "足の指の間に白癬の疑いがあります。",
};
constexpr const char* kRehab[] = {
    "歩行訓練を{N}0分実施しました。",
    "立ち上がり動作が安定してきました。",
    "杖歩行で自宅周辺を散歩しました。",
    "関節の可動域訓練を行いました。",
    "嚥下体操を一緒に行いました。",
    "階段昇降の練習をしました。",
    "手すりの位置について住宅改修を提案しました。",
    "下肢筋力が低下しているため、自主トレーニングのメニューを見直しました。",
};
constexpr const char* kMeeting[] = {
    "サービス担当者会議を行いました。",
    "ケアプランの見直しについて話し合いました。",
    "退院前カンファレンスに参加しました。",
    "参加者：ご本人、長女、主治医、訪問看護、ヘルパー、ケアマネ。",
    "次回のモニタリングは来月です。",
    "短期目標を一部変更しました。",
    "緊急時の連絡体制を確認しました。",
    "地域ケア会議で事例を共有しました。",
};
constexpr const char* kOther[] = {
    "介護保険証の更新が届いたそうです。",
    "住所変更の手続きを行いました。",
    "成年後見制度について相談がありました。",
    "民生委員さんが様子を見に来られたそうです。",
    "台風に備えて、避難先を確認しました。",
    "福祉タクシーの登録を行いました。",
    "郵便物がたまっていたため、ご家族に連絡しました。",
};
constexpr const char* kReplies[] = {
    "承知しました。",
    "ありがとうございます。",
    "確認しました。次回訪問時に様子を見ます。",
    "了解です。主治医にも伝えておきます。",
    "共有ありがとうございます。",
    "こちらでも気をつけて見ていきます。",
    "ご連絡ありがとうございます。薬局でも確認します。",
    "その件、来週の会議で話し合いましょう。",
    "ヘルパー訪問時にも声かけします。",
    "ご家族にも伝えました。",
    "訪問看護でも同じ様子でした。",
    "{d}曜日の訪問で確認して、またご報告します。",
};

struct PostCategory {
  const char* code;
  double weight;
  std::span<const char* const> sentences;
};
const PostCategory kPostCategories[] = {
    {"contact", 20, kContact}, {"daily_life", 20, kDailyLife}, {"medical_visit", 8, kMedicalVisit},
    {"support", 12, kSupport}, {"wishes", 3, kWishes},         {"medication", 8, kMedication},
    {"meal", 6, kMeal},        {"excretion", 4, kExcretion},   {"sleep", 4, kSleep},
    {"skin", 3, kSkin},        {"rehab", 5, kRehab},           {"meeting", 3, kMeeting},
    {"other", 4, kOther},
};

size_t Utf8Chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

constexpr const char* kWeekdays[] = {"月", "火", "水", "木", "金", "土", "日"};

/// Appends `sentence` with its {X} markers filled in.
void AppendFilled(std::string& out, std::string_view sentence, Rng& rng) {
  for (size_t i = 0; i < sentence.size(); ++i) {
    if (sentence[i] == '{' && i + 2 < sentence.size() && sentence[i + 2] == '}') {
      char buf[16];
      switch (sentence[i + 1]) {
        case 'H':
          std::snprintf(buf, sizeof buf, "%d", static_cast<int>(rng.Between(8, 18)));
          break;
        case 'M':
          std::snprintf(buf, sizeof buf, "%02d", static_cast<int>(rng.Below(6) * 10));
          break;
        case 'N':
          std::snprintf(buf, sizeof buf, "%d", static_cast<int>(rng.Between(1, 5)));
          break;
        case 'd':
          std::snprintf(buf, sizeof buf, "%s", kWeekdays[rng.Below(7)]);
          break;
        default:
          buf[0] = '\0';
      }
      out += buf;
      i += 2;
    } else {
      out.push_back(sentence[i]);
    }
  }
}

struct VitalsRow {
  int64_t measured_at = 0;
  std::optional<int64_t> systolic, diastolic, pulse, spo2, respiration, glucose;
  std::optional<double> temperature, weight;
};

VitalsRow MakeVitals(Rng& rng, int64_t post_time) {
  VitalsRow v;
  v.measured_at = post_time - rng.Between(0, 2 * kHour);
  v.temperature = std::round((35.6 + rng.Real() * 2.0) * 10) / 10;
  if (rng.Chance(0.9)) {
    v.systolic = rng.Between(100, 170);
    v.diastolic = std::min<int64_t>(*v.systolic - 25, rng.Between(55, 95));
  }
  if (rng.Chance(0.9)) v.pulse = rng.Between(55, 100);
  if (rng.Chance(0.8)) v.spo2 = rng.Between(92, 99);
  if (rng.Chance(0.3)) v.respiration = rng.Between(12, 22);
  if (rng.Chance(0.15)) v.weight = std::round((35.0 + rng.Real() * 40.0) * 10) / 10;
  if (rng.Chance(0.08)) v.glucose = rng.Between(80, 260);
  return v;
}

std::string VitalsSentence(const VitalsRow& v) {
  char buf[256];
  std::string s = "バイタル：";
  std::snprintf(buf, sizeof buf, "体温%.1f℃", *v.temperature);
  s += buf;
  if (v.systolic) {
    std::snprintf(buf, sizeof buf, "、血圧%lld/%lldmmHg", static_cast<long long>(*v.systolic),
                  static_cast<long long>(*v.diastolic));
    s += buf;
  }
  if (v.pulse) {
    std::snprintf(buf, sizeof buf, "、脈拍%lld回/分", static_cast<long long>(*v.pulse));
    s += buf;
  }
  if (v.spo2) {
    std::snprintf(buf, sizeof buf, "、SpO2 %lld%%", static_cast<long long>(*v.spo2));
    s += buf;
  }
  return s + "。";
}

/// A body of about `target` characters (40–400) for the category: opener, sentences of the
/// category mixed with everyday ones, closer.
std::string MakeBody(Rng& rng, const PostCategory& cat, size_t target, const std::string& lead,
                     bool reply) {
  std::string out = lead;
  if (!reply && rng.Chance(0.5)) AppendFilled(out, kOpeners[rng.Below(std::size(kOpeners))], rng);
  if (reply) AppendFilled(out, kReplies[rng.Below(std::size(kReplies))], rng);
  size_t last = SIZE_MAX;
  int guard = 0;
  while (Utf8Chars(out) < target && ++guard < 64) {
    std::span<const char* const> pool =
        rng.Chance(0.75) ? cat.sentences : std::span<const char* const>(kDailyLife);
    size_t k = rng.Below(pool.size());
    if (k == last) k = (k + 1) % pool.size();
    last = k;
    std::string sentence;
    AppendFilled(sentence, pool[k], rng);
    if (Utf8Chars(out) + Utf8Chars(sentence) > 390 && Utf8Chars(out) >= 40) break;
    if (!out.empty() && rng.Chance(0.15)) out.push_back('\n');
    out += sentence;
  }
  if (rng.Chance(0.4)) {
    std::string closer;
    AppendFilled(closer, kClosers[rng.Below(std::size(kClosers))], rng);
    if (Utf8Chars(out) + Utf8Chars(closer) <= 400) out += closer;
  }
  return out;
}

// ------------------------------------------------------------------------------ organizations
struct ProfessionShare {
  const char* profession;
  double share;
};
struct OrgType {
  const char* type;
  int region_count;       // at region scale (~2,000 in all)
  bool per_municipality;  // exactly one per municipality instead
  double staff_weight;    // relative head count
  std::vector<ProfessionShare> professions;
};

const std::vector<OrgType>& OrgTypes() {
  static const std::vector<OrgType> kTypes = {
      {"hospital",
       60,
       false,
       40,
       {{"doctor", 25},
        {"nurse", 45},
        {"medical_social_worker", 8},
        {"physical_therapist", 8},
        {"pharmacist", 5},
        {"registered_dietitian", 3},
        {"clerk", 6}}},
      {"clinic",
       450,
       false,
       5,
       {{"doctor", 35}, {"nurse", 40}, {"assistant_nurse", 10}, {"clerk", 15}}},
      {"dental_clinic", 220, false, 4, {{"dentist", 40}, {"dental_hygienist", 45}, {"clerk", 15}}},
      {"pharmacy", 260, false, 4, {{"pharmacist", 80}, {"clerk", 20}}},
      {"visiting_nursing",
       140,
       false,
       8,
       {{"nurse", 70},
        {"physical_therapist", 15},
        {"occupational_therapist", 10},
        {"speech_therapist", 5}}},
      {"care_management", 230, false, 5, {{"care_manager", 75}, {"chief_care_manager", 25}}},
      {"home_care",
       170,
       false,
       12,
       {{"home_helper", 70}, {"service_coordinator", 15}, {"certified_care_worker", 15}}},
      {"day_service",
       150,
       false,
       10,
       {{"care_worker", 50},
        {"certified_care_worker", 30},
        {"nurse", 10},
        {"physical_therapist", 10}}},
      {"short_stay",
       40,
       false,
       10,
       {{"care_worker", 60}, {"certified_care_worker", 30}, {"nurse", 10}}},
      {"nursing_home",
       45,
       false,
       20,
       {{"care_worker", 50},
        {"certified_care_worker", 30},
        {"nurse", 15},
        {"registered_dietitian", 5}}},
      {"group_home", 40, false, 8, {{"care_worker", 60}, {"certified_care_worker", 40}}},
      {"community_support_center",
       0,
       true,
       6,
       {{"social_worker", 35}, {"public_health_nurse", 35}, {"chief_care_manager", 30}}},
      {"municipal_department",
       0,
       true,
       10,
       {{"municipal_officer", 70}, {"public_health_nurse", 30}}},
      {"fire_department",
       12,
       false,
       30,
       {{"ems_crew", 50}, {"paramedic", 30}, {"firefighter", 20}}},
      {"police", 8, false, 10, {{"police_officer", 100}}},
      {"social_welfare_council",
       0,
       true,
       5,
       {{"social_worker", 60}, {"life_support_coordinator", 40}}},
      {"other", 20, false, 4, {{"welfare_equipment_advisor", 100}}},
  };
  return kTypes;
}

bool IsCareOffice(std::string_view type) {
  return type == "visiting_nursing" || type == "care_management" || type == "home_care" ||
         type == "day_service" || type == "short_stay" || type == "nursing_home" ||
         type == "group_home";
}

// Team roles, the organization types and professions their members come from, how often a
// team has one (care_manager and primary_doctor: nearly always) and how much they post.
struct TeamRole {
  const char* role;
  const char* org_type;
  std::vector<std::string_view> professions;  // empty: anyone of the organization
  double frequency;
  double post_weight;
};
const std::vector<TeamRole>& TeamRoles() {
  static const std::vector<TeamRole> kRoles = {
      {"care_manager", "care_management", {"care_manager", "chief_care_manager"}, 1.0, 3},
      {"primary_doctor", "clinic", {"doctor"}, 0.95, 1},
      {"visiting_nurse", "visiting_nursing", {"nurse"}, 0.60, 3},
      {"home_helper",
       "home_care",
       {"home_helper", "service_coordinator", "certified_care_worker"},
       0.55,
       3},
      {"pharmacist", "pharmacy", {"pharmacist"}, 0.45, 1.5},
      {"day_service", "day_service", {}, 0.35, 2},
      {"therapist",
       "visiting_nursing",
       {"physical_therapist", "occupational_therapist", "speech_therapist"},
       0.20,
       1.5},
      {"welfare_equipment", "other", {}, 0.20, 0.5},
      {"primary_dentist", "dental_clinic", {"dentist"}, 0.15, 1},
      {"support_center", "community_support_center", {}, 0.15, 1},
      {"short_stay", "short_stay", {}, 0.10, 1.5},
      {"dental_hygienist", "dental_clinic", {"dental_hygienist"}, 0.08, 1},
      {"medical_social_worker", "hospital", {"medical_social_worker"}, 0.08, 1},
      {"municipality", "municipal_department", {}, 0.05, 0.5},
  };
  return kRoles;
}

// ------------------------------------------------------------------------------ writing
/// A value to bind: no copies on the raw path (views into the caller's strings).
struct Val {
  enum Kind { kNull, kInt, kReal, kText } kind = kNull;
  int64_t i = 0;
  double d = 0;
  std::string_view s;
  Val() = default;
  Val(std::nullptr_t) {}                            // NOLINT
  Val(int v) : kind(kInt), i(v) {}                  // NOLINT
  Val(int64_t v) : kind(kInt), i(v) {}              // NOLINT
  Val(bool v) : kind(kInt), i(v ? 1 : 0) {}         // NOLINT
  Val(double v) : kind(kReal), d(v) {}              // NOLINT
  Val(std::string_view v) : kind(kText), s(v) {}    // NOLINT
  Val(const std::string& v) : kind(kText), s(v) {}  // NOLINT
  Val(const char* v) : kind(kText), s(v) {}         // NOLINT
  template <typename T>
  Val(const std::optional<T>& v) {  // NOLINT
    if (v) *this = Val(*v);
  }
};

class Inserter {
 public:
  virtual ~Inserter() = default;
  /// Runs one INSERT whose placeholders are $1..$N, each once, in order.
  virtual void Insert(const db::Statement& st, std::initializer_list<Val> vals) = 0;
};

class Writer {
 public:
  virtual ~Writer() = default;
  /// One transaction.
  virtual void Batch(const std::function<void(Inserter&)>& fn) = 0;
  virtual void Script(const std::string& sql) = 0;
  /// Rows of text columns.
  virtual std::vector<std::vector<std::string>> Query(const db::Statement& st) = 0;
};

class LayerWriter final : public Writer, Inserter {
 public:
  explicit LayerWriter(db::Database& db) : db_(db) {}
  void Batch(const std::function<void(Inserter&)>& fn) override {
    Check(db_.Transact([&](db::Connection& c) -> core::Result<void> {
      conn_ = &c;
      try {
        fn(*this);
      } catch (const std::exception& e) {
        conn_ = nullptr;
        return core::Error::Internal(e.what());
      }
      conn_ = nullptr;
      return core::Ok();
    }),
          "transaction");
  }
  void Insert(const db::Statement& st, std::initializer_list<Val> vals) override {
    params_.clear();
    for (const Val& v : vals) {
      switch (v.kind) {
        case Val::kNull:
          params_.emplace_back();
          break;
        case Val::kInt:
          params_.emplace_back(v.i);
          break;
        case Val::kReal:
          params_.emplace_back(v.d);
          break;
        case Val::kText:
          params_.emplace_back(v.s);
          break;
      }
    }
    Check(conn_->Execute(st, db::Params(params_)), st.name);
  }
  void Script(const std::string& sql) override {
    Check(db_.Run([&](db::Connection& c) { return c.ExecScript(sql); }), "script");
  }
  std::vector<std::vector<std::string>> Query(const db::Statement& st) override {
    std::vector<std::vector<std::string>> out;
    Check(db_.Run([&](db::Connection& c) -> core::Result<void> {
      ASSIGN_OR_RETURN(auto rows, c.Query(st));
      for (const auto& r : rows) {
        std::vector<std::string> cells;
        for (size_t i = 0; i < r.size(); ++i) cells.push_back(r.Text(i));
        out.push_back(std::move(cells));
      }
      return core::Ok();
    }),
          st.name);
    return out;
  }

 private:
  db::Database& db_;
  db::Connection* conn_ = nullptr;
  std::vector<db::Param> params_;
};

class RawWriter final : public Writer, Inserter {
 public:
  explicit RawWriter(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      Fail("cannot open " + path);
    }
  }
  ~RawWriter() override {
    for (auto& [name, st] : cache_) sqlite3_finalize(st);
    sqlite3_close_v2(db_);
  }
  void Batch(const std::function<void(Inserter&)>& fn) override {
    Script("BEGIN");
    try {
      fn(*this);
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
    Script("COMMIT");
  }
  void Insert(const db::Statement& st, std::initializer_list<Val> vals) override {
    sqlite3_stmt* s = Prepare(st);
    int i = 0;
    for (const Val& v : vals) {
      ++i;
      int rc = SQLITE_OK;
      switch (v.kind) {
        case Val::kNull:
          rc = sqlite3_bind_null(s, i);
          break;
        case Val::kInt:
          rc = sqlite3_bind_int64(s, i, v.i);
          break;
        case Val::kReal:
          rc = sqlite3_bind_double(s, i, v.d);
          break;
        case Val::kText:
          rc = sqlite3_bind_text64(s, i, v.s.data(), v.s.size(), SQLITE_STATIC, SQLITE_UTF8);
          break;
      }
      if (rc != SQLITE_OK) Fail(std::string(st.name) + ": bind: " + sqlite3_errmsg(db_));
    }
    if (i != sqlite3_bind_parameter_count(s)) Fail(std::string(st.name) + ": parameter count");
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) Fail(std::string(st.name) + ": " + sqlite3_errmsg(db_));
  }
  void Script(const std::string& sql) override {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      std::string m = msg ? msg : "?";
      sqlite3_free(msg);
      Fail("sql: " + m + " in: " + sql.substr(0, 120));
    }
  }
  std::vector<std::vector<std::string>> Query(const db::Statement& st) override {
    sqlite3_stmt* s = Prepare(st);
    std::vector<std::vector<std::string>> out;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      std::vector<std::string> cells;
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
        cells.emplace_back(p ? p : "");
      }
      out.push_back(std::move(cells));
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) Fail(std::string(st.name) + ": " + sqlite3_errmsg(db_));
    return out;
  }

 private:
  sqlite3_stmt* Prepare(const db::Statement& st) {
    auto it = cache_.find(st.name);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_, st.sql.data(), static_cast<int>(st.sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
      Fail(std::string(st.name) + ": prepare: " + sqlite3_errmsg(db_));
    }
    cache_.emplace(st.name, s);
    return s;
  }
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string_view, sqlite3_stmt*> cache_;
};

constexpr db::Statement kInsertNetwork{
    "bench_insert_network",
    "INSERT INTO region_network (id, name, created_at) VALUES ($1, $2, $3)"};
constexpr db::Statement kInsertPerson{
    "bench_insert_person",
    "INSERT INTO persons (id, municipality_code, resident_id, name, kana, search_name, "
    "search_kana, sex, birth_date, postal_code, address, latitude, longitude, location_source, "
    "phone, search_phone, categories, status, status_since, version, created_by, created_at, "
    "updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
    "$15, $16, $17, $18, $19, $20, $21, $22, $23, $24)"};
constexpr db::Statement kInsertStatus{
    "bench_insert_status",
    "INSERT INTO person_status_history (id, person_id, status, since, place, note, recorded_by, "
    "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr db::Statement kInsertConsent{
    "bench_insert_consent",
    "INSERT INTO consents (id, person_id, scope_team, scope_emergency, scope_disaster, "
    "scope_family, obtained_on, obtained_by, given_by, representative_name, "
    "representative_relation, method, scan_attachment_id, note, created_at) VALUES ($1, $2, $3, "
    "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"};
constexpr db::Statement kInsertMember{
    "bench_insert_member",
    "INSERT INTO care_team_members (person_id, user_id, organization_id, team_role, status, "
    "invited_by, invited_at, joined_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr db::Statement kInsertPost{
    "bench_insert_post",
    "INSERT INTO timeline_posts (id, person_id, parent_id, is_reply, author_id, author_org_id, "
    "category, body, search_text, important, ack_requested, share_family, reply_count, "
    "attachment_count, has_vitals, version, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
    "$9, $10, $11, $12, $13, $14, $15, $16, $17)"};
constexpr db::Statement kInsertRead{
    "bench_insert_read",
    "INSERT INTO timeline_reads (post_id, user_id, read_at) VALUES ($1, $2, $3)"};
constexpr db::Statement kInsertAck{
    "bench_insert_ack",
    "INSERT INTO timeline_acks (post_id, user_id, acked_at) VALUES ($1, $2, $3)"};
constexpr db::Statement kInsertMention{
    "bench_insert_mention", "INSERT INTO timeline_mentions (post_id, user_id) VALUES ($1, $2)"};
constexpr db::Statement kInsertVitals{
    "bench_insert_vitals",
    "INSERT INTO vitals (id, person_id, post_id, measured_at, systolic, diastolic, pulse, "
    "temperature, spo2, respiration, weight, glucose, recorded_by, created_at) VALUES ($1, $2, "
    "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"};
constexpr db::Statement kInsertAttachment{
    "bench_insert_attachment",
    "INSERT INTO attachments (id, person_id, owner_type, owner_id, kind, content_type, "
    "byte_size, width, height, sha256, storage_key, thumbnail_key, original_name, uploaded_by, "
    "created_at, deleted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
    "$14, $15, $16)"};
// Secondary indexes of the big tables: dropped during the load, then recreated from this SQL.
constexpr db::Statement kBigTableIndexes{
    "bench_big_table_indexes",
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
    "('timeline_posts', 'timeline_reads', 'timeline_acks', 'timeline_mentions', 'vitals', "
    "'attachments') ORDER BY name"};

// ------------------------------------------------------------------------------ the region
struct Options {
  std::string data_dir;
  uint64_t seed = 20261121;
  int municipalities = 71;
  int organizations = 2000;
  int users = 19000;
  int persons = 31000;
  int64_t posts = 3'000'000;
  int bench_persons = 40;
  int64_t now_ms = 0;
  std::string writer = "raw";
  std::string password = "Bench-Region-2026";
  std::string totp_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  int batch = 20000;
  bool force = false;
  bool check = false;
};

struct Muni {
  std::string code, name, kana;
  double weight;  // share of the population
  double lat, lon;
};
struct Org {
  std::string id;
  int muni;
  int type;  // index into OrgTypes()
  std::string name;
};
struct UserRec {
  std::string id;
  int org;
  std::string profession;
  std::string name;
};
struct Member {
  uint32_t user;
  uint8_t role;  // index into TeamRoles()
};
struct PersonRec {
  std::string id;
  int muni;
  std::string kana;  // full-width katakana without spaces, for the search prefixes
  std::vector<Member> team;
  std::vector<double> author_cumulative;
  uint32_t top_posts = 0;
};

class Progress {
 public:
  explicit Progress(std::string what, int64_t total)
      : what_(std::move(what)), total_(total), start_(Steady::now()) {}
  void Update(int64_t done) {
    auto now = Steady::now();
    if (done < total_ && now - last_ < std::chrono::seconds(5)) return;
    last_ = now;
    double s = std::chrono::duration<double>(now - start_).count();
    std::printf("  %-10s %10lld / %lld (%3.0f%%)  %7.1f s  %9.0f rows/s\n", what_.c_str(),
                static_cast<long long>(done), static_cast<long long>(total_),
                total_ ? 100.0 * done / total_ : 100.0, s, s > 0 ? done / s : 0.0);
    std::fflush(stdout);
  }

 private:
  std::string what_;
  int64_t total_;
  Steady::time_point start_, last_{};
};

double Since(Steady::time_point t) {
  return std::chrono::duration<double>(Steady::now() - t).count();
}

class Generator {
 public:
  explicit Generator(Options o) : o_(std::move(o)), rng_(Mix(o_.seed, 1)) {}

  void Run();

 private:
  void Municipalities();
  void Organizations();
  void Users();
  void WriteDirectory(db::Database& db);
  void BenchAccounts(db::Database& db);
  void PersonsAndTeams(Writer& w);
  void Timeline(Writer& w);
  void WriteBenchFiles();

  std::string PersonName(Rng& rng, bool male, bool old, std::string* kana) {
    size_t n = std::size(kSurnames);
    static const std::vector<double> cum = [] {
      std::vector<double> w;
      for (size_t r = 0; r < std::size(kSurnames); ++r) w.push_back(1.0 / (r + 4.0));
      return Cumulative(w);
    }();
    const Reading& s = kSurnames[std::min(PickCumulative(rng, cum), n - 1)];
    std::span<const Reading> given =
        old ? (male ? std::span<const Reading>(kOldMale) : std::span<const Reading>(kOldFemale))
            : (male ? std::span<const Reading>(kYoungMale)
                    : std::span<const Reading>(kYoungFemale));
    const Reading& g = rng.Pick(given);
    *kana = core::ToFullWidthKatakana(std::string(s.kana) + " " + g.kana);
    return std::string(s.kanji) + " " + g.kanji;
  }

  Options o_;
  Rng rng_;
  int64_t now_ = 0;
  int64_t window_start_ = 0;  // two years before now: the timeline's span
  std::vector<Muni> munis_;
  std::vector<Org> orgs_;
  std::vector<UserRec> users_;
  std::vector<PersonRec> persons_;
  // role -> municipality -> users who can take that role
  std::vector<std::vector<std::vector<uint32_t>>> role_pool_;
  std::vector<std::vector<uint32_t>> role_pool_all_;
  uint32_t bench_cm_ = 0, bench_admin_ = 0;
  std::vector<uint32_t> bench_person_list_;
  std::map<std::string, double> times_;
  std::map<std::string, int64_t> counts_;
};

void Generator::Municipalities() {
  // Zipf-like populations: one core city holds ~15 % of the persons, villages a few dozen.
  const int n = o_.municipalities;
  std::set<std::string> used;
  for (int i = 0; i < n; ++i) {
    Muni m;
    const Reading& stem = kStems[i % std::size(kStems)];
    std::string name = stem.kanji, kana = stem.kana;
    if (i >= static_cast<int>(std::size(kStems))) {
      const Reading& dir = kDirections[(i / std::size(kStems) - 1 + i) % std::size(kDirections)];
      name = dir.kanji + name;
      kana = dir.kana + kana;
    }
    const char* suffix = i < 12 ? "市" : (i < 52 ? "町" : "村");
    const char* suffix_kana = i < 12 ? "シ" : (i < 52 ? "チョウ" : "ムラ");
    m.name = name + suffix;
    m.kana = kana + suffix_kana;
    if (!used.insert(m.name).second) m.name += std::to_string(i);
    // 99 (fictional prefecture) + 201.. for cities, 301.. for towns, 401.. for villages.
    int local = i < 12 ? 201 + i : (i < 52 ? 301 + (i - 12) : 401 + (i - 52));
    char five[16];
    std::snprintf(five, sizeof five, "99%03d", local);
    m.code = std::string(five) + core::MunicipalityCheckDigit(five);
    if (!core::IsValidMunicipalityCode(m.code)) Fail("bad municipality code " + m.code);
    m.weight = 1.0 / std::pow(i + 1.0, 0.9);
    m.lat = 35.00 + (i % 9) * 0.07 + rng_.Real() * 0.02;
    m.lon = 136.70 + (i / 9) * 0.08 + rng_.Real() * 0.02;
    munis_.push_back(std::move(m));
  }
}

void Generator::Organizations() {
  const auto& types = OrgTypes();
  int region_total = 0;
  for (const auto& t : types) region_total += t.per_municipality ? 71 : t.region_count;
  double scale = static_cast<double>(o_.organizations) / region_total;
  std::vector<double> muni_weights;
  for (const auto& m : munis_) muni_weights.push_back(m.weight);
  auto muni_cum = Cumulative(muni_weights);
  for (size_t t = 0; t < types.size(); ++t) {
    std::vector<int> placed;
    if (types[t].per_municipality) {
      for (int m = 0; m < static_cast<int>(munis_.size()); ++m) placed.push_back(m);
    } else {
      int count = std::max(1, static_cast<int>(std::lround(types[t].region_count * scale)));
      for (int k = 0; k < count; ++k)
        placed.push_back(static_cast<int>(PickCumulative(rng_, muni_cum)));
    }
    for (int m : placed) {
      Org o;
      o.muni = m;
      o.type = static_cast<int>(t);
      orgs_.push_back(std::move(o));
    }
  }
}

void Generator::Users() {
  const auto& types = OrgTypes();
  double total_weight = 0;
  for (const auto& o : orgs_) total_weight += types[o.type].staff_weight;
  // Each organization gets its share of the head count (at least one), rounded by a running sum
  // so that the total is exactly --users.
  double carry = 0;
  int made = 0;
  for (size_t i = 0; i < orgs_.size(); ++i) {
    const OrgType& t = types[orgs_[i].type];
    double want = o_.users * t.staff_weight / total_weight + carry;
    int n = std::max(1, static_cast<int>(want));
    if (i + 1 == orgs_.size()) n = std::max(1, o_.users - made);
    carry = want - n;
    std::vector<double> shares;
    for (const auto& p : t.professions) shares.push_back(p.share);
    auto cum = Cumulative(shares);
    for (int k = 0; k < n; ++k) {
      UserRec u;
      u.org = static_cast<int>(i);
      u.profession = t.professions[PickCumulative(rng_, cum)].profession;
      users_.push_back(std::move(u));
    }
    made += n;
  }
}

void Generator::WriteDirectory(db::Database& db) {
  auto t0 = Steady::now();
  const auto& types = OrgTypes();
  const int64_t created = window_start_ - 400 * kDay;
  // Organization names and the user records (with names) are made here, in one pass.
  std::vector<directory::Organization> orgs;
  int care_office_seq = 0;
  for (size_t i = 0; i < orgs_.size(); ++i) {
    Org& o = orgs_[i];
    const Muni& m = munis_[o.muni];
    std::string type = types[o.type].type;
    const Reading& office = kOfficeNames[rng_.Below(std::size(kOfficeNames))];
    const Reading& stem = kStems[rng_.Below(std::size(kStems))];
    const Reading& sur = kSurnames[rng_.Below(40)];
    std::string name, kana;
    if (type == "hospital") {
      name = std::string(stem.kanji) + (rng_.Chance(0.5) ? "総合病院" : "記念病院");
      kana = std::string(stem.kana) +
             (name.ends_with("総合病院") ? "ソウゴウビョウイン" : "キネンビョウイン");
    } else if (type == "clinic") {
      if (rng_.Chance(0.5)) {
        name = std::string(sur.kanji) + "内科医院";
        kana = std::string(sur.kana) + "ナイカイイン";
      } else {
        name = std::string(office.kanji) + "ファミリークリニック";
        kana = std::string(office.kana) + "ファミリークリニック";
      }
    } else if (type == "dental_clinic") {
      name = std::string(rng_.Chance(0.5) ? sur.kanji : office.kanji) + "歯科医院";
      kana = std::string(name.starts_with(sur.kanji) ? sur.kana : office.kana) + "シカイイン";
    } else if (type == "pharmacy") {
      name = std::string(office.kanji) + "薬局 " + kTowns[rng_.Below(std::size(kTowns))] + "店";
      kana = std::string(office.kana) + "ヤッキョク";
    } else if (type == "visiting_nursing") {
      name = std::string("訪問看護ステーション ") + office.kanji;
      kana = std::string("ホウモンカンゴステーション ") + office.kana;
    } else if (type == "care_management") {
      name = std::string(office.kanji) + "居宅介護支援事業所";
      kana = std::string(office.kana) + "キョタクカイゴシエンジギョウショ";
    } else if (type == "home_care") {
      name = std::string("ヘルパーステーション ") + office.kanji;
      kana = std::string("ヘルパーステーション ") + office.kana;
    } else if (type == "day_service") {
      name = std::string("デイサービス ") + office.kanji;
      kana = std::string("デイサービス ") + office.kana;
    } else if (type == "short_stay") {
      name = std::string("ショートステイ ") + office.kanji;
      kana = std::string("ショートステイ ") + office.kana;
    } else if (type == "nursing_home") {
      name = std::string("特別養護老人ホーム ") + office.kanji + "の里";
      kana = std::string("トクベツヨウゴロウジンホーム ") + office.kana + "ノサト";
    } else if (type == "group_home") {
      name = std::string("グループホーム ") + office.kanji + "の家";
      kana = std::string("グループホーム ") + office.kana + "ノイエ";
    } else if (type == "community_support_center") {
      name = m.name + "地域包括支援センター";
      kana = m.kana + "チイキホウカツシエンセンター";
    } else if (type == "municipal_department") {
      name = m.name + " 高齢福祉課";
      kana = m.kana + " コウレイフクシカ";
    } else if (type == "fire_department") {
      name = m.name + "消防署";
      kana = m.kana + "ショウボウショ";
    } else if (type == "police") {
      name = m.name + "警察署";
      kana = m.kana + "ケイサツショ";
    } else if (type == "social_welfare_council") {
      name = m.name + "社会福祉協議会";
      kana = m.kana + "シャカイフクシキョウギカイ";
    } else {
      name = std::string(office.kanji) + "福祉用具センター";
      kana = std::string(office.kana) + "フクシヨウグセンター";
    }
    directory::Organization d;
    d.id = Uuid7(created + static_cast<int64_t>(i) * 1000, rng_.Next());
    d.municipality_code = m.code;
    d.type_code = type;
    d.name = name;
    d.kana = core::ToFullWidthKatakana(kana);
    if (IsCareOffice(type)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "99%08d", ++care_office_seq);
      d.care_office_number = buf;
    }
    char addr[160];
    std::snprintf(addr, sizeof addr, "%s%s%d丁目%d-%d", m.name.c_str(),
                  kTowns[rng_.Below(std::size(kTowns))], static_cast<int>(rng_.Between(1, 5)),
                  static_cast<int>(rng_.Between(1, 30)), static_cast<int>(rng_.Between(1, 20)));
    d.address = addr;
    d.latitude = m.lat + (rng_.Real() - 0.5) * 0.04;
    d.longitude = m.lon + (rng_.Real() - 0.5) * 0.04;
    char phone[32];
    std::snprintf(phone, sizeof phone, "0%d-%03d-%04d", static_cast<int>(rng_.Between(500, 599)),
                  static_cast<int>(rng_.Below(1000)), static_cast<int>(i));
    d.phone = phone;
    d.created_at = d.updated_at = created;
    o.id = d.id;
    o.name = name;
    orgs.push_back(std::move(d));
  }
  for (size_t i = 0; i < users_.size(); ++i) {
    UserRec& u = users_[i];
    u.id = Uuid7(created + 10 * kDay + static_cast<int64_t>(i) * 1000, rng_.Next());
  }
  Check(db.Transact([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(c.Execute(
        kInsertNetwork,
        {Uuid7(created, rng_.Next()), "架空県 地域医療介護連携ネットワーク (bench)", created}));
    for (const Muni& m : munis_) {
      RETURN_IF_ERROR(directory::Store::InsertMunicipality(
          c, {m.code, m.name, m.kana, "架空県", "active", created}));
    }
    for (const auto& d : orgs) RETURN_IF_ERROR(directory::Store::InsertOrganization(c, d));
    return core::Ok();
  }),
        "municipalities and organizations");
  counts_["municipalities"] = static_cast<int64_t>(munis_.size());
  counts_["organizations"] = static_cast<int64_t>(orgs.size());
  // Users and their memberships, in batches.
  const size_t kBatch = 5000;
  Rng name_rng(Mix(o_.seed, 2));
  for (size_t start = 0; start < users_.size(); start += kBatch) {
    size_t end = std::min(users_.size(), start + kBatch);
    Check(db.Transact([&](db::Connection& c) -> core::Result<void> {
      Rng r = name_rng;  // a retried transaction writes the same names
      for (size_t i = start; i < end; ++i) {
        UserRec& u = users_[i];
        directory::User d;
        d.id = u.id;
        char login[32];
        std::snprintf(login, sizeof login, "staff%05zu", i + 1);
        d.login_id = login;
        std::string kana;
        bool male = r.Chance(u.profession == "doctor" || u.profession == "ems_crew" ||
                                     u.profession == "firefighter"
                                 ? 0.7
                                 : 0.3);
        d.display_name = PersonName(r, male, false, &kana);
        d.kana = kana;
        d.profession_code = u.profession;
        d.created_at = d.updated_at = created + 10 * kDay;
        u.name = d.display_name;
        RETURN_IF_ERROR(directory::Store::InsertUser(c, d));
        directory::Membership ms;
        ms.user_id = u.id;
        ms.organization_id = orgs_[u.org].id;
        ms.role = "member";
        RETURN_IF_ERROR(directory::Store::UpsertMembership(c, ms, d.created_at));
      }
      name_rng = r;
      return core::Ok();
    }),
          "users");
  }
  // One municipality admin per municipal department: its first staff member.
  std::vector<bool> has_admin(orgs_.size(), false);
  Check(db.Transact([&](db::Connection& c) -> core::Result<void> {
    for (const UserRec& u : users_) {
      if (std::string_view(types[orgs_[u.org].type].type) != "municipal_department" ||
          has_admin[u.org]) {
        continue;
      }
      has_admin[u.org] = true;
      directory::Membership ms;
      ms.user_id = u.id;
      ms.organization_id = orgs_[u.org].id;
      ms.role = "municipality_admin";
      RETURN_IF_ERROR(directory::Store::UpsertMembership(c, ms, created));
    }
    return core::Ok();
  }),
        "municipality admins");
  counts_["users"] = static_cast<int64_t>(users_.size());
  times_["directory"] = Since(t0);
}

void Generator::BenchAccounts(db::Database& db) {
  auto t0 = Steady::now();
  const auto& types = OrgTypes();
  // bench.cm: a care manager in the largest municipality's first care-management office;
  // bench.admin: the municipality admin of that municipality.
  int cm_org = -1, dept_org = -1;
  for (size_t i = 0; i < orgs_.size(); ++i) {
    std::string_view t = types[orgs_[i].type].type;
    if (orgs_[i].muni != 0) continue;
    if (t == "care_management" && cm_org < 0) cm_org = static_cast<int>(i);
    if (t == "municipal_department" && dept_org < 0) dept_org = static_cast<int>(i);
  }
  if (cm_org < 0) {  // tiny runs: any care-management office
    for (size_t i = 0; i < orgs_.size() && cm_org < 0; ++i) {
      if (std::string_view(types[orgs_[i].type].type) == "care_management")
        cm_org = static_cast<int>(i);
    }
  }
  if (cm_org < 0 || dept_org < 0) Fail("no care-management office or municipal department");
  if (!auth::Base32Decode(o_.totp_secret)) Fail("--totp-secret is not Base32");
  auto box = Check(auth::SecretBox::FromKeyFile(o_.data_dir + "/secret.key"), "secret.key");
  auto hash = Check(auth::HashPassword(o_.password, auth::PasswordHashCost::Interactive()),
                    "password hash");
  struct Account {
    const char* login;
    const char* name;
    const char* kana;
    const char* profession;
    int org;
    const char* role;
  };
  const Account accounts[] = {
      {"bench.cm", "ベンチ 介護支援専門員", "ベンチ ケアマネ", "care_manager", cm_org, "member"},
      {"bench.admin", "ベンチ 自治体管理者", "ベンチ カンリシャ", "municipal_officer", dept_org,
       "municipality_admin"},
  };
  const int64_t created = window_start_ - 100 * kDay;
  Check(db.Transact([&](db::Connection& c) -> core::Result<void> {
    for (const Account& a : accounts) {
      directory::User d;
      d.id = Uuid7(created, Mix(o_.seed, std::hash<std::string_view>{}(a.login)));
      d.login_id = a.login;
      d.display_name = a.name;
      d.kana = core::ToFullWidthKatakana(a.kana);
      d.profession_code = a.profession;
      d.created_at = d.updated_at = created;
      RETURN_IF_ERROR(directory::Store::InsertUser(c, d));
      directory::Membership ms;
      ms.user_id = d.id;
      ms.organization_id = orgs_[a.org].id;
      ms.role = a.role;
      RETURN_IF_ERROR(directory::Store::UpsertMembership(c, ms, created));
      auth::Credentials cr;
      cr.user_id = d.id;
      cr.password_hash = hash;
      cr.password_changed_at = created;
      cr.totp_secret_sealed = box.Seal(o_.totp_secret);
      cr.totp_enabled = true;
      RETURN_IF_ERROR(auth::Store::InsertCredentials(c, cr));
    }
    return core::Ok();
  }),
        "bench accounts");
  // They join users_ (at the end) so that teams can use them.
  for (const Account& a : accounts) {
    UserRec u;
    u.id = Uuid7(created, Mix(o_.seed, std::hash<std::string_view>{}(a.login)));
    u.org = a.org;
    u.profession = a.profession;
    u.name = a.name;
    users_.push_back(std::move(u));
  }
  bench_cm_ = static_cast<uint32_t>(users_.size() - 2);
  bench_admin_ = static_cast<uint32_t>(users_.size() - 1);
  times_["bench accounts (Argon2id)"] = Since(t0);
}

void Generator::PersonsAndTeams(Writer& w) {
  auto t0 = Steady::now();
  const auto& types = OrgTypes();
  const auto& roles = TeamRoles();
  // Who can take which team role, per municipality (bench accounts excluded: added by hand).
  role_pool_.assign(roles.size(), std::vector<std::vector<uint32_t>>(munis_.size()));
  role_pool_all_.assign(roles.size(), {});
  for (uint32_t u = 0; u < bench_cm_; ++u) {
    const UserRec& ur = users_[u];
    std::string_view org_type = types[orgs_[ur.org].type].type;
    for (size_t r = 0; r < roles.size(); ++r) {
      bool type_ok =
          org_type == roles[r].org_type ||
          (std::string_view(roles[r].role) == "primary_doctor" && org_type == "hospital");
      if (!type_ok) continue;
      const auto& profs = roles[r].professions;
      if (!profs.empty() && std::find(profs.begin(), profs.end(), ur.profession) == profs.end()) {
        continue;
      }
      role_pool_[r][orgs_[ur.org].muni].push_back(u);
      role_pool_all_[r].push_back(u);
    }
  }
  auto pick_member = [&](Rng& r, size_t role, int muni) -> int64_t {
    const auto& local = role_pool_[role][muni];
    if (!local.empty() && r.Chance(0.85)) return local[r.Below(local.size())];
    const auto& all = role_pool_all_[role];
    if (all.empty()) return -1;
    return all[r.Below(all.size())];
  };

  std::vector<double> muni_weights;
  for (const auto& m : munis_) muni_weights.push_back(m.weight);
  auto muni_cum = Cumulative(muni_weights);
  const int64_t birth_lo = DaysFromCivil(1925, 1, 1), birth_hi = DaysFromCivil(1960, 12, 31);
  const char* statuses[] = {"at_home",  "hospitalized", "short_stay",
                            "facility", "moved_away",   "died"};
  const auto status_cum = Cumulative({80, 6, 3, 8, 1, 2});

  persons_.resize(o_.persons);
  // Which persons bench.cm manages: the first --bench-persons persons of municipality 0.
  int bench_left = o_.bench_persons;
  Progress progress("persons", o_.persons);
  int64_t members = 0;
  for (int start = 0; start < o_.persons; start += 5000) {
    int end = std::min(o_.persons, start + 5000);
    w.Batch([&](Inserter& ins) {
      for (int i = start; i < end; ++i) {
        Rng r(Mix(o_.seed, 0x50000000ULL + i));
        PersonRec& p = persons_[i];
        p.muni = static_cast<int>(PickCumulative(r, muni_cum));
        const Muni& m = munis_[p.muni];
        const int64_t created = window_start_ - r.Between(1, 1000) * kDay - r.Between(0, 9) * kHour;
        p.id = Uuid7(created, r.Next());
        bool male = r.Chance(0.4);
        std::string kana;
        std::string name = PersonName(r, male, true, &kana);
        for (char c : kana) {
          if (c != ' ') p.kana.push_back(c);
        }
        // Strip the U+3000 between the words (E3 80 80) from the search-prefix copy.
        for (size_t pos; (pos = p.kana.find("\xE3\x80\x80")) != std::string::npos;)
          p.kana.erase(pos, 3);
        std::string birth = CivilFromDays(r.Between(birth_lo, birth_hi));
        char postal[16], address[200], phone[32], resident[16];
        std::snprintf(postal, sizeof postal, "99%d-%04d", static_cast<int>(r.Between(0, 9)),
                      static_cast<int>(r.Below(10000)));
        std::snprintf(address, sizeof address, "%s%s%d丁目%d-%d", m.name.c_str(),
                      kTowns[r.Below(std::size(kTowns))], static_cast<int>(r.Between(1, 6)),
                      static_cast<int>(r.Between(1, 40)), static_cast<int>(r.Between(1, 25)));
        std::snprintf(phone, sizeof phone, "0%d-%02d-%04d", static_cast<int>(r.Between(500, 599)),
                      static_cast<int>(r.Below(100)), static_cast<int>(r.Below(10000)));
        std::snprintf(resident, sizeof resident, "%010llu",
                      static_cast<unsigned long long>(r.Below(10000000000ULL)));
        std::string phone_digits;
        for (char c : std::string_view(phone)) {
          if (c >= '0' && c <= '9') phone_digits.push_back(c);
        }
        std::vector<std::string> cats = {"elderly"};
        if (r.Chance(0.10)) cats.push_back("disability");
        if (r.Chance(0.20)) cats.push_back("watched");
        if (r.Chance(0.25)) cats.push_back("evacuation_support");
        std::string categories;
        for (const auto& c : cats) categories += (categories.empty() ? "" : ",") + c;
        std::string status = statuses[PickCumulative(r, status_cum)];
        int64_t since_ms = status == "at_home" ? created : now_ - r.Between(1, 700) * kDay;
        std::string since = JstDate(since_ms);
        bool located = r.Chance(0.8);
        std::optional<double> lat, lon;
        if (located) {
          lat = m.lat + (r.Real() - 0.5) * 0.05;
          lon = m.lon + (r.Real() - 0.5) * 0.05;
        }

        // The team: a care manager, usually a doctor, then others up to 3–8 members.
        int size = static_cast<int>(r.Between(3, 8));
        bool bench = p.muni == 0 && bench_left > 0 && r.Chance(0.5);
        std::set<uint32_t> in_team;
        auto add = [&](size_t role, int64_t u) {
          if (u < 0 || !in_team.insert(static_cast<uint32_t>(u)).second) return false;
          p.team.push_back({static_cast<uint32_t>(u), static_cast<uint8_t>(role)});
          return true;
        };
        add(0, bench ? bench_cm_ : pick_member(r, 0, p.muni));
        if (bench) {
          --bench_left;
          bench_person_list_.push_back(static_cast<uint32_t>(i));
        }
        if (r.Chance(roles[1].frequency)) add(1, pick_member(r, 1, p.muni));
        for (int tries = 0; static_cast<int>(p.team.size()) < size && tries < 40; ++tries) {
          size_t role = 2 + r.Below(roles.size() - 2);
          if (!r.Chance(roles[role].frequency * 1.5)) continue;
          bool taken = false;
          for (const Member& mm : p.team) taken |= mm.role == role;
          if (taken) continue;
          add(role, pick_member(r, role, p.muni));
        }
        if (p.team.empty()) Fail("no care manager could be found for a person");
        std::vector<double> aw;
        for (const Member& mm : p.team) aw.push_back(roles[mm.role].post_weight);
        p.author_cumulative = Cumulative(aw);
        const std::string& cm = users_[p.team[0].user].id;

        std::string search_name = core::NormalizeForSearch(name);
        std::string search_kana = core::NormalizeForSearch(kana);
        ins.Insert(kInsertPerson, {p.id,
                                   m.code,
                                   std::string_view(resident),
                                   name,
                                   kana,
                                   search_name,
                                   search_kana,
                                   male ? "male" : "female",
                                   birth,
                                   std::string_view(postal),
                                   std::string_view(address),
                                   lat,
                                   lon,
                                   located ? "geocoded" : "none",
                                   std::string_view(phone),
                                   phone_digits,
                                   categories,
                                   status,
                                   since,
                                   1,
                                   cm,
                                   created,
                                   cm,
                                   created});
        std::string status_id = Uuid7(created + kMinute, r.Next());
        ins.Insert(kInsertStatus, {status_id, p.id, status, since, "", "", cm, created + kMinute});
        // Team consent, obtained when the person was registered.
        bool representative = r.Chance(0.3);
        std::string rep_name, rep_kana;
        if (representative) rep_name = PersonName(r, r.Chance(0.4), false, &rep_kana);
        std::string consent_id = Uuid7(created + 2 * kMinute, r.Next());
        ins.Insert(
            kInsertConsent,
            {consent_id, p.id, 1, 1, r.Chance(0.7), r.Chance(0.2), JstDate(created), cm,
             representative ? "representative" : "self", representative ? Val(rep_name) : Val(),
             representative ? Val(kRelations[r.Below(std::size(kRelations))]) : Val(),
             r.Chance(0.9) ? "written" : "verbal", nullptr, "", created + 2 * kMinute});
        for (size_t k = 0; k < p.team.size(); ++k) {
          const Member& mm = p.team[k];
          const UserRec& u = users_[mm.user];
          int64_t invited = created + 3 * kMinute + static_cast<int64_t>(k) * kHour;
          int64_t joined = invited + r.Between(10, 60 * 24) * kMinute;
          if (k == 0) joined = invited;
          ins.Insert(kInsertMember, {p.id, u.id, orgs_[u.org].id, roles[mm.role].role, "active",
                                     k == 0 ? Val() : Val(cm), invited, joined});
          ++members;
        }
      }
    });
    progress.Update(end);
  }
  counts_["persons"] = o_.persons;
  counts_["care team members"] = members;
  counts_["consents"] = o_.persons;
  times_["persons, teams, consents"] = Since(t0);
}

// One timeline post (or reply) before the ids are assigned: sorted by time, then written.
struct Event {
  int64_t t;
  uint32_t person;
  int32_t parent;    // index into the event vector, -1 for a top-level post
  uint32_t author;   // index into the person's team
  uint16_t replies;  // how many replies a top-level post gets
  uint8_t category;
  uint8_t pad = 0;
};

void Generator::Timeline(Writer& w) {
  auto t0 = Steady::now();
  // Posts per person: log-normal weights (median ~0.7 of the mean, the busiest persons 5–15×).
  Rng r(Mix(o_.seed, 3));
  std::vector<double> pw(persons_.size());
  for (auto& x : pw) x = std::exp(0.85 * r.Normal());
  // bench.cm's persons get at least 1.6 times the mean weight (about 110 top-level posts at
  // region scale, the busiest keep theirs), so that the benchmarked pages are full 50-post pages.
  const double mean_weight = std::accumulate(pw.begin(), pw.end(), 0.0) / pw.size();
  for (uint32_t i : bench_person_list_) pw[i] = std::max(pw[i], 1.6 * mean_weight);
  auto person_cum = Cumulative(pw);
  std::vector<double> cw;
  for (const auto& c : kPostCategories) cw.push_back(c.weight);
  auto cat_cum = Cumulative(cw);

  // Times: a uniformly chosen day of the last two years, mostly during the working day (JST).
  const int64_t days = (now_ - window_start_) / kDay;
  const int64_t first_midnight = ((window_start_ + kJst) / kDay) * kDay - kJst;
  auto post_time = [&](Rng& g) {
    int64_t day = g.Between(0, days - 1);
    int64_t minute_of_day = g.Chance(0.9) ? g.Between(8 * 60, 19 * 60) : g.Between(0, 24 * 60 - 1);
    int64_t t = first_midnight + day * kDay + minute_of_day * kMinute + g.Between(0, 59'999);
    return std::min(t, now_ - kMinute);
  };

  std::vector<Event> ev;
  ev.reserve(o_.posts);
  while (static_cast<int64_t>(ev.size()) < o_.posts) {
    Event e{};
    e.person = static_cast<uint32_t>(PickCumulative(r, person_cum));
    e.t = post_time(r);
    e.parent = -1;
    const PersonRec& p = persons_[e.person];
    e.author = static_cast<uint32_t>(PickCumulative(r, p.author_cumulative));
    e.category = static_cast<uint8_t>(PickCumulative(r, cat_cum));
    int replies = 0;
    if (r.Chance(0.2)) {
      replies = 1;
      while (replies < 6 && r.Chance(0.45)) ++replies;
    }
    replies = static_cast<int>(
        std::min<int64_t>(replies, o_.posts - 1 - static_cast<int64_t>(ev.size())));
    e.replies = static_cast<uint16_t>(replies);
    int32_t parent = static_cast<int32_t>(ev.size());
    ev.push_back(e);
    int64_t t = e.t;
    uint32_t last_author = e.author;
    for (int k = 0; k < replies; ++k) {
      Event rp = e;
      rp.parent = parent;
      rp.replies = 0;
      t = std::min(now_ - 1000, t + kMinute + static_cast<int64_t>(r.Exponential(6.0 * kHour)));
      if (t <= rp.t) t = rp.t + 1;  // strictly after the parent and the earlier replies
      rp.t = t;
      uint32_t a = last_author;
      if (p.team.size() > 1) {
        for (int tries = 0; tries < 8 && a == last_author; ++tries) {
          a = static_cast<uint32_t>(PickCumulative(r, p.author_cumulative));
        }
      }
      rp.author = a;
      last_author = a;
      ev.push_back(rp);
    }
  }
  // Written in time order, so UUIDv7 ids (and the (post_id, user_id) keys of the receipts)
  // arrive in ascending order and the primary-key B-trees are appended to.
  std::vector<uint32_t> order(ev.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return ev[a].t < ev[b].t; });
  std::vector<uint32_t> rank(ev.size());
  for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  auto post_id = [&](uint32_t sorted) {
    return Uuid7(ev[order[sorted]].t, Mix(o_.seed ^ 0xABCDEF, sorted));
  };
  for (const Event& e : ev) {
    if (e.parent < 0) persons_[e.person].top_posts++;
  }
  times_["timeline plan"] = Since(t0);
  std::printf("  planned %zu posts in %.1f s; writing\n", ev.size(), Since(t0));
  std::fflush(stdout);

  auto t1 = Steady::now();
  const auto idx = w.Query(kBigTableIndexes);
  for (const auto& row : idx) w.Script("DROP INDEX " + row[0]);
  int64_t n_posts = 0, n_replies = 0, n_reads = 0, n_acks = 0, n_mentions = 0, n_vitals = 0,
          n_attach = 0, n_important = 0, body_chars = 0;
  Progress progress("posts", static_cast<int64_t>(ev.size()));
  const size_t total = ev.size();
  for (size_t start = 0; start < total; start += o_.batch) {
    size_t end = std::min(total, start + static_cast<size_t>(o_.batch));
    w.Batch([&](Inserter& ins) {
      std::vector<uint32_t> others;
      for (size_t i = start; i < end; ++i) {
        const Event& e = ev[order[i]];
        Rng g(Mix(o_.seed ^ 0x5151, i));
        const PersonRec& p = persons_[e.person];
        const Member& author = p.team[e.author];
        const UserRec& au = users_[author.user];
        const PostCategory& cat = kPostCategories[e.category];
        const bool reply = e.parent >= 0;
        std::string id = post_id(static_cast<uint32_t>(i));
        std::string parent_id = reply ? post_id(rank[e.parent]) : std::string();
        bool important = !reply && g.Chance(0.10);
        bool ack = important && g.Chance(0.3);
        bool vitals = !reply && g.Chance(0.15);
        int attachments = !reply && g.Chance(0.005) ? static_cast<int>(g.Between(1, 3)) : 0;
        VitalsRow v;
        std::string lead;
        if (vitals) {
          v = MakeVitals(g, e.t);
          lead = VitalsSentence(v);
        }
        double u = g.Real();
        size_t target = reply ? 40 + static_cast<size_t>(110 * u * u)
                              : 40 + static_cast<size_t>(360 * std::pow(u, 1.8));
        std::string body = MakeBody(g, cat, target, lead, reply);
        body_chars += static_cast<int64_t>(Utf8Chars(body));
        std::string search = core::NormalizeForSearch(body);
        ins.Insert(kInsertPost, {id, p.id, reply ? Val(parent_id) : Val(), reply, au.id,
                                 orgs_[au.org].id, cat.code, body, search, important, ack, false,
                                 static_cast<int64_t>(e.replies), attachments, vitals, 1, e.t});
        reply ? ++n_replies : ++n_posts;
        n_important += important;
        // Read receipts (既読) by 1–4 other members for most posts, in user-id order.
        others.clear();
        for (uint32_t k = 0; k < p.team.size(); ++k) {
          if (k != e.author) others.push_back(k);
        }
        if (!others.empty() && g.Chance(0.85)) {
          for (size_t k = others.size(); k > 1; --k) std::swap(others[k - 1], others[g.Below(k)]);
          size_t readers = std::min<size_t>(others.size(), static_cast<size_t>(g.Between(1, 4)));
          std::vector<const std::string*> ids;
          for (size_t k = 0; k < readers; ++k) ids.push_back(&users_[p.team[others[k]].user].id);
          std::sort(ids.begin(), ids.end(), [](auto* a, auto* b) { return *a < *b; });
          for (const std::string* uid : ids) {
            int64_t at =
                std::min(now_, e.t + kMinute + static_cast<int64_t>(g.Exponential(8.0 * kHour)));
            ins.Insert(kInsertRead, {id, *uid, at});
            ++n_reads;
          }
        }
        if (ack && !others.empty()) {
          std::vector<const std::string*> ids;
          for (uint32_t k : others) {
            if (g.Chance(0.6)) ids.push_back(&users_[p.team[k].user].id);
          }
          std::sort(ids.begin(), ids.end(), [](auto* a, auto* b) { return *a < *b; });
          for (const std::string* uid : ids) {
            int64_t at =
                std::min(now_, e.t + kMinute + static_cast<int64_t>(g.Exponential(12.0 * kHour)));
            ins.Insert(kInsertAck, {id, *uid, at});
            ++n_acks;
          }
        }
        if (!reply && !others.empty() && g.Chance(0.03)) {
          ins.Insert(kInsertMention, {id, users_[p.team[others[g.Below(others.size())]].user].id});
          ++n_mentions;
        }
        if (vitals) {
          std::string vid = Uuid7(e.t, g.Next());
          ins.Insert(kInsertVitals,
                     {vid, p.id, id, v.measured_at, v.systolic, v.diastolic, v.pulse, v.temperature,
                      v.spo2, v.respiration, v.weight, v.glucose, au.id, e.t});
          ++n_vitals;
        }
        for (int k = 0; k < attachments; ++k) {
          bool image = g.Chance(0.8);
          std::string aid = Uuid7(e.t - 60'000 + k, g.Next());
          std::string sha = Hex(g, 64), key = Hex(g, 32), thumb = image ? Hex(g, 32) : "";
          char original[64];
          if (image) {
            std::snprintf(original, sizeof original, "IMG_%04d.jpg",
                          static_cast<int>(g.Below(10000)));
          } else {
            std::snprintf(original, sizeof original, "診療情報提供書_%d.pdf",
                          static_cast<int>(g.Between(1, 99)));
          }
          ins.Insert(kInsertAttachment,
                     {aid, p.id, "post", id, image ? "image" : "pdf",
                      image ? "image/jpeg" : "application/pdf", g.Between(40'000, 3'000'000),
                      image ? Val(1600) : Val(), image ? Val(1200) : Val(), sha, key,
                      image ? Val(thumb) : Val(), std::string_view(original), au.id, e.t - 60'000,
                      nullptr});
          ++n_attach;
        }
      }
    });
    progress.Update(static_cast<int64_t>(end));
  }
  times_["timeline rows"] = Since(t1);
  counts_["timeline posts (top level)"] = n_posts;
  counts_["timeline replies"] = n_replies;
  counts_["important posts"] = n_important;
  counts_["read receipts"] = n_reads;
  counts_["acknowledgements"] = n_acks;
  counts_["mentions"] = n_mentions;
  counts_["vitals"] = n_vitals;
  counts_["attachments"] = n_attach;
  counts_["average body characters"] = total ? body_chars / static_cast<int64_t>(total) : 0;

  auto t2 = Steady::now();
  for (const auto& row : idx) {
    auto ti = Steady::now();
    w.Script(row[1]);
    std::printf("  index %-32s %6.1f s\n", row[0].c_str(), Since(ti));
    std::fflush(stdout);
  }
  times_["secondary indexes"] = Since(t2);
}

void Generator::WriteBenchFiles() {
  const fs::path dir = o_.data_dir;
  {
    std::ofstream f(dir / "bench-info.env");
    f << "# written by tsunagari_bench_gen: accounts and parameters of this database\n"
      << "BENCH_LOGIN="
      << "bench.cm\n"
      << "BENCH_ADMIN_LOGIN="
      << "bench.admin\n"
      << "BENCH_PASSWORD='" << o_.password << "'\n"
      << "BENCH_TOTP_SECRET=" << o_.totp_secret << "\n"
      << "BENCH_ADMIN_MUNICIPALITY=" << munis_[0].code << "\n"
      << "BENCH_SEED=" << o_.seed << "\n"
      << "BENCH_NOW_MS=" << now_ << "\n"
      << "BENCH_MUNICIPALITIES=" << munis_.size() << "\n"
      << "BENCH_ORGANIZATIONS=" << orgs_.size() << "\n"
      << "BENCH_USERS=" << users_.size() << "\n"
      << "BENCH_PERSONS=" << persons_.size() << "\n"
      << "BENCH_POSTS=" << o_.posts << "\n";
  }
  {
    // bench.cm's persons with their number of top-level posts.
    std::ofstream f(dir / "bench-persons.txt");
    for (uint32_t i : bench_person_list_)
      f << persons_[i].id << ' ' << persons_[i].top_posts << '\n';
  }
  {
    // Kana prefixes (1–3 characters) that occur among the admin municipality's persons, drawn
    // by frequency; written in katakana or hiragana as people type them.
    std::map<std::string, int> freq[3];
    for (const PersonRec& p : persons_) {
      if (p.muni != 0) continue;
      size_t pos = 0;
      for (int len = 0; len < 3 && pos < p.kana.size(); ++len) {
        pos += 3;  // katakana: three bytes each
        freq[len][p.kana.substr(0, pos)]++;
      }
    }
    Rng r(Mix(o_.seed, 4));
    std::ofstream f(dir / "bench-kana-prefixes.txt");
    for (int len = 0; len < 3; ++len) {
      std::vector<std::string> keys;
      std::vector<double> weights;
      for (const auto& [k, n] : freq[len]) keys.push_back(k), weights.push_back(n);
      if (keys.empty()) continue;
      auto cum = Cumulative(weights);
      std::set<std::string> chosen;
      for (int tries = 0; tries < 200 && chosen.size() < std::min<size_t>(10, keys.size());
           ++tries) {
        chosen.insert(keys[PickCumulative(r, cum)]);
      }
      for (std::string k : chosen) {
        if (r.Chance(0.4)) {  // katakana U+30A1..U+30F6 -> hiragana U+3041..U+3096
          std::string h;
          for (size_t i = 0; i + 2 < k.size(); i += 3) {
            unsigned cp = ((k[i] & 0x0F) << 12) | ((k[i + 1] & 0x3F) << 6) | (k[i + 2] & 0x3F);
            if (cp >= 0x30A1 && cp <= 0x30F6) cp -= 0x60;
            h.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            h.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            h.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
          }
          k = h;
        }
        f << k << '\n';
      }
    }
  }
}

void Generator::Run() {
  auto start = Steady::now();
  const fs::path dir = o_.data_dir;
  const fs::path db_path = dir / "tsunagari.db";
  fs::create_directories(dir);
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    fs::path p = db_path.string() + suffix;
    if (fs::exists(p)) {
      if (!o_.force) Fail(p.string() + " exists (use --force to replace it)");
      fs::remove(p);
    }
  }
  now_ = o_.now_ms;
  window_start_ = now_ - 730 * kDay;
  std::printf(
      "tsunagari_bench_gen: seed %llu, %d municipalities, ~%d organizations, %d users, "
      "%d persons, %lld posts, writer %s\n  into %s\n",
      static_cast<unsigned long long>(o_.seed), o_.municipalities, o_.organizations, o_.users,
      o_.persons, static_cast<long long>(o_.posts), o_.writer.c_str(), db_path.c_str());
  std::fflush(stdout);

  Municipalities();
  Organizations();
  Users();
  {
    db::Options dbo;
    dbo.pool_size = 1;
    dbo.statement_timeout_ms = 3'600'000;
    dbo.slow_query_ms = 3'600'000;
    auto db = Check(db::Open("sqlite:" + db_path.string(), dbo), "open database");
    core::SystemClock clock;
    auto t = Steady::now();
    Check(db::Migrate(*db, clock), "migrate");
    times_["schema (db::Migrate)"] = Since(t);
    // Generation only: no fsync, no rollback journal, no foreign-key lookups (consistent by
    // construction; --check verifies), a large page cache.
    Check(db->Run([](db::Connection& c) {
      return c.ExecScript(
          "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; "
          "PRAGMA cache_size=-524288; PRAGMA temp_store=MEMORY;");
    }),
          "pragmas");
    WriteDirectory(*db);
    BenchAccounts(*db);
    std::printf("  directory: %zu municipalities, %zu organizations, %zu users (%.1f s)\n",
                munis_.size(), orgs_.size(), users_.size(), Since(start));
    std::fflush(stdout);
    std::unique_ptr<Writer> w;
    std::unique_ptr<db::Database> keep;
    if (o_.writer == "layer") {
      w = std::make_unique<LayerWriter>(*db);
    } else {
      db.reset();
      auto raw = std::make_unique<RawWriter>(db_path.string());
      raw->Script(
          "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; "
          "PRAGMA cache_size=-524288; PRAGMA temp_store=MEMORY;");
      w = std::move(raw);
    }
    PersonsAndTeams(*w);
    Timeline(*w);
    auto tg = Steady::now();
    // Persons were written without PersonStore, which keeps their name windows.
    w->Script(std::string(db::schema::kPersonNameGramsBackfill));
    times_["person name windows"] = Since(tg);
    if (o_.check) {
      auto tc = Steady::now();
      constexpr db::Statement kFkCheck{"bench_fk_check", "PRAGMA foreign_key_check"};
      constexpr db::Statement kQuickCheck{"bench_quick_check", "PRAGMA quick_check"};
      auto fk = w->Query(kFkCheck);
      if (!fk.empty())
        Fail("foreign_key_check: " + std::to_string(fk.size()) + " violations, first in " +
             fk[0][0]);
      auto qc = w->Query(kQuickCheck);
      if (qc.empty() || qc[0][0] != "ok") Fail("quick_check failed");
      times_["check (foreign keys, quick_check)"] = Since(tc);
    }
    auto ta = Steady::now();
    w->Script("ANALYZE");
    times_["ANALYZE"] = Since(ta);
    w->Script("PRAGMA journal_mode=WAL");
    w.reset();
  }
  WriteBenchFiles();
  double total = Since(start);
  uintmax_t size = fs::file_size(db_path);
  std::printf("\ncounts:\n");
  for (const auto& [k, v] : counts_)
    std::printf("  %-28s %12lld\n", k.c_str(), static_cast<long long>(v));
  std::printf("times:\n");
  for (const auto& [k, v] : times_) std::printf("  %-34s %8.1f s\n", k.c_str(), v);
  std::printf("total %.1f s; database %s: %.2f GB (%llu bytes)\n", total, db_path.c_str(),
              size / 1e9, static_cast<unsigned long long>(size));
  std::printf("bench accounts: bench.cm (%zu persons), bench.admin (municipality %s); see %s\n",
              bench_person_list_.size(), munis_[0].code.c_str(), (dir / "bench-info.env").c_str());
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"Region-scale benchmark data for Tsunagari (bench/care/run)"};
  app.add_option("--data-dir", o.data_dir, "data dir to create (tsunagari.db, secret.key)")
      ->required();
  app.add_option("--seed", o.seed, "random seed (same seed and --now: same data)");
  app.add_option("--municipalities", o.municipalities, "municipalities")->check(CLI::Range(1, 300));
  app.add_option("--orgs", o.organizations, "organizations (about)")->check(CLI::Range(20, 100000));
  app.add_option("--users", o.users, "professionals")->check(CLI::Range(50, 1000000));
  app.add_option("--persons", o.persons, "persons")->check(CLI::Range(10, 1000000));
  app.add_option("--posts", o.posts, "timeline posts, replies included")
      ->check(CLI::Range(0, 100000000));
  app.add_option("--bench-persons", o.bench_persons, "persons in bench.cm's care")
      ->check(CLI::Range(1, 1000));
  app.add_option("--now", o.now_ms,
                 "end of the two-year timeline, epoch ms (default: today 00:00 JST)");
  app.add_option("--writer", o.writer, "raw (sqlite3 API) or layer (db::Connection)")
      ->check(CLI::IsMember({"raw", "layer"}));
  app.add_option("--password", o.password, "password of the bench accounts");
  app.add_option("--totp-secret", o.totp_secret, "Base32 TOTP secret of the bench accounts");
  app.add_option("--batch", o.batch, "posts per transaction")->check(CLI::Range(100, 10000000));
  app.add_flag("--force", o.force, "replace an existing database in --data-dir");
  app.add_flag("--check", o.check, "run foreign_key_check and quick_check at the end");
  CLI11_PARSE(app, argc, argv);
  if (o.now_ms == 0) {
    int64_t now = core::SystemClock().NowMillis();
    o.now_ms = ((now + kJst) / kDay) * kDay - kJst;  // today 00:00 JST: same data all day
  }
  try {
    Generator(std::move(o)).Run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tsunagari_bench_gen: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
