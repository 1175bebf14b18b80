// Writes the demo timelines (seed_demo_story.h) through the timeline, vitals and attachment
// stores, then simulates when each member opened the timelines to leave read receipts and
// acknowledgements as the web client would have. Internal to src/app.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "app/seed_demo_care.h"
#include "app/seed_demo_story.h"

namespace app::demo {

/// A member's time in a person's team.
struct TeamSeat {
  std::string login;
  int64_t joined_at = 0;
  std::optional<int64_t> left_at;

  bool ActiveAt(int64_t t) const { return joined_at <= t && (!left_at || t < *left_at); }
};

/// A person as written, for the timeline.
struct PersonSeed {
  std::string key;
  std::string id;
  int64_t registered_at = 0;
  std::vector<TeamSeat> team;  // active or former members (not pending invitations)
};

class TimelineWriter {
 public:
  TimelineWriter(db::Connection& c, const Directory& dir, const std::vector<Photo>& photos,
                 const Calendar& cal, CareCounts& counts)
      : c_(c), dir_(dir), photos_(photos), cal_(cal), counts_(counts) {}

  /// Writes the posts (with replies, edits, deletion, mentions, vitals and photo) and the vitals
  /// recorded alone. What lies after `now` has not happened yet and is left out; a post by
  /// someone who was not an active member then is a mistake in the story and an error.
  core::Result<void> Write(const PersonSeed& person, Timeline timeline);

  /// Read receipts and acknowledgements: each member opens the timelines of their persons on
  /// most working days (morning and evening, habits per member) until a while before `now`, and
  /// a person's timeline whenever they write in it; every opening marks what was there as read
  /// and acknowledges the requests they were going to acknowledge. Posts still asking someone
  /// for acknowledgement get the reminder state the reminder job would have left.
  core::Result<void> WriteReads(const std::vector<PersonSeed>& persons, Rng& rng);

 private:
  struct Entry {  // a post or reply, for reading
    std::string id;
    int64_t at = 0;
    std::string author;  // login
    std::optional<int64_t> deleted_at;
    bool ack_requested = false;
    std::set<std::string> to_ack;  // logins that acknowledge when they read it
    std::set<std::string> acked;
  };
  struct Session {
    int64_t at = 0;
    std::string person_id;  // "" = every timeline of the member
    bool operator<(const Session& o) const {
      return std::tie(at, person_id) < std::tie(o.at, o.person_id);
    }
  };

  core::Result<std::string> InsertPost(const PersonSeed& person, const PostSpec& spec);
  core::Result<std::string> InsertReply(const PersonSeed& person, const std::string& parent_id,
                                        const std::string& category, const ReplySpec& spec);
  core::Result<void> CheckMember(const PersonSeed& person, const std::string& login, int64_t at,
                                 const std::string& what) const;
  const Photo* FindPhoto(const std::string& key) const;

  db::Connection& c_;
  const Directory& dir_;
  const std::vector<Photo>& photos_;
  const Calendar& cal_;
  CareCounts& counts_;
  std::map<std::string, std::vector<Entry>> entries_;    // person id → by time
  std::map<std::string, std::vector<Session>> writing_;  // login → when they wrote where
  std::set<std::string> used_photos_;
};

}  // namespace app::demo
