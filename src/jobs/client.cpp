#include "jobs/client.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <random>
#include <thread>
#include <type_traits>

#include "common/deadline.hpp"
#include "common/error.hpp"
#include "jobs/pages.hpp"
#include "jobs/validate.hpp"
#include "protocol/codec.hpp"
#include "protocol/endpoints.hpp"

namespace mj::jobs {
namespace {

using protocol::Reply;
using protocol::Route;

using Clock = std::chrono::steady_clock;

int64_t ms_until(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now()).count();
}

bool is_list_route(Route r) noexcept {
  return r == Route::refresh_list || r == Route::import_list || r == Route::snapshot_list;
}

RetryPolicy retry_policy(const ClientConfig& c) {
  if (c.max_attempts < 0 || c.max_attempts > RetryPolicy::kMaxMaxAttempts) {
    throw_invalid("max_attempts must be 0 (default 4) to 100; 1 never retries");
  }
  if (c.retry_initial_backoff_ms < 0 || c.retry_max_backoff_ms < 0) {
    throw_invalid("retry_initial_backoff_ms and retry_max_backoff_ms must be >= 0 ms (0 means the default)");
  }
  if (c.max_response_bytes < 0 || c.max_list_response_bytes < 0) {
    throw_invalid("max_response_bytes and max_list_response_bytes must be >= 0 (0 means the default)");
  }
  RetryPolicy p;
  if (c.max_attempts > 0) p.max_attempts = c.max_attempts;
  if (c.retry_initial_backoff_ms > 0) p.initial_backoff_ms = bounded_ms(c.retry_initial_backoff_ms);
  if (c.retry_max_backoff_ms > 0) p.max_backoff_ms = bounded_ms(c.retry_max_backoff_ms);
  p.max_backoff_ms = std::max(p.max_backoff_ms, p.initial_backoff_ms);
  return p;
}

// Sleeps `ms`, or less when the token fires; true when cancelled.
bool pause(int64_t ms, transport::CancelToken* cancel) {
  if (ms <= 0) return cancel && cancel->triggered();
  if (!cancel) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return false;
  }
  return cancel->sleep_for(std::chrono::milliseconds(ms));
}

transport::HttpConfig http_config(const ClientConfig& c, const std::string& base_url,
                                  std::vector<std::string>& secrets) {
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
  apply_connectivity(c.connectivity, h, secrets);
  return h;
}

const char* retry_reason(Category c) noexcept {
  switch (c) {
    case Category::transport: return "transport";
    case Category::timeout: return "timeout";
    case Category::rate_limited: return "rate limited";
    default: return "server";
  }
}

}  // namespace

std::string normalise_uri(const std::string& uri) {
  std::string u = uri;
  // Only the path's trailing "/" goes: "http://" keeps its "//" and is
  // reported as an address without a host, not as one without a scheme.
  const size_t first_scheme_end = u.find("://");
  const size_t keep = first_scheme_end == std::string::npos ? 0 : first_scheme_end + 3;
  while (u.size() > keep && u.back() == '/') u.pop_back();
  size_t scheme_end = u.find("://");
  if (u.empty())
    throw_invalid("uri is empty: set it to the server address, e.g. http://127.0.0.1:19530", Hint::set_uri);
  if (scheme_end == std::string::npos) {
    throw_invalid("uri \"" + u.substr(0, 200) + "\" has no scheme: write http://" + u.substr(0, 200) + " (or https://)",
                  Hint::set_uri);
  }
  const std::string scheme = u.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") {
    throw_invalid("uri scheme \"" + scheme.substr(0, 32) + "\" is not supported: use http:// or https://",
                  Hint::set_uri);
  }
  const size_t host_start = scheme_end + 3;
  const size_t host_end = u.find('/', host_start);
  const std::string authority =
      u.substr(host_start, host_end == std::string::npos ? std::string::npos : host_end - host_start);
  if (authority.empty()) {
    throw_invalid("uri \"" + u.substr(0, 200) + "\" has no host: write " + scheme + "://host:port, e.g. " + scheme +
                      "://127.0.0.1:19530",
                  Hint::set_uri);
  }
  if (authority.find('@') != std::string::npos) {
    throw_invalid("uri must not carry credentials (user:password@): pass them as the token", Hint::set_token);
  }
  if (u.find_first_of("?# \t\r\n", host_start) != std::string::npos) {
    throw_invalid("uri must not contain a query, a fragment or whitespace", Hint::set_uri);
  }
  return u;
}

