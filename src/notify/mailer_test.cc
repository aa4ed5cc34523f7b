#include "notify/mailer.h"

#include <gtest/gtest.h>

namespace concord::notify {
namespace {

Mail Sample(std::string subject) {
  return {42, "desk@concord.test", "ann@example.com", std::move(subject), "Hello\nWorld",
          Timestamp::FromUnixMicros(1795000000LL * 1000000)};
}

TEST(FormatMail, HeadersAreOneLineEach) {
  std::string text = FormatMail(Sample("Hi\r\nBcc: spy@example.com"));
  EXPECT_EQ(text.find("\r\nBcc:"), std::string::npos) << text;
  EXPECT_NE(text.find("Subject: Hi  Bcc: spy@example.com\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Date: "), std::string::npos);
  EXPECT_NE(text.find("Content-Transfer-Encoding: base64\r\n\r\nSGVsbG8KV29ybGQ=\r\n"),
            std::string::npos)
      << text;
}

TEST(FormatMail, NonAsciiSubjectIsAnEncodedWord) {
  std::string text = FormatMail(Sample("投诉"));
  EXPECT_NE(text.find("Subject: =?UTF-8?B?5oqV6K+J?=\r\n"), std::string::npos) << text;
}

TEST(MakeTransport, AcceptsOffFileAndSmtpOnly) {
  EXPECT_EQ(MakeTransport("").value(), nullptr);
  EXPECT_NE(MakeTransport("file:/tmp/x").value(), nullptr);
  EXPECT_NE(MakeTransport("smtp://mail.example.com:587").value(), nullptr);
  EXPECT_NE(MakeTransport("smtps://mail.example.com").value(), nullptr);
  for (const char* bad : {"file:", "smtp://", "ftp://x", "mail.example.com"}) {
    EXPECT_EQ(MakeTransport(bad).status().code(), Code::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace concord::notify
