//! [`Error`], [`ErrorKind`] and [`Result`].
use crate::raw::string;
use crate::types::Job;
use milvus_jobs_sys as sys;
use std::ffi::CStr;
use std::fmt;

/// The result of every fallible call of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The category of a failure: one per `mj_status` of the C library.
///
/// Switch on the kind; the server's own code and text are kept beside it in
/// the [`Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An argument was refused: by the library before any request was sent
    /// ([`Error::http_status`] is 0), or by the server. The message names the
    /// argument and the fix.
    InvalidArgument,
    /// The request could not be delivered or its answer not read (DNS,
    /// connect, connection reset, broken transfer).
    Transport,
    /// TLS handshake or certificate verification failed.
    Tls,
    /// The call's deadline passed, or the server answered 408 / code 10001.
    Timeout,
    /// The call was cancelled through its [`CancelToken`](crate::CancelToken).
    Cancelled,
    /// Credentials are missing or wrong (HTTP 401, code 1800).
    Unauthenticated,
    /// The credentials lack a privilege (HTTP 403, code 1401).
    PermissionDenied,
    /// A job, collection, database or partition does not exist.
    NotFound,
    /// A refresh of the same collection is already running;
    /// [`Error::job_id`] gives its id when the server named it.
    DuplicateJob,
    /// The server rejected the request for load (HTTP 429, code 1807).
    RateLimited,
    /// The server failed (HTTP 5xx, or an unmapped server code).
    Server,
    /// The answer did not follow the protocol (not JSON, wrong types,
    /// missing fields, unexpected HTTP status, too large).
    Protocol,
    /// The server or this library does not support the operation.
    Unsupported,
    /// Memory could not be allocated.
    NoMemory,
    /// A bug in the library or in this binding; the message says where.
    Internal,
    /// (wait, watcher) The job ended in state Failed; the message carries its
    /// reason and [`Error::job`] the job.
    JobFailed,
    /// (wait, watcher) A job that was being waited on or watched vanished.
    JobLost,
    /// (creates) The answer was lost and reconciliation could not tell
    /// whether a job started: [`Error::candidates`] names the jobs that may be
    /// the one. Since 0.4.
    Ambiguous,
    /// A status this binding does not know (from a newer library).
    Unknown(i32),
}

impl ErrorKind {
    /// The kind of an `mj_status` value.
    pub fn from_status(status: i32) -> ErrorKind {
        match status {
            sys::MJ_EINVALID_ARGUMENT => ErrorKind::InvalidArgument,
            sys::MJ_ETRANSPORT => ErrorKind::Transport,
            sys::MJ_ETLS => ErrorKind::Tls,
            sys::MJ_ETIMEOUT => ErrorKind::Timeout,
            sys::MJ_ECANCELLED => ErrorKind::Cancelled,
            sys::MJ_EUNAUTHENTICATED => ErrorKind::Unauthenticated,
            sys::MJ_EPERMISSION_DENIED => ErrorKind::PermissionDenied,
            sys::MJ_ENOT_FOUND => ErrorKind::NotFound,
            sys::MJ_EDUPLICATE_JOB => ErrorKind::DuplicateJob,
            sys::MJ_ERATE_LIMITED => ErrorKind::RateLimited,
            sys::MJ_ESERVER => ErrorKind::Server,
            sys::MJ_EPROTOCOL => ErrorKind::Protocol,
            sys::MJ_EUNSUPPORTED => ErrorKind::Unsupported,
            sys::MJ_ENOMEM => ErrorKind::NoMemory,
            sys::MJ_EINTERNAL => ErrorKind::Internal,
            sys::MJ_EJOB_FAILED => ErrorKind::JobFailed,
            sys::MJ_EJOB_LOST => ErrorKind::JobLost,
            sys::MJ_EAMBIGUOUS => ErrorKind::Ambiguous,
            other => ErrorKind::Unknown(other),
        }
    }

