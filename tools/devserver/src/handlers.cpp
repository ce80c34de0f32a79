#include "handlers.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "api_error.hpp"
#include "clock.hpp"
#include "requests.hpp"
#include "row_count.hpp"
#include "validate.hpp"
#include "wire.hpp"

namespace devserver {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxImportFiles = 1024;  // datacoord maxFilesPerImportReq default

// strconv.ParseInt(text, 10, 64) with Go's error text.
std::int64_t parse_import_job_id(const std::string& text) {
  const std::string prefix = "parse job id failed: strconv.ParseInt: parsing " + go_quote(text) + ": ";
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  if (i == text.size()) throw invalid_parameter(prefix + "invalid syntax");
  constexpr unsigned long long kTwoTo63 = 1ULL << 63;
  const unsigned long long limit = negative ? kTwoTo63 : kTwoTo63 - 1;
  unsigned long long magnitude = 0;
  for (; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (!std::isdigit(c)) throw invalid_parameter(prefix + "invalid syntax");
    const unsigned digit = c - '0';
    if (magnitude > (limit - digit) / 10) throw invalid_parameter(prefix + "value out of range");
    magnitude = magnitude * 10 + digit;
  }
  return negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
}

ApiError import_job_not_found(std::int64_t id) {
  return ApiError(kImportSysFailed, "import job does not exist, jobID=" + std::to_string(id));
}

std::string extension_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  const std::size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return path.substr(dot);
}

// importutilv2.GetFileType, plus .jsonl which only the dev server reads.
void check_file_group(const std::vector<std::string>& paths) {
  const std::string ext = extension_of(paths.front());
  for (std::size_t i = 1; i < paths.size(); ++i)
    if (extension_of(paths[i]) != ext)
      throw import_failed("inconsistency in file types, (" + paths.front() + ") vs (" + paths[i] + ")");
  const RowFormat format = row_format_of(paths.front());
  if (format == RowFormat::Unknown || ext.empty())
    throw import_failed("unexpected file type, files=" + go_slice_string(paths));
  if (format != RowFormat::Numpy && paths.size() != 1) {
    const char* kind = format == RowFormat::Parquet ? "Parquet" : format == RowFormat::Csv ? "CSV" : "JSON";
    throw import_failed(std::string("for ") + kind + " import, accepts only one file");
  }
}

}  // namespace

JobService::JobService(JobStore& store, RefreshWorker& refresh_worker, ImportWorker& import_worker,
                       std::filesystem::path data_dir)
    : store_(store), refresh_worker_(refresh_worker), import_worker_(import_worker), data_dir_(std::move(data_dir)) {}

JobService::Route JobService::route(const std::string& path) {
  static const std::map<std::string, Route> routes = {
      {"/v2/vectordb/jobs/external_collection/refresh", &JobService::refresh},
      {"/v2/vectordb/jobs/external_collection/describe", &JobService::describe_refresh},
      {"/v2/vectordb/jobs/external_collection/list", &JobService::list_refresh},
      {"/v2/vectordb/jobs/import/create", &JobService::create_import},
      {"/v2/vectordb/jobs/import/describe", &JobService::describe_import},
      {"/v2/vectordb/jobs/import/get_progress", &JobService::describe_import},
      {"/v2/vectordb/jobs/import/list", &JobService::list_imports},
      {"/v2/vectordb/jobs/import/commit", &JobService::commit_import},
      {"/v2/vectordb/jobs/import/abort", &JobService::abort_import},
      {"/v2/vectordb/jobs/snapshot/export", &JobService::export_snapshot},
      {"/v2/vectordb/jobs/snapshot/restore_external", &JobService::restore_snapshot},
      {"/v2/vectordb/jobs/snapshot/describe", &JobService::describe_snapshot},
      {"/v2/vectordb/jobs/snapshot/list", &JobService::list_snapshots},
  };
  if (!snapshot_routes_served() && path.rfind("/v2/vectordb/jobs/snapshot/", 0) == 0) return nullptr;
  auto it = routes.find(path);
  return it == routes.end() ? nullptr : it->second;
}

