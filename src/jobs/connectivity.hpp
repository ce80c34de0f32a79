// Production connectivity at the jobs layer: the TLS client identity, the
// server name override and the proxy turned into transport settings (with
// their secrets kept out of every message), and the log hook.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "transport/http.hpp"

namespace mj::jobs {

struct ConnectivityConfig {
  std::string client_cert;
  std::string client_key;
  std::string client_key_password;
  std::string server_name;
  std::string proxy;
  std::string no_proxy;
  bool no_proxy_set = false;
};

// Checks `c` and applies it to `h` (whose base_url is already normalised);
// appends to `secrets` what must never appear in a message (key passphrase,
// proxy password). Throws invalid_argument naming the setting and the fix.
void apply_connectivity(const ConnectivityConfig& c, transport::HttpConfig& h, std::vector<std::string>& secrets);

// The log hook as the jobs layer calls it: the C callback and its level.
// Kept free of the public header: the record is built in log.cpp.
struct LogRecord {
  int32_t level = 0;
  const char* event = "";
  std::string message;
  const char* operation = "";
  const char* route = "";
  int32_t attempt = 0;
  int32_t status = 0;
  int32_t http_status = 0;
  int32_t server_code = 0;
  int64_t duration_us = 0;
  int64_t backoff_ms = 0;
  const std::string* request_id = nullptr;
  const std::string* trace_id = nullptr;
  bool connection_reused = false;
};

struct LogHook {
  enum Level : int32_t { error = 1, warn = 2, info = 3, debug = 4 };
  using Fn = void (*)(const void* record, void* user_data);  // mj_log_fn, type-erased
  Fn fn = nullptr;
  void* user_data = nullptr;
  int32_t level = info;

  bool wants(int32_t l) const noexcept { return fn != nullptr && l <= level; }
  // Builds the C record and calls the hook; swallows nothing (the hook must
  // not throw), allocates only the message.
  void emit(const LogRecord& record) const noexcept;
};

}  // namespace mj::jobs
