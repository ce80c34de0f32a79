// Runs import jobs: reads every listed file under --data-dir, counting rows, through the same
// visible phases as datacoord (Pending, Importing, then Completed, or Uncommitted when
// auto_commit is "false").
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "store.hpp"
#include "work_settings.hpp"
#include "worker_pool.hpp"

namespace devserver {

class ImportWorker {
 public:
  ImportWorker(JobStore& store, WorkerPool& pool, WorkSettings settings);

  // Queues a new (Pending) job.
  void start(std::int64_t job_id);
  // Queues the second half of a commit: the job is already Committing.
  void finish_commit(std::int64_t job_id);
  // After a restart: reruns unfinished work from the beginning, finishes commits, and leaves
  // Uncommitted jobs waiting for their commit.
  void resume(std::int64_t job_id);

 private:
  // Runs `work`; an unexpected exception fails the job instead of leaving it unfinished.
  void guarded(std::int64_t job_id, const std::function<void()>& work);
  void resume_now(std::int64_t job_id);
  void run(std::int64_t job_id);
  void commit(std::int64_t job_id);
  // Moves the job to Failed (unless it already ended, e.g. aborted) with `reason` on the task.
  void fail(std::int64_t job_id, std::size_t task, const std::string& reason);
  bool advance(std::int64_t job_id, ImportPhase expected, const std::function<void(ImportJob&)>& change);

  JobStore& store_;
  WorkerPool& pool_;
  WorkSettings settings_;
};

}  // namespace devserver
