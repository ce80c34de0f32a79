// Lists in pages: the page arguments of mj_list_import_jobs_page, and the
// walk that reads every page of a paged list within one deadline.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "protocol/types.hpp"

namespace mj::jobs {

// Page size and number of mj_list_import_jobs_page: 0 means the default
// (10, page 1); page size at most 100. Throws invalid_argument.
struct PageRequest {
  int64_t page_size = 0;
  int64_t current_page = 0;
};
PageRequest checked_page(int64_t page_size, int64_t current_page);

// Walks the pages of a paged list: fetch(page_size, page, remaining_ms) reads
// one page. Stops at an empty page, when the server's count is reached (or,
// with no count, at a short page), or at a page that brings no new job; drops
// a job seen on an earlier page (pages shift when jobs are created during the
// walk). The whole walk keeps one deadline.
protocol::ImportJobPage walk_pages(
    const std::function<protocol::ImportJobPage(int64_t page_size, int64_t page, int64_t remaining_ms)>& fetch,
    std::chrono::steady_clock::time_point deadline);

}  // namespace mj::jobs
