#include "protocol/cloud_codec.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "common/decimal.hpp"
#include "common/error.hpp"
#include "protocol/json.hpp"
#include "protocol/rfc3339.hpp"
#include "protocol/states.hpp"

namespace mj::protocol {

using namespace detail;

namespace {

// The target: the cluster, or the project and region of a project database.
void put_target(BodyWriter& body, const CloudTarget& target) {
  if (!target.cluster_id.empty()) {
    body.key("clusterId").string(target.cluster_id);
  } else {
    body.key("projectId").string(target.project_id).key("regionId").string(target.region_id);
  }
}

// Some control-plane versions document integers as strings ("count": "1000"):
// accept a decimal string as well as a number.
std::optional<int64_t> lenient_int64(const Value& v) {
  if (auto n = to_int64(v)) return n;
  if (v.IsString()) return parse_int64(string_of(v));
  return std::nullopt;
}

int64_t get_lenient_int64(const Value& obj, std::string_view object, std::string_view key) {
  return get_int64(obj, object, key, &lenient_int64);
}

int64_t clamp_percent(double p) {
  if (!(p >= 0)) return 0;  // also NaN
  if (p > 100) return 100;
  return static_cast<int64_t>(std::floor(p + 1e-6));
}

// Progress as 0..100 from either shape: `progress` (0..100) or the older
// `readyPercentage` (a fraction 0..1; a value above 1 is taken as already a
// percentage). Values out of range are clamped. nullopt when neither is sent.
std::optional<int64_t> progress_of(const Value& o, std::string_view object) {
  if (const Value* it = member(o, "progress")) {
    if (it->IsNumber()) return clamp_percent(it->GetDouble());
    if (auto v = lenient_int64(*it)) return clamp_percent(static_cast<double>(*v));
    bad_field(object, "progress", "a number");
  }
  if (const Value* it = member(o, "readyPercentage")) {
    if (!it->IsNumber()) bad_field(object, "readyPercentage", "a number");
    const double r = it->GetDouble();
    return clamp_percent(r <= 1.0 ? r * 100.0 : r);
  }
  return std::nullopt;
}

// `reason`, or the older `errorMessage`.
std::string reason_of(const Value& o, std::string_view object) {
  std::string reason = get_string(o, object, "reason");
  if (reason.empty()) reason = get_string(o, object, "errorMessage");
  return reason;
}

// The older shape sends no state: derive it from what it does send.
const char* derived_state(const std::string& reason, const std::string& complete_time, int64_t progress) {
  if (!reason.empty()) return "Failed";
  if (!complete_time.empty() || progress >= 100) return "Completed";
  if (progress > 0) return "Importing";
  return "Pending";
}

ImportFile cloud_file_from(const Value& o) {
  if (!o.IsObject()) bad_field("data", "details[]", "an object");
  ImportFile f;
  f.file_name = get_string(o, "details[]", "fileName");
  f.file_size = get_lenient_int64(o, "details[]", "fileSize");
  f.progress = progress_of(o, "details[]").value_or(0);
  f.reason = reason_of(o, "details[]");
  f.complete_time = get_string(o, "details[]", "completeTime");
  f.complete_time_ms = parse_rfc3339_ms(f.complete_time).value_or(0);
  f.state_name = get_string(o, "details[]", "state");
  if (f.state_name.empty()) {
    const char* s = derived_state(f.reason, f.complete_time, f.progress);
    f.state_name = std::string(s) == "Importing" ? "InProgress" : s;
  }
  f.state = cloud_import_file_state_from_name(f.state_name);
  f.imported_rows = get_lenient_int64(o, "details[]", "importedRows");
  f.total_rows = get_lenient_int64(o, "details[]", "totalRows");
  return f;
}

ImportJob cloud_job_from(const Value& o, std::string_view object) {
  if (!o.IsObject()) bad_field("data", object, "an object");
  ImportJob job;
  job.job_id = import_job_id_from(o, object);
  job.collection_name = get_string(o, object, "collectionName");
  job.file_name = get_string(o, object, "fileName");
  job.file_size = get_lenient_int64(o, object, "fileSize");
  const std::optional<int64_t> progress = progress_of(o, object);
  job.progress = progress.value_or(0);
  job.reason = reason_of(o, object);
  job.imported_rows = get_lenient_int64(o, object, "importedRows");
  job.total_rows = get_lenient_int64(o, object, "totalRows");
  job.create_time = get_string(o, object, "createTime");
  job.create_time_ms = parse_rfc3339_ms(job.create_time).value_or(0);
  job.complete_time = get_string(o, object, "completeTime");
  job.complete_time_ms = parse_rfc3339_ms(job.complete_time).value_or(0);
  job.state_name = get_string(o, object, "state");
  // A list record carries no progress: only then is "no state" left unknown.
  if (job.state_name.empty() && progress) job.state_name = derived_state(job.reason, job.complete_time, job.progress);
  job.state = cloud_import_state_from_name(job.state_name);
  if (job.state == ImportState::completed && !progress) job.progress = 100;
  if (const Value* d = member(o, "details")) {
    if (!d->IsArray()) bad_field(object, "details", "an array");
    job.details.reserve(d->Size());
    for (const auto& item : d->GetArray()) job.details.push_back(cloud_file_from(item));
  }
  return job;
}

template <class E, size_t N>
E lookup(const std::pair<std::string_view, E> (&table)[N], std::string_view name, E fallback) noexcept {
  for (const auto& [key, value] : table) {
    if (key == name) return value;
  }
  return fallback;
}

}  // namespace

// Zilliz Cloud control-plane codes. Sources: the ZDOC reference pages
// ("Possible Errors" tables and the error-codes-v2 page) and the 21119 example
// answer in tests/data/wire/cloud; the categories are this library's reading
// of the texts (docs/protocol.md lists which are documented and which inferred).
std::optional<Category> cloud_category_of_code(int64_t code) noexcept {
  switch (code) {
    case 21119:  // The apikey is illegal.
    case 80001:  // The token is illegal
    case 80002:  // The token is invalid
      return Category::unauthenticated;
    case 40022:  // No access to this cluster.
      return Category::permission_denied;
    case 40021:  // The cluster ID does not exist.
    case 80020:  // Cluster not exist or you don't have permission.
    case 90001:  // The collection xxx does not exist.
    case 90102:  // The cluster does not exist in current region.
    case 90144:  // No jobId record found under this cluster
      return Category::not_found;
    case 80000:  // Incorrect parameter: xxx
    case 90011:  // Invalid CollectionName.
    case 90103:  // The clusterId parameter is empty in the request path.
    case 90104:  // The clusterId parameter is empty in the request parameter.
    case 90117:  // Invalid domain name used
      return Category::invalid_argument;
    case 80021:  // Serverless cluster not support this operation.
    case 80022:  // Dedicated cluster not support this operation.
      return Category::unsupported;
    default: break;
  }
  if (code >= 96000 && code <= 96011) return Category::invalid_argument;   // invalid ids, page size/number, ...
  if (code >= 96012 && code <= 96016) return Category::permission_denied;  // "You don't have permission for ..."
  return std::nullopt;
}

namespace {

std::string cloud_hint(Category c, Route route) {
  switch (c) {
    case Category::not_found:
      return "check the cluster id (or project and region), the collection and database names, and the job id";
    case Category::invalid_argument: return "fix the request as the server's message says";
    case Category::unauthenticated: return "set the token to a valid Zilliz Cloud API key (console: API Keys)";
    case Category::permission_denied:
      return "the API key's scope does not cover this cluster or project: use a key that does";
    case Category::unsupported: return "this cluster's plan does not offer the operation";
    case Category::rate_limited: return "the control plane is shedding load: retry later";
    case Category::timeout: return "the control plane ran out of time: retry, or raise the call's timeout";
    case Category::server:
      return is_create_route(route) ? "the control plane failed; check with list before retrying, a job may exist"
                                    : "the control plane failed; retry later";
    default: return "check that the uri points at the Zilliz Cloud control plane (https://api.cloud.zilliz.com)";
  }
}

class CloudErrors final : public ErrorDialect {
 public:
  std::optional<Category> category_of_code(int64_t code) const noexcept override {
    return cloud_category_of_code(code);
  }
  std::string hint(Category c, Route route) const override { return cloud_hint(c, route); }
  std::string not_served(Route, const std::string& path) const override {
    return "the server answered 404 for " + path +
           ": it does not serve the Zilliz Cloud import routes; check uri (default https://api.cloud.zilliz.com)";
  }
};

// The project endpoint: Milvus REST v2 behind Zilliz Cloud's gateway, which
// answers for the API key and the project with the control plane's codes.
class ProjectErrors final : public ErrorDialect {
 public:
  std::optional<Category> category_of_code(int64_t code) const noexcept override {
    return cloud_category_of_code(code);
  }
  std::string hint(Category c, Route route) const override {
    switch (c) {
      case Category::not_found:
        return "check the collection and database names and the job id (refresh jobs belong to the project)";
      case Category::unauthenticated: return "set the token to a valid Zilliz Cloud API key (console: API Keys)";
      case Category::permission_denied: return "the API key's scope does not cover this project: use a key that does";
      case Category::duplicate_job:
      case Category::invalid_argument:
      case Category::rate_limited:
      case Category::timeout:
      case Category::server: return milvus_errors().hint(c, route);
      default:
        return "check that the project id and region id name a Zilliz Cloud project (and the project endpoint, if "
               "one was set)";
    }
  }
  std::string not_served(Route, const std::string& path) const override {
    return "the Zilliz Cloud project endpoint answered 404 for " + path +
           ": check the project id and region id, and the project endpoint if one was set";
  }
};

}  // namespace

const ErrorDialect& cloud_errors() noexcept {
  static const CloudErrors errors;
  return errors;
}

const ErrorDialect& project_errors() noexcept {
  static const ProjectErrors errors;
  return errors;
}

ImportState cloud_import_state_from_name(std::string_view name) noexcept {
  static constexpr std::pair<std::string_view, ImportState> table[] = {
      {"InProgress", ImportState::importing},    {"ImportPending", ImportState::pending},
      {"ImportRunning", ImportState::importing}, {"ImportCompleted", ImportState::completed},
      {"ImportFailed", ImportState::failed},
  };
  const ImportState s = lookup(table, name, ImportState::unknown);
  return s != ImportState::unknown ? s : import_state_from_name(name);
}

ImportFileState cloud_import_file_state_from_name(std::string_view name) noexcept {
  static constexpr std::pair<std::string_view, ImportFileState> table[] = {
      {"Importing", ImportFileState::in_progress},     {"ImportPending", ImportFileState::pending},
      {"ImportRunning", ImportFileState::in_progress}, {"ImportCompleted", ImportFileState::completed},
      {"ImportFailed", ImportFileState::failed},
  };
  const ImportFileState s = lookup(table, name, ImportFileState::unknown);
  return s != ImportFileState::unknown ? s : import_file_state_from_name(name);
}

std::string encode_cloud_import_create(const ImportRequest& req, const CloudTarget& target) {
  BodyWriter body;
  put_target(body, target);
  body.db(req.db_name);
  body.key("collectionName").string(req.collection_name);
  if (!req.partition_name.empty()) body.key("partitionName").string(req.partition_name);
  if (req.volume_name.empty()) {
    body.key("objectUrls").string_groups(req.files);
  } else {
    body.key("volumeName").string(req.volume_name);
    body.key("dataPaths").string_groups(req.files);
  }
  if (!req.access_key.empty()) body.key("accessKey").string(req.access_key);
  if (!req.secret_key.empty()) body.key("secretKey").string(req.secret_key);
  if (!req.session_token.empty()) body.key("token").string(req.session_token);
  body.key("options").string_map(req.options);
  return body.finish();
}

std::string encode_cloud_job_id(std::string_view job_id, const CloudTarget& target) {
  BodyWriter body;
  put_target(body, target);
  body.key("jobId").string(job_id);
  return body.finish();
}

std::string encode_cloud_list(const CloudTarget& target, std::string_view db_name, std::string_view collection_name,
                              int64_t page_size, int64_t current_page) {
  BodyWriter body;
  put_target(body, target);
  body.db(db_name);
  if (!collection_name.empty()) body.key("collectionName").string(collection_name);
  body.key("pageSize").int64(page_size).key("currentPage").int64(current_page);
  return body.finish();
}

ImportJob decode_cloud_import_job(const Reply& reply) {
  JsonAnswer answer;
  const Value& data = data_object(checked_root(reply, answer));
  if (data.ObjectEmpty())
    throw Error(Category::protocol, "the server answered success but sent no job (data is empty)");
  return cloud_job_from(data, "data");
}

ImportJobPage decode_cloud_import_list(const Reply& reply) {
  JsonAnswer answer;
  const Value& data = data_object(checked_root(reply, answer));
  ImportJobPage page;
  // "records" now; "tasks" in the v1 shape.
  const Value* records = member(data, "records");
  const char* key = "records";
  if (records == nullptr) {
    records = member(data, "tasks");
    key = "tasks";
  }
  if (records != nullptr) {
    if (!records->IsArray()) bad_field("data", key, "an array");
    page.jobs.reserve(records->Size());
    for (const auto& r : records->GetArray()) page.jobs.push_back(cloud_job_from(r, "records[]"));
  }
  page.total_count = get_lenient_int64(data, "data", "count");
  page.page_size = get_lenient_int64(data, "data", "pageSize");
  page.current_page = get_lenient_int64(data, "data", "currentPage");
  if (page.total_count < 0 || page.page_size < 0 || page.current_page < 0) {
    throw Error(Category::protocol,
                "the server's answer is malformed: data.count, pageSize or currentPage is negative");
  }
  return page;
}

}  // namespace mj::protocol
