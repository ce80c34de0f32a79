//! Cancellation and the option types: client, call, wait, watcher.
use crate::error::{Error, Result};
use crate::raw::{check, millis};
use milvus_jobs_sys as sys;
use std::fmt;
use std::ptr::NonNull;
use std::sync::Arc;
use std::time::Duration;

// ------------------------------------------------------------------ cancellation

struct CancelInner(NonNull<sys::mj_cancel>);

// SAFETY: mj_cancel_trigger and mj_cancel_is_triggered are thread-safe; the
// token is freed once, when the last clone is dropped.
unsafe impl Send for CancelInner {}
unsafe impl Sync for CancelInner {}

impl Drop for CancelInner {
    fn drop(&mut self) {
        // SAFETY: every call that used the token held a clone of the Arc
        // (through its options) for its whole duration, so none is running.
        unsafe { sys::mj_cancel_free(self.0.as_ptr()) }
    }
}

/// A cancel token. Put a clone in [`CallOptions`], [`WaitOptions`] or
/// [`WatcherOptions`]; [`cancel`](Self::cancel) from any thread makes every
/// call using it return [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled)
/// promptly. A token stays cancelled; make a new one for new calls.
///
/// Clones share one token; the native token is freed with the last clone,
/// which cannot happen while a call uses it.
#[derive(Clone)]
pub struct CancelToken(Arc<CancelInner>);

impl CancelToken {
    /// A new, untriggered token.
    pub fn new() -> Result<CancelToken> {
        let mut out = std::ptr::null_mut();
        let mut err = std::ptr::null_mut();
        // SAFETY: out-parameters are valid pointers.
        unsafe { check(sys::mj_cancel_new(&mut out, &mut err), err)? };
        NonNull::new(out)
            .map(|p| CancelToken(Arc::new(CancelInner(p))))
            .ok_or_else(|| {
                Error::local(
                    crate::ErrorKind::Internal,
                    "the library returned no cancel token (a bug in milvus-jobs)",
                )
            })
    }

    /// Cancels every call using the token. Thread-safe; idempotent.
    pub fn cancel(&self) {
        // SAFETY: the token is alive while self is.
        unsafe { sys::mj_cancel_trigger(self.0 .0.as_ptr()) }
    }

    /// Whether [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        // SAFETY: the token is alive while self is.
        unsafe { sys::mj_cancel_is_triggered(self.0 .0.as_ptr()) != 0 }
    }

    pub(crate) fn as_ptr(&self) -> *mut sys::mj_cancel {
        self.0 .0.as_ptr()
    }
}

impl fmt::Debug for CancelToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancelToken")
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

// ------------------------------------------------------------------ client

/// Where the server is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Deployment {
    /// Open-source Milvus REST v2 (Milvus >= 3.0 for refresh). The default.
    #[default]
    Milvus,
    /// The Zilliz Cloud control plane: bulk import only (refresh calls fail
    /// with [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported)).
    ZillizCloud,
}

/// The public Zilliz Cloud control plane (`MJ_ZILLIZ_CLOUD_URI`).
pub const ZILLIZ_CLOUD_URI: &str = sys::MJ_ZILLIZ_CLOUD_URI;
/// Zilliz Cloud's China endpoint (`MJ_ZILLIZ_CLOUD_URI_CN`).
pub const ZILLIZ_CLOUD_URI_CN: &str = sys::MJ_ZILLIZ_CLOUD_URI_CN;
/// The default project endpoint template, where a project client's refreshes
/// go (`MJ_ZILLIZ_CLOUD_PROJECT_ENDPOINT`; see
/// [`ClientBuilder::cloud_project_endpoint`]).
pub const ZILLIZ_CLOUD_PROJECT_ENDPOINT: &str = sys::MJ_ZILLIZ_CLOUD_PROJECT_ENDPOINT;