JobsClient::JobsClient(ClientConfig config)
    : config_(std::move(config)),
      retry_(retry_policy(config_)),
      http_(http_config(config_, normalise_uri(config_.uri), secrets_)) {
  secrets_.push_back(config_.token);
  if (config_.log.fn && (config_.log.level < 0 || config_.log.level > LogHook::debug)) {
    throw_invalid("log_level must be 0 (info), 1 (error), 2 (warn), 3 (info) or 4 (debug)");
  }
  if (config_.log.level == 0) config_.log.level = LogHook::info;
  if (config_.connect_timeout_ms < 0 || config_.request_timeout_ms < 0) {
    throw_invalid("timeouts must be >= 0 ms (0 means the default)");
  }
  check_header_value("token", config_.token);
  check_header_value("db_name", config_.db_name);
  check_header_value("user_agent", config_.user_agent);
  for (const auto& h : config_.extra_headers) check_extra_header(h);
  // The one choice of server.
  dialect_ = make_dialect(config_.deployment, config_.target, config_.project_endpoint);
}

protocol::Reply JobsClient::reply(Route route, const transport::HttpResponse& response) const noexcept {
  return Reply{route, response.status, response.body,
               protocol::is_refresh_route(route) ? &dialect_->refresh_errors() : &dialect_->errors()};
}

int64_t JobsClient::timeout_for(const CallContext& ctx) const noexcept {
  return ctx.timeout_ms > 0 ? ctx.timeout_ms : request_timeout_ms();
}

const std::string& JobsClient::db_for(const CallContext& ctx) const noexcept {
  return ctx.db_name.empty() ? config_.db_name : ctx.db_name;
}

std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  char id[19] = {'m', 'j', '-'};
  uint64_t v = rng();
  for (int i = 3; i < 19; ++i, v >>= 4) id[i] = hex[v & 0xf];
  return std::string(id, sizeof id);  // one allocation, no regrowth
}

transport::HttpRequest JobsClient::new_request(Route route, std::string body, const CallContext& ctx) const {
  const int64_t timeout_ms = timeout_for(ctx);
  transport::HttpRequest request;
  if (protocol::is_refresh_route(route) && !dialect_->refresh_base_url().empty()) {
    request.base_url = dialect_->refresh_base_url();
    request.address_hint = "the project endpoint (made from the cloud project id and region id)";
  }
  request.path = std::string(protocol::route_path(route));
  request.body = std::move(body);
  request.deadline = deadline_after(Clock::now(), timeout_ms);
  request.cancel = ctx.cancel;
  request.timeout_ms = timeout_ms;
  request.fresh_connection = !is_read_route(route);
  request.timeout_hint = "; raise the request timeout (the client's or the call's), or check the server";
  if (is_list_route(route)) {
    request.max_response_bytes = static_cast<size_t>(
        config_.max_list_response_bytes > 0 ? config_.max_list_response_bytes : kDefaultMaxListResponseBytes);
    request.too_large_hint =
        ": raise the client's list answer limit (max_list_response_bytes), or list one collection at a time";
    request.too_large_hint_code = Hint::raise_max_list_response_bytes;
  } else {
    request.max_response_bytes =
        static_cast<size_t>(config_.max_response_bytes > 0 ? config_.max_response_bytes : kDefaultMaxResponseBytes);
    request.too_large_hint =
        ": raise the client's answer limit (max_response_bytes) if the server really sends that much";
    request.too_large_hint_code = Hint::raise_max_response_bytes;
  }
  return request;
}

