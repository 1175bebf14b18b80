// Formatting and queueing of Server-Sent Events.
#include "transport/sse_channel.h"

#include <string_view>

namespace transport::detail {
namespace {

// Field values may not contain line breaks: they would end the field (or the event) early.
void AppendLine(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  for (char c : value) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
  out.push_back('\n');
}

}  // namespace

std::string FormatEvent(const http::SseEvent& event) {
  std::string out;
  out.reserve(event.data.size() + event.event.size() + 40);
  AppendLine(out, "id", std::to_string(event.id));
  if (!event.event.empty()) AppendLine(out, "event", event.event);
  // Multi-line data is sent as several data lines, which the client joins with "\n".
  std::string_view rest = event.data;
  do {
    size_t eol = rest.find_first_of("\r\n");
    AppendLine(out, "data", rest.substr(0, eol));
    if (eol == std::string_view::npos) break;
    size_t skip = rest.compare(eol, 2, "\r\n") == 0 ? 2 : 1;
    rest.remove_prefix(eol + skip);
  } while (true);
  out.push_back('\n');
  return out;
}

bool SseChannel::Push(const http::SseEvent& event) {
  std::string text = event.is_end() ? std::string() : FormatEvent(event);
  std::lock_guard lock(mu_);
  if (closed_ || ended_) return false;
  if (event.is_end()) {
    ended_ = true;
    if (!wake_pending_ && wake_) {
      wake_pending_ = true;
      wake_();
    }
    return false;
  }
  if (overflow_) return false;
  if (pending_.size() + text.size() > max_pending_bytes_) {
    overflow_ = true;
  } else {
    pending_ += text;
  }
  if (!wake_pending_ && wake_) {
    wake_pending_ = true;
    wake_();
  }
  return !overflow_;
}

bool SseChannel::ended() {
  std::lock_guard lock(mu_);
  return ended_;
}

std::string SseChannel::Take(bool* overflow) {
  std::lock_guard lock(mu_);
  wake_pending_ = false;
  *overflow = overflow_;
  std::string out;
  out.swap(pending_);
  return out;
}

void SseChannel::Close() {
  std::function<void()> wake;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    pending_.clear();
    wake.swap(wake_);
  }
  // `wake` (and the executor it holds) is destroyed here, outside the lock.
}

}  // namespace transport::detail
