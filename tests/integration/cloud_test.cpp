// Zilliz Cloud deployment, end to end over HTTP against the dev server in
// cloud mode (--cloud): control-plane bodies, "job-..." ids, targets, paging,
// the older answer shape, cloud error codes, and secrets kept out of errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "support.hpp"

using namespace mjtest;

namespace {

constexpr const char* kApiKey = "cloud-key-0123456789";
constexpr const char* kCluster = "inxx-dev0000000000001";
constexpr const char* kLegacyCluster = "inxx-legacy000000001";
constexpr const char* kOtherCluster = "inxx-other0000000001";
constexpr const char* kProject = "proj-dev000000000001";
constexpr const char* kRegion = "aws-us-west-2";
constexpr const char* kAccessKey = "AKIADEVSERVER0000001";
constexpr const char* kSecretKey = "devserver-secret/0000001";

struct CloudTarget {
  const char* cluster = nullptr;
  const char* project = nullptr;
  const char* region = nullptr;
};

struct Import {
  Import() = default;
  Import(std::vector<const char*> f) : files(std::move(f)) {}  // NOLINT(google-explicit-constructor)
  std::vector<const char*> files;
  const char* volume = nullptr;
  const char* access_key = nullptr;
  const char* secret_key = nullptr;
  const char* session_token = nullptr;
  std::vector<std::pair<const char*, const char*>> options;
  const char* collection = "quick_setup";
};

class Cloud : public ::testing::Test {
 protected:
  void SetUp() override { start(0); }

