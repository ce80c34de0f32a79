// mj_wait_refresh / mj_wait_import against the dev server with slowed jobs:
// progress callbacks, terminal states, failure, a vanished job, deadline,
// cancellation (measured), backoff, transient failures.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "world.hpp"

namespace mjtest {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

int64_t ms_since(Clock::time_point t) { return std::chrono::duration_cast<milliseconds>(Clock::now() - t).count(); }

struct Seen {
  std::vector<int32_t> states;
  std::vector<int64_t> progress;
};

void on_refresh(const mj_refresh_job* job, void* user) {
  auto* seen = static_cast<Seen*>(user);
  seen->states.push_back(job->state);
  seen->progress.push_back(job->progress);
}

void on_import(const mj_import_job* job, void* user) {
  auto* seen = static_cast<Seen*>(user);
  seen->states.push_back(job->state);
  seen->progress.push_back(job->progress);
}

class Wait : public World {
 protected:
  mj_wait_options options(int64_t timeout_ms = 20000, int64_t initial = 20, int64_t max = 100) {
    mj_wait_options o = MJ_WAIT_OPTIONS_INIT;
    o.timeout_ms = timeout_ms;
    o.initial_interval_ms = initial;
    o.max_interval_ms = max;
    return o;
  }

  mj_status wait_refresh_job(int64_t id, const mj_wait_options* o, Seen* seen, RefreshJob& out) {
    mj_refresh_job* job = nullptr;
    mj_error* e = nullptr;
    status = mj_wait_refresh(&job, client.get(), id, o, seen ? on_refresh : nullptr, seen, &e);
    error.reset(e);
    out.reset(job);
    return status;
  }