/// Options of a [`Client`](crate::Client); build one with
/// [`Client::builder`](crate::Client::builder).
///
/// Every option left unset means the library's default. A `Duration::ZERO`
/// also means the default.
#[derive(Clone, Default)]
pub struct ClientBuilder {
    pub(crate) uri: Option<String>,
    pub(crate) token: Option<String>,
    pub(crate) db_name: Option<String>,
    pub(crate) connect_timeout: Duration,
    pub(crate) request_timeout: Duration,
    pub(crate) tls_insecure_skip_verify: bool,
    pub(crate) tls_ca_file: Option<String>,
    pub(crate) tls_ca_path: Option<String>,
    pub(crate) user_agent: Option<String>,
    pub(crate) headers: Vec<String>,
    pub(crate) max_attempts: u32,
    pub(crate) retry_initial_backoff: Duration,
    pub(crate) retry_max_backoff: Duration,
    pub(crate) max_response_bytes: u64,
    pub(crate) max_list_response_bytes: u64,
    pub(crate) deployment: Deployment,
    pub(crate) cloud_cluster_id: Option<String>,
    pub(crate) cloud_project_id: Option<String>,
    pub(crate) cloud_region_id: Option<String>,
    pub(crate) cloud_project_endpoint: Option<String>,
    pub(crate) tls_client_cert_file: Option<String>,
    pub(crate) tls_client_key_file: Option<String>,
    pub(crate) tls_client_key_password: Option<String>,
    pub(crate) tls_server_name: Option<String>,
    pub(crate) proxy: Option<String>,
    pub(crate) no_proxy: Option<String>,
    pub(crate) no_log: bool,
    pub(crate) disable_create_reconciliation: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("uri", &self.uri)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field("db_name", &self.db_name)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("tls_insecure_skip_verify", &self.tls_insecure_skip_verify)
            .field("tls_ca_file", &self.tls_ca_file)
            .field("tls_ca_path", &self.tls_ca_path)
            .field("user_agent", &self.user_agent)
            .field("headers", &self.headers.len())
            .field("max_attempts", &self.max_attempts)
            .field("retry_initial_backoff", &self.retry_initial_backoff)
            .field("retry_max_backoff", &self.retry_max_backoff)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_list_response_bytes", &self.max_list_response_bytes)
            .field("deployment", &self.deployment)
            .field("cloud_cluster_id", &self.cloud_cluster_id)
            .field("cloud_project_id", &self.cloud_project_id)
            .field("cloud_region_id", &self.cloud_region_id)
            .field("cloud_project_endpoint", &self.cloud_project_endpoint)
            .field("tls_client_cert_file", &self.tls_client_cert_file)
            .field("tls_client_key_file", &self.tls_client_key_file)
            .field(
                "tls_client_key_password",
                &self.tls_client_key_password.as_ref().map(|_| "***"),
            )
            .field("tls_server_name", &self.tls_server_name)
            .field("proxy", &self.proxy.as_ref().map(|_| "(set)"))
            .field("no_proxy", &self.no_proxy)
            .field("log", &!self.no_log)
            .field(
                "disable_create_reconciliation",
                &self.disable_create_reconciliation,
            )
            .finish()
    }
}

impl ClientBuilder {
    /// The server: `"http://127.0.0.1:19530"`, `"https://host:443"`. Required
    /// for Milvus; for Zilliz Cloud it defaults to [`ZILLIZ_CLOUD_URI`].
    pub fn uri(mut self, uri: impl Into<String>) -> Self {
        self.uri = Some(uri.into());
        self
    }

    /// An API key, or `"user:password"`; sent as a bearer token, never shown
    /// in errors.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The database (default `"default"`).
    pub fn db_name(mut self, db_name: impl Into<String>) -> Self {
        self.db_name = Some(db_name.into());
        self
    }

    /// Connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Deadline of a whole call, retries included (default 30 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// `true` turns TLS certificate and host verification OFF. Only for test
    /// servers with self-signed certificates.
    pub fn tls_insecure_skip_verify(mut self, skip: bool) -> Self {
        self.tls_insecure_skip_verify = skip;
        self
    }

