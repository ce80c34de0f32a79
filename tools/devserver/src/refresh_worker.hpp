// Runs refresh jobs: scans the local directory an external source maps to and writes a
// manifest of the files found.
#pragma once

#include <cstdint>

#include "store.hpp"
#include "work_settings.hpp"
#include "worker_pool.hpp"

namespace devserver {

class RefreshWorker {
 public:
  RefreshWorker(JobStore& store, WorkerPool& pool, WorkSettings settings);

  // Queues the job (new, or resumed after a restart: it starts over from the scan).
  void start(std::int64_t job_id);

 private:
  void run(std::int64_t job_id);
  void fail(std::int64_t job_id, const std::string& reason);

  JobStore& store_;
  WorkerPool& pool_;
  WorkSettings settings_;
};

}  // namespace devserver
