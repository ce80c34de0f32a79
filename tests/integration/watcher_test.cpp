// The watcher against the dev server: events for changes only, the last
// event of a job, failure, a job removed mid-watch (from another thread and
// from inside the callback), a vanished job, cancellation (measured), and
// thousands of jobs over a bounded pool of connections.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "faults.hpp"
#include "world.hpp"

namespace mjtest {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct WatcherDeleter {
  void operator()(mj_watcher* w) const { mj_watcher_free(w); }
};
struct EventDeleter {
  void operator()(mj_watch_event* e) const { mj_watch_event_free(e); }
};
using Watcher = std::unique_ptr<mj_watcher, WatcherDeleter>;
using Event = std::unique_ptr<mj_watch_event, EventDeleter>;

// What a test keeps of one event (the event itself is borrowed).
struct Seen {
  int32_t kind;
  std::string id;
  int32_t status;
  int32_t state = -1;
  int64_t progress = -1;
  std::string message;
  bool done;
};

Seen keep(const mj_watch_event* e) {
  Seen s{e->kind,     e->kind == MJ_JOB_REFRESH ? std::to_string(e->refresh_job_id) : e->import_job_id,
         e->status,   -1,
         -1,          e->error ? mj_error_message(e->error) : "",
         e->done != 0};
  if (e->refresh) {
    s.state = e->refresh->state;
    s.progress = e->refresh->progress;
  }
  if (e->import_job) {
    s.state = e->import_job->state;
    s.progress = e->import_job->progress;
  }
  return s;
}

class Watch : public World {
 protected:
  Watcher make(int64_t interval_ms = 50, int32_t connections = 4, mj_cancel* cancel = nullptr) {
    mj_watcher_options o = MJ_WATCHER_OPTIONS_INIT;
    o.interval_ms = interval_ms;
    o.max_connections = connections;
    o.cancel = cancel;
    mj_watcher* w = nullptr;
    mj_error* e = nullptr;
    status = mj_watcher_new(&w, client.get(), &o, &e);
    error.reset(e);
    if (status != MJ_OK) throw std::runtime_error("mj_watcher_new: " + message());
    return Watcher(w);
  }

  static void collect(const mj_watch_event* e, void* user) {
    static_cast<std::vector<Seen>*>(user)->push_back(keep(e));
  }

  mj_status run(mj_watcher* w, std::vector<Seen>& events, int64_t timeout_ms = 20000) {
    mj_error* e = nullptr;
    status = mj_watcher_run(w, timeout_ms, collect, &events, &e);
    error.reset(e);
    return status;
  }