void JobsClient::set_attempt_headers(transport::HttpRequest& request, const std::string& request_id,
                                     const CallContext& ctx) const {
  request.headers.clear();
  request.headers.reserve(3 + ctx.headers.size());
  static constexpr std::string_view kId = "X-Request-Id: ";
  std::string& id = request.headers.emplace_back();
  id.reserve(kId.size() + request_id.size());
  id.append(kId).append(request_id);
  // The server stops working on the request when we would stop waiting.
  const int64_t left_ms = std::max<int64_t>(ms_until(request.deadline), 1);
  char timeout[40] = "Request-Timeout: ";
  constexpr size_t kTimeoutName = sizeof "Request-Timeout: " - 1;
  const auto end = std::to_chars(timeout + kTimeoutName, timeout + sizeof timeout, (left_ms + 999) / 1000).ptr;
  request.headers.emplace_back(timeout, static_cast<size_t>(end - timeout));
  if (const std::string& db = db_for(ctx); !db.empty()) request.headers.push_back("DB-Name: " + db);
  for (const auto& h : ctx.headers) request.headers.push_back(h);
}

void JobsClient::scrub(ErrorInfo& info, const CallContext& ctx) const {
  for (const auto& secret : secrets_) scrub_secrets(info, {secret});
  for (const auto& secret : ctx.secrets) scrub_secrets(info, {secret});
}

void JobsClient::log_attempt(const char* operation, Route route, int32_t attempt, const ErrorInfo* failure,
                             int http_status, const transport::AttemptInfo& info, const std::string& request_id,
                             const std::string& trace_id, int64_t backoff_ms) const {
  const LogHook& log = config_.log;
  const std::string_view path = protocol::route_path(route);
  const std::string route_text(path);
  LogRecord r;
  r.operation = operation;
  r.route = route_text.c_str();
  r.attempt = attempt;
  r.request_id = &request_id;
  r.trace_id = &trace_id;
  r.duration_us = info.duration_us;
  r.connection_reused = info.connection_reused;
  r.http_status = failure ? failure->http_status : http_status;
  r.server_code = failure ? failure->server_code : 0;
  r.status = failure ? static_cast<int32_t>(failure->category) : 0;
  r.backoff_ms = backoff_ms;
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.1f ms", static_cast<double>(info.duration_us) / 1000.0);
  const std::string head = std::string(operation) + " " + route_text + " attempt " + std::to_string(attempt);
  const std::string ids = " (request " + request_id + (trace_id.empty() ? "" : ", trace " + trace_id) + ")";
  if (info.connected && log.wants(LogHook::debug)) {
    r.level = LogHook::debug;
    r.event = "connection";
    r.message = head + (info.connection_reused ? ": reused a kept-alive connection" : ": opened a new connection") +
                " to " + http_.config().base_url + ids;
    log.emit(r);
  }
  const std::string outcome =
      (r.http_status ? "HTTP " + std::to_string(r.http_status) : std::string("no answer")) +
      (failure ? " code " + std::to_string(r.server_code) + ", " + failure->message : std::string(", ok"));
  if (!failure) {
    if (!log.wants(LogHook::info)) return;
    r.level = LogHook::info;
    r.event = "request";
    r.message = head + ": " + outcome + " in " + ms + ids;
  } else if (backoff_ms >= 0) {
    if (!log.wants(LogHook::warn)) return;
    r.level = LogHook::warn;
    r.event = "retry";
    r.message = head + " failed (" + retry_reason(failure->category) + "): " + outcome + " in " + ms + ids +
                "; retrying in " + std::to_string(backoff_ms) + " ms";
  } else {
    if (!log.wants(LogHook::error)) return;
    r.level = LogHook::error;
    r.event = "failed";
    r.backoff_ms = 0;
    r.message = head + " failed: " + outcome + " in " + ms + ids;
  }
  log.emit(r);
}

