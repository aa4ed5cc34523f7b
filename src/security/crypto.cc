#include "security/crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <atomic>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace concord::security {
namespace {

constexpr size_t kPasswordMinCodePoints = 12;
constexpr size_t kPasswordMaxBytes = 1024;
constexpr int kBase64Variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::atomic<PasswordHashCost> g_hash_cost{PasswordHashCost::kInteractive};

struct PwhashLimits {
  unsigned long long ops;
  size_t mem;
};

PwhashLimits CurrentLimits() {
  if (g_hash_cost.load(std::memory_order_relaxed) == PasswordHashCost::kTestFast) {
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
  }
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

// Failures of primitives that cannot fail short of a broken library; returning a wrong digest
// silently would be worse than stopping.
[[noreturn]] void Fatal(const char* what) {
  std::fprintf(stderr, "concord: fatal crypto failure: %s\n", what);
  std::abort();
}

// string_view::data() may be null for empty views; C APIs prefer a valid pointer.
const char* Ptr(std::string_view s) { return s.empty() ? "" : s.data(); }
const unsigned char* UPtr(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(Ptr(s));
}

// A stored hash as a NUL-terminated string, or nullopt if it cannot be a libsodium hash.
std::optional<std::string> HashCString(std::string_view stored_hash) {
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES ||
      stored_hash.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  return std::string(stored_hash);
}

std::string ToHex(const unsigned char* bytes, size_t len) {
  std::string hex(len * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, len);
  hex.resize(len * 2);
  return hex;
}

std::string Hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
  if (key.size() > static_cast<size_t>(INT_MAX)) Fatal("HMAC key too long");
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_len = 0;
  if (HMAC(md, Ptr(key), static_cast<int>(key.size()), UPtr(data), data.size(), out, &out_len) ==
      nullptr) {
    Fatal("HMAC");
  }
  return std::string(reinterpret_cast<const char*>(out), out_len);
}

// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 if it is malformed.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) return 1;
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return 0;
  }
  return len;
}

// Number of code points in `s`, or nullopt if `s` is not valid UTF-8.
std::optional<size_t> CountCodePoints(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++count) {
    const size_t len = Utf8SequenceLength(s, i);
    if (len == 0) return std::nullopt;
    i += len;
  }
  return count;
}

int Base32Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

Status Base32Error() { return InvalidArgument("base32.invalid", "The text is not valid Base32."); }

}  // namespace

void InitCrypto() {
  static const bool initialized = [] {
    if (sodium_init() < 0) Fatal("sodium_init");
    return true;
  }();
  (void)initialized;
}

void SetPasswordHashCost(PasswordHashCost cost) {
  g_hash_cost.store(cost, std::memory_order_relaxed);
}

PasswordHashCost GetPasswordHashCost() { return g_hash_cost.load(std::memory_order_relaxed); }

Result<std::string> HashPassword(std::string_view password) {
  InitCrypto();
  const PwhashLimits limits = CurrentLimits();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, Ptr(password), password.size(), limits.ops, limits.mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Internal("Password hashing failed (out of memory).");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, std::string_view stored_hash) {
  InitCrypto();
  const std::optional<std::string> hash = HashCString(stored_hash);
  if (!hash) return false;
  return crypto_pwhash_str_verify(hash->c_str(), Ptr(password), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view stored_hash) {
  InitCrypto();
  const std::optional<std::string> hash = HashCString(stored_hash);
  if (!hash) return true;
  const PwhashLimits limits = CurrentLimits();
  // The argon2id-specific check also flags hashes made with another algorithm (e.g. argon2i).
  return crypto_pwhash_argon2id_str_needs_rehash(hash->c_str(), limits.ops, limits.mem) != 0;
}

Status CheckPasswordPolicy(std::string_view password) {
  if (password.size() > kPasswordMaxBytes) {
    return InvalidField("password", "password.too_long",
                        "The password must be at most 1024 bytes long.");
  }
  const std::optional<size_t> code_points = CountCodePoints(password);
  if (!code_points) {
    return InvalidField("password", "password.invalid_utf8",
                        "The password is not valid UTF-8 text.");
  }
  if (*code_points < kPasswordMinCodePoints) {
    return InvalidField("password", "password.too_short",
                        "The password must be at least 12 characters long.");
  }
  return Status::Ok();
}

std::string RandomToken(size_t bytes) {
  InitCrypto();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string token = Base64UrlEncode(raw);
  sodium_memzero(raw.data(), raw.size());
  return token;
}

std::string RandomBase32(size_t bytes) {
  InitCrypto();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string text = Base32Encode(raw);
  sodium_memzero(raw.data(), raw.size());
  return text;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(Ptr(data), data.size(), md, &len, EVP_sha256(), nullptr) != 1) {
    Fatal("EVP_Digest(SHA-256)");
  }
  return ToHex(md, len);
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  const std::string mac = Hmac(EVP_sha256(), key, data);
  return ToHex(UPtr(mac), mac.size());
}

std::string HmacSha1Raw(std::string_view key, std::string_view data) {
  return Hmac(EVP_sha1(), key, data);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  InitCrypto();
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Base64UrlEncode(std::string_view raw) {
  InitCrypto();
  std::string text(sodium_base64_ENCODED_LEN(raw.size(), kBase64Variant), '\0');
  sodium_bin2base64(text.data(), text.size(), UPtr(raw), raw.size(), kBase64Variant);
  text.resize(std::strlen(text.c_str()));
  return text;
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  InitCrypto();
  std::string raw(text.size() * 3 / 4 + 1, '\0');
  size_t raw_len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), Ptr(text),
                        text.size(), nullptr, &raw_len, nullptr, kBase64Variant) != 0) {
    return InvalidArgument("base64url.invalid", "The text is not valid base64url.");
  }
  raw.resize(raw_len);
  return raw;
}

std::string Base32Encode(std::string_view raw) {
  std::string text;
  text.reserve((raw.size() * 8 + 4) / 5);
  uint32_t buffer = 0;
  int bits = 0;
  for (const char c : raw) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text.push_back(kBase32Alphabet[(buffer >> bits) & 31]);
    }
  }
  if (bits > 0) text.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 31]);
  return text;
}

Result<std::string> Base32Decode(std::string_view text) {
  std::string raw;
  uint32_t buffer = 0;
  int bits = 0;
  size_t symbols = 0;
  bool in_padding = false;
  for (const char c : text) {
    if (c == ' ') continue;
    if (c == '=') {
      in_padding = true;
      continue;
    }
    const int value = Base32Value(c);
    if (value < 0 || in_padding) return Base32Error();
    buffer = ((buffer << 5) | static_cast<uint32_t>(value)) & 0xFFFF;
    bits += 5;
    ++symbols;
    if (bits >= 8) {
      bits -= 8;
      raw.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  // A final group of 1, 3 or 6 symbols cannot come from any whole number of bytes.
  const size_t tail = symbols % 8;
  if (tail == 1 || tail == 3 || tail == 6) return Base32Error();
  return raw;
}

}  // namespace concord::security
