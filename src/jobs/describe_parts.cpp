// JobsClient's describe split in two halves (see client.hpp), for the
// watcher, which sends many describes at once over a curl multi handle.
#include "common/error.hpp"
#include "jobs/client.hpp"
#include "jobs/validate.hpp"
#include "protocol/codec.hpp"
#include "protocol/endpoints.hpp"

namespace mj::jobs {
JobsClient::PreparedDescribe JobsClient::prepared(Attempts a, const CallContext& ctx) const {
  next_attempt(a, ctx);
  a.request.attempt_info = nullptr;  // it pointed into `a`; the watcher logs no attempts
  return PreparedDescribe{std::move(a.request), std::move(a.request_id)};
}

JobsClient::PreparedDescribe JobsClient::prepare_refresh_describe(int64_t job_id, const CallContext& ctx) const {
  return prepared(begin_refresh_read(job_id, ctx), ctx);
}

JobsClient::PreparedDescribe JobsClient::prepare_import_describe(const std::string& job_id,
                                                                 const CallContext& ctx) const {
  return prepared(begin_import_read(job_id, ctx), ctx);
}

void JobsClient::annotate_describe_error(ErrorInfo& info, bool refresh, const std::string& request_id) const {
  if (!refresh && info.category == Category::unsupported && info.http_status == 404) {
    apply_rest_v1_verdict(info, protocol::Route::import_describe);
  }
  annotate_describe_error(info, refresh ? "get_refresh_external_collection_progress" : "get_import_progress",
                          request_id);
}

void JobsClient::annotate_describe_error(ErrorInfo& info, const char* operation, const std::string& request_id) const {
  for (const auto& secret : secrets_) scrub_secrets(info, {secret});
  transport::ClientStats::bump(http_.config().stats->answers_by_status[static_cast<size_t>(info.category) & 31u]);
  info.request_id = request_id;
  info.message = std::string(operation) + ": " + info.message;
}

protocol::RefreshJob JobsClient::finish_refresh_describe(const transport::HttpResponse& response,
                                                         const std::string& request_id) const {
  try {
    auto job = decode_refresh_read(response);
    transport::ClientStats::bump(http_.config().stats->answers_by_status[0]);
    return job;
  } catch (Error& e) {
    annotate_describe_error(e.info(), true, request_id);
    e.info().trace_id = response.trace_id;
    throw;
  }
}

protocol::ImportJob JobsClient::finish_import_describe(const transport::HttpResponse& response,
                                                       const std::string& request_id) const {
  try {
    auto job = decode_import_read(response);
    transport::ClientStats::bump(http_.config().stats->answers_by_status[0]);
    return job;
  } catch (Error& e) {
    annotate_describe_error(e.info(), false, request_id);
    e.info().trace_id = response.trace_id;
    throw;
  }
}

JobsClient::Attempts JobsClient::begin_import_read(const std::string& job_id, const CallContext& ctx) const {
  check_import_job_id(job_id);
  return begin_call("get_import_progress", protocol::Route::import_describe, dialect_->import_job_body(job_id), ctx);
}

JobsClient::Attempts JobsClient::begin_refresh_read(int64_t job_id, const CallContext& ctx) const {
  dialect_->check_refresh_supported("get_refresh_external_collection_progress");
  check_refresh_job_id(job_id);
  return begin_call("get_refresh_external_collection_progress", protocol::Route::refresh_describe,
                    protocol::encode_refresh_describe(job_id), ctx);
}

protocol::ImportJob JobsClient::decode_import_read(const transport::HttpResponse& response) const {
  return dialect_->decode_import_job(reply(protocol::Route::import_describe, response));
}

protocol::RefreshJob JobsClient::decode_refresh_read(const transport::HttpResponse& response) const {
  return protocol::decode_refresh_job(reply(protocol::Route::refresh_describe, response));
}

}  // namespace mj::jobs
