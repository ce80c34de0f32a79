// External-collection refresh, end to end over HTTP against the dev server.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "world.hpp"

using namespace mjtest;

namespace {
constexpr int64_t kTwoPow53 = 9007199254740992LL;
}

TEST_F(World, RefreshReturnsJobIdAbove2Pow53ThatDescribeEchoesExactly) {
  const int64_t id = refresh("books_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_GT(id, kTwoPow53);
  RefreshJob job = describe_refresh(id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->job_id, id);
  EXPECT_STREQ(job->collection_name, "books_ext");
  EXPECT_GE(job->struct_size, sizeof(mj_refresh_job));
}

TEST_F(World, RefreshCompletesWithFullProgressAndWritesManifestOfDataFiles) {
  const int64_t id = refresh("books_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  RefreshJob job = wait_refresh(id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_REFRESH_STATE_COMPLETED);
  EXPECT_STREQ(job->state_name, "RefreshCompleted");
  EXPECT_EQ(job->progress, 100);
  EXPECT_STREQ(job->reason, "");
  EXPECT_GT(job->start_time_ms, 1600000000000LL);
  EXPECT_GE(job->end_time_ms, job->start_time_ms);
  EXPECT_STREQ(job->external_source, "s3://bucket/books");

  const std::string manifest = "data/.milvus-jobs/manifests/books_ext-" + std::to_string(id) + ".json";
  ASSERT_TRUE(dir.exists(manifest)) << manifest;
  std::ifstream in(dir.path() + "/" + manifest);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("part-0.parquet"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("part-1.parquet"), std::string::npos) << text.str();
  EXPECT_EQ(text.str().find("notes.txt"), std::string::npos) << "a non-parquet file was mapped: " << text.str();
}

TEST_F(World, RefreshWithNewSourceAndSpecUsesAndReportsThem) {
  const int64_t id = refresh("books_ext", "s3://bucket/books_v2", R"({"format":"parquet"})");
  ASSERT_EQ(status, MJ_OK) << message();
  RefreshJob job = wait_refresh(id);
  ASSERT_EQ(job->state, MJ_REFRESH_STATE_COMPLETED) << job->reason;
  EXPECT_STREQ(job->external_source, "s3://bucket/books_v2");
  EXPECT_NE(std::string(job->external_spec).find("parquet"), std::string::npos);
  std::ifstream in(dir.path() + "/data/.milvus-jobs/manifests/books_ext-" + std::to_string(id) + ".json");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("c.parquet"), std::string::npos) << text.str();
}

TEST_F(World, RefreshSpecSecretsComeBackRedacted) {
  const char* spec =
      R"({"format":"parquet","extfs":{"cloud_provider":"aws","region":"us-west-2","access_key_id":"AKIDSECRET","access_key_value":"VALUESECRET"}})";
  const int64_t id = refresh("books_ext", "s3://bucket/books_v2", spec);
  ASSERT_EQ(status, MJ_OK) << message();
  RefreshJob job = describe_refresh(id);
  ASSERT_EQ(status, MJ_OK) << message();
  const std::string returned = job->external_spec;
  EXPECT_EQ(returned.find("AKIDSECRET"), std::string::npos) << returned;
  EXPECT_EQ(returned.find("VALUESECRET"), std::string::npos) << returned;
  EXPECT_NE(returned.find("***"), std::string::npos) << returned;
}

TEST_F(World, RefreshProgressIsObservableInProgressWhenWorkIsSlow) {
  start(/*work_delay_ms=*/150);
  const int64_t id = refresh("books_ext", "s3://bucket/books_v2", R"({"format":"parquet"})");
  ASSERT_EQ(status, MJ_OK) << message();
  bool saw_in_progress = false;
  int64_t last_progress = -1;
  bool monotonic = true;
  RefreshJob job;
  eventually([&] {
    job = describe_refresh(id);
    if (status != MJ_OK) return true;
    if (job->state == MJ_REFRESH_STATE_IN_PROGRESS && job->progress > 0 && job->progress < 100) {
      saw_in_progress = true;
    }
    monotonic = monotonic && job->progress >= last_progress;
    last_progress = job->progress;
    return mj_refresh_state_is_terminal(job->state) != 0;
  });
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_TRUE(saw_in_progress);
  EXPECT_TRUE(monotonic);
  EXPECT_EQ(job->state, MJ_REFRESH_STATE_COMPLETED);
  EXPECT_EQ(job->end_time_ms == 0, false);
}

TEST_F(World, RefreshWhileOneRunsIsDuplicateJobNamingTheRunningId) {
  start(/*work_delay_ms=*/300);
  const int64_t first = refresh("books_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  refresh("books_ext");
  ASSERT_EQ(status, MJ_EDUPLICATE_JOB) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 703);
  EXPECT_EQ(mj_error_http_status(error.get()), 200);
  EXPECT_STREQ(mj_error_job_id(error.get()), std::to_string(first).c_str());
  EXPECT_NE(message().find(std::to_string(first)), std::string::npos) << message();
  EXPECT_EQ(mj_error_is_retriable(error.get()), 0);
}

TEST_F(World, RefreshOfMissingSourceDirectoryFailsWithReason) {
  const int64_t id = refresh("gone_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  RefreshJob job = wait_refresh(id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_REFRESH_STATE_FAILED);
  EXPECT_STREQ(job->state_name, "RefreshFailed");
  EXPECT_STRNE(job->reason, "");
}

TEST_F(World, RefreshOfUnknownCollectionIsNotFoundWithCode100) {
  refresh("no_such_collection");
  ASSERT_EQ(status, MJ_ENOT_FOUND) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 100);
  EXPECT_NE(std::string(mj_error_server_message(error.get())).find("collection not found"), std::string::npos);
  EXPECT_NE(message().find("refresh_external_collection"), std::string::npos) << message();
  EXPECT_STRNE(mj_error_request_id(error.get()), "");
}

TEST_F(World, RefreshOfNonExternalCollectionIsInvalidArgumentWithCode1100) {
  refresh("quick_setup");
  ASSERT_EQ(status, MJ_EINVALID_ARGUMENT) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 1100);
  EXPECT_NE(std::string(mj_error_server_message(error.get())).find("not an external collection"), std::string::npos);
}

