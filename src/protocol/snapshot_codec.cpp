#include "protocol/snapshot_codec.hpp"

#include <string>
#include <utility>

#include "common/decimal.hpp"
#include "common/error.hpp"
#include "protocol/json.hpp"

namespace mj::protocol {

using namespace detail;

namespace {

SnapshotJob snapshot_job_from(const Value& o, std::string_view object) {
  if (!o.IsObject()) bad_field("data", object, "an object");
  SnapshotJob job;
  const Value* id = member(o, "jobId");
  if (id == nullptr) bad_field(object, "jobId", "present");
  auto parsed = to_int64(*id);
  if (!parsed && id->IsString()) parsed = parse_int64(string_of(*id));  // tolerated: a decimal string
  if (!parsed) bad_field(object, "jobId", "an int64 number");
  job.job_id = *parsed;
  job.snapshot_name = get_string(o, object, "snapshotName");
  job.db_name = get_string(o, object, "dbName");
  job.collection_name = get_string(o, object, "collectionName");
  job.state_name = get_string(o, object, "state");
  job.state = snapshot_state_from_name(job.state_name);
  job.progress = get_int64(o, object, "progress");
  job.reason = get_string(o, object, "reason");
  job.start_time_ms = get_int64(o, object, "startTime");
  job.time_cost_ms = get_int64(o, object, "timeCost");
  return job;
}

}  // namespace

SnapshotState snapshot_state_from_name(std::string_view name) noexcept {
  static constexpr std::pair<std::string_view, SnapshotState> table[] = {
      {"RestoreSnapshotNone", SnapshotState::none},           {"RestoreSnapshotPending", SnapshotState::pending},
      {"RestoreSnapshotExecuting", SnapshotState::executing}, {"RestoreSnapshotCompleted", SnapshotState::completed},
      {"RestoreSnapshotFailed", SnapshotState::failed},
  };
  for (const auto& [key, value] : table) {
    if (key == name) return value;
  }
  return SnapshotState::unknown;
}

std::string encode_snapshot_export(const ExportSnapshotRequest& req) {
  BodyWriter body;
  body.key("collectionName").string(req.collection_name).db(req.db_name);
  body.key("snapshotName").string(req.snapshot_name);
  body.key("targetS3Path").string(req.target_path);
  if (!req.external_spec.empty()) body.key("externalSpec").string(req.external_spec);
  return body.finish();
}

std::string encode_snapshot_restore(const RestoreSnapshotRequest& req) {
  BodyWriter body;
  body.key("targetCollectionName").string(req.target_collection_name).db(req.db_name);
  body.key("snapshotMetadataURI").string(req.snapshot_uri);
  if (!req.external_spec.empty()) body.key("externalSpec").string(req.external_spec);
  return body.finish();
}

std::string encode_snapshot_describe(int64_t job_id) {
  return BodyWriter().key("jobId").string(std::to_string(job_id)).finish();
}

std::string decode_snapshot_exported(const Reply& reply) {
  JsonAnswer answer;
  const Value& data = data_object(checked_root(reply, answer));
  std::string uri = get_string(data, "data", "snapshotMetadataURI");
  if (uri.empty()) bad_field("data", "snapshotMetadataURI", "a non-empty string");
  return uri;
}

int64_t decode_snapshot_restore_started(const Reply& reply) {
  JsonAnswer answer;
  const Value& data = data_object(checked_root(reply, answer));
  const Value* id = member(data, "jobId");
  if (id == nullptr) bad_field("data", "jobId", "present");
  auto v = id->IsString() ? parse_int64(string_of(*id)) : to_int64(*id);
  if (!v || *v <= 0) bad_field("data", "jobId", "a positive int64 number");
  return *v;
}

SnapshotJob decode_snapshot_job(const Reply& reply) {
  JsonAnswer answer;
  const Value& data = data_object(checked_root(reply, answer));
  if (data.ObjectEmpty())
    throw Error(Category::protocol, "the server answered success but sent no job (data is empty)");
  return snapshot_job_from(data, "data");
}

std::vector<SnapshotJob> decode_snapshot_list(const Reply& reply) {
  JsonAnswer answer;
  const Value& data = data_object(checked_root(reply, answer));
  std::vector<SnapshotJob> jobs;
  const Value* records = member(data, "records");
  if (records == nullptr) return jobs;
  if (!records->IsArray()) bad_field("data", "records", "an array");
  jobs.reserve(records->Size());
  for (const auto& r : records->GetArray()) jobs.push_back(snapshot_job_from(r, "records[]"));
  return jobs;
}

}  // namespace mj::protocol

namespace mj::protocol {

void check_snapshot_spec(std::string_view spec, const char* what) {
  JsonAnswer parsed;
  const Value& doc = parsed.root();
  if (!parsed.parse(spec) || !doc.IsObject()) {
    throw_invalid(std::string(what) +
                  " must be a JSON object as a string, e.g. {\"extfs\":{\"region\":\"us-west-2\"}}, or empty");
  }
  if (const Value* extfs = member(doc, "extfs")) {
    if (!extfs->IsObject()) throw_invalid(std::string(what) + " \"extfs\" must be an object of string values");
    for (const auto& m : extfs->GetObject()) {
      if (!m.value.IsString()) {
        throw_invalid(std::string(what) + " extfs." + std::string(string_of(m.name)).substr(0, 64) +
                      " must be a string (Milvus reads extfs as map<string,string>: write \"true\", not true)");
      }
    }
  }
}

}  // namespace mj::protocol