  void start(int work_delay_ms) {
    dir.write("data/bucket/books/part1.json", R"([{"id":1},{"id":2},{"id":3}])");
    dir.write("data/bucket/books/part2.csv", "id,title\n1,a\n2,b\n3,c\n4,d\n");
    dir.write("data/bucket/folder/a.json", R"([{"id":1},{"id":2}])");
    dir.write("data/bucket/folder/b.jsonl", "{\"id\":3}\n{\"id\":4}\n{\"id\":5}\n");
    dir.write("data/secure/rows.json", R"([{"id":1}])");
    dir.write("data/volumes/vol1/x/rows.json", R"([{"id":1},{"id":2}])");
    dir.write("config.json", R"({"collections":[{"name":"quick_setup"},{"name":"books"},
      {"dbName":"analytics","name":"events"}]})");
    dir.write("cloud.json", std::string(R"({"apiKeys":[")") + kApiKey + R"("],
      "clusters":[{"clusterId":")" +
                                kCluster + R"("},
                  {"clusterId":")" +
                                kLegacyCluster + R"(","responseShape":"legacy"},
                  {"clusterId":")" +
                                kOtherCluster + R"("}],
      "projects":[{"projectId":")" +
                                kProject + R"(","regionId":")" + kRegion + R"("}],
      "buckets":{"secure":{"accessKey":")" +
                                kAccessKey + R"(","secretKey":")" + kSecretKey + R"("}}})");
    DevServerOptions o;
    o.data_dir = dir.path() + "/data";
    o.config_file = dir.path() + "/config.json";
    o.extra_args = {"--cloud", dir.path() + "/cloud.json"};
    o.work_delay_ms = work_delay_ms;
    client.reset();
    server.reset();
    server = std::make_unique<DevServer>(o);
    client = cloud_client({kCluster});
  }

  Client cloud_client(CloudTarget t, const char* api_key = kApiKey) {
    mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
    const std::string uri = server->uri();
    o.uri = uri.c_str();
    o.deployment = MJ_DEPLOYMENT_ZILLIZ_CLOUD;
    o.token = api_key;
    o.cloud_cluster_id = t.cluster;
    o.cloud_project_id = t.project;
    o.cloud_region_id = t.region;
    o.request_timeout_ms = 10000;
    mj_client* c = nullptr;
    mj_error* e = nullptr;
    status = mj_client_new(&c, &o, &e);
    error.reset(e);
    return Client(c);
  }

  std::string bulk_import(const Import& in, mj_client* c = nullptr) {
    mj_import_request r = MJ_IMPORT_REQUEST_INIT;
    r.collection_name = in.collection;
    r.files = in.files.data();
    r.file_count = in.files.size();
    std::vector<const char*> keys, values;
    for (auto& [k, v] : in.options) keys.push_back(k), values.push_back(v);
    r.option_keys = keys.data();
    r.option_values = values.data();
    r.option_count = keys.size();
    r.volume_name = in.volume;
    r.access_key = in.access_key;
    r.secret_key = in.secret_key;
    r.session_token = in.session_token;
    char* id = nullptr;
    mj_error* e = nullptr;
    status = mj_bulk_import(&id, c ? c : client.get(), &r, nullptr, &e);
    error.reset(e);
    std::string out = id ? id : "";
    mj_free(id);
    return out;
  }

  ImportJob describe(const std::string& id, mj_client* c = nullptr) {
    mj_import_job* job = nullptr;
    mj_error* e = nullptr;
    status = mj_get_import_progress(&job, c ? c : client.get(), id.c_str(), nullptr, &e);
    error.reset(e);
    return ImportJob(job);
  }

  ImportJob wait(const std::string& id, mj_client* c = nullptr, int32_t until = -1) {
    ImportJob job;
    eventually([&] {
      job = describe(id, c);
      if (status != MJ_OK) return true;
      return until >= 0 ? job->state == until : mj_import_state_is_terminal(job->state) != 0;
    });
    return job;
  }

  ImportList page(int64_t size, int64_t number, mj_client* c = nullptr, const char* collection = nullptr) {
    mj_import_list_request r = MJ_IMPORT_LIST_REQUEST_INIT;
    r.page_size = size;
    r.current_page = number;
    r.collection_name = collection;
    mj_import_job_list* list = nullptr;
    mj_error* e = nullptr;
    status = mj_list_import_jobs_page(&list, c ? c : client.get(), &r, nullptr, &e);
    error.reset(e);
    return ImportList(list);
  }

  ImportList list_all(mj_client* c = nullptr, const char* collection = nullptr) {
    mj_import_job_list* list = nullptr;
    mj_error* e = nullptr;
    status = mj_list_import_jobs(&list, c ? c : client.get(), collection, nullptr, &e);
    error.reset(e);
    return ImportList(list);
  }

  std::string message() const { return error ? mj_error_message(error.get()) : ""; }
  std::string server_message() const { return error ? mj_error_server_message(error.get()) : ""; }

  TempDir dir;
  std::unique_ptr<DevServer> server;
  Client client;
  mj_status status = MJ_OK;
  Error error;
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(Cloud, ImportFromObjectUrlsAndAFolderCompletesWithCloudFields) {
  const std::string id =
      bulk_import({{"s3://bucket/books/part1.json", "s3://bucket/folder/", "s3://bucket/books/part2.csv"}});
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(id.rfind("job-", 0), 0u) << id;
  ImportJob job = wait(id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_COMPLETED) << job->state_name << " " << job->reason;
  EXPECT_STREQ(job->state_name, "Completed");
  EXPECT_EQ(job->progress, 100);
  EXPECT_STREQ(job->job_id, id.c_str());
  EXPECT_STREQ(job->collection_name, "quick_setup");
  EXPECT_STREQ(job->file_name, "s3://bucket/books/part1.json") << "the top-level fileName";
  EXPECT_EQ(job->total_rows, 3 + 2 + 3 + 4);
  EXPECT_EQ(job->imported_rows, 3 + 2 + 3 + 4);
  EXPECT_GT(job->complete_time_ms, 1600000000000LL) << job->complete_time;
  ASSERT_EQ(job->detail_count, 4u) << "the folder holds two files, each its own unit";
  EXPECT_STREQ(job->details[0]->file_name, "s3://bucket/books/part1.json");
  EXPECT_STREQ(job->details[1]->file_name, "s3://bucket/folder/a.json");
  EXPECT_STREQ(job->details[2]->file_name, "s3://bucket/folder/b.jsonl");
  int64_t sizes = 0;
  for (size_t i = 0; i < job->detail_count; ++i) {
    EXPECT_EQ(job->details[i]->state, MJ_IMPORT_FILE_STATE_COMPLETED) << job->details[i]->state_name;
    EXPECT_EQ(job->details[i]->progress, 100);
    sizes += job->details[i]->file_size;
  }
  EXPECT_EQ(job->file_size, sizes);
}

