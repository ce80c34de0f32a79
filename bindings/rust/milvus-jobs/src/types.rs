//! Owned job types and request types.
use crate::raw::{field_end, has_field, string};
use milvus_jobs_sys as sys;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch as a `SystemTime`; `None` for 0 (the
/// library's "not set").
pub fn system_time_from_ms(ms: i64) -> Option<SystemTime> {
    match ms {
        0 => None,
        ms if ms > 0 => UNIX_EPOCH.checked_add(Duration::from_millis(ms as u64)),
        ms => UNIX_EPOCH.checked_sub(Duration::from_millis(ms.unsigned_abs())),
    }
}

// ------------------------------------------------------------------ states

/// The state of a refresh job. Open: a state this binding does not know is
/// kept by name in [`RefreshState::Unknown`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RefreshState {
    /// "RefreshPending".
    Pending,
    /// "RefreshInProgress".
    InProgress,
    /// "RefreshCompleted" (terminal).
    Completed,
    /// "RefreshFailed" (terminal; see the job's reason).
    Failed,
    /// A state name the library does not know, as the server sent it.
    Unknown(String),
}

impl RefreshState {
    pub(crate) fn from_raw(state: i32, name: String) -> RefreshState {
        match state {
            sys::MJ_REFRESH_STATE_PENDING => RefreshState::Pending,
            sys::MJ_REFRESH_STATE_IN_PROGRESS => RefreshState::InProgress,
            sys::MJ_REFRESH_STATE_COMPLETED => RefreshState::Completed,
            sys::MJ_REFRESH_STATE_FAILED => RefreshState::Failed,
            _ => RefreshState::Unknown(name),
        }
    }

    /// Whether the job has ended (Completed or Failed).
    pub fn is_terminal(&self) -> bool {
        matches!(self, RefreshState::Completed | RefreshState::Failed)
    }

    /// The server's name of the state, e.g. "RefreshInProgress".
    pub fn as_str(&self) -> &str {
        match self {
            RefreshState::Pending => "RefreshPending",
            RefreshState::InProgress => "RefreshInProgress",
            RefreshState::Completed => "RefreshCompleted",
            RefreshState::Failed => "RefreshFailed",
            RefreshState::Unknown(s) => s,
        }
    }
}

impl fmt::Display for RefreshState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The state of an import job (open-source Milvus and Zilliz Cloud). Open:
/// a state this binding does not know is kept in [`ImportState::Unknown`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ImportState {
    /// "None": the server does not know the state.
    None,
    /// "Pending".
    Pending,
    /// "Importing".
    Importing,
    /// "Completed" (terminal).
    Completed,
    /// "Failed" (terminal; see the job's reason).
    Failed,
    /// "Uncommitted": waits for [`Client::commit_import`](crate::Client::commit_import).
    Uncommitted,
    /// "Committing".
    Committing,
    /// A state name the library does not know, as the server sent it.
    Unknown(String),
}

impl ImportState {
    pub(crate) fn from_raw(state: i32, name: String) -> ImportState {
        match state {
            sys::MJ_IMPORT_STATE_NONE => ImportState::None,
            sys::MJ_IMPORT_STATE_PENDING => ImportState::Pending,
            sys::MJ_IMPORT_STATE_IMPORTING => ImportState::Importing,
            sys::MJ_IMPORT_STATE_COMPLETED => ImportState::Completed,
            sys::MJ_IMPORT_STATE_FAILED => ImportState::Failed,
            sys::MJ_IMPORT_STATE_UNCOMMITTED => ImportState::Uncommitted,
            sys::MJ_IMPORT_STATE_COMMITTING => ImportState::Committing,
            _ => ImportState::Unknown(name),
        }
    }

    /// Whether the job has ended (Completed or Failed). An Uncommitted job
    /// has not ended: it waits for a commit.
    pub fn is_terminal(&self) -> bool {
        matches!(self, ImportState::Completed | ImportState::Failed)
    }