    /// The `mj_status` value of this kind.
    pub fn status(self) -> i32 {
        match self {
            ErrorKind::InvalidArgument => sys::MJ_EINVALID_ARGUMENT,
            ErrorKind::Transport => sys::MJ_ETRANSPORT,
            ErrorKind::Tls => sys::MJ_ETLS,
            ErrorKind::Timeout => sys::MJ_ETIMEOUT,
            ErrorKind::Cancelled => sys::MJ_ECANCELLED,
            ErrorKind::Unauthenticated => sys::MJ_EUNAUTHENTICATED,
            ErrorKind::PermissionDenied => sys::MJ_EPERMISSION_DENIED,
            ErrorKind::NotFound => sys::MJ_ENOT_FOUND,
            ErrorKind::DuplicateJob => sys::MJ_EDUPLICATE_JOB,
            ErrorKind::RateLimited => sys::MJ_ERATE_LIMITED,
            ErrorKind::Server => sys::MJ_ESERVER,
            ErrorKind::Protocol => sys::MJ_EPROTOCOL,
            ErrorKind::Unsupported => sys::MJ_EUNSUPPORTED,
            ErrorKind::NoMemory => sys::MJ_ENOMEM,
            ErrorKind::Internal => sys::MJ_EINTERNAL,
            ErrorKind::JobFailed => sys::MJ_EJOB_FAILED,
            ErrorKind::JobLost => sys::MJ_EJOB_LOST,
            ErrorKind::Ambiguous => sys::MJ_EAMBIGUOUS,
            ErrorKind::Unknown(s) => s,
        }
    }

    /// The C enumerator's name, e.g. `"MJ_ENOT_FOUND"` (`"MJ_E?"` when the
    /// loaded library does not know it).
    pub fn name(self) -> &'static str {
        // SAFETY: mj_status_name returns a static NUL-terminated string.
        unsafe { static_str(sys::mj_status_name(self.status())) }
    }

    /// A short English description, e.g. `"not found"`.
    pub fn description(self) -> &'static str {
        // SAFETY: mj_status_description returns a static NUL-terminated string.
        unsafe { static_str(sys::mj_status_description(self.status())) }
    }
}

unsafe fn static_str(p: *const std::ffi::c_char) -> &'static str {
    if p.is_null() {
        return "";
    }
    CStr::from_ptr(p).to_str().unwrap_or("")
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

/// What the advice at the end of an [`Error::message`] asks for: a stable
/// code beside the text, to act on in code.
///
/// The message names this crate's builder method for it (e.g.
/// `ClientBuilder::request_timeout`), never a C field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Hint {
    /// Give the client a uri: [`ClientBuilder::uri`](crate::ClientBuilder::uri).
    SetUri,
    /// Give (the right) credentials: [`ClientBuilder::token`](crate::ClientBuilder::token).
    SetToken,
    /// Allow a call more time:
    /// [`ClientBuilder::request_timeout`](crate::ClientBuilder::request_timeout) or
    /// [`CallOptions::timeout`](crate::CallOptions::timeout).
    RaiseTimeout,
    /// Allow the connection more time:
    /// [`ClientBuilder::connect_timeout`](crate::ClientBuilder::connect_timeout).
    RaiseConnectTimeout,
    /// Accept larger answers:
    /// [`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes).
    RaiseMaxResponseBytes,
    /// Accept larger list answers:
    /// [`ClientBuilder::max_list_response_bytes`](crate::ClientBuilder::max_list_response_bytes).
    RaiseMaxListResponseBytes,
    /// Follow the job already running ([`Error::job_id`]) instead of starting one.
    PollRunningJob,
    /// Let the wait run longer: [`WaitOptions::timeout`](crate::WaitOptions::timeout).
    RaiseWaitTimeout,
    /// Refresh needs a cloud client made with a project and region:
    /// [`ClientBuilder::cloud_project`](crate::ClientBuilder::cloud_project).
    SetCloudProject,
    /// A hint this binding does not know (from a newer library).
    Unknown(i32),
}

