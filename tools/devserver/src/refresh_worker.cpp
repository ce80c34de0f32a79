#include "refresh_worker.hpp"

#include <algorithm>
#include <system_error>

#include <nlohmann/json.hpp>

#include "api_error.hpp"
#include "atomic_file.hpp"
#include "clock.hpp"
#include "parquet_file.hpp"
#include "row_count.hpp"
#include "scan.hpp"
#include "validate.hpp"

namespace devserver {

RefreshWorker::RefreshWorker(JobStore& store, WorkerPool& pool, WorkSettings settings)
    : store_(store), pool_(pool), settings_(std::move(settings)) {}

void RefreshWorker::start(std::int64_t job_id) {
  pool_.submit([this, job_id] {
    try {
      run(job_id);
    } catch (const std::exception& e) {
      fail(job_id, std::string("internal error in the dev server: ") + e.what());
    }
  });
}

void RefreshWorker::fail(std::int64_t job_id, const std::string& reason) {
  store_.update_refresh(job_id, [&](RefreshJob& job) {
    if (is_terminal(job.state)) return false;
    job.state = RefreshState::Failed;
    job.reason = reason;
    job.end_ms = now_ms();
    return true;
  });
}

void RefreshWorker::run(std::int64_t job_id) {
  const auto snapshot = store_.refresh_job(job_id);
  if (!snapshot || is_terminal(snapshot->state)) return;
  const RefreshJob& job = *snapshot;
  if (!pool_.pause(settings_.delay)) return;
  store_.update_refresh(job_id, [](RefreshJob& j) {
    j.state = RefreshState::InProgress;
    j.progress = 0;
    return true;
  });

  ExternalSpecInfo spec;
  try {
    spec = parse_external_spec(job.spec);
  } catch (const ApiError& e) {
    return fail(job_id, "cannot use the collection's external spec: " + e.message());
  }
  std::string mapping_error;
  const auto dir = source_to_local_dir(settings_.data_dir, job.source, mapping_error);
  if (!dir) return fail(job_id, mapping_error);
  if (!stays_in_data_dir(settings_.data_dir, *dir))
    return fail(job_id, "external source " + job.source +
                            " leads outside the dev server's data dir through a symbolic link; the dev server reads "
                            "only directories whose real location is inside --data-dir");
  std::error_code ec;
  if (!std::filesystem::is_directory(*dir, ec))
    return fail(job_id, "external source " + job.source + " maps to local directory " + dir->string() +
                            ", which does not exist (create it under --data-dir)");

  std::vector<DataFile> files;
  try {
    files = list_data_files(*dir, spec.format);
  } catch (const std::exception& e) {
    return fail(job_id, "cannot scan local directory " + dir->string() + ": " + e.what());
  }
  for (const auto& file : files) {
    if (!stays_in_data_dir(settings_.data_dir, file.path))
      return fail(job_id, "external source " + job.source + " holds " + file.relative +
                              ", a symbolic link that leads outside the dev server's data dir; the dev server reads "
                              "only files whose real location is inside --data-dir");
  }

  nlohmann::json entries = nlohmann::json::array();
  std::int64_t total_rows = 0;
  std::int64_t total_size = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!pool_.pause(settings_.delay)) return;
    std::int64_t rows = -1;
    nlohmann::json entry{{"path", files[i].relative}, {"size", files[i].size}};
    if (row_format_of(files[i].relative) == RowFormat::Parquet) {
      // The footer: row count and column names; a file that is not Parquet says why.
      const ParquetSummary summary = read_parquet_summary(files[i].path);
      if (summary.ok) {
        rows = summary.rows;
        entry["columns"] = summary.columns;
      } else {
        entry["error"] = summary.error;
      }
    } else {
      rows = cheap_row_count(files[i].path);
    }
    entry["rows"] = rows;
    entries.push_back(std::move(entry));
    total_rows = (total_rows < 0 || rows < 0) ? -1 : total_rows + rows;
    total_size += files[i].size;
    // 100 is kept for "manifest written".
    const std::int64_t progress = std::min<std::int64_t>(99, static_cast<std::int64_t>((i + 1) * 100 / files.size()));
    const bool still_running = store_.update_refresh(job_id, [&](RefreshJob& j) {
      if (is_terminal(j.state)) return false;
      j.progress = progress;
      return true;
    });
    if (!still_running) return;
  }

  const std::string name = job.collection + "-" + std::to_string(job_id) + ".json";
  const nlohmann::json manifest{{"jobId", job_id},
                                {"dbName", job.db},
                                {"collectionName", job.collection},
                                {"externalSource", job.source},
                                {"externalSpec", redact_external_spec(job.spec)},
                                {"format", spec.format},
                                {"localDir", dir->string()},
                                {"createdAt", now_ms()},
                                {"totalRows", total_rows},
                                {"totalSize", total_size},
                                {"files", entries}};
  const std::string text = manifest.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  const std::filesystem::path target = settings_.data_dir / ".milvus-jobs" / "manifests" / name;
  try {
    write_file_atomically(target, text);
    if (settings_.state_dir) write_file_atomically(*settings_.state_dir / "manifests" / name, text);
  } catch (const std::exception& e) {
    return fail(job_id, std::string("cannot write the manifest: ") + e.what());
  }

  store_.update_refresh(job_id, [&](RefreshJob& j) {
    if (is_terminal(j.state)) return false;
    j.state = RefreshState::Completed;
    j.progress = 100;
    j.end_ms = now_ms();
    j.manifest = target.string();
    return true;
  });
}

}  // namespace devserver
