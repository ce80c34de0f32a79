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
std::int64_t parseImportJobId(const std::string& text) {
  const std::string prefix = "parse job id failed: strconv.ParseInt: parsing " + goQuote(text) + ": ";
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  if (i == text.size()) throw invalidParameter(prefix + "invalid syntax");
  constexpr unsigned long long kTwoTo63 = 1ULL << 63;
  const unsigned long long limit = negative ? kTwoTo63 : kTwoTo63 - 1;
  unsigned long long magnitude = 0;
  for (; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (!std::isdigit(c)) throw invalidParameter(prefix + "invalid syntax");
    const unsigned digit = c - '0';
    if (magnitude > (limit - digit) / 10) throw invalidParameter(prefix + "value out of range");
    magnitude = magnitude * 10 + digit;
  }
  return negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
}

ApiError importJobNotFound(std::int64_t id) {
  return ApiError(kImportSysFailed, "import job does not exist, jobID=" + std::to_string(id));
}

std::string extensionOf(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  const std::size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return path.substr(dot);
}

// importutilv2.GetFileType, plus .jsonl which only the dev server reads.
void checkFileGroup(const std::vector<std::string>& paths) {
  const std::string ext = extensionOf(paths.front());
  for (std::size_t i = 1; i < paths.size(); ++i)
    if (extensionOf(paths[i]) != ext)
      throw importFailed("inconsistency in file types, (" + paths.front() + ") vs (" + paths[i] + ")");
  const RowFormat format = rowFormatOf(paths.front());
  if (format == RowFormat::Unknown || ext.empty())
    throw importFailed("unexpected file type, files=" + goSliceString(paths));
  if (format != RowFormat::Numpy && paths.size() != 1) {
    const char* kind = format == RowFormat::Parquet ? "Parquet" : format == RowFormat::Csv ? "CSV" : "JSON";
    throw importFailed(std::string("for ") + kind + " import, accepts only one file");
  }
}

}  // namespace

JobService::JobService(JobStore& store, RefreshWorker& refreshWorker, ImportWorker& importWorker,
                       std::filesystem::path dataDir)
    : store_(store), refreshWorker_(refreshWorker), importWorker_(importWorker), dataDir_(std::move(dataDir)) {}

JobService::Route JobService::route(const std::string& path) {
  static const std::map<std::string, Route> routes = {
      {"/v2/vectordb/jobs/external_collection/refresh", &JobService::refresh},
      {"/v2/vectordb/jobs/external_collection/describe", &JobService::describeRefresh},
      {"/v2/vectordb/jobs/external_collection/list", &JobService::listRefresh},
      {"/v2/vectordb/jobs/import/create", &JobService::createImport},
      {"/v2/vectordb/jobs/import/describe", &JobService::describeImport},
      {"/v2/vectordb/jobs/import/get_progress", &JobService::describeImport},
      {"/v2/vectordb/jobs/import/list", &JobService::listImports},
      {"/v2/vectordb/jobs/import/commit", &JobService::commitImport},
      {"/v2/vectordb/jobs/import/abort", &JobService::abortImport},
  };
  auto it = routes.find(path);
  return it == routes.end() ? nullptr : it->second;
}

std::string JobService::resolveDb(const std::string& bodyDb, const RequestContext& context) {
  if (!bodyDb.empty()) return bodyDb;
  if (!context.dbHeader.empty()) return context.dbHeader;
  return kDefaultDatabase;
}

Collection JobService::requireCollection(const std::string& db, const std::string& name) const {
  if (!store_.hasDatabase(db)) throw databaseNotFound(db);
  auto collection = store_.collection(db, name);
  if (!collection) throw collectionNotFound(name);
  return *collection;
}

json JobService::refresh(const RequestContext& context) {
  const RefreshRequest request = bindRefreshRequest(context.body);
  const std::string db = resolveDb(request.dbName, context);
  const Collection collection = requireCollection(db, request.collectionName);
  if (!collection.external) throw invalidParameter("collection " + collection.name + " is not an external collection");

  const bool hasSource = !request.externalSource.empty();
  const bool hasSpec = !request.externalSpec.empty();
  if (hasSource != hasSpec)
    throw invalidParameter(
        "external_source and external_spec must be both provided or both omitted on refresh (got source=" +
        goQuote(redactSourceForMessage(request.externalSource)) +
        ", spec=" + goQuote(redactSpecForMessage(request.externalSpec)) + ")");
  std::string source = request.externalSource;
  std::string spec = request.externalSpec;
  if (!hasSource) {
    if (!collection.hasPersistedPair())
      throw invalidParameter("collection " + collection.name +
                             " has no persisted external_source/external_spec; provide both external_source and "
                             "external_spec on refresh");
    source = collection.externalSource;
    spec = collection.externalSpec;
  } else {
    validateSourceAndSpec(source, spec);
  }

  const auto admission = store_.admitRefresh(db, collection.name, source, spec, hasSource);
  if (admission.activeJobId)
    throw ApiError(kTaskDuplicate, "refresh job " + std::to_string(*admission.activeJobId) +
                                       " is already in progress for collection " + collection.name +
                                       "; poll that jobID or wait for it to complete: task "
                                       "duplicates[taskType=refresh_external_collection]");
  refreshWorker_.start(*admission.jobId);
  return json{{"jobId", *admission.jobId}};
}

