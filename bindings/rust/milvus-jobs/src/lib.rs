//! Safe Rust API for **milvus-jobs**: the job operations of Milvus (REST v2)
//! and Zilliz Cloud — external-collection refresh and bulk import — over the
//! milvus-jobs C library (`milvus-jobs-sys`).
//!
//! - [`Client`] (`Send + Sync`), built with [`Client::builder`]; every call
//!   blocks the calling thread and can take [`CallOptions`] (deadline,
//!   [`CancelToken`], database, attempts) through [`Client::with_options`].
//! - Results are owned Rust values ([`RefreshJob`], [`ImportJob`], ...); the
//!   native memory behind them is freed before a call returns.
//! - Errors are one [`Error`] type with an [`ErrorKind`] per category of the
//!   C library, and the server's code, HTTP status, message, attempts and
//!   request id kept beside it.
//! - [`Client::wait_refresh`] / [`Client::wait_import`] block until a job
//!   ends, reporting progress to a closure; a [`Watcher`] polls many jobs at
//!   once.
//!
//! ```no_run
//! use milvus_jobs::{Client, ImportRequest, RefreshRequest, WaitOptions};
//! use std::time::Duration;
//!
//! let client = Client::builder()
//!     .uri("http://127.0.0.1:19530")
//!     .token("root:Milvus")
//!     .request_timeout(Duration::from_secs(10))
//!     .build()?;
//!
//! let refresh_id = client.refresh_external_collection(&RefreshRequest::new("books_ext"))?;
//! let job = client.wait_refresh(refresh_id, &WaitOptions::new(), |j| {
//!     println!("refresh {}: {} {}%", j.job_id, j.state, j.progress)
//! })?;
//! println!("done: {}", job.state);
//!
//! let import_id = client.bulk_import(&ImportRequest::new("books").file("books/part1.json"))?;
//! println!("{:?}", client.get_import_progress(&import_id)?);
//! # Ok::<(), milvus_jobs::Error>(())
//! ```
#![deny(missing_docs)]

mod client;
mod error;
mod observe;
mod options;
mod raw;
mod snapshot;
mod types;
mod watcher;

pub use client::{Call, Client, CreateOutcome};
pub use error::{Error, ErrorKind, Hint, Result};
pub use observe::Stats;
pub use options::{
    CallOptions, CancelToken, ClientBuilder, Deployment, WaitOptions, WatcherOptions,
    ZILLIZ_CLOUD_PROJECT_ENDPOINT, ZILLIZ_CLOUD_URI, ZILLIZ_CLOUD_URI_CN,
};
pub use snapshot::{ExportSnapshotRequest, RestoreSnapshotRequest, SnapshotJob, SnapshotState};
pub use types::{
    system_time_from_ms, ImportFile, ImportFileState, ImportJob, ImportJobPage, ImportListRequest,
    ImportRequest, ImportState, Job, RefreshJob, RefreshRequest, RefreshState,
};
pub use watcher::{JobId, WatchEvent, Watcher};

/// The raw declarations this crate is built on.
pub use milvus_jobs_sys as sys;

/// The loaded library's version, e.g. `"0.5.0"`.
pub fn version() -> &'static str {
    // SAFETY: mj_version returns a static NUL-terminated string.
    unsafe { std::ffi::CStr::from_ptr(sys::mj_version()) }
        .to_str()
        .unwrap_or("")
}

/// The loaded library's version as MAJOR*10000 + MINOR*100 + PATCH.
pub fn version_number() -> i32 {
    // SAFETY: no arguments, thread-safe.
    unsafe { sys::mj_version_number() }
}

/// The header version this binding was written for (`MJ_VERSION_NUMBER`).
pub const BINDING_VERSION_NUMBER: i32 = sys::MJ_VERSION_NUMBER;

/// Refuses a library older than the header this binding mirrors, or of
/// another major version: it would lack functions or fields we use.
pub(crate) fn check_library_version() -> Result<()> {
    let n = version_number();
    if n < BINDING_VERSION_NUMBER || n / 10000 != sys::MJ_VERSION_MAJOR {
        return Err(Error::local(
            ErrorKind::Unsupported,
            format!(
                "the loaded milvus_jobs library is version {} but this binding needs {}.x >= {}; \
                 install a matching library or point LD_LIBRARY_PATH at one",
                version(),
                sys::MJ_VERSION_MAJOR,
                sys::MJ_VERSION_STRING
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn public_handles_are_send_and_sync() {
        assert_send_sync::<Client>();
        assert_send_sync::<Watcher<'static>>();
        assert_send_sync::<CancelToken>();
        assert_send_sync::<Error>();
        assert_send_sync::<ImportJob>();
        assert_send_sync::<RefreshJob>();
    }

    #[test]
    fn every_status_maps_to_a_kind_and_back() {
        for s in 1..=17 {
            let k = ErrorKind::from_status(s);
            assert!(!matches!(k, ErrorKind::Unknown(_)), "status {s}");
            assert_eq!(k.status(), s);
            assert!(k.name().starts_with("MJ_E"), "{}", k.name());
            assert_ne!(k.name(), "MJ_E?");
            assert!(!k.description().is_empty());
        }
        assert_eq!(ErrorKind::from_status(99), ErrorKind::Unknown(99));
        assert_eq!(ErrorKind::NotFound.name(), "MJ_ENOT_FOUND");
        assert_eq!(ErrorKind::JobLost.name(), "MJ_EJOB_LOST");
    }

    #[test]
    fn milliseconds_round_up_and_keep_zero() {
        use std::time::Duration;
        assert_eq!(raw::millis(Duration::ZERO), 0);
        assert_eq!(raw::millis(Duration::from_micros(10)), 1);
        assert_eq!(raw::millis(Duration::from_millis(1500)), 1500);
        assert_eq!(raw::millis(Duration::MAX), i64::MAX);
    }

    #[test]
    fn times_convert_to_system_time() {
        use std::time::{Duration, UNIX_EPOCH};
        assert_eq!(system_time_from_ms(0), None);
        assert_eq!(
            system_time_from_ms(1_700_000_000_123),
            Some(UNIX_EPOCH + Duration::from_millis(1_700_000_000_123))
        );
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let b = Client::builder().uri("http://x").token("sekrit-token");
        assert!(!format!("{b:?}").contains("sekrit"));
        let r = ImportRequest::new("c")
            .file("f")
            .credentials("AKIAXX", "sekrit-key")
            .session_token("tok-sekrit");
        let s = format!("{r:?}");
        assert!(!s.contains("sekrit") && !s.contains("AKIAXX"), "{s}");
    }

    #[test]
    fn the_library_is_new_enough() {
        check_library_version().unwrap();
        assert!(version().starts_with("0."));
    }
}