    /// A CA bundle file (PEM) for https.
    pub fn tls_ca_file(mut self, path: impl Into<String>) -> Self {
        self.tls_ca_file = Some(path.into());
        self
    }

    /// A directory of CA certificates for https.
    pub fn tls_ca_path(mut self, path: impl Into<String>) -> Self {
        self.tls_ca_path = Some(path.into());
        self
    }

    /// The User-Agent (default `"milvus-jobs/<version>"`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// An extra header sent with every request.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push(format!("{name}: {value}"));
        self
    }

    /// Attempts per call including the first (default 4; 1 = never retry;
    /// at most 100). Only reads are retried once a request may have reached
    /// the server.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// Retry backoff: the first wait (default 100 ms), doubled on each retry
    /// up to `max` (default 5 s), with full jitter.
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.retry_initial_backoff = initial;
        self.retry_max_backoff = max;
        self
    }

    /// Largest answer body accepted for describe, create, commit and abort
    /// (default 4 MiB); a larger one fails with
    /// [`ErrorKind::Protocol`](crate::ErrorKind::Protocol).
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Largest answer body accepted for list calls (default 64 MiB).
    pub fn max_list_response_bytes(mut self, bytes: u64) -> Self {
        self.max_list_response_bytes = bytes;
        self
    }

    /// Milvus (default) or Zilliz Cloud.
    pub fn deployment(mut self, deployment: Deployment) -> Self {
        self.deployment = deployment;
        self
    }

    /// Zilliz Cloud: target a cluster (`"inxx-..."`). Sets the deployment to
    /// [`Deployment::ZillizCloud`].
    pub fn cloud_cluster(mut self, cluster_id: impl Into<String>) -> Self {
        self.deployment = Deployment::ZillizCloud;
        self.cloud_cluster_id = Some(cluster_id.into());
        self
    }

    /// Whether a create whose answer was lost is reconciled (default true):
    /// the call finds out whether it started a job instead of failing with
    /// the timeout or transport error (see [`CreateOutcome`](crate::CreateOutcome)).
    pub fn reconcile_creates(mut self, on: bool) -> Self {
        self.disable_create_reconciliation = !on;
        self
    }

    /// Zilliz Cloud: target a project (`"proj-..."`) in a region
    /// (`"aws-us-west-2"`). Sets the deployment to [`Deployment::ZillizCloud`].
    /// Imports go to the control plane ([`ClientBuilder::uri`]), refreshes to
    /// the project endpoint `https://{project_id}.{region_id}.api.zillizcloud.com`
    /// (see [`ClientBuilder::cloud_project_endpoint`]).
    pub fn cloud_project(
        mut self,
        project_id: impl Into<String>,
        region_id: impl Into<String>,
    ) -> Self {
        self.deployment = Deployment::ZillizCloud;
        self.cloud_project_id = Some(project_id.into());
        self.cloud_region_id = Some(region_id.into());
        self
    }

    /// Zilliz Cloud, with [`ClientBuilder::cloud_project`]: the project
    /// endpoint that serves refresh, as a template with `{project_id}` and
    /// `{region_id}` (the China site, a private deployment) or a plain address
    /// (a local dev server).
    pub fn cloud_project_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.cloud_project_endpoint = Some(endpoint.into());
        self
    }

    /// A client certificate and its private key (PEM files) for a server
    /// that requires one (mutual TLS).
    pub fn tls_client_cert(
        mut self,
        cert_file: impl Into<String>,
        key_file: impl Into<String>,
    ) -> Self {
        self.tls_client_cert_file = Some(cert_file.into());
        self.tls_client_key_file = Some(key_file.into());
        self
    }

    /// The passphrase of an encrypted client key. Never logged or shown.
    pub fn tls_client_key_password(mut self, password: impl Into<String>) -> Self {
        self.tls_client_key_password = Some(password.into());
        self
    }

    /// The name the server's certificate is checked for (and sent as SNI)
    /// instead of the uri's host.
    pub fn tls_server_name(mut self, name: impl Into<String>) -> Self {
        self.tls_server_name = Some(name.into());
        self
    }

    /// A proxy: `"http://[user:password@]host:port"`, also `https://`,
    /// `socks5://`, `socks5h://`. Unset, the environment's `http_proxy`,
    /// `https_proxy` and `all_proxy` apply. Credentials never appear in errors.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Comma-separated hosts reached without a proxy (`"*"`: never a proxy).
    pub fn no_proxy(mut self, hosts: impl Into<String>) -> Self {
        self.no_proxy = Some(hosts.into());
        self
    }

    /// Whether the client reports to the `log` facade (default true): one
    /// record per request attempt (Info), retry (Warn), failed call (Error)
    /// and connection (Debug), target `"milvus_jobs"`. The levels
    /// `log::max_level()` allows when the client is built decide what the
    /// library formats; no logger installed costs nothing.
    pub fn log(mut self, enabled: bool) -> Self {
        self.no_log = !enabled;
        self
    }

    /// Creates the client. No request is sent: a wrong address shows on the
    /// first call. Errors: [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument)
    /// for a missing or malformed option,
    /// [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported) for a library
    /// older than this binding.
    pub fn build(self) -> Result<crate::Client> {
        crate::Client::from_builder(&self)
    }
}

