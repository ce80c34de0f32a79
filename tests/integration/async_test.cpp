// The non-blocking reads (mj_async) against the dev server, in both modes:
// self-driven (mj_async_run on one thread, reads started from many) and
// host-driven (a poll(2) loop of the test's own, as an event loop would do
// it). Results match the blocking calls field for field; retries, deadlines,
// cancellation (by tag and by token) and argument errors behave as theirs.
// Tests whose name ends in "Measured" assert wall-clock bounds; they are left
// out of the valgrind run.
#include <gtest/gtest.h>
#include <poll.h>

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "faults.hpp"
#include "world.hpp"

namespace mjtest {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

int64_t ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
}

struct AsyncDeleter {
  void operator()(mj_async* a) const { mj_async_free(a); }
};
using Async = std::unique_ptr<mj_async, AsyncDeleter>;

// One result, owned.
struct Result {
  uint64_t tag = 0;
  int32_t kind = 0;
  int32_t status = -1;
  Error error;
  RefreshJob refresh;
  ImportJob import_job;
  mj_snapshot_job* snapshot = nullptr;
  Result() = default;
  Result(Result&&) = default;
  Result& operator=(Result&&) = default;
  ~Result() { mj_snapshot_job_free(snapshot); }
  std::string message() const { return error ? mj_error_message(error.get()) : ""; }
};

std::vector<Result> take_all(mj_async* a) {
  std::vector<Result> out;
  mj_async_result r = MJ_ASYNC_RESULT_INIT;
  while (mj_async_next(a, &r)) {
    Result k;
    k.tag = r.tag;
    k.kind = r.kind;
    k.status = r.status;
    k.error.reset(r.error);
    k.refresh.reset(r.refresh);
    k.import_job.reset(r.import_job);
    k.snapshot = r.snapshot;
    out.push_back(std::move(k));
  }
  return out;
}

// A poll(2) event loop for the host-driven mode: the sockets and the timer
// the library asks for.
struct Loop {
  std::map<int, int> fds;  // fd -> MJ_ASYNC_POLL_IN | MJ_ASYNC_POLL_OUT
  std::set<int> ever;      // every fd ever watched
  bool timer_set = false;
  Clock::time_point timer_due;
  int timer_calls = 0;

  static void on_socket(int fd, int events, void* user) {
    auto* l = static_cast<Loop*>(user);
    if (events & MJ_ASYNC_POLL_REMOVE) {
      l->fds.erase(fd);
    } else {
      l->fds[fd] = events;
      l->ever.insert(fd);
    }
  }
  static void on_timer(int64_t timeout_ms, void* user) {
    auto* l = static_cast<Loop*>(user);
    ++l->timer_calls;
    l->timer_set = timeout_ms >= 0;
    if (timeout_ms >= 0) l->timer_due = Clock::now() + milliseconds(timeout_ms);
  }

  mj_async_options options() {
    mj_async_options o = MJ_ASYNC_OPTIONS_INIT;
    o.on_socket = &Loop::on_socket;
    o.on_timer = &Loop::on_timer;
    o.user_data = this;
    return o;
  }

  // One turn: waits for a socket or the timer (at most 100 ms), then tells the
  // library; results go to `out`.
  void turn(mj_async* a, std::vector<Result>& out) {
    std::vector<pollfd> p;
    for (auto [fd, ev] : fds) {
      p.push_back(
          {fd, static_cast<short>(((ev & MJ_ASYNC_POLL_IN) ? POLLIN : 0) | ((ev & MJ_ASYNC_POLL_OUT) ? POLLOUT : 0)),
           0});
    }
    int wait = 100;
    if (timer_set) {
      const auto left = std::chrono::duration_cast<milliseconds>(timer_due - Clock::now()).count();
      wait = static_cast<int>(std::max<int64_t>(0, std::min<int64_t>(left, 100)));
    }
    ASSERT_GE(poll(p.data(), p.size(), wait), 0);
    for (const pollfd& q : p) {
      if (!q.revents || !fds.count(q.fd)) continue;  // removed by an earlier action of this turn
      const int ev = ((q.revents & (POLLIN | POLLERR | POLLHUP)) ? MJ_ASYNC_POLL_IN : 0) |
                     ((q.revents & POLLOUT) ? MJ_ASYNC_POLL_OUT : 0);
      mj_error* e = nullptr;
      ASSERT_EQ(mj_async_socket_action(a, q.fd, ev, &e), MJ_OK);
    }
    if (timer_set && Clock::now() >= timer_due) {
      timer_set = false;
      mj_error* e = nullptr;
      ASSERT_EQ(mj_async_socket_action(a, MJ_ASYNC_SOCKET_TIMEOUT, 0, &e), MJ_OK);
    }
    for (auto& r : take_all(a)) out.push_back(std::move(r));
  }