TEST_F(World, RefreshWithoutPersistedSourceIsInvalidArgument) {
  refresh("lonely_ext");
  ASSERT_EQ(status, MJ_EINVALID_ARGUMENT) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 1100);
}

TEST_F(World, RefreshSourceTheServerRejectsIsInvalidArgument) {
  // Well formed for the client, but not a scheme Milvus accepts.
  refresh("books_ext", "ftp://bucket/books", R"({"format":"parquet"})");
  ASSERT_EQ(status, MJ_EINVALID_ARGUMENT) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 1100);
}

TEST_F(World, RefreshInUnknownDatabaseIsNotFoundWithCode800) {
  Client other = make_client(server->uri(), "", "no_such_db");
  refresh("books_ext", nullptr, nullptr, other.get());
  ASSERT_EQ(status, MJ_ENOT_FOUND) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 800);
}

TEST_F(World, DescribeOfUnknownRefreshJobIsNotFound) {
  describe_refresh(kTwoPow53 + 1);
  ASSERT_EQ(status, MJ_ENOT_FOUND) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 1100);
  EXPECT_NE(std::string(mj_error_server_message(error.get())).find(std::to_string(kTwoPow53 + 1)), std::string::npos)
      << "the id must reach the server exactly: " << mj_error_server_message(error.get());
}

TEST_F(World, ListRefreshJobsFiltersByCollectionAndReturnsNewestFirst) {
  const int64_t a = refresh("books_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  wait_refresh(a);
  const int64_t b = refresh("books_ext", "s3://bucket/books_v2", R"({"format":"parquet"})");
  ASSERT_EQ(status, MJ_OK) << message();
  wait_refresh(b);
  const int64_t c = refresh("gone_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  wait_refresh(c);

  mj_refresh_job_list* raw = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_list_refresh_external_collection_jobs(&raw, client.get(), "books_ext", nullptr, &e), MJ_OK)
      << mj_error_message(e);
  RefreshList list(raw);
  ASSERT_EQ(list->count, 2u);
  EXPECT_EQ(list->items[0]->job_id, b);
  EXPECT_EQ(list->items[1]->job_id, a);
  EXPECT_EQ(list->items[0]->state, MJ_REFRESH_STATE_COMPLETED);

  ASSERT_EQ(mj_list_refresh_external_collection_jobs(&raw, client.get(), nullptr, nullptr, &e), MJ_OK);
  RefreshList all(raw);
  EXPECT_EQ(all->count, 3u);
}

TEST_F(World, ListRefreshJobsOfUnknownCollectionIsNotFound) {
  mj_refresh_job_list* raw = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_list_refresh_external_collection_jobs(&raw, client.get(), "nope", nullptr, &e), MJ_ENOT_FOUND);
  EXPECT_EQ(raw, nullptr);
  EXPECT_EQ(mj_error_server_code(e), 100);
  mj_error_free(e);
}