JobsClient::Attempts JobsClient::begin_call(const char* operation, Route route, std::string body,
                                            const CallContext& ctx) const {
  if (ctx.timeout_ms < 0) throw_invalid("the call's timeout must be >= 0 (0 means the client's request timeout)");
  if (ctx.max_attempts < 0 || ctx.max_attempts > RetryPolicy::kMaxMaxAttempts) {
    throw_invalid("the call's max_attempts must be 0 (the client's) to 100; 1 never retries");
  }
  check_header_value("db_name", ctx.db_name);
  for (const auto& h : ctx.headers) check_extra_header(h);
  transport::ClientStats::bump(http_.config().stats->requests);
  // Built in place (no moves of the request).
  return Attempts{operation,
                  route,
                  ctx.max_attempts > 0 ? ctx.max_attempts : retry_.max_attempts,
                  0,
                  config_.log.fn != nullptr,
                  new_request(route, std::move(body), ctx),
                  new_request_id(),
                  {}};
}

void JobsClient::next_attempt(Attempts& a, const CallContext& ctx) const {
  ++a.attempt;
  a.request.attempt_info = a.logging ? &a.info : nullptr;
  set_attempt_headers(a.request, a.request_id, ctx);
}

void JobsClient::attempt_answered(const Attempts& a, int http_status, const std::string& trace_id) const {
  transport::ClientStats::bump(http_.config().stats->answers_by_status[0]);
  if (a.logging) log_attempt(a.operation, a.route, a.attempt, nullptr, http_status, a.info, a.request_id, trace_id, -1);
}

int64_t JobsClient::attempt_failed(Attempts& a, ErrorInfo& info, int http_status, int64_t retry_after_ms,
                                   const std::string& trace_id, const CallContext& ctx, bool may_probe) {
  transport::ClientStats& stats = *http_.config().stats;
  scrub(info, ctx);
  info.request_id = a.request_id;
  info.trace_id = trace_id;
  info.attempts = a.attempt;
  if (info.http_status == 0) info.http_status = http_status;  // a malformed answer still had a status
  if (info.category == Category::unsupported && info.http_status == 404 && !protocol::is_refresh_route(a.route)) {
    if (may_probe) {
      explain_not_served(info, a.route, ctx);
    } else {
      apply_rest_v1_verdict(info, a.route);
    }
  }
  std::string gave_up;
  if (a.attempt < a.max_attempts && !info.permanent && should_retry(a.route, info)) {
    const int64_t wait_ms = backoff_ms(retry_, a.attempt + 1, retry_after_ms);
    if (wait_ms < ms_until(a.request.deadline)) {
      switch (info.category) {
        case Category::transport: transport::ClientStats::bump(stats.retries_transport); break;
        case Category::timeout: transport::ClientStats::bump(stats.retries_timeout); break;
        case Category::rate_limited: transport::ClientStats::bump(stats.retries_rate_limited); break;
        default: transport::ClientStats::bump(stats.retries_server); break;
      }
      if (a.logging) {
        log_attempt(a.operation, a.route, a.attempt, &info, http_status, a.info, a.request_id, trace_id, wait_ms);
        a.info = {};
      }
      return wait_ms;
    }
    gave_up = "; not retried: the next attempt (in " + std::to_string(wait_ms) + " ms) would pass the call's deadline";
  }
  info.message = std::string(a.operation) + ": " + info.message + gave_up;
  if (a.attempt > 1) info.message += " (after " + std::to_string(a.attempt) + " attempts)";
  // A create repeated after it may have arrived could start a second job.
  if (protocol::is_create_route(a.route) && !info.never_sent && info.category != Category::rate_limited) {
    info.retriable = false;
  }
  if (info.permanent) info.retriable = false;
  transport::ClientStats::bump(stats.answers_by_status[static_cast<size_t>(info.category) & 31u]);
  if (a.logging) log_attempt(a.operation, a.route, a.attempt, &info, http_status, a.info, a.request_id, trace_id, -1);
  return -1;
}

