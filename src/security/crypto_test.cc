#include "security/crypto.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace concord::security {
namespace {

// Argon2id at interactive cost takes ~0.1 s and 64 MiB per hash; tests use the minimum.
class PasswordTest : public ::testing::Test {
 protected:
  void SetUp() override { SetPasswordHashCost(PasswordHashCost::kTestFast); }
};

TEST_F(PasswordTest, HashVerifyRoundTrip) {
  Result<std::string> hash = HashPassword("correct horse battery staple");
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword("correct horse battery staple", *hash));
}

TEST_F(PasswordTest, WrongPasswordFails) {
  Result<std::string> hash = HashPassword("correct horse battery staple");
  ASSERT_TRUE(hash.ok());
  EXPECT_FALSE(VerifyPassword("correct horse battery stapler", *hash));
  EXPECT_FALSE(VerifyPassword("", *hash));
}

TEST_F(PasswordTest, SaltMakesHashesDiffer) {
  Result<std::string> a = HashPassword("same password here");
  Result<std::string> b = HashPassword("same password here");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST_F(PasswordTest, MalformedStoredHashNeverVerifies) {
  EXPECT_FALSE(VerifyPassword("anything", ""));
  EXPECT_FALSE(VerifyPassword("anything", "not a hash"));
  EXPECT_FALSE(VerifyPassword("anything", std::string("$argon2id$\0x", 12)));
  EXPECT_FALSE(VerifyPassword("anything", std::string(500, 'a')));
}

TEST_F(PasswordTest, NeedsRehashWhenCostChanges) {
  Result<std::string> hash = HashPassword("rehash me please");
  ASSERT_TRUE(hash.ok());
  EXPECT_FALSE(PasswordNeedsRehash(*hash));
  SetPasswordHashCost(PasswordHashCost::kInteractive);
  EXPECT_TRUE(PasswordNeedsRehash(*hash));
  SetPasswordHashCost(PasswordHashCost::kTestFast);
  EXPECT_TRUE(PasswordNeedsRehash("garbage"));
  EXPECT_TRUE(PasswordNeedsRehash(""));
}

// The field error code, or "" if the status is OK.
std::string PolicyError(std::string_view password) {
  Status s = CheckPasswordPolicy(password);
  if (s.ok()) return "";
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(s.field_errors().size(), 1u);
  if (s.field_errors().empty()) return "?";
  EXPECT_EQ(s.field_errors()[0].field, "password");
  return s.field_errors()[0].code;
}

TEST(PasswordPolicyTest, LengthInCodePoints) {
  EXPECT_EQ(PolicyError("abcdefghijk"), "password.too_short");  // 11
  EXPECT_EQ(PolicyError("abcdefghijkl"), "");                   // 12
  EXPECT_EQ(PolicyError(""), "password.too_short");
  EXPECT_EQ(PolicyError("密码密码密码密码密码密码"), "");  // 12 code points, 36 bytes
  EXPECT_EQ(PolicyError("密码密码密码密码密码密"), "password.too_short");  // 11, 33 bytes
  EXPECT_EQ(PolicyError("😀😀😀😀😀😀😀😀😀😀😀😀"), "");                              // 4-byte sequences
}

TEST(PasswordPolicyTest, MaximumBytes) {
  EXPECT_EQ(PolicyError(std::string(1024, 'x')), "");
  EXPECT_EQ(PolicyError(std::string(1025, 'x')), "password.too_long");
  EXPECT_EQ(PolicyError(std::string(342 * 3, 'x')), "password.too_long");
}

TEST(PasswordPolicyTest, InvalidUtf8Fails) {
  const std::string base = "abcdefghijkl";
  EXPECT_EQ(PolicyError(base + "\xff"), "password.invalid_utf8");
  EXPECT_EQ(PolicyError(base + "\xc0\xaf"), "password.invalid_utf8");          // overlong '/'
  EXPECT_EQ(PolicyError(base + "\xed\xa0\x80"), "password.invalid_utf8");      // surrogate
  EXPECT_EQ(PolicyError(base + "\xf4\x90\x80\x80"), "password.invalid_utf8");  // > U+10FFFF
  EXPECT_EQ(PolicyError(base + "\xe5\xaf"), "password.invalid_utf8");          // truncated
  EXPECT_EQ(PolicyError("\x80" + base), "password.invalid_utf8");              // stray continuation
}

TEST(RandomTest, TokenLengthAlphabetAndUniqueness) {
  EXPECT_EQ(RandomToken().size(), 43u);
  EXPECT_EQ(RandomToken(16).size(), 22u);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string token = RandomToken();
    EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789-_"),
              std::string::npos)
        << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(RandomTest, Base32SecretDecodesToRequestedBytes) {
  const std::string secret = RandomBase32(20);
  EXPECT_EQ(secret.size(), 32u);
  EXPECT_EQ(secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos);
  Result<std::string> raw = Base32Decode(secret);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->size(), 20u);
  EXPECT_NE(RandomBase32(20), secret);
}