    /// The server's name of the state, e.g. "Importing".
    pub fn as_str(&self) -> &str {
        match self {
            ImportState::None => "None",
            ImportState::Pending => "Pending",
            ImportState::Importing => "Importing",
            ImportState::Completed => "Completed",
            ImportState::Failed => "Failed",
            ImportState::Uncommitted => "Uncommitted",
            ImportState::Committing => "Committing",
            ImportState::Unknown(s) => s,
        }
    }
}

impl fmt::Display for ImportState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The state of one file (task) of an import job: a different set of names
/// from [`ImportState`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ImportFileState {
    /// "None".
    None,
    /// "Pending".
    Pending,
    /// "InProgress".
    InProgress,
    /// "Failed".
    Failed,
    /// "Completed".
    Completed,
    /// "Retry".
    Retry,
    /// A state name the library does not know, as the server sent it.
    Unknown(String),
}

impl ImportFileState {
    pub(crate) fn from_raw(state: i32, name: String) -> ImportFileState {
        match state {
            sys::MJ_IMPORT_FILE_STATE_NONE => ImportFileState::None,
            sys::MJ_IMPORT_FILE_STATE_PENDING => ImportFileState::Pending,
            sys::MJ_IMPORT_FILE_STATE_IN_PROGRESS => ImportFileState::InProgress,
            sys::MJ_IMPORT_FILE_STATE_FAILED => ImportFileState::Failed,
            sys::MJ_IMPORT_FILE_STATE_COMPLETED => ImportFileState::Completed,
            sys::MJ_IMPORT_FILE_STATE_RETRY => ImportFileState::Retry,
            _ => ImportFileState::Unknown(name),
        }
    }

    /// The server's name of the state, e.g. "InProgress".
    pub fn as_str(&self) -> &str {
        match self {
            ImportFileState::None => "None",
            ImportFileState::Pending => "Pending",
            ImportFileState::InProgress => "InProgress",
            ImportFileState::Failed => "Failed",
            ImportFileState::Completed => "Completed",
            ImportFileState::Retry => "Retry",
            ImportFileState::Unknown(s) => s,
        }
    }
}

impl fmt::Display for ImportFileState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// ------------------------------------------------------------------ jobs

/// A refresh job as the server reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RefreshJob {
    /// The job id (exact: ids exceed 2^53).
    pub job_id: i64,
    /// The external collection.
    pub collection_name: String,
    /// The state.
    pub state: RefreshState,
    /// 0..100.
    pub progress: i64,
    /// Why the job failed; "" when the server sent none.
    pub reason: String,
    /// The external source.
    pub external_source: String,
    /// The spec as the server returns it: secrets are redacted to "***".
    pub external_spec: String,
    /// Start, milliseconds since the Unix epoch.
    pub start_time_ms: i64,
    /// End, milliseconds since the Unix epoch; 0 until the job ends.
    pub end_time_ms: i64,
}

impl RefreshJob {
    /// Copies a borrowed `mj_refresh_job`.
    pub(crate) unsafe fn from_raw(j: *const sys::mj_refresh_job) -> RefreshJob {
        let j = &*j;
        RefreshJob {
            job_id: j.job_id,
            collection_name: string(j.collection_name),
            state: RefreshState::from_raw(j.state, string(j.state_name)),
            progress: j.progress,
            reason: string(j.reason),
            external_source: string(j.external_source),
            external_spec: string(j.external_spec),
            start_time_ms: j.start_time_ms,
            end_time_ms: j.end_time_ms,
        }
    }

    /// [`start_time_ms`](Self::start_time_ms) as a `SystemTime`, `None` when 0.
    pub fn start_time(&self) -> Option<SystemTime> {
        system_time_from_ms(self.start_time_ms)
    }

    /// [`end_time_ms`](Self::end_time_ms) as a `SystemTime`, `None` until the job ends.
    pub fn end_time(&self) -> Option<SystemTime> {
        system_time_from_ms(self.end_time_ms)
    }
}

/// One file (task) of an import job.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportFile {
    /// As the server formats it; open-source Milvus sends a Go slice, "[a b]".
    pub file_name: String,
    /// Bytes.
    pub file_size: i64,
    /// 0..100.
    pub progress: i64,
    /// The file's state.
    pub state: ImportFileState,
    /// Rows imported.
    pub imported_rows: i64,
    /// Rows in total.
    pub total_rows: i64,
    /// RFC3339 as sent, "" until complete.
    pub complete_time: String,
    /// `complete_time` parsed, ms since the epoch; 0 when empty or malformed.
    pub complete_time_ms: i64,
    /// Why the file failed; "" when none.
    pub reason: String,
}