ErrorInfo JobsClient::cancelled_while_waiting(const Attempts& a, const ErrorInfo& last) const {
  ErrorInfo cancelled;
  cancelled.category = Category::cancelled;
  cancelled.message = std::string(a.operation) + ": the call was cancelled while waiting to retry (after " +
                      std::to_string(a.attempt) + (a.attempt == 1 ? " attempt" : " attempts") +
                      "; the last failed with: " + last.message + ")";
  cancelled.request_id = a.request_id;
  cancelled.attempts = a.attempt;
  transport::ClientStats::bump(http_.config().stats->answers_by_status[static_cast<size_t>(Category::cancelled)]);
  return cancelled;
}

template <class Decode>
auto JobsClient::exchange(const char* operation, Route route, std::string body, const CallContext& ctx, Decode&& decode,
                          int32_t* attempts) {
  Attempts a = begin_call(operation, route, std::move(body), ctx);
  for (;;) {
    std::string trace_id;
    int64_t retry_after_ms = -1;
    int http_status = 0;
    try {
      next_attempt(a, ctx);
      if (attempts) *attempts = a.attempt;
      transport::HttpResponse response = http_.post(a.request);
      trace_id = std::move(response.trace_id);
      retry_after_ms = response.retry_after_ms;
      http_status = response.status;
      if constexpr (std::is_void_v<decltype(decode(reply(route, response)))>) {
        decode(reply(route, response));
        attempt_answered(a, http_status, trace_id);
        return;
      } else {
        auto result = decode(reply(route, response));
        attempt_answered(a, http_status, trace_id);
        return result;
      }
    } catch (Error& e) {
      const int64_t wait_ms = attempt_failed(a, e.info(), http_status, retry_after_ms, trace_id, ctx, true);
      if (wait_ms < 0) throw;
      if (!pause(wait_ms, ctx.cancel)) continue;
      throw Error(cancelled_while_waiting(a, e.info()));
    }
  }
}

void JobsClient::exchange_with(const char* operation, Route route, std::string body, const CallContext& ctx,
                               const std::function<void(const Reply&)>& decode) {
  exchange(operation, route, std::move(body), ctx, decode);
}

int64_t JobsClient::send_refresh(const char* operation, const std::string& body, const CallContext& ctx,
                                 int32_t* attempts) {
  return exchange(operation, Route::refresh, body, ctx, protocol::decode_refresh_created, attempts);
}

std::string JobsClient::send_import(const char* operation, const std::string& body, const CallContext& ctx,
                                    int32_t* attempts) {
  return exchange(operation, Route::import_create, body, ctx, protocol::decode_import_created, attempts);
}

int64_t JobsClient::refresh_external_collection(protocol::RefreshRequest req, const CallContext& ctx,
                                                CreateOutcome* outcome) {
  CreateOutcome local;
  CreateOutcome& done = outcome ? *outcome : local;
  done = CreateOutcome{};
  dialect_->check_refresh_supported("refresh_external_collection");
  check_refresh_request(req);
  req.db_name = db_for(ctx);
  const std::string body = protocol::encode_refresh(req);
  try {
    return exchange("refresh_external_collection", Route::refresh, body, ctx, protocol::decode_refresh_created,
                    &done.attempts);
  } catch (Error& e) {
    if (!config_.reconcile_creates || !is_ambiguous_create_failure(e.info())) throw;
    return reconcile_refresh(body, ctx, e, done);
  }
}

protocol::RefreshJob JobsClient::get_refresh_progress(int64_t job_id, const CallContext& ctx) {
  dialect_->check_refresh_supported("get_refresh_external_collection_progress");
  check_refresh_job_id(job_id);
  return exchange("get_refresh_external_collection_progress", Route::refresh_describe,
                  protocol::encode_refresh_describe(job_id), ctx, protocol::decode_refresh_job);
}

std::vector<protocol::RefreshJob> JobsClient::list_refresh_jobs(const std::string& collection_name,
                                                                const CallContext& ctx) {
  dialect_->check_refresh_supported("list_refresh_external_collection_jobs");
  return exchange("list_refresh_external_collection_jobs", Route::refresh_list,
                  protocol::encode_list(db_for(ctx), collection_name), ctx, protocol::decode_refresh_list);
}