impl Hint {
    /// The hint of an `mj_hint` code; None for `MJ_HINT_NONE`.
    pub fn from_code(code: i32) -> Option<Hint> {
        Some(match code {
            sys::MJ_HINT_NONE => return None,
            sys::MJ_HINT_SET_URI => Hint::SetUri,
            sys::MJ_HINT_SET_TOKEN => Hint::SetToken,
            sys::MJ_HINT_RAISE_TIMEOUT => Hint::RaiseTimeout,
            sys::MJ_HINT_RAISE_CONNECT_TIMEOUT => Hint::RaiseConnectTimeout,
            sys::MJ_HINT_RAISE_MAX_RESPONSE_BYTES => Hint::RaiseMaxResponseBytes,
            sys::MJ_HINT_RAISE_MAX_LIST_RESPONSE_BYTES => Hint::RaiseMaxListResponseBytes,
            sys::MJ_HINT_POLL_RUNNING_JOB => Hint::PollRunningJob,
            sys::MJ_HINT_RAISE_WAIT_TIMEOUT => Hint::RaiseWaitTimeout,
            sys::MJ_HINT_SET_CLOUD_PROJECT => Hint::SetCloudProject,
            other => Hint::Unknown(other),
        })
    }

    /// Where to act, in this crate's terms; appended to the library's
    /// (neutral) advice as "(see ...)".
    fn advice(self) -> Option<&'static str> {
        Some(match self {
            Hint::SetUri => "ClientBuilder::uri or Client::new",
            Hint::SetToken => "ClientBuilder::token",
            Hint::RaiseTimeout => {
                "ClientBuilder::request_timeout for every call, CallOptions::timeout for one"
            }
            Hint::RaiseConnectTimeout => "ClientBuilder::connect_timeout",
            Hint::RaiseMaxResponseBytes => "ClientBuilder::max_response_bytes",
            Hint::RaiseMaxListResponseBytes => {
                "ClientBuilder::max_list_response_bytes, or Client::list_import_jobs_page"
            }
            Hint::PollRunningJob => {
                "Error::job_id, then Client::get_refresh_external_collection_progress or \
                 Client::wait_refresh"
            }
            Hint::RaiseWaitTimeout => "WaitOptions::timeout",
            Hint::SetCloudProject => {
                "ClientBuilder::cloud_project instead of ClientBuilder::cloud_cluster"
            }
            Hint::Unknown(_) => return None,
        })
    }
}

/// An error from the library or from this binding.
///
/// Everything the C `mj_error` carries is copied out, so the error owns no
/// native memory and is `Send + Sync`. It is one pointer wide.
#[derive(Debug, Clone)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone)]
struct Inner {
    kind: ErrorKind,
    message: String,
    server_code: i32,
    server_message: String,
    http_status: i32,
    retriable: bool,
    request_id: String,
    trace_id: String,
    job_id: Option<i64>,
    hint: Option<Hint>,
    attempts: i32,
    job: Option<Box<Job>>,
    candidates: Vec<String>,
}