  mj_status wait_import_job(const std::string& id, const mj_wait_options* o, Seen* seen, ImportJob& out) {
    mj_import_job* job = nullptr;
    mj_error* e = nullptr;
    status = mj_wait_import(&job, client.get(), id.c_str(), o, seen ? on_import : nullptr, seen, &e);
    error.reset(e);
    out.reset(job);
    return status;
  }
};

TEST_F(Wait, RefreshReportsEachChangeAndEndsCompleted) {
  start(150);
  const int64_t id = refresh("books_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  Seen seen;
  RefreshJob job;
  const auto o = options();
  ASSERT_EQ(wait_refresh_job(id, &o, &seen, job), MJ_OK) << message();
  ASSERT_TRUE(job);
  EXPECT_EQ(job->state, MJ_REFRESH_STATE_COMPLETED);
  EXPECT_EQ(job->progress, 100);
  EXPECT_EQ(job->job_id, id);
  ASSERT_GE(seen.states.size(), 2u) << "the first read and at least the end";
  EXPECT_EQ(seen.states.back(), MJ_REFRESH_STATE_COMPLETED);
  for (size_t i = 1; i < seen.states.size(); ++i) {
    EXPECT_GE(seen.progress[i], seen.progress[i - 1]);
    EXPECT_TRUE(seen.states[i] != seen.states[i - 1] || seen.progress[i] != seen.progress[i - 1])
        << "a callback without a change at " << i;
  }
}

TEST_F(Wait, ImportReportsProgressAndEndsCompleted) {
  start(100);
  const std::string id =
      bulk_import("quick_setup", {"import/rows.json", "import/rows_wrapped.json", "import/rows.csv"});
  ASSERT_EQ(status, MJ_OK) << message();
  Seen seen;
  ImportJob job;
  const auto o = options();
  ASSERT_EQ(wait_import_job(id, &o, &seen, job), MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_COMPLETED);
  EXPECT_EQ(job->imported_rows, 9);
  EXPECT_STREQ(job->job_id, id.c_str());
  ASSERT_GE(seen.states.size(), 3u) << "progress moves through the pre-import and import bands";
  EXPECT_EQ(seen.states.back(), MJ_IMPORT_STATE_COMPLETED);
  for (size_t i = 1; i < seen.progress.size(); ++i) EXPECT_GE(seen.progress[i], seen.progress[i - 1]);
}

TEST_F(Wait, ImportStopsAtUncommitted) {
  start(20);
  const std::string id = bulk_import("quick_setup", {"import/rows.json"}, {{"auto_commit", "false"}});
  ASSERT_EQ(status, MJ_OK) << message();
  ImportJob job;
  const auto o = options();
  ASSERT_EQ(wait_import_job(id, &o, nullptr, job), MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_UNCOMMITTED);
  ASSERT_EQ(mj_commit_import(client.get(), id.c_str(), nullptr, nullptr), MJ_OK);
  ASSERT_EQ(wait_import_job(id, &o, nullptr, job), MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_COMPLETED);
}

TEST_F(Wait, FailedImportReturnsJobFailedWithReasonAndTheJob) {
  start(20);
  const std::string id = bulk_import("quick_setup", {"import/broken.json"});
  ASSERT_EQ(status, MJ_OK) << message();
  ImportJob job;
  const auto o = options();
  ASSERT_EQ(wait_import_job(id, &o, nullptr, job), MJ_EJOB_FAILED);
  ASSERT_TRUE(job) << "the failed job comes back beside the error";
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_FAILED);
  EXPECT_NE(std::string(job->reason), "");
  EXPECT_NE(message().find(job->reason), std::string::npos) << message();
  EXPECT_NE(message().find(id), std::string::npos) << message();
  EXPECT_EQ(mj_error_status(error.get()), MJ_EJOB_FAILED);
}

TEST_F(Wait, FailedRefreshReturnsJobFailed) {
  start(20);
  const int64_t id = refresh("gone_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  RefreshJob job;
  const auto o = options();
  ASSERT_EQ(wait_refresh_job(id, &o, nullptr, job), MJ_EJOB_FAILED) << message();
  ASSERT_TRUE(job);
  EXPECT_EQ(job->state, MJ_REFRESH_STATE_FAILED);
  EXPECT_NE(message().find("failed: "), std::string::npos) << message();
}

TEST_F(Wait, UnknownJobIsNotFoundAndNothingIsReturned) {
  ImportJob job;
  const auto o = options();
  EXPECT_EQ(wait_import_job("123", &o, nullptr, job), MJ_ENOT_FOUND) << message();
  EXPECT_FALSE(job);
  RefreshJob rjob;
  EXPECT_EQ(wait_refresh_job(449012345678901234 + 99, &o, nullptr, rjob), MJ_ENOT_FOUND) << message();
  EXPECT_FALSE(rjob);
}

struct Forget {
  int port;
  std::string id;
  int calls = 0;
};

void forget_on_first_read(const mj_import_job*, void* user) {
  auto* f = static_cast<Forget*>(user);
  if (f->calls++ == 0) admin_forget(f->port, "import", f->id);
}

TEST_F(Wait, JobThatVanishesIsLost) {
  const std::string id = std::to_string(admin_seed_imports(server->port(), 1));
  Forget f{server->port(), id};
  const auto o = options();
  mj_import_job* job = nullptr;
  mj_error* e = nullptr;
  status = mj_wait_import(&job, client.get(), id.c_str(), &o, forget_on_first_read, &f, &e);
  error.reset(e);
  ImportJob owned(job);
  EXPECT_EQ(status, MJ_EJOB_LOST) << message();
  ASSERT_TRUE(owned) << "the last job read comes back";
  EXPECT_EQ(owned->state, MJ_IMPORT_STATE_IMPORTING);
  EXPECT_NE(message().find("vanished"), std::string::npos) << message();
  EXPECT_EQ(f.calls, 1);
}

TEST_F(Wait, DeadlinePassesWithTheLastJob) {
  const std::string id = std::to_string(admin_seed_imports(server->port(), 1));
  const auto o = options(300, 50, 100);
  ImportJob job;
  const auto t0 = Clock::now();
  EXPECT_EQ(wait_import_job(id, &o, nullptr, job), MJ_ETIMEOUT) << message();
  const auto took = ms_since(t0);
  EXPECT_GE(took, 290);
  EXPECT_LT(took, 1500);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_IMPORTING);
  EXPECT_NE(message().find("Importing"), std::string::npos) << message();
}

TEST_F(Wait, IntervalBacksOffToTheCap) {
  const std::string id = std::to_string(admin_seed_imports(server->port(), 1));
  const int64_t before = admin_served_requests(server->port());
  // Reads at 0, 100, 250, 475, 812, 1312, 1812 (cap 500): 7, not 20 at a fixed 100 ms.
  const auto o = options(2000, 100, 500);
  ImportJob job;
  EXPECT_EQ(wait_import_job(id, &o, nullptr, job), MJ_ETIMEOUT) << message();
  const int64_t polls = admin_served_requests(server->port()) - before - 1;  // minus the stats call itself
  EXPECT_GE(polls, 6);
  EXPECT_LE(polls, 9);
}

struct Trigger {
  mj_cancel* cancel;
  Clock::time_point at;
};

TEST_F(Wait, CancelWakesTheWaitFromItsSleepPromptly) {
  const std::string id = std::to_string(admin_seed_imports(server->port(), 1));
  mj_cancel* raw = nullptr;
  ASSERT_EQ(mj_cancel_new(&raw, nullptr), MJ_OK);
  Cancel cancel(raw);
  auto o = options(0, 5000, 5000);  // asleep for 5 s after the first read
  o.cancel = cancel.get();
  Clock::time_point fired;
  std::thread canceller([&] {
    std::this_thread::sleep_for(milliseconds(300));
    fired = Clock::now();
    mj_cancel_trigger(cancel.get());
  });
  ImportJob job;
  const mj_status s = wait_import_job(id, &o, nullptr, job);
  const auto returned = Clock::now();
  canceller.join();
  EXPECT_EQ(s, MJ_ECANCELLED) << message();
  const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(returned - fired).count();
  EXPECT_LT(latency, 100000) << "cancel to return: " << latency << " us";
  ASSERT_TRUE(job);
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_IMPORTING);
  std::printf("[ measured ] wait cancelled in its sleep: returned %lld us after mj_cancel_trigger\n",
              static_cast<long long>(latency));
}

