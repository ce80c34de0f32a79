// Which server a client talks to, chosen once when the client is made: Milvus
// REST v2, or Zilliz Cloud (imports at the control plane, refresh at the
// project endpoint in the Milvus dialect). A dialect owns everything that
// differs between them: which operations exist and where refresh goes, the
// checks on an import request, the request bodies, the decoding of answers,
// the reading of failures (its ErrorDialects) and whether a list comes in
// pages. JobsClient asks its dialect and never which server it talks to.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "protocol/codec.hpp"
#include "protocol/reply_error.hpp"
#include "protocol/types.hpp"

namespace mj::jobs {

enum class Deployment { milvus, zilliz_cloud };

// How the files a job reports compare with a request's: the same files;
// other files; or not known yet (the server reports no files, or only some).
enum class FileMatch { same, different, unknown };

// Milvus: one detail per file group, its fileName the group's paths as Go
// prints a []string ("[a.parquet]", "[a.npy b.npy]").
FileMatch match_milvus_import_files(const protocol::ImportJob& job, const protocol::ImportRequest& req);
// Zilliz Cloud: details' fileName (else the top-level fileName) naming the
// object URLs, their paths in the bucket, or the volume's data paths.
FileMatch match_cloud_import_files(const protocol::ImportJob& job, const protocol::ImportRequest& req);

class Dialect {
 public:
  virtual ~Dialect() = default;

  // How failures of the import routes read (passed with every Reply).
  virtual const protocol::ErrorDialect& errors() const noexcept = 0;

  // External-collection refresh: returns when the server offers it, else
  // throws mj::Error(unsupported) naming `operation`.
  virtual void check_refresh_supported(const char* operation) const = 0;
  // Where the refresh routes go: "" for the client's uri, else the base
  // address of another endpoint (scheme://host[:port][/prefix]). Their
  // bodies and answers are always Milvus REST v2's (protocol/codec.hpp).
  virtual const std::string& refresh_base_url() const noexcept = 0;
  // How failures of the refresh routes read.
  virtual const protocol::ErrorDialect& refresh_errors() const noexcept = 0;

  // Snapshot jobs (export, restore, describe, list): as refresh. Since 0.4.
  virtual void check_snapshot_supported(const char* operation) const = 0;

  // Import. The request's common fields are checked before (validate.hpp);
  // this checks what only the dialect knows (sources, credentials).
  virtual void check_import_request(const protocol::ImportRequest& req) const = 0;
  virtual std::string import_create_body(const protocol::ImportRequest& req) const = 0;
  // describe, commit and abort: the body naming one job.
  virtual std::string import_job_body(std::string_view job_id) const = 0;
  virtual protocol::ImportJob decode_import_job(const protocol::Reply& reply) const = 0;

  // Whether the list of import jobs comes in pages (then page_size and page
  // are sent); else one answer holds every job and they are ignored.
  virtual bool pages_import_list() const noexcept = 0;
  virtual std::string import_list_body(std::string_view db_name, std::string_view collection_name, int64_t page_size,
                                       int64_t page) const = 0;
  virtual protocol::ImportJobPage decode_import_list(const protocol::Reply& reply) const = 0;

  // Whether the files `job` reports (read with decode_import_job) are
  // exactly the files of `req` (reconcile.hpp): each server formats them its
  // own way.
  virtual FileMatch match_import_files(const protocol::ImportJob& job, const protocol::ImportRequest& req) const = 0;
};

// The dialect of `deployment`; `target` names the Zilliz Cloud cluster or
// project database and `project_endpoint` overrides the project endpoint's
// template (cloud.hpp); both must be empty for Milvus. Throws
// invalid_argument.
std::shared_ptr<const Dialect> make_dialect(Deployment deployment, protocol::CloudTarget target,
                                            const std::string& project_endpoint);

}  // namespace mj::jobs