json JobService::describeRefresh(const RequestContext& context) {
  const RefreshDescribeRequest request = bindRefreshDescribeRequest(context.body);
  const auto job = store_.refreshJob(request.jobId);
  if (!job) throw invalidParameter("refresh job " + std::to_string(request.jobId) + " not found");
  return refreshJobToWire(*job);
}

json JobService::listRefresh(const RequestContext& context) {
  const CollectionFilterRequest request = bindCollectionFilterRequest(context.body);
  const std::string db = resolveDb(request.dbName, context);
  if (!request.collectionName.empty()) {
    const Collection collection = requireCollection(db, request.collectionName);
    if (!collection.external)
      throw invalidParameter("collection " + collection.name + " is not an external collection");
  }
  auto jobs = store_.refreshJobs(db, request.collectionName);
  std::sort(jobs.begin(), jobs.end(), [](const RefreshJob& a, const RefreshJob& b) {
    return a.startMs != b.startMs ? a.startMs > b.startMs : a.id > b.id;
  });
  json records = json::array();
  for (const auto& job : jobs) records.push_back(refreshJobToWire(job));
  return json{{"records", records}};
}

json JobService::createImport(const RequestContext& context) {
  const ImportCreateRequest request = bindImportCreateRequest(context.body);
  const std::string db = resolveDb(request.dbName, context);
  const Collection collection = requireCollection(db, request.collectionName);
  if (collection.external)
    throw invalidParameter("collection " + collection.name +
                           " is an external collection; external collections cannot be imported into (refresh it "
                           "instead)");

  std::vector<ImportTask> tasks;
  for (const auto& group : request.files) {
    ImportTask task;
    for (const auto& path : group)
      if (!path.empty()) task.paths.push_back(path);
    if (!task.paths.empty()) tasks.push_back(std::move(task));
  }
  if (tasks.empty()) throw invalidParameter("import request is empty");
  if (tasks.size() > kMaxImportFiles)
    throw importFailed("The max number of import files should not exceed " + std::to_string(kMaxImportFiles) +
                       ", but got " + std::to_string(tasks.size()));
  for (const auto& task : tasks) {
    checkFileGroup(task.paths);
    for (const auto& path : task.paths) resolveImportPath(dataDir_, path);
  }

  bool autoCommit = true;
  if (auto option = request.options.find("auto_commit"); option != request.options.end()) {
    std::string value = option->second;
    std::transform(value.begin(), value.end(), value.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (value != "true" && value != "false")
      throw invalidParameter("invalid auto_commit option " + goQuote(option->second) +
                             ": it must be \"true\" or \"false\"");
    autoCommit = value == "true";
  }

  ImportJob job;
  job.db = db;
  job.collection = collection.name;
  job.partition = request.partitionName;
  job.options = request.options;
  job.autoCommit = autoCommit;
  job.createTime = rfc3339Utc(nowMs());
  job.tasks = std::move(tasks);
  const std::int64_t id = store_.addImport(std::move(job));
  importWorker_.start(id);
  return json{{"jobId", std::to_string(id)}};
}

json JobService::describeImport(const RequestContext& context) {
  const JobIdRequest request = bindJobIdRequest(context.body);
  const std::int64_t id = parseImportJobId(request.jobId);
  const auto job = store_.importJob(id);
  if (!job) throw importJobNotFound(id);
  return importJobToWire(*job, request.jobId);
}

json JobService::listImports(const RequestContext& context) {
  const CollectionFilterRequest request = bindCollectionFilterRequest(context.body);
  const std::string db = resolveDb(request.dbName, context);
  if (!request.collectionName.empty()) requireCollection(db, request.collectionName);
  json records = json::array();
  for (const auto& job : store_.importJobs(db, request.collectionName)) records.push_back(importJobToListRecord(job));
  return json{{"records", records}};
}

json JobService::commitImport(const RequestContext& context) {
  const JobIdRequest request = bindJobIdRequest(context.body);
  const std::int64_t id = parseImportJobId(request.jobId);
  std::optional<ImportPhase> wrongPhase;
  const bool found = store_.updateImport(id, [&](ImportJob& job) {
    if (job.phase != ImportPhase::Uncommitted) {
      wrongPhase = job.phase;
      return false;
    }
    job.phase = ImportPhase::Committing;
    return true;
  });
  if (wrongPhase)
    throw invalidParameter("import job " + std::to_string(id) + " is in state " + importStateOnWire(*wrongPhase) +
                           "; only Uncommitted jobs (created with options.auto_commit=\"false\") can be committed");
  if (!found) throw importJobNotFound(id);
  importWorker_.finishCommit(id);
  return json::object();
}

json JobService::abortImport(const RequestContext& context) {
  const JobIdRequest request = bindJobIdRequest(context.body);
  const std::int64_t id = parseImportJobId(request.jobId);
  std::optional<ImportPhase> endedIn;
  const bool found = store_.updateImport(id, [&](ImportJob& job) {
    if (isTerminal(job.phase)) {
      endedIn = job.phase;
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
  if (endedIn)
    throw invalidParameter("import job " + std::to_string(id) + " has already ended in state " +
                           importStateOnWire(*endedIn) + "; only unfinished jobs can be aborted");
  if (!found) throw importJobNotFound(id);
  return json::object();
}

}  // namespace devserver