fn to_i32(what: &str, v: u32) -> Result<i32> {
    i32::try_from(v).map_err(|_| {
        Error::local(
            crate::ErrorKind::InvalidArgument,
            format!("{what} {v} is too large"),
        )
    })
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

pub(crate) struct RawClientOptions {
    pub(crate) raw: sys::mj_client_options,
    _strings: Vec<std::ffi::CString>,
    _headers: Vec<*const std::ffi::c_char>,
}

impl ClientBuilder {
    pub(crate) fn to_raw(&self) -> Result<RawClientOptions> {
        use crate::raw::{cstring, opt_cstring, ptr};
        let uri = opt_cstring("the uri (ClientBuilder::uri)", self.uri.as_deref())?;
        let token = opt_cstring("the token (ClientBuilder::token)", self.token.as_deref())?;
        let db = opt_cstring(
            "the database (ClientBuilder::db_name)",
            self.db_name.as_deref(),
        )?;
        let ca_file = opt_cstring(
            "the CA file (ClientBuilder::tls_ca_file)",
            self.tls_ca_file.as_deref(),
        )?;
        let ca_path = opt_cstring(
            "the CA directory (ClientBuilder::tls_ca_path)",
            self.tls_ca_path.as_deref(),
        )?;
        let ua = opt_cstring(
            "the user agent (ClientBuilder::user_agent)",
            self.user_agent.as_deref(),
        )?;
        let cluster = opt_cstring(
            "the cluster id (ClientBuilder::cloud_cluster)",
            self.cloud_cluster_id.as_deref(),
        )?;
        let project = opt_cstring(
            "the project id (ClientBuilder::cloud_project)",
            self.cloud_project_id.as_deref(),
        )?;
        let region = opt_cstring(
            "the region id (ClientBuilder::cloud_project)",
            self.cloud_region_id.as_deref(),
        )?;
        let project_endpoint = opt_cstring(
            "the project endpoint (ClientBuilder::cloud_project_endpoint)",
            self.cloud_project_endpoint.as_deref(),
        )?;
        let cert = opt_cstring(
            "the client certificate (ClientBuilder::tls_client_cert)",
            self.tls_client_cert_file.as_deref(),
        )?;
        let key = opt_cstring(
            "the client key (ClientBuilder::tls_client_cert)",
            self.tls_client_key_file.as_deref(),
        )?;
        let key_password = opt_cstring(
            "the key passphrase (ClientBuilder::tls_client_key_password)",
            self.tls_client_key_password.as_deref(),
        )?;
        let server_name = opt_cstring(
            "the server name (ClientBuilder::tls_server_name)",
            self.tls_server_name.as_deref(),
        )?;
        let proxy = opt_cstring("the proxy (ClientBuilder::proxy)", self.proxy.as_deref())?;
        let no_proxy = opt_cstring(
            "the no-proxy list (ClientBuilder::no_proxy)",
            self.no_proxy.as_deref(),
        )?;
        let headers: Vec<_> = self
            .headers
            .iter()
            .map(|h| cstring("a header (ClientBuilder::header)", h))
            .collect::<Result<_>>()?;
        let header_ptrs: Vec<_> = headers.iter().map(|h| h.as_ptr()).collect();

        let mut raw = std::mem::MaybeUninit::<sys::mj_client_options>::uninit();
        // SAFETY: init writes the whole struct (struct_size = its size).
        let mut raw = unsafe {
            sys::mj_client_options_init(
                raw.as_mut_ptr(),
                std::mem::size_of::<sys::mj_client_options>() as u32,
            );
            raw.assume_init()
        };
        raw.uri = ptr(&uri);
        raw.token = ptr(&token);
        raw.db_name = ptr(&db);
        raw.connect_timeout_ms = millis(self.connect_timeout);
        raw.request_timeout_ms = millis(self.request_timeout);
        raw.tls_insecure_skip_verify = i32::from(self.tls_insecure_skip_verify);
        raw.tls_ca_file = ptr(&ca_file);
        raw.tls_ca_path = ptr(&ca_path);
        raw.user_agent = ptr(&ua);
        if !header_ptrs.is_empty() {
            raw.extra_headers = header_ptrs.as_ptr();
            raw.extra_header_count = header_ptrs.len();
        }
        raw.max_attempts = to_i32("ClientBuilder::max_attempts", self.max_attempts)?;
        raw.retry_initial_backoff_ms = millis(self.retry_initial_backoff);
        raw.retry_max_backoff_ms = millis(self.retry_max_backoff);
        raw.max_response_bytes = to_i64(self.max_response_bytes);
        raw.max_list_response_bytes = to_i64(self.max_list_response_bytes);
        raw.deployment = match self.deployment {
            Deployment::Milvus => sys::MJ_DEPLOYMENT_MILVUS,
            Deployment::ZillizCloud => sys::MJ_DEPLOYMENT_ZILLIZ_CLOUD,
        };
        raw.cloud_cluster_id = ptr(&cluster);
        raw.cloud_project_id = ptr(&project);
        raw.cloud_region_id = ptr(&region);
        raw.cloud_project_endpoint = ptr(&project_endpoint);
        raw.tls_client_cert_file = ptr(&cert);
        raw.tls_client_key_file = ptr(&key);
        raw.tls_client_key_password = ptr(&key_password);
        raw.tls_server_name = ptr(&server_name);
        raw.proxy = ptr(&proxy);
        raw.no_proxy = ptr(&no_proxy);
        if !self.no_log {
            crate::observe::install_log_hook(&mut raw);
        }
        raw.disable_create_reconciliation = i32::from(self.disable_create_reconciliation);
        let strings = [
            uri,
            token,
            db,
            ca_file,
            ca_path,
            ua,
            cluster,
            project,
            region,
            project_endpoint,
            cert,
            key,
            key_password,
            server_name,
            proxy,
            no_proxy,
        ]
        .into_iter()
        .flatten()
        .chain(headers)
        .collect();
        Ok(RawClientOptions {
            raw,
            _strings: strings,
            _headers: header_ptrs,
        })
    }
}

// ------------------------------------------------------------------ call

/// Per-call options: deadline, cancellation, database, attempts. Use with
/// [`Client::with_options`](crate::Client::with_options).
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    pub(crate) timeout: Duration,
    pub(crate) cancel: Option<CancelToken>,
    pub(crate) db_name: Option<String>,
    pub(crate) max_attempts: u32,
    pub(crate) headers: Vec<String>,
}

