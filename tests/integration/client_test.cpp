// Client-wide behaviour over real HTTP: authentication, unsupported servers,
// arguments refused before sending, deadlines, cancellation, many threads on
// one client, connection reuse, dev server restarts.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "world.hpp"

using namespace mjtest;
using Clock = std::chrono::steady_clock;

namespace {

int64_t elapsed_ms(Clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count();
}

}  // namespace

TEST_F(World, WrongOrMissingTokenIsUnauthenticatedWith401And1800) {
  start(0, /*token=*/"root:Milvus");
  Client anonymous = make_client(server->uri());
  refresh("books_ext", nullptr, nullptr, anonymous.get());
  ASSERT_EQ(status, MJ_EUNAUTHENTICATED) << message();
  EXPECT_EQ(mj_error_http_status(error.get()), 401);
  EXPECT_EQ(mj_error_server_code(error.get()), 1800);
  EXPECT_NE(message().find("token"), std::string::npos) << message();

  Client wrong = make_client(server->uri(), "root:wrong-secret");
  refresh("books_ext", nullptr, nullptr, wrong.get());
  ASSERT_EQ(status, MJ_EUNAUTHENTICATED);
  EXPECT_EQ(message().find("wrong-secret"), std::string::npos) << "the token leaked into: " << message();

  refresh("books_ext");  // the fixture's client carries the right token
  EXPECT_EQ(status, MJ_OK) << message();
}

TEST_F(World, RefreshRouteAnswering404SaysTheServerNeedsMilvus3) {
  // A path prefix the dev server does not serve stands in for a Milvus 2.x,
  // whose router answers 404 on the refresh routes.
  Client old = make_client(server->uri() + "/milvus-2.6");
  refresh("books_ext", nullptr, nullptr, old.get());
  ASSERT_EQ(status, MJ_EUNSUPPORTED) << message();
  EXPECT_EQ(mj_error_http_status(error.get()), 404);
  EXPECT_NE(message().find("does not support external collection refresh (needs Milvus >= 3.0)"), std::string::npos)
      << message();
}

