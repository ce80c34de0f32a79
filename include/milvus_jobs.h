/*
 * milvus_jobs.h -- the C API of milvus-jobs.
 *
 * milvus-jobs drives the *job* operations of Milvus (REST v2) and Zilliz Cloud:
 * external-collection refresh and bulk import. This header is the whole public
 * API and the single source of truth for every language binding.
 *
 * Conventions that hold for every function below unless its comment says otherwise:
 *
 *  - Every fallible call returns mj_status (MJ_OK == 0) and takes `mj_error **err`
 *    as its last parameter. `err` may be NULL. On failure, when `err` is not NULL,
 *    *err receives an error object the caller frees with mj_error_free(). On
 *    success *err is left untouched. There is no thread-local "last error".
 *  - Results come through out-parameters (first in the parameter list) that are
 *    written only on success.
 *  - Ownership of every returned pointer is stated: *static* (never freed, lives
 *    for the life of the process), *borrowed* (valid until the object it came
 *    from is freed), or *owned* (the caller frees it with the named mj_*_free).
 *    Every free function accepts NULL.
 *  - Input strings are UTF-8, NUL-terminated, and copied before the call returns.
 *  - Input structs begin with `uint32_t struct_size`. Initialise them with their
 *    MJ_*_INIT macro or *_init() function; zero means "default" for every field.
 *    A caller built against an older header passes a smaller struct_size and the
 *    library reads only the fields that fit; a caller built against a newer
 *    header may pass a larger struct as long as the fields this library does not
 *    know are zero (otherwise MJ_EUNSUPPORTED). A struct_size that ends inside
 *    a field (it would cut a pointer in two) is refused with
 *    MJ_EINVALID_ARGUMENT.
 *  - Timeouts and intervals in ms accept any value >= 0 up to INT64_MAX; one
 *    beyond 2^40 ms (about 34 years) means "no practical limit".
 *  - Strings sent as HTTP header values (token, db_name, user_agent, extra
 *    headers) must not contain control characters other than tab (0x00-0x1f,
 *    0x7f): MJ_EINVALID_ARGUMENT.
 *  - Output structs begin with `uint32_t struct_size` (the size the library
 *    filled). Fields are only ever appended.
 *  - Server-sent states are open enums: an UNKNOWN member plus the raw name
 *    string, so a server that adds a state never breaks an older client.
 *  - Thread safety: an mj_client may be used from many threads at once. Result
 *    objects and errors have one owner at a time and may move between threads.
 *  - The library starts no threads, installs no signal handlers, never prints
 *    and never aborts. Callbacks (progress callbacks of mj_wait_*, the watcher's
 *    event callback) run only on the calling thread, inside the call that took
 *    them; a callback must not free the objects it is handed.
 *
 * Define MJ_FFI_CDEF before including this header (`cc -E -P -DMJ_FFI_CDEF`) to
 * get plain declarations for FFI generators such as cffi or koffi.
 */
#ifndef MILVUS_JOBS_H
#define MILVUS_JOBS_H

#ifndef MJ_FFI_CDEF
#include <stddef.h>
#include <stdint.h>
#endif

/* ---------------------------------------------------------------- exports */

#if defined(MJ_FFI_CDEF)
#define MJ_API
#elif defined(_WIN32)
#if defined(MJ_BUILDING_LIBRARY)
#define MJ_API __declspec(dllexport)
#else
#define MJ_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define MJ_API __attribute__((visibility("default")))
#else
#define MJ_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- version */

#define MJ_VERSION_MAJOR 0
#define MJ_VERSION_MINOR 5
#define MJ_VERSION_PATCH 0
/* MAJOR*10000 + MINOR*100 + PATCH */
#define MJ_VERSION_NUMBER 500
#define MJ_VERSION_STRING "0.5.0"

/*
 * mj_version: the library's version as "MAJOR.MINOR.PATCH".
 * Returns a static string. Thread-safe. Since 0.1.
 */
MJ_API const char *mj_version(void);

/*
 * mj_version_number: the library's version as MAJOR*10000 + MINOR*100 + PATCH.
 * Bindings compare it with MJ_VERSION_NUMBER of the header they were built
 * against: a library older than the header lacks functions the binding uses.
 * Thread-safe. Since 0.1.
 */
MJ_API int32_t mj_version_number(void);

/* ---------------------------------------------------------------- status */

/*
 * mj_status: the category of a failure. Values are fixed and only appended.
 * Switch on the category; the server's own code and text are kept beside it
 * in the mj_error (mj_error_server_code, mj_error_server_message).
 */
typedef enum mj_status {
  MJ_OK = 0,
  /* An argument was refused: by the library before any request was sent
     (mj_error_http_status() == 0), or by the server (codes 1100, 1101, 1801,
     1802, 2100). The message names the argument and the fix. */
  MJ_EINVALID_ARGUMENT = 1,
  /* The request could not be delivered or its answer not read: DNS, connect,
     connection reset, broken transfer. */
  MJ_ETRANSPORT = 2,
  /* TLS handshake or certificate verification failed. */
  MJ_ETLS = 3,
  /* The call's deadline passed (client or per-call timeout), or the server
     answered 408 / code 10001. */
  MJ_ETIMEOUT = 4,
  /* The call was cancelled through its mj_cancel token. */
  MJ_ECANCELLED = 5,
  /* Credentials are missing or wrong (HTTP 401, code 1800). */
  MJ_EUNAUTHENTICATED = 6,
  /* The credentials lack a privilege (HTTP 403, code 1401). */
  MJ_EPERMISSION_DENIED = 7,
  /* A job, collection, database or partition does not exist
     (codes 100, 200, 800, 2101; 1100 "... not found"). */
  MJ_ENOT_FOUND = 8,
  /* A refresh of the same collection is already running (code 703). */
  MJ_EDUPLICATE_JOB = 9,
  /* The server rejected the request for load (HTTP 429, code 1807). */
  MJ_ERATE_LIMITED = 10,
  /* The server failed (HTTP 5xx, codes 1, 2, 65535, any unmapped code). */
  MJ_ESERVER = 11,
  /* The answer did not follow the protocol: not JSON, wrong types, missing
     fields, unexpected HTTP status, too large. */
  MJ_EPROTOCOL = 12,
  /* The server or this library does not support the operation (for example a
     Milvus older than 3.0 for external-collection refresh). */
  MJ_EUNSUPPORTED = 13,
  /* Memory could not be allocated. */
  MJ_ENOMEM = 14,
  /* A bug in this library; the message says where. Please report it. */
  MJ_EINTERNAL = 15,
  /* (mj_wait_*, watcher) The job ended in state Failed. The message carries
     the job's reason; the job itself is returned beside the error. Since 0.2. */
  MJ_EJOB_FAILED = 16,
  /* (mj_wait_*, watcher) A job that was being waited on or watched vanished:
     the server answered "not found" for an id it had reported before (jobs
     are garbage-collected, or the server lost its state). Since 0.2. */
  MJ_EJOB_LOST = 17,
  /* (mj_bulk_import, mj_refresh_external_collection) The create's answer was
     lost (timeout, reset, unreadable answer after the request may have
     reached the server) and reconciliation could not tell whether it started
     a job. The jobs that may be the one are listed by
     mj_error_candidate_count() / mj_error_candidate_id(); check them before
     sending the create again. Since 0.4. */
  MJ_EAMBIGUOUS = 18
} mj_status;

/*
 * mj_status_name: the enumerator's name, e.g. "MJ_ENOT_FOUND".
 * Returns a static string; "MJ_E?" for a value this library does not know.
 * Thread-safe. Since 0.1.
 */
MJ_API const char *mj_status_name(mj_status status);

/*
 * mj_status_description: a short English description, e.g. "not found".
 * Returns a static string. Thread-safe. Since 0.1.
 */
MJ_API const char *mj_status_description(mj_status status);

/* ---------------------------------------------------------------- errors */

/* An error: category, server code and text, HTTP status, message, request id. */
typedef struct mj_error mj_error;

/* mj_error_status: the category. Returns MJ_EINTERNAL for a NULL error. Since 0.1. */
MJ_API mj_status mj_error_status(const mj_error *error);

/*
 * mj_error_message: a message a person can act on: what failed, why, and what
 * to do about it. Never contains tokens, API keys or storage keys.
 * Returns a borrowed string, valid until mj_error_free(error); "" for NULL.
 * Since 0.1.
 */
MJ_API const char *mj_error_message(const mj_error *error);

/*
 * mj_error_server_code: the `code` of the server's JSON answer (e.g. 2101), or
 * 0 when the server sent none (transport errors, invalid arguments refused
 * before sending). Since 0.1.
 */
MJ_API int32_t mj_error_server_code(const mj_error *error);

/*
 * mj_error_server_message: the server's `message`, verbatim; "" when none.
 * Borrowed, valid until mj_error_free(error). Since 0.1.
 */
MJ_API const char *mj_error_server_message(const mj_error *error);

/*
 * mj_error_http_status: the HTTP status of the answer, or 0 when no answer was
 * received. Note that Milvus answers most failures with HTTP 200 and a
 * non-zero body code. Since 0.1.
 */
MJ_API int32_t mj_error_http_status(const mj_error *error);

/*
 * mj_error_is_retriable: 1 when repeating the same call later may succeed
 * (transport failures of reads, rate limiting, server unavailable), else 0.
 * A create or refresh is never marked retriable once it may have reached the
 * server, because a retry could start a second job. Since 0.1.
 */
MJ_API int mj_error_is_retriable(const mj_error *error);

/*
 * mj_error_request_id: the X-Request-Id this library sent with the failed
 * request ("" when none was sent). Borrowed, valid until mj_error_free(error).
 * Since 0.1.
 */
MJ_API const char *mj_error_request_id(const mj_error *error);

/*
 * mj_error_trace_id: the server's X-Milvus-Trace-Id answer header, "" when
 * absent. Give it to the server's operators when reporting a problem.
 * Borrowed, valid until mj_error_free(error). Since 0.1.
 */
MJ_API const char *mj_error_trace_id(const mj_error *error);

/*
 * mj_error_job_id: the id of the job the error is about, when the server named
 * one the caller may not have: for MJ_EDUPLICATE_JOB, the id of the refresh job
 * already running (poll it instead of starting another). "" otherwise.
 * Borrowed, valid until mj_error_free(error). Since 0.1.
 */
MJ_API const char *mj_error_job_id(const mj_error *error);

