// parse_rfc3339_ms: the layout Go's time.RFC3339 writes (import createTime,
// completeTime), docs/protocol.md "Answers".
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/rfc3339.hpp"

namespace mj::protocol {
namespace {

constexpr int64_t kWireCreate = 1711952240000;  // 2024-04-01T06:17:20Z

TEST(Rfc3339, ParsesUtcZ) {
  EXPECT_EQ(parse_rfc3339_ms("2024-04-01T06:17:20Z"), kWireCreate);
  EXPECT_EQ(parse_rfc3339_ms("2024-04-01T06:17:55Z"), int64_t{1711952275000});
}

TEST(Rfc3339, ParsesTheEpoch) { EXPECT_EQ(parse_rfc3339_ms("1970-01-01T00:00:00Z"), int64_t{0}); }

TEST(Rfc3339, AcceptsLowercaseTAndZ) { EXPECT_EQ(parse_rfc3339_ms("2024-04-01t06:17:20z"), kWireCreate); }

TEST(Rfc3339, AppliesPositiveAndNegativeOffsets) {
  EXPECT_EQ(parse_rfc3339_ms("2024-04-01T14:17:20+08:00"), kWireCreate);
  EXPECT_EQ(parse_rfc3339_ms("2024-04-01T00:47:20-05:30"), kWireCreate);
  EXPECT_EQ(parse_rfc3339_ms("2024-04-01T06:17:20+00:00"), kWireCreate);
  EXPECT_EQ(parse_rfc3339_ms("2024-04-01T06:17:20-00:00"), kWireCreate);
}

TEST(Rfc3339, OffsetCanCrossTheDayAndYear) {
  EXPECT_EQ(parse_rfc3339_ms("2024-01-01T01:00:00+02:00"), parse_rfc3339_ms("2023-12-31T23:00:00Z"));
}

TEST(Rfc3339, ReadsFractionsToMilliseconds) {
  EXPECT_EQ(parse_rfc3339_ms("2024-04-01T06:17:20.123Z"), kWireCreate + 123);
  EXPECT_EQ(parse_rfc3339_ms("2024-04-01T06:17:20.5Z"), kWireCreate + 500);
  EXPECT_EQ(parse_rfc3339_ms("2024-04-01T06:17:20.05Z"), kWireCreate + 50);
  EXPECT_EQ(parse_rfc3339_ms("2024-04-01T06:17:20.000Z"), kWireCreate);
}

TEST(Rfc3339, TruncatesFractionsBeyondMilliseconds) {
  // Go writes RFC3339Nano with up to 9 digits.
  EXPECT_EQ(parse_rfc3339_ms("2024-04-01T06:17:20.123456789Z"), kWireCreate + 123);
  EXPECT_EQ(parse_rfc3339_ms("2024-04-01T06:17:20.999999999Z"), kWireCreate + 999);
}

TEST(Rfc3339, FractionWithOffset) { EXPECT_EQ(parse_rfc3339_ms("2024-04-01T14:17:20.250+08:00"), kWireCreate + 250); }

TEST(Rfc3339, BeforeTheEpochIsNegative) {
  EXPECT_EQ(parse_rfc3339_ms("1969-12-31T23:59:59Z"), int64_t{-1000});
  EXPECT_EQ(parse_rfc3339_ms("1969-12-31T23:59:59.500Z"), int64_t{-500});
}

TEST(Rfc3339, AcceptsLeapDays) {
  EXPECT_EQ(parse_rfc3339_ms("2024-02-29T12:00:00Z"), int64_t{1709208000000});
  EXPECT_EQ(parse_rfc3339_ms("2000-02-29T00:00:00Z"), int64_t{951782400000});
}

TEST(Rfc3339, RejectsFebruary29OfNonLeapYears) {
  EXPECT_EQ(parse_rfc3339_ms("2023-02-29T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339_ms("1900-02-29T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339_ms("2100-02-29T00:00:00Z"), std::nullopt);
}

TEST(Rfc3339, RejectsImpossibleDatesAndTimes) {
  for (const char* s : {"2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z", "2024-04-31T00:00:00Z", "2024-04-00T00:00:00Z",
                        "2024-01-32T00:00:00Z", "2024-02-30T00:00:00Z", "2024-04-01T24:00:00Z", "2024-04-01T06:60:00Z",
                        "2024-04-01T06:17:61Z", "2024-04-01T06:17:20+24:00", "2024-04-01T06:17:20+08:60"}) {
    EXPECT_EQ(parse_rfc3339_ms(s), std::nullopt) << s;
  }
}

TEST(Rfc3339, RejectsMalformedStrings) {
  for (const char* s : {"",
                        "2024",
                        "2024-04-01",
                        "2024-04-01T06:17:20",
                        "2024-04-01T06:17Z",
                        "2024/04/01T06:17:20Z",
                        "2024-04-01X06:17:20Z",
                        "2024-4-01T06:17:20Z",
                        "2024-04-01T6:17:20Z",
                        "2024-04-01T06:17:20.Z",
                        "2024-04-01T06:17:20.123",
                        "2024-04-01T06:17:20+0800",
                        "2024-04-01T06:17:20+08",
                        "2024-04-01T06:17:20+08:0",
                        "2024-04-01T06:17:20ZZ",
                        "2024-04-01T06:17:20Z ",
                        " 2024-04-01T06:17:20Z",
                        "2024-04-01T06:17:20UTC",
                        "2024-04-01T06:17:20+08:00Z",
                        "yesterday",
                        "abcd-ef-ghTij:kl:mnZ",
                        "1711952240000",
                        "2024-04-01T06:17:2OZ",
                        "+2024-04-01T06:17:20Z",
                        "-2024-04-01T06:17:20Z"}) {
    EXPECT_EQ(parse_rfc3339_ms(s), std::nullopt) << '"' << s << '"';
  }
}

TEST(Rfc3339, RejectsEmbeddedNul) {
  EXPECT_EQ(parse_rfc3339_ms(std::string_view("2024-04-01T06:17:20Z\0", 21)), std::nullopt);
  EXPECT_EQ(parse_rfc3339_ms(std::string_view("2024-04-01\0T06:17:20Z", 21)), std::nullopt);
}

}  // namespace
}  // namespace mj::protocol
