#include "admin.hpp"

#include "api_error.hpp"
#include "clock.hpp"
#include "json_depth.hpp"

namespace devserver {
namespace {

using nlohmann::json;

json parseBody(const std::string& body) {
  if (auto deep = jsonDepthError(body)) throw ApiError(kIncorrectParameterFormat, "admin: " + *deep);
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw ApiError(kIncorrectParameterFormat, "admin: the body must be a JSON object");
  return j;
}

std::int64_t idOf(const json& j, const char* key) {
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

ImportPhase phaseOf(const json& j) {
  const std::string name = j.value("state", std::string("Importing"));
  if (name == "Importing") return ImportPhase::Importing;
  auto phase = parseImportPhase(name);
  if (!phase) throw ApiError(kParameterInvalid, "admin: unknown import state \"" + name + "\"");
  return *phase;
}

std::int64_t countOf(const json& j) {
  const std::int64_t count = j.value("count", std::int64_t{0});
  if (count < 1 || count > 1000000) throw ApiError(kParameterInvalid, "admin: count must be 1..1000000");
  return count;
}

}  // namespace

bool AdminService::handle(const std::string& path, const std::string& body, const std::string& dbHeader, json& data) {
  if (path == "/admin/stats") {
    data = json{{"requests", requests_.load(std::memory_order_relaxed)}};
    return true;
  }
  if (path == "/admin/jobs/forget") {
    const json j = parseBody(body);
    const std::string kind = j.value("kind", std::string());
    const std::int64_t id = idOf(j, "jobId");
    bool gone = false;
    if (kind == "refresh") {
      gone = store_.forgetRefresh(id);
    } else if (kind == "import") {
      gone = store_.forgetImport(id);
    } else {
      throw ApiError(kParameterInvalid, "admin: kind must be \"refresh\" or \"import\"");
    }
    if (!gone) throw ApiError(kImportSysFailed, "admin: no " + kind + " job " + std::to_string(id));
    data = json::object();
    return true;
  }
  if (path == "/admin/import/seed") {
    const json j = parseBody(body);
    const std::int64_t count = countOf(j);
    ImportJob job;
    job.db = j.value("dbName", dbHeader.empty() ? std::string("default") : dbHeader);
    job.collection = j.value("collectionName", std::string("seeded"));
    job.phase = phaseOf(j);
    job.progress = j.value("progress", std::int64_t{0});
    job.createTime = rfc3339Utc(nowMs());
    std::int64_t first = 0;
    for (std::int64_t i = 0; i < count; ++i) {
      const std::int64_t id = store_.addImport(job);
      if (i == 0) first = id;
    }
    data = json{{"firstJobId", std::to_string(first)}, {"count", count}};
    return true;
  }
  if (path == "/admin/import/set") {
    const json j = parseBody(body);
    const std::int64_t first = idOf(j, "firstJobId");
    const std::int64_t count = countOf(j);
    const ImportPhase phase = phaseOf(j);
    const std::int64_t progress = j.value("progress", std::int64_t{0});
    const std::string reason = j.value("reason", std::string());
    std::int64_t updated = 0;
    for (std::int64_t id = first; id < first + count; ++id) {
      updated += store_.updateImport(id, [&](ImportJob& job) {
        job.phase = phase;
        job.progress = progress;
        job.reason = reason;
        if (isTerminal(phase) && job.completeTime.empty()) job.completeTime = rfc3339Utc(nowMs());
        return true;
      });
    }
    data = json{{"updated", updated}};
    return true;
  }
  return false;
}

}  // namespace devserver
