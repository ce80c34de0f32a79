#include "transport/cancel.hpp"

#include <curl/curl.h>

#include <algorithm>

namespace mj::transport {

void CancelToken::trigger() noexcept {
  triggered_.store(true, std::memory_order_release);
  std::lock_guard<std::mutex> lock(mu_);
  for (void* m : waiters_) curl_multi_wakeup(static_cast<CURLM*>(m));
  wake_.notify_all();
}

bool CancelToken::sleep_for(std::chrono::milliseconds duration) {
  std::unique_lock<std::mutex> lock(mu_);
  return wake_.wait_for(lock, duration, [this] { return triggered(); });
}

void CancelToken::add_waiter(void* multi) {
  std::lock_guard<std::mutex> lock(mu_);
  waiters_.push_back(multi);
}

void CancelToken::remove_waiter(void* multi) noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  waiters_.erase(std::remove(waiters_.begin(), waiters_.end(), multi), waiters_.end());
}

}  // namespace mj::transport
