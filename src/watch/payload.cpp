// simdjson On-Demand reader for sensor payloads. On-Demand only checks what it is asked to read,
// so this file reads or explicitly walks every value in the payload: a payload is accepted only
// if all of it is JSON, not just the members we use (unknown members are validated, then ignored).
// Errors split in two: "the bytes are not JSON" (Flow::kFatal, the whole payload goes) and "this
// value is not what the contract says" (recorded in the event's draft, only that event goes).
#include "watch/payload.h"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <new>
#include <optional>
#include <type_traits>
#include <utility>

namespace watch {

static_assert(kPayloadPadding == simdjson::SIMDJSON_PADDING);

namespace {

namespace od = simdjson::ondemand;

enum class Flow : uint8_t { kContinue, kFatal };

// The smallest event that can be valid, {"seq":1,"ts":946684800000,"type":"motion"}, is about
// 45 bytes; dividing by a little less sizes the events vector once for typical batches.
constexpr size_t kMinEventBytesForReserve = 40;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view TrimTrailingJsonSpace(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// RFC 8259 number grammar. simdjson's getters are lenient about some malformed numbers (and do not
// look at numbers they are not asked to convert), so tokens are checked here first.
bool IsJsonNumber(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n) return false;
  if (s[i] == '0') {
    ++i;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < n && IsDigit(s[i])) ++i;
  } else {
    return false;
  }
  if (i < n && s[i] == '.') {
    size_t start = ++i;
    while (i < n && IsDigit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    size_t start = i;
    while (i < n && IsDigit(s[i])) ++i;
    if (i == start) return false;
  }
  return i == n;
}

// An integer in the contract's sense: written without fraction or exponent ("5", not "5.0").
bool IsIntegerLiteral(std::string_view number) {
  return number.find_first_of(".eE") == std::string_view::npos;
}

// Parses `digits` fixed-width decimal digits at s[pos]; advances pos.
std::optional<int> FixedDigits(std::string_view s, size_t& pos, size_t digits) {
  if (pos + digits > s.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < digits; ++i) {
    char c = s[pos + i];
    if (!IsDigit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += digits;
  return value;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

// RFC 3339 date-time (section 5.6): YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM), "T" and
// "Z" in either case. A leap second (:60) counts as the first second of the next minute, as POSIX
// time does. Digits of the fraction beyond milliseconds are ignored (truncated).
std::optional<int64_t> ParseRfc3339Ms(std::string_view s) {
  size_t pos = 0;
  auto year = FixedDigits(s, pos, 4);
  if (!year || !Expect(s, pos, '-')) return std::nullopt;
  auto month = FixedDigits(s, pos, 2);
  if (!month || !Expect(s, pos, '-')) return std::nullopt;
  auto day = FixedDigits(s, pos, 2);
  if (!day) return std::nullopt;
  if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't')) return std::nullopt;
  ++pos;
  auto hour = FixedDigits(s, pos, 2);
  if (!hour || !Expect(s, pos, ':')) return std::nullopt;
  auto minute = FixedDigits(s, pos, 2);
  if (!minute || !Expect(s, pos, ':')) return std::nullopt;
  auto second = FixedDigits(s, pos, 2);
  if (!second) return std::nullopt;
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    while (pos < s.size() && IsDigit(s[pos])) {
      if (pos - start < 3) millis = millis * 10 + (s[pos] - '0');
      ++pos;
    }
    if (pos == start) return std::nullopt;
    for (size_t d = pos - start; d < 3; ++d) millis *= 10;
  }
  int offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    auto offset_hour = FixedDigits(s, pos, 2);
    if (!offset_hour || !Expect(s, pos, ':')) return std::nullopt;
    auto offset_minute = FixedDigits(s, pos, 2);
    if (!offset_minute || *offset_hour > 23 || *offset_minute > 59) return std::nullopt;
    offset_minutes = sign * (*offset_hour * 60 + *offset_minute);
  } else {
    return std::nullopt;  // RFC 3339 requires an offset; local time without one is ambiguous
  }
  if (pos != s.size()) return std::nullopt;
  if (*hour > 23 || *minute > 59 || *second > 60) return std::nullopt;

