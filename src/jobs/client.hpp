// The job operations: argument checks, request building, one exchange, the
// decoded answer. Errors leave here as mj::Error with the operation named, the
// request id attached, and `retriable` cleared for creates that may have
// reached the server.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "jobs/connectivity.hpp"
#include "jobs/dialect.hpp"
#include "jobs/retry.hpp"
#include "protocol/endpoints.hpp"
#include "protocol/snapshot_types.hpp"
#include "protocol/types.hpp"
#include "transport/http.hpp"

namespace mj::jobs {

struct ClientConfig {
  std::string uri;
  std::string token;
  std::string db_name;
  int64_t connect_timeout_ms = 0;  // 0 = default
  int64_t request_timeout_ms = 0;  // 0 = default
  bool tls_verify = true;
  std::string ca_file;
  std::string ca_path;
  std::string user_agent;
  std::vector<std::string> extra_headers;
  int32_t max_attempts = 0;              // 0 = RetryPolicy::kDefaultMaxAttempts
  int64_t retry_initial_backoff_ms = 0;  // 0 = default
  int64_t retry_max_backoff_ms = 0;      // 0 = default
  int64_t max_response_bytes = 0;        // 0 = kDefaultMaxResponseBytes
  int64_t max_list_response_bytes = 0;   // 0 = kDefaultMaxListResponseBytes
  // Which server, hence the dialect (dialect.hpp); `target` is the Zilliz
  // Cloud cluster or project database, empty for Milvus.
  Deployment deployment = Deployment::milvus;
  protocol::CloudTarget target;
  // Zilliz Cloud with a project target: the project endpoint template
  // (dialect.hpp, project_endpoint()); "" = the public one.
  std::string project_endpoint;
  // Since 0.4: mutual TLS, server name, proxy (connectivity.hpp); the log hook.
  ConnectivityConfig connectivity;
  LogHook log;
  // After a create whose answer was lost, find out whether it started a job
  // (reconcile.cpp). Off: the failure is returned as it is.
  bool reconcile_creates = true;
};

// What a create did: whether its id was found by reconciliation, and how
// many create requests were sent (or tried).
struct CreateOutcome {
  bool recovered = false;
  int32_t attempts = 0;
};

struct CallContext {
  int64_t timeout_ms = 0;  // 0 = the client's
  transport::CancelToken* cancel = nullptr;
  std::string db_name;               // "" = the client's
  int32_t max_attempts = 0;          // 0 = the client's
  std::vector<std::string> headers;  // per call, "Name: value", after the client's
  // What must not appear in this call's errors and log records (storage keys).
  std::vector<std::string> secrets;
};

class JobsClient {
 public:
  static constexpr int64_t kDefaultConnectTimeoutMs = 10000;
  static constexpr int64_t kDefaultRequestTimeoutMs = 30000;
  static constexpr int64_t kDefaultMaxResponseBytes = int64_t{4} << 20;
  static constexpr int64_t kDefaultMaxListResponseBytes = int64_t{64} << 20;

  explicit JobsClient(ClientConfig config);

  int64_t refresh_external_collection(protocol::RefreshRequest req, const CallContext& ctx,
                                      CreateOutcome* outcome = nullptr);
  protocol::RefreshJob get_refresh_progress(int64_t job_id, const CallContext& ctx);
  std::vector<protocol::RefreshJob> list_refresh_jobs(const std::string& collection_name, const CallContext& ctx);

  // Throws mj::Error(unsupported) naming `operation` when this client's
  // server offers no refresh (a Zilliz Cloud client naming a cluster).
  void check_refresh_supported(const char* operation) const { dialect_->check_refresh_supported(operation); }

  std::string bulk_import(protocol::ImportRequest req, const CallContext& ctx, CreateOutcome* outcome = nullptr);
  protocol::ImportJob get_import_progress(const std::string& job_id, const CallContext& ctx);
  // Every job; a paged list is walked page by page within one deadline.
  std::vector<protocol::ImportJob> list_import_jobs(const std::string& collection_name, const CallContext& ctx);
  // One page. A dialect that does not page (Milvus) answers page 1 with every
  // job (page_size == total_count == the number of jobs), later pages empty.
  protocol::ImportJobPage list_import_jobs_page(const std::string& collection_name, int64_t page_size,
                                                int64_t current_page, const CallContext& ctx);
  void commit_import(const std::string& job_id, const CallContext& ctx);
  void abort_import(const std::string& job_id, const CallContext& ctx);

