#include "jobs/client.hpp"

#include <chrono>
#include <random>

#include "common/error.hpp"
#include "jobs/cloud.hpp"
#include "jobs/validate.hpp"
#include "protocol/cloud_codec.hpp"
#include "protocol/codec.hpp"
#include "protocol/endpoints.hpp"

namespace mj::jobs {
namespace {

using protocol::Reply;
using protocol::Route;

std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  std::string id = "mj-";
  uint64_t v = rng();
  for (int i = 0; i < 16; ++i, v >>= 4) id += hex[v & 0xf];
  return id;
}

transport::HttpConfig http_config(const ClientConfig& c, const std::string& base_url) {
  transport::HttpConfig h;
  h.base_url = base_url;
  h.headers = {"Content-Type: application/json", "Accept: application/json"};
  if (!c.token.empty()) h.headers.push_back("Authorization: Bearer " + c.token);
  for (const auto& extra : c.extra_headers) h.headers.push_back(extra);
  h.user_agent = c.user_agent.empty() ? std::string("milvus-jobs/") + MJ_LIBRARY_VERSION : c.user_agent;
  h.connect_timeout_ms = c.connect_timeout_ms > 0 ? c.connect_timeout_ms : JobsClient::kDefaultConnectTimeoutMs;
  h.tls_verify = c.tls_verify;
  h.ca_file = c.ca_file;
  h.ca_path = c.ca_path;
  return h;
}

}  // namespace

std::string normalise_uri(const std::string& uri) {
  std::string u = uri;
  while (!u.empty() && u.back() == '/') u.pop_back();
  size_t scheme_end = u.find("://");
  if (u.empty()) throw_invalid("uri is empty: set it to the server address, e.g. http://127.0.0.1:19530");
  if (scheme_end == std::string::npos) {
    throw_invalid("uri \"" + u.substr(0, 200) + "\" has no scheme: write http://" + u.substr(0, 200) +
                  " (or https://)");
  }
  const std::string scheme = u.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") {
    throw_invalid("uri scheme \"" + scheme.substr(0, 32) + "\" is not supported: use http:// or https://");
  }
  const size_t host_start = scheme_end + 3;
  const size_t host_end = u.find('/', host_start);
  const std::string authority =
      u.substr(host_start, host_end == std::string::npos ? std::string::npos : host_end - host_start);
  if (authority.empty()) throw_invalid("uri has no host: write e.g. http://127.0.0.1:19530");
  if (authority.find('@') != std::string::npos) {
    throw_invalid("uri must not carry credentials (user:password@): pass them in mj_client_options.token");
  }
  if (u.find_first_of("?# \t\r\n", host_start) != std::string::npos) {
    throw_invalid("uri must not contain a query, a fragment or whitespace");
  }
  return u;
}

JobsClient::JobsClient(ClientConfig config)
    : config_(std::move(config)), http_(http_config(config_, normalise_uri(config_.uri))) {
  if (config_.connect_timeout_ms < 0 || config_.request_timeout_ms < 0) {
    throw_invalid("timeouts must be >= 0 ms (0 means the default)");
  }
  check_header_value("token", config_.token);
  check_header_value("db_name", config_.db_name);
  for (const auto& h : config_.extra_headers) check_extra_header(h);
  if (config_.cloud) {
    check_cloud_target(config_.cloud_target);
  } else {
    check_no_cloud_target(config_.cloud_target);
  }
}

int64_t JobsClient::timeout_for(const CallContext& ctx) const noexcept {
  if (ctx.timeout_ms > 0) return ctx.timeout_ms;
  return config_.request_timeout_ms > 0 ? config_.request_timeout_ms : kDefaultRequestTimeoutMs;
}

void JobsClient::refuse_refresh_on_cloud(const char* operation) const {
  throw Error(Category::unsupported,
              std::string(operation) +
                  ": the Zilliz Cloud control plane offers bulk import only, not external-collection refresh; "
                  "to refresh, make an MJ_DEPLOYMENT_MILVUS client for the cluster's own endpoint (Milvus >= 3.0)");
}

const std::string& JobsClient::db_for(const CallContext& ctx) const noexcept {
  return ctx.db_name.empty() ? config_.db_name : ctx.db_name;
}

template <class Decode>
auto JobsClient::exchange(const char* operation, Route route, std::string body, const CallContext& ctx,
                          Decode&& decode) {
  if (ctx.timeout_ms < 0) throw_invalid("timeout_ms must be >= 0 (0 means the client's request_timeout_ms)");
  check_header_value("db_name", ctx.db_name);
  const int64_t timeout_ms =
      ctx.timeout_ms > 0 ? ctx.timeout_ms
                         : (config_.request_timeout_ms > 0 ? config_.request_timeout_ms : kDefaultRequestTimeoutMs);

  transport::HttpRequest request;
  request.path = std::string(protocol::route_path(route));
  request.body = std::move(body);
  const std::string request_id = new_request_id();
  request.headers.push_back("X-Request-Id: " + request_id);
  // The server stops working on the request when we would stop waiting.
  request.headers.push_back("Request-Timeout: " + std::to_string((timeout_ms + 999) / 1000));
  if (const std::string& db = db_for(ctx); !db.empty()) request.headers.push_back("DB-Name: " + db);
  request.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  request.cancel = ctx.cancel;
  request.timeout_ms = timeout_ms;

  std::string trace_id;
  try {
    transport::HttpResponse response = http_.post(request);
    trace_id = std::move(response.trace_id);
    return decode(Reply{route, response.status, response.body, config_.cloud});
  } catch (Error& e) {
    ErrorInfo& info = e.info();
    scrub_secrets(info, {config_.token});
    info.request_id = request_id;
    info.trace_id = trace_id;
    info.message = std::string(operation) + ": " + info.message;
    // A create repeated after it may have arrived could start a second job.
    if (protocol::is_create_route(route) && !info.never_sent && info.category != Category::rate_limited) {
      info.retriable = false;
    }
    throw;
  }
}