  using namespace std::chrono;
  year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                      std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;
  int64_t days = sys_days{date}.time_since_epoch().count();
  int64_t seconds = ((days * 24 + *hour) * 60 + *minute) * 60 + *second;
  return (seconds - int64_t{offset_minutes} * 60) * 1000 + millis;
}

bool InTsRange(int64_t ms) { return ms >= kMinTsMs && ms < kEndTsMs; }

// Walks a value we do not use so that it is held to the same JSON rules as the values we read,
// and consumes it. `depth` is the value's nesting level (the payload object is level 1).
Flow ValidateValue(od::value value, int depth) {
  if (depth > kMaxNestingDepth) return Flow::kFatal;
  od::json_type type;
  if (value.type().get(type)) return Flow::kFatal;
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (value.get_object().get(object)) return Flow::kFatal;
      for (auto field_result : object) {
        od::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key))
          return Flow::kFatal;
        if (ValidateValue(field.value(), depth + 1) == Flow::kFatal) return Flow::kFatal;
      }
      return Flow::kContinue;
    }
    case od::json_type::array: {
      od::array array;
      if (value.get_array().get(array)) return Flow::kFatal;
      for (auto element_result : array) {
        od::value element;
        if (element_result.get(element)) return Flow::kFatal;
        if (ValidateValue(element, depth + 1) == Flow::kFatal) return Flow::kFatal;
      }
      return Flow::kContinue;
    }
    case od::json_type::number:
      // Left unconsumed on purpose: the enclosing iteration skips a scalar safely.
      return IsJsonNumber(TrimTrailingJsonSpace(value.raw_json_token())) ? Flow::kContinue
                                                                         : Flow::kFatal;
    case od::json_type::string: {
      std::string_view text;  // unescaping checks escapes and surrogate pairs
      return value.get_string().get(text) ? Flow::kFatal : Flow::kContinue;
    }
    case od::json_type::boolean: {
      bool flag;
      return value.get_bool().get(flag) ? Flow::kFatal : Flow::kContinue;
    }
    case od::json_type::null: {
      bool is_null = false;
      return value.is_null().get(is_null) || !is_null ? Flow::kFatal : Flow::kContinue;
    }
  }
  return Flow::kFatal;
}

enum class SlotState : uint8_t { kAbsent, kOk, kBad };

template <typename T>
struct Slot {
  SlotState state = SlotState::kAbsent;
  T value{};
};

// What one event object said, before the cross-member rules decide. Strings point into the
// parser's buffer and live until the next iterate().
struct EventDraft {
  Slot<std::string_view> device;
  Slot<int64_t> seq;
  Slot<int64_t> ts;
  Slot<std::string_view> type;
  Slot<double> temperature_c;
  Slot<double> humidity_pct;
  Slot<int64_t> battery_pct;
};

// A member given twice is ambiguous (JSON parsers disagree on which copy wins), so it counts as
// a bad value of that member.
template <typename T>
bool MarkDuplicate(Slot<T>& slot) {
  if (slot.state == SlotState::kAbsent) return false;
  slot.state = SlotState::kBad;
  return true;
}

Flow ReadString(od::value value, int depth, Slot<std::string_view>& slot) {
  if (MarkDuplicate(slot)) return ValidateValue(value, depth);
  std::string_view text;
  auto error = value.get_string().get(text);
  if (error == simdjson::INCORRECT_TYPE) {
    slot.state = SlotState::kBad;
    return ValidateValue(value, depth);
  }
  if (error) return Flow::kFatal;
  slot.state = SlotState::kOk;
  slot.value = text;
  return Flow::kContinue;
}

// Reads a number member. The token is checked against the JSON grammar first (a bad token is not
// JSON: fatal); a number that is fine JSON but not an integer when one is required, or beyond 64
// bits, only marks the member bad.
template <typename T>
Flow ReadNumber(od::value value, int depth, Slot<T>& slot) {
  if (MarkDuplicate(slot)) return ValidateValue(value, depth);
  od::json_type type;
  if (value.type().get(type)) return Flow::kFatal;
  if (type != od::json_type::number) {
    slot.state = SlotState::kBad;
    return ValidateValue(value, depth);
  }
  std::string_view token = TrimTrailingJsonSpace(value.raw_json_token());
  if (!IsJsonNumber(token)) return Flow::kFatal;
  slot.state = SlotState::kBad;
  if constexpr (std::is_same_v<T, int64_t>) {
    int64_t number;
    if (IsIntegerLiteral(token) && !value.get_int64().get(number)) {
      slot.state = SlotState::kOk;
      slot.value = number;
    }
  } else {
    double number;
    if (!value.get_double().get(number)) {
      slot.state = SlotState::kOk;
      slot.value = number;
    }
  }
  return Flow::kContinue;
}

