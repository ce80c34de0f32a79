// C++ results -> the plain C structs of the header. Each result (a job, a
// list with all its items) is one malloc'd block: structs, pointer arrays and
// strings together, so every mj_*_free is a single free() and nothing leaks.
#pragma once

#include <string>
#include <vector>

#include "milvus_jobs.h"
#include "protocol/snapshot_types.hpp"
#include "protocol/types.hpp"

namespace mj::capi {

mj_refresh_job* new_refresh_job(const protocol::RefreshJob& job);
mj_refresh_job_list* new_refresh_job_list(const std::vector<protocol::RefreshJob>& jobs);
mj_import_job* new_import_job(const protocol::ImportJob& job);
mj_import_job_list* new_import_job_list(const std::vector<protocol::ImportJob>& jobs);
// A page: the jobs plus total_count, page_size and current_page as given.
mj_import_job_list* new_import_job_page(const protocol::ImportJobPage& page);
mj_snapshot_job* new_snapshot_job(const protocol::SnapshotJob& job);
mj_snapshot_job_list* new_snapshot_job_list(const std::vector<protocol::SnapshotJob>& jobs);
char* new_string(const std::string& s);

}  // namespace mj::capi