/*
 * mj_error_attempts: how many times the request was sent (or tried to be)
 * before this error: 1 when no retry happened, 0 when the call failed before
 * any attempt (an argument refused by the library). Since 0.2.
 */
MJ_API int32_t mj_error_attempts(const mj_error *error);

/*
 * mj_error_job_id_int64: the id mj_error_job_id() names, as the integer every
 * refresh call takes: for MJ_EDUPLICATE_JOB, the running refresh job (pass it
 * to mj_get_refresh_external_collection_progress or mj_wait_refresh). 0 when
 * the error names no job or the id is not a decimal int64. Since 0.3.
 */
MJ_API int64_t mj_error_job_id_int64(const mj_error *error);

/*
 * mj_hint: what the advice at the end of mj_error_message() asks the caller to
 * do, as a stable code. The message names no C option, so every binding can
 * show it as it is; a binding may add the advice in its own option names.
 * Values are fixed and only appended. Since 0.3.
 */
typedef enum mj_hint {
  MJ_HINT_NONE = 0,
  /* The uri is missing or malformed: set it (http://host:port). */
  MJ_HINT_SET_URI = 1,
  /* The credentials are missing or refused: set a valid token or API key. */
  MJ_HINT_SET_TOKEN = 2,
  /* The request's deadline passed: raise the client's or the call's timeout. */
  MJ_HINT_RAISE_TIMEOUT = 3,
  /* No connection within the connect timeout: raise it, or check the server. */
  MJ_HINT_RAISE_CONNECT_TIMEOUT = 4,
  /* The answer exceeded the client's answer size limit. */
  MJ_HINT_RAISE_MAX_RESPONSE_BYTES = 5,
  /* A list answer exceeded the client's list answer size limit. */
  MJ_HINT_RAISE_MAX_LIST_RESPONSE_BYTES = 6,
  /* A refresh is already running: poll it (mj_error_job_id_int64). */
  MJ_HINT_POLL_RUNNING_JOB = 7,
  /* A wait ran out of time before the job ended: raise the wait's timeout. */
  MJ_HINT_RAISE_WAIT_TIMEOUT = 8,
  /* Refresh on a Zilliz Cloud client that names a cluster only: make the
     client with the cloud project id and region id instead (it then serves
     refresh and import). Since 0.4. */
  MJ_HINT_SET_CLOUD_PROJECT = 9
} mj_hint;

/*
 * mj_error_hint: the mj_hint of the error's advice; MJ_HINT_NONE when the
 * message carries none of these (also for NULL). An int32_t (not the enum) so
 * a later value crosses every FFI unchanged. Since 0.3.
 */
MJ_API int32_t mj_error_hint(const mj_error *error);

/*
 * mj_error_candidate_count: for MJ_EAMBIGUOUS, how many jobs may be the one
 * the ambiguous create started (0 when reconciliation found none it could
 * name, e.g. a refresh whose second attempt failed too); 0 for any other
 * error and for NULL. Since 0.4.
 */
MJ_API size_t mj_error_candidate_count(const mj_error *error);

/*
 * mj_error_candidate_id: the id of candidate `index` (0-based, below
 * mj_error_candidate_count()): an import job id, or a refresh job id in
 * decimal. Borrowed, valid until mj_error_free(error); "" when index is out
 * of range or error is NULL. Since 0.4.
 */
MJ_API const char *mj_error_candidate_id(const mj_error *error, size_t index);

/* mj_error_free: frees an error. NULL is a no-op. Since 0.1. */
MJ_API void mj_error_free(mj_error *error);

/* mj_free: frees a string this library returned as *owned*. NULL is a no-op. Since 0.1. */
MJ_API void mj_free(void *ptr);

/* ---------------------------------------------------------------- cancellation */

/*
 * A cancel token. Pass it in mj_call_options; mj_cancel_trigger() from any
 * thread makes every call using the token return MJ_ECANCELLED promptly.
 * A token stays triggered; make a new one for new calls. The token must
 * outlive the calls that use it.
 */
typedef struct mj_cancel mj_cancel;

/* mj_cancel_new: *out receives an owned token (free with mj_cancel_free). Since 0.1. */
MJ_API mj_status mj_cancel_new(mj_cancel **out, mj_error **err);

/* mj_cancel_trigger: cancels every call using the token. Thread-safe; NULL is a no-op. Since 0.1. */
MJ_API void mj_cancel_trigger(mj_cancel *cancel);

/* mj_cancel_is_triggered: 1 once mj_cancel_trigger was called, else 0. Thread-safe. Since 0.1. */
MJ_API int mj_cancel_is_triggered(const mj_cancel *cancel);

/* mj_cancel_free: frees a token no call is using any more. NULL is a no-op. Since 0.1. */
MJ_API void mj_cancel_free(mj_cancel *cancel);

/* ---------------------------------------------------------------- client */

typedef struct mj_client mj_client;

/*
 * Log levels of the log hook (since 0.4), most severe first. A client
 * delivers the records at or above its mj_client_options.log_level:
 *   MJ_LOG_ERROR  a call failed (after its last attempt);
 *   MJ_LOG_WARN   an attempt failed and will be retried (with the backoff);
 *   MJ_LOG_INFO   an attempt was answered (route, status, duration, ids);
 *   MJ_LOG_DEBUG  connection events: opened or reused, and each attempt sent.
 */
typedef enum mj_log_level { MJ_LOG_ERROR = 1, MJ_LOG_WARN = 2, MJ_LOG_INFO = 3, MJ_LOG_DEBUG = 4 } mj_log_level;

/*
 * One log record. Everything is borrowed for the duration of the callback.
 * Strings are never NULL ("" when unknown). No record ever carries a token,
 * an API key, a storage key, a key passphrase or a proxy password.
 */
typedef struct mj_log_record {
  uint32_t struct_size;
  /* mj_log_level */
  int32_t level;
  /* What happened: "request" (an attempt's answer or failure), "retry" (the
     next attempt is due after backoff_ms), "failed" (the call's last error),
     "connection" (an attempt opened a connection or reused one). */
  const char *event;
  /* The whole record as one line of text, e.g.
     "get_import_progress /v2/vectordb/jobs/import/describe attempt 1: HTTP 200 code 0 in 1.2 ms
     (request mj-..., trace 4f...) on a reused connection". */
  const char *message;
  /* The operation ("get_import_progress") and the route's path. */
  const char *operation;
  const char *route;
  /* 1 for the first attempt of a call. */
  int32_t attempt;
  /* The mj_status of the attempt (MJ_OK when answered successfully). */
  int32_t status;
  /* The answer's HTTP status and body code; 0 when none. */
  int32_t http_status;
  int32_t server_code;
  /* The attempt's duration in microseconds. */
  int64_t duration_us;
  /* "retry": the pause before the next attempt in ms; else 0. */
  int64_t backoff_ms;
  /* X-Request-Id sent, X-Milvus-Trace-Id received. */
  const char *request_id;
  const char *trace_id;
  /* 1 when the attempt used a kept-alive connection, 0 when it opened one. */
  int32_t connection_reused;
} mj_log_record;

/*
 * The log hook. Called on the thread that made the call, inside the call,
 * never while the library holds a lock (a hook may call the library, e.g.
 * mj_client_stats_get). It must not throw (C++) or longjmp out. The calls of
 * mj_wait_* are logged poll by poll; the watcher's polls are counted in
 * mj_client_stats but not logged (its events report them). Since 0.4.
 */
typedef void (*mj_log_fn)(const mj_log_record *record, void *user_data);

/*
 * Client options. Initialise with MJ_CLIENT_OPTIONS_INIT or
 * mj_client_options_init(); every zero/NULL field means the default.
 */
