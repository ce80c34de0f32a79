//! [`Client`] and its operations.
use crate::error::{Error, ErrorKind, Result};
use crate::options::{CallOptions, ClientBuilder, WaitOptions};
use crate::raw::{check, cstring, opt_cstring, ptr, string};
use crate::types::{
    import_jobs, refresh_jobs, ImportJob, ImportJobPage, ImportListRequest, ImportRequest, Job,
    RefreshJob, RefreshRequest,
};
use milvus_jobs_sys as sys;
use std::any::Any;
use std::ffi::{c_void, CString};
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::ptr::{null, null_mut, NonNull};

/// A client for one Milvus server or Zilliz Cloud target.
///
/// `Client` is `Send + Sync`: share one (e.g. in an `Arc`, or by reference
/// across scoped threads) and call it from many threads at once; it keeps a
/// pool of connections and reuses them. Every call blocks the calling thread
/// until the answer, the deadline or cancellation.
///
/// ```no_run
/// use milvus_jobs::{Client, ImportRequest};
/// let client = Client::builder().uri("http://127.0.0.1:19530").build()?;
/// let id = client.bulk_import(&ImportRequest::new("books").file("books/part1.json"))?;
/// let job = client.get_import_progress(&id)?;
/// println!("{} {} {}%", job.job_id, job.state, job.progress);
/// # Ok::<(), milvus_jobs::Error>(())
/// ```
pub struct Client {
    raw: NonNull<sys::mj_client>,
}

// SAFETY: the C library documents mj_client as safe to use from many threads
// at once; it is freed only in Drop, when no borrow of the Client is left.
unsafe impl Send for Client {}
unsafe impl Sync for Client {}

impl Drop for Client {
    fn drop(&mut self) {
        // SAFETY: created by mj_client_new, freed once; no call can be running
        // (every call borrows self, and a Watcher borrows the client).
        unsafe { sys::mj_client_free(self.raw.as_ptr()) }
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").finish_non_exhaustive()
    }
}

impl Client {
    /// A builder for the client's options.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for `uri` with every other option at its default.
    pub fn new(uri: impl Into<String>) -> Result<Client> {
        Client::builder().uri(uri).build()
    }

    pub(crate) fn from_builder(b: &ClientBuilder) -> Result<Client> {
        crate::check_library_version()?;
        let opts = b.to_raw()?;
        let mut out = null_mut();
        let mut err = null_mut();
        // SAFETY: opts (and the strings it points to) outlive the call.
        unsafe { check(sys::mj_client_new(&mut out, &opts.raw, &mut err), err)? };
        NonNull::new(out).map(|raw| Client { raw }).ok_or_else(|| {
            Error::local(
                ErrorKind::Internal,
                "the library returned no client and no error (a bug in milvus-jobs)",
            )
        })
    }

    pub(crate) fn as_ptr(&self) -> *mut sys::mj_client {
        self.raw.as_ptr()
    }

    /// The operations with per-call options (deadline, cancel token,
    /// database, attempts):
    ///
    /// ```no_run
    /// # use milvus_jobs::{Client, CallOptions, CancelToken};
    /// # use std::time::Duration;
    /// # let client = Client::new("http://127.0.0.1:19530")?;
    /// let token = CancelToken::new()?;
    /// let opts = CallOptions::new().timeout(Duration::from_secs(5)).cancel(&token);
    /// let jobs = client.with_options(&opts).list_import_jobs(None)?;
    /// # Ok::<(), milvus_jobs::Error>(())
    /// ```
    pub fn with_options<'a>(&'a self, options: &'a CallOptions) -> Call<'a> {
        Call {
            client: self,
            options: Some(options),
        }
    }

