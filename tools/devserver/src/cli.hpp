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
  std::filesystem::path tlsCert;  // with tlsKey: serve https
  std::filesystem::path tlsKey;
  std::filesystem::path dataDir = ".";
  std::optional<std::filesystem::path> stateDir;
  std::optional<std::filesystem::path> configFile;
  long long workDelayMs = 0;
  std::optional<std::filesystem::path> cloudConfig;  // --cloud FILE: Zilliz Cloud control-plane mode
  std::string faults;                                // --faults SPEC (faults.hpp)
  bool admin = false;                                // serve the /admin/ routes (admin.hpp)
  int httpThreads = 0;                               // 0: the front end's default (64)
  bool help = false;
};

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Accepts "--flag value" and "--flag=value". Throws UsageError naming the fix.
Options parseCommandLine(int argc, char** argv);

const char* usageText();

}  // namespace devserver