impl ImportFile {
    unsafe fn from_raw(f: *const sys::mj_import_file) -> ImportFile {
        let f = &*f;
        ImportFile {
            file_name: string(f.file_name),
            file_size: f.file_size,
            progress: f.progress,
            state: ImportFileState::from_raw(f.state, string(f.state_name)),
            imported_rows: f.imported_rows,
            total_rows: f.total_rows,
            complete_time: string(f.complete_time),
            complete_time_ms: f.complete_time_ms,
            reason: string(f.reason),
        }
    }

    /// [`complete_time_ms`](Self::complete_time_ms) as a `SystemTime`.
    pub fn complete_time(&self) -> Option<SystemTime> {
        system_time_from_ms(self.complete_time_ms)
    }
}

/// An import job. Jobs read from a list carry only id, collection, state,
/// progress and reason; numbers the server did not send are 0.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportJob {
    /// Opaque string id: numeric on Milvus, "job-..." on Zilliz Cloud.
    pub job_id: String,
    /// The collection.
    pub collection_name: String,
    /// The state.
    pub state: ImportState,
    /// 0..100.
    pub progress: i64,
    /// Why the job failed; "" when none.
    pub reason: String,
    /// Rows imported.
    pub imported_rows: i64,
    /// Rows in total.
    pub total_rows: i64,
    /// Bytes, the sum over details.
    pub file_size: i64,
    /// RFC3339 as sent ("" when absent).
    pub create_time: String,
    /// `create_time` parsed, ms since the epoch; 0 when empty or malformed.
    pub create_time_ms: i64,
    /// RFC3339 as sent ("" until complete).
    pub complete_time: String,
    /// `complete_time` parsed, ms since the epoch; 0 when empty or malformed.
    pub complete_time_ms: i64,
    /// Per-file details (describe only).
    pub details: Vec<ImportFile>,
    /// The top-level fileName Zilliz Cloud sends; "" otherwise.
    pub file_name: String,
}

impl ImportJob {
    /// Copies a borrowed `mj_import_job`.
    pub(crate) unsafe fn from_raw(j: *const sys::mj_import_job) -> ImportJob {
        let j = &*j;
        let details = if j.details.is_null() {
            Vec::new()
        } else {
            std::slice::from_raw_parts(j.details, j.detail_count)
                .iter()
                .filter(|f| !f.is_null())
                .map(|f| ImportFile::from_raw(*f))
                .collect()
        };
        let file_name = if has_field(j.struct_size, field_end!(sys::mj_import_job, file_name)) {
            string(j.file_name)
        } else {
            String::new()
        };
        ImportJob {
            job_id: string(j.job_id),
            collection_name: string(j.collection_name),
            state: ImportState::from_raw(j.state, string(j.state_name)),
            progress: j.progress,
            reason: string(j.reason),
            imported_rows: j.imported_rows,
            total_rows: j.total_rows,
            file_size: j.file_size,
            create_time: string(j.create_time),
            create_time_ms: j.create_time_ms,
            complete_time: string(j.complete_time),
            complete_time_ms: j.complete_time_ms,
            details,
            file_name,
        }
    }

    /// [`create_time_ms`](Self::create_time_ms) as a `SystemTime`.
    pub fn create_time(&self) -> Option<SystemTime> {
        system_time_from_ms(self.create_time_ms)
    }

    /// [`complete_time_ms`](Self::complete_time_ms) as a `SystemTime`.
    pub fn complete_time(&self) -> Option<SystemTime> {
        system_time_from_ms(self.complete_time_ms)
    }
}

/// One page of import jobs ([`Client::list_import_jobs_page`](crate::Client::list_import_jobs_page)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportJobPage {
    /// The jobs of this page.
    pub jobs: Vec<ImportJob>,
    /// Jobs in all pages (Zilliz Cloud); the number of jobs when not paged.
    pub total_count: i64,
    /// The page size the server used; 0 when the list was not paged.
    pub page_size: i64,
    /// The 1-based number of this page; 0 when the list was not paged.
    pub current_page: i64,
}