  // Turns until `count` results are in or `timeout` passes.
  std::vector<Result> until(mj_async* a, size_t count, milliseconds timeout = milliseconds(20000)) {
    std::vector<Result> out;
    const auto start = Clock::now();
    while (out.size() < count && Clock::now() - start < timeout) {
      turn(a, out);
      if (::testing::Test::HasFatalFailure()) break;
    }
    return out;
  }
};

// The reads in self-driven mode: mj_async_run until `count` results are in.
std::vector<Result> run_until(mj_async* a, size_t count, milliseconds timeout = milliseconds(20000)) {
  std::vector<Result> out;
  const auto start = Clock::now();
  while (out.size() < count && Clock::now() - start < timeout) {
    mj_error* e = nullptr;
    EXPECT_EQ(mj_async_run(a, 200, &e), MJ_OK);
    mj_error_free(e);
    for (auto& r : take_all(a)) out.push_back(std::move(r));
  }
  return out;
}

// A client with its own retry settings (0 = the default); null if refused.
Client retrying_client(const std::string& uri, int32_t max_attempts, int64_t initial_backoff_ms = 0,
                       int64_t max_backoff_ms = 0) {
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = uri.c_str();
  o.max_attempts = max_attempts;
  o.retry_initial_backoff_ms = initial_backoff_ms;
  o.retry_max_backoff_ms = max_backoff_ms;
  mj_client* c = nullptr;
  return mj_client_new(&c, &o, nullptr) == MJ_OK ? Client(c) : Client();
}

// One finished import job and one finished refresh job to read back.
class AsyncReads : public World {
 protected:
  void SetUp() override {
    World::SetUp();
    import_id = bulk_import("quick_setup", {"import/rows.json"});
    ASSERT_EQ(status, MJ_OK) << message();
    ASSERT_EQ(wait_import(import_id)->state, MJ_IMPORT_STATE_COMPLETED);
    refresh_id = refresh("books_ext");
    ASSERT_EQ(status, MJ_OK) << message();
    ASSERT_EQ(wait_refresh(refresh_id)->state, MJ_REFRESH_STATE_COMPLETED);
    clear_faults(*server);
  }

  Async make(mj_client* c, const mj_async_options* o = nullptr) {
    mj_async* a = nullptr;
    mj_error* e = nullptr;
    status = mj_async_new(&a, c, o, &e);
    error.reset(e);
    return Async(a);
  }

  mj_status start_import(mj_async* a, const char* id, uint64_t tag, const mj_call_options* call = nullptr) {
    mj_error* e = nullptr;
    status = mj_async_get_import_progress(a, id, call, tag, &e);
    error.reset(e);
    return status;
  }
  mj_status start_refresh(mj_async* a, int64_t id, uint64_t tag, const mj_call_options* call = nullptr) {
    mj_error* e = nullptr;
    status = mj_async_get_refresh_external_collection_progress(a, id, call, tag, &e);
    error.reset(e);
    return status;
  }

