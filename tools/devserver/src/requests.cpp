#include "requests.hpp"

#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api_error.hpp"
#include "json_depth.hpp"
#include "json_fields.hpp"

namespace devserver {
namespace {

using nlohmann::json;

ApiError formatError(const std::string& detail) {
  return ApiError(kIncorrectParameterFormat, "can only accept json format request, error: " + detail);
}

// Decodes the first JSON value of the body, like json.Decoder.Decode (trailing bytes ignored).
json decodeBody(const std::string& body, const char* goType) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos)
    throw ApiError(kIncorrectParameterFormat,
                   "can only accept json format request, the request body should be nil, however {} is valid");
  if (auto deep = jsonDepthError(body)) throw formatError(*deep);
  json root;
  try {
    std::istringstream in(body);
    in >> root;
  } catch (const json::exception& e) {
    throw formatError(jsonErrorText(e));
  }
  if (!root.is_object() && !root.is_null())
    throw formatError("json: cannot unmarshal " + jsonKindName(root) + " into Go value of type httpserver." + goType);
  return root;
}

std::string mismatch(const json& value, const char* goType, const char* field, const char* fieldType) {
  return "json: cannot unmarshal " + jsonKindName(value) + " into Go struct field " + goType + "." + field +
         " of type " + fieldType;
}

// A Go `string` field: null leaves it empty, anything but a string is a bind error.
std::string stringField(const json& root, const char* goType, const char* field) {
  const json* value = findField(root, field);
  if (value == nullptr || value->is_null()) return "";
  if (!value->is_string()) throw formatError(mismatch(*value, goType, field, "string"));
  return value->get<std::string>();
}

ApiError missingRequired(const char* goType, const char* goField) {
  return ApiError(kMissingRequiredParameters, std::string("missing required parameters, error: Key: '") + goType + "." +
                                                  goField + "' Error:Field validation for '" + goField +
                                                  "' failed on the 'required' tag");
}

}  // namespace

RefreshRequest bindRefreshRequest(const std::string& body) {
  constexpr const char* type = "RefreshExternalCollectionReq";
  const json root = decodeBody(body, type);
  RefreshRequest request;
  request.dbName = stringField(root, type, "dbName");
  request.collectionName = stringField(root, type, "collectionName");
  request.externalSource = stringField(root, type, "externalSource");
  request.externalSpec = stringField(root, type, "externalSpec");
  if (request.collectionName.empty()) throw missingRequired(type, "CollectionName");
  return request;
}

RefreshDescribeRequest bindRefreshDescribeRequest(const std::string& body) {
  constexpr const char* type = "RefreshExternalCollectionProgressReq";
  const json root = decodeBody(body, type);
  RefreshDescribeRequest request;
  const json* value = findField(root, "jobId");
  if (value != nullptr && !value->is_null()) {
    if (value->is_number_unsigned()) {
      if (value->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        throw formatError("json: cannot unmarshal number " + value->dump() + " into Go struct field " + type +
                          ".jobId of type int64");
      request.jobId = static_cast<std::int64_t>(value->get<std::uint64_t>());
    } else if (value->is_number_integer()) {
      request.jobId = value->get<std::int64_t>();
    } else {
      throw formatError(mismatch(*value, type, "jobId", "int64"));
    }
  }
  if (request.jobId == 0) throw missingRequired(type, "JobID");
  return request;
}

CollectionFilterRequest bindCollectionFilterRequest(const std::string& body) {
  constexpr const char* type = "OptionalCollectionNameReq";
  const json root = decodeBody(body, type);
  CollectionFilterRequest request;
  request.dbName = stringField(root, type, "dbName");
  request.collectionName = stringField(root, type, "collectionName");
  return request;
}

ImportCreateRequest bindImportCreateRequest(const std::string& body) {
  constexpr const char* type = "ImportReq";
  const json root = decodeBody(body, type);
  ImportCreateRequest request;
  request.dbName = stringField(root, type, "dbName");
  request.collectionName = stringField(root, type, "collectionName");
  request.partitionName = stringField(root, type, "partitionName");

  bool filesPresent = false;
  if (const json* files = findField(root, "files"); files != nullptr && !files->is_null()) {
    if (!files->is_array()) throw formatError(mismatch(*files, type, "files", "[][]string"));
    filesPresent = true;
    for (const auto& group : *files) {
      std::vector<std::string> paths;
      if (!group.is_null()) {
        if (!group.is_array()) throw formatError(mismatch(group, type, "files", "[]string"));
        for (const auto& path : group) {
          if (path.is_null()) {
            paths.emplace_back();
          } else if (path.is_string()) {
            paths.push_back(path.get<std::string>());
          } else {
            throw formatError(mismatch(path, type, "files", "string"));
          }
        }
      }
      request.files.push_back(std::move(paths));
    }
  }
  if (const json* options = findField(root, "options"); options != nullptr && !options->is_null()) {
    if (!options->is_object()) throw formatError(mismatch(*options, type, "options", "map[string]string"));
    for (auto it = options->begin(); it != options->end(); ++it) {
      if (it->is_null()) {
        request.options[it.key()] = "";
      } else if (it->is_string()) {
        request.options[it.key()] = it->get<std::string>();
      } else {
        throw formatError(mismatch(*it, type, "options", "string"));
      }
    }
  }
  // The validator reports every failed field, one per line.
  if (request.collectionName.empty() && !filesPresent) {
    ApiError first = missingRequired(type, "CollectionName");
    ApiError second = missingRequired(type, "Files");
    const std::string prefix = "missing required parameters, error: ";
    throw ApiError(kMissingRequiredParameters, first.message() + "\n" + second.message().substr(prefix.size()));
  }
  if (request.collectionName.empty()) throw missingRequired(type, "CollectionName");
  if (!filesPresent) throw missingRequired(type, "Files");
  return request;
}

JobIdRequest bindJobIdRequest(const std::string& body) {
  constexpr const char* type = "JobIDReq";
  const json root = decodeBody(body, type);
  JobIdRequest request;
  request.jobId = stringField(root, type, "jobId");
  if (request.jobId.empty()) throw missingRequired(type, "JobID");
  return request;
}

}  // namespace devserver
