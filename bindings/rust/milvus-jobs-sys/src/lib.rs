//! Raw FFI declarations for the milvus-jobs C library.
//!
//! Everything in `include/milvus_jobs.h` (API 0.5), declared by hand: no
//! generator, no copied header. Names, types and layouts follow the header one
//! to one; read the header for what each function does, who owns what it
//! returns and which errors it reports. The safe API is the `milvus-jobs`
//! crate.
//!
//! C enums are declared as `i32` type aliases plus constants (a C enum is an
//! `int` on every target this library supports, which `tests/abi/layout.c`
//! asserts), because a value this crate does not know must never be undefined
//! behaviour. The layout test (`tests/layout.rs`) compares every struct size
//! and field offset below with the C compiler's, as printed by the
//! `tests/abi/layout` probe, and with the committed LP64 table.
#![no_std]
#![allow(non_camel_case_types)]
#![deny(missing_docs)]

use core::ffi::{c_char, c_int, c_void};
use core::marker::{PhantomData, PhantomPinned};

// ------------------------------------------------------------------ version

/// `MJ_VERSION_MAJOR` of the header these declarations mirror.
pub const MJ_VERSION_MAJOR: i32 = 0;
/// `MJ_VERSION_MINOR` of the header these declarations mirror.
pub const MJ_VERSION_MINOR: i32 = 5;
/// `MJ_VERSION_PATCH` of the header these declarations mirror.
pub const MJ_VERSION_PATCH: i32 = 0;
/// `MJ_VERSION_NUMBER`: MAJOR*10000 + MINOR*100 + PATCH. Compare it with
/// [`mj_version_number`] of the loaded library.
pub const MJ_VERSION_NUMBER: i32 = 500;
/// `MJ_VERSION_STRING`.
pub const MJ_VERSION_STRING: &str = "0.5.0";

// ------------------------------------------------------------------ status

/// `mj_status`: the category of a failure (a C enum, `int`-sized).
pub type mj_status = c_int;
/// Success.
pub const MJ_OK: mj_status = 0;
/// An argument was refused, by the library or by the server.
pub const MJ_EINVALID_ARGUMENT: mj_status = 1;
/// The request could not be delivered or its answer not read.
pub const MJ_ETRANSPORT: mj_status = 2;
/// TLS handshake or certificate verification failed.
pub const MJ_ETLS: mj_status = 3;
/// The call's deadline passed, or the server answered 408 / code 10001.
pub const MJ_ETIMEOUT: mj_status = 4;
/// The call was cancelled through its `mj_cancel` token.
pub const MJ_ECANCELLED: mj_status = 5;
/// Credentials are missing or wrong.
pub const MJ_EUNAUTHENTICATED: mj_status = 6;
/// The credentials lack a privilege.
pub const MJ_EPERMISSION_DENIED: mj_status = 7;
/// A job, collection, database or partition does not exist.
pub const MJ_ENOT_FOUND: mj_status = 8;
/// A refresh of the same collection is already running.
pub const MJ_EDUPLICATE_JOB: mj_status = 9;
/// The server rejected the request for load.
pub const MJ_ERATE_LIMITED: mj_status = 10;
/// The server failed.
pub const MJ_ESERVER: mj_status = 11;
/// The answer did not follow the protocol.
pub const MJ_EPROTOCOL: mj_status = 12;
/// The server or this library does not support the operation.
pub const MJ_EUNSUPPORTED: mj_status = 13;
/// Memory could not be allocated.
pub const MJ_ENOMEM: mj_status = 14;
/// A bug in the library.
pub const MJ_EINTERNAL: mj_status = 15;
/// (wait, watcher) The job ended in state Failed. Since 0.2.
pub const MJ_EJOB_FAILED: mj_status = 16;
/// (wait, watcher) A job that was being waited on or watched vanished. Since 0.2.
pub const MJ_EJOB_LOST: mj_status = 17;
/// (creates) The answer was lost and reconciliation could not tell whether
/// a job started; the error carries the candidate ids. Since 0.4.
pub const MJ_EAMBIGUOUS: mj_status = 18;

// ------------------------------------------------------------------ opaque handles

macro_rules! opaque {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[repr(C)]
        pub struct $name {
            _data: [u8; 0],
            _marker: PhantomData<(*mut u8, PhantomPinned)>,
        }
    )*};
}

opaque! {
    /// An error object (`mj_error`); free with [`mj_error_free`].
    mj_error,
    /// A cancel token (`mj_cancel`); free with [`mj_cancel_free`].
    mj_cancel,
    /// A client for one server (`mj_client`); free with [`mj_client_free`].
    mj_client,
    /// A watcher of many jobs (`mj_watcher`); free with [`mj_watcher_free`]. Since 0.2.
    mj_watcher,
    /// Non-blocking reads (`mj_async`); free with [`mj_async_free`]. Since 0.5.
    mj_async,
}

// ------------------------------------------------------------------ hints

/// `mj_hint`: a stable code for the advice in an error's message, so a
/// binding can phrase it with its own option names. Since 0.3.
pub type mj_hint = c_int;
/// No advice.
pub const MJ_HINT_NONE: mj_hint = 0;
/// Set the client's uri.
pub const MJ_HINT_SET_URI: mj_hint = 1;
/// Set (the right) token.
pub const MJ_HINT_SET_TOKEN: mj_hint = 2;
/// Raise the request timeout (the client's or the call's).
pub const MJ_HINT_RAISE_TIMEOUT: mj_hint = 3;
/// Raise the connect timeout.
pub const MJ_HINT_RAISE_CONNECT_TIMEOUT: mj_hint = 4;
/// Raise the answer size limit.
pub const MJ_HINT_RAISE_MAX_RESPONSE_BYTES: mj_hint = 5;
/// Raise the list answer size limit.
pub const MJ_HINT_RAISE_MAX_LIST_RESPONSE_BYTES: mj_hint = 6;
/// Poll the running job the error names.
pub const MJ_HINT_POLL_RUNNING_JOB: mj_hint = 7;
/// Raise the wait's timeout.
pub const MJ_HINT_RAISE_WAIT_TIMEOUT: mj_hint = 8;
/// Since 0.4. Refresh on a cloud client naming a cluster: make the client
/// with the cloud project id and region id instead.
pub const MJ_HINT_SET_CLOUD_PROJECT: mj_hint = 9;

// ------------------------------------------------------------------ client options

