//! Snapshot jobs (since 0.4): export a collection's snapshot metadata, restore
//! it into a new collection in a job, read, list and wait for those jobs.
use crate::client::{finish_wait, Call, Client, Trampoline};
use crate::error::{Error, ErrorKind, Result};
use crate::options::WaitOptions;
use crate::raw::{cstring, opt_cstring, ptr, string};
use crate::types::{system_time_from_ms, Job};
use milvus_jobs_sys as sys;
use std::ffi::c_void;
use std::fmt;
use std::panic::resume_unwind;
use std::ptr::null_mut;
use std::time::SystemTime;

/// The state of a snapshot restore job. Open: a state this binding does not
/// know is kept by name in [`SnapshotState::Unknown`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SnapshotState {
    /// "RestoreSnapshotPending".
    Pending,
    /// "RestoreSnapshotExecuting".
    Executing,
    /// "RestoreSnapshotCompleted" (terminal).
    Completed,
    /// "RestoreSnapshotFailed" (terminal; see the job's reason).
    Failed,
    /// "RestoreSnapshotNone": the server does not know the state.
    None,
    /// A state name the library does not know, as the server sent it.
    Unknown(String),
}

impl SnapshotState {
    fn from_raw(state: i32, name: String) -> SnapshotState {
        match state {
            sys::MJ_SNAPSHOT_STATE_PENDING => SnapshotState::Pending,
            sys::MJ_SNAPSHOT_STATE_EXECUTING => SnapshotState::Executing,
            sys::MJ_SNAPSHOT_STATE_COMPLETED => SnapshotState::Completed,
            sys::MJ_SNAPSHOT_STATE_FAILED => SnapshotState::Failed,
            sys::MJ_SNAPSHOT_STATE_NONE => SnapshotState::None,
            _ => SnapshotState::Unknown(name),
        }
    }

    /// Whether the job has ended (Completed or Failed).
    pub fn is_terminal(&self) -> bool {
        matches!(self, SnapshotState::Completed | SnapshotState::Failed)
    }

    /// The server's name of the state, e.g. "RestoreSnapshotExecuting".
    pub fn as_str(&self) -> &str {
        match self {
            SnapshotState::Pending => "RestoreSnapshotPending",
            SnapshotState::Executing => "RestoreSnapshotExecuting",
            SnapshotState::Completed => "RestoreSnapshotCompleted",
            SnapshotState::Failed => "RestoreSnapshotFailed",
            SnapshotState::None => "RestoreSnapshotNone",
            SnapshotState::Unknown(s) => s,
        }
    }
}

impl fmt::Display for SnapshotState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A snapshot restore job as the server reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SnapshotJob {
    /// The job id (exact: ids exceed 2^53).
    pub job_id: i64,
    /// The snapshot's name.
    pub snapshot_name: String,
    /// The database.
    pub db_name: String,
    /// The collection being restored (the target).
    pub collection_name: String,
    /// The state.
    pub state: SnapshotState,
    /// 0..100.
    pub progress: i64,
    /// Why the job failed; "" when the server sent none.
    pub reason: String,
    /// Start, milliseconds since the Unix epoch.
    pub start_time_ms: i64,
    /// Milliseconds the job has taken so far (until it ended, once it has).
    pub time_cost_ms: i64,
}

impl SnapshotJob {
    /// Copies a borrowed `mj_snapshot_job`.
    pub(crate) unsafe fn from_raw(j: *const sys::mj_snapshot_job) -> SnapshotJob {
        let j = &*j;
        SnapshotJob {
            job_id: j.job_id,
            snapshot_name: string(j.snapshot_name),
            db_name: string(j.db_name),
            collection_name: string(j.collection_name),
            state: SnapshotState::from_raw(j.state, string(j.state_name)),
            progress: j.progress,
            reason: string(j.reason),
            start_time_ms: j.start_time_ms,
            time_cost_ms: j.time_cost_ms,
        }
    }

    /// [`start_time_ms`](Self::start_time_ms) as a `SystemTime`, `None` when 0.
    pub fn start_time(&self) -> Option<SystemTime> {
        system_time_from_ms(self.start_time_ms)
    }
}

/// What [`Client::export_snapshot`] sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSnapshotRequest {
    collection_name: String,
    snapshot_name: String,
    target_path: String,
    external_spec: Option<String>,
}

impl ExportSnapshotRequest {
    /// Exports `collection_name` as `snapshot_name` under `target_path` (an
    /// object storage URL, e.g. "s3://bucket/exports").
    pub fn new(
        collection_name: impl Into<String>,
        snapshot_name: impl Into<String>,
        target_path: impl Into<String>,
    ) -> ExportSnapshotRequest {
        ExportSnapshotRequest {
            collection_name: collection_name.into(),
            snapshot_name: snapshot_name.into(),
            target_path: target_path.into(),
            external_spec: None,
        }
    }

