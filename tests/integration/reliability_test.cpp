// Retries, deadlines, cancellation and response bounds against the dev
// server's fault injection (tools/devserver/README.md, "Fault injection").
// Tests whose name ends in "Measured" assert wall-clock bounds; they are left
// out of the valgrind run (tests/integration/CMakeLists.txt).
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include "faults.hpp"
#include "world.hpp"

namespace mjtest {
namespace {

using Clock = std::chrono::steady_clock;

int64_t ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

struct Tuning {
  int32_t max_attempts = 0;
  int64_t initial_backoff_ms = 1;
  int64_t max_backoff_ms = 5;
  int64_t request_timeout_ms = 10000;
  int64_t max_response_bytes = 0;
  int64_t max_list_response_bytes = 0;
  std::string token;
  bool reconciliation_off = false;
};

Client tuned_client(const std::string& uri, const Tuning& t) {
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = uri.c_str();
  o.token = t.token.empty() ? nullptr : t.token.c_str();
  o.request_timeout_ms = t.request_timeout_ms;
  o.max_attempts = t.max_attempts;
  o.retry_initial_backoff_ms = t.initial_backoff_ms;
  o.retry_max_backoff_ms = t.max_backoff_ms;
  o.max_response_bytes = t.max_response_bytes;
  o.max_list_response_bytes = t.max_list_response_bytes;
  o.disable_create_reconciliation = t.reconciliation_off ? 1 : 0;
  mj_client* c = nullptr;
  mj_error* e = nullptr;
  const mj_status s = mj_client_new(&c, &o, &e);
  Error err(e);
  if (s != MJ_OK) throw std::runtime_error(std::string("mj_client_new: ") + mj_error_message(e));
  return Client(c);
}

// One finished import job and one finished refresh job to read back.
class Faults : public World {
 protected:
  void SetUp() override {
    World::SetUp();
    import_id = bulk_import("quick_setup", {"import/rows.json"});
    ASSERT_EQ(status, MJ_OK) << message();
    ImportJob job = wait_import(import_id);
    ASSERT_EQ(job->state, MJ_IMPORT_STATE_COMPLETED);
    refresh_id = refresh("books_ext");
    ASSERT_EQ(status, MJ_OK) << message();
    ASSERT_EQ(wait_refresh(refresh_id)->state, MJ_REFRESH_STATE_COMPLETED);
    clear_faults(*server);
  }

  // mj_get_import_progress of the import job with `c` and `call`.
  ImportJob describe_with(mj_client* c, const mj_call_options* call = nullptr) {
    mj_import_job* job = nullptr;
    mj_error* e = nullptr;
    status = mj_get_import_progress(&job, c, import_id.c_str(), call, &e);
    error.reset(e);
    return ImportJob(job);
  }

  int32_t attempts() const { return mj_error_attempts(error.get()); }