std::string JobService::resolve_db(const std::string& body_db, const RequestContext& context) {
  if (!body_db.empty()) return body_db;
  if (!context.db_header.empty()) return context.db_header;
  return kDefaultDatabase;
}

Collection JobService::require_collection(const std::string& db, const std::string& name) const {
  if (!store_.has_database(db)) throw database_not_found(db);
  auto collection = store_.collection(db, name);
  if (!collection) throw collection_not_found(name);
  return *collection;
}

json JobService::refresh(const RequestContext& context) {
  const RefreshRequest request = bind_refresh_request(context.body);
  const std::string db = resolve_db(request.db_name, context);
  const Collection collection = require_collection(db, request.collection_name);
  if (!collection.external) throw invalid_parameter("collection " + collection.name + " is not an external collection");

  const bool has_source = !request.external_source.empty();
  const bool has_spec = !request.external_spec.empty();
  if (has_source != has_spec)
    throw invalid_parameter(
        "external_source and external_spec must be both provided or both omitted on refresh (got source=" +
        go_quote(redact_source_for_message(request.external_source)) +
        ", spec=" + go_quote(redact_spec_for_message(request.external_spec)) + ")");
  std::string source = request.external_source;
  std::string spec = request.external_spec;
  if (!has_source) {
    if (!collection.has_persisted_pair())
      throw invalid_parameter("collection " + collection.name +
                              " has no persisted external_source/external_spec; provide both external_source and "
                              "external_spec on refresh");
    source = collection.external_source;
    spec = collection.external_spec;
  } else if (context.volume_sources) {
    validate_volume_source(source);
    parse_external_spec(spec);
  } else {
    validate_source_and_spec(source, spec);
  }

  const auto admission = store_.admit_refresh(db, collection.name, source, spec, has_source);
  if (admission.active_job_id)
    throw ApiError(kTaskDuplicate, "refresh job " + std::to_string(*admission.active_job_id) +
                                       " is already in progress for collection " + collection.name +
                                       "; poll that jobID or wait for it to complete: task "
                                       "duplicates[taskType=refresh_external_collection]");
  refresh_worker_.start(*admission.job_id);
  return json{{"jobId", *admission.job_id}};
}

json JobService::describe_refresh(const RequestContext& context) {
  const RefreshDescribeRequest request = bind_refresh_describe_request(context.body);
  const auto job = store_.refresh_job(request.job_id);
  if (!job) throw invalid_parameter("refresh job " + std::to_string(request.job_id) + " not found");
  return refresh_job_to_wire(*job);
}

json JobService::list_refresh(const RequestContext& context) {
  const CollectionFilterRequest request = bind_collection_filter_request(context.body);
  const std::string db = resolve_db(request.db_name, context);
  if (!request.collection_name.empty()) {
    const Collection collection = require_collection(db, request.collection_name);
    if (!collection.external)
      throw invalid_parameter("collection " + collection.name + " is not an external collection");
  }
  auto jobs = store_.refresh_jobs(db, request.collection_name);
  std::sort(jobs.begin(), jobs.end(), [](const RefreshJob& a, const RefreshJob& b) {
    return a.start_ms != b.start_ms ? a.start_ms > b.start_ms : a.id > b.id;
  });
  json records = json::array();
  for (const auto& job : jobs) records.push_back(refresh_job_to_wire(job));
  return json{{"records", records}};
}

