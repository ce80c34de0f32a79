// Admin routes for tests and benchmarks, off unless --admin is given. They are
// not part of Milvus: they let a test make a job vanish, and a benchmark make
// thousands of jobs and move them without doing their work.
//
//   POST /admin/jobs/forget  {"kind":"refresh"|"import","jobId":"<id>"}  -> {}
//   POST /admin/import/seed  {"collectionName":C,"count":N,"state":S,"progress":P}
//                            -> {"firstJobId":"<id>","count":N}
//   POST /admin/import/set   {"firstJobId":"<id>","count":N,"state":S,"progress":P,"reason":R}
//                            -> {"updated":n}
//   POST /admin/stats        -> {"requests":n}  (job-route requests served so far)
//
// S is an import state name as the wire shows it (Pending, Importing,
// Uncommitted, Committing, Completed, Failed). Seeded jobs have no files and no
// worker: they stay as set until the next /admin/import/set.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "store.hpp"

namespace devserver {

class AdminService {
 public:
  explicit AdminService(JobStore& store) : store_(store) {}

  // True when `path` is an admin route; then `data` is the answer's data
  // (ApiError is thrown for a bad request).
  bool handle(const std::string& path, const std::string& body, const std::string& db_header, nlohmann::json& data);
  void note_request() noexcept { requests_.fetch_add(1, std::memory_order_relaxed); }

 private:
  JobStore& store_;
  std::atomic<std::uint64_t> requests_{0};
};

}  // namespace devserver
