#include "wire.hpp"

#include "validate.hpp"

namespace devserver {
namespace {

using nlohmann::json;

// GetJobProgress reports no rows while a job is pending, pre-importing or failed.
bool reportsRows(ImportPhase phase) {
  return phase != ImportPhase::Pending && phase != ImportPhase::PreImporting && phase != ImportPhase::Failed;
}

std::int64_t jobProgress(const ImportJob& job) { return job.phase == ImportPhase::Failed ? 0 : job.progress; }

}  // namespace

const char* importStateOnWire(ImportPhase phase) {
  return phase == ImportPhase::PreImporting ? "Importing" : importPhaseName(phase);
}

std::string goSliceString(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) out += ' ';
    out += items[i];
  }
  return out + "]";
}

json refreshJobToWire(const RefreshJob& job) {
  json data{{"jobId", job.id},
            {"collectionName", job.collection},
            {"state", refreshStateName(job.state)},
            {"progress", job.progress},
            {"externalSource", job.source},
            {"externalSpec", redactExternalSpec(job.spec)},
            {"startTime", job.startMs},
            {"endTime", job.endMs}};
  if (!job.reason.empty()) data["reason"] = job.reason;
  return data;
}

json importJobToWire(const ImportJob& job, const std::string& requestedJobId) {
  std::int64_t importedRows = 0;
  std::int64_t totalRows = 0;
  std::int64_t fileSize = 0;
  json details = json::array();
  for (const auto& task : job.tasks) {
    json detail{{"fileName", goSliceString(task.paths)},
                {"fileSize", task.fileSize},
                {"progress", task.progress},
                {"completeTime", task.completeTime},
                {"state", taskStateName(task.state)},
                {"importedRows", task.importedRows},
                {"totalRows", task.totalRows}};
    if (!task.reason.empty()) detail["reason"] = task.reason;
    details.push_back(std::move(detail));
    importedRows += task.importedRows;
    totalRows += task.totalRows;
    fileSize += task.fileSize;
  }
  if (!reportsRows(job.phase)) {
    importedRows = 0;
    totalRows = 0;
  }
  json data{{"jobId", requestedJobId},
            {"collectionName", job.collection},
            {"createTime", job.createTime},
            {"completeTime", job.completeTime},
            {"state", importStateOnWire(job.phase)},
            {"progress", jobProgress(job)},
            {"importedRows", importedRows},
            {"totalRows", totalRows},
            {"fileSize", fileSize},
            {"details", details}};
  if (!job.reason.empty()) data["reason"] = job.reason;
  return data;
}

json importJobToListRecord(const ImportJob& job) {
  json record{{"jobId", std::to_string(job.id)},
              {"collectionName", job.collection},
              {"state", importStateOnWire(job.phase)},
              {"progress", jobProgress(job)}};
  if (!job.reason.empty()) record["reason"] = job.reason;
  return record;
}

}  // namespace devserver