/// `mj_deployment`: where the server is (a C enum, `int`-sized).
pub type mj_deployment = c_int;
/// Open-source Milvus REST v2 (default).
pub const MJ_DEPLOYMENT_MILVUS: mj_deployment = 0;
/// The Zilliz Cloud control plane.
pub const MJ_DEPLOYMENT_ZILLIZ_CLOUD: mj_deployment = 1;

/// `MJ_ZILLIZ_CLOUD_URI`: the public Zilliz Cloud control plane.
pub const MJ_ZILLIZ_CLOUD_URI: &str = "https://api.cloud.zilliz.com";
/// `MJ_ZILLIZ_CLOUD_URI_CN`: the Zilliz Cloud control plane's China endpoint.
pub const MJ_ZILLIZ_CLOUD_URI_CN: &str = "https://api.cloud.zilliz.com.cn";
/// Since 0.4. `MJ_ZILLIZ_CLOUD_PROJECT_ENDPOINT`: the default project endpoint
/// template (`mj_client_options::cloud_project_endpoint`).
pub const MJ_ZILLIZ_CLOUD_PROJECT_ENDPOINT: &str =
    "https://{project_id}.{region_id}.api.zillizcloud.com";

/// `mj_client_options`. Initialise with [`mj_client_options_init`].
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mj_client_options {
    /// `sizeof(mj_client_options)` as the caller knows it.
    pub struct_size: u32,
    /// Required (except in cloud mode): the server URI.
    pub uri: *const c_char,
    /// Optional API key or "user:password".
    pub token: *const c_char,
    /// Optional database; default "default".
    pub db_name: *const c_char,
    /// Connect timeout in ms; 0 = 10000.
    pub connect_timeout_ms: i64,
    /// Deadline for a whole call in ms; 0 = 30000.
    pub request_timeout_ms: i64,
    /// 1 turns TLS verification off.
    pub tls_insecure_skip_verify: i32,
    /// Optional CA bundle file (PEM).
    pub tls_ca_file: *const c_char,
    /// Optional directory of CA certificates.
    pub tls_ca_path: *const c_char,
    /// Optional User-Agent.
    pub user_agent: *const c_char,
    /// Optional extra headers, each "Name: value".
    pub extra_headers: *const *const c_char,
    /// Number of `extra_headers`.
    pub extra_header_count: usize,
    /// Since 0.2. Attempts per call including the first; 0 = 4.
    pub max_attempts: i32,
    /// Since 0.2. First backoff in ms; 0 = 100.
    pub retry_initial_backoff_ms: i64,
    /// Since 0.2. Backoff cap in ms; 0 = 5000.
    pub retry_max_backoff_ms: i64,
    /// Since 0.2. Largest answer body for single-job calls; 0 = 4 MiB.
    pub max_response_bytes: i64,
    /// Since 0.2. Largest answer body for list calls; 0 = 64 MiB.
    pub max_list_response_bytes: i64,
    /// Since 0.2. An [`mj_deployment`] value.
    pub deployment: i32,
    /// Since 0.2. Cloud cluster id ("inxx-...").
    pub cloud_cluster_id: *const c_char,
    /// Since 0.2. Cloud project id ("proj-..."), with `cloud_region_id`.
    pub cloud_project_id: *const c_char,
    /// Since 0.2. Cloud region id ("aws-us-west-2"), with `cloud_project_id`.
    pub cloud_region_id: *const c_char,
    /// Since 0.4. The project endpoint (refresh) of a cloud project client: a
    /// template with `{project_id}` and `{region_id}`, or a plain address.
    pub cloud_project_endpoint: *const c_char,
    /// Since 0.4. Client certificate (PEM file) for mutual TLS.
    pub tls_client_cert_file: *const c_char,
    /// Since 0.4. Private key (PEM file) of `tls_client_cert_file`.
    pub tls_client_key_file: *const c_char,
    /// Since 0.4. Passphrase of an encrypted key.
    pub tls_client_key_password: *const c_char,
    /// Since 0.4. Name to check the server's certificate for (and SNI).
    pub tls_server_name: *const c_char,
    /// Since 0.4. Proxy URL; NULL = the environment's.
    pub proxy: *const c_char,
    /// Since 0.4. Hosts reached without a proxy; NULL = the environment's.
    pub no_proxy: *const c_char,
    /// Since 0.4. The log hook.
    pub log_fn: mj_log_fn,
    /// Since 0.4. Passed to `log_fn`.
    pub log_user_data: *mut c_void,
    /// Since 0.4. Most detailed [`mj_log_level`] delivered; 0 = info.
    pub log_level: i32,
    /// Since 0.4. 1 turns reconciliation after an ambiguous create off.
    pub disable_create_reconciliation: i32,
}

/// `mj_create_outcome`: what a create did. Since 0.4.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct mj_create_outcome {
    /// `sizeof(mj_create_outcome)` as the caller knows it.
    pub struct_size: u32,
    /// 1 when the id was found by reconciliation after a lost answer.
    pub recovered: i32,
    /// Create requests sent (or tried).
    pub attempts: i32,
}

/// `mj_log_level` (a C enum, `int`-sized). Since 0.4.
pub type mj_log_level = c_int;
/// A call failed.
pub const MJ_LOG_ERROR: mj_log_level = 1;
/// An attempt failed and will be retried.
pub const MJ_LOG_WARN: mj_log_level = 2;
/// An attempt was answered.
pub const MJ_LOG_INFO: mj_log_level = 3;
/// Connection events.
pub const MJ_LOG_DEBUG: mj_log_level = 4;

/// `mj_log_record`: one log record, borrowed for the callback. Since 0.4.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mj_log_record {
    /// `sizeof(mj_log_record)`.
    pub struct_size: u32,
    /// An [`mj_log_level`].
    pub level: i32,
    /// "request", "retry", "failed" or "connection".
    pub event: *const c_char,
    /// The whole record as one line.
    pub message: *const c_char,
    /// The operation, e.g. "get_import_progress".
    pub operation: *const c_char,
    /// The route's path.
    pub route: *const c_char,
    /// 1 for the first attempt.
    pub attempt: i32,
    /// The attempt's `mj_status`.
    pub status: i32,
    /// HTTP status; 0 when none.
    pub http_status: i32,
    /// The body's code; 0 when none.
    pub server_code: i32,
    /// Duration in microseconds.
    pub duration_us: i64,
    /// "retry": the pause before the next attempt in ms.
    pub backoff_ms: i64,
    /// X-Request-Id sent.
    pub request_id: *const c_char,
    /// X-Milvus-Trace-Id received.
    pub trace_id: *const c_char,
    /// 1 when a kept-alive connection was reused.
    pub connection_reused: i32,
}