  std::string import_id;
  int64_t refresh_id = 0;
};

struct FaultCase {
  const char* spec;  // on import/describe
  mj_status expected;
  int http_status;  // 0 = no answer
};

TEST_F(Faults, EachFaultGivesItsCategoryWithoutRetryWhenRetriesAreOff) {
  const FaultCase cases[] = {
      {"drop", MJ_ETRANSPORT, 0},       {"reset", MJ_ETRANSPORT, 0},        {"truncate", MJ_EPROTOCOL, 200},
      {"not-json", MJ_EPROTOCOL, 200},  {"wrong-types", MJ_EPROTOCOL, 200}, {"500", MJ_ESERVER, 500},
      {"429:1", MJ_ERATE_LIMITED, 429}, {"503", MJ_ESERVER, 503},           {"rate-limit", MJ_ERATE_LIMITED, 200},
      {"delay:1500", MJ_ETIMEOUT, 0},   {"drip:100", MJ_ETIMEOUT, 0},
  };
  Tuning t;
  t.max_attempts = 1;
  t.request_timeout_ms = 700;
  Client c = tuned_client(server->uri(), t);
  for (const auto& fc : cases) {
    SCOPED_TRACE(fc.spec);
    clear_faults(*server);
    add_faults(*server, std::string("import/describe=") + fc.spec);
    ImportJob job = describe_with(c.get());
    EXPECT_EQ(status, fc.expected) << mj_status_name(status) << ": " << message();
    EXPECT_EQ(job, nullptr);
    EXPECT_EQ(mj_error_http_status(error.get()), fc.http_status) << message();
    EXPECT_EQ(attempts(), 1);
    EXPECT_NE(message().find("get_import_progress"), std::string::npos) << message();
    EXPECT_STRNE(mj_error_request_id(error.get()), "");
    EXPECT_EQ(requests_seen(*server, "import/describe"), 1);
  }
  // The client survives every fault: the next call reads the job.
  clear_faults(*server);
  ImportJob job = describe_with(c.get());
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(std::string(job->job_id), import_id);
}

TEST_F(Faults, TransientFaultsOnListsAndRefreshDescribeAreRetriedToSuccess) {
  add_faults(*server,
             "import/list=drop,import/list=503,external_collection/describe=reset,"
             "external_collection/describe=rate-limit,external_collection/list=429:0");
  Tuning t;
  Client c = tuned_client(server->uri(), t);
  mj_import_job_list* il = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_list_import_jobs(&il, c.get(), nullptr, nullptr, &e), MJ_OK) << mj_error_message(e);
  ImportList imports(il);
  ASSERT_EQ(imports->count, 1u);
  EXPECT_EQ(std::string(imports->items[0]->job_id), import_id);
  mj_refresh_job* rj = nullptr;
  ASSERT_EQ(mj_get_refresh_external_collection_progress(&rj, c.get(), refresh_id, nullptr, &e), MJ_OK)
      << mj_error_message(e);
  RefreshJob refreshed(rj);
  EXPECT_EQ(refreshed->job_id, refresh_id);
  EXPECT_EQ(refreshed->state, MJ_REFRESH_STATE_COMPLETED);
  mj_refresh_job_list* rl = nullptr;
  ASSERT_EQ(mj_list_refresh_external_collection_jobs(&rl, c.get(), "books_ext", nullptr, &e), MJ_OK)
      << mj_error_message(e);
  RefreshList refreshes(rl);
  ASSERT_EQ(refreshes->count, 1u);
  EXPECT_EQ(requests_seen(*server, "import/list"), 3);
  EXPECT_EQ(requests_seen(*server, "external_collection/describe"), 3);
  EXPECT_EQ(requests_seen(*server, "external_collection/list"), 2);
}

TEST_F(Faults, DescribeRetriedThroughTransientFaultsReturnsTheRightJob) {
  add_faults(*server,
             "import/describe=drop,import/describe=reset,import/describe=503,import/describe=429:0,"
             "import/describe=rate-limit,import/describe=delay:800");
  Tuning t;
  t.max_attempts = 6;
  Client c = tuned_client(server->uri(), t);
  // Each attempt gets what is left of the 10 s deadline: the 800 ms delay is
  // waited out, not cut short.
  ImportJob job = describe_with(c.get());
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(std::string(job->job_id), import_id);
  EXPECT_STREQ(job->collection_name, "quick_setup");
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_COMPLETED);
  EXPECT_EQ(job->imported_rows, 3);
  // Five failures, then the delayed answer, which comes well within the deadline.
  EXPECT_EQ(requests_seen(*server, "import/describe"), 6);
}

