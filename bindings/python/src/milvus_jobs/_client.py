"""The client, cancel tokens, waiting and the watcher, over the C ABI."""

from __future__ import annotations

import ctypes
import json
import logging
import math
import os
import queue
import threading
import time
from contextlib import contextmanager
from ctypes import POINTER, byref, c_char_p, c_int64, c_size_t, c_void_p
from dataclasses import dataclass
from typing import (
    Any,
    Callable,
    Dict,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    TypeVar,
    Union,
)

from . import _ffi
from ._errors import HINT_ADVICE, CancelledError, Hint, InvalidArgumentError, MilvusJobsError, Status, make_error
from ._ffi import lib, text
from ._types import Deployment, ImportJob, ImportJobId, ImportJobList, JobKind, RefreshJob, RefreshJobId, SnapshotJob

#: A file group: one path, or the paths that form one import unit (e.g. .npy files).
FileGroup = Union[str, Sequence[str]]
OptionValue = Union[str, bool, int]
_T = TypeVar("_T")


def _b(value: Optional[str], name: str = "argument") -> Optional[bytes]:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidArgumentError(
            f"{name} must be a str, got {type(value).__name__}",
            status=Status.INVALID_ARGUMENT,
            category="MJ_EINVALID_ARGUMENT",
        )
    if "\x00" in value:
        # C strings end at the first NUL: "12\x00junk" would act on job 12.
        raise InvalidArgumentError(
            f"{name} contains a NUL character (\\x00) at index {value.index(chr(0))}; "
            "it cannot be sent: remove it",
            status=Status.INVALID_ARGUMENT,
            category="MJ_EINVALID_ARGUMENT",
        )
    return value.encode("utf-8")


def _ms(seconds: Optional[float], name: str) -> int:
    """Seconds (float) as whole milliseconds; None -> 0 (the library's default)."""
    if seconds is None:
        return 0
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise InvalidArgumentError(
            f"{name} must be a number of seconds, got {type(seconds).__name__}",
            status=Status.INVALID_ARGUMENT,
            category="MJ_EINVALID_ARGUMENT",
        )
    if seconds <= 0:
        raise InvalidArgumentError(
            f"{name} must be > 0 seconds (None means the default), got {seconds}",
            status=Status.INVALID_ARGUMENT,
            category="MJ_EINVALID_ARGUMENT",
        )
    return max(1, int(math.ceil(seconds * 1000)))


def _read_error(err: int, status: Optional[int] = None, job: Any = None) -> MilvusJobsError:
    """Builds the exception from a (borrowed) mj_error*."""
    L = lib()
    st = int(L.mj_error_status(err)) if status is None else int(status)
    hint = Hint.of(_ffi.error_hint(err))
    message = text(L.mj_error_message(err))
    if hint in HINT_ADVICE:
        message += f" (in Python: {HINT_ADVICE[hint]})"
    return make_error(
        st,
        message,
        hint=hint,
        job=job,
        category=text(L.mj_status_name(st)),
        server_code=int(L.mj_error_server_code(err)),
        server_message=text(L.mj_error_server_message(err)),
        http_status=int(L.mj_error_http_status(err)),
        request_id=text(L.mj_error_request_id(err)),
        trace_id=text(L.mj_error_trace_id(err)),
        job_id=_ffi.error_job_id(err),
        attempts=int(L.mj_error_attempts(err)),
        retriable=bool(L.mj_error_is_retriable(err)),
        candidates=_ffi.error_candidates(err),
    )


def _take_error(status: int, err: c_void_p, job: Any = None) -> MilvusJobsError:
    """Builds the exception from an owned mj_error* and frees it."""
    try:
        if not err.value:
            return make_error(
                status,
                text(lib().mj_status_description(status)),
                job=job,
                category=text(lib().mj_status_name(status)),
            )
        return _read_error(err.value, status, job)
    finally:
        lib().mj_error_free(err)


def _check(status: int, err: c_void_p) -> None:
    if status != 0:
        raise _take_error(status, err)


def status_name(status: int) -> str:
    """The mj_status enumerator's name, e.g. "MJ_ENOT_FOUND"."""
    return text(lib().mj_status_name(int(status)))


def status_description(status: int) -> str:
    """A short English description of an mj_status value."""
    return text(lib().mj_status_description(int(status)))


def library_version() -> str:
    """The loaded libmilvus_jobs's version, "MAJOR.MINOR.PATCH"."""
    return text(lib().mj_version())


class CancelToken:
    """Cancels calls that use it, from any thread: `token.cancel()`.

    Pass it as `cancel=` to any call, wait or watcher. A token stays cancelled;
    make a new one for new calls.
    """

    def __init__(self) -> None:
        handle = c_void_p()
        err = c_void_p()
        _check(lib().mj_cancel_new(byref(handle), byref(err)), err)
        self._handle: Optional[int] = handle.value
        self._lock = threading.Lock()
        self._children: List["CancelToken"] = []

    @property
    def _ptr(self) -> Optional[int]:
        return self._handle

    def cancel(self) -> None:
        """Makes every call using this token return CancelledError promptly."""
        with self._lock:
            children = list(self._children)
            if self._handle:
                lib().mj_cancel_trigger(self._handle)
        for child in children:
            child.cancel()

    @property
    def cancelled(self) -> bool:
        return bool(self._handle and lib().mj_cancel_is_triggered(self._handle))

    def _child(self) -> "CancelToken":
        """A token that is cancelled when this one is (used to stop one wait)."""
        child = CancelToken()
        with self._lock:
            self._children.append(child)
            already = self.cancelled
        if already:
            child.cancel()
        return child

    def _unlink(self, child: "CancelToken") -> None:
        with self._lock:
            if child in self._children:
                self._children.remove(child)

    def __del__(self) -> None:
        handle, self._handle = getattr(self, "_handle", None), None
        if handle and _ffi._lib is not None:
            _ffi._lib.mj_cancel_free(handle)


@contextmanager
def _scoped_token(parent: Optional[CancelToken]) -> Iterator[CancelToken]:
    token = parent._child() if parent is not None else CancelToken()
    try:
        yield token
    finally:
        if parent is not None:
            parent._unlink(token)


#: How long the calling thread waits at a time while a blocking call runs in a
#: worker: the bound on how late a signal handler (Ctrl-C) runs.
_SLICE = 0.05


_main_ident = threading.main_thread().ident


def _on_main_thread() -> bool:
    # Python runs signal handlers on the main thread only: elsewhere a plain
    # blocking call loses nothing.
    return threading.get_ident() == _main_ident


def _after_fork_main() -> None:
    # The child's main thread is the one that forked (threading's own
    # after-fork handler, registered before this one, has recorded it).
    global _main_ident
    _main_ident = threading.main_thread().ident


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_main)


