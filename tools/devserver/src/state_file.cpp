#include "state_file.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace devserver {
namespace {

using nlohmann::json;
constexpr int kStateVersion = 1;

json encode_refresh(const RefreshJob& job) {
  return json{{"id", job.id},
              {"dbName", job.db},
              {"collectionName", job.collection},
              {"externalSource", job.source},
              {"externalSpec", job.spec},
              {"state", refresh_state_name(job.state)},
              {"progress", job.progress},
              {"reason", job.reason},
              {"startTime", job.start_ms},
              {"endTime", job.end_ms},
              {"manifest", job.manifest}};
}

json encode_import(const ImportJob& job) {
  json tasks = json::array();
  for (const auto& task : job.tasks) {
    tasks.push_back(json{{"paths", task.paths},
                         {"fileSize", task.file_size},
                         {"progress", task.progress},
                         {"importedRows", task.imported_rows},
                         {"totalRows", task.total_rows},
                         {"state", task_state_name(task.state)},
                         {"reason", task.reason},
                         {"completeTime", task.complete_time}});
  }
  return json{{"id", job.id},
              {"dbName", job.db},
              {"collectionName", job.collection},
              {"partitionName", job.partition},
              {"options", job.options},
              {"autoCommit", job.auto_commit},
              {"phase", import_phase_name(job.phase)},
              {"progress", job.progress},
              {"reason", job.reason},
              {"createTime", job.create_time},
              {"completeTime", job.complete_time},
              {"tasks", tasks}};
}

template <typename E>
E parse_enum(const json& j, const char* key, std::optional<E> (*parse)(const std::string&)) {
  auto value = parse(j.at(key).get<std::string>());
  if (!value) throw std::runtime_error(std::string("unknown ") + key + " " + j.at(key).dump());
  return *value;
}

RefreshJob decode_refresh(const json& j) {
  RefreshJob job;
  job.id = j.at("id").get<std::int64_t>();
  job.db = j.at("dbName").get<std::string>();
  job.collection = j.at("collectionName").get<std::string>();
  job.source = j.at("externalSource").get<std::string>();
  job.spec = j.at("externalSpec").get<std::string>();
  job.state = parse_enum<RefreshState>(j, "state", parse_refresh_state);
  job.progress = j.at("progress").get<std::int64_t>();
  job.reason = j.at("reason").get<std::string>();
  job.start_ms = j.at("startTime").get<std::int64_t>();
  job.end_ms = j.at("endTime").get<std::int64_t>();
  job.manifest = j.value("manifest", "");
  return job;
}

ImportJob decode_import(const json& j) {
  ImportJob job;
  job.id = j.at("id").get<std::int64_t>();
  job.db = j.at("dbName").get<std::string>();
  job.collection = j.at("collectionName").get<std::string>();
  job.partition = j.at("partitionName").get<std::string>();
  job.options = j.at("options").get<std::map<std::string, std::string>>();
  job.auto_commit = j.at("autoCommit").get<bool>();
  job.phase = parse_enum<ImportPhase>(j, "phase", parse_import_phase);
  job.progress = j.at("progress").get<std::int64_t>();
  job.reason = j.at("reason").get<std::string>();
  job.create_time = j.at("createTime").get<std::string>();
  job.complete_time = j.at("completeTime").get<std::string>();
  for (const auto& t : j.at("tasks")) {
    ImportTask task;
    task.paths = t.at("paths").get<std::vector<std::string>>();
    task.file_size = t.at("fileSize").get<std::int64_t>();
    task.progress = t.at("progress").get<std::int64_t>();
    task.imported_rows = t.at("importedRows").get<std::int64_t>();
    task.total_rows = t.at("totalRows").get<std::int64_t>();
    task.state = parse_enum<TaskState>(t, "state", parse_task_state);
    task.reason = t.at("reason").get<std::string>();
    task.complete_time = t.at("completeTime").get<std::string>();
    job.tasks.push_back(std::move(task));
  }
  return job;
}

}  // namespace

std::string encode_state(const PersistedState& state) {
  json refresh = json::array();
  for (const auto& [id, job] : state.refresh_jobs) refresh.push_back(encode_refresh(job));
  json imports = json::array();
  for (const auto& [id, job] : state.import_jobs) imports.push_back(encode_import(job));
  json pairs = json::array();
  for (const auto& [key, pair] : state.pair_overrides) {
    pairs.push_back(json{{"dbName", key.first},
                         {"collectionName", key.second},
                         {"externalSource", pair.source},
                         {"externalSpec", pair.spec}});
  }
  json root{{"version", kStateVersion},
            {"nextRefreshJobId", state.next_refresh_id},
            {"nextImportJobId", state.next_import_id},
            {"refreshJobs", refresh},
            {"importJobs", imports},
            {"externalPairs", pairs}};
  return root.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

PersistedState decode_state(const std::string& text) {
  try {
    json root = json::parse(text);
    if (root.value("version", 0) != kStateVersion)
      throw std::runtime_error("unsupported state file version " + root.value("version", json()).dump());
    PersistedState state;
    state.next_refresh_id = root.at("nextRefreshJobId").get<std::int64_t>();
    state.next_import_id = root.at("nextImportJobId").get<std::int64_t>();
    for (const auto& j : root.at("refreshJobs")) {
      RefreshJob job = decode_refresh(j);
      state.refresh_jobs[job.id] = std::move(job);
    }
    for (const auto& j : root.at("importJobs")) {
      ImportJob job = decode_import(j);
      state.import_jobs[job.id] = std::move(job);
    }
    for (const auto& p : root.at("externalPairs")) {
      state.pair_overrides[{p.at("dbName").get<std::string>(), p.at("collectionName").get<std::string>()}] =
          ExternalPair{p.at("externalSource").get<std::string>(), p.at("externalSpec").get<std::string>()};
    }
    return state;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(e.what());
  }
}

}  // namespace devserver
