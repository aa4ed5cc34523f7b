// Cryptographic primitives for concord: password hashing (Argon2id via libsodium), password
// policy, random tokens, digests/MACs (OpenSSL 3 EVP) and the RFC 4648 encodings they need.
//
// Thread-safety: every function is safe to call concurrently. libsodium is initialized once,
// lazily and thread-safely, on first use (or explicitly via InitCrypto()).
// Strings are byte strings: "raw" means arbitrary binary bytes in a std::string.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace concord::security {

// Initializes libsodium exactly once; aborts the process if that fails (no safe fallback for a
// broken CSPRNG). Called implicitly by every function below; calling it early is optional.
void InitCrypto();

// ---- Passwords -------------------------------------------------------------------------------

enum class PasswordHashCost {
  kInteractive,  // crypto_pwhash_OPSLIMIT/MEMLIMIT_INTERACTIVE: production default
  kTestFast,     // crypto_pwhash_OPSLIMIT/MEMLIMIT_MIN: UNIT TESTS ONLY, trivially brute-forced
};

// Sets the process-wide cost used by HashPassword and PasswordNeedsRehash. Intended to be set
// once at startup (tests set kTestFast); safe to call concurrently but not meant to flip-flop.
void SetPasswordHashCost(PasswordHashCost cost);
PasswordHashCost GetPasswordHashCost();

// Returns a self-describing Argon2id string ("$argon2id$v=19$m=...") that embeds salt and cost.
// Errors: kInternal if the hash could not be computed (typically out of memory).
// Does not apply the policy; call CheckPasswordPolicy first when a user chooses a password.
Result<std::string> HashPassword(std::string_view password);

// True iff `password` matches `stored_hash` (as made by HashPassword). Constant time with
// respect to the password; a malformed or empty stored hash yields false.
bool VerifyPassword(std::string_view password, std::string_view stored_hash);

// True if `stored_hash` was made with a different algorithm or cost than the current setting
// (or is malformed), so the caller should re-hash after the next successful verification.
bool PasswordNeedsRehash(std::string_view stored_hash);

// Password policy: at least 12 Unicode code points, at most 1024 bytes, valid UTF-8.
// Errors (kInvalidArgument, field "password"): "password.too_long", "password.invalid_utf8",
// "password.too_short", checked in that order.
Status CheckPasswordPolicy(std::string_view password);

// ---- Randomness ------------------------------------------------------------------------------

// `bytes` random bytes from the libsodium CSPRNG, base64url without padding (43 chars for 32).
std::string RandomToken(size_t bytes = 32);

// `bytes` random bytes, Base32 (RFC 4648, uppercase, no padding); e.g. 20 bytes for TOTP.
std::string RandomBase32(size_t bytes);

// ---- Digests and MACs ------------------------------------------------------------------------

std::string Sha256Hex(std::string_view data);                            // 64 lowercase hex chars
std::string HmacSha256Hex(std::string_view key, std::string_view data);  // 64 lowercase hex
std::string HmacSha1Raw(std::string_view key, std::string_view data);    // 20 raw bytes

// Compares in time dependent only on the lengths; different lengths return false at once
// (lengths are not considered secret).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// ---- Encodings (RFC 4648) --------------------------------------------------------------------

// Base64 with the URL-safe alphabet ('-', '_'), no padding.
std::string Base64UrlEncode(std::string_view raw);
// Strict inverse of Base64UrlEncode: padding, whitespace or non-canonical trailing bits are
// rejected with kInvalidArgument "base64url.invalid".
Result<std::string> Base64UrlDecode(std::string_view text);

// Base32, uppercase alphabet A-Z2-7, no padding.
std::string Base32Encode(std::string_view raw);
// Accepts lowercase, spaces anywhere, and optional trailing '=' padding (as users type secrets).
// Errors: kInvalidArgument "base32.invalid" for foreign characters or an impossible length.
Result<std::string> Base32Decode(std::string_view text);

}  // namespace concord::security