    /// Storage settings: a JSON object as a string, e.g. `{"extfs":{...}}`.
    pub fn external_spec(mut self, spec: impl Into<String>) -> Self {
        self.external_spec = Some(spec.into());
        self
    }
}

/// What [`Client::restore_external_snapshot`] sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreSnapshotRequest {
    target_collection_name: String,
    snapshot_uri: String,
    external_spec: Option<String>,
}

impl RestoreSnapshotRequest {
    /// Restores the snapshot at `snapshot_uri` (what
    /// [`Client::export_snapshot`] returned) into the new collection
    /// `target_collection_name`.
    pub fn new(
        target_collection_name: impl Into<String>,
        snapshot_uri: impl Into<String>,
    ) -> RestoreSnapshotRequest {
        RestoreSnapshotRequest {
            target_collection_name: target_collection_name.into(),
            snapshot_uri: snapshot_uri.into(),
            external_spec: None,
        }
    }

    /// Storage settings: a JSON object as a string.
    pub fn external_spec(mut self, spec: impl Into<String>) -> Self {
        self.external_spec = Some(spec.into());
        self
    }
}

/// Copies and frees an owned snapshot job (NULL gives None).
unsafe fn take_snapshot_job(p: *mut sys::mj_snapshot_job) -> Option<SnapshotJob> {
    if p.is_null() {
        return None;
    }
    let j = SnapshotJob::from_raw(p);
    sys::mj_snapshot_job_free(p);
    Some(j)
}

unsafe extern "C" fn snapshot_progress<F: FnMut(&SnapshotJob)>(
    job: *const sys::mj_snapshot_job,
    user: *mut c_void,
) {
    let t = &mut *(user as *mut Trampoline<F>);
    if job.is_null() {
        return;
    }
    let job = SnapshotJob::from_raw(job);
    t.invoke(|f| f(&job));
}

impl Client {
    /// Exports a collection's snapshot metadata; returns its URI. See
    /// [`Call::export_snapshot`].
    pub fn export_snapshot(&self, req: &ExportSnapshotRequest) -> Result<String> {
        self.call().export_snapshot(req)
    }

    /// Starts restoring a snapshot into a new collection; returns the job id.
    /// See [`Call::restore_external_snapshot`].
    pub fn restore_external_snapshot(&self, req: &RestoreSnapshotRequest) -> Result<i64> {
        self.call().restore_external_snapshot(req)
    }

    /// Reads one snapshot restore job. See [`Call::get_restore_snapshot_progress`].
    pub fn get_restore_snapshot_progress(&self, job_id: i64) -> Result<SnapshotJob> {
        self.call().get_restore_snapshot_progress(job_id)
    }

    /// Lists snapshot restore jobs, newest first. See [`Call::list_restore_snapshot_jobs`].
    pub fn list_restore_snapshot_jobs(
        &self,
        collection_name: Option<&str>,
    ) -> Result<Vec<SnapshotJob>> {
        self.call().list_restore_snapshot_jobs(collection_name)
    }

    /// As [`wait_refresh`](Client::wait_refresh), for a snapshot restore job:
    /// returns the completed job; [`ErrorKind::JobFailed`] when it failed
    /// ([`Error::job`] holds it, the message its reason).
    pub fn wait_restore_snapshot<F>(
        &self,
        job_id: i64,
        options: &WaitOptions,
        on_progress: F,
    ) -> Result<SnapshotJob>
    where
        F: FnMut(&SnapshotJob),
    {
        let opts = options.to_raw()?;
        let mut state = Trampoline {
            f: on_progress,
            panic: None,
        };
        let mut out = null_mut();
        let mut err = null_mut();
        // SAFETY: opts and state outlive the call; the callback runs only on
        // this thread, inside the call.
        let status = unsafe {
            sys::mj_wait_restore_snapshot(
                &mut out,
                self.as_ptr(),
                job_id,
                &opts.raw,
                Some(snapshot_progress::<F>),
                &mut state as *mut Trampoline<F> as *mut c_void,
                &mut err,
            )
        };
        // SAFETY: out is owned by us when not NULL.
        let job = unsafe { take_snapshot_job(out) };
        if let Some(p) = state.panic {
            // SAFETY: err is owned by us.
            unsafe { sys::mj_error_free(err) };
            resume_unwind(p);
        }
        finish_wait(status, err, job.map(Job::SnapshotRestore)).map(|j| match j {
            Some(Job::SnapshotRestore(j)) => Ok(j),
            _ => Err(Error::local(
                ErrorKind::Internal,
                "the snapshot restore wait succeeded without a job (a bug in milvus-jobs)",
            )),
        })?
    }
}

