// Zilliz Cloud with a project target: one client runs imports through the
// control plane and refreshes through the project endpoint (Milvus REST v2),
// both against one dev server in cloud mode (which plays both sides on one
// port); a cluster-only client refuses refresh and says which options enable
// it; volume:// sources and Iceberg snapshot ids go out exactly as given.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "support.hpp"

using namespace mjtest;

namespace {

constexpr const char* kApiKey = "cloud-key-0123456789";
constexpr const char* kCluster = "inxx-dev0000000000001";
constexpr const char* kProject = "proj-dev000000000001";
constexpr const char* kRegion = "aws-us-west-2";
// Above 2^53: a JSON number read through a double would come back as ...000.
constexpr const char* kSnapshotId = "3051729675574597004";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct ClientSpec {
  const char* cluster = nullptr;
  const char* project = kProject;
  const char* region = kRegion;
  std::string project_endpoint;  // "" = leave NULL
  std::string uri;               // "" = the dev server's
};

class CloudProject : public ::testing::Test {
 protected:
  void SetUp() override {
    // The project's volume "vol1": refresh sources and import files.
    dir.write("data/volumes/vol1/books/part-0.parquet", std::string(1000, 'p'));
    dir.write("data/volumes/vol1/books/part-1.parquet", std::string(2000, 'p'));
    dir.write("data/volumes/vol1/lake/books/data/00000-0.parquet", std::string(300, 'p'));
    dir.write("data/volumes/vol1/lake/books/metadata/v1.metadata.json", "{}");
    dir.write("data/volumes/vol1/import/rows.json", R"([{"id":1},{"id":2},{"id":3}])");
    dir.write("data/bucket/rows.json", R"([{"id":1},{"id":2}])");
    dir.write("config.json", R"({"collections":[
      {"name":"books_ext","externalSource":"volume://vol1/books/","externalSpec":"{\"format\":\"parquet\"}"},
      {"name":"quick_setup"}]})");
    dir.write("cloud.json", std::string(R"({"apiKeys":[")") + kApiKey + R"("],"clusters":[")" + kCluster +
                                R"("],"projects":[{"projectId":")" + kProject + R"(","regionId":")" + kRegion +
                                R"("}]})");
    DevServerOptions o;
    o.data_dir = dir.path() + "/data";
    o.config_file = dir.path() + "/config.json";
    o.extra_args = {"--cloud", dir.path() + "/cloud.json"};
    server = std::make_unique<DevServer>(o);
    ClientSpec spec;
    spec.project_endpoint = server->uri();
    client = make(spec);
    ASSERT_TRUE(client) << message();
  }

  Client make(const ClientSpec& s, const char* api_key = kApiKey) {
    mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
    const std::string uri = s.uri.empty() ? server->uri() : s.uri;
    o.uri = uri.c_str();
    o.deployment = MJ_DEPLOYMENT_ZILLIZ_CLOUD;
    o.token = api_key;
    o.cloud_cluster_id = s.cluster;
    o.cloud_project_id = s.cluster ? nullptr : s.project;
    o.cloud_region_id = s.cluster ? nullptr : s.region;
    o.cloud_project_endpoint = s.project_endpoint.empty() ? nullptr : s.project_endpoint.c_str();
    o.request_timeout_ms = 10000;
    mj_client* c = nullptr;
    mj_error* e = nullptr;
    status = mj_client_new(&c, &o, &e);
    error.reset(e);
    return Client(c);
  }

  int64_t refresh(const char* collection, const char* source, const std::string& spec, mj_client* c = nullptr) {
    mj_refresh_request r = MJ_REFRESH_REQUEST_INIT;
    r.collection_name = collection;
    r.external_source = source;
    r.external_spec = spec.empty() ? nullptr : spec.c_str();
    int64_t id = 0;
    mj_error* e = nullptr;
    status = mj_refresh_external_collection(&id, c ? c : client.get(), &r, nullptr, &e);
    error.reset(e);
    return id;
  }

  std::string import_from_volume(const char* path) {
    const char* files[] = {path};
    mj_import_request r = MJ_IMPORT_REQUEST_INIT;
    r.collection_name = "quick_setup";
    r.files = files;
    r.file_count = 1;
    r.volume_name = "vol1";
    char* id = nullptr;
    mj_error* e = nullptr;
    status = mj_bulk_import(&id, client.get(), &r, nullptr, &e);
    error.reset(e);
    std::string out = id ? id : "";
    mj_free(id);
    return out;
  }

  std::string message() const { return error ? mj_error_message(error.get()) : ""; }

  TempDir dir;
  std::unique_ptr<DevServer> server;
  Client client;
  mj_status status = MJ_OK;
  Error error;
};