/// `mj_log_fn`: the log hook. Since 0.4.
pub type mj_log_fn =
    Option<unsafe extern "C" fn(record: *const mj_log_record, user_data: *mut c_void)>;

/// `mj_client_stats`: a client's counters. Since 0.4.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mj_client_stats {
    /// Set to `sizeof(mj_client_stats)` before [`mj_client_stats_get`].
    pub struct_size: u32,
    /// Calls that made at least one attempt.
    pub requests: i64,
    /// Attempts.
    pub attempts: i64,
    /// Retries after a transport failure.
    pub retries_transport: i64,
    /// Retries after a timeout.
    pub retries_timeout: i64,
    /// Retries after rate limiting.
    pub retries_rate_limited: i64,
    /// Retries after HTTP 502/503/504.
    pub retries_server: i64,
    /// Bytes sent.
    pub bytes_sent: i64,
    /// Bytes received.
    pub bytes_received: i64,
    /// Connections opened.
    pub connections_opened: i64,
    /// Attempts that reused a kept-alive connection.
    pub connections_reused: i64,
    /// How calls ended, indexed by `mj_status`.
    pub answers_by_status: [i64; 32],
}

/// `mj_call_options`: per-call options. Initialise with [`mj_call_options_init`].
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mj_call_options {
    /// `sizeof(mj_call_options)` as the caller knows it.
    pub struct_size: u32,
    /// Deadline for this call in ms; 0 = the client's.
    pub timeout_ms: i64,
    /// Optional cancel token; not owned.
    pub cancel: *mut mj_cancel,
    /// Optional database for this call.
    pub db_name: *const c_char,
    /// Since 0.2. Attempts for this call; 0 = the client's.
    pub max_attempts: i32,
    /// Since 0.4. Extra headers for this call, each "Name: value".
    pub headers: *const *const c_char,
    /// Since 0.4. Number of `headers`.
    pub header_count: usize,
}

// ------------------------------------------------------------------ refresh

/// `mj_refresh_state` (a C enum, `int`-sized).
pub type mj_refresh_state = c_int;
/// A state name this library does not know: see `state_name`.
pub const MJ_REFRESH_STATE_UNKNOWN: mj_refresh_state = 0;
/// "RefreshPending".
pub const MJ_REFRESH_STATE_PENDING: mj_refresh_state = 1;
/// "RefreshInProgress".
pub const MJ_REFRESH_STATE_IN_PROGRESS: mj_refresh_state = 2;
/// "RefreshCompleted" (terminal).
pub const MJ_REFRESH_STATE_COMPLETED: mj_refresh_state = 3;
/// "RefreshFailed" (terminal).
pub const MJ_REFRESH_STATE_FAILED: mj_refresh_state = 4;

/// `mj_refresh_request`. Initialise with [`mj_refresh_request_init`].
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mj_refresh_request {
    /// `sizeof(mj_refresh_request)` as the caller knows it.
    pub struct_size: u32,
    /// Required. The external collection.
    pub collection_name: *const c_char,
    /// Optional new source URL (with `external_spec`).
    pub external_source: *const c_char,
    /// Optional new spec, a JSON object as a string (with `external_source`).
    pub external_spec: *const c_char,
}

/// `mj_refresh_job`: a refresh job; strings borrowed from the object, never NULL.
#[repr(C)]
#[derive(Debug)]
pub struct mj_refresh_job {
    /// The size the library filled.
    pub struct_size: u32,
    /// The job id (exact int64).
    pub job_id: i64,
    /// The collection.
    pub collection_name: *const c_char,
    /// An [`mj_refresh_state`] value.
    pub state: i32,
    /// The state's name as the server sent it.
    pub state_name: *const c_char,
    /// 0..100.
    pub progress: i64,
    /// Why the job failed; "" when none.
    pub reason: *const c_char,
    /// The external source.
    pub external_source: *const c_char,
    /// The external spec, secrets redacted.
    pub external_spec: *const c_char,
    /// Milliseconds since the Unix epoch.
    pub start_time_ms: i64,
    /// Milliseconds since the Unix epoch; 0 until the job ends.
    pub end_time_ms: i64,
}

/// `mj_refresh_job_list`: `items[0..count-1]`, newest first.
#[repr(C)]
#[derive(Debug)]
pub struct mj_refresh_job_list {
    /// The size the library filled.
    pub struct_size: u32,
    /// Number of items.
    pub count: usize,
    /// The jobs; they belong to the list.
    pub items: *const *mut mj_refresh_job,
}

// ------------------------------------------------------------------ import

/// `mj_import_state` (a C enum, `int`-sized).
pub type mj_import_state = c_int;
/// A state name this library does not know: see `state_name`.
pub const MJ_IMPORT_STATE_UNKNOWN: mj_import_state = 0;
/// "None".
pub const MJ_IMPORT_STATE_NONE: mj_import_state = 1;
/// "Pending".
pub const MJ_IMPORT_STATE_PENDING: mj_import_state = 2;
/// "Importing".
pub const MJ_IMPORT_STATE_IMPORTING: mj_import_state = 3;
/// "Completed" (terminal).
pub const MJ_IMPORT_STATE_COMPLETED: mj_import_state = 4;
/// "Failed" (terminal).
pub const MJ_IMPORT_STATE_FAILED: mj_import_state = 5;
/// "Uncommitted": waits for [`mj_commit_import`].
pub const MJ_IMPORT_STATE_UNCOMMITTED: mj_import_state = 6;
/// "Committing".
pub const MJ_IMPORT_STATE_COMMITTING: mj_import_state = 7;

/// `mj_import_file_state` (a C enum, `int`-sized).
pub type mj_import_file_state = c_int;
/// A state name this library does not know.
pub const MJ_IMPORT_FILE_STATE_UNKNOWN: mj_import_file_state = 0;
/// "None".
pub const MJ_IMPORT_FILE_STATE_NONE: mj_import_file_state = 1;
/// "Pending".
pub const MJ_IMPORT_FILE_STATE_PENDING: mj_import_file_state = 2;
/// "InProgress".
pub const MJ_IMPORT_FILE_STATE_IN_PROGRESS: mj_import_file_state = 3;
/// "Failed".
pub const MJ_IMPORT_FILE_STATE_FAILED: mj_import_file_state = 4;
/// "Completed".
pub const MJ_IMPORT_FILE_STATE_COMPLETED: mj_import_file_state = 5;
/// "Retry".
pub const MJ_IMPORT_FILE_STATE_RETRY: mj_import_file_state = 6;

