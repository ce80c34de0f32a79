"""ctypes declarations of include/milvus_jobs.h and the library loader.

Everything here mirrors the header by hand; tests/test_abi.py checks every
struct's size and field offsets against tests/abi/layout.lp64.txt and every
function name against abi/symbols.txt. ctypes releases the GIL around each
foreign call, so blocking calls from many threads run in parallel.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char_p,
    c_int,
    c_int32,
    c_int64,
    c_size_t,
    c_uint32,
    c_uint64,
    c_void_p,
)
from pathlib import Path
from typing import Any, List, Optional, Tuple

#: The header version this binding was written against (MJ_VERSION_NUMBER).
HEADER_VERSION_NUMBER = 500

LIBRARY_ENV = "MILVUS_JOBS_LIBRARY"


class ClientOptions(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("uri", c_char_p),
        ("token", c_char_p),
        ("db_name", c_char_p),
        ("connect_timeout_ms", c_int64),
        ("request_timeout_ms", c_int64),
        ("tls_insecure_skip_verify", c_int32),
        ("tls_ca_file", c_char_p),
        ("tls_ca_path", c_char_p),
        ("user_agent", c_char_p),
        ("extra_headers", POINTER(c_char_p)),
        ("extra_header_count", c_size_t),
        ("max_attempts", c_int32),
        ("retry_initial_backoff_ms", c_int64),
        ("retry_max_backoff_ms", c_int64),
        ("max_response_bytes", c_int64),
        ("max_list_response_bytes", c_int64),
        ("deployment", c_int32),
        ("cloud_cluster_id", c_char_p),
        ("cloud_project_id", c_char_p),
        ("cloud_region_id", c_char_p),
        ("cloud_project_endpoint", c_char_p),
        ("tls_client_cert_file", c_char_p),
        ("tls_client_key_file", c_char_p),
        ("tls_client_key_password", c_char_p),
        ("tls_server_name", c_char_p),
        ("proxy", c_char_p),
        ("no_proxy", c_char_p),
        ("log_fn", c_void_p),
        ("log_user_data", c_void_p),
        ("log_level", c_int32),
        ("disable_create_reconciliation", c_int32),
    ]


class CreateOutcome(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("recovered", c_int32),
        ("attempts", c_int32),
    ]


class CallOptions(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("timeout_ms", c_int64),
        ("cancel", c_void_p),
        ("db_name", c_char_p),
        ("max_attempts", c_int32),
        ("headers", POINTER(c_char_p)),
        ("header_count", c_size_t),
    ]


class LogRecord(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("level", c_int32),
        ("event", c_char_p),
        ("message", c_char_p),
        ("operation", c_char_p),
        ("route", c_char_p),
        ("attempt", c_int32),
        ("status", c_int32),
        ("http_status", c_int32),
        ("server_code", c_int32),
        ("duration_us", c_int64),
        ("backoff_ms", c_int64),
        ("request_id", c_char_p),
        ("trace_id", c_char_p),
        ("connection_reused", c_int32),
    ]


class ClientStats(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("requests", c_int64),
        ("attempts", c_int64),
        ("retries_transport", c_int64),
        ("retries_timeout", c_int64),
        ("retries_rate_limited", c_int64),
        ("retries_server", c_int64),
        ("bytes_sent", c_int64),
        ("bytes_received", c_int64),
        ("connections_opened", c_int64),
        ("connections_reused", c_int64),
        ("answers_by_status", c_int64 * 32),
    ]


class RefreshRequest(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("collection_name", c_char_p),
        ("external_source", c_char_p),
        ("external_spec", c_char_p),
    ]


class RefreshJob(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("job_id", c_int64),
        ("collection_name", c_char_p),
        ("state", c_int32),
        ("state_name", c_char_p),
        ("progress", c_int64),
        ("reason", c_char_p),
        ("external_source", c_char_p),
        ("external_spec", c_char_p),
        ("start_time_ms", c_int64),
        ("end_time_ms", c_int64),
    ]


class RefreshJobList(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("count", c_size_t),
        ("items", POINTER(POINTER(RefreshJob))),
    ]


class ImportRequest(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("collection_name", c_char_p),
        ("partition_name", c_char_p),
        ("files", POINTER(c_char_p)),
        ("file_count", c_size_t),
        ("group_sizes", POINTER(c_size_t)),
        ("group_count", c_size_t),
        ("option_keys", POINTER(c_char_p)),
        ("option_values", POINTER(c_char_p)),
        ("option_count", c_size_t),
        ("volume_name", c_char_p),
        ("access_key", c_char_p),
        ("secret_key", c_char_p),
        ("session_token", c_char_p),
    ]


class ImportFile(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("file_name", c_char_p),
        ("file_size", c_int64),
        ("progress", c_int64),
        ("state", c_int32),
        ("state_name", c_char_p),
        ("imported_rows", c_int64),
        ("total_rows", c_int64),
        ("complete_time", c_char_p),
        ("complete_time_ms", c_int64),
        ("reason", c_char_p),
    ]


class ImportJob(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("job_id", c_char_p),
        ("collection_name", c_char_p),
        ("state", c_int32),
        ("state_name", c_char_p),
        ("progress", c_int64),
        ("reason", c_char_p),
        ("imported_rows", c_int64),
        ("total_rows", c_int64),
        ("file_size", c_int64),
        ("create_time", c_char_p),
        ("create_time_ms", c_int64),
        ("complete_time", c_char_p),
        ("complete_time_ms", c_int64),
        ("detail_count", c_size_t),
        ("details", POINTER(POINTER(ImportFile))),
        ("file_name", c_char_p),
    ]


class ImportJobList(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("count", c_size_t),
        ("items", POINTER(POINTER(ImportJob))),
        ("total_count", c_int64),
        ("page_size", c_int64),
        ("current_page", c_int64),
    ]


class ImportListRequest(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("collection_name", c_char_p),
        ("page_size", c_int64),
        ("current_page", c_int64),
    ]


class ExportSnapshotRequest(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("collection_name", c_char_p),
        ("snapshot_name", c_char_p),
        ("target_path", c_char_p),
        ("external_spec", c_char_p),
    ]


class RestoreSnapshotRequest(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("target_collection_name", c_char_p),
        ("snapshot_uri", c_char_p),
        ("external_spec", c_char_p),
    ]


class SnapshotJob(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("job_id", c_int64),
        ("snapshot_name", c_char_p),
        ("db_name", c_char_p),
        ("collection_name", c_char_p),
        ("state", c_int32),
        ("state_name", c_char_p),
        ("progress", c_int64),
        ("reason", c_char_p),
        ("start_time_ms", c_int64),
        ("time_cost_ms", c_int64),
    ]


class SnapshotJobList(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("count", c_size_t),
        ("items", POINTER(POINTER(SnapshotJob))),
    ]


class WaitOptions(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("timeout_ms", c_int64),
        ("initial_interval_ms", c_int64),
        ("max_interval_ms", c_int64),
        ("cancel", c_void_p),
        ("db_name", c_char_p),
    ]


class WatcherOptions(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("max_connections", c_int32),
        ("interval_ms", c_int64),
        ("poll_timeout_ms", c_int64),
        ("cancel", c_void_p),
        ("db_name", c_char_p),
    ]


class WatchEvent(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("kind", c_int32),
        ("refresh_job_id", c_int64),
        ("import_job_id", c_char_p),
        ("status", c_int32),
        ("error", c_void_p),
        ("refresh", POINTER(RefreshJob)),
        ("import_job", POINTER(ImportJob)),
        ("done", c_int32),
        ("snapshot_job_id", c_int64),
        ("snapshot", POINTER(SnapshotJob)),
    ]


class AsyncOptions(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("max_in_flight", c_int32),
        ("on_socket", c_void_p),
        ("on_timer", c_void_p),
        ("user_data", c_void_p),
    ]


class AsyncResult(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("kind", c_int32),
        ("tag", c_uint64),
        ("status", c_int32),
        ("error", c_void_p),
        ("refresh", POINTER(RefreshJob)),
        ("import_job", POINTER(ImportJob)),
        ("snapshot", POINTER(SnapshotJob)),
    ]


#: Every struct, by its C name (used by the layout test).
STRUCTS = {
    "mj_client_options": ClientOptions,
    "mj_call_options": CallOptions,
    "mj_create_outcome": CreateOutcome,
    "mj_refresh_request": RefreshRequest,
    "mj_refresh_job": RefreshJob,
    "mj_refresh_job_list": RefreshJobList,
    "mj_import_request": ImportRequest,
    "mj_import_file": ImportFile,
    "mj_import_job": ImportJob,
    "mj_import_job_list": ImportJobList,
    "mj_import_list_request": ImportListRequest,
    "mj_export_snapshot_request": ExportSnapshotRequest,
    "mj_restore_snapshot_request": RestoreSnapshotRequest,
    "mj_snapshot_job": SnapshotJob,
    "mj_snapshot_job_list": SnapshotJobList,
    "mj_wait_options": WaitOptions,
    "mj_watcher_options": WatcherOptions,
    "mj_watch_event": WatchEvent,
    "mj_log_record": LogRecord,
    "mj_client_stats": ClientStats,
    "mj_async_options": AsyncOptions,
    "mj_async_result": AsyncResult,
}

LOG_FN = CFUNCTYPE(None, POINTER(LogRecord), c_void_p)

REFRESH_PROGRESS_FN = CFUNCTYPE(None, POINTER(RefreshJob), c_void_p)
IMPORT_PROGRESS_FN = CFUNCTYPE(None, POINTER(ImportJob), c_void_p)
SNAPSHOT_PROGRESS_FN = CFUNCTYPE(None, POINTER(SnapshotJob), c_void_p)
WATCH_FN = CFUNCTYPE(None, POINTER(WatchEvent), c_void_p)
#: mj_async_socket_fn(fd, events, user_data) and mj_async_timer_fn(timeout_ms, user_data).
ASYNC_SOCKET_FN = CFUNCTYPE(None, c_int, c_int, c_void_p)
ASYNC_TIMER_FN = CFUNCTYPE(None, c_int64, c_void_p)

#: mj_async_options.on_socket events, and the fd of mj_async_socket_action for the timer.
ASYNC_POLL_IN = 1
ASYNC_POLL_OUT = 2
ASYNC_POLL_REMOVE = 4
ASYNC_SOCKET_TIMEOUT = -1

_p = POINTER
_pp = c_void_p  # out-parameters of opaque handles: byref(c_void_p())
_err = POINTER(c_void_p)

#: name -> (restype, argtypes), in header order.
FUNCTIONS: List[Tuple[str, Any, List[Any]]] = [
    ("mj_version", c_char_p, []),
    ("mj_version_number", c_int32, []),
    ("mj_status_name", c_char_p, [c_int]),
    ("mj_status_description", c_char_p, [c_int]),
    ("mj_error_status", c_int, [c_void_p]),
    ("mj_error_message", c_char_p, [c_void_p]),
    ("mj_error_server_code", c_int32, [c_void_p]),
    ("mj_error_server_message", c_char_p, [c_void_p]),
    ("mj_error_http_status", c_int32, [c_void_p]),
    ("mj_error_is_retriable", c_int, [c_void_p]),
    ("mj_error_request_id", c_char_p, [c_void_p]),
    ("mj_error_trace_id", c_char_p, [c_void_p]),
    ("mj_error_job_id", c_char_p, [c_void_p]),
    ("mj_error_attempts", c_int32, [c_void_p]),
    ("mj_error_job_id_int64", c_int64, [c_void_p]),
    ("mj_error_hint", c_int32, [c_void_p]),
    ("mj_error_candidate_count", c_size_t, [c_void_p]),
    ("mj_error_candidate_id", c_char_p, [c_void_p, c_size_t]),
    ("mj_error_free", None, [c_void_p]),
    ("mj_free", None, [c_void_p]),
    ("mj_cancel_new", c_int, [_p(c_void_p), _err]),
    ("mj_cancel_trigger", None, [c_void_p]),
    ("mj_cancel_is_triggered", c_int, [c_void_p]),
    ("mj_cancel_free", None, [c_void_p]),
    ("mj_client_options_init", None, [_p(ClientOptions), c_uint32]),
    ("mj_client_new", c_int, [_p(c_void_p), _p(ClientOptions), _err]),
    ("mj_client_free", None, [c_void_p]),
    ("mj_client_stats_get", c_int, [_p(ClientStats), c_void_p, _err]),
    ("mj_call_options_init", None, [_p(CallOptions), c_uint32]),
    ("mj_refresh_request_init", None, [_p(RefreshRequest), c_uint32]),
    ("mj_refresh_state_is_terminal", c_int, [c_int32]),
    (
        "mj_refresh_external_collection",
        c_int,
        [_p(c_int64), c_void_p, _p(RefreshRequest), _p(CallOptions), _err],
    ),
    (
        "mj_refresh_external_collection_ex",
        c_int,
        [_p(c_int64), _p(CreateOutcome), c_void_p, _p(RefreshRequest), _p(CallOptions), _err],
    ),
    (
        "mj_get_refresh_external_collection_progress",
        c_int,
        [_p(_p(RefreshJob)), c_void_p, c_int64, _p(CallOptions), _err],
    ),
    (
        "mj_list_refresh_external_collection_jobs",
        c_int,
        [_p(_p(RefreshJobList)), c_void_p, c_char_p, _p(CallOptions), _err],
    ),
    ("mj_refresh_job_free", None, [_p(RefreshJob)]),
    ("mj_refresh_job_list_free", None, [_p(RefreshJobList)]),
    ("mj_import_state_is_terminal", c_int, [c_int32]),
    ("mj_import_request_init", None, [_p(ImportRequest), c_uint32]),
    ("mj_import_list_request_init", None, [_p(ImportListRequest), c_uint32]),
    (
        "mj_bulk_import",
        c_int,
        [_p(c_void_p), c_void_p, _p(ImportRequest), _p(CallOptions), _err],
    ),
    (
        "mj_bulk_import_ex",
        c_int,
        [_p(c_void_p), _p(CreateOutcome), c_void_p, _p(ImportRequest), _p(CallOptions), _err],
    ),
    (
        "mj_get_import_progress",
        c_int,
        [_p(_p(ImportJob)), c_void_p, c_char_p, _p(CallOptions), _err],
    ),
    (
        "mj_list_import_jobs",
        c_int,
        [_p(_p(ImportJobList)), c_void_p, c_char_p, _p(CallOptions), _err],
    ),
    ("mj_commit_import", c_int, [c_void_p, c_char_p, _p(CallOptions), _err]),
    ("mj_abort_import", c_int, [c_void_p, c_char_p, _p(CallOptions), _err]),
    (
        "mj_list_import_jobs_page",
        c_int,
        [_p(_p(ImportJobList)), c_void_p, _p(ImportListRequest), _p(CallOptions), _err],
    ),
    ("mj_import_job_free", None, [_p(ImportJob)]),
    ("mj_import_job_list_free", None, [_p(ImportJobList)]),
    ("mj_snapshot_state_is_terminal", c_int, [c_int32]),
    ("mj_export_snapshot_request_init", None, [_p(ExportSnapshotRequest), c_uint32]),
    ("mj_restore_snapshot_request_init", None, [_p(RestoreSnapshotRequest), c_uint32]),
    (
        "mj_export_snapshot",
        c_int,
        [_p(c_void_p), c_void_p, _p(ExportSnapshotRequest), _p(CallOptions), _err],
    ),
    (
        "mj_restore_external_snapshot",
        c_int,
        [_p(c_int64), c_void_p, _p(RestoreSnapshotRequest), _p(CallOptions), _err],
    ),
    (
        "mj_get_restore_snapshot_progress",
        c_int,
        [_p(_p(SnapshotJob)), c_void_p, c_int64, _p(CallOptions), _err],
    ),
    (
        "mj_list_restore_snapshot_jobs",
        c_int,
        [_p(_p(SnapshotJobList)), c_void_p, c_char_p, _p(CallOptions), _err],
    ),
    ("mj_snapshot_job_free", None, [_p(SnapshotJob)]),
    ("mj_snapshot_job_list_free", None, [_p(SnapshotJobList)]),
    ("mj_wait_options_init", None, [_p(WaitOptions), c_uint32]),
    (
        "mj_wait_refresh",
        c_int,
        [
            _p(_p(RefreshJob)),
            c_void_p,
            c_int64,
            _p(WaitOptions),
            REFRESH_PROGRESS_FN,
            c_void_p,
            _err,
        ],
    ),
    (
        "mj_wait_import",
        c_int,
        [
            _p(_p(ImportJob)),
            c_void_p,
            c_char_p,
            _p(WaitOptions),
            IMPORT_PROGRESS_FN,
            c_void_p,
            _err,
        ],
    ),
    (
        "mj_wait_restore_snapshot",
        c_int,
        [
            _p(_p(SnapshotJob)),
            c_void_p,
            c_int64,
            _p(WaitOptions),
            SNAPSHOT_PROGRESS_FN,
            c_void_p,
            _err,
        ],
    ),
    ("mj_watcher_options_init", None, [_p(WatcherOptions), c_uint32]),
    ("mj_watcher_new", c_int, [_p(c_void_p), c_void_p, _p(WatcherOptions), _err]),
    ("mj_watcher_add_refresh", c_int, [c_void_p, c_int64, _err]),
    ("mj_watcher_add_import", c_int, [c_void_p, c_char_p, _err]),
    ("mj_watcher_remove_refresh", c_int, [c_void_p, c_int64, _err]),
    ("mj_watcher_remove_import", c_int, [c_void_p, c_char_p, _err]),
    ("mj_watcher_add_restore_snapshot", c_int, [c_void_p, c_int64, _err]),
    ("mj_watcher_remove_restore_snapshot", c_int, [c_void_p, c_int64, _err]),
    ("mj_watcher_size", c_size_t, [c_void_p]),
    ("mj_watcher_run", c_int, [c_void_p, c_int64, WATCH_FN, c_void_p, _err]),
    ("mj_watcher_next", c_int, [_p(_p(WatchEvent)), c_void_p, c_int64, _err]),
    ("mj_watch_event_free", None, [_p(WatchEvent)]),
    ("mj_watcher_free", None, [c_void_p]),
    ("mj_async_options_init", None, [_p(AsyncOptions), c_uint32]),
    ("mj_async_new", c_int, [_p(c_void_p), c_void_p, _p(AsyncOptions), _err]),
    ("mj_async_free", None, [c_void_p]),
    ("mj_async_get_import_progress", c_int, [c_void_p, c_char_p, _p(CallOptions), c_uint64, _err]),
    (
        "mj_async_get_refresh_external_collection_progress",
        c_int,
        [c_void_p, c_int64, _p(CallOptions), c_uint64, _err],
    ),
    (
        "mj_async_get_restore_snapshot_progress",
        c_int,
        [c_void_p, c_int64, _p(CallOptions), c_uint64, _err],
    ),
    ("mj_async_cancel", c_int, [c_void_p, c_uint64, _err]),
    ("mj_async_socket_action", c_int, [c_void_p, c_int, c_int, _err]),
    ("mj_async_run", c_int, [c_void_p, c_int64, _err]),
    ("mj_async_wakeup", None, [c_void_p]),
    ("mj_async_next", c_int, [c_void_p, _p(AsyncResult)]),
    ("mj_async_in_flight", c_size_t, [c_void_p]),
]


#: The library's soname (the name the system loader knows it by).
SONAME = "libmilvus_jobs.so.0"


def bundled_dirs() -> List[Path]:
    """Where `pip install` puts the library: lib/ inside this package. (An
    editable install keeps it in site-packages, the code in the source tree:
    every directory of the package counts.)"""
    package = sys.modules.get(__name__.rpartition(".")[0])
    roots = list(getattr(package, "__path__", None) or [])
    here = str(Path(__file__).resolve().parent)
    if here not in roots:
        roots.insert(0, here)
    return [Path(r) / "lib" for r in roots]


def _bundled() -> List[str]:
    for d in bundled_dirs():
        if not d.is_dir():
            continue
        exact = d / SONAME
        if exact.exists():
            return [str(exact)]
        found = [str(p) for p in sorted(d.glob("libmilvus_jobs.so*"))]
        if found:
            return found
    return []


def _candidates() -> Tuple[List[str], str]:
    """Where the library is looked for, in order, and where it looked first.

    1. bundled: the copy `pip install` built and placed inside the package;
    2. MILVUS_JOBS_LIBRARY: the path of a libmilvus_jobs.so;
    3. the system loader: ctypes.util.find_library("milvus_jobs"), then the
       soname (honours LD_LIBRARY_PATH, ldconfig's cache and the rpath).
    """
    bundled = _bundled()
    if bundled:
        return bundled, "bundled"
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return [env], LIBRARY_ENV
    out: List[str] = []
    found = ctypes.util.find_library("milvus_jobs")
    if found:
        out.append(found)
    out += [SONAME, "libmilvus_jobs.so"]
    return out, "system"


#: (origin, path) of the loaded library: origin is "bundled", "MILVUS_JOBS_LIBRARY" or "system".
loaded_from: Tuple[str, str] = ("", "")


class LibraryNotFoundError(OSError):
    """libmilvus_jobs could not be loaded; the message lists where it looked."""


def _load() -> ctypes.CDLL:
    tried: List[str] = []
    if not _bundled():
        where = ", ".join(str(d) for d in bundled_dirs())
        tried.append(f"{where} (no bundled library: the package was not installed with pip)")
    candidates, origin = _candidates()
    for cand in candidates:
        is_path = os.sep in cand
        if is_path and not os.path.exists(cand):
            tried.append(f"{cand} (no such file)")
            continue
        try:
            loaded = ctypes.CDLL(cand)
        except OSError as e:
            tried.append(f"{cand} ({e})")
            if origin != "system":
                break
            continue
        global loaded_from
        loaded_from = (origin, cand)
        return loaded
    raise LibraryNotFoundError(
        "libmilvus_jobs could not be loaded. Install this package with "
        "`pip install ./bindings/python` (it builds and bundles the library), or set "
        + LIBRARY_ENV
        + " to the path of a libmilvus_jobs.so, or install the library where the "
        "system loader finds it. Tried: " + "; ".join(tried)
    )


def _bind(lib: ctypes.CDLL) -> None:
    for name, restype, argtypes in FUNCTIONS:
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes


_lib: Optional[ctypes.CDLL] = None


def lib() -> ctypes.CDLL:
    """The loaded library, with every function's signature declared."""
    global _lib
    if _lib is None:
        loaded = _load()
        loaded.mj_version_number.restype = c_int32
        loaded.mj_version_number.argtypes = []
        loaded.mj_version.restype = c_char_p
        version = int(loaded.mj_version_number())
        if version < HEADER_VERSION_NUMBER:
            raise LibraryNotFoundError(
                f"libmilvus_jobs {loaded.mj_version().decode()} at {loaded._name} is older than "
                f"the 0.{HEADER_VERSION_NUMBER // 100 % 100} API this package needs; "
                "install a newer library or point " + LIBRARY_ENV + " at one"
            )
        _bind(loaded)
        _lib = loaded
    return _lib


def init(struct: Any, init_name: str) -> Any:
    """Initialises an input struct through the library's *_init(ptr, sizeof)."""
    getattr(lib(), init_name)(ctypes.byref(struct), ctypes.sizeof(struct))
    return struct


def text(value: Optional[bytes]) -> str:
    """A borrowed C string as str ("" for NULL)."""
    if value is None:
        return ""
    return value.decode("utf-8", errors="replace")


def error_job_id(err: int) -> Optional[int]:
    """The job an mj_error names, as an int (None when none)."""
    return int(lib().mj_error_job_id_int64(err)) or None


def error_candidates(err: int) -> List[str]:
    """The candidate job ids an mj_error carries (MJ_EAMBIGUOUS)."""
    L = lib()
    return [text(L.mj_error_candidate_id(err, i)) for i in range(int(L.mj_error_candidate_count(err)))]


def error_hint(err: int) -> int:
    """The mj_hint code of an mj_error's advice (0: none)."""
    return int(lib().mj_error_hint(err))


#: The functions milvus_jobs._native calls, in the order its setup() takes them.
NATIVE_FUNCTIONS = (
    "mj_call_options_init",
    "mj_get_import_progress",
    "mj_get_refresh_external_collection_progress",
    "mj_import_job_free",
    "mj_refresh_job_free",
    "mj_cancel_new",
    "mj_cancel_trigger",
    "mj_cancel_is_triggered",
    "mj_cancel_free",
    "mj_error_free",
)

_native_module: Any = None


def native() -> Any:
    """The extension module (milvus_jobs._native), set up with the library
    ctypes loaded: the progress calls and the conversion of every job."""
    global _native_module
    if _native_module is None:
        loaded = lib()
        from . import _native, _types  # noqa: PLC0415 - _types imports this module

        addresses = [ctypes.cast(getattr(loaded, name), c_void_p).value for name in NATIVE_FUNCTIONS]
        _native.setup(
            addresses,
            (
                _types.ImportJob,
                _types.ImportFile,
                _types.RefreshJob,
                _types.ImportState,
                _types.ImportFileState,
                _types.RefreshState,
            ),
        )
        _native_module = _native
    return _native_module
