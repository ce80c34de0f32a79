// Timeouts in milliseconds made into deadlines and libcurl settings without
// overflow: any int64 timeout is accepted, and one beyond kNoPracticalLimitMs
// (about 34 years) means "no practical limit". Adding INT64_MAX ms to now
// would overflow steady_clock's nanoseconds (a signed overflow: undefined
// behaviour, in practice a deadline in the past).
#pragma once

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdint>

namespace mj {

// 2^40 ms: far below what steady_clock (292 years of ns) or a server's own
// timer (Go's time.Duration, for the Request-Timeout header) can hold.
inline constexpr int64_t kNoPracticalLimitMs = int64_t{1} << 40;

// `ms` with anything beyond kNoPracticalLimitMs cut to it (negative stays).
constexpr int64_t bounded_ms(int64_t ms) noexcept { return std::min(ms, kNoPracticalLimitMs); }

// a + b for two millisecond counts >= 0, saturating at kNoPracticalLimitMs
// beyond `a` (for schedules kept as int64 ms).
constexpr int64_t add_ms(int64_t a, int64_t b) noexcept { return a + std::clamp<int64_t>(b, 0, kNoPracticalLimitMs); }

// The time point `ms` after `from`; `ms` is bounded as above.
inline std::chrono::steady_clock::time_point deadline_after(std::chrono::steady_clock::time_point from,
                                                            int64_t ms) noexcept {
  return from + std::chrono::milliseconds(std::clamp<int64_t>(ms, 0, kNoPracticalLimitMs));
}

// A timeout for CURLOPT_TIMEOUT_MS / CURLOPT_CONNECTTIMEOUT_MS: at least 1
// (0 would mean libcurl's default) and at most INT_MAX (libcurl keeps these
// in an int-sized field; beyond it, about 24 days, the call's own deadline
// still applies).
constexpr long curl_timeout_ms(int64_t ms) noexcept { return static_cast<long>(std::clamp<int64_t>(ms, 1, INT_MAX)); }

}  // namespace mj
