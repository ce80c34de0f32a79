// The Zilliz Cloud dialect (dialect.hpp) and the checks it makes before
// anything is sent: target form, import sources and credentials. (Milvus's
// dialect refuses the cloud-only fields with check_no_cloud_*.)
#pragma once

#include <memory>
#include <string>

#include "common/error.hpp"
#include "jobs/dialect.hpp"
#include "protocol/types.hpp"

namespace mj::jobs {

// The dialect of the control plane for `target` (checked as below).
std::shared_ptr<const Dialect> make_cloud_dialect(protocol::CloudTarget target);

// Exactly one of cluster_id or project_id + region_id. Throws invalid_argument.
void check_cloud_target(const protocol::CloudTarget& target);
// A Milvus client given cloud-only target fields. Throws invalid_argument.
void check_no_cloud_target(const protocol::CloudTarget& target);

// Cloud import: object URLs (scheme://bucket/...) or, with volume_name,
// relative data paths; access_key and secret_key together; a session token
// only with them; no credentials with a volume.
void check_cloud_import_request(const protocol::ImportRequest& req);
// A Milvus import request that sets cloud-only fields.
void check_no_cloud_import_fields(const protocol::ImportRequest& req);

}  // namespace mj::jobs
