"""Job states (open enums) and job records (dataclasses), copied out of C
(by milvus_jobs._native: native.c builds these objects)."""

from __future__ import annotations

import ctypes
import enum
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterator, List, Optional, overload

from . import _ffi


class RefreshState(enum.IntEnum):
    """State of a refresh job. UNKNOWN: a name this library does not know (see state_name)."""

    UNKNOWN = 0
    PENDING = 1
    IN_PROGRESS = 2
    COMPLETED = 3
    FAILED = 4

    @property
    def is_terminal(self) -> bool:
        return self in (RefreshState.COMPLETED, RefreshState.FAILED)


class ImportState(enum.IntEnum):
    """State of an import job. UNKNOWN: a name this library does not know (see state_name)."""

    UNKNOWN = 0
    NONE = 1
    PENDING = 2
    IMPORTING = 3
    COMPLETED = 4
    FAILED = 5
    UNCOMMITTED = 6
    COMMITTING = 7

    @property
    def is_terminal(self) -> bool:
        return self in (ImportState.COMPLETED, ImportState.FAILED)


class ImportFileState(enum.IntEnum):
    """State of one file (task) of an import job."""

    UNKNOWN = 0
    NONE = 1
    PENDING = 2
    IN_PROGRESS = 3
    FAILED = 4
    COMPLETED = 5
    RETRY = 6


class SnapshotState(enum.IntEnum):
    """State of a snapshot restore job. UNKNOWN: a name this library does not know (see state_name)."""

    UNKNOWN = 0
    PENDING = 1
    EXECUTING = 2
    COMPLETED = 3
    FAILED = 4
    NONE = 5

    @property
    def is_terminal(self) -> bool:
        return self in (SnapshotState.COMPLETED, SnapshotState.FAILED)


class Deployment(enum.IntEnum):
    """Where the server is: open-source Milvus, or the Zilliz Cloud control plane."""

    MILVUS = 0
    ZILLIZ_CLOUD = 1


class JobKind(enum.IntEnum):
    REFRESH = 1
    IMPORT = 2
    SNAPSHOT_RESTORE = 3


#: The public Zilliz Cloud control plane, and its China endpoint.
ZILLIZ_CLOUD_URI = "https://api.cloud.zilliz.com"
ZILLIZ_CLOUD_URI_CN = "https://api.cloud.zilliz.com.cn"
#: The default project endpoint template (MilvusJobsClient(project_endpoint=...)).
ZILLIZ_CLOUD_PROJECT_ENDPOINT = "https://{project_id}.{region_id}.api.zillizcloud.com"


def _time(ms: int) -> Optional[datetime]:
    """Milliseconds since the epoch as an aware UTC datetime; None for 0."""
    if ms == 0:
        return None
    return datetime.fromtimestamp(ms / 1000.0, tz=timezone.utc)


@dataclass(frozen=True)
class RefreshJob:
    """A refresh job of an external collection, as the server reported it."""

    job_id: int
    collection_name: str
    state: RefreshState
    #: The state's name as the server sent it, e.g. "RefreshInProgress".
    state_name: str
    #: 0..100
    progress: int
    #: Why the job failed; "" when the server sent none.
    reason: str
    external_source: str
    #: As the server returns it: secrets redacted to "***".
    external_spec: str
    start_time_ms: int
    end_time_ms: int

    @property
    def start_time(self) -> Optional[datetime]:
        return _time(self.start_time_ms)

    @property
    def end_time(self) -> Optional[datetime]:
        """None until the job ends."""
        return _time(self.end_time_ms)

    @property
    def is_terminal(self) -> bool:
        return self.state.is_terminal

    @classmethod
    def _from_c(cls, c: _ffi.RefreshJob) -> "RefreshJob":
        # milvus_jobs._native builds the object in C (native.c).
        return _ffi.native().refresh_job(ctypes.addressof(c))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ImportFile:
    """One file group (task) of an import job."""

    #: As the server formats it; open-source Milvus sends a Go slice, "[a b]".
    file_name: str
    file_size: int
    progress: int
    state: ImportFileState
    state_name: str
    imported_rows: int
    total_rows: int
    #: RFC 3339 as sent, "" until complete.
    complete_time_text: str
    complete_time_ms: int
    reason: str

    @property
    def complete_time(self) -> Optional[datetime]:
        return _time(self.complete_time_ms)


