#include "refresh_worker.hpp"

#include <algorithm>
#include <system_error>

#include <nlohmann/json.hpp>

#include "api_error.hpp"
#include "atomic_file.hpp"
#include "clock.hpp"
#include "row_count.hpp"
#include "scan.hpp"
#include "validate.hpp"

namespace devserver {

RefreshWorker::RefreshWorker(JobStore& store, WorkerPool& pool, WorkSettings settings)
    : store_(store), pool_(pool), settings_(std::move(settings)) {}

void RefreshWorker::start(std::int64_t jobId) {
  pool_.submit([this, jobId] {
    try {
      run(jobId);
    } catch (const std::exception& e) {
      fail(jobId, std::string("internal error in the dev server: ") + e.what());
    }
  });
}

void RefreshWorker::fail(std::int64_t jobId, const std::string& reason) {
  store_.updateRefresh(jobId, [&](RefreshJob& job) {
    if (isTerminal(job.state)) return false;
    job.state = RefreshState::Failed;
    job.reason = reason;
    job.endMs = nowMs();
    return true;
  });
}

void RefreshWorker::run(std::int64_t jobId) {
  const auto snapshot = store_.refreshJob(jobId);
  if (!snapshot || isTerminal(snapshot->state)) return;
  const RefreshJob& job = *snapshot;
  if (!pool_.pause(settings_.delay)) return;
  store_.updateRefresh(jobId, [](RefreshJob& j) {
    j.state = RefreshState::InProgress;
    j.progress = 0;
    return true;
  });

  ExternalSpecInfo spec;
  try {
    spec = parseExternalSpec(job.spec);
  } catch (const ApiError& e) {
    return fail(jobId, "cannot use the collection's external spec: " + e.message());
  }
  std::string mappingError;
  const auto dir = sourceToLocalDir(settings_.dataDir, job.source, mappingError);
  if (!dir) return fail(jobId, mappingError);
  if (!staysInDataDir(settings_.dataDir, *dir))
    return fail(jobId, "external source " + job.source +
                           " leads outside the dev server's data dir through a symbolic link; the dev server reads "
                           "only directories whose real location is inside --data-dir");
  std::error_code ec;
  if (!std::filesystem::is_directory(*dir, ec))
    return fail(jobId, "external source " + job.source + " maps to local directory " + dir->string() +
                           ", which does not exist (create it under --data-dir)");

  std::vector<DataFile> files;
  try {
    files = listDataFiles(*dir, spec.format);
  } catch (const std::exception& e) {
    return fail(jobId, "cannot scan local directory " + dir->string() + ": " + e.what());
  }
  for (const auto& file : files) {
    if (!staysInDataDir(settings_.dataDir, file.path))
      return fail(jobId, "external source " + job.source + " holds " + file.relative +
                             ", a symbolic link that leads outside the dev server's data dir; the dev server reads "
                             "only files whose real location is inside --data-dir");
  }

  nlohmann::json entries = nlohmann::json::array();
  std::int64_t totalRows = 0;
  std::int64_t totalSize = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!pool_.pause(settings_.delay)) return;
    const std::int64_t rows = cheapRowCount(files[i].path);
    entries.push_back({{"path", files[i].relative}, {"size", files[i].size}, {"rows", rows}});
    totalRows = (totalRows < 0 || rows < 0) ? -1 : totalRows + rows;
    totalSize += files[i].size;
    // 100 is kept for "manifest written".
    const std::int64_t progress = std::min<std::int64_t>(99, static_cast<std::int64_t>((i + 1) * 100 / files.size()));
    const bool stillRunning = store_.updateRefresh(jobId, [&](RefreshJob& j) {
      if (isTerminal(j.state)) return false;
      j.progress = progress;
      return true;
    });
    if (!stillRunning) return;
  }

  const std::string name = job.collection + "-" + std::to_string(jobId) + ".json";
  const nlohmann::json manifest{{"jobId", jobId},
                                {"dbName", job.db},
                                {"collectionName", job.collection},
                                {"externalSource", job.source},
                                {"externalSpec", redactExternalSpec(job.spec)},
                                {"format", spec.format},
                                {"localDir", dir->string()},
                                {"createdAt", nowMs()},
                                {"totalRows", totalRows},
                                {"totalSize", totalSize},
                                {"files", entries}};
  const std::string text = manifest.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  const std::filesystem::path target = settings_.dataDir / ".milvus-jobs" / "manifests" / name;
  try {
    writeFileAtomically(target, text);
    if (settings_.stateDir) writeFileAtomically(*settings_.stateDir / "manifests" / name, text);
  } catch (const std::exception& e) {
    return fail(jobId, std::string("cannot write the manifest: ") + e.what());
  }

  store_.updateRefresh(jobId, [&](RefreshJob& j) {
    if (isTerminal(j.state)) return false;
    j.state = RefreshState::Completed;
    j.progress = 100;
    j.endMs = nowMs();
    j.manifest = target.string();
    return true;
  });
}

}  // namespace devserver