/// `mj_import_request`. Initialise with [`mj_import_request_init`].
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mj_import_request {
    /// `sizeof(mj_import_request)` as the caller knows it.
    pub struct_size: u32,
    /// Required.
    pub collection_name: *const c_char,
    /// Optional.
    pub partition_name: *const c_char,
    /// Required: at least one non-empty path.
    pub files: *const *const c_char,
    /// Number of `files`.
    pub file_count: usize,
    /// Optional group sizes cutting `files` into import units.
    pub group_sizes: *const usize,
    /// Number of `group_sizes`.
    pub group_count: usize,
    /// Option keys, parallel to `option_values`.
    pub option_keys: *const *const c_char,
    /// Option values.
    pub option_values: *const *const c_char,
    /// Number of options.
    pub option_count: usize,
    /// Since 0.2 (cloud only). A volume; `files` are then paths inside it.
    pub volume_name: *const c_char,
    /// Since 0.2 (cloud only). Storage access key (with `secret_key`).
    pub access_key: *const c_char,
    /// Since 0.2 (cloud only). Storage secret key (with `access_key`).
    pub secret_key: *const c_char,
    /// Since 0.2 (cloud only). Storage session token.
    pub session_token: *const c_char,
}

/// `mj_import_file`: one file (task) of an import job; strings borrowed, never NULL.
#[repr(C)]
#[derive(Debug)]
pub struct mj_import_file {
    /// The size the library filled.
    pub struct_size: u32,
    /// As the server formats it.
    pub file_name: *const c_char,
    /// Bytes.
    pub file_size: i64,
    /// 0..100.
    pub progress: i64,
    /// An [`mj_import_file_state`] value.
    pub state: i32,
    /// The state's name as sent.
    pub state_name: *const c_char,
    /// Rows imported.
    pub imported_rows: i64,
    /// Rows in total.
    pub total_rows: i64,
    /// RFC3339 as sent, "" until complete.
    pub complete_time: *const c_char,
    /// `complete_time` parsed, ms since the epoch; 0 when empty or malformed.
    pub complete_time_ms: i64,
    /// Why the file failed.
    pub reason: *const c_char,
}

/// `mj_import_job`: an import job; strings borrowed, never NULL.
#[repr(C)]
#[derive(Debug)]
pub struct mj_import_job {
    /// The size the library filled.
    pub struct_size: u32,
    /// Opaque string id.
    pub job_id: *const c_char,
    /// The collection.
    pub collection_name: *const c_char,
    /// An [`mj_import_state`] value.
    pub state: i32,
    /// The state's name as sent.
    pub state_name: *const c_char,
    /// 0..100.
    pub progress: i64,
    /// Why the job failed.
    pub reason: *const c_char,
    /// Rows imported.
    pub imported_rows: i64,
    /// Rows in total.
    pub total_rows: i64,
    /// Bytes, the sum over details.
    pub file_size: i64,
    /// RFC3339 as sent.
    pub create_time: *const c_char,
    /// `create_time` parsed, ms; 0 when empty or malformed.
    pub create_time_ms: i64,
    /// RFC3339 as sent.
    pub complete_time: *const c_char,
    /// `complete_time` parsed, ms; 0 when empty or malformed.
    pub complete_time_ms: i64,
    /// Number of `details`.
    pub detail_count: usize,
    /// Per-file details; they belong to the job.
    pub details: *const *mut mj_import_file,
    /// Since 0.2. The top-level fileName Zilliz Cloud sends; "" otherwise.
    pub file_name: *const c_char,
}

/// `mj_import_job_list`: `items[0..count-1]` plus paging (since 0.2).
#[repr(C)]
#[derive(Debug)]
pub struct mj_import_job_list {
    /// The size the library filled.
    pub struct_size: u32,
    /// Number of items.
    pub count: usize,
    /// The jobs; they belong to the list.
    pub items: *const *mut mj_import_job,
    /// Since 0.2. Jobs in all pages.
    pub total_count: i64,
    /// Since 0.2. Page size of this page; 0 when not paged.
    pub page_size: i64,
    /// Since 0.2. 1-based page number; 0 when not paged.
    pub current_page: i64,
}

/// `mj_import_list_request`: what [`mj_list_import_jobs_page`] sends. Since 0.2.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mj_import_list_request {
    /// `sizeof(mj_import_list_request)` as the caller knows it.
    pub struct_size: u32,
    /// Optional: only this collection's jobs.
    pub collection_name: *const c_char,
    /// Jobs per page; 0 = 10. At most 100.
    pub page_size: i64,
    /// 1-based page number; 0 = 1.
    pub current_page: i64,
}

// ------------------------------------------------------------------ waiting

/// `mj_wait_options`. Initialise with [`mj_wait_options_init`]. Since 0.2.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mj_wait_options {
    /// `sizeof(mj_wait_options)` as the caller knows it.
    pub struct_size: u32,
    /// Deadline of the whole wait in ms; 0 = none.
    pub timeout_ms: i64,
    /// First poll interval in ms; 0 = 200.
    pub initial_interval_ms: i64,
    /// Interval cap in ms; 0 = 5000.
    pub max_interval_ms: i64,
    /// Optional cancel token; not owned.
    pub cancel: *mut mj_cancel,
    /// Optional database.
    pub db_name: *const c_char,
}

// ------------------------------------------------------------------ snapshots (since 0.4)

/// `mj_snapshot_state` (a C enum, `int`-sized). Since 0.4.
pub type mj_snapshot_state = c_int;
/// A state name this library does not know: see `state_name`.
pub const MJ_SNAPSHOT_STATE_UNKNOWN: mj_snapshot_state = 0;
/// "RestoreSnapshotPending".
pub const MJ_SNAPSHOT_STATE_PENDING: mj_snapshot_state = 1;
/// "RestoreSnapshotExecuting".
pub const MJ_SNAPSHOT_STATE_EXECUTING: mj_snapshot_state = 2;
/// "RestoreSnapshotCompleted" (terminal).
pub const MJ_SNAPSHOT_STATE_COMPLETED: mj_snapshot_state = 3;
/// "RestoreSnapshotFailed" (terminal; see `reason`).
pub const MJ_SNAPSHOT_STATE_FAILED: mj_snapshot_state = 4;
/// "RestoreSnapshotNone".
pub const MJ_SNAPSHOT_STATE_NONE: mj_snapshot_state = 5;

