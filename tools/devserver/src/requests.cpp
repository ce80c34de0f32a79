#include "requests.hpp"

#include <initializer_list>
#include <limits>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "api_error.hpp"
#include "json_depth.hpp"
#include "json_fields.hpp"

namespace devserver {
namespace {

using nlohmann::json;

ApiError format_error(const std::string& detail) {
  return ApiError(kIncorrectParameterFormat, "can only accept json format request, error: " + detail);
}

// Decodes the first JSON value of the body, like json.Decoder.Decode (trailing bytes ignored).
json decode_body(const std::string& body, const char* go_type) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos)
    throw ApiError(kIncorrectParameterFormat,
                   "can only accept json format request, the request body should be nil, however {} is valid");
  if (auto deep = json_depth_error(body)) throw format_error(*deep);
  json root;
  try {
    std::istringstream in(body);
    in >> root;
  } catch (const json::exception& e) {
    throw format_error(json_error_text(e));
  }
  if (!root.is_object() && !root.is_null())
    throw format_error("json: cannot unmarshal " + json_kind_name(root) + " into Go value of type httpserver." +
                       go_type);
  return root;
}

std::string mismatch(const json& value, const char* go_type, const char* field, const char* field_type) {
  return "json: cannot unmarshal " + json_kind_name(value) + " into Go struct field " + go_type + "." + field +
         " of type " + field_type;
}

// A Go `string` field: null leaves it empty, anything but a string is a bind error.
std::string string_field(const json& root, const char* go_type, const char* field) {
  const json* value = find_field(root, field);
  if (value == nullptr || value->is_null()) return "";
  if (!value->is_string()) throw format_error(mismatch(*value, go_type, field, "string"));
  return value->get<std::string>();
}

ApiError missing_required(const char* go_type, const char* go_field) {
  return ApiError(kMissingRequiredParameters, std::string("missing required parameters, error: Key: '") + go_type +
                                                  "." + go_field + "' Error:Field validation for '" + go_field +
                                                  "' failed on the 'required' tag");
}

}  // namespace

RefreshRequest bind_refresh_request(const std::string& body) {
  constexpr const char* type = "RefreshExternalCollectionReq";
  const json root = decode_body(body, type);
  RefreshRequest request;
  request.db_name = string_field(root, type, "dbName");
  request.collection_name = string_field(root, type, "collectionName");
  request.external_source = string_field(root, type, "externalSource");
  request.external_spec = string_field(root, type, "externalSpec");
  if (request.collection_name.empty()) throw missing_required(type, "CollectionName");
  return request;
}

