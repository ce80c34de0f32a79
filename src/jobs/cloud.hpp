// The Zilliz Cloud dialect (dialect.hpp) and the checks it makes before
// anything is sent: target form, project endpoint, import sources and
// credentials. (Milvus's dialect refuses the cloud-only fields with
// check_no_cloud_*.) Imports go to the control plane (the client's uri);
// refresh, for a project target, to the project endpoint in the Milvus
// dialect; a cluster target offers no refresh.
#pragma once

#include <memory>
#include <string>

#include "common/error.hpp"
#include "jobs/dialect.hpp"
#include "protocol/types.hpp"

namespace mj::jobs {

// The public project endpoint: {project_id} and {region_id} are replaced.
inline constexpr char kDefaultProjectEndpoint[] = "https://{project_id}.{region_id}.api.zillizcloud.com";

// The dialect of Zilliz Cloud for `target` (checked as below); with a project
// target, refresh goes to project_endpoint_url(project_endpoint or the
// default). A project endpoint with a cluster target is refused.
std::shared_ptr<const Dialect> make_cloud_dialect(protocol::CloudTarget target, const std::string& project_endpoint);

// The project endpoint of a project target: `templ` with {project_id} (or
// {project-id}) and {region_id} (or {region}) replaced, checked as an
// http(s) address without credentials, query or trailing "/". A template
// without placeholders is the address itself. Throws invalid_argument.
std::string project_endpoint_url(const std::string& templ, const protocol::CloudTarget& target);

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