/// `mj_export_snapshot_request`. Initialise with [`mj_export_snapshot_request_init`]. Since 0.4.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mj_export_snapshot_request {
    /// `sizeof(mj_export_snapshot_request)` as the caller knows it.
    pub struct_size: u32,
    /// Required. The collection to export.
    pub collection_name: *const c_char,
    /// Required. The snapshot's name.
    pub snapshot_name: *const c_char,
    /// Required. An object storage URL, e.g. "s3://bucket/exports".
    pub target_path: *const c_char,
    /// Optional storage settings, a JSON object as a string.
    pub external_spec: *const c_char,
}

/// `mj_restore_snapshot_request`. Initialise with [`mj_restore_snapshot_request_init`]. Since 0.4.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mj_restore_snapshot_request {
    /// `sizeof(mj_restore_snapshot_request)` as the caller knows it.
    pub struct_size: u32,
    /// Required. The collection to create.
    pub target_collection_name: *const c_char,
    /// Required. The URI [`mj_export_snapshot`] answered.
    pub snapshot_uri: *const c_char,
    /// Optional storage settings, a JSON object as a string.
    pub external_spec: *const c_char,
}

/// `mj_snapshot_job`: a snapshot restore job; strings borrowed, never NULL. Since 0.4.
#[repr(C)]
#[derive(Debug)]
pub struct mj_snapshot_job {
    /// The size the library filled.
    pub struct_size: u32,
    /// The job id (exact int64).
    pub job_id: i64,
    /// The snapshot's name.
    pub snapshot_name: *const c_char,
    /// The database.
    pub db_name: *const c_char,
    /// The collection being restored.
    pub collection_name: *const c_char,
    /// An [`mj_snapshot_state`] value.
    pub state: i32,
    /// The state's name as the server sent it.
    pub state_name: *const c_char,
    /// 0..100.
    pub progress: i64,
    /// Why the job failed; "" when none.
    pub reason: *const c_char,
    /// Milliseconds since the Unix epoch.
    pub start_time_ms: i64,
    /// Milliseconds the job has taken so far.
    pub time_cost_ms: i64,
}

/// `mj_snapshot_job_list`: `items[0..count-1]`. Since 0.4.
#[repr(C)]
#[derive(Debug)]
pub struct mj_snapshot_job_list {
    /// The size the library filled.
    pub struct_size: u32,
    /// Number of items.
    pub count: usize,
    /// The jobs; they belong to the list.
    pub items: *const *mut mj_snapshot_job,
}

/// `mj_snapshot_progress_fn`: called on every change during [`mj_wait_restore_snapshot`]. Since 0.4.
pub type mj_snapshot_progress_fn =
    Option<unsafe extern "C" fn(job: *const mj_snapshot_job, user_data: *mut c_void)>;

/// `mj_refresh_progress_fn`: called on every change during [`mj_wait_refresh`].
pub type mj_refresh_progress_fn =
    Option<unsafe extern "C" fn(job: *const mj_refresh_job, user_data: *mut c_void)>;
/// `mj_import_progress_fn`: called on every change during [`mj_wait_import`].
pub type mj_import_progress_fn =
    Option<unsafe extern "C" fn(job: *const mj_import_job, user_data: *mut c_void)>;

// ------------------------------------------------------------------ watcher

/// `mj_watcher_options`. Initialise with [`mj_watcher_options_init`]. Since 0.2.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mj_watcher_options {
    /// `sizeof(mj_watcher_options)` as the caller knows it.
    pub struct_size: u32,
    /// Polls in flight at once; 0 = 16.
    pub max_connections: i32,
    /// Time between two polls of the same job in ms; 0 = 1000.
    pub interval_ms: i64,
    /// Deadline of one poll in ms; 0 = the client's request timeout.
    pub poll_timeout_ms: i64,
    /// Optional cancel token; not owned.
    pub cancel: *mut mj_cancel,
    /// Optional database.
    pub db_name: *const c_char,
}

/// `mj_job_kind` (a C enum, `int`-sized).
pub type mj_job_kind = c_int;
/// A refresh job.
pub const MJ_JOB_REFRESH: mj_job_kind = 1;
/// An import job.
pub const MJ_JOB_IMPORT: mj_job_kind = 2;
/// A snapshot restore job. Since 0.4.
pub const MJ_JOB_SNAPSHOT_RESTORE: mj_job_kind = 3;

/// `mj_watch_event`: one change of one watched job; everything borrowed. Since 0.2.
#[repr(C)]
#[derive(Debug)]
pub struct mj_watch_event {
    /// The size the library filled.
    pub struct_size: u32,
    /// An [`mj_job_kind`] value.
    pub kind: i32,
    /// The refresh job's id (refresh events).
    pub refresh_job_id: i64,
    /// The import job's id ("" for a refresh).
    pub import_job_id: *const c_char,
    /// [`MJ_OK`] or the category of a failed poll.
    pub status: i32,
    /// The failed poll's error; NULL when `status == MJ_OK`.
    pub error: *const mj_error,
    /// The refresh job as read (refresh events with `status == MJ_OK`).
    pub refresh: *const mj_refresh_job,
    /// The import job as read (import events with `status == MJ_OK`).
    pub import_job: *const mj_import_job,
    /// 1 when this is the job's last event.
    pub done: i32,
    /// The snapshot restore job's id (snapshot events). Since 0.4: read it
    /// only when `struct_size` covers it.
    pub snapshot_job_id: i64,
    /// The snapshot restore job as read (snapshot events with `status == MJ_OK`
    /// or `MJ_EJOB_FAILED`). Since 0.4.
    pub snapshot: *const mj_snapshot_job,
}

/// `mj_watch_fn`: the watcher's event callback.
pub type mj_watch_fn =
    Option<unsafe extern "C" fn(event: *const mj_watch_event, user_data: *mut c_void)>;

// ------------------------------------------------------------------ non-blocking reads (since 0.5)