typedef struct mj_client_options {
  uint32_t struct_size;
  /* Required. The server: "http://127.0.0.1:19530", "https://host:443".
     A trailing "/" is ignored. */
  const char *uri;
  /* Optional. An API key, or "user:password". Sent as
     "Authorization: Bearer <token>". Never appears in errors. */
  const char *token;
  /* Optional database; default "default". Sent as the DB-Name header and as
     the body dbName where the route reads one. mj_call_options.db_name
     overrides it per call. */
  const char *db_name;
  /* Connect timeout in ms; 0 = 10000. */
  int64_t connect_timeout_ms;
  /* Deadline for a whole call in ms; 0 = 30000. mj_call_options.timeout_ms
     overrides it per call. */
  int64_t request_timeout_ms;
  /* 1 turns TLS certificate and host verification OFF for https. Default 0
     (verify). Only for test servers with self-signed certificates. */
  int32_t tls_insecure_skip_verify;
  /* Optional CA bundle file (PEM) for https. */
  const char *tls_ca_file;
  /* Optional directory of CA certificates for https. */
  const char *tls_ca_path;
  /* Optional User-Agent; default "milvus-jobs/<version>". */
  const char *user_agent;
  /* Optional extra headers, each "Name: value", sent with every request.
     Must not contain control characters (CR, LF, ...; tab is allowed). */
  const char *const *extra_headers;
  size_t extra_header_count;

  /* ---- since 0.2: retries (see "Retries" below) ---- */
  /* Attempts per call including the first; 0 = 4; 1 = never retry. At most 100. */
  int32_t max_attempts;
  /* First backoff in ms; 0 = 100. Each retry doubles it, capped by
     retry_max_backoff_ms, with full jitter. A Retry-After answer header
     (seconds or HTTP-date) replaces the computed backoff, still bounded by
     the deadline: a wait that would pass the deadline is not started, and the
     last error is returned at once. */
  int64_t retry_initial_backoff_ms;
  /* Backoff cap in ms; 0 = 5000. */
  int64_t retry_max_backoff_ms;

  /* ---- since 0.2: response bounds ---- */
  /* Largest answer body accepted for describe, create, commit and abort, in
     bytes; 0 = 4 MiB. A larger answer fails with MJ_EPROTOCOL. */
  int64_t max_response_bytes;
  /* Largest answer body accepted for list calls; 0 = 64 MiB. */
  int64_t max_list_response_bytes;

  /* ---- since 0.2: deployment (see "Zilliz Cloud" below) ---- */
  /* mj_deployment: MJ_DEPLOYMENT_MILVUS (0, default) or
     MJ_DEPLOYMENT_ZILLIZ_CLOUD. For the cloud, uri may be NULL (then
     MJ_ZILLIZ_CLOUD_URI; MJ_ZILLIZ_CLOUD_URI_CN for China) and token, the
     API key, is required. db_name is sent as the body dbName of create and
     list. */
  int32_t deployment;
  /* Cloud target: cloud_cluster_id ("inxx-..."), or cloud_project_id
     ("proj-...") together with cloud_region_id ("aws-us-west-2"). Exactly one
     of the two forms is required in cloud mode; both are refused for Milvus. */
  const char *cloud_cluster_id;
  const char *cloud_project_id;
  const char *cloud_region_id;

  /* ---- since 0.4: Zilliz Cloud project endpoint ---- */
  /* Where a cloud client with cloud_project_id and cloud_region_id sends its
     refresh calls (see "Zilliz Cloud" below): a template in which
     {project_id} and {region_id} are replaced by those ids, or a plain
     address ("http://127.0.0.1:19530" for a local dev server).
     NULL = MJ_ZILLIZ_CLOUD_PROJECT_ENDPOINT. Set it for the China site or a
     private deployment. Refused for Milvus clients and for cloud clients
     that name a cluster. */
  const char *cloud_project_endpoint;

  /* ---- since 0.4: production connectivity (mutual TLS, proxy, log hook; see
     "Production connectivity" below) ---- */
  /* Optional client certificate (PEM file) for servers that require one
     (mutual TLS, Milvus tlsMode 2). Goes with tls_client_key_file. */
  const char *tls_client_cert_file;
  /* Optional private key (PEM file) of tls_client_cert_file. */
  const char *tls_client_key_file;
  /* Optional passphrase of an encrypted tls_client_key_file. Never appears in
     errors or log records. */
  const char *tls_client_key_password;
  /* Optional name the server's certificate is checked against, and sent as
     SNI and Host, instead of the uri's host (the connection still goes to
     the uri's host and port): for a server reached by IP address or through
     a tunnel whose certificate names another host. */
  const char *tls_server_name;
  /* Optional proxy URL: "http://host:port", "https://host:port",
     "socks5://host:port" (names resolved here) or "socks5h://host:port"
     (names resolved by the proxy), optionally with "user:password@"
     (percent-encoded) before the host. The credentials never appear in
     errors or log records. NULL: the environment's proxy variables apply
     (http_proxy, https_proxy, all_proxy, no_proxy, also in upper case except
     HTTP_PROXY). "" behaves as NULL. */
  const char *proxy;
  /* Optional comma-separated hosts (and domains: "example.com" also covers
     "a.example.com"; IP addresses; CIDR ranges) reached without the proxy;
     "*" turns every proxy off, also the environment's. NULL: the
     environment's no_proxy. */
  const char *no_proxy;
  /* Optional log hook (mj_log_fn below): one record per request attempt,
     retry and connection event. NULL: nothing is logged (and nothing is
     formatted). */
  mj_log_fn log_fn;
  /* Passed to log_fn unchanged. */
  void *log_user_data;
  /* The most detailed mj_log_level delivered to log_fn; 0 = MJ_LOG_INFO. */
  int32_t log_level;

  /* ---- since 0.4: exactly-once creates (see "Ambiguous creates" below) ---- */
  /* 1 turns reconciliation after an ambiguous create OFF: a create whose
     answer was lost then fails with MJ_ETIMEOUT / MJ_ETRANSPORT /
     MJ_EPROTOCOL as before 0.4. Default 0 (reconcile). */
  int32_t disable_create_reconciliation;
} mj_client_options;

#define MJ_CLIENT_OPTIONS_INIT                                                                            \
  {(uint32_t)sizeof(mj_client_options), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, \
   0, 0, 0, 0, 0, 0, 0, 0, 0}

/*
 * Where the server is. MJ_DEPLOYMENT_MILVUS speaks open-source Milvus REST v2
 * (Milvus >= 3.0 for refresh); MJ_DEPLOYMENT_ZILLIZ_CLOUD speaks Zilliz
 * Cloud: the same mj_* functions, with cloud request bodies and cloud answer
 * decoding (old and new answer shapes; progress always 0..100).
 *
 * Zilliz Cloud: imports (mj_bulk_import and the other import calls) go to the
 * control plane at uri. Refresh (mj_refresh_external_collection, its
 * progress, list, mj_wait_refresh and the watcher) goes to the project
 * endpoint, in the Milvus REST v2 dialect, with the same API key: a client
 * made with cloud_project_id and cloud_region_id serves both job families,
 * and the external source there is a Zilliz Cloud volume
 * ("volume://<volume>/path/"; the spec, e.g. {"format":"iceberg-table",
 * "snapshot_id":"..."}, is sent exactly as given). A client made with
 * cloud_cluster_id offers import only: its refresh calls return
 * MJ_EUNSUPPORTED with the hint MJ_HINT_SET_CLOUD_PROJECT (or use an
 * MJ_DEPLOYMENT_MILVUS client for the cluster's own endpoint).
 */
typedef enum mj_deployment { MJ_DEPLOYMENT_MILVUS = 0, MJ_DEPLOYMENT_ZILLIZ_CLOUD = 1 } mj_deployment;

/* The public Zilliz Cloud control plane, and its China endpoint. */
#define MJ_ZILLIZ_CLOUD_URI "https://api.cloud.zilliz.com"
#define MJ_ZILLIZ_CLOUD_URI_CN "https://api.cloud.zilliz.com.cn"
/* The default project endpoint template (mj_client_options.cloud_project_endpoint). Since 0.4. */
#define MJ_ZILLIZ_CLOUD_PROJECT_ENDPOINT "https://{project_id}.{region_id}.api.zillizcloud.com"

/*
 * Retries. Reads (describe, list) are retried on connection failures,
 * timeouts of one attempt, HTTP 429/502/503/504 and the rate-limit code 1807,
 * with capped exponential backoff and full jitter, honouring Retry-After.
 * Creates (mj_bulk_import, mj_refresh_external_collection), commit and abort
 * are retried only when the request provably never left this process
 * (DNS or connect failure), and are always sent on a new connection (so that
 * libcurl never silently resends them on a reused one). Every retry happens
 * inside the call's deadline (each attempt gets what is left of it; a connect
 * gets at most connect_timeout_ms) and a cancel token also cuts the wait
 * between attempts short; mj_error_attempts() tells how many attempts were
 * made.
 */

/*
 * Ambiguous creates (since 0.4). When the answer to mj_bulk_import or
 * mj_refresh_external_collection is lost after the request may have reached
 * the server (the deadline passed, the connection was reset or closed, the
 * answer could not be read), the job may or may not exist. Unless
 * disable_create_reconciliation is set, the call then finds out, within a
 * new budget as long as the call's timeout (and the same cancel token):
 *  - refresh: sends the refresh again. An answer 703 naming the running job
 *    means the first attempt started it: its id is returned, recovered. A new
 *    job id is returned as it is.
 *  - import: lists the collection's import jobs and reads each one that may
 *    have been created since the call began (server times within a minute
 *    before it, or no time given). A job whose files are exactly the
 *    request's is the one: its id is returned, recovered. When no job has
 *    them and every job could be read, the request provably started none and
 *    is sent once more. Anything else (two such jobs, a job whose files the
 *    server does not report yet, a read that fails) is MJ_EAMBIGUOUS with the
 *    candidate ids (mj_error_candidate_id).
 * mj_bulk_import_ex / mj_refresh_external_collection_ex tell a recovered id
 * from a plain one and how many creates were sent (mj_create_outcome).
 */

/*
 * mj_client_options_init: zeroes the first struct_size bytes of *opts and sets
 * opts->struct_size = struct_size. Call as
 * mj_client_options_init(&opts, sizeof opts). Since 0.1.
 */
MJ_API void mj_client_options_init(mj_client_options *opts, uint32_t struct_size);

/*
 * mj_client_new: creates a client for one server.
 * *out receives an owned client; free it with mj_client_free() once no call
 * is using it. No request is sent: a wrong address shows on the first call.
 * Errors: MJ_EINVALID_ARGUMENT (missing or malformed uri, a control character in a header
 * or token, bad timeouts; an unknown deployment; for Zilliz Cloud no API key,
 * or not exactly one target form; cloud target fields for Milvus; a project
 * endpoint that is not an http(s) address once filled in, or one given
 * without a project target), MJ_EUNSUPPORTED (struct from a newer header
 * with fields set), MJ_ENOMEM.
 * Thread-safety: the client is safe to use from many threads at once; it
 * keeps a pool of connections and reuses them (HTTP keep-alive).
 * Since 0.1.
 */
MJ_API mj_status mj_client_new(mj_client **out, const mj_client_options *opts, mj_error **err);

/* mj_client_free: closes connections and frees the client. NULL is a no-op. Since 0.1. */
MJ_API void mj_client_free(mj_client *client);

/*
 * Production connectivity (since 0.4).
 *
 * Mutual TLS: tls_client_cert_file and tls_client_key_file (PEM; the key may
 * be encrypted, with tls_client_key_password) present a client certificate
 * to a server that asks for one; tls_ca_file names the CA of the server's
 * certificate; tls_server_name checks that certificate (and sends SNI) for
 * another name than the uri's host. Failures are MJ_ETLS with a message
 * that says which side refused what: the server's certificate is not
 * trusted, expired or names another host; the server refused the client
 * certificate (none given, issued by a CA it does not trust, expired); the
 * client certificate or key could not be read or do not belong together.
 *
 * Proxies: with mj_client_options.proxy unset, libcurl's rules for the
 * environment apply (http_proxy, https_proxy, all_proxy and no_proxy; also
 * upper case, except HTTP_PROXY). https requests go through a CONNECT
 * tunnel, http requests are forwarded by the proxy. A proxy that cannot be
 * reached or closes the connection is MJ_ETRANSPORT; one that refuses the
 * request (HTTP 407 or 403 from the proxy, a refused CONNECT or SOCKS
 * request) is MJ_ETRANSPORT, not retried, with a message naming the proxy
 * (its host and port, never its credentials).
 *
 * Logging: see mj_log_fn. Statistics: see mj_client_stats_get.
 */

/*
 * Counters of one client since mj_client_new (since 0.4). Filled by
 * mj_client_stats_get; every field is only ever appended.
 */
