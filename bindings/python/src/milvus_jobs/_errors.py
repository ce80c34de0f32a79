"""Exceptions: one class per mj_status category, all under MilvusJobsError."""

from __future__ import annotations

import enum
from typing import Any, Dict, List, Optional, Type


class Status(enum.IntEnum):
    """mj_status: the category of a failure (values fixed by the C ABI)."""

    OK = 0
    INVALID_ARGUMENT = 1
    TRANSPORT = 2
    TLS = 3
    TIMEOUT = 4
    CANCELLED = 5
    UNAUTHENTICATED = 6
    PERMISSION_DENIED = 7
    NOT_FOUND = 8
    DUPLICATE_JOB = 9
    RATE_LIMITED = 10
    SERVER = 11
    PROTOCOL = 12
    UNSUPPORTED = 13
    NOMEM = 14
    INTERNAL = 15
    JOB_FAILED = 16
    JOB_LOST = 17
    AMBIGUOUS = 18


class Hint(enum.IntEnum):
    """What the advice at the end of an error's message asks for (values fixed by the C ABI)."""

    NONE = 0
    SET_URI = 1
    SET_TOKEN = 2
    RAISE_TIMEOUT = 3
    RAISE_CONNECT_TIMEOUT = 4
    RAISE_MAX_RESPONSE_BYTES = 5
    RAISE_MAX_LIST_RESPONSE_BYTES = 6
    POLL_RUNNING_JOB = 7
    RAISE_WAIT_TIMEOUT = 8
    SET_CLOUD_PROJECT = 9

    @classmethod
    def of(cls, value: int) -> "Hint":
        try:
            return cls(int(value))
        except ValueError:
            return cls.NONE


#: The advice of each hint in this package's own names (timeouts in seconds).
HINT_ADVICE = {
    Hint.SET_URI: 'pass the server as uri=, e.g. MilvusJobsClient("http://127.0.0.1:19530")',
    Hint.SET_TOKEN: 'pass token= to MilvusJobsClient: an API key, or "user:password"',
    Hint.RAISE_TIMEOUT: "raise timeout= (seconds), on MilvusJobsClient(...) or on this call",
    Hint.RAISE_CONNECT_TIMEOUT: "raise connect_timeout= (seconds) on MilvusJobsClient(...), or check that the server is up",
    Hint.RAISE_MAX_RESPONSE_BYTES: "raise max_response_bytes= on MilvusJobsClient(...)",
    Hint.RAISE_MAX_LIST_RESPONSE_BYTES: (
        "raise max_list_response_bytes= on MilvusJobsClient(...), or list one collection's jobs"
    ),
    Hint.POLL_RUNNING_JOB: (
        "poll the running job: client.get_refresh_external_collection_progress(e.job_id) "
        "or client.wait_for_refresh(e.job_id)"
    ),
    Hint.RAISE_WAIT_TIMEOUT: "raise the wait's timeout= (seconds)",
    Hint.SET_CLOUD_PROJECT: (
        "make the client with project_id= and region_id= instead of cluster_id=: "
        'MilvusJobsClient(token=api_key, project_id="proj-...", region_id="aws-us-west-2") runs refreshes and imports'
    ),
}