  // Snapshot jobs (snapshot.cpp). Export answers the metadata URI; restore
  // starts a job read like the others.
  std::string export_snapshot(protocol::ExportSnapshotRequest req, const CallContext& ctx);
  int64_t restore_snapshot(protocol::RestoreSnapshotRequest req, const CallContext& ctx);
  protocol::SnapshotJob get_snapshot_restore_progress(int64_t job_id, const CallContext& ctx);
  std::vector<protocol::SnapshotJob> list_snapshot_restore_jobs(const std::string& collection_name,
                                                                const CallContext& ctx);

  // One describe in two halves, for transfers driven elsewhere (the watcher's
  // curl multi): the request with the headers a call would send, and the
  // decoding of its answer with the errors annotated as a call's would be
  // (both in describe_parts.cpp).
  struct PreparedDescribe {
    transport::HttpRequest request;
    std::string request_id;
  };
  PreparedDescribe prepare_refresh_describe(int64_t job_id, const CallContext& ctx) const;
  PreparedDescribe prepare_import_describe(const std::string& job_id, const CallContext& ctx) const;
  protocol::RefreshJob finish_refresh_describe(const transport::HttpResponse& response,
                                               const std::string& request_id) const;
  protocol::ImportJob finish_import_describe(const transport::HttpResponse& response,
                                             const std::string& request_id) const;
  PreparedDescribe prepare_snapshot_describe(int64_t job_id, const CallContext& ctx) const;
  protocol::SnapshotJob finish_snapshot_describe(const transport::HttpResponse& response,
                                                 const std::string& request_id) const;
  // Annotates a failure of a describe made elsewhere (operation, request id).
  void annotate_describe_error(ErrorInfo& info, bool refresh, const std::string& request_id) const;
  void annotate_describe_error(ErrorInfo& info, const char* operation, const std::string& request_id) const;
  // One call's attempts, shared by exchange() (blocking) and the async reads
  // (async_reads.cpp): the request, its id, the attempt count, what the log
  // records of an attempt need.
  struct Attempts {
    const char* operation = nullptr;
    protocol::Route route{};
    int32_t max_attempts = 1;
    int32_t attempt = 0;  // of the attempt in progress (1, 2, ...)
    bool logging = false;
    transport::HttpRequest request;
    std::string request_id;
    transport::AttemptInfo info;
  };
  // Checks the call options; the request of the call (counted in the stats).
  Attempts begin_call(const char* operation, protocol::Route route, std::string body, const CallContext& ctx) const;
  // Before each attempt: its number and headers.
  void next_attempt(Attempts& a, const CallContext& ctx) const;
  // The attempt was answered and decoded: counted and logged.
  void attempt_answered(const Attempts& a, int http_status, const std::string& trace_id) const;
  // The attempt failed with `info`: the pause before the next attempt (>= 0;
  // the retry counted and logged), or -1 when the call fails with `info`
  // (completed into the call's error: operation, ids, attempts; counted and
  // logged). `may_probe`: a 404 on an import route may send the REST v1 probe
  // (blocking calls only; else only an earlier probe's answer is used).
  int64_t attempt_failed(Attempts& a, ErrorInfo& info, int http_status, int64_t retry_after_ms,
                         const std::string& trace_id, const CallContext& ctx, bool may_probe);
  // The call's error when cancelled during the pause after `last` failed.
  ErrorInfo cancelled_while_waiting(const Attempts& a, const ErrorInfo& last) const;
  // The first state of each describe an async read makes (the checks of the
  // blocking call first), and the decoding of its answer (async_reads.cpp).
  Attempts begin_import_read(const std::string& job_id, const CallContext& ctx) const;
  Attempts begin_refresh_read(int64_t job_id, const CallContext& ctx) const;
  Attempts begin_snapshot_read(int64_t job_id, const CallContext& ctx) const;
  protocol::ImportJob decode_import_read(const transport::HttpResponse& response) const;
  protocol::RefreshJob decode_refresh_read(const transport::HttpResponse& response) const;
  protocol::SnapshotJob decode_snapshot_read(const transport::HttpResponse& response) const;