typedef struct mj_client_stats {
  uint32_t struct_size;
  /* Calls that made at least one attempt (each page of a paged list is one
     call). The watcher's polls count as calls too. */
  int64_t requests;
  /* Attempts (HTTP requests tried); attempts - requests = retries. */
  int64_t attempts;
  /* Retries, by the reason of the failed attempt before them. */
  int64_t retries_transport;    /* connect, reset, broken transfer */
  int64_t retries_timeout;      /* one attempt's connect timeout, HTTP 408 / code 10001 */
  int64_t retries_rate_limited; /* HTTP 429, code 1807 */
  int64_t retries_server;       /* HTTP 502, 503, 504 */
  /* Bytes sent (request heads and bodies) and received (answer heads and
     bodies), as libcurl counts them at the HTTP level. */
  int64_t bytes_sent;
  int64_t bytes_received;
  /* Connections opened, and attempts that reused a kept-alive one. */
  int64_t connections_opened;
  int64_t connections_reused;
  /* How calls ended, indexed by mj_status: answers_by_status[MJ_OK] calls
     succeeded, answers_by_status[MJ_ENOT_FOUND] answered "not found", ...
     (32 slots; statuses this library adds later land in their own slot). */
  int64_t answers_by_status[32];
} mj_client_stats;

/*
 * mj_client_stats_get: copies the client's counters into *out. Set
 * out->struct_size to sizeof(mj_client_stats) first (a smaller size from an
 * older header gets the fields that fit). Lock-free and cheap (relaxed
 * atomic reads): callable from any thread, also from a log hook, while
 * calls run; the fields are each exact but not a snapshot of one instant.
 * Errors: MJ_EINVALID_ARGUMENT (NULL client or out, struct_size too small).
 * Since 0.4.
 */
MJ_API mj_status mj_client_stats_get(mj_client_stats *out, mj_client *client, mj_error **err);

/*
 * Per-call options; pass NULL for the defaults. Initialise with
 * MJ_CALL_OPTIONS_INIT or mj_call_options_init().
 */
typedef struct mj_call_options {
  uint32_t struct_size;
  /* Deadline for this call in ms; 0 = the client's request_timeout_ms. */
  int64_t timeout_ms;
  /* Optional cancel token; not owned. */
  mj_cancel *cancel;
  /* Optional database for this call; NULL = the client's db_name. */
  const char *db_name;
  /* Since 0.2. Attempts for this call; 0 = the client's max_attempts; 1 = never retry. */
  int32_t max_attempts;
  /* Since 0.4. Extra headers for this call only, each "Name: value" (e.g.
     a W3C "traceparent: 00-<trace>-<span>-01"), sent after the client's
     extra_headers with every attempt. Same rules as extra_headers. */
  const char *const *headers;
  size_t header_count;
} mj_call_options;

#define MJ_CALL_OPTIONS_INIT {(uint32_t)sizeof(mj_call_options), 0, 0, 0, 0, 0, 0}

/* mj_call_options_init: as mj_client_options_init, for mj_call_options. Since 0.1. */
MJ_API void mj_call_options_init(mj_call_options *opts, uint32_t struct_size);

/*
 * What a create did (mj_bulk_import_ex, mj_refresh_external_collection_ex).
 * Set struct_size (MJ_CREATE_OUTCOME_INIT); the library fills the fields that
 * fit, on success and on failure. Since 0.4.
 */
typedef struct mj_create_outcome {
  uint32_t struct_size;
  /* 1 when the job id was found by reconciliation after an ambiguous first
     attempt (the first attempt started the job; its answer was lost), 0 when
     the server answered the create itself. */
  int32_t recovered;
  /* Create requests sent (or tried): 1 normally; 2 when reconciliation sent
     the create again. */
  int32_t attempts;
} mj_create_outcome;

#define MJ_CREATE_OUTCOME_INIT {(uint32_t)sizeof(mj_create_outcome), 0, 0}

/* ---------------------------------------------------------------- external-collection refresh */

/* The state of a refresh job. Values are this library's, not the gRPC ones. */
typedef enum mj_refresh_state {
  MJ_REFRESH_STATE_UNKNOWN = 0,     /* a name this library does not know: see state_name */
  MJ_REFRESH_STATE_PENDING = 1,     /* "RefreshPending" */
  MJ_REFRESH_STATE_IN_PROGRESS = 2, /* "RefreshInProgress" */
  MJ_REFRESH_STATE_COMPLETED = 3,   /* "RefreshCompleted" (terminal) */
  MJ_REFRESH_STATE_FAILED = 4       /* "RefreshFailed" (terminal; see reason) */
} mj_refresh_state;

/*
 * mj_refresh_request: what mj_refresh_external_collection() sends.
 * external_source and external_spec go together: both or neither. Neither
 * means "refresh from the source and spec the collection already has".
 */
typedef struct mj_refresh_request {
  uint32_t struct_size;
  /* Required. The external collection. */
  const char *collection_name;
  /* Optional. New source URL, e.g. "s3://bucket/books_v2". */
  const char *external_source;
  /* Optional. New spec: a JSON object as a string, with "format" one of
     "parquet", "vortex", "lance-table", "iceberg-table" (also accepted:
     "milvus-table"), e.g. "{\"format\":\"parquet\"}". */
  const char *external_spec;
} mj_refresh_request;

#define MJ_REFRESH_REQUEST_INIT {(uint32_t)sizeof(mj_refresh_request), 0, 0, 0}

/* mj_refresh_request_init: as mj_client_options_init, for mj_refresh_request. Since 0.1. */
MJ_API void mj_refresh_request_init(mj_refresh_request *req, uint32_t struct_size);

/*
 * A refresh job as the server reports it. All strings are borrowed from the
 * object and never NULL ("" when absent).
 */
typedef struct mj_refresh_job {
  uint32_t struct_size;
  /* The job id: int64, exact (ids exceed 2^53). */
  int64_t job_id;
  const char *collection_name;
  /* mj_refresh_state */
  int32_t state;
  /* The state's name as the server sent it, e.g. "RefreshInProgress". */
  const char *state_name;
  /* 0..100 */
  int64_t progress;
  /* Why the job failed; "" when the server sent none. */
  const char *reason;
  const char *external_source;
  /* The spec as the server returns it: secrets are redacted to "***". */
  const char *external_spec;
  /* Milliseconds since the Unix epoch; end_time_ms is 0 until the job ends. */
  int64_t start_time_ms;
  int64_t end_time_ms;
} mj_refresh_job;

/* A list of refresh jobs: items[0..count-1], newest first as the server sends them. */
typedef struct mj_refresh_job_list {
  uint32_t struct_size;
  size_t count;
  mj_refresh_job *const *items;
} mj_refresh_job_list;

/*
 * mj_refresh_state_is_terminal: 1 for COMPLETED and FAILED, else 0. Since 0.1.
 */
MJ_API int mj_refresh_state_is_terminal(int32_t state);

/*
 * mj_refresh_external_collection: starts a refresh of an external collection
 * (POST /v2/vectordb/jobs/external_collection/refresh).
 * *job_id receives the new job's id.
 * Refused before sending (MJ_EINVALID_ARGUMENT): NULL or empty
 * collection_name; a source without a spec or a spec without a source; a spec
 * that is not a JSON object or whose "format" is missing or unknown; a source
 * that is not a URL.
 * Server errors: MJ_ENOT_FOUND (collection, database), MJ_EINVALID_ARGUMENT
 * (not an external collection, rejected source/spec), MJ_EDUPLICATE_JOB (a
 * refresh is already running: the message carries the running job's id when
 * the server names it), MJ_EUNSUPPORTED (Milvus < 3.0; or a Zilliz Cloud client
 * made with a cluster id, before sending: see "Zilliz Cloud"), and the
 * transport and auth categories. On a Zilliz Cloud project client the call
 * goes to the project endpoint. Never retried blindly once the request may
 * have reached the server: since 0.4 an ambiguous failure is reconciled (see
 * "Ambiguous creates"; MJ_EAMBIGUOUS when undecidable). Thread-safe. Since 0.1.
 */
MJ_API mj_status mj_refresh_external_collection(int64_t *job_id, mj_client *client,
                                                const mj_refresh_request *req,
                                                const mj_call_options *call, mj_error **err);

/*
 * mj_refresh_external_collection_ex: mj_refresh_external_collection, and
 * *outcome (may be NULL) says whether the id was recovered after an
 * ambiguous first attempt and how many refreshes were sent. Errors as
 * mj_refresh_external_collection, and MJ_EAMBIGUOUS (see "Ambiguous
 * creates"). Thread-safe. Since 0.4.
 */
MJ_API mj_status mj_refresh_external_collection_ex(int64_t *job_id, mj_create_outcome *outcome, mj_client *client,
                                                   const mj_refresh_request *req, const mj_call_options *call,
                                                   mj_error **err);

/*
 * mj_get_refresh_external_collection_progress: reads one refresh job
 * (POST .../external_collection/describe).
 * *out receives an owned job; free it with mj_refresh_job_free().
 * Errors: MJ_EINVALID_ARGUMENT (job_id <= 0), MJ_ENOT_FOUND (no such job),
 * MJ_EUNSUPPORTED (Milvus < 3.0, or a Zilliz Cloud cluster client), transport,
 * auth and protocol categories.
 * Thread-safe. Since 0.1.
 */
MJ_API mj_status mj_get_refresh_external_collection_progress(mj_refresh_job **out, mj_client *client,
                                                             int64_t job_id,
                                                             const mj_call_options *call,
                                                             mj_error **err);

/*
 * mj_list_refresh_external_collection_jobs: lists refresh jobs
 * (POST .../external_collection/list). collection_name may be NULL or "" to
 * list the jobs of every external collection.
 * *out receives an owned list; free it with mj_refresh_job_list_free().
 * Errors: MJ_ENOT_FOUND (collection), MJ_EINVALID_ARGUMENT (not external),
 * MJ_EUNSUPPORTED (Milvus < 3.0, or a Zilliz Cloud cluster client), transport,
 * auth and protocol categories.
 * Thread-safe. Since 0.1.
 */
MJ_API mj_status mj_list_refresh_external_collection_jobs(mj_refresh_job_list **out,
                                                          mj_client *client,
                                                          const char *collection_name,
                                                          const mj_call_options *call,
                                                          mj_error **err);

/* mj_refresh_job_free: frees a job. NULL is a no-op. Since 0.1. */
MJ_API void mj_refresh_job_free(mj_refresh_job *job);

/* mj_refresh_job_list_free: frees a list and its items (never free an item on
   its own: items belong to the list). NULL is a no-op. Since 0.1. */
MJ_API void mj_refresh_job_list_free(mj_refresh_job_list *list);

