// The logic of each job route: bind the body, check it against the catalog and the store the
// way the real proxy/datacoord would, and return the `data` object or throw ApiError.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "import_worker.hpp"
#include "refresh_worker.hpp"
#include "store.hpp"

namespace devserver {

struct RequestContext {
  std::string body;
  std::string dbHeader;  // DB-Name header, may be empty
};

class JobService {
 public:
  using Route = nlohmann::json (JobService::*)(const RequestContext&);

  JobService(JobStore& store, RefreshWorker& refreshWorker, ImportWorker& importWorker, std::filesystem::path dataDir);

  // The handler of a POST path, or nullptr when the path is not a job route.
  static Route route(const std::string& path);

  nlohmann::json refresh(const RequestContext& context);
  nlohmann::json describeRefresh(const RequestContext& context);
  nlohmann::json listRefresh(const RequestContext& context);
  nlohmann::json createImport(const RequestContext& context);
  nlohmann::json describeImport(const RequestContext& context);
  nlohmann::json listImports(const RequestContext& context);
  nlohmann::json commitImport(const RequestContext& context);
  nlohmann::json abortImport(const RequestContext& context);

 private:
  // Body dbName (for request types that have one), else the DB-Name header, else "default".
  static std::string resolveDb(const std::string& bodyDb, const RequestContext& context);
  Collection requireCollection(const std::string& db, const std::string& name) const;

  JobStore& store_;
  RefreshWorker& refreshWorker_;
  ImportWorker& importWorker_;
  std::filesystem::path dataDir_;
};

}  // namespace devserver
