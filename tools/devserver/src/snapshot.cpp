#include "snapshot.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "api_error.hpp"
#include "atomic_file.hpp"
#include "clock.hpp"
#include "requests.hpp"
#include "schema.hpp"
#include "validate.hpp"

namespace devserver {
namespace {

using nlohmann::json;

constexpr int kSnapshotFormatVersion = 1;
constexpr int kRestoreSteps = 4;  // read, check, create, load: one unit of work each

const char* state_name(SnapshotState state) {
  switch (state) {
    case SnapshotState::Pending: return "RestoreSnapshotPending";
    case SnapshotState::Executing: return "RestoreSnapshotExecuting";
    case SnapshotState::Completed: return "RestoreSnapshotCompleted";
    case SnapshotState::Failed: return "RestoreSnapshotFailed";
  }
  return "RestoreSnapshotNone";
}

bool ended(SnapshotState state) { return state == SnapshotState::Completed || state == SnapshotState::Failed; }

json to_wire(const SnapshotJob& job) {
  const std::int64_t end = job.end_ms != 0 ? job.end_ms : now_ms();
  return json{{"jobId", job.id},
              {"snapshotName", job.snapshot_name},
              {"dbName", job.db},
              {"collectionName", job.collection},
              {"state", state_name(job.state)},
              {"progress", job.progress},
              {"reason", job.reason},
              {"startTime", job.start_ms},
              {"timeCost", std::max<std::int64_t>(0, end - job.start_ms)}};
}

// Milvus's rule for collection and snapshot names: a letter or '_' first,
// then letters, digits and '_', at most 255 bytes.
void check_name(const std::string& name, const char* what) {
  bool ok =
      !name.empty() && name.size() <= 255 && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (!ok)
    throw invalid_parameter(std::string("the ") + what + " " + go_quote(name) +
                            " is not valid: use letters, digits and underscores, starting with a letter or "
                            "underscore, at most 255 characters");
}

// scheme://host/path -> the local stand-in under DATA_DIR, or 1100 naming `what`.
std::filesystem::path local_path(const std::filesystem::path& data_dir, const std::string& url, const char* what) {
  std::string error;
  const auto path = url.find("://") == std::string::npos ? std::nullopt : source_to_local_dir(data_dir, url, error);
  if (!path)
    throw invalid_parameter("invalid " + std::string(what) + " " + go_quote(redact_source_for_message(url)) +
                            (error.empty() ? ": it must be scheme://bucket/path" : ": " + error));
  return *path;
}

std::string trim_slashes(std::string text) {
  while (!text.empty() && text.back() == '/') text.pop_back();
  return text;
}

std::int64_t parse_job_id(const std::string& text) {
  std::int64_t value = 0;
  bool ok = !text.empty() && text.size() <= 19;
  std::size_t i = 0;
  bool negative = false;
  if (ok && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    ok = text.size() > 1;
    i = 1;
  }
  for (; ok && i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    ok = std::isdigit(c) != 0;
    if (ok) value = value * 10 + (c - '0');  // 18 digits at most before the last: no overflow
  }
  if (ok && text.size() == 19 && !negative && text > "9223372036854775807") ok = false;
  if (!ok)
    throw ApiError(kParameterInvalid, "strconv.ParseInt: parsing " + go_quote(text) +
                                          ": invalid syntax: invalid parameter[expected=int64 jobId][actual=" + text +
                                          "]");
  return negative ? -value : value;
}

// The manifest of the collection's last completed refresh, null when none.
json last_refresh(const JobStore& store, const std::string& db, const std::string& collection) {
  std::optional<RefreshJob> last;
  for (const auto& job : store.refresh_jobs(db, collection)) {
    if (job.state != RefreshState::Completed || job.manifest.empty()) continue;
    if (!last || job.end_ms > last->end_ms || (job.end_ms == last->end_ms && job.id > last->id)) last = job;
  }
  if (!last) return nullptr;
  std::ifstream in(last->manifest, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  json manifest = json::parse(text.str(), nullptr, false);
  return json{{"jobId", last->id}, {"manifest", manifest.is_discarded() ? json(nullptr) : manifest}};
}

}  // namespace

SnapshotService::SnapshotService(JobStore& store, WorkerPool& pool, WorkSettings settings)
    : store_(store), pool_(pool), settings_(std::move(settings)) {}

json SnapshotService::export_snapshot(const RequestContext& context) {
  const ExportSnapshotRequest request = bind_export_snapshot_request(context.body);
  const std::string db = !request.db_name.empty()     ? request.db_name
                         : !context.db_header.empty() ? context.db_header
                                                      : kDefaultDatabase;
  check_name(request.snapshot_name, "snapshot name");
  if (!store_.has_database(db)) throw database_not_found(db);
  const auto collection = store_.collection(db, request.collection_name);
  if (!collection) throw collection_not_found(request.collection_name);
  if (!request.external_spec.empty()) parse_external_spec(request.external_spec);
  const std::string root = trim_slashes(request.target_path);
  const std::filesystem::path dir = local_path(settings_.data_dir, root, "target_s3_path") / request.snapshot_name;
  const std::filesystem::path file = dir / "metadata.json";
  std::error_code ec;
  if (std::filesystem::exists(file, ec))
    throw invalid_parameter("snapshot name " + request.snapshot_name + " already exists under " +
                            redact_source_for_message(root));

  json schema = nullptr;
  if (!collection->schema_json.empty()) schema = json::parse(collection->schema_json, nullptr, false);
  if (schema.is_discarded()) schema = nullptr;
  const json metadata{
      {"formatVersion", kSnapshotFormatVersion},
      {"snapshotName", request.snapshot_name},
      {"createdAt", now_ms()},
      {"collection",
       {{"dbName", db},
        {"name", collection->name},
        {"external", collection->external},
        {"externalSource", collection->external_source},
        {"externalSpec", collection->external_spec.empty() ? "" : redact_external_spec(collection->external_spec)},
        {"schema", schema}}},
      {"lastRefresh", collection->external ? last_refresh(store_, db, collection->name) : json(nullptr)}};
  try {
    write_file_atomically(file, metadata.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
  } catch (const std::exception& e) {
    throw ApiError(kIoFailed, std::string("cannot write the snapshot metadata: ") + e.what() + ": IO failed");
  }
  return json{{"snapshotMetadataURI", root + "/" + request.snapshot_name + "/metadata.json"}};
}

json SnapshotService::restore(const RequestContext& context) {
  const RestoreSnapshotRequest request = bind_restore_snapshot_request(context.body);
  const std::string db = !request.db_name.empty()     ? request.db_name
                         : !context.db_header.empty() ? context.db_header
                                                      : kDefaultDatabase;
  if (!store_.has_database(db)) throw database_not_found(db);
  check_name(request.target_collection_name, "target collection name");
  local_path(settings_.data_dir, request.metadata_uri, "snapshot_metadata_uri");
  if (!request.external_spec.empty()) parse_external_spec(request.external_spec);
  if (store_.collection(db, request.target_collection_name))
    throw invalid_parameter("collection " + request.target_collection_name + " already exists in database " + db +
                            ": a snapshot is restored into a new collection, choose another target name");
  SnapshotJob job;
  job.db = db;
  job.collection = request.target_collection_name;
  job.uri = request.metadata_uri;
  job.spec = request.external_spec;
  job.start_ms = now_ms();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [id, other] : jobs_) {
      if (other.db == db && other.collection == job.collection && !ended(other.state))
        throw invalid_parameter("collection " + job.collection + " is already being restored by job " +
                                std::to_string(id));
    }
    job.id = next_id_++;
    jobs_[job.id] = job;
  }
  pool_.submit([this, id = job.id] { run(id); });
  return json{{"jobId", job.id}};
}

json SnapshotService::describe(const RequestContext& context) {
  const JobIdRequest request = bind_job_id_request(context.body);
  const std::int64_t id = parse_job_id(request.job_id);
  const auto found = job(id);
  if (!found) throw ApiError(kImportSysFailed, "restore job not found: jobID=" + std::to_string(id));
  return to_wire(*found);
}

json SnapshotService::list(const RequestContext& context) {
  const CollectionFilterRequest request = bind_collection_filter_request(context.body);
  const std::string db = !request.db_name.empty()     ? request.db_name
                         : !context.db_header.empty() ? context.db_header
                                                      : kDefaultDatabase;
  if (!store_.has_database(db)) throw database_not_found(db);
  json records = json::array();
  bool any = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it) {  // newest first
      const SnapshotJob& job = it->second;
      if (job.db != db || (!request.collection_name.empty() && job.collection != request.collection_name)) continue;
      any = true;
      records.push_back(to_wire(job));
    }
  }
  if (!request.collection_name.empty() && !any && !store_.collection(db, request.collection_name))
    throw collection_not_found(request.collection_name);
  return json{{"records", records}};
}

