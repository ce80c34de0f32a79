#include "worker_pool.hpp"

#include <exception>
#include <iostream>

namespace devserver {

WorkerPool::WorkerPool(std::size_t threads) {
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { loop(); });
}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::submit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    queue_.push_back(std::move(task));
  }
  wake_.notify_all();
}

void WorkerPool::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  for (auto& thread : threads_)
    if (thread.joinable()) thread.join();
  threads_.clear();
}

bool WorkerPool::pause(std::chrono::milliseconds duration) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (duration.count() > 0) wake_.wait_for(lock, duration, [this] { return stopping_; });
  return !stopping_;
}

bool WorkerPool::stopping() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stopping_;
}

void WorkerPool::loop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      task();
    } catch (const std::exception& e) {
      std::cerr << "milvus-jobs-devserver: worker task failed: " << e.what() << std::endl;
    } catch (...) {
      std::cerr << "milvus-jobs-devserver: worker task failed" << std::endl;
    }
  }
}

}  // namespace devserver