TEST_F(Cloud, ImportFromAVolumeSendsDataPaths) {
  Import in;
  in.files = {"x/rows.json"};
  in.volume = "vol1";
  const std::string id = bulk_import(in);
  ASSERT_EQ(status, MJ_OK) << message();
  ImportJob job = wait(id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_COMPLETED) << job->reason;
  EXPECT_EQ(job->total_rows, 2);
  EXPECT_STREQ(job->file_name, "x/rows.json");
}

TEST_F(Cloud, FailedImportCarriesTheReason) {
  const std::string id = bulk_import({{"s3://bucket/books/missing.json"}});
  ASSERT_EQ(status, MJ_OK) << message();
  ImportJob job = wait(id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_FAILED);
  EXPECT_EQ(job->progress, 0);
  EXPECT_TRUE(contains(job->reason, "does not exist")) << job->reason;
}

TEST_F(Cloud, OlderAnswerShapeIsDecodedToTheSameFields) {
  Client legacy = cloud_client({kLegacyCluster});
  ASSERT_TRUE(legacy) << message();
  const std::string ok = bulk_import({{"s3://bucket/books/part1.json", "s3://bucket/books/part2.csv"}}, legacy.get());
  ASSERT_EQ(status, MJ_OK) << message() << " (the older control plane answers success with code 200)";
  const std::string bad = bulk_import({{"s3://bucket/books/missing.json"}}, legacy.get());
  ASSERT_EQ(status, MJ_OK) << message();

  ImportJob job = wait(ok, legacy.get());
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_COMPLETED) << "derived: readyPercentage 1.0 and a completeTime";
  EXPECT_STREQ(job->state_name, "Completed");
  EXPECT_EQ(job->progress, 100) << "readyPercentage 1.0 is reported as 100";
  EXPECT_STREQ(job->file_name, "s3://bucket/books/part1.json");
  EXPECT_GT(job->complete_time_ms, 0) << job->complete_time;
  ASSERT_EQ(job->detail_count, 2u);
  EXPECT_EQ(job->details[1]->state, MJ_IMPORT_FILE_STATE_COMPLETED);
  EXPECT_EQ(job->details[1]->progress, 100);
  EXPECT_GT(job->details[1]->file_size, 0);

  ImportJob failed = wait(bad, legacy.get());
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(failed->state, MJ_IMPORT_STATE_FAILED) << "derived from errorMessage";
  EXPECT_TRUE(contains(failed->reason, "does not exist")) << "errorMessage becomes reason: " << failed->reason;

  ImportList list = list_all(legacy.get());
  ASSERT_EQ(status, MJ_OK) << message();
  ASSERT_EQ(list->count, 2u) << "v1 lists put the jobs under \"tasks\"";
  std::set<int32_t> states;
  for (size_t i = 0; i < list->count; ++i) states.insert(list->items[i]->state);
  EXPECT_EQ(states, (std::set<int32_t>{MJ_IMPORT_STATE_COMPLETED, MJ_IMPORT_STATE_FAILED}))
      << "ImportCompleted / ImportFailed";
}

