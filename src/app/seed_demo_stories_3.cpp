// Demo timelines: 青木 陽向 (a child on a ventilator at night), and in 翠町 石川 フミ (knee
// rehabilitation), 前田 勇 (Parkinson's disease, evacuation plan) and 村上 サダ (group home).
#include "app/seed_demo_story.h"

namespace app::demo {

// ---- 青木 陽向 ----

Timeline AokiStory(const Calendar& cal, Rng& rng) {
  Timeline t;
  const int ill_from = 14, ill_to = 10;  // bronchitis
  auto ill = [&](int d) { return d <= ill_from && d >= ill_to; };
  auto vitals = [&](int d, int64_t at) {
    care::VitalsInput v = Measured(at);
    v.pulse = static_cast<int64_t>((ill(d) ? 124 : 106) + rng.Noise(5));
    v.spo2 = static_cast<int64_t>(ill(d) ? 94 + rng.Between(0, 1) : 97 + rng.Between(0, 2));
    v.respiration = static_cast<int64_t>((ill(d) ? 32 : 24) + rng.Between(0, 3));
    v.temperature = Round1((ill(d) ? 38.2 : 36.8) + rng.Noise(0.15));
    if (cal.Weekday(d) == 1) v.weight = Round1(17.2 + (kWindowDays - d) * 0.005 + rng.Noise(0.05));
    return v;
  };
  static const std::vector<std::string> kNurseNotes = {
      "吸引は1日10回ほど、痰は白色。",
      "胃ろう周囲の皮膚に発赤・漏れはありません。",
      "お母様と2人で入浴介助を行いました。気管カニューレ周囲はガーゼで保護。",
      "人工呼吸器の回路を交換し、アラーム設定を確認しました（夜間のみ使用）。",
      "絵本の読み聞かせに笑顔で反応していました。",
      "注入は1回200mL・1日4回、嘔吐なし。",
      "妹さんが「お兄ちゃん」と話しかけると目で追っていました。"};
  EachVisit(cal, rng, kWindowDays, 0, kMon | kWed | kFri, 0.75, [&](int d) {
    if (d == ill_from) return;
    const int64_t at = cal.At(d, 15, rng.Between(0, 50));
    care::VitalsInput v = vitals(d, at - 30 * kMinute);
    std::string body =
        "訪問看護。" + VitalsText(v) + "。" + Sentences(rng, kNurseNotes, rng.Chance(0.5) ? 2 : 1);
    if (ill(d)) body += "痰が黄色く粘稠で、吸引が1日20回以上に増えています。";
    if (rng.Chance(0.15)) body += SeasonalAdvice(cal, d, rng);
    PostSpec& p = t.Add(at, "ns.ito", "medical_visit", body);
    p.vitals = v;
  });
  EachVisit(cal, rng, kWindowDays, 0, kThu, 1.0, [&](int d) {
    if ((d / 7) % 2 == 0 || ill(d)) return;
    t.Add(cal.At(d, 13, rng.Between(0, 40)), "dr.yamamoto", "medical_visit",
          "訪問診療。呼吸音清、胸郭の動きは左右差なし。けいれん発作はこの2週間ありません。");
  });
  {
    const int64_t at = cal.At(ill_from, 16, 10);
    care::VitalsInput v = vitals(ill_from, at - 30 * kMinute);
    v.temperature = 38.4;
    v.spo2 = 93;
    PostSpec& p = t.Add(at, "ns.ito", "medical_visit",
                        "昨夜から38.4℃の発熱。黄色の痰が増え、吸引が1日20回以上、酸素なしでSpO2 93%"
                        "です。山本先生、森先生にご報告します。");
    p.important = true;
    p.mentions = {"dr.yamamoto", "dr.mori"};
    p.vitals = v;
    p.replies = {
        {at + 2 * kHour, "dr.yamamoto",
         "往診しました。気管支炎と考えます。抗菌薬を5日分処方し、SpO2 92%未満で酸素0.5L/分を開始"
         "してください。"},
        {at + 3 * kHour, "dr.mori",
         "小児科病棟に状況を共有しました。悪化したときは救急外来を通さず、小児科の直通電話へ連絡し"
         "てください。"},
        {at + 20 * kHour, "ns.ito", "朝の時点で37.6℃。痰の量は変わりませんが、機嫌は良いです。"}};
  }
  t.Add(cal.At(ill_to - 1, 15, 40), "ns.ito", "medical_visit",
        "解熱し、吸引回数も1日12回程度に戻りました。酸素は中止しています。");
  t.Add(cal.At(58, 11, 0), "dr.mori", "medical_visit",
        "小児科外来で胃ろうボタンを交換しました（14Fr、4か月ごと）。次回交換は4か月後です。抗て"
        "んかん薬の血中濃度は有効域でした。");
  t.Add(cal.At(30, 11, 30), "dr.mori", "medical_visit",
        "定期受診。体重は順調に増えています。気管カニューレのサイズは現在のままで問題ありません。");
  {
    PostSpec& p =
        t.Add(cal.At(cal.OfficeDay(70), 14, 0), "msw.kimura", "support",
              "お母様の休養のための医療型短期入所について、当院小児病棟で月1回（2泊3日）の"
              "利用を調整しました。初回は" +
                  cal.MonthDay(63) + "からです。");
    p.replies = {{cal.At(70, 16, 0), "city.tanaka",
                  "受給者証の医療型短期入所の支給量を確認しました。月3日で足ります。"}};
  }
  t.Add(cal.At(61, 10, 0), "msw.kimura", "support",
        "短期入所（2泊3日）を終えて帰宅されました。病棟からの申し送り: 体調に変化なし、夜間の呼吸器"
        "アラームなし。");
  t.Add(cal.At(cal.OfficeDay(80), 9, 30), "city.tanaka", "support",
        "日常生活用具（充電式吸引器）の給付申請を受理しました。決定まで2週間ほどかかります。");
  {
    PostSpec& p =
        t.Add(cal.At(cal.OfficeDay(18), 15, 30), "city.tanaka", "support",
              "災害時の電源確保について、ご家族・伊藤さん・消防本部と確認しました。\n"
              "・人工呼吸器は内部＋外部バッテリーで約8時間。自家用発電機あり（燃料は3日分）\n"
              "・電力会社の医療機器使用者の登録を確認済み\n"
              "・停電が8時間を超える見込みなら、群青市民病院 小児科へ避難入院（森先生に了承済み）\n"
              "・避難時の持ち出し: 吸引器2台、カニューレ予備、注入セット、薬3日分");
    p.important = true;
    p.ack_requested = true;
    p.acked_by = {"ns.ito", "dr.mori", "dr.yamamoto", "msw.kimura"};
  }
  t.Add(cal.At(40, 16, 20), "ns.ito", "wishes",
        "お母様より「来年度も特別支援学校に通わせたい。訪問学級ではなく、友だちのいる教室で」との"
        "お話。付き添い看護師の体制について、学校と市に相談します。");
  t.Add(cal.Recent(26), "ns.ito", "daily_life",
        "学校の学習発表会に参加できたそうです。人工呼吸器は使わず、2時間ほど座位で過ごせました。");
  return t;
}

// ---- 石川 フミ (翠町) ----

Timeline IshikawaStory(const Calendar& cal, Rng& rng) {
  Timeline t;
  static const std::vector<std::string> kRehab = {
      "膝の可動域は右0〜110°、左0〜120°。大腿四頭筋の筋力訓練を行いました。",
      "歩行器で家の周りを2周（約80m）。休憩なしで歩けました。",
      "階段昇降の練習（手すりあり、2足1段）。",
      "膝の痛みはNRS 3。温罨法のあとに関節可動域訓練を行いました。",
      "畑の畝の間を杖で歩く練習をしました。足元の凸凹に注意。"};
  EachVisit(cal, rng, kWindowDays, 0, kTue, 0.95, [&](int d) {
    const int64_t at = cal.At(d, 14, rng.Between(0, 50));
    care::VitalsInput v = Measured(at - 15 * kMinute);
    v.systolic = static_cast<int64_t>(134 + rng.Noise(7));
    v.diastolic = static_cast<int64_t>(76 + rng.Noise(4));
    v.pulse = static_cast<int64_t>(72 + rng.Noise(4));
    std::string body = "訪問看護（リハビリ）。" + VitalsText(v) + "。" + rng.Pick(kRehab);
    const int month = cal.Month(d);
    if (month >= 6 && month <= 9 && rng.Chance(0.5)) {
      body += "畑仕事は朝夕の涼しい時間に30分まで、帽子と水筒を持って、とお伝えしました。";
    } else if (rng.Chance(0.2)) {
      body += SeasonalAdvice(cal, d, rng);
    }
    PostSpec& p = t.Add(at, "ns.ito", "rehab", body);
    p.vitals = v;
  });
  EachVisit(cal, rng, kWindowDays, 0, kFri, 1.0, [&](int d) {
    if (d % 28 > 6) return;
    t.Add(cal.At(d, 11, rng.Between(0, 40)), "dr.yamamoto", "medical_visit",
          "訪問診療。骨粗鬆症の注射（月1回）を行いました。膝の腫れはありません。");
  });
  EachVisit(cal, rng, kWindowDays, 0, kThu, 1.0, [&](int d) {
    if (d % 28 > 6) return;
    t.Add(cal.At(d, 15, rng.Between(0, 40)), "cm.kato", "support",
          "モニタリング訪問。デイケア（週2回）とリハビリの効果で、屋外歩行の距離が伸びています。ご"
          "本人は「春には畑に出たい」。");
  });
  {
    PostSpec& p = t.Add(
        cal.At(cal.OfficeDay(45), 16, 30), "cm.kato", "meeting",
        "サービス担当者会議の記録\n"
        "出席: 山本医師、伊藤（訪問看護）、小川（翠町 福祉課）、加藤（ケアマネ）、ご本人、長男の妻 "
        "良子様\n"
        "・目標: 自宅の周りを杖で歩き、畑で軽作業ができる\n"
        "・訪問看護（リハビリ）週1回を継続、デイケア週2回\n"
        "・翠町の「見守り付き配食」を平日の昼に利用（良子様の勤務日）");
    p.important = true;
    p.replies = {{cal.At(44, 10, 0), "town.ogawa",
                  "見守り付き配食の申請を受け付けました。来週月曜から配達が始まります。"}};
  }
  t.Add(cal.At(cal.OfficeDay(20), 10, 0), "town.ogawa", "support",
        "翠町の紙おむつ給付（月1回配達）の申請を受け付けました。来月分から届きます。");
  t.Add(cal.Recent(22), "ns.ito", "rehab",
        "畑までの坂道（約30m）を杖で往復できました。膝の痛みはNRS 2。次回は畝の間の移動を練習しま"
        "す。");
  t.Add(cal.Recent(70), "cm.kato", "wishes",
        "良子様から、ご本人が久しぶりに畑で大根の間引きをされたと写真付きで連絡がありました。とても"
        "嬉しそうだったとのことです。");
  return t;
}

// ---- 前田 勇 (翠町) ----

Timeline MaedaStory(const Calendar& cal, Rng& rng) {
  Timeline t;
  static const std::vector<std::string> kHelperNotes = {
      "11時の薬に合わせて訪問し、服薬を確認しました。",
      "薬が効いている時間に入浴介助。動きはスムーズでした。",
      "薬が切れかけで動き出しに時間がかかり、トイレまで5分ほどかかりました。",
      "昼食を一緒に作りました（焼き魚と味噌汁）。箸の使用に問題なし。",
      "床の新聞や電源コードを片付け、歩く通路を確保しました。",
      "貼り薬の貼り替え日をカレンダーで一緒に確認しました。"};
  EachVisit(cal, rng, kWindowDays, 0, kMon | kWed | kFri, 0.4, [&](int d) {
    if (d == 38) return;
    std::string body = "訪問介護。" + rng.Pick(kHelperNotes);
    if (rng.Chance(0.25)) body += SeasonalAdvice(cal, d, rng);
    t.Add(cal.At(d, 11, rng.Between(0, 30)), "hh.hayashi", "daily_life", body);
  });
  EachVisit(cal, rng, kWindowDays, 0, kTue, 1.0, [&](int d) {
    if ((d / 7) % 2 == 0) return;
    const int64_t at = cal.At(d, 16, rng.Between(0, 40));
    care::VitalsInput v = Measured(at - 10 * kMinute);
    v.systolic = static_cast<int64_t>(112 + rng.Noise(8));
    v.diastolic = static_cast<int64_t>(66 + rng.Noise(5));
    v.pulse = static_cast<int64_t>(76 + rng.Noise(4));
    PostSpec& p = t.Add(at, "ph.watanabe", "medication",
                        "お薬をお届けし、立位で血圧を測りました（" + VitalsText(v) +
                            "）。1日4回の服薬時間は守れています。夕方の薬が切れる時間帯のすくみ足に"
                            "注意です。");
    p.vitals = v;
  });
  {
    PostSpec& p = t.Add(cal.At(38, 11, 50), "hh.hayashi", "daily_life",
                        "玄関でのすくみ足で転びかけ、壁につかまって転倒はしませんでした。上がり框に"
                        "手すりがあると安全だと思います。");
    p.mentions = {"cm.sato"};
    p.replies = {{cal.At(38, 17, 0), "cm.sato",
                  "ありがとうございます。福祉用具事業所に据え置き型の手すりのレンタルを相談しま"
                  "す。"}};
  }
  t.Add(cal.At(cal.OfficeDay(33), 14, 20), "cm.sato", "support",
        "玄関に据え置き型の手すりを設置しました（福祉用具貸与）。ご本人に使い方を確認していただ"
        "きました。");
  {
    PostSpec& p =
        t.Add(cal.At(cal.OfficeDay(64), 15, 0), "town.ogawa", "meeting",
              "個別避難計画の打ち合わせ（翠町 福祉課）\n"
              "出席: 佐藤（ケアマネ）、林（訪問介護）、弟 正様、上野地区の自主防災会長、小川\n"
              "・自宅は浸水想定区域（0.5〜3m）に隣接\n"
              "・大雨の「高齢者等避難（警戒レベル3）」で、弟様が車で迎えに行き弟様宅へ避難\n"
              "・弟様が不在のときは自主防災会が翠町中央公民館へ送る\n"
              "・持ち出し: 薬1週間分（貼り薬を含む）、お薬手帳、眼鏡");
    p.important = true;
    p.ack_requested = true;
    p.acked_by = {"cm.sato", "hh.hayashi", "ph.watanabe"};
  }
  {
    const int d = 50;
    const int month = cal.Month(d);
    const bool typhoon = month >= 8 && month <= 10;
    PostSpec& p =
        t.Add(cal.At(d, 9, 10), "town.ogawa", "contact",
              std::string(typhoon ? "台風の接近" : "大雨") +
                  "で高齢者等避難が出たため、計画どおり弟の正様が迎えに行き、正様のお宅に避"
                  "難されました。翌日夕方に帰宅予定です。");
    p.important = true;
    p.replies = {{cal.At(d, 11, 0), "ph.watanabe",
                  "持ち出しの薬が足りるか確認しました。貼り薬も3日分持って行かれています。"},
                 {cal.At(d - 1, 18, 0), "town.ogawa", "本日夕方、無事に帰宅されました。"}};
  }
  t.Add(cal.At(cal.OfficeDay(25), 16, 0), "cm.sato", "support",
        "要介護認定の更新申請を行いました（" + cal.MonthDay(cal.OfficeDay(25)) +
            "）。すくみ足と転倒の危険が増えていることを意見書にも反映していただけるよう、主治医に依"
            "頼しました。");
  t.Add(cal.At(cal.OfficeDay(12), 15, 30), "cm.sato", "support",
        "認定調査に立ち会いました。調査員に、薬が切れる時間帯の様子（動き出しに5分以上）をお伝え"
        "しました。");
  t.Add(cal.Recent(8), "hh.hayashi", "daily_life",
        "夕方の訪問時、玄関の手すりを使って上がり框を越えられていました。「これがあると安心」との"
        "こと。");
  return t;
}

// ---- 村上 サダ (翠町, group home) ----

Timeline MurakamiStory(const Calendar& cal, Rng& rng) {
  Timeline t;
  EachVisit(cal, rng, kWindowDays, 0, kWed, 1.0, [&](int d) {
    if (d % 28 > 6) return;
    const int64_t at = cal.At(d, 14, rng.Between(0, 40));
    care::VitalsInput v = Measured(at - 10 * kMinute);
    v.systolic = static_cast<int64_t>(124 + rng.Noise(8));
    v.diastolic = static_cast<int64_t>(68 + rng.Noise(4));
    v.pulse = static_cast<int64_t>(70 + rng.Noise(4));
    v.temperature = Round1(36.3 + rng.Noise(0.15));
    v.weight = Round1(41.0 - (kWindowDays - d) * 0.01 + rng.Noise(0.2));
    PostSpec& p = t.Add(at, "dr.yamamoto", "medical_visit",
                        "訪問診療（グループホーム）。" + VitalsText(v) +
                            "。腎機能は横ばい。ホームの職員から、夜間の不穏は減ったとのこと。");
    p.vitals = v;
  });
  EachVisit(cal, rng, kWindowDays, 0, kMon, 1.0, [&](int d) {
    if (d % 28 < 14 || d % 28 > 20) return;
    t.Add(cal.At(d, 10, rng.Between(0, 40)), "dh.shimizu", "meal",
          rng.Pick(std::vector<std::string>{
              "訪問歯科衛生指導。部分入れ歯の清掃と調整の要否を確認しました。食事中の外れはないとの"
              "こと。",
              "訪問歯科衛生指導。口腔内は清潔に保たれています。ホームの職員さんと義歯の保管方法を"
              "確認しました。"}));
  });
  t.Add(cal.At(cal.OfficeDay(55), 10, 30), "town.ogawa", "support",
        "介護保険負担限度額認定の更新手続きが完了しました（長男様より郵送で申請）。");
  {
    PostSpec& p = t.Add(cal.At(34, 15, 0), "dr.yamamoto", "medical_visit",
                        "ホームより、食事中にむせることが増えたと相談がありました。清水さん、次回の"
                        "訪問で嚥下の様子を見ていただけますか。");
    p.mentions = {"dh.shimizu"};
    p.replies = {{cal.At(33, 11, 0), "dh.shimizu",
                  "承知しました。来週の訪問時に食事場面を見せていただき、食形態を職員さんと相談しま"
                  "す。"}};
  }
  t.Add(cal.At(26, 13, 20), "dh.shimizu", "meal",
        "昼食の場面を拝見しました。汁物でむせるため、とろみ（薄い）を付けること、食事前に口の体操を"
        "行うことをホームの職員さんと決めました。");
  t.Add(cal.Recent(55), "town.ogawa", "contact",
        "長男の清様から、年末に名古屋から面会に来られるとの連絡がありました。ホームにもお伝えしま"
        "した。");
  return t;
}

}  // namespace app::demo
