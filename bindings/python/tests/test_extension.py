"""milvus_jobs._native (native/native.c): the progress calls and the
conversion of every job in C. What it builds must be exactly what the
dataclasses' own constructors build; main-thread calls (handed to a C worker
so that Ctrl-C works, see test_interrupt.py) must reuse their threads and
honour a CancelToken."""

from __future__ import annotations

import dataclasses
import os
import threading
from pathlib import Path
from typing import Any, List

import pytest

import milvus_jobs
from conftest import DevServer
from milvus_jobs import CancelledError, CancelToken, ImportJob, MilvusJobsClient, RefreshJob, _ffi


def test_the_extension_is_the_package_own() -> None:
    from milvus_jobs import _native

    assert Path(_native.__file__).parent == Path(milvus_jobs.__file__).parent, _native.__file__
    assert _ffi.native() is _native


def _same_as_constructed(obj: Any) -> None:
    # Every field is there, and the dataclass's own __init__ given the same
    # values makes an equal object with the same repr.
    names = [f.name for f in dataclasses.fields(obj)]
    assert sorted(vars(obj)) == sorted(names)
    again = type(obj)(**{n: getattr(obj, n) for n in names})
    assert again == obj and repr(again) == repr(obj)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(obj, names[0], None)


def test_jobs_are_what_the_dataclasses_build(start_server: Any) -> None:
    server = start_server()
    with MilvusJobsClient(server.uri) as c:
        refresh = c.wait_for_refresh(c.refresh_external_collection("books_ext"), timeout=60)
        files = [["import/rows.json"], ["import/rows_wrapped.json"]]
        job = c.wait_for_import(c.bulk_import("books", files=files), timeout=60)
        for r in (refresh, c.get_refresh_external_collection_progress(refresh.job_id)):
            assert isinstance(r, RefreshJob)
            _same_as_constructed(r)
            assert isinstance(r.job_id, int) and r.state is milvus_jobs.RefreshState.COMPLETED
            assert r.start_time is not None
        got = c.get_import_progress(job.job_id)
        assert got == job
        for j in (job, got, *c.list_import_jobs("books")):
            assert isinstance(j, ImportJob)
            _same_as_constructed(j)
        assert len(got.details) == 2 and got.state is milvus_jobs.ImportState.COMPLETED
        for f in got.details:
            _same_as_constructed(f)
            assert f.state is milvus_jobs.ImportFileState.COMPLETED and f.complete_time is not None
        assert sum(f.imported_rows for f in got.details) == got.imported_rows > 0
        for r in c.list_refresh_external_collection_jobs("books_ext"):
            _same_as_constructed(r)


def _threads() -> int:
    return len(os.listdir("/proc/self/task"))


def test_main_thread_calls_reuse_one_worker(start_server: Any) -> None:
    server = start_server()
    assert threading.current_thread() is threading.main_thread()
    with MilvusJobsClient(server.uri) as c:
        job = c.wait_for_refresh(c.refresh_external_collection("books_ext"), timeout=60)
        c.get_refresh_external_collection_progress(job.job_id)
        before = _threads()
        for _ in range(200):
            assert c.get_refresh_external_collection_progress(job.job_id) == job
        assert _threads() == before


def test_a_cancel_token_stops_main_thread_and_other_calls(start_server: Any) -> None:
    server = start_server()
    with MilvusJobsClient(server.uri) as c:
        job = c.wait_for_refresh(c.refresh_external_collection("books_ext"), timeout=60)
        token = CancelToken()
        assert c.get_refresh_external_collection_progress(job.job_id, cancel=token) == job
        token.cancel()
        with pytest.raises(CancelledError):
            c.get_refresh_external_collection_progress(job.job_id, cancel=token)
        errors: List[BaseException] = []

        def other() -> None:
            try:
                c.get_import_progress("1", cancel=token)
            except BaseException as e:  # noqa: B902 - checked below
                errors.append(e)

        t = threading.Thread(target=other)
        t.start()
        t.join()
        assert len(errors) == 1 and isinstance(errors[0], CancelledError), errors
        # A fresh token (and none) work again: Ctrl-C's private token was not the caller's.
        assert c.get_refresh_external_collection_progress(job.job_id, cancel=CancelToken()) == job
        assert c.get_refresh_external_collection_progress(job.job_id) == job


def test_a_closed_client_refuses_progress_calls(server: DevServer) -> None:
    c = MilvusJobsClient(server.uri)
    c.close()
    with pytest.raises(milvus_jobs.InvalidArgumentError, match="the client is closed"):
        c.get_import_progress("1")
    with pytest.raises(milvus_jobs.InvalidArgumentError, match="the client is closed"):
        c.get_refresh_external_collection_progress(1)
