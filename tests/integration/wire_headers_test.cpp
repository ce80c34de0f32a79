// What the library puts on the wire, seen by a scripted loopback HTTP peer:
// route, method, headers, and the exact JSON body; and how it reads answers
// the dev server never gives (legacy code 200, partition-not-found code 200).
#include <gtest/gtest.h>

#include "support.hpp"

using namespace mjtest;

namespace {

bool has_line(const std::string& request, const std::string& line) {
  return request.find("\r\n" + line + "\r\n") != std::string::npos;
}

std::string body_of(const std::string& request) { return request.substr(request.find("\r\n\r\n") + 4); }

}  // namespace

TEST(WireHeaders, DescribeSendsTokenDatabaseAgentExtraHeadersAndExactId) {
  ScriptedServer peer(200, R"({"code":0,"data":{"jobId":9007199254740993,"state":"RefreshPending"}})");
  const std::string uri = peer.uri();
  const char* extra[] = {"X-Team: search", "X-Trace: abc-123"};
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = uri.c_str();
  o.token = "root:Milvus";
  o.db_name = "analytics";
  o.user_agent = "my-pipeline/2.1";
  o.extra_headers = extra;
  o.extra_header_count = 2;
  mj_client* raw = nullptr;
  ASSERT_EQ(mj_client_new(&raw, &o, nullptr), MJ_OK);
  Client client(raw);

  mj_refresh_job* job = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_get_refresh_external_collection_progress(&job, client.get(), 9007199254740993LL, nullptr, &e), MJ_OK)
      << mj_error_message(e);
  EXPECT_EQ(job->job_id, 9007199254740993LL);
  EXPECT_EQ(job->state, MJ_REFRESH_STATE_PENDING);
  mj_refresh_job_free(job);

  const auto requests = peer.requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string& r = requests[0];
  EXPECT_EQ(r.rfind("POST /v2/vectordb/jobs/external_collection/describe HTTP/1.1\r\n", 0), 0u) << r;
  EXPECT_TRUE(has_line(r, "Authorization: Bearer root:Milvus")) << r;
  EXPECT_TRUE(has_line(r, "DB-Name: analytics")) << r;
  EXPECT_TRUE(has_line(r, "User-Agent: my-pipeline/2.1")) << r;
  EXPECT_TRUE(has_line(r, "X-Team: search")) << r;
  EXPECT_TRUE(has_line(r, "X-Trace: abc-123")) << r;
  EXPECT_TRUE(has_line(r, "Content-Type: application/json")) << r;
  EXPECT_TRUE(has_line(r, "Accept: application/json")) << r;
  EXPECT_TRUE(has_line(r, "Request-Timeout: 30")) << r;
  EXPECT_NE(r.find("\r\nX-Request-Id: mj-"), std::string::npos) << r;
  EXPECT_EQ(r.find("Expect:"), std::string::npos) << r;
  EXPECT_EQ(body_of(r), R"({"jobId":9007199254740993})");
}

TEST(WireHeaders, ImportBodiesCarryDatabaseGroupsAndStringOptions) {
  ScriptedServer peer(200, R"({"code":0,"data":{"jobId":"448761313698322011"}})");
  Client client = make_client(peer.uri(), "", "default");
  const char* files[] = {"a/1.parquet", "n/id.npy", "n/vector.npy"};
  const size_t groups[] = {1, 2};
  const char* keys[] = {"timeout", "auto_commit"};
  const char* values[] = {"300s", "false"};
  mj_import_request r = MJ_IMPORT_REQUEST_INIT;
  r.collection_name = "my_collection";
  r.partition_name = "p1";
  r.files = files;
  r.file_count = 3;
  r.group_sizes = groups;
  r.group_count = 2;
  r.option_keys = keys;
  r.option_values = values;
  r.option_count = 2;
  char* id = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_bulk_import(&id, client.get(), &r, nullptr, &e), MJ_OK) << mj_error_message(e);
  EXPECT_STREQ(id, "448761313698322011");
  mj_free(id);
  const auto requests = peer.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].rfind("POST /v2/vectordb/jobs/import/create ", 0), 0u);
  EXPECT_TRUE(has_line(requests[0], "DB-Name: default"));
  EXPECT_EQ(
      body_of(requests[0]),
      R"({"collectionName":"my_collection","dbName":"default","files":[["a/1.parquet"],["n/id.npy","n/vector.npy"]],)"
      R"("options":{"auto_commit":"false","timeout":"300s"},"partitionName":"p1"})");
}