TEST_F(Faults, ErrorsCountTheAttemptsAndTheCallCanOverrideTheClient) {
  add_faults(*server, "import/describe=503*0");  // every request
  Tuning t;
  t.max_attempts = 3;
  Client c = tuned_client(server->uri(), t);
  describe_with(c.get());
  EXPECT_EQ(status, MJ_ESERVER) << message();
  EXPECT_EQ(attempts(), 3);
  EXPECT_NE(message().find("after 3 attempts"), std::string::npos) << message();
  EXPECT_EQ(mj_error_is_retriable(error.get()), 1);
  EXPECT_EQ(requests_seen(*server, "import/describe"), 3);

  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.max_attempts = 5;
  describe_with(c.get(), &call);
  EXPECT_EQ(attempts(), 5);
  call.max_attempts = 1;
  describe_with(c.get(), &call);
  EXPECT_EQ(attempts(), 1);
  EXPECT_EQ(message().find("attempts"), std::string::npos) << message();
  EXPECT_EQ(requests_seen(*server, "import/describe"), 3 + 5 + 1);

  // The default policy: 4 attempts.
  Tuning d;
  d.max_attempts = 0;
  Client dc = tuned_client(server->uri(), d);
  describe_with(dc.get());
  EXPECT_EQ(attempts(), 4);

  // What is not transient is not retried: a 500, a protocol error, not found.
  clear_faults(*server);
  add_faults(*server, "import/describe=500*0");
  describe_with(c.get());
  EXPECT_EQ(status, MJ_ESERVER);
  EXPECT_EQ(attempts(), 1);
  clear_faults(*server);
  add_faults(*server, "import/describe=truncate*0");
  describe_with(c.get());
  EXPECT_EQ(status, MJ_EPROTOCOL);
  EXPECT_EQ(attempts(), 1);
  clear_faults(*server);
  mj_import_job* none = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_get_import_progress(&none, c.get(), "1", nullptr, &e), MJ_ENOT_FOUND);
  EXPECT_EQ(mj_error_attempts(e), 1);
  mj_error_free(e);
}

TEST_F(Faults, CreatesCommitAndAbortAreNotRetriedOnceSent) {
  Tuning t;
  t.max_attempts = 5;
  t.reconciliation_off = true;  // the retry policy alone (exactly_once_test.cpp: with reconciliation)
  client = tuned_client(server->uri(), t);
  for (const char* fault : {"drop", "reset", "503", "429:0", "rate-limit"}) {
    SCOPED_TRACE(fault);
    clear_faults(*server);
    add_faults(*server, std::string("import/create=") + fault + ",external_collection/refresh=" + fault);
    bulk_import("quick_setup", {"import/rows.json"});
    EXPECT_NE(status, MJ_OK);
    EXPECT_EQ(attempts(), 1) << message();
    EXPECT_EQ(requests_seen(*server, "import/create"), 1);
    refresh("books_ext");
    EXPECT_NE(status, MJ_OK);
    EXPECT_EQ(attempts(), 1) << message();
    EXPECT_EQ(requests_seen(*server, "external_collection/refresh"), 1);
  }
  // A dropped create may have started a job: not retriable, and the message says to check.
  clear_faults(*server);
  add_faults(*server, "import/create=drop");
  bulk_import("quick_setup", {"import/rows.json"});
  EXPECT_EQ(status, MJ_ETRANSPORT);
  EXPECT_EQ(mj_error_is_retriable(error.get()), 0);

  const std::string pending = bulk_import("quick_setup", {"import/rows.json"}, {{"auto_commit", "false"}});
  ASSERT_EQ(status, MJ_OK) << message();
  ASSERT_EQ(wait_import(pending, MJ_IMPORT_STATE_UNCOMMITTED)->state, MJ_IMPORT_STATE_UNCOMMITTED);
  clear_faults(*server);
  add_faults(*server, "import/commit=503,import/abort=drop");
  mj_error* e = nullptr;
  EXPECT_EQ(mj_commit_import(client.get(), pending.c_str(), nullptr, &e), MJ_ESERVER);
  EXPECT_EQ(mj_error_attempts(e), 1);
  mj_error_free(e);
  e = nullptr;
  EXPECT_EQ(mj_abort_import(client.get(), pending.c_str(), nullptr, &e), MJ_ETRANSPORT);
  EXPECT_EQ(mj_error_attempts(e), 1);
  mj_error_free(e);
  EXPECT_EQ(requests_seen(*server, "import/commit"), 1);
  EXPECT_EQ(requests_seen(*server, "import/abort"), 1);
}

