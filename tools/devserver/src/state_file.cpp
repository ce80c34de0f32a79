#include "state_file.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace devserver {
namespace {

using nlohmann::json;
constexpr int kStateVersion = 1;

json encodeRefresh(const RefreshJob& job) {
  return json{{"id", job.id},
              {"dbName", job.db},
              {"collectionName", job.collection},
              {"externalSource", job.source},
              {"externalSpec", job.spec},
              {"state", refreshStateName(job.state)},
              {"progress", job.progress},
              {"reason", job.reason},
              {"startTime", job.startMs},
              {"endTime", job.endMs},
              {"manifest", job.manifest}};
}

json encodeImport(const ImportJob& job) {
  json tasks = json::array();
  for (const auto& task : job.tasks) {
    tasks.push_back(json{{"paths", task.paths},
                         {"fileSize", task.fileSize},
                         {"progress", task.progress},
                         {"importedRows", task.importedRows},
                         {"totalRows", task.totalRows},
                         {"state", taskStateName(task.state)},
                         {"reason", task.reason},
                         {"completeTime", task.completeTime}});
  }
  return json{{"id", job.id},
              {"dbName", job.db},
              {"collectionName", job.collection},
              {"partitionName", job.partition},
              {"options", job.options},
              {"autoCommit", job.autoCommit},
              {"phase", importPhaseName(job.phase)},
              {"progress", job.progress},
              {"reason", job.reason},
              {"createTime", job.createTime},
              {"completeTime", job.completeTime},
              {"tasks", tasks}};
}

template <typename E>
E parseEnum(const json& j, const char* key, std::optional<E> (*parse)(const std::string&)) {
  auto value = parse(j.at(key).get<std::string>());
  if (!value) throw std::runtime_error(std::string("unknown ") + key + " " + j.at(key).dump());
  return *value;
}

RefreshJob decodeRefresh(const json& j) {
  RefreshJob job;
  job.id = j.at("id").get<std::int64_t>();
  job.db = j.at("dbName").get<std::string>();
  job.collection = j.at("collectionName").get<std::string>();
  job.source = j.at("externalSource").get<std::string>();
  job.spec = j.at("externalSpec").get<std::string>();
  job.state = parseEnum<RefreshState>(j, "state", parseRefreshState);
  job.progress = j.at("progress").get<std::int64_t>();
  job.reason = j.at("reason").get<std::string>();
  job.startMs = j.at("startTime").get<std::int64_t>();
  job.endMs = j.at("endTime").get<std::int64_t>();
  job.manifest = j.value("manifest", "");
  return job;
}

ImportJob decodeImport(const json& j) {
  ImportJob job;
  job.id = j.at("id").get<std::int64_t>();
  job.db = j.at("dbName").get<std::string>();
  job.collection = j.at("collectionName").get<std::string>();
  job.partition = j.at("partitionName").get<std::string>();
  job.options = j.at("options").get<std::map<std::string, std::string>>();
  job.autoCommit = j.at("autoCommit").get<bool>();
  job.phase = parseEnum<ImportPhase>(j, "phase", parseImportPhase);
  job.progress = j.at("progress").get<std::int64_t>();
  job.reason = j.at("reason").get<std::string>();
  job.createTime = j.at("createTime").get<std::string>();
  job.completeTime = j.at("completeTime").get<std::string>();
  for (const auto& t : j.at("tasks")) {
    ImportTask task;
    task.paths = t.at("paths").get<std::vector<std::string>>();
    task.fileSize = t.at("fileSize").get<std::int64_t>();
    task.progress = t.at("progress").get<std::int64_t>();
    task.importedRows = t.at("importedRows").get<std::int64_t>();
    task.totalRows = t.at("totalRows").get<std::int64_t>();
    task.state = parseEnum<TaskState>(t, "state", parseTaskState);
    task.reason = t.at("reason").get<std::string>();
    task.completeTime = t.at("completeTime").get<std::string>();
    job.tasks.push_back(std::move(task));
  }
  return job;
}

}  // namespace

std::string encodeState(const PersistedState& state) {
  json refresh = json::array();
  for (const auto& [id, job] : state.refreshJobs) refresh.push_back(encodeRefresh(job));
  json imports = json::array();
  for (const auto& [id, job] : state.importJobs) imports.push_back(encodeImport(job));
  json pairs = json::array();
  for (const auto& [key, pair] : state.pairOverrides) {
    pairs.push_back(json{{"dbName", key.first},
                         {"collectionName", key.second},
                         {"externalSource", pair.source},
                         {"externalSpec", pair.spec}});
  }
  json root{{"version", kStateVersion},
            {"nextRefreshJobId", state.nextRefreshId},
            {"nextImportJobId", state.nextImportId},
            {"refreshJobs", refresh},
            {"importJobs", imports},
            {"externalPairs", pairs}};
  return root.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

PersistedState decodeState(const std::string& text) {
  try {
    json root = json::parse(text);
    if (root.value("version", 0) != kStateVersion)
      throw std::runtime_error("unsupported state file version " + root.value("version", json()).dump());
    PersistedState state;
    state.nextRefreshId = root.at("nextRefreshJobId").get<std::int64_t>();
    state.nextImportId = root.at("nextImportJobId").get<std::int64_t>();
    for (const auto& j : root.at("refreshJobs")) {
      RefreshJob job = decodeRefresh(j);
      state.refreshJobs[job.id] = std::move(job);
    }
    for (const auto& j : root.at("importJobs")) {
      ImportJob job = decodeImport(j);
      state.importJobs[job.id] = std::move(job);
    }
    for (const auto& p : root.at("externalPairs")) {
      state.pairOverrides[{p.at("dbName").get<std::string>(), p.at("collectionName").get<std::string>()}] =
          ExternalPair{p.at("externalSource").get<std::string>(), p.at("externalSpec").get<std::string>()};
    }
    return state;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(e.what());
  }
}

}  // namespace devserver
