// The one exception type the layers below the C boundary throw. The C API's
// guard turns it into an mj_status plus an mj_error; nothing else crosses.
#pragma once

#include <cstdint>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace mj {

// Same values as mj_status in include/milvus_jobs.h (checked by a static_assert
// in src/c_api/guard.hpp), kept separate so the layers below the C boundary do
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
  ambiguous = 18,
};

// Same values as mj_hint in include/milvus_jobs.h (static_assert in
// src/c_api/guard.hpp): the advice a message ends with, as a code a binding
// can phrase in its own option names.
enum class Hint : int32_t {
  none = 0,
  set_uri = 1,
  set_token = 2,
  raise_timeout = 3,
  raise_connect_timeout = 4,
  raise_max_response_bytes = 5,
  raise_max_list_response_bytes = 6,
  poll_running_job = 7,
  raise_wait_timeout = 8,
  set_cloud_project = 9,
};

struct ErrorInfo {
  Category category = Category::internal;
  std::string message;         // for a person: what failed, why, what to do
  int32_t server_code = 0;     // body `code`, 0 when none
  std::string server_message;  // body `message`, verbatim
  int32_t http_status = 0;     // 0 when no answer
  bool retriable = false;
  std::string request_id;   // X-Request-Id we sent
  std::string trace_id;     // X-Milvus-Trace-Id the server sent
  std::string job_id;       // a job the server named (duplicate refresh)
  bool never_sent = false;  // the request provably never reached the server
  int32_t attempts = 0;     // requests tried (1 = no retry); 0 = refused before any attempt
  int64_t job_number = 0;   // job_id as an int64 when it is one (the running refresh job), else 0
  Hint hint = Hint::none;   // what the message's advice asks for
  // MJ_EAMBIGUOUS: the jobs that may be the one an ambiguous create started.
  std::vector<std::string> candidates{};
  bool permanent = false;  // repeating the request cannot help (a proxy or TLS peer refused it)
};

class Error : public std::runtime_error {
 public:
  explicit Error(ErrorInfo info) : std::runtime_error(info.message), info_(std::move(info)) {}
  Error(Category category, std::string message)
      : Error(ErrorInfo{category, std::move(message), 0, {}, 0, false, {}, {}, {}, false, 0}) {}

  const ErrorInfo& info() const noexcept { return info_; }
  ErrorInfo& info() noexcept { return info_; }

 private:
  ErrorInfo info_;
};

[[noreturn]] inline void throw_invalid(std::string message) {
  throw Error(Category::invalid_argument, std::move(message));
}

[[noreturn]] inline void throw_invalid(std::string message, Hint hint) {
  Error e(Category::invalid_argument, std::move(message));
  e.info().hint = hint;
  throw e;
}

// The error of the exception being handled; call it only inside a catch
// block. mj::Error as it is; std::bad_alloc as no_memory; anything else as
// internal (a bug). Used by the C API's guard and by work that must turn a
// failure into a result instead of throwing (the async reads).
inline ErrorInfo current_error() noexcept {
  ErrorInfo info;
  try {
    throw;
  } catch (const Error& e) {
    try {
      info = e.info();
    } catch (...) {
      info.category = e.info().category;  // out of memory copying it: the category still says what happened
    }
  } catch (const std::bad_alloc&) {
    info.category = Category::no_memory;
    try {
      info.message = "out of memory";
    } catch (...) {
    }
  } catch (const std::exception& e) {
    info.category = Category::internal;
    try {
      info.message = std::string("internal error in milvus-jobs (please report it): ") + e.what();
    } catch (...) {
    }
  } catch (...) {
    info.category = Category::internal;
  }
  return info;
}

}  // namespace mj
