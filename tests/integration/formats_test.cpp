// A refresh for each external format Milvus 3 knows, on the dev server's own
// sample world (tests/data/devserver): each maps the right files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support.hpp"

using namespace mjtest;
namespace fs = std::filesystem;

namespace {

class Formats : public ::testing::TestWithParam<std::tuple<const char*, const char*, const char*>> {
 protected:
  void SetUp() override {
    // A copy, so the manifests the server writes stay out of the source tree.
    fs::copy(MJ_DEVSERVER_SAMPLE "/data", dir.path() + "/data", fs::copy_options::recursive);
    DevServerOptions o;
    o.data_dir = dir.path() + "/data";
    o.config_file = MJ_DEVSERVER_SAMPLE "/config.json";
    server = std::make_unique<DevServer>(o);
    client = make_client(server->uri());
  }
  TempDir dir;
  std::unique_ptr<DevServer> server;
  Client client;
};

}  // namespace

TEST_P(Formats, RefreshMapsTheFormatsDataFiles) {
  const auto [collection, expected_file, unexpected_file] = GetParam();
  mj_refresh_request r = MJ_REFRESH_REQUEST_INIT;
  r.collection_name = collection;
  int64_t id = 0;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_refresh_external_collection(&id, client.get(), &r, nullptr, &e), MJ_OK) << mj_error_message(e);
  RefreshJob job;
  ASSERT_TRUE(eventually([&] {
    mj_refresh_job* raw = nullptr;
    if (mj_get_refresh_external_collection_progress(&raw, client.get(), id, nullptr, &e) != MJ_OK) return true;
    job.reset(raw);
    return mj_refresh_state_is_terminal(job->state) != 0;
  }));
  ASSERT_TRUE(job);
  ASSERT_EQ(job->state, MJ_REFRESH_STATE_COMPLETED) << job->reason;
  std::ifstream in(dir.path() + "/data/.milvus-jobs/manifests/" + collection + "-" + std::to_string(id) + ".json");
  std::stringstream manifest;
  manifest << in.rdbuf();
  EXPECT_NE(manifest.str().find(expected_file), std::string::npos) << manifest.str();
  EXPECT_EQ(manifest.str().find(unexpected_file), std::string::npos) << manifest.str();
}

INSTANTIATE_TEST_SUITE_P(EveryFormat, Formats,
                         ::testing::Values(std::make_tuple("books_ext", "part-00002.parquet", "README.txt"),
                                           std::make_tuple("books_iceberg", "00001-0-c3d4.parquet", "v1.metadata.json"),
                                           std::make_tuple("books_lance", "0-abc.lance", ".parquet"),
                                           std::make_tuple("books_vortex", "books-0.vortex", ".parquet")),
                         [](const auto& info) { return std::string(std::get<0>(info.param)); });