TEST(ClientArguments, BadArgumentsAreRefusedWithoutTouchingTheNetwork) {
  // Port 1 on loopback has no server: any request sent would be MJ_ETRANSPORT.
  Client client = make_client("http://127.0.0.1:1");
  mj_error* e = nullptr;
  int64_t id = 0;
  auto expect_invalid = [&](mj_status s, const char* what) {
    EXPECT_EQ(s, MJ_EINVALID_ARGUMENT) << what << ": " << mj_error_message(e);
    EXPECT_EQ(mj_error_http_status(e), 0) << what;
    EXPECT_STRNE(mj_error_message(e), "") << what;
    mj_error_free(e);
    e = nullptr;
  };
  mj_refresh_request r = MJ_REFRESH_REQUEST_INIT;
  expect_invalid(mj_refresh_external_collection(&id, client.get(), nullptr, nullptr, &e), "NULL request");
  expect_invalid(mj_refresh_external_collection(&id, client.get(), &r, nullptr, &e), "NULL collection");
  r.collection_name = "";
  expect_invalid(mj_refresh_external_collection(&id, client.get(), &r, nullptr, &e), "empty collection");
  r.collection_name = "books_ext";
  expect_invalid(mj_refresh_external_collection(nullptr, client.get(), &r, nullptr, &e), "NULL out");
  expect_invalid(mj_refresh_external_collection(&id, nullptr, &r, nullptr, &e), "NULL client");
  r.external_source = "s3://bucket/x";
  expect_invalid(mj_refresh_external_collection(&id, client.get(), &r, nullptr, &e), "source without spec");
  r.external_source = nullptr;
  r.external_spec = R"({"format":"parquet"})";
  expect_invalid(mj_refresh_external_collection(&id, client.get(), &r, nullptr, &e), "spec without source");
  r.external_source = "s3://bucket/x";
  r.external_spec = R"(["format","parquet"])";
  expect_invalid(mj_refresh_external_collection(&id, client.get(), &r, nullptr, &e), "spec not an object");
  r.external_spec = R"({"format":"csv"})";
  expect_invalid(mj_refresh_external_collection(&id, client.get(), &r, nullptr, &e), "unknown format");
  r.external_spec = "not json";
  expect_invalid(mj_refresh_external_collection(&id, client.get(), &r, nullptr, &e), "spec not JSON");
  r.external_spec = R"({"format":"parquet"})";
  r.external_source = "bucket/x";
  expect_invalid(mj_refresh_external_collection(&id, client.get(), &r, nullptr, &e), "source not a URL");
  r.struct_size = 0;
  expect_invalid(mj_refresh_external_collection(&id, client.get(), &r, nullptr, &e), "struct_size 0");

  mj_refresh_job* job = nullptr;
  expect_invalid(mj_get_refresh_external_collection_progress(&job, client.get(), 0, nullptr, &e), "job id 0");
  expect_invalid(mj_get_refresh_external_collection_progress(&job, client.get(), -5, nullptr, &e), "job id < 0");

  char* import_id = nullptr;
  mj_import_request ir = MJ_IMPORT_REQUEST_INIT;
  ir.collection_name = "quick_setup";
  expect_invalid(mj_bulk_import(&import_id, client.get(), &ir, nullptr, &e), "no files");
  const char* files[] = {"a.json", nullptr};
  ir.files = files;
  ir.file_count = 2;
  expect_invalid(mj_bulk_import(&import_id, client.get(), &ir, nullptr, &e), "NULL file");
  const char* bad_utf8[] = {"\xff\xfe.json"};
  ir.files = bad_utf8;
  ir.file_count = 1;
  expect_invalid(mj_bulk_import(&import_id, client.get(), &ir, nullptr, &e), "non-UTF-8 file");
  const char* one[] = {"a.json"};
  const size_t groups[] = {2};
  ir.files = one;
  ir.group_sizes = groups;
  ir.group_count = 1;
  expect_invalid(mj_bulk_import(&import_id, client.get(), &ir, nullptr, &e), "groups exceed files");
  EXPECT_EQ(import_id, nullptr);

  mj_import_job* ij = nullptr;
  expect_invalid(mj_get_import_progress(&ij, client.get(), nullptr, nullptr, &e), "NULL job id");
  expect_invalid(mj_get_import_progress(&ij, client.get(), "", nullptr, &e), "empty job id");
  expect_invalid(mj_commit_import(client.get(), "", nullptr, &e), "commit empty id");
  expect_invalid(mj_abort_import(client.get(), nullptr, nullptr, &e), "abort NULL id");
  EXPECT_EQ(job, nullptr);
  EXPECT_EQ(ij, nullptr);

  // The same client does reach the network for a valid call: proof the
  // refusals above came before sending.
  EXPECT_EQ(mj_get_import_progress(&ij, client.get(), "1", nullptr, &e), MJ_ETRANSPORT);
  EXPECT_NE(std::string(mj_error_message(e)).find("connect"), std::string::npos) << mj_error_message(e);
  mj_error_free(e);
}

TEST(ClientArguments, ClientOptionsAreChecked) {
  mj_client* c = nullptr;
  mj_error* e = nullptr;
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  auto expect = [&](mj_status want, const char* what) {
    EXPECT_EQ(mj_client_new(&c, &o, &e), want) << what << ": " << mj_error_message(e);
    EXPECT_EQ(c, nullptr) << what;
    mj_error_free(e);
    e = nullptr;
  };
  expect(MJ_EINVALID_ARGUMENT, "no uri");
  o.uri = "127.0.0.1:19530";
  expect(MJ_EINVALID_ARGUMENT, "no scheme");
  o.uri = "grpc://127.0.0.1:19530";
  expect(MJ_EINVALID_ARGUMENT, "wrong scheme");
  o.uri = "http://root:Milvus@127.0.0.1:19530";
  expect(MJ_EINVALID_ARGUMENT, "credentials in uri");
  o.uri = "http://127.0.0.1:19530";
  o.token = "abc\r\nX-Injected: 1";
  expect(MJ_EINVALID_ARGUMENT, "CR/LF in token");
  o.token = nullptr;
  const char* headers[] = {"NoColonHere"};
  o.extra_headers = headers;
  o.extra_header_count = 1;
  expect(MJ_EINVALID_ARGUMENT, "malformed extra header");
  o.extra_headers = nullptr;
  o.extra_header_count = 0;
  o.request_timeout_ms = -1;
  expect(MJ_EINVALID_ARGUMENT, "negative timeout");
  o.request_timeout_ms = 0;

  // A struct from a newer header: unknown trailing fields must be zero.
  struct Newer {
    mj_client_options base;
    int64_t future_field;
  } newer{};
  newer.base = o;
  newer.base.struct_size = sizeof newer;
  newer.future_field = 0;
  ASSERT_EQ(mj_client_new(&c, &newer.base, &e), MJ_OK) << mj_error_message(e);
  mj_client_free(c);
  c = nullptr;
  newer.future_field = 7;
  EXPECT_EQ(mj_client_new(&c, &newer.base, &e), MJ_EUNSUPPORTED);
  mj_error_free(e);
}

