#include "notify/mailer.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <ctime>
#include <mutex>

#include "core/id.h"

namespace notify {
namespace {

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint32_t(uint8_t(in[i])) << 16) | (uint32_t(uint8_t(in[i + 1])) << 8) |
                 uint32_t(uint8_t(in[i + 2]));
    out += kBase64Alphabet[(v >> 18) & 63];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += kBase64Alphabet[(v >> 6) & 63];
    out += kBase64Alphabet[v & 63];
  }
  if (i < in.size()) {
    uint32_t v = uint32_t(uint8_t(in[i])) << 16;
    if (i + 1 < in.size()) v |= uint32_t(uint8_t(in[i + 1])) << 8;
    out += kBase64Alphabet[(v >> 18) & 63];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? kBase64Alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

/// Length of the UTF-8 sequence starting with `lead` (1 for stray continuation bytes, so that
/// malformed input still makes progress).
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

bool NeedsEncoding(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || c < 0x20 || c == 0x7F) return true;
  }
  return s.find("=?") != std::string_view::npos;
}

std::string WithCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 40);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') continue;
    if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string DomainOf(std::string_view address) {
  size_t at = address.rfind('@');
  if (at == std::string_view::npos || at + 1 >= address.size()) return "tsunagari.invalid";
  return std::string(address.substr(at + 1));
}

/// libcurl's global state must be set up once before any handle, from one thread.
void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  std::string_view data;
  size_t offset = 0;
};

// A C callback: nothing here may throw.
size_t ReadPayload(char* buffer, size_t size, size_t count, void* user) noexcept {
  auto* up = static_cast<Upload*>(user);
  size_t room = size * count;
  size_t left = up->data.size() - up->offset;
  size_t n = left < room ? left : room;
  std::memcpy(buffer, up->data.data() + up->offset, n);
  up->offset += n;
  return n;
}

}  // namespace

MailMessage ComposeNewsMail(std::string to, std::string_view link_base) {
  while (!link_base.empty() && link_base.back() == '/') link_base.remove_suffix(1);
  MailMessage m;
  m.to = std::move(to);
  m.subject = "【つながり】新着のお知らせ";
  // Nothing about what is new, for whom or from whom: mailboxes are shared, forwarded and read on
  // lock screens. The app shows the rest after signing in.
  m.body =
      "つながりに新しいお知らせがあります。\n"
      "内容はログインしてご確認ください。\n"
      "\n" +
      std::string(link_base) +
      "/\n"
      "\n"
      "このメールは送信専用です。メールでのお知らせは、つながりの「通知設定」で止められます。\n";
  return m;
}

bool IsSendableAddress(std::string_view a) {
  if (a.empty() || a.size() > 254) return false;
  size_t at = a.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == a.size() ||
      a.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  for (unsigned char c : a) {
    if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == ',' || c == '"' || c == '(' ||
        c == ')' || c == ';' || c == '\\') {
      return false;
    }
  }
  return true;
}

std::string EncodeHeaderText(std::string_view utf8) {
  if (!NeedsEncoding(utf8)) return std::string(utf8);
  // 75 characters per encoded word: "=?UTF-8?B?" + "?=" leave 63, so at most 45 bytes (60 base64
  // characters) of text per word, cut between characters so that each word decodes on its own.
  constexpr size_t kMaxBytes = 45;
  std::string out;
  size_t i = 0;
  while (i < utf8.size()) {
    size_t end = i;
    while (end < utf8.size()) {
      size_t len = SequenceLength(static_cast<unsigned char>(utf8[end]));
      if (end + len - i > kMaxBytes) break;
      end += len;
    }
    if (end == i) end = std::min(utf8.size(), i + SequenceLength(utf8[i]));
    end = std::min(end, utf8.size());
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(utf8.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string FormatMailDate(int64_t unix_millis) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t local = static_cast<std::time_t>(unix_millis / 1000) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0900", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string RenderMessage(const MailMessage& m, std::string_view from, int64_t now_millis,
                          std::string_view message_id) {
  std::string out;
  out += "Date: " + FormatMailDate(now_millis) + "\r\n";
  out += "From: " + EncodeHeaderText("つながり") + " <" + std::string(from) + ">\r\n";
  out += "To: <" + m.to + ">\r\n";
  out += "Subject: " + EncodeHeaderText(m.subject) + "\r\n";
  out += "Message-ID: <" + std::string(message_id) + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  // RFC 3834: tells vacation responders and the like not to answer.
  out += "Auto-Submitted: auto-generated\r\n";
  out += "\r\n";
  std::string encoded = Base64(WithCrlf(m.body));
  for (size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

SmtpMailer::SmtpMailer(SmtpOptions options, const core::Clock& clock)
    : options_(std::move(options)), clock_(clock), domain_(DomainOf(options_.from)) {
  GlobalInitOnce();
}

Result<void> SmtpMailer::Send(const MailMessage& message) {
  if (!IsSendableAddress(message.to)) {
    return core::Error::Invalid("to", "送信できないメールアドレスです (unusable address)");
  }
  if (!IsSendableAddress(options_.from)) {
    return core::Error::Invalid("smtp_from", "送信元アドレスが正しくありません (bad sender)");
  }
  int64_t now = clock_.NowMillis();
  std::string text = RenderMessage(message, options_.from, now, core::NewId(now) + "@" + domain_);
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return core::Error::Unavailable("mail: libcurl could not start");
  std::string mail_from = "<" + options_.from + ">";
  std::string rcpt = "<" + message.to + ">";
  curl_slist* recipients = curl_slist_append(nullptr, rcpt.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt_guard(recipients,
                                                                         &curl_slist_free_all);
  Upload upload{text, 0};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, options_.url.c_str());
  // Only mail: a mistyped URL must not make the server fetch something over HTTP or FILE.
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, &ReadPayload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_seconds);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, options_.timeout_seconds);
  if (options_.starttls) curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!options_.user.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, options_.user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, options_.password.c_str());
  }
  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    long smtp_code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &smtp_code);
    // curl's error buffer can quote the server's reply, which may repeat the address: only the
    // library's fixed text and the reply code go into the message (and so into the log).
    return core::Error::Unavailable(std::string("mail: ") + curl_easy_strerror(rc) + " (SMTP " +
                                    std::to_string(smtp_code) + ")");
  }
  return core::Ok();
}