  // A result equals what the blocking call reads.
  void expect_same_as_blocking(const Result& r) {
    ASSERT_EQ(r.status, MJ_OK) << r.message();
    if (r.kind == MJ_JOB_IMPORT) {
      ImportJob want = describe_import(import_id);
      ASSERT_TRUE(r.import_job);
      EXPECT_STREQ(r.import_job->job_id, want->job_id);
      EXPECT_STREQ(r.import_job->collection_name, want->collection_name);
      EXPECT_EQ(r.import_job->state, want->state);
      EXPECT_STREQ(r.import_job->state_name, want->state_name);
      EXPECT_EQ(r.import_job->progress, want->progress);
      EXPECT_EQ(r.import_job->imported_rows, want->imported_rows);
      EXPECT_EQ(r.import_job->total_rows, want->total_rows);
      EXPECT_EQ(r.import_job->file_size, want->file_size);
      EXPECT_EQ(r.import_job->create_time_ms, want->create_time_ms);
      EXPECT_EQ(r.import_job->complete_time_ms, want->complete_time_ms);
      ASSERT_EQ(r.import_job->detail_count, want->detail_count);
      for (size_t i = 0; i < want->detail_count; ++i) {
        EXPECT_STREQ(r.import_job->details[i]->file_name, want->details[i]->file_name);
        EXPECT_EQ(r.import_job->details[i]->imported_rows, want->details[i]->imported_rows);
      }
    } else {
      ASSERT_EQ(r.kind, MJ_JOB_REFRESH);
      RefreshJob want = describe_refresh(refresh_id);
      ASSERT_TRUE(r.refresh);
      EXPECT_EQ(r.refresh->job_id, want->job_id);
      EXPECT_STREQ(r.refresh->collection_name, want->collection_name);
      EXPECT_EQ(r.refresh->state, want->state);
      EXPECT_EQ(r.refresh->progress, want->progress);
      EXPECT_STREQ(r.refresh->external_source, want->external_source);
      EXPECT_STREQ(r.refresh->external_spec, want->external_spec);
      EXPECT_EQ(r.refresh->start_time_ms, want->start_time_ms);
      EXPECT_EQ(r.refresh->end_time_ms, want->end_time_ms);
    }
  }

  std::string import_id;
  int64_t refresh_id = 0;
};

TEST_F(AsyncReads, SelfDrivenReadsOfBothKindsMatchTheBlockingCalls) {
  Async a = make(client.get());
  ASSERT_EQ(status, MJ_OK) << message();
  constexpr uint64_t kReads = 60;
  for (uint64_t tag = 0; tag < kReads; ++tag) {
    if (tag % 2) {
      ASSERT_EQ(start_refresh(a.get(), refresh_id, tag), MJ_OK) << message();
    } else {
      ASSERT_EQ(start_import(a.get(), import_id.c_str(), tag), MJ_OK) << message();
    }
  }
  EXPECT_EQ(mj_async_in_flight(a.get()), kReads);
  std::vector<Result> results = run_until(a.get(), kReads);
  ASSERT_EQ(results.size(), kReads);
  std::set<uint64_t> tags;
  for (const Result& r : results) {
    tags.insert(r.tag);
    EXPECT_EQ(r.kind, r.tag % 2 ? MJ_JOB_REFRESH : MJ_JOB_IMPORT);
    expect_same_as_blocking(r);
  }
  EXPECT_EQ(tags.size(), kReads) << "every tag comes back once";
  EXPECT_EQ(mj_async_in_flight(a.get()), 0u);
  mj_async_result none = MJ_ASYNC_RESULT_INIT;
  EXPECT_EQ(mj_async_next(a.get(), &none), 0);
}

