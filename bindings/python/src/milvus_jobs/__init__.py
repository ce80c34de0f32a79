"""milvus_jobs: external-collection refresh and bulk import jobs of Milvus and
Zilliz Cloud, over the C library libmilvus_jobs.

    from milvus_jobs import MilvusJobsClient

    with MilvusJobsClient("http://127.0.0.1:19530", token="root:Milvus") as client:
        job_id = client.bulk_import("books", files=[["books/part1.json"]])
        job = client.wait_for_import(job_id, on_progress=lambda j: print(j.progress))

    # asyncio: the same calls as coroutines (milvus_jobs.aio)
    async with AsyncMilvusJobsClient("http://127.0.0.1:19530") as client:
        job = await client.wait_for_import(await client.bulk_import("books", files=[["a.json"]]))

The library is looked for in this order: the copy `pip install` bundled in the
package (milvus_jobs/lib/), MILVUS_JOBS_LIBRARY (the path of a
libmilvus_jobs.so), then the system loader.
"""

from ._client import (
    CancelToken,
    ClientStats,
    MilvusJobsClient,
    WatchEvent,
    Watcher,
    library_version,
    status_description,
    status_name,
)
from ._errors import (
    AmbiguousError,
    CancelledError,
    DeadlineExceededError,
    DuplicateJobError,
    InternalError,
    InvalidArgumentError,
    JobFailedError,
    JobLostError,
    MilvusJobsError,
    NotFoundError,
    OutOfMemoryError,
    PermissionDeniedError,
    ProtocolError,
    RateLimitedError,
    ServerError,
    Hint,
    Status,
    TlsError,
    TransportError,
    UnauthenticatedError,
    UnsupportedError,
)
from ._ffi import LibraryNotFoundError
from ._types import (
    ZILLIZ_CLOUD_PROJECT_ENDPOINT,
    ZILLIZ_CLOUD_URI,
    ZILLIZ_CLOUD_URI_CN,
    Deployment,
    ImportFile,
    ImportFileState,
    ImportJob,
    ImportJobId,
    ImportJobList,
    ImportState,
    JobKind,
    RefreshJob,
    RefreshJobId,
    RefreshState,
    SnapshotJob,
    SnapshotState,
)
from .bulk_import import bulk_import, get_import_progress, list_import_jobs
from .aio import AsyncMilvusJobsClient, AsyncWatcher

__version__ = "0.5.0"

__all__ = [
    "AsyncMilvusJobsClient",
    "AsyncWatcher",
    "CancelToken",
    "CancelledError",
    "ClientStats",
    "DeadlineExceededError",
    "Deployment",
    "DuplicateJobError",
    "ImportFile",
    "ImportFileState",
    "ImportJob",
    "ImportJobList",
    "ImportState",
    "InternalError",
    "InvalidArgumentError",
    "JobFailedError",
    "JobKind",
    "JobLostError",
    "AmbiguousError",
    "ImportJobId",
    "RefreshJobId",
    "LibraryNotFoundError",
    "MilvusJobsClient",
    "MilvusJobsError",
    "NotFoundError",
    "OutOfMemoryError",
    "PermissionDeniedError",
    "ProtocolError",
    "RateLimitedError",
    "RefreshJob",
    "RefreshState",
    "SnapshotJob",
    "SnapshotState",
    "ServerError",
    "Hint",
    "Status",
    "TlsError",
    "TransportError",
    "UnauthenticatedError",
    "UnsupportedError",
    "WatchEvent",
    "Watcher",
    "ZILLIZ_CLOUD_PROJECT_ENDPOINT",
    "ZILLIZ_CLOUD_URI",
    "ZILLIZ_CLOUD_URI_CN",
    "bulk_import",
    "get_import_progress",
    "library_version",
    "list_import_jobs",
    "status_description",
    "status_name",
]
