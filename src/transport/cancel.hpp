// A cancel token shared by a caller and the calls it may cancel. Triggering
// wakes every transfer registered with it (curl_multi_wakeup), so a blocked
// call returns within one poll round, not at its next timeout.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace mj::transport {

class CancelToken {
 public:
  void trigger() noexcept;
  bool triggered() const noexcept { return triggered_.load(std::memory_order_acquire); }

  // While registered, trigger() wakes `multi` (a CURLM*).
  void add_waiter(void* multi);
  void remove_waiter(void* multi) noexcept;

  // Sleeps up to `duration`; returns early, true, once the token is triggered.
  bool sleep_for(std::chrono::milliseconds duration);

 private:
  std::atomic<bool> triggered_{false};
  std::mutex mu_;
  std::vector<void*> waiters_;
  std::condition_variable wake_;
};

}  // namespace mj::transport