/* ---------------------------------------------------------------- bulk import */

/* The state of an import job (open-source Milvus and Zilliz Cloud). */
typedef enum mj_import_state {
  MJ_IMPORT_STATE_UNKNOWN = 0,     /* a name this library does not know: see state_name */
  MJ_IMPORT_STATE_NONE = 1,        /* "None": the server does not know the state */
  MJ_IMPORT_STATE_PENDING = 2,     /* "Pending" */
  MJ_IMPORT_STATE_IMPORTING = 3,   /* "Importing" */
  MJ_IMPORT_STATE_COMPLETED = 4,   /* "Completed" (terminal) */
  MJ_IMPORT_STATE_FAILED = 5,      /* "Failed" (terminal; see reason) */
  MJ_IMPORT_STATE_UNCOMMITTED = 6, /* "Uncommitted": waits for mj_commit_import (auto_commit=false) */
  MJ_IMPORT_STATE_COMMITTING = 7   /* "Committing" */
} mj_import_state;

/* The state of one file (task) of an import job: a different set of names. */
typedef enum mj_import_file_state {
  MJ_IMPORT_FILE_STATE_UNKNOWN = 0,
  MJ_IMPORT_FILE_STATE_NONE = 1,        /* "None" */
  MJ_IMPORT_FILE_STATE_PENDING = 2,     /* "Pending" */
  MJ_IMPORT_FILE_STATE_IN_PROGRESS = 3, /* "InProgress" */
  MJ_IMPORT_FILE_STATE_FAILED = 4,      /* "Failed" */
  MJ_IMPORT_FILE_STATE_COMPLETED = 5,   /* "Completed" */
  MJ_IMPORT_FILE_STATE_RETRY = 6        /* "Retry" */
} mj_import_file_state;

/* mj_import_state_is_terminal: 1 for COMPLETED and FAILED, else 0. Since 0.1. */
MJ_API int mj_import_state_is_terminal(int32_t state);

/*
 * mj_import_request: what mj_bulk_import() sends.
 * The files are given flat, in groups: `files[0..file_count-1]` are paths
 * (relative to the server's storage bucket), and `group_sizes` cuts them into
 * groups that form one import unit each (a parquet/JSON/CSV file alone, or the
 * .npy files of one segment together). group_sizes NULL means every file is
 * its own group. The group sizes must be >= 1 and add up to file_count.
 * Options are parallel key/value arrays, e.g. {"auto_commit"} / {"false"}.
 */
typedef struct mj_import_request {
  uint32_t struct_size;
  /* Required. */
  const char *collection_name;
  /* Optional. */
  const char *partition_name;
  /* Required: at least one non-empty path. */
  const char *const *files;
  size_t file_count;
  const size_t *group_sizes;
  size_t group_count;
  const char *const *option_keys;
  const char *const *option_values;
  size_t option_count;

  /* ---- since 0.2: Zilliz Cloud only (refused with MJ_EINVALID_ARGUMENT for
     Milvus). In cloud mode `files`/`group_sizes` carry the object URLs
     ("s3://bucket/dir/" folders allowed) sent as objectUrls, or, when
     volume_name is set, the paths inside the volume sent as dataPaths. ---- */
  const char *volume_name;
  /* Optional storage credentials for the object URLs; access_key and
     secret_key go together. Sent to the server only; never logged, never in
     an error message. */
  const char *access_key;
  const char *secret_key;
  const char *session_token;
} mj_import_request;

#define MJ_IMPORT_REQUEST_INIT {(uint32_t)sizeof(mj_import_request), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}

/* mj_import_request_init: as mj_client_options_init, for mj_import_request. Since 0.1. */
MJ_API void mj_import_request_init(mj_import_request *req, uint32_t struct_size);

/* One file (task) of an import job. Strings are borrowed, never NULL. */
typedef struct mj_import_file {
  uint32_t struct_size;
  /* As the server formats it; open-source Milvus sends a Go slice, "[a b]". */
  const char *file_name;
  int64_t file_size;
  /* 0..100 */
  int64_t progress;
  /* mj_import_file_state */
  int32_t state;
  const char *state_name;
  int64_t imported_rows;
  int64_t total_rows;
  /* RFC3339 as sent, "" until complete; _ms parsed from it, 0 when empty or
     not well formed. */
  const char *complete_time;
  int64_t complete_time_ms;
  const char *reason;
} mj_import_file;

/*
 * An import job. Strings are borrowed from the object, never NULL ("" when the
 * server sent nothing). Numbers the server did not send are 0. Jobs read from
 * a list carry only id, collection, state, progress and reason.
 */
typedef struct mj_import_job {
  uint32_t struct_size;
  /* Opaque string id: numeric on Milvus, "job-..." on Zilliz Cloud. */
  const char *job_id;
  const char *collection_name;
  /* mj_import_state */
  int32_t state;
  const char *state_name;
  /* 0..100 */
  int64_t progress;
  const char *reason;
  int64_t imported_rows;
  int64_t total_rows;
  /* Bytes, the sum over details. */
  int64_t file_size;
  /* RFC3339 as sent ("" when absent); _ms parsed, 0 when empty/malformed. */
  const char *create_time;
  int64_t create_time_ms;
  const char *complete_time;
  int64_t complete_time_ms;
  /* details[0..detail_count-1] */
  size_t detail_count;
  mj_import_file *const *details;
  /* Since 0.2. The top-level fileName Zilliz Cloud sends; "" otherwise. */
  const char *file_name;
} mj_import_job;

/*
 * A list of import jobs: items[0..count-1]. The paging fields (since 0.2):
 * mj_list_import_jobs_page() fills them from Zilliz Cloud's answer; on
 * open-source Milvus, which lists everything at once, its page 1 holds every
 * job with total_count == page_size == count and current_page 1 (later pages
 * are empty, with the same total_count). mj_list_import_jobs() sets
 * total_count == count and leaves page_size and current_page 0.
 */
typedef struct mj_import_job_list {
  uint32_t struct_size;
  size_t count;
  mj_import_job *const *items;
  /* Since 0.2. Jobs in all pages; the page size and 1-based page number of
     this page (0 when the list was not paged, i.e. mj_list_import_jobs). */
  int64_t total_count;
  int64_t page_size;
  int64_t current_page;
} mj_import_job_list;

/*
 * mj_import_list_request: what mj_list_import_jobs_page() sends. Since 0.2.
 */
typedef struct mj_import_list_request {
  uint32_t struct_size;
  /* Optional: only this collection's jobs. */
  const char *collection_name;
  /* Jobs per page; 0 = 10. At most 100. */
  int64_t page_size;
  /* 1-based page number; 0 = 1. */
  int64_t current_page;
} mj_import_list_request;

#define MJ_IMPORT_LIST_REQUEST_INIT {(uint32_t)sizeof(mj_import_list_request), 0, 0, 0}

/* mj_import_list_request_init: as mj_client_options_init, for mj_import_list_request. Since 0.2. */
MJ_API void mj_import_list_request_init(mj_import_list_request *req, uint32_t struct_size);

/*
 * mj_bulk_import: creates an import job (POST /v2/vectordb/jobs/import/create).
 * *job_id receives the new job's id, owned: free it with mj_free().
 * Refused before sending (MJ_EINVALID_ARGUMENT): NULL or empty
 * collection_name; no files; a NULL or empty path; group sizes of 0 or not
 * adding up to file_count; an option key that is NULL or empty; a NULL
 * option value. Since 0.2 also: cloud-only fields on a Milvus client; on
 * Zilliz Cloud, a file that is not an object URL (scheme://bucket/...) or,
 * with volume_name, one that is; access_key without secret_key or the
 * reverse; session_token without them; credentials with a volume.
 * Server errors: MJ_ENOT_FOUND (collection, partition, database),
 * MJ_EINVALID_ARGUMENT (rejected request, codes 1100/2100), transport, auth and
 * protocol categories. Never retried blindly once the request may have
 * reached the server: since 0.4 an ambiguous failure is reconciled (see
 * "Ambiguous creates"; MJ_EAMBIGUOUS when undecidable). Thread-safe. Since 0.1.
 */
MJ_API mj_status mj_bulk_import(char **job_id, mj_client *client, const mj_import_request *req,
                                const mj_call_options *call, mj_error **err);

/*
 * mj_bulk_import_ex: mj_bulk_import, and *outcome (may be NULL) says whether
 * the id was recovered after an ambiguous first attempt and how many creates
 * were sent. Errors as mj_bulk_import, and MJ_EAMBIGUOUS (see "Ambiguous
 * creates"). Thread-safe. Since 0.4.
 */
MJ_API mj_status mj_bulk_import_ex(char **job_id, mj_create_outcome *outcome, mj_client *client,
                                   const mj_import_request *req, const mj_call_options *call, mj_error **err);

/*
 * mj_get_import_progress: reads one import job with its per-file details
 * (POST /v2/vectordb/jobs/import/describe).
 * *out receives an owned job; free it with mj_import_job_free().
 * Errors: MJ_EINVALID_ARGUMENT (NULL or empty job_id; a malformed id),
 * MJ_ENOT_FOUND (no such job), transport, auth and protocol categories.
 * Thread-safe. Since 0.1.
 */
MJ_API mj_status mj_get_import_progress(mj_import_job **out, mj_client *client, const char *job_id,
                                        const mj_call_options *call, mj_error **err);

/*
 * mj_list_import_jobs: lists import jobs (POST /v2/vectordb/jobs/import/list).
 * collection_name may be NULL or "": open-source Milvus then lists the jobs of
 * every collection. On Zilliz Cloud, whose list is paged, it walks every page
 * (100 jobs a page) within the call's one deadline, drops a job a shifted
 * page repeats, and returns them all.
 * *out receives an owned list; free it with mj_import_job_list_free().
 * Thread-safe. Since 0.1.
 */
MJ_API mj_status mj_list_import_jobs(mj_import_job_list **out, mj_client *client,
                                     const char *collection_name, const mj_call_options *call,
                                     mj_error **err);

/*
 * mj_commit_import: commits an import job waiting in state Uncommitted
 * (created with option auto_commit=false) (POST .../import/commit).
 * Errors: MJ_EINVALID_ARGUMENT (bad id, or the job is not Uncommitted),
 * MJ_ENOT_FOUND, transport, auth and protocol categories. Thread-safe. Since 0.1.
 */
MJ_API mj_status mj_commit_import(mj_client *client, const char *job_id, const mj_call_options *call,
                                  mj_error **err);

