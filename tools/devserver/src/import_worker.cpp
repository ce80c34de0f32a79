#include "import_worker.hpp"

#include <memory>
#include <system_error>
#include <vector>

#include "api_error.hpp"
#include "clock.hpp"
#include "numpy_file.hpp"
#include "row_count.hpp"
#include "validate.hpp"

namespace devserver {
namespace {

constexpr std::size_t kNoTask = static_cast<std::size_t>(-1);

std::int64_t scaled(std::int64_t base, std::int64_t span, std::int64_t done, std::int64_t total) {
  return total <= 0 ? base + span : base + span * done / total;
}

std::string go_slice(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? " " : "") + items[i];
  return out + "]";
}

}  // namespace

ImportWorker::ImportWorker(JobStore& store, WorkerPool& pool, WorkSettings settings)
    : store_(store), pool_(pool), settings_(std::move(settings)) {}

void ImportWorker::start(std::int64_t job_id) {
  pool_.submit([this, job_id] { guarded(job_id, [&] { run(job_id); }); });
}

void ImportWorker::finish_commit(std::int64_t job_id) {
  pool_.submit([this, job_id] { guarded(job_id, [&] { commit(job_id); }); });
}

void ImportWorker::guarded(std::int64_t job_id, const std::function<void()>& work) {
  try {
    work();
  } catch (const std::exception& e) {
    fail(job_id, kNoTask, std::string("internal error in the dev server: ") + e.what());
  }
}

void ImportWorker::resume(std::int64_t job_id) {
  pool_.submit([this, job_id] { guarded(job_id, [&] { resume_now(job_id); }); });
}

void ImportWorker::resume_now(std::int64_t job_id) {
  const auto job = store_.import_job(job_id);
  if (!job) return;
  switch (job->phase) {
    case ImportPhase::Committing: return commit(job_id);
    case ImportPhase::Pending:
    case ImportPhase::PreImporting:
    case ImportPhase::Importing:
      store_.update_import(job_id, [](ImportJob& j) {
        j.phase = ImportPhase::Pending;
        j.progress = 0;
        for (auto& task : j.tasks) {
          ImportTask fresh;
          fresh.paths = task.paths;
          task = std::move(fresh);
        }
        return true;
      });
      return run(job_id);
    default: return;
  }
}

bool ImportWorker::advance(std::int64_t job_id, ImportPhase expected, const std::function<void(ImportJob&)>& change) {
  return store_.update_import(job_id, [&](ImportJob& job) {
    if (job.phase != expected) return false;  // aborted meanwhile
    change(job);
    return true;
  });
}

void ImportWorker::fail(std::int64_t job_id, std::size_t task, const std::string& reason) {
  store_.update_import(job_id, [&](ImportJob& job) {
    if (is_terminal(job.phase)) return false;
    job.phase = ImportPhase::Failed;
    job.reason = reason;
    if (task < job.tasks.size()) {
      job.tasks[task].state = TaskState::Failed;
      job.tasks[task].reason = reason;
    }
    return true;
  });
}

