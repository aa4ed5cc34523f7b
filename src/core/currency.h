// ISO 4217 currencies with their minor unit digits (JPY 0, USD 2, KWD 3).
//
// A Currency is a small immutable handle to a static table entry: cheap to copy, always
// valid (there is no default or "unknown" currency), safe to share between threads.
// code() points into static storage and stays valid for the life of the program.
#pragma once

#include <compare>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace concord {

class Currency {
 public:
  // Accepts an upper-case three-letter ISO 4217 code from the built-in table.
  // Anything else (lower case, wrong length, unknown) fails with kInvalidArgument
  // "currency.unknown".
  static Result<Currency> FromCode(std::string_view code);

  // For compile-time-known codes in seed data and tests. Precondition: `code` is in the
  // table; aborts otherwise. Never use on user input.
  static Currency FromCodeOrDie(std::string_view code);

  // Every supported currency, ordered by code.
  static std::vector<Currency> All();

  std::string_view code() const;
  // Number of decimals of the minor unit: 2 for USD (cents), 0 for JPY, 3 for KWD.
  int minor_units() const;

  friend bool operator==(Currency a, Currency b) { return a.index_ == b.index_; }
  // Orders by code (the table is sorted), so sorted containers list currencies A..Z.
  friend std::strong_ordering operator<=>(Currency a, Currency b) { return a.index_ <=> b.index_; }

 private:
  explicit Currency(int index) : index_(index) {}
  int index_;  // into the sorted static table
};

}  // namespace concord
