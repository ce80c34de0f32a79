// Shared by the JSON codecs (codec.cpp for Milvus, cloud_codec.cpp for Zilliz
// Cloud): tolerant, typed field readers and the envelope check. Internal to
// src/protocol; nothing outside it sees JSON.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/codec.hpp"

namespace mj::protocol::detail {

using json = nlohmann::json;

[[noreturn]] void bad_field(std::string_view object, std::string_view key, std::string_view want);

// Field readers: an absent or null key yields the default (the server omits
// `reason` when empty and older servers lack newer fields); a present key of
// the wrong type is a protocol error, never a silent zero.
std::string get_string(const json& obj, std::string_view object, const char* key);
std::optional<int64_t> to_int64(const json& v);
int64_t get_int64(const json& obj, std::string_view object, const char* key);

// The `data` object of an answer ({} when absent or null).
const json& data_object(const json& root);

// Parses the body, checks HTTP status and the body code, returns the root, or
// throws the classified failure (reply_error.hpp).
json checked_root(const Reply& reply);

// An import job id is an opaque string; tolerate a numeric one and the
// "jobID" spelling some cloud documents show. "" when absent.
std::string import_job_id_from(const json& o, std::string_view object);

void put_db(json& body, std::string_view db_name);

// Serialises a request body; invalid UTF-8 is an invalid argument.
std::string dump(const json& body);

}  // namespace mj::protocol::detail