TEST_F(AsyncReads, ReadsStartedFromManyThreadsWhileOneThreadRunsAllComeBack) {
  mj_async_options o = MJ_ASYNC_OPTIONS_INIT;
  o.max_in_flight = 4;  // fewer connections than reads: the rest wait their turn
  Async a = make(client.get(), &o);
  ASSERT_EQ(status, MJ_OK) << message();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::atomic<int> start_failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const uint64_t tag = static_cast<uint64_t>(t * 1000 + i);
        mj_error* e = nullptr;
        if (mj_async_get_import_progress(a.get(), import_id.c_str(), nullptr, tag, &e) != MJ_OK) ++start_failures;
        mj_error_free(e);
      }
    });
  }
  std::vector<Result> results = run_until(a.get(), kThreads * kPerThread);
  for (auto& t : threads) t.join();
  EXPECT_EQ(start_failures.load(), 0);
  ASSERT_EQ(results.size(), static_cast<size_t>(kThreads * kPerThread));
  std::set<uint64_t> tags;
  for (const Result& r : results) {
    ASSERT_EQ(r.status, MJ_OK) << r.message();
    EXPECT_STREQ(r.import_job->job_id, import_id.c_str());
    tags.insert(r.tag);
  }
  EXPECT_EQ(tags.size(), results.size());
}

TEST_F(AsyncReads, HostDrivenReadsCompleteOnThePollLoopAndEverySocketIsReleased) {
  Loop loop;
  mj_async_options o = loop.options();
  o.max_in_flight = 8;
  Async a = make(client.get(), &o);
  ASSERT_EQ(status, MJ_OK) << message();
  constexpr uint64_t kReads = 40;
  for (uint64_t tag = 0; tag < kReads; ++tag) {
    if (tag % 2) {
      ASSERT_EQ(start_refresh(a.get(), refresh_id, tag), MJ_OK) << message();
    } else {
      ASSERT_EQ(start_import(a.get(), import_id.c_str(), tag), MJ_OK) << message();
    }
  }
  EXPECT_TRUE(loop.timer_set) << "starting a read asks the host to call back";
  std::vector<Result> results = loop.until(a.get(), kReads);
  ASSERT_EQ(results.size(), kReads);
  for (const Result& r : results) expect_same_as_blocking(r);
  EXPECT_FALSE(loop.ever.empty()) << "the library asked the host to watch its sockets";
  EXPECT_LE(loop.ever.size(), 8u) << "no more connections than max_in_flight";
  // A second round reuses the kept-alive connections.
  const size_t sockets = loop.ever.size();
  for (uint64_t tag = 0; tag < 8; ++tag) ASSERT_EQ(start_import(a.get(), import_id.c_str(), 100 + tag), MJ_OK);
  ASSERT_EQ(loop.until(a.get(), 8).size(), 8u);
  EXPECT_EQ(loop.ever.size(), sockets) << "kept-alive connections are reused";
  a.reset();
  EXPECT_TRUE(loop.fds.empty()) << "mj_async_free tells the host to stop watching every socket";
  EXPECT_FALSE(loop.timer_set);
}

TEST_F(AsyncReads, RetriesInBothModesGoThroughTransientFaultsLikeTheBlockingCall) {
  Client c = retrying_client(server->uri(), 6, 20, 40);
  ASSERT_TRUE(c);

  add_faults(*server, "import/describe=drop,import/describe=reset,import/describe=503,import/describe=429:0");
  Async self = make(c.get());
  ASSERT_EQ(start_import(self.get(), import_id.c_str(), 7), MJ_OK) << message();
  std::vector<Result> r1 = run_until(self.get(), 1);
  ASSERT_EQ(r1.size(), 1u);
  EXPECT_EQ(requests_seen(*server, "import/describe"), 5) << "four failed attempts, then the answer";
  expect_same_as_blocking(r1[0]);

  clear_faults(*server);
  add_faults(*server, "external_collection/describe=503,external_collection/describe=drop");
  Loop loop;
  mj_async_options o = loop.options();
  Async host = make(c.get(), &o);
  ASSERT_EQ(start_refresh(host.get(), refresh_id, 8), MJ_OK) << message();
  std::vector<Result> r2 = loop.until(host.get(), 1);
  ASSERT_EQ(r2.size(), 1u);
  EXPECT_EQ(requests_seen(*server, "external_collection/describe"), 3) << "the backoff waits on the host's timer";
  expect_same_as_blocking(r2[0]);
}