    pub(crate) fn call(&self) -> Call<'_> {
        Call {
            client: self,
            options: None,
        }
    }

    /// Starts a refresh of an external collection; returns the new job's id.
    /// See [`Call::refresh_external_collection`].
    pub fn refresh_external_collection(&self, req: &RefreshRequest) -> Result<i64> {
        self.call().refresh_external_collection(req)
    }

    /// As [`Client::refresh_external_collection`], with how the id was had.
    /// See [`Call::refresh_external_collection_with_outcome`].
    pub fn refresh_external_collection_with_outcome(
        &self,
        req: &RefreshRequest,
    ) -> Result<(i64, CreateOutcome)> {
        self.call().refresh_external_collection_with_outcome(req)
    }

    /// Reads one refresh job. See [`Call::get_refresh_external_collection_progress`].
    pub fn get_refresh_external_collection_progress(&self, job_id: i64) -> Result<RefreshJob> {
        self.call().get_refresh_external_collection_progress(job_id)
    }

    /// Lists refresh jobs, newest first. See [`Call::list_refresh_external_collection_jobs`].
    pub fn list_refresh_external_collection_jobs(
        &self,
        collection_name: Option<&str>,
    ) -> Result<Vec<RefreshJob>> {
        self.call()
            .list_refresh_external_collection_jobs(collection_name)
    }

    /// Creates an import job; returns its id. See [`Call::bulk_import`].
    pub fn bulk_import(&self, req: &ImportRequest) -> Result<String> {
        self.call().bulk_import(req)
    }

    /// As [`Client::bulk_import`], with how the id was had. See
    /// [`Call::bulk_import_with_outcome`].
    pub fn bulk_import_with_outcome(&self, req: &ImportRequest) -> Result<(String, CreateOutcome)> {
        self.call().bulk_import_with_outcome(req)
    }

    /// Reads one import job with its per-file details. See [`Call::get_import_progress`].
    pub fn get_import_progress(&self, job_id: &str) -> Result<ImportJob> {
        self.call().get_import_progress(job_id)
    }

    /// Lists import jobs (every page). See [`Call::list_import_jobs`].
    pub fn list_import_jobs(&self, collection_name: Option<&str>) -> Result<Vec<ImportJob>> {
        self.call().list_import_jobs(collection_name)
    }

    /// Reads one page of import jobs. See [`Call::list_import_jobs_page`].
    pub fn list_import_jobs_page(&self, req: &ImportListRequest) -> Result<ImportJobPage> {
        self.call().list_import_jobs_page(req)
    }

    /// Commits an import job waiting in state Uncommitted. See [`Call::commit_import`].
    pub fn commit_import(&self, job_id: &str) -> Result<()> {
        self.call().commit_import(job_id)
    }

    /// Aborts an import job that has not ended. See [`Call::abort_import`].
    pub fn abort_import(&self, job_id: &str) -> Result<()> {
        self.call().abort_import(job_id)
    }

    /// Blocks until the refresh job ends, the wait's deadline passes or its
    /// token fires, calling `on_progress` on this thread with the job each
    /// time its state or progress changes (and once for the first read).
    ///
    /// Returns the completed job. Errors: [`ErrorKind::JobFailed`] (the job
    /// ended in Failed: [`Error::job`] holds it and the message its reason),
    /// [`ErrorKind::JobLost`], [`ErrorKind::NotFound`] (never seen),
    /// [`ErrorKind::Timeout`], [`ErrorKind::Cancelled`] (with [`Error::job`]
    /// when the job was read at least once), and the categories of
    /// [`Client::get_refresh_external_collection_progress`].
    ///
    /// A panic in `on_progress` is caught at the C boundary: no further
    /// progress is reported, the wait runs on until it returns, and then the
    /// panic resumes on this thread.
    pub fn wait_refresh<F>(
        &self,
        job_id: i64,
        options: &WaitOptions,
        on_progress: F,
    ) -> Result<RefreshJob>
    where
        F: FnMut(&RefreshJob),
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
            sys::mj_wait_refresh(
                &mut out,
                self.as_ptr(),
                job_id,
                &opts.raw,
                Some(refresh_progress::<F>),
                &mut state as *mut Trampoline<F> as *mut c_void,
                &mut err,
            )
        };
        // SAFETY: out is owned by us when not NULL.
        let job = unsafe { take_refresh_job(out) };
        if let Some(p) = state.panic {
            // SAFETY: err is owned by us.
            unsafe { sys::mj_error_free(err) };
            resume_unwind(p);
        }
        finish_wait(status, err, job.map(Job::Refresh)).map(|j| match j {
            Some(Job::Refresh(j)) => Ok(j),
            _ => Err(Error::local(
                ErrorKind::Internal,
                "the refresh wait succeeded without a job (a bug in milvus-jobs)",
            )),
        })?
    }

    /// As [`wait_refresh`](Self::wait_refresh), for an import job. Also
    /// returns `Ok` when the job reaches
    /// [`ImportState::Uncommitted`](crate::ImportState::Uncommitted) (it then
    /// waits for [`commit_import`](Self::commit_import), which only the caller
    /// can send): check the returned job's state.
    pub fn wait_import<F>(
        &self,
        job_id: &str,
        options: &WaitOptions,
        on_progress: F,
    ) -> Result<ImportJob>
    where
        F: FnMut(&ImportJob),
    {
        let id = cstring("the job id", job_id)?;
        let opts = options.to_raw()?;
        let mut state = Trampoline {
            f: on_progress,
            panic: None,
        };
        let mut out = null_mut();
        let mut err = null_mut();
        // SAFETY: as in wait_refresh.
        let status = unsafe {
            sys::mj_wait_import(
                &mut out,
                self.as_ptr(),
                id.as_ptr(),
                &opts.raw,
                Some(import_progress::<F>),
                &mut state as *mut Trampoline<F> as *mut c_void,
                &mut err,
            )
        };
        // SAFETY: out is owned by us when not NULL.
        let job = unsafe { take_import_job(out) };
        if let Some(p) = state.panic {
            // SAFETY: err is owned by us.
            unsafe { sys::mj_error_free(err) };
            resume_unwind(p);
        }
        finish_wait(status, err, job.map(Job::Import)).map(|j| match j {
            Some(Job::Import(j)) => Ok(j),
            _ => Err(Error::local(
                ErrorKind::Internal,
                "the import wait succeeded without a job (a bug in milvus-jobs)",
            )),
        })?
    }
}