RefreshDescribeRequest bind_refresh_describe_request(const std::string& body) {
  constexpr const char* type = "RefreshExternalCollectionProgressReq";
  const json root = decode_body(body, type);
  RefreshDescribeRequest request;
  const json* value = find_field(root, "jobId");
  if (value != nullptr && !value->is_null()) {
    if (value->is_number_unsigned()) {
      if (value->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        throw format_error("json: cannot unmarshal number " + value->dump() + " into Go struct field " + type +
                           ".jobId of type int64");
      request.job_id = static_cast<std::int64_t>(value->get<std::uint64_t>());
    } else if (value->is_number_integer()) {
      request.job_id = value->get<std::int64_t>();
    } else {
      throw format_error(mismatch(*value, type, "jobId", "int64"));
    }
  }
  if (request.job_id == 0) throw missing_required(type, "JobID");
  return request;
}

CollectionFilterRequest bind_collection_filter_request(const std::string& body) {
  constexpr const char* type = "OptionalCollectionNameReq";
  const json root = decode_body(body, type);
  CollectionFilterRequest request;
  request.db_name = string_field(root, type, "dbName");
  request.collection_name = string_field(root, type, "collectionName");
  return request;
}

ImportCreateRequest bind_import_create_request(const std::string& body) {
  constexpr const char* type = "ImportReq";
  const json root = decode_body(body, type);
  ImportCreateRequest request;
  request.db_name = string_field(root, type, "dbName");
  request.collection_name = string_field(root, type, "collectionName");
  request.partition_name = string_field(root, type, "partitionName");

  bool files_present = false;
  if (const json* files = find_field(root, "files"); files != nullptr && !files->is_null()) {
    if (!files->is_array()) throw format_error(mismatch(*files, type, "files", "[][]string"));
    files_present = true;
    for (const auto& group : *files) {
      std::vector<std::string> paths;
      if (!group.is_null()) {
        if (!group.is_array()) throw format_error(mismatch(group, type, "files", "[]string"));
        for (const auto& path : group) {
          if (path.is_null()) {
            paths.emplace_back();
          } else if (path.is_string()) {
            paths.push_back(path.get<std::string>());
          } else {
            throw format_error(mismatch(path, type, "files", "string"));
          }
        }
      }
      request.files.push_back(std::move(paths));
    }
  }
  if (const json* options = find_field(root, "options"); options != nullptr && !options->is_null()) {
    if (!options->is_object()) throw format_error(mismatch(*options, type, "options", "map[string]string"));
    for (auto it = options->begin(); it != options->end(); ++it) {
      if (it->is_null()) {
        request.options[it.key()] = "";
      } else if (it->is_string()) {
        request.options[it.key()] = it->get<std::string>();
      } else {
        throw format_error(mismatch(*it, type, "options", "string"));
      }
    }
  }
  // The validator reports every failed field, one per line.
  if (request.collection_name.empty() && !files_present) {
    ApiError first = missing_required(type, "CollectionName");
    ApiError second = missing_required(type, "Files");
    const std::string prefix = "missing required parameters, error: ";
    throw ApiError(kMissingRequiredParameters, first.message() + "\n" + second.message().substr(prefix.size()));
  }
  if (request.collection_name.empty()) throw missing_required(type, "CollectionName");
  if (!files_present) throw missing_required(type, "Files");
  return request;
}

JobIdRequest bind_job_id_request(const std::string& body) {
  constexpr const char* type = "JobIDReq";
  const json root = decode_body(body, type);
  JobIdRequest request;
  request.job_id = string_field(root, type, "jobId");
  if (request.job_id.empty()) throw missing_required(type, "JobID");
  return request;
}

// The validator reports every failed field, one per line.
static void require_all(const char* type, std::initializer_list<std::pair<bool, const char*>> fields) {
  std::string message;
  const std::string prefix = "missing required parameters, error: ";
  for (const auto& [missing, go_field] : fields) {
    if (!missing) continue;
    const std::string one = missing_required(type, go_field).message();
    message += message.empty() ? one : "\n" + one.substr(prefix.size());
  }
  if (!message.empty()) throw ApiError(kMissingRequiredParameters, message);
}

ExportSnapshotRequest bind_export_snapshot_request(const std::string& body) {
  constexpr const char* type = "ExportSnapshotReq";
  const json root = decode_body(body, type);
  ExportSnapshotRequest request;
  request.db_name = string_field(root, type, "dbName");
  request.collection_name = string_field(root, type, "collectionName");
  request.snapshot_name = string_field(root, type, "snapshotName");
  request.target_path = string_field(root, type, "targetS3Path");
  request.external_spec = string_field(root, type, "externalSpec");
  require_all(type, {{request.collection_name.empty(), "CollectionName"},
                     {request.snapshot_name.empty(), "Name"},
                     {request.target_path.empty(), "TargetS3Path"}});
  return request;
}

RestoreSnapshotRequest bind_restore_snapshot_request(const std::string& body) {
  constexpr const char* type = "RestoreExternalSnapshotReq";
  const json root = decode_body(body, type);
  RestoreSnapshotRequest request;
  request.db_name = string_field(root, type, "dbName");
  request.target_collection_name = string_field(root, type, "targetCollectionName");
  request.metadata_uri = string_field(root, type, "snapshotMetadataURI");
  request.external_spec = string_field(root, type, "externalSpec");
  require_all(type, {{request.target_collection_name.empty(), "TargetCollectionName"},
                     {request.metadata_uri.empty(), "SnapshotMetadataURI"}});
  return request;
}

}  // namespace devserver
