#include "jobs/wait.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

#include <thread>

#include "common/deadline.hpp"
#include "jobs/lifecycle.hpp"
#include "jobs/validate.hpp"

namespace mj::jobs {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// What differs between the two kinds of job.
struct RefreshKind {
  using Job = protocol::RefreshJob;
  static Job read(JobsClient& c, int64_t id, const CallContext& ctx) { return c.get_refresh_progress(id, ctx); }
  static bool failed(const Job& j) { return is_failed(j.state); }
  static bool ended_well(const Job& j) { return wait_ends_well(j.state); }
  static int32_t state(const Job& j) { return static_cast<int32_t>(j.state); }
  static std::string name(int64_t id) { return job_name(id); }
};

struct SnapshotKind {
  using Job = protocol::SnapshotJob;
  static Job read(JobsClient& c, int64_t id, const CallContext& ctx) {
    return c.get_snapshot_restore_progress(id, ctx);
  }
  static bool failed(const Job& j) { return is_failed(j.state); }
  static bool ended_well(const Job& j) { return wait_ends_well(j.state); }
  static int32_t state(const Job& j) { return static_cast<int32_t>(j.state); }
  static std::string name(int64_t id) { return snapshot_job_name(id); }
};

struct ImportKind {
  using Job = protocol::ImportJob;
  static Job read(JobsClient& c, const std::string& id, const CallContext& ctx) {
    return c.get_import_progress(id, ctx);
  }
  static bool failed(const Job& j) { return is_failed(j.state); }
  static bool ended_well(const Job& j) { return wait_ends_well(j.state); }
  static int32_t state(const Job& j) { return static_cast<int32_t>(j.state); }
  static std::string name(const std::string& id) { return job_name(id); }
};

ErrorInfo wait_error(Category category, std::string message) {
  ErrorInfo info;
  info.category = category;
  info.message = std::move(message);
  return info;
}

template <class Kind, class Id>
WaitResult<typename Kind::Job> wait_for(JobsClient& client, const Id& id, const WaitSettings& s,
                                        const std::function<void(const typename Kind::Job&)>& on_change) {
  using Job = typename Kind::Job;
  if (s.timeout_ms < 0 || s.initial_interval_ms < 0 || s.max_interval_ms < 0) {
    throw_invalid("the wait's timeout, initial interval and max interval must be >= 0 (0 = default)");
  }
  const int64_t max_interval = bounded_ms(s.max_interval_ms > 0 ? s.max_interval_ms : 5000);
  int64_t interval = std::min(s.initial_interval_ms > 0 ? s.initial_interval_ms : 200, max_interval);
  const auto start = Clock::now();
  const bool has_deadline = s.timeout_ms > 0;
  const auto deadline = has_deadline ? deadline_after(start, s.timeout_ms) : Clock::time_point::max();
  const std::string what = Kind::name(id);

  WaitResult<Job> result;
  std::string last_failure;  // the latest transient poll failure, for the timeout message
  auto state_text = [&] {
    return result.job ? " (last seen " + result.job->state_name + ", " + std::to_string(result.job->progress) + "%)"
                      : std::string(" (never read)");
  };
  auto cancelled = [&] {
    result.error = wait_error(Category::cancelled, "the wait for " + what + " was cancelled" + state_text());
    return result;
  };
  auto timed_out = [&] {
    result.error = wait_error(Category::timeout, "the wait for " + what + " passed its deadline of " +
                                                     std::to_string(s.timeout_ms) + " ms" + state_text() +
                                                     (last_failure.empty() ? "" : "; last poll: " + last_failure) +
                                                     "; raise the wait's timeout");
    result.error->hint = Hint::raise_wait_timeout;
    return result;
  };

  while (true) {
    if (s.cancel && s.cancel->triggered()) return cancelled();
    const auto now = Clock::now();
    if (now >= deadline) return timed_out();

    CallContext ctx;
    ctx.cancel = s.cancel;
    ctx.db_name = s.db_name;
    ctx.timeout_ms = client.request_timeout_ms();
    ctx.max_attempts = 1;  // a failed poll is tried again at the next interval
    if (has_deadline) {
      const int64_t left = std::chrono::duration_cast<milliseconds>(deadline - now).count();
      ctx.timeout_ms = std::max<int64_t>(1, std::min(ctx.timeout_ms, left));
    }
    try {
      Job job = Kind::read(client, id, ctx);
      const bool changed = !result.job || Kind::state(*result.job) != Kind::state(job) ||
                           result.job->progress != job.progress || result.job->state_name != job.state_name;
      result.job = std::move(job);
      last_failure.clear();
      if (changed && on_change) on_change(*result.job);
      if (Kind::ended_well(*result.job)) return result;
      if (Kind::failed(*result.job)) {
        result.error = job_failed_error(what, result.job->reason);
        return result;
      }
    } catch (const Error& e) {
      const ErrorInfo& info = e.info();
      if (info.category == Category::cancelled && s.cancel && s.cancel->triggered()) return cancelled();
      if (info.category == Category::not_found) {
        if (!result.job) throw;  // never seen: a wrong id, not a lost job
        result.error = job_lost_error(what, info);
        return result;
      }
      if (info.category == Category::timeout && Clock::now() >= deadline) return timed_out();
      if (!info.retriable) {
        result.error = info;
        return result;
      }
      last_failure = info.message;
    }

    // The token wakes the sleep at once when it is triggered.
    const auto pause = std::chrono::duration_cast<milliseconds>(
        std::min(deadline, deadline_after(Clock::now(), interval)) - Clock::now());
    if (s.cancel) {
      if (s.cancel->sleep_for(pause)) return cancelled();
    } else if (pause.count() > 0) {
      std::this_thread::sleep_for(pause);
    }
    interval = std::min<int64_t>(max_interval, interval + interval / 2);
  }
}

}  // namespace

WaitResult<protocol::RefreshJob> wait_refresh(JobsClient& client, int64_t job_id, const WaitSettings& settings,
                                              const std::function<void(const protocol::RefreshJob&)>& on_change) {
  check_refresh_job_id(job_id);
  return wait_for<RefreshKind>(client, job_id, settings, on_change);
}

WaitResult<protocol::SnapshotJob> wait_snapshot_restore(
    JobsClient& client, int64_t job_id, const WaitSettings& settings,
    const std::function<void(const protocol::SnapshotJob&)>& on_change) {
  if (job_id <= 0) throw_invalid("job_id must be > 0 (the id the snapshot restore's start returned)");
  return wait_for<SnapshotKind>(client, job_id, settings, on_change);
}

WaitResult<protocol::ImportJob> wait_import(JobsClient& client, const std::string& job_id, const WaitSettings& settings,
                                            const std::function<void(const protocol::ImportJob&)>& on_change) {
  return wait_for<ImportKind>(client, job_id, settings, on_change);
}

}  // namespace mj::jobs