/// `MJ_ASYNC_POLL_IN`: `on_socket` / [`mj_async_socket_action`] event: readable. Since 0.5.
pub const MJ_ASYNC_POLL_IN: c_int = 1;
/// `MJ_ASYNC_POLL_OUT`: writable. Since 0.5.
pub const MJ_ASYNC_POLL_OUT: c_int = 2;
/// `MJ_ASYNC_POLL_REMOVE`: `on_socket`: stop watching the socket. Since 0.5.
pub const MJ_ASYNC_POLL_REMOVE: c_int = 4;
/// `MJ_ASYNC_SOCKET_TIMEOUT`: the `fd` of [`mj_async_socket_action`] when the
/// timer fired. Since 0.5.
pub const MJ_ASYNC_SOCKET_TIMEOUT: c_int = -1;

/// `mj_async_socket_fn`: watch `fd` for `events` (`MJ_ASYNC_POLL_IN |
/// MJ_ASYNC_POLL_OUT`), replacing what was asked before, or stop watching it
/// (`MJ_ASYNC_POLL_REMOVE`). Since 0.5.
pub type mj_async_socket_fn =
    Option<unsafe extern "C" fn(fd: c_int, events: c_int, user_data: *mut c_void)>;
/// `mj_async_timer_fn`: call [`mj_async_socket_action`] with
/// [`MJ_ASYNC_SOCKET_TIMEOUT`] once `timeout_ms` has passed (0: soon),
/// replacing any earlier timer; -1: no timer is needed. Since 0.5.
pub type mj_async_timer_fn = Option<unsafe extern "C" fn(timeout_ms: i64, user_data: *mut c_void)>;

/// `mj_async_options`. Initialise with [`mj_async_options_init`]. Since 0.5.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mj_async_options {
    /// `sizeof(mj_async_options)` as the caller knows it.
    pub struct_size: u32,
    /// Reads in flight at once (= connections used); 0 = 64; at most 1024.
    pub max_in_flight: i32,
    /// Host-driven mode: set with `on_timer`. Self-driven: both `None`.
    pub on_socket: mj_async_socket_fn,
    /// Host-driven mode: set with `on_socket`. Self-driven: both `None`.
    pub on_timer: mj_async_timer_fn,
    /// Passed to `on_socket` and `on_timer`.
    pub user_data: *mut c_void,
}

/// `mj_async_result`: one finished read, from [`mj_async_next`]; the caller
/// owns `error` and the job (free each with its function). `Default` is
/// `MJ_ASYNC_RESULT_INIT`. Since 0.5.
#[repr(C)]
#[derive(Debug)]
pub struct mj_async_result {
    /// Set to `sizeof(mj_async_result)` before [`mj_async_next`].
    pub struct_size: u32,
    /// The read's [`mj_job_kind`].
    pub kind: i32,
    /// The tag the read was started with.
    pub tag: u64,
    /// [`MJ_OK`] with the job set, or the failure with `error` set.
    pub status: i32,
    /// The failure; owned (free with [`mj_error_free`]); NULL on success.
    pub error: *mut mj_error,
    /// The refresh job ([`MJ_JOB_REFRESH`]); owned (free with [`mj_refresh_job_free`]).
    pub refresh: *mut mj_refresh_job,
    /// The import job ([`MJ_JOB_IMPORT`]); owned (free with [`mj_import_job_free`]).
    pub import_job: *mut mj_import_job,
    /// The snapshot restore job ([`MJ_JOB_SNAPSHOT_RESTORE`]); owned (free
    /// with [`mj_snapshot_job_free`]).
    pub snapshot: *mut mj_snapshot_job,
}

impl Default for mj_async_result {
    fn default() -> Self {
        mj_async_result {
            struct_size: core::mem::size_of::<mj_async_result>() as u32,
            kind: 0,
            tag: 0,
            status: MJ_OK,
            error: core::ptr::null_mut(),
            refresh: core::ptr::null_mut(),
            import_job: core::ptr::null_mut(),
            snapshot: core::ptr::null_mut(),
        }
    }
}

// ------------------------------------------------------------------ functions

