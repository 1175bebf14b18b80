// Tests of the notification e-mail: the one message text, RFC 2047 subjects and RFC 5322
// rendering, the outbox that sends off the caller's thread, and — when TSUNAGARI_TEST_SMTP names
// a running SMTP sink (scripts/test starts Postfix's smtp-sink) — a real SMTP delivery.
#include "notify/mailer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/id.h"

namespace notify {
namespace {

using namespace std::chrono_literals;

std::string DecodeBase64(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) continue;  // padding, line ends
    acc = (acc << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((acc >> bits) & 0xFF);
    }
  }
  return out;
}

/// Decodes a header value made of RFC 2047 "B" encoded words (folded or not).
std::string DecodeHeader(std::string_view value) {
  std::string out;
  size_t pos = 0;
  while ((pos = value.find("=?UTF-8?B?", pos)) != std::string_view::npos) {
    size_t start = pos + 10;
    size_t end = value.find("?=", start);
    if (end == std::string_view::npos) break;
    out += DecodeBase64(value.substr(start, end - start));
    pos = end + 2;
  }
  return out;
}

/// The value of header `name` in RFC 5322 text, with folded continuation lines joined.
std::string HeaderValue(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string line, value;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    if (inside && (line[0] == ' ' || line[0] == '\t')) {
      value += line;
      continue;
    }
    inside = line.rfind(name + ":", 0) == 0;
    if (inside) value = line.substr(name.size() + 1);
  }
  return value;
}

/// The body of RFC 5322 text (after the first empty line), base64-decoded.
std::string DecodedBody(const std::string& text) {
  size_t split = text.find("\r\n\r\n");
  size_t skip = 4;
  if (split == std::string::npos) {
    split = text.find("\n\n");
    skip = 2;
  }
  if (split == std::string::npos) return {};
  return DecodeBase64(text.substr(split + skip));
}

TEST(MailTextTest, NewsMailSaysOnlyThatSomethingIsNew) {
  MailMessage m = ComposeNewsMail("nurse@example.jp", "https://care.example.jp/");
  EXPECT_EQ(m.to, "nurse@example.jp");
  EXPECT_EQ(m.subject, "【つながり】新着のお知らせ");
  EXPECT_NE(m.body.find("\nhttps://care.example.jp/\n"), std::string::npos) << m.body;
  EXPECT_EQ(m.body.find("care.example.jp//"), std::string::npos) << "no doubled slash";
  MailMessage other = ComposeNewsMail("doctor@example.jp", "https://care.example.jp");
  EXPECT_EQ(other.body, m.body) << "the same words for everyone: nothing of the recipient's";
}

TEST(MailTextTest, SubjectIsEncodedInWordsThatDecodeOnTheirOwn) {
  EXPECT_EQ(EncodeHeaderText("Plain ASCII"), "Plain ASCII");
  std::string subject = "【つながり】新着のお知らせ";
  std::string encoded = EncodeHeaderText(subject);
  EXPECT_TRUE(encoded.starts_with("=?UTF-8?B?")) << encoded;
  EXPECT_EQ(DecodeHeader(encoded), subject);

  // A long subject is split between characters, each word at most 75 characters.
  std::string long_subject;
  for (int i = 0; i < 40; ++i) long_subject += "あ";
  long_subject += "x";
  std::string folded = EncodeHeaderText(long_subject);
  EXPECT_NE(folded.find("\r\n "), std::string::npos);
  size_t pos = 0;
  while (pos < folded.size()) {
    size_t end = folded.find("\r\n ", pos);
    std::string word = folded.substr(pos, end == std::string::npos ? end : end - pos);
    EXPECT_LE(word.size(), 75u) << word;
    // Every word decodes to whole characters: a multiple of 3 bytes of あ, or the final x.
    std::string text = DecodeHeader(word);
    EXPECT_TRUE(text.size() % 3 == 0 || text.back() == 'x') << word;
    if (end == std::string::npos) break;
    pos = end + 3;
  }
  EXPECT_EQ(DecodeHeader(folded), long_subject);
  // Text that looks like an encoded word is encoded itself, so it cannot smuggle anything.
  EXPECT_TRUE(EncodeHeaderText("=?x?=").starts_with("=?UTF-8?B?"));
}