TEST_F(Cloud, OlderAnswerShapeProgressMovesAsAPercentage) {
  start(/*work_delay_ms=*/150);
  Client legacy = cloud_client({kLegacyCluster});
  const std::string id = bulk_import({{"s3://bucket/books/part1.json", "s3://bucket/books/part2.csv"}}, legacy.get());
  ASSERT_EQ(status, MJ_OK) << message();
  std::set<int64_t> seen;
  ImportJob job;
  eventually([&] {
    job = describe(id, legacy.get());
    if (status != MJ_OK) return true;
    seen.insert(job->progress);
    if (job->progress > 0 && job->progress < 100) {
      EXPECT_EQ(job->state, MJ_IMPORT_STATE_IMPORTING) << "derived from readyPercentage between 0 and 1";
    }
    return mj_import_state_is_terminal(job->state) != 0;
  });
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_COMPLETED);
  EXPECT_TRUE(std::any_of(seen.begin(), seen.end(), [](int64_t p) { return p > 1 && p < 100; }))
      << "a fraction such as 0.4 is reported as 40, never as 0 or 1";
  for (int64_t p : seen) EXPECT_TRUE(p >= 0 && p <= 100) << p;
}

TEST_F(Cloud, ProjectAndRegionTargetOwnsItsJobs) {
  Client project = cloud_client({nullptr, kProject, kRegion});
  ASSERT_TRUE(project) << message();
  const std::string id = bulk_import({{"s3://bucket/books/part1.json"}}, project.get());
  ASSERT_EQ(status, MJ_OK) << message();
  ImportJob job = wait(id, project.get());
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_COMPLETED) << job->reason;
  ImportList list = list_all(project.get());
  ASSERT_EQ(status, MJ_OK) << message();
  ASSERT_EQ(list->count, 1u);
  EXPECT_STREQ(list->items[0]->job_id, id.c_str());

  // The cluster does not see the project's job.
  describe(id, client.get());
  EXPECT_EQ(status, MJ_ENOT_FOUND);
  EXPECT_EQ(mj_error_server_code(error.get()), 90144);

  Client wrong_region = cloud_client({nullptr, kProject, "gcp-us-west1"});
  describe(id, wrong_region.get());
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 96001);
}

TEST_F(Cloud, WrongClusterIdIsNotFoundWithTheServersText) {
  Client wrong = cloud_client({"inxx-doesnotexist0001"});
  ASSERT_TRUE(wrong) << message();
  bulk_import({{"s3://bucket/books/part1.json"}}, wrong.get());
  EXPECT_EQ(status, MJ_ENOT_FOUND) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 80020);
  EXPECT_EQ(server_message(), "Cluster not exist or you don't have permission.");
  EXPECT_EQ(mj_error_http_status(error.get()), 200);
  EXPECT_TRUE(contains(message(), "cluster id")) << message();

  describe("job-0000000000000000000001", wrong.get());
  EXPECT_EQ(status, MJ_ENOT_FOUND);
  page(10, 1, wrong.get());
  EXPECT_EQ(status, MJ_ENOT_FOUND);
}

TEST_F(Cloud, JobOfAnotherClusterIsNotFound) {
  const std::string id = bulk_import({{"s3://bucket/books/part1.json"}});
  ASSERT_EQ(status, MJ_OK) << message();
  Client other = cloud_client({kOtherCluster});
  describe(id, other.get());
  EXPECT_EQ(status, MJ_ENOT_FOUND) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 90144);
  describe("job-not-a-real-id", client.get());
  EXPECT_EQ(status, MJ_ENOT_FOUND);
}

TEST_F(Cloud, BadApiKeyIsUnauthenticatedAndNeverEchoed) {
  Client bad = cloud_client({kCluster}, "not-the-right-api-key");
  ASSERT_TRUE(bad) << message();
  bulk_import({{"s3://bucket/books/part1.json"}}, bad.get());
  EXPECT_EQ(status, MJ_EUNAUTHENTICATED) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 21119);
  EXPECT_EQ(server_message(), "The apikey is illegal.");
  EXPECT_TRUE(contains(message(), "API key")) << message();
  EXPECT_FALSE(contains(message(), "not-the-right-api-key"));
  describe("job-0000000000000000000001", bad.get());
  EXPECT_EQ(status, MJ_EUNAUTHENTICATED);
  page(10, 1, bad.get());
  EXPECT_EQ(status, MJ_EUNAUTHENTICATED);
}