TEST(ClientDeadlines, CallToServerThatNeverAnswersTimesOutAtTheDeadline) {
  SilentServer silent;
  Client client = make_client(silent.uri());
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.timeout_ms = 300;
  mj_import_job* job = nullptr;
  mj_error* e = nullptr;
  const auto t0 = Clock::now();
  EXPECT_EQ(mj_get_import_progress(&job, client.get(), "1", &call, &e), MJ_ETIMEOUT) << mj_error_message(e);
  const int64_t took = elapsed_ms(t0);
  EXPECT_GE(took, 290);
  EXPECT_LT(took, 1500);
  EXPECT_NE(std::string(mj_error_message(e)).find("300 ms"), std::string::npos) << mj_error_message(e);
  EXPECT_EQ(mj_error_is_retriable(e), 1) << "a read that timed out may be repeated";
  mj_error_free(e);
}

TEST(ClientDeadlines, CreateThatTimedOutIsNotRetriable) {
  SilentServer silent;
  Client client = make_client(silent.uri());
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.timeout_ms = 200;
  mj_refresh_request r = MJ_REFRESH_REQUEST_INIT;
  r.collection_name = "books_ext";
  int64_t id = 0;
  mj_error* e = nullptr;
  // Reconciliation sends it again, which times out too: whether a job started cannot be told.
  EXPECT_EQ(mj_refresh_external_collection(&id, client.get(), &r, &call, &e), MJ_EAMBIGUOUS);
  EXPECT_EQ(mj_error_is_retriable(e), 0) << "the refresh may have started: retrying could start a second job";
  EXPECT_EQ(mj_error_attempts(e), 2);
  mj_error_free(e);
  // Without reconciliation: the timeout itself, never retriable.
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  const std::string uri = silent.uri();
  o.uri = uri.c_str();
  o.disable_create_reconciliation = 1;
  mj_client* raw = nullptr;
  ASSERT_EQ(mj_client_new(&raw, &o, nullptr), MJ_OK);
  Client plain(raw);
  e = nullptr;
  EXPECT_EQ(mj_refresh_external_collection(&id, plain.get(), &r, &call, &e), MJ_ETIMEOUT);
  EXPECT_EQ(mj_error_is_retriable(e), 0);
  EXPECT_EQ(mj_error_attempts(e), 1);
  mj_error_free(e);
}

TEST(ClientCancellation, CancelFromAnotherThreadReturnsPromptly) {
  SilentServer silent;
  Client client = make_client(silent.uri(), "", "", /*request_timeout_ms=*/20000);
  mj_cancel* raw = nullptr;
  ASSERT_EQ(mj_cancel_new(&raw, nullptr), MJ_OK);
  Cancel cancel(raw);
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.cancel = cancel.get();

  std::atomic<int64_t> returned_after_trigger_ms{-1};
  Clock::time_point triggered_at;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    triggered_at = Clock::now();
    mj_cancel_trigger(cancel.get());
  });
  mj_import_job* job = nullptr;
  mj_error* e = nullptr;
  const mj_status s = mj_get_import_progress(&job, client.get(), "1", &call, &e);
  const auto returned = Clock::now();
  canceller.join();
  returned_after_trigger_ms = std::chrono::duration_cast<std::chrono::milliseconds>(returned - triggered_at).count();
  EXPECT_EQ(s, MJ_ECANCELLED) << mj_error_message(e);
  EXPECT_LT(returned_after_trigger_ms.load(), 100);
  EXPECT_EQ(mj_cancel_is_triggered(cancel.get()), 1);
  mj_error_free(e);
}

