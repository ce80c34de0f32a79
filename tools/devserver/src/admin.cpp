#include "admin.hpp"

#include "api_error.hpp"
#include "clock.hpp"
#include "json_depth.hpp"

namespace devserver {
namespace {

using nlohmann::json;

json parse_body(const std::string& body) {
  if (auto deep = json_depth_error(body)) throw ApiError(kIncorrectParameterFormat, "admin: " + *deep);
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw ApiError(kIncorrectParameterFormat, "admin: the body must be a JSON object");
  return j;
}

std::int64_t id_of(const json& j, const char* key) {
  if (!j.contains(key)) throw ApiError(kMissingRequiredParameters, std::string("admin: ") + key + " is required");
  const json& v = j.at(key);
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_string()) {
    try {
      std::size_t used = 0;
      const long long id = std::stoll(v.get<std::string>(), &used);
      if (used == v.get<std::string>().size()) return id;
    } catch (...) {
    }
  }
  throw ApiError(kParameterInvalid, std::string("admin: ") + key + " must be a job id");
}

ImportPhase phase_of(const json& j) {
  const std::string name = j.value("state", std::string("Importing"));
  if (name == "Importing") return ImportPhase::Importing;
  auto phase = parse_import_phase(name);
  if (!phase) throw ApiError(kParameterInvalid, "admin: unknown import state \"" + name + "\"");
  return *phase;
}

std::int64_t count_of(const json& j) {
  const std::int64_t count = j.value("count", std::int64_t{0});
  if (count < 1 || count > 1000000) throw ApiError(kParameterInvalid, "admin: count must be 1..1000000");
  return count;
}

}  // namespace

bool AdminService::handle(const std::string& path, const std::string& body, const std::string& db_header, json& data) {
  if (path == "/admin/stats") {
    data = json{{"requests", requests_.load(std::memory_order_relaxed)}};
    return true;
  }
  if (path == "/admin/jobs/forget") {
    const json j = parse_body(body);
    const std::string kind = j.value("kind", std::string());
    const std::int64_t id = id_of(j, "jobId");
    bool gone = false;
    if (kind == "refresh") {
      gone = store_.forget_refresh(id);
    } else if (kind == "import") {
      gone = store_.forget_import(id);
    } else {
      throw ApiError(kParameterInvalid, "admin: kind must be \"refresh\" or \"import\"");
    }
    if (!gone) throw ApiError(kImportSysFailed, "admin: no " + kind + " job " + std::to_string(id));
    data = json::object();
    return true;
  }
  if (path == "/admin/import/seed") {
    const json j = parse_body(body);
    const std::int64_t count = count_of(j);
    ImportJob job;
    job.db = j.value("dbName", db_header.empty() ? std::string("default") : db_header);
    job.collection = j.value("collectionName", std::string("seeded"));
    job.phase = phase_of(j);
    job.progress = j.value("progress", std::int64_t{0});
    job.create_time = rfc3339_utc(now_ms());
    std::int64_t first = 0;
    for (std::int64_t i = 0; i < count; ++i) {
      const std::int64_t id = store_.add_import(job);
      if (i == 0) first = id;
    }
    data = json{{"firstJobId", std::to_string(first)}, {"count", count}};
    return true;
  }
  if (path == "/admin/import/set") {
    const json j = parse_body(body);
    const std::int64_t first = id_of(j, "firstJobId");
    const std::int64_t count = count_of(j);
    const ImportPhase phase = phase_of(j);
    const std::int64_t progress = j.value("progress", std::int64_t{0});
    const std::string reason = j.value("reason", std::string());
    std::int64_t updated = 0;
    for (std::int64_t id = first; id < first + count; ++id) {
      updated += store_.update_import(id, [&](ImportJob& job) {
        job.phase = phase;
        job.progress = progress;
        job.reason = reason;
        if (is_terminal(phase) && job.complete_time.empty()) job.complete_time = rfc3339_utc(now_ms());
        return true;
      });
    }
    data = json{{"updated", updated}};
    return true;
  }
  return false;
}

}  // namespace devserver
