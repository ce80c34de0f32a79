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

ErrorInfo classify_failure(Route route, int http_status, bool body_is_json_object, std::optional<int64_t> code,
                           const std::string& message, std::string_view raw_body);

}  // namespace mj::protocol
