// The fictional demo region: 群青市 and its neighbour 翠町 (prefecture code 99, which no real
// prefecture uses), organizations of every type, and users of every role. Everything here is
// invented. The care network's persons, teams, timelines and photos come from
// seed_demo_care.h; later modules add theirs.
#include "app/seed_demo.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <future>

#include "app/seed_demo_care.h"
#include "app/seed_demo_watch.h"
#include "audit/audit_log.h"
#include "auth/password.h"
#include "auth/service.h"
#include "auth/store.h"
#include "care/file_store.h"
#include "care/image_processor.h"
#include "core/id.h"
#include "core/japanese_text.h"
#include "db/database.h"
#include "directory/store.h"

namespace app {
namespace {

constexpr db::Statement kHasNetwork{"seed_has_network", "SELECT 1 FROM region_network LIMIT 1"};
constexpr db::Statement kInsertNetwork{
    "seed_insert_network", "INSERT INTO region_network (id, name, created_at) VALUES ($1, $2, $3)"};

struct DemoOrg {
  const char* key;
  const char* municipality;
  const char* type;
  const char* name;
  const char* kana;
  const char* address;
  double lat, lon;
  const char* phone;
  const char* care_office_number;  // nullptr when not a care-insurance office
};

// Coordinates are placed in open sea south of Honshu's coast line only loosely; the region is
// fictional, so the map shows it around a made-up centre.
constexpr DemoOrg kOrgs[] = {
    {"city", "991015", "municipal_department", "群青市 長寿介護課",
     "グンジョウシ チョウジュカイゴカ", "群青市本町1-1", 35.1000, 137.1000, "0561-00-1000",
     nullptr},
    {"town", "991023", "municipal_department", "翠町 福祉課", "ミドリチョウ フクシカ",
     "翠町中央2-3", 35.1500, 137.1800, "0561-00-2000", nullptr},
    {"hospital", "991015", "hospital", "群青市民病院", "グンジョウシミンビョウイン",
     "群青市若葉町3-5", 35.1050, 137.0950, "0561-00-1100", nullptr},
    {"clinic", "991015", "clinic", "あおば内科クリニック", "アオバナイカクリニック",
     "群青市青葉台2-14", 35.0980, 137.1100, "0561-00-1200", nullptr},
    {"dental", "991015", "dental_clinic", "さくら歯科医院", "サクラシカイイン", "群青市桜町4-2",
     35.0960, 137.1030, "0561-00-1300", nullptr},
    {"pharmacy", "991015", "pharmacy", "みなと薬局", "ミナトヤッキョク", "群青市港町1-8", 35.0930,
     137.1070, "0561-00-1400", nullptr},
    {"nursing", "991015", "visiting_nursing", "ひまわり訪問看護ステーション",
     "ヒマワリホウモンカンゴステーション", "群青市日向町5-1", 35.1020, 137.1150, "0561-00-1500",
     "9910100011"},
    {"care_office", "991015", "care_management", "ぐんじょう居宅介護支援事業所",
     "グンジョウキョタクカイゴシエンジギョウショ", "群青市本町3-7", 35.1010, 137.1020,
     "0561-00-1600", "9910100029"},
    {"home_care", "991015", "home_care", "やすらぎ訪問介護", "ヤスラギホウモンカイゴ",
     "群青市宮前2-9", 35.0990, 137.0990, "0561-00-1700", "9910100037"},
    {"day_service", "991015", "day_service", "ふれあいデイサービス", "フレアイデイサービス",
     "群青市緑ヶ丘1-4", 35.1080, 137.1060, "0561-00-1800", "9910100045"},
    {"short_stay", "991015", "short_stay", "なごみショートステイ", "ナゴミショートステイ",
     "群青市丘の上6-2", 35.1120, 137.1010, "0561-00-1900", "9910100052"},
    {"nursing_home", "991015", "nursing_home", "特別養護老人ホーム 群青の里",
     "トクベツヨウゴロウジンホーム グンジョウノサト", "群青市山手8-1", 35.1150, 137.0900,
     "0561-00-2100", "9910100060"},
    {"group_home", "991023", "group_home", "グループホーム みどりの家",
     "グループホーム ミドリノイエ", "翠町川沿い3-3", 35.1520, 137.1850, "0561-00-2200",
     "9910200019"},
    {"center", "991015", "community_support_center", "群青市中部地域包括支援センター",
     "グンジョウシチュウブチイキホウカツシエンセンター", "群青市本町1-3", 35.1005, 137.1005,
     "0561-00-2300", nullptr},
    {"fire", "991015", "fire_department", "群青市消防本部", "グンジョウシショウボウホンブ",
     "群青市消防町1-1", 35.1030, 137.0980, "0561-00-0119", nullptr},
    {"police", "991015", "police", "群青警察署", "グンジョウケイサツショ", "群青市署前1-1", 35.1040,
     137.0970, "0561-00-0110", nullptr},
    {"council", "991015", "social_welfare_council", "群青市社会福祉協議会",
     "グンジョウシシャカイフクシキョウギカイ", "群青市本町2-2", 35.1008, 137.1012, "0561-00-2400",
     nullptr},
    {"school", "991015", "school", "群青特別支援学校", "グンジョウトクベツシエンガッコウ",
     "群青市文教町4-4", 35.1090, 137.1120, "0561-00-2500", nullptr},
    {"callcenter", "991015", "other", "群青見守りコールセンター",
     "グンジョウミマモリコールセンター", "群青市駅前1-10", 35.0970, 137.1090, "0561-00-2600",
     nullptr},
};

struct DemoUser {
  const char* login_id;
  const char* name;
  const char* kana;
  const char* profession;  // nullptr for family and the system admin
  const char* org;         // key into kOrgs, nullptr for none
  const char* role;
  const char* description;
};

constexpr DemoUser kUsers[] = {
    {"admin", "システム管理者", "システムカンリシャ", nullptr, nullptr, "",
     "システム管理者 (system admin)"},
    {"city.tanaka", "田中 美穂", "タナカ ミホ", "municipal_officer", "city", "municipality_admin",
     "群青市 長寿介護課 (municipality admin)"},
    {"town.ogawa", "小川 健", "オガワ ケン", "municipal_officer", "town", "municipality_admin",
     "翠町 福祉課 (municipality admin)"},
    {"cm.kato", "加藤 由紀", "カトウ ユキ", "chief_care_manager", "care_office", "org_admin",
     "居宅介護支援事業所の管理者 (care office admin)"},
    {"cm.sato", "佐藤 花子", "サトウ ハナコ", "care_manager", "care_office", "member",
     "ケアマネジャー (care manager)"},
    {"dr.yamamoto", "山本 一郎", "ヤマモト イチロウ", "doctor", "clinic", "org_admin",
     "かかりつけ医 (primary doctor)"},
    {"dr.mori", "森 直子", "モリ ナオコ", "doctor", "hospital", "member",
     "病院医師 (hospital doctor)"},
    {"msw.kimura", "木村 誠", "キムラ マコト", "medical_social_worker", "hospital", "org_admin",
     "病院MSW (hospital social worker)"},
    {"ns.ito", "伊藤 彩", "イトウ アヤ", "nurse", "nursing", "org_admin",
     "訪問看護師 (visiting nurse)"},
    {"ph.watanabe", "渡辺 翔", "ワタナベ ショウ", "pharmacist", "pharmacy", "org_admin",
     "薬剤師 (pharmacist)"},
    {"dh.shimizu", "清水 愛", "シミズ アイ", "dental_hygienist", "dental", "member",
     "歯科衛生士 (dental hygienist)"},
    {"hh.hayashi", "林 京子", "ハヤシ キョウコ", "home_helper", "home_care", "member",
     "訪問介護員 (home helper)"},
    {"center.inoue", "井上 聡", "イノウエ サトシ", "social_worker", "center", "org_admin",
     "地域包括支援センター (community support center)"},
    {"ems.kobayashi", "小林 大輔", "コバヤシ ダイスケ", "paramedic", "fire", "ems",
     "救急救命士 (paramedic)"},
    {"op.nakamura", "中村 恵", "ナカムラ メグミ", "other", "callcenter", "operator",
     "コールセンター (call-center operator)"},
    {"family.sato", "佐藤 真理", "サトウ マリ", nullptr, nullptr, "", "家族 (family member)"},
};

}  // namespace

const char* DemoPassword() { return "Gunjo-Demo-2026"; }

namespace {

// CPU time of the whole process (all threads), for the log line: on a busy machine the wall
// time says more about the neighbours than about the seeding.
int64_t ProcessCpuMillis() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

}  // namespace

core::Result<SeedReport> SeedDemo(db::Database& db, auth::AuthService& auth,
                                  const core::Clock& clock, const std::string& files_dir,
                                  const auth::SecretBox& secrets) {
  const auto started = std::chrono::steady_clock::now();
  const int64_t cpu_started = ProcessCpuMillis();
  SeedReport report;
  ASSIGN_OR_RETURN(auto existing, db.Get<bool>([](db::Connection& c) -> core::Result<bool> {
    ASSIGN_OR_RETURN(auto row, c.QueryOne(kHasNetwork));
    return row.has_value();
  }));
  if (existing) return report;  // seeded already: never twice
  int64_t now = clock.NowMillis();
  auto since = [last = started]() mutable {
    auto now = std::chrono::steady_clock::now();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - last).count();
    last = now;
    return ms;
  };
  // One Argon2 hash for every account: they all have the same published password, and hashing
  // it once per account would be most of the time every `serve --demo` takes to start. It runs
  // while the photos are made.
  auto hashing = std::async(std::launch::async, [&auth] {
    return auth::HashPassword(DemoPassword(), auth.config().password_cost);
  });
  // The photos are stored before the transaction (see StorePhotos) and removed if it fails.
  care::FileStore files(files_dir);
  std::unique_ptr<care::ImageProcessor> images = care::NewVipsImageProcessor();
  auto stored = demo::StorePhotos(files, *images);
  auto hashed = hashing.get();
  if (!stored.ok()) return std::move(stored).error();
  std::vector<demo::Photo> photos = std::move(*stored);
  if (!hashed.ok()) {
    demo::RemovePhotos(files, photos);
    return std::move(hashed).error();
  }
  const std::string password_hash = std::move(*hashed);
  const int64_t prepare_ms = since();
  demo::CareCounts care;
  watch::Fleet fleet;
  auto seeded = db.Transact([&](db::Connection& c) -> core::Result<void> {
    demo::Directory dir;
    RETURN_IF_ERROR(
        c.Execute(kInsertNetwork, {core::NewId(now), "群青地域医療介護連携ネットワーク", now}));
    RETURN_IF_ERROR(directory::Store::InsertMunicipality(
        c, {"991015", "群青市", "グンジョウシ", "架空県", "active", now}));
    RETURN_IF_ERROR(directory::Store::InsertMunicipality(
        c, {"991023", "翠町", "ミドリチョウ", "架空県", "active", now}));
    RETURN_IF_ERROR(SeedDemoPlaces(c));
    for (const DemoOrg& d : kOrgs) {
      directory::Organization o;
      o.id = core::NewId(now);
      o.municipality_code = d.municipality;
      o.type_code = d.type;
      o.name = d.name;
      o.kana = d.kana;
      o.address = d.address;
      o.latitude = d.lat;
      o.longitude = d.lon;
      o.phone = d.phone;
      if (d.care_office_number) o.care_office_number = d.care_office_number;
      o.created_at = o.updated_at = now;
      RETURN_IF_ERROR(directory::Store::InsertOrganization(c, o));
      dir.orgs[d.key] = o.id;
    }
    for (const DemoUser& d : kUsers) {
      directory::User u;
      u.id = core::NewId(now);
      u.login_id = d.login_id;
      u.display_name = d.name;
      u.kana = d.kana;
      if (d.profession) u.profession_code = d.profession;
      u.account_type = std::string(d.login_id).starts_with("family.") ? "family" : "staff";
      u.system_admin = std::string(d.login_id) == "admin";
      u.created_at = u.updated_at = now;
      RETURN_IF_ERROR(directory::Store::InsertUser(c, u));
      demo::DemoUser& seeded_user = dir.users[d.login_id];
      seeded_user.id = u.id;
      if (d.org) {
        directory::Membership m;
        m.user_id = u.id;
        m.organization_id = dir.orgs.at(d.org);
        m.role = d.role;
        RETURN_IF_ERROR(directory::Store::UpsertMembership(c, m, now));
        seeded_user.org_id = m.organization_id;
      }
      // No TOTP secret: staff enrol at their first sign-in, as real users do.
      auth::Credentials cr;
      cr.user_id = u.id;
      cr.password_hash = password_hash;
      cr.password_changed_at = now;
      RETURN_IF_ERROR(auth::Store::InsertCredentials(c, cr));
    }
    ASSIGN_OR_RETURN(care, demo::SeedCare(c, dir, photos, now, secrets));
    ASSIGN_OR_RETURN(fleet, demo::SeedWatch(c, dir.User("city.tanaka").id, now, secrets));
    return core::Ok();
  });
  if (!seeded.ok()) {
    demo::RemovePhotos(files, photos);
    return std::move(seeded).error();
  }
  for (const DemoUser& d : kUsers) report.logins.push_back({d.login_id, d.description});
  report.seeded = true;
  report.persons = care.persons;
  report.posts = care.posts + care.replies;
  report.emergency_cards = care.emergency_cards;
  report.watch_homes = static_cast<int>(fleet.homes.size());
  report.fleet = std::move(fleet);
  const int64_t database_ms = since();
  spdlog::info(
      "demo region seeded in {} ms (photos and password hash {} ms, database {} ms; CPU {} ms): "
      "{} organizations, {} users, {} persons, {} posts and {} replies, {} vitals, {} read "
      "receipts, {} photos, {} ACP versions, {} QR cards",
      prepare_ms + database_ms, prepare_ms, database_ms, ProcessCpuMillis() - cpu_started,
      std::size(kOrgs), std::size(kUsers), care.persons, care.posts, care.replies, care.vitals,
      care.reads, care.photos, care.acp_versions, care.emergency_cards);
  return report;
}

}  // namespace app
