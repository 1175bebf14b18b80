#include "care/timeline_json.h"

#include <boost/json/array.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>

namespace care {
namespace json = boost::json;

namespace {

using json::storage_ptr;

template <typename T>
json::value Opt(const std::optional<T>& v, const storage_ptr& sp) {
  if (!v) return json::value(nullptr, sp);
  return json::value(*v, sp);
}

json::value TextOrNull(const std::string& s, const storage_ptr& sp) {
  if (s.empty()) return json::value(nullptr, sp);
  return json::value(json::string_view(s), sp);
}

json::object UserJson(const TimelineUser& u, const storage_ptr& sp) {
  json::object o(sp);
  o.reserve(4);
  o.emplace("id", json::string_view(u.id));
  o.emplace("name", json::string_view(u.name));
  o.emplace("profession_code", TextOrNull(u.profession_code, sp));
  return o;
}

json::object Receipt(const ReceiptSummary& r, const storage_ptr& sp) {
  json::object o(sp);
  o.reserve(3);
  o.emplace("count", r.count);
  o.emplace("total", r.total);
  o.emplace("by_me", r.by_me);
  return o;
}

json::object AttachmentJson(const TimelineAttachment& a, const storage_ptr& sp) {
  json::object o(sp);
  o.reserve(7);
  o.emplace("id", json::string_view(a.id));
  o.emplace("kind", json::string_view(a.kind));
  o.emplace("content_type", json::string_view(a.content_type));
  o.emplace("name", json::string_view(a.name));
  o.emplace("size", a.size);
  o.emplace("width", Opt(a.width, sp));
  o.emplace("height", Opt(a.height, sp));
  return o;
}

json::object VitalsObject(const Vitals& v, const storage_ptr& sp) {
  const VitalsInput& x = v.values;
  json::object o(sp);
  o.reserve(13);
  o.emplace("id", json::string_view(v.id));
  o.emplace("post_id",
            v.post_id ? json::value(json::string_view(*v.post_id), sp) : json::value(nullptr, sp));
  o.emplace("measured_at", x.measured_at);
  o.emplace("systolic", Opt(x.systolic, sp));
  o.emplace("diastolic", Opt(x.diastolic, sp));
  o.emplace("pulse", Opt(x.pulse, sp));
  o.emplace("temperature", Opt(x.temperature, sp));
  o.emplace("spo2", Opt(x.spo2, sp));
  o.emplace("respiration", Opt(x.respiration, sp));
  o.emplace("weight", Opt(x.weight, sp));
  o.emplace("glucose", Opt(x.glucose, sp));
  o.emplace("recorded_by",
            UserJson({v.recorded_by, v.recorded_by_name, v.recorded_by_profession}, sp));
  o.emplace("created_at", v.created_at);
  return o;
}

json::object Post(const TimelinePost& p, bool with_replies, const storage_ptr& sp,
                  bool receipts = true) {
  json::object o(sp);
  o.reserve(with_replies ? 22 : 21);
  o.emplace("id", json::string_view(p.id));
  o.emplace("person_id", json::string_view(p.person_id));
  o.emplace("parent_id", p.parent_id ? json::value(json::string_view(*p.parent_id), sp)
                                     : json::value(nullptr, sp));
  json::object author = UserJson(p.author, sp);
  author.emplace("organization_name", TextOrNull(p.author_organization_name, sp));
  o.emplace("author", std::move(author));
  o.emplace("category", json::string_view(p.category));
  // A deleted post's words are withdrawn: the body is "" (the versions keep it for those who
  // may see them), and attachments, vitals and mentions are not shown.
  o.emplace("body", json::string_view(p.deleted() ? std::string_view() : p.body));
  o.emplace("important", p.important);
  o.emplace("ack_requested", p.ack_requested);
  o.emplace("share_family", p.share_family);
  o.emplace("created_at", p.created_at);
  o.emplace("edited_at", Opt(p.edited_at, sp));
  o.emplace("version", p.version);
  if (p.deleted()) {
    json::object d(sp);
    d.reserve(3);
    d.emplace("at", *p.deleted_at);
    d.emplace("by", UserJson(p.deleted_by, sp));
    d.emplace("reason", json::string_view(p.delete_reason));
    o.emplace("deleted", std::move(d));
  } else {
    o.emplace("deleted", nullptr);
  }
  o.emplace("reply_count", p.reply_count);
  json::array attachments(sp);
  attachments.reserve(p.attachments.size());
  for (const auto& a : p.attachments) attachments.emplace_back(AttachmentJson(a, sp));
  o.emplace("attachments", std::move(attachments));
  o.emplace("vitals",
            p.vitals ? json::value(VitalsObject(*p.vitals, sp)) : json::value(nullptr, sp));
  json::array mentions(sp);
  mentions.reserve(p.mentions.size());
  for (const auto& m : p.mentions) mentions.emplace_back(UserJson(m, sp));
  o.emplace("mentions", std::move(mentions));
  // Last, because a cached page (timeline_cache.h) appends them per viewer.
  if (!receipts) return o;
  o.emplace("read", Receipt(p.read, sp));
  o.emplace("ack", p.ack ? json::value(Receipt(*p.ack, sp)) : json::value(nullptr, sp));
  if (with_replies) {
    json::array replies(sp);
    replies.reserve(p.replies.size());
    for (const auto& r : p.replies) replies.emplace_back(Post(r, false, sp));
    o.emplace("replies", std::move(replies));
  }
  return o;
}

}  // namespace

json::object TimelineUserJson(const TimelineUser& u) { return UserJson(u, {}); }
json::object ReceiptJson(const ReceiptSummary& r) { return Receipt(r, {}); }
json::object VitalsJson(const Vitals& v) { return VitalsObject(v, {}); }
json::object PostJson(const TimelinePost& p, bool with_replies) {
  return Post(p, with_replies, {});
}

std::string TimelinePageBody(const TimelinePage& page) {
  // One arena for the whole tree: a page is a few thousand small nodes that live together and
  // die together, so the general-purpose allocator only sees a few large blocks.
  json::monotonic_resource arena(64 * 1024);
  storage_ptr sp(&arena);
  json::array items(sp);
  items.reserve(page.items.size());
  for (const auto& p : page.items) items.emplace_back(Post(p, false, sp));
  json::object o(sp);
  o.reserve(3);
  o.emplace("items", std::move(items));
  o.emplace("next_cursor", TextOrNull(page.next_cursor, sp));
  o.emplace("team_size", page.team_size);
  return json::serialize(o);
}

std::string PostHeadJson(const TimelinePost& p) {
  json::monotonic_resource arena(8 * 1024);
  std::string s = json::serialize(Post(p, false, storage_ptr(&arena), /*receipts=*/false));
  s.pop_back();  // the closing '}': the receipts follow
  return s;
}

std::string PageTailJson(const TimelinePage& page) {
  json::object o;
  o.emplace("next_cursor", TextOrNull(page.next_cursor, {}));
  o.emplace("team_size", page.team_size);
  std::string s = json::serialize(o);  // {"next_cursor":…,"team_size":…}
  s.front() = ',';
  return "]" + s;
}

std::string VersionsBody(const std::vector<PostVersion>& versions) {
  json::array items;
  for (const auto& v : versions) {
    items.push_back(json::object{{"version", v.version},
                                 {"category", v.category},
                                 {"body", v.body},
                                 {"important", v.important},
                                 {"edited_at", v.edited_at},
                                 {"edited_by", TimelineUserJson(v.edited_by)}});
  }
  return json::serialize(json::object{{"items", std::move(items)}});
}

std::string ReadsBody(const PostReads& reads) {
  json::array read;
  for (const auto& r : reads.read) {
    read.push_back(json::object{{"user", TimelineUserJson(r.user)}, {"at", r.at}});
  }
  json::object o{{"read", std::move(read)}};
  if (reads.unread) {
    json::array unread;
    for (const auto& u : *reads.unread) unread.push_back(TimelineUserJson(u));
    o["unread"] = std::move(unread);
  } else {
    o["unread"] = nullptr;
  }
  return json::serialize(o);
}

std::string VitalsListBody(const std::vector<Vitals>& items) {
  json::array a;
  a.reserve(items.size());
  for (const auto& v : items) a.push_back(VitalsJson(v));
  return json::serialize(json::object{{"items", std::move(a)}});
}

}  // namespace care
