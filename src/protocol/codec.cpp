#include "protocol/codec.hpp"

#include <nlohmann/json.hpp>

#include "protocol/json_read.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <optional>

#include "common/error.hpp"
#include "protocol/reply_error.hpp"
#include "protocol/rfc3339.hpp"
#include "protocol/states.hpp"

namespace mj::protocol {

using namespace detail;

namespace {

RefreshJob refresh_job_from(const json& o) {
  if (!o.is_object()) bad_field("data", "records[]", "an object");
  RefreshJob job;
  auto id = o.find("jobId");
  if (id == o.end()) bad_field("job", "jobId", "present");
  auto parsed = to_int64(*id);
  if (!parsed) bad_field("job", "jobId", "an int64 number");
  job.job_id = *parsed;
  job.collection_name = get_string(o, "job", "collectionName");
  job.state_name = get_string(o, "job", "state");
  job.state = refresh_state_from_name(job.state_name);
  job.progress = get_int64(o, "job", "progress");
  job.reason = get_string(o, "job", "reason");
  job.external_source = get_string(o, "job", "externalSource");
  job.external_spec = get_string(o, "job", "externalSpec");
  job.start_time_ms = get_int64(o, "job", "startTime");
  job.end_time_ms = get_int64(o, "job", "endTime");
  return job;
}

void read_import_times(const json& o, std::string_view object, std::string& text, int64_t& ms, const char* key) {
  text = get_string(o, object, key);
  ms = parse_rfc3339_ms(text).value_or(0);
}

ImportFile import_file_from(const json& o) {
  if (!o.is_object()) bad_field("data", "details[]", "an object");
  ImportFile f;
  f.file_name = get_string(o, "details[]", "fileName");
  f.file_size = get_int64(o, "details[]", "fileSize");
  f.progress = get_int64(o, "details[]", "progress");
  f.state_name = get_string(o, "details[]", "state");
  f.state = import_file_state_from_name(f.state_name);
  f.imported_rows = get_int64(o, "details[]", "importedRows");
  f.total_rows = get_int64(o, "details[]", "totalRows");
  read_import_times(o, "details[]", f.complete_time, f.complete_time_ms, "completeTime");
  f.reason = get_string(o, "details[]", "reason");
  return f;
}

ImportJob import_job_from(const json& o, std::string_view object) {
  if (!o.is_object()) bad_field("data", object, "an object");
  ImportJob job;
  job.job_id = import_job_id_from(o, object);
  job.collection_name = get_string(o, object, "collectionName");
  job.state_name = get_string(o, object, "state");
  job.state = import_state_from_name(job.state_name);
  job.progress = get_int64(o, object, "progress");
  job.reason = get_string(o, object, "reason");
  job.imported_rows = get_int64(o, object, "importedRows");
  job.total_rows = get_int64(o, object, "totalRows");
  job.file_size = get_int64(o, object, "fileSize");
  read_import_times(o, object, job.create_time, job.create_time_ms, "createTime");
  read_import_times(o, object, job.complete_time, job.complete_time_ms, "completeTime");
  if (auto d = o.find("details"); d != o.end() && !d->is_null()) {
    if (!d->is_array()) bad_field(object, "details", "an array");
    job.details.reserve(d->size());
    for (const auto& item : *d) job.details.push_back(import_file_from(item));
  }
  return job;
}

const json& records_of(const json& data) {
  static const json empty = json::array();
  auto it = data.find("records");
  if (it == data.end() || it->is_null()) return empty;
  if (!it->is_array()) bad_field("data", "records", "an array");
  return *it;
}

// At most `max` bytes of `s`, never cutting a UTF-8 sequence (messages stay valid UTF-8).
std::string clip(const std::string& s, size_t max = 64) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xc0) == 0x80) --end;
  return s.substr(0, end) + "...";
}

}  // namespace

std::string encode_refresh(const RefreshRequest& req) {
  json body = json::object();
  put_db(body, req.db_name);
  body["collectionName"] = req.collection_name;
  if (!req.external_source.empty() || !req.external_spec.empty()) {
    body["externalSource"] = req.external_source;
    body["externalSpec"] = req.external_spec;
  }
  return dump(body);
}

std::string encode_refresh_describe(int64_t job_id) { return dump(json{{"jobId", job_id}}); }

