#include "import_worker.hpp"

#include <system_error>
#include <vector>

#include "api_error.hpp"
#include "clock.hpp"
#include "row_count.hpp"
#include "validate.hpp"

namespace devserver {
namespace {

constexpr std::size_t kNoTask = static_cast<std::size_t>(-1);

std::int64_t scaled(std::int64_t base, std::int64_t span, std::int64_t done, std::int64_t total) {
  return total <= 0 ? base + span : base + span * done / total;
}

std::string formatName(RowFormat format) {
  switch (format) {
    case RowFormat::Parquet: return "Parquet";
    case RowFormat::Numpy: return "Numpy";
    default: return "this";
  }
}

}  // namespace

ImportWorker::ImportWorker(JobStore& store, WorkerPool& pool, WorkSettings settings)
    : store_(store), pool_(pool), settings_(std::move(settings)) {}

void ImportWorker::start(std::int64_t jobId) {
  pool_.submit([this, jobId] { guarded(jobId, [&] { run(jobId); }); });
}

void ImportWorker::finishCommit(std::int64_t jobId) {
  pool_.submit([this, jobId] { guarded(jobId, [&] { commit(jobId); }); });
}

void ImportWorker::guarded(std::int64_t jobId, const std::function<void()>& work) {
  try {
    work();
  } catch (const std::exception& e) {
    fail(jobId, kNoTask, std::string("internal error in the dev server: ") + e.what());
  }
}

void ImportWorker::resume(std::int64_t jobId) {
  pool_.submit([this, jobId] { guarded(jobId, [&] { resumeNow(jobId); }); });
}

void ImportWorker::resumeNow(std::int64_t jobId) {
  const auto job = store_.importJob(jobId);
  if (!job) return;
  switch (job->phase) {
    case ImportPhase::Committing: return commit(jobId);
    case ImportPhase::Pending:
    case ImportPhase::PreImporting:
    case ImportPhase::Importing:
      store_.updateImport(jobId, [](ImportJob& j) {
        j.phase = ImportPhase::Pending;
        j.progress = 0;
        for (auto& task : j.tasks) {
          ImportTask fresh;
          fresh.paths = task.paths;
          task = std::move(fresh);
        }
        return true;
      });
      return run(jobId);
    default: return;
  }
}

bool ImportWorker::advance(std::int64_t jobId, ImportPhase expected, const std::function<void(ImportJob&)>& change) {
  return store_.updateImport(jobId, [&](ImportJob& job) {
    if (job.phase != expected) return false;  // aborted meanwhile
    change(job);
    return true;
  });
}

void ImportWorker::fail(std::int64_t jobId, std::size_t task, const std::string& reason) {
  store_.updateImport(jobId, [&](ImportJob& job) {
    if (isTerminal(job.phase)) return false;
    job.phase = ImportPhase::Failed;
    job.reason = reason;
    if (task < job.tasks.size()) {
      job.tasks[task].state = TaskState::Failed;
      job.tasks[task].reason = reason;
    }
    return true;
  });
}

void ImportWorker::run(std::int64_t jobId) {
  const auto snapshot = store_.importJob(jobId);
  if (!snapshot || snapshot->phase != ImportPhase::Pending) return;
  const ImportJob& job = *snapshot;

  char separator = ',';
  if (auto sep = job.options.find("sep"); sep != job.options.end()) {
    if (sep->second.size() != 1 || sep->second == "\"" || sep->second == "\n" || sep->second == "\r")
      return fail(jobId, kNoTask,
                  "invalid CSV separator " + goQuote(sep->second) +
                      ": the \"sep\" option must be one character "
                      "other than a quote or a line break");
    separator = sep->second[0];
  }

  if (!pool_.pause(settings_.delay)) return;
  if (!advance(jobId, ImportPhase::Pending, [](ImportJob& j) {
        j.phase = ImportPhase::PreImporting;
        j.progress = 10;
      }))
    return;

  // Sizes first, so progress can follow bytes; a missing file fails the job here.
  std::vector<std::vector<std::filesystem::path>> resolved(job.tasks.size());
  std::vector<std::int64_t> sizes(job.tasks.size(), 0);
  std::int64_t totalUnits = 0;
  for (std::size_t t = 0; t < job.tasks.size(); ++t) {
    for (const auto& path : job.tasks[t].paths) {
      std::filesystem::path local;
      try {
        local = resolveImportPath(settings_.dataDir, path);
      } catch (const ApiError& e) {
        return fail(jobId, t, e.message());
      }
      if (!staysInDataDir(settings_.dataDir, local))
        return fail(jobId, t,
                    "import file " + goQuote(path) +
                        " leads outside the dev server's data dir through a symbolic link; the dev server reads "
                        "only files whose real location is inside --data-dir");
      std::error_code ec;
      const auto size = std::filesystem::file_size(local, ec);
      if (ec || !std::filesystem::is_regular_file(local, ec))
        return fail(
            jobId, t,
            "import file " + goQuote(path) + " does not exist (the dev server looked for " + local.string() + ")");
      sizes[t] += static_cast<std::int64_t>(size);
      resolved[t].push_back(local);
    }
    totalUnits += sizes[t] + 1;  // +1 so empty files still move progress
  }

  // Pre-import: read every file and count its rows.
  std::int64_t doneUnits = 0;
  for (std::size_t t = 0; t < job.tasks.size(); ++t) {
    if (!advance(jobId, ImportPhase::PreImporting, [&](ImportJob& j) { j.tasks[t].state = TaskState::InProgress; }))
      return;
    std::int64_t rows = 0;
    for (std::size_t p = 0; p < resolved[t].size(); ++p) {
      if (!pool_.pause(settings_.delay)) return;
      const std::string& path = job.tasks[t].paths[p];
      const RowFormat format = rowFormatOf(path);
      if (!devServerCanRead(format))
        return fail(jobId, t,
                    "the dev server cannot read " + formatName(format) + " files (" + goQuote(path) +
                        "); it imports .json, .jsonl and .csv files");
      const RowCount count = countRows(resolved[t][p], format, separator);
      if (!count.ok) return fail(jobId, t, "failed to read import file " + goQuote(path) + ": " + count.error);
      rows += count.rows;
    }
    doneUnits += sizes[t] + 1;
    if (!advance(jobId, ImportPhase::PreImporting, [&](ImportJob& j) {
          j.tasks[t].fileSize = sizes[t];
          j.tasks[t].totalRows = rows;
          j.tasks[t].progress = 50;
          j.progress = scaled(10, 30, doneUnits, totalUnits);
        }))
      return;
  }

  if (!pool_.pause(settings_.delay)) return;
  if (!advance(jobId, ImportPhase::PreImporting, [](ImportJob& j) {
        j.phase = ImportPhase::Importing;
        j.progress = 40;
      }))
    return;

  // Import: the rows counted above become imported rows, one file group at a time.
  doneUnits = 0;
  for (std::size_t t = 0; t < job.tasks.size(); ++t) {
    if (!pool_.pause(settings_.delay)) return;
    doneUnits += sizes[t] + 1;
    if (!advance(jobId, ImportPhase::Importing, [&](ImportJob& j) {
          ImportTask& task = j.tasks[t];
          task.importedRows = task.totalRows;
          task.progress = 100;
          task.state = TaskState::Completed;
          task.completeTime = rfc3339Utc(nowMs());
          j.progress = scaled(40, 50, doneUnits, totalUnits);
        }))
      return;
  }

  if (!pool_.pause(settings_.delay)) return;
  advance(jobId, ImportPhase::Importing, [](ImportJob& j) {
    if (j.autoCommit) {
      j.phase = ImportPhase::Completed;
      j.progress = 100;
      j.completeTime = rfc3339Utc(nowMs());
    } else {
      j.phase = ImportPhase::Uncommitted;
      j.progress = 99;
    }
  });
}

void ImportWorker::commit(std::int64_t jobId) {
  if (!pool_.pause(settings_.delay)) return;
  advance(jobId, ImportPhase::Committing, [](ImportJob& j) {
    j.phase = ImportPhase::Completed;
    j.progress = 100;
    j.completeTime = rfc3339Utc(nowMs());
  });
}

}  // namespace devserver