TEST(MailTextTest, RenderedMessageHasTheHeadersAndAnEncodedBody) {
  MailMessage m = ComposeNewsMail("nurse@example.jp", "https://care.example.jp");
  // 2026-09-13 15:00:00 UTC = 2026-09-14 00:00 JST, a Monday.
  std::string text =
      RenderMessage(m, "noreply@care.example.jp", 1'789'311'600'000, "0190abcd@care.example.jp");
  EXPECT_EQ(HeaderValue(text, "Date"), " Mon, 14 Sep 2026 00:00:00 +0900");
  EXPECT_EQ(HeaderValue(text, "To"), " <nurse@example.jp>");
  EXPECT_NE(HeaderValue(text, "From").find("<noreply@care.example.jp>"), std::string::npos);
  EXPECT_EQ(DecodeHeader(HeaderValue(text, "From")), "つながり");
  EXPECT_EQ(DecodeHeader(HeaderValue(text, "Subject")), "【つながり】新着のお知らせ");
  EXPECT_EQ(HeaderValue(text, "Message-ID"), " <0190abcd@care.example.jp>");
  EXPECT_EQ(HeaderValue(text, "MIME-Version"), " 1.0");
  EXPECT_EQ(HeaderValue(text, "Content-Type"), " text/plain; charset=UTF-8");
  EXPECT_EQ(HeaderValue(text, "Content-Transfer-Encoding"), " base64");
  std::string body = DecodedBody(text);
  EXPECT_NE(body.find("新しいお知らせ"), std::string::npos) << body;
  EXPECT_NE(body.find("\r\nhttps://care.example.jp/\r\n"), std::string::npos) << "CRLF line ends";
  // Every line of the message ends in CRLF and stays within 78 characters.
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    ASSERT_TRUE(line.empty() || line.back() == '\r') << line;
    EXPECT_LE(line.size(), 79u) << line;
  }
}

TEST(MailTextTest, OnlyPlainAddressesAreSendable) {
  EXPECT_TRUE(IsSendableAddress("nurse.sato@example.jp"));
  for (const char* bad :
       {"", "nobody", "@example.jp", "a@", "a@b@c", "a b@example.jp",
        "a@example.jp\r\nBcc: all@example.jp", "<a@example.jp>", "a@example.jp,b@example.jp"}) {
    EXPECT_FALSE(IsSendableAddress(bad)) << bad;
  }
}

TEST(MailOutboxTest, SendsOffTheCallersThread) {
  auto fake = std::make_shared<FakeMailer>();
  MailOutbox outbox(fake);
  EXPECT_TRUE(outbox.enabled());
  outbox.Post(ComposeNewsMail("a@example.jp", "https://x.example"));
  outbox.Post(ComposeNewsMail("b@example.jp", "https://x.example"));
  ASSERT_TRUE(outbox.WaitIdle(5s));
  auto sent = fake->sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].to, "a@example.jp");
  EXPECT_EQ(sent[1].to, "b@example.jp");
  EXPECT_EQ(outbox.sent(), 2);
}

TEST(MailOutboxTest, AFailureIsCountedAndTheNextMessageStillGoes) {
  auto fake = std::make_shared<FakeMailer>();
  fake->FailNext(1);
  MailOutbox outbox(fake);
  outbox.Post(ComposeNewsMail("a@example.jp", "https://x.example"));
  outbox.Post(ComposeNewsMail("b@example.jp", "https://x.example"));
  ASSERT_TRUE(outbox.WaitIdle(5s));
  EXPECT_EQ(outbox.failed(), 1);
  EXPECT_EQ(outbox.sent(), 1);
  ASSERT_EQ(fake->sent().size(), 1u);
  EXPECT_EQ(fake->sent()[0].to, "b@example.jp");
}

TEST(MailOutboxTest, WithoutTransportMessagesAreDroppedQuietly) {
  MailOutbox outbox(nullptr);
  EXPECT_FALSE(outbox.enabled());
  outbox.Post(ComposeNewsMail("a@example.jp", "https://x.example"));
  EXPECT_TRUE(outbox.WaitIdle(1s));
  EXPECT_EQ(outbox.sent(), 0);
  auto fake = std::make_shared<FakeMailer>();
  outbox.SetTransport(fake);
  EXPECT_TRUE(outbox.enabled());
  outbox.Post(ComposeNewsMail("a@example.jp", "https://x.example"));
  ASSERT_TRUE(outbox.WaitIdle(5s));
  EXPECT_EQ(fake->sent().size(), 1u);
}

