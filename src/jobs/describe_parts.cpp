// JobsClient's describe split in two halves (see client.hpp), for the
// watcher, which sends many describes at once over a curl multi handle.
#include <chrono>
#include <random>

#include "common/error.hpp"
#include "jobs/client.hpp"
#include "jobs/cloud.hpp"
#include "jobs/validate.hpp"
#include "protocol/cloud_codec.hpp"
#include "protocol/codec.hpp"
#include "protocol/endpoints.hpp"

namespace mj::jobs {
namespace {

std::string next_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  std::string id = "mj-";
  uint64_t v = rng();
  for (int i = 0; i < 16; ++i, v >>= 4) id += hex[v & 0xf];
  return id;
}

JobsClient::PreparedDescribe prepare(protocol::Route route, std::string body, const std::string& db, int64_t timeout_ms,
                                     transport::CancelToken* cancel, int64_t max_bytes) {
  JobsClient::PreparedDescribe out;
  out.request_id = next_request_id();
  transport::HttpRequest& r = out.request;
  r.path = std::string(protocol::route_path(route));
  r.body = std::move(body);
  r.headers.push_back("X-Request-Id: " + out.request_id);
  r.headers.push_back("Request-Timeout: " + std::to_string((timeout_ms + 999) / 1000));
  if (!db.empty()) r.headers.push_back("DB-Name: " + db);
  r.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  r.cancel = cancel;
  r.timeout_ms = timeout_ms;
  r.max_response_bytes = static_cast<size_t>(max_bytes);
  r.too_large_hint = ": raise mj_client_options.max_response_bytes if the server really sends that much";
  return out;
}

}  // namespace

JobsClient::PreparedDescribe JobsClient::prepare_refresh_describe(int64_t job_id, const CallContext& ctx) const {
  if (config_.cloud) refuse_refresh_on_cloud("get_refresh_external_collection_progress");
  if (job_id <= 0) throw_invalid("job_id must be > 0 (the id mj_refresh_external_collection returned)");
  check_header_value("db_name", ctx.db_name);
  return prepare(protocol::Route::refresh_describe, protocol::encode_refresh_describe(job_id), db_for(ctx),
                 ctx.timeout_ms > 0 ? ctx.timeout_ms : request_timeout_ms(), ctx.cancel,
                 config_.max_response_bytes > 0 ? config_.max_response_bytes : kDefaultMaxResponseBytes);
}

JobsClient::PreparedDescribe JobsClient::prepare_import_describe(const std::string& job_id,
                                                                 const CallContext& ctx) const {
  check_import_job_id(job_id);
  check_header_value("db_name", ctx.db_name);
  return prepare(protocol::Route::import_describe,
                 config_.cloud ? protocol::encode_cloud_job_id(job_id, config_.cloud_target)
                               : protocol::encode_import_job_id(job_id),
                 db_for(ctx), ctx.timeout_ms > 0 ? ctx.timeout_ms : request_timeout_ms(), ctx.cancel,
                 config_.max_response_bytes > 0 ? config_.max_response_bytes : kDefaultMaxResponseBytes);
}

void JobsClient::annotate_describe_error(ErrorInfo& info, bool refresh, const std::string& request_id) const {
  scrub_secrets(info, {config_.token});
  info.request_id = request_id;
  info.message =
      std::string(refresh ? "get_refresh_external_collection_progress" : "get_import_progress") + ": " + info.message;
}

protocol::RefreshJob JobsClient::finish_refresh_describe(const transport::HttpResponse& response,
                                                         const std::string& request_id) const {
  try {
    return protocol::decode_refresh_job(
        protocol::Reply{protocol::Route::refresh_describe, response.status, response.body, config_.cloud});
  } catch (Error& e) {
    annotate_describe_error(e.info(), true, request_id);
    e.info().trace_id = response.trace_id;
    throw;
  }
}

protocol::ImportJob JobsClient::finish_import_describe(const transport::HttpResponse& response,
                                                       const std::string& request_id) const {
  try {
    const protocol::Reply reply{protocol::Route::import_describe, response.status, response.body, config_.cloud};
    return config_.cloud ? protocol::decode_cloud_import_job(reply) : protocol::decode_import_job(reply);
  } catch (Error& e) {
    annotate_describe_error(e.info(), false, request_id);
    e.info().trace_id = response.trace_id;
    throw;
  }
}

}  // namespace mj::jobs