Flow ReadTimestamp(od::value value, int depth, Slot<int64_t>& slot) {
  od::json_type type;
  if (value.type().get(type)) return Flow::kFatal;
  if (type == od::json_type::number || slot.state != SlotState::kAbsent) {
    Flow flow = ReadNumber(value, depth, slot);
    if (slot.state == SlotState::kOk && !InTsRange(slot.value)) slot.state = SlotState::kBad;
    return flow;
  }
  Slot<std::string_view> text;
  Flow flow = ReadString(value, depth, text);
  if (text.state != SlotState::kOk) {
    slot.state = SlotState::kBad;
    return flow;
  }
  std::optional<int64_t> ms = ParseRfc3339Ms(text.value);
  slot.state = ms && InTsRange(*ms) ? SlotState::kOk : SlotState::kBad;
  slot.value = ms.value_or(0);
  return flow;
}

// One member of an event object; members we do not know are validated and ignored.
Flow ReadEventMember(std::string_view key, od::value value, int depth, EventDraft& draft) {
  if (key == "device") return ReadString(value, depth, draft.device);
  if (key == "seq") return ReadNumber(value, depth, draft.seq);
  if (key == "ts") return ReadTimestamp(value, depth, draft.ts);
  if (key == "type") return ReadString(value, depth, draft.type);
  if (key == "temperature_c") return ReadNumber(value, depth, draft.temperature_c);
  if (key == "humidity_pct") return ReadNumber(value, depth, draft.humidity_pct);
  if (key == "battery_pct") return ReadNumber(value, depth, draft.battery_pct);
  return ValidateValue(value, depth);
}

struct AllowedValues {
  bool climate;  // temperature_c, humidity_pct
  bool battery;  // battery_pct
};

AllowedValues AllowedFor(EventType type) {
  switch (type) {
    case EventType::kClimate:
      return {true, false};
    case EventType::kBattery:
    case EventType::kHeartbeat:
      return {false, true};
    case EventType::kDoorOpen:
    case EventType::kDoorClose:
    case EventType::kMotion:
      return {false, false};
  }
  return {false, false};
}

// Applies the rules in the documented order (identity first, then what happened, then values)
// so that an event with several problems always gets the same, first, reason.
std::optional<RejectReason> Judge(const EventDraft& d, std::string_view default_device,
                                  EventType& type) {
  std::string_view device = d.device.state == SlotState::kAbsent ? default_device : d.device.value;
  if (d.device.state == SlotState::kBad || !IsValidDeviceId(device))
    return RejectReason::kBadDevice;
  if (d.seq.state == SlotState::kAbsent) return RejectReason::kMissingSeq;
  if (d.seq.state == SlotState::kBad || d.seq.value < 1 || d.seq.value > kMaxSeq)
    return RejectReason::kBadSeq;
  if (d.ts.state == SlotState::kAbsent) return RejectReason::kMissingTs;
  if (d.ts.state == SlotState::kBad) return RejectReason::kBadTs;
  if (d.type.state == SlotState::kAbsent) return RejectReason::kMissingType;
  std::optional<EventType> parsed_type;
  if (d.type.state == SlotState::kOk) parsed_type = EventTypeFromName(d.type.value);
  if (!parsed_type) return RejectReason::kUnknownType;
  type = *parsed_type;

  const AllowedValues allowed = AllowedFor(type);
  const bool has_temperature = d.temperature_c.state != SlotState::kAbsent;
  const bool has_humidity = d.humidity_pct.state != SlotState::kAbsent;
  const bool has_battery = d.battery_pct.state != SlotState::kAbsent;
  if ((has_temperature || has_humidity) && !allowed.climate) return RejectReason::kBadValue;
  if (has_battery && !allowed.battery) return RejectReason::kBadValue;
  if (d.temperature_c.state == SlotState::kBad || d.humidity_pct.state == SlotState::kBad ||
      d.battery_pct.state == SlotState::kBad)
    return RejectReason::kBadValue;
  if (has_temperature &&
      !(d.temperature_c.value >= kMinTemperatureC && d.temperature_c.value <= kMaxTemperatureC))
    return RejectReason::kBadValue;
  if (has_humidity &&
      !(d.humidity_pct.value >= kMinHumidityPct && d.humidity_pct.value <= kMaxHumidityPct))
    return RejectReason::kBadValue;
  if (has_battery &&
      !(d.battery_pct.value >= kMinBatteryPct && d.battery_pct.value <= kMaxBatteryPct))
    return RejectReason::kBadValue;
  if (type == EventType::kClimate && !has_temperature && !has_humidity)
    return RejectReason::kMissingValue;
  if (type == EventType::kBattery && !has_battery) return RejectReason::kMissingValue;
  return std::nullopt;
}