TEST(FaultsNeverSent, CreateIsRetriedWhenTheConnectionWasRefused) {
  Tuning t;
  t.max_attempts = 3;
  Client c = tuned_client("http://127.0.0.1:" + std::to_string(closed_port()), t);
  const char* files[] = {"import/rows.json"};
  mj_import_request r = MJ_IMPORT_REQUEST_INIT;
  r.collection_name = "quick_setup";
  r.files = files;
  r.file_count = 1;
  char* id = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_bulk_import(&id, c.get(), &r, nullptr, &e), MJ_ETRANSPORT);
  EXPECT_EQ(mj_error_attempts(e), 3) << mj_error_message(e);
  EXPECT_EQ(mj_error_is_retriable(e), 1);
  EXPECT_NE(std::string(mj_error_message(e)).find("could not connect"), std::string::npos) << mj_error_message(e);
  mj_error_free(e);
  e = nullptr;
  mj_refresh_request rr = MJ_REFRESH_REQUEST_INIT;
  rr.collection_name = "books_ext";
  int64_t rid = 0;
  EXPECT_EQ(mj_refresh_external_collection(&rid, c.get(), &rr, nullptr, &e), MJ_ETRANSPORT);
  EXPECT_EQ(mj_error_attempts(e), 3) << mj_error_message(e);
  mj_error_free(e);
}

TEST_F(Faults, RetryAfterSecondsIsHonouredMeasured) {
  add_faults(*server, "import/describe=429:1");
  Tuning t;  // backoff 1..5 ms: only Retry-After can make the wait a second
  Client c = tuned_client(server->uri(), t);
  const auto start = Clock::now();
  ImportJob job = describe_with(c.get());
  const int64_t took = ms_since(start);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_GE(took, 990);
  EXPECT_LT(took, 2500);
  EXPECT_EQ(requests_seen(*server, "import/describe"), 2);
}