impl CallOptions {
    /// The defaults: the client's timeout, database and attempts; no token.
    pub fn new() -> CallOptions {
        CallOptions::default()
    }

    /// Deadline of this call (retries included); zero = the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Cancel the call through this token.
    pub fn cancel(mut self, token: &CancelToken) -> Self {
        self.cancel = Some(token.clone());
        self
    }

    /// The database of this call instead of the client's.
    pub fn db_name(mut self, db_name: impl Into<String>) -> Self {
        self.db_name = Some(db_name.into());
        self
    }

    /// Attempts for this call (1 = never retry; 0 = the client's).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// A header for this call only, e.g. a W3C `traceparent`; may be
    /// given more than once.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push(format!("{name}: {value}"));
        self
    }
}

pub(crate) struct RawCallOptions {
    pub(crate) raw: sys::mj_call_options,
    _db: Option<std::ffi::CString>,
    _headers: Vec<std::ffi::CString>,
    _header_ptrs: Vec<*const std::ffi::c_char>,
}

impl CallOptions {
    /// The C struct; it borrows the token from `self`.
    pub(crate) fn to_raw(&self) -> Result<RawCallOptions> {
        let db = crate::raw::opt_cstring(
            "the database (CallOptions::db_name)",
            self.db_name.as_deref(),
        )?;
        let mut raw = std::mem::MaybeUninit::<sys::mj_call_options>::uninit();
        // SAFETY: init writes the whole struct.
        let mut raw = unsafe {
            sys::mj_call_options_init(
                raw.as_mut_ptr(),
                std::mem::size_of::<sys::mj_call_options>() as u32,
            );
            raw.assume_init()
        };
        raw.timeout_ms = millis(self.timeout);
        raw.cancel = self
            .cancel
            .as_ref()
            .map_or(std::ptr::null_mut(), CancelToken::as_ptr);
        raw.db_name = crate::raw::ptr(&db);
        raw.max_attempts = to_i32("CallOptions::max_attempts", self.max_attempts)?;
        let headers: Vec<_> = self
            .headers
            .iter()
            .map(|h| crate::raw::cstring("a header (CallOptions::header)", h))
            .collect::<Result<_>>()?;
        let header_ptrs: Vec<_> = headers.iter().map(|h| h.as_ptr()).collect();
        if !header_ptrs.is_empty() {
            raw.headers = header_ptrs.as_ptr();
            raw.header_count = header_ptrs.len();
        }
        Ok(RawCallOptions {
            raw,
            _db: db,
            _headers: headers,
            _header_ptrs: header_ptrs,
        })
    }
}

