#include "jobs/cloud.hpp"

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
  explicit CloudDialect(protocol::CloudTarget target) : target_(std::move(target)) {}

  const protocol::ErrorDialect& errors() const noexcept override { return protocol::cloud_errors(); }

  void check_refresh_supported(const char* operation) const override {
    throw Error(Category::unsupported,
                std::string(operation) +
                    ": the Zilliz Cloud control plane offers bulk import only, not external-collection refresh; "
                    "to refresh, make an MJ_DEPLOYMENT_MILVUS client for the cluster's own endpoint (Milvus >= 3.0)");
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
};

}  // namespace

std::shared_ptr<const Dialect> make_cloud_dialect(protocol::CloudTarget target) {
  check_cloud_target(target);
  return std::make_shared<CloudDialect>(std::move(target));
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
