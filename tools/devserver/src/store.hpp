// The job store: catalog, jobs of both kinds and id counters behind one mutex, written to the
// --state-dir file after every change.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "jobs.hpp"
#include "state_file.hpp"

namespace devserver {

class JobStore {
 public:
  // `stateFile` empty: in-memory only.
  JobStore(Catalog catalog, std::optional<std::filesystem::path> state_file);

  // Loads the state file when it exists; throws std::runtime_error when it is unreadable.
  void load();

  bool has_database(const std::string& db) const;
  std::optional<Collection> collection(const std::string& db, const std::string& name) const;
  // Adds a collection (a snapshot restore), in memory only. False when it exists.
  bool add_collection(const Collection& collection);

  struct RefreshAdmission {
    std::optional<std::int64_t> job_id;         // set when a job was created
    std::optional<std::int64_t> active_job_id;  // set when another job is still running
  };
  // Creates a refresh job unless one is active on the same collection. When `persistPair`, the
  // (source, spec) pair is stored on the collection in the same step.
  RefreshAdmission admit_refresh(const std::string& db, const std::string& collection, const std::string& source,
                                 const std::string& spec, bool persist_pair);
  std::optional<RefreshJob> refresh_job(std::int64_t id) const;
  // Jobs of one collection (db and name given) or of all collections (name empty).
  std::vector<RefreshJob> refresh_jobs(const std::string& db, const std::string& collection) const;
  // Applies `mutate` under the lock and persists when it returns true. Returns what `mutate`
  // returned (false also when the job does not exist).
  bool update_refresh(std::int64_t id, const std::function<bool(RefreshJob&)>& mutate);

  std::int64_t add_import(ImportJob job);
  std::optional<ImportJob> import_job(std::int64_t id) const;
  std::vector<ImportJob> import_jobs(const std::string& db, const std::string& collection) const;
  bool update_import(std::int64_t id, const std::function<bool(ImportJob&)>& mutate);

  // Removes a job as if it had never existed (the admin route for tests). False when unknown.
  bool forget_refresh(std::int64_t id);
  bool forget_import(std::int64_t id);

  // Non-terminal jobs, for resuming after a restart.
  std::vector<std::int64_t> unfinished_refresh_jobs() const;
  std::vector<std::int64_t> unfinished_import_jobs() const;

 private:
  // Encodes the state while `lock` is held, releases it, then writes the file; writes are
  // ordered by version so a slower older snapshot never overwrites a newer one.
  void persist(std::unique_lock<std::mutex>& lock);

  mutable std::mutex mutex_;
  std::mutex write_mutex_;
  std::uint64_t version_ = 0;          // guarded by mutex_
  std::uint64_t written_version_ = 0;  // guarded by writeMutex_
  Catalog catalog_;
  PersistedState state_;
  std::optional<std::filesystem::path> state_file_;
};

}  // namespace devserver
