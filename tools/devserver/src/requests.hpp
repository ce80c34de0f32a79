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
  std::string dbName;
  std::string collectionName;
  std::string externalSource;
  std::string externalSpec;
};

struct RefreshDescribeRequest {  // RefreshExternalCollectionProgressReq
  std::int64_t jobId = 0;
};

struct CollectionFilterRequest {  // OptionalCollectionNameReq
  std::string dbName;
  std::string collectionName;
};

struct ImportCreateRequest {  // ImportReq
  std::string dbName;
  std::string collectionName;
  std::string partitionName;
  std::vector<std::vector<std::string>> files;
  std::map<std::string, std::string> options;
};

struct JobIdRequest {  // JobIDReq (no dbName: the DB-Name header applies)
  std::string jobId;
};

// Each throws ApiError (1801 or 1802) when the body does not bind.
RefreshRequest bindRefreshRequest(const std::string& body);
RefreshDescribeRequest bindRefreshDescribeRequest(const std::string& body);
CollectionFilterRequest bindCollectionFilterRequest(const std::string& body);
ImportCreateRequest bindImportCreateRequest(const std::string& body);
JobIdRequest bindJobIdRequest(const std::string& body);

}  // namespace devserver