TEST_F(CloudProject, OneClientRunsARefreshAndAnImportToCompletion) {
  const int64_t refresh_id = refresh("books_ext", "volume://vol1/books/", R"({"format":"parquet"})");
  ASSERT_EQ(status, MJ_OK) << message();
  ASSERT_GT(refresh_id, 0);
  const std::string import_id = import_from_volume("import/rows.json");
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(import_id.rfind("job-", 0), 0u) << "the control plane's id: " << import_id;

  mj_wait_options w = MJ_WAIT_OPTIONS_INIT;
  w.timeout_ms = 20000;
  w.initial_interval_ms = 20;
  mj_refresh_job* rj = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_wait_refresh(&rj, client.get(), refresh_id, &w, nullptr, nullptr, &e), MJ_OK) << mj_error_message(e);
  RefreshJob refresh_job(rj);
  EXPECT_EQ(refresh_job->state, MJ_REFRESH_STATE_COMPLETED);
  EXPECT_EQ(refresh_job->progress, 100);
  EXPECT_STREQ(refresh_job->external_source, "volume://vol1/books/");
  EXPECT_STREQ(refresh_job->collection_name, "books_ext");
  // The dev server wrote the manifest of the volume's files.
  EXPECT_TRUE(dir.exists("data/.milvus-jobs/manifests/books_ext-" + std::to_string(refresh_id) + ".json"));

  mj_import_job* ij = nullptr;
  ASSERT_EQ(mj_wait_import(&ij, client.get(), import_id.c_str(), &w, nullptr, nullptr, &e), MJ_OK)
      << mj_error_message(e);
  ImportJob import_job(ij);
  EXPECT_EQ(import_job->state, MJ_IMPORT_STATE_COMPLETED);
  EXPECT_EQ(import_job->imported_rows, 3);

  // Lists, each from its own endpoint.
  mj_refresh_job_list* rl = nullptr;
  ASSERT_EQ(mj_list_refresh_external_collection_jobs(&rl, client.get(), "books_ext", nullptr, &e), MJ_OK)
      << mj_error_message(e);
  RefreshList refreshes(rl);
  ASSERT_EQ(refreshes->count, 1u);
  EXPECT_EQ(refreshes->items[0]->job_id, refresh_id);
  mj_import_job_list* il = nullptr;
  ASSERT_EQ(mj_list_import_jobs(&il, client.get(), "quick_setup", nullptr, &e), MJ_OK) << mj_error_message(e);
  ImportList imports(il);
  ASSERT_EQ(imports->count, 1u);
  EXPECT_STREQ(imports->items[0]->job_id, import_id.c_str());
}

TEST_F(CloudProject, WatcherFollowsBothJobFamiliesFromOneClient) {
  const int64_t refresh_id = refresh("books_ext", "volume://vol1/books/", R"({"format":"parquet"})");
  ASSERT_EQ(status, MJ_OK) << message();
  const std::string import_id = import_from_volume("import/rows.json");
  ASSERT_EQ(status, MJ_OK) << message();

  mj_watcher_options wo = MJ_WATCHER_OPTIONS_INIT;
  wo.interval_ms = 20;
  mj_watcher* w = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_watcher_new(&w, client.get(), &wo, &e), MJ_OK) << mj_error_message(e);
  std::unique_ptr<mj_watcher, void (*)(mj_watcher*)> watcher(w, mj_watcher_free);
  ASSERT_EQ(mj_watcher_add_refresh(w, refresh_id, &e), MJ_OK) << mj_error_message(e);
  ASSERT_EQ(mj_watcher_add_import(w, import_id.c_str(), &e), MJ_OK) << mj_error_message(e);
  struct Seen {
    int32_t refresh_state = -1;
    int32_t import_state = -1;
    int failures = 0;
    std::string first_failure;
  } seen;
  auto on_event = [](const mj_watch_event* ev, void* user) {
    auto* s = static_cast<Seen*>(user);
    if (ev->status != MJ_OK) {
      if (s->failures++ == 0) s->first_failure = mj_error_message(ev->error);
      return;
    }
    if (ev->kind == MJ_JOB_REFRESH) s->refresh_state = ev->refresh->state;
    if (ev->kind == MJ_JOB_IMPORT) s->import_state = ev->import_job->state;
  };
  ASSERT_EQ(mj_watcher_run(w, 20000, on_event, &seen, &e), MJ_OK) << mj_error_message(e);
  EXPECT_EQ(seen.failures, 0) << seen.first_failure;
  EXPECT_EQ(seen.refresh_state, MJ_REFRESH_STATE_COMPLETED);
  EXPECT_EQ(seen.import_state, MJ_IMPORT_STATE_COMPLETED);
}

