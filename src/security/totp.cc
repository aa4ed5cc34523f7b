#include "security/totp.h"

#include <cassert>
#include <cstdint>
#include <string>

#include "security/crypto.h"

namespace concord::security {
namespace {

constexpr uint32_t kPowersOfTen[] = {1,      10,      100,      1000,      10000,
                                     100000, 1000000, 10000000, 100000000, 1000000000};

// RFC 4226 HOTP: HMAC-SHA1 over the 8-byte big-endian counter, dynamic truncation.
std::string HotpCode(std::string_view secret_raw, uint64_t counter, int digits) {
  std::string message(8, '\0');
  for (int i = 7; i >= 0; --i) {
    message[i] = static_cast<char>(counter & 0xFF);
    counter >>= 8;
  }
  const std::string mac = HmacSha1Raw(secret_raw, message);
  const auto byte = [&mac](size_t i) {
    return static_cast<uint32_t>(static_cast<uint8_t>(mac[i]));
  };
  const size_t offset = byte(mac.size() - 1) & 0x0F;
  const uint32_t binary = ((byte(offset) & 0x7F) << 24) | (byte(offset + 1) << 16) |
                          (byte(offset + 2) << 8) | byte(offset + 3);
  std::string code = std::to_string(binary % kPowersOfTen[digits]);
  code.insert(0, static_cast<size_t>(digits) - code.size(), '0');
  return code;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

}  // namespace

int64_t TotpStep(int64_t unix_seconds, int step) {
  assert(step > 0);
  int64_t q = unix_seconds / step;
  if (unix_seconds % step != 0 && unix_seconds < 0) --q;  // floor, not truncation
  return q;
}

std::string TotpCode(std::string_view secret_raw, int64_t unix_seconds, int digits, int step) {
  assert(digits >= 1 && digits <= 9);
  return HotpCode(secret_raw, static_cast<uint64_t>(TotpStep(unix_seconds, step)), digits);
}

bool TotpVerify(std::string_view secret_raw, std::string_view code, int64_t unix_seconds,
                int window, int64_t* matched_step, int digits, int step) {
  assert(window >= 0 && digits >= 1 && digits <= 9);
  if (code.size() != static_cast<size_t>(digits)) return false;
  const int64_t now = TotpStep(unix_seconds, step);
  bool matched = false;
  int64_t found = 0;
  for (int64_t s = now - window; s <= now + window; ++s) {
    const std::string expected = HotpCode(secret_raw, static_cast<uint64_t>(s), digits);
    if (ConstantTimeEquals(expected, code) && !matched) {
      matched = true;
      found = s;
    }
  }
  if (matched && matched_step != nullptr) *matched_step = found;
  return matched;
}

std::string TotpUri(std::string_view issuer, std::string_view account,
                    std::string_view secret_base32) {
  const std::string enc_issuer = PercentEncode(issuer);
  std::string uri = "otpauth://totp/" + enc_issuer + ":" + PercentEncode(account);
  uri += "?secret=";
  uri += secret_base32;
  uri += "&issuer=" + enc_issuer + "&algorithm=SHA1&digits=6&period=30";
  return uri;
}

}  // namespace concord::security
