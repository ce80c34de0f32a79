#include "protocol/codec.hpp"

#include <array>
#include <limits>
#include <optional>

#include "common/decimal.hpp"
#include "common/error.hpp"
#include "protocol/import_fast.hpp"
#include "protocol/json.hpp"
#include "protocol/reply_error.hpp"
#include "protocol/rfc3339.hpp"
#include "protocol/states.hpp"

namespace mj::protocol {

using namespace detail;

namespace {

RefreshJob refresh_job_from(const Value& o) {
  if (!o.IsObject()) bad_field("data", "records[]", "an object");
  RefreshJob job;
  auto id = o.FindMember("jobId");
  if (id == o.MemberEnd()) bad_field("job", "jobId", "present");
  auto parsed = to_int64(id->value);
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

void read_import_times(const Value& o, std::string_view object, std::string& text, int64_t& ms, std::string_view key) {
  text = get_string(o, object, key);
  ms = parse_rfc3339_ms(text).value_or(0);
}

ImportFile import_file_from(const Value& o) {
  if (!o.IsObject()) bad_field("data", "details[]", "an object");
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

ImportJob import_job_from(const Value& o, std::string_view object) {
  if (!o.IsObject()) bad_field("data", object, "an object");
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
  if (const Value* d = member(o, "details")) {
    if (!d->IsArray()) bad_field(object, "details", "an array");
    job.details.reserve(d->Size());
    for (const auto& item : d->GetArray()) job.details.push_back(import_file_from(item));
  }
  return job;
}

const Value& records_of(const Value& data) {
  static const Value empty(rapidjson::kArrayType);
  const Value* records = member(data, "records");
  if (records == nullptr) return empty;
  if (!records->IsArray()) bad_field("data", "records", "an array");
  return *records;
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
  BodyWriter body;
  body.key("collectionName").string(req.collection_name).db(req.db_name);
  if (!req.external_source.empty() || !req.external_spec.empty()) {
    body.key("externalSource").string(req.external_source);
    body.key("externalSpec").string(req.external_spec);
  }
  return body.finish();
}

std::string encode_refresh_describe(int64_t job_id) { return BodyWriter().key("jobId").int64(job_id).finish(); }

std::string encode_list(std::string_view db_name, std::string_view collection_name) {
  BodyWriter body;
  if (!collection_name.empty()) body.key("collectionName").string(collection_name);
  return body.db(db_name).finish();
}

std::string encode_import_create(const ImportRequest& req) {
  BodyWriter body;
  body.key("collectionName").string(req.collection_name).db(req.db_name);
  body.key("files").string_groups(req.files);
  if (!req.options.empty()) body.key("options").string_map(req.options);
  if (!req.partition_name.empty()) body.key("partitionName").string(req.partition_name);
  return body.finish();
}

std::string encode_import_job_id(std::string_view job_id) { return BodyWriter().key("jobId").string(job_id).finish(); }

int64_t decode_refresh_created(const Reply& reply) {
  JsonAnswer answer;
  const Value& data = data_object(checked_root(reply, answer));
  auto it = data.FindMember("jobId");
  if (it == data.MemberEnd()) bad_field("data", "jobId", "present");
  if (it->value.IsString()) {
    // Tolerated: a decimal string, parsed exactly.
    if (auto v = parse_int64(string_of(it->value)); v && *v > 0) return *v;
    bad_field("data", "jobId", "a positive int64 number");
  }
  auto v = to_int64(it->value);
  if (!v || *v <= 0) bad_field("data", "jobId", "a positive int64 number");
  return *v;
}

RefreshJob decode_refresh_job(const Reply& reply) {
  JsonAnswer answer;
  const Value& data = data_object(checked_root(reply, answer));
  if (data.ObjectEmpty())
    throw Error(Category::protocol, "the server answered success but sent no job (data is empty)");
  return refresh_job_from(data);
}

std::vector<RefreshJob> decode_refresh_list(const Reply& reply) {
  JsonAnswer answer;
  const Value& records = records_of(data_object(checked_root(reply, answer)));
  std::vector<RefreshJob> jobs;
  jobs.reserve(records.Size());
  for (const auto& r : records.GetArray()) jobs.push_back(refresh_job_from(r));
  return jobs;
}

std::string decode_import_created(const Reply& reply) {
  JsonAnswer answer;
  std::string id = import_job_id_from(data_object(checked_root(reply, answer)), "data");
  if (id.empty()) bad_field("data", "jobId", "a non-empty string");
  return id;
}

ImportJob decode_import_job(const Reply& reply) {
  ImportJob job;
  if (decode_import_job_fast(reply, job)) return job;
  return decode_import_job_dom(reply);
}

ImportJob detail::decode_import_job_dom(const Reply& reply) {
  JsonAnswer answer;
  const Value& data = data_object(checked_root(reply, answer));
  if (data.ObjectEmpty())
    throw Error(Category::protocol, "the server answered success but sent no job (data is empty)");
  return import_job_from(data, "data");
}

std::vector<ImportJob> decode_import_list(const Reply& reply) {
  JsonAnswer answer;
  const Value& records = records_of(data_object(checked_root(reply, answer)));
  std::vector<ImportJob> jobs;
  jobs.reserve(records.Size());
  for (const auto& r : records.GetArray()) jobs.push_back(import_job_from(r, "records[]"));
  return jobs;
}

void decode_empty(const Reply& reply) {
  JsonAnswer answer;
  (void)checked_root(reply, answer);
}

void check_external_spec(std::string_view spec) {
  static constexpr std::array<std::string_view, 5> formats = {"parquet", "vortex", "lance-table", "iceberg-table",
                                                              "milvus-table"};
  JsonAnswer parsed;
  const Value& doc = parsed.root();
  if (!parsed.parse(spec) || !doc.IsObject()) {
    throw_invalid("external_spec must be a JSON object as a string, e.g. {\"format\":\"parquet\"}");
  }
  auto format = doc.FindMember("format");
  if (format == doc.MemberEnd() || !format->value.IsString()) {
    throw_invalid("external_spec has no \"format\": set it to one of parquet, vortex, lance-table, iceberg-table");
  }
  const std::string name(string_of(format->value));
  bool known = false;
  for (auto f : formats) known = known || f == name;
  if (!known) {
    throw_invalid("external_spec \"format\" is \"" + clip(name) +
                  "\", which Milvus does not know: use parquet, vortex, lance-table or iceberg-table");
  }
  // An Iceberg snapshot id is an int64: a JSON number read through a double
  // would lose digits, so only whole numbers and strings of digits pass (the
  // spec itself is sent exactly as given).
  if (auto snapshot = doc.FindMember("snapshot_id"); snapshot != doc.MemberEnd() && !snapshot->value.IsNull()) {
    const Value& v = snapshot->value;
    const bool ok = v.IsInt64() || (v.IsString() && parse_int64(string_of(v)).has_value());
    if (!ok) {
      throw_invalid(
          "external_spec \"snapshot_id\" must be an int64: a whole number, or a string of its digits, e.g. "
          "\"3051729675574597004\"");
    }
  }
  if (auto extfs = doc.FindMember("extfs"); extfs != doc.MemberEnd()) {
    if (!extfs->value.IsObject()) throw_invalid("external_spec \"extfs\" must be an object of string values");
    for (const auto& m : extfs->value.GetObject()) {
      if (!m.value.IsString()) {
        throw_invalid("external_spec extfs." + clip(std::string(string_of(m.name))) +
                      " must be a string (Milvus reads extfs as map<string,string>: write \"true\", not true)");
      }
    }
  }
}

}  // namespace mj::protocol