/// A transport that takes its time, to show that Stop does not wait for the queue.
class SlowMailer final : public Mailer {
 public:
  Result<void> Send(const MailMessage&) override {
    std::this_thread::sleep_for(50ms);
    ++count;
    return core::Ok();
  }
  std::atomic<int> count{0};
};

TEST(MailOutboxTest, StopFinishesTheCurrentMessageAndDropsTheRest) {
  auto slow = std::make_shared<SlowMailer>();
  MailOutbox outbox(slow);
  for (int i = 0; i < 100; ++i) outbox.Post(ComposeNewsMail("a@example.jp", "https://x"));
  auto before = std::chrono::steady_clock::now();
  outbox.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 1s);
  EXPECT_LT(slow->count.load(), 100);
  EXPECT_FALSE(outbox.enabled());
  outbox.Post(ComposeNewsMail("a@example.jp", "https://x"));  // after Stop: dropped, no crash
  outbox.Stop();                                              // idempotent
}

TEST(SmtpMailerTest, AnUnreachableServerIsAnErrorThatNamesNoAddress) {
  core::FakeClock clock;
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  SmtpMailer mailer(
      SmtpOptions{"smtp://127.0.0.1:1", "noreply@care.example.jp", "", "", false, 2, 5}, clock);
  auto sent = mailer.Send(ComposeNewsMail("secret.person@example.jp", "https://x.example"));
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().message.find("secret.person"), std::string::npos) << sent.error().message;
  EXPECT_EQ(sent.error().message.find("noreply"), std::string::npos) << sent.error().message;
}

TEST(SmtpMailerTest, RefusesAnAddressThatWouldInjectHeaders) {
  core::FakeClock clock;
  SmtpMailer mailer(SmtpOptions{"smtp://127.0.0.1:1", "noreply@care.example.jp"}, clock);
  auto sent = mailer.Send(ComposeNewsMail("a@example.jp\r\nBcc: all@example.jp", "https://x"));
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().code, core::ErrorCode::kInvalid);
}

/// The dump file smtp-sink wrote for a message to `rcpt`, or "" (waits up to 5 s: the sink
/// writes the file when the transaction ends).
std::string FindSinkDump(const std::string& dir, const std::string& rcpt) {
  for (int i = 0; i < 100; ++i) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (text.find("<" + rcpt + ">") != std::string::npos &&
          text.find("\nContent-Transfer") != std::string::npos) {
        return text;
      }
    }
    std::this_thread::sleep_for(50ms);
  }
  return {};
}

TEST(SmtpMailerTest, DeliversToTheTestSmtpSink) {
  const char* url = std::getenv("TSUNAGARI_TEST_SMTP");
  const char* dir = std::getenv("TSUNAGARI_TEST_SMTP_DIR");
  if (!url || !*url || !dir || !*dir) {
    GTEST_SKIP()
        << "TSUNAGARI_TEST_SMTP / TSUNAGARI_TEST_SMTP_DIR not set (scripts/test sets them)";
  }
  core::FakeClock clock(1'789'311'600'000);
  SmtpMailer mailer(SmtpOptions{url, "noreply@care.example.jp"}, clock);
  // A recipient no other test uses, to find this message among the sink's files.
  std::string rcpt = "n" + core::NewId().substr(0, 8) + core::NewId().substr(24) + "@example.jp";
  auto sent = mailer.Send(ComposeNewsMail(rcpt, "https://care.example.jp"));
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  std::string dump = FindSinkDump(dir, rcpt);
  ASSERT_FALSE(dump.empty()) << "no message for " << rcpt << " in " << dir;
  EXPECT_NE(dump.find("X-Mail-Args: <noreply@care.example.jp>"), std::string::npos) << dump;
  EXPECT_EQ(DecodeHeader(HeaderValue(dump, "Subject")), "【つながり】新着のお知らせ") << dump;
  EXPECT_NE(HeaderValue(dump, "Message-ID").find("@care.example.jp>"), std::string::npos) << dump;
  EXPECT_EQ(HeaderValue(dump, "Date"), " Mon, 14 Sep 2026 00:00:00 +0900");
  std::string body = DecodedBody(dump.substr(dump.find("\nDate:") + 1));
  EXPECT_NE(body.find("https://care.example.jp/"), std::string::npos) << body;
}

}  // namespace
}  // namespace notify
