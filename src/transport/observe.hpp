// What the transport tells the layers above about each attempt (for the log
// hook) and the counters of one client (mj_client_stats): relaxed atomics,
// cheap to bump on the calling thread and to read from any other.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace mj::transport {

// One attempt as libcurl saw it; filled by Transfer::end, answered or not.
struct AttemptInfo {
  int64_t duration_us = 0;
  bool connection_reused = false;  // no new connection was opened for it
  bool connected = false;          // a connection was opened or reused
};

struct ClientStats {
  using Counter = std::atomic<int64_t>;
  Counter requests{0};
  Counter attempts{0};
  Counter retries_transport{0};
  Counter retries_timeout{0};
  Counter retries_rate_limited{0};
  Counter retries_server{0};
  Counter bytes_sent{0};
  Counter bytes_received{0};
  Counter connections_opened{0};
  Counter connections_reused{0};
  std::array<Counter, 32> answers_by_status{};

  static void bump(Counter& c, int64_t n = 1) noexcept { c.fetch_add(n, std::memory_order_relaxed); }
  static int64_t read(const Counter& c) noexcept { return c.load(std::memory_order_relaxed); }
};

}  // namespace mj::transport
