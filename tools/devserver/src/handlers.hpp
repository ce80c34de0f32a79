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

class SnapshotService;

struct RequestContext {
  std::string body;
  std::string db_header;  // DB-Name header, may be empty
  // Served as the Zilliz Cloud project endpoint (project_endpoint.hpp): the
  // external source of a refresh is a volume:// URL.
  bool volume_sources = false;
};

class JobService {
 public:
  using Route = nlohmann::json (JobService::*)(const RequestContext&);

  JobService(JobStore& store, RefreshWorker& refresh_worker, ImportWorker& import_worker,
             std::filesystem::path data_dir);

  // The handler of a POST path, or nullptr when the path is not a job route.
  static Route route(const std::string& path);

  nlohmann::json refresh(const RequestContext& context);
  nlohmann::json describe_refresh(const RequestContext& context);
  nlohmann::json list_refresh(const RequestContext& context);
  nlohmann::json create_import(const RequestContext& context);
  nlohmann::json describe_import(const RequestContext& context);
  nlohmann::json list_imports(const RequestContext& context);
  nlohmann::json commit_import(const RequestContext& context);
  nlohmann::json abort_import(const RequestContext& context);
  // Snapshot jobs, served by the SnapshotService set here (snapshot.cpp).
  nlohmann::json export_snapshot(const RequestContext& context);
  nlohmann::json restore_snapshot(const RequestContext& context);
  nlohmann::json describe_snapshot(const RequestContext& context);
  nlohmann::json list_snapshots(const RequestContext& context);
  void set_snapshots(SnapshotService* snapshots) { snapshots_ = snapshots; }
  // Off: the snapshot routes answer 404, as on a Milvus without snapshot jobs.
  static void serve_snapshot_routes(bool on);
  static bool snapshot_routes_served();

 private:
  // Body dbName (for request types that have one), else the DB-Name header, else "default".
  static std::string resolve_db(const std::string& body_db, const RequestContext& context);
  Collection require_collection(const std::string& db, const std::string& name) const;

  JobStore& store_;
  RefreshWorker& refresh_worker_;
  ImportWorker& import_worker_;
  std::filesystem::path data_dir_;
  SnapshotService* snapshots_ = nullptr;
};

}  // namespace devserver
