// The demo persons' wishes and emergency kits, and their QR cards. Five persons have an ACP:
// 佐藤 清 changed his mind after his stay in hospital (two versions), 鈴木 茂 refuses intubation
// but not transport, 高橋 ハル's family spoke for her, 前田 勇 wants everything done for now, and
// 岡田 義男 chose to die at home (the 人生会議 of his timeline). Each version is signed off by the
// doctor or care manager who recorded it, a day after the talk or on the same day. 石川 フミ gave
// no emergency-sharing consent (seed_demo_persons_2.cpp), so EMS are shown nothing of her.
#include "app/seed_demo_emergency.h"

#include <boost/json.hpp>
#include <utility>

#include "auth/tokens.h"
#include "core/id.h"
#include "emergency/store.h"

namespace app::demo {
namespace {

namespace json = boost::json;

json::array Participants(std::initializer_list<std::pair<const char*, const char*>> people) {
  json::array out;
  for (const auto& [name, relation] : people) {
    out.push_back(json::object{{"name", name}, {"relation", relation}});
  }
  return out;
}

json::object Substitute(const char* name, const char* relation, const char* phone) {
  return json::object{{"name", name}, {"relation", relation}, {"phone", phone}};
}

// Wishes coded as the API takes them: wants | does_not_want | undecided.
struct Wishes {
  const char* resuscitation;
  const char* ventilation;
  const char* artificial_nutrition;
  const char* hospital_transport;
  const char* end_of_life_place;  // home | hospital | facility | undecided
};

json::object Acp(const std::string& discussed_on, json::array participants, const Wishes& w,
                 const char* values, const char* wishes, json::object substitute,
                 const char* note) {
  return json::object{{"discussed_on", discussed_on},
                      {"participants", std::move(participants)},
                      {"resuscitation", w.resuscitation},
                      {"ventilation", w.ventilation},
                      {"artificial_nutrition", w.artificial_nutrition},
                      {"hospital_transport", w.hospital_transport},
                      {"end_of_life_place", w.end_of_life_place},
                      {"values", values},
                      {"wishes", wishes},
                      {"substitute", std::move(substitute)},
                      {"note", note},
                      {"signed_off", true}};
}

std::vector<PartChange> Sato(const Calendar& cal) {
  // The first talk, a year after registration, at a home visit; the second at the care
  // meeting after his discharge (seed_demo_stories_1.cpp), recorded by the doctor next morning.
  const int first = cal.OfficeDay(190);
  const int second = 27;
  return {
      {"acp", first, "dr.yamamoto",
       Acp(cal.Iso(first),
           Participants({{"佐藤 清", "本人"},
                         {"佐藤 真理", "長女"},
                         {"山本 一郎", "主治医"},
                         {"佐藤 花子", "ケアマネジャー"}}),
           {"wants", "undecided", "undecided", "wants", "undecided"},
           "自分のことはできるだけ自分でしたい。庭いじりと、長女の家族に会うのが楽しみ。",
           "「まだ死ぬ気はしない。できることは全部してほしい」。人工呼吸器や胃ろうについては"
           "「そのときになってみないとわからない」。",
           Substitute("佐藤 真理", "長女", "090-0000-5821"),
           "訪問診療時に、心不全の今後の見通しを説明したうえで話し合った。長男（県外）には"
           "長女から電話で伝える。気持ちは何度変わってもよいこと、次の担当者会議でも確認する"
           "ことを伝えた。")},
      {"acp", second - 1, "dr.yamamoto",
       Acp(cal.Iso(second),
           Participants({{"佐藤 清", "本人"},
                         {"佐藤 真理", "長女"},
                         {"山本 一郎", "主治医"},
                         {"伊藤 彩", "訪問看護師"},
                         {"佐藤 花子", "ケアマネジャー"}}),
           {"does_not_want", "does_not_want", "does_not_want", "wants", "home"},
           "家で暮らし続けること。長女に迷惑をかけすぎないこと。",
           "「入院中の息苦しさはもう二度と味わいたくない。苦しいときは病院に運んで、酸素や"
           "点滴で楽にしてほしい。でも心臓が止まったら、心臓マッサージや管につながる人工呼吸"
           "器はしないでほしい」。最期はできれば自宅で。",
           Substitute("佐藤 真理", "長女", "090-0000-5821"),
           "第1版（心肺蘇生を希望）から変更。慢性心不全の急性増悪での入院を経験し、本人の考え"
           "が変わった。長女・長男（電話で確認）とも本人の意思を尊重するとのこと。救急搬送と"
           "入院治療は希望する点に注意。")},
      {"emergency", second - 1, "cm.sato",
       json::object{{"kit_location", "冷蔵庫の扉ポケット（救急医療情報キット）"},
                    {"blood_type", "A"},
                    {"rh", "positive"},
                    {"preferred_hospital", "群青市民病院（循環器内科 森医師）"},
                    {"communication", "やや耳が遠い。右側からゆっくり話すと伝わる。"},
                    {"notes_for_crew",
                     "慢性心不全で入院歴あり（群青市民病院 循環器内科）。ペニシリン系抗菌薬で"
                     "発疹。人生会議で心肺蘇生・人工呼吸器は希望しない意思あり（搬送・入院治療は"
                     "希望）。長女 真理さん（090-0000-5821）へ連絡を。"}}},
  };
}

std::vector<PartChange> Suzuki(const Calendar& cal) {
  const int talk = cal.OfficeDay(120);
  return {
      {"acp", talk, "dr.yamamoto",
       Acp(cal.Iso(talk),
           Participants({{"鈴木 茂", "本人"},
                         {"鈴木 幸子", "妻"},
                         {"田村 美穂", "長女"},
                         {"山本 一郎", "主治医"},
                         {"伊藤 彩", "訪問看護師"}}),
           {"does_not_want", "does_not_want", "undecided", "wants", "home"},
           "妻と団地で静かに暮らすこと。孫の結婚式（来春）に出ること。",
           "「苦しいときは病院で酸素や薬の治療は受けたい。ただ、のどに管を入れる人工呼吸器は"
           "つけたくない」。マスク式の呼吸補助（NPPV）までなら試してもよい。最期は妻のいる家で。",
           Substitute("鈴木 幸子", "妻", "0561-00-3303"),
           "COPDの増悪時の治療について、挿管・人工呼吸を行った場合の見通しを説明したうえで話し"
           "合った。長女は当初迷っていたが、本人の言葉を聞いて納得された。")},
      {"emergency", talk, "ns.ito",
       json::object{{"kit_location", "冷蔵庫（扉の内側にキットのシール）"},
                    {"blood_type", "O"},
                    {"rh", "positive"},
                    {"preferred_hospital", "群青市民病院"},
                    {"communication", "息切れのため長く話せない。はい・いいえで答えられる質問を。"},
                    {"notes_for_crew",
                     "在宅酸素療法中（安静時1L/分・労作時2L/分）。CO2がたまりやすいため、酸素の"
                     "流量を急に上げないよう主治医より。室内は火気厳禁。造影剤でじんましん。"
                     "挿管・人工呼吸器は希望しない（人生会議）。"}}},
  };
}

std::vector<PartChange> Takahashi(const Calendar& cal) {
  const int talk = cal.OfficeDay(300);
  return {
      {"acp", talk, "dr.yamamoto",
       Acp(cal.Iso(talk),
           Participants({{"高橋 恵子", "長男の妻"},
                         {"高橋 誠一", "長男"},
                         {"山本 一郎", "主治医"},
                         {"佐藤 花子", "ケアマネジャー"}}),
           {"does_not_want", "does_not_want", "does_not_want", "undecided", "home"},
           "住み慣れた家で、家族の声を聞きながら過ごすこと。",
           "元気なころ「管につながれてまで長生きしたくない」と話していた（長男の妻より）。胃ろ"
           "うは造らず、口から食べられる分だけにする。肺炎などで苦しそうなときの入院は、その都度"
           "家族と主治医で相談する。",
           Substitute("高橋 誠一", "長男", "090-0000-7713"),
           "本人は意思表示が難しいため、元気なころの言葉をもとに家族と推定意思を話し合った。"
           "ショートステイ利用中の急変時も同じ方針で対応するよう、事業所に伝えてある。")},
      {"emergency", talk, "cm.sato",
       json::object{{"kit_location", "1階和室の介護ベッド横の棚（ショートステイ中は持参）"},
                    {"blood_type", "B"},
                    {"rh", "unknown"},
                    {"communication", "発語はほとんどない。表情とうなずきで反応される。"},
                    {"notes_for_crew",
                     "嚥下障害（とろみ中間）。MRSA保菌歴あり。心肺蘇生・人工呼吸器・胃ろうは希望し"
                     "ない（家族と主治医の人生会議）。主介護者は長男の妻 恵子さん。"}}},
  };
}

std::vector<PartChange> Maeda(const Calendar& cal) {
  // His doctor is at the hospital, outside the team: the care manager records the talk.
  const int talk = cal.OfficeDay(100);
  return {
      {"acp", talk, "cm.sato",
       Acp(cal.Iso(talk),
           Participants({{"前田 勇", "本人"}, {"前田 正", "弟"}, {"佐藤 花子", "ケアマネジャー"}}),
           {"wants", "undecided", "undecided", "wants", "undecided"},
           "一人暮らしを続けること。川沿いの散歩と、弟と将棋を指すこと。",
           "「まだやりたいことがある。倒れていたら、できることは全部してほしい」。人工呼吸器や"
           "胃ろうは「病気が進んだら考える」。",
           Substitute("前田 正", "弟", "090-0000-4203"),
           "主治医（群青市民病院 脳神経内科）には次の受診時に本人から伝え、診療情報提供書への"
           "記載を依頼する。半年後に見直す。")},
      {"emergency", talk, "cm.sato",
       json::object{{"kit_location", "冷蔵庫の扉ポケット"},
                    {"blood_type", "AB"},
                    {"rh", "positive"},
                    {"preferred_hospital", "群青市民病院（脳神経内科に通院中）"},
                    {"communication", "薬が切れると声が小さく聞き取りにくい。筆談はできる。"},
                    {"notes_for_crew",
                     "パーキンソン病。レボドパを1日4回（7・11・15・19時）服用。搬送が長引くとき"
                     "は台所のお薬ボックスの薬を持参してください。勝手口にキーボックス。"}}},
  };
}

std::vector<PartChange> Okada(const Calendar& cal) {
  // The talk of his timeline (seed_demo_stories_2.cpp); the doctor recorded it the next morning.
  const int talk = cal.OfficeDay(75);
  return {
      {"acp", 74, "dr.yamamoto",
       Acp(cal.Iso(talk),
           Participants({{"岡田 義男", "本人"},
                         {"岡田 節子", "妻"},
                         {"岡田 健一", "長男"},
                         {"佐藤 花子", "ケアマネジャー"}}),
           {"does_not_want", "does_not_want", "does_not_want", "does_not_want", "home"},
           "最期まで家にいること。妻と庭の柿の木を見て過ごすこと。",
           "「最期まで家にいたい。病院には行かない」。苦痛が強いときは、鎮静も含めて山本医師に"
           "相談したい。",
           Substitute("岡田 節子", "妻", "0561-00-3707"),
           "急変時も救急車ではなく、クリニックか訪問看護の24時間電話へ連絡することを家族と確認"
           "した。")},
  };
}

std::vector<PartChange> Aoki(const Calendar& cal) {
  // A kit without an ACP: the summary then says plainly that no wishes are recorded.
  (void)cal;
  return {
      {"emergency", 1000, "ns.ito",
       json::object{{"kit_location", "ベッド横の青いファイル（人工呼吸器の設定表と一緒）"},
                    {"blood_type", "A"},
                    {"rh", "positive"},
                    {"preferred_hospital", "群青市民病院 小児科（森医師）"},
                    {"communication", "発語なし。快・不快は表情と心拍数で。"},
                    {"notes_for_crew",
                     "気管切開（カフなしカニューレ4.0mm、予備はベッド横）。夜間は人工呼吸器。"
                     "けいれんが5分以上続けばジアゼパム坐剤（冷蔵庫）。救急外来を通さず小児科の"
                     "直通電話へ連絡を（母が番号を知っています）。"}}},
  };
}

}  // namespace

std::vector<PartChange> EmergencyParts(const std::string& key, const Calendar& cal) {
  if (key == "sato") return Sato(cal);
  if (key == "suzuki") return Suzuki(cal);
  if (key == "takahashi") return Takahashi(cal);
  if (key == "maeda") return Maeda(cal);
  if (key == "okada") return Okada(cal);
  if (key == "aoki") return Aoki(cal);
  return {};
}

core::Result<int> SeedEmergencyCards(db::Connection& c, const Directory& dir, const Calendar& cal,
                                     const std::vector<PersonSeed>& persons,
                                     const auth::SecretBox& secrets) {
  // 佐藤 清's card was printed for the fridge and his wallet after he came home from hospital;
  // 鈴木 茂's when the doctor recorded his wishes. Both by their care manager.
  const std::pair<const char*, int64_t> kCards[] = {{"sato", cal.At(26, 15, 10)},
                                                    {"suzuki", cal.At(cal.OfficeDay(118), 10, 30)}};
  int issued = 0;
  for (const auto& [key, at] : kCards) {
    const PersonSeed* person = nullptr;
    for (const auto& p : persons) {
      if (p.key == key) person = &p;
    }
    if (!person) return core::Error::Internal(std::string("demo emergency data: no person ") + key);
    const std::string token = auth::RandomToken();
    emergency::Card card{core::NewId(at), person->id, secrets.Seal(token), at,
                         emergency::UserRef{dir.User("cm.sato").id, "", std::nullopt}};
    RETURN_IF_ERROR(emergency::Store::InsertCard(c, card, auth::HashToken(token), card.token));
    ++issued;
  }
  return issued;
}

}  // namespace app::demo