TEST_F(World, ClientStaysUsableAfterACancelledCall) {
  mj_cancel* raw = nullptr;
  ASSERT_EQ(mj_cancel_new(&raw, nullptr), MJ_OK);
  Cancel cancel(raw);
  mj_cancel_trigger(cancel.get());
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.cancel = cancel.get();
  mj_refresh_job_list* list = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_list_refresh_external_collection_jobs(&list, client.get(), nullptr, &call, &e), MJ_ECANCELLED);
  mj_error_free(e);
  ASSERT_EQ(mj_list_refresh_external_collection_jobs(&list, client.get(), nullptr, nullptr, &e), MJ_OK);
  mj_refresh_job_list_free(list);
}

TEST_F(World, ManyThreadsShareOneClient) {
  const int64_t refresh_id = refresh("books_ext");
  ASSERT_EQ(status, MJ_OK);
  const std::string import_id = bulk_import("quick_setup", {"import/rows.json"});
  ASSERT_EQ(status, MJ_OK);
  constexpr int kThreads = 16;
  constexpr int kCalls = 50;
  std::atomic<int> ok{0};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) {
        mj_error* e = nullptr;
        if ((t + i) % 2 == 0) {
          mj_refresh_job* job = nullptr;
          if (mj_get_refresh_external_collection_progress(&job, client.get(), refresh_id, nullptr, &e) == MJ_OK) {
            (job->job_id == refresh_id ? ok : wrong)++;
          } else {
            wrong++;
          }
          mj_refresh_job_free(job);
        } else {
          mj_import_job* job = nullptr;
          if (mj_get_import_progress(&job, client.get(), import_id.c_str(), nullptr, &e) == MJ_OK) {
            (import_id == job->job_id ? ok : wrong)++;
          } else {
            wrong++;
          }
          mj_import_job_free(job);
        }
        mj_error_free(e);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kCalls);
  EXPECT_EQ(wrong.load(), 0);
}

TEST_F(World, SequentialCallsReuseOneConnection) {
  const std::string id = bulk_import("quick_setup", {"import/rows.json"});
  ASSERT_EQ(status, MJ_OK);
  const int time_wait_before = count_tcp_sockets(server->port(), "06");
  for (int i = 0; i < 50; ++i) {
    describe_import(id);
    ASSERT_EQ(status, MJ_OK) << message();
  }
  // Without keep-alive, every call would leave a socket in TIME_WAIT and
  // open a new ESTABLISHED pair.
  EXPECT_LE(count_tcp_sockets(server->port(), "06") - time_wait_before, 1);
  EXPECT_LE(count_tcp_sockets(server->port(), "01"), 2 * 2) << "client and server ends of at most two connections";
}

TEST_F(World, JobsSurviveADevServerRestartWithStateDir) {
  TempDir state;
  start(0, "", state.path());
  const int64_t refresh_id = refresh("books_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  const std::string import_id = bulk_import("quick_setup", {"import/rows.json", "import/rows.csv"});
  ASSERT_EQ(status, MJ_OK) << message();
  wait_refresh(refresh_id);
  wait_import(import_id);

  start(0, "", state.path());  // a new process on a new port, same state directory
  RefreshJob r = describe_refresh(refresh_id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(r->state, MJ_REFRESH_STATE_COMPLETED);
  ImportJob i = describe_import(import_id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(i->state, MJ_IMPORT_STATE_COMPLETED);
  EXPECT_EQ(i->total_rows, 7);
  // New ids continue after the old ones: nothing is handed out twice.
  const int64_t next = refresh("books_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_GT(next, refresh_id);
}

TEST_F(World, UnfinishedJobsResumeAfterARestart) {
  TempDir state;
  start(/*work_delay_ms=*/300, "", state.path());
  const std::string import_id =
      bulk_import("quick_setup", {"import/rows.json", "import/rows.csv", "import/rows_wrapped.json"});
  ASSERT_EQ(status, MJ_OK) << message();
  start(0, "", state.path());
  ImportJob job = wait_import(import_id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_COMPLETED) << job->reason;
  EXPECT_EQ(job->total_rows, 9);
}
