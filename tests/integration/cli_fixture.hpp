// The fixture of the command-line tests against the dev server in Milvus
// mode: every run gets the server through the environment, as a user's
// shell would.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cli_process.hpp"
#include "world.hpp"

namespace mjtest {

class Cli : public World {
 protected:
  RunOptions env(RunOptions o = {}) {
    o.env.emplace("MILVUS_URI", server->uri());
    o.env.emplace("MILVUS_TOKEN", "");
    o.env.emplace("MILVUS_DB_NAME", "");
    for (const char* name :
         {"MILVUS_CLOUD", "MILVUS_CLUSTER_ID", "MILVUS_PROJECT_ID", "MILVUS_REGION_ID", "MILVUS_STORAGE_ACCESS_KEY",
          "MILVUS_STORAGE_SECRET_KEY", "MILVUS_STORAGE_SESSION_TOKEN", "MILVUS_WAIT_TIMEOUT_MS", "MILVUS_TIMEOUT_MS"}) {
      o.env.emplace(name, "");  // unset: the run sees only what the test gives it
    }
    return o;
  }
  CliRun cli(const std::vector<std::string>& args, RunOptions o = {}) { return run_cli(args, env(std::move(o))); }

  static nlohmann::json parse(const CliRun& r) {
    nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << describe(r);
    return j;
  }
};

}  // namespace mjtest
