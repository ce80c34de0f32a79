#include "store.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "atomic_file.hpp"
#include "clock.hpp"

namespace devserver {

JobStore::JobStore(Catalog catalog, std::optional<std::filesystem::path> stateFile)
    : catalog_(std::move(catalog)), stateFile_(std::move(stateFile)) {}

void JobStore::load() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!stateFile_) return;
  std::error_code ec;
  if (!std::filesystem::exists(*stateFile_, ec)) return;
  std::ifstream in(*stateFile_, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + stateFile_->string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    state_ = decodeState(buffer.str());
  } catch (const std::exception& e) {
    throw std::runtime_error("state file " + stateFile_->string() + " is not usable (" + e.what() +
                             "); move it away or use another --state-dir");
  }
  for (const auto& [key, pair] : state_.pairOverrides) {
    auto existing = catalog_.find(key.first, key.second);
    if (existing && existing->external) catalog_.setExternalPair(key.first, key.second, pair.source, pair.spec);
  }
}

bool JobStore::hasDatabase(const std::string& db) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return catalog_.hasDatabase(db);
}

std::optional<Collection> JobStore::collection(const std::string& db, const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return catalog_.find(db, name);
}

JobStore::RefreshAdmission JobStore::admitRefresh(const std::string& db, const std::string& collection,
                                                  const std::string& source, const std::string& spec,
                                                  bool persistPair) {
  std::unique_lock<std::mutex> lock(mutex_);
  RefreshAdmission admission;
  for (const auto& [id, job] : state_.refreshJobs) {
    if (job.db == db && job.collection == collection && !isTerminal(job.state)) {
      admission.activeJobId = id;
      return admission;
    }
  }
  RefreshJob job;
  job.id = state_.nextRefreshId++;
  job.db = db;
  job.collection = collection;
  job.source = source;
  job.spec = spec;
  job.startMs = nowMs();
  state_.refreshJobs[job.id] = job;
  if (persistPair) {
    catalog_.setExternalPair(db, collection, source, spec);
    state_.pairOverrides[{db, collection}] = ExternalPair{source, spec};
  }
  admission.jobId = job.id;
  persist(lock);
  return admission;
}

std::optional<RefreshJob> JobStore::refreshJob(std::int64_t id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = state_.refreshJobs.find(id);
  if (it == state_.refreshJobs.end()) return std::nullopt;
  return it->second;
}

std::vector<RefreshJob> JobStore::refreshJobs(const std::string& db, const std::string& collection) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<RefreshJob> jobs;
  for (const auto& [id, job] : state_.refreshJobs) {
    if (collection.empty() || (job.db == db && job.collection == collection)) jobs.push_back(job);
  }
  return jobs;
}

bool JobStore::updateRefresh(std::int64_t id, const std::function<bool(RefreshJob&)>& mutate) {
  std::unique_lock<std::mutex> lock(mutex_);
  auto it = state_.refreshJobs.find(id);
  if (it == state_.refreshJobs.end()) return false;
  RefreshJob copy = it->second;
  if (!mutate(copy)) return false;
  it->second = std::move(copy);
  persist(lock);
  return true;
}

std::int64_t JobStore::addImport(ImportJob job) {
  std::unique_lock<std::mutex> lock(mutex_);
  job.id = state_.nextImportId++;
  const std::int64_t id = job.id;
  state_.importJobs[id] = std::move(job);
  persist(lock);
  return id;
}

std::optional<ImportJob> JobStore::importJob(std::int64_t id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = state_.importJobs.find(id);
  if (it == state_.importJobs.end()) return std::nullopt;
  return it->second;
}

std::vector<ImportJob> JobStore::importJobs(const std::string& db, const std::string& collection) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<ImportJob> jobs;
  for (const auto& [id, job] : state_.importJobs) {
    if (collection.empty() || (job.db == db && job.collection == collection)) jobs.push_back(job);
  }
  return jobs;
}

bool JobStore::updateImport(std::int64_t id, const std::function<bool(ImportJob&)>& mutate) {
  std::unique_lock<std::mutex> lock(mutex_);
  auto it = state_.importJobs.find(id);
  if (it == state_.importJobs.end()) return false;
  ImportJob copy = it->second;
  if (!mutate(copy)) return false;
  it->second = std::move(copy);
  persist(lock);
  return true;
}

bool JobStore::forgetRefresh(std::int64_t id) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (state_.refreshJobs.erase(id) == 0) return false;
  persist(lock);
  return true;
}

bool JobStore::forgetImport(std::int64_t id) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (state_.importJobs.erase(id) == 0) return false;
  persist(lock);
  return true;
}

std::vector<std::int64_t> JobStore::unfinishedRefreshJobs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::int64_t> ids;
  for (const auto& [id, job] : state_.refreshJobs)
    if (!isTerminal(job.state)) ids.push_back(id);
  return ids;
}

std::vector<std::int64_t> JobStore::unfinishedImportJobs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::int64_t> ids;
  for (const auto& [id, job] : state_.importJobs)
    if (!isTerminal(job.phase)) ids.push_back(id);
  return ids;
}

void JobStore::persist(std::unique_lock<std::mutex>& lock) {
  if (!stateFile_) return;
  const std::string snapshot = encodeState(state_);
  const std::uint64_t version = ++version_;
  lock.unlock();
  std::lock_guard<std::mutex> writeLock(writeMutex_);
  if (version <= writtenVersion_) return;
  try {
    writeFileAtomically(*stateFile_, snapshot);
    writtenVersion_ = version;
  } catch (const std::exception& e) {
    // A dev server keeps serving from memory; the operator sees why persistence stopped.
    std::cerr << "milvus-jobs-devserver: cannot persist state: " << e.what() << std::endl;
  }
}

}  // namespace devserver
