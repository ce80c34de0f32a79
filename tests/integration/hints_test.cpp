// The common errors every binding shows as they are: their messages name no C
// symbol or struct field, and carry a stable mj_hint code so a binding can add
// advice in its own option names. The running refresh job's id is an int64.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "world.hpp"

using namespace mjtest;

namespace {

// What a Python, Node, Go or Rust user must never read in a message.
void expect_no_c_names(const std::string& message) {
  for (const char* c_name : {"mj_", "_ms", "mj_client_options", "mj_call_options", "mj_wait_options", "struct"}) {
    EXPECT_EQ(message.find(c_name), std::string::npos) << "\"" << c_name << "\" in: " << message;
  }
}

}  // namespace

TEST(Hints, MissingUriSaysSetTheUri) {
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  mj_client* c = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_client_new(&c, &o, &e), MJ_EINVALID_ARGUMENT);
  Error error(e);
  EXPECT_EQ(mj_error_hint(e), MJ_HINT_SET_URI);
  EXPECT_NE(std::string(mj_error_message(e)).find("uri is required"), std::string::npos) << mj_error_message(e);
  expect_no_c_names(mj_error_message(e));

  o.uri = "127.0.0.1:19530";
  ASSERT_EQ(mj_client_new(&c, &o, &e), MJ_EINVALID_ARGUMENT);
  Error second(e);
  EXPECT_EQ(mj_error_hint(e), MJ_HINT_SET_URI);
  expect_no_c_names(mj_error_message(e));
}

TEST(Hints, CloudWithoutApiKeySaysSetTheToken) {
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.deployment = MJ_DEPLOYMENT_ZILLIZ_CLOUD;
  o.cloud_cluster_id = "in01-0123456789abcdef";
  mj_client* c = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_client_new(&c, &o, &e), MJ_EINVALID_ARGUMENT);
  Error error(e);
  EXPECT_EQ(mj_error_hint(e), MJ_HINT_SET_TOKEN);
  expect_no_c_names(mj_error_message(e));
}

TEST_F(World, BadTokenSaysSetTheToken) {
  start(0, /*token=*/"root:Milvus");
  Client wrong = make_client(server->uri(), "root:wrong");
  refresh("books_ext", nullptr, nullptr, wrong.get());
  ASSERT_EQ(status, MJ_EUNAUTHENTICATED) << message();
  EXPECT_EQ(mj_error_hint(error.get()), MJ_HINT_SET_TOKEN);
  EXPECT_NE(message().find("set the token"), std::string::npos) << message();
  expect_no_c_names(message());
}

TEST_F(World, DuplicateRefreshCarriesTheRunningJobAsAnInteger) {
  start(/*work_delay_ms=*/300);
  const int64_t first = refresh("books_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  refresh("books_ext");
  ASSERT_EQ(status, MJ_EDUPLICATE_JOB) << message();
  EXPECT_EQ(mj_error_job_id_int64(error.get()), first);
  EXPECT_EQ(mj_error_hint(error.get()), MJ_HINT_POLL_RUNNING_JOB);
  expect_no_c_names(message());
  // The id is the one every refresh call takes.
  const RefreshJob job = describe_refresh(mj_error_job_id_int64(error.get()));
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->job_id, first);
}

TEST_F(World, ErrorsNamingNoJobHaveJobNumberZero) {
  describe_import("999999999");
  ASSERT_EQ(status, MJ_ENOT_FOUND) << message();
  EXPECT_EQ(mj_error_job_id_int64(error.get()), 0);
  EXPECT_EQ(mj_error_hint(error.get()), MJ_HINT_NONE);
  EXPECT_EQ(mj_error_job_id_int64(nullptr), 0);
  EXPECT_EQ(mj_error_hint(nullptr), MJ_HINT_NONE);
}

TEST(Hints, TimeoutSaysRaiseTheTimeout) {
  SilentServer silent;
  Client client = make_client(silent.uri());
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.timeout_ms = 200;
  mj_import_job* job = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_get_import_progress(&job, client.get(), "1", &call, &e), MJ_ETIMEOUT);
  Error error(e);
  EXPECT_EQ(mj_error_hint(e), MJ_HINT_RAISE_TIMEOUT);
  EXPECT_NE(std::string(mj_error_message(e)).find("raise the request timeout"), std::string::npos)
      << mj_error_message(e);
  expect_no_c_names(mj_error_message(e));
}

TEST_F(World, TooLargeAnswerSaysRaiseTheLimit) {
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  const std::string uri = server->uri();
  o.uri = uri.c_str();
  o.max_response_bytes = 100;
  o.max_list_response_bytes = 100;
  mj_client* raw = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_client_new(&raw, &o, &e), MJ_OK) << mj_error_message(e);
  Client small(raw);
  const std::string id = bulk_import("quick_setup", {"import/rows.json"});
  ASSERT_EQ(status, MJ_OK) << message();

  mj_import_job* job = nullptr;
  ASSERT_EQ(mj_get_import_progress(&job, small.get(), id.c_str(), nullptr, &e), MJ_EPROTOCOL);
  Error describe(e);
  EXPECT_EQ(mj_error_hint(e), MJ_HINT_RAISE_MAX_RESPONSE_BYTES);
  EXPECT_EQ(std::string(mj_error_message(e)).find("mj_"), std::string::npos) << mj_error_message(e);

  mj_import_job_list* list = nullptr;
  ASSERT_EQ(mj_list_import_jobs(&list, small.get(), "quick_setup", nullptr, &e), MJ_EPROTOCOL);
  Error listed(e);
  EXPECT_EQ(mj_error_hint(e), MJ_HINT_RAISE_MAX_LIST_RESPONSE_BYTES);
  EXPECT_EQ(std::string(mj_error_message(e)).find("mj_"), std::string::npos) << mj_error_message(e);
}

TEST_F(World, WaitTimeoutSaysRaiseTheWaitTimeout) {
  start(/*work_delay_ms=*/2000);
  const std::string id = bulk_import("quick_setup", {"import/rows.json"});
  ASSERT_EQ(status, MJ_OK) << message();
  mj_wait_options w = MJ_WAIT_OPTIONS_INIT;
  w.timeout_ms = 150;
  mj_import_job* job = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_wait_import(&job, client.get(), id.c_str(), &w, nullptr, nullptr, &e), MJ_ETIMEOUT);
  Error error(e);
  mj_import_job_free(job);
  EXPECT_EQ(mj_error_hint(e), MJ_HINT_RAISE_WAIT_TIMEOUT);
  expect_no_c_names(mj_error_message(e));
}
