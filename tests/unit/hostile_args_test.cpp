// Hostile values inside the library (issue 25): control bytes in header
// values, timeouts and backoffs near INT64_MAX, an address without a host.
#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <cstdint>
#include <string>

#include "common/deadline.hpp"
#include "jobs/client.hpp"
#include "jobs/retry.hpp"
#include "jobs/validate.hpp"
#include "test_support.hpp"

namespace mj::jobs {
namespace {

using test::error_of;

TEST(HeaderValue, EveryControlByteButTabIsRefusedNamingTheField) {
  for (int c = 0; c < 0x80; ++c) {
    const std::string value = std::string("a") + static_cast<char>(c) + "b";
    const bool control = (c < 0x20 && c != '\t') || c == 0x7f;
    if (!control) {
      check_header_value("user_agent", value);
      continue;
    }
    auto info = error_of([&] { check_header_value("user_agent", value); });
    ASSERT_TRUE(info) << c;
    EXPECT_EQ(info->category, Category::invalid_argument);
    EXPECT_EQ(info->message.rfind("user_agent must not contain control characters (CR, LF", 0), 0u) << info->message;
  }
}

TEST(HeaderValue, BytesAbove0x7fAreAllowed) {
  check_header_value("db_name",
                     "b\xc3\xbc"
                     "cher");  // UTF-8 text: RFC 9110 obs-text
  check_header_value("db_name", "");
}

TEST(ExtraHeader, ControlByteInTheValueIsRefused) {
  auto info = error_of([] { check_extra_header("X-Team: a\x01z"); });
  ASSERT_TRUE(info);
  EXPECT_NE(info->message.find("control characters"), std::string::npos) << info->message;
  check_extra_header("X-Team: a\tz");
}

TEST(Deadline, Int64MaxSaturatesInsteadOfOverflowing) {
  const auto now = std::chrono::steady_clock::now();
  const auto far = deadline_after(now, INT64_MAX);
  EXPECT_GT(far, now + std::chrono::hours(24 * 365 * 30));
  EXPECT_EQ(deadline_after(now, INT64_MAX), deadline_after(now, kNoPracticalLimitMs));
  EXPECT_EQ(deadline_after(now, 1500), now + std::chrono::milliseconds(1500));
  EXPECT_EQ(deadline_after(now, -5), now);
  EXPECT_EQ(add_ms(1000, INT64_MAX), 1000 + kNoPracticalLimitMs);
  EXPECT_EQ(bounded_ms(INT64_MAX), kNoPracticalLimitMs);
  EXPECT_EQ(curl_timeout_ms(INT64_MAX), static_cast<long>(INT_MAX));
  EXPECT_EQ(curl_timeout_ms(0), 1L);
  EXPECT_EQ(curl_timeout_ms(2500), 2500L);
}

TEST(Backoff, DoublingUpToInt64MaxNeverOverflows) {
  RetryPolicy p;
  p.max_attempts = RetryPolicy::kMaxMaxAttempts;
  p.initial_backoff_ms = 1;
  p.max_backoff_ms = INT64_MAX;
  for (int32_t attempt = 2; attempt <= RetryPolicy::kMaxMaxAttempts; ++attempt) {
    const int64_t wait = backoff_ms(p, attempt, -1);
    EXPECT_GE(wait, 0) << attempt;
  }
  p.initial_backoff_ms = INT64_MAX / 2 + 1;
  EXPECT_GE(backoff_ms(p, 3, -1), 0);
}

TEST(NormaliseUri, SchemeWithoutHostSaysWhatToWrite) {
  for (const std::string uri : {"http://", "http:///", "https://"}) {
    auto info = error_of([&] { (void)normalise_uri(uri); });
    ASSERT_TRUE(info) << uri;
    const std::string scheme = uri.substr(0, uri.find(':'));
    EXPECT_NE(info->message.find("has no host: write " + scheme + "://host:port"), std::string::npos) << info->message;
  }
  EXPECT_EQ(normalise_uri("http://127.0.0.1:19530/"), "http://127.0.0.1:19530");
  EXPECT_EQ(normalise_uri("http://127.0.0.1:19530///"), "http://127.0.0.1:19530");
}

}  // namespace
}  // namespace mj::jobs
