// Cloud mode (--cloud FILE): the Zilliz Cloud control plane's import routes
// (docs/protocol.md, "Zilliz Cloud") over the same store and import worker as the
// Milvus routes. Jobs are addressed by "job-..." ids and belong to one target
// (a cluster, or a project + region); every request names its target and an
// API key from the cloud config; lists are paged; errors carry the control
// plane's codes; a target can answer in the older response shape.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "import_worker.hpp"
#include "store.hpp"

namespace devserver {

struct CloudBucketCredentials {
  std::string access_key;
  std::string secret_key;
};

struct CloudConfig {
  std::set<std::string> api_keys;
  // Target key ("cluster:<id>" or "project:<id>/<region>") -> answers in the older shape.
  std::map<std::string, bool> targets;
  // projectId -> its regions (to tell an unknown project from a wrong region).
  std::map<std::string, std::set<std::string>> project_regions;
  // Buckets that need storage credentials on import.
  std::map<std::string, CloudBucketCredentials> buckets;
};

// Reads the --cloud file. Throws std::runtime_error naming the fix.
CloudConfig load_cloud_config(const std::filesystem::path& file);

class CloudService {
 public:
  CloudService(JobStore& store, ImportWorker& import_worker, std::filesystem::path data_dir, CloudConfig config);

  // Answers one POST (any path) the way the control plane does.
  void handle(const httplib::Request& request, httplib::Response& response, const std::string& body);

 private:
  struct JobMeta {
    std::string target;
    bool legacy = false;
    std::vector<std::string> display_names;  // per task: the URL or volume path as given
  };
  struct Target {
    std::string key;
    bool legacy = false;
  };

  Target resolve_target(const nlohmann::json& body) const;
  std::int64_t owned_job(const nlohmann::json& body, const Target& target) const;
  nlohmann::json create(const nlohmann::json& body, const Target& target);
  nlohmann::json describe(const nlohmann::json& body, const Target& target) const;
  nlohmann::json list(const nlohmann::json& body, const Target& target) const;
  nlohmann::json commit(const nlohmann::json& body, const Target& target);
  nlohmann::json abort(const nlohmann::json& body, const Target& target);
  // Object URLs -> import tasks (paths under the data dir) and their display names.
  void add_url_tasks(const std::vector<std::vector<std::string>>& urls, const nlohmann::json& body, ImportJob& job,
                     std::vector<std::string>& names) const;

  JobStore& store_;
  ImportWorker& import_worker_;
  std::filesystem::path data_dir_;
  CloudConfig config_;
  mutable std::mutex mutex_;
  std::map<std::int64_t, JobMeta> jobs_;  // guarded by mutex_
};

}  // namespace devserver
