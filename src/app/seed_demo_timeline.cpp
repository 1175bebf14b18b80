#include "app/seed_demo_timeline.h"

#include <algorithm>

#include "care/attachment_store.h"
#include "care/timeline_store.h"
#include "care/vitals_store.h"
#include "care/vitals_validation.h"
#include "core/id.h"
#include "core/japanese_text.h"

namespace app::demo {
namespace {

// Nothing is written closer to `now` than this: it would look like it happened in the future
// on a machine whose clock is a little behind the server's.
constexpr int64_t kNotBefore = 2 * kMinute;

/// How often a member opens their timelines.
struct Habit {
  const char* login;
  double morning;     // chance on a working day, around 8:00–9:30
  double evening;     // around 17:00–19:00
  double weekend;     // once on a Saturday or Sunday
  double away_hours;  // no openings in the last hours before now: what came since is unread
};

constexpr Habit kHabits[] = {
    {"cm.sato", 0.9, 0.8, 0.1, 20},       {"cm.kato", 0.8, 0.6, 0.0, 30},
    {"dr.yamamoto", 0.5, 0.6, 0.2, 34},   {"dr.mori", 0.4, 0.3, 0.0, 50},
    {"msw.kimura", 0.6, 0.5, 0.0, 70},    {"ns.ito", 0.9, 0.7, 0.2, 16},
    {"ph.watanabe", 0.6, 0.6, 0.0, 28},   {"hh.hayashi", 0.7, 0.5, 0.3, 26},
    {"dh.shimizu", 0.3, 0.3, 0.0, 80},    {"center.inoue", 0.7, 0.5, 0.0, 26},
    {"city.tanaka", 0.15, 0.1, 0.0, 120}, {"town.ogawa", 0.25, 0.15, 0.0, 60},
};
constexpr Habit kDefaultHabit{"", 0.5, 0.5, 0.0, 24};

const Habit& HabitOf(const std::string& login) {
  for (const Habit& h : kHabits) {
    if (login == h.login) return h;
  }
  return kDefaultHabit;
}

core::Error Mistake(const PersonSeed& person, const std::string& what) {
  return core::Error::Internal("demo timeline of " + person.key + ": " + what);
}

}  // namespace

const Photo* TimelineWriter::FindPhoto(const std::string& key) const {
  for (const Photo& p : photos_) {
    if (p.key == key) return &p;
  }
  return nullptr;
}

core::Result<void> TimelineWriter::CheckMember(const PersonSeed& person, const std::string& login,
                                               int64_t at, const std::string& what) const {
  for (const TeamSeat& s : person.team) {
    if (s.login == login && s.ActiveAt(at)) return core::Ok();
  }
  return Mistake(person, what + " by " + login + " " + std::to_string(cal_.DaysAgo(at)) +
                             " days ago, when not an active member");
}

core::Result<std::string> TimelineWriter::InsertPost(const PersonSeed& person,
                                                     const PostSpec& spec) {
  RETURN_IF_ERROR(CheckMember(person, spec.author, spec.at, "post"));
  const DemoUser& author = dir_.User(spec.author);
  care::TimelinePost p;
  p.id = core::NewId(spec.at);
  p.person_id = person.id;
  p.author.id = author.id;
  p.category = spec.category;
  p.body = spec.body;
  p.important = spec.important;
  p.ack_requested = spec.ack_requested;
  p.share_family = spec.share_family;
  p.created_at = spec.at;
  p.attachment_count = spec.photo.empty() ? 0 : 1;
  p.has_vitals = spec.vitals.has_value();
  if (p.ack_requested && !p.important) return Mistake(person, "acknowledgement without important");
  RETURN_IF_ERROR(
      care::TimelineStore::InsertPost(c_, p, author.org_id, core::NormalizeForSearch(p.body)));
  if (!spec.photo.empty()) {
    // Uploaded a moment before posting, then claimed by the post, as the composer does it.
    const Photo* photo = FindPhoto(spec.photo);
    if (!photo || !used_photos_.insert(spec.photo).second) {
      return Mistake(person, "photo " + spec.photo + " missing or used twice");
    }
    care::Attachment a = photo->stored;
    a.created_at = spec.at - 3 * kMinute;
    a.id = core::NewId(a.created_at);
    a.person_id = person.id;
    a.uploaded_by = author.id;
    RETURN_IF_ERROR(care::AttachmentStore::Insert(c_, a));
    ASSIGN_OR_RETURN(bool claimed,
                     care::TimelineStore::ClaimAttachment(c_, a.id, person.id, author.id, p.id));
    if (!claimed) return Mistake(person, "photo " + spec.photo + " not claimed");
    ++counts_.photos;
  }
  for (const std::string& login : spec.mentions) {
    RETURN_IF_ERROR(CheckMember(person, login, spec.at, "mention"));
    RETURN_IF_ERROR(care::TimelineStore::InsertMention(c_, p.id, dir_.User(login).id));
  }
  if (spec.vitals) {
    care::Vitals v;
    v.id = core::NewId(spec.at);
    v.person_id = person.id;
    v.post_id = p.id;
    v.values = *spec.vitals;
    if (v.values.measured_at == 0) v.values.measured_at = spec.at - 20 * kMinute;
    auto errors = care::ValidateVitals(v.values, cal_.now(), "vitals.");
    if (!errors.empty()) return Mistake(person, errors[0].field + ": " + errors[0].message);
    v.recorded_by = author.id;
    v.created_at = spec.at;
    RETURN_IF_ERROR(care::VitalsStore::Insert(c_, v));
    ++counts_.vitals;
  }
  ++counts_.posts;
  return p.id;
}

core::Result<std::string> TimelineWriter::InsertReply(const PersonSeed& person,
                                                      const std::string& parent_id,
                                                      const std::string& category,
                                                      const ReplySpec& spec) {
  RETURN_IF_ERROR(CheckMember(person, spec.author, spec.at, "reply"));
  const DemoUser& author = dir_.User(spec.author);
  care::TimelinePost r;
  r.id = core::NewId(spec.at);
  r.person_id = person.id;
  r.parent_id = parent_id;
  r.author.id = author.id;
  r.category = category;  // a reply belongs to its post's category
  r.body = spec.body;
  r.created_at = spec.at;
  RETURN_IF_ERROR(
      care::TimelineStore::InsertPost(c_, r, author.org_id, core::NormalizeForSearch(r.body)));
  RETURN_IF_ERROR(care::TimelineStore::BumpReplyCount(c_, parent_id));
  ++counts_.replies;
  return r.id;
}

core::Result<void> TimelineWriter::Write(const PersonSeed& person, Timeline timeline) {
  const int64_t last = cal_.now() - kNotBefore;
  std::stable_sort(timeline.posts.begin(), timeline.posts.end(),
                   [](const PostSpec& a, const PostSpec& b) { return a.at < b.at; });
  std::vector<Entry>& entries = entries_[person.id];
  for (PostSpec& spec : timeline.posts) {
    if (spec.at > last) continue;
    if (spec.at < person.registered_at) return Mistake(person, "post before registration");
    ASSIGN_OR_RETURN(std::string id, InsertPost(person, spec));
    Entry e;
    e.id = id;
    e.at = spec.at;
    e.author = spec.author;
    e.ack_requested = spec.ack_requested;
    e.to_ack.insert(spec.acked_by.begin(), spec.acked_by.end());
    writing_[spec.author].push_back({spec.at, person.id});

    std::stable_sort(spec.replies.begin(), spec.replies.end(),
                     [](const ReplySpec& a, const ReplySpec& b) { return a.at < b.at; });
    std::vector<Entry> replies;
    for (const ReplySpec& reply : spec.replies) {
      if (reply.at > last) break;
      if (reply.at <= spec.at) return Mistake(person, "reply before its post");
      ASSIGN_OR_RETURN(std::string reply_id, InsertReply(person, id, spec.category, reply));
      Entry r;
      r.id = reply_id;
      r.at = reply.at;
      r.author = reply.author;
      replies.push_back(std::move(r));
      writing_[reply.author].push_back({reply.at, person.id});
    }
    int64_t version = 1;
    for (const EditSpec& edit : spec.edits) {
      if (edit.at > last) break;
      ASSIGN_OR_RETURN(bool edited, care::TimelineStore::UpdateContent(
                                        c_, id, version, spec.category, edit.body,
                                        core::NormalizeForSearch(edit.body), spec.important,
                                        dir_.User(spec.author).id, edit.at));
      if (!edited) return Mistake(person, "edit not applied");
      ++version;
    }
    if (spec.deletion && spec.deletion->at <= last) {
      RETURN_IF_ERROR(CheckMember(person, spec.deletion->by, spec.deletion->at, "deletion"));
      ASSIGN_OR_RETURN(bool deleted,
                       care::TimelineStore::SoftDelete(c_, id, dir_.User(spec.deletion->by).id,
                                                       spec.deletion->reason, spec.deletion->at));
      if (!deleted) return Mistake(person, "deletion not applied");
      e.deleted_at = spec.deletion->at;
    }
    entries.push_back(std::move(e));
    for (Entry& r : replies) entries.push_back(std::move(r));
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.at < b.at; });