/*
 * mj_abort_import: aborts an import job that has not ended
 * (POST .../import/abort). Errors as mj_commit_import. Thread-safe. Since 0.1.
 */
MJ_API mj_status mj_abort_import(mj_client *client, const char *job_id, const mj_call_options *call,
                                 mj_error **err);

/*
 * mj_list_import_jobs_page: reads one page of import jobs. On Zilliz Cloud it
 * sends pageSize/currentPage and fills total_count, page_size and
 * current_page from the answer; walk the pages while
 * current_page * page_size < total_count (and the page is not empty). On
 * open-source Milvus, which does not page, page 1 holds every job and later
 * pages are empty (see mj_import_job_list). req may be NULL: page 1 of 10.
 * Jobs on a page carry id, collection and state; Zilliz Cloud sends no
 * progress in lists (0, or 100 for a completed job): read it with
 * mj_get_import_progress().
 * *out receives an owned list; free it with mj_import_job_list_free().
 * Errors: MJ_EINVALID_ARGUMENT (page_size outside 0..100, current_page < 0),
 * and as mj_list_import_jobs. Thread-safe. Since 0.2.
 */
MJ_API mj_status mj_list_import_jobs_page(mj_import_job_list **out, mj_client *client,
                                          const mj_import_list_request *req, const mj_call_options *call,
                                          mj_error **err);

/* mj_import_job_free: frees a job and its details. NULL is a no-op. Since 0.1. */
MJ_API void mj_import_job_free(mj_import_job *job);

/* mj_import_job_list_free: frees a list and its items (never free an item on
   its own: items belong to the list). NULL is a no-op. Since 0.1. */
MJ_API void mj_import_job_list_free(mj_import_job_list *list);

/* ---------------------------------------------------------------- snapshots (since 0.4) */

/*
 * Snapshot jobs (POST /v2/vectordb/jobs/snapshot/...). An export writes a
 * collection's snapshot metadata (its config and, for an external collection,
 * what its last refresh found) to object storage and answers the metadata's
 * URI at once: no job. A restore reads that URI and creates a new collection
 * from it in a job that is read, listed, waited on and watched like the
 * others. Milvus serves these routes since 3.0 builds of July 2026 (Milvus
 * 2.x and earlier 3.0 builds answer 404: MJ_EUNSUPPORTED); Zilliz Cloud's
 * control plane has none (MJ_EUNSUPPORTED, nothing is sent).
 */

/* The state of a snapshot restore job. Values are this library's. */
typedef enum mj_snapshot_state {
  MJ_SNAPSHOT_STATE_UNKNOWN = 0,   /* a name this library does not know: see state_name */
  MJ_SNAPSHOT_STATE_PENDING = 1,   /* "RestoreSnapshotPending" */
  MJ_SNAPSHOT_STATE_EXECUTING = 2, /* "RestoreSnapshotExecuting" */
  MJ_SNAPSHOT_STATE_COMPLETED = 3, /* "RestoreSnapshotCompleted" (terminal) */
  MJ_SNAPSHOT_STATE_FAILED = 4,    /* "RestoreSnapshotFailed" (terminal; see reason) */
  MJ_SNAPSHOT_STATE_NONE = 5       /* "RestoreSnapshotNone": the server does not know the state */
} mj_snapshot_state;

/* mj_snapshot_state_is_terminal: 1 for COMPLETED and FAILED, else 0. Since 0.4. */
MJ_API int mj_snapshot_state_is_terminal(int32_t state);

/*
 * mj_export_snapshot_request: what mj_export_snapshot() sends.
 */
typedef struct mj_export_snapshot_request {
  uint32_t struct_size;
  /* Required. The collection to export. */
  const char *collection_name;
  /* Required. The snapshot's name. */
  const char *snapshot_name;
  /* Required. Where to write it: an object storage URL, e.g.
     "s3://bucket/exports". */
  const char *target_path;
  /* Optional. Storage settings as a JSON object string, e.g.
     "{\"extfs\":{\"region\":\"us-west-2\"}}". Sent to the server only; never
     in an error message. */
  const char *external_spec;
} mj_export_snapshot_request;

#define MJ_EXPORT_SNAPSHOT_REQUEST_INIT {(uint32_t)sizeof(mj_export_snapshot_request), 0, 0, 0, 0}

/* mj_export_snapshot_request_init: as mj_client_options_init. Since 0.4. */
MJ_API void mj_export_snapshot_request_init(mj_export_snapshot_request *req, uint32_t struct_size);

/*
 * mj_restore_snapshot_request: what mj_restore_external_snapshot() sends.
 */
typedef struct mj_restore_snapshot_request {
  uint32_t struct_size;
  /* Required. The collection to create; it must not exist yet. */
  const char *target_collection_name;
  /* Required. The URI mj_export_snapshot() answered. */
  const char *snapshot_uri;
  /* Optional. Storage settings as a JSON object string (see above). */
  const char *external_spec;
} mj_restore_snapshot_request;

#define MJ_RESTORE_SNAPSHOT_REQUEST_INIT {(uint32_t)sizeof(mj_restore_snapshot_request), 0, 0, 0}

/* mj_restore_snapshot_request_init: as mj_client_options_init. Since 0.4. */
MJ_API void mj_restore_snapshot_request_init(mj_restore_snapshot_request *req, uint32_t struct_size);

/*
 * A snapshot restore job as the server reports it. All strings are borrowed
 * from the object and never NULL ("" when absent).
 */
typedef struct mj_snapshot_job {
  uint32_t struct_size;
  /* The job id: int64, exact (ids exceed 2^53). */
  int64_t job_id;
  const char *snapshot_name;
  const char *db_name;
  /* The collection being restored (the target). */
  const char *collection_name;
  /* mj_snapshot_state */
  int32_t state;
  /* The state's name as the server sent it, e.g. "RestoreSnapshotExecuting". */
  const char *state_name;
  /* 0..100 */
  int64_t progress;
  /* Why the job failed; "" when the server sent none. */
  const char *reason;
  /* Milliseconds since the Unix epoch. */
  int64_t start_time_ms;
  /* Milliseconds the job has taken so far (until it ended, once it has). */
  int64_t time_cost_ms;
} mj_snapshot_job;

/* A list of snapshot restore jobs: items[0..count-1], as the server sends them. */
typedef struct mj_snapshot_job_list {
  uint32_t struct_size;
  size_t count;
  mj_snapshot_job *const *items;
} mj_snapshot_job_list;

/*
 * mj_export_snapshot: exports a collection's snapshot metadata
 * (POST /v2/vectordb/jobs/snapshot/export). Synchronous: no job.
 * *snapshot_uri receives the written metadata's URI, owned: free it with
 * mj_free(). Pass it to mj_restore_external_snapshot().
 * Refused before sending (MJ_EINVALID_ARGUMENT): NULL or empty
 * collection_name, snapshot_name or target_path; a target_path that is not a
 * URL (scheme://bucket/...); an external_spec that is not a JSON object.
 * Server errors: MJ_ENOT_FOUND (collection, database), MJ_EINVALID_ARGUMENT
 * (a name or path the server refuses), MJ_EUNSUPPORTED (a server without
 * snapshot jobs: HTTP 404, or code 10 "service unimplemented"), transport,
 * auth and protocol categories. Never retried once the request may have
 * reached the server. Thread-safe. Since 0.4.
 */
MJ_API mj_status mj_export_snapshot(char **snapshot_uri, mj_client *client, const mj_export_snapshot_request *req,
                                    const mj_call_options *call, mj_error **err);

/*
 * mj_restore_external_snapshot: starts a job that restores a snapshot into a
 * new collection (POST /v2/vectordb/jobs/snapshot/restore_external).
 * *job_id receives the new job's id (exact above 2^53).
 * Refused before sending (MJ_EINVALID_ARGUMENT): NULL or empty
 * target_collection_name or snapshot_uri; a snapshot_uri that is not a URL;
 * an external_spec that is not a JSON object.
 * Server errors: MJ_EINVALID_ARGUMENT (the target collection exists, a URI
 * the server refuses), MJ_ENOT_FOUND (database), MJ_EUNSUPPORTED (as
 * mj_export_snapshot), transport, auth and protocol categories. A snapshot
 * that cannot be read (missing, corrupt) usually fails the job, not the call:
 * see its reason. Never retried once the request may have reached the
 * server. Thread-safe. Since 0.4.
 */
MJ_API mj_status mj_restore_external_snapshot(int64_t *job_id, mj_client *client,
                                              const mj_restore_snapshot_request *req,
                                              const mj_call_options *call, mj_error **err);

/*
 * mj_get_restore_snapshot_progress: reads one restore job
 * (POST /v2/vectordb/jobs/snapshot/describe; the id goes as a decimal string).
 * *out receives an owned job; free it with mj_snapshot_job_free().
 * Errors: MJ_EINVALID_ARGUMENT (job_id <= 0), MJ_ENOT_FOUND (no such job),
 * MJ_EUNSUPPORTED, transport, auth and protocol categories.
 * Thread-safe. Since 0.4.
 */
MJ_API mj_status mj_get_restore_snapshot_progress(mj_snapshot_job **out, mj_client *client, int64_t job_id,
                                                  const mj_call_options *call, mj_error **err);

/*
 * mj_list_restore_snapshot_jobs: lists restore jobs
 * (POST /v2/vectordb/jobs/snapshot/list). collection_name may be NULL or ""
 * to list the jobs of every collection of the database.
 * *out receives an owned list; free it with mj_snapshot_job_list_free().
 * Errors: MJ_ENOT_FOUND (collection, database), MJ_EUNSUPPORTED, transport,
 * auth and protocol categories. Thread-safe. Since 0.4.
 */
MJ_API mj_status mj_list_restore_snapshot_jobs(mj_snapshot_job_list **out, mj_client *client,
                                               const char *collection_name, const mj_call_options *call,
                                               mj_error **err);

/* mj_snapshot_job_free: frees a job. NULL is a no-op. Since 0.4. */
MJ_API void mj_snapshot_job_free(mj_snapshot_job *job);

/* mj_snapshot_job_list_free: frees a list and its items (never free an item on
   its own: items belong to the list). NULL is a no-op. Since 0.4. */
MJ_API void mj_snapshot_job_list_free(mj_snapshot_job_list *list);

/* ---------------------------------------------------------------- waiting (since 0.2) */

