// Response shapes of the job routes (docs/protocol.md, "Routes" and "Answers"). Keys are emitted in
// sorted order, as Go renders gin.H maps.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "jobs.hpp"

namespace devserver {

// refreshExternalCollectionJobInfoToMap: jobId number, spec redacted, reason only when set.
nlohmann::json refresh_job_to_wire(const RefreshJob& job);

// Import describe data. `requestedJobId` is echoed as given, like the real handler does.
nlohmann::json import_job_to_wire(const ImportJob& job, const std::string& requested_job_id);

// One record of import list: jobId (string), collectionName, state, progress, reason?.
nlohmann::json import_job_to_list_record(const ImportJob& job);

// The collapsed job state name clients see (PreImporting shows as Importing).
const char* import_state_on_wire(ImportPhase phase);

// fmt.Sprintf("%v", paths): "[a b]".
std::string go_slice_string(const std::vector<std::string>& items);

}  // namespace devserver
