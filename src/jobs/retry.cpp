#include "jobs/retry.hpp"

#include <algorithm>
#include <random>

namespace mj::jobs {

bool should_retry(protocol::Route route, const ErrorInfo& failure) noexcept {
  const Category c = failure.category;
  if (!is_read_route(route)) {
    // A create, commit or abort that may have arrived is never repeated: a
    // second create could start a second job.
    return failure.never_sent && (c == Category::transport || c == Category::timeout);
  }
  // transport: connect, reset, broken transfer; timeout: one attempt (connect)
  // or the server's 408 / 10001; rate_limited: 429, code 1807.
  if (c == Category::transport || c == Category::timeout || c == Category::rate_limited) return true;
  return c == Category::server &&
         (failure.http_status == 502 || failure.http_status == 503 || failure.http_status == 504);
}

int64_t backoff_ms(const RetryPolicy& policy, int32_t next_attempt, int64_t retry_after_ms) {
  if (retry_after_ms >= 0) return retry_after_ms;
  int64_t ceiling = std::max<int64_t>(policy.initial_backoff_ms, 1);
  for (int32_t i = 2; i < next_attempt && ceiling < policy.max_backoff_ms; ++i) {
    ceiling = ceiling > policy.max_backoff_ms / 2 ? policy.max_backoff_ms : ceiling * 2;  // never overflows
  }
  ceiling = std::min(ceiling, policy.max_backoff_ms);
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_int_distribution<int64_t>(0, ceiling)(rng);
}

}  // namespace mj::jobs