impl Error {
    /// An error made by this binding before calling the library (e.g. a
    /// string with a NUL byte): no request was sent.
    pub(crate) fn local(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
            server_code: 0,
            server_message: String::new(),
            http_status: 0,
            retriable: false,
            request_id: String::new(),
            trace_id: String::new(),
            job_id: None,
            hint: None,
            attempts: 0,
            job: None,
            candidates: Vec::new(),
        }))
    }

    /// Copies a borrowed `mj_error` (NULL allowed: then only the status is known).
    pub(crate) unsafe fn from_borrowed(status: i32, err: *const sys::mj_error) -> Error {
        if err.is_null() {
            let kind = ErrorKind::from_status(status);
            return Error::local(kind, kind.description());
        }
        let hint = Hint::from_code(sys::mj_error_hint(err));
        let mut message = string(sys::mj_error_message(err));
        if let Some(advice) = hint.and_then(Hint::advice) {
            message = format!("{} (see {advice})", message.trim_end_matches('.'));
        }
        let job_id = sys::mj_error_job_id_int64(err);
        Error(Box::new(Inner {
            kind: ErrorKind::from_status(sys::mj_error_status(err)),
            message,
            server_code: sys::mj_error_server_code(err),
            server_message: string(sys::mj_error_server_message(err)),
            http_status: sys::mj_error_http_status(err),
            retriable: sys::mj_error_is_retriable(err) != 0,
            request_id: string(sys::mj_error_request_id(err)),
            trace_id: string(sys::mj_error_trace_id(err)),
            job_id: (job_id != 0).then_some(job_id),
            hint,
            attempts: sys::mj_error_attempts(err),
            job: None,
            candidates: (0..sys::mj_error_candidate_count(err))
                .map(|i| string(sys::mj_error_candidate_id(err, i)))
                .collect(),
        }))
    }

    /// Copies an owned `mj_error` and frees it.
    pub(crate) unsafe fn from_owned(status: i32, err: *mut sys::mj_error) -> Error {
        let e = Error::from_borrowed(status, err);
        sys::mj_error_free(err);
        e
    }

    pub(crate) fn with_job(mut self, job: Option<Job>) -> Error {
        self.0.job = job.map(Box::new);
        self
    }

    /// The category.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// A message a person can act on: what failed, why, and what to do.
    /// Never contains tokens or keys.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The `code` of the server's JSON answer (e.g. 2101), 0 when none.
    pub fn server_code(&self) -> i32 {
        self.0.server_code
    }

    /// The server's `message`, verbatim; "" when none.
    pub fn server_message(&self) -> &str {
        &self.0.server_message
    }

    /// The HTTP status of the answer, 0 when no answer was received. Milvus
    /// answers most failures with HTTP 200 and a non-zero body code.
    pub fn http_status(&self) -> i32 {
        self.0.http_status
    }

    /// Whether repeating the same call later may succeed.
    pub fn is_retriable(&self) -> bool {
        self.0.retriable
    }

    /// The X-Request-Id sent with the failed request, "" when none was sent.
    pub fn request_id(&self) -> &str {
        &self.0.request_id
    }

    /// The server's X-Milvus-Trace-Id answer header, "" when absent.
    pub fn trace_id(&self) -> &str {
        &self.0.trace_id
    }

    /// The id of the job the error is about when the server named one the
    /// caller may not have: for [`ErrorKind::DuplicateJob`], the refresh job
    /// already running, ready for
    /// [`Client::get_refresh_external_collection_progress`](crate::Client::get_refresh_external_collection_progress)
    /// or [`Client::wait_refresh`](crate::Client::wait_refresh). None otherwise.
    pub fn job_id(&self) -> Option<i64> {
        self.0.job_id
    }

    /// What the advice in [`Error::message`] asks for, as a code; None when
    /// the message carries no advice.
    pub fn hint(&self) -> Option<Hint> {
        self.0.hint
    }

    /// How many times the request was sent (or tried to be): 1 when no retry
    /// happened, 0 when it failed before any attempt.
    pub fn attempts(&self) -> i32 {
        self.0.attempts
    }

    /// For [`ErrorKind::Ambiguous`]: the ids of the jobs that may be the one
    /// the lost create started (a refresh id in decimal); empty otherwise.
    pub fn candidates(&self) -> &[String] {
        &self.0.candidates
    }

    /// For waits that ended in [`ErrorKind::JobFailed`], [`ErrorKind::Timeout`]
    /// or [`ErrorKind::Cancelled`]: the job as last read, when it was read.
    pub fn job(&self) -> Option<&Job> {
        self.0.job.as_deref()
    }
}

/// `Kind: message`, e.g. `NotFound: import job 12 not found ...`: the
/// [`ErrorKind`] as this crate names it, then [`Error::message`].
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.0.kind, self.0.message)
    }
}

impl std::error::Error for Error {}
