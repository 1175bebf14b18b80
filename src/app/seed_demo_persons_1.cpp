// The demo persons of 群青市 who are elderly: 佐藤 清, 高橋 ハル, 鈴木 茂, 松本 トミ, 中島 正雄,
// 山口 千代子, 岡田 義男. Invented people and numbers: insured numbers start with the demo
// municipality code, phones follow the directory's made-up pattern (0561-00-…, 0X0-0000-…).
#include <boost/json.hpp>
#include <cstdio>

#include "app/seed_demo_persons.h"

namespace app::demo {

namespace json = boost::json;

std::string BirthDate(const Calendar& cal, int age, int month, int day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", cal.Date(0).year - age, month, day);
  return buf;
}

json::object Identity(const std::string& municipality, const char* name, const char* kana,
                      const char* sex, const std::string& birth, const char* address, double lat,
                      double lon, const char* phone, std::initializer_list<const char*> categories,
                      const char* resident_id) {
  json::array cats;
  for (const char* c : categories) cats.emplace_back(c);
  json::object o{{"municipality_code", municipality},
                 {"name", name},
                 {"kana", kana},
                 {"sex", sex},
                 {"birth_date", birth},
                 {"address", address},
                 {"latitude", lat},
                 {"longitude", lon},
                 {"location_source", "map"},
                 {"phone", phone},
                 {"categories", std::move(cats)}};
  if (resident_id) o["resident_id"] = resident_id;
  return o;
}

json::object Provider(const Directory& dir, const char* org, const char* login, const char* note) {
  json::object o{{"organization_id", dir.Org(org)}};
  if (login) o["user_id"] = dir.User(login).id;
  if (note) o["note"] = note;
  return o;
}

json::object KeyPerson(const char* name, const char* kana, const char* relation,
                       std::initializer_list<const char*> phones, bool lives_with, int order,
                       const char* note) {
  json::array p;
  for (const char* ph : phones) p.emplace_back(ph);
  json::object o{{"name", name},
                 {"kana", kana},
                 {"relation", relation},
                 {"phones", p},
                 {"lives_with", lives_with},
                 {"call_order", order}};
  if (note) o["note"] = note;
  return o;
}

json::object Drug(const char* drug, const char* dose, const char* usage, const std::string& start,
                  const char* institution, const char* prescriber, const std::string& end) {
  json::object o{{"drug", drug},
                 {"dose", dose},
                 {"usage", usage},
                 {"start", start},
                 {"institution", institution},
                 {"prescriber", prescriber}};
  if (!end.empty()) o["end"] = end;
  return o;
}

json::object Items(json::array items) { return json::object{{"items", std::move(items)}}; }

std::vector<PersonPlan> GunjoElderlyPlans(const Calendar& cal, const Directory& dir) {
  const std::string gunjo = "991015";
  std::vector<PersonPlan> out;

  {  // 佐藤 清: chronic heart failure, lives alone, daughter nearby; in hospital and back.
    PersonPlan p;
    p.key = "sato";
    p.identity = Identity(gunjo, "佐藤 清", "サトウ キヨシ", "male", BirthDate(cal, 86, 3, 14),
                          "群青市本町2丁目7-12", 35.10095, 137.10142, "0561-00-3101",
                          {"elderly", "watched"}, "0102377");
    p.registered_ago = 420;
    p.registrant = "cm.sato";
    p.registrant_role = "care_manager";
    p.team = {{"dr.yamamoto", "primary_doctor", 418},
              {"ns.ito", "visiting_nurse", 400},
              {"ph.watanabe", "pharmacist", 400},
              {"hh.hayashi", "home_helper", 395},
              {"msw.kimura", "medical_social_worker", DemoDays::kSatoAdmitted - 1, "active", 20},
              {"dr.mori", "primary_doctor", 6, "invited"}};
    p.consent = {{true, true, true, true},
                 "cm.sato",
                 "佐藤 真理",
                 "長女",
                 "written",
                 "本人は内容を理解されたが、署名は長女が代筆。家族ポータルでの共有も希望された。"};
    p.statuses = {
        {"hospitalized", DemoDays::kSatoAdmitted, "群青市民病院 循環器内科", "慢性心不全の急性増悪",
         "cm.sato"},
        {"at_home", DemoDays::kSatoDischarged, "自宅", "退院。訪問看護を週3回に増回", "cm.sato"}};
    json::object providers{{"primary_doctor", Provider(dir, "clinic", "dr.yamamoto")},
                           {"primary_dentist", Provider(dir, "dental")},
                           {"pharmacy", Provider(dir, "pharmacy", "ph.watanabe")},
                           {"care_manager", Provider(dir, "care_office", "cm.sato")},
                           {"visiting_nurse", Provider(dir, "nursing", "ns.ito")}};
    p.parts = {
        {"care_level", 420, "cm.sato",
         json::object{{"level", "care_1"},
                      {"valid_from", cal.Iso(430)},
                      {"valid_to", cal.Iso(66)},
                      {"certified_on", cal.Iso(436)},
                      {"insured_number", "9910150421"}}},
        {"key_persons", 420, "cm.sato",
         json::object{{"items", json::array{KeyPerson("佐藤 真理", "サトウ マリ", "長女",
                                                      {"090-0000-5821", "0561-00-3188"}, false, 1,
                                                      "青葉台在住。平日日中は仕事のため携帯へ"),
                                            KeyPerson("佐藤 和也", "サトウ カズヤ", "長男",
                                                      {"080-0000-2290"}, false, 2, "県外在住")}}}},
        {"providers", 418, "cm.sato", providers},
        {"medical", 418, "cm.sato",
         json::object{{"history", json::array{json::object{{"name", "急性心筋梗塞"},
                                                           {"since", "2014-06-01"},
                                                           {"note", "群青市民病院でPCI施行"}},
                                              json::object{{"name", "前立腺肥大症"},
                                                           {"since", "2019-01-01"}}}},
                      {"conditions",
                       json::array{json::object{{"name", "慢性心不全"},
                                                {"note", "NYHA II度。体重2kg増で主治医へ連絡"}},
                                   json::object{{"name", "高血圧症"}},
                                   json::object{{"name", "軽度認知障害"},
                                                {"note",
                                                 "服薬の自己管理は一包化とお薬カレ"
                                                 "ンダーで対応"}}}},
                      {"allergies", json::array{json::object{{"substance", "ペニシリン系抗菌薬"},
                                                             {"reaction", "全身の発疹"},
                                                             {"severity", "moderate"}}}},
                      {"infection_notes", "特記事項なし"}}},
        {"prescriptions", 418, "ph.watanabe",
         Items(json::array{
             Drug("フロセミド錠20mg", "1錠", "1日1回 朝食後", cal.Iso(800), kClinic, kDrYamamoto),
             Drug("カルベジロール錠2.5mg", "2錠", "1日2回 朝夕食後", cal.Iso(800), kClinic,
                  kDrYamamoto),
             Drug("エナラプリル錠5mg", "1錠", "1日1回 朝食後", cal.Iso(800), kClinic, kDrYamamoto),
             Drug("アスピリン腸溶錠100mg", "1錠", "1日1回 朝食後", cal.Iso(2000), kHospital,
                  "循環器内科")})},
        {"living", 418, "cm.sato",
         json::object{{"arrangement", "alone"},
                      {"housing", "detached"},
                      {"floor", 1},
                      {"elevator", false},
                      {"pets", "なし"},
                      {"key_box", "玄関脇のキーボックス（番号はケアマネジャーに確認）"},
                      {"note", "寝室は1階。長女が週末に訪問。配食サービス（夕食）を利用"}}},
        {"care_level", 70, "cm.sato",
         json::object{{"level", "care_2"},
                      {"valid_from", cal.Iso(65)},
                      {"valid_to", cal.Iso(-300)},
                      {"certified_on", cal.Iso(72)},
                      {"insured_number", "9910150421"},
                      {"note", "更新認定で要介護1から要介護2へ"}}},
        {"prescriptions", DemoDays::kSatoDischarged, "ph.watanabe",
         Items(json::array{
             Drug("フロセミド錠20mg", "2錠", "1日1回 朝食後", cal.Iso(DemoDays::kSatoDischarged),
                  kHospital, "森 直子"),
             Drug("スピロノラクトン錠25mg", "1錠", "1日1回 朝食後",
                  cal.Iso(DemoDays::kSatoDischarged), kHospital, "森 直子"),
             Drug("カルベジロール錠2.5mg", "2錠", "1日2回 朝夕食後", cal.Iso(800), kClinic,
                  kDrYamamoto),
             Drug("エナラプリル錠5mg", "1錠", "1日1回 朝食後", cal.Iso(800), kClinic, kDrYamamoto),
             Drug("アスピリン腸溶錠100mg", "1錠", "1日1回 朝食後", cal.Iso(2000), kHospital,
                  "循環器内科")})},
        {"living", DemoDays::kSatoDischarged - 1, "cm.sato",
         json::object{{"arrangement", "alone"},
                      {"housing", "detached"},
                      {"floor", 1},
                      {"elevator", false},
                      {"pets", "なし"},
                      {"key_box", "玄関脇のキーボックス（番号はケアマネジャーに確認）"},
                      {"note",
                       "寝室は1階。退院後は長女が平日夕方にも電話で安否確認。配食サービス"
                       "（昼・夕）を利用。毎朝の体重を記録表に記入"}}},
    };
    p.story = SatoStory;
    out.push_back(std::move(p));
  }

  {  // 高橋 ハル: bedridden, pressure ulcer, lives with her son's family; in short stay now.
    PersonPlan p;
    p.key = "takahashi";
    p.identity = Identity(gunjo, "高橋 ハル", "タカハシ ハル", "female", BirthDate(cal, 92, 8, 2),
                          "群青市宮前1丁目4-8", 35.09935, 137.09738, "0561-00-3202",
                          {"elderly", "evacuation_support"}, "0087215");
    p.registered_ago = 760;
    p.registrant = "cm.sato";
    p.registrant_role = "care_manager";
    p.team = {{"dr.yamamoto", "primary_doctor", 755},
              {"ns.ito", "visiting_nurse", 740},
              {"hh.hayashi", "home_helper", 740},
              {"ph.watanabe", "pharmacist", 600},
              {"dh.shimizu", "dental_hygienist", 300}};
    p.consent = {{true, true, true, false},
                 "cm.sato",
                 "高橋 恵子",
                 "長男の妻",
                 "written",
                 "本人は意思表示が難しいため、同居の長男夫婦と相談のうえ長男の妻が署名"};
    p.statuses = {{"short_stay", DemoDays::kTakahashiShortStay, "なごみショートステイ",
                   "介護者（長男の妻）の休養のため7泊8日の予定", "cm.sato"}};
    p.parts = {
        {"care_level", 760, "cm.sato",
         json::object{{"level", "care_4"},
                      {"valid_from", cal.Iso(200)},
                      {"valid_to", cal.Iso(-530)},
                      {"certified_on", cal.Iso(205)},
                      {"insured_number", "9910150087"},
                      {"note", "寝たきり度C2、認知症高齢者の日常生活自立度III"}}},
        {"key_persons", 760, "cm.sato",
         Items(
             json::array{KeyPerson("高橋 恵子", "タカハシ ケイコ", "長男の妻", {"090-0000-7712"},
                                   true, 1, "主介護者"),
                         KeyPerson("高橋 誠一", "タカハシ セイイチ", "長男",
                                   {"090-0000-7713", "0561-00-3202"}, true, 2, "平日は18時以降")})},
        {"providers", 755, "cm.sato",
         json::object{{"primary_doctor", Provider(dir, "clinic", "dr.yamamoto", "訪問診療 月2回")},
                      {"primary_dentist", Provider(dir, "dental", nullptr, "訪問歯科")},
                      {"pharmacy", Provider(dir, "pharmacy", "ph.watanabe")},
                      {"care_manager", Provider(dir, "care_office", "cm.sato")},
                      {"visiting_nurse", Provider(dir, "nursing", "ns.ito")}}},
        {"medical", 755, "dr.yamamoto",
         json::object{
             {"history",
              json::array{json::object{{"name", "脳梗塞（左片麻痺）"}, {"since", "2017-02-01"}},
                          json::object{{"name", "誤嚥性肺炎"},
                                       {"since", cal.Iso(900)},
                                       {"note", "群青市民病院に3週間入院"}}}},
             {"conditions",
              json::array{json::object{{"name", "脳梗塞後遺症"}},
                          json::object{{"name", "嚥下障害"}, {"note", "ムース食・とろみ（中間）"}},
                          json::object{{"name", "血管性認知症"}}}},
             {"allergies", json::array{}},
             {"infection_notes", "MRSA保菌歴あり（2年前の入院時、鼻腔）。標準予防策で対応"}}},
        {"prescriptions", 600, "ph.watanabe",
         Items(json::array{Drug("クロピドグレル錠75mg", "1錠", "1日1回 朝食後（簡易懸濁）",
                                cal.Iso(1500), kClinic, kDrYamamoto),
                           Drug("酸化マグネシウム錠330mg", "2錠", "1日2回 朝夕食後", cal.Iso(700),
                                kClinic, kDrYamamoto),
                           Drug("ランソプラゾールOD錠15mg", "1錠", "1日1回 朝食後", cal.Iso(700),
                                kClinic, kDrYamamoto)})},
        {"devices", 66, "ns.ito",
         Items(json::array{json::object{{"type", "other"},
                                        {"detail", "圧切替型エアマットレス"},
                                        {"since", cal.Iso(66)},
                                        {"supplier", "福祉用具貸与事業所"}}})},
        {"living", 760, "cm.sato",
         json::object{{"arrangement", "with_family"},
                      {"housing", "detached"},
                      {"floor", 1},
                      {"elevator", false},
                      {"pets", "猫1匹"},
                      {"note", "1階和室に介護ベッド。長男夫婦と同居、孫は県外"}}},
    };
    p.story = TakahashiStory;
    out.push_back(std::move(p));
  }

  {  // 鈴木 茂: COPD on home oxygen, lives with his wife in public housing.
    PersonPlan p;
    p.key = "suzuki";
    p.identity = Identity(gunjo, "鈴木 茂", "スズキ シゲル", "male", BirthDate(cal, 81, 11, 30),
                          "群青市港町1丁目12-3 港町団地3号棟205", 35.09284, 137.10573,
                          "0561-00-3303", {"elderly", "evacuation_support"});
    p.registered_ago = 540;
    p.registrant = "cm.sato";
    p.registrant_role = "care_manager";
    p.team = {{"dr.yamamoto", "primary_doctor", 538},
              {"ns.ito", "visiting_nurse", 530},
              {"ph.watanabe", "pharmacist", 530}};
    p.consent = {{true, true, true, false}, "cm.sato", "", "", "written", ""};
    p.parts = {
        {"care_level", 540, "cm.sato",
         json::object{{"level", "care_3"},
                      {"valid_from", cal.Iso(180)},
                      {"valid_to", cal.Iso(-550)},
                      {"certified_on", cal.Iso(186)},
                      {"insured_number", "9910150533"}}},
        {"key_persons", 540, "cm.sato",
         Items(json::array{KeyPerson("鈴木 幸子", "スズキ サチコ", "妻", {"0561-00-3303"}, true, 1),
                           KeyPerson("田村 美穂", "タムラ ミホ", "長女", {"090-0000-4410"}, false,
                                     2, "隣の市に在住")})},
        {"providers", 538, "cm.sato",
         json::object{{"primary_doctor", Provider(dir, "clinic", "dr.yamamoto")},
                      {"pharmacy", Provider(dir, "pharmacy", "ph.watanabe")},
                      {"care_manager", Provider(dir, "care_office", "cm.sato")},
                      {"visiting_nurse", Provider(dir, "nursing", "ns.ito")}}},
        {"medical", 538, "dr.yamamoto",
         json::object{
             {"history",
              json::array{json::object{{"name", "肺炎"}, {"since", cal.Iso(700)}},
                          json::object{{"name", "喫煙歴"}, {"note", "20本/日×50年。70歳で禁煙"}}}},
             {"conditions",
              json::array{json::object{{"name", "慢性閉塞性肺疾患（COPD）"},
                                       {"note", "GOLD 3。在宅酸素療法中"}},
                          json::object{{"name", "2型糖尿病"}, {"note", "食事療法のみ"}}}},
             {"allergies",
              json::array{json::object{
                  {"substance", "造影剤"}, {"reaction", "じんましん"}, {"severity", "mild"}}}},
             {"infection_notes", "肺炎球菌ワクチン接種済み"}}},
        {"prescriptions", 530, "ph.watanabe",
         Items(json::array{Drug("チオトロピウム/オロダテロール吸入", "2吸入", "1日1回 朝",
                                cal.Iso(900), kClinic, kDrYamamoto),
                           Drug("カルボシステイン錠500mg", "1錠", "1日3回 毎食後", cal.Iso(900),
                                kClinic, kDrYamamoto)})},
        {"devices", 538, "ns.ito",
         Items(json::array{
             json::object{{"type", "home_oxygen"},
                          {"detail", "酸素濃縮器 安静時1L/分・労作時2L/分（鼻カニュラ）"},
                          {"since", cal.Iso(620)},
                          {"supplier", "架空メディカル 群青営業所（24時間対応）"}},
             json::object{{"type", "other"},
                          {"detail", "携帯用酸素ボンベ（停電・外出時）"},
                          {"since", cal.Iso(620)},
                          {"supplier", "架空メディカル 群青営業所（24時間対応）"}}})},
        {"living", 540, "cm.sato",
         json::object{{"arrangement", "spouse_only"},
                      {"housing", "public_housing"},
                      {"floor", 2},
                      {"elevator", false},
                      {"note",
                       "階段昇降で息切れ。外出は週1回の通院のみ。室内は火気厳禁（ガス"
                       "コンロをIHに変更済み）"}}},
    };
    p.story = SuzukiStory;
    out.push_back(std::move(p));
  }

  {  // 松本 トミ: lives alone, 要支援2, followed by the community support center.
    PersonPlan p;
    p.key = "matsumoto";
    p.identity = Identity(gunjo, "松本 トミ", "マツモト トミ", "female", BirthDate(cal, 88, 5, 5),
                          "群青市青葉台3丁目21-6", 35.09968, 137.11047, "0561-00-3404",
                          {"elderly", "watched", "evacuation_support"});
    p.registered_ago = 300;
    p.registrant = "center.inoue";
    p.registrant_role = "support_center";
    p.team = {{"hh.hayashi", "home_helper", 290}, {"ph.watanabe", "pharmacist", 200}};
    p.consent = {{true, true, true, false}, "center.inoue", "", "", "written",
                 "民生委員の同席のもと説明"};
    p.identity_change = {{50, json::object{{"phone", "090-0000-3404"}}}};
    p.parts = {
        {"care_level", 300, "center.inoue",
         json::object{{"level", "support_2"},
                      {"valid_from", cal.Iso(310)},
                      {"valid_to", cal.Iso(-50)},
                      {"certified_on", cal.Iso(315)},
                      {"insured_number", "9910150611"}}},
        {"key_persons", 300, "center.inoue",
         Items(json::array{
             KeyPerson("松本 隆", "マツモト タカシ", "甥", {"090-0000-8801"}, false, 1,
                       "市内在住。月1回訪問"),
             KeyPerson("大野 節子", "オオノ セツコ", "民生委員", {"0561-00-3490"}, false, 2)})},
        {"providers", 300, "center.inoue",
         json::object{{"primary_doctor",
                       json::object{{"name", "かたやま整形外科"}, {"phone", "0561-00-3950"}}},
                      {"pharmacy", Provider(dir, "pharmacy", "ph.watanabe")},
                      {"care_manager", Provider(dir, "center", "center.inoue",
                                                "介護予防支援（地域包括支援センター）")}}},
        {"medical", 300, "center.inoue",
         json::object{{"history", json::array{json::object{{"name", "右大腿骨頸部骨折"},
                                                           {"since", "2021-11-01"},
                                                           {"note", "人工骨頭置換術"}}}},
                      {"conditions", json::array{json::object{{"name", "骨粗鬆症"}},
                                                 json::object{{"name", "変形性腰椎症"}},
                                                 json::object{{"name", "高血圧症"}}}},
                      {"allergies", json::array{}}}},
        {"prescriptions", 200, "ph.watanabe",
         Items(json::array{Drug("アムロジピン錠5mg", "1錠", "1日1回 朝食後", cal.Iso(900),
                                "かたやま整形外科", "片山医師"),
                           Drug("エルデカルシトールカプセル0.75μg", "1カプセル", "1日1回 朝食後",
                                cal.Iso(900), "かたやま整形外科", "片山医師")})},
        {"living", 300, "center.inoue",
         json::object{{"arrangement", "alone"},
                      {"housing", "detached"},
                      {"floor", 1},
                      {"elevator", false},
                      {"key_box", "なし（甥が合鍵を保管）"},
                      {"note",
                       "築50年の木造平屋。浴室と玄関に段差あり。新聞購読あり（見守り"
                       "の目安）"}}},
        {"living", 18, "center.inoue",
         json::object{{"arrangement", "alone"},
                      {"housing", "detached"},
                      {"floor", 1},
                      {"elevator", false},
                      {"key_box", "なし（甥が合鍵を保管）"},
                      {"note",
                       "築50年の木造平屋。玄関と浴室に手すりを設置（住宅改修）。新聞購読"
                       "あり（見守りの目安）"}}},
    };
    p.story = MatsumotoStory;
    out.push_back(std::move(p));
  }

  {  // 中島 正雄: diabetes on insulin, a new case this autumn.
    PersonPlan p;
    p.key = "nakajima";
    p.identity =
        Identity(gunjo, "中島 正雄", "ナカジマ マサオ", "male", BirthDate(cal, 78, 1, 20),
                 "群青市緑が丘2丁目3-15", 35.10883, 137.10618, "0561-00-3505", {"elderly"});
    const int r = DemoDays::kNakajimaRegistered;
    p.registered_ago = r;
    p.registrant = "cm.sato";
    p.registrant_role = "care_manager";
    p.team = {{"dr.yamamoto", "primary_doctor", r - 1},
              {"ph.watanabe", "pharmacist", r - 1},
              {"ns.ito", "visiting_nurse", r - 3},
              {"dh.shimizu", "dental_hygienist", r - 20}};
    p.consent = {{true, true, false, false}, "cm.sato", "", "", "written", ""};
    p.parts = {
        {"care_level", r, "cm.sato",
         json::object{{"level", "care_1"},
                      {"valid_from", cal.Iso(r + 5)},
                      {"valid_to", cal.Iso(-(365 - r))},
                      {"certified_on", cal.Iso(r + 8)},
                      {"insured_number", "9910151202"},
                      {"note", "新規認定"}}},
        {"key_persons", r, "cm.sato",
         Items(json::array{KeyPerson("中島 和子", "ナカジマ カズコ", "妻", {"0561-00-3505"}, true,
                                     1, "インスリン注射の見守りを担当")})},
        {"providers", r, "cm.sato",
         json::object{{"primary_doctor", Provider(dir, "clinic", "dr.yamamoto")},
                      {"primary_dentist", Provider(dir, "dental")},
                      {"pharmacy", Provider(dir, "pharmacy", "ph.watanabe")},
                      {"care_manager", Provider(dir, "care_office", "cm.sato")},
                      {"visiting_nurse", Provider(dir, "nursing", "ns.ito")}}},
        {"medical", r - 1, "dr.yamamoto",
         json::object{
             {"history",
              json::array{json::object{
                  {"name", "白内障"}, {"since", "2022-04-01"}, {"note", "両眼手術済み"}}}},
             {"conditions",
              json::array{json::object{{"name", "2型糖尿病"}, {"note", "HbA1c 8.4%（登録時）"}},
                          json::object{{"name", "糖尿病性神経障害"}, {"note", "両足のしびれ"}},
                          json::object{{"name", "歯周病"}}}},
             {"allergies", json::array{}}}},
        {"prescriptions", r - 1, "ph.watanabe",
         Items(json::array{Drug("インスリン グラルギン注", "8単位", "1日1回 朝", cal.Iso(400),
                                kClinic, kDrYamamoto),
                           Drug("メトホルミン錠500mg", "1錠", "1日2回 朝夕食後", cal.Iso(700),
                                kClinic, kDrYamamoto)})},
        {"living", r, "cm.sato",
         json::object{{"arrangement", "spouse_only"},
                      {"housing", "detached"},
                      {"floor", 2},
                      {"elevator", false},
                      {"pets", "犬（柴犬）1匹"},
                      {"note", "寝室は2階。火・金にデイサービス（ふれあいデイサービス）"}}},
        {"prescriptions", 40, "ph.watanabe",
         Items(json::array{Drug("インスリン グラルギン注", "10単位", "1日1回 朝", cal.Iso(40),
                                kClinic, kDrYamamoto),
                           Drug("メトホルミン錠500mg", "1錠", "1日2回 朝夕食後", cal.Iso(700),
                                kClinic, kDrYamamoto)})},
        {"prescriptions", 32, "ph.watanabe",
         Items(json::array{
             Drug("インスリン グラルギン注", "8単位", "1日1回 朝", cal.Iso(32), kClinic,
                  kDrYamamoto),
             Drug("メトホルミン錠500mg", "1錠", "1日2回 朝夕食後", cal.Iso(700), kClinic,
                  kDrYamamoto),
             Drug("ブドウ糖10g", "1包", "低血糖時", cal.Iso(32), kClinic, kDrYamamoto)})},
    };
    p.story = NakajimaStory;
    out.push_back(std::move(p));
  }

  {  // 山口 千代子: Alzheimer's dementia, lives with her son who works days.
    PersonPlan p;
    p.key = "yamaguchi";
    p.identity = Identity(gunjo, "山口 千代子", "ヤマグチ チヨコ", "female",
                          BirthDate(cal, 84, 10, 9), "群青市川端町1丁目9-2", 35.10312, 137.08805,
                          "0561-00-3606", {"elderly", "watched"});
    p.registered_ago = 610;
    p.registrant = "cm.sato";
    p.registrant_role = "care_manager";
    p.team = {{"dr.yamamoto", "primary_doctor", 600},
              {"hh.hayashi", "home_helper", 600},
              {"ph.watanabe", "pharmacist", 500},
              {"center.inoue", "support_center", 58}};
    p.consent = {{true, true, false, false},
                 "cm.sato",
                 "",
                 "",
                 "written",
                 "本人と長男に説明。本人の署名と長男の同席"};
    p.parts = {
        {"care_level", 610, "cm.sato",
         json::object{{"level", "care_2"},
                      {"valid_from", cal.Iso(240)},
                      {"valid_to", cal.Iso(-490)},
                      {"certified_on", cal.Iso(244)},
                      {"insured_number", "9910150344"}}},
        {"key_persons", 610, "cm.sato",
         Items(json::array{KeyPerson("山口 浩二", "ヤマグチ コウジ", "長男",
                                     {"090-0000-6012", "0561-00-3606"}, true, 1,
                                     "平日8時〜19時は勤務（携帯は昼休みに確認）")})},
        {"providers", 600, "cm.sato",
         json::object{{"primary_doctor", Provider(dir, "clinic", "dr.yamamoto")},
                      {"pharmacy", Provider(dir, "pharmacy", "ph.watanabe")},
                      {"care_manager", Provider(dir, "care_office", "cm.sato")}}},
        {"medical", 600, "dr.yamamoto",
         json::object{
             {"history", json::array{json::object{
                             {"name", "胆石症"}, {"since", "2005-01-01"}, {"note", "胆のう摘出"}}}},
             {"conditions",
              json::array{json::object{{"name", "アルツハイマー型認知症"}, {"note", "HDS-R 14点"}},
                          json::object{{"name", "脂質異常症"}}}},
             {"allergies",
              json::array{json::object{
                  {"substance", "そば"}, {"reaction", "口唇の腫れ"}, {"severity", "severe"}}}}}},
        {"prescriptions", 500, "ph.watanabe",
         Items(json::array{Drug("ドネペジル塩酸塩OD錠5mg", "1錠", "1日1回 朝食後", cal.Iso(900),
                                kClinic, kDrYamamoto),
                           Drug("ロスバスタチン錠2.5mg", "1錠", "1日1回 夕食後", cal.Iso(1200),
                                kClinic, kDrYamamoto)})},
        {"living", 610, "cm.sato",
         json::object{{"arrangement", "with_family"},
                      {"housing", "detached"},
                      {"floor", 1},
                      {"elevator", false},
                      {"note", "日中は独居状態。ガスコンロは元栓を閉めて外出（長男）"}}},
        {"living", 50, "cm.sato",
         json::object{{"arrangement", "with_family"},
                      {"housing", "detached"},
                      {"floor", 1},
                      {"elevator", false},
                      {"note",
                       "日中は独居状態。ガスコンロは元栓を閉めて外出（長男）。行方不明時は"
                       "長男→地域包括→群青警察署の順に連絡。SOSネットワーク事前登録済み、"
                       "靴にGPS端末"}}},
    };
    p.story = YamaguchiStory;
    out.push_back(std::move(p));
  }

  {  // 岡田 義男: pancreatic cancer, cared for at home until he died last month.
    PersonPlan p;
    p.key = "okada";
    p.identity = Identity(gunjo, "岡田 義男", "オカダ ヨシオ", "male", BirthDate(cal, 90, 6, 18),
                          "群青市北山町318", 35.11236, 137.10048, "0561-00-3707", {"elderly"});
    p.registered_ago = 230;
    p.registrant = "cm.sato";
    p.registrant_role = "care_manager";
    p.team = {{"dr.yamamoto", "primary_doctor", 228},
              {"ns.ito", "visiting_nurse", 150},
              {"ph.watanabe", "pharmacist", 150},
              {"hh.hayashi", "home_helper", 120}};
    p.consent = {{true, true, false, false}, "cm.sato", "", "", "written", ""};
    const int died = DemoDays::OkadaDied(cal);
    p.statuses = {{"died", died, "自宅", "在宅での看取り", "cm.sato"}};
    p.parts = {
        {"care_level", 230, "cm.sato",
         json::object{{"level", "care_3"},
                      {"valid_from", cal.Iso(240)},
                      {"valid_to", cal.Iso(-120)},
                      {"certified_on", cal.Iso(244)},
                      {"insured_number", "9910150712"}}},
        {"key_persons", 230, "cm.sato",
         Items(json::array{KeyPerson("岡田 節子", "オカダ セツコ", "妻", {"0561-00-3707"}, true, 1),
                           KeyPerson("岡田 健一", "オカダ ケンイチ", "長男", {"090-0000-7201"},
                                     false, 2, "市内在住。夜間の連絡先")})},
        {"providers", 228, "cm.sato",
         json::object{
             {"primary_doctor", Provider(dir, "clinic", "dr.yamamoto", "在宅療養支援診療所")},
             {"pharmacy", Provider(dir, "pharmacy", "ph.watanabe")},
             {"care_manager", Provider(dir, "care_office", "cm.sato")},
             {"visiting_nurse", Provider(dir, "nursing", "ns.ito")}}},
        {"medical", 228, "dr.yamamoto",
         json::object{
             {"history", json::array{json::object{{"name", "胃潰瘍"}, {"since", "1998-01-01"}}}},
             {"conditions", json::array{json::object{{"name", "膵臓がん（ステージIV）"},
                                                     {"note",
                                                      "積極的治療は行わない方針。"
                                                      "本人・家族とも在宅看取りを"
                                                      "希望"}}}},
             {"allergies", json::array{}}}},
        {"care_level", 120, "cm.sato",
         json::object{{"level", "care_5"},
                      {"valid_from", cal.Iso(122)},
                      {"valid_to", cal.Iso(-120)},
                      {"certified_on", cal.Iso(118)},
                      {"insured_number", "9910150712"},
                      {"note", "区分変更（要介護3→要介護5）"}}},
        {"prescriptions", 80, "ph.watanabe",
         Items(json::array{
             Drug("オキシコドン徐放錠5mg", "1錠", "1日2回 8時・20時", cal.Iso(80), kClinic,
                  kDrYamamoto),
             Drug("オキシコドン速放散0.25%", "1包", "疼痛時（1時間あけて）", cal.Iso(80), kClinic,
                  kDrYamamoto),
             Drug("マグミット錠330mg", "2錠", "1日2回 朝夕", cal.Iso(80), kClinic, kDrYamamoto)})},
        {"prescriptions", 55, "ph.watanabe",
         Items(json::array{
             Drug("オキシコドン徐放錠10mg", "1錠", "1日2回 8時・20時", cal.Iso(55), kClinic,
                  kDrYamamoto),
             Drug("オキシコドン速放散0.25%", "1包", "疼痛時（1時間あけて）", cal.Iso(80), kClinic,
                  kDrYamamoto),
             Drug("マグミット錠330mg", "2錠", "1日2回 朝夕", cal.Iso(80), kClinic, kDrYamamoto)})},
        {"living", 230, "cm.sato",
         json::object{{"arrangement", "spouse_only"},
                      {"housing", "detached"},
                      {"floor", 1},
                      {"elevator", false},
                      {"pets", "なし"},
                      {"note", "妻（85歳）が介護。長男が週末に泊まり込み"}}},
    };
    p.story = OkadaStory;
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace app::demo
