//! [`Watcher`]: many jobs polled at once.
use crate::client::Trampoline;
use crate::error::{Error, ErrorKind, Result};
use crate::options::{CancelToken, WatcherOptions};
use crate::raw::{check, cstring, field_end, has_field, millis, string};
use crate::snapshot::SnapshotJob;
use crate::types::{ImportJob, Job, RefreshJob};
use crate::Client;
use milvus_jobs_sys as sys;
use std::ffi::c_void;
use std::marker::PhantomData;
use std::panic::resume_unwind;
use std::ptr::{null_mut, NonNull};
use std::sync::{Mutex, TryLockError};
use std::time::Duration;

/// The id of a watched job. Non-exhaustive: later kinds of job are added as
/// variants.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JobId {
    /// An external-collection refresh job.
    Refresh(i64),
    /// A bulk import job.
    Import(String),
    /// A snapshot restore job. Since 0.4.
    SnapshotRestore(i64),
}

/// One change of one watched job.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WatchEvent {
    /// Which job.
    pub job_id: JobId,
    /// The job as read (its state or progress changed, or this is the first
    /// read), or an error: [`ErrorKind::JobFailed`] when the job ended in
    /// Failed (the job is in [`Error::job`], the reason in the message),
    /// [`ErrorKind::JobLost`] when it vanished, [`ErrorKind::NotFound`] when
    /// the server never knew it, or the category of a failed poll (after a
    /// transient failure the job stays watched).
    pub result: Result<Job>,
    /// Whether this is the job's last event (terminal state or lost): the
    /// watcher no longer holds the job.
    pub done: bool,
}

impl WatchEvent {
    unsafe fn from_raw(e: *const sys::mj_watch_event) -> WatchEvent {
        let e = &*e;
        // The snapshot fields exist from 0.4 on (an older library fills less).
        let snapshot = e.kind == sys::MJ_JOB_SNAPSHOT_RESTORE
            && has_field(e.struct_size, field_end!(sys::mj_watch_event, snapshot));
        let job_id = if snapshot {
            JobId::SnapshotRestore(e.snapshot_job_id)
        } else if e.kind == sys::MJ_JOB_REFRESH {
            JobId::Refresh(e.refresh_job_id)
        } else {
            JobId::Import(string(e.import_job_id))
        };
        let job = if snapshot && !e.snapshot.is_null() {
            Some(Job::SnapshotRestore(SnapshotJob::from_raw(e.snapshot)))
        } else if !e.refresh.is_null() {
            Some(Job::Refresh(RefreshJob::from_raw(e.refresh)))
        } else if !e.import_job.is_null() {
            Some(Job::Import(ImportJob::from_raw(e.import_job)))
        } else {
            None
        };
        let result = match (e.status, job) {
            (sys::MJ_OK, Some(job)) => Ok(job),
            (sys::MJ_OK, None) => Err(Error::local(
                ErrorKind::Internal,
                "a watch event reported success without a job (a bug in milvus-jobs)",
            )),
            // MJ_EJOB_FAILED comes with the failed job: keep it beside the error.
            (status, job) => Err(Error::from_borrowed(status, e.error).with_job(job)),
        };
        WatchEvent {
            job_id,
            result,
            done: e.done != 0,
        }
    }
}

/// Polls many jobs at once over a bounded pool of connections, on the thread
/// that drives it with [`run`](Self::run) or [`next`](Self::next); it does no
/// work between those calls.
///
/// `Watcher` is `Send + Sync`: jobs may be added and removed from any thread,
/// also from inside the `run` callback (capture `&watcher`). Only one thread
/// drives it at a time; a second concurrent `run`/`next` fails with
/// [`ErrorKind::InvalidArgument`]. A job leaves the watcher by itself after
/// its last event. The watcher borrows its [`Client`].
pub struct Watcher<'c> {
    raw: NonNull<sys::mj_watcher>,
    driving: Mutex<()>,
    _cancel: Option<CancelToken>,
    _client: PhantomData<&'c Client>,
}

// SAFETY: add/remove/size are documented thread-safe; run/next are serialised
// by `driving`; the watcher is freed once, in Drop.
unsafe impl Send for Watcher<'_> {}
unsafe impl Sync for Watcher<'_> {}

impl Drop for Watcher<'_> {
    fn drop(&mut self) {
        // SAFETY: created by mj_watcher_new; no run/next can be in progress
        // (they borrow self).
        unsafe { sys::mj_watcher_free(self.raw.as_ptr()) }
    }
}

impl std::fmt::Debug for Watcher<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher").field("len", &self.len()).finish()
    }
}

