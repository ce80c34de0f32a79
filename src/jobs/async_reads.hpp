// Job reads that do not block: many describes in flight over one curl multi
// handle, driven by the host's event loop (socket and timer callbacks,
// curl_multi_socket_action) or by one thread of the host's (run(), which
// waits in curl_multi_poll). Each read makes the same attempts as the
// blocking call (JobsClient::Attempts: retries, deadline, headers, counters,
// log records) and ends in the same job or error.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "common/error.hpp"
#include "jobs/client.hpp"
#include "protocol/snapshot_types.hpp"
#include "protocol/types.hpp"

namespace mj::jobs {

// The values of mj_job_kind.
enum class ReadKind : uint8_t { refresh = 1, import = 2, snapshot = 3 };

// One read's end: the job (by kind) when ok, else the call's error.
struct FinishedRead {
  uint64_t tag = 0;
  ReadKind kind = ReadKind::import;
  bool ok = false;
  ErrorInfo error;
  protocol::RefreshJob refresh;
  protocol::ImportJob import;
  protocol::SnapshotJob snapshot;
};

// Host-driven mode: both callbacks set (mj_async_socket_fn, mj_async_timer_fn).
struct AsyncHooks {
  void (*on_socket)(int fd, int events, void* user) = nullptr;
  void (*on_timer)(int64_t timeout_ms, void* user) = nullptr;
  void* user = nullptr;
};

class AsyncReads {
 public:
  static constexpr size_t kDefaultMaxInFlight = 64;
  static constexpr size_t kMaxMaxInFlight = 1024;

  // `client` must outlive this. Throws std::bad_alloc, mj::Error(internal).
  AsyncReads(JobsClient& client, size_t max_in_flight, AsyncHooks hooks);
  ~AsyncReads();
  AsyncReads(const AsyncReads&) = delete;
  AsyncReads& operator=(const AsyncReads&) = delete;

  bool host_driven() const noexcept { return hooks_.on_socket != nullptr; }

  // Queues a read whose first state `attempts` has passed the call's checks.
  // Any thread when self-driven; the driving thread when host-driven.
  void start(ReadKind kind, JobsClient::Attempts attempts, CallContext ctx, uint64_t tag);
  // Asks for the read with `tag` to end as cancelled; false when none is in
  // flight (not started, or already finished).
  bool cancel(uint64_t tag);

  // Host-driven: `fd` ready for `events` (curl's CURL_CSELECT_* bits), or fd
  // < 0 when the host's timer fired.
  void socket_action(int fd, int events);
  // Self-driven: works and waits (up to timeout_ms; < 0 = no limit) until a
  // result is ready, the time passes or wakeup() is called.
  void run(int64_t timeout_ms);
  // Thread-safe: makes run() return.
  void wakeup() noexcept;

  // The oldest ready result (driving thread). False when none.
  bool next(FinishedRead& out);
  // Reads started whose result next() has not handed out. Thread-safe.
  size_t in_flight() const noexcept { return in_flight_.load(std::memory_order_relaxed); }

 private:
  struct Slot;
  enum class Phase : uint8_t { queued, sending, pausing };
  struct Read {
    ReadKind kind = ReadKind::import;
    uint64_t tag = 0;
    CallContext ctx;
    JobsClient::Attempts attempts;
    Phase phase = Phase::queued;
    bool cancel_asked = false;
    Slot* slot = nullptr;
    std::chrono::steady_clock::time_point due;  // pausing: when the next attempt starts
    ErrorInfo last;                             // pausing: the failure before the pause
  };
  using ReadIt = std::list<Read>::iterator;

  static int on_curl_socket(void* easy, int fd, int what, void* self, void* socketp) noexcept;
  static int on_curl_timer(void* multi, long timeout_ms, void* self) noexcept;

  // After a start or cancel was queued: host-driven, act on it now;
  // self-driven, wake run() when `wake` (it waits in curl_multi_poll).
  void after_queueing(bool wake);
  // Takes what other threads queued, ends cancelled reads, starts the due
  // ones while connections are free.
  void pump();
  // Ends every transfer libcurl reports finished.
  void drain();
  void start_attempt(ReadIt r);
  void end_transfer(ReadIt r, int result, bool cancelled);
  void attempt_failed(ReadIt r, ErrorInfo info, int http_status, int64_t retry_after_ms, const std::string& trace_id);
  void finish(ReadIt r, FinishedRead&& result);
  void finish_error(ReadIt r, ErrorInfo&& error);
  void watch_token(transport::CancelToken* token);
  void unwatch_token(transport::CancelToken* token) noexcept;
  // Host-driven: tells the host when to call back next (curl's timer, the
  // next retry; at once when results wait that no driving call reported).
  void sync_host_timer(bool results_waiting);
  std::chrono::steady_clock::time_point next_due() const noexcept;

  JobsClient& client_;
  AsyncHooks hooks_;
  size_t max_in_flight_;
  void* multi_ = nullptr;  // CURLM*

  // Shared with other threads (self-driven), under mu_.
  std::mutex mu_;
  std::list<Read> incoming_;
  std::vector<uint64_t> cancels_;
  std::unordered_map<uint64_t, size_t> live_tags_;  // tag -> reads in flight with it (not yet finished)
  std::atomic<size_t> in_flight_{0};
  std::atomic<bool> woken_{false};
  // Self-driven: run() waits in curl_multi_poll; only then does a start or
  // cancel wake it (one wakeup per wait, not one per read).
  bool polling_ = false;

  // The driving thread's.
  std::list<Read> reads_;  // every read started and not finished
  std::deque<ReadIt> queued_;
  std::vector<ReadIt> pausing_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<Slot*> free_slots_;
  std::deque<FinishedRead> done_;
  std::unordered_map<transport::CancelToken*, size_t> tokens_;
  std::vector<int> watched_fds_;
  bool curl_timer_set_ = false;
  std::chrono::steady_clock::time_point curl_due_;
  bool host_timer_set_ = false;
  std::chrono::steady_clock::time_point host_due_;
};

}  // namespace mj::jobs