  // The next event within timeout_ms, or nothing.
  std::optional<Seen> next(mj_watcher* w, int64_t timeout_ms = 5000) {
    mj_watch_event* ev = nullptr;
    mj_error* e = nullptr;
    status = mj_watcher_next(&ev, w, timeout_ms, &e);
    error.reset(e);
    Event owned(ev);
    if (!owned) return std::nullopt;
    return keep(owned.get());
  }
};

TEST_F(Watch, ReportsChangesOnlyUntilEveryJobEnds) {
  start(60);
  const std::string a = bulk_import("quick_setup", {"import/rows.json", "import/rows.csv"});
  const std::string b = bulk_import("quick_setup", {"import/rows_wrapped.json"});
  const int64_t r = refresh("books_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  Watcher w = make(30);
  ASSERT_EQ(mj_watcher_add_import(w.get(), a.c_str(), nullptr), MJ_OK);
  ASSERT_EQ(mj_watcher_add_import(w.get(), b.c_str(), nullptr), MJ_OK);
  ASSERT_EQ(mj_watcher_add_import(w.get(), a.c_str(), nullptr), MJ_OK) << "adding twice is a no-op";
  ASSERT_EQ(mj_watcher_add_refresh(w.get(), r, nullptr), MJ_OK);
  EXPECT_EQ(mj_watcher_size(w.get()), 3u);

  std::vector<Seen> events;
  ASSERT_EQ(run(w.get(), events), MJ_OK) << message();
  EXPECT_EQ(mj_watcher_size(w.get()), 0u);
  std::map<std::string, std::vector<Seen>> by_job;
  for (const auto& e : events) by_job[e.id].push_back(e);
  ASSERT_EQ(by_job.size(), 3u);
  for (const auto& [id, list] : by_job) {
    for (size_t i = 0; i < list.size(); ++i) {
      EXPECT_EQ(list[i].status, MJ_OK) << id << ": " << list[i].message;
      EXPECT_EQ(list[i].done, i + 1 == list.size()) << id << " event " << i;
      if (i > 0) {
        EXPECT_TRUE(list[i].state != list[i - 1].state || list[i].progress != list[i - 1].progress)
            << id << ": an event without a change";
        EXPECT_GE(list[i].progress, list[i - 1].progress);
      }
    }
    EXPECT_EQ(list.back().progress, 100) << id;
  }
  EXPECT_EQ(by_job[a].back().state, MJ_IMPORT_STATE_COMPLETED);
  EXPECT_EQ(by_job[std::to_string(r)].back().state, MJ_REFRESH_STATE_COMPLETED);
  EXPECT_EQ(by_job[std::to_string(r)].back().kind, MJ_JOB_REFRESH);
  EXPECT_GE(by_job[a].size(), 2u) << "progress was seen moving";
}

TEST_F(Watch, FailedJobEndsWithJobFailedAndTheJob) {
  start(20);
  const std::string id = bulk_import("quick_setup", {"import/broken.json"});
  Watcher w = make(20);
  ASSERT_EQ(mj_watcher_add_import(w.get(), id.c_str(), nullptr), MJ_OK);
  std::vector<Seen> events;
  ASSERT_EQ(run(w.get(), events), MJ_OK) << message();
  ASSERT_FALSE(events.empty());
  const Seen& last = events.back();
  EXPECT_EQ(last.status, MJ_EJOB_FAILED);
  EXPECT_TRUE(last.done);
  EXPECT_EQ(last.state, MJ_IMPORT_STATE_FAILED) << "the failed job comes with the event";
  EXPECT_NE(last.message.find("failed: "), std::string::npos) << last.message;
}

TEST_F(Watch, UnknownJobEndsWithNotFound) {
  Watcher w = make();
  ASSERT_EQ(mj_watcher_add_import(w.get(), "12345", nullptr), MJ_OK);
  auto e = next(w.get());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->status, MJ_ENOT_FOUND) << e->message;
  EXPECT_TRUE(e->done);
  EXPECT_EQ(mj_watcher_size(w.get()), 0u);
  EXPECT_FALSE(next(w.get(), 100)) << "nothing is left";
  EXPECT_EQ(status, MJ_OK);
}

TEST_F(Watch, VanishedJobIsLost) {
  const int64_t first = admin_seed_imports(server->port(), 2);
  const std::string gone = std::to_string(first);
  const std::string kept = std::to_string(first + 1);
  Watcher w = make(30);
  ASSERT_EQ(mj_watcher_add_import(w.get(), gone.c_str(), nullptr), MJ_OK);
  ASSERT_EQ(mj_watcher_add_import(w.get(), kept.c_str(), nullptr), MJ_OK);
  for (int i = 0; i < 2; ++i) {
    auto e = next(w.get());
    ASSERT_TRUE(e) << message();
    EXPECT_EQ(e->status, MJ_OK);
    EXPECT_FALSE(e->done);
  }
  admin_forget(server->port(), "import", gone);
  auto e = next(w.get());
  ASSERT_TRUE(e) << message();
  EXPECT_EQ(e->id, gone);
  EXPECT_EQ(e->status, MJ_EJOB_LOST) << e->message;
  EXPECT_TRUE(e->done);
  EXPECT_NE(e->message.find("vanished"), std::string::npos) << e->message;
  EXPECT_EQ(mj_watcher_size(w.get()), 1u);
  EXPECT_FALSE(next(w.get(), 200)) << "the other job does not change";
}

TEST_F(Watch, RemovedJobGetsNoMoreEvents) {
  const int64_t first = admin_seed_imports(server->port(), 2);
  const std::string removed = std::to_string(first);
  const std::string kept = std::to_string(first + 1);
  Watcher w = make(20);
  ASSERT_EQ(mj_watcher_add_import(w.get(), removed.c_str(), nullptr), MJ_OK);
  ASSERT_EQ(mj_watcher_add_import(w.get(), kept.c_str(), nullptr), MJ_OK);
  ASSERT_TRUE(next(w.get()));
  ASSERT_TRUE(next(w.get()));
  // Removed from another thread while the watcher is driven.
  std::thread remover([&] {
    std::this_thread::sleep_for(milliseconds(50));
    EXPECT_EQ(mj_watcher_remove_import(w.get(), removed.c_str(), nullptr), MJ_OK);
    admin_set_imports(server->port(), first, 2, "Importing", 50);
  });
  std::vector<Seen> events;
  mj_error* e = nullptr;
  // Runs until the kept job's change shows (its event), then on to the timeout.
  status = mj_watcher_run(w.get(), 600, collect, &events, &e);
  error.reset(e);
  remover.join();
  EXPECT_EQ(status, MJ_ETIMEOUT);
  for (const auto& ev : events) EXPECT_NE(ev.id, removed) << "an event after the job was removed";
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].id, kept);
  EXPECT_EQ(events[0].progress, 50);
  mj_error* not_watched = nullptr;
  EXPECT_EQ(mj_watcher_remove_import(w.get(), removed.c_str(), &not_watched), MJ_ENOT_FOUND);
  mj_error_free(not_watched);
  EXPECT_EQ(mj_watcher_size(w.get()), 1u);
}

