// Response shapes of the job routes (docs/protocol.md, "Routes" and "Answers"). Keys are emitted in
// sorted order, as Go renders gin.H maps.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "jobs.hpp"

namespace devserver {

// refreshExternalCollectionJobInfoToMap: jobId number, spec redacted, reason only when set.
nlohmann::json refreshJobToWire(const RefreshJob& job);

// Import describe data. `requestedJobId` is echoed as given, like the real handler does.
nlohmann::json importJobToWire(const ImportJob& job, const std::string& requestedJobId);

// One record of import list: jobId (string), collectionName, state, progress, reason?.
nlohmann::json importJobToListRecord(const ImportJob& job);

// The collapsed job state name clients see (PreImporting shows as Importing).
const char* importStateOnWire(ImportPhase phase);

// fmt.Sprintf("%v", paths): "[a b]".
std::string goSliceString(const std::vector<std::string>& items);

}  // namespace devserver
