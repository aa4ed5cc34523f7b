#include "security/totp.h"

#include <gtest/gtest.h>

#include <string>

#include "security/crypto.h"

namespace concord::security {
namespace {

constexpr char kRfcSecret[] = "12345678901234567890";  // RFC 6238 Appendix B, SHA1 seed

TEST(TotpTest, Rfc6238AppendixBSha1Vectors) {
  struct Case {
    int64_t time;
    const char* code;
  };
  const Case cases[] = {{59, "94287082"},         {1111111109, "07081804"},
                        {1111111111, "14050471"}, {1234567890, "89005924"},
                        {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const Case& c : cases) {
    EXPECT_EQ(TotpCode(kRfcSecret, c.time, 8), c.code) << c.time;
  }
}

TEST(TotpTest, SixDigitCodesAreTheLowDigits) {
  EXPECT_EQ(TotpCode(kRfcSecret, 59), "287082");
  EXPECT_EQ(TotpCode(kRfcSecret, 1111111109), "081804");
  EXPECT_EQ(TotpCode(kRfcSecret, 1111111109).size(), 6u);
}

TEST(TotpTest, CodeIsConstantWithinAStep) {
  EXPECT_EQ(TotpCode(kRfcSecret, 1200), TotpCode(kRfcSecret, 1229));
  EXPECT_NE(TotpCode(kRfcSecret, 1229), TotpCode(kRfcSecret, 1230));
}

TEST(TotpTest, StepIsFloorDivision) {
  EXPECT_EQ(TotpStep(0), 0);
  EXPECT_EQ(TotpStep(29), 0);
  EXPECT_EQ(TotpStep(30), 1);
  EXPECT_EQ(TotpStep(59, 60), 0);
  EXPECT_EQ(TotpStep(-1), -1);
  EXPECT_EQ(TotpStep(-30), -1);
  EXPECT_EQ(TotpStep(-31), -2);
}

TEST(TotpTest, VerifyAcceptsAdjacentStepsAndReportsStep) {
  const int64_t t = 1234567890;
  const std::string code = TotpCode(kRfcSecret, t);
  int64_t matched = -1;
  EXPECT_TRUE(TotpVerify(kRfcSecret, code, t, 1, &matched));
  EXPECT_EQ(matched, TotpStep(t));
  // Verified one step later (clock behind) and one step earlier (clock ahead).
  EXPECT_TRUE(TotpVerify(kRfcSecret, code, t + 30, 1, &matched));
  EXPECT_EQ(matched, TotpStep(t));
  EXPECT_TRUE(TotpVerify(kRfcSecret, code, t - 30, 1, &matched));
  EXPECT_EQ(matched, TotpStep(t));
}

TEST(TotpTest, VerifyRejectsOutsideWindow) {
  const int64_t t = 1234567890;
  const std::string code = TotpCode(kRfcSecret, t);
  EXPECT_FALSE(TotpVerify(kRfcSecret, code, t + 60));
  EXPECT_FALSE(TotpVerify(kRfcSecret, code, t - 60));
  EXPECT_TRUE(TotpVerify(kRfcSecret, code, t + 60, 2));
  EXPECT_FALSE(TotpVerify(kRfcSecret, code, t + 30, 0));
  EXPECT_TRUE(TotpVerify(kRfcSecret, code, t, 0));
}

TEST(TotpTest, VerifyRejectsWrongCodesAndLeavesStepUntouched) {
  const int64_t t = 1234567890;
  const std::string code = TotpCode(kRfcSecret, t);
  std::string wrong = code;
  wrong[0] = wrong[0] == '9' ? '0' : static_cast<char>(wrong[0] + 1);
  int64_t matched = -7;
  EXPECT_FALSE(TotpVerify(kRfcSecret, wrong, t, 1, &matched));
  EXPECT_FALSE(TotpVerify(kRfcSecret, code.substr(1), t, 1, &matched));  // too short
  EXPECT_FALSE(TotpVerify(kRfcSecret, code + "0", t, 1, &matched));      // too long
  EXPECT_FALSE(TotpVerify(kRfcSecret, "", t, 1, &matched));
  EXPECT_FALSE(TotpVerify("another secret bytes", code, t, 1, &matched));
  EXPECT_EQ(matched, -7);
}

TEST(TotpTest, EightDigitVerification) {
  int64_t matched = 0;
  EXPECT_TRUE(TotpVerify(kRfcSecret, "89005924", 1234567890, 1, &matched, 8));
  EXPECT_EQ(matched, 1234567890 / 30);
  EXPECT_FALSE(TotpVerify(kRfcSecret, "005924", 1234567890, 1, &matched, 8));
}

// The replay rule callers implement with the matched step: a step is accepted at most once.
TEST(TotpTest, MatchedStepSupportsReplayRejection) {
  const int64_t t = 2000000000;
  const std::string code = TotpCode(kRfcSecret, t);
  int64_t last_used_step = -1;
  int64_t step = 0;
  ASSERT_TRUE(TotpVerify(kRfcSecret, code, t, 1, &step));
  EXPECT_GT(step, last_used_step);
  last_used_step = step;
  ASSERT_TRUE(TotpVerify(kRfcSecret, code, t + 10, 1, &step));
  EXPECT_FALSE(step > last_used_step);  // same code again: the caller must refuse it
}

TEST(TotpTest, UriPercentEncodesIssuerAndAccount) {
  EXPECT_EQ(TotpUri("Acme Corp", "alice@example.com", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Acme%20Corp:alice%40example.com?secret=JBSWY3DPEHPK3PXP"
            "&issuer=Acme%20Corp&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(TotpUri("Büro&Co", "a:b", "MZXW6"),
            "otpauth://totp/B%C3%BCro%26Co:a%3Ab?secret=MZXW6"
            "&issuer=B%C3%BCro%26Co&algorithm=SHA1&digits=6&period=30");
}

TEST(TotpTest, WorksWithEnrolmentSecret) {
  const std::string secret_b32 = RandomBase32(20);
  Result<std::string> secret = Base32Decode(secret_b32);
  ASSERT_TRUE(secret.ok());
  const int64_t now = 1700000000;
  EXPECT_TRUE(TotpVerify(*secret, TotpCode(*secret, now), now));
}

}  // namespace
}  // namespace concord::security
