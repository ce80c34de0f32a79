// Waiting for one job to end: the poll loop every user would otherwise
// write, with an adaptive interval, a deadline, prompt cancellation and a
// callback on each change.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/error.hpp"
#include "jobs/client.hpp"
#include "protocol/types.hpp"

namespace mj::jobs {

struct WaitSettings {
  int64_t timeout_ms = 0;  // 0 = no deadline
  int64_t initial_interval_ms = 200;
  int64_t max_interval_ms = 5000;
  transport::CancelToken* cancel = nullptr;
  std::string db_name;  // "" = the client's
};

// The last job read (when it was read at least once) and, unless the wait
// ended well, why it did not.
template <class Job>
struct WaitResult {
  std::optional<Job> job;
  std::optional<ErrorInfo> error;
};

WaitResult<protocol::RefreshJob> wait_refresh(JobsClient& client, int64_t job_id, const WaitSettings& settings,
                                              const std::function<void(const protocol::RefreshJob&)>& on_change);

// Ends well on Completed. Since 0.4.
WaitResult<protocol::SnapshotJob> wait_snapshot_restore(
    JobsClient& client, int64_t job_id, const WaitSettings& settings,
    const std::function<void(const protocol::SnapshotJob&)>& on_change);

// Ends well on Completed and on Uncommitted (only the caller can commit).
WaitResult<protocol::ImportJob> wait_import(JobsClient& client, const std::string& job_id, const WaitSettings& settings,
                                            const std::function<void(const protocol::ImportJob&)>& on_change);

}  // namespace mj::jobs