impl Call<'_> {
    /// Exports a collection's snapshot metadata
    /// (`POST /v2/vectordb/jobs/snapshot/export`) and returns its URI. No job:
    /// the call is synchronous.
    ///
    /// Errors: [`ErrorKind::InvalidArgument`] (empty names, a target that is
    /// not a URL, a name the server refuses), [`ErrorKind::NotFound`]
    /// (collection, database), [`ErrorKind::Unsupported`] (a server without
    /// snapshot jobs, Zilliz Cloud). Never retried once it may have arrived.
    pub fn export_snapshot(&self, req: &ExportSnapshotRequest) -> Result<String> {
        let name = cstring("the collection name", &req.collection_name)?;
        let snapshot = cstring("the snapshot name", &req.snapshot_name)?;
        let target = cstring("the target path", &req.target_path)?;
        let spec = opt_cstring("the external spec", req.external_spec.as_deref())?;
        let mut raw = std::mem::MaybeUninit::<sys::mj_export_snapshot_request>::uninit();
        // SAFETY: init writes the whole struct.
        let mut raw = unsafe {
            sys::mj_export_snapshot_request_init(
                raw.as_mut_ptr(),
                std::mem::size_of::<sys::mj_export_snapshot_request>() as u32,
            );
            raw.assume_init()
        };
        raw.collection_name = name.as_ptr();
        raw.snapshot_name = snapshot.as_ptr();
        raw.target_path = target.as_ptr();
        raw.external_spec = ptr(&spec);
        let mut uri = null_mut();
        self.with_raw(
            // SAFETY: every pointer outlives the call.
            |call, err| unsafe {
                sys::mj_export_snapshot(&mut uri, self.client.as_ptr(), &raw, call, err)
            },
        )?;
        // SAFETY: on success uri is an owned string; copy, then free it.
        unsafe {
            let s = string(uri);
            sys::mj_free(uri as *mut c_void);
            Ok(s)
        }
    }

    /// Starts a job restoring a snapshot into a new collection
    /// (`POST /v2/vectordb/jobs/snapshot/restore_external`) and returns its id.
    ///
    /// Errors: [`ErrorKind::InvalidArgument`] (the target exists, a URI that
    /// is not a URL), [`ErrorKind::NotFound`] (database),
    /// [`ErrorKind::Unsupported`]. Metadata that cannot be read fails the job.
    pub fn restore_external_snapshot(&self, req: &RestoreSnapshotRequest) -> Result<i64> {
        let target = cstring("the target collection name", &req.target_collection_name)?;
        let uri = cstring("the snapshot URI", &req.snapshot_uri)?;
        let spec = opt_cstring("the external spec", req.external_spec.as_deref())?;
        let mut raw = std::mem::MaybeUninit::<sys::mj_restore_snapshot_request>::uninit();
        // SAFETY: init writes the whole struct.
        let mut raw = unsafe {
            sys::mj_restore_snapshot_request_init(
                raw.as_mut_ptr(),
                std::mem::size_of::<sys::mj_restore_snapshot_request>() as u32,
            );
            raw.assume_init()
        };
        raw.target_collection_name = target.as_ptr();
        raw.snapshot_uri = uri.as_ptr();
        raw.external_spec = ptr(&spec);
        let mut id = 0i64;
        self.with_raw(
            // SAFETY: every pointer outlives the call.
            |call, err| unsafe {
                sys::mj_restore_external_snapshot(&mut id, self.client.as_ptr(), &raw, call, err)
            },
        )?;
        Ok(id)
    }

    /// Reads one snapshot restore job (`POST .../snapshot/describe`).
    pub fn get_restore_snapshot_progress(&self, job_id: i64) -> Result<SnapshotJob> {
        let mut out = null_mut();
        self.with_raw(
            // SAFETY: out is a valid out-parameter.
            |call, err| unsafe {
                sys::mj_get_restore_snapshot_progress(
                    &mut out,
                    self.client.as_ptr(),
                    job_id,
                    call,
                    err,
                )
            },
        )?;
        // SAFETY: on success out is an owned job.
        unsafe { take_snapshot_job(out) }
            .ok_or_else(|| Error::local(ErrorKind::Internal, "describe returned no job"))
    }

    /// Lists snapshot restore jobs (`POST .../snapshot/list`), newest first;
    /// `None` or `""` lists every collection's.
    pub fn list_restore_snapshot_jobs(
        &self,
        collection_name: Option<&str>,
    ) -> Result<Vec<SnapshotJob>> {
        let name = opt_cstring("the collection name", collection_name)?;
        let mut out = null_mut();
        self.with_raw(
            // SAFETY: out and name are valid for the call.
            |call, err| unsafe {
                sys::mj_list_restore_snapshot_jobs(
                    &mut out,
                    self.client.as_ptr(),
                    ptr(&name),
                    call,
                    err,
                )
            },
        )?;
        // SAFETY: on success out is an owned list; we copy, then free it.
        unsafe {
            let mut jobs = Vec::new();
            if !out.is_null() {
                let l = &*out;
                if !l.items.is_null() {
                    jobs = std::slice::from_raw_parts(l.items, l.count)
                        .iter()
                        .filter(|j| !j.is_null())
                        .map(|j| SnapshotJob::from_raw(*j))
                        .collect();
                }
            }
            sys::mj_snapshot_job_list_free(out);
            Ok(jobs)
        }
    }
}
