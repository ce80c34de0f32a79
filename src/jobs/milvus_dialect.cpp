// The Milvus REST v2 dialect: refresh and import, bodies and answers from
// protocol/codec.cpp, every import job in one list answer.
#include "common/error.hpp"
#include "jobs/cloud.hpp"
#include "jobs/dialect.hpp"

namespace mj::jobs {
namespace {

class MilvusDialect final : public Dialect {
 public:
  const protocol::ErrorDialect& errors() const noexcept override { return protocol::milvus_errors(); }

  void check_refresh_supported(const char*) const override {}

  const std::string& refresh_base_url() const noexcept override {
    static const std::string the_clients_uri;
    return the_clients_uri;
  }

  const protocol::ErrorDialect& refresh_errors() const noexcept override { return protocol::milvus_errors(); }

  void check_snapshot_supported(const char*) const override {}

  void check_import_request(const protocol::ImportRequest& req) const override { check_no_cloud_import_fields(req); }

  std::string import_create_body(const protocol::ImportRequest& req) const override {
    return protocol::encode_import_create(req);
  }

  std::string import_job_body(std::string_view job_id) const override { return protocol::encode_import_job_id(job_id); }

  protocol::ImportJob decode_import_job(const protocol::Reply& reply) const override {
    return protocol::decode_import_job(reply);
  }

  bool pages_import_list() const noexcept override { return false; }

  std::string import_list_body(std::string_view db_name, std::string_view collection_name, int64_t,
                               int64_t) const override {
    return protocol::encode_list(db_name, collection_name);
  }

  protocol::ImportJobPage decode_import_list(const protocol::Reply& reply) const override {
    protocol::ImportJobPage page;
    page.jobs = protocol::decode_import_list(reply);
    return page;
  }

  FileMatch match_import_files(const protocol::ImportJob& job, const protocol::ImportRequest& req) const override {
    return match_milvus_import_files(job, req);
  }
};

}  // namespace

std::shared_ptr<const Dialect> make_dialect(Deployment deployment, protocol::CloudTarget target,
                                            const std::string& project_endpoint) {
  if (deployment == Deployment::zilliz_cloud) return make_cloud_dialect(std::move(target), project_endpoint);
  check_no_cloud_target(target);
  if (!project_endpoint.empty()) {
    throw_invalid(
        "a project endpoint was given to a Milvus client: it is for Zilliz Cloud clients made with a project id and "
        "region id; leave it unset for Milvus");
  }
  static const std::shared_ptr<const Dialect> milvus = std::make_shared<MilvusDialect>();
  return milvus;
}

}  // namespace mj::jobs
