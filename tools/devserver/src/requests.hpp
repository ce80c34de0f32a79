// Request binding, the way gin's ShouldBindBodyWith(binding.JSON) + the validator treat the
// REST v2 request structs (request_v2.go): 1801 for an empty body, malformed JSON or a wrong
// JSON type, 1802 for a missing or zero `binding:"required"` field. Unknown keys are ignored.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace devserver {

struct RefreshRequest {  // RefreshExternalCollectionReq
  std::string db_name;
  std::string collection_name;
  std::string external_source;
  std::string external_spec;
};

struct RefreshDescribeRequest {  // RefreshExternalCollectionProgressReq
  std::int64_t job_id = 0;
};

struct CollectionFilterRequest {  // OptionalCollectionNameReq
  std::string db_name;
  std::string collection_name;
};

struct ImportCreateRequest {  // ImportReq
  std::string db_name;
  std::string collection_name;
  std::string partition_name;
  std::vector<std::vector<std::string>> files;
  std::map<std::string, std::string> options;
};

struct JobIdRequest {  // JobIDReq (no dbName: the DB-Name header applies)
  std::string job_id;
};

struct ExportSnapshotRequest {  // ExportSnapshotReq
  std::string db_name;
  std::string collection_name;
  std::string snapshot_name;
  std::string target_path;  // targetS3Path
  std::string external_spec;
};

struct RestoreSnapshotRequest {  // RestoreExternalSnapshotReq
  std::string db_name;
  std::string target_collection_name;
  std::string metadata_uri;  // snapshotMetadataURI
  std::string external_spec;
};

// Each throws ApiError (1801 or 1802) when the body does not bind.
RefreshRequest bind_refresh_request(const std::string& body);
RefreshDescribeRequest bind_refresh_describe_request(const std::string& body);
CollectionFilterRequest bind_collection_filter_request(const std::string& body);
ImportCreateRequest bind_import_create_request(const std::string& body);
JobIdRequest bind_job_id_request(const std::string& body);
ExportSnapshotRequest bind_export_snapshot_request(const std::string& body);
RestoreSnapshotRequest bind_restore_snapshot_request(const std::string& body);

}  // namespace devserver
