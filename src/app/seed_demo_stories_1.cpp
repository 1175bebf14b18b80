// Demo timelines: 佐藤 清 (heart failure, hospital and back), 高橋 ハル (pressure ulcer, short
// stay), 鈴木 茂 (COPD on home oxygen), 松本 トミ (lives alone, a fall, a new handrail).
#include "app/seed_demo_story.h"

namespace app::demo {

// ---- 佐藤 清 ----

Timeline SatoStory(const Calendar& cal, Rng& rng) {
  Timeline t;
  const int admitted = DemoDays::kSatoAdmitted, discharged = DemoDays::kSatoDischarged;
  auto in_hospital = [&](int d) { return d <= admitted && d >= discharged; };
  auto weight = [&](int d) {
    double w = 56.0;
    if (d < 60 && d > admitted) w += (60 - d) * 0.18;
    if (d < discharged) w = 55.0 + (discharged - d) * 0.01 + (d <= 3 ? (4 - d) * 0.36 : 0.0);
    return Round1(w + rng.Noise(0.15));
  };
  auto vitals = [&](int d, int64_t at) {
    care::VitalsInput v = Measured(at);
    const bool worse = d < 52 && d > admitted;
    v.systolic = static_cast<int64_t>(126 + rng.Noise(7));
    v.diastolic = static_cast<int64_t>(70 + rng.Noise(4));
    v.pulse = static_cast<int64_t>((worse ? 86 + (52 - d) * 2 : 72) + rng.Noise(4));
    v.spo2 = static_cast<int64_t>(worse ? 95 - (52 - d) : 96 + rng.Between(0, 1));
    v.temperature = Round1(36.3 + rng.Noise(0.15));
    v.weight = weight(d);
    return v;
  };

  static const std::vector<std::string> kNurseNotes = {
      "下腿浮腫は軽度（+）で前回と変わりありません。",
      "息切れの訴えはなく、室内は伝い歩きで移動されています。",
      "体重記録表の記入が続いています。朝食前の測定を習慣にできています。",
      "漬物を控えているとのこと。減塩しょうゆの使い方を一緒に確認しました。",
      "夜間は枕1つで眠れているとのこと。起坐呼吸はありません。",
      "下肢の皮膚乾燥があり、保湿剤を塗布しました。",
      "服薬は一包化とお薬カレンダーで飲み忘れなし。",
      "入浴はシャワー浴で、浴後の息切れはありませんでした。",
      "聴診で肺の雑音はなく、頸静脈の怒張もありません。",
      "夜間のトイレは2回、ふらつきはないとのこと。",
      "配食のお弁当は「味が薄い」と苦笑いしつつ完食されています。",
      "足の爪切りを行いました。白癬はありません。",
      "テレビで時代劇を見ておられ、表情は明るいです。"};
  static const std::vector<std::string> kHelperNotes = {
      "掃除と洗濯を行いました。台所に飲みかけの缶コーヒーが3本あり、水分量の目安をお伝えしまし"
      "た。",
      "昼食は配食のお弁当を温めて、8割ほど召し上がりました。",
      "買い物代行（牛乳、食パン、バナナ、減塩みそ）。レシートは連絡ノートに貼りました。",
      "体重記録表を確認しました。今朝の体重も記入済みでした。",
      "布団を干し、寝室の掃除をしました。長女様が週末にいらしたとのことで冷蔵庫は整っていました。",
      "ゴミ出しの日を忘れておられたので、カレンダーに印をつけました。"};
  static const std::vector<std::string> kPharmacistNotes = {
      "お薬カレンダーに2週間分をセットしました。残薬はありません。",
      "お薬カレンダーを確認し、飲み忘れはありませんでした。",
      "ふらつきの訴えはなく、血圧も安定しています。",
      "便秘の訴えがあり、水分と食物繊維の話をしました。続くようなら主治医へ相談します。"};

  // The weight rises again in the last days: the nurse writes about it (below).
  const int64_t alert_at = cal.Recent(20);
  const int alert_day = cal.DaysAgo(alert_at);

  // Visits of the nurse (Tue/Fri before the hospital stay, Mon/Wed/Fri after), with vitals.
  EachVisit(cal, rng, kWindowDays, 0, kMon | kTue | kWed | kFri, 0.92, [&](int d) {
    if (in_hospital(d)) return;
    const bool after = d < discharged;
    const unsigned day = 1u << cal.Weekday(d);
    if (!after && !(day & (kTue | kFri))) return;
    if (after && !(day & (kMon | kWed | kFri))) return;
    if (d == 52 || d == 47 || d == 22 || d == alert_day) return;  // written below
    const int64_t at = cal.At(d, 10 + rng.Between(0, 1), rng.Between(0, 59));
    const care::VitalsInput v = vitals(d, at - 30 * kMinute);
    std::string body = "定期訪問しました。" + VitalsText(v) + "。";
    body += Sentences(rng, kNurseNotes, rng.Chance(0.5) ? 2 : 1);
    if (rng.Chance(0.25)) body += SeasonalAdvice(cal, d, rng);
    PostSpec& p = t.Add(at, "ns.ito", "medical_visit", body);
    p.vitals = v;
  });
  // The home helper: the morning weight from his record sheet on every visit, a note on some.
  EachVisit(cal, rng, kWindowDays, 0, kMon | kWed | kFri, 0.95, [&](int d) {
    if (in_hospital(d)) return;
    care::VitalsInput w = Measured(cal.At(d, 7, rng.Between(0, 30)));
    w.weight = weight(d);
    t.vitals.push_back({"hh.hayashi", w});
    if (!rng.Chance(0.4)) return;
    std::string body = rng.Pick(kHelperNotes);
    if (rng.Chance(0.2)) body += SeasonalAdvice(cal, d, rng);
    t.Add(cal.At(d, 14, rng.Between(0, 50)), "hh.hayashi", rng.Chance(0.5) ? "daily_life" : "meal",
          "生活援助で訪問。" + body);
  });
  EachVisit(cal, rng, kWindowDays, 0, kWed, 1.0, [&](int d) {
    if (in_hospital(d) || (d / 7) % 2 == 1) return;  // every other week
    t.Add(cal.At(d, 16, rng.Between(0, 40)), "ph.watanabe", "medication",
          "居宅療養管理指導で訪問。" + rng.Pick(kPharmacistNotes));
  });
  EachVisit(cal, rng, kWindowDays, 0, kThu, 1.0, [&](int d) {
    if (in_hospital(d) || (d / 7) % 2 == 0 || d == 51) return;
    const int64_t at = cal.At(d, 13, rng.Between(30, 59));
    care::VitalsInput v = vitals(d, at - 10 * kMinute);
    v.weight.reset();
    std::string assessment =
        d < discharged
            ? rng.Pick(std::vector<std::string>{"退院後、心不全の増悪徴候はありません。",
                                                "浮腫なし、体重も安定しています。",
                                                "息切れなく、庭の手入れも少しずつ再開。"})
            : rng.Pick(std::vector<std::string>{"心音・呼吸音に著変なし。",
                                                "下腿浮腫は軽度。塩分制限の継続を指導。",
                                                "血圧はやや高めですが経過観察とします。"});
    PostSpec& p = t.Add(at, "dr.yamamoto", "medical_visit",
                        "訪問診療。" + VitalsText(v) + "。" + assessment + "処方は継続します。");
    p.vitals = v;
  });

  // Before the hospital stay: the weight creeps up.
  {
    const int d = 52;
    const int64_t at = cal.At(d, 11, 5);
    PostSpec& p = t.Add(at, "ns.ito", "medical_visit",
                        "体重が2週間で1.8kg増えています（56.1kg→57.9kg）。両下腿浮腫（2+）、夜は"
                        "枕を2つ重ねないと息苦しいとのこと。山本先生、ご報告します。");
    p.important = true;
    p.mentions = {"dr.yamamoto", "cm.sato"};
    p.vitals = vitals(d, at - 25 * kMinute);
    p.vitals->weight = 57.9;
    p.replies = {
        {at + 3 * kHour, "dr.yamamoto",
         "報告ありがとうございます。フロセミドを20mgから40mgに増量します。明日の午後に臨時往診し"
         "ます。水分は1日1,200mLを目安にお伝えください。"},
        {at + 5 * kHour, "ph.watanabe",
         "増量分の処方を受け付けました。本日夕方にお届けし、お薬カレンダーを入れ替えます。"},
        {at + 6 * kHour, "cm.sato",
         "長女の真理様にも状況をお伝えしました。明日の往診には真理様も同席されるそうです。"}};
  }
  {
    const int d = 51;
    const int64_t at = cal.At(d, 15, 20);
    PostSpec& p = t.Add(at, "dr.yamamoto", "medical_visit",
                        "臨時往診。起坐呼吸あり、両側下肺野で湿性ラ音を聴取。利尿剤の増量で数日経"
                        "過をみます。改善しなければ入院をお勧めすることを、ご本人と長女様に説明し、"
                        "了承を得ました。");
    p.vitals = vitals(d, at - 15 * kMinute);
    p.vitals->spo2 = 93;
  }
  {
    const int d = admitted;
    const int64_t at = cal.At(d, 10, 40);
    PostSpec& p =
        t.Add(at, "ns.ito", "medical_visit",
              "【至急】本日の訪問時、安静時も息苦しさが強く、SpO2 90%（室内気）、体重58.6kg"
              "。山本先生の指示で群青市民病院を受診し、そのまま循環器内科に入院となりまし"
              "た。長女様が付き添っています。");
    p.important = true;
    p.ack_requested = true;
    p.mentions = {"cm.sato"};
    p.acked_by = {"cm.sato", "dr.yamamoto", "ph.watanabe", "hh.hayashi"};
    care::VitalsInput v = Measured(at - 40 * kMinute);
    v.systolic = 148;
    v.diastolic = 88;
    v.pulse = 104;
    v.spo2 = 90;
    v.respiration = 26;
    v.weight = 58.6;
    p.vitals = v;
    p.replies = {{at + 50 * kMinute, "cm.sato",
                  "ご対応ありがとうございます。訪問介護と配食は入院中お休みにします。長女様には私"
                  "から連絡しました。"}};
    t.Add(cal.At(d, 16, 30), "cm.sato", "contact",
          "入院に伴い、訪問介護・配食サービスを一時中止しました。病院の地域連携室（木村MSW）に入院"
          "時情報提供書を送り、チームに招待しました。");
  }
  {
    const int d = admitted - 1;
    const int64_t at = cal.At(d, 15, 10);
    PostSpec& p = t.Add(at, "msw.kimura", "contact",
                        "群青市民病院 地域連携室の木村です。入院中の連携窓口を担当します。心不全の"
                        "急性増悪で、酸素2L/分と利尿剤の点滴で治療中です。退院は2週間程度を目標に"
                        "調整します。");
    p.replies = {{at + 2 * kHour, "cm.sato",
                  "よろしくお願いします。独居で1階で生活されていること、長女様が青葉台にお住まいの"
                  "ことは情報提供書に記載しています。"}};
  }
  t.Add(cal.At(41, 11, 0), "msw.kimura", "contact",
        "病棟から経過の共有です。体重は入院時より3.0kg減って55.6kgになり、酸素は離脱しました。"
        "病棟内は歩行器なしで歩かれています。");
  // The discharge conference and its announcement, both on working days.
  const int conference = cal.OfficeDay(36);
  {
    const int d = cal.OfficeDay(conference + 2);
    const int64_t at = cal.At(d, 10, 15);
    PostSpec& p = t.Add(at, "msw.kimura", "meeting",
                        "退院前カンファレンスを" + cal.MonthDayWeekday(conference) +
                            " 14時から病院3階の会議室で行います。在宅側で参加いただける方は返信を"
                            "お願いします。");
    p.mentions = {"cm.sato", "ns.ito", "ph.watanabe", "dr.yamamoto"};
    p.replies = {
        {at + 40 * kMinute, "cm.sato", "参加します。"},
        {at + 2 * kHour, "ns.ito", "伊藤が参加します。"},
        {at + 3 * kHour, "ph.watanabe",
         "所用で欠席します。退院時処方が決まりましたら事前に共有をお願いします。"},
        {at + 7 * kHour, "dr.yamamoto", "外来のため参加できません。診療情報提供書を拝見します。"}};
  }
  {
    PostSpec& p =
        t.Add(cal.At(conference, 16, 40), "cm.sato", "meeting",
              "退院前カンファレンスの記録\n"
              "出席: 病棟看護師、木村MSW、伊藤（訪問看護）、佐藤（ケアマネ）、長女 真理様、ご本人\n"
              "・退院予定日: " +
                  cal.MonthDayWeekday(discharged) +
                  "\n"
                  "・訪問看護を週2回から週3回（月・水・金）に増やす\n"
                  "・毎朝の体重測定を続け、2kg以上の増加か息切れの悪化で訪問看護に連絡\n"
                  "・塩分は1日6g、水分は1日1,200mLを目安\n"
                  "・配食サービスを昼・夕に増やす\n"
                  "・ご本人の希望: 「家で猫の額ほどの庭いじりを続けたい」");
    p.important = true;
    p.share_family = true;
  }
  {
    const int d = discharged;
    const int64_t at = cal.At(d, 14, 0);
    PostSpec& p = t.Add(at, "cm.sato", "contact",
                        "本日11時に退院され、長女様の付き添いで帰宅されました。今週から訪問看護は"
                        "月・水・金、訪問介護は月・水・金、配食は昼・夕です。体重が2kg増えたら訪問"
                        "看護へ連絡するよう、冷蔵庫に貼り紙をしました。");
    p.important = true;
    p.ack_requested = true;
    p.share_family = true;
    p.acked_by = {"dr.yamamoto", "ns.ito", "ph.watanabe", "hh.hayashi", "msw.kimura"};
    t.Add(cal.At(d, 17, 20), "ph.watanabe", "medication",
          "退院時処方を確認しました。変更点: フロセミド20mgを1錠から2錠に、スピロノラクトン25mgを"
          "追加。一包化して、お薬カレンダーを新しい処方に入れ替えました。");
  }
  t.Add(cal.At(30, 11, 30), "msw.kimura", "contact",
        "外来看護師から、退院後初回の外来受診の様子を伺いました。体重は55.3kgで安定、息切れも"
        "なく、「家がいちばん」と話されていたそうです。");
  {
    const int d = 27;
    PostSpec& p = t.Add(
        cal.At(d, 17, 0), "cm.sato", "meeting",
        "サービス担当者会議（退院後）の記録\n"
        "出席: 山本医師、伊藤（訪問看護）、渡辺（薬局）、林（訪問介護）、佐藤（ケアマネ）、長女 "
        "真理様、ご本人\n"
        "・退院後3週間、体重は55kg台で安定\n"
        "・訪問看護は当面週3回を継続し、1か月後に週2回へ戻すか検討\n"
        "・服薬は一包化＋お薬カレンダーで問題なし\n"
        "・長女様の負担: 平日夕方の電話確認は続けられる、とのこと\n"
        "・人生会議: ご本人「苦しいときは病院へ。でも心臓マッサージや人工呼吸器はしないでほし"
        "い」。前回から考えが変わったため、山本先生がACPを第2版として記録します\n"
        "次回: 1か月後");
    p.important = true;
    p.share_family = true;
  }
  {
    const int d = 22;
    const int64_t at = cal.At(d, 10, 50);
    care::VitalsInput v = vitals(d, at - 30 * kMinute);
    v.weight = 55.2;
    const std::string text = "定期訪問しました。" + VitalsText(v) + "。下腿浮腫なし。";
    PostSpec& p = t.Add(at, "ns.ito", "medical_visit",
                        "定期訪問しました。体重 56.2kg。下腿浮腫な"
                        "し。");
    p.vitals = v;
    p.edits = {{at + 35 * kMinute, text + "（体重の転記を誤っていたため訂正しました）"}};
  }
  {
    const int d = 20;
    PostSpec& p =
        t.Add(cal.At(d, 11, 20), "msw.kimura", "contact",
              "外来受診時の様子です。体重55.2kg、BNPは入院時から大きく改善しています。病院"
              "側の連携はここまでとし、以降は外来で森医師がフォローします。チームから退出"
              "します。ありがとうございました。");
    p.replies = {{cal.At(d, 13, 0), "cm.sato",
                  "ありがとうございました。外来の情報は長女様経由でも"
                  "共有いただけるよう依頼しました。"}};
  }
  {
    PostSpec& p =
        t.Add(cal.At(6, 15, 40), "cm.sato", "contact",
              "群青市民病院 循環器内科の森先生（外来主治医）にチームへの参加をお願いしまし"
              "た。外来での検査結果を共有していただく予定です。");
    p.share_family = true;
  }
  {
    const int64_t at = alert_at;
    const int d = alert_day;
    care::VitalsInput v = vitals(d, at - 30 * kMinute);
    v.weight = 56.5;
    PostSpec& p = t.Add(at, "ns.ito", "medical_visit",
                        "体重が3日で1.1kg増えています（55.4kg→56.5kg）。下腿浮腫（1+）。息切れの訴"
                        "えはありません。塩分の多い惣菜が続いたとのことです。山本先生、診察をお願い"
                        "できますか。皆さまも訪問時の様子に注意をお願いします。");
    p.important = true;
    p.ack_requested = true;
    p.mentions = {"dr.yamamoto"};
    p.vitals = v;
    p.acked_by = {"dr.yamamoto", "cm.sato", "hh.hayashi", "ph.watanabe"};
    p.replies = {
        {at + 2 * kHour + 10 * kMinute, "dr.yamamoto",
         "明日の訪問診療で診察します。それまで水分は控えめに、惣菜は半量にしてください。"}};
  }
  return t;
}

// ---- 高橋 ハル ----

Timeline TakahashiStory(const Calendar& cal, Rng& rng) {
  Timeline t;
  const int stay = DemoDays::kTakahashiShortStay;
  auto vitals = [&](int d, int64_t at) {
    care::VitalsInput v = Measured(at);
    v.systolic = static_cast<int64_t>(118 + rng.Noise(8));
    v.diastolic = static_cast<int64_t>(64 + rng.Noise(5));
    v.pulse = static_cast<int64_t>(78 + rng.Noise(5));
    v.temperature = Round1((d >= 55 && d <= 57 ? 37.8 - (57 - d) * 0.4 : 36.5) + rng.Noise(0.15));
    v.spo2 = static_cast<int64_t>(95 + rng.Between(0, 2));
    return v;
  };
  static const std::vector<std::string> kNurseNotes = {
      "体位変換は2時間ごとに行えているとご家族より。",
      "排便コントロール良好、最終排便は昨日。",
      "口腔内の乾燥あり、保湿ジェルで口腔ケアを実施しました。",
      "陰部洗浄とおむつ交換を実施。皮膚トラブルなし。",
      "痰がらみが少しあり、体位ドレナージを行いました。",
      "声かけに笑顔で反応され、「ありがとう」と話されました。",
      "とろみ付きのお茶を介助で200mL摂取されました。"};
  static const std::vector<std::string> kHelperNotes = {
      "おむつ交換と清拭を行いました。",
      "昼食（ムース食）の介助。8割摂取、むせ込みなし。",
      "昼食はむせ込みが2回あり、ひと口量を小さくして半量摂取されました。",
      "エアマットの圧表示は正常でした。",
      "清拭と更衣。背部の皮膚は問題ありません。",
      "長男の奥様と、夜間のおむつ交換の回数について話しました。お疲れの様子です。"};

  EachVisit(cal, rng, kWindowDays, stay + 1, kMon | kThu, 0.9, [&](int d) {
    if (d == 68 || d == 40 || d == 14) return;
    const int64_t at = cal.At(d, 11, rng.Between(0, 50));
    care::VitalsInput v = vitals(d, at - 30 * kMinute);
    std::string body =
        "訪問看護。" + VitalsText(v) + "。" + Sentences(rng, kNurseNotes, rng.Chance(0.4) ? 2 : 1);
    if (d < 68 && d > 14) body += "仙骨部の創は処置を継続しています。";
    if (rng.Chance(0.25)) body += SeasonalAdvice(cal, d, rng);
    PostSpec& p = t.Add(at, "ns.ito", d < 68 && d > 14 ? "skin" : "medical_visit", body);
    p.vitals = v;
  });
  EachVisit(cal, rng, kWindowDays, stay + 1, kWeekdays | kSat, 0.3, [&](int d) {
    t.Add(cal.At(d, 12, rng.Between(30, 59)), "hh.hayashi", rng.Chance(0.6) ? "meal" : "daily_life",
          "身体介護で訪問。" + rng.Pick(kHelperNotes));
  });
  EachVisit(cal, rng, kWindowDays, stay + 1, kTue, 1.0, [&](int d) {
    if ((d / 7) % 2 == 0) return;
    t.Add(cal.At(d, 15, rng.Between(0, 40)), "dh.shimizu", "meal",
          rng.Pick(std::vector<std::string>{
              "訪問歯科衛生指導。義歯の清掃と口腔内のマッサージを行いました。右下の歯肉に軽い発赤"
              "があります。",
              "訪問歯科衛生指導。舌苔が多めでした。ご家族に舌ブラシの使い方をお伝えしました。",
              "訪問歯科衛生指導。口腔内はきれいに保たれています。嚥下体操を一緒に行いました。"}));
  });
  EachVisit(cal, rng, kWindowDays, stay + 1, kWed, 1.0, [&](int d) {
    if ((d / 7) % 2 == 1) return;
    const int64_t at = cal.At(d, 14, rng.Between(0, 40));
    care::VitalsInput v = vitals(d, at - 10 * kMinute);
    PostSpec& p =
        t.Add(at, "dr.yamamoto", "medical_visit",
              "訪問診療。" + VitalsText(v) + "。全身状態は安定しています。" +
                  (d > 14 && d < 68 ? "褥瘡は改善傾向です。" : "") + "処方は継続します。");
    p.vitals = v;
  });
  EachVisit(cal, rng, kWindowDays, stay + 1, kFri, 1.0, [&](int d) {
    if ((d / 7) % 2 == 1) return;
    t.Add(cal.At(d, 16, rng.Between(0, 30)), "ph.watanabe", "medication",
          rng.Pick(std::vector<std::string>{
              "お薬をお届けしました。簡易懸濁法での投与に問題はないとのことです。",
              "お薬をお届けしました。酸化マグネシウムは便の状態に合わせてご家族が調整されていま"
              "す。"}));
  });

  {  // The pressure ulcer: found, treated, closed.
    const int d = 68;
    const int64_t at = cal.At(d, 11, 30);
    PostSpec& p = t.Add(at, "ns.ito", "skin",
                        "仙骨部に褥瘡を確認しました（2.0×1.5cm、DESIGN-R®2020: d2-e1s6i0g0n0p0）。"
                        "写真を添付します。発赤は周囲3cmほど。エアマットへの変更と、体位変換の間隔"
                        "の見直しが必要と考えます。");
    p.important = true;
    p.photo = "wound_1";
    p.mentions = {"dr.yamamoto", "cm.sato"};
    p.vitals = vitals(d, at - 40 * kMinute);
    p.replies = {{at + 4 * kHour, "dr.yamamoto",
                  "写真を確認しました。白色ワセリンとハイドロコロイド材で保護し、経過をみましょう。"
                  "栄養状態も気になるので、次回の訪問診療で採血します。"},
                 {at + 5 * kHour, "cm.sato",
                  "福祉用具事業所に圧切替型エアマットを手配しました。明後日に搬入予定です。"}};
  }
  t.Add(cal.At(66, 16, 10), "cm.sato", "support",
        "圧切替型エアマットを搬入しました。体位変換は日中2時間ごと、夜間は3時間ごとを目安にご家族"
        "と確認しました。");
  t.Add(cal.At(61, 15, 0), "dr.yamamoto", "medical_visit",
        "採血結果: アルブミン3.1g/dLと低め。補助栄養飲料（とろみ付き）を1日1本追加します。");
  {
    const int d = 56;
    PostSpec& p = t.Add(cal.At(d, 10, 20), "ns.ito", "medical_visit",
                        "37.8℃の発熱あり。尿の混濁と臭気が強くなっています。山本先生に報告し、本日"
                        "往診していただけることになりました。");
    p.important = true;
    p.vitals = vitals(d, cal.At(d, 9, 50));
    p.vitals->temperature = 37.8;
    p.replies = {{cal.At(d, 16, 40), "dr.yamamoto",
                  "往診しました。尿路感染症として抗菌薬を5日間処方します。水分摂取を増やしてくださ"
                  "い。"}};
  }
  {
    const int d = 40;
    const int64_t at = cal.At(d, 11, 15);
    PostSpec& p =
        t.Add(at, "ns.ito", "skin",
              "褥瘡は縮小しています（2.0×1.5cm→1.0×0.8cm）。肉芽は良好で、周囲から上皮化が"
              "進んでいます。比較の写真を添付します。");
    p.photo = "wound_2";
    p.vitals = vitals(d, at - 30 * kMinute);
    p.replies = {
        {at + 6 * kHour, "dr.yamamoto", "順調ですね。同じ処置を続けてください。"},
        {at + 26 * kHour, "cm.sato", "ご家族にもお伝えしました。とても喜ばれていました。"}};
  }
  {
    const int d = 24;
    PostSpec& p = t.Add(cal.At(d, 13, 0), "hh.hayashi", "meal",
                        "昼食の様子です（ムース食・全粥、お茶はとろみ中間）。自力で数口召し上がり、"
                        "残りは介助で全量摂取されました。");
    p.photo = "lunch";
  }
  t.Add(cal.At(14, 11, 40), "ns.ito", "skin",
        "仙骨部の褥瘡は上皮化し、治癒と判断しました。再発予防のため、エアマットと体位変換は継続し"
        "ます。");
  {
    // The record is completed the next morning (the pharmacist's view, sent in afterwards) and
    // its wording corrected once more: three versions in its history.
    const std::string record =
        "サービス担当者会議の記録\n"
        "出席: 山本医師、伊藤（訪問看護）、林（訪問介護）、清水（歯科衛生士）、佐藤（ケアマネ）、"
        "長男 誠一様・奥様 恵子様\n"
        "・恵子様が腰痛で通院中。介護負担の軽減のため、ショートステイ（なごみショートステイ）を" +
        cal.MonthDay(stay) +
        "から7泊8日で利用\n"
        "・ショートステイ先へ褥瘡の経過、食形態（ムース食・とろみ中間）、体位変換の間隔を"
        "情報提供する\n"
        "・帰宅後は訪問介護を朝にも1回追加することを検討";
    const std::string pharmacist =
        "\n・（欠席の渡辺薬剤師より）ショートステイ中の薬は一包化して8日分を持参。簡易懸濁の方法"
        "を施設の看護師へ申し送る";
    PostSpec& p = t.Add(cal.At(cal.OfficeDay(10), 17, 30), "cm.sato", "meeting", record);
    p.important = true;
    p.edits = {{cal.At(9, 9, 10), record + pharmacist},
               {cal.At(9, 9, 25), record + pharmacist + "（薬局から施設へ直接お届けします）"}};
  }
  {
    PostSpec& p =
        t.Add(cal.At(stay, 10, 30), "cm.sato", "contact",
              "本日からなごみショートステイを利用されています（" + cal.MonthDay(stay - 7) +
                  "まで）。期間中の訪問看護・訪問介護・訪問診療はお休みです。");
    p.important = true;
    p.ack_requested = true;
    p.acked_by = {"ns.ito", "hh.hayashi", "dr.yamamoto", "dh.shimizu"};
  }
  t.Add(cal.Recent(21), "cm.sato", "daily_life",
        "ショートステイ先の相談員より: 食事は8割摂取、夜間はよく眠れているとのことです。入浴（機械"
        "浴）も問題なく済みました。");
  return t;
}

// ---- 鈴木 茂 ----

Timeline SuzukiStory(const Calendar& cal, Rng& rng) {
  Timeline t;
  const int sick_from = 21, sick_to = 15;  // a cold that became bronchitis
  auto vitals = [&](int d, int64_t at) {
    care::VitalsInput v = Measured(at);
    const bool sick = d <= sick_from && d >= sick_to;
    v.systolic = static_cast<int64_t>(132 + rng.Noise(8));
    v.diastolic = static_cast<int64_t>(76 + rng.Noise(5));
    v.pulse = static_cast<int64_t>((sick ? 98 : 86) + rng.Noise(4));
    v.spo2 = static_cast<int64_t>(sick ? 90 + rng.Between(0, 1) : 93 + rng.Between(0, 2));
    v.respiration = static_cast<int64_t>((sick ? 26 : 20) + rng.Between(0, 2));
    v.temperature = Round1((sick ? 37.6 : 36.5) + rng.Noise(0.2));
    return v;
  };
  static const std::vector<std::string> kNurseNotes = {
      "酸素は安静時1L/分で使用中。チューブの折れや鼻カニュラの当たりは問題ありません。",
      "口すぼめ呼吸を一緒に練習しました。階段は休み休み上がっているとのこと。",
      "痰は白色で少量。",
      "奥様より「最近よく眠れている」とのこと。",
      "入浴は奥様の見守りでシャワー浴。入浴中も酸素を使用しています。",
      "酸素濃縮器のフィルターを清掃しました。",
      "室内での火気使用がないことを確認しました（仏壇のろうそくはLEDに交換済み）。"};
  EachVisit(cal, rng, kWindowDays, 0, kWed, 0.95, [&](int d) {
    if (d == 20) return;
    const int64_t at = cal.At(d, 10, rng.Between(0, 50));
    care::VitalsInput v = vitals(d, at - 20 * kMinute);
    std::string body =
        "訪問看護。" + VitalsText(v) + "。" + Sentences(rng, kNurseNotes, rng.Chance(0.5) ? 2 : 1);
    if (rng.Chance(0.3)) body += SeasonalAdvice(cal, d, rng);
    PostSpec& p = t.Add(at, "ns.ito", "medical_visit", body);
    p.vitals = v;
  });
  EachVisit(cal, rng, kWindowDays, 0, kMon, 1.0, [&](int d) {
    if ((d / 7) % 2 == 0) return;
    t.Add(cal.At(d, 16, rng.Between(0, 40)), "ph.watanabe", "medication",
          rng.Pick(std::vector<std::string>{
              "吸入薬の手技を確認しました。吸入後の息止めが短いので、5秒数えるようお伝えしました。",
              "お薬をお届けしました。吸入薬の残数カウンターは予定どおり減っています。",
              "吸入後のうがいができていました。声がれはありません。"}));
  });
  EachVisit(cal, rng, kWindowDays, 0, kFri, 1.0, [&](int d) {
    if ((d / 7) % 2 == 1 || (d <= sick_from && d >= sick_to)) return;
    const int64_t at = cal.At(d, 14, rng.Between(10, 50));
    care::VitalsInput v = vitals(d, at - 10 * kMinute);
    PostSpec& p = t.Add(at, "dr.yamamoto", "medical_visit",
                        "訪問診療。" + VitalsText(v) +
                            "。呼吸音は減弱していますが、副雑音なし。在宅"
                            "酸素の流量はこのままで。");
    p.vitals = v;
  });
  {
    const int d = 20;
    const int64_t at = cal.At(d, 10, 30);
    care::VitalsInput v = vitals(d, at - 20 * kMinute);
    v.spo2 = 89;
    v.temperature = 37.9;
    PostSpec& p =
        t.Add(at, "ns.ito", "medical_visit",
              "2日前から鼻水と咳、本日37.9℃。黄色の痰が増え、安静時もSpO2 89%（酸素1L/分）"
              "です。山本先生に報告し、指示で酸素を2L/分に上げました。");
    p.important = true;
    p.mentions = {"dr.yamamoto"};
    p.vitals = v;
    p.replies = {
        {at + 3 * kHour, "dr.yamamoto",
         "往診しました。COPDの増悪です。抗菌薬とステロイドを5日分処方しました。SpO2が88%を下回る"
         "か、会話で息切れするようなら救急搬送を。"},
        {at + 4 * kHour, "ph.watanabe", "処方薬をお届けしました。飲み方を奥様に説明済みです。"},
        {at + 5 * kHour, "cm.sato",
         "奥様の疲れが心配なので、期間中は娘さんが泊まりに来てくださるそうです。"}};
  }
  t.Add(cal.At(17, 11, 0), "ns.ito", "medical_visit",
        "臨時訪問。解熱し、痰も白色に戻りつつあります。酸素は安静時1L/分に戻しました。");
  const int monitored = cal.OfficeDay(60);  // the supplier came the same evening
  t.Add(cal.At(cal.OfficeDay(monitored), 15, 30), "cm.sato", "support",
        "モニタリング訪問。サービスの利用状況に変わりはありません。奥様から「夜中に酸素のチューブ"
        "に足を引っかけそうになる」との相談があり、延長チューブの取り回しを業者に相談します。");
  t.Add(cal.At(monitored, 18, 10), "cm.sato", "contact",
        "酸素業者が延長チューブの取り回しを変更し、床をはわせない配置にしてくれました。");
  {
    PostSpec& p = t.Add(cal.At(cal.OfficeDay(45), 14, 0), "cm.sato", "wishes",
                        "ご本人より「孫の結婚式（来春）には酸素を持ってでも出たい」とのお話がありま"
                        "した。携帯用ボンベでの外出について、主治医と業者に相談します。");
    p.replies = {{cal.At(44, 9, 20), "dr.yamamoto",
                  "ぜひ行けるようにしましょう。外出時の流量は2L/分で。事前に一度、近所まで試し"
                  "に出かけてみてください。"}};
  }
  t.Add(cal.At(cal.OfficeDay(8), 16, 0), "cm.sato", "support",
        "停電に備えて、携帯用ボンベの残量と予備の本数を奥様と確認しました。停電時は濃縮器からボン"
        "ベに切り替え、業者の24時間窓口に連絡する手順を電話の横に貼ってあります。");
  return t;
}

// ---- 松本 トミ ----

Timeline MatsumotoStory(const Calendar& cal, Rng& rng) {
  Timeline t;
  const int fall = 28;
  static const std::vector<std::string> kHelperNotes = {
      "掃除（居間・トイレ）と買い物を一緒に行いました。シルバーカーで近所のスーパーまで歩けて"
      "います。",
      "調理を一緒に行いました（肉じゃが）。味付けはご本人。",
      "洗濯物を一緒に畳みました。「最近は膝の調子がいい」とのこと。",
      "冷蔵庫に賞味期限切れの食品があり、ご本人と確認して処分しました。",
      "ゴミの分別を一緒に行いました。",
      "近所の方が差し入れた煮物があり、食事はとれている様子です。"};
  EachVisit(cal, rng, kWindowDays, 0, kThu, 0.95, [&](int d) {
    if (d == fall) return;
    std::string body = "訪問型サービスで訪問。" + rng.Pick(kHelperNotes);
    if (rng.Chance(0.45)) body += SeasonalAdvice(cal, d, rng);
    t.Add(cal.At(d, 10, rng.Between(0, 50)), "hh.hayashi", "daily_life", body);
  });
  EachVisit(cal, rng, kWindowDays, 0, kMon, 1.0, [&](int d) {
    if (d % 28 > 6) return;  // every four weeks
    t.Add(cal.At(d, 15, rng.Between(0, 30)), "ph.watanabe", "medication",
          "お薬をお届けしました。飲み忘れが週に1回ほどあり、飲み忘れ防止のアラーム付きケースを"
          "ご提案しました。");
  });
  EachVisit(cal, rng, kWindowDays, 0, kTue, 1.0, [&](int d) {
    if (d % 21 > 6) return;  // every three weeks
    care::VitalsInput v = Measured(cal.At(d, 14, 0));
    v.systolic = static_cast<int64_t>(138 + rng.Noise(8));
    v.diastolic = static_cast<int64_t>(78 + rng.Noise(5));
    v.pulse = static_cast<int64_t>(70 + rng.Noise(4));
    PostSpec& p = t.Add(cal.At(d, 14, 20), "center.inoue", "support",
                        "地域包括支援センターです。定期の訪問。" + VitalsText(v) +
                            "。体操教室に月2回通われています。");
    p.vitals = v;
  });
  {
    const int64_t at = cal.At(fall, 10, 10);
    PostSpec& p = t.Add(at, "hh.hayashi", "daily_life",
                        "訪問時、昨夜浴室の前で転倒したとのお話がありました（ご本人の話では22時ご"
                        "ろ、20分ほど自力で起き上がれなかった）。右腰に打撲のあざがありますが、歩行"
                        "はできています。井上さん、確認をお願いします。");
    p.important = true;
    p.ack_requested = true;
    p.mentions = {"center.inoue"};
    p.acked_by = {"center.inoue", "ph.watanabe"};
    p.replies = {{at + 2 * kHour, "center.inoue",
                  "ありがとうございます。午後に訪問して、整形外科の受診をお勧めします。甥の隆様に"
                  "も連絡します。"}};
  }
  t.Add(cal.At(fall - 1, 16, 30), "center.inoue", "medical_visit",
        "かたやま整形外科を受診（甥の隆様が付き添い）。レントゲンで骨折はなく、打撲との診断。湿布が"
        "処方されました。夜間トイレの動線と浴室の手すり設置について、住宅改修を検討します。");
  {
    PostSpec& p = t.Add(cal.At(cal.OfficeDay(fall - 6), 11, 0), "center.inoue", "meeting",
                        "住宅改修の打ち合わせ。浴室入口と玄関に手すりを設置、浴室前の段差解消、寝"
                        "室からトイレまで足元灯を設置します。工事は" +
                            cal.MonthDay(fall - 10) + "の予定です。");
    p.replies = {{cal.At(fall - 6, 15, 0), "hh.hayashi",
                  "足元灯、とても良いと思います。訪問時に夜のトイレの様子も伺ってみます。"}};
  }
  {
    PostSpec& p = t.Add(cal.At(fall - 10, 15, 45), "center.inoue", "support",
                        "手すりの設置が終わりました（玄関・浴室入口）。ご本人と実際に使ってみて、高"
                        "さも問題ありません。写真を添付します。");
    p.photo = "handrail";
  }
  {
    PostSpec& p = t.Add(cal.At(47, 9, 40), "center.inoue", "contact",
                        "民生委員の大野さんより「新聞が2日分たまっている」と連絡があり、訪問しまし"
                        "た。風邪で寝込んでいたとのことで、受け答えははっきりしています。水分と食べ"
                        "物を用意し、明日も様子を見に行きます。");
    p.important = true;
    p.replies = {
        {cal.At(46, 11, 0), "center.inoue", "本日訪問し、元気になられていることを確認しました。"},
        {cal.At(46, 14, 0), "hh.hayashi",
         "次回の訪問で、買い置きの食品（レトルトのおかゆ等）を一緒に揃えます。"}};
  }
  t.Add(cal.At(50, 15, 40), "center.inoue", "contact",
        "固定電話を解約して携帯電話に替えたとのことで、連絡先を更新しました。");
  t.Add(cal.Recent(30), "hh.hayashi", "daily_life",
        "訪問時、夜間のトイレは足元灯のおかげで「怖くなくなった」とのこと。転倒はありません。");
  return t;
}

}  // namespace app::demo