TEST(DigestTest, Sha256KnownVectors) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(DigestTest, HmacSha256Rfc4231) {
  // Test case 1.
  EXPECT_EQ(HmacSha256Hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // Test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Empty key and message are legal HMAC inputs.
  EXPECT_EQ(HmacSha256Hex("", ""),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(DigestTest, HmacSha1Rfc2202) {
  const std::string mac = HmacSha1Raw("Jefe", "what do ya want for nothing?");
  ASSERT_EQ(mac.size(), 20u);
  std::string hex;
  for (const char c : mac) {
    static constexpr char kHex[] = "0123456789abcdef";
    hex.push_back(kHex[static_cast<unsigned char>(c) >> 4]);
    hex.push_back(kHex[static_cast<unsigned char>(c) & 0x0F]);
  }
  EXPECT_EQ(hex, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(ConstantTimeEqualsTest, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret1"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
}

struct Vector {
  const char* raw;
  const char* encoded;
};

TEST(Base64UrlTest, Rfc4648Vectors) {
  const Vector vectors[] = {
      {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},         {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}};
  for (const Vector& v : vectors) {
    EXPECT_EQ(Base64UrlEncode(v.raw), v.encoded);
    Result<std::string> decoded = Base64UrlDecode(v.encoded);
    ASSERT_TRUE(decoded.ok()) << v.encoded;
    EXPECT_EQ(*decoded, v.raw);
  }
}

TEST(Base64UrlTest, UsesUrlSafeAlphabet) {
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");  // standard base64: "+/8="
  Result<std::string> decoded = Base64UrlDecode("-_8");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, "\xfb\xff");
}

TEST(Base64UrlTest, RejectsInvalidText) {
  for (const char* bad : {"Zg==", "Zm9v!", "+/8", "Zh", "Z", "Zm 9v"}) {
    Result<std::string> decoded = Base64UrlDecode(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(decoded.status().message_id(), "base64url.invalid");
  }
}

TEST(Base32Test, Rfc4648Vectors) {
  const Vector vectors[] = {{"", ""},
                            {"f", "MY"},
                            {"fo", "MZXQ"},
                            {"foo", "MZXW6"},
                            {"foob", "MZXW6YQ"},
                            {"fooba", "MZXW6YTB"},
                            {"foobar", "MZXW6YTBOI"}};
  for (const Vector& v : vectors) {
    EXPECT_EQ(Base32Encode(v.raw), v.encoded);
    Result<std::string> decoded = Base32Decode(v.encoded);
    ASSERT_TRUE(decoded.ok()) << v.encoded;
    EXPECT_EQ(*decoded, v.raw);
  }
}

TEST(Base32Test, DecodeIsLenientAboutCasePaddingAndSpaces) {
  for (const char* text : {"MZXW6YTBOI======", "mzxw6ytboi", "MZXW 6YTB OI", "mzxw 6ytb oi=="}) {
    Result<std::string> decoded = Base32Decode(text);
    ASSERT_TRUE(decoded.ok()) << text;
    EXPECT_EQ(*decoded, "foobar");
  }
  Result<std::string> secret = Base32Decode("JBSWY3DPEHPK3PXP");
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(*secret, "Hello!\xde\xad\xbe\xef");
}

TEST(Base32Test, RejectsInvalidText) {
  for (const char* bad : {"MZXW1", "MZXW8", "M", "MZX", "MZXW6Y", "MZ=XW", "MZ-XW"}) {
    Result<std::string> decoded = Base32Decode(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.status().message_id(), "base32.invalid");
  }
}

}  // namespace
}  // namespace concord::security