TEST_F(Wait, CancelStopsAPollInFlightPromptlyMeasured) {
  SilentServer silent;
  Client c = make_client(silent.uri(), "", "", 10000);
  mj_cancel* raw = nullptr;
  ASSERT_EQ(mj_cancel_new(&raw, nullptr), MJ_OK);
  Cancel cancel(raw);
  auto o = options(0);
  o.cancel = cancel.get();
  Clock::time_point fired;
  std::thread canceller([&] {
    std::this_thread::sleep_for(milliseconds(300));
    fired = Clock::now();
    mj_cancel_trigger(cancel.get());
  });
  mj_refresh_job* job = nullptr;
  mj_error* e = nullptr;
  const mj_status s = mj_wait_refresh(&job, c.get(), 42, &o, nullptr, nullptr, &e);
  const auto returned = Clock::now();
  canceller.join();
  error.reset(e);
  EXPECT_EQ(s, MJ_ECANCELLED) << message();
  EXPECT_EQ(job, nullptr) << "never read";
  const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(returned - fired).count();
  EXPECT_LT(latency, 100000) << "cancel to return: " << latency << " us";
}

TEST_F(Wait, TransportFailuresAreRetriedUntilTheDeadline) {
  // A port nobody listens on: every poll fails to connect (retriable).
  int port;
  {
    SilentServer probe;
    port = probe.port();
  }
  Client c = make_client("http://127.0.0.1:" + std::to_string(port), "", "", 2000);
  const auto o = options(600, 50, 100);
  mj_import_job* job = nullptr;
  mj_error* e = nullptr;
  const auto t0 = Clock::now();
  const mj_status s = mj_wait_import(&job, c.get(), "1", &o, nullptr, nullptr, &e);
  error.reset(e);
  EXPECT_EQ(s, MJ_ETIMEOUT) << message();
  EXPECT_GE(ms_since(t0), 590);
  EXPECT_NE(message().find("last poll"), std::string::npos) << message();
  EXPECT_EQ(job, nullptr);
}

TEST_F(Wait, RefusesBadArguments) {
  mj_import_job* job = nullptr;
  EXPECT_EQ(mj_wait_import(nullptr, client.get(), "1", nullptr, nullptr, nullptr, nullptr), MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(mj_wait_import(&job, nullptr, "1", nullptr, nullptr, nullptr, nullptr), MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(mj_wait_import(&job, client.get(), nullptr, nullptr, nullptr, nullptr, nullptr), MJ_EINVALID_ARGUMENT);
  mj_wait_options o = MJ_WAIT_OPTIONS_INIT;
  o.timeout_ms = -1;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_wait_import(&job, client.get(), "1", &o, nullptr, nullptr, &e), MJ_EINVALID_ARGUMENT);
  error.reset(e);
  EXPECT_NE(message().find("the wait's timeout"), std::string::npos) << message();
  mj_refresh_job* rjob = nullptr;
  EXPECT_EQ(mj_wait_refresh(&rjob, client.get(), 0, nullptr, nullptr, nullptr, nullptr), MJ_EINVALID_ARGUMENT);
}

}  // namespace
}  // namespace mjtest