TEST_F(Cloud, CollectionAndDatabaseNotFound) {
  Import in;
  in.files = {"s3://bucket/books/part1.json"};
  in.collection = "nope";
  bulk_import(in);
  EXPECT_EQ(status, MJ_ENOT_FOUND) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 90001);

  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  const std::string uri = server->uri();
  o.uri = uri.c_str();
  o.deployment = MJ_DEPLOYMENT_ZILLIZ_CLOUD;
  o.token = kApiKey;
  o.cloud_cluster_id = kCluster;
  o.db_name = "nodb";
  mj_client* c = nullptr;
  ASSERT_EQ(mj_client_new(&c, &o, nullptr), MJ_OK);
  Client with_db(c);
  bulk_import({{"s3://bucket/books/part1.json"}}, with_db.get());
  EXPECT_EQ(status, MJ_ENOT_FOUND) << "Milvus code 800 passed through: " << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 800);
}

TEST_F(Cloud, StorageCredentialsAreSentButNeverEchoed) {
  Import in;
  in.files = {"s3://secure/rows.json"};
  in.access_key = "AKIAWRONGKEY00000001";
  in.secret_key = "wrong-secret/000001";
  in.session_token = "sts-session-token-000001";
  bulk_import(in);
  ASSERT_EQ(status, MJ_EINVALID_ARGUMENT) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 80000);
  // The dev server names the unknown access key id, as S3 does; the library scrubs it.
  EXPECT_TRUE(contains(server_message(), "InvalidAccessKeyId")) << server_message();
  EXPECT_TRUE(contains(server_message(), "***")) << server_message();
  for (const char* secret : {in.access_key, in.secret_key, in.session_token, kApiKey}) {
    EXPECT_FALSE(contains(message(), secret)) << message();
    EXPECT_FALSE(contains(server_message(), secret)) << server_message();
  }

  in.access_key = kAccessKey;
  bulk_import(in);
  ASSERT_EQ(status, MJ_EINVALID_ARGUMENT) << "right key id, wrong secret";
  EXPECT_TRUE(contains(server_message(), "SignatureDoesNotMatch")) << server_message();
  for (const char* secret : {in.access_key, in.secret_key, in.session_token}) {
    EXPECT_FALSE(contains(message(), secret)) << message();
  }

  in.secret_key = kSecretKey;
  const std::string id = bulk_import(in);
  ASSERT_EQ(status, MJ_OK) << message();
  ImportJob job = wait(id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_COMPLETED) << job->reason;

  // Refused before sending: the message names the field, never its value.
  Import half;
  half.files = {"s3://secure/rows.json"};
  half.access_key = kAccessKey;
  bulk_import(half);
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(mj_error_http_status(error.get()), 0);
  EXPECT_TRUE(contains(message(), "secret_key")) << message();
  EXPECT_FALSE(contains(message(), kAccessKey));
}

