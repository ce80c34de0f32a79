// The envelope's failure side: which answers are success, and how a failure
// (HTTP status, body code, body message) maps to a category and a message a
// person can act on (design.md section 4, wire-protocol.md 1.3-1.5).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "protocol/endpoints.hpp"

namespace mj::protocol {

// code 0 is success. code 200 is the legacy success of REST before 2024-05,
// but 200 is also Milvus's ErrPartitionNotFound: it counts as success only
// with a `data` member and no message.
bool is_success_code(int64_t code, bool has_data, std::string_view message) noexcept;

// `cloud`: the answer is from the Zilliz Cloud control plane, whose own codes
// (docs/protocol-notes.md, "Zilliz Cloud error codes") are mapped first.
ErrorInfo classify_failure(Route route, int http_status, bool body_is_json_object, std::optional<int64_t> code,
                           const std::string& message, std::string_view raw_body, bool cloud = false);

// The category of a Zilliz Cloud control-plane code, or nullopt for a code
// that is not one of the control plane's (then the Milvus mapping applies:
// the control plane passes some Milvus errors through).
std::optional<Category> cloud_category_of_code(int64_t code) noexcept;

}  // namespace mj::protocol