// ------------------------------------------------------------------ wait

/// Options of [`Client::wait_refresh`](crate::Client::wait_refresh) and
/// [`Client::wait_import`](crate::Client::wait_import).
///
/// The wait polls the job: first after `initial_interval` (default 200 ms),
/// then each interval times 1.5 up to `max_interval` (default 5 s).
#[derive(Debug, Clone, Default)]
pub struct WaitOptions {
    pub(crate) timeout: Duration,
    pub(crate) initial_interval: Duration,
    pub(crate) max_interval: Duration,
    pub(crate) cancel: Option<CancelToken>,
    pub(crate) db_name: Option<String>,
}

impl WaitOptions {
    /// No deadline, default intervals, no token.
    pub fn new() -> WaitOptions {
        WaitOptions::default()
    }

    /// Deadline of the whole wait; zero = none (until the job ends or the
    /// token fires).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The first poll interval and the interval cap.
    pub fn interval(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_interval = initial;
        self.max_interval = max;
        self
    }

    /// Cancel the wait through this token.
    pub fn cancel(mut self, token: &CancelToken) -> Self {
        self.cancel = Some(token.clone());
        self
    }

    /// The database instead of the client's.
    pub fn db_name(mut self, db_name: impl Into<String>) -> Self {
        self.db_name = Some(db_name.into());
        self
    }
}

