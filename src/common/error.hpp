// The one exception type the layers below the C boundary throw. The C API's
// guard turns it into an mj_status plus an mj_error; nothing else crosses.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace mj {

// Same values as mj_status in include/milvus_jobs.h (checked at compile
// time in src/c_api/status.hpp), kept separate so the layers below the C boundary do
// not include the public header.
enum class Category : int {
  ok = 0,
  invalid_argument = 1,
  transport = 2,
  tls = 3,
  timeout = 4,
  cancelled = 5,
  unauthenticated = 6,
  permission_denied = 7,
  not_found = 8,
  duplicate_job = 9,
  rate_limited = 10,
  server = 11,
  protocol = 12,
  unsupported = 13,
  no_memory = 14,
  internal = 15,
  job_failed = 16,
  job_lost = 17,
};

struct ErrorInfo {
  Category category = Category::internal;
  std::string message;         // for a person: what failed, why, what to do
  int32_t server_code = 0;     // body `code`, 0 when none
  std::string server_message;  // body `message`, verbatim
  int32_t http_status = 0;     // 0 when no answer
  bool retriable = false;
  std::string request_id;    // X-Request-Id we sent
  std::string trace_id;      // X-Milvus-Trace-Id the server sent
  std::string job_id;        // a job the server named (duplicate refresh)
  int64_t job_id_int64 = 0;  // that id as a number (refresh ids are int64); 0 when none
  bool never_sent = false;   // the request provably never reached the server
  int32_t attempts = 0;      // requests tried (1 = no retry); 0 = refused before any attempt
};

class Error : public std::runtime_error {
 public:
  explicit Error(ErrorInfo info) : std::runtime_error(info.message), info_(std::move(info)) {}
  Error(Category category, std::string message)
      : Error(ErrorInfo{category, std::move(message), 0, {}, 0, false, {}, {}, {}, 0, false, 0}) {}

  const ErrorInfo& info() const noexcept { return info_; }
  ErrorInfo& info() noexcept { return info_; }

 private:
  ErrorInfo info_;
};

[[noreturn]] inline void throw_invalid(std::string message) {
  throw Error(Category::invalid_argument, std::move(message));
}

}  // namespace mj