struct RemoveInside {
  mj_watcher* w;
  int events = 0;
};

void remove_on_event(const mj_watch_event* e, void* user) {
  auto* r = static_cast<RemoveInside*>(user);
  ++r->events;
  mj_watcher_remove_import(r->w, e->import_job_id, nullptr);
}

TEST_F(Watch, JobRemovedFromInsideTheCallback) {
  const int64_t first = admin_seed_imports(server->port(), 3);
  Watcher w = make(20);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(mj_watcher_add_import(w.get(), std::to_string(first + i).c_str(), nullptr), MJ_OK);
  }
  RemoveInside r{w.get()};
  mj_error* e = nullptr;
  status = mj_watcher_run(w.get(), 5000, remove_on_event, &r, &e);
  error.reset(e);
  EXPECT_EQ(status, MJ_OK) << "every job removed: run returns" << message();
  EXPECT_EQ(r.events, 3);
  EXPECT_EQ(mj_watcher_size(w.get()), 0u);
}

TEST_F(Watch, JobAddedFromAnotherThreadIsPolledAtOnce) {
  const int64_t first = admin_seed_imports(server->port(), 2);
  Watcher w = make(60000);  // a long interval: only the first poll of each job happens
  ASSERT_EQ(mj_watcher_add_import(w.get(), std::to_string(first).c_str(), nullptr), MJ_OK);
  ASSERT_TRUE(next(w.get()));
  Clock::time_point added;
  std::thread adder([&] {
    std::this_thread::sleep_for(milliseconds(200));
    added = Clock::now();
    mj_watcher_add_import(w.get(), std::to_string(first + 1).c_str(), nullptr);
  });
  auto e = next(w.get(), 5000);
  const auto got = Clock::now();
  adder.join();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->id, std::to_string(first + 1));
  EXPECT_LT(std::chrono::duration_cast<milliseconds>(got - added).count(), 500);
}

