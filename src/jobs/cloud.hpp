// Zilliz Cloud in the jobs layer: the checks made before anything is sent
// (target form, import sources and credentials), the page walk of
// mj_list_import_jobs, and keeping secrets out of error messages.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "protocol/types.hpp"

namespace mj::jobs {

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

// Page size and number of mj_list_import_jobs_page: 0 means the default
// (10, page 1); page size at most 100. Throws invalid_argument.
struct PageRequest {
  int64_t page_size = 0;
  int64_t current_page = 0;
};
PageRequest checked_page(int64_t page_size, int64_t current_page);

// Walks the pages of a cloud list: fetch(page_size, page, remaining_ms) reads
// one page. Stops at an empty page, when the server's count is reached (or,
// with no count, at a short page), or at a page that brings no new job; drops
// a job seen on an earlier page (pages shift when jobs are created during the
// walk). The whole walk keeps one deadline.
protocol::ImportJobPage walk_cloud_pages(
    const std::function<protocol::ImportJobPage(int64_t page_size, int64_t page, int64_t remaining_ms)>& fetch,
    std::chrono::steady_clock::time_point deadline);

// Replaces every non-empty secret in the error's messages with "***".
void scrub_secrets(ErrorInfo& info, std::initializer_list<std::string_view> secrets);

}  // namespace mj::jobs