class _Worker:
    """A daemon thread that runs the blocking C calls the main thread hands it.
    Idle workers are kept (a thread per call would cost more than the call)."""

    _idle: List["_Worker"] = []
    _lock = threading.Lock()

    def __init__(self) -> None:
        self._jobs: "queue.SimpleQueue[Callable[[], None]]" = queue.SimpleQueue()
        threading.Thread(target=self._loop, name="milvus_jobs call", daemon=True).start()

    def _loop(self) -> None:
        while True:
            self._jobs.get()()
            with _Worker._lock:
                _Worker._idle.append(self)

    @classmethod
    def submit(cls, job: Callable[[], None]) -> None:
        """Runs job() (which must not raise) on an idle worker, or a new one."""
        with cls._lock:
            worker = cls._idle.pop() if cls._idle else None
        if worker is None:
            worker = cls()
        worker._jobs.put(job)

    @classmethod
    def _after_fork(cls) -> None:
        # A forked child has none of the parent's threads.
        cls._idle = []
        cls._lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_Worker._after_fork)


class _Runner:
    """Runs one blocking C call so that Ctrl-C and other signal handlers work.

    On the main thread the C call runs in a worker thread while the caller
    waits in short slices, so signal handlers run within _SLICE; callbacks
    the C code makes (on_progress, on_event) are handed back and run on the
    caller's thread. When the caller's wait or a callback raises (a
    KeyboardInterrupt, or the callback's own exception), the call's private
    cancel token is triggered, the C call returns promptly, and the
    exception propagates. Elsewhere it runs the call directly and keeps a
    callback's exception for after the call.
    """

    def __init__(self, token: CancelToken) -> None:
        self.token = token
        self.direct = not _on_main_thread()
        self.raised: List[BaseException] = []
        self._requests: "queue.SimpleQueue[Optional[Tuple[Callable[[], None], threading.Event]]]" = (
            queue.SimpleQueue()
        )
        self._abandoned = False

    @property
    def stopped(self) -> bool:
        return bool(self.raised) or self._abandoned

    def call_on_caller(self, fn: Callable[[], None]) -> None:
        """From inside a C callback: runs fn on the caller's thread. Never raises."""
        if self.stopped:
            return
        if self.direct:
            try:
                fn()
            except BaseException as e:  # noqa: B902 - re-raised after the call
                self.raised.append(e)
                self.token.cancel()
            return
        done = threading.Event()
        self._requests.put((fn, done))
        while not done.wait(_SLICE):
            if self._abandoned:
                return

    def run(self, call: Callable[[], _T]) -> _T:
        if self.direct:
            try:
                value = call()
            except BaseException:
                if self.raised:
                    raise self.raised[0] from None
                raise
            if self.raised:
                raise self.raised[0]
            return value
        box: List[Tuple[bool, Any]] = []
        finished = threading.Event()

        def job() -> None:
            try:
                box.append((True, call()))
            except BaseException as e:  # noqa: B902 - handed to the caller
                box.append((False, e))
            finally:
                finished.set()
                self._requests.put(None)

        try:
            _Worker.submit(job)
            while True:
                try:
                    item = self._requests.get(timeout=_SLICE)
                except queue.Empty:
                    continue
                if item is None:
                    break
                fn, done = item
                try:
                    fn()
                finally:
                    done.set()
        except BaseException:
            # Ctrl-C, another signal handler's exception, or the callback's:
            # stop the C call, let the worker finish (it frees what the call
            # made), and propagate.
            self._abandoned = True
            self.token.cancel()
            self._finish(finished)
            raise
        ok, value = box[0]
        if ok:
            return value
        raise value

    def _finish(self, finished: threading.Event) -> None:
        # Bounded: a call that never started (interrupted before it was
        # handed over) never sets `finished`.
        deadline = 2.0
        while not finished.is_set() and deadline > 0:
            try:
                item = self._requests.get(timeout=_SLICE)
                if item is not None:
                    item[1].set()
            except queue.Empty:
                pass
            except BaseException:  # noqa: B902 - a second Ctrl-C: the first one propagates
                break
            deadline -= _SLICE