class MilvusJobsError(Exception):
    """Base of every error raised by milvus_jobs.

    Attributes:
        status: the raw mj_status value (int).
        category: the enumerator name, e.g. "MJ_ENOT_FOUND".
        message: what failed, why, and what to do (never contains secrets).
        server_code: the `code` of the server's answer, 0 when none.
        server_message: the server's `message`, verbatim ("" when none).
        http_status: the HTTP status of the answer, 0 when none was received.
        request_id: the X-Request-Id sent with the failed request ("" when none).
        trace_id: the server's X-Milvus-Trace-Id ("" when absent).
        job_id: the job the error is about as an int, when the server named
            one (for DuplicateJobError: the refresh already running, ready for
            get_refresh_external_collection_progress(e.job_id)), else None.
        hint: a Hint code for the advice the message ends with (Hint.NONE when none).
        attempts: how many times the request was sent (0: refused before sending).
        retriable: True when the same call may succeed later.
        job: for errors of wait_for_* (JobFailedError, timeouts, cancellation):
            the last job read, when there was one.
        candidates: for AmbiguousError, the ids of the jobs that may be the one
            the lost create started (str; a refresh id in decimal); else [].
    """

    def __init__(
        self,
        message: str,
        *,
        status: int = Status.INTERNAL,
        category: str = "",
        server_code: int = 0,
        server_message: str = "",
        http_status: int = 0,
        request_id: str = "",
        trace_id: str = "",
        job_id: Optional[int] = None,
        hint: int = 0,
        attempts: int = 0,
        retriable: bool = False,
        job: Any = None,
        candidates: Optional[List[str]] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = int(status)
        self.category = category
        self.server_code = server_code
        self.server_message = server_message
        self.http_status = http_status
        self.request_id = request_id
        self.trace_id = trace_id
        self.job_id = job_id
        self.hint = Hint.of(hint)
        self.attempts = attempts
        self.retriable = retriable
        self.job = job
        self.candidates: List[str] = list(candidates or [])

    def __str__(self) -> str:
        extra = []
        if self.server_code and f"server code {self.server_code}" not in self.message:
            extra.append(f"server code {self.server_code}")
        if self.http_status and f"HTTP {self.http_status}" not in self.message:
            extra.append(f"HTTP {self.http_status}")
        suffix = f" ({', '.join(extra)})" if extra else ""
        return f"{self.message}{suffix}"


class InvalidArgumentError(MilvusJobsError, ValueError):
    """An argument was refused, by this library or by the server."""


class TransportError(MilvusJobsError, ConnectionError):
    """The request could not be delivered or its answer not read."""


class TlsError(TransportError):
    """TLS handshake or certificate verification failed."""


class DeadlineExceededError(MilvusJobsError, TimeoutError):
    """The call's deadline passed, or the server answered with a timeout."""


class CancelledError(MilvusJobsError):
    """The call was cancelled through its CancelToken."""


class UnauthenticatedError(MilvusJobsError):
    """Credentials are missing or wrong (HTTP 401, code 1800)."""


class PermissionDeniedError(MilvusJobsError):
    """The credentials lack a privilege (HTTP 403, code 1401)."""


class NotFoundError(MilvusJobsError, LookupError):
    """A job, collection, database or partition does not exist."""


class DuplicateJobError(MilvusJobsError):
    """A refresh of the collection is already running; see `job_id`."""


class RateLimitedError(MilvusJobsError):
    """The server rejected the request for load."""


class ServerError(MilvusJobsError):
    """The server failed (HTTP 5xx or an unmapped code)."""


class ProtocolError(MilvusJobsError):
    """The answer did not follow the protocol."""


class UnsupportedError(MilvusJobsError):
    """The server or this library does not support the operation."""


class OutOfMemoryError(MilvusJobsError, MemoryError):
    """The library could not allocate memory."""


class InternalError(MilvusJobsError):
    """A bug in libmilvus_jobs; please report it with the message."""


class JobFailedError(MilvusJobsError):
    """A waited-on job ended in state Failed; `job` holds it, the message its reason."""


class JobLostError(MilvusJobsError):
    """A waited-on or watched job vanished from the server."""


class AmbiguousError(MilvusJobsError):
    """A create's answer was lost and reconciliation could not tell whether it
    started a job: `candidates` holds the ids of the jobs that may be the one.
    Check them before creating again."""


ERROR_CLASSES: Dict[int, Type[MilvusJobsError]] = {
    Status.INVALID_ARGUMENT: InvalidArgumentError,
    Status.TRANSPORT: TransportError,
    Status.TLS: TlsError,
    Status.TIMEOUT: DeadlineExceededError,
    Status.CANCELLED: CancelledError,
    Status.UNAUTHENTICATED: UnauthenticatedError,
    Status.PERMISSION_DENIED: PermissionDeniedError,
    Status.NOT_FOUND: NotFoundError,
    Status.DUPLICATE_JOB: DuplicateJobError,
    Status.RATE_LIMITED: RateLimitedError,
    Status.SERVER: ServerError,
    Status.PROTOCOL: ProtocolError,
    Status.UNSUPPORTED: UnsupportedError,
    Status.NOMEM: OutOfMemoryError,
    Status.INTERNAL: InternalError,
    Status.JOB_FAILED: JobFailedError,
    Status.JOB_LOST: JobLostError,
    Status.AMBIGUOUS: AmbiguousError,
}


def error_class(status: int) -> Type[MilvusJobsError]:
    """The exception class for an mj_status value (MilvusJobsError if unknown)."""
    return ERROR_CLASSES.get(status, MilvusJobsError)


def make_error(status: int, message: str, job: Optional[Any] = None, **fields: Any) -> MilvusJobsError:
    return error_class(status)(message, status=status, job=job, **fields)