TEST_F(Faults, RetryAfterHttpDateIsHonouredMeasured) {
  // Two seconds ahead, at one-second resolution: the wait is 1..2 s.
  const std::time_t at = std::time(nullptr) + 2;
  char date[64];
  std::tm tm{};
  gmtime_r(&at, &tm);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  add_fault_json(*server,
                 std::string(R"({"route":"import/describe","fault":"503","retryAfterText":")") + date + R"("})");
  Tuning t;
  Client c = tuned_client(server->uri(), t);
  const auto start = Clock::now();
  describe_with(c.get());
  const int64_t took = ms_since(start);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_GE(took, 900);
  EXPECT_LT(took, 3000);
}

TEST_F(Faults, RetryAfterBeyondTheDeadlineFailsAtOnceMeasured) {
  add_faults(*server, "import/describe=429:30");
  Tuning t;
  t.request_timeout_ms = 3000;
  Client c = tuned_client(server->uri(), t);
  const auto start = Clock::now();
  describe_with(c.get());
  EXPECT_LT(ms_since(start), 1000);
  EXPECT_EQ(status, MJ_ERATE_LIMITED) << message();
  EXPECT_EQ(attempts(), 1);
  EXPECT_NE(message().find("would pass the call's deadline"), std::string::npos) << message();
}

TEST_F(Faults, TheDeadlineCoversEveryRetryMeasured) {
  Tuning t;
  t.max_attempts = 100;
  t.initial_backoff_ms = 50;
  t.max_backoff_ms = 100;
  t.request_timeout_ms = 1000;
  Client c = tuned_client(server->uri(), t);
  for (const char* fault : {"import/describe=503*0", "import/describe=drop*0", "import/describe=reset*0"}) {
    SCOPED_TRACE(fault);
    clear_faults(*server);
    add_faults(*server, fault);
    const auto start = Clock::now();
    describe_with(c.get());
    const int64_t took = ms_since(start);
    EXPECT_NE(status, MJ_OK);
    EXPECT_LE(took, 1300) << message();
    EXPECT_GT(attempts(), 1) << message();
    EXPECT_LT(attempts(), 100) << message();
  }
  // An attempt slower than the deadline is cut at the deadline; no retry after it.
  clear_faults(*server);
  add_faults(*server, "import/describe=delay:1500*0");
  auto start = Clock::now();
  describe_with(c.get());
  EXPECT_EQ(status, MJ_ETIMEOUT) << message();
  EXPECT_LE(ms_since(start), 1300);
  EXPECT_EQ(attempts(), 1);
  // A per-call deadline overrides the client's, retries included.
  clear_faults(*server);
  add_faults(*server, "import/describe=503*0");
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.timeout_ms = 300;
  start = Clock::now();
  describe_with(c.get(), &call);
  EXPECT_LE(ms_since(start), 600);
  EXPECT_NE(status, MJ_OK);
}

TEST_F(Faults, SlowDripBodyHitsTheDeadlineMeasured) {
  add_faults(*server, "import/describe=drip:50*0");
  Tuning t;
  t.request_timeout_ms = 800;
  Client c = tuned_client(server->uri(), t);
  const auto start = Clock::now();
  describe_with(c.get());
  const int64_t took = ms_since(start);
  EXPECT_EQ(status, MJ_ETIMEOUT) << message();
  EXPECT_GE(took, 750);
  EXPECT_LE(took, 1300);
}

// Cancels `cancel` after `after`, returning how long the call took to return after that.
template <class Call>
int64_t cancel_latency_ms(mj_cancel* cancel, std::chrono::milliseconds after, Call&& call) {
  Clock::time_point fired;
  std::thread canceller([&] {
    std::this_thread::sleep_for(after);
    fired = Clock::now();
    mj_cancel_trigger(cancel);
  });
  call();
  const auto returned = Clock::now();
  canceller.join();
  return std::chrono::duration_cast<std::chrono::milliseconds>(returned - fired).count();
}

TEST_F(Faults, CancelDuringTheBackoffSleepReturnsWithin100msMeasured) {
  add_faults(*server, "import/describe=503:20*0");  // Retry-After: 20 s
  Tuning t;
  t.request_timeout_ms = 60000;
  Client c = tuned_client(server->uri(), t);
  mj_cancel* raw = nullptr;
  ASSERT_EQ(mj_cancel_new(&raw, nullptr), MJ_OK);
  Cancel cancel(raw);
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.cancel = cancel.get();
  const int64_t latency =
      cancel_latency_ms(cancel.get(), std::chrono::milliseconds(300), [&] { describe_with(c.get(), &call); });
  EXPECT_EQ(status, MJ_ECANCELLED) << message();
  EXPECT_LT(latency, 100);
  EXPECT_EQ(attempts(), 1);
  EXPECT_NE(message().find("waiting to retry"), std::string::npos) << message();
  // The client stays usable.
  clear_faults(*server);
  ImportJob job = describe_with(c.get());
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(std::string(job->job_id), import_id);
}

TEST_F(Faults, CancelDuringASlowDripBodyReturnsWithin100msMeasured) {
  add_faults(*server, "import/describe=drip:200*0");
  Client c = tuned_client(server->uri(), Tuning{});
  mj_cancel* raw = nullptr;
  ASSERT_EQ(mj_cancel_new(&raw, nullptr), MJ_OK);
  Cancel cancel(raw);
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.cancel = cancel.get();
  const int64_t latency =
      cancel_latency_ms(cancel.get(), std::chrono::milliseconds(500), [&] { describe_with(c.get(), &call); });
  EXPECT_EQ(status, MJ_ECANCELLED) << message();
  EXPECT_LT(latency, 100);
}

TEST_F(Faults, OversizedAnswersAreRefusedAndTheLimitsAreConfigurable) {
  // A describe answer is ~400 bytes, a list of one job ~150.
  Tuning small;
  small.max_response_bytes = 100;
  Client c = tuned_client(server->uri(), small);
  describe_with(c.get());
  EXPECT_EQ(status, MJ_EPROTOCOL) << message();
  EXPECT_NE(message().find("max_response_bytes"), std::string::npos) << message();
  EXPECT_NE(message().find("exceeds 100 bytes"), std::string::npos) << message();
  EXPECT_EQ(attempts(), 1);
  mj_refresh_job* rj = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_get_refresh_external_collection_progress(&rj, c.get(), refresh_id, nullptr, &e), MJ_EPROTOCOL);
  mj_error_free(e);
  e = nullptr;
  // Lists have their own limit (default 64 MiB): unaffected.
  mj_import_job_list* il = nullptr;
  ASSERT_EQ(mj_list_import_jobs(&il, c.get(), nullptr, nullptr, &e), MJ_OK) << mj_error_message(e);
  mj_import_job_list_free(il);

  Tuning small_list;
  small_list.max_list_response_bytes = 64;
  Client l = tuned_client(server->uri(), small_list);
  EXPECT_EQ(mj_list_import_jobs(&il, l.get(), nullptr, nullptr, &e), MJ_EPROTOCOL);
  EXPECT_NE(std::string(mj_error_message(e)).find("max_list_response_bytes"), std::string::npos) << mj_error_message(e);
  mj_error_free(e);
  e = nullptr;
  mj_refresh_job_list* rl = nullptr;
  EXPECT_EQ(mj_list_refresh_external_collection_jobs(&rl, l.get(), nullptr, nullptr, &e), MJ_EPROTOCOL);
  mj_error_free(e);
  e = nullptr;
  describe_with(l.get());  // describe keeps its 4 MiB default
  EXPECT_EQ(status, MJ_OK) << message();

  // Negative limits are refused.
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = "http://127.0.0.1:1";
  o.max_response_bytes = -1;
  mj_client* bad = nullptr;
  EXPECT_EQ(mj_client_new(&bad, &o, &e), MJ_EINVALID_ARGUMENT);
  mj_error_free(e);
  e = nullptr;
  o.max_response_bytes = 0;
  o.max_list_response_bytes = -1;
  EXPECT_EQ(mj_client_new(&bad, &o, &e), MJ_EINVALID_ARGUMENT);
  mj_error_free(e);
  EXPECT_EQ(bad, nullptr);
}

