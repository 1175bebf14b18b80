#include "watch/alert_json.h"

#include "core/utf8.h"
#include "core/wareki.h"
#include "watch/json.h"
#include "watch/local_time.h"
#include "watch/thresholds.h"

namespace watch {
namespace {

namespace json = boost::json;

json::value UserJson(const std::optional<AlertUser>& u) {
  if (!u) return nullptr;
  return json::object{{"id", u->id}, {"display_name", u->display_name}};
}

// Long notes are cut in the timeline summary: the full text stays on the alert.
std::string Clip(std::string_view s, size_t max_chars) {
  if (core::Utf8Length(s) <= max_chars) return std::string(s);
  std::u32string cps = core::DecodeUtf8(s);
  std::string out;
  for (size_t i = 0; i < max_chars && i < cps.size(); ++i) core::AppendUtf8(out, cps[i]);
  return out + "…";
}

std::string OneLine(std::string_view s) {
  std::string out;
  for (char ch : s) out += (ch == '\n' || ch == '\r') ? ' ' : ch;
  return out;
}

std::string FormatJstTime(int64_t ms) { return FormatLocalTime(LocalMinuteOfDay(ms)); }

constexpr size_t kMaxSummaryLines = 20;  // calls and notices listed; more are counted
constexpr size_t kMaxLineNote = 200;

}  // namespace

json::value StepJson(int step) {
  if (step <= 0 || step > static_cast<int>(std::size(kLadderSteps))) return nullptr;
  return json::value(std::string(kLadderSteps[step - 1]));
}

json::object AlertItemJson(const Alert& a, int64_t now) {
  json::value device = nullptr;
  if (a.device_id) {
    device = json::object{{"id", *a.device_id}, {"kind", a.device_kind}, {"place", a.device_place}};
  }
  return {{"id", a.id},
          {"person", {{"id", a.person_id}, {"name", a.person_name}}},
          {"municipality_code", a.municipality_code},
          {"device", std::move(device)},
          {"kind", a.kind},
          {"category", a.category},
          {"severity", a.severity},
          {"state", a.state},
          {"active", a.active},
          {"opened_at", a.opened_at},
          {"updated_at", a.updated_at},
          {"cleared_at", Opt(a.cleared_at)},
          {"taken_by", UserJson(a.taken_by)},
          {"step", StepJson(a.step)},
          {"next_step_at", Opt(a.next_step_at)},
          {"overdue", a.Overdue(now)},
          {"resolved_at", Opt(a.resolved_at)},
          {"outcome", Opt(a.outcome)}};
}

json::object AlertJson(const Alert& a, int64_t now) {
  json::object o = AlertItemJson(a, now);
  o["evidence"] = ParseStoredObject(a.evidence_json);
  o["taken_at"] = Opt(a.taken_at);
  o["resolved_by"] = UserJson(a.resolved_by);
  o["outcome_note"] = Opt(a.outcome_note);
  o["timeline_post_id"] = Opt(a.timeline_post_id);
  return o;
}

json::object EventJson(const AlertEvent& e) {
  json::object o{{"id", e.id},
                 {"at", e.at},
                 {"by", UserJson(e.user)},
                 {"action", e.action},
                 {"step", Opt(e.step)},
                 {"callee", Opt(e.callee)},
                 {"phone", Opt(e.phone)},
                 {"answered", Opt(e.answered)},
                 {"note", e.note}};
  return o;
}

json::array LadderJson(const std::vector<LadderStep>& ladder) {
  json::array out;
  for (const auto& s : ladder) {
    json::object step{{"step", s.step}, {"done", s.done}};
    if (s.step == "emergency") {
      step["advice"] = s.advice;
    } else {
      json::array contacts;
      for (const auto& c : s.contacts) {
        json::array phones;
        for (const auto& p : c.phones) phones.push_back(json::value(p));
        json::object o{
            {"name", c.name},
            {"phone", c.phones.empty() ? json::value(nullptr) : json::value(c.phones[0])},
            {"phones", std::move(phones)},
            {"attempts", c.attempts},
            {"answered", c.answered}};
        if (c.user_id) o["user_id"] = *c.user_id;
        if (s.step == "family") {
          o["relation"] = c.relation;
          o["lives_with"] = c.lives_with;
          o["note"] = c.note;
        }
        if (s.step == "care_manager" || s.step == "city") {
          o["organization_name"] = c.organization_name;
        }
        contacts.push_back(std::move(o));
      }
      step["contacts"] = std::move(contacts);
    }
    out.push_back(std::move(step));
  }
  return out;
}

std::string_view AlertKindLabel(std::string_view kind) {
  if (kind == "inactivity") return "長時間の無活動";
  if (kind == "daytime_silence") return "朝・日中の無反応";
  if (kind == "below_baseline") return "普段より少ない活動";
  if (kind == "night_activity") return "夜間の活動の増加";
  if (kind == "heat") return "室内の熱中症の危険";
  if (kind == "cold") return "室温の低下";
  if (kind == "device_offline") return "機器の通信途絶";
  if (kind == "battery_low") return "機器の電池残量低下";
  return kind;
}

std::string_view SeverityLabel(std::string_view severity) {
  if (severity == "watch") return "注意";
  if (severity == "alert") return "警戒";
  if (severity == "severe") return "重大";
  return severity;
}

std::string_view OutcomeLabel(std::string_view outcome) {
  if (outcome == "safe") return "本人の無事を確認";
  if (outcome == "visited") return "訪問して確認";
  if (outcome == "hospital") return "受診・入院";
  if (outcome == "emergency_call") return "救急要請";
  if (outcome == "false_alarm") return "誤報";
  if (outcome == "device_issue") return "機器の不具合";
  if (outcome == "other") return "その他";
  return outcome;
}

std::string_view StepLabel(std::string_view step) {
  if (step == "person") return "本人";
  if (step == "family") return "家族";
  if (step == "care_manager") return "ケアマネジャー";
  if (step == "city") return "市町村";
  if (step == "emergency") return "緊急対応";
  return step;
}

std::string FormatJstDateTime(int64_t ms) {
  core::Date d = core::DateFromEpochMillisJst(ms);
  return std::to_string(d.month) + "月" + std::to_string(d.day) + "日 " + FormatJstTime(ms);
}

std::string TimelineSummary(const Alert& a, const std::vector<AlertEvent>& events,
                            const std::string& extra_note) {
  std::string out = "【見守りアラート】" + std::string(AlertKindLabel(a.kind)) + "(" +
                    std::string(SeverityLabel(a.severity)) + ")\n";
  out += "発生: " + FormatJstDateTime(a.opened_at);
  if (a.resolved_at) out += " / 対応完了: " + FormatJstDateTime(*a.resolved_at);
  if (a.resolved_by) out += "(" + a.resolved_by->display_name + ")";
  out += "\n";

  std::vector<std::string> lines;
  for (const auto& e : events) {
    std::string line;
    std::string who = e.callee ? *e.callee : std::string();
    if (e.action == "call") {
      line = FormatJstTime(e.at) + " " + std::string(StepLabel(e.step.value_or(""))) + "(" + who +
             ")に電話: " + (e.answered.value_or(false) ? "応答あり" : "応答なし");
    } else if (e.action == "notified") {
      line = FormatJstTime(e.at) + " " + std::string(StepLabel(e.step.value_or(""))) + "(" + who +
             ")に連絡";
    } else if (e.action == "advised") {
      line = FormatJstTime(e.at) + " " +
             (who == "119" ? std::string("119番通報を助言") : std::string("安否確認の訪問を助言"));
    } else {
      continue;
    }
    if (!e.note.empty()) line += " — " + Clip(OneLine(e.note), kMaxLineNote);
    lines.push_back(std::move(line));
  }
  if (!lines.empty()) {
    out += "対応の記録:\n";
    for (size_t i = 0; i < lines.size() && i < kMaxSummaryLines; ++i) out += "・" + lines[i] + "\n";
    if (lines.size() > kMaxSummaryLines) {
      out += "・ほか" + std::to_string(lines.size() - kMaxSummaryLines) + "件\n";
    }
  }
  if (a.outcome) out += "結果: " + std::string(OutcomeLabel(*a.outcome)) + "\n";
  if (a.outcome_note && !a.outcome_note->empty()) out += "メモ: " + *a.outcome_note + "\n";
  if (!extra_note.empty()) out += "補足: " + extra_note + "\n";
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace watch
