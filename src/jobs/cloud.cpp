#include "jobs/cloud.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "protocol/cloud_codec.hpp"

namespace mj::jobs {
namespace {

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

class CloudDialect final : public Dialect {
 public:
  CloudDialect(protocol::CloudTarget target, std::string refresh_url)
      : target_(std::move(target)), refresh_url_(std::move(refresh_url)) {}

  const protocol::ErrorDialect& errors() const noexcept override { return protocol::cloud_errors(); }

  void check_refresh_supported(const char* operation) const override {
    if (!refresh_url_.empty()) return;
    ErrorInfo info;
    info.category = Category::unsupported;
    info.hint = Hint::set_cloud_project;
    info.message = std::string(operation) +
                   ": this Zilliz Cloud client names a cluster, and Zilliz Cloud serves external-collection refresh "
                   "through a project endpoint: make the client with the cloud project id and region id instead "
                   "(with the same API key it runs imports and refreshes), or make a Milvus client for the "
                   "cluster's own endpoint (Milvus >= 3.0)";
    throw Error(std::move(info));
  }

  const std::string& refresh_base_url() const noexcept override { return refresh_url_; }

  const protocol::ErrorDialect& refresh_errors() const noexcept override { return protocol::project_errors(); }

  // The control plane's Backup & Restore API is another thing (cluster backups), not these routes.
  void check_snapshot_supported(const char* operation) const override {
    throw Error(Category::unsupported,
                std::string(operation) +
                    ": Zilliz Cloud has no snapshot export or restore jobs; use a client for a Milvus server "
                    "that offers them (Milvus >= 3.0 with snapshot jobs)");
  }

  void check_import_request(const protocol::ImportRequest& req) const override { check_cloud_import_request(req); }

  std::string import_create_body(const protocol::ImportRequest& req) const override {
    return protocol::encode_cloud_import_create(req, target_);
  }

  std::string import_job_body(std::string_view job_id) const override {
    return protocol::encode_cloud_job_id(job_id, target_);
  }

  protocol::ImportJob decode_import_job(const protocol::Reply& reply) const override {
    return protocol::decode_cloud_import_job(reply);
  }

  bool pages_import_list() const noexcept override { return true; }

  std::string import_list_body(std::string_view db_name, std::string_view collection_name, int64_t page_size,
                               int64_t page) const override {
    return protocol::encode_cloud_list(target_, db_name, collection_name, page_size, page);
  }

  protocol::ImportJobPage decode_import_list(const protocol::Reply& reply) const override {
    return protocol::decode_cloud_import_list(reply);
  }

  FileMatch match_import_files(const protocol::ImportJob& job, const protocol::ImportRequest& req) const override {
    return match_cloud_import_files(job, req);
  }

 private:
  protocol::CloudTarget target_;
  std::string refresh_url_;  // the project endpoint; "" for a cluster target
};

std::string clipped(const std::string& text) { return text.size() > 200 ? text.substr(0, 200) + "..." : text; }

// A project or region id becomes part of a host name.
void check_host_label(const std::string& value, const char* what) {
  bool ok = !value.empty();
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    ok = ok && (std::isalnum(c) || c == '-');
  }
  if (!ok) {
    throw_invalid(std::string("the ") + what + " \"" + clipped(value) +
                  "\" cannot be part of the project endpoint's host name (letters, digits and '-' only): check the " +
                  what);
  }
}

}  // namespace

std::shared_ptr<const Dialect> make_cloud_dialect(protocol::CloudTarget target, const std::string& project_endpoint) {
  check_cloud_target(target);
  std::string refresh_url;
  if (target.cluster_id.empty()) {
    refresh_url = project_endpoint_url(project_endpoint.empty() ? kDefaultProjectEndpoint : project_endpoint, target);
  } else if (!project_endpoint.empty()) {
    throw_invalid(
        "a project endpoint was given to a Zilliz Cloud client made with a cluster id: the project endpoint serves "
        "clients made with the cloud project id and region id; drop it, or make the client with those ids");
  }
  return std::make_shared<CloudDialect>(std::move(target), std::move(refresh_url));
}

std::string project_endpoint_url(const std::string& templ, const protocol::CloudTarget& target) {
  if (templ.size() > 2048) throw_invalid("the project endpoint is longer than 2048 bytes");
  std::string url;
  for (size_t i = 0; i < templ.size();) {
    if (templ[i] != '{') {
      url += templ[i++];
      continue;
    }
    const size_t close = templ.find('}', i);
    if (close == std::string::npos) {
      throw_invalid("the project endpoint \"" + clipped(templ) +
                    "\" has a '{' without '}': write {project_id} and {region_id}, or a plain address");
    }
    const std::string name = templ.substr(i + 1, close - i - 1);
    if (name == "project_id" || name == "project-id") {
      check_host_label(target.project_id, "project id");
      url += target.project_id;
    } else if (name == "region_id" || name == "region") {
      check_host_label(target.region_id, "region id");
      url += target.region_id;
    } else {
      throw_invalid("the project endpoint \"" + clipped(templ) + "\" has an unknown placeholder {" + clipped(name) +
                    "}: use {project_id} and {region_id}");
    }
    i = close + 1;
  }
  for (char ch : url) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7f || c == '?' || c == '#') {
      throw_invalid("the project endpoint must not contain a query, a fragment, whitespace or control characters");
    }
  }
  const size_t scheme_end = url.find("://");
  const std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") {
    throw_invalid("the project endpoint \"" + clipped(url) + "\" is not an http:// or https:// address, e.g. " +
                  kDefaultProjectEndpoint);
  }
  while (url.size() > scheme_end + 3 && url.back() == '/') url.pop_back();
  const size_t host_start = scheme_end + 3;
  const size_t host_end = std::min(url.find('/', host_start), url.size());
  const std::string authority = url.substr(host_start, host_end - host_start);
  if (authority.empty()) throw_invalid("the project endpoint \"" + clipped(url) + "\" has no host");
  if (authority.find('@') != std::string::npos) {
    throw_invalid("the project endpoint must not carry credentials (user:password@): the API key is the token");
  }
  return url;
}

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

}  // namespace mj::jobs
