// The younger demo persons of 群青市 (藤田 美咲 with a spinal cord injury, 青木 陽向 with medical
// care needs) and the persons of 翠町 (石川 フミ, 前田 勇, 村上 サダ).
#include <boost/json.hpp>

#include "app/seed_demo_persons.h"

namespace app::demo {

namespace json = boost::json;

std::vector<PersonPlan> YoungerAndMidoriPlans(const Calendar& cal, const Directory& dir) {
  const std::string gunjo = "991015", midori = "991023";
  std::vector<PersonPlan> out;

  {  // 藤田 美咲: 34, cervical spinal cord injury, lives on her own with home help.
    PersonPlan p;
    p.key = "fujita";
    p.identity = Identity(gunjo, "藤田 美咲", "フジタ ミサキ", "female", BirthDate(cal, 34, 7, 27),
                          "群青市東町5-10 東町ハイツ301", 35.10031, 137.11962, "090-0000-9301",
                          {"disability", "evacuation_support"});
    p.registered_ago = 900;
    p.registrant = "city.tanaka";
    p.registrant_role = "municipality";
    p.team = {{"ns.ito", "visiting_nurse", 890},
              {"hh.hayashi", "home_helper", 880},
              {"dr.yamamoto", "primary_doctor", 870}};
    p.consent = {{true, true, true, false},
                 "city.tanaka",
                 "",
                 "",
                 "written",
                 "本人が内容を確認し、口頭で同意のうえ代筆（上肢機能障害のため）"};
    p.parts = {
        {"care_level", 900, "city.tanaka",
         json::object{{"level", "not_applicable"}, {"note", "40歳未満のため介護保険の対象外"}}},
        {"disability", 900, "city.tanaka",
         json::object{{"support_category", "5"},
                      {"certificates", json::array{json::object{
                                           {"type", "physical"},
                                           {"grade", "1級"},
                                           {"number", "群身第0413号"},
                                           {"note", "頸髄損傷（C6）による四肢体幹機能障害"}}}}}},
        {"key_persons", 900, "city.tanaka",
         Items(json::array{KeyPerson("藤田 直美", "フジタ ナオミ", "母", {"090-0000-9302"}, false,
                                     1, "市内在住")})},
        {"providers", 870, "city.tanaka",
         json::object{{"primary_doctor", Provider(dir, "clinic", "dr.yamamoto")},
                      {"visiting_nurse", Provider(dir, "nursing", "ns.ito")}}},
        {"medical", 870, "ns.ito",
         json::object{{"history", json::array{json::object{{"name", "交通事故による頸髄損傷"},
                                                           {"since", "2019-08-01"}}}},
                      {"conditions", json::array{json::object{{"name", "頸髄損傷（C6 完全麻痺）"}},
                                                 json::object{{"name", "神経因性膀胱"},
                                                              {"note", "間欠導尿 1日5回"}},
                                                 json::object{{"name", "自律神経過反射"},
                                                              {"note",
                                                               "頭痛・発汗・血圧上昇時は"
                                                               "導尿と座位"}}}},
                      {"allergies", json::array{json::object{{"substance", "ラテックス"},
                                                             {"reaction", "接触皮膚炎"},
                                                             {"severity", "moderate"}}}},
                      {"infection_notes", "尿路感染を繰り返す（年2〜3回）"}}},
        {"devices", 870, "ns.ito",
         Items(json::array{json::object{{"type", "urinary_catheter"},
                                        {"detail", "間欠導尿用カテーテル（介助）"},
                                        {"since", "2019-10-01"}},
                           json::object{{"type", "other"},
                                        {"detail", "電動車いす（チンコントロール）"},
                                        {"since", "2020-04-01"}}})},
        {"living", 900, "city.tanaka",
         json::object{{"arrangement", "alone"},
                      {"housing", "apartment"},
                      {"floor", 3},
                      {"elevator", true},
                      {"note",
                       "重度訪問介護を1日12時間利用。在宅でWebデザインの仕事。停電時は"
                       "エレベーター停止に注意"}}},
    };
    p.story = FujitaStory;
    out.push_back(std::move(p));
  }

  {  // 青木 陽向: 6, a child with medical care needs (ventilator at night, gastrostomy).
    PersonPlan p;
    p.key = "aoki";
    p.identity = Identity(gunjo, "青木 陽向", "アオキ ヒナタ", "male", BirthDate(cal, 6, 4, 11),
                          "群青市若葉町2-17", 35.10538, 137.09471, "0561-00-3909",
                          {"medical_child", "disability", "evacuation_support"});
    p.registered_ago = 1100;
    p.registrant = "city.tanaka";
    p.registrant_role = "municipality";
    p.team = {{"ns.ito", "visiting_nurse", 1090},
              {"dr.yamamoto", "primary_doctor", 1000},
              {"dr.mori", "primary_doctor", 1095},
              {"msw.kimura", "medical_social_worker", 1095}};
    p.consent = {{true, true, true, false},
                 "city.tanaka",
                 "青木 由香",
                 "母",
                 "written",
                 "父母とも同席。災害時の電源確保のため、電力会社・消防への情報提供にも同意"};
    p.parts = {
        {"care_level", 1100, "city.tanaka", json::object{{"level", "not_applicable"}}},
        {"disability", 1100, "city.tanaka",
         json::object{
             {"support_category", nullptr},
             {"certificates", json::array{json::object{{"type", "physical"},
                                                       {"grade", "1級"},
                                                       {"number", "群身第1127号"},
                                                       {"note", "呼吸器機能障害・肢体不自由"}}}}}},
        {"key_persons", 1100, "city.tanaka",
         Items(
             json::array{KeyPerson("青木 由香", "アオキ ユカ", "母", {"090-0000-1017"}, true, 1),
                         KeyPerson("青木 拓也", "アオキ タクヤ", "父", {"090-0000-1018"}, true, 2),
                         KeyPerson("青木 澄江", "アオキ スミエ", "祖母", {"0561-00-3910"}, false, 3,
                                   "近所に在住")})},
        {"providers", 1090, "city.tanaka",
         json::object{{"primary_doctor", Provider(dir, "hospital", "dr.mori", "小児科")},
                      {"visiting_nurse", Provider(dir, "nursing", "ns.ito")}}},
        {"medical", 1090, "dr.mori",
         json::object{
             {"history",
              json::array{json::object{{"name", "低酸素性虚血性脳症"}, {"note", "出生時"}},
                          json::object{{"name", "気管切開術"}, {"since", "2021-02-01"}},
                          json::object{{"name", "胃ろう造設術"}, {"since", "2021-09-01"}}}},
             {"conditions", json::array{json::object{{"name", "重症心身障害"}},
                                        json::object{{"name", "症候性てんかん"},
                                                     {"note",
                                                      "発作時は右を下に側臥位、"
                                                      "5分以上続けば座薬"}}}},
             {"allergies", json::array{}},
             {"infection_notes", "痰の色・量の変化に注意（気管支炎を年数回）"}}},
        {"prescriptions", 1000, "dr.mori",
         Items(json::array{Drug("レベチラセタムドライシロップ50%", "0.6g", "1日2回 朝夕（胃ろう）",
                                cal.Iso(800), kHospital, "森 直子"),
                           Drug("ジアゼパム坐剤4mg", "1個", "けいれん5分以上持続時", cal.Iso(800),
                                kHospital, "森 直子")})},
        {"devices", 1090, "ns.ito",
         Items(json::array{
             json::object{
                 {"type", "ventilator"},
                 {"detail", "在宅人工呼吸器（夜間・午睡時）。内部＋外部バッテリーで約8時間"},
                 {"since", "2021-02-01"},
                 {"supplier", "架空メディカル 群青営業所（24時間対応）"}},
             json::object{{"type", "tracheostomy"},
                          {"detail", "カフなしカニューレ 4.0mm"},
                          {"since", "2021-02-01"}},
             json::object{{"type", "suction"},
                          {"detail", "吸引器（充電式を含め2台）"},
                          {"since", "2021-02-01"}},
             json::object{{"type", "gastrostomy"},
                          {"detail", "ボタン型 14Fr（4か月ごとに病院で交換）"},
                          {"since", "2021-09-01"}}})},
        {"living", 1100, "city.tanaka",
         json::object{{"arrangement", "with_family"},
                      {"housing", "detached"},
                      {"floor", 1},
                      {"elevator", false},
                      {"note",
                       "父母と妹（3歳）と同居。自家用の小型発電機あり。群青特別支援学校に"
                       "看護師付き添いで通学（週3日）"}}},
    };
    p.story = AokiStory;
    out.push_back(std::move(p));
  }

  {  // 石川 フミ (翠町): knee and spine pain; her care manager's office is in 群青市.
    PersonPlan p;
    p.key = "ishikawa";
    p.identity =
        Identity(midori, "石川 フミ", "イシカワ フミ", "female", BirthDate(cal, 89, 2, 8),
                 "翠町中央2丁目6-1", 35.15083, 137.18116, "0561-00-4101", {"elderly"}, "M-20417");
    p.registered_ago = 480;
    p.registrant = "cm.kato";
    p.registrant_role = "care_manager";
    p.team = {{"ns.ito", "visiting_nurse", 470},
              {"dr.yamamoto", "primary_doctor", 470},
              {"town.ogawa", "municipality", 300}};
    // Team sharing only: she declined sharing with EMS and hospitals, so a crew is shown
    // nothing of her (the demo's "no consent" screens).
    p.consent = {{true, false, false, false},
                 "cm.kato",
                 "",
                 "",
                 "written",
                 "救急隊・搬送先病院への情報提供（救急時の共有）は、本人が「同居の家族が説明できる"
                 "から」と希望されなかった。チーム内での共有のみに同意"};
    p.parts = {
        {"care_level", 480, "cm.kato",
         json::object{{"level", "care_2"},
                      {"valid_from", cal.Iso(130)},
                      {"valid_to", cal.Iso(-600)},
                      {"certified_on", cal.Iso(134)},
                      {"insured_number", "9910230088"}}},
        {"key_persons", 480, "cm.kato",
         Items(json::array{
             KeyPerson("石川 良子", "イシカワ ヨシコ", "長男の妻", {"090-0000-4102"}, true, 1)})},
        {"providers", 470, "cm.kato",
         json::object{
             {"primary_doctor", Provider(dir, "clinic", "dr.yamamoto")},
             {"care_manager", Provider(dir, "care_office", "cm.kato")},
             {"visiting_nurse", Provider(dir, "nursing", "ns.ito", "リハビリ職の訪問を含む")}}},
        {"medical", 470, "dr.yamamoto",
         json::object{{"history", json::array{json::object{{"name", "第1腰椎圧迫骨折"},
                                                           {"since", cal.Iso(500)}}}},
                      {"conditions", json::array{json::object{{"name", "両変形性膝関節症"}},
                                                 json::object{{"name", "骨粗鬆症"}}}},
                      {"allergies", json::array{}}}},
        {"living", 480, "cm.kato",
         json::object{{"arrangement", "with_family"},
                      {"housing", "detached"},
                      {"floor", 1},
                      {"elevator", false},
                      {"note", "長男夫婦と同居。畑仕事が生きがい"}}},
    };
    p.story = IshikawaStory;
    out.push_back(std::move(p));
  }

  {  // 前田 勇 (翠町): Parkinson's disease, lives alone near the river.
    PersonPlan p;
    p.key = "maeda";
    p.identity = Identity(midori, "前田 勇", "マエダ イサム", "male", BirthDate(cal, 83, 12, 1),
                          "翠町上野1204", 35.15618, 137.17584, "0561-00-4202",
                          {"elderly", "watched", "evacuation_support"}, "M-10933");
    p.registered_ago = 350;
    p.registrant = "cm.sato";
    p.registrant_role = "care_manager";
    p.team = {{"hh.hayashi", "home_helper", 345},
              {"ph.watanabe", "pharmacist", 345},
              {"town.ogawa", "municipality", 200}};
    p.consent = {{true, true, true, false},
                 "cm.sato",
                 "",
                 "",
                 "written",
                 "避難行動要支援者名簿への掲載と個別避難計画の作成にも同意"};
    p.parts = {
        {"care_level", 350, "cm.sato",
         json::object{{"level", "care_1"},
                      {"valid_from", cal.Iso(360)},
                      {"valid_to", cal.Iso(-5)},
                      {"certified_on", cal.Iso(364)},
                      {"insured_number", "9910230219"}}},
        {"care_level", cal.OfficeDay(25), "cm.sato",
         json::object{
             {"level", "applying"},
             {"note", "更新申請中（" + cal.MonthDay(cal.OfficeDay(25)) + "申請、認定調査済み）"}}},
        {"key_persons", 350, "cm.sato",
         Items(json::array{KeyPerson("前田 正", "マエダ タダシ", "弟", {"090-0000-4203"}, false, 1,
                                     "群青市在住")})},
        {"providers", 345, "cm.sato",
         json::object{{"primary_doctor", json::object{{"name", "群青市民病院 脳神経内科"},
                                                      {"phone", "0561-00-1100"}}},
                      {"pharmacy", Provider(dir, "pharmacy", "ph.watanabe")},
                      {"care_manager", Provider(dir, "care_office", "cm.sato")}}},
        {"medical", 345, "cm.sato",
         json::object{{"conditions", json::array{json::object{{"name", "パーキンソン病"},
                                                              {"note",
                                                               "Hoehn-Yahr 3度。"
                                                               "ウェアリングオフあり"}},
                                                 json::object{{"name", "起立性低血圧"}}}},
                      {"allergies", json::array{}}}},
        {"prescriptions", 345, "ph.watanabe",
         Items(json::array{
             Drug("レボドパ・カルビドパ配合錠100mg", "1錠", "1日4回 7時・11時・15時・19時",
                  cal.Iso(600), kHospital, "脳神経内科"),
             Drug("ロチゴチン貼付剤4.5mg", "1枚", "1日1回 貼り替え", cal.Iso(600), kHospital,
                  "脳神経内科")})},
        {"living", 350, "cm.sato",
         json::object{{"arrangement", "alone"},
                      {"housing", "detached"},
                      {"floor", 1},
                      {"elevator", false},
                      {"key_box", "勝手口のキーボックス"},
                      {"note", "浸水想定区域（川原地区に隣接）。避難先は翠町中央公民館"}}},
    };
    p.story = MaedaStory;
    out.push_back(std::move(p));
  }

  {  // 村上 サダ (翠町): lives in a group home.
    PersonPlan p;
    p.key = "murakami";
    p.identity = Identity(midori, "村上 サダ", "ムラカミ サダ", "female", BirthDate(cal, 95, 9, 23),
                          "翠町川沿い3-3 グループホーム みどりの家", 35.1520, 137.1850,
                          "0561-00-2200", {"elderly"});
    p.registered_ago = 800;
    p.registrant = "town.ogawa";
    p.registrant_role = "municipality";
    p.team = {{"dr.yamamoto", "primary_doctor", 790}, {"dh.shimizu", "dental_hygienist", 400}};
    p.consent = {{true, true, false, false},
                 "town.ogawa",
                 "村上 清",
                 "長男",
                 "written",
                 "成年後見の申立てはしていない。長男が代理で同意"};
    p.statuses = {{"facility", 780, "グループホーム みどりの家", "自宅での生活が困難となり入居",
                   "town.ogawa"}};
    p.parts = {
        {"care_level", 800, "town.ogawa",
         json::object{{"level", "care_3"},
                      {"valid_from", cal.Iso(300)},
                      {"valid_to", cal.Iso(-430)},
                      {"certified_on", cal.Iso(306)},
                      {"insured_number", "9910230007"}}},
        {"key_persons", 800, "town.ogawa",
         Items(json::array{KeyPerson("村上 清", "ムラカミ キヨシ", "長男", {"090-0000-2201"}, false,
                                     1, "名古屋市在住")})},
        {"providers", 790, "town.ogawa",
         json::object{{"primary_doctor", Provider(dir, "clinic", "dr.yamamoto", "訪問診療 月1回")},
                      {"primary_dentist", Provider(dir, "dental", "dh.shimizu")}}},
        {"medical", 790, "dr.yamamoto",
         json::object{{"conditions", json::array{json::object{{"name", "アルツハイマー型認知症"}},
                                                 json::object{{"name", "慢性腎臓病（G3a）"}}}},
                      {"allergies", json::array{}}}},
        {"living", 780, "town.ogawa",
         json::object{{"arrangement", "facility"},
                      {"housing", "facility"},
                      {"floor", 1},
                      {"note", "グループホーム みどりの家（1ユニット9名）"}}},
    };
    p.story = MurakamiStory;
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace app::demo
