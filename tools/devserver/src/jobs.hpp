// The two job kinds the dev server runs, as it stores them. wire.cpp turns them into the
// response shapes; state_file.cpp into the persisted form.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace devserver {

// proto RefreshExternalCollectionState; the wire carries the enum name.
enum class RefreshState { Pending, InProgress, Completed, Failed };

inline const char* refresh_state_name(RefreshState state) {
  switch (state) {
    case RefreshState::Pending: return "RefreshPending";
    case RefreshState::InProgress: return "RefreshInProgress";
    case RefreshState::Completed: return "RefreshCompleted";
    case RefreshState::Failed: return "RefreshFailed";
  }
  return "RefreshPending";
}

inline std::optional<RefreshState> parse_refresh_state(const std::string& name) {
  for (auto s : {RefreshState::Pending, RefreshState::InProgress, RefreshState::Completed, RefreshState::Failed})
    if (name == refresh_state_name(s)) return s;
  return std::nullopt;
}

inline bool is_terminal(RefreshState state) {
  return state == RefreshState::Completed || state == RefreshState::Failed;
}

struct RefreshJob {
  std::int64_t id = 0;
  std::string db;
  std::string collection;
  std::string source;
  std::string spec;  // as given; redacted only on the way out
  RefreshState state = RefreshState::Pending;
  std::int64_t progress = 0;
  std::string reason;
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
  std::string manifest;  // path of the written manifest, once completed
};

// internalpb.ImportJobState, minus the ones the dev server never enters. PreImporting is shown
// to clients as "Importing", the way datacoord's GetJobProgress collapses it.
enum class ImportPhase { Pending, PreImporting, Importing, Uncommitted, Committing, Completed, Failed };

inline const char* import_phase_name(ImportPhase phase) {
  switch (phase) {
    case ImportPhase::Pending: return "Pending";
    case ImportPhase::PreImporting: return "PreImporting";
    case ImportPhase::Importing: return "Importing";
    case ImportPhase::Uncommitted: return "Uncommitted";
    case ImportPhase::Committing: return "Committing";
    case ImportPhase::Completed: return "Completed";
    case ImportPhase::Failed: return "Failed";
  }
  return "Pending";
}

inline std::optional<ImportPhase> parse_import_phase(const std::string& name) {
  for (auto p : {ImportPhase::Pending, ImportPhase::PreImporting, ImportPhase::Importing, ImportPhase::Uncommitted,
                 ImportPhase::Committing, ImportPhase::Completed, ImportPhase::Failed})
    if (name == import_phase_name(p)) return p;
  return std::nullopt;
}

inline bool is_terminal(ImportPhase phase) { return phase == ImportPhase::Completed || phase == ImportPhase::Failed; }

// datapb.ImportTaskStateV2 names, used per file group in details[].
enum class TaskState { Pending, InProgress, Completed, Failed };

inline const char* task_state_name(TaskState state) {
  switch (state) {
    case TaskState::Pending: return "Pending";
    case TaskState::InProgress: return "InProgress";
    case TaskState::Completed: return "Completed";
    case TaskState::Failed: return "Failed";
  }
  return "Pending";
}

inline std::optional<TaskState> parse_task_state(const std::string& name) {
  for (auto s : {TaskState::Pending, TaskState::InProgress, TaskState::Completed, TaskState::Failed})
    if (name == task_state_name(s)) return s;
  return std::nullopt;
}

// One file group of an import request ("files": [[...], ...]).
struct ImportTask {
  std::vector<std::string> paths;
  std::int64_t file_size = 0;
  std::int64_t progress = 0;
  std::int64_t imported_rows = 0;
  std::int64_t total_rows = 0;
  TaskState state = TaskState::Pending;
  std::string reason;
  std::string complete_time;
};

struct ImportJob {
  std::int64_t id = 0;
  std::string db;
  std::string collection;
  std::string partition;
  std::map<std::string, std::string> options;
  bool auto_commit = true;
  ImportPhase phase = ImportPhase::Pending;
  std::int64_t progress = 0;
  std::string reason;
  std::string create_time;
  std::string complete_time;
  std::vector<ImportTask> tasks;
};

}  // namespace devserver