TEST_F(Cloud, RequestBodiesFollowTheControlPlane) {
  ScriptedServer peer(200, R"({"code":0,"data":{"jobId":"job-1","state":"Pending","count":0,"records":[]}})");
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  const std::string uri = peer.uri();
  o.uri = uri.c_str();
  o.deployment = MJ_DEPLOYMENT_ZILLIZ_CLOUD;
  o.token = kApiKey;
  o.cloud_cluster_id = kCluster;
  o.db_name = "analytics";
  mj_client* c = nullptr;
  ASSERT_EQ(mj_client_new(&c, &o, nullptr), MJ_OK);
  Client scripted(c);

  Import in;
  in.files = {"s3://bucket/a/", "s3://bucket/b.parquet"};
  in.access_key = kAccessKey;
  in.secret_key = kSecretKey;
  in.options = {{"timeout", "300s"}};
  EXPECT_EQ(bulk_import(in, scripted.get()), "job-1") << message();
  describe("job-1", scripted.get());
  EXPECT_EQ(status, MJ_OK) << message();
  page(25, 3, scripted.get(), "books");
  EXPECT_EQ(status, MJ_OK) << message();

  const auto requests = peer.requests();
  ASSERT_EQ(requests.size(), 3u);
  const auto body = [](const std::string& r) { return r.substr(r.find("\r\n\r\n") + 4); };
  EXPECT_TRUE(contains(requests[0], "POST /v2/vectordb/jobs/import/create ")) << requests[0];
  EXPECT_TRUE(contains(requests[0], std::string("Authorization: Bearer ") + kApiKey));
  EXPECT_EQ(body(requests[0]),
            std::string(R"({"accessKey":")") + kAccessKey + R"(","clusterId":")" + kCluster +
                R"(","collectionName":"quick_setup","dbName":"analytics","objectUrls":[["s3://bucket/a/"],)"
                R"(["s3://bucket/b.parquet"]],"options":{"timeout":"300s"},"secretKey":")" +
                kSecretKey + R"("})");
  EXPECT_TRUE(contains(requests[1], "POST /v2/vectordb/jobs/import/describe "));
  EXPECT_EQ(body(requests[1]), std::string(R"({"clusterId":")") + kCluster + R"(","jobId":"job-1"})");
  EXPECT_TRUE(contains(requests[2], "POST /v2/vectordb/jobs/import/list "));
  EXPECT_EQ(body(requests[2]), std::string(R"({"clusterId":")") + kCluster +
                                   R"(","collectionName":"books","currentPage":3,"dbName":"analytics","pageSize":25})");
}

TEST_F(Cloud, PagesWalkThreeAndMorePagesAndListCollectsAll) {
  constexpr int kJobs = 205;  // three pages of 100 for mj_list_import_jobs
  std::set<std::string> created;
  for (int i = 0; i < kJobs; ++i) {
    created.insert(bulk_import({{"s3://bucket/books/part1.json"}}));
    ASSERT_EQ(status, MJ_OK) << message();
  }
  bulk_import({{"s3://bucket/books/part1.json"}}, cloud_client({kOtherCluster}).get());
  ASSERT_EQ(status, MJ_OK) << "a job of another cluster, never listed here";

  // Walk pages of 50: 5 pages, the last one short.
  std::set<std::string> walked;
  int64_t number = 1;
  int pages = 0;
  for (;; ++number) {
    ImportList p = page(50, number);
    ASSERT_EQ(status, MJ_OK) << message();
    ++pages;
    EXPECT_EQ(p->total_count, kJobs);
    EXPECT_EQ(p->page_size, 50);
    EXPECT_EQ(p->current_page, number);
    EXPECT_EQ(p->count, number < 5 ? 50u : 5u);
    for (size_t i = 0; i < p->count; ++i) walked.insert(p->items[i]->job_id);
    if (p->current_page * p->page_size >= p->total_count) break;
  }
  EXPECT_EQ(pages, 5);
  EXPECT_EQ(walked, created);

  ImportList beyond = page(50, 6);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(beyond->count, 0u);
  EXPECT_EQ(beyond->total_count, kJobs);

  ImportList defaults = page(0, 0);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(defaults->page_size, 10);
  EXPECT_EQ(defaults->current_page, 1);
  EXPECT_EQ(defaults->count, 10u);

  ImportList all = list_all();
  ASSERT_EQ(status, MJ_OK) << message();
  ASSERT_EQ(all->count, static_cast<size_t>(kJobs)) << "three pages of 100, 100 and 5";
  EXPECT_EQ(all->total_count, kJobs);
  std::set<std::string> listed;
  for (size_t i = 0; i < all->count; ++i) listed.insert(all->items[i]->job_id);
  EXPECT_EQ(listed, created);

  ImportList books = list_all(nullptr, "books");
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(books->count, 0u);

  page(101, 1);
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(mj_error_http_status(error.get()), 0) << "refused before sending";
  page(10, -1);
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT);
}