void Conclude(const EventDraft& draft, int index, std::string_view default_device,
              ParseResult& out) {
  EventType type{};
  if (auto reason = Judge(draft, default_device, type)) {
    out.rejections.push_back({index, *reason});
    return;
  }
  SensorEvent& event = out.events.emplace_back();
  event.device = draft.device.state == SlotState::kOk ? draft.device.value : default_device;
  event.seq = draft.seq.value;
  event.ts_ms = draft.ts.value;
  event.type = type;
  if (draft.temperature_c.state == SlotState::kOk) event.temperature_c = draft.temperature_c.value;
  if (draft.humidity_pct.state == SlotState::kOk) event.humidity_pct = draft.humidity_pct.value;
  if (draft.battery_pct.state == SlotState::kOk)
    event.battery_pct = static_cast<int>(draft.battery_pct.value);
}

// Reads the members of one event object at nesting level `depth`.
Flow ReadEventObject(od::object object, int depth, EventDraft& draft) {
  for (auto field_result : object) {
    od::field field;
    std::string_view key;
    if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return Flow::kFatal;
    if (ReadEventMember(key, field.value(), depth + 1, draft) == Flow::kFatal) return Flow::kFatal;
  }
  return Flow::kContinue;
}

ParseResult WholePayload(RejectReason reason) {
  ParseResult result;
  result.rejections.push_back({kWholePayload, reason});
  return result;
}

// The "events" member at level 2: its elements are events at level 3.
std::optional<RejectReason> ReadEvents(od::value value, size_t payload_size,
                                       std::string_view default_device, ParseResult& out) {
  constexpr int kEventsDepth = 2;
  od::json_type type;
  if (value.type().get(type)) return RejectReason::kMalformedJson;
  if (type != od::json_type::array) return RejectReason::kMalformedJson;
  od::array array;
  if (value.get_array().get(array)) return RejectReason::kMalformedJson;
  out.events.reserve(std::min(kMaxEventsPerPayload, payload_size / kMinEventBytesForReserve + 1));
  int index = 0;
  for (auto element_result : array) {
    od::value element;
    if (element_result.get(element)) return RejectReason::kMalformedJson;
    if (static_cast<size_t>(index) >= kMaxEventsPerPayload) return RejectReason::kTooManyEvents;
    od::json_type element_type;
    if (element.type().get(element_type)) return RejectReason::kMalformedJson;
    if (element_type != od::json_type::object) {
      if (ValidateValue(element, kEventsDepth + 1) == Flow::kFatal)
        return RejectReason::kMalformedJson;
      out.rejections.push_back({index, RejectReason::kNotAnObject});
    } else {
      od::object object;
      if (element.get_object().get(object)) return RejectReason::kMalformedJson;
      EventDraft draft;
      if (ReadEventObject(object, kEventsDepth + 1, draft) == Flow::kFatal)
        return RejectReason::kMalformedJson;
      Conclude(draft, index, default_device, out);
    }
    ++index;
  }
  return std::nullopt;
}

