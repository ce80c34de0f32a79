// Typed requests and results of the job routes. Plain C++ values: the JSON
// codec (codec.cpp) is the only code that maps them to and from the wire.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mj::protocol {

enum class RefreshState : int32_t { unknown = 0, pending = 1, in_progress = 2, completed = 3, failed = 4 };

enum class ImportState : int32_t {
  unknown = 0,
  none = 1,
  pending = 2,
  importing = 3,
  completed = 4,
  failed = 5,
  uncommitted = 6,
  committing = 7
};

enum class ImportFileState : int32_t {
  unknown = 0,
  none = 1,
  pending = 2,
  in_progress = 3,
  failed = 4,
  completed = 5,
  retry = 6
};

struct RefreshRequest {
  std::string db_name;
  std::string collection_name;
  std::string external_source;  // both or neither with external_spec
  std::string external_spec;
};

struct RefreshJob {
  int64_t job_id = 0;
  std::string collection_name;
  RefreshState state = RefreshState::unknown;
  std::string state_name;
  int64_t progress = 0;
  std::string reason;
  std::string external_source;
  std::string external_spec;
  int64_t start_time_ms = 0;
  int64_t end_time_ms = 0;
};

struct ImportRequest {
  std::string db_name;
  std::string collection_name;
  std::string partition_name;
  // Milvus: paths in the server's bucket. Zilliz Cloud: object URLs, or the
  // paths inside `volume_name` when it is set.
  std::vector<std::vector<std::string>> files;
  std::vector<std::pair<std::string, std::string>> options;
  // Zilliz Cloud only. The credentials are secrets: never put in a message.
  std::string volume_name;
  std::string access_key;
  std::string secret_key;
  std::string session_token;
};

// Which Zilliz Cloud database an operation is for: a cluster, or a project
// database given by project and region.
struct CloudTarget {
  std::string cluster_id;
  std::string project_id;
  std::string region_id;
};

struct ImportFile {
  std::string file_name;
  int64_t file_size = 0;
  int64_t progress = 0;
  ImportFileState state = ImportFileState::unknown;
  std::string state_name;
  int64_t imported_rows = 0;
  int64_t total_rows = 0;
  std::string complete_time;
  int64_t complete_time_ms = 0;
  std::string reason;
};

struct ImportJob {
  std::string job_id;
  std::string collection_name;
  ImportState state = ImportState::unknown;
  std::string state_name;
  int64_t progress = 0;
  std::string reason;
  int64_t imported_rows = 0;
  int64_t total_rows = 0;
  int64_t file_size = 0;
  std::string create_time;
  int64_t create_time_ms = 0;
  std::string complete_time;
  int64_t complete_time_ms = 0;
  std::vector<ImportFile> details;
  std::string file_name;  // Zilliz Cloud's top-level fileName
};

// One page of a list. The paging fields are the server's (Zilliz Cloud); for
// open-source Milvus the jobs layer fills them (see JobsClient).
struct ImportJobPage {
  std::vector<ImportJob> jobs;
  int64_t total_count = 0;
  int64_t page_size = 0;
  int64_t current_page = 0;
};

}  // namespace mj::protocol
