// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1), compatible with the
// common authenticator apps (6 digits, 30-second steps).
//
// Secrets are raw bytes (decode the user-visible Base32 form with Base32Decode); 20 random
// bytes (RandomBase32(20)) is the recommended size. Times are Unix seconds (UTC).
// Thread-safety: all functions are pure and safe to call concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace concord::security {

// The time step (counter) containing `unix_seconds`: floor(unix_seconds / step).
// Precondition: step > 0.
int64_t TotpStep(int64_t unix_seconds, int step = 30);

// The code for the step containing `unix_seconds`, zero-padded to `digits` characters.
// Preconditions: 1 <= digits <= 9, step > 0.
std::string TotpCode(std::string_view secret_raw, int64_t unix_seconds, int digits = 6,
                     int step = 30);

// True if `code` equals the code of any step in [t - window, t + window], where t is the step
// containing `unix_seconds`. Codes are compared in constant time and every step in the window
// is checked, whether or not an earlier one matched. A code of the wrong length never matches
// (callers should strip spaces users type). On success, stores the matched step in
// *matched_step (if non-null): the caller MUST persist it and reject any later code whose step
// is <= the last accepted one, otherwise a code can be replayed within its window.
// Preconditions: window >= 0, 1 <= digits <= 9, step > 0.
bool TotpVerify(std::string_view secret_raw, std::string_view code, int64_t unix_seconds,
                int window = 1, int64_t* matched_step = nullptr, int digits = 6, int step = 30);

// The otpauth:// URI encoded in enrolment QR codes:
//   otpauth://totp/Issuer:account?secret=BASE32&issuer=Issuer&algorithm=SHA1&digits=6&period=30
// issuer and account are percent-encoded (RFC 3986 unreserved characters kept, UTF-8 bytes
// escaped, space as %20); the secret is used as given (Base32, no padding expected).
std::string TotpUri(std::string_view issuer, std::string_view account,
                    std::string_view secret_base32);

}  // namespace concord::security
