#include "jobs/lifecycle.hpp"

namespace mj::jobs {

std::string job_name(int64_t refresh_job_id) { return "refresh job " + std::to_string(refresh_job_id); }

std::string job_name(const std::string& import_job_id) { return "import job " + import_job_id; }

std::string snapshot_job_name(int64_t job_id) { return "snapshot restore job " + std::to_string(job_id); }

ErrorInfo job_failed_error(const std::string& job, const std::string& reason) {
  ErrorInfo info;
  info.category = Category::job_failed;
  info.message = job + " failed: " + (reason.empty() ? std::string("the server gave no reason") : reason);
  return info;
}

ErrorInfo job_lost_error(const std::string& job, const ErrorInfo& not_found) {
  ErrorInfo lost = not_found;
  lost.category = Category::job_lost;
  lost.retriable = false;
  lost.message = job + " vanished: the server reported it before and now answers \"not found\" (" + not_found.message +
                 "); jobs are garbage-collected after a while, or the server lost its state";
  return lost;
}

}  // namespace mj::jobs
