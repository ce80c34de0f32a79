// Watching many jobs at once: each job is described every interval, over a
// bounded pool of connections driven by one curl multi handle on the thread
// that calls next(). Jobs are added and removed from any thread. A job costs
// one small slot, one index entry and one queue entry; nothing else is held
// per job (answers are decoded as they arrive and only state and progress
// are kept).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/error.hpp"
#include "jobs/client.hpp"
#include "protocol/types.hpp"
#include "transport/multi_poller.hpp"

namespace mj::jobs {

struct WatcherSettings {
  size_t max_connections = 16;
  int64_t interval_ms = 1000;
  int64_t poll_timeout_ms = 0;  // 0 = the client's request timeout
  transport::CancelToken* cancel = nullptr;
  std::string db_name;
};

enum class JobKind : uint8_t { refresh = 1, import = 2, snapshot = 3 };

struct WatchEvent {
  JobKind kind = JobKind::refresh;
  int64_t refresh_id = 0;
  std::string import_id;
  Category status = Category::ok;
  ErrorInfo error;  // when status != ok
  std::optional<protocol::RefreshJob> refresh;
  std::optional<protocol::ImportJob> import;
  int64_t snapshot_id = 0;  // a snapshot restore job's id
  std::optional<protocol::SnapshotJob> snapshot;
  bool done = false;
};

class Watcher {
 public:
  static constexpr size_t kMaxConnections = 1024;

  Watcher(JobsClient& client, WatcherSettings settings);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  void add_refresh(int64_t job_id);
  void add_import(const std::string& job_id);
  void add_snapshot(int64_t job_id);
  // False when the job is not watched. From another thread than the one in
  // next()/finish_delivery(), waits for an event of this job being delivered.
  bool remove_refresh(int64_t job_id);
  bool remove_import(const std::string& job_id);
  bool remove_snapshot(int64_t job_id);
  size_t size() const;

  enum class Outcome { event, timeout, empty, cancelled };
  // Polls until an event is ready (written to `out`), `deadline` passes, no
  // job is watched, or the cancel token fires. Only one thread at a time.
  // The event counts as "being delivered" until finish_delivery() or the next
  // call.
  Outcome next(std::chrono::steady_clock::time_point deadline, WatchEvent& out);
  void finish_delivery();

 private:
  // 40 bytes. A refresh or snapshot restore job is its int64 id; an import
  // job its id as the server wrote it (text, never converted).
  struct Slot {
    std::unique_ptr<char[]> text;  // the import id, else null
    int64_t id = 0;                // the refresh or snapshot restore id
    int64_t progress = -1;         // last progress reported
    uint32_t generation = 0;
    int32_t state = -1;  // last state reported
    JobKind kind = JobKind::refresh;
    uint8_t last_status = 0;  // a Category
    bool live = false;
    bool seen = false;      // read at least once
    bool reported = false;  // an event was produced at least once

    std::string_view import_id() const { return text ? std::string_view(text.get()) : std::string_view(); }
  };
  struct Ref {
    uint32_t slot;
    uint32_t generation;
  };
  struct Due {
    Ref ref;
    int64_t at_ms;  // on the steady clock
  };
  struct Ready {
    Ref ref;
    WatchEvent event;
  };

  uint32_t add_slot(JobKind kind, int64_t id, const std::string* text);
  void add(JobKind kind, int64_t id, const std::string* text);
  bool remove(JobKind kind, int64_t id, const std::string* text);
  // Whether the job (refresh or snapshot id, or import id `text`) is watched; its slot.
  bool find(JobKind kind, int64_t id, const std::string* text, uint32_t& index) const;
  std::unordered_map<int64_t, uint32_t>& id_index(JobKind kind) noexcept {
    return kind == JobKind::snapshot ? snapshot_index_ : refresh_index_;
  }
  void drop_slot(uint32_t index);  // under mu_
  bool remove_slot(uint32_t index, std::unique_lock<std::mutex>& lock);
  bool current(Ref ref) const noexcept;
  void start_due(int64_t now_ms);  // under mu_
  void settle(transport::PollOutcome& outcome, int64_t now_ms);
  void schedule_later(Due due);  // under mu_
  int64_t now_ms() const;

  JobsClient& client_;
  WatcherSettings settings_;
  transport::MultiPoller poller_;

  mutable std::mutex mu_;
  std::condition_variable delivered_;
  std::deque<Slot> slots_;
  std::vector<uint32_t> free_slots_;
  // The index of a job's slot: refresh ids, and import ids (views of Slot::text).
  std::unordered_map<int64_t, uint32_t> refresh_index_;
  std::unordered_map<std::string_view, uint32_t> import_index_;
  std::unordered_map<int64_t, uint32_t> snapshot_index_;
  std::deque<Ref> fresh_;     // added, due at once
  std::deque<Due> schedule_;  // due times never decrease along the queue
  std::deque<Ready> ready_;
  size_t live_ = 0;
  std::optional<Ref> delivering_;
  std::thread::id driver_;

  // The driving thread's own (not under mu_): transfers in flight.
  struct InFlight {
    Ref ref;
    std::string request_id;
  };
  std::unordered_map<uint64_t, InFlight> in_flight_;
  uint64_t next_tag_ = 1;
  std::vector<transport::PollOutcome> finished_;
};

}  // namespace mj::jobs
