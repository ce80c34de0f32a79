// The JSON codec of the job routes: the only code that sees JSON. Encoders
// build request bodies with the JSON library; decoders check the envelope
// (docs/protocol.md, "Envelope") and turn the answer into typed values, throwing
// mj::Error (category, server code and text, HTTP status) for anything else.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/endpoints.hpp"
#include "protocol/types.hpp"

namespace mj::protocol {

class ErrorDialect;

std::string encode_refresh(const RefreshRequest& req);
std::string encode_refresh_describe(int64_t job_id);
std::string encode_list(std::string_view db_name, std::string_view collection_name);
std::string encode_import_create(const ImportRequest& req);
std::string encode_import_job_id(std::string_view job_id);

// One HTTP answer to decode.
struct Reply {
  Route route;
  int http_status;
  std::string_view body;
  // The dialect's reading of failures; nullptr: Milvus's (reply_error.hpp).
  const ErrorDialect* errors = nullptr;
};

int64_t decode_refresh_created(const Reply& reply);
RefreshJob decode_refresh_job(const Reply& reply);
std::vector<RefreshJob> decode_refresh_list(const Reply& reply);
std::string decode_import_created(const Reply& reply);
ImportJob decode_import_job(const Reply& reply);
std::vector<ImportJob> decode_import_list(const Reply& reply);
void decode_empty(const Reply& reply);  // commit, abort

// Checks an external spec before it is sent: a JSON object whose "format" is
// one the server knows, whose "extfs", if any, maps names to strings, and
// whose "snapshot_id", if any, is an int64 (number or string of digits).
// Throws mj::Error(invalid_argument). Never echoes the spec (it may hold keys).
void check_external_spec(std::string_view spec);

}  // namespace mj::protocol