/*
 * Options of mj_wait_refresh() / mj_wait_import(); pass NULL for the defaults.
 * The wait reads the job's progress at once, then again after
 * initial_interval_ms, each interval multiplied by 1.5 up to max_interval_ms.
 * A poll that fails with a retriable error (mj_error_is_retriable) is tried
 * again at the next interval; any other failure ends the wait. Cancellation
 * is prompt, also while the wait sleeps between two polls.
 */
typedef struct mj_wait_options {
  uint32_t struct_size;
  /* Deadline of the whole wait in ms; 0 = no deadline (until the job ends
     or the cancel token fires). Each poll also keeps the client's
     request_timeout_ms. */
  int64_t timeout_ms;
  /* First poll interval in ms; 0 = 200. */
  int64_t initial_interval_ms;
  /* Interval cap in ms; 0 = 5000. */
  int64_t max_interval_ms;
  /* Optional cancel token; not owned. */
  mj_cancel *cancel;
  /* Optional database; NULL = the client's db_name. */
  const char *db_name;
} mj_wait_options;

#define MJ_WAIT_OPTIONS_INIT {(uint32_t)sizeof(mj_wait_options), 0, 0, 0, 0, 0}

/* mj_wait_options_init: as mj_client_options_init, for mj_wait_options. Since 0.2. */
MJ_API void mj_wait_options_init(mj_wait_options *opts, uint32_t struct_size);

/* Progress callbacks: called with the job each time its state or progress
   changes (and once for the first answer). `job` is borrowed for the call. */
typedef void (*mj_refresh_progress_fn)(const mj_refresh_job *job, void *user_data);
typedef void (*mj_import_progress_fn)(const mj_import_job *job, void *user_data);
/* Since 0.4. */
typedef void (*mj_snapshot_progress_fn)(const mj_snapshot_job *job, void *user_data);

/*
 * mj_wait_refresh: blocks until the refresh job ends, the deadline passes or
 * the wait is cancelled, calling on_progress (may be NULL) on every change.
 * *out receives the last job read (owned; free with mj_refresh_job_free()):
 * on MJ_OK (state COMPLETED), and also on MJ_EJOB_FAILED (state FAILED; the
 * error's message carries the reason), MJ_ETIMEOUT and MJ_ECANCELLED when the
 * job was read at least once (else *out is set to NULL).
 * Errors: MJ_EJOB_FAILED, MJ_EJOB_LOST (the job was seen, then "not found"),
 * MJ_ENOT_FOUND (never seen), MJ_ETIMEOUT, MJ_ECANCELLED, and the categories
 * of mj_get_refresh_external_collection_progress. Thread-safe. Since 0.2.
 */
MJ_API mj_status mj_wait_refresh(mj_refresh_job **out, mj_client *client, int64_t job_id,
                                 const mj_wait_options *opts, mj_refresh_progress_fn on_progress,
                                 void *user_data, mj_error **err);

/*
 * mj_wait_import: as mj_wait_refresh, for an import job. It also returns MJ_OK
 * when the job reaches Uncommitted (it waits for mj_commit_import(), which
 * only the caller can send): check (*out)->state.
 * Thread-safe. Since 0.2.
 */
MJ_API mj_status mj_wait_import(mj_import_job **out, mj_client *client, const char *job_id,
                                const mj_wait_options *opts, mj_import_progress_fn on_progress,
                                void *user_data, mj_error **err);

/*
 * mj_wait_restore_snapshot: as mj_wait_refresh, for a snapshot restore job
 * (mj_restore_external_snapshot). *out (owned; free with
 * mj_snapshot_job_free()) is the last job read: on MJ_OK (state COMPLETED),
 * MJ_EJOB_FAILED (state FAILED; the error's message carries the reason),
 * MJ_ETIMEOUT and MJ_ECANCELLED when the job was read at least once.
 * Thread-safe. Since 0.4.
 */
MJ_API mj_status mj_wait_restore_snapshot(mj_snapshot_job **out, mj_client *client, int64_t job_id,
                                          const mj_wait_options *opts, mj_snapshot_progress_fn on_progress,
                                          void *user_data, mj_error **err);

/* ---------------------------------------------------------------- watching many jobs (since 0.2) */

/*
 * A watcher polls many jobs at once over a bounded pool of connections
 * (libcurl multi, one thread: the caller's) and reports each change. It is
 * driven by mj_watcher_run() (events to a callback) or mj_watcher_next()
 * (one event at a time); it does no work between those calls. Jobs may be
 * added and removed from any thread, also from inside the event callback.
 * Only one thread may drive a watcher at a time. A job leaves the watcher
 * by itself after its last event (terminal state, or lost). Import jobs in
 * Uncommitted stay watched (they change again when committed or aborted).
 * Memory: about 100-150 bytes per job watched, plus one transfer buffer per
 * connection.
 */
typedef struct mj_watcher mj_watcher;

typedef struct mj_watcher_options {
  uint32_t struct_size;
  /* Polls in flight at once (= connections used); 0 = 16. At most 1024. */
  int32_t max_connections;
  /* Time from one answer about a job to its next poll, in ms; 0 = 1000.
     When the pool is the bottleneck, jobs are polled as fast as it allows,
     oldest first. After a failed poll whose answer carried a longer
     Retry-After (429, 503), the job's next poll waits that long. */
  int64_t interval_ms;
  /* Deadline of one poll in ms; 0 = the client's request_timeout_ms. */
  int64_t poll_timeout_ms;
  /* Optional cancel token; not owned. Makes mj_watcher_run()/next() return
     MJ_ECANCELLED. */
  mj_cancel *cancel;
  /* Optional database; NULL = the client's db_name. */
  const char *db_name;
} mj_watcher_options;

#define MJ_WATCHER_OPTIONS_INIT {(uint32_t)sizeof(mj_watcher_options), 0, 0, 0, 0, 0}

/* mj_watcher_options_init: as mj_client_options_init, for mj_watcher_options. Since 0.2. */
MJ_API void mj_watcher_options_init(mj_watcher_options *opts, uint32_t struct_size);

/* MJ_JOB_SNAPSHOT_RESTORE since 0.4. */
typedef enum mj_job_kind { MJ_JOB_REFRESH = 1, MJ_JOB_IMPORT = 2, MJ_JOB_SNAPSHOT_RESTORE = 3 } mj_job_kind;

/*
 * One change of one watched job. Everything is borrowed from the event.
 */
typedef struct mj_watch_event {
  uint32_t struct_size;
  /* mj_job_kind */
  int32_t kind;
  /* The job's id: refresh_job_id for MJ_JOB_REFRESH, import_job_id ("" for a
     refresh) for MJ_JOB_IMPORT. */
  int64_t refresh_job_id;
  const char *import_job_id;
  /* MJ_OK: the job's state or progress changed (or the first read).
     MJ_EJOB_FAILED: the job ended in state Failed (the job is given, the
     error's message carries the reason). Else the category of a failed
     poll: MJ_EJOB_LOST when the job vanished, MJ_ENOT_FOUND when the server
     never knew it. A transient (retriable) failure is reported once per
     streak and the job stays watched; any other failure is the job's last
     event. */
  int32_t status;
  /* The error, NULL when status == MJ_OK. */
  const mj_error *error;
  /* The job as read, when status is MJ_OK or MJ_EJOB_FAILED (else NULL);
     refresh for refresh jobs, import_job for import jobs. */
  const mj_refresh_job *refresh;
  const mj_import_job *import_job;
  /* 1 when this is the job's last event (terminal state or lost): the
     watcher no longer holds the job. */
  int32_t done;
  /* Since 0.4. For MJ_JOB_SNAPSHOT_RESTORE: the job's id (0 otherwise), and
     the job as read when status is MJ_OK or MJ_EJOB_FAILED (else NULL). A
     library older than 0.4 fills a smaller struct_size: read these two only
     when struct_size covers them. */
  int64_t snapshot_job_id;
  const mj_snapshot_job *snapshot;
} mj_watch_event;

typedef void (*mj_watch_fn)(const mj_watch_event *event, void *user_data);

/*
 * mj_watcher_new: *out receives an owned watcher on `client` (the client must
 * outlive it). opts may be NULL. Since 0.2.
 */
MJ_API mj_status mj_watcher_new(mj_watcher **out, mj_client *client, const mj_watcher_options *opts,
                                mj_error **err);

/* mj_watcher_add_refresh / _add_import: start watching a job; the first poll is
   due at once. Adding a job already watched is a no-op. Thread-safe. Since 0.2.
   From 0.4 on, mj_watcher_add_refresh on a Zilliz Cloud client made with a
   cluster id returns MJ_EUNSUPPORTED at once (hint MJ_HINT_SET_CLOUD_PROJECT). */
MJ_API mj_status mj_watcher_add_refresh(mj_watcher *watcher, int64_t job_id, mj_error **err);
MJ_API mj_status mj_watcher_add_import(mj_watcher *watcher, const char *job_id, mj_error **err);

/* mj_watcher_remove_refresh / _remove_import: stop watching a job; no event for
   it is delivered after the call returns (from another thread: after the
   event in progress). MJ_ENOT_FOUND when not watched. Thread-safe. Since 0.2. */
MJ_API mj_status mj_watcher_remove_refresh(mj_watcher *watcher, int64_t job_id, mj_error **err);
MJ_API mj_status mj_watcher_remove_import(mj_watcher *watcher, const char *job_id, mj_error **err);

/* mj_watcher_add_restore_snapshot / _remove_restore_snapshot: as the refresh
   pair, for a snapshot restore job; its events have kind
   MJ_JOB_SNAPSHOT_RESTORE and carry snapshot_job_id and snapshot. Since 0.4. */
MJ_API mj_status mj_watcher_add_restore_snapshot(mj_watcher *watcher, int64_t job_id, mj_error **err);
MJ_API mj_status mj_watcher_remove_restore_snapshot(mj_watcher *watcher, int64_t job_id, mj_error **err);

/* mj_watcher_size: the number of jobs watched. Thread-safe. Since 0.2. */
MJ_API size_t mj_watcher_size(const mj_watcher *watcher);

/*
 * mj_watcher_run: polls until no job is left (MJ_OK), timeout_ms passes
 * (MJ_ETIMEOUT; timeout_ms < 0 = no limit) or the cancel token fires
 * (MJ_ECANCELLED), calling on_event (required) for each event on this thread.
 * Since 0.2.
 */
