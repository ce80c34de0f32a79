#include "jobs/cloud.hpp"

#include <cctype>
#include <unordered_set>

namespace mj::jobs {
namespace {

constexpr int64_t kDefaultPageSize = 10;
constexpr int64_t kMaxPageSize = 100;
constexpr int64_t kWalkPageSize = 100;
constexpr int64_t kMaxWalkPages = 100000;

// scheme://host/..., the scheme letters, digits, '+', '-', '.'. Nothing of
// the URL is echoed: a URL may carry a presigned signature.
bool is_object_url(const std::string& url) {
  const size_t sep = url.find("://");
  if (sep == std::string::npos || sep == 0) return false;
  for (size_t i = 0; i < sep; ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (!(std::isalnum(c) || c == '+' || c == '-' || c == '.')) return false;
  }
  const size_t host_start = sep + 3;
  return host_start < url.size() && url[host_start] != '/';
}

void replace_all(std::string& text, std::string_view secret) {
  if (secret.empty()) return;
  for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3)) {
    text.replace(pos, secret.size(), "***");
  }
}

}  // namespace

void check_cloud_target(const protocol::CloudTarget& t) {
  const bool cluster = !t.cluster_id.empty();
  const bool project = !t.project_id.empty();
  const bool region = !t.region_id.empty();
  if (cluster && (project || region)) {
    throw_invalid(
        "cloud_cluster_id and cloud_project_id/cloud_region_id were both given: set the cluster id, or the project "
        "and region of a project database, not both");
  }
  if (!cluster && !project && !region) {
    throw_invalid(
        "Zilliz Cloud needs a target: set cloud_cluster_id (\"inxx-...\"), or cloud_project_id (\"proj-...\") with "
        "cloud_region_id (e.g. \"aws-us-west-2\")");
  }
  if (project != region) {
    throw_invalid(project ? "cloud_project_id needs cloud_region_id (e.g. \"aws-us-west-2\")"
                          : "cloud_region_id needs cloud_project_id (\"proj-...\")");
  }
  for (const std::string* v : {&t.cluster_id, &t.project_id, &t.region_id}) {
    if (v->size() > 256) throw_invalid("a cloud target id is longer than 256 bytes");
  }
}

void check_no_cloud_target(const protocol::CloudTarget& t) {
  if (!t.cluster_id.empty() || !t.project_id.empty() || !t.region_id.empty()) {
    throw_invalid(
        "cloud_cluster_id, cloud_project_id and cloud_region_id are for Zilliz Cloud: set deployment to "
        "MJ_DEPLOYMENT_ZILLIZ_CLOUD, or leave them NULL for Milvus");
  }
}

void check_cloud_import_request(const protocol::ImportRequest& req) {
  const bool has_keys = !req.access_key.empty() || !req.secret_key.empty();
  if (!req.access_key.empty() && req.secret_key.empty()) {
    throw_invalid("access_key was given without secret_key: give both, or neither");
  }
  if (req.access_key.empty() && !req.secret_key.empty()) {
    throw_invalid("secret_key was given without access_key: give both, or neither");
  }
  if (!req.session_token.empty() && !has_keys) {
    throw_invalid("session_token goes with temporary access_key and secret_key: give all three");
  }
  const bool volume = !req.volume_name.empty();
  if (volume && has_keys) {
    throw_invalid(
        "storage credentials apply to object URLs, not to a Zilliz Cloud volume: drop access_key/secret_key, or "
        "volume_name");
  }
  if (req.volume_name.size() > 1024) throw_invalid("volume_name is longer than 1024 bytes");
  size_t index = 0;
  for (const auto& group : req.files) {
    for (const auto& path : group) {
      const std::string label = "files[" + std::to_string(index++) + "]";
      if (volume) {
        if (is_object_url(path)) {
          throw_invalid(label +
                        " is a URL, but with volume_name the files are paths inside the volume, e.g. "
                        "\"folder/1.parquet\"");
        }
      } else if (!is_object_url(path)) {
        throw_invalid(label +
                      " is not an object URL: write e.g. s3://bucket/folder/1.parquet (a folder ends "
                      "with \"/\"), or set volume_name for paths inside a Zilliz Cloud volume");
      }
    }
  }
}

void check_no_cloud_import_fields(const protocol::ImportRequest& req) {
  if (!req.volume_name.empty() || !req.access_key.empty() || !req.secret_key.empty() || !req.session_token.empty()) {
    throw_invalid(
        "volume_name, access_key, secret_key and session_token are for Zilliz Cloud imports; a Milvus server reads "
        "the files from its own bucket: leave them NULL");
  }
}

PageRequest checked_page(int64_t page_size, int64_t current_page) {
  if (page_size < 0 || page_size > kMaxPageSize) {
    throw_invalid("page_size is " + std::to_string(page_size) + ": use 1 to 100, or 0 for the default of 10");
  }
  if (current_page < 0) {
    throw_invalid("current_page is " + std::to_string(current_page) + ": pages are numbered from 1 (0 means 1)");
  }
  return PageRequest{page_size == 0 ? kDefaultPageSize : page_size, current_page == 0 ? 1 : current_page};
}

protocol::ImportJobPage walk_cloud_pages(
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

void scrub_secrets(ErrorInfo& info, std::initializer_list<std::string_view> secrets) {
  for (std::string_view secret : secrets) {
    replace_all(info.message, secret);
    replace_all(info.server_message, secret);
  }
}

}  // namespace mj::jobs