std::string JobsClient::bulk_import(protocol::ImportRequest req, const CallContext& ctx, CreateOutcome* outcome) {
  CreateOutcome local;
  CreateOutcome& done = outcome ? *outcome : local;
  done = CreateOutcome{};
  const int64_t started_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  check_import_request(req);
  req.db_name = db_for(ctx);
  dialect_->check_import_request(req);
  CallContext call = ctx;
  for (const std::string* secret : {&req.access_key, &req.secret_key, &req.session_token}) {
    if (!secret->empty()) call.secrets.push_back(*secret);
  }
  const std::string body = dialect_->import_create_body(req);
  try {
    try {
      return exchange("bulk_import", Route::import_create, body, call, protocol::decode_import_created, &done.attempts);
    } catch (Error& e) {
      if (!config_.reconcile_creates || !is_ambiguous_create_failure(e.info())) throw;
      return reconcile_import(req, body, call, e, started_ms, done);
    }
  } catch (Error& e) {
    scrub_secrets(e.info(), {req.access_key, req.secret_key, req.session_token});
    throw;
  }
}

protocol::ImportJob JobsClient::get_import_progress(const std::string& job_id, const CallContext& ctx) {
  check_import_job_id(job_id);
  return exchange("get_import_progress", Route::import_describe, dialect_->import_job_body(job_id), ctx,
                  [this](const Reply& r) { return dialect_->decode_import_job(r); });
}

std::vector<protocol::ImportJob> JobsClient::list_import_jobs(const std::string& collection_name,
                                                              const CallContext& ctx) {
  if (!dialect_->pages_import_list()) return list_page(collection_name, 0, 0, ctx).jobs;
  if (ctx.timeout_ms < 0) throw_invalid("the call's timeout must be >= 0 (0 means the client's request timeout)");
  const auto deadline = deadline_after(std::chrono::steady_clock::now(), timeout_for(ctx));
  return walk_pages(
             [&](int64_t page_size, int64_t page, int64_t remaining_ms) {
               CallContext page_ctx = ctx;
               page_ctx.timeout_ms = remaining_ms;
               return list_page(collection_name, page_size, page, page_ctx);
             },
             deadline)
      .jobs;
}

protocol::ImportJobPage JobsClient::list_page(const std::string& collection_name, int64_t page_size, int64_t page,
                                              const CallContext& ctx) {
  return exchange("list_import_jobs", Route::import_list,
                  dialect_->import_list_body(db_for(ctx), collection_name, page_size, page), ctx,
                  [this](const Reply& r) { return dialect_->decode_import_list(r); });
}

protocol::ImportJobPage JobsClient::list_import_jobs_page(const std::string& collection_name, int64_t page_size,
                                                          int64_t current_page, const CallContext& ctx) {
  const PageRequest p = checked_page(page_size, current_page);
  if (dialect_->pages_import_list()) return list_page(collection_name, p.page_size, p.current_page, ctx);
  protocol::ImportJobPage page = list_page(collection_name, 0, 0, ctx);
  page.total_count = static_cast<int64_t>(page.jobs.size());
  page.page_size = page.total_count;
  page.current_page = p.current_page;
  if (p.current_page > 1) page.jobs.clear();
  return page;
}

void JobsClient::import_action(const char* operation, Route route, const std::string& job_id, const CallContext& ctx) {
  check_import_job_id(job_id);
  exchange(operation, route, dialect_->import_job_body(job_id), ctx, protocol::decode_empty);
}

void JobsClient::commit_import(const std::string& job_id, const CallContext& ctx) {
  import_action("commit_import", Route::import_commit, job_id, ctx);
}

void JobsClient::abort_import(const std::string& job_id, const CallContext& ctx) {
  import_action("abort_import", Route::import_abort, job_id, ctx);
}

}  // namespace mj::jobs
