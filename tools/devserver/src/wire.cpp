#include "wire.hpp"

#include "validate.hpp"

namespace devserver {
namespace {

using nlohmann::json;

// GetJobProgress reports no rows while a job is pending, pre-importing or failed.
bool reports_rows(ImportPhase phase) {
  return phase != ImportPhase::Pending && phase != ImportPhase::PreImporting && phase != ImportPhase::Failed;
}

std::int64_t job_progress(const ImportJob& job) { return job.phase == ImportPhase::Failed ? 0 : job.progress; }

}  // namespace

const char* import_state_on_wire(ImportPhase phase) {
  return phase == ImportPhase::PreImporting ? "Importing" : import_phase_name(phase);
}

std::string go_slice_string(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) out += ' ';
    out += items[i];
  }
  return out + "]";
}

json refresh_job_to_wire(const RefreshJob& job) {
  json data{{"jobId", job.id},
            {"collectionName", job.collection},
            {"state", refresh_state_name(job.state)},
            {"progress", job.progress},
            {"externalSource", job.source},
            {"externalSpec", redact_external_spec(job.spec)},
            {"startTime", job.start_ms},
            {"endTime", job.end_ms}};
  if (!job.reason.empty()) data["reason"] = job.reason;
  return data;
}

json import_job_to_wire(const ImportJob& job, const std::string& requested_job_id) {
  std::int64_t imported_rows = 0;
  std::int64_t total_rows = 0;
  std::int64_t file_size = 0;
  json details = json::array();
  for (const auto& task : job.tasks) {
    json detail{{"fileName", go_slice_string(task.paths)},
                {"fileSize", task.file_size},
                {"progress", task.progress},
                {"completeTime", task.complete_time},
                {"state", task_state_name(task.state)},
                {"importedRows", task.imported_rows},
                {"totalRows", task.total_rows}};
    if (!task.reason.empty()) detail["reason"] = task.reason;
    details.push_back(std::move(detail));
    imported_rows += task.imported_rows;
    total_rows += task.total_rows;
    file_size += task.file_size;
  }
  if (!reports_rows(job.phase)) {
    imported_rows = 0;
    total_rows = 0;
  }
  json data{{"jobId", requested_job_id},
            {"collectionName", job.collection},
            {"createTime", job.create_time},
            {"completeTime", job.complete_time},
            {"state", import_state_on_wire(job.phase)},
            {"progress", job_progress(job)},
            {"importedRows", imported_rows},
            {"totalRows", total_rows},
            {"fileSize", file_size},
            {"details", details}};
  if (!job.reason.empty()) data["reason"] = job.reason;
  return data;
}

json import_job_to_list_record(const ImportJob& job) {
  json record{{"jobId", std::to_string(job.id)},
              {"collectionName", job.collection},
              {"state", import_state_on_wire(job.phase)},
              {"progress", job_progress(job)}};
  if (!job.reason.empty()) record["reason"] = job.reason;
  return record;
}

}  // namespace devserver