TEST_F(AsyncReads, AFailureGivesTheBlockingCallsErrorWithItsAttempts) {
  Client c = retrying_client(server->uri(), 3, 1, 5);
  ASSERT_TRUE(c);
  add_faults(*server, "import/describe=503*0");

  mj_import_job* job = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_get_import_progress(&job, c.get(), import_id.c_str(), nullptr, &e), MJ_ESERVER);
  Error blocking(e);

  Async a = make(c.get());
  ASSERT_EQ(start_import(a.get(), import_id.c_str(), 1), MJ_OK);
  std::vector<Result> r = run_until(a.get(), 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, MJ_ESERVER);
  ASSERT_TRUE(r[0].error);
  EXPECT_FALSE(r[0].import_job);
  EXPECT_EQ(mj_error_attempts(r[0].error.get()), 3);
  EXPECT_EQ(mj_error_http_status(r[0].error.get()), 503);
  EXPECT_EQ(mj_error_is_retriable(r[0].error.get()), mj_error_is_retriable(blocking.get()));
  EXPECT_STRNE(mj_error_request_id(r[0].error.get()), "");
  // The same message but for the request id.
  std::string got = r[0].message();
  std::string want = mj_error_message(blocking.get());
  EXPECT_EQ(got.substr(0, 40), want.substr(0, 40));
  EXPECT_NE(got.find("(after 3 attempts)"), std::string::npos) << got;
}

TEST_F(AsyncReads, NotFoundAndUnknownSnapshotJobsAreErrorsOfTheirKind) {
  Async a = make(client.get());
  ASSERT_EQ(start_import(a.get(), "999999", 1), MJ_OK) << message();
  ASSERT_EQ(start_refresh(a.get(), 123456789, 2), MJ_OK) << message();
  mj_error* e = nullptr;
  ASSERT_EQ(mj_async_get_restore_snapshot_progress(a.get(), 42, nullptr, 3, &e), MJ_OK);
  std::vector<Result> r = run_until(a.get(), 3);
  ASSERT_EQ(r.size(), 3u);
  for (const Result& x : r) {
    EXPECT_EQ(x.status, MJ_ENOT_FOUND) << x.tag << ": " << x.message();
    EXPECT_EQ(x.kind, x.tag == 1 ? MJ_JOB_IMPORT : x.tag == 2 ? MJ_JOB_REFRESH : MJ_JOB_SNAPSHOT_RESTORE);
    EXPECT_FALSE(x.import_job || x.refresh || x.snapshot);
  }
}

TEST_F(AsyncReads, ArgumentErrorsAreReturnedAtOnceAndNothingIsQueued) {
  Async a = make(client.get());
  EXPECT_EQ(start_import(a.get(), nullptr, 1), MJ_EINVALID_ARGUMENT);
  EXPECT_NE(message().find("job_id"), std::string::npos) << message();
  EXPECT_EQ(start_import(a.get(), "", 1), MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(start_refresh(a.get(), 0, 1), MJ_EINVALID_ARGUMENT);
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.timeout_ms = -5;
  EXPECT_EQ(start_import(a.get(), import_id.c_str(), 1, &call), MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(mj_async_in_flight(a.get()), 0u);
  EXPECT_EQ(start_import(nullptr, import_id.c_str(), 1), MJ_EINVALID_ARGUMENT);
  EXPECT_NE(message().find("mj_async_new"), std::string::npos) << message();

  // The wrong driving call for the mode, and half a host.
  mj_error* e = nullptr;
  EXPECT_EQ(mj_async_socket_action(a.get(), 3, 1, &e), MJ_EINVALID_ARGUMENT);
  EXPECT_NE(std::string(mj_error_message(e)).find("mj_async_run"), std::string::npos);
  mj_error_free(e);
  Loop loop;
  mj_async_options o = loop.options();
  Async host = make(client.get(), &o);
  e = nullptr;
  EXPECT_EQ(mj_async_run(host.get(), 0, &e), MJ_EINVALID_ARGUMENT);
  EXPECT_NE(std::string(mj_error_message(e)).find("mj_async_socket_action"), std::string::npos);
  mj_error_free(e);
  o.on_timer = nullptr;
  Async half = make(client.get(), &o);
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT);
  EXPECT_FALSE(half);
  mj_async_options big = MJ_ASYNC_OPTIONS_INIT;
  big.max_in_flight = 5000;
  EXPECT_FALSE(make(client.get(), &big));
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT);
  EXPECT_FALSE(make(nullptr));
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT);
  // A cancel of nothing, and NULLs where the header allows them.
  e = nullptr;
  EXPECT_EQ(mj_async_cancel(a.get(), 77, &e), MJ_ENOT_FOUND);
  mj_error_free(e);
  mj_async_result r = MJ_ASYNC_RESULT_INIT;
  EXPECT_EQ(mj_async_next(nullptr, &r), 0);
  EXPECT_EQ(mj_async_next(a.get(), nullptr), 0);
  EXPECT_EQ(mj_async_in_flight(nullptr), 0u);
  mj_async_wakeup(nullptr);
  mj_async_free(nullptr);
}