/// The operations of a [`Client`] with per-call options; made by
/// [`Client::with_options`]. Every method is thread-safe.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    pub(crate) client: &'a Client,
    options: Option<&'a CallOptions>,
}

impl Call<'_> {
    /// Runs one C call with this call's options and turns its status into a Result.
    pub(crate) fn with_raw(
        &self,
        f: impl FnOnce(*const sys::mj_call_options, *mut *mut sys::mj_error) -> sys::mj_status,
    ) -> Result<()> {
        let raw = self.options.map(CallOptions::to_raw).transpose()?;
        let call = raw.as_ref().map_or(null(), |r| &r.raw as *const _);
        let mut err = null_mut();
        let status = f(call, &mut err);
        // SAFETY: err is NULL or an owned error.
        unsafe { check(status, err) }
    }

    /// Starts a refresh of an external collection
    /// (`POST /v2/vectordb/jobs/external_collection/refresh`) and returns the
    /// new job's id.
    ///
    /// Refused before sending ([`ErrorKind::InvalidArgument`]): an empty
    /// collection name; a source without a spec; a spec that is not a JSON
    /// object or has no known `"format"`; a source that is not a URL. Server
    /// errors: [`ErrorKind::NotFound`] (collection, database),
    /// [`ErrorKind::InvalidArgument`] (not external, rejected source or
    /// spec), [`ErrorKind::DuplicateJob`] (a refresh is running:
    /// [`Error::job_id`] names it), [`ErrorKind::Unsupported`] (Milvus < 3.0).
    /// Never retried once the request may have reached the server.
    pub fn refresh_external_collection(&self, req: &RefreshRequest) -> Result<i64> {
        self.refresh_external_collection_with_outcome(req)
            .map(|(id, _)| id)
    }

    /// As [`Call::refresh_external_collection`], and how the id was had:
    /// [`CreateOutcome::recovered`] when the first refresh's answer was lost
    /// and a second refresh named the job it started as running. A lost
    /// answer that cannot be reconciled is [`ErrorKind::Ambiguous`].
    pub fn refresh_external_collection_with_outcome(
        &self,
        req: &RefreshRequest,
    ) -> Result<(i64, CreateOutcome)> {
        let name = cstring(
            "the collection name (RefreshRequest::new)",
            &req.collection_name,
        )?;
        let source = opt_cstring(
            "the source (RefreshRequest::source)",
            req.external_source.as_deref(),
        )?;
        let spec = opt_cstring(
            "the spec (RefreshRequest::source)",
            req.external_spec.as_deref(),
        )?;
        let mut raw = std::mem::MaybeUninit::<sys::mj_refresh_request>::uninit();
        // SAFETY: init writes the whole struct.
        let mut raw = unsafe {
            sys::mj_refresh_request_init(
                raw.as_mut_ptr(),
                std::mem::size_of::<sys::mj_refresh_request>() as u32,
            );
            raw.assume_init()
        };
        raw.collection_name = name.as_ptr();
        raw.external_source = ptr(&source);
        raw.external_spec = ptr(&spec);
        let mut id = 0i64;
        let mut done = sys::mj_create_outcome {
            struct_size: std::mem::size_of::<sys::mj_create_outcome>() as u32,
            ..Default::default()
        };
        self.with_raw(
            // SAFETY: every pointer outlives the call.
            |call, err| unsafe {
                sys::mj_refresh_external_collection_ex(
                    &mut id,
                    &mut done,
                    self.client.as_ptr(),
                    &raw,
                    call,
                    err,
                )
            },
        )?;
        Ok((id, CreateOutcome::from_raw(&done)))
    }

    /// Reads one refresh job (`POST .../external_collection/describe`).
    ///
    /// Errors: [`ErrorKind::InvalidArgument`] (`job_id <= 0`),
    /// [`ErrorKind::NotFound`], [`ErrorKind::Unsupported`] (Milvus < 3.0),
    /// transport, auth and protocol categories.
    pub fn get_refresh_external_collection_progress(&self, job_id: i64) -> Result<RefreshJob> {
        let mut out = null_mut();
        self.with_raw(
            // SAFETY: out is a valid out-parameter.
            |call, err| unsafe {
                sys::mj_get_refresh_external_collection_progress(
                    &mut out,
                    self.client.as_ptr(),
                    job_id,
                    call,
                    err,
                )
            },
        )?;
        // SAFETY: on success out is an owned job.
        unsafe { take_refresh_job(out) }
            .ok_or_else(|| Error::local(ErrorKind::Internal, "describe returned no job"))
    }

    /// Lists refresh jobs (`POST .../external_collection/list`), newest
    /// first; `None` or `""` lists the jobs of every external collection.
    ///
    /// Errors: [`ErrorKind::NotFound`] (collection),
    /// [`ErrorKind::InvalidArgument`] (not external), [`ErrorKind::Unsupported`],
    /// transport, auth and protocol categories.
    pub fn list_refresh_external_collection_jobs(
        &self,
        collection_name: Option<&str>,
    ) -> Result<Vec<RefreshJob>> {
        let name = opt_cstring("the collection name", collection_name)?;
        let mut out = null_mut();
        self.with_raw(
            // SAFETY: out and name are valid for the call.
            |call, err| unsafe {
                sys::mj_list_refresh_external_collection_jobs(
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
            let jobs = if out.is_null() {
                Vec::new()
            } else {
                refresh_jobs(&*out)
            };
            sys::mj_refresh_job_list_free(out);
            Ok(jobs)
        }
    }

    /// Creates an import job (`POST /v2/vectordb/jobs/import/create`) and
    /// returns its id.
    ///
    /// Refused before sending ([`ErrorKind::InvalidArgument`]): an empty
    /// collection name, no files, an empty path or group, an empty option key,
    /// cloud fields for Milvus. Server errors: [`ErrorKind::NotFound`]
    /// (collection, partition, database), [`ErrorKind::InvalidArgument`]
    /// (rejected request). Never retried once the request may have reached
    /// the server.
    pub fn bulk_import(&self, req: &ImportRequest) -> Result<String> {
        self.bulk_import_with_outcome(req).map(|(id, _)| id)
    }

    /// As [`Call::bulk_import`], and how the id was had:
    /// [`CreateOutcome::recovered`] when the create's answer was lost and
    /// reconciliation found the job it started. A lost answer that cannot be
    /// reconciled is [`ErrorKind::Ambiguous`] with [`Error::candidates`].
    pub fn bulk_import_with_outcome(&self, req: &ImportRequest) -> Result<(String, CreateOutcome)> {
        let name = cstring(
            "the collection name (ImportRequest::new)",
            &req.collection_name,
        )?;
        let partition = opt_cstring(
            "the partition (ImportRequest::partition)",
            req.partition_name.as_deref(),
        )?;
        let mut files: Vec<CString> = Vec::new();
        let mut sizes: Vec<usize> = Vec::new();
        for group in &req.groups {
            sizes.push(group.len());
            for f in group {
                files.push(cstring("a file path (ImportRequest::file)", f)?);
            }
        }
        let file_ptrs: Vec<_> = files.iter().map(|f| f.as_ptr()).collect();
        let keys: Vec<CString> = req
            .options
            .iter()
            .map(|(k, _)| cstring("an option key (ImportRequest::option)", k))
            .collect::<Result<_>>()?;
        let values: Vec<CString> = req
            .options
            .iter()
            .map(|(_, v)| cstring("an option value (ImportRequest::option)", v))
            .collect::<Result<_>>()?;
        let key_ptrs: Vec<_> = keys.iter().map(|k| k.as_ptr()).collect();
        let value_ptrs: Vec<_> = values.iter().map(|v| v.as_ptr()).collect();
        let volume = opt_cstring(
            "the volume (ImportRequest::volume)",
            req.volume_name.as_deref(),
        )?;
        let access = opt_cstring(
            "the access key (ImportRequest::credentials)",
            req.access_key.as_deref(),
        )?;
        let secret = opt_cstring(
            "the secret key (ImportRequest::credentials)",
            req.secret_key.as_deref(),
        )?;
        let session = opt_cstring(
            "the session token (ImportRequest::session_token)",
            req.session_token.as_deref(),
        )?;

        let mut raw = std::mem::MaybeUninit::<sys::mj_import_request>::uninit();
        // SAFETY: init writes the whole struct.
        let mut raw = unsafe {
            sys::mj_import_request_init(
                raw.as_mut_ptr(),
                std::mem::size_of::<sys::mj_import_request>() as u32,
            );
            raw.assume_init()
        };
        raw.collection_name = name.as_ptr();
        raw.partition_name = ptr(&partition);
        raw.files = if file_ptrs.is_empty() {
            null()
        } else {
            file_ptrs.as_ptr()
        };
        raw.file_count = file_ptrs.len();
        raw.group_sizes = if sizes.is_empty() {
            null()
        } else {
            sizes.as_ptr()
        };
        raw.group_count = sizes.len();
        if !key_ptrs.is_empty() {
            raw.option_keys = key_ptrs.as_ptr();
            raw.option_values = value_ptrs.as_ptr();
            raw.option_count = key_ptrs.len();
        }
        raw.volume_name = ptr(&volume);
        raw.access_key = ptr(&access);
        raw.secret_key = ptr(&secret);
        raw.session_token = ptr(&session);

        let mut out: *mut std::ffi::c_char = null_mut();
        let mut done = sys::mj_create_outcome {
            struct_size: std::mem::size_of::<sys::mj_create_outcome>() as u32,
            ..Default::default()
        };
        self.with_raw(
            // SAFETY: every pointer in raw outlives the call.
            |call, err| unsafe {
                sys::mj_bulk_import_ex(&mut out, &mut done, self.client.as_ptr(), &raw, call, err)
            },
        )?;
        // SAFETY: on success out is an owned string; copy, then free it.
        unsafe {
            let id = string(out);
            sys::mj_free(out as *mut c_void);
            Ok((id, CreateOutcome::from_raw(&done)))
        }
    }

    /// Reads one import job with its per-file details
    /// (`POST /v2/vectordb/jobs/import/describe`).
    ///
    /// Errors: [`ErrorKind::InvalidArgument`] (empty or malformed id),
    /// [`ErrorKind::NotFound`], transport, auth and protocol categories.
    pub fn get_import_progress(&self, job_id: &str) -> Result<ImportJob> {
        let id = cstring("the job id", job_id)?;
        let mut out = null_mut();
        self.with_raw(
            // SAFETY: out and id are valid for the call.
            |call, err| unsafe {
                sys::mj_get_import_progress(&mut out, self.client.as_ptr(), id.as_ptr(), call, err)
            },
        )?;
        // SAFETY: on success out is an owned job.
        unsafe { take_import_job(out) }
            .ok_or_else(|| Error::local(ErrorKind::Internal, "describe returned no job"))
    }

    /// Lists import jobs (`POST /v2/vectordb/jobs/import/list`); `None` or
    /// `""` lists every collection's jobs. On Zilliz Cloud it walks every
    /// page. Listed jobs carry only id, collection, state, progress and reason.
    pub fn list_import_jobs(&self, collection_name: Option<&str>) -> Result<Vec<ImportJob>> {
        let name = opt_cstring("the collection name", collection_name)?;
        let mut out = null_mut();
        self.with_raw(
            // SAFETY: out and name are valid for the call.
            |call, err| unsafe {
                sys::mj_list_import_jobs(&mut out, self.client.as_ptr(), ptr(&name), call, err)
            },
        )?;
        // SAFETY: on success out is an owned list; copy, then free it.
        unsafe {
            let jobs = if out.is_null() {
                Vec::new()
            } else {
                import_jobs(&*out)
            };
            sys::mj_import_job_list_free(out);
            Ok(jobs)
        }
    }

    /// Reads one page of import jobs. On Zilliz Cloud walk the pages while
    /// `current_page * page_size < total_count`; open-source Milvus does not
    /// page: page 1 holds every job and later pages are empty.
    ///
    /// Errors: [`ErrorKind::InvalidArgument`] (page size or page out of
    /// range), and those of [`list_import_jobs`](Self::list_import_jobs).
    pub fn list_import_jobs_page(&self, req: &ImportListRequest) -> Result<ImportJobPage> {
        let name = opt_cstring(
            "the collection name (ImportListRequest::collection)",
            req.collection_name.as_deref(),
        )?;
        let mut raw = std::mem::MaybeUninit::<sys::mj_import_list_request>::uninit();
        // SAFETY: init writes the whole struct.
        let mut raw = unsafe {
            sys::mj_import_list_request_init(
                raw.as_mut_ptr(),
                std::mem::size_of::<sys::mj_import_list_request>() as u32,
            );
            raw.assume_init()
        };
        raw.collection_name = ptr(&name);
        raw.page_size = req.page_size;
        raw.current_page = req.current_page;
        let mut out = null_mut();
        self.with_raw(
            // SAFETY: every pointer outlives the call.
            |call, err| unsafe {
                sys::mj_list_import_jobs_page(&mut out, self.client.as_ptr(), &raw, call, err)
            },
        )?;
        if out.is_null() {
            return Err(Error::local(ErrorKind::Internal, "list returned no page"));
        }
        // SAFETY: on success out is an owned list; copy, then free it.
        unsafe {
            let page = ImportJobPage::from_raw(out);
            sys::mj_import_job_list_free(out);
            Ok(page)
        }
    }

    /// Commits an import job waiting in state Uncommitted
    /// (`POST .../import/commit`).
    ///
    /// Errors: [`ErrorKind::InvalidArgument`] (bad id, or the job is not
    /// Uncommitted), [`ErrorKind::NotFound`], transport, auth and protocol.
    pub fn commit_import(&self, job_id: &str) -> Result<()> {
        let id = cstring("the job id", job_id)?;
        self.with_raw(
            // SAFETY: id is valid for the call.
            |call, err| unsafe {
                sys::mj_commit_import(self.client.as_ptr(), id.as_ptr(), call, err)
            },
        )
    }

    /// Aborts an import job that has not ended (`POST .../import/abort`).
    /// Errors as [`commit_import`](Self::commit_import).
    pub fn abort_import(&self, job_id: &str) -> Result<()> {
        let id = cstring("the job id", job_id)?;
        self.with_raw(
            // SAFETY: id is valid for the call.
            |call, err| unsafe {
                sys::mj_abort_import(self.client.as_ptr(), id.as_ptr(), call, err)
            },
        )
    }
}

/// Copies and frees an owned refresh job (NULL gives None).
pub(crate) unsafe fn take_refresh_job(p: *mut sys::mj_refresh_job) -> Option<RefreshJob> {
    if p.is_null() {
        return None;
    }
    let j = RefreshJob::from_raw(p);
    sys::mj_refresh_job_free(p);
    Some(j)
}

/// Copies and frees an owned import job (NULL gives None).
pub(crate) unsafe fn take_import_job(p: *mut sys::mj_import_job) -> Option<ImportJob> {
    if p.is_null() {
        return None;
    }
    let j = ImportJob::from_raw(p);
    sys::mj_import_job_free(p);
    Some(j)
}

pub(crate) fn finish_wait(
    status: sys::mj_status,
    err: *mut sys::mj_error,
    job: Option<Job>,
) -> Result<Option<Job>> {
    if status == sys::MJ_OK {
        // SAFETY: err is NULL or owned.
        unsafe { sys::mj_error_free(err) };
        return Ok(job);
    }
    // SAFETY: err is NULL or owned.
    Err(unsafe { Error::from_owned(status, err) }.with_job(job))
}

/// A closure behind a C callback; a panic is kept and resumed after the call.
pub(crate) struct Trampoline<F> {
    pub(crate) f: F,
    pub(crate) panic: Option<Box<dyn Any + Send + 'static>>,
}

impl<F> Trampoline<F> {
    pub(crate) fn invoke(&mut self, g: impl FnOnce(&mut F)) {
        if self.panic.is_some() {
            return;
        }
        if let Err(p) = catch_unwind(AssertUnwindSafe(|| g(&mut self.f))) {
            self.panic = Some(p);
        }
    }
}

unsafe extern "C" fn refresh_progress<F: FnMut(&RefreshJob)>(
    job: *const sys::mj_refresh_job,
    user: *mut c_void,
) {
    let t = &mut *(user as *mut Trampoline<F>);
    if job.is_null() {
        return;
    }
    let job = RefreshJob::from_raw(job);
    t.invoke(|f| f(&job));
}

unsafe extern "C" fn import_progress<F: FnMut(&ImportJob)>(
    job: *const sys::mj_import_job,
    user: *mut c_void,
) {
    let t = &mut *(user as *mut Trampoline<F>);
    if job.is_null() {
        return;
    }
    let job = ImportJob::from_raw(job);
    t.invoke(|f| f(&job));
}

/// How a create's job id was had (`*_with_outcome`). When a create's answer
/// is lost after the request may have reached the server, the library finds
/// out whether it started a job instead of retrying blindly (unless
/// [`ClientBuilder::reconcile_creates`](crate::ClientBuilder::reconcile_creates)
/// is off).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CreateOutcome {
    /// The id was found by reconciliation: the first attempt started the job
    /// and its answer was lost.
    pub recovered: bool,
    /// Create requests sent (or tried).
    pub attempts: i32,
}

impl CreateOutcome {
    fn from_raw(raw: &sys::mj_create_outcome) -> CreateOutcome {
        CreateOutcome {
            recovered: raw.recovered != 0,
            attempts: raw.attempts,
        }
    }
}