MJ_API mj_status mj_watcher_run(mj_watcher *watcher, int64_t timeout_ms, mj_watch_fn on_event,
                                void *user_data, mj_error **err);

/*
 * mj_watcher_next: polls until one event is ready and returns it in *event
 * (owned; free with mj_watch_event_free()). *event is NULL, with MJ_OK, when
 * timeout_ms passes first (timeout_ms 0 = only what is ready now; < 0 = no
 * limit) or no job is watched. MJ_ECANCELLED when the cancel token fires.
 * Since 0.2.
 */
MJ_API mj_status mj_watcher_next(mj_watch_event **event, mj_watcher *watcher, int64_t timeout_ms,
                                 mj_error **err);

/* mj_watch_event_free: frees an event from mj_watcher_next(). NULL is a no-op. Since 0.2. */
MJ_API void mj_watch_event_free(mj_watch_event *event);

/* mj_watcher_free: stops polling (in-flight polls are dropped) and frees the
   watcher. NULL is a no-op. Since 0.2. */
MJ_API void mj_watcher_free(mj_watcher *watcher);

/* ---------------------------------------------------------------- non-blocking reads (since 0.5) */

/*
 * An mj_async sends job reads without blocking the caller: many reads at
 * once over one libcurl multi handle, no thread of its own. It is for hosts
 * that already have an event loop (Node's libuv, Go's scheduler, asyncio):
 * a read costs no thread handoff and no blocked thread.
 *
 * A read is started with mj_async_get_import_progress (or the refresh or
 * snapshot form) and a `tag` of the caller's choosing. Its result (the same
 * job or error the blocking call returns, with the same retries, deadline,
 * headers, counters and log records) is taken later with mj_async_next(),
 * which gives the tag back. Nothing is sent or received between the driving
 * calls below; the async object does no work on its own.
 *
 * Two ways to drive it, chosen when it is made:
 *
 * - Host-driven (on_socket and on_timer set): the library says which sockets
 *   to watch (on_socket: fd, MJ_ASYNC_POLL_IN/OUT, or MJ_ASYNC_POLL_REMOVE to
 *   stop watching it) and when to call back (on_timer: in timeout_ms, 0 =
 *   soon, -1 = cancel the timer); the host calls mj_async_socket_action() when
 *   a socket is ready (fd, the events seen) or the timer fires (fd =
 *   MJ_ASYNC_SOCKET_TIMEOUT), then mj_async_next() until it returns 0. The
 *   callbacks run inside the mj_async calls, on the driving thread. Every
 *   mj_async call must be made on that one thread.
 *
 * - Self-driven (both callbacks NULL): one thread calls mj_async_run(), which
 *   waits up to timeout_ms for the reads in flight and returns once a result
 *   is ready, then mj_async_next(). Reads may be started and cancelled from
 *   any thread; mj_async_wakeup() makes a waiting mj_async_run() return.
 *
 * Errors of a started read (the argument checks of the blocking call) are
 * returned at once by the start function; nothing is queued then. A read's
 * deadline (call->timeout_ms, or the client's request_timeout_ms) runs from
 * its start. A cancel token in the call options is checked whenever the
 * async is driven (in self-driven mode its trigger also wakes
 * mj_async_run()); mj_async_cancel() ends a read by its tag.
 *
 * Differences from the blocking calls: a 404 on an import route says "a
 * Milvus older than 2.4" only when an earlier blocking call of the same
 * client already asked the server (no extra request is sent from here).
 *
 * The client must outlive the async. Memory: one transfer (easy handle and
 * buffers) per read in flight, reused.
 */
typedef struct mj_async mj_async;

/* on_socket events (a mask) and the fd of mj_async_socket_action for a timer. */
#define MJ_ASYNC_POLL_IN 1
#define MJ_ASYNC_POLL_OUT 2
#define MJ_ASYNC_POLL_REMOVE 4
#define MJ_ASYNC_SOCKET_TIMEOUT (-1)

/* Watch `fd` for `events` (MJ_ASYNC_POLL_IN | MJ_ASYNC_POLL_OUT), replacing
   what was asked for it before, or stop watching it (MJ_ASYNC_POLL_REMOVE). */
typedef void (*mj_async_socket_fn)(int fd, int events, void *user_data);
/* Call mj_async_socket_action(async, MJ_ASYNC_SOCKET_TIMEOUT, 0, ...) once
   timeout_ms has passed (0: as soon as the loop allows), replacing any
   earlier timer; -1: no timer is needed. */
typedef void (*mj_async_timer_fn)(int64_t timeout_ms, void *user_data);

typedef struct mj_async_options {
  uint32_t struct_size;
  /* Reads in flight at once (= connections used); 0 = 64; at most 1024.
     Reads started beyond it wait for a free one (their deadline runs). */
  int32_t max_in_flight;
  /* Host-driven mode: both set. Self-driven: both NULL. */
  mj_async_socket_fn on_socket;
  mj_async_timer_fn on_timer;
  void *user_data;
} mj_async_options;

#define MJ_ASYNC_OPTIONS_INIT {(uint32_t)sizeof(mj_async_options), 0, 0, 0, 0}

/* mj_async_options_init: as mj_client_options_init, for mj_async_options. Since 0.5. */
MJ_API void mj_async_options_init(mj_async_options *opts, uint32_t struct_size);

/*
 * mj_async_new: *out receives an owned async on `client` (the client must
 * outlive it). opts may be NULL (self-driven, 64 in flight).
 * Errors: MJ_EINVALID_ARGUMENT (only one of on_socket and on_timer set;
 * max_in_flight out of range). Since 0.5.
 */
MJ_API mj_status mj_async_new(mj_async **out, mj_client *client, const mj_async_options *opts, mj_error **err);

/* mj_async_free: drops the reads in flight (no result is given for them) and
   frees the async. In host-driven mode on_socket is called with
   MJ_ASYNC_POLL_REMOVE for each socket still watched. NULL is a no-op. Since 0.5. */
MJ_API void mj_async_free(mj_async *async);

/*
 * mj_async_get_import_progress, mj_async_get_refresh_external_collection_progress,
 * mj_async_get_restore_snapshot_progress: start one read, as
 * mj_get_import_progress, mj_get_refresh_external_collection_progress and
 * mj_get_restore_snapshot_progress would make it (call may be NULL). Its
 * result comes from mj_async_next() with `tag`. An error returned here
 * (invalid arguments; MJ_EUNSUPPORTED for a refresh or snapshot read the
 * client's server does not offer; MJ_ENOMEM) means the read was not
 * started and no result will come. Since 0.5.
 */
MJ_API mj_status mj_async_get_import_progress(mj_async *async, const char *job_id, const mj_call_options *call,
                                              uint64_t tag, mj_error **err);
MJ_API mj_status mj_async_get_refresh_external_collection_progress(mj_async *async, int64_t job_id,
                                                                   const mj_call_options *call, uint64_t tag,
                                                                   mj_error **err);
MJ_API mj_status mj_async_get_restore_snapshot_progress(mj_async *async, int64_t job_id, const mj_call_options *call,
                                                        uint64_t tag, mj_error **err);

/*
 * mj_async_cancel: ends the read started with `tag` (the oldest, if several
 * share it): its result, status MJ_ECANCELLED, comes from mj_async_next().
 * MJ_ENOT_FOUND when no read with that tag is in flight (its result may
 * already be waiting in mj_async_next()). Since 0.5.
 */
MJ_API mj_status mj_async_cancel(mj_async *async, uint64_t tag, mj_error **err);

/*
 * mj_async_socket_action: host-driven mode: `fd` is ready for `events`
 * (MJ_ASYNC_POLL_IN | MJ_ASYNC_POLL_OUT; 0 if unknown), or fd is
 * MJ_ASYNC_SOCKET_TIMEOUT when the timer fired. Results become ready for
 * mj_async_next(). Errors: MJ_EINVALID_ARGUMENT (a self-driven async),
 * MJ_ENOMEM. Since 0.5.
 */
MJ_API mj_status mj_async_socket_action(mj_async *async, int fd, int events, mj_error **err);

/*
 * mj_async_run: self-driven mode: sends and receives what is due, waiting
 * up to timeout_ms (< 0 = until something happens) when no result is ready
 * yet; returns once at least one is ready (mj_async_next), timeout_ms has
 * passed, or mj_async_wakeup() was called. With nothing in flight it still
 * waits: a read started from another thread wakes it. Errors: MJ_EINVALID_ARGUMENT (a host-driven async),
 * MJ_ENOMEM. One thread at a time. Since 0.5.
 */
MJ_API mj_status mj_async_run(mj_async *async, int64_t timeout_ms, mj_error **err);

/* mj_async_wakeup: makes a waiting (or the next) mj_async_run() return.
   Thread-safe; also from a signal-free context of another thread. Since 0.5. */
MJ_API void mj_async_wakeup(mj_async *async);

/* One finished read. The caller owns `error` and the job (free each with its
   function; NULL ones are fine to free). */
typedef struct mj_async_result {
  uint32_t struct_size;
  /* mj_job_kind of the read. */
  int32_t kind;
  /* The tag the read was started with. */
  uint64_t tag;
  /* MJ_OK with the job set, or the failure with `error` set (and no job),
     exactly as the blocking call would have returned. */
  int32_t status;
  mj_error *error;
  /* The job read, by kind: refresh (MJ_JOB_REFRESH), import_job
     (MJ_JOB_IMPORT), snapshot (MJ_JOB_SNAPSHOT_RESTORE). */
  mj_refresh_job *refresh;
  mj_import_job *import_job;
  mj_snapshot_job *snapshot;
} mj_async_result;

#define MJ_ASYNC_RESULT_INIT {(uint32_t)sizeof(mj_async_result), 0, 0, 0, 0, 0, 0, 0}

/*
 * mj_async_next: moves the oldest ready result into *out (set struct_size
 * first; MJ_ASYNC_RESULT_INIT) and returns 1, or returns 0 when none is
 * ready (also for a NULL argument). Results are ready only after a driving
 * call (mj_async_socket_action, mj_async_run). Since 0.5.
 */
MJ_API int mj_async_next(mj_async *async, mj_async_result *out);

/* mj_async_in_flight: reads started whose result has not been taken by
   mj_async_next() yet. Thread-safe. Since 0.5. */
MJ_API size_t mj_async_in_flight(const mj_async *async);

#ifdef __cplusplus
}
#endif

#endif /* MILVUS_JOBS_H */
