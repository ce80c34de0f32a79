// The fixture most integration tests share: a dev server on a fresh copy of
// the sample world, and a client for it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support.hpp"

namespace mjtest {

class World : public ::testing::Test {
 protected:
  void SetUp() override { start(0); }

  void start(int work_delay_ms, const std::string& token = "", const std::string& state_dir = "") {
    DevServerOptions o;
    o.data_dir = dir.path() + "/data";
    o.config_file = config;
    o.work_delay_ms = work_delay_ms;
    o.token = token;
    o.state_dir = state_dir;
    o.admin = true;
    client.reset();
    server.reset();
    server = std::make_unique<DevServer>(o);
    client = make_client(server->uri(), token);
  }

  // Last status and error of the helpers below.
  mj_status status = MJ_OK;
  Error error;

  int64_t refresh(const char* collection, const char* source = nullptr, const char* spec = nullptr,
                  mj_client* c = nullptr) {
    mj_refresh_request r = MJ_REFRESH_REQUEST_INIT;
    r.collection_name = collection;
    r.external_source = source;
    r.external_spec = spec;
    int64_t id = 0;
    mj_error* e = nullptr;
    status = mj_refresh_external_collection(&id, c ? c : client.get(), &r, nullptr, &e);
    error.reset(e);
    return id;
  }

  RefreshJob describe_refresh(int64_t id) {
    mj_refresh_job* job = nullptr;
    mj_error* e = nullptr;
    status = mj_get_refresh_external_collection_progress(&job, client.get(), id, nullptr, &e);
    error.reset(e);
    return RefreshJob(job);
  }

  RefreshJob wait_refresh(int64_t id) {
    RefreshJob job;
    eventually([&] {
      job = describe_refresh(id);
      return status != MJ_OK || mj_refresh_state_is_terminal(job->state);
    });
    return job;
  }

  std::string bulk_import(const char* collection, std::vector<const char*> files,
                          std::vector<std::pair<const char*, const char*>> options = {},
                          const mj_call_options* call = nullptr) {
    mj_import_request r = MJ_IMPORT_REQUEST_INIT;
    r.collection_name = collection;
    r.files = files.data();
    r.file_count = files.size();
    std::vector<const char*> keys, values;
    for (auto& [k, v] : options) keys.push_back(k), values.push_back(v);
    r.option_keys = keys.data();
    r.option_values = values.data();
    r.option_count = keys.size();
    char* id = nullptr;
    mj_error* e = nullptr;
    status = mj_bulk_import(&id, client.get(), &r, call, &e);
    error.reset(e);
    std::string out = id ? id : "";
    mj_free(id);
    return out;
  }

  ImportJob describe_import(const std::string& id) {
    mj_import_job* job = nullptr;
    mj_error* e = nullptr;
    status = mj_get_import_progress(&job, client.get(), id.c_str(), nullptr, &e);
    error.reset(e);
    return ImportJob(job);
  }

  ImportJob wait_import(const std::string& id, int32_t until_state = -1) {
    ImportJob job;
    eventually([&] {
      job = describe_import(id);
      if (status != MJ_OK) return true;
      return until_state >= 0 ? job->state == until_state : mj_import_state_is_terminal(job->state) != 0;
    });
    return job;
  }

  std::string message() const { return error ? mj_error_message(error.get()) : ""; }

  TempDir dir;
  std::string config = write_sample_world(dir);
  std::unique_ptr<DevServer> server;
  Client client;
};

}  // namespace mjtest