void ImportWorker::run(std::int64_t job_id) {
  const auto snapshot = store_.import_job(job_id);
  if (!snapshot || snapshot->phase != ImportPhase::Pending) return;
  const ImportJob& job = *snapshot;

  char separator = ',';
  if (auto sep = job.options.find("sep"); sep != job.options.end()) {
    if (sep->second.size() != 1 || sep->second == "\"" || sep->second == "\n" || sep->second == "\r")
      return fail(job_id, kNoTask,
                  "invalid CSV separator " + go_quote(sep->second) +
                      ": the \"sep\" option must be one character "
                      "other than a quote or a line break");
    separator = sep->second[0];
  }

  if (!pool_.pause(settings_.delay)) return;
  if (!advance(job_id, ImportPhase::Pending, [](ImportJob& j) {
        j.phase = ImportPhase::PreImporting;
        j.progress = 10;
      }))
    return;

  // Sizes first, so progress can follow bytes; a missing file fails the job here.
  std::vector<std::vector<std::filesystem::path>> resolved(job.tasks.size());
  std::vector<std::int64_t> sizes(job.tasks.size(), 0);
  std::int64_t total_units = 0;
  for (std::size_t t = 0; t < job.tasks.size(); ++t) {
    for (const auto& path : job.tasks[t].paths) {
      std::filesystem::path local;
      try {
        local = resolve_import_path(settings_.data_dir, path);
      } catch (const ApiError& e) {
        return fail(job_id, t, e.message());
      }
      if (!stays_in_data_dir(settings_.data_dir, local))
        return fail(job_id, t,
                    "import file " + go_quote(path) +
                        " leads outside the dev server's data dir through a symbolic link; the dev server reads "
                        "only files whose real location is inside --data-dir");
      std::error_code ec;
      const auto size = std::filesystem::file_size(local, ec);
      if (ec || !std::filesystem::is_regular_file(local, ec))
        return fail(
            job_id, t,
            "import file " + go_quote(path) + " does not exist (the dev server looked for " + local.string() + ")");
      sizes[t] += static_cast<std::int64_t>(size);
      resolved[t].push_back(local);
    }
    total_units += sizes[t] + 1;  // +1 so empty files still move progress
  }

  // The collection's schema, when the config gives one: every row is checked against it.
  const auto collection = store_.collection(job.db, job.collection);
  const std::shared_ptr<const CollectionSchema> schema = collection ? collection->schema : nullptr;
  ReadOptions read_options;
  read_options.csv_separator = separator;
  read_options.schema = schema.get();
  if (auto null_key = job.options.find("nullkey"); null_key != job.options.end())
    read_options.null_key = null_key->second;

  // Pre-import: read every file and count its rows.
  std::int64_t done_units = 0;
  for (std::size_t t = 0; t < job.tasks.size(); ++t) {
    if (!advance(job_id, ImportPhase::PreImporting, [&](ImportJob& j) { j.tasks[t].state = TaskState::InProgress; }))
      return;
    std::int64_t rows = 0;
    const std::vector<std::string>& paths = job.tasks[t].paths;
    if (row_format_of(paths.front()) == RowFormat::Numpy) {
      // One segment, one file per field: the group's rows are each file's rows.
      if (!pool_.pause(settings_.delay)) return;
      const RowCount count = read_numpy_group(paths, resolved[t], schema.get());
      if (!count.ok)
        return fail(job_id, t,
                    count.error.rfind("file \"", 0) == 0
                        ? "failed to read import " + count.error
                        : "failed to read import files " + go_slice(paths) + ": " + count.error);
      rows = count.rows;
    }
    for (std::size_t p = 0; p < resolved[t].size() && row_format_of(paths.front()) != RowFormat::Numpy; ++p) {
      if (!pool_.pause(settings_.delay)) return;
      const std::string& path = paths[p];
      const RowCount count = count_rows(resolved[t][p], row_format_of(path), read_options);
      if (!count.ok) return fail(job_id, t, "failed to read import file " + go_quote(path) + ": " + count.error);
      rows += count.rows;
    }
    done_units += sizes[t] + 1;
    if (!advance(job_id, ImportPhase::PreImporting, [&](ImportJob& j) {
          j.tasks[t].file_size = sizes[t];
          j.tasks[t].total_rows = rows;
          j.tasks[t].progress = 50;
          j.progress = scaled(10, 30, done_units, total_units);
        }))
      return;
  }

  if (!pool_.pause(settings_.delay)) return;
  if (!advance(job_id, ImportPhase::PreImporting, [](ImportJob& j) {
        j.phase = ImportPhase::Importing;
        j.progress = 40;
      }))
    return;

  // Import: the rows counted above become imported rows, one file group at a time.
  done_units = 0;
  for (std::size_t t = 0; t < job.tasks.size(); ++t) {
    if (!pool_.pause(settings_.delay)) return;
    done_units += sizes[t] + 1;
    if (!advance(job_id, ImportPhase::Importing, [&](ImportJob& j) {
          ImportTask& task = j.tasks[t];
          task.imported_rows = task.total_rows;
          task.progress = 100;
          task.state = TaskState::Completed;
          task.complete_time = rfc3339_utc(now_ms());
          j.progress = scaled(40, 50, done_units, total_units);
        }))
      return;
  }

  if (!pool_.pause(settings_.delay)) return;
  advance(job_id, ImportPhase::Importing, [](ImportJob& j) {
    if (j.auto_commit) {
      j.phase = ImportPhase::Completed;
      j.progress = 100;
      j.complete_time = rfc3339_utc(now_ms());
    } else {
      j.phase = ImportPhase::Uncommitted;
      j.progress = 99;
    }
  });
}

void ImportWorker::commit(std::int64_t job_id) {
  if (!pool_.pause(settings_.delay)) return;
  advance(job_id, ImportPhase::Committing, [](ImportJob& j) {
    j.phase = ImportPhase::Completed;
    j.progress = 100;
    j.complete_time = rfc3339_utc(now_ms());
  });
}

}  // namespace devserver