extern "C" {
    /// The library's version, "MAJOR.MINOR.PATCH" (static string).
    pub fn mj_version() -> *const c_char;
    /// The library's version as MAJOR*10000 + MINOR*100 + PATCH.
    pub fn mj_version_number() -> i32;
    /// The enumerator's name, e.g. "MJ_ENOT_FOUND" (static string).
    pub fn mj_status_name(status: mj_status) -> *const c_char;
    /// A short English description (static string).
    pub fn mj_status_description(status: mj_status) -> *const c_char;

    /// The error's category.
    pub fn mj_error_status(error: *const mj_error) -> mj_status;
    /// The message (borrowed).
    pub fn mj_error_message(error: *const mj_error) -> *const c_char;
    /// The server's `code`, 0 when none.
    pub fn mj_error_server_code(error: *const mj_error) -> i32;
    /// The server's `message` (borrowed), "" when none.
    pub fn mj_error_server_message(error: *const mj_error) -> *const c_char;
    /// The HTTP status, 0 when no answer was received.
    pub fn mj_error_http_status(error: *const mj_error) -> i32;
    /// 1 when repeating the call later may succeed.
    pub fn mj_error_is_retriable(error: *const mj_error) -> c_int;
    /// The X-Request-Id sent (borrowed).
    pub fn mj_error_request_id(error: *const mj_error) -> *const c_char;
    /// The server's X-Milvus-Trace-Id (borrowed).
    pub fn mj_error_trace_id(error: *const mj_error) -> *const c_char;
    /// The job the error is about, e.g. the running refresh for MJ_EDUPLICATE_JOB (borrowed).
    pub fn mj_error_job_id(error: *const mj_error) -> *const c_char;
    /// How many attempts were made. Since 0.2.
    pub fn mj_error_attempts(error: *const mj_error) -> i32;
    /// The job the error names as an integer (the running refresh job of a
    /// duplicate refresh); 0 when none or not numeric. Since 0.3.
    pub fn mj_error_job_id_int64(error: *const mj_error) -> i64;
    /// The [`mj_hint`] code of the advice in the message. Since 0.3.
    pub fn mj_error_hint(error: *const mj_error) -> i32;
    /// MJ_EAMBIGUOUS: how many candidate job ids the error carries. Since 0.4.
    pub fn mj_error_candidate_count(error: *const mj_error) -> usize;
    /// Candidate `index` ("" out of range); borrowed from the error. Since 0.4.
    pub fn mj_error_candidate_id(error: *const mj_error, index: usize) -> *const c_char;
    /// Frees an error. NULL is a no-op.
    pub fn mj_error_free(error: *mut mj_error);
    /// Frees a string the library returned as owned. NULL is a no-op.
    pub fn mj_free(ptr: *mut c_void);

    /// Creates a cancel token.
    pub fn mj_cancel_new(out: *mut *mut mj_cancel, err: *mut *mut mj_error) -> mj_status;
    /// Cancels every call using the token. Thread-safe.
    pub fn mj_cancel_trigger(cancel: *mut mj_cancel);
    /// 1 once triggered.
    pub fn mj_cancel_is_triggered(cancel: *const mj_cancel) -> c_int;
    /// Frees a token no call is using any more.
    pub fn mj_cancel_free(cancel: *mut mj_cancel);

    /// Zeroes the first `struct_size` bytes and sets `struct_size`.
    pub fn mj_client_options_init(opts: *mut mj_client_options, struct_size: u32);
    /// Creates a client.
    pub fn mj_client_new(
        out: *mut *mut mj_client,
        opts: *const mj_client_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Closes connections and frees the client.
    pub fn mj_client_free(client: *mut mj_client);
    /// Since 0.4. Copies the client's counters into `*out`.
    pub fn mj_client_stats_get(
        out: *mut mj_client_stats,
        client: *mut mj_client,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// As [`mj_client_options_init`], for call options.
    pub fn mj_call_options_init(opts: *mut mj_call_options, struct_size: u32);

    /// As [`mj_client_options_init`], for a refresh request.
    pub fn mj_refresh_request_init(req: *mut mj_refresh_request, struct_size: u32);
    /// 1 for COMPLETED and FAILED.
    pub fn mj_refresh_state_is_terminal(state: i32) -> c_int;
    /// Starts a refresh of an external collection.
    pub fn mj_refresh_external_collection(
        job_id: *mut i64,
        client: *mut mj_client,
        req: *const mj_refresh_request,
        call: *const mj_call_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// As `mj_refresh_external_collection`, filling `outcome`. Since 0.4.
    pub fn mj_refresh_external_collection_ex(
        job_id: *mut i64,
        outcome: *mut mj_create_outcome,
        client: *mut mj_client,
        req: *const mj_refresh_request,
        call: *const mj_call_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Reads one refresh job.
    pub fn mj_get_refresh_external_collection_progress(
        out: *mut *mut mj_refresh_job,
        client: *mut mj_client,
        job_id: i64,
        call: *const mj_call_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Lists refresh jobs.
    pub fn mj_list_refresh_external_collection_jobs(
        out: *mut *mut mj_refresh_job_list,
        client: *mut mj_client,
        collection_name: *const c_char,
        call: *const mj_call_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Frees a refresh job.
    pub fn mj_refresh_job_free(job: *mut mj_refresh_job);
    /// Frees a refresh job list and its items.
    pub fn mj_refresh_job_list_free(list: *mut mj_refresh_job_list);

    /// 1 for COMPLETED and FAILED.
    pub fn mj_import_state_is_terminal(state: i32) -> c_int;
    /// As [`mj_client_options_init`], for an import request.
    pub fn mj_import_request_init(req: *mut mj_import_request, struct_size: u32);
    /// As [`mj_client_options_init`], for an import list request. Since 0.2.
    pub fn mj_import_list_request_init(req: *mut mj_import_list_request, struct_size: u32);
    /// Creates an import job; `*job_id` is owned (free with [`mj_free`]).
    pub fn mj_bulk_import(
        job_id: *mut *mut c_char,
        client: *mut mj_client,
        req: *const mj_import_request,
        call: *const mj_call_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// As `mj_bulk_import`, filling `outcome`. Since 0.4.
    pub fn mj_bulk_import_ex(
        job_id: *mut *mut c_char,
        outcome: *mut mj_create_outcome,
        client: *mut mj_client,
        req: *const mj_import_request,
        call: *const mj_call_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Reads one import job with its details.
    pub fn mj_get_import_progress(
        out: *mut *mut mj_import_job,
        client: *mut mj_client,
        job_id: *const c_char,
        call: *const mj_call_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Lists import jobs (all pages).
    pub fn mj_list_import_jobs(
        out: *mut *mut mj_import_job_list,
        client: *mut mj_client,
        collection_name: *const c_char,
        call: *const mj_call_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Commits an import job waiting in state Uncommitted.
    pub fn mj_commit_import(
        client: *mut mj_client,
        job_id: *const c_char,
        call: *const mj_call_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Aborts an import job that has not ended.
    pub fn mj_abort_import(
        client: *mut mj_client,
        job_id: *const c_char,
        call: *const mj_call_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Reads one page of import jobs. Since 0.2.
    pub fn mj_list_import_jobs_page(
        out: *mut *mut mj_import_job_list,
        client: *mut mj_client,
        req: *const mj_import_list_request,
        call: *const mj_call_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Frees an import job and its details.
    pub fn mj_import_job_free(job: *mut mj_import_job);
    /// Frees an import job list and its items.
    pub fn mj_import_job_list_free(list: *mut mj_import_job_list);

    /// 1 for COMPLETED and FAILED. Since 0.4.
    pub fn mj_snapshot_state_is_terminal(state: i32) -> c_int;
    /// As [`mj_client_options_init`], for an export request. Since 0.4.
    pub fn mj_export_snapshot_request_init(req: *mut mj_export_snapshot_request, struct_size: u32);
    /// As [`mj_client_options_init`], for a restore request. Since 0.4.
    pub fn mj_restore_snapshot_request_init(
        req: *mut mj_restore_snapshot_request,
        struct_size: u32,
    );
    /// Exports a collection's snapshot metadata; `*snapshot_uri` is owned (free with [`mj_free`]). Since 0.4.
    pub fn mj_export_snapshot(
        snapshot_uri: *mut *mut c_char,
        client: *mut mj_client,
        req: *const mj_export_snapshot_request,
        call: *const mj_call_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Starts a snapshot restore job. Since 0.4.
    pub fn mj_restore_external_snapshot(
        job_id: *mut i64,
        client: *mut mj_client,
        req: *const mj_restore_snapshot_request,
        call: *const mj_call_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Reads one snapshot restore job. Since 0.4.
    pub fn mj_get_restore_snapshot_progress(
        out: *mut *mut mj_snapshot_job,
        client: *mut mj_client,
        job_id: i64,
        call: *const mj_call_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Lists snapshot restore jobs. Since 0.4.
    pub fn mj_list_restore_snapshot_jobs(
        out: *mut *mut mj_snapshot_job_list,
        client: *mut mj_client,
        collection_name: *const c_char,
        call: *const mj_call_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Frees a snapshot restore job. Since 0.4.
    pub fn mj_snapshot_job_free(job: *mut mj_snapshot_job);
    /// Frees a snapshot restore job list and its items. Since 0.4.
    pub fn mj_snapshot_job_list_free(list: *mut mj_snapshot_job_list);
    /// Blocks until the snapshot restore job ends. Since 0.4.
    pub fn mj_wait_restore_snapshot(
        out: *mut *mut mj_snapshot_job,
        client: *mut mj_client,
        job_id: i64,
        opts: *const mj_wait_options,
        on_progress: mj_snapshot_progress_fn,
        user_data: *mut c_void,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Starts watching a snapshot restore job. Since 0.4.
    pub fn mj_watcher_add_restore_snapshot(
        watcher: *mut mj_watcher,
        job_id: i64,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Stops watching a snapshot restore job. Since 0.4.
    pub fn mj_watcher_remove_restore_snapshot(
        watcher: *mut mj_watcher,
        job_id: i64,
        err: *mut *mut mj_error,
    ) -> mj_status;

    /// As [`mj_client_options_init`], for wait options. Since 0.2.
    pub fn mj_wait_options_init(opts: *mut mj_wait_options, struct_size: u32);
    /// Blocks until the refresh job ends. Since 0.2.
    pub fn mj_wait_refresh(
        out: *mut *mut mj_refresh_job,
        client: *mut mj_client,
        job_id: i64,
        opts: *const mj_wait_options,
        on_progress: mj_refresh_progress_fn,
        user_data: *mut c_void,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Blocks until the import job ends (or reaches Uncommitted). Since 0.2.
    pub fn mj_wait_import(
        out: *mut *mut mj_import_job,
        client: *mut mj_client,
        job_id: *const c_char,
        opts: *const mj_wait_options,
        on_progress: mj_import_progress_fn,
        user_data: *mut c_void,
        err: *mut *mut mj_error,
    ) -> mj_status;

    /// As [`mj_client_options_init`], for watcher options. Since 0.2.
    pub fn mj_watcher_options_init(opts: *mut mj_watcher_options, struct_size: u32);
    /// Creates a watcher on `client`. Since 0.2.
    pub fn mj_watcher_new(
        out: *mut *mut mj_watcher,
        client: *mut mj_client,
        opts: *const mj_watcher_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Starts watching a refresh job. Since 0.2.
    pub fn mj_watcher_add_refresh(
        watcher: *mut mj_watcher,
        job_id: i64,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Starts watching an import job. Since 0.2.
    pub fn mj_watcher_add_import(
        watcher: *mut mj_watcher,
        job_id: *const c_char,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Stops watching a refresh job. Since 0.2.
    pub fn mj_watcher_remove_refresh(
        watcher: *mut mj_watcher,
        job_id: i64,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Stops watching an import job. Since 0.2.
    pub fn mj_watcher_remove_import(
        watcher: *mut mj_watcher,
        job_id: *const c_char,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// The number of jobs watched. Since 0.2.
    pub fn mj_watcher_size(watcher: *const mj_watcher) -> usize;
    /// Polls until no job is left, the timeout passes or the token fires. Since 0.2.
    pub fn mj_watcher_run(
        watcher: *mut mj_watcher,
        timeout_ms: i64,
        on_event: mj_watch_fn,
        user_data: *mut c_void,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Polls until one event is ready; `*event` is owned (free with [`mj_watch_event_free`]). Since 0.2.
    pub fn mj_watcher_next(
        event: *mut *mut mj_watch_event,
        watcher: *mut mj_watcher,
        timeout_ms: i64,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Frees an event from [`mj_watcher_next`]. Since 0.2.
    pub fn mj_watch_event_free(event: *mut mj_watch_event);
    /// Stops polling and frees the watcher. Since 0.2.
    pub fn mj_watcher_free(watcher: *mut mj_watcher);

    /// As [`mj_client_options_init`], for async options. Since 0.5.
    pub fn mj_async_options_init(opts: *mut mj_async_options, struct_size: u32);
    /// Creates an async on `client` (which must outlive it); `opts` may be
    /// NULL (self-driven, 64 in flight). Since 0.5.
    pub fn mj_async_new(
        out: *mut *mut mj_async,
        client: *mut mj_client,
        opts: *const mj_async_options,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Drops the reads in flight (no result for them) and frees the async. Since 0.5.
    pub fn mj_async_free(async_: *mut mj_async);
    /// Starts reading one import job; its result comes from [`mj_async_next`]
    /// with `tag`. Since 0.5.
    pub fn mj_async_get_import_progress(
        async_: *mut mj_async,
        job_id: *const c_char,
        call: *const mj_call_options,
        tag: u64,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Starts reading one refresh job. Since 0.5.
    pub fn mj_async_get_refresh_external_collection_progress(
        async_: *mut mj_async,
        job_id: i64,
        call: *const mj_call_options,
        tag: u64,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Starts reading one snapshot restore job. Since 0.5.
    pub fn mj_async_get_restore_snapshot_progress(
        async_: *mut mj_async,
        job_id: i64,
        call: *const mj_call_options,
        tag: u64,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Ends the read started with `tag` (its result: [`MJ_ECANCELLED`]). Since 0.5.
    pub fn mj_async_cancel(async_: *mut mj_async, tag: u64, err: *mut *mut mj_error) -> mj_status;
    /// Host-driven mode: `fd` is ready for `events`, or fd is
    /// [`MJ_ASYNC_SOCKET_TIMEOUT`] when the timer fired. Since 0.5.
    pub fn mj_async_socket_action(
        async_: *mut mj_async,
        fd: c_int,
        events: c_int,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Self-driven mode: sends and receives, waiting up to `timeout_ms` (< 0 =
    /// until something happens) for a result. Since 0.5.
    pub fn mj_async_run(
        async_: *mut mj_async,
        timeout_ms: i64,
        err: *mut *mut mj_error,
    ) -> mj_status;
    /// Makes a waiting (or the next) [`mj_async_run`] return. Thread-safe. Since 0.5.
    pub fn mj_async_wakeup(async_: *mut mj_async);
    /// Moves the oldest ready result into `*out` and returns 1, or returns 0
    /// when none is ready. Since 0.5.
    pub fn mj_async_next(async_: *mut mj_async, out: *mut mj_async_result) -> c_int;
    /// Reads started whose result has not been taken yet. Thread-safe. Since 0.5.
    pub fn mj_async_in_flight(async_: *const mj_async) -> usize;
}
