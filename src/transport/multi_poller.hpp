// Many small POSTs at once over a bounded pool of connections, driven by one
// curl multi handle on the caller's thread (the watcher's transport). Each of
// the `capacity` slots holds one easy handle, reused from transfer to
// transfer; the multi's connection cache keeps at most `capacity` connections
// alive between them.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "common/error.hpp"
#include "transport/http.hpp"

namespace mj::transport {

// One finished transfer: its tag, and either the answer or the failure.
struct PollOutcome {
  uint64_t tag = 0;
  bool ok = false;
  HttpResponse response;  // when ok
  ErrorInfo error;        // when !ok (transport, tls, timeout, protocol)
};

class MultiPoller {
 public:
  // Throws mj::Error(internal) when libcurl cannot make the handles.
  MultiPoller(const HttpConfig& config, size_t capacity);
  ~MultiPoller();
  MultiPoller(const MultiPoller&) = delete;
  MultiPoller& operator=(const MultiPoller&) = delete;

  size_t capacity() const noexcept;
  size_t in_flight() const noexcept;

  // Starts `request` on a free slot (in_flight() < capacity()); its outcome
  // carries `tag`.
  void start(const HttpRequest& request, uint64_t tag);

  // Moves transfers on, waiting at most wait_ms for network activity or a
  // wakeup(); appends what finished to `done`.
  void run(int wait_ms, std::vector<PollOutcome>& done);

  // Drops every transfer in flight (their outcomes are never reported).
  void abandon_all() noexcept;

  // Makes a run() blocked in another thread return at once. Thread-safe.
  void wakeup() noexcept;

  // The CURLM*, for CancelToken::add_waiter.
  void* multi_handle() const noexcept;

 private:
  struct Slot;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mj::transport
