// The envelope's failure side: which answers are success, and how a failure
// (HTTP status, body code, body message) maps to a category and a message a
// person can act on (docs/protocol.md, "Envelope" and "Errors").
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

// What a dialect (Milvus, Zilliz Cloud) says about failures: its own body
// codes, read before the Milvus table (nullopt: not one of its own, the
// Milvus mapping applies); the advice appended to a message; and the message
// for a 404 without a body code (the server does not serve the route).
class ErrorDialect {
 public:
  virtual ~ErrorDialect() = default;
  virtual std::optional<Category> category_of_code(int64_t code) const noexcept = 0;
  virtual std::string hint(Category category, Route route) const = 0;
  virtual std::string not_served(Route route, const std::string& path) const = 0;
};

// Milvus REST v2's: no codes of its own beyond the Milvus table.
const ErrorDialect& milvus_errors() noexcept;

ErrorInfo classify_failure(Route route, int http_status, bool body_is_json_object, std::optional<int64_t> code,
                           const std::string& message, std::string_view raw_body,
                           const ErrorDialect& dialect = milvus_errors());

}  // namespace mj::protocol