  const transport::HttpConfig& transport_config() const noexcept { return http_.config(); }
  const transport::ClientStats& stats() const noexcept { return *http_.config().stats; }
  const LogHook& log_hook() const noexcept { return config_.log; }
  int64_t request_timeout_ms() const noexcept {
    return config_.request_timeout_ms > 0 ? config_.request_timeout_ms : kDefaultRequestTimeoutMs;
  }

 private:
  // `attempts`, when given, receives the number of attempts made (also when
  // the exchange throws).
  template <class Decode>
  auto exchange(const char* operation, protocol::Route route, std::string body, const CallContext& ctx, Decode&& decode,
                int32_t* attempts = nullptr);
  // exchange() for code in other files (the template lives in client.cpp).
  void exchange_with(const char* operation, protocol::Route route, std::string body, const CallContext& ctx,
                     const std::function<void(const protocol::Reply&)>& decode);
  // One create exchange (the body encoded), for reconcile.cpp.
  int64_t send_refresh(const char* operation, const std::string& body, const CallContext& ctx, int32_t* attempts);
  std::string send_import(const char* operation, const std::string& body, const CallContext& ctx, int32_t* attempts);
  // Reconciliation after an ambiguous create (reconcile.cpp). `first` is the
  // first attempt's failure; `started_ms` the call's start (Unix ms).
  int64_t reconcile_refresh(const std::string& body, const CallContext& ctx, const Error& first,
                            CreateOutcome& outcome);
  std::string reconcile_import(const protocol::ImportRequest& req, const std::string& body, const CallContext& ctx,
                               const Error& first, int64_t started_ms, CreateOutcome& outcome);
  // A 404 on an import route: asks whether the server is a Milvus older than
  // 2.4, which serves REST v1 only, and says so in `info` (server_probe.cpp).
  void explain_not_served(ErrorInfo& info, protocol::Route route, const CallContext& ctx);
  // The same message, from the probe's kept answer only (no request): for
  // describes sent elsewhere (the watcher).
  void apply_rest_v1_verdict(ErrorInfo& info, protocol::Route route) const;
  const std::string& db_for(const CallContext& ctx) const noexcept;
  int64_t timeout_for(const CallContext& ctx) const noexcept;
  // The request of one call: route, body, deadline, cancel token and the
  // answer bound for the route. Used by exchange() and the describe halves.
  transport::HttpRequest new_request(protocol::Route route, std::string body, const CallContext& ctx) const;
  // The headers of one attempt: X-Request-Id, Request-Timeout (what is left
  // of the deadline), DB-Name.
  void set_attempt_headers(transport::HttpRequest& request, const std::string& request_id,
                           const CallContext& ctx) const;
  // The first attempt of `a` as the watcher sends it (the request and its id).
  PreparedDescribe prepared(Attempts a, const CallContext& ctx) const;
  protocol::ImportJobPage list_page(const std::string& collection_name, int64_t page_size, int64_t page,
                                    const CallContext& ctx);
  // commit and abort: one job id, an empty answer.
  void import_action(const char* operation, protocol::Route route, const std::string& job_id, const CallContext& ctx);
  protocol::Reply reply(protocol::Route route, const transport::HttpResponse& response) const noexcept;

  // The log records of one attempt (log_attempt) and of the call's end.
  void log_attempt(const char* operation, protocol::Route route, int32_t attempt, const ErrorInfo* failure,
                   int http_status, const transport::AttemptInfo& info, const std::string& request_id,
                   const std::string& trace_id, int64_t backoff_ms) const;
  void scrub(ErrorInfo& info, const CallContext& ctx) const;

  ClientConfig config_;
  // The REST v1 probe's answer (server_probe.cpp): 0 not asked yet, 1 the
  // server serves REST v1 only, 2 it does not.
  std::atomic<int> rest_v1_only_{0};
  std::vector<std::string> secrets_;  // token, key passphrase, proxy password
  RetryPolicy retry_;
  transport::HttpClient http_;
  std::shared_ptr<const Dialect> dialect_;
};

// A create failed such that it may or may not have started a job: its
// request may have reached the server (never_sent is false) and the answer
// was lost or unreadable (timeout, transport, protocol).
bool is_ambiguous_create_failure(const ErrorInfo& info) noexcept;

// A fresh X-Request-Id value, "mj-" and 16 hex digits.
std::string new_request_id();

// Checks and normalises a server address: http(s)://host[:port][/prefix],
// no credentials, no query; the trailing "/" removed. Throws invalid_argument.
std::string normalise_uri(const std::string& uri);

}  // namespace mj::jobs