impl ImportJobPage {
    pub(crate) unsafe fn from_raw(l: *const sys::mj_import_job_list) -> ImportJobPage {
        let l = &*l;
        let jobs = import_jobs(l);
        let paged = |end| has_field(l.struct_size, end);
        ImportJobPage {
            total_count: if paged(field_end!(sys::mj_import_job_list, total_count)) {
                l.total_count
            } else {
                jobs.len() as i64
            },
            page_size: if paged(field_end!(sys::mj_import_job_list, page_size)) {
                l.page_size
            } else {
                0
            },
            current_page: if paged(field_end!(sys::mj_import_job_list, current_page)) {
                l.current_page
            } else {
                0
            },
            jobs,
        }
    }
}

pub(crate) unsafe fn import_jobs(l: &sys::mj_import_job_list) -> Vec<ImportJob> {
    if l.items.is_null() {
        return Vec::new();
    }
    std::slice::from_raw_parts(l.items, l.count)
        .iter()
        .filter(|j| !j.is_null())
        .map(|j| ImportJob::from_raw(*j))
        .collect()
}

pub(crate) unsafe fn refresh_jobs(l: &sys::mj_refresh_job_list) -> Vec<RefreshJob> {
    if l.items.is_null() {
        return Vec::new();
    }
    std::slice::from_raw_parts(l.items, l.count)
        .iter()
        .filter(|j| !j.is_null())
        .map(|j| RefreshJob::from_raw(*j))
        .collect()
}

/// A job of any kind (a wait's last read, a watcher event). Non-exhaustive:
/// later kinds of job are added as variants.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Job {
    /// An external-collection refresh job.
    Refresh(RefreshJob),
    /// A bulk import job.
    Import(ImportJob),
    /// A snapshot restore job. Since 0.4.
    SnapshotRestore(crate::snapshot::SnapshotJob),
}

impl Job {
    /// The refresh job, if this is one.
    pub fn as_refresh(&self) -> Option<&RefreshJob> {
        match self {
            Job::Refresh(j) => Some(j),
            _ => None,
        }
    }

    /// The import job, if this is one.
    pub fn as_import(&self) -> Option<&ImportJob> {
        match self {
            Job::Import(j) => Some(j),
            _ => None,
        }
    }

    /// The snapshot restore job, if this is one.
    pub fn as_snapshot_restore(&self) -> Option<&crate::snapshot::SnapshotJob> {
        match self {
            Job::SnapshotRestore(j) => Some(j),
            _ => None,
        }
    }
}

// ------------------------------------------------------------------ requests

/// What [`Client::refresh_external_collection`](crate::Client::refresh_external_collection) sends.
///
/// Source and spec go together: both (a new source) or neither (refresh from
/// the source and spec the collection already has).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshRequest {
    pub(crate) collection_name: String,
    pub(crate) external_source: Option<String>,
    pub(crate) external_spec: Option<String>,
}

impl RefreshRequest {
    /// A refresh of `collection_name` from its persisted source and spec.
    pub fn new(collection_name: impl Into<String>) -> RefreshRequest {
        RefreshRequest {
            collection_name: collection_name.into(),
            external_source: None,
            external_spec: None,
        }
    }

    /// Refresh from a new source URL (e.g. `"s3://bucket/books_v2"`) and spec
    /// (a JSON object as a string, e.g. `r#"{"format":"parquet"}"#`).
    pub fn source(
        mut self,
        external_source: impl Into<String>,
        external_spec: impl Into<String>,
    ) -> Self {
        self.external_source = Some(external_source.into());
        self.external_spec = Some(external_spec.into());
        self
    }
}

/// What [`Client::bulk_import`](crate::Client::bulk_import) sends.
///
/// Files come in groups; each group is one import unit (a JSON/CSV/Parquet
/// file alone, or the .npy files of one segment together).
#[derive(Clone, PartialEq, Eq)]
pub struct ImportRequest {
    pub(crate) collection_name: String,
    pub(crate) partition_name: Option<String>,
    pub(crate) groups: Vec<Vec<String>>,
    pub(crate) options: Vec<(String, String)>,
    pub(crate) volume_name: Option<String>,
    pub(crate) access_key: Option<String>,
    pub(crate) secret_key: Option<String>,
    pub(crate) session_token: Option<String>,
}