std::string encode_list(std::string_view db_name, std::string_view collection_name) {
  json body = json::object();
  put_db(body, db_name);
  if (!collection_name.empty()) body["collectionName"] = collection_name;
  return dump(body);
}

std::string encode_import_create(const ImportRequest& req) {
  json body = json::object();
  put_db(body, req.db_name);
  body["collectionName"] = req.collection_name;
  if (!req.partition_name.empty()) body["partitionName"] = req.partition_name;
  body["files"] = req.files;
  if (!req.options.empty()) {
    json options = json::object();
    for (const auto& [key, value] : req.options) options[key] = value;
    body["options"] = std::move(options);
  }
  return dump(body);
}

std::string encode_import_job_id(std::string_view job_id) { return dump(json{{"jobId", job_id}}); }

int64_t decode_refresh_created(const Reply& reply) {
  const json root = checked_root(reply);
  const json& data = data_object(root);
  auto it = data.find("jobId");
  if (it == data.end()) bad_field("data", "jobId", "present");
  if (it->is_string()) {
    // Tolerated: a decimal string, parsed exactly.
    const auto& s = it->get_ref<const std::string&>();
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && end == s.data() + s.size() && v > 0) return v;
    bad_field("data", "jobId", "a positive int64 number");
  }
  auto v = to_int64(*it);
  if (!v || *v <= 0) bad_field("data", "jobId", "a positive int64 number");
  return *v;
}

RefreshJob decode_refresh_job(const Reply& reply) {
  const json root = checked_root(reply);
  const json& data = data_object(root);
  if (data.empty()) throw Error(Category::protocol, "the server answered success but sent no job (data is empty)");
  return refresh_job_from(data);
}

std::vector<RefreshJob> decode_refresh_list(const Reply& reply) {
  const json root = checked_root(reply);
  const json& records = records_of(data_object(root));
  std::vector<RefreshJob> jobs;
  jobs.reserve(records.size());
  for (const auto& r : records) jobs.push_back(refresh_job_from(r));
  return jobs;
}

std::string decode_import_created(const Reply& reply) {
  const json root = checked_root(reply);
  std::string id = import_job_id_from(data_object(root), "data");
  if (id.empty()) bad_field("data", "jobId", "a non-empty string");
  return id;
}

ImportJob decode_import_job(const Reply& reply) {
  const json root = checked_root(reply);
  const json& data = data_object(root);
  if (data.empty()) throw Error(Category::protocol, "the server answered success but sent no job (data is empty)");
  return import_job_from(data, "data");
}

std::vector<ImportJob> decode_import_list(const Reply& reply) {
  const json root = checked_root(reply);
  const json& records = records_of(data_object(root));
  std::vector<ImportJob> jobs;
  jobs.reserve(records.size());
  for (const auto& r : records) jobs.push_back(import_job_from(r, "records[]"));
  return jobs;
}

void decode_empty(const Reply& reply) { (void)checked_root(reply); }

void check_external_spec(std::string_view spec) {
  static constexpr std::array<std::string_view, 5> formats = {"parquet", "vortex", "lance-table", "iceberg-table",
                                                              "milvus-table"};
  const json doc = json::parse(spec.begin(), spec.end(), nullptr, false);
  if (!doc.is_object()) {
    throw_invalid("external_spec must be a JSON object as a string, e.g. {\"format\":\"parquet\"}");
  }
  auto format = doc.find("format");
  if (format == doc.end() || !format->is_string()) {
    throw_invalid("external_spec has no \"format\": set it to one of parquet, vortex, lance-table, iceberg-table");
  }
  const auto& name = format->get_ref<const std::string&>();
  bool known = false;
  for (auto f : formats) known = known || f == name;
  if (!known) {
    throw_invalid("external_spec \"format\" is \"" + clip(name) +
                  "\", which Milvus does not know: use parquet, vortex, lance-table or iceberg-table");
  }
  if (auto extfs = doc.find("extfs"); extfs != doc.end()) {
    if (!extfs->is_object()) throw_invalid("external_spec \"extfs\" must be an object of string values");
    for (const auto& [key, value] : extfs->items()) {
      if (!value.is_string()) {
        throw_invalid("external_spec extfs." + clip(key) +
                      " must be a string (Milvus reads extfs as map<string,string>: write \"true\", not true)");
      }
    }
  }
}

}  // namespace mj::protocol
