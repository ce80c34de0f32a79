#include "protocol/json_read.hpp"

#include <limits>

#include "common/error.hpp"
#include "protocol/reply_error.hpp"

namespace mj::protocol::detail {

[[noreturn]] void bad_field(std::string_view object, std::string_view key, std::string_view want) {
  throw Error(Category::protocol, "the server's answer is malformed: " + std::string(object) + "." + std::string(key) +
                                      " is not " + std::string(want));
}

std::string get_string(const json& obj, std::string_view object, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_string()) bad_field(object, key, "a string");
  return it->get<std::string>();
}

std::optional<int64_t> to_int64(const json& v) {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned()) {
      const auto u = v.get<uint64_t>();
      if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
      return static_cast<int64_t>(u);
    }
    return v.get<int64_t>();
  }
  if (v.is_number_float()) {
    // Integral values only, and only within the exactly representable range.
    const double d = v.get<double>();
    if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && static_cast<double>(static_cast<int64_t>(d)) == d) {
      return static_cast<int64_t>(d);
    }
  }
  return std::nullopt;
}

int64_t get_int64(const json& obj, std::string_view object, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return 0;
  auto v = to_int64(*it);
  if (!v) bad_field(object, key, "an int64 number");
  return *v;
}

const json& data_object(const json& root) {
  static const json empty = json::object();
  auto it = root.find("data");
  if (it == root.end() || it->is_null()) return empty;
  if (!it->is_object()) bad_field("response", "data", "an object");
  return *it;
}

json checked_root(const Reply& reply) {
  json root = json::parse(reply.body.begin(), reply.body.end(), nullptr, /*allow_exceptions=*/false);
  const bool is_object = root.is_object();
  std::optional<int64_t> code;
  std::string message;
  if (is_object) {
    if (auto it = root.find("code"); it != root.end()) code = to_int64(*it);
    if (auto it = root.find("message"); it != root.end() && it->is_string()) message = it->get<std::string>();
  }
  const bool has_data = is_object && root.contains("data") && !root["data"].is_null();
  if (reply.http_status == 200 && code && is_success_code(*code, has_data, message)) return root;
  throw Error(classify_failure(reply.route, reply.http_status, is_object, code, message, reply.body, reply.cloud));
}

std::string import_job_id_from(const json& o, std::string_view object) {
  auto it = o.find("jobId");
  if (it == o.end()) it = o.find("jobID");
  if (it == o.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (auto n = to_int64(*it); n && it->is_number_integer()) return std::to_string(*n);
  bad_field(object, "jobId", "a string");
}

void put_db(json& body, std::string_view db_name) {
  if (!db_name.empty()) body["dbName"] = db_name;
}

// nlohmann::json refuses to serialise invalid UTF-8; the C boundary checks it
// first, this keeps the promise for C++ callers too.
std::string dump(const json& body) {
  try {
    return body.dump();
  } catch (const json::type_error&) {
    throw_invalid("a string argument is not valid UTF-8");
  }
}

}  // namespace mj::protocol::detail