impl<'c> Watcher<'c> {
    /// A watcher on `client` with these options.
    pub fn new(client: &'c Client, options: &WatcherOptions) -> Result<Watcher<'c>> {
        let opts = options.to_raw()?;
        let mut out = null_mut();
        let mut err = null_mut();
        // SAFETY: opts outlives the call; the token is kept alive in the
        // watcher below (the library does not own it).
        unsafe {
            check(
                sys::mj_watcher_new(&mut out, client.as_ptr(), &opts.raw, &mut err),
                err,
            )?
        };
        let raw = NonNull::new(out).ok_or_else(|| {
            Error::local(
                ErrorKind::Internal,
                "the library returned no watcher and no error (a bug in milvus-jobs)",
            )
        })?;
        Ok(Watcher {
            raw,
            driving: Mutex::new(()),
            _cancel: options.cancel.clone(),
            _client: PhantomData,
        })
    }

    /// Starts watching a refresh job; its first poll is due at once. Adding a
    /// job already watched does nothing.
    pub fn add_refresh(&self, job_id: i64) -> Result<()> {
        let mut err = null_mut();
        // SAFETY: thread-safe per the header.
        unsafe {
            check(
                sys::mj_watcher_add_refresh(self.raw.as_ptr(), job_id, &mut err),
                err,
            )
        }
    }

    /// Starts watching an import job; its first poll is due at once.
    pub fn add_import(&self, job_id: &str) -> Result<()> {
        let id = cstring("the job id", job_id)?;
        let mut err = null_mut();
        // SAFETY: thread-safe per the header; id is copied.
        unsafe {
            check(
                sys::mj_watcher_add_import(self.raw.as_ptr(), id.as_ptr(), &mut err),
                err,
            )
        }
    }

    /// Stops watching a refresh job: no event for it is delivered after this
    /// returns. [`ErrorKind::NotFound`] when it is not watched.
    pub fn remove_refresh(&self, job_id: i64) -> Result<()> {
        let mut err = null_mut();
        // SAFETY: thread-safe per the header.
        unsafe {
            check(
                sys::mj_watcher_remove_refresh(self.raw.as_ptr(), job_id, &mut err),
                err,
            )
        }
    }

    /// Stops watching an import job. [`ErrorKind::NotFound`] when it is not watched.
    pub fn remove_import(&self, job_id: &str) -> Result<()> {
        let id = cstring("the job id", job_id)?;
        let mut err = null_mut();
        // SAFETY: thread-safe per the header.
        unsafe {
            check(
                sys::mj_watcher_remove_import(self.raw.as_ptr(), id.as_ptr(), &mut err),
                err,
            )
        }
    }

    /// Starts watching a snapshot restore job; its events carry
    /// [`JobId::SnapshotRestore`] and [`Job::SnapshotRestore`]. Since 0.4.
    pub fn add_restore_snapshot(&self, job_id: i64) -> Result<()> {
        let mut err = null_mut();
        // SAFETY: thread-safe per the header.
        unsafe {
            check(
                sys::mj_watcher_add_restore_snapshot(self.raw.as_ptr(), job_id, &mut err),
                err,
            )
        }
    }

    /// Stops watching a snapshot restore job. [`ErrorKind::NotFound`] when it
    /// is not watched. Since 0.4.
    pub fn remove_restore_snapshot(&self, job_id: i64) -> Result<()> {
        let mut err = null_mut();
        // SAFETY: thread-safe per the header.
        unsafe {
            check(
                sys::mj_watcher_remove_restore_snapshot(self.raw.as_ptr(), job_id, &mut err),
                err,
            )
        }
    }

    /// The number of jobs watched.
    pub fn len(&self) -> usize {
        // SAFETY: thread-safe per the header.
        unsafe { sys::mj_watcher_size(self.raw.as_ptr()) }
    }

    /// Whether no job is watched.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn drive(&self) -> Result<std::sync::MutexGuard<'_, ()>> {
        match self.driving.try_lock() {
            Ok(g) => Ok(g),
            Err(TryLockError::Poisoned(p)) => Ok(p.into_inner()),
            Err(TryLockError::WouldBlock) => Err(Error::local(
                ErrorKind::InvalidArgument,
                "the watcher is already being driven (run/next) by another call; \
                 only one thread may drive a watcher at a time",
            )),
        }
    }

    /// Polls until no job is left (`Ok`), `timeout` passes
    /// ([`ErrorKind::Timeout`]; `None` = no limit) or the options' token fires
    /// ([`ErrorKind::Cancelled`]), calling `on_event` on this thread for each
    /// event. A panic in `on_event` stops delivering events and is resumed
    /// when `run` returns.
    pub fn run<F>(&self, timeout: Option<Duration>, on_event: F) -> Result<()>
    where
        F: FnMut(WatchEvent),
    {
        let _guard = self.drive()?;
        let timeout_ms = timeout.map_or(-1, millis);
        let mut state = Trampoline {
            f: on_event,
            panic: None,
        };
        let mut err = null_mut();
        // SAFETY: state outlives the call; the callback runs on this thread.
        let status = unsafe {
            sys::mj_watcher_run(
                self.raw.as_ptr(),
                timeout_ms,
                Some(watch_event::<F>),
                &mut state as *mut Trampoline<F> as *mut c_void,
                &mut err,
            )
        };
        if let Some(p) = state.panic {
            // SAFETY: err is owned.
            unsafe { sys::mj_error_free(err) };
            resume_unwind(p);
        }
        // SAFETY: err is NULL or owned.
        unsafe { check(status, err) }
    }

    /// Polls until one event is ready and returns it; `Ok(None)` when
    /// `timeout` passes first (`Some(Duration::ZERO)` = only what is ready
    /// now; `None` = no limit) or no job is watched.
    /// [`ErrorKind::Cancelled`] when the token fires.
    pub fn next(&self, timeout: Option<Duration>) -> Result<Option<WatchEvent>> {
        let _guard = self.drive()?;
        let mut ev = null_mut();
        let mut err = null_mut();
        let ms = timeout.map_or(-1, |t| i64::try_from(t.as_millis()).unwrap_or(i64::MAX));
        // SAFETY: out-parameters are valid.
        unsafe {
            check(
                sys::mj_watcher_next(&mut ev, self.raw.as_ptr(), ms, &mut err),
                err,
            )?;
            if ev.is_null() {
                return Ok(None);
            }
            let event = WatchEvent::from_raw(ev);
            sys::mj_watch_event_free(ev);
            Ok(Some(event))
        }
    }
}

unsafe extern "C" fn watch_event<F: FnMut(WatchEvent)>(
    e: *const sys::mj_watch_event,
    user: *mut c_void,
) {
    let t = &mut *(user as *mut Trampoline<F>);
    if e.is_null() {
        return;
    }
    let event = WatchEvent::from_raw(e);
    t.invoke(|f| f(event));
}
