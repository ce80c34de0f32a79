#include "cloud.hpp"

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <system_error>

#include <nlohmann/json.hpp>

#include "api_error.hpp"
#include "clock.hpp"
#include "json_depth.hpp"
#include "validate.hpp"

namespace devserver {
namespace {

using nlohmann::json;

// Codes the control plane documents (ZDOC "Possible Errors", error-codes-v2;
// docs/protocol.md, "Zilliz Cloud error codes").
constexpr int kIncorrectParameter = 80000;
constexpr int kTokenIllegal = 80001;
constexpr int kClusterNotExist = 80020;
constexpr int kCollectionNotExist = 90001;
constexpr int kClusterIdEmpty = 90104;
constexpr int kJobNotFound = 90144;
constexpr int kApiKeyIllegal = 21119;
constexpr int kInvalidRegionId = 96001;
constexpr int kInvalidProjectId = 96005;
constexpr int kInvalidPageSize = 96008;
constexpr int kInvalidCurrentPage = 96009;
constexpr int kNoProjectPermission = 96012;

ApiError incorrect(const std::string& detail) {
  return ApiError(kIncorrectParameter, "Incorrect parameter: " + detail);
}

std::string cluster_key(const std::string& id) { return "cluster:" + id; }
std::string project_key(const std::string& project, const std::string& region) {
  return "project:" + project + "/" + region;
}

bool read_shape(const json& entry, const std::string& where) {
  auto it = entry.find("responseShape");
  if (it == entry.end()) return false;
  if (!it->is_string() || (*it != "current" && *it != "legacy"))
    throw std::runtime_error(where + ".responseShape must be \"current\" or \"legacy\"");
  return *it == "legacy";
}

std::string cloud_job_id(std::int64_t id) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%022" PRIx64, static_cast<std::uint64_t>(id));
  return std::string("job-") + buffer;
}

std::optional<std::int64_t> parse_cloud_job_id(const std::string& text) {
  if (text.rfind("job-", 0) != 0 || text.size() != 26) return std::nullopt;
  std::uint64_t value = 0;
  for (std::size_t i = 4; i < text.size(); ++i) {
    const char c = text[i];
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else {
      return std::nullopt;
    }
    if (value >> 60) return std::nullopt;
    value = value * 16 + static_cast<std::uint64_t>(digit);
  }
  if (value > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

std::string optional_string(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return {};
  if (!it->is_string()) throw incorrect(std::string(key) + " must be a string");
  return it->get<std::string>();
}

std::vector<std::vector<std::string>> string_lists(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return {};
  std::vector<std::vector<std::string>> out;
  if (!it->is_array()) throw incorrect(std::string(key) + " must be a list of lists of strings");
  for (const auto& group : *it) {
    if (!group.is_array()) throw incorrect(std::string(key) + " must be a list of lists of strings");
    std::vector<std::string> paths;
    for (const auto& path : group) {
      if (!path.is_string()) throw incorrect(std::string(key) + " must be a list of lists of strings");
      if (!path.get_ref<const std::string&>().empty()) paths.push_back(path.get<std::string>());
    }
    if (!paths.empty()) out.push_back(std::move(paths));
  }
  return out;
}

std::int64_t paging_value(const json& body, const char* key, std::int64_t fallback, int code,
                          const std::string& message) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_number_integer()) throw ApiError(code, message);
  return it->get<std::int64_t>();
}

// Control-plane state names: the job-level ones, also for files.
const char* cloud_state(ImportPhase phase) {
  switch (phase) {
    case ImportPhase::Pending: return "Pending";
    case ImportPhase::PreImporting:
    case ImportPhase::Importing: return "Importing";
    case ImportPhase::Uncommitted: return "Uncommitted";
    case ImportPhase::Committing: return "Committing";
    case ImportPhase::Completed: return "Completed";
    case ImportPhase::Failed: return "Failed";
  }
  return "Pending";
}

const char* cloud_task_state(TaskState state) {
  switch (state) {
    case TaskState::Pending: return "Pending";
    case TaskState::InProgress: return "Importing";
    case TaskState::Completed: return "Completed";
    case TaskState::Failed: return "Failed";
  }
  return "Pending";
}

// v1 list names.
const char* legacy_list_state(ImportPhase phase) {
  switch (phase) {
    case ImportPhase::Completed: return "ImportCompleted";
    case ImportPhase::Failed: return "ImportFailed";
    case ImportPhase::Pending: return "ImportPending";
    default: return "ImportRunning";
  }
}

json null_if_empty(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

std::string bucket_of(const std::string& url) {
  const std::size_t start = url.find("://") + 3;
  const std::size_t end = url.find('/', start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

void send_json(httplib::Response& response, const json& body) {
  response.status = 200;
  response.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

}  // namespace

CloudConfig load_cloud_config(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("--cloud " + file.string() + " cannot be read; pass an existing JSON file");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (auto deep = json_depth_error(text)) throw std::runtime_error("--cloud " + file.string() + ": " + *deep);
  const json doc = json::parse(text, nullptr, false);
  if (!doc.is_object())
    throw std::runtime_error("--cloud " + file.string() + " is not a JSON object; see tools/devserver/README.md");
  CloudConfig config;
  const bool legacy_default = read_shape(doc, "the cloud config");
  if (auto keys = doc.find("apiKeys"); keys != doc.end()) {
    if (!keys->is_array()) throw std::runtime_error("cloud config: apiKeys must be a list of strings");
    for (const auto& key : *keys) {
      if (!key.is_string() || key.get_ref<const std::string&>().empty())
        throw std::runtime_error("cloud config: apiKeys must hold non-empty strings");
      config.api_keys.insert(key.get<std::string>());
    }
  }
  if (config.api_keys.empty()) throw std::runtime_error("cloud config: list at least one API key in apiKeys");
  if (auto clusters = doc.find("clusters"); clusters != doc.end()) {
    if (!clusters->is_array()) throw std::runtime_error("cloud config: clusters must be a list");
    for (const auto& c : *clusters) {
      const json entry = c.is_string() ? json{{"clusterId", c}} : c;
      auto id = entry.find("clusterId");
      if (!entry.is_object() || id == entry.end() || !id->is_string() || id->get_ref<const std::string&>().empty())
        throw std::runtime_error("cloud config: each cluster needs a clusterId string");
      const bool legacy =
          entry.contains("responseShape") ? read_shape(entry, "cluster " + id->get<std::string>()) : legacy_default;
      config.targets[cluster_key(id->get<std::string>())] = legacy;
    }
  }
  if (auto projects = doc.find("projects"); projects != doc.end()) {
    if (!projects->is_array()) throw std::runtime_error("cloud config: projects must be a list");
    for (const auto& p : *projects) {
      auto project = p.find("projectId");
      auto region = p.find("regionId");
      if (!p.is_object() || project == p.end() || region == p.end() || !project->is_string() || !region->is_string())
        throw std::runtime_error("cloud config: each project needs projectId and regionId strings");
      const bool legacy =
          p.contains("responseShape") ? read_shape(p, "project " + project->get<std::string>()) : legacy_default;
      config.targets[project_key(*project, *region)] = legacy;
      config.project_regions[*project].insert(region->get<std::string>());
    }
  }
  if (config.targets.empty())
    throw std::runtime_error("cloud config: declare at least one entry in clusters or projects");
  if (auto buckets = doc.find("buckets"); buckets != doc.end()) {
    if (!buckets->is_object()) throw std::runtime_error("cloud config: buckets must map bucket names to credentials");
    for (const auto& [name, creds] : buckets->items()) {
      auto ak = creds.find("accessKey");
      auto sk = creds.find("secretKey");
      if (!creds.is_object() || ak == creds.end() || sk == creds.end() || !ak->is_string() || !sk->is_string())
        throw std::runtime_error("cloud config: bucket " + name + " needs accessKey and secretKey strings");
      config.buckets[name] = CloudBucketCredentials{ak->get<std::string>(), sk->get<std::string>()};
    }
  }
  return config;
}

CloudService::CloudService(JobStore& store, ImportWorker& import_worker, std::filesystem::path data_dir,
                           CloudConfig config)
    : store_(store), import_worker_(import_worker), data_dir_(std::move(data_dir)), config_(std::move(config)) {}

void CloudService::handle(const httplib::Request& request, httplib::Response& response, const std::string& body) {
  static const std::set<std::string> describe_paths = {"/v2/vectordb/jobs/import/describe",
                                                       "/v2/vectordb/jobs/import/getProgress",
                                                       "/v2/vectordb/jobs/import/get_progress"};
  const std::string& path = request.path;
  const bool known = path == "/v2/vectordb/jobs/import/create" || describe_paths.count(path) != 0 ||
                     path == "/v2/vectordb/jobs/import/list" || path == "/v2/vectordb/jobs/import/commit" ||
                     path == "/v2/vectordb/jobs/import/abort";
  if (!known) {
    response.status = 404;
    response.set_content("404 page not found", "text/plain");
    return;
  }
  bool legacy = false;
  try {
    std::string key = request.get_header_value("Authorization");
    if (key.rfind("Bearer ", 0) == 0) key.erase(0, 7);
    if (key.empty()) throw ApiError(kTokenIllegal, "The token is illegal");
    if (config_.api_keys.count(key) == 0) throw ApiError(kApiKeyIllegal, "The apikey is illegal.");

    if (auto deep = json_depth_error(body)) throw incorrect(*deep);
    const json parsed = json::parse(body, nullptr, false);
    if (!parsed.is_object()) throw incorrect("the request body must be a JSON object");
    const Target target = resolve_target(parsed);
    legacy = target.legacy;
    json data;
    if (path == "/v2/vectordb/jobs/import/create") {
      data = create(parsed, target);
    } else if (describe_paths.count(path) != 0) {
      data = describe(parsed, target);
    } else if (path == "/v2/vectordb/jobs/import/list") {
      data = list(parsed, target);
    } else if (path == "/v2/vectordb/jobs/import/commit") {
      data = commit(parsed, target);
    } else {
      data = abort(parsed, target);
    }
    // The v1 control plane answered success with code 200.
    send_json(response, json{{"code", legacy ? 200 : 0}, {"data", std::move(data)}});
  } catch (const ApiError& e) {
    send_json(response, json{{"code", e.code()}, {"message", e.message()}});
  } catch (const std::exception& e) {
    std::cerr << "milvus-jobs-devserver: cloud " << path << ": unexpected error: " << e.what() << std::endl;
    response.status = 500;
    response.set_content(R"({"code":500,"message":"internal error"})", "application/json; charset=utf-8");
  }
}

CloudService::Target CloudService::resolve_target(const json& body) const {
  const std::string cluster = optional_string(body, "clusterId");
  const std::string project = optional_string(body, "projectId");
  const std::string region = optional_string(body, "regionId");
  if (!cluster.empty() && (!project.empty() || !region.empty()))
    throw incorrect("give clusterId, or projectId with regionId, not both");
  if (!cluster.empty()) {
    auto it = config_.targets.find(cluster_key(cluster));
    if (it == config_.targets.end())
      throw ApiError(kClusterNotExist, "Cluster not exist or you don't have permission.");
    return Target{it->first, it->second};
  }
  if (project.empty() && region.empty())
    throw ApiError(kClusterIdEmpty, "The clusterId parameter is empty in the request parameter.");
  if (project.rfind("proj-", 0) != 0)
    throw ApiError(kInvalidProjectId,
                   "Invalid projectId. The projectId should be like proj-xxxxxxxx. Please use the ListProjects API to "
                   "obtain your scoped projects.");
  if (region.empty()) throw incorrect("regionId is required with projectId");
  auto regions = config_.project_regions.find(project);
  if (regions == config_.project_regions.end())
    throw ApiError(kNoProjectPermission,
                   "You don't have permission for this project. Project org and Apikey org does not match.");
  if (regions->second.count(region) == 0)
    throw ApiError(kInvalidRegionId,
                   "Invalid RegionId. Please use the ListCloudRegions API to obtain a list of supported regionIds.");
  const std::string key = project_key(project, region);
  return Target{key, config_.targets.at(key)};
}

void CloudService::add_url_tasks(const std::vector<std::vector<std::string>>& urls, const json& body, ImportJob& job,
                                 std::vector<std::string>& names) const {
  const std::string access_key = optional_string(body, "accessKey");
  const std::string secret_key = optional_string(body, "secretKey");
  for (const auto& group : urls) {
    ImportTask task;
    std::vector<std::string> expanded;
    for (const auto& url : group) {
      const std::size_t sep = url.find("://");
      if (sep == std::string::npos || sep == 0 || sep + 3 >= url.size() || url[sep + 3] == '/')
        throw incorrect("object URL " + go_quote(url) + " must look like s3://bucket/path");
      const std::string bucket = bucket_of(url);
      if (auto creds = config_.buckets.find(bucket); creds != config_.buckets.end()) {
        // Like S3, the answer names the access key id it did not know (never the secret).
        if (access_key.empty())
          throw incorrect("failed to access bucket " + bucket +
                          ": AccessDenied: this bucket needs accessKey and "
                          "secretKey");
        if (access_key != creds->second.access_key) {
          std::string detail = "failed to access bucket " + bucket;
          detail += ": InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records. ";
          detail += "(AccessKeyId: " + access_key + ")";
          throw incorrect(detail);
        }
        if (secret_key != creds->second.secret_key)
          throw incorrect("failed to access bucket " + bucket +
                          ": SignatureDoesNotMatch: The request signature we calculated does not match the signature "
                          "you provided. Check your key and signing method.");
      }
      const std::string relative = url.substr(sep + 3);
      const std::filesystem::path local = resolve_import_path(data_dir_, relative);
      std::error_code ec;
      if (std::filesystem::is_directory(local, ec)) {
        std::vector<std::string> files;
        for (auto it = std::filesystem::recursive_directory_iterator(local, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
          const std::string name = it->path().filename().string();
          if (!name.empty() && name[0] == '.') {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
          }
          if (it->is_regular_file(ec)) files.push_back(it->path().lexically_relative(local).generic_string());
        }
        std::sort(files.begin(), files.end());
        if (files.empty()) throw incorrect("no data files under " + go_quote(url));
        std::string base = url;
        if (base.back() != '/') base += '/';
        std::string rel_base = relative;
        if (rel_base.back() != '/') rel_base += '/';
        for (const auto& f : files) {
          // A folder: each file is an import unit of its own.
          ImportTask file_task;
          file_task.paths.push_back(rel_base + f);
          job.tasks.push_back(std::move(file_task));
          names.push_back(base + f);
        }
      } else {
        task.paths.push_back(relative);
        expanded.push_back(url);
      }
    }
    if (!task.paths.empty()) {
      job.tasks.push_back(std::move(task));
      std::string joined;
      for (const auto& e : expanded) {
        if (!joined.empty()) joined += ',';
        joined += e;
      }
      names.push_back(joined);
    }
  }
}

json CloudService::create(const json& body, const Target& target) {
  const std::string collection_name = optional_string(body, "collectionName");
  if (collection_name.empty()) throw incorrect("collectionName is required");
  std::string db = optional_string(body, "dbName");
  if (db.empty()) db = kDefaultDatabase;
  if (!store_.has_database(db)) throw database_not_found(db);  // a Milvus error passed through
  const auto collection = store_.collection(db, collection_name);
  if (!collection)
    throw ApiError(kCollectionNotExist, "The collection " + collection_name +
                                            " does not exist. You can use ListCollections to view the list of "
                                            "existing collections.");
  if (collection->external) throw incorrect("collection " + collection_name + " is an external collection");

  std::map<std::string, std::string> options;
  if (auto it = body.find("options"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) throw incorrect("options must be an object of strings");
    for (const auto& [key, value] : it->items()) {
      if (!value.is_string()) throw incorrect("options." + key + " must be a string");
      options[key] = value.get<std::string>();
    }
  }
  bool auto_commit = true;
  if (auto it = options.find("auto_commit"); it != options.end()) {
    if (it->second != "true" && it->second != "false") throw incorrect("options.auto_commit must be true or false");
    auto_commit = it->second == "true";
  }

  ImportJob job;
  job.db = db;
  job.collection = collection_name;
  job.partition = optional_string(body, "partitionName");
  job.options = options;
  job.auto_commit = auto_commit;
  job.create_time = rfc3339_utc(now_ms());
  std::vector<std::string> names;

  const std::string volume = optional_string(body, "volumeName");
  auto urls = string_lists(body, "objectUrls");
  if (const std::string single = optional_string(body, "objectUrl"); !single.empty()) urls.push_back({single});
  if (!volume.empty()) {
    if (!urls.empty()) throw incorrect("give objectUrls, or volumeName with dataPaths, not both");
    const auto paths = string_lists(body, "dataPaths");
    if (paths.empty()) throw incorrect("dataPaths is empty: list the files inside volume " + volume);
    if (volume.find('/') != std::string::npos || volume == "." || volume == "..")
      throw incorrect("volumeName " + go_quote(volume) + " is not a volume name");
    std::error_code ec;
    if (!std::filesystem::is_directory(data_dir_ / "volumes" / volume, ec))
      throw incorrect("volume " + volume + " does not exist");
    for (const auto& group : paths) {
      ImportTask task;
      std::string joined;
      for (const auto& p : group) {
        std::string relative = "volumes/" + volume;
        relative += "/" + p;
        resolve_import_path(data_dir_, relative);
        task.paths.push_back(relative);
        if (!joined.empty()) joined += ',';
        joined += p;
      }
      job.tasks.push_back(std::move(task));
      names.push_back(joined);
    }
  } else {
    if (urls.empty()) throw incorrect("objectUrls is empty: list the files to import, e.g. [[\"s3://bucket/a.json\"]]");
    add_url_tasks(urls, body, job, names);
  }

  const std::int64_t id = store_.add_import(std::move(job));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_[id] = JobMeta{target.key, target.legacy, std::move(names)};
  }
  import_worker_.start(id);
  return json{{"jobId", cloud_job_id(id)}};
}

std::int64_t CloudService::owned_job(const json& body, const Target& target) const {
  auto it = body.find("jobId");
  if (it == body.end() || it->is_null()) throw incorrect("jobId is required");
  const std::string text = it->is_string() ? it->get<std::string>() : it->dump();
  const auto id = parse_cloud_job_id(text);
  std::lock_guard<std::mutex> lock(mutex_);
  if (!id || jobs_.count(*id) == 0 || jobs_.at(*id).target != target.key)
    throw ApiError(kJobNotFound, "No jobId record found under this cluster");
  return *id;
}

json CloudService::describe(const json& body, const Target& target) const {
  const std::int64_t id = owned_job(body, target);
  const auto job = store_.import_job(id);
  if (!job) throw ApiError(kJobNotFound, "No jobId record found under this cluster");
  JobMeta meta;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    meta = jobs_.at(id);
  }
  const std::int64_t progress = job->phase == ImportPhase::Failed ? 0 : job->progress;
  std::int64_t file_size = 0;
  std::int64_t total_rows = 0;
  std::int64_t imported_rows = 0;
  json details = json::array();
  for (std::size_t t = 0; t < job->tasks.size(); ++t) {
    const ImportTask& task = job->tasks[t];
    const std::string name = t < meta.display_names.size() ? meta.display_names[t] : "";
    file_size += task.file_size;
    total_rows += task.total_rows;
    imported_rows += task.imported_rows;
    if (meta.legacy) {
      details.push_back(json{{"fileName", name},
                             {"fileSize", task.file_size},
                             {"readyPercentage", static_cast<double>(task.progress) / 100.0},
                             {"completeTime", null_if_empty(task.complete_time)},
                             {"errorMessage", null_if_empty(task.reason)}});
    } else {
      details.push_back(json{{"fileName", name},
                             {"fileSize", task.file_size},
                             {"state", cloud_task_state(task.state)},
                             {"progress", task.progress},
                             {"completeTime", task.complete_time},
                             {"reason", task.reason},
                             {"totalRows", task.total_rows},
                             {"importedRows", task.imported_rows}});
    }
  }
  const std::string file_name = meta.display_names.empty() ? "" : meta.display_names.front();
  const std::string job_id = cloud_job_id(id);
  if (meta.legacy) {
    return json{{"jobId", job_id},
                {"collectionName", job->collection},
                {"fileName", file_name},
                {"fileSize", file_size},
                {"readyPercentage", static_cast<double>(progress) / 100.0},
                {"completeTime", null_if_empty(job->complete_time)},
                {"errorMessage", null_if_empty(job->reason)},
                {"details", details}};
  }
  return json{{"jobId", job_id},
              {"collectionName", job->collection},
              {"fileName", file_name},
              {"fileSize", file_size},
              {"state", cloud_state(job->phase)},
              {"progress", progress},
              {"completeTime", job->complete_time},
              {"reason", job->reason},
              {"totalRows", total_rows},
              {"importedRows", imported_rows},
              {"details", details}};
}

json CloudService::list(const json& body, const Target& target) const {
  const std::int64_t page_size = paging_value(body, "pageSize", 10, kInvalidPageSize,
                                              "The parameter value for pageSize should be between 1 and 100.");
  const std::int64_t current_page =
      paging_value(body, "currentPage", 1, kInvalidCurrentPage,
                   "The parameter currentPage should have a value between 1 and the maximum value of Int.");
  if (page_size < 1 || page_size > 100)
    throw ApiError(kInvalidPageSize, "The parameter value for pageSize should be between 1 and 100.");
  if (current_page < 1)
    throw ApiError(kInvalidCurrentPage,
                   "The parameter currentPage should have a value between 1 and the maximum value of Int.");
  const std::string collection = optional_string(body, "collectionName");
  const std::string db = optional_string(body, "dbName");

  std::vector<std::int64_t> ids;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [id, meta] : jobs_)
      if (meta.target == target.key) ids.push_back(id);
  }
  std::vector<ImportJob> jobs;
  for (auto id : ids) {
    auto job = store_.import_job(id);
    if (!job) continue;
    if (!collection.empty() && job->collection != collection) continue;
    if (!db.empty() && job->db != db) continue;
    jobs.push_back(std::move(*job));
  }
  std::sort(jobs.begin(), jobs.end(), [](const ImportJob& a, const ImportJob& b) { return a.id > b.id; });
  json records = json::array();
  const auto count = static_cast<std::int64_t>(jobs.size());
  for (std::int64_t i = (current_page - 1) * page_size; i >= 0 && i < count && i < current_page * page_size; ++i) {
    const ImportJob& job = jobs[static_cast<std::size_t>(i)];
    records.push_back(json{{"collectionName", job.collection},
                           {"jobId", cloud_job_id(job.id)},
                           {"state", target.legacy ? legacy_list_state(job.phase) : cloud_state(job.phase)}});
  }
  return json{{"count", count},
              {"currentPage", current_page},
              {"pageSize", page_size},
              {target.legacy ? "tasks" : "records", records}};
}

json CloudService::commit(const json& body, const Target& target) {
  const std::int64_t id = owned_job(body, target);
  std::optional<ImportPhase> wrong;
  store_.update_import(id, [&](ImportJob& job) {
    if (job.phase != ImportPhase::Uncommitted) {
      wrong = job.phase;
      return false;
    }
    job.phase = ImportPhase::Committing;
    return true;
  });
  if (wrong)
    throw incorrect("job " + cloud_job_id(id) + " is " + cloud_state(*wrong) +
                    "; only Uncommitted jobs (options.auto_commit=\"false\") can be committed");
  import_worker_.finish_commit(id);
  return json::object();
}

json CloudService::abort(const json& body, const Target& target) {
  const std::int64_t id = owned_job(body, target);
  std::optional<ImportPhase> ended;
  store_.update_import(id, [&](ImportJob& job) {
    if (is_terminal(job.phase)) {
      ended = job.phase;
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
  if (ended) throw incorrect("job " + cloud_job_id(id) + " has already ended in state " + cloud_state(*ended));
  return json::object();
}

}  // namespace devserver