std::optional<SnapshotJob> SnapshotService::job(std::int64_t id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second;
}

bool SnapshotService::update(std::int64_t id, const std::function<void(SnapshotJob&)>& mutate) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end() || ended(it->second.state)) return false;
  mutate(it->second);
  return true;
}

void SnapshotService::fail(std::int64_t id, const std::string& reason) {
  update(id, [&](SnapshotJob& j) {
    j.state = SnapshotState::Failed;
    j.reason = reason;
    j.end_ms = now_ms();
  });
}

void SnapshotService::run(std::int64_t id) {
  const auto started = job(id);
  if (!started) return;
  auto step = [&](int done) {
    if (!pool_.pause(settings_.delay)) return false;
    return update(id, [&](SnapshotJob& j) {
      j.state = SnapshotState::Executing;
      j.progress = std::min<std::int64_t>(99, done * 100 / kRestoreSteps);
    });
  };
  if (!step(0)) return;

  // 1. Read the metadata.
  std::string error;
  std::filesystem::path file;
  {
    const auto local = started->uri.find("://") == std::string::npos
                           ? std::nullopt
                           : source_to_local_dir(settings_.data_dir, started->uri, error);
    if (!local) return fail(id, "cannot read snapshot metadata: " + error);
    file = *local;
  }
  const std::string shown = redact_source_for_message(started->uri);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec) || !stays_in_data_dir(settings_.data_dir, file))
    return fail(id, "snapshot metadata " + shown + " not found (no file at " + file.string() +
                        "): export the snapshot first, or check the URI");
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const json metadata = json::parse(text.str(), nullptr, false);
  if (!step(1)) return;

  // 2. Check it.
  auto corrupt = [&](const std::string& why) {
    fail(id, "snapshot metadata " + shown + " is corrupt (" + why + "): export the snapshot again");
  };
  if (metadata.is_discarded() || !metadata.is_object()) return corrupt("not a JSON object");
  if (!metadata.contains("formatVersion") || metadata["formatVersion"] != kSnapshotFormatVersion)
    return corrupt("no formatVersion 1");
  if (!metadata.contains("snapshotName") || !metadata["snapshotName"].is_string()) return corrupt("no snapshotName");
  const json* source = metadata.contains("collection") ? &metadata["collection"] : nullptr;
  if (!source || !source->is_object() || !source->contains("external") || !(*source)["external"].is_boolean())
    return corrupt("no collection config");
  Collection collection;
  collection.db = started->db;
  collection.name = started->collection;
  collection.external = (*source)["external"].get<bool>();
  try {
    if (collection.external) {
      collection.external_source = source->value("externalSource", "");
      collection.external_spec = started->spec.empty() ? source->value("externalSpec", "") : started->spec;
    }
    if (source->contains("schema") && !(*source)["schema"].is_null()) {
      collection.schema = std::make_shared<const CollectionSchema>(parse_collection_schema((*source)["schema"]));
      collection.schema_json = (*source)["schema"].dump();
    }
  } catch (const std::exception& e) {
    return corrupt(e.what());
  }
  update(id, [&](SnapshotJob& j) { j.snapshot_name = metadata["snapshotName"].get<std::string>(); });
  if (!step(2)) return;

  // 3. Create the collection.
  if (!store_.add_collection(collection))
    return fail(id, "collection " + collection.name + " already exists in database " + collection.db +
                        " (created after the restore started): restore into a new collection name");
  if (!step(3)) return;

  update(id, [&](SnapshotJob& j) {
    j.state = SnapshotState::Completed;
    j.progress = 100;
    j.end_ms = now_ms();
  });
}

}  // namespace devserver

// JobService's snapshot routes, forwarded to the service main() set.
namespace devserver {
namespace {
std::atomic<bool> snapshot_routes_on{true};
}  // namespace

void JobService::serve_snapshot_routes(bool on) { snapshot_routes_on = on; }
bool JobService::snapshot_routes_served() { return snapshot_routes_on; }

nlohmann::json JobService::export_snapshot(const RequestContext& context) {
  return snapshots_->export_snapshot(context);
}
nlohmann::json JobService::restore_snapshot(const RequestContext& context) { return snapshots_->restore(context); }
nlohmann::json JobService::describe_snapshot(const RequestContext& context) { return snapshots_->describe(context); }
nlohmann::json JobService::list_snapshots(const RequestContext& context) { return snapshots_->list(context); }

}  // namespace devserver
