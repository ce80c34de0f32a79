// The Zilliz Cloud codec (docs/protocol.md, "Zilliz Cloud"): request bodies, both
// answer shapes, paging fields, and the control plane's error codes. Fixtures
// in tests/data/wire/cloud.
#include <gtest/gtest.h>

#include <string>

#include "protocol/cloud_codec.hpp"
#include "protocol/reply_error.hpp"
#include "test_support.hpp"

namespace mj::protocol {
namespace {

using test::error_of;
using test::wire;

Reply cloud_reply(Route route, const std::string& body, int status = 200) {
  return Reply{route, status, body, &cloud_errors()};
}

CloudTarget cluster() { return CloudTarget{"inxx-xxxxxxxxxxxxxxx", "", ""}; }

TEST(CloudEncode, CreateBodyCarriesTargetUrlsCredentialsAndOptions) {
  ImportRequest r;
  r.db_name = "db1";
  r.collection_name = "my_collection";
  r.partition_name = "p1";
  r.files = {{"s3://bucket/f1/1.parquet"}, {"s3://bucket/f3/"}};
  r.access_key = "AK";
  r.secret_key = "SK";
  r.session_token = "STS-session-token";
  EXPECT_EQ(encode_cloud_import_create(r, cluster()), wire("cloud/create_request.json"));
}

TEST(CloudEncode, CreateWithAVolumeSendsDataPathsAndNoCredentials) {
  ImportRequest r;
  r.collection_name = "c";
  r.files = {{"a/1.parquet"}};
  r.volume_name = "vol";
  r.options = {{"timeout", "300s"}};
  EXPECT_EQ(encode_cloud_import_create(r, CloudTarget{"", "proj-1", "aws-us-west-2"}),
            R"({"collectionName":"c","dataPaths":[["a/1.parquet"]],"options":{"timeout":"300s"},)"
            R"("projectId":"proj-1","regionId":"aws-us-west-2","volumeName":"vol"})");
}

TEST(CloudEncode, DescribeAndListBodies) {
  EXPECT_EQ(encode_cloud_job_id("job-1", cluster()), R"({"clusterId":"inxx-xxxxxxxxxxxxxxx","jobId":"job-1"})");
  EXPECT_EQ(encode_cloud_list(CloudTarget{"", "proj-1", "gcp-us-west1"}, "", "", 10, 1),
            R"({"currentPage":1,"pageSize":10,"projectId":"proj-1","regionId":"gcp-us-west1"})");
  EXPECT_EQ(encode_cloud_list(cluster(), "db", "books", 100, 3),
            R"({"clusterId":"inxx-xxxxxxxxxxxxxxx","collectionName":"books","currentPage":3,"dbName":"db",)"
            R"("pageSize":100})");
}

TEST(CloudDecode, CurrentShapeWith64BitSizesAndRows) {
  const std::string body = wire("cloud/describe.json");
  const ImportJob job = decode_cloud_import_job(cloud_reply(Route::import_describe, body));
  EXPECT_EQ(job.job_id, "job-0123456789abcdefghijkl");
  EXPECT_EQ(job.collection_name, "medium_articles");
  EXPECT_EQ(job.file_name, "s3://bucket/medium_articles_2020_dpr.json");
  EXPECT_EQ(job.file_size, 6442450944);
  EXPECT_EQ(job.total_rows, 5000000000);
  EXPECT_EQ(job.imported_rows, 2100000000);
  EXPECT_EQ(job.state, ImportState::importing);
  EXPECT_EQ(job.state_name, "Importing");
  EXPECT_EQ(job.progress, 42);
  EXPECT_EQ(job.reason, "");
  EXPECT_EQ(job.complete_time_ms, 0);
  ASSERT_EQ(job.details.size(), 2u);
  EXPECT_EQ(job.details[0].state, ImportFileState::in_progress) << "cloud files use the job-level names";
  EXPECT_EQ(job.details[0].file_size, 6442450944);
  EXPECT_EQ(job.details[1].state, ImportFileState::completed);
  EXPECT_EQ(job.details[1].complete_time_ms, 1711952273000);
}

TEST(CloudDecode, OlderShapeReadyPercentageBecomesProgressAndStateIsDerived) {
  const std::string body = wire("cloud/describe_legacy.json");
  const ImportJob job = decode_cloud_import_job(cloud_reply(Route::import_describe, body));
  EXPECT_EQ(job.progress, 29) << "0.29 -> 29, not 28";
  EXPECT_EQ(job.state, ImportState::importing);
  EXPECT_EQ(job.state_name, "Importing");
  EXPECT_EQ(job.reason, "");
  EXPECT_EQ(job.complete_time, "") << "null";
  EXPECT_EQ(job.file_name, "1af78216-xxxx-xxxx-xxxx-2b0a73c566ed/1.parquet");
  EXPECT_EQ(job.file_size, 19599887);
  ASSERT_EQ(job.details.size(), 1u);
  EXPECT_EQ(job.details[0].progress, 29);
  EXPECT_EQ(job.details[0].state, ImportFileState::in_progress);
}

TEST(CloudDecode, OlderShapeDoneAndFailed) {
  std::string body = wire("cloud/describe_legacy_done.json");
  ImportJob job = decode_cloud_import_job(cloud_reply(Route::import_describe, body));
  EXPECT_EQ(job.progress, 100);
  EXPECT_EQ(job.state, ImportState::completed);
  EXPECT_EQ(job.complete_time_ms, 1711952275000);
  EXPECT_EQ(job.details[0].state, ImportFileState::completed);

  body = wire("cloud/describe_legacy_failed.json");
  job = decode_cloud_import_job(cloud_reply(Route::import_describe, body));
  EXPECT_EQ(job.state, ImportState::failed);
  EXPECT_EQ(job.state_name, "Failed");
  EXPECT_EQ(job.reason, "the schema does not match: field vector missing") << "errorMessage is the reason";
  EXPECT_EQ(job.progress, 50);
  EXPECT_EQ(job.details[0].state, ImportFileState::failed);
  EXPECT_EQ(job.details[0].reason, job.reason);
}

TEST(CloudDecode, AbsentFieldsAreDefaults) {
  const std::string body = wire("cloud/describe_minimal.json");
  const ImportJob job = decode_cloud_import_job(cloud_reply(Route::import_describe, body));
  EXPECT_EQ(job.job_id, "job-3");
  EXPECT_EQ(job.state, ImportState::pending);
  EXPECT_EQ(job.progress, 0);
  EXPECT_EQ(job.file_name, "");
  EXPECT_EQ(job.file_size, 0);
  EXPECT_TRUE(job.details.empty());
}

TEST(CloudDecode, ProgressIsAlwaysAPercentage) {
  const auto progress = [](const std::string& fields) {
    const std::string body = R"({"code":0,"data":{"jobId":"j",)" + fields + "}}";
    return decode_cloud_import_job(cloud_reply(Route::import_describe, body)).progress;
  };
  EXPECT_EQ(progress(R"("progress":0)"), 0);
  EXPECT_EQ(progress(R"("progress":100)"), 100);
  EXPECT_EQ(progress(R"("progress":42.7)"), 42);
  EXPECT_EQ(progress(R"("progress":"57")"), 57);
  EXPECT_EQ(progress(R"("progress":250)"), 100) << "clamped";
  EXPECT_EQ(progress(R"("progress":-3)"), 0) << "clamped";
  EXPECT_EQ(progress(R"("readyPercentage":0)"), 0);
  EXPECT_EQ(progress(R"("readyPercentage":0.999)"), 99) << "not done until 1";
  EXPECT_EQ(progress(R"("readyPercentage":1)"), 100);
  EXPECT_EQ(progress(R"("readyPercentage":0.07)"), 7);
  EXPECT_EQ(progress(R"("readyPercentage":64)"), 64) << "above 1: already a percentage";
  EXPECT_EQ(progress(R"("progress":10,"readyPercentage":0.9)"), 10) << "progress wins";
}

TEST(CloudDecode, WrongTypesAreProtocolErrors) {
  for (const char* fields : {R"("progress":true)", R"("readyPercentage":"0.5")", R"("fileSize":"big")",
                             R"("details":{})", R"("errorMessage":5)", R"("state":1)"}) {
    const std::string body = std::string(R"({"code":0,"data":{"jobId":"j",)") + fields + "}}";
    auto info = error_of([&] { decode_cloud_import_job(cloud_reply(Route::import_describe, body)); });
    ASSERT_TRUE(info) << fields;
    EXPECT_EQ(info->category, Category::protocol) << fields;
  }
}

TEST(CloudDecode, ListPageWithPagingFields) {
  const std::string body = wire("cloud/list.json");
  const ImportJobPage page = decode_cloud_import_list(cloud_reply(Route::import_list, body));
  EXPECT_EQ(page.total_count, 1000);
  EXPECT_EQ(page.current_page, 2);
  EXPECT_EQ(page.page_size, 10);
  ASSERT_EQ(page.jobs.size(), 3u);
  EXPECT_EQ(page.jobs[0].job_id, "448761313698322011");
  EXPECT_EQ(page.jobs[0].state, ImportState::importing);
  EXPECT_EQ(page.jobs[1].state, ImportState::importing) << "InProgress";
  EXPECT_EQ(page.jobs[2].state, ImportState::completed);
  EXPECT_EQ(page.jobs[2].progress, 100) << "a completed record without progress";
  EXPECT_EQ(page.jobs[0].progress, 0) << "cloud records carry no progress";
}

TEST(CloudDecode, OlderListShapeWithTasksAndStringCounts) {
  const std::string body = wire("cloud/list_legacy.json");
  const ImportJobPage page = decode_cloud_import_list(cloud_reply(Route::import_list, body));
  EXPECT_EQ(page.total_count, 3);
  EXPECT_EQ(page.current_page, 1);
  EXPECT_EQ(page.page_size, 10);
  ASSERT_EQ(page.jobs.size(), 3u);
  EXPECT_EQ(page.jobs[0].state, ImportState::importing);
  EXPECT_EQ(page.jobs[0].state_name, "ImportRunning");
  EXPECT_EQ(page.jobs[1].state, ImportState::completed);
  EXPECT_EQ(page.jobs[2].state, ImportState::failed);
}

TEST(CloudDecode, EmptyListAndMalformedPaging) {
  std::string body = R"({"code":0,"data":{}})";
  EXPECT_TRUE(decode_cloud_import_list(cloud_reply(Route::import_list, body)).jobs.empty());
  for (const char* data : {R"({"records":{}})", R"({"count":-1})", R"({"pageSize":"ten"})"}) {
    body = std::string(R"({"code":0,"data":)") + data + "}";
    auto info = error_of([&] { decode_cloud_import_list(cloud_reply(Route::import_list, body)); });
    ASSERT_TRUE(info) << data;
    EXPECT_EQ(info->category, Category::protocol) << data;
  }
}

TEST(CloudStates, NamesOfEveryCloudVersion) {
  EXPECT_EQ(cloud_import_state_from_name("Pending"), ImportState::pending);
  EXPECT_EQ(cloud_import_state_from_name("ImportPending"), ImportState::pending);
  EXPECT_EQ(cloud_import_state_from_name("Importing"), ImportState::importing);
  EXPECT_EQ(cloud_import_state_from_name("InProgress"), ImportState::importing);
  EXPECT_EQ(cloud_import_state_from_name("ImportRunning"), ImportState::importing);
  EXPECT_EQ(cloud_import_state_from_name("Completed"), ImportState::completed);
  EXPECT_EQ(cloud_import_state_from_name("ImportCompleted"), ImportState::completed);
  EXPECT_EQ(cloud_import_state_from_name("Failed"), ImportState::failed);
  EXPECT_EQ(cloud_import_state_from_name("ImportFailed"), ImportState::failed);
  EXPECT_EQ(cloud_import_state_from_name("Uncommitted"), ImportState::uncommitted);
  EXPECT_EQ(cloud_import_state_from_name("Teleporting"), ImportState::unknown);
  EXPECT_EQ(cloud_import_file_state_from_name("Importing"), ImportFileState::in_progress);
  EXPECT_EQ(cloud_import_file_state_from_name("InProgress"), ImportFileState::in_progress);
  EXPECT_EQ(cloud_import_file_state_from_name("Retry"), ImportFileState::retry);
}

struct CloudCodeCase {
  int64_t code;
  Category category;
};

TEST(CloudErrors, ControlPlaneCodesMapToTheSameCategories) {
  const CloudCodeCase cases[] = {
      {21119, Category::unauthenticated},
      {80001, Category::unauthenticated},
      {80002, Category::unauthenticated},
      {80000, Category::invalid_argument},
      {90011, Category::invalid_argument},
      {90103, Category::invalid_argument},
      {90104, Category::invalid_argument},
      {90117, Category::invalid_argument},
      {96005, Category::invalid_argument},
      {96008, Category::invalid_argument},
      {96009, Category::invalid_argument},
      {80020, Category::not_found},
      {90001, Category::not_found},
      {90102, Category::not_found},
      {90144, Category::not_found},
      {40021, Category::not_found},
      {40022, Category::permission_denied},
      {96012, Category::permission_denied},
      {96016, Category::permission_denied},
      {80021, Category::unsupported},
      {80022, Category::unsupported},
      // Milvus codes the control plane passes through keep their Milvus meaning.
      {800, Category::not_found},
      {1100, Category::invalid_argument},
      {65535, Category::server},
      {12345, Category::server},
  };
  for (const auto& c : cases) {
    const std::string body = R"({"code":)" + std::to_string(c.code) + R"(,"message":"text of the server"})";
    auto info = error_of([&] { decode_cloud_import_job(cloud_reply(Route::import_describe, body)); });
    ASSERT_TRUE(info) << c.code;
    EXPECT_EQ(info->category, c.category) << c.code;
    EXPECT_EQ(info->server_code, c.code);
    EXPECT_EQ(info->server_message, "text of the server");
    EXPECT_NE(info->message.find("text of the server"), std::string::npos) << info->message;
  }
}

TEST(CloudErrors, ApiKeyAndClusterExamples) {
  std::string body = wire("cloud/error_21119_api_key.json");
  auto info = error_of([&] { decode_cloud_import_list(cloud_reply(Route::import_list, body)); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::unauthenticated);
  EXPECT_EQ(info->server_message, "The apikey is illegal.");
  EXPECT_NE(info->message.find("Zilliz Cloud API key"), std::string::npos) << info->message;

  body = wire("cloud/error_80020_cluster.json");
  info = error_of([&] { decode_import_created(cloud_reply(Route::import_create, body)); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::not_found);
  EXPECT_FALSE(info->retriable);

  // The same code from a Milvus server is not a cloud code.
  info = error_of([&] { decode_import_created(Reply{Route::import_create, 200, body}); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::server);
}

TEST(CloudErrors, HttpStatusStillDecides) {
  std::string body = R"({"code":80000,"message":"x"})";
  auto info = error_of([&] { decode_cloud_import_job(cloud_reply(Route::import_describe, body, 401)); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::unauthenticated);
  EXPECT_EQ(info->http_status, 401);
  body = "<html>gateway</html>";
  info = error_of([&] { decode_cloud_import_job(cloud_reply(Route::import_describe, body, 404)); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::unsupported);
  EXPECT_NE(info->message.find("Zilliz Cloud"), std::string::npos) << info->message;
  info = error_of([&] { decode_cloud_import_job(cloud_reply(Route::import_describe, body, 503)); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::server);
  EXPECT_TRUE(info->retriable);
}

}  // namespace
}  // namespace mj::protocol
