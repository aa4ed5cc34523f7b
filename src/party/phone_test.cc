#include "party/phone.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "party/normalize.h"

namespace concord::party {
namespace {

std::optional<std::string> Phone(std::string_view raw, std::string_view country) {
  return NormalizePhone(raw, country);
}

TEST(PhoneCallingCode, FindsOneTwoAndThreeDigitCodes) {
  EXPECT_EQ(CallingCodeLength("14155552671"), 1u);
  EXPECT_EQ(CallingCodeLength("74951234567"), 1u);
  EXPECT_EQ(CallingCodeLength("8613800138000"), 2u);
  EXPECT_EQ(CallingCodeLength("442079460958"), 2u);
  EXPECT_EQ(CallingCodeLength("85221234567"), 3u);
  EXPECT_EQ(CallingCodeLength("886223456789"), 3u);
  EXPECT_EQ(CallingCodeLength("971501234567"), 3u);
  EXPECT_EQ(CallingCodeLength("35312345678"), 3u);
  EXPECT_EQ(CallingCodeLength("2348012345678"), 3u);
}

TEST(PhoneCallingCode, UnassignedPrefixesHaveNoCode) {
  EXPECT_EQ(CallingCodeLength(""), 0u);
  EXPECT_EQ(CallingCodeLength("0123"), 0u);
  EXPECT_EQ(CallingCodeLength("21"), 0u);       // 21x needs its third digit
  EXPECT_EQ(CallingCodeLength("2141234"), 0u);  // 214 is unassigned
  EXPECT_EQ(CallingCodeLength("8012345"), 0u);  // 801 is unassigned
  EXPECT_EQ(CallingCodeLength("+86"), 0u);
}

TEST(PhoneCallingCode, CountryLookupIgnoresCase) {
  EXPECT_EQ(CallingCodeOf("CN"), "86");
  EXPECT_EQ(CallingCodeOf("cn"), "86");
  EXPECT_EQ(CallingCodeOf("US"), "1");
  EXPECT_EQ(CallingCodeOf("HK"), "852");
  EXPECT_EQ(CallingCodeOf(""), "");
  EXPECT_EQ(CallingCodeOf("XX"), "");
  EXPECT_EQ(CallingCodeOf("CHN"), "");
}

TEST(PhoneNormalize, BriefExamples) {
  EXPECT_EQ(Phone("138 0013 8000", "CN"), "+8613800138000");
  EXPECT_EQ(Phone("010-6552 9988", "CN"), "+861065529988");
  EXPECT_EQ(Phone("+86 (10) 6552-9988", ""), "+861065529988");
  EXPECT_EQ(Phone("0086 138 0013 8000", "US"), "+8613800138000");
  EXPECT_EQ(Phone("(415) 555-2671", "US"), "+14155552671");
  EXPECT_EQ(Phone("1-415-555-2671", "US"), "+14155552671");
  EXPECT_EQ(Phone("+44 (0)20 7946 0958", ""), "+442079460958");
  EXPECT_EQ(Phone("020 7946 0958", "GB"), "+442079460958");
  EXPECT_EQ(Phone("abc", "CN"), std::nullopt);
  EXPECT_EQ(Phone("12", "CN"), std::nullopt);
}

TEST(PhoneNormalize, InternationalFormIgnoresDefaultCountry) {
  EXPECT_EQ(Phone("+49 30 1234567", "CN"), "+49301234567");
  EXPECT_EQ(Phone("+49 30 1234567", "nowhere"), "+49301234567");
  EXPECT_EQ(Phone("0049 30 1234567", ""), "+49301234567");
  EXPECT_EQ(Phone("+852 2123 4567", "CN"), "+85221234567");
  EXPECT_EQ(Phone("+886 2 2345 6789", ""), "+886223456789");
}

TEST(PhoneNormalize, TrunkZeroAfterCountryCodeIsDroppedOnlyWhereItIsATrunk) {
  EXPECT_EQ(Phone("+44 020 7946 0958", ""), "+442079460958");
  EXPECT_EQ(Phone("+49 (0)30 1234567", ""), "+49301234567");
  // In Italy the leading 0 is part of the number.
  EXPECT_EQ(Phone("+39 06 1234 5678", ""), "+390612345678");
  EXPECT_EQ(Phone("06 1234 5678", "IT"), "+390612345678");
}

TEST(PhoneNormalize, NationalTrunkPrefixes) {
  EXPECT_EQ(Phone("030 1234567", "DE"), "+49301234567");
  EXPECT_EQ(Phone("01 23 45 67 89", "FR"), "+33123456789");
  EXPECT_EQ(Phone("03-1234-5678", "JP"), "+81312345678");
  EXPECT_EQ(Phone("8 (495) 123-45-67", "RU"), "+74951234567");
  EXPECT_EQ(Phone("495 123 45 67", "ru"), "+74951234567");
  EXPECT_EQ(Phone("06 1 234 5678", "HU"), "+3612345678");
  EXPECT_EQ(Phone("2123 4567", "HK"), "+85221234567");
  EXPECT_EQ(Phone("612 345 678", "ES"), "+34612345678");
  EXPECT_EQ(Phone("0412 345 678", "AU"), "+61412345678");
}

TEST(PhoneNormalize, CountrySpecificInternationalPrefixes) {
  EXPECT_EQ(Phone("011 44 20 7946 0958", "US"), "+442079460958");
  EXPECT_EQ(Phone("0011 86 138 0013 8000", "AU"), "+8613800138000");
  EXPECT_EQ(Phone("010 86 138 0013 8000", "JP"), "+8613800138000");
  // In China 010 is Beijing's area code, not an international prefix.
  EXPECT_EQ(Phone("010 8888 8888", "CN"), "+861088888888");
}

TEST(PhoneNormalize, NorthAmericanNumbersHaveTenDigits) {
  EXPECT_EQ(Phone("415.555.2671", "CA"), "+14155552671");
  EXPECT_EQ(Phone("+1 415 555 2671", ""), "+14155552671");
  EXPECT_EQ(Phone("555-2671", "US"), std::nullopt);
  EXPECT_EQ(Phone("+1 415 555 26710", ""), std::nullopt);
}

TEST(PhoneNormalize, SeparatorsAndExtensions) {
  EXPECT_EQ(Phone("  138/0013/8000  ", "CN"), "+8613800138000");
  EXPECT_EQ(Phone("\t+86.138.0013.8000", ""), "+8613800138000");
  EXPECT_EQ(Phone("(415) 555-2671 ext. 204", "US"), "+14155552671");
  EXPECT_EQ(Phone("(415) 555-2671 x204", "US"), "+14155552671");
  EXPECT_EQ(Phone("(415) 555-2671 #204", "US"), "+14155552671");
  EXPECT_EQ(Phone("(415) 555-2671 EXT 204", "US"), "+14155552671");
  EXPECT_EQ(Phone("tel:+1-415-555-2671;ext=204", ""), "+14155552671");
}

TEST(PhoneNormalize, FullWidthAndUnicodeSeparatorsFold) {
  EXPECT_EQ(Phone("＋８６ １３８ ００１３ ８０００", ""), "+8613800138000");
  EXPECT_EQ(Phone("138\u20130013\u20138000", "CN"), "+8613800138000");       // en dashes
  EXPECT_EQ(Phone("138\u00a00013\u00a08000", "CN"), "+8613800138000");       // no-break spaces
  EXPECT_EQ(Phone("\u0661\u0663\u0668 0013 8000", "CN"), "+8613800138000");  // Arabic-Indic
}

TEST(PhoneNormalize, RejectsWhatCannotBeANumber) {
  EXPECT_EQ(Phone("", "CN"), std::nullopt);
  EXPECT_EQ(Phone("   ", "CN"), std::nullopt);
  EXPECT_EQ(Phone("1-800-FLOWERS", "US"), std::nullopt);
  EXPECT_EQ(Phone("138 0013 8000", ""), std::nullopt);    // national, no country
  EXPECT_EQ(Phone("138 0013 8000", "ZZ"), std::nullopt);  // national, unknown country
  EXPECT_EQ(Phone("+0086 138 0013 8000", ""), std::nullopt);
  EXPECT_EQ(Phone("+86 138 0013 8000 +1", ""), std::nullopt);
  EXPECT_EQ(Phone("138+0013", "CN"), std::nullopt);
  EXPECT_EQ(Phone("+214 123 4567", ""), std::nullopt);            // unassigned code
  EXPECT_EQ(Phone("+86 1234", ""), std::nullopt);                 // too short
  EXPECT_EQ(Phone("+86 1380 0138 0001 2345", ""), std::nullopt);  // 16 digits
  EXPECT_EQ(Phone("0", "CN"), std::nullopt);
  EXPECT_EQ(Phone("00", "CN"), std::nullopt);
  EXPECT_EQ(Phone("+", ""), std::nullopt);
  EXPECT_EQ(Phone("x204", "US"), std::nullopt);
  EXPECT_EQ(Phone(std::string(200, '1'), "CN"), std::nullopt);
}

TEST(PhoneNormalize, InvalidUtf8IsRejectedNotFatal) {
  EXPECT_EQ(Phone("138\xff"
                  "0013 8000",
                  "CN"),
            std::nullopt);
  EXPECT_EQ(Phone("\xe4\xb8", "CN"), std::nullopt);
  EXPECT_EQ(Phone("138 0013 8000", "\xff\xfe"), std::nullopt);
  EXPECT_EQ(Phone(std::string("138\0 0013 8000", 14), "CN"), std::nullopt);
}

TEST(PhoneNormalize, ResultIsAFixedPoint) {
  for (const char* raw : {"+8613800138000", "+14155552671", "+442079460958", "+390612345678"}) {
    EXPECT_EQ(Phone(raw, ""), raw);
    EXPECT_EQ(Phone(raw, "CN"), raw);
  }
}

}  // namespace
}  // namespace concord::party
