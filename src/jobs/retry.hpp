// When a failed attempt is repeated, and after how long (docs/architecture.md,
// "Retries").
// Reads are repeated on failures that say nothing about the request itself;
// creates, commit and abort only when the request provably never left.
#pragma once

#include <cstdint>

#include "common/error.hpp"
#include "protocol/endpoints.hpp"

namespace mj::jobs {

struct RetryPolicy {
  static constexpr int32_t kDefaultMaxAttempts = 4;
  static constexpr int32_t kMaxMaxAttempts = 100;
  static constexpr int64_t kDefaultInitialBackoffMs = 100;
  static constexpr int64_t kDefaultMaxBackoffMs = 5000;

  int32_t max_attempts = kDefaultMaxAttempts;
  int64_t initial_backoff_ms = kDefaultInitialBackoffMs;
  int64_t max_backoff_ms = kDefaultMaxBackoffMs;
};

// Reads: describe and list. Everything else may change the server's state.
constexpr bool is_read_route(protocol::Route r) noexcept {
  return r == protocol::Route::refresh_describe || r == protocol::Route::refresh_list ||
         r == protocol::Route::import_describe || r == protocol::Route::import_list ||
         r == protocol::Route::snapshot_describe || r == protocol::Route::snapshot_list;
}

// Whether the failure of one attempt at `route` may be repeated.
bool should_retry(protocol::Route route, const ErrorInfo& failure) noexcept;

// The pause before attempt `next_attempt` (2, 3, ...): full jitter over
// min(max_backoff, initial * 2^(next_attempt - 2)), or the server's
// Retry-After when it sent one (retry_after_ms >= 0).
int64_t backoff_ms(const RetryPolicy& policy, int32_t next_attempt, int64_t retry_after_ms);

}  // namespace mj::jobs