TEST(WireHeaders, ImportDescribeSendsJobIdAsStringAndDatabaseAsHeaderOnly) {
  ScriptedServer peer(200, R"({"code":0,"data":{"jobId":"42","state":"Pending","details":[]}})");
  Client client = make_client(peer.uri(), "", "analytics");
  mj_import_job* job = nullptr;
  ASSERT_EQ(mj_get_import_progress(&job, client.get(), "42", nullptr, nullptr), MJ_OK);
  mj_import_job_free(job);
  const auto requests = peer.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_TRUE(has_line(requests[0], "DB-Name: analytics"));
  EXPECT_EQ(body_of(requests[0]), R"({"jobId":"42"})");
}

TEST(WireHeaders, NoTokenMeansNoAuthorizationHeader) {
  ScriptedServer peer(200, R"({"code":0,"data":{"records":[]}})");
  Client client = make_client(peer.uri());
  mj_import_job_list* list = nullptr;
  ASSERT_EQ(mj_list_import_jobs(&list, client.get(), nullptr, nullptr, nullptr), MJ_OK);
  EXPECT_EQ(list->count, 0u);
  mj_import_job_list_free(list);
  const auto requests = peer.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].find("Authorization:"), std::string::npos);
  EXPECT_EQ(requests[0].find("DB-Name:"), std::string::npos);
  EXPECT_EQ(body_of(requests[0]), "{}");
}

TEST(WireHeaders, LegacyCode200WithDataIsSuccess) {
  ScriptedServer peer(200, R"({"code":200,"data":{"jobId":"7"}})");
  Client client = make_client(peer.uri());
  const char* files[] = {"a.json"};
  mj_import_request r = MJ_IMPORT_REQUEST_INIT;
  r.collection_name = "c";
  r.files = files;
  r.file_count = 1;
  char* id = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_bulk_import(&id, client.get(), &r, nullptr, &e), MJ_OK) << mj_error_message(e);
  EXPECT_STREQ(id, "7");
  mj_free(id);
}

TEST(WireHeaders, Code200WithMessageIsPartitionNotFound) {
  ScriptedServer peer(200, R"({"code":200,"message":"partition not found[partition=p9]"})");
  Client client = make_client(peer.uri());
  const char* files[] = {"a.json"};
  mj_import_request r = MJ_IMPORT_REQUEST_INIT;
  r.collection_name = "c";
  r.partition_name = "p9";
  r.files = files;
  r.file_count = 1;
  char* id = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_bulk_import(&id, client.get(), &r, nullptr, &e), MJ_ENOT_FOUND);
  EXPECT_EQ(id, nullptr);
  EXPECT_EQ(mj_error_server_code(e), 200);
  EXPECT_STREQ(mj_error_server_message(e), "partition not found[partition=p9]");
  mj_error_free(e);
}

TEST(WireHeaders, HttpErrorWithTextBodyIsServerErrorWithStatus) {
  ScriptedServer peer(503, "upstream unavailable");
  Client client = make_client(peer.uri());
  mj_import_job* job = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_get_import_progress(&job, client.get(), "1", nullptr, &e), MJ_ESERVER);
  EXPECT_EQ(mj_error_http_status(e), 503);
  EXPECT_EQ(mj_error_is_retriable(e), 1);
  EXPECT_NE(std::string(mj_error_message(e)).find("upstream unavailable"), std::string::npos) << mj_error_message(e);
  // A 503 on a read is retried (default: 4 attempts), every attempt with the call's request id.
  EXPECT_EQ(mj_error_attempts(e), 4);
  const auto requests = peer.requests();
  ASSERT_EQ(requests.size(), 4u);
  for (const auto& request : requests) {
    const size_t at = request.find("X-Request-Id: ");
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(request.substr(at + 14, request.find("\r\n", at) - at - 14), mj_error_request_id(e));
  }
  mj_error_free(e);
}
