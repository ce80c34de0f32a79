// When a failed attempt is repeated (should_retry) and how long the pause
// before it is (backoff_ms): reads on failures that say nothing about the
// request, changes only when the request provably never left; full jitter
// under a doubling ceiling, or the server's Retry-After.
#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>

#include "jobs/retry.hpp"

namespace mj::jobs {
namespace {

using protocol::Route;

constexpr Route kReads[] = {Route::refresh_describe, Route::refresh_list, Route::import_describe, Route::import_list};
constexpr Route kChanges[] = {Route::refresh, Route::import_create, Route::import_commit, Route::import_abort};

ErrorInfo failure(Category c, int http_status = 0, bool never_sent = false) {
  ErrorInfo info;
  info.category = c;
  info.http_status = http_status;
  info.never_sent = never_sent;
  return info;
}

TEST(ShouldRetry, ReadsRepeatTransientFailures) {
  for (Route r : kReads) {
    EXPECT_TRUE(should_retry(r, failure(Category::transport)));
    EXPECT_TRUE(should_retry(r, failure(Category::timeout)));
    EXPECT_TRUE(should_retry(r, failure(Category::rate_limited, 429)));
    EXPECT_TRUE(should_retry(r, failure(Category::rate_limited, 200)));  // code 1807
    for (int status : {502, 503, 504}) EXPECT_TRUE(should_retry(r, failure(Category::server, status))) << status;
  }
}

TEST(ShouldRetry, ReadsDoNotRepeatWhatAnotherAttemptWouldNotChange) {
  for (Route r : kReads) {
    for (int status : {200, 500, 501}) EXPECT_FALSE(should_retry(r, failure(Category::server, status))) << status;
    for (Category c : {Category::invalid_argument, Category::tls, Category::cancelled, Category::unauthenticated,
                       Category::permission_denied, Category::not_found, Category::duplicate_job, Category::protocol,
                       Category::unsupported, Category::no_memory, Category::internal}) {
      EXPECT_FALSE(should_retry(r, failure(c, 200))) << static_cast<int>(c);
      EXPECT_FALSE(should_retry(r, failure(c, 200, true))) << static_cast<int>(c);
    }
  }
}

TEST(ShouldRetry, ChangesRepeatOnlyWhatNeverLeft) {
  for (Route r : kChanges) {
    EXPECT_TRUE(should_retry(r, failure(Category::transport, 0, true)));
    EXPECT_TRUE(should_retry(r, failure(Category::timeout, 0, true)));
    // It may have arrived: a second create could start a second job.
    EXPECT_FALSE(should_retry(r, failure(Category::transport, 0, false)));
    EXPECT_FALSE(should_retry(r, failure(Category::timeout, 0, false)));
    EXPECT_FALSE(should_retry(r, failure(Category::server, 503, false)));
    EXPECT_FALSE(should_retry(r, failure(Category::rate_limited, 429, false)));
    EXPECT_FALSE(should_retry(r, failure(Category::tls, 0, true)));
    EXPECT_FALSE(should_retry(r, failure(Category::cancelled, 0, true)));
  }
}

TEST(Backoff, RetryAfterIsTakenAsIs) {
  RetryPolicy p;
  EXPECT_EQ(backoff_ms(p, 2, 0), 0);
  EXPECT_EQ(backoff_ms(p, 2, 1500), 1500);
  EXPECT_EQ(backoff_ms(p, 9, 60000), 60000) << "the deadline, not max_backoff, bounds a Retry-After";
}

// The largest of many draws, and that none leaves [0, ceiling].
int64_t max_draw(const RetryPolicy& p, int32_t next_attempt, int64_t ceiling) {
  int64_t top = -1;
  for (int i = 0; i < 4000; ++i) {
    const int64_t ms = backoff_ms(p, next_attempt, -1);
    EXPECT_GE(ms, 0);
    EXPECT_LE(ms, ceiling) << "attempt " << next_attempt;
    top = std::max(top, ms);
  }
  return top;
}

TEST(Backoff, FullJitterUnderADoublingCeiling) {
  RetryPolicy p;
  p.initial_backoff_ms = 100;
  p.max_backoff_ms = 5000;
  for (auto [attempt, ceiling] : {std::pair<int32_t, int64_t>{2, 100}, {3, 200}, {4, 400}, {7, 3200}, {8, 5000}}) {
    const int64_t top = max_draw(p, attempt, ceiling);
    EXPECT_GT(top, ceiling * 3 / 4) << "the draws of attempt " << attempt << " should spread up to " << ceiling;
  }
}

TEST(Backoff, CeilingStopsAtMaxAndNeverOverflows) {
  RetryPolicy p;
  p.initial_backoff_ms = 100;
  p.max_backoff_ms = 5000;
  max_draw(p, 100, 5000);
  max_draw(p, INT32_MAX, 5000);
  p.initial_backoff_ms = INT64_MAX / 2;
  p.max_backoff_ms = INT64_MAX;
  for (int i = 0; i < 100; ++i) EXPECT_GE(backoff_ms(p, 64, -1), 0);
}

TEST(Backoff, ZeroInitialStillPausesAtMostOneMillisecond) {
  RetryPolicy p;
  p.initial_backoff_ms = 0;
  p.max_backoff_ms = 0;
  max_draw(p, 2, 1);
}

}  // namespace
}  // namespace mj::jobs