@dataclass(frozen=True)
class ImportJob:
    """An import job. Jobs read from a list carry only id, collection, state,
    progress and reason; the other numbers are 0 there."""

    #: Opaque string id: numeric on Milvus, "job-..." on Zilliz Cloud.
    job_id: str
    collection_name: str
    state: ImportState
    state_name: str
    progress: int
    reason: str
    imported_rows: int
    total_rows: int
    #: Bytes, the sum over details.
    file_size: int
    #: RFC 3339 as sent ("" when absent); _ms parsed from it (0 when empty).
    create_time_text: str
    create_time_ms: int
    complete_time_text: str
    complete_time_ms: int
    details: List[ImportFile] = field(default_factory=list)
    #: The top-level fileName Zilliz Cloud sends; "" otherwise.
    file_name: str = ""

    @property
    def create_time(self) -> Optional[datetime]:
        return _time(self.create_time_ms)

    @property
    def complete_time(self) -> Optional[datetime]:
        return _time(self.complete_time_ms)

    @property
    def is_terminal(self) -> bool:
        return self.state.is_terminal

    @classmethod
    def _from_c(cls, c: _ffi.ImportJob) -> "ImportJob":
        # milvus_jobs._native builds the job and its files in C (native.c).
        return _ffi.native().import_job(ctypes.addressof(c))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ImportJobList:
    """A list (or one page) of import jobs. Behaves as a sequence of ImportJob.

    total_count, page_size and current_page are filled by paged lists (Zilliz
    Cloud); on open-source Milvus total_count == len(jobs) and the others are 0.
    """

    jobs: List[ImportJob]
    total_count: int = 0
    page_size: int = 0
    current_page: int = 0

    def __len__(self) -> int:
        return len(self.jobs)

    def __iter__(self) -> Iterator[ImportJob]:
        return iter(self.jobs)

    @overload
    def __getitem__(self, i: int) -> ImportJob: ...

    @overload
    def __getitem__(self, i: slice) -> List[ImportJob]: ...

    def __getitem__(self, i: "int | slice") -> "ImportJob | List[ImportJob]":
        return self.jobs[i]

    @classmethod
    def _from_c(cls, c: _ffi.ImportJobList) -> "ImportJobList":
        return cls(
            jobs=_ffi.native().import_jobs(ctypes.addressof(c)),
            total_count=int(c.total_count),
            page_size=int(c.page_size),
            current_page=int(c.current_page),
        )



class RefreshJobId(int):
    """The id of a refresh job a create returned: an int, plus how it was had.

    recovered: True when the first refresh's answer was lost and
        reconciliation found the job it started (a second refresh named it
        as running); False when the server answered the create itself.
    attempts: refresh requests sent (2 when reconciliation sent it again).
    """

    recovered: bool
    attempts: int

    def __new__(cls, value: int, *, recovered: bool = False, attempts: int = 1) -> "RefreshJobId":
        self = super().__new__(cls, value)
        self.recovered = recovered
        self.attempts = attempts
        return self


class ImportJobId(str):
    """The id of an import job a create returned: a str, plus how it was had.

    recovered: True when the create's answer was lost and reconciliation
        found the job it started (the one recent job with exactly these
        files); False when the server answered the create itself.
    attempts: create requests sent (2 when the first provably started no
        job and was sent again).
    """

    recovered: bool
    attempts: int

    def __new__(cls, value: str, *, recovered: bool = False, attempts: int = 1) -> "ImportJobId":
        self = super().__new__(cls, value)
        self.recovered = recovered
        self.attempts = attempts
        return self
@dataclass(frozen=True)
class SnapshotJob:
    """A snapshot restore job, as the server reported it."""

    #: int64, exact (ids exceed 2^53).
    job_id: int
    snapshot_name: str
    db_name: str
    #: The collection being restored (the target).
    collection_name: str
    state: SnapshotState
    #: The state's name as the server sent it, e.g. "RestoreSnapshotExecuting".
    state_name: str
    #: 0..100
    progress: int
    #: Why the job failed; "" when the server sent none.
    reason: str
    start_time_ms: int
    #: Milliseconds the job has taken so far (until it ended, once it has).
    time_cost_ms: int

    @property
    def start_time(self) -> Optional[datetime]:
        return _time(self.start_time_ms)

    @property
    def is_terminal(self) -> bool:
        return self.state.is_terminal

    @classmethod
    def _from_c(cls, c: _ffi.SnapshotJob) -> "SnapshotJob":
        try:
            state = SnapshotState(int(c.state))
        except ValueError:
            state = SnapshotState.UNKNOWN
        return cls(
            job_id=int(c.job_id),
            snapshot_name=_ffi.text(c.snapshot_name),
            db_name=_ffi.text(c.db_name),
            collection_name=_ffi.text(c.collection_name),
            state=state,
            state_name=_ffi.text(c.state_name),
            progress=int(c.progress),
            reason=_ffi.text(c.reason),
            start_time_ms=int(c.start_time_ms),
            time_cost_ms=int(c.time_cost_ms),
        )