pub(crate) struct RawWaitOptions {
    pub(crate) raw: sys::mj_wait_options,
    _db: Option<std::ffi::CString>,
}

impl WaitOptions {
    pub(crate) fn to_raw(&self) -> Result<RawWaitOptions> {
        let db = crate::raw::opt_cstring(
            "the database (WaitOptions::db_name)",
            self.db_name.as_deref(),
        )?;
        let mut raw = std::mem::MaybeUninit::<sys::mj_wait_options>::uninit();
        // SAFETY: init writes the whole struct.
        let mut raw = unsafe {
            sys::mj_wait_options_init(
                raw.as_mut_ptr(),
                std::mem::size_of::<sys::mj_wait_options>() as u32,
            );
            raw.assume_init()
        };
        raw.timeout_ms = millis(self.timeout);
        raw.initial_interval_ms = millis(self.initial_interval);
        raw.max_interval_ms = millis(self.max_interval);
        raw.cancel = self
            .cancel
            .as_ref()
            .map_or(std::ptr::null_mut(), CancelToken::as_ptr);
        raw.db_name = crate::raw::ptr(&db);
        Ok(RawWaitOptions { raw, _db: db })
    }
}

// ------------------------------------------------------------------ watcher

/// Options of a [`Watcher`](crate::Watcher).
#[derive(Debug, Clone, Default)]
pub struct WatcherOptions {
    pub(crate) max_connections: u32,
    pub(crate) interval: Duration,
    pub(crate) poll_timeout: Duration,
    pub(crate) cancel: Option<CancelToken>,
    pub(crate) db_name: Option<String>,
}

impl WatcherOptions {
    /// The defaults: 16 connections, 1 s between polls of a job.
    pub fn new() -> WatcherOptions {
        WatcherOptions::default()
    }

    /// Polls in flight at once (= connections used; at most 1024; 0 = 16).
    pub fn max_connections(mut self, n: u32) -> Self {
        self.max_connections = n;
        self
    }

    /// Time between two polls of the same job (default 1 s).
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// Deadline of one poll (default: the client's request timeout).
    pub fn poll_timeout(mut self, timeout: Duration) -> Self {
        self.poll_timeout = timeout;
        self
    }

    /// Makes `run`/`next` return [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled)
    /// when this token fires.
    pub fn cancel(mut self, token: &CancelToken) -> Self {
        self.cancel = Some(token.clone());
        self
    }

    /// The database instead of the client's.
    pub fn db_name(mut self, db_name: impl Into<String>) -> Self {
        self.db_name = Some(db_name.into());
        self
    }
}

pub(crate) struct RawWatcherOptions {
    pub(crate) raw: sys::mj_watcher_options,
    _db: Option<std::ffi::CString>,
}

impl WatcherOptions {
    pub(crate) fn to_raw(&self) -> Result<RawWatcherOptions> {
        let db = crate::raw::opt_cstring(
            "the database (WatcherOptions::db_name)",
            self.db_name.as_deref(),
        )?;
        let mut raw = std::mem::MaybeUninit::<sys::mj_watcher_options>::uninit();
        // SAFETY: init writes the whole struct.
        let mut raw = unsafe {
            sys::mj_watcher_options_init(
                raw.as_mut_ptr(),
                std::mem::size_of::<sys::mj_watcher_options>() as u32,
            );
            raw.assume_init()
        };
        raw.max_connections = to_i32("WatcherOptions::max_connections", self.max_connections)?;
        raw.interval_ms = millis(self.interval);
        raw.poll_timeout_ms = millis(self.poll_timeout);
        raw.cancel = self
            .cancel
            .as_ref()
            .map_or(std::ptr::null_mut(), CancelToken::as_ptr);
        raw.db_name = crate::raw::ptr(&db);
        Ok(RawWatcherOptions { raw, _db: db })
    }
}