TEST_F(AsyncReads, ATransportFailureAndADeadlineEndTheirReadsInBothModes) {
  Client refused = retrying_client("http://127.0.0.1:" + std::to_string(closed_port()), 1);
  ASSERT_TRUE(refused);
  SilentServer silent;
  Client slow = make_client(silent.uri());

  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.timeout_ms = 300;
  Async self_refused = make(refused.get());
  ASSERT_EQ(start_import(self_refused.get(), "1", 1), MJ_OK);
  Async self_slow = make(slow.get());
  ASSERT_EQ(start_import(self_slow.get(), "1", 2, &call), MJ_OK);
  std::vector<Result> r = run_until(self_refused.get(), 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, MJ_ETRANSPORT) << r[0].message();
  r = run_until(self_slow.get(), 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, MJ_ETIMEOUT) << r[0].message();
  EXPECT_NE(r[0].message().find("within 300 ms"), std::string::npos) << r[0].message();

  Loop loop;
  mj_async_options o = loop.options();
  Async host_refused = make(refused.get(), &o);
  ASSERT_EQ(start_import(host_refused.get(), "1", 3), MJ_OK);
  r = loop.until(host_refused.get(), 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, MJ_ETRANSPORT) << r[0].message();
  Loop loop2;
  mj_async_options o2 = loop2.options();
  Async host_slow = make(slow.get(), &o2);
  ASSERT_EQ(start_import(host_slow.get(), "1", 4, &call), MJ_OK);
  r = loop2.until(host_slow.get(), 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, MJ_ETIMEOUT) << r[0].message();
}

TEST_F(AsyncReads, CancelByTagEndsAReadInFlightInBothModes) {
  SilentServer silent;
  Client slow = make_client(silent.uri());
  Async self = make(slow.get());
  ASSERT_EQ(start_import(self.get(), "1", 5), MJ_OK);
  ASSERT_EQ(start_import(self.get(), "1", 6), MJ_OK);
  mj_error* e = nullptr;
  ASSERT_EQ(mj_async_run(self.get(), 50, &e), MJ_OK);  // both sent, no answer
  ASSERT_EQ(mj_async_cancel(self.get(), 5, &e), MJ_OK);
  std::vector<Result> r = run_until(self.get(), 1, milliseconds(5000));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].tag, 5u);
  EXPECT_EQ(r[0].status, MJ_ECANCELLED) << r[0].message();
  EXPECT_EQ(mj_async_in_flight(self.get()), 1u);
  self.reset();  // tag 6 is dropped with the async, no result, no leak

  Loop loop;
  mj_async_options o = loop.options();
  Async host = make(slow.get(), &o);
  ASSERT_EQ(start_import(host.get(), "1", 9), MJ_OK);
  EXPECT_TRUE(loop.until(host.get(), 1, milliseconds(100)).empty());
  ASSERT_EQ(mj_async_cancel(host.get(), 9, &e), MJ_OK);
  r = loop.until(host.get(), 1, milliseconds(5000));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, MJ_ECANCELLED) << r[0].message();
  EXPECT_NE(r[0].message().find("get_import_progress"), std::string::npos) << r[0].message();
  EXPECT_EQ(mj_async_cancel(host.get(), 9, &e), MJ_ENOT_FOUND);
  mj_error_free(e);
}

