// Command-line flags of milvus-jobs-devserver.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace devserver {

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string token;
  std::filesystem::path tls_cert;  // with tlsKey: serve https
  std::filesystem::path tls_key;
  std::filesystem::path tls_client_ca;  // --tls-client-ca: require client certificates it issued
  std::filesystem::path request_log;    // --request-log: one JSON line per request
  std::filesystem::path data_dir = ".";
  std::optional<std::filesystem::path> state_dir;
  std::optional<std::filesystem::path> config_file;
  long long work_delay_ms = 0;
  std::optional<std::filesystem::path> cloud_config;  // --cloud FILE: Zilliz Cloud control-plane mode
  std::string faults;                                 // --faults SPEC (faults.hpp)
  bool admin = false;                                 // serve the /admin/ routes (admin.hpp)
  bool snapshot_jobs = true;                          // serve /v2/vectordb/jobs/snapshot/* (snapshot.hpp)
  int http_threads = 0;                               // 0: the front end's default (64)
  bool help = false;
};

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Accepts "--flag value" and "--flag=value". Throws UsageError naming the fix.
Options parse_command_line(int argc, char** argv);

const char* usage_text();

}  // namespace devserver
