// A small fixed pool of threads that runs the jobs' work, so HTTP handlers never block on it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace devserver {

class WorkerPool {
 public:
  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void submit(std::function<void()> task);

  // Stops taking tasks, wakes every pause(), and joins the threads. Queued tasks are dropped:
  // their jobs stay non-terminal and resume from the state file on the next start.
  void shutdown();

  // Sleeps for `duration` (no-op for zero). Returns false when the pool is shutting down, in
  // which case the caller should return without touching its job.
  bool pause(std::chrono::milliseconds duration);
  bool stopping() const;

 private:
  void loop();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace devserver