TEST_F(CloudProject, TemplateFillsInTheProjectAndRegion) {
  // *.localhost resolves to the loopback address inside libcurl: the Host
  // header names the project, which the dev server checks against its file.
  ClientSpec s;
  s.project_endpoint = "http://{project_id}.{region_id}.localhost:" + std::to_string(server->port());
  Client c = make(s);
  ASSERT_TRUE(c) << message();
  const int64_t id = refresh("books_ext", "volume://vol1/books/", R"({"format":"parquet"})", c.get());
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_GT(id, 0);

  s.region = "aws-eu-west-9";  // a region the project is not in
  Client wrong = make(s);
  ASSERT_TRUE(wrong) << message();
  mj_refresh_job* job = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_get_refresh_external_collection_progress(&job, wrong.get(), id, nullptr, &e), MJ_EINVALID_ARGUMENT);
  Error err(e);
  EXPECT_EQ(mj_error_server_code(err.get()), 96001) << mj_error_message(err.get());
}

TEST_F(CloudProject, IcebergSnapshotIdReachesTheServerExactly) {
  const std::string spec = std::string(R"({"format":"iceberg-table","snapshot_id":)") + kSnapshotId + "}";
  const int64_t id = refresh("books_ext", "volume://vol1/lake/books/", spec);
  ASSERT_EQ(status, MJ_OK) << message();
  mj_wait_options w = MJ_WAIT_OPTIONS_INIT;
  w.timeout_ms = 20000;
  w.initial_interval_ms = 20;
  mj_refresh_job* rj = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_wait_refresh(&rj, client.get(), id, &w, nullptr, nullptr, &e), MJ_OK) << mj_error_message(e);
  RefreshJob job(rj);
  // The server gives snapshot_id back as a string (as Milvus does): every digit is there.
  EXPECT_TRUE(contains(job->external_spec, std::string("\"snapshot_id\":\"") + kSnapshotId + "\""))
      << job->external_spec;
  EXPECT_STREQ(job->external_source, "volume://vol1/lake/books/");
}

