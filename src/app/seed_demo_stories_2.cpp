// Demo timelines: 中島 正雄 (a new case, insulin and a hypoglycaemia), 山口 千代子 (dementia,
// went missing once), 岡田 義男 (cancer, died at home last month), 藤田 美咲 (spinal cord
// injury, lives on her own).
#include "app/seed_demo_story.h"

namespace app::demo {

// ---- 中島 正雄 ----

Timeline NakajimaStory(const Calendar& cal, Rng& rng) {
  Timeline t;
  const int registered = DemoDays::kNakajimaRegistered;
  const int raised = 41, hypo = 33;  // insulin 8→10 units, then back to 8 after a hypo
  auto fasting = [&](int d) {
    double mean = d > raised ? 188 : (d > hypo ? 146 : 156);
    return static_cast<int64_t>(mean + rng.Noise(16));
  };
  auto vitals = [&](int64_t at) {
    care::VitalsInput v = Measured(at);
    v.systolic = static_cast<int64_t>(142 + rng.Noise(8));
    v.diastolic = static_cast<int64_t>(82 + rng.Noise(5));
    v.pulse = static_cast<int64_t>(74 + rng.Noise(4));
    v.weight = Round1(68.4 + rng.Noise(0.3));
    return v;
  };
  static const std::vector<std::string> kNurseNotes = {
      "インスリンの注射手技を確認しました。単位合わせは奥様が読み上げて確認されています。",
      "注射部位の硬結はありません。腹部で部位をずらして打てています。",
      "足の観察: 右第5趾に靴擦れがあり、保護パッドを貼りました。靴のサイズを見直す予定です。",
      "足の観察: 傷や白癬はありません。爪切りを行いました。",
      "両足のしびれは変わらないとのこと。こたつや湯たんぽによる低温やけどに注意をお伝えしまし"
      "た。",
      "間食のおせんべいを1日2枚までにしているそうです。"};

  {
    PostSpec& p =
        t.Add(cal.At(registered, 15, 0), "cm.sato", "contact",
              "新規に担当となりました。地域包括支援センターからの紹介です。2型糖尿病でイン"
              "スリン自己注射中ですが、白内障の術後で単位の目盛りが見えにくく、奥様が見守"
              "っています。ご本人の目標は「孫と釣りに行けるくらい元気でいたい」。");
    p.important = true;
  }
  {
    PostSpec& p =
        t.Add(cal.At(registered - 2, 17, 10), "cm.sato", "meeting",
              "サービス担当者会議（初回）の記録\n"
              "出席: 山本医師、渡辺（薬局）、佐藤（ケアマネ）、ご本人、奥様 和子様\n"
              "・訪問看護を週1回（月曜）: インスリン手技と血糖記録の確認、足の観察\n"
              "・デイサービス（ふれあいデイサービス）を火・金\n"
              "・血糖自己測定は朝食前に毎日。記録ノートを訪問看護が確認してシステムに入力\n"
              "・歯周病の治療を勧める（歯科衛生士の訪問を調整）");
    p.important = true;
    p.replies = {{cal.At(registered - 2, 18, 30), "dr.yamamoto",
                  "低血糖時の対応（ブドウ糖の常備）も、訪問看護からあらためてお伝えください。"}};
  }
  // Every morning's reading from his notebook, typed in at the nurse's weekly visit.
  for (int d = registered - 3; d >= 0; --d) {
    care::VitalsInput g = Measured(cal.At(d, 7, rng.Between(0, 25)));
    g.glucose = d == hypo ? 128 : fasting(d);
    int visit = d;
    while (visit > 0 && cal.Weekday(visit) != 1) --visit;  // the next Monday
    t.vitals.push_back({"ns.ito", g, cal.At(visit, 11, 40) + (d - visit) * kMinute});
  }
  // From her first Monday after joining the team (three days after registration, at 13:00).
  EachVisit(cal, rng, registered - 4, 0, kMon, 0.95, [&](int d) {
    const int64_t at = cal.At(d, 11, rng.Between(0, 30));
    care::VitalsInput v = vitals(at - 30 * kMinute);
    std::string body = "訪問看護。" + VitalsText(v) + "。" + rng.Pick(kNurseNotes) +
                       "血糖ノートの1週間分を入力しました。";
    if (rng.Chance(0.3)) body += SeasonalAdvice(cal, d, rng);
    PostSpec& p = t.Add(at, "ns.ito", "medical_visit", body);
    p.vitals = v;
  });
  EachVisit(cal, rng, registered - 3, 0, kThu, 1.0, [&](int d) {
    if ((d / 7) % 2 == 0) return;
    // HbA1c from the blood test at the visit before: monthly, falling after the adjustment.
    std::string finding = d > 45 ? "HbA1c 8.4%。インスリンの単位合わせを奥様と確認しました。"
                          : d > 30 ? "HbA1c 8.1%。低血糖症状の有無を確認しました。"
                          : d > 14 ? "HbA1c 7.8%。低血糖の再発はありません。"
                                   : "HbA1c 7.6%。食事と間食の記録を続けていただきます。";
    t.Add(cal.At(d, 14, rng.Between(0, 40)), "dr.yamamoto", "medical_visit",
          "訪問診療。" + finding + "足背動脈の触知良好。");
  });
  EachVisit(cal, rng, registered - 3, 0, kWed, 1.0, [&](int d) {
    if ((d / 7) % 2 == 1 || d == hypo - 1) return;  // that day's delivery is written below
    t.Add(cal.At(d, 16, rng.Between(0, 40)), "ph.watanabe", "medication",
          rng.Pick(std::vector<std::string>{
              "お薬とインスリンの針をお届けしました。インスリンは冷蔵庫のドアポケットで保管され"
              "ています。",
              "残薬を確認しました。メトホルミンの飲み忘れが2回ありました。デイサービスの日の昼"
              "に注意です。",
              "ブドウ糖の常備（冷蔵庫横・外出用カバン）を確認しました。"}));
  });
  EachVisit(cal, rng, 40, 0, kTue, 1.0, [&](int d) {
    if ((d / 7) % 2 == 0) return;
    t.Add(cal.At(d, 15, rng.Between(0, 30)), "dh.shimizu", "other",
          rng.Pick(std::vector<std::string>{
              "訪問歯科衛生指導。歯周ポケットは4〜5mm。歯間ブラシの使い方を練習しました。",
              "訪問歯科衛生指導。歯肉の出血が減ってきました。糖尿病と歯周病の関係を奥様にもお話"
              "ししました。"}));
  });
  {
    const int64_t at = cal.At(raised, 11, 50);
    PostSpec& p =
        t.Add(at, "ns.ito", "medication",
              "自己測定の記録では、空腹時血糖が180〜210mg/dLで推移しています。食事量は変わ"
              "りありません。山本先生、インスリンの調整をご検討ください。");
    p.mentions = {"dr.yamamoto"};
    p.replies = {{at + 4 * kHour, "dr.yamamoto",
                  "グラルギンを明日から8単位→10単位に増量します。低血糖症状に注意してください。"},
                 {at + 5 * kHour, "ph.watanabe",
                  "増量を確認しました。単位の合わせ方を奥様と一緒に確認します。"}};
  }
  {
    const int64_t at = cal.At(hypo, 18, 40);
    care::VitalsInput g = Measured(cal.At(hypo, 17, 30));
    g.glucose = 62;
    PostSpec& p =
        t.Add(at, "ns.ito", "medical_visit",
              "【低血糖】17時半ごろ冷汗と手のふるえがあり、奥様が測定して血糖62mg/dL。ブド"
              "ウ糖10gを飲んで15分後に118mg/dLに回復しました。デイサービスで昼食を半分残"
              "していたそうです。電話で状況を確認し、夕食はいつもどおり摂れています。");
    p.important = true;
    p.ack_requested = true;
    p.vitals = g;
    p.acked_by = {"dr.yamamoto", "cm.sato", "ph.watanabe", "dh.shimizu"};
    p.replies = {
        {at + 14 * kHour, "dr.yamamoto",
         "グラルギンを8単位に戻します。食事量が半分以下の日は、夕方に血糖を測るようお伝えください"
         "。"},
        {at + 16 * kHour, "cm.sato",
         "デイサービスに、昼食が半分以下の日は連絡帳とお電話で知らせてもらうよう依頼しました。"}};
  }
  t.Add(cal.At(hypo - 1, 16, 20), "ph.watanabe", "medication",
        "処方変更をお届けしました（グラルギン10→8単位）。ブドウ糖を追加し、冷蔵庫横と外出用のカバン"
        "に入れました。");
  t.Add(cal.At(cal.OfficeDay(20), 15, 10), "cm.sato", "support",
        "モニタリング訪問。低血糖はあれ以来ありません。デイサービスでは食事量の連絡が毎回届いてい"
        "ます。ご本人は「来月、孫と川釣りに行く」と楽しみにされています。");
  t.Add(
      cal.Recent(28), "cm.sato", "wishes",
      "釣りに行かれたそうです。「1匹も釣れなかったが楽しかった」と写真を見せてくださいました。外出"
      "時はブドウ糖を持っていたとのこと。");
  return t;
}

// ---- 山口 千代子 ----

Timeline YamaguchiStory(const Calendar& cal, Rng& rng) {
  Timeline t;
  const int missing = 52;
  static const std::vector<std::string> kHelperNotes = {
      "昼食（配食）を一緒に召し上がりました。朝の薬は飲めていました。",
      "昼食は半分ほど。「朝ごはんを食べたか覚えていない」とのことで、台所を確認すると朝食の食器"
      "は洗ってありました。",
      "洗濯物を一緒に干しました。昔の職場（紡績工場）のお話をたくさんされました。",
      "冷蔵庫に同じ豆腐が4丁ありました。長男様にメモで共有しました。",
      "ガスの元栓は閉まっていました。",
      "午後に訪問。テレビで相撲を見ておられ、機嫌よく過ごされていました。"};
  EachVisit(cal, rng, kWindowDays, 0, kWeekdays, 0.4, [&](int d) {
    if (d == 30) return;
    std::string body = "訪問介護（昼）。" + rng.Pick(kHelperNotes);
    if (rng.Chance(0.2)) body += SeasonalAdvice(cal, d, rng);
    t.Add(cal.At(d, 12, rng.Between(30, 59)), "hh.hayashi", rng.Chance(0.5) ? "meal" : "daily_life",
          body);
  });
  EachVisit(cal, rng, kWindowDays, 0, kThu, 1.0, [&](int d) {
    if (d % 28 > 6) return;
    const int64_t at = cal.At(d, 14, rng.Between(0, 40));
    care::VitalsInput v = Measured(at - 10 * kMinute);
    v.systolic = static_cast<int64_t>(128 + rng.Noise(7));
    v.diastolic = static_cast<int64_t>(74 + rng.Noise(4));
    v.pulse = static_cast<int64_t>(68 + rng.Noise(4));
    v.weight = Round1(47.2 + rng.Noise(0.3));
    PostSpec& p = t.Add(at, "dr.yamamoto", "medical_visit",
                        "訪問診療。" + VitalsText(v) + "。ドネペジルは副作用なく継続します。");
    p.vitals = v;
  });
  EachVisit(cal, rng, kWindowDays, 0, kTue, 1.0, [&](int d) {
    if ((d / 7) % 2 == 0 || d == 36) return;
    t.Add(cal.At(d, 16, rng.Between(0, 40)), "ph.watanabe", "medication",
          "お薬をお届けしました。お薬カレンダーの飲み残しは" +
              std::string(rng.Chance(0.6) ? "ありませんでした。" : "昼の分が1回ありました。"));
  });
  {
    PostSpec& p =
        t.Add(cal.At(cal.OfficeDay(60), 17, 40), "cm.sato", "contact",
              "長男の浩二様より、夕方に一人で外出して近所の方に連れ帰ってもらったことが今"
              "月2回あったと相談がありました。地域包括支援センターの井上さんにチームへ入っ"
              "ていただき、見守りの体制を相談します。");
    p.important = true;
  }
  {
    const int64_t at = cal.At(missing, 17, 20);
    PostSpec& p =
        t.Add(at, "cm.sato", "contact",
              "本日14時ごろ、自宅から一人で外出され、行方が分からなくなりました。長男様が"
              "警察に届け、約2時間後に港町の公園で保護されました（群青警察署）。けがはあり"
              "ません。今後の見守りについて、明日井上さんと長男様と相談します。");
    p.important = true;
    p.ack_requested = true;
    p.mentions = {"center.inoue"};
    p.acked_by = {"dr.yamamoto", "hh.hayashi", "ph.watanabe", "center.inoue"};
    p.replies = {
        {at + 90 * kMinute, "center.inoue",
         "SOSネットワークへの事前登録の書類を用意します。靴に付けるGPS端末の貸与も手続きし"
         "ます。"},
        {at + 17 * kHour, "hh.hayashi", "昼の訪問時に、玄関の鍵と外出の様子に注意します。"}};
  }
  t.Add(cal.At(missing - 3, 15, 0), "center.inoue", "support",
        "SOSネットワークへの事前登録を済ませ、靴にGPS端末を付けました。長男様のスマートフォンで位置"
        "を確認できます。行方不明時の連絡順は、長男様→地域包括→群青警察署です。");
  {
    const int64_t at = cal.At(36, 16, 30);
    PostSpec& p =
        t.Add(at, "ph.watanabe", "medication",
              "お薬カレンダーを壁掛けのポケット式に変えました（写真）。飲み終わった分が一目"
              "で分かります。林さん、昼の訪問時にその日の「昼」のポケットが空になっているか"
              "の確認をお願いします。");
    p.photo = "med_calendar";
    p.mentions = {"hh.hayashi"};
    p.replies = {{at + 18 * kHour, "hh.hayashi", "承知しました。毎回確認して記録します。"}};
  }
  {
    // Written in the wrong person's timeline and withdrawn by its author.
    const int64_t at = cal.At(30, 13, 10);
    PostSpec& p = t.Add(at, "hh.hayashi", "daily_life",
                        "入浴介助を行いました。背中に湿疹があり、保湿剤を塗布しました。");
    p.deletion = DeleteSpec{at + 25 * kMinute, "hh.hayashi",
                            "別の利用者様の記録を誤って投稿したため削除します。"};
  }
  {
    PostSpec& p = t.Add(cal.At(cal.OfficeDay(24), 17, 0), "cm.sato", "meeting",
                        "サービス担当者会議の記録\n"
                        "出席: 山本医師、井上（地域包括）、渡辺（薬局）、林（訪問介護）、佐藤（ケア"
                        "マネ）、長男 浩二様、ご本人\n"
                        "・行方不明は1回のみ。GPS端末は毎日身につけている\n"
                        "・日中の独居時間を減らすため、デイサービス週2回の利用を提案。ご本人は「考"
                        "えておく」\n"
                        "・長男様の希望: 仕事を続けながら、できるだけ家で一緒に暮らしたい");
    p.important = true;
    p.replies = {{cal.At(23, 9, 30), "center.inoue",
                  "デイサービスの見学に同行できます。ご本人が乗り気になりやすい日を教えてくださ"
                  "い。"}};
  }
  t.Add(cal.At(cal.OfficeDay(10), 15, 20), "cm.sato", "wishes",
        "ふれあいデイサービスを見学しました。手芸のクラブがあると聞いて「やってみようかね」と笑顔。"
        "来週から週1回で始めてみます。");
  t.Add(cal.Recent(6), "hh.hayashi", "daily_life",
        "初めてのデイサービスから帰られたところに訪問。「楽しかった、また行く」とのこと。作ったコー"
        "スターを見せてくださいました。");
  return t;
}

// ---- 岡田 義男 ----

Timeline OkadaStory(const Calendar& cal, Rng& rng) {
  Timeline t;
  const int died = DemoDays::OkadaDied(cal);
  auto vitals = [&](int d, int64_t at) {
    // The last two weeks: pressure falls, pulse and breathing rise.
    const double last = std::max(0.0, 14.0 - (d - died)) / 14.0;
    care::VitalsInput v = Measured(at);
    v.systolic = static_cast<int64_t>(116 - 26 * last + rng.Noise(5));
    v.diastolic = static_cast<int64_t>(68 - 14 * last + rng.Noise(3));
    v.pulse = static_cast<int64_t>(82 + 26 * last + rng.Noise(4));
    v.spo2 = static_cast<int64_t>(95 - 6 * last + rng.Noise(0.8));
    v.respiration = static_cast<int64_t>(18 + 8 * last + rng.Between(0, 2));
    v.temperature = Round1(36.7 + rng.Noise(0.2));
    return v;
  };
  static const std::vector<std::string> kNurseNotes = {
      "痛みはNRS 2〜3で、レスキューは1日1回程度。",
      "食事はプリンとスープを少量。水分は1日500mLほど。",
      "背部と仙骨部に発赤なし。体位変換を奥様と一緒に行いました。",
      "便通は2日に1回。酸化マグネシウムで調整できています。",
      "「家の庭が見えるのがいい」と話されました。",
      "奥様の睡眠が不足気味。夜間の見守りを長男様と交代できるよう相談しました。"};
  EachVisit(cal, rng, kWindowDays, died + 1, kMon | kWed | kFri, 1.0, [&](int d) {
    if (d == 56 || d <= died + 4) return;  // the last days are written below
    const int64_t at = cal.At(d, 10, rng.Between(0, 50));
    care::VitalsInput v = vitals(d, at - 30 * kMinute);
    std::string body =
        "訪問看護。" + VitalsText(v) + "。" + Sentences(rng, kNurseNotes, rng.Chance(0.4) ? 2 : 1);
    PostSpec& p = t.Add(at, "ns.ito", "medical_visit", body);
    p.vitals = v;
  });
  EachVisit(cal, rng, kWindowDays, died + 1, kTue, 1.0, [&](int d) {
    const int64_t at = cal.At(d, 13, rng.Between(30, 59));
    t.Add(at, "dr.yamamoto", "medical_visit",
          d - died > 14 ? "訪問診療。疼痛コントロールは良好。黄疸の進行はありません。"
                        : "訪問診療。経口摂取が減っています。苦痛の緩和を最優先に、点滴は行わない"
                          "方針をご家族と再確認しました。");
  });
  EachVisit(cal, rng, kWindowDays, died + 1, kThu, 1.0, [&](int d) {
    t.Add(cal.At(d, 16, rng.Between(0, 40)), "ph.watanabe", "medication",
          "医療用麻薬の残数を確認しました（徐放錠・速放散とも記録と一致）。レスキューの使用は週" +
              std::to_string(rng.Between(4, 9)) + "回でした。");
  });
  EachVisit(cal, rng, kWindowDays, died + 1, kTue | kFri, 0.5, [&](int d) {
    t.Add(cal.At(d, 11, rng.Between(0, 40)), "hh.hayashi", "daily_life",
          rng.Pick(std::vector<std::string>{
              "清拭と更衣を行いました。奥様は台所で休憩していただきました。",
              "シーツ交換と清拭。「さっぱりした」とのこと。",
              "奥様の買い物の間、見守りをしました。ラジオの野球中継を一緒に聞きました。"}));
  });
  {
    PostSpec& p =
        t.Add(cal.At(cal.OfficeDay(75), 16, 0), "cm.sato", "wishes",
              "ご本人・奥様・長男様と、今後の過ごし方について話し合いました（人生会議）。ご"
              "本人「最期まで家にいたい。病院には行かない」。奥様・長男様も同じ気持ちで、"
              "苦痛が強いときは鎮静も含めて山本先生に相談したい、とのことです。");
    p.important = true;
    p.replies = {{cal.At(74, 9, 0), "dr.yamamoto",
                  "記録ありがとうございます。急変時も救急車ではなく、まずクリニックか訪問看護の24"
                  "時間電話へ連絡するよう、あらためてお伝えします。"}};
  }
  {
    const int64_t at = cal.At(56, 11, 0);
    PostSpec& p = t.Add(at, "ns.ito", "medication",
                        "レスキュー（速放散）の使用が1日3〜4回に増えています。痛みは右季肋部から背"
                        "部、NRS 5〜6。山本先生、ベースの増量をご検討ください。");
    p.mentions = {"dr.yamamoto"};
    p.vitals = vitals(56, at - 30 * kMinute);
    p.replies = {{at + 3 * kHour, "dr.yamamoto",
                  "オキシコドン徐放錠を5mgから10mgに増量します（明朝から）。眠気と呼吸数に注意して"
                  "ください。"},
                 {at + 5 * kHour, "ph.watanabe", "増量分をお届けし、旧規格の残薬を回収しました。"}};
  }
  {
    PostSpec& p =
        t.Add(cal.At(died + 5, 15, 30), "dr.yamamoto", "medical_visit",
              "余命は日の単位と考えます。奥様と長男様に、これから起こる変化（呼吸の変化、"
              "尿量の減少、手足の冷え）をパンフレットでご説明しました。夜間の連絡は訪問看護"
              "の24時間電話へ。");
    p.important = true;
    p.ack_requested = true;
    p.acked_by = {"cm.sato", "ns.ito", "ph.watanabe", "hh.hayashi"};
  }
  static const std::string kLastDays[] = {
      // died + 1 … died + 4
      "下顎呼吸が始まっています。奥様と長男様がそばにいらっしゃいます。夜間でも遠慮なく24時間"
      "電話に連絡するよう、あらためてお伝えしました。",
      "呼びかけにわずかに開眼されます。尿量が減っています。口腔ケアと体位変換を行いました。",
      "うとうとされていることが多く、水分はスポンジで口を湿らせる程度です。奥様の手を握り返され"
      "ました。",
      "呼びかけにうなずかれます。痛みの訴えはありません。口腔ケアと体位変換を行いました。"};
  for (int d = died + 4; d > died; --d) {  // daily visits in the last days
    const int64_t at = cal.At(d, 10, rng.Between(0, 40));
    care::VitalsInput v = vitals(d, at - 20 * kMinute);
    PostSpec& p = t.Add(at, "ns.ito", "medical_visit",
                        "訪問看護（連日）。" + VitalsText(v) + "。" + kLastDays[d - died - 1]);
    p.vitals = v;
  }
  {
    const int64_t at = cal.At(died, 6, 10);
    PostSpec& p =
        t.Add(at, "ns.ito", "medical_visit",
              "早朝5時20分、奥様から「呼吸が止まったようだ」と電話があり訪問しました。山本"
              "先生に連絡済みです。");
    p.important = true;
    p.replies = {{cal.At(died, 10, 30), "ns.ito",
                  "エンゼルケアを奥様・長男様と一緒に行いました。奥様がお好きだった紺の着物を選ば"
                  "れました。"}};
    PostSpec& q =
        t.Add(cal.At(died, 7, 20), "dr.yamamoto", "medical_visit",
              "6時45分、ご自宅で死亡を確認しました。奥様と長男様に見守られ、穏やかな最期で"
              "した。死亡診断書をお渡ししました。皆さま、ありがとうございました。");
    q.important = true;
    q.share_family = true;
  }
  t.Add(
      cal.At(died, 13, 0), "cm.sato", "contact",
      "サービス終了の手続きを進めます（福祉用具の引き上げは来週、訪問介護は本日で終了）。記録はこの"
      "まま残します。");
  t.Add(cal.At(died - 1, 15, 0), "ph.watanabe", "medication",
        "残薬（医療用麻薬を含む）を奥様から受け取り、回収しました。廃棄の届出を行います。");
  PostSpec& p =
      t.Add(cal.At(cal.OfficeDay(died - 7), 17, 30), "cm.sato", "meeting",
            "デスカンファレンスの記録\n"
            "出席: 山本医師、伊藤（訪問看護）、渡辺（薬局）、林（訪問介護）、佐藤（ケアマネ）\n"
            "・ご本人の「家にいたい」という希望に沿えた\n"
            "・疼痛の増悪時に、レスキューの使用状況をチームで早く共有できた\n"
            "・奥様の疲労への支援は、もう少し早く長男様を巻き込めた\n"
            "・ご遺族の奥様には、四十九日のころに訪問してお話を伺う（佐藤）");
  p.important = true;
  return t;
}

// ---- 藤田 美咲 ----

Timeline FujitaStory(const Calendar& cal, Rng& rng) {
  Timeline t;
  const int uti = 19;
  auto vitals = [&](int d, int64_t at) {
    care::VitalsInput v = Measured(at);
    v.systolic = static_cast<int64_t>(98 + rng.Noise(6));
    v.diastolic = static_cast<int64_t>(60 + rng.Noise(4));
    v.pulse = static_cast<int64_t>(64 + rng.Noise(4));
    v.temperature = Round1((d <= uti && d >= uti - 2 ? 38.1 : 36.4) + rng.Noise(0.15));
    return v;
  };
  static const std::vector<std::string> kNurseNotes = {
      "導尿は1日5回、尿の混濁なし。",
      "坐骨部・仙骨部に発赤なし。車いす座位でのプッシュアップ（除圧）ができています。",
      "便秘傾向のため、摘便と腹部マッサージを行いました。", "上肢のストレッチを一緒に行いました。",
      "仕事の締め切り前で座位時間が長いとのこと。1時間ごとの除圧をアラームで促すことにしました。"};
  EachVisit(cal, rng, kWindowDays, 0, kWed, 0.95, [&](int d) {
    const int64_t at = cal.At(d, 10, rng.Between(0, 50));
    care::VitalsInput v = vitals(d, at - 20 * kMinute);
    std::string body = "訪問看護。" + VitalsText(v) + "。" + rng.Pick(kNurseNotes);
    const int month = cal.Month(d);
    if (month >= 6 && month <= 9 && rng.Chance(0.6)) {
      body +=
          "頸髄損傷で汗をかけず体温が上がりやすいため、室温は26℃以下に、首元を保冷剤で冷やす"
          "ようお伝えしました。";
    } else if (rng.Chance(0.2)) {
      body += SeasonalAdvice(cal, d, rng);
    }
    PostSpec& p = t.Add(at, "ns.ito", "medical_visit", body);
    p.vitals = v;
  });
  EachVisit(cal, rng, kWindowDays, 0, kMon | kThu, 0.3, [&](int d) {
    t.Add(cal.At(d, 18, rng.Between(0, 40)), "hh.hayashi", "daily_life",
          rng.Pick(std::vector<std::string>{
              "夕食の調理と入浴介助を行いました。",
              "通院の付き添い（市民病院 泌尿器科）。次回受診は3か月後です。",
              "買い物の同行。新しいペン型マウスを選ばれました。",
              "夕食の介助と就寝準備。「今日は仕事がはかどった」とのこと。"}));
  });
  {
    const int64_t at = cal.At(65, 14, 30);
    PostSpec& p = t.Add(at, "hh.hayashi", "daily_life",
                        "14時ごろ、急な頭痛と顔の紅潮、鳥肌があり、血圧168/96。手順どおり座位にして"
                        "導尿したところ、10分後に124/72に下がり症状も治まりました。伊藤さん、確認を"
                        "お願いします。");
    p.important = true;
    p.mentions = {"ns.ito"};
    care::VitalsInput v = Measured(cal.At(65, 14, 5));
    v.systolic = 168;
    v.diastolic = 96;
    v.pulse = 58;
    p.vitals = v;
    p.replies = {{at + 2 * kHour, "ns.ito",
                  "自律神経過反射ですね。落ち着いた対応でした。前回の導尿から5時間以上あいていたそ"
                  "うなので、仕事中もアラームで時間を知らせる設定にします。"}};
  }
  t.Add(
      cal.At(cal.OfficeDay(70), 10, 30), "city.tanaka", "support",
      "障害福祉サービス受給者証の更新時期です（" + cal.MonthDay(40) +
          "まで）。更新申請の書類を郵送しました。記入の代筆が必要な箇所は、林さんの訪問時にお願いで"
          "きますか。");
  t.Add(cal.At(cal.OfficeDay(41), 9, 40), "city.tanaka", "support",
        "受給者証を更新しました。重度訪問介護の支給量（月372時間）は変わりません。");
  {
    const int64_t at = cal.At(uti, 10, 20);
    care::VitalsInput v = vitals(uti, at - 20 * kMinute);
    v.temperature = 38.2;
    PostSpec& p = t.Add(at, "ns.ito", "medical_visit",
                        "38.2℃の発熱と尿の混濁・浮遊物があります。山本先生に報告しました。");
    p.important = true;
    p.vitals = v;
    p.mentions = {"dr.yamamoto"};
    p.replies = {{at + 5 * kHour, "dr.yamamoto",
                  "往診しました。尿路感染症として抗菌薬を7日分処方。水分は1日1,500mL以上を。"}};
  }
  t.Add(cal.At(33, 15, 0), "ns.ito", "wishes",
        "ご本人より「在宅でのWebデザインの仕事を続けたい。来年は講師の仕事も受けたい」とのお話があ"
        "りました。座位時間が延びるので、除圧とクッションの見直しを福祉用具の担当と相談します。");
  {
    PostSpec& p = t.Add(
        cal.At(cal.OfficeDay(12), 16, 0), "city.tanaka", "support",
        "個別避難計画の作成について。3階のため、停電でエレベーターが止まると自力で避難できませ"
        "ん。消防本部と相談し、担架での搬送と、電動車いすのバッテリー（予備1個）の確認を計画に"
        "入れました。避難先は群青市総合体育館の福祉避難スペースです。");
    p.important = true;
    p.replies = {{cal.At(11, 10, 0), "ns.ito",
                  "導尿カテーテルと衛生用品を3日分、非常用袋に入れていただくようお伝えします。"}};
  }
  return t;
}

}  // namespace app::demo
