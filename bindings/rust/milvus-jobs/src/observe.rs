//! The log hook as a `log` facade reporter, and the client's counters.
use crate::error::Result;
use crate::raw::check;
use milvus_jobs_sys as sys;
use std::collections::BTreeMap;
use std::ffi::{c_void, CStr};

fn text(p: *const std::ffi::c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: the library passes NUL-terminated strings valid for the callback.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

fn level_of(c: i32) -> log::Level {
    match c {
        sys::MJ_LOG_ERROR => log::Level::Error,
        sys::MJ_LOG_WARN => log::Level::Warn,
        sys::MJ_LOG_DEBUG => log::Level::Debug,
        _ => log::Level::Info,
    }
}

unsafe extern "C" fn hook(record: *const sys::mj_log_record, _user: *mut c_void) {
    if record.is_null() {
        return;
    }
    // A panic must not unwind into C.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: the record is valid for the duration of the callback.
        let r = unsafe { &*record };
        let message = text(r.message);
        log::logger().log(
            &log::Record::builder()
                .level(level_of(r.level))
                .target("milvus_jobs")
                .args(format_args!("{message}"))
                .build(),
        );
    }));
}

/// Sets the hook on `raw` when the `log` facade lets anything through.
pub(crate) fn install_log_hook(raw: &mut sys::mj_client_options) {
    let level = match log::max_level() {
        log::LevelFilter::Off => return,
        log::LevelFilter::Error => sys::MJ_LOG_ERROR,
        log::LevelFilter::Warn => sys::MJ_LOG_WARN,
        log::LevelFilter::Info => sys::MJ_LOG_INFO,
        _ => sys::MJ_LOG_DEBUG,
    };
    raw.log_fn = Some(hook);
    raw.log_user_data = std::ptr::null_mut();
    raw.log_level = level;
}

/// A client's counters since it was built ([`Client::stats`](crate::Client::stats)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Calls that made at least one attempt (the watcher's polls too).
    pub requests: i64,
    /// Attempts (HTTP requests tried).
    pub attempts: i64,
    /// Retries after a transport failure.
    pub retries_transport: i64,
    /// Retries after a timeout of one attempt.
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
    /// How calls ended, by status name ("MJ_OK", "MJ_ENOT_FOUND", ...); non-zero counts only.
    pub answers: BTreeMap<String, i64>,
}

impl Stats {
    /// Retries of every reason.
    pub fn retries(&self) -> i64 {
        self.retries_transport
            + self.retries_timeout
            + self.retries_rate_limited
            + self.retries_server
    }
}

impl crate::Client {
    /// The client's counters: cheap (relaxed atomic reads), from any thread.
    pub fn stats(&self) -> Result<Stats> {
        // SAFETY: all-zero is a valid mj_client_stats.
        let mut st: sys::mj_client_stats = unsafe { std::mem::zeroed() };
        st.struct_size = std::mem::size_of::<sys::mj_client_stats>() as u32;
        let mut err = std::ptr::null_mut();
        // SAFETY: st is a valid, writable struct; the client is alive.
        unsafe {
            check(
                sys::mj_client_stats_get(&mut st, self.as_ptr(), &mut err),
                err,
            )?
        };
        let mut answers = BTreeMap::new();
        for (i, n) in st.answers_by_status.iter().enumerate() {
            if *n > 0 {
                // SAFETY: mj_status_name returns a static string.
                let name = text(unsafe { sys::mj_status_name(i as sys::mj_status) });
                answers.insert(name, *n);
            }
        }
        Ok(Stats {
            requests: st.requests,
            attempts: st.attempts,
            retries_transport: st.retries_transport,
            retries_timeout: st.retries_timeout,
            retries_rate_limited: st.retries_rate_limited,
            retries_server: st.retries_server,
            bytes_sent: st.bytes_sent,
            bytes_received: st.bytes_received,
            connections_opened: st.connections_opened,
            connections_reused: st.connections_reused,
            answers,
        })
    }
}
