#include "store.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "atomic_file.hpp"
#include "clock.hpp"

namespace devserver {

JobStore::JobStore(Catalog catalog, std::optional<std::filesystem::path> state_file)
    : catalog_(std::move(catalog)), state_file_(std::move(state_file)) {}

void JobStore::load() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!state_file_) return;
  std::error_code ec;
  if (!std::filesystem::exists(*state_file_, ec)) return;
  std::ifstream in(*state_file_, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + state_file_->string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    state_ = decode_state(buffer.str());
  } catch (const std::exception& e) {
    throw std::runtime_error("state file " + state_file_->string() + " is not usable (" + e.what() +
                             "); move it away or use another --state-dir");
  }
  for (const auto& [key, pair] : state_.pair_overrides) {
    auto existing = catalog_.find(key.first, key.second);
    if (existing && existing->external) catalog_.set_external_pair(key.first, key.second, pair.source, pair.spec);
  }
}

bool JobStore::has_database(const std::string& db) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return catalog_.has_database(db);
}

std::optional<Collection> JobStore::collection(const std::string& db, const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return catalog_.find(db, name);
}

bool JobStore::add_collection(const Collection& collection) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!catalog_.has_database(collection.db)) return false;
  return catalog_.add_collection(collection);
}

JobStore::RefreshAdmission JobStore::admit_refresh(const std::string& db, const std::string& collection,
                                                   const std::string& source, const std::string& spec,
                                                   bool persist_pair) {
  std::unique_lock<std::mutex> lock(mutex_);
  RefreshAdmission admission;
  for (const auto& [id, job] : state_.refresh_jobs) {
    if (job.db == db && job.collection == collection && !is_terminal(job.state)) {
      admission.active_job_id = id;
      return admission;
    }
  }
  RefreshJob job;
  job.id = state_.next_refresh_id++;
  job.db = db;
  job.collection = collection;
  job.source = source;
  job.spec = spec;
  job.start_ms = now_ms();
  state_.refresh_jobs[job.id] = job;
  if (persist_pair) {
    catalog_.set_external_pair(db, collection, source, spec);
    state_.pair_overrides[{db, collection}] = ExternalPair{source, spec};
  }
  admission.job_id = job.id;
  persist(lock);
  return admission;
}

std::optional<RefreshJob> JobStore::refresh_job(std::int64_t id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = state_.refresh_jobs.find(id);
  if (it == state_.refresh_jobs.end()) return std::nullopt;
  return it->second;
}

std::vector<RefreshJob> JobStore::refresh_jobs(const std::string& db, const std::string& collection) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<RefreshJob> jobs;
  for (const auto& [id, job] : state_.refresh_jobs) {
    if (collection.empty() || (job.db == db && job.collection == collection)) jobs.push_back(job);
  }
  return jobs;
}

bool JobStore::update_refresh(std::int64_t id, const std::function<bool(RefreshJob&)>& mutate) {
  std::unique_lock<std::mutex> lock(mutex_);
  auto it = state_.refresh_jobs.find(id);
  if (it == state_.refresh_jobs.end()) return false;
  RefreshJob copy = it->second;
  if (!mutate(copy)) return false;
  it->second = std::move(copy);
  persist(lock);
  return true;
}

std::int64_t JobStore::add_import(ImportJob job) {
  std::unique_lock<std::mutex> lock(mutex_);
  job.id = state_.next_import_id++;
  const std::int64_t id = job.id;
  state_.import_jobs[id] = std::move(job);
  persist(lock);
  return id;
}

std::optional<ImportJob> JobStore::import_job(std::int64_t id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = state_.import_jobs.find(id);
  if (it == state_.import_jobs.end()) return std::nullopt;
  return it->second;
}

std::vector<ImportJob> JobStore::import_jobs(const std::string& db, const std::string& collection) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<ImportJob> jobs;
  for (const auto& [id, job] : state_.import_jobs) {
    if (collection.empty() || (job.db == db && job.collection == collection)) jobs.push_back(job);
  }
  return jobs;
}

bool JobStore::update_import(std::int64_t id, const std::function<bool(ImportJob&)>& mutate) {
  std::unique_lock<std::mutex> lock(mutex_);
  auto it = state_.import_jobs.find(id);
  if (it == state_.import_jobs.end()) return false;
  ImportJob copy = it->second;
  if (!mutate(copy)) return false;
  it->second = std::move(copy);
  persist(lock);
  return true;
}

bool JobStore::forget_refresh(std::int64_t id) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (state_.refresh_jobs.erase(id) == 0) return false;
  persist(lock);
  return true;
}

bool JobStore::forget_import(std::int64_t id) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (state_.import_jobs.erase(id) == 0) return false;
  persist(lock);
  return true;
}

std::vector<std::int64_t> JobStore::unfinished_refresh_jobs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::int64_t> ids;
  for (const auto& [id, job] : state_.refresh_jobs)
    if (!is_terminal(job.state)) ids.push_back(id);
  return ids;
}

std::vector<std::int64_t> JobStore::unfinished_import_jobs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::int64_t> ids;
  for (const auto& [id, job] : state_.import_jobs)
    if (!is_terminal(job.phase)) ids.push_back(id);
  return ids;
}

void JobStore::persist(std::unique_lock<std::mutex>& lock) {
  if (!state_file_) return;
  const std::string snapshot = encode_state(state_);
  const std::uint64_t version = ++version_;
  lock.unlock();
  std::lock_guard<std::mutex> write_lock(write_mutex_);
  if (version <= written_version_) return;
  try {
    write_file_atomically(*state_file_, snapshot);
    written_version_ = version;
  } catch (const std::exception& e) {
    // A dev server keeps serving from memory; the operator sees why persistence stopped.
    std::cerr << "milvus-jobs-devserver: cannot persist state: " << e.what() << std::endl;
  }
}

}  // namespace devserver
