// The snapshot job operations of JobsClient: export (no job: it answers the
// metadata URI), restore (a job), describe and list, plus the two halves of a
// describe for the watcher.
#include <cctype>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "jobs/client.hpp"
#include "jobs/validate.hpp"
#include "protocol/snapshot_codec.hpp"

namespace mj::jobs {
namespace {

using protocol::Reply;
using protocol::Route;

void require(const std::string& value, const char* what, const char* example) {
  if (value.empty()) throw_invalid(std::string(what) + " is empty: set it, e.g. " + example);
}

// scheme://rest with a scheme of letters, digits, '+', '-', '.', starting with
// a letter, and something after "://". Only the scheme is quoted back (a URL
// may carry a query with a signature).
void check_url(const std::string& value, const char* what, const char* example) {
  const size_t sep = value.find("://");
  bool ok = sep != std::string::npos && sep > 0 && sep + 3 < value.size() &&
            std::isalpha(static_cast<unsigned char>(value[0]));
  for (size_t i = 0; ok && i < sep; ++i) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    ok = std::isalnum(c) || c == '+' || c == '-' || c == '.';
  }
  for (size_t i = 0; ok && i < value.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    ok = c > 0x20 && c != 0x7f;
  }
  if (!ok) {
    throw_invalid(std::string(what) +
                  " is not a URL (scheme://bucket/path, no spaces or control characters): use, e.g., " + example);
  }
}

void check_snapshot_job_id(int64_t job_id) {
  if (job_id <= 0) throw_invalid("job_id must be > 0 (the id the snapshot restore's start returned)");
}

}  // namespace

std::string JobsClient::export_snapshot(protocol::ExportSnapshotRequest req, const CallContext& ctx) {
  dialect_->check_snapshot_supported("export_snapshot");
  require(req.collection_name, "collection_name", "\"books\"");
  require(req.snapshot_name, "snapshot_name", "\"books_2026_07_01\"");
  require(req.target_path, "target_path", "\"s3://bucket/exports\"");
  check_url(req.target_path, "target_path", "s3://bucket/exports");
  if (!req.external_spec.empty()) protocol::check_snapshot_spec(req.external_spec, "external_spec");
  req.db_name = db_for(ctx);
  std::string uri;
  exchange_with("export_snapshot", Route::snapshot_export, protocol::encode_snapshot_export(req), ctx,
                [&](const Reply& r) { uri = protocol::decode_snapshot_exported(r); });
  return uri;
}

int64_t JobsClient::restore_snapshot(protocol::RestoreSnapshotRequest req, const CallContext& ctx) {
  dialect_->check_snapshot_supported("restore_external_snapshot");
  require(req.target_collection_name, "target_collection_name", "\"books_restored\"");
  require(req.snapshot_uri, "snapshot_uri", "the URI the export answered");
  check_url(req.snapshot_uri, "snapshot_uri", "the URI the export answered (s3://bucket/exports/...)");
  if (!req.external_spec.empty()) protocol::check_snapshot_spec(req.external_spec, "external_spec");
  req.db_name = db_for(ctx);
  int64_t id = 0;
  exchange_with("restore_external_snapshot", Route::snapshot_restore, protocol::encode_snapshot_restore(req), ctx,
                [&](const Reply& r) { id = protocol::decode_snapshot_restore_started(r); });
  return id;
}

protocol::SnapshotJob JobsClient::get_snapshot_restore_progress(int64_t job_id, const CallContext& ctx) {
  dialect_->check_snapshot_supported("get_restore_snapshot_progress");
  check_snapshot_job_id(job_id);
  std::optional<protocol::SnapshotJob> job;
  exchange_with("get_restore_snapshot_progress", Route::snapshot_describe, protocol::encode_snapshot_describe(job_id),
                ctx, [&](const Reply& r) { job = protocol::decode_snapshot_job(r); });
  return std::move(*job);
}

JobsClient::Attempts JobsClient::begin_snapshot_read(int64_t job_id, const CallContext& ctx) const {
  dialect_->check_snapshot_supported("get_restore_snapshot_progress");
  check_snapshot_job_id(job_id);
  return begin_call("get_restore_snapshot_progress", Route::snapshot_describe,
                    protocol::encode_snapshot_describe(job_id), ctx);
}

protocol::SnapshotJob JobsClient::decode_snapshot_read(const transport::HttpResponse& response) const {
  return protocol::decode_snapshot_job(reply(Route::snapshot_describe, response));
}

std::vector<protocol::SnapshotJob> JobsClient::list_snapshot_restore_jobs(const std::string& collection_name,
                                                                          const CallContext& ctx) {
  dialect_->check_snapshot_supported("list_restore_snapshot_jobs");
  std::vector<protocol::SnapshotJob> jobs;
  exchange_with("list_restore_snapshot_jobs", Route::snapshot_list, protocol::encode_list(db_for(ctx), collection_name),
                ctx, [&](const Reply& r) { jobs = protocol::decode_snapshot_list(r); });
  return jobs;
}

JobsClient::PreparedDescribe JobsClient::prepare_snapshot_describe(int64_t job_id, const CallContext& ctx) const {
  return prepared(begin_snapshot_read(job_id, ctx), ctx);
}

protocol::SnapshotJob JobsClient::finish_snapshot_describe(const transport::HttpResponse& response,
                                                           const std::string& request_id) const {
  try {
    auto job = decode_snapshot_read(response);
    transport::ClientStats::bump(http_.config().stats->answers_by_status[0]);
    return job;
  } catch (Error& e) {
    annotate_describe_error(e.info(), "get_restore_snapshot_progress", request_id);
    e.info().trace_id = response.trace_id;
    throw;
  }
}

}  // namespace mj::jobs