class _CallOptions:
    """Builds an mj_call_options and keeps what it points to alive."""

    def __init__(
        self,
        timeout: Optional[float],
        cancel: Optional[CancelToken],
        db_name: Optional[str],
        max_attempts: Optional[int],
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        self.c = _ffi.init(_ffi.CallOptions(), "mj_call_options_init")
        self._headers = _header_lines(headers)
        if self._headers is not None:
            self.c.headers = self._headers
            self.c.header_count = len(self._headers)
        self.c.timeout_ms = _ms(timeout, "timeout")
        if cancel is not None and not isinstance(cancel, CancelToken):
            raise InvalidArgumentError(
                "cancel must be a milvus_jobs.CancelToken",
                status=Status.INVALID_ARGUMENT,
                category="MJ_EINVALID_ARGUMENT",
            )
        # The call runs with a private token, cancelled with this one (and on Ctrl-C).
        self.cancel = cancel
        self._db = _b(db_name, "db_name")
        self.c.db_name = self._db
        self.c.max_attempts = int(max_attempts or 0)

    @property
    def ref(self) -> Any:
        return byref(self.c)


def _header_lines(headers: Optional[Mapping[str, str]]) -> Any:
    """{"name": "value"} as a C array of b"name: value" lines (None when empty)."""
    if not headers:
        return None
    lines = []
    for k, v in headers.items():
        _b(str(k), "a header name")
        _b(str(v), f"header {k!r}")
        lines.append(f"{k}: {v}".encode("utf-8"))
    return (c_char_p * len(lines))(*lines)


_LOG_LEVELS = {1: logging.ERROR, 2: logging.WARNING, 3: logging.INFO, 4: logging.DEBUG}


def _c_log_level(logger: logging.Logger) -> int:
    """The most detailed mj_log_level the logger would emit (0 = none)."""
    for c_level in (4, 3, 2, 1):
        if logger.isEnabledFor(_LOG_LEVELS[c_level]):
            return c_level
    return 0


@dataclass(frozen=True)
class ClientStats:
    """The client's counters since it was created (MilvusJobsClient.stats())."""

    requests: int
    attempts: int
    retries_transport: int
    retries_timeout: int
    retries_rate_limited: int
    retries_server: int
    bytes_sent: int
    bytes_received: int
    connections_opened: int
    connections_reused: int
    #: How calls ended, by status name ("MJ_OK", "MJ_ENOT_FOUND", ...); only non-zero counts.
    answers: Dict[str, int]

    @property
    def retries(self) -> int:
        return self.retries_transport + self.retries_timeout + self.retries_rate_limited + self.retries_server


def _groups(files: Sequence[FileGroup], name: str) -> Tuple[List[bytes], List[int]]:
    if isinstance(files, (str, bytes)):
        raise InvalidArgumentError(
            f"{name} must be a list of file groups, e.g. [['a.json'], ['b.json']], not a string",
            status=Status.INVALID_ARGUMENT,
            category="MJ_EINVALID_ARGUMENT",
        )
    flat: List[bytes] = []
    sizes: List[int] = []
    for group in files:
        paths = [group] if isinstance(group, str) else list(group)
        for p in paths:
            b = _b(p, f"every path in {name}")
            assert b is not None
            flat.append(b)
        sizes.append(len(paths))
    return flat, sizes


def _option_text(value: OptionValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


ProgressCallback = Callable[[Any], None]


class MilvusJobsClient:
    """A client for the job operations of one Milvus (REST v2) or Zilliz Cloud server.

    Safe to use from many threads at once; every blocking call releases the
    GIL. Timeouts are in seconds (float); None means the library's default.
    Use it as a context manager, or call close().

    Args:
        uri: the server, e.g. "http://127.0.0.1:19530". For Zilliz Cloud it may
            be None (then https://api.cloud.zilliz.com).
        token: an API key, or "user:password" (sent as a Bearer token).
        db_name: the database (default "default").
        timeout: deadline of each call, seconds (default 30).
        connect_timeout: connect timeout, seconds (default 10).
        tls_insecure_skip_verify: turn certificate verification off (test servers only).
        tls_ca_file, tls_ca_path: a CA bundle file / directory for https.
        user_agent: the User-Agent (default "milvus-jobs/<version>").
        headers: extra headers sent with every request.
        max_attempts: attempts per call including the first (default 4; 1 = never retry).
        retry_initial_backoff, retry_max_backoff: retry backoff bounds, seconds.
        max_response_bytes, max_list_response_bytes: largest answers accepted.
        deployment: Deployment.MILVUS or Deployment.ZILLIZ_CLOUD; None picks
            ZILLIZ_CLOUD when cluster_id or project_id is given, else MILVUS.
        cluster_id: Zilliz Cloud cluster ("inxx-..."): imports only; or
        project_id + region_id: a Zilliz Cloud project: imports through the
            control plane (uri), refreshes through the project endpoint
            https://{project_id}.{region_id}.api.zillizcloud.com.
        project_endpoint: another project endpoint for refresh (with
            project_id + region_id): a template with {project_id} and
            {region_id}, or a plain address such as a local dev server's.
        tls_client_cert_file, tls_client_key_file: a client certificate and
            its private key (PEM) for servers that require one (mutual TLS);
            tls_client_key_password: the key's passphrase.
        tls_server_name: the name the server's certificate is checked for
            (and sent as SNI) instead of the uri's host.
        proxy: "http://[user:password@]host:port" (also https://, socks5://,
            socks5h://); None honours http_proxy/https_proxy/all_proxy.
        no_proxy: comma-separated hosts reached directly ("*": no proxy at all).
        logger: a logging.Logger (or its name) that receives one record per
            request attempt (INFO), retry (WARNING), failed call (ERROR) and
            connection (DEBUG); default the "milvus_jobs" logger. The level
            it is enabled for when the client is created decides which records
            the library produces. False: no logging at all. Records carry
            extra attributes mj_route, mj_attempt, mj_status, mj_http_status,
            mj_server_code, mj_duration_ms, mj_backoff_ms, mj_request_id,
            mj_trace_id, mj_connection_reused; never a secret.
    """

    def __init__(
        self,
        uri: Optional[str] = None,
        token: Optional[str] = None,
        *,
        db_name: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        tls_insecure_skip_verify: bool = False,
        tls_ca_file: Optional[str] = None,
        tls_ca_path: Optional[str] = None,
        user_agent: Optional[str] = None,
        headers: Optional[Mapping[str, str]] = None,
        max_attempts: Optional[int] = None,
        retry_initial_backoff: Optional[float] = None,
        retry_max_backoff: Optional[float] = None,
        max_response_bytes: Optional[int] = None,
        max_list_response_bytes: Optional[int] = None,
        deployment: Optional[Deployment] = None,
        cluster_id: Optional[str] = None,
        project_id: Optional[str] = None,
        region_id: Optional[str] = None,
        project_endpoint: Optional[str] = None,
        tls_client_cert_file: Optional[str] = None,
        tls_client_key_file: Optional[str] = None,
        tls_client_key_password: Optional[str] = None,
        tls_server_name: Optional[str] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
        logger: Union[logging.Logger, str, None, bool] = None,
        reconcile_creates: bool = True,
    ) -> None:
        self._lock = threading.Lock()
        self._busy = 0
        self._closing = False
        self._handle: Optional[int] = None
        if deployment is None:
            deployment = Deployment.ZILLIZ_CLOUD if (cluster_id or project_id) else Deployment.MILVUS
        self.deployment = Deployment(deployment)
        o = _ffi.init(_ffi.ClientOptions(), "mj_client_options_init")
        keep: List[Any] = []

        def s(value: Optional[str], name: str) -> Optional[bytes]:
            b = _b(value, name)
            keep.append(b)
            return b

        o.uri = s(uri, "uri")
        o.token = s(token, "token")
        o.db_name = s(db_name, "db_name")
        o.connect_timeout_ms = _ms(connect_timeout, "connect_timeout")
        o.request_timeout_ms = _ms(timeout, "timeout")
        o.tls_insecure_skip_verify = 1 if tls_insecure_skip_verify else 0
        o.tls_ca_file = s(tls_ca_file, "tls_ca_file")
        o.tls_ca_path = s(tls_ca_path, "tls_ca_path")
        o.user_agent = s(user_agent, "user_agent")
        if headers:
            lines = []
            for k, v in headers.items():
                _b(str(k), "a header name")
                _b(str(v), f"header {k!r}")
                lines.append(f"{k}: {v}".encode("utf-8"))
            arr = (c_char_p * len(lines))(*lines)
            keep.append(arr)
            o.extra_headers = arr
            o.extra_header_count = len(lines)
        o.max_attempts = int(max_attempts or 0)
        o.retry_initial_backoff_ms = _ms(retry_initial_backoff, "retry_initial_backoff")
        o.retry_max_backoff_ms = _ms(retry_max_backoff, "retry_max_backoff")
        o.max_response_bytes = int(max_response_bytes or 0)
        o.max_list_response_bytes = int(max_list_response_bytes or 0)
        o.deployment = int(self.deployment)
        o.cloud_cluster_id = s(cluster_id, "cluster_id")
        o.cloud_project_id = s(project_id, "project_id")
        o.cloud_region_id = s(region_id, "region_id")
        o.cloud_project_endpoint = s(project_endpoint, "project_endpoint")
        o.tls_client_cert_file = s(tls_client_cert_file, "tls_client_cert_file")
        o.tls_client_key_file = s(tls_client_key_file, "tls_client_key_file")
        o.tls_client_key_password = s(tls_client_key_password, "tls_client_key_password")
        o.tls_server_name = s(tls_server_name, "tls_server_name")
        o.proxy = s(proxy, "proxy")
        o.no_proxy = s(no_proxy, "no_proxy")
        self._log_fn: Any = None
        if logger is not False:
            log = (
                logger
                if isinstance(logger, logging.Logger)
                else logging.getLogger(logger if isinstance(logger, str) else "milvus_jobs")
            )
            level = _c_log_level(log)
            if level:
                # Records come on the thread that runs the C call; logging is thread-safe.
                def emit(record: Any, _user: Any) -> None:
                    r = record.contents
                    try:
                        log.log(
                            _LOG_LEVELS.get(r.level, logging.INFO),
                            "%s",
                            text(r.message),
                            extra={
                                "mj_event": text(r.event),
                                "mj_operation": text(r.operation),
                                "mj_route": text(r.route),
                                "mj_attempt": r.attempt,
                                "mj_status": r.status,
                                "mj_http_status": r.http_status,
                                "mj_server_code": r.server_code,
                                "mj_duration_ms": r.duration_us / 1000.0,
                                "mj_backoff_ms": r.backoff_ms,
                                "mj_request_id": text(r.request_id),
                                "mj_trace_id": text(r.trace_id),
                                "mj_connection_reused": bool(r.connection_reused),
                            },
                        )
                    except Exception:  # noqa: BLE001 - a handler's failure must not cross into C
                        pass

                self._log_fn = _ffi.LOG_FN(emit)
                o.log_fn = ctypes.cast(self._log_fn, c_void_p)
                o.log_level = level
        o.disable_create_reconciliation = 0 if reconcile_creates else 1
        handle = c_void_p()
        err = c_void_p()
        _check(lib().mj_client_new(byref(handle), byref(o), byref(err)), err)
        self._handle = handle.value

    # ------------------------------------------------------------ lifetime

    @contextmanager
    def _use(self) -> Iterator[int]:
        with self._lock:
            if self._handle is None or self._closing:
                raise InvalidArgumentError(
                    "the client is closed; create a new MilvusJobsClient",
                    status=Status.INVALID_ARGUMENT,
                    category="MJ_EINVALID_ARGUMENT",
                )
            self._busy += 1
            handle = self._handle
        try:
            yield handle
        finally:
            self._release()

    def _release(self) -> None:
        with self._lock:
            self._busy -= 1
            free = self._closing and self._busy == 0
            handle = self._handle if free else None
            if free:
                self._handle = None
        if handle:
            lib().mj_client_free(handle)

    def stats(self) -> ClientStats:
        """The client's counters (cheap; callable from any thread)."""
        st = _ffi.ClientStats()
        st.struct_size = ctypes.sizeof(st)
        with self._use() as h:
            err = c_void_p()
            _check(lib().mj_client_stats_get(byref(st), h, byref(err)), err)
        answers: Dict[str, int] = {}
        for i in range(32):
            if st.answers_by_status[i]:
                answers[text(lib().mj_status_name(i))] = int(st.answers_by_status[i])
        return ClientStats(
            requests=st.requests,
            attempts=st.attempts,
            retries_transport=st.retries_transport,
            retries_timeout=st.retries_timeout,
            retries_rate_limited=st.retries_rate_limited,
            retries_server=st.retries_server,
            bytes_sent=st.bytes_sent,
            bytes_received=st.bytes_received,
            connections_opened=st.connections_opened,
            connections_reused=st.connections_reused,
            answers=answers,
        )

    def close(self) -> None:
        """Closes the connections. Calls still running finish first; later calls fail."""
        with self._lock:
            if self._closing:
                return
            self._closing = True
            self._busy += 1
        self._release()

    def __enter__(self) -> "MilvusJobsClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_handle", None) and _ffi._lib is not None:
            self.close()

    # ------------------------------------------------------------ refresh

    def refresh_external_collection(
        self,
        collection_name: str,
        external_source: Optional[str] = None,
        external_spec: Union[str, Mapping[str, Any], None] = None,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        cancel: Optional[CancelToken] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> RefreshJobId:
        """Starts a refresh of an external collection; returns the job id (int64).

        external_source and external_spec go together (both or neither);
        external_spec is a JSON object, given as a str or a dict.
        Raises DuplicateJobError (its job_id names the refresh already running),
        NotFoundError, InvalidArgumentError, ...
        """
        if external_spec is not None and not isinstance(external_spec, str):
            external_spec = json.dumps(dict(external_spec))
        req = _ffi.init(_ffi.RefreshRequest(), "mj_refresh_request_init")
        name, src, spec = (
            _b(collection_name, "collection_name"),
            _b(external_source, "external_source"),
            _b(external_spec, "external_spec"),
        )
        req.collection_name, req.external_source, req.external_spec = name, src, spec
        call = _CallOptions(timeout, cancel, db_name, max_attempts, headers)
        job_id = c_int64()

        def body(h: int) -> RefreshJobId:
            err = c_void_p()
            done = _ffi.CreateOutcome(ctypes.sizeof(_ffi.CreateOutcome), 0, 0)
            st = lib().mj_refresh_external_collection_ex(
                byref(job_id), byref(done), h, byref(req), call.ref, byref(err)
            )
            _check(st, err)
            return RefreshJobId(int(job_id.value), recovered=bool(done.recovered), attempts=int(done.attempts))

        return self._run(call, body)

    def get_refresh_external_collection_progress(
        self,
        job_id: int,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        cancel: Optional[CancelToken] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> RefreshJob:
        """Reads one refresh job. Raises NotFoundError for an unknown id."""
        jid = _int64(job_id, "job_id")
        if headers:
            call = _CallOptions(timeout, cancel, db_name, max_attempts, headers)
            out_r = POINTER(_ffi.RefreshJob)()
            return self._call_owned(
                call,
                out_r,
                lambda h, err: lib().mj_get_refresh_external_collection_progress(byref(out_r), h, jid, call.ref, err),
                lambda o: RefreshJob._from_c(o.contents),
                "mj_refresh_job_free",
            )
        return self._progress(  # type: ignore[no-any-return]
            _ffi.native().get_refresh_progress, jid, timeout, db_name, cancel, max_attempts
        )

    def list_refresh_external_collection_jobs(
        self,
        collection_name: Optional[str] = None,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        cancel: Optional[CancelToken] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> List[RefreshJob]:
        """Lists refresh jobs, newest first; None lists every external collection's jobs."""
        name = _b(collection_name, "collection_name")
        call = _CallOptions(timeout, cancel, db_name, max_attempts, headers)
        out = POINTER(_ffi.RefreshJobList)()
        return self._call_owned(
            call,
            out,
            lambda h, err: lib().mj_list_refresh_external_collection_jobs(byref(out), h, name, call.ref, err),
            lambda o: _ffi.native().refresh_jobs(ctypes.addressof(o.contents)),
            "mj_refresh_job_list_free",
        )

    # ------------------------------------------------------------ snapshots

    def export_snapshot(
        self,
        collection_name: str,
        snapshot_name: str,
        target_path: str,
        *,
        external_spec: Union[str, Mapping[str, Any], None] = None,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        cancel: Optional[CancelToken] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> str:
        """Exports a collection's snapshot metadata under target_path (an object
        storage URL, e.g. "s3://bucket/exports"); returns the metadata's URI,
        which restore_external_snapshot() takes. No job: the call is synchronous.
        external_spec (storage settings) is a JSON object, as a str or a dict.
        Raises NotFoundError, InvalidArgumentError, UnsupportedError (a server
        without snapshot jobs, or Zilliz Cloud), ...
        """
        if external_spec is not None and not isinstance(external_spec, str):
            external_spec = json.dumps(dict(external_spec))
        req = _ffi.init(_ffi.ExportSnapshotRequest(), "mj_export_snapshot_request_init")
        keep = (
            _b(collection_name, "collection_name"),
            _b(snapshot_name, "snapshot_name"),
            _b(target_path, "target_path"),
            _b(external_spec, "external_spec"),
        )
        req.collection_name, req.snapshot_name, req.target_path, req.external_spec = keep
        call = _CallOptions(timeout, cancel, db_name, max_attempts, headers)
        out = c_void_p()
        return self._call_owned(
            call,
            out,
            lambda h, err: lib().mj_export_snapshot(byref(out), h, byref(req), call.ref, err),
            lambda o: text(ctypes.cast(o, c_char_p).value),
            "mj_free",
        )

    def restore_external_snapshot(
        self,
        target_collection_name: str,
        snapshot_uri: str,
        *,
        external_spec: Union[str, Mapping[str, Any], None] = None,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        cancel: Optional[CancelToken] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> int:
        """Starts restoring the snapshot at snapshot_uri (what export_snapshot()
        returned) into a new collection; returns the job id (int64, exact).
        Raises InvalidArgumentError (e.g. the target exists), NotFoundError,
        UnsupportedError, ... A snapshot that cannot be read fails the job:
        wait_for_restore_snapshot() raises JobFailedError with its reason."""
        if external_spec is not None and not isinstance(external_spec, str):
            external_spec = json.dumps(dict(external_spec))
        req = _ffi.init(_ffi.RestoreSnapshotRequest(), "mj_restore_snapshot_request_init")
        keep = (
            _b(target_collection_name, "target_collection_name"),
            _b(snapshot_uri, "snapshot_uri"),
            _b(external_spec, "external_spec"),
        )
        req.target_collection_name, req.snapshot_uri, req.external_spec = keep
        call = _CallOptions(timeout, cancel, db_name, max_attempts, headers)
        job_id = c_int64()

        def body(h: int) -> int:
            err = c_void_p()
            st = lib().mj_restore_external_snapshot(byref(job_id), h, byref(req), call.ref, byref(err))
            _check(st, err)
            return int(job_id.value)

        return self._run(call, body)

    def get_restore_snapshot_progress(
        self,
        job_id: int,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        cancel: Optional[CancelToken] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> SnapshotJob:
        """Reads one snapshot restore job. Raises NotFoundError for an unknown id."""
        jid = _int64(job_id, "job_id")
        call = _CallOptions(timeout, cancel, db_name, max_attempts, headers)
        out = POINTER(_ffi.SnapshotJob)()
        return self._call_owned(
            call,
            out,
            lambda h, err: lib().mj_get_restore_snapshot_progress(byref(out), h, jid, call.ref, err),
            lambda o: SnapshotJob._from_c(o.contents),
            "mj_snapshot_job_free",
        )

    def list_restore_snapshot_jobs(
        self,
        collection_name: Optional[str] = None,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        cancel: Optional[CancelToken] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> List[SnapshotJob]:
        """Lists snapshot restore jobs, newest first; None lists every collection's."""
        name = _b(collection_name, "collection_name")
        call = _CallOptions(timeout, cancel, db_name, max_attempts, headers)
        out = POINTER(_ffi.SnapshotJobList)()
        return self._call_owned(
            call,
            out,
            lambda h, err: lib().mj_list_restore_snapshot_jobs(byref(out), h, name, call.ref, err),
            lambda o: [SnapshotJob._from_c(o.contents.items[i].contents) for i in range(int(o.contents.count))],
            "mj_snapshot_job_list_free",
        )

    # ------------------------------------------------------------ import

    def bulk_import(
        self,
        collection_name: str,
        files: Optional[Sequence[FileGroup]] = None,
        *,
        partition_name: Optional[str] = None,
        options: Optional[Mapping[str, OptionValue]] = None,
        object_url: Optional[str] = None,
        object_urls: Optional[Sequence[FileGroup]] = None,
        volume_name: Optional[str] = None,
        data_paths: Optional[Sequence[FileGroup]] = None,
        access_key: Optional[str] = None,
        secret_key: Optional[str] = None,
        session_token: Optional[str] = None,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        cancel: Optional[CancelToken] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> ImportJobId:
        """Creates an import job; returns its id (an ImportJobId: a str with
        .recovered and .attempts; see README "After an ambiguous create").

        files: file groups as in pymilvus, e.g. [["a.json"], ["b.parquet"]] (a
        bare str counts as a group of one), relative to the server's bucket.
        options: e.g. {"auto_commit": False}.
        Zilliz Cloud only: object_url / object_urls (URLs of objects or
        folders) or volume_name + data_paths, and access_key / secret_key /
        session_token for the object storage.
        """
        sources = [
            (n, v)
            for n, v in (
                ("files", files),
                ("object_url", [object_url] if object_url else None),
                ("object_urls", object_urls),
                ("data_paths", data_paths),
            )
            if v
        ]
        if len(sources) > 1:
            raise InvalidArgumentError(
                "give the files in one of files, object_url, object_urls or data_paths, not "
                + " and ".join(n for n, _ in sources),
                status=Status.INVALID_ARGUMENT,
                category="MJ_EINVALID_ARGUMENT",
            )
        src_name, src = sources[0] if sources else ("files", [])
        flat, sizes = _groups(src, src_name)
        req = _ffi.init(_ffi.ImportRequest(), "mj_import_request_init")
        keep: List[Any] = []

        def s(value: Optional[str], name: str) -> Optional[bytes]:
            b = _b(value, name)
            keep.append(b)
            return b

        req.collection_name = s(collection_name, "collection_name")
        req.partition_name = s(partition_name, "partition_name")
        files_arr = (c_char_p * max(1, len(flat)))(*flat)
        sizes_arr = (c_size_t * max(1, len(sizes)))(*sizes)
        keep += [files_arr, sizes_arr]
        req.files = files_arr
        req.file_count = len(flat)
        req.group_sizes = sizes_arr
        req.group_count = len(sizes)
        if options:
            keys = [_b(k, "option name") for k in options]
            vals = [_b(_option_text(v), f"option {k!r}") for k, v in options.items()]
            karr = (c_char_p * len(keys))(*keys)
            varr = (c_char_p * len(vals))(*vals)
            keep += [karr, varr]
            req.option_keys, req.option_values, req.option_count = karr, varr, len(keys)
        req.volume_name = s(volume_name, "volume_name")
        req.access_key = s(access_key, "access_key")
        req.secret_key = s(secret_key, "secret_key")
        req.session_token = s(session_token, "session_token")
        call = _CallOptions(timeout, cancel, db_name, max_attempts, headers)
        out = c_void_p()
        done = _ffi.CreateOutcome(ctypes.sizeof(_ffi.CreateOutcome), 0, 0)
        return self._call_owned(
            call,
            out,
            lambda h, err: lib().mj_bulk_import_ex(byref(out), byref(done), h, byref(req), call.ref, err),
            lambda o: ImportJobId(
                ctypes.string_at(o).decode("utf-8"), recovered=bool(done.recovered), attempts=int(done.attempts)
            ),
            "mj_free",
        )

    def get_import_progress(
        self,
        job_id: str,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        cancel: Optional[CancelToken] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> ImportJob:
        """Reads one import job with its per-file details. NotFoundError for an unknown id."""
        jid = _b(_job_str(job_id), "job_id")
        if headers:
            call = _CallOptions(timeout, cancel, db_name, max_attempts, headers)
            out_i = POINTER(_ffi.ImportJob)()
            return self._call_owned(
                call,
                out_i,
                lambda h, err: lib().mj_get_import_progress(byref(out_i), h, jid, call.ref, err),
                lambda o: ImportJob._from_c(o.contents),
                "mj_import_job_free",
            )
        return self._progress(  # type: ignore[no-any-return]
            _ffi.native().get_import_progress, jid, timeout, db_name, cancel, max_attempts
        )

    def list_import_jobs(
        self,
        collection_name: Optional[str] = None,
        *,
        page_size: Optional[int] = None,
        current_page: Optional[int] = None,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        cancel: Optional[CancelToken] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> ImportJobList:
        """Lists import jobs (None: of every collection).

        Without page_size/current_page it returns every job (on Zilliz Cloud it
        walks all pages). With either, it returns that one page
        (mj_list_import_jobs_page); open-source Milvus puts every job on page 1.
        """
        name = _b(collection_name, "collection_name")
        call = _CallOptions(timeout, cancel, db_name, max_attempts, headers)
        out = POINTER(_ffi.ImportJobList)()
        invoke: Callable[[int, Any], int]
        if page_size is None and current_page is None:
            invoke = lambda h, err: lib().mj_list_import_jobs(byref(out), h, name, call.ref, err)  # noqa: E731
        else:
            req = _ffi.init(_ffi.ImportListRequest(), "mj_import_list_request_init")
            req.collection_name = name
            req.page_size = _int64(page_size or 0, "page_size", allow_zero=True)
            req.current_page = _int64(current_page or 0, "current_page", allow_zero=True)

            def invoke(h: int, err: Any) -> int:
                return int(lib().mj_list_import_jobs_page(byref(out), h, byref(req), call.ref, err))
        return self._call_owned(call, out, invoke, lambda o: ImportJobList._from_c(o.contents), "mj_import_job_list_free")

    def commit_import(
        self,
        job_id: str,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        cancel: Optional[CancelToken] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        """Commits an import job waiting in state UNCOMMITTED (options={"auto_commit": False})."""
        call = _CallOptions(timeout, cancel, db_name, max_attempts, headers)
        self._import_action("mj_commit_import", job_id, call)

    def abort_import(
        self,
        job_id: str,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        cancel: Optional[CancelToken] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        """Aborts an import job that has not ended."""
        call = _CallOptions(timeout, cancel, db_name, max_attempts, headers)
        self._import_action("mj_abort_import", job_id, call)

    def _import_action(self, function: str, job_id: str, call: "_CallOptions") -> None:
        """Calls mj_commit_import or mj_abort_import (same signature) and raises on failure."""
        jid = _b(_job_str(job_id), "job_id")

        def body(h: int) -> None:
            err = c_void_p()
            st = getattr(lib(), function)(h, jid, call.ref, byref(err))
            _check(st, err)

        self._run(call, body)

    def _run(self, call: "_CallOptions", body: Callable[[int], _T]) -> _T:
        """Runs body(handle): one blocking C call with call.ref, its check and
        the conversion of its result, with a private cancel token so that
        Ctrl-C (any signal handler that raises) stops it (see _Runner)."""

        def run() -> _T:
            with self._use() as h:
                return body(h)

        with _scoped_token(call.cancel) as token:
            call.c.cancel = token._ptr
            return _Runner(token).run(run)

    def _progress(
        self,
        fn: Callable[..., Any],
        jid: Any,
        timeout: Optional[float],
        db_name: Optional[str],
        cancel: Optional[CancelToken],
        max_attempts: Optional[int],
    ) -> Any:
        """A progress call through milvus_jobs._native (native.c): the C call,
        its check and the conversion of the job in one step. Same checks, in
        the same order, as _CallOptions; on the main thread the call is
        interruptible (Ctrl-C, any signal handler that raises) as with _run."""
        timeout_ms = 0 if timeout is None else _ms(timeout, "timeout")
        if cancel is not None and not isinstance(cancel, CancelToken):
            raise InvalidArgumentError(
                "cancel must be a milvus_jobs.CancelToken",
                status=Status.INVALID_ARGUMENT,
                category="MJ_EINVALID_ARGUMENT",
            )
        db = None if db_name is None else _b(db_name, "db_name")
        attempts = 0 if max_attempts is None else int(max_attempts)
        main = threading.get_ident() == _main_ident
        with self._lock:
            if self._handle is None or self._closing:
                raise InvalidArgumentError(
                    "the client is closed; create a new MilvusJobsClient",
                    status=Status.INVALID_ARGUMENT,
                    category="MJ_EINVALID_ARGUMENT",
                )
            self._busy += 1
            handle = self._handle
        try:
            if cancel is None or not main:
                # Elsewhere than the main thread the caller's token serves as
                # it is; on the main thread native.c uses a private one.
                result = fn(handle, jid, timeout_ms, db, attempts, None if cancel is None else cancel._ptr, main)
            else:
                # A private token cancelled with the caller's: Ctrl-C cancels
                # this call, never the caller's token.
                with _scoped_token(cancel) as token:
                    result = fn(handle, jid, timeout_ms, db, attempts, token._ptr, True)
        finally:
            self._release()
        if type(result) is tuple:
            raise _take_error(result[0], c_void_p(result[1]))
        return result

    def _call_owned(
        self,
        call: "_CallOptions",
        out: Any,
        invoke: Callable[[int, Any], int],
        convert: Callable[[Any], _T],
        free: str,
    ) -> _T:
        """Runs one C call that hands back an owned result through `out`:
        raises on failure, else converts the result and frees it with `free`."""

        def body(h: int) -> _T:
            err = c_void_p()
            st = invoke(h, byref(err))
            _check(st, err)
            try:
                return convert(out)
            finally:
                getattr(lib(), free)(out)

        return self._run(call, body)

    # ------------------------------------------------------------ waiting

    def _wait_options(
        self,
        token: CancelToken,
        timeout: Optional[float],
        initial_interval: Optional[float],
        max_interval: Optional[float],
        db_name: Optional[str],
    ) -> Tuple[_ffi.WaitOptions, Optional[bytes]]:
        o = _ffi.init(_ffi.WaitOptions(), "mj_wait_options_init")
        o.timeout_ms = _ms(timeout, "timeout")
        o.initial_interval_ms = _ms(initial_interval, "initial_interval")
        o.max_interval_ms = _ms(max_interval, "max_interval")
        o.cancel = token._ptr
        db = _b(db_name, "db_name")
        o.db_name = db
        return o, db

    def wait_for_refresh(
        self,
        job_id: int,
        *,
        on_progress: Optional[Callable[[RefreshJob], None]] = None,
        timeout: Optional[float] = None,
        initial_interval: Optional[float] = None,
        max_interval: Optional[float] = None,
        cancel: Optional[CancelToken] = None,
        db_name: Optional[str] = None,
    ) -> RefreshJob:
        """Blocks until the refresh job ends and returns it (state COMPLETED).

        on_progress(job) is called on this thread for the first answer and each
        change. An exception it raises stops the wait and is re-raised here.
        Raises JobFailedError (.job is the failed job), JobLostError,
        NotFoundError, DeadlineExceededError / CancelledError (.job: the last
        job read, or None).
        """
        jid = _int64(job_id, "job_id")
        return self._wait(  # type: ignore[no-any-return]
            "mj_wait_refresh",
            jid,
            _ffi.RefreshJob,
            _ffi.REFRESH_PROGRESS_FN,
            RefreshJob._from_c,
            "mj_refresh_job_free",
            on_progress,
            timeout,
            initial_interval,
            max_interval,
            cancel,
            db_name,
        )

    def wait_for_import(
        self,
        job_id: str,
        *,
        on_progress: Optional[Callable[[ImportJob], None]] = None,
        timeout: Optional[float] = None,
        initial_interval: Optional[float] = None,
        max_interval: Optional[float] = None,
        cancel: Optional[CancelToken] = None,
        db_name: Optional[str] = None,
    ) -> ImportJob:
        """Blocks until the import job ends (COMPLETED) or reaches UNCOMMITTED
        (it then waits for commit_import(): check the returned job's state).
        Callback and errors as wait_for_refresh."""
        jid = _b(_job_str(job_id), "job_id")
        return self._wait(  # type: ignore[no-any-return]
            "mj_wait_import",
            jid,
            _ffi.ImportJob,
            _ffi.IMPORT_PROGRESS_FN,
            ImportJob._from_c,
            "mj_import_job_free",
            on_progress,
            timeout,
            initial_interval,
            max_interval,
            cancel,
            db_name,
        )

    def wait_for_restore_snapshot(
        self,
        job_id: int,
        *,
        on_progress: Optional[Callable[[SnapshotJob], None]] = None,
        timeout: Optional[float] = None,
        initial_interval: Optional[float] = None,
        max_interval: Optional[float] = None,
        cancel: Optional[CancelToken] = None,
        db_name: Optional[str] = None,
    ) -> SnapshotJob:
        """Blocks until the snapshot restore job ends and returns it (state
        COMPLETED). Callback and errors as wait_for_refresh: JobFailedError
        (.job is the failed job, .message carries its reason), ..."""
        jid = _int64(job_id, "job_id")
        return self._wait(  # type: ignore[no-any-return]
            "mj_wait_restore_snapshot",
            jid,
            _ffi.SnapshotJob,
            _ffi.SNAPSHOT_PROGRESS_FN,
            SnapshotJob._from_c,
            "mj_snapshot_job_free",
            on_progress,
            timeout,
            initial_interval,
            max_interval,
            cancel,
            db_name,
        )

    def _wait(
        self,
        fn_name: str,
        jid: Any,
        c_type: Any,
        proto: Any,
        convert: Callable[[Any], Any],
        free_name: str,
        on_progress: Optional[Callable[[Any], None]],
        timeout: Optional[float],
        initial_interval: Optional[float],
        max_interval: Optional[float],
        cancel: Optional[CancelToken],
        db_name: Optional[str],
    ) -> Any:
        with _scoped_token(cancel) as token:
            opts, _db = self._wait_options(token, timeout, initial_interval, max_interval, db_name)
            runner = _Runner(token)

            def trampoline(job_ptr: Any, _user: Any) -> None:
                # Never let an exception cross into C: the runner keeps it and
                # stops the wait. The callback itself runs on the caller's thread.
                if runner.stopped or on_progress is None:
                    return
                try:
                    job = convert(job_ptr.contents)
                except BaseException as e:  # noqa: B902 - re-raised after the call
                    runner.raised.append(e)
                    token.cancel()
                    return
                runner.call_on_caller(lambda: on_progress(job))

            cb = proto(trampoline) if on_progress is not None else proto()  # proto(): NULL

            def run() -> Any:
                out = POINTER(c_type)()
                err = c_void_p()
                with self._use() as h:
                    st = getattr(lib(), fn_name)(byref(out), h, jid, byref(opts), cb, None, byref(err))
                try:
                    job = convert(out.contents) if out else None
                finally:
                    getattr(lib(), free_name)(out)
                if st != 0:
                    raise _take_error(st, err, job)
                lib().mj_error_free(err)
                return job

            return runner.run(run)

    # ------------------------------------------------------------ watching

    def watcher(
        self,
        *,
        max_connections: Optional[int] = None,
        interval: Optional[float] = None,
        poll_timeout: Optional[float] = None,
        cancel: Optional[CancelToken] = None,
        db_name: Optional[str] = None,
    ) -> "Watcher":
        """A Watcher polling many jobs at once over this client (see Watcher)."""
        return Watcher(
            self,
            max_connections=max_connections,
            interval=interval,
            poll_timeout=poll_timeout,
            cancel=cancel,
            db_name=db_name,
        )


def _int64(value: int, name: str, allow_zero: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        hint = ""
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            hint = f": pass int({value!r})"
        raise InvalidArgumentError(
            f"{name} must be an int, got {type(value).__name__}{hint}",
            status=Status.INVALID_ARGUMENT,
            category="MJ_EINVALID_ARGUMENT",
        )
    if not (-(2**63) <= value < 2**63):
        raise InvalidArgumentError(
            f"{name} {value} does not fit in int64",
            status=Status.INVALID_ARGUMENT,
            category="MJ_EINVALID_ARGUMENT",
        )
    return value


def _job_str(job_id: Union[str, int]) -> str:
    # pymilvus users sometimes hold numeric Milvus import ids as int.
    if isinstance(job_id, str):
        return job_id
    if isinstance(job_id, int) and not isinstance(job_id, bool):
        return str(job_id)
    raise InvalidArgumentError(
        f"job_id must be a str, got {type(job_id).__name__}",
        status=Status.INVALID_ARGUMENT,
        category="MJ_EINVALID_ARGUMENT",
    )


@dataclass(frozen=True)
class WatchEvent:
    """One change of one watched job.

    error is None and refresh/import_job holds the job when the poll
    succeeded; else error holds the failed poll's exception (JobLostError when
    the job vanished). done: the job's last event (the watcher dropped it).
    """

    kind: JobKind
    refresh_job_id: int
    import_job_id: str
    status: int
    error: Optional[MilvusJobsError]
    refresh: Optional[RefreshJob]
    import_job: Optional[ImportJob]
    done: bool
    #: For JobKind.SNAPSHOT_RESTORE: the job's id (0 otherwise) and the job as read.
    snapshot_job_id: int = 0
    snapshot: Optional[SnapshotJob] = None

    @property
    def job(self) -> Union[RefreshJob, ImportJob, SnapshotJob, None]:
        if self.kind == JobKind.SNAPSHOT_RESTORE:
            return self.snapshot
        return self.refresh if self.kind == JobKind.REFRESH else self.import_job

    @property
    def job_id(self) -> Union[int, str]:
        if self.kind == JobKind.SNAPSHOT_RESTORE:
            return self.snapshot_job_id
        return self.refresh_job_id if self.kind == JobKind.REFRESH else self.import_job_id

    @classmethod
    def _from_c(cls, c: _ffi.WatchEvent) -> "WatchEvent":
        status = int(c.status)
        error = _read_error(c.error, status) if (status != 0 and c.error) else None
        if status != 0 and error is None:
            error = make_error(status, status_description(status), category=status_name(status))
        try:
            kind = JobKind(int(c.kind))
        except ValueError:
            kind = JobKind.IMPORT
        return cls(
            kind=kind,
            refresh_job_id=int(c.refresh_job_id),
            import_job_id=text(c.import_job_id),
            status=status,
            error=error,
            refresh=RefreshJob._from_c(c.refresh.contents) if c.refresh else None,
            import_job=ImportJob._from_c(c.import_job.contents) if c.import_job else None,
            done=bool(c.done),
            snapshot_job_id=int(c.snapshot_job_id),
            snapshot=SnapshotJob._from_c(c.snapshot.contents) if c.snapshot else None,
        )


class Watcher:
    """Polls many refresh and import jobs at once and reports each change.

    Drive it with next() (one event at a time), events() (an iterator) or
    run(on_event). Jobs may be added and removed from any thread; only one
    thread may drive it at a time. A job leaves by itself after its last event.
    If on_event raises, run() stops, re-raises it, and the watcher is closed.
    """

    def __init__(
        self,
        client: MilvusJobsClient,
        *,
        max_connections: Optional[int] = None,
        interval: Optional[float] = None,
        poll_timeout: Optional[float] = None,
        cancel: Optional[CancelToken] = None,
        db_name: Optional[str] = None,
    ) -> None:
        self._client = client
        self._parent = cancel
        self._token = cancel._child() if cancel is not None else CancelToken()
        self._handle: Optional[int] = None
        self._broken: Optional[str] = None
        o = _ffi.init(_ffi.WatcherOptions(), "mj_watcher_options_init")
        o.max_connections = int(max_connections or 0)
        o.interval_ms = _ms(interval, "interval")
        o.poll_timeout_ms = _ms(poll_timeout, "poll_timeout")
        o.cancel = self._token._ptr
        self._db = _b(db_name, "db_name")
        o.db_name = self._db
        handle = c_void_p()
        err = c_void_p()
        # The watcher borrows the client: keep the client open until close().
        with client._lock:
            if client._handle is None or client._closing:
                raise InvalidArgumentError(
                    "the client is closed; create a new MilvusJobsClient",
                    status=Status.INVALID_ARGUMENT,
                    category="MJ_EINVALID_ARGUMENT",
                )
            client._busy += 1
            chandle = client._handle
        try:
            _check(lib().mj_watcher_new(byref(handle), chandle, byref(o), byref(err)), err)
        except BaseException:
            client._release()
            raise
        self._handle = handle.value

    def _h(self) -> int:
        if self._broken:
            raise CancelledError(self._broken, status=Status.CANCELLED, category="MJ_ECANCELLED")
        if not self._handle:
            raise InvalidArgumentError(
                "the watcher is closed", status=Status.INVALID_ARGUMENT, category="MJ_EINVALID_ARGUMENT"
            )
        return self._handle

    def add_refresh(self, job_id: int) -> None:
        err = c_void_p()
        _check(lib().mj_watcher_add_refresh(self._h(), _int64(job_id, "job_id"), byref(err)), err)

    def add_import(self, job_id: str) -> None:
        err = c_void_p()
        _check(lib().mj_watcher_add_import(self._h(), _b(_job_str(job_id), "job_id"), byref(err)), err)

    def remove_refresh(self, job_id: int) -> None:
        """Stops watching a refresh job. NotFoundError when it is not watched."""
        err = c_void_p()
        _check(lib().mj_watcher_remove_refresh(self._h(), _int64(job_id, "job_id"), byref(err)), err)

    def add_restore_snapshot(self, job_id: int) -> None:
        """Watches a snapshot restore job (its events: kind SNAPSHOT_RESTORE)."""
        err = c_void_p()
        _check(lib().mj_watcher_add_restore_snapshot(self._h(), _int64(job_id, "job_id"), byref(err)), err)

    def remove_restore_snapshot(self, job_id: int) -> None:
        err = c_void_p()
        _check(lib().mj_watcher_remove_restore_snapshot(self._h(), _int64(job_id, "job_id"), byref(err)), err)

    def remove_import(self, job_id: str) -> None:
        err = c_void_p()
        _check(lib().mj_watcher_remove_import(self._h(), _b(_job_str(job_id), "job_id"), byref(err)), err)

    def __len__(self) -> int:
        return int(lib().mj_watcher_size(self._h()))

    def next(self, timeout: Optional[float] = None) -> Optional[WatchEvent]:
        """The next event; None when no job is watched, or when `timeout`
        seconds pass first (0: only what is ready now; None: no limit)."""
        # In slices of at most _SLICE, so that between two of them Python
        # runs signal handlers (Ctrl-C): the watcher does no work between
        # calls and its transfers in flight carry on in the next slice.
        if timeout is None:
            end = None
        elif timeout == 0:
            end = 0
        else:
            end = _ms(timeout, "timeout")
        start = time.monotonic()
        slice_ms = int(_SLICE * 1000)
        while True:
            if end is None:
                step = slice_ms
            else:
                step = max(0, min(slice_ms, end - int((time.monotonic() - start) * 1000)))
            out = POINTER(_ffi.WatchEvent)()
            err = c_void_p()
            st = lib().mj_watcher_next(byref(out), self._h(), step, byref(err))
            _check(st, err)
            if out:
                try:
                    return WatchEvent._from_c(out.contents)
                finally:
                    lib().mj_watch_event_free(out)
            if len(self) == 0 or (end is not None and (time.monotonic() - start) * 1000 >= end):
                return None

    def events(self, timeout: Optional[float] = None) -> Iterator[WatchEvent]:
        """Yields events until no job is left (or `timeout` seconds pass with none)."""
        while True:
            ev = self.next(timeout)
            if ev is None:
                return
            yield ev

    def run(self, on_event: Callable[[WatchEvent], None], timeout: Optional[float] = None) -> None:
        """Polls until no job is left, calling on_event(event) on this thread.
        Raises DeadlineExceededError after `timeout` seconds (None: no limit)."""
        runner = _Runner(self._token)

        def trampoline(ev_ptr: Any, _user: Any) -> None:
            if runner.stopped:
                return
            try:
                ev = WatchEvent._from_c(ev_ptr.contents)
            except BaseException as e:  # noqa: B902 - re-raised after the call
                runner.raised.append(e)
                self._token.cancel()
                return
            runner.call_on_caller(lambda: on_event(ev))

        cb = _ffi.WATCH_FN(trampoline)
        tmo = -1 if timeout is None else _ms(timeout, "timeout")
        handle = self._h()

        def call() -> None:
            err = c_void_p()
            st = lib().mj_watcher_run(handle, tmo, cb, None, byref(err))
            _check(st, err)

        try:
            runner.run(call)
        except BaseException:
            if runner.stopped:
                self._broken = (
                    "the watcher stopped because run() was interrupted or its on_event callback raised; make a new one"
                )
            raise

    def close(self) -> None:
        """Stops polling and frees the watcher; the client may then be closed."""
        handle, self._handle = self._handle, None
        if handle:
            lib().mj_watcher_free(handle)
            if self._parent is not None:
                self._parent._unlink(self._token)
            self._client._release()

    def __enter__(self) -> "Watcher":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_handle", None) and _ffi._lib is not None:
            self.close()