int64_t JobsClient::refresh_external_collection(protocol::RefreshRequest req, const CallContext& ctx) {
  if (config_.cloud) refuse_refresh_on_cloud("refresh_external_collection");
  check_refresh_request(req);
  req.db_name = db_for(ctx);
  return exchange("refresh_external_collection", Route::refresh, protocol::encode_refresh(req), ctx,
                  protocol::decode_refresh_created);
}

protocol::RefreshJob JobsClient::get_refresh_progress(int64_t job_id, const CallContext& ctx) {
  if (config_.cloud) refuse_refresh_on_cloud("get_refresh_external_collection_progress");
  if (job_id <= 0) throw_invalid("job_id must be > 0 (the id mj_refresh_external_collection returned)");
  return exchange("get_refresh_external_collection_progress", Route::refresh_describe,
                  protocol::encode_refresh_describe(job_id), ctx, protocol::decode_refresh_job);
}

std::vector<protocol::RefreshJob> JobsClient::list_refresh_jobs(const std::string& collection_name,
                                                                const CallContext& ctx) {
  if (config_.cloud) refuse_refresh_on_cloud("list_refresh_external_collection_jobs");
  return exchange("list_refresh_external_collection_jobs", Route::refresh_list,
                  protocol::encode_list(db_for(ctx), collection_name), ctx, protocol::decode_refresh_list);
}

std::string JobsClient::bulk_import(protocol::ImportRequest req, const CallContext& ctx) {
  check_import_request(req);
  req.db_name = db_for(ctx);
  if (!config_.cloud) {
    check_no_cloud_import_fields(req);
    return exchange("bulk_import", Route::import_create, protocol::encode_import_create(req), ctx,
                    protocol::decode_import_created);
  }
  check_cloud_import_request(req);
  try {
    return exchange("bulk_import", Route::import_create,
                    protocol::encode_cloud_import_create(req, config_.cloud_target), ctx,
                    protocol::decode_import_created);
  } catch (Error& e) {
    scrub_secrets(e.info(), {req.access_key, req.secret_key, req.session_token});
    throw;
  }
}

protocol::ImportJob JobsClient::get_import_progress(const std::string& job_id, const CallContext& ctx) {
  check_import_job_id(job_id);
  if (config_.cloud) {
    return exchange("get_import_progress", Route::import_describe,
                    protocol::encode_cloud_job_id(job_id, config_.cloud_target), ctx,
                    protocol::decode_cloud_import_job);
  }
  return exchange("get_import_progress", Route::import_describe, protocol::encode_import_job_id(job_id), ctx,
                  protocol::decode_import_job);
}

std::vector<protocol::ImportJob> JobsClient::list_import_jobs(const std::string& collection_name,
                                                              const CallContext& ctx) {
  if (config_.cloud) {
    if (ctx.timeout_ms < 0) throw_invalid("timeout_ms must be >= 0 (0 means the client's request_timeout_ms)");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_for(ctx));
    return walk_cloud_pages(
               [&](int64_t page_size, int64_t page, int64_t remaining_ms) {
                 CallContext page_ctx = ctx;
                 page_ctx.timeout_ms = remaining_ms;
                 return cloud_list_page(collection_name, page_size, page, page_ctx);
               },
               deadline)
        .jobs;
  }
  return exchange("list_import_jobs", Route::import_list, protocol::encode_list(db_for(ctx), collection_name), ctx,
                  protocol::decode_import_list);
}

protocol::ImportJobPage JobsClient::cloud_list_page(const std::string& collection_name, int64_t page_size, int64_t page,
                                                    const CallContext& ctx) {
  return exchange("list_import_jobs", Route::import_list,
                  protocol::encode_cloud_list(config_.cloud_target, db_for(ctx), collection_name, page_size, page), ctx,
                  protocol::decode_cloud_import_list);
}

protocol::ImportJobPage JobsClient::list_import_jobs_page(const std::string& collection_name, int64_t page_size,
                                                          int64_t current_page, const CallContext& ctx) {
  const PageRequest p = checked_page(page_size, current_page);
  if (config_.cloud) return cloud_list_page(collection_name, p.page_size, p.current_page, ctx);
  protocol::ImportJobPage page;
  page.jobs = list_import_jobs(collection_name, ctx);
  page.total_count = static_cast<int64_t>(page.jobs.size());
  page.page_size = page.total_count;
  page.current_page = p.current_page;
  if (p.current_page > 1) page.jobs.clear();
  return page;
}

void JobsClient::commit_import(const std::string& job_id, const CallContext& ctx) {
  check_import_job_id(job_id);
  if (config_.cloud) {
    exchange("commit_import", Route::import_commit, protocol::encode_cloud_job_id(job_id, config_.cloud_target), ctx,
             protocol::decode_empty);
    return;
  }
  exchange("commit_import", Route::import_commit, protocol::encode_import_job_id(job_id), ctx, protocol::decode_empty);
}

void JobsClient::abort_import(const std::string& job_id, const CallContext& ctx) {
  check_import_job_id(job_id);
  if (config_.cloud) {
    exchange("abort_import", Route::import_abort, protocol::encode_cloud_job_id(job_id, config_.cloud_target), ctx,
             protocol::decode_empty);
    return;
  }
  exchange("abort_import", Route::import_abort, protocol::encode_import_job_id(job_id), ctx, protocol::decode_empty);
}

}  // namespace mj::jobs