json JobService::create_import(const RequestContext& context) {
  const ImportCreateRequest request = bind_import_create_request(context.body);
  const std::string db = resolve_db(request.db_name, context);
  const Collection collection = require_collection(db, request.collection_name);
  if (collection.external)
    throw invalid_parameter("collection " + collection.name +
                            " is an external collection; external collections cannot be imported into (refresh it "
                            "instead)");

  std::vector<ImportTask> tasks;
  for (const auto& group : request.files) {
    ImportTask task;
    for (const auto& path : group)
      if (!path.empty()) task.paths.push_back(path);
    if (!task.paths.empty()) tasks.push_back(std::move(task));
  }
  if (tasks.empty()) throw invalid_parameter("import request is empty");
  if (tasks.size() > kMaxImportFiles)
    throw import_failed("The max number of import files should not exceed " + std::to_string(kMaxImportFiles) +
                        ", but got " + std::to_string(tasks.size()));
  for (const auto& task : tasks) {
    check_file_group(task.paths);
    for (const auto& path : task.paths) resolve_import_path(data_dir_, path);
  }

  bool auto_commit = true;
  if (auto option = request.options.find("auto_commit"); option != request.options.end()) {
    std::string value = option->second;
    std::transform(value.begin(), value.end(), value.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (value != "true" && value != "false")
      throw invalid_parameter("invalid auto_commit option " + go_quote(option->second) +
                              ": it must be \"true\" or \"false\"");
    auto_commit = value == "true";
  }

  ImportJob job;
  job.db = db;
  job.collection = collection.name;
  job.partition = request.partition_name;
  job.options = request.options;
  job.auto_commit = auto_commit;
  job.create_time = rfc3339_utc(now_ms());
  job.tasks = std::move(tasks);
  const std::int64_t id = store_.add_import(std::move(job));
  import_worker_.start(id);
  return json{{"jobId", std::to_string(id)}};
}

json JobService::describe_import(const RequestContext& context) {
  const JobIdRequest request = bind_job_id_request(context.body);
  const std::int64_t id = parse_import_job_id(request.job_id);
  const auto job = store_.import_job(id);
  if (!job) throw import_job_not_found(id);
  return import_job_to_wire(*job, request.job_id);
}

json JobService::list_imports(const RequestContext& context) {
  const CollectionFilterRequest request = bind_collection_filter_request(context.body);
  const std::string db = resolve_db(request.db_name, context);
  if (!request.collection_name.empty()) require_collection(db, request.collection_name);
  json records = json::array();
  for (const auto& job : store_.import_jobs(db, request.collection_name))
    records.push_back(import_job_to_list_record(job));
  return json{{"records", records}};
}

json JobService::commit_import(const RequestContext& context) {
  const JobIdRequest request = bind_job_id_request(context.body);
  const std::int64_t id = parse_import_job_id(request.job_id);
  std::optional<ImportPhase> wrong_phase;
  const bool found = store_.update_import(id, [&](ImportJob& job) {
    if (job.phase != ImportPhase::Uncommitted) {
      wrong_phase = job.phase;
      return false;
    }
    job.phase = ImportPhase::Committing;
    return true;
  });
  if (wrong_phase)
    throw invalid_parameter("import job " + std::to_string(id) + " is in state " + import_state_on_wire(*wrong_phase) +
                            "; only Uncommitted jobs (created with options.auto_commit=\"false\") can be committed");
  if (!found) throw import_job_not_found(id);
  import_worker_.finish_commit(id);
  return json::object();
}

json JobService::abort_import(const RequestContext& context) {
  const JobIdRequest request = bind_job_id_request(context.body);
  const std::int64_t id = parse_import_job_id(request.job_id);
  std::optional<ImportPhase> ended_in;
  const bool found = store_.update_import(id, [&](ImportJob& job) {
    if (is_terminal(job.phase)) {
      ended_in = job.phase;
      return false;
    }
    job.phase = ImportPhase::Failed;
    job.reason = "aborted by user";
    for (auto& task : job.tasks) {
      if (task.state == TaskState::Completed) continue;
      task.state = TaskState::Failed;
      task.reason = "aborted by user";
    }
    return true;
  });
  if (ended_in)
    throw invalid_parameter("import job " + std::to_string(id) + " has already ended in state " +
                            import_state_on_wire(*ended_in) + "; only unfinished jobs can be aborted");
  if (!found) throw import_job_not_found(id);
  return json::object();
}

}  // namespace devserver