TEST_F(Cloud, TwoPhaseImportCommits) {
  Import in;
  in.files = {"s3://bucket/books/part1.json"};
  in.options = {{"auto_commit", "false"}};
  const std::string id = bulk_import(in);
  ASSERT_EQ(status, MJ_OK) << message();
  ImportJob job = wait(id, nullptr, MJ_IMPORT_STATE_UNCOMMITTED);
  ASSERT_EQ(status, MJ_OK) << message();
  ASSERT_EQ(job->state, MJ_IMPORT_STATE_UNCOMMITTED);
  mj_error* e = nullptr;
  ASSERT_EQ(mj_commit_import(client.get(), id.c_str(), nullptr, &e), MJ_OK) << mj_error_message(e);
  job = wait(id);
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_COMPLETED);
  EXPECT_EQ(mj_abort_import(client.get(), id.c_str(), nullptr, &e), MJ_EINVALID_ARGUMENT);
  mj_error_free(e);
}

TEST_F(Cloud, WaitAndWatcherFollowCloudJobsInBothShapes) {
  Client legacy = cloud_client({kLegacyCluster});
  const std::string current_id = bulk_import({{"s3://bucket/books/part1.json"}});
  ASSERT_EQ(status, MJ_OK) << message();
  const std::string legacy_id = bulk_import({{"s3://bucket/books/part2.csv"}}, legacy.get());
  ASSERT_EQ(status, MJ_OK) << message();

  mj_import_job* waited = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_wait_import(&waited, legacy.get(), legacy_id.c_str(), nullptr, nullptr, nullptr, &e), MJ_OK)
      << mj_error_message(e);
  ImportJob job(waited);
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_COMPLETED);
  EXPECT_EQ(job->progress, 100);

  mj_watcher* w = nullptr;
  ASSERT_EQ(mj_watcher_new(&w, client.get(), nullptr, &e), MJ_OK) << mj_error_message(e);
  std::unique_ptr<mj_watcher, void (*)(mj_watcher*)> watcher(w, mj_watcher_free);
  ASSERT_EQ(mj_watcher_add_import(w, current_id.c_str(), nullptr), MJ_OK);
  ASSERT_EQ(mj_watcher_add_import(w, "job-0000000000000000000abc", nullptr), MJ_OK);
  struct Seen {
    int32_t last_state = -1;
    int32_t unknown_status = MJ_OK;
    int done = 0;
  } seen;
  const auto on_event = [](const mj_watch_event* ev, void* user) {
    auto* s = static_cast<Seen*>(user);
    if (ev->import_job) s->last_state = ev->import_job->state;
    if (ev->status != MJ_OK) s->unknown_status = ev->status;
    s->done += ev->done;
  };
  ASSERT_EQ(mj_watcher_run(w, 20000, on_event, &seen, &e), MJ_OK) << mj_error_message(e);
  EXPECT_EQ(seen.last_state, MJ_IMPORT_STATE_COMPLETED);
  EXPECT_EQ(seen.unknown_status, MJ_ENOT_FOUND) << "90144 for an id the cluster does not know";
  EXPECT_EQ(seen.done, 2);
}

TEST_F(Cloud, RefreshIsUnsupportedForAClusterClient) {
  mj_refresh_request r = MJ_REFRESH_REQUEST_INIT;
  r.collection_name = "books";
  int64_t id = 0;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_refresh_external_collection(&id, client.get(), &r, nullptr, &e), MJ_EUNSUPPORTED);
  Error err(e);
  EXPECT_EQ(mj_error_http_status(err.get()), 0);
  EXPECT_TRUE(contains(mj_error_message(err.get()), "project endpoint")) << mj_error_message(err.get());
  EXPECT_EQ(mj_error_hint(err.get()), MJ_HINT_SET_CLOUD_PROJECT);
  mj_refresh_job* job = nullptr;
  e = nullptr;
  EXPECT_EQ(mj_get_refresh_external_collection_progress(&job, client.get(), 1, nullptr, &e), MJ_EUNSUPPORTED);
  mj_error_free(e);
  mj_refresh_job_list* list = nullptr;
  EXPECT_EQ(mj_list_refresh_external_collection_jobs(&list, client.get(), nullptr, nullptr, nullptr), MJ_EUNSUPPORTED);
}