  for (const VitalsSpec& spec : timeline.vitals) {
    const int64_t recorded =
        spec.recorded_at != 0 ? spec.recorded_at : spec.values.measured_at + 6 * kMinute;
    if (recorded > last) continue;
    RETURN_IF_ERROR(CheckMember(person, spec.recorder, recorded, "vitals"));
    care::Vitals v;
    v.id = core::NewId(recorded);
    v.person_id = person.id;
    v.values = spec.values;
    auto errors = care::ValidateVitals(v.values, cal_.now(), "");
    if (!errors.empty()) return Mistake(person, errors[0].field + ": " + errors[0].message);
    v.recorded_by = dir_.User(spec.recorder).id;
    v.created_at = recorded;
    RETURN_IF_ERROR(care::VitalsStore::Insert(c_, v));
    ++counts_.vitals;
  }
  return core::Ok();
}

core::Result<void> TimelineWriter::WriteReads(const std::vector<PersonSeed>& persons, Rng& rng) {
  std::set<std::string> logins;
  for (const PersonSeed& p : persons) {
    for (const TeamSeat& s : p.team) logins.insert(s.login);
  }
  for (const std::string& login : logins) {
    const Habit& habit = HabitOf(login);
    const std::string& user_id = dir_.User(login).id;
    const int64_t away_from =
        cal_.now() - static_cast<int64_t>(habit.away_hours * static_cast<double>(kHour));
    std::vector<Session> sessions = writing_[login];
    for (int d = kWindowDays + 1; d >= 0; --d) {
      auto add = [&](double chance, int hour, int from_minute, int to_minute) {
        if (!rng.Chance(chance)) return;
        int64_t at = cal_.At(d, hour, rng.Between(from_minute, to_minute));
        if (at < away_from) sessions.push_back({at, ""});
      };
      if (cal_.Workday(d)) {
        add(habit.morning, 8, 5, 85);
        add(habit.evening, 17, 0, 110);
      } else {
        add(habit.weekend, 10, 0, 180);
      }
    }
    std::sort(sessions.begin(), sessions.end());

    std::map<std::string, size_t> next;  // person id → first entry not yet read
    for (const Session& session : sessions) {
      for (const PersonSeed& person : persons) {
        if (!session.person_id.empty() && session.person_id != person.id) continue;
        bool member = false;
        for (const TeamSeat& s : person.team) member |= s.login == login && s.ActiveAt(session.at);
        if (!member) continue;
        std::vector<Entry>& entries = entries_[person.id];
        size_t& from = next[person.id];
        std::vector<std::string> ids;
        std::vector<Entry*> to_ack;
        for (; from < entries.size() && entries[from].at < session.at; ++from) {
          Entry& e = entries[from];
          // The author's own posts count as read; a deleted post is no longer there to read.
          if (e.author == login || (e.deleted_at && *e.deleted_at <= session.at)) continue;
          ids.push_back(e.id);
          if (e.ack_requested && e.to_ack.contains(login)) to_ack.push_back(&e);
        }
        if (ids.empty()) continue;
        for (size_t i = 0; i < ids.size(); i += care::TimelineStore::kIdSlots) {
          std::vector<std::string> chunk(
              ids.begin() + static_cast<std::ptrdiff_t>(i),
              ids.begin() + static_cast<std::ptrdiff_t>(
                                std::min(ids.size(), i + care::TimelineStore::kIdSlots)));
          ASSIGN_OR_RETURN(int64_t marked, care::TimelineStore::MarkRead(c_, person.id, user_id,
                                                                         chunk, session.at));
          counts_.reads += static_cast<int>(marked);
        }
        for (Entry* e : to_ack) {
          RETURN_IF_ERROR(
              care::TimelineStore::Acknowledge(c_, e->id, user_id, session.at + kMinute));
          e->acked.insert(login);
        }
      }
    }
  }

  // Requests younger than the reminder window that someone has not acknowledged: the reminder
  // job would have reminded them every 24 hours since (ack_reminder.h), so the next reminder
  // is due within a day and not at the first minute the demo runs.
  const int64_t window = 14 * kDay;
  for (const PersonSeed& person : persons) {
    for (const Entry& e : entries_[person.id]) {
      if (!e.ack_requested || e.deleted_at || e.at < cal_.now() - window) continue;
      bool pending = false;
      for (const TeamSeat& s : person.team) {
        if (s.login != e.author && s.ActiveAt(cal_.now()) && !e.acked.contains(s.login)) {
          pending = true;
        }
      }
      const int64_t rounds = (cal_.now() - e.at) / kDay;
      if (!pending || rounds < 1) continue;
      ASSIGN_OR_RETURN(bool claimed,
                       care::TimelineStore::ClaimReminder(c_, e.id, e.at, e.at + rounds * kDay));
      if (!claimed) return Mistake(person, "reminder state");
    }
  }
  return core::Ok();
}

}  // namespace app::demo