TEST_F(Faults, AListLargerThanTheDefaultDescribeLimitIsRead) {
  // 4 MiB of list answer: refused by a 4 MiB-style limit, read by the list default.
  // ~110 bytes per record: 200 jobs make ~22 KiB; limits scaled to that.
  for (int i = 0; i < 199; ++i) {
    bulk_import("quick_setup", {"import/rows.json"});
    ASSERT_EQ(status, MJ_OK) << message();
  }
  Tuning t;
  t.max_response_bytes = 16 << 10;
  t.max_list_response_bytes = 16 << 10;
  Client tight = tuned_client(server->uri(), t);
  mj_import_job_list* il = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_list_import_jobs(&il, tight.get(), nullptr, nullptr, &e), MJ_EPROTOCOL);
  mj_error_free(e);
  e = nullptr;
  t.max_list_response_bytes = 0;
  Client roomy = tuned_client(server->uri(), t);
  ASSERT_EQ(mj_list_import_jobs(&il, roomy.get(), nullptr, nullptr, &e), MJ_OK) << mj_error_message(e);
  EXPECT_EQ(il->count, 200u);
  mj_import_job_list_free(il);
}

TEST(RetryOptions, OutOfRangeRetryOptionsAreRefused) {
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = "http://127.0.0.1:1";
  mj_client* c = nullptr;
  mj_error* e = nullptr;
  for (int32_t bad : {-1, 101}) {
    o.max_attempts = bad;
    EXPECT_EQ(mj_client_new(&c, &o, &e), MJ_EINVALID_ARGUMENT) << bad;
    EXPECT_NE(std::string(mj_error_message(e)).find("max_attempts"), std::string::npos);
    mj_error_free(e);
    e = nullptr;
  }
  o.max_attempts = 100;
  o.retry_initial_backoff_ms = -1;
  EXPECT_EQ(mj_client_new(&c, &o, &e), MJ_EINVALID_ARGUMENT);
  mj_error_free(e);
  e = nullptr;
  o.retry_initial_backoff_ms = 0;
  o.retry_max_backoff_ms = -1;
  EXPECT_EQ(mj_client_new(&c, &o, &e), MJ_EINVALID_ARGUMENT);
  mj_error_free(e);
  e = nullptr;
  o.retry_max_backoff_ms = 0;
  ASSERT_EQ(mj_client_new(&c, &o, &e), MJ_OK);
  Client client(c);
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.max_attempts = 101;
  mj_import_job* job = nullptr;
  EXPECT_EQ(mj_get_import_progress(&job, client.get(), "1", &call, &e), MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(mj_error_attempts(e), 0);
  mj_error_free(e);
}

}  // namespace
}  // namespace mjtest