Result<void> FakeMailer::Send(const MailMessage& message) {
  std::lock_guard lock(mu_);
  if (fail_next_ > 0) {
    --fail_next_;
    return core::Error::Unavailable("mail: fake failure");
  }
  sent_.push_back(message);
  changed_.notify_all();
  return core::Ok();
}

std::vector<MailMessage> FakeMailer::sent() const {
  std::lock_guard lock(mu_);
  return sent_;
}

void FakeMailer::FailNext(int n) {
  std::lock_guard lock(mu_);
  fail_next_ = n;
}

bool FakeMailer::WaitForCount(size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, timeout, [&] { return sent_.size() >= n; });
}

MailOutbox::MailOutbox(std::shared_ptr<Mailer> transport, size_t capacity)
    : capacity_(capacity), transport_(std::move(transport)) {
  thread_ = std::thread([this] { Run(); });
}

MailOutbox::~MailOutbox() { Stop(); }

bool MailOutbox::enabled() const {
  std::lock_guard lock(mu_);
  return transport_ != nullptr && !stopping_;
}

void MailOutbox::SetTransport(std::shared_ptr<Mailer> transport) {
  std::lock_guard lock(mu_);
  transport_ = std::move(transport);
}

void MailOutbox::Post(MailMessage message) {
  {
    std::lock_guard lock(mu_);
    if (!transport_ || stopping_) {
      spdlog::debug("mail: not configured or stopping; one message dropped");
      return;
    }
    if (queue_.size() >= capacity_) {
      ++failed_;
      spdlog::warn("mail: outbox full ({} waiting); one message dropped", queue_.size());
      return;
    }
    queue_.push_back(std::move(message));
  }
  wake_.notify_one();
}

bool MailOutbox::WaitIdle(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return idle_.wait_for(lock, timeout, [&] { return (queue_.empty() && !busy_) || stopping_; });
}

void MailOutbox::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  idle_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

int64_t MailOutbox::sent() const {
  std::lock_guard lock(mu_);
  return sent_;
}

int64_t MailOutbox::failed() const {
  std::lock_guard lock(mu_);
  return failed_;
}

void MailOutbox::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) break;
    MailMessage m = std::move(queue_.front());
    queue_.pop_front();
    std::shared_ptr<Mailer> transport = transport_;
    busy_ = true;
    lock.unlock();
    Result<void> status = core::Ok();
    if (transport) {
      try {
        status = transport->Send(m);
      } catch (const std::exception& e) {
        status = core::Error::Internal(std::string("mail: ") + e.what());
      }
    }
    if (!status.ok())
      spdlog::warn("mail: a notification e-mail was not sent: {}", status.error().message);
    lock.lock();
    busy_ = false;
    if (status.ok() && transport) {
      ++sent_;
    } else {
      ++failed_;
    }
    if (queue_.empty()) idle_.notify_all();
  }
  if (!queue_.empty()) {
    spdlog::warn("mail: stopping with {} notification e-mail(s) unsent", queue_.size());
    failed_ += static_cast<int64_t>(queue_.size());
    queue_.clear();
  }
  idle_.notify_all();
}

}  // namespace notify
