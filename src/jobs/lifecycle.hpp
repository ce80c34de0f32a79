// A job's lifecycle, the one place that says it: which states end a job
// (terminal), which of those is a failure, when a wait may stop, and the
// errors that name a failed or lost job. Used by wait (wait.cpp), the watcher
// (watcher.cpp) and the C API's mj_*_state_is_terminal.
#pragma once

#include <string>

#include "common/error.hpp"
#include "protocol/snapshot_types.hpp"
#include "protocol/types.hpp"

namespace mj::jobs {

// Completed and Failed end a job; nothing follows them.
constexpr bool is_terminal(protocol::RefreshState s) noexcept {
  return s == protocol::RefreshState::completed || s == protocol::RefreshState::failed;
}
constexpr bool is_terminal(protocol::ImportState s) noexcept {
  return s == protocol::ImportState::completed || s == protocol::ImportState::failed;
}

constexpr bool is_terminal(protocol::SnapshotState s) noexcept {
  return s == protocol::SnapshotState::completed || s == protocol::SnapshotState::failed;
}

constexpr bool is_failed(protocol::RefreshState s) noexcept { return s == protocol::RefreshState::failed; }
constexpr bool is_failed(protocol::SnapshotState s) noexcept { return s == protocol::SnapshotState::failed; }
constexpr bool is_failed(protocol::ImportState s) noexcept { return s == protocol::ImportState::failed; }

// A wait ends well at Completed, and an import's also at Uncommitted: only
// the caller can commit it, so waiting on would never end. (A watcher keeps
// watching an Uncommitted job: it changes again when committed or aborted.)
constexpr bool wait_ends_well(protocol::RefreshState s) noexcept { return s == protocol::RefreshState::completed; }
constexpr bool wait_ends_well(protocol::SnapshotState s) noexcept { return s == protocol::SnapshotState::completed; }
constexpr bool wait_ends_well(protocol::ImportState s) noexcept {
  return s == protocol::ImportState::completed || s == protocol::ImportState::uncommitted;
}

// "refresh job 42", "import job 4491...": how messages name a job.
std::string job_name(int64_t refresh_job_id);
std::string job_name(const std::string& import_job_id);
// "snapshot restore job 450123..." (an int64 id like a refresh's: its own name).
std::string snapshot_job_name(int64_t job_id);

// The job (named as job_name says) ended in Failed, for `reason` ("" when
// the server gave none).
ErrorInfo job_failed_error(const std::string& job, const std::string& reason);

// The job was read before and the server now answers "not found":
// `not_found` is that answer's error; the result keeps its server fields.
ErrorInfo job_lost_error(const std::string& job, const ErrorInfo& not_found);

}  // namespace mj::jobs