TEST_F(CloudProject, RefreshRequestGoesOutAsGivenWithTheApiKey) {
  // A scripted project endpoint records the raw request.
  ScriptedServer project(200, R"({"code":0,"data":{"jobId":9007199254740993}})");
  ClientSpec s;
  s.project_endpoint = project.uri();
  Client c = make(s);
  ASSERT_TRUE(c) << message();
  const std::string spec = std::string(R"({"format":"iceberg-table", "snapshot_id": )") + kSnapshotId + "}";
  const int64_t id = refresh("books_ext", "volume://vol1/lake/books/", spec, c.get());
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(id, 9007199254740993LL);
  const auto requests = project.requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string& raw = requests[0];
  EXPECT_EQ(raw.rfind("POST /v2/vectordb/jobs/external_collection/refresh HTTP/1.1\r\n", 0), 0u) << raw;
  EXPECT_TRUE(contains(raw, std::string("Authorization: Bearer ") + kApiKey)) << raw;
  // The spec is a JSON string in the body: the caller's text, spaces and digits, escaped only.
  EXPECT_TRUE(contains(
      raw, R"("externalSpec":"{\"format\":\"iceberg-table\", \"snapshot_id\": )" + std::string(kSnapshotId) + "}\""))
      << raw;
  EXPECT_TRUE(contains(raw, R"("externalSource":"volume://vol1/lake/books/")")) << raw;
  EXPECT_FALSE(contains(raw, "projectId")) << "the project endpoint's body is Milvus's: " << raw;
}

TEST_F(CloudProject, ClusterOnlyClientRefusesRefreshNamingTheProjectOptions) {
  ClientSpec s;
  s.cluster = kCluster;
  Client c = make(s);
  ASSERT_TRUE(c) << message();
  refresh("books_ext", "volume://vol1/books/", R"({"format":"parquet"})", c.get());
  EXPECT_EQ(status, MJ_EUNSUPPORTED);
  const std::string text = message();
  EXPECT_TRUE(contains(text, "project id and region id")) << text;
  EXPECT_FALSE(contains(text, "cloud_project_id")) << "no C option field names: " << text;
  EXPECT_FALSE(contains(text, "MJ_")) << text;
  EXPECT_EQ(mj_error_hint(error.get()), MJ_HINT_SET_CLOUD_PROJECT);
  EXPECT_EQ(mj_error_http_status(error.get()), 0) << "refused before sending";

  mj_error* e = nullptr;
  mj_refresh_job* job = nullptr;
  EXPECT_EQ(mj_get_refresh_external_collection_progress(&job, c.get(), 1, nullptr, &e), MJ_EUNSUPPORTED);
  EXPECT_EQ(mj_error_hint(e), MJ_HINT_SET_CLOUD_PROJECT);
  mj_error_free(e);
  e = nullptr;
  mj_refresh_job_list* list = nullptr;
  EXPECT_EQ(mj_list_refresh_external_collection_jobs(&list, c.get(), nullptr, nullptr, &e), MJ_EUNSUPPORTED);
  mj_error_free(e);
  e = nullptr;
  EXPECT_EQ(mj_wait_refresh(&job, c.get(), 1, nullptr, nullptr, nullptr, &e), MJ_EUNSUPPORTED);
  mj_error_free(e);
  e = nullptr;
  mj_watcher* w = nullptr;
  ASSERT_EQ(mj_watcher_new(&w, c.get(), nullptr, &e), MJ_OK) << mj_error_message(e);
  EXPECT_EQ(mj_watcher_add_refresh(w, 1, &e), MJ_EUNSUPPORTED);
  EXPECT_EQ(mj_watcher_size(w), 0u);
  mj_error_free(e);
  mj_watcher_free(w);

  // Its imports still work.
  const char* files[] = {"s3://bucket/rows.json"};
  mj_import_request r = MJ_IMPORT_REQUEST_INIT;
  r.collection_name = "quick_setup";
  r.files = files;
  r.file_count = 1;
  char* id = nullptr;
  e = nullptr;
  ASSERT_EQ(mj_bulk_import(&id, c.get(), &r, nullptr, &e), MJ_OK) << mj_error_message(e);
  mj_free(id);
}

TEST_F(CloudProject, BadProjectEndpointsAreRefusedWhenTheClientIsMade) {
  struct Case {
    std::string endpoint;
    const char* cluster;
    const char* project;
    const char* expect;
  };
  const std::vector<Case> cases = {
      {"ftp://{project_id}.example", nullptr, kProject, "http"},
      {"https://{project}.{region_id}.example", nullptr, kProject, "unknown placeholder {project}"},
      {"https://{project_id.example", nullptr, kProject, "without '}'"},
      {"https://user:pw@{project_id}.example", nullptr, kProject, "credentials"},
      {"https://{project_id}.example/?x=1", nullptr, kProject, "query"},
      {"https://", nullptr, kProject, "no host"},
      {"https://{project_id}.{region_id}.example", nullptr, "proj-a.b", "letters, digits and '-'"},
      {"http://127.0.0.1:1", kCluster, nullptr, "cluster id"},
  };
  for (const auto& k : cases) {
    ClientSpec s;
    s.project_endpoint = k.endpoint;
    s.cluster = k.cluster;
    s.project = k.project;
    EXPECT_FALSE(make(s)) << k.endpoint;
    EXPECT_EQ(status, MJ_EINVALID_ARGUMENT) << k.endpoint;
    EXPECT_TRUE(contains(message(), k.expect)) << k.endpoint << ": " << message();
    EXPECT_FALSE(contains(message(), "cloud_project_endpoint")) << message();
  }
  // A Milvus client has no project endpoint.
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  const std::string uri = server->uri();
  o.uri = uri.c_str();
  o.cloud_project_endpoint = uri.c_str();
  mj_client* c = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_client_new(&c, &o, &e), MJ_EINVALID_ARGUMENT);
  EXPECT_TRUE(contains(mj_error_message(e), "Milvus client")) << mj_error_message(e);
  mj_error_free(e);
}

TEST_F(CloudProject, ProjectEndpointDownNamesItAndTheOptionsToCheck) {
  ClientSpec s;
  s.project_endpoint = "http://127.0.0.1:1";  // nothing listens on port 1
  Client c = make(s);
  ASSERT_TRUE(c) << message();
  mj_refresh_job* job = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_get_refresh_external_collection_progress(&job, c.get(), 7, nullptr, &e), MJ_ETRANSPORT);
  Error err(e);
  const std::string text = mj_error_message(err.get());
  EXPECT_TRUE(contains(text, "http://127.0.0.1:1")) << text;
  EXPECT_TRUE(contains(text, "project id and region id")) << text;
  // The control plane (uri) still answers for imports.
  const std::string id = import_from_volume("import/rows.json");
  EXPECT_EQ(status, MJ_OK) << message();
}

TEST_F(CloudProject, ProjectEndpointTakesOnlyTheCloudApiKeys) {
  ClientSpec s;
  s.project_endpoint = server->uri();
  Client c = make(s, "root:Milvus");
  ASSERT_TRUE(c) << message();
  refresh("books_ext", "volume://vol1/books/", R"({"format":"parquet"})", c.get());
  EXPECT_EQ(status, MJ_EUNAUTHENTICATED);
  EXPECT_FALSE(contains(message(), "root:Milvus")) << message();
  EXPECT_TRUE(contains(message(), "API key")) << message();
}

}  // namespace