TEST_F(Watch, CancelStopsRunPromptlyMeasured) {
  const int64_t first = admin_seed_imports(server->port(), 50);
  mj_cancel* raw = nullptr;
  ASSERT_EQ(mj_cancel_new(&raw, nullptr), MJ_OK);
  Cancel cancel(raw);
  Watcher w = make(100, 4, cancel.get());
  for (int i = 0; i < 50; ++i) mj_watcher_add_import(w.get(), std::to_string(first + i).c_str(), nullptr);
  Clock::time_point fired;
  std::thread canceller([&] {
    std::this_thread::sleep_for(milliseconds(400));
    fired = Clock::now();
    mj_cancel_trigger(cancel.get());
  });
  std::vector<Seen> events;
  const mj_status s = run(w.get(), events, -1);
  const auto returned = Clock::now();
  canceller.join();
  EXPECT_EQ(s, MJ_ECANCELLED) << message();
  EXPECT_EQ(events.size(), 50u) << "one first-read event per job";
  const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(returned - fired).count();
  EXPECT_LT(latency, 100000) << "cancel to return: " << latency << " us";
  std::printf("[ measured ] watcher cancelled: returned %lld us after mj_cancel_trigger\n",
              static_cast<long long>(latency));
}

TEST_F(Watch, TransientFailureIsReportedOnceAndTheJobStays) {
  int port;
  {
    SilentServer probe;  // a free port, then nobody listens there
    port = probe.port();
  }
  Client c = make_client("http://127.0.0.1:" + std::to_string(port));
  mj_watcher_options o = MJ_WATCHER_OPTIONS_INIT;
  o.interval_ms = 20;
  mj_watcher* raw = nullptr;
  ASSERT_EQ(mj_watcher_new(&raw, c.get(), &o, nullptr), MJ_OK);
  Watcher w(raw);
  ASSERT_EQ(mj_watcher_add_refresh(w.get(), 7, nullptr), MJ_OK);
  std::vector<Seen> events;
  EXPECT_EQ(run(w.get(), events, 400), MJ_ETIMEOUT);
  ASSERT_EQ(events.size(), 1u) << "the same failure again is not a change";
  EXPECT_EQ(events[0].status, MJ_ETRANSPORT) << events[0].message;
  EXPECT_FALSE(events[0].done);
  EXPECT_EQ(mj_watcher_size(w.get()), 1u);
}

// A 429 with Retry-After: 2 puts the job's next poll 2 s out, not one
// interval (50 ms) out; then the job is read and ends as usual.
TEST_F(Watch, RetryAfterDelaysTheNextPollOfThatJob) {
  const std::string id = bulk_import("quick_setup", {"import/rows.json"});
  std::vector<Seen> settled;
  {
    Watcher w = make(50);
    ASSERT_EQ(mj_watcher_add_import(w.get(), id.c_str(), nullptr), MJ_OK);
    ASSERT_EQ(run(w.get(), settled), MJ_OK) << message();  // the job ends: the import is fast
  }
  clear_faults(*server);
  add_faults(*server, "import/describe=429:2");
  Watcher w = make(50);
  ASSERT_EQ(mj_watcher_add_import(w.get(), id.c_str(), nullptr), MJ_OK);
  const auto t0 = Clock::now();
  std::optional<Seen> first = next(w.get());
  ASSERT_TRUE(first) << message();
  EXPECT_EQ(first->status, MJ_ERATE_LIMITED) << first->message;
  EXPECT_FALSE(first->done);
  // Within the pause: no second request, no event.
  EXPECT_FALSE(next(w.get(), 1200)) << "polled again before Retry-After passed";
  EXPECT_EQ(requests_seen(*server, "import/describe"), 1);
  std::optional<Seen> second = next(w.get(), 5000);
  const auto waited = std::chrono::duration_cast<milliseconds>(Clock::now() - t0).count();
  ASSERT_TRUE(second) << message();
  EXPECT_EQ(second->status, MJ_OK) << second->message;
  EXPECT_TRUE(second->done);
  EXPECT_GE(waited, 1900) << "the second poll came " << waited << " ms after the first";
  EXPECT_LT(waited, 4000);
  EXPECT_EQ(requests_seen(*server, "import/describe"), 2);
}