impl fmt::Debug for ImportRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redact = |s: &Option<String>| s.as_ref().map(|_| "***");
        f.debug_struct("ImportRequest")
            .field("collection_name", &self.collection_name)
            .field("partition_name", &self.partition_name)
            .field("groups", &self.groups)
            .field("options", &self.options)
            .field("volume_name", &self.volume_name)
            .field("access_key", &redact(&self.access_key))
            .field("secret_key", &redact(&self.secret_key))
            .field("session_token", &redact(&self.session_token))
            .finish()
    }
}

impl ImportRequest {
    /// An import into `collection_name`; add files with [`file`](Self::file),
    /// [`files`](Self::files) or [`group`](Self::group).
    pub fn new(collection_name: impl Into<String>) -> ImportRequest {
        ImportRequest {
            collection_name: collection_name.into(),
            partition_name: None,
            groups: Vec::new(),
            options: Vec::new(),
            volume_name: None,
            access_key: None,
            secret_key: None,
            session_token: None,
        }
    }

    /// Import into this partition.
    pub fn partition(mut self, partition_name: impl Into<String>) -> Self {
        self.partition_name = Some(partition_name.into());
        self
    }

    /// Adds one file as its own group. Paths are relative to the server's
    /// storage bucket (on Zilliz Cloud: object URLs, or paths in the volume).
    pub fn file(mut self, path: impl Into<String>) -> Self {
        self.groups.push(vec![path.into()]);
        self
    }

    /// Adds several files, each as its own group.
    pub fn files<I, S>(mut self, paths: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.groups
            .extend(paths.into_iter().map(|p| vec![p.into()]));
        self
    }

    /// Adds one group of files that form one import unit together.
    pub fn group<I, S>(mut self, paths: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.groups
            .push(paths.into_iter().map(Into::into).collect());
        self
    }

    /// Adds a server option, e.g. `("timeout", "300s")`.
    pub fn option(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.push((key.into(), value.into()));
        self
    }

    /// `auto_commit` option: `false` leaves the job in state Uncommitted until
    /// [`Client::commit_import`](crate::Client::commit_import).
    pub fn auto_commit(self, auto_commit: bool) -> Self {
        self.option("auto_commit", if auto_commit { "true" } else { "false" })
    }

    /// Zilliz Cloud only: the files are paths inside this volume.
    pub fn volume(mut self, volume_name: impl Into<String>) -> Self {
        self.volume_name = Some(volume_name.into());
        self
    }

    /// Zilliz Cloud only: storage credentials for the object URLs. Sent to
    /// the server only; never logged, never in an error message.
    pub fn credentials(
        mut self,
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Self {
        self.access_key = Some(access_key.into());
        self.secret_key = Some(secret_key.into());
        self
    }

    /// Zilliz Cloud only: a storage session token, with [`credentials`](Self::credentials).
    pub fn session_token(mut self, session_token: impl Into<String>) -> Self {
        self.session_token = Some(session_token.into());
        self
    }
}

/// What [`Client::list_import_jobs_page`](crate::Client::list_import_jobs_page) sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportListRequest {
    pub(crate) collection_name: Option<String>,
    pub(crate) page_size: i64,
    pub(crate) current_page: i64,
}

impl ImportListRequest {
    /// Page 1 of every collection's jobs, with the default page size (10).
    pub fn new() -> ImportListRequest {
        ImportListRequest::default()
    }

    /// Only this collection's jobs.
    pub fn collection(mut self, collection_name: impl Into<String>) -> Self {
        self.collection_name = Some(collection_name.into());
        self
    }

    /// Jobs per page (1..=100; 0 = the default, 10).
    pub fn page_size(mut self, page_size: i64) -> Self {
        self.page_size = page_size;
        self
    }

    /// The 1-based page to read (0 = 1).
    pub fn page(mut self, current_page: i64) -> Self {
        self.current_page = current_page;
        self
    }
}
