#include "jobs/pages.hpp"

#include <string>
#include <unordered_set>

#include "common/error.hpp"

namespace mj::jobs {
namespace {

constexpr int64_t kDefaultPageSize = 10;
constexpr int64_t kMaxPageSize = 100;
constexpr int64_t kWalkPageSize = 100;
constexpr int64_t kMaxWalkPages = 100000;

}  // namespace

PageRequest checked_page(int64_t page_size, int64_t current_page) {
  if (page_size < 0 || page_size > kMaxPageSize) {
    throw_invalid("page_size is " + std::to_string(page_size) + ": use 1 to 100, or 0 for the default of 10");
  }
  if (current_page < 0) {
    throw_invalid("current_page is " + std::to_string(current_page) + ": pages are numbered from 1 (0 means 1)");
  }
  return PageRequest{page_size == 0 ? kDefaultPageSize : page_size, current_page == 0 ? 1 : current_page};
}

protocol::ImportJobPage walk_pages(
    const std::function<protocol::ImportJobPage(int64_t page_size, int64_t page, int64_t remaining_ms)>& fetch,
    std::chrono::steady_clock::time_point deadline) {
  protocol::ImportJobPage all;
  std::unordered_set<std::string> seen;
  for (int64_t page = 1; page <= kMaxWalkPages; ++page) {
    const auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (remaining <= 0) {
      throw Error(Category::timeout, "the call's deadline passed after " + std::to_string(page - 1) +
                                         " pages of the list; raise the call's timeout to read them all");
    }
    protocol::ImportJobPage p = fetch(kWalkPageSize, page, remaining);
    const auto received = static_cast<int64_t>(p.jobs.size());
    size_t added = 0;
    for (auto& job : p.jobs) {
      if (job.job_id.empty() || seen.insert(job.job_id).second) {
        all.jobs.push_back(std::move(job));
        ++added;
      }
    }
    const int64_t size = p.page_size > 0 ? p.page_size : kWalkPageSize;
    // The end: an empty page; the server's count reached; without a count, a
    // short page; and a page of nothing but repeats (a server that ignores
    // currentPage would otherwise be read until the deadline).
    if (received == 0 || added == 0) break;
    if (p.total_count > 0 ? page * size >= p.total_count : received < size) break;
  }
  all.total_count = static_cast<int64_t>(all.jobs.size());
  return all;
}

}  // namespace mj::jobs