TEST_F(Watch, NextWithZeroTimeoutReturnsOnlyWhatIsReady) {
  Watcher w = make();
  mj_watch_event* ev = reinterpret_cast<mj_watch_event*>(1);
  EXPECT_EQ(mj_watcher_next(&ev, w.get(), 0, nullptr), MJ_OK);
  EXPECT_EQ(ev, nullptr) << "no job watched";
}

TEST_F(Watch, ThousandsOfJobsOverABoundedPool) {
  constexpr int kJobs = 2000;
  constexpr int kConnections = 8;
  const int64_t first = admin_seed_imports(server->port(), kJobs);
  Watcher w = make(50, kConnections);
  for (int i = 0; i < kJobs; ++i) {
    ASSERT_EQ(mj_watcher_add_import(w.get(), std::to_string(first + i).c_str(), nullptr), MJ_OK);
  }
  EXPECT_EQ(mj_watcher_size(w.get()), static_cast<size_t>(kJobs));
  std::map<std::string, int> firsts;
  int max_connections = 0;
  const auto t0 = Clock::now();
  while (firsts.size() < static_cast<size_t>(kJobs)) {
    auto e = next(w.get(), 10000);
    ASSERT_TRUE(e) << message();
    ASSERT_EQ(e->status, MJ_OK) << e->message;
    ++firsts[e->id];
    if (firsts.size() % 250 == 0) max_connections = std::max(max_connections, count_client_connections(server->port()));
  }
  const auto round_ms = std::chrono::duration_cast<milliseconds>(Clock::now() - t0).count();
  for (const auto& [id, n] : firsts) ASSERT_EQ(n, 1) << id << ": more than one event without a change";
  EXPECT_GT(max_connections, 0);
  EXPECT_LE(max_connections, kConnections);
  admin_set_imports(server->port(), first, kJobs, "Completed", 100);
  std::vector<Seen> events;
  ASSERT_EQ(run(w.get(), events, 30000), MJ_OK) << message();
  EXPECT_EQ(events.size(), static_cast<size_t>(kJobs));
  for (const auto& e : events) ASSERT_TRUE(e.done && e.status == MJ_OK && e.state == MJ_IMPORT_STATE_COMPLETED);
  EXPECT_EQ(mj_watcher_size(w.get()), 0u);
  std::printf("[ measured ] %d jobs: first round %lld ms over at most %d connections\n", kJobs,
              static_cast<long long>(round_ms), max_connections);
}

TEST_F(Watch, RefusesBadArguments) {
  mj_watcher* w = nullptr;
  EXPECT_EQ(mj_watcher_new(&w, nullptr, nullptr, nullptr), MJ_EINVALID_ARGUMENT);
  mj_watcher_options o = MJ_WATCHER_OPTIONS_INIT;
  o.max_connections = 5000;
  EXPECT_EQ(mj_watcher_new(&w, client.get(), &o, nullptr), MJ_EINVALID_ARGUMENT);
  Watcher ok = make();
  EXPECT_EQ(mj_watcher_add_refresh(ok.get(), 0, nullptr), MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(mj_watcher_add_import(ok.get(), "", nullptr), MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(mj_watcher_add_import(ok.get(), nullptr, nullptr), MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(mj_watcher_run(ok.get(), 0, nullptr, nullptr, nullptr), MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(mj_watcher_remove_refresh(ok.get(), 5, nullptr), MJ_ENOT_FOUND);
  EXPECT_EQ(mj_watcher_size(nullptr), 0u);
  mj_watcher_free(nullptr);
  mj_watch_event_free(nullptr);
}

}  // namespace
}  // namespace mjtest