bool AtEndOfInput(od::document& doc) {
  return doc.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

// For a payload that is JSON but not an object: not_an_object, unless it is not JSON after all.
RejectReason JudgeNonObjectRoot(od::document& doc, od::json_type type, std::string_view input) {
  bool valid = false;
  if (type == od::json_type::array) {
    od::array array;
    if (!doc.get_array().get(array)) {
      valid = true;
      for (auto element_result : array) {
        od::value element;
        if (element_result.get(element) || ValidateValue(element, 2) == Flow::kFatal) {
          valid = false;
          break;
        }
      }
      valid = valid && AtEndOfInput(doc);
    }
    return valid ? RejectReason::kNotAnObject : RejectReason::kMalformedJson;
  }
  // A scalar must be the only token: its raw text (with trailing spaces) runs to the end.
  std::string_view token;
  if (doc.raw_json_token().get(token) || token.data() + token.size() != input.data() + input.size())
    return RejectReason::kMalformedJson;
  switch (type) {
    case od::json_type::string: {
      std::string_view text;
      valid = !doc.get_string().get(text);
      break;
    }
    case od::json_type::number:
      valid = IsJsonNumber(TrimTrailingJsonSpace(token));
      break;
    case od::json_type::boolean: {
      bool flag;
      valid = !doc.get_bool().get(flag);
      break;
    }
    case od::json_type::null: {
      bool is_null = false;
      valid = !doc.is_null().get(is_null) && is_null;
      break;
    }
    case od::json_type::object:
    case od::json_type::array:
      break;
  }
  return valid ? RejectReason::kNotAnObject : RejectReason::kMalformedJson;
}

ParseResult ParseDocument(od::parser& parser, const char* data, size_t size, size_t capacity,
                          std::string_view default_device) {
  od::document doc;
  if (auto error = parser.iterate(data, size, capacity).get(doc)) {
    return WholePayload(error == simdjson::MEMALLOC || error == simdjson::CAPACITY
                            ? RejectReason::kTooLarge
                            : RejectReason::kMalformedJson);
  }
  od::json_type root_type;
  if (doc.type().get(root_type)) return WholePayload(RejectReason::kMalformedJson);
  if (root_type != od::json_type::object)
    return WholePayload(JudgeNonObjectRoot(doc, root_type, std::string_view(data, size)));
  od::object root;
  if (doc.get_object().get(root)) return WholePayload(RejectReason::kMalformedJson);

  ParseResult out;
  constexpr int kRootDepth = 1;
  // Members of the payload object are read as event members until "events" shows up; then the
  // payload is a batch and those members are ignored (they were still validated).
  EventDraft single;
  bool batch = false;
  for (auto field_result : root) {
    od::field field;
    std::string_view key;
    if (std::move(field_result).get(field) || field.unescaped_key().get(key))
      return WholePayload(RejectReason::kMalformedJson);
    if (key == "events") {
      if (batch) return WholePayload(RejectReason::kMalformedJson);  // two "events": ambiguous
      batch = true;
      if (auto reason = ReadEvents(field.value(), size, default_device, out))
        return WholePayload(*reason);
    } else if (ReadEventMember(key, field.value(), kRootDepth + 1, single) == Flow::kFatal) {
      return WholePayload(RejectReason::kMalformedJson);
    }
  }
  if (!AtEndOfInput(doc)) return WholePayload(RejectReason::kMalformedJson);  // trailing bytes
  if (!batch) Conclude(single, 0, default_device, out);
  return out;
}

}  // namespace

struct PayloadParser::Impl {
  od::parser parser{kMaxPayloadBytes};
  std::unique_ptr<char[]> buffer;  // padded copy of the last payload
  size_t buffer_capacity = 0;

  ParseResult Run(const char* data, size_t size, size_t capacity, std::string_view default_device) {
    // Nothing from simdjson throws (error codes only); the vectors and the device strings can
    // throw std::bad_alloc, which must not escape a parser fed from a C callback.
    try {
      if (size > kMaxPayloadBytes) return WholePayload(RejectReason::kTooLarge);
      return ParseDocument(parser, data, size, capacity, default_device);
    } catch (const std::bad_alloc&) {
      return WholePayload(RejectReason::kTooLarge);
    }
  }

  ParseResult Copy(std::string_view payload, std::string_view default_device) {
    if (payload.size() > kMaxPayloadBytes) return WholePayload(RejectReason::kTooLarge);
    const size_t needed = payload.size() + kPayloadPadding;
    if (buffer_capacity < needed) {
      try {
        buffer = std::make_unique_for_overwrite<char[]>(needed);
      } catch (const std::bad_alloc&) {
        buffer_capacity = 0;
        return WholePayload(RejectReason::kTooLarge);
      }
      buffer_capacity = needed;
    }
    if (!payload.empty()) std::memcpy(buffer.get(), payload.data(), payload.size());
    std::memset(buffer.get() + payload.size(), 0, kPayloadPadding);
    return Run(buffer.get(), payload.size(), buffer_capacity, default_device);
  }
};

PayloadParser::PayloadParser() : impl_(std::make_unique<Impl>()) {}
PayloadParser::~PayloadParser() = default;
PayloadParser::PayloadParser(PayloadParser&&) noexcept = default;
PayloadParser& PayloadParser::operator=(PayloadParser&&) noexcept = default;

ParseResult PayloadParser::Parse(std::string_view payload, std::string_view default_device) {
  return impl_->Copy(payload, default_device);
}

ParseResult PayloadParser::ParseInPlace(std::string_view payload, size_t capacity,
                                        std::string_view default_device) {
  if (capacity < payload.size() || capacity - payload.size() < kPayloadPadding)
    return impl_->Copy(payload, default_device);
  return impl_->Run(payload.data(), payload.size(), capacity, default_device);
}

ParseResult ParsePayload(std::string_view payload, std::string_view default_device) {
  try {
    PayloadParser parser;
    return parser.Parse(payload, default_device);
  } catch (const std::bad_alloc&) {
    ParseResult result;
    result.rejections.push_back({kWholePayload, RejectReason::kTooLarge});
    return result;
  }
}

}  // namespace watch