TEST_F(Cloud, BadCloudArgumentsAreRefusedBeforeSending) {
  // Targets.
  EXPECT_FALSE(cloud_client({kCluster, kProject, kRegion}));
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT);
  EXPECT_FALSE(cloud_client({nullptr, kProject, nullptr}));
  EXPECT_TRUE(contains(message(), "cloud_region_id")) << message();
  EXPECT_FALSE(cloud_client({nullptr, nullptr, kRegion}));
  EXPECT_FALSE(cloud_client({}));
  EXPECT_TRUE(contains(message(), "cloud_cluster_id")) << message();
  EXPECT_FALSE(cloud_client({kCluster}, nullptr));
  EXPECT_TRUE(contains(message(), "API key")) << message();

  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.deployment = MJ_DEPLOYMENT_ZILLIZ_CLOUD;
  o.token = kApiKey;
  o.cloud_cluster_id = kCluster;
  mj_client* c = nullptr;
  EXPECT_EQ(mj_client_new(&c, &o, nullptr), MJ_OK) << "uri NULL means MJ_ZILLIZ_CLOUD_URI";
  mj_client_free(c);
  o.deployment = 7;
  c = nullptr;
  EXPECT_EQ(mj_client_new(&c, &o, nullptr), MJ_EINVALID_ARGUMENT);
  o.deployment = MJ_DEPLOYMENT_MILVUS;
  const std::string uri = server->uri();
  o.uri = uri.c_str();
  EXPECT_EQ(mj_client_new(&c, &o, nullptr), MJ_EINVALID_ARGUMENT) << "a cluster id on a Milvus client";

  // Import requests.
  const auto refused = [&](const Import& in, const char* needle) {
    bulk_import(in);
    EXPECT_EQ(status, MJ_EINVALID_ARGUMENT) << needle;
    EXPECT_EQ(mj_error_http_status(error.get()), 0) << needle;
    EXPECT_EQ(mj_error_attempts(error.get()), 0) << needle;
    EXPECT_TRUE(contains(message(), needle)) << message();
  };
  Import in;
  in.files = {"bucket/books/part1.json"};
  refused(in, "not an object URL");
  in.files = {"s3://bucket/books/part1.json"};
  in.secret_key = kSecretKey;
  refused(in, "without access_key");
  in.secret_key = nullptr;
  in.session_token = "tok";
  refused(in, "session_token");
  in.session_token = nullptr;
  in.volume = "vol1";
  refused(in, "paths inside the volume");
  in.files = {"x/rows.json"};
  in.access_key = kAccessKey;
  in.secret_key = kSecretKey;
  refused(in, "not to a Zilliz Cloud volume");

  // Cloud fields on a Milvus client.
  DevServerOptions mo;
  mo.data_dir = dir.path() + "/data";
  mo.config_file = dir.path() + "/config.json";
  DevServer milvus(mo);
  Client m = make_client(milvus.uri());
  Import v;
  v.files = {"bucket/books/part1.json"};
  v.volume = "vol1";
  bulk_import(v, m.get());
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT);
  EXPECT_TRUE(contains(message(), "for Zilliz Cloud")) << message();
}

TEST_F(Cloud, MilvusListPageHoldsEveryJobOnPageOne) {
  DevServerOptions mo;
  mo.data_dir = dir.path() + "/data";
  mo.config_file = dir.path() + "/config.json";
  DevServer milvus(mo);
  Client m = make_client(milvus.uri());
  for (int i = 0; i < 3; ++i) {
    bulk_import({{"bucket/books/part1.json"}}, m.get());
    ASSERT_EQ(status, MJ_OK) << message();
  }
  ImportList first = page(2, 1, m.get());
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(first->count, 3u) << "Milvus does not page";
  EXPECT_EQ(first->total_count, 3);
  EXPECT_EQ(first->page_size, 3);
  EXPECT_EQ(first->current_page, 1);
  ImportList second = page(2, 2, m.get());
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(second->count, 0u);
  EXPECT_EQ(second->total_count, 3);
}

}  // namespace
