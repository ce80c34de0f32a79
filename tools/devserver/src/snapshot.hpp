// Snapshot jobs, the third family under /v2/vectordb/jobs: export writes a
// collection's snapshot metadata (its config and, for an external collection,
// the manifest of its last completed refresh) under the local directory the
// target path maps to and answers its URI; restore_external reads that file
// in a job and creates the target collection from it. Jobs live in memory
// only (not in the --state-dir file); so do the collections restores create.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "handlers.hpp"
#include "store.hpp"
#include "work_settings.hpp"
#include "worker_pool.hpp"

namespace devserver {

// TSO-sized like the refresh ids: above 2^53, so clients must keep them exact.
inline constexpr std::int64_t kFirstSnapshotJobId = 450123456789012345;

// milvus.proto RestoreSnapshotState; the wire carries the enum name.
enum class SnapshotState { Pending, Executing, Completed, Failed };

struct SnapshotJob {
  std::int64_t id = 0;
  std::string db;
  std::string collection;     // the target
  std::string snapshot_name;  // from the metadata, once read
  std::string uri;
  std::string spec;  // the restore's externalSpec, as given
  SnapshotState state = SnapshotState::Pending;
  std::int64_t progress = 0;
  std::string reason;
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;  // 0 until the job ends
};

class SnapshotService {
 public:
  SnapshotService(JobStore& store, WorkerPool& pool, WorkSettings settings);

  nlohmann::json export_snapshot(const RequestContext& context);
  nlohmann::json restore(const RequestContext& context);
  nlohmann::json describe(const RequestContext& context);
  nlohmann::json list(const RequestContext& context);

 private:
  void run(std::int64_t id);
  void fail(std::int64_t id, const std::string& reason);
  // Applies `mutate` under the lock unless the job ended; false when it had.
  bool update(std::int64_t id, const std::function<void(SnapshotJob&)>& mutate);
  std::optional<SnapshotJob> job(std::int64_t id) const;

  JobStore& store_;
  WorkerPool& pool_;
  WorkSettings settings_;
  mutable std::mutex mutex_;
  std::map<std::int64_t, SnapshotJob> jobs_;
  std::int64_t next_id_ = kFirstSnapshotJobId;
};

}  // namespace devserver