TEST_F(AsyncReads, ACancelTokenTriggeredFromAnotherThreadWakesRunMeasured) {
  SilentServer silent;
  Client slow = make_client(silent.uri());
  Async a = make(slow.get());
  mj_cancel* token = nullptr;
  ASSERT_EQ(mj_cancel_new(&token, nullptr), MJ_OK);
  Cancel owned(token);
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.cancel = token;
  ASSERT_EQ(start_import(a.get(), "1", 1, &call), MJ_OK);
  std::thread trigger([&] {
    std::this_thread::sleep_for(milliseconds(150));
    mj_cancel_trigger(token);
  });
  const auto start = Clock::now();
  mj_error* e = nullptr;
  ASSERT_EQ(mj_async_run(a.get(), 5000, &e), MJ_OK);
  const int64_t took = ms_since(start);
  trigger.join();
  std::vector<Result> r = take_all(a.get());
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, MJ_ECANCELLED) << r[0].message();
  EXPECT_LT(took, 1500) << "run returned " << took << " ms after start, the token fired at 150 ms";
}

TEST_F(AsyncReads, WakeupEndsAWaitingRunMeasured) {
  Async a = make(client.get());
  std::thread waker([&] {
    std::this_thread::sleep_for(milliseconds(100));
    mj_async_wakeup(a.get());
  });
  const auto start = Clock::now();
  mj_error* e = nullptr;
  ASSERT_EQ(mj_async_run(a.get(), 10000, &e), MJ_OK);
  const int64_t took = ms_since(start);
  waker.join();
  EXPECT_GE(took, 50);
  EXPECT_LT(took, 2000) << "nothing in flight: run waits until woken";
  EXPECT_EQ(take_all(a.get()).size(), 0u);
  // A read started from another thread ends the wait too, with its result.
  std::thread starter([&] {
    std::this_thread::sleep_for(milliseconds(50));
    mj_error* err = nullptr;
    EXPECT_EQ(mj_async_get_import_progress(a.get(), import_id.c_str(), nullptr, 11, &err), MJ_OK);
  });
  std::vector<Result> r = run_until(a.get(), 1, milliseconds(5000));
  starter.join();
  ASSERT_EQ(r.size(), 1u);
  expect_same_as_blocking(r[0]);
}

TEST_F(AsyncReads, StatsCountAsyncReadsLikeBlockingOnes) {
  mj_client_stats before = {};
  before.struct_size = sizeof before;
  ASSERT_EQ(mj_client_stats_get(&before, client.get(), nullptr), MJ_OK);
  Async a = make(client.get());
  for (uint64_t tag = 0; tag < 5; ++tag) ASSERT_EQ(start_import(a.get(), import_id.c_str(), tag), MJ_OK);
  ASSERT_EQ(start_import(a.get(), "424242", 9), MJ_OK);
  ASSERT_EQ(run_until(a.get(), 6).size(), 6u);
  mj_client_stats after = {};
  after.struct_size = sizeof after;
  ASSERT_EQ(mj_client_stats_get(&after, client.get(), nullptr), MJ_OK);
  EXPECT_EQ(after.requests - before.requests, 6);
  EXPECT_EQ(after.answers_by_status[MJ_OK] - before.answers_by_status[MJ_OK], 5);
  EXPECT_EQ(after.answers_by_status[MJ_ENOT_FOUND] - before.answers_by_status[MJ_ENOT_FOUND], 1);
}

}  // namespace
}  // namespace mjtest
