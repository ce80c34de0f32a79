"""mj_wait_*, the watcher and the paged import list (API 0.2)."""

from __future__ import annotations

import threading
import time
from typing import Iterator, List, TypeVar

import pytest

from conftest import DevServer

from milvus_jobs import (
    CancelledError,
    CancelToken,
    DeadlineExceededError,
    ImportJob,
    ImportState,
    InvalidArgumentError,
    JobFailedError,
    JobKind,
    MilvusJobsClient,
    NotFoundError,
    RefreshJob,
    RefreshState,
    WatchEvent,
)

T = TypeVar("T")


@pytest.fixture()
def slow(start_server) -> Iterator[MilvusJobsClient]:  # type: ignore[no-untyped-def]
    s: DevServer = start_server("--work-delay-ms", "60")
    with MilvusJobsClient(s.uri, timeout=10) as c:
        yield c


@pytest.fixture()
def waiting(slow: MilvusJobsClient) -> MilvusJobsClient:
    return slow


@pytest.fixture()
def watching(slow: MilvusJobsClient) -> MilvusJobsClient:
    return slow


def test_wait_for_import_with_progress(waiting: MilvusJobsClient) -> None:
    job_id = waiting.bulk_import("quick_setup", [["import/rows.json"], ["import/rows.csv"]])
    seen: List[ImportJob] = []
    job = waiting.wait_for_import(job_id, on_progress=seen.append, initial_interval=0.02, max_interval=0.1)
    assert job.state is ImportState.COMPLETED and job.progress == 100 and job.imported_rows == 7
    assert seen and all(isinstance(j, ImportJob) and j.job_id == job_id for j in seen)
    assert seen[-1].state is ImportState.COMPLETED
    progress = [j.progress for j in seen]
    assert progress == sorted(progress)
    assert len(seen) >= 2  # at least the first answer and the completion


def test_wait_for_import_uncommitted_then_commit(waiting: MilvusJobsClient) -> None:
    job_id = waiting.bulk_import("quick_setup", [["import/rows.json"]], options={"auto_commit": False})
    job = waiting.wait_for_import(job_id, initial_interval=0.02)
    assert job.state is ImportState.UNCOMMITTED
    waiting.commit_import(job_id)
    assert waiting.wait_for_import(job_id, initial_interval=0.02).state is ImportState.COMPLETED


def test_wait_for_import_failed_job(waiting: MilvusJobsClient) -> None:
    job_id = waiting.bulk_import("quick_setup", [["import/broken.json"]])
    with pytest.raises(JobFailedError) as e:
        waiting.wait_for_import(job_id, initial_interval=0.02)
    assert isinstance(e.value.job, ImportJob) and e.value.job.state is ImportState.FAILED
    assert e.value.job.reason and e.value.job.reason in e.value.message


def test_wait_for_refresh(waiting: MilvusJobsClient) -> None:
    seen: List[RefreshJob] = []
    job_id = waiting.refresh_external_collection("books_ext")
    job = waiting.wait_for_refresh(job_id, on_progress=seen.append, initial_interval=0.02)
    assert job.job_id == job_id and job.state is RefreshState.COMPLETED and job.progress == 100
    assert seen[-1].state is RefreshState.COMPLETED
    failing = waiting.refresh_external_collection("gone_ext")
    with pytest.raises(JobFailedError) as e:
        waiting.wait_for_refresh(failing, initial_interval=0.02)
    assert e.value.job.state is RefreshState.FAILED


def test_wait_errors(waiting: MilvusJobsClient) -> None:
    with pytest.raises(NotFoundError):
        waiting.wait_for_import("12345", initial_interval=0.02, timeout=5)
    with pytest.raises(NotFoundError):
        waiting.wait_for_refresh(2**53 + 1, initial_interval=0.02, timeout=5)
    job_id = waiting.bulk_import("quick_setup", [["import/rows.json"]] * 1 + [["import/rows.csv"]])
    with pytest.raises(DeadlineExceededError) as e:
        waiting.wait_for_import(job_id, timeout=0.05, initial_interval=0.01)
    assert e.value.job is None or isinstance(e.value.job, ImportJob)


def test_callback_exception_is_reraised_and_stops_the_wait(waiting: MilvusJobsClient) -> None:
    job_id = waiting.bulk_import("quick_setup", [["import/rows.json"], ["import/rows.csv"]])
    calls = 0

    def boom(job: ImportJob) -> None:
        nonlocal calls
        calls += 1
        raise ValueError(f"stop at {job.progress}")

    t0 = time.monotonic()
    with pytest.raises(ValueError, match="stop at"):
        waiting.wait_for_import(job_id, on_progress=boom, initial_interval=0.02)
    assert calls == 1
    assert time.monotonic() - t0 < 5
    # The client is still fine afterwards.
    assert waiting.get_import_progress(job_id).job_id == job_id


def test_wait_cancelled_from_another_thread(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server("--work-delay-ms", "3000")  # the refresh takes many seconds
    with MilvusJobsClient(s.uri) as c:
        job_id = c.refresh_external_collection("books_ext")
        token = CancelToken()
        threading.Timer(0.3, token.cancel).start()
        t0 = time.monotonic()
        with pytest.raises(CancelledError) as e:
            c.wait_for_refresh(job_id, cancel=token, initial_interval=0.05)
        assert time.monotonic() - t0 < 2.5
        assert e.value.job is None or e.value.job.job_id == job_id


def test_watcher_next(watching: MilvusJobsClient) -> None:
    imp = watching.bulk_import("quick_setup", [["import/rows.json"]])
    bad = watching.bulk_import("quick_setup", [["import/broken.json"]])
    ref = watching.refresh_external_collection("books_ext")
    with watching.watcher(interval=0.05) as w:
        w.add_import(imp)
        w.add_import(bad)
        w.add_import(bad)  # already watched: no-op
        w.add_refresh(ref)
        assert len(w) == 3
        last: dict[object, WatchEvent] = {}
        for ev in w.events(timeout=20):
            assert ev.status == 0 or ev.error is not None
            last[ev.job_id] = ev
        assert len(w) == 0
    assert set(last) == {imp, bad, ref}
    assert all(ev.done for ev in last.values())
    assert last[imp].kind is JobKind.IMPORT and last[imp].import_job is not None
    assert last[imp].import_job.state is ImportState.COMPLETED
    assert last[bad].import_job is not None and last[bad].import_job.state is ImportState.FAILED
    assert last[ref].kind is JobKind.REFRESH and last[ref].refresh is not None
    assert last[ref].refresh.state is RefreshState.COMPLETED


def test_watcher_run_callback_and_remove(watching: MilvusJobsClient) -> None:
    a = watching.bulk_import("quick_setup", [["import/rows.json"]])
    b = watching.bulk_import("quick_setup", [["import/rows.csv"]])
    events: List[WatchEvent] = []
    with watching.watcher(interval=0.05, max_connections=2) as w:
        w.add_import(a)
        w.add_import(b)
        w.remove_import(b)
        with pytest.raises(NotFoundError):
            w.remove_import(b)
        with pytest.raises(NotFoundError):
            w.remove_refresh(42)
        w.run(events.append, timeout=20)
        assert len(w) == 0
    assert events and {e.import_job_id for e in events} == {a}
    assert events[-1].done and events[-1].import_job is not None


def test_watcher_callback_exception(watching: MilvusJobsClient) -> None:
    a = watching.bulk_import("quick_setup", [["import/rows.json"], ["import/rows.csv"]])
    w = watching.watcher(interval=0.05)
    w.add_import(a)

    def boom(ev: WatchEvent) -> None:
        raise KeyError("from the callback")

    with pytest.raises(KeyError, match="from the callback"):
        w.run(boom, timeout=20)
    with pytest.raises(CancelledError, match="callback raised"):
        w.run(lambda ev: None)
    w.close()
    watching.close()  # the client is released by the watcher's close


def test_watcher_timeout_and_cancel(watching: MilvusJobsClient) -> None:
    job_id = watching.bulk_import("quick_setup", [["import/rows.json"]], options={"auto_commit": False})
    token = CancelToken()
    with watching.watcher(interval=0.05, cancel=token) as w:
        w.add_import(job_id)
        # Uncommitted is not terminal: the job stays watched.
        with pytest.raises(DeadlineExceededError):
            w.run(lambda ev: None, timeout=0.5)
        assert len(w) == 1
        threading.Timer(0.2, token.cancel).start()
        with pytest.raises(CancelledError):
            w.run(lambda ev: None)
    watching.abort_import(job_id)


def test_list_import_jobs_page(slow: MilvusJobsClient) -> None:
    ids = [slow.bulk_import("books", [["import/rows.json"]]) for _ in range(3)]
    page1 = slow.list_import_jobs("books", page_size=2, current_page=1)
    # Open-source Milvus does not page: page 1 holds every job, later pages are empty.
    assert set(ids) <= {j.job_id for j in page1}
    assert page1.total_count == len(page1)
    assert len(slow.list_import_jobs("books", page_size=2, current_page=2)) == 0
    with pytest.raises(InvalidArgumentError):
        slow.list_import_jobs(page_size=1000)
    with pytest.raises(InvalidArgumentError):
        slow.list_import_jobs(current_page=-1)


def _forget(uri: str, kind: str, job_id: object) -> None:
    """Makes a job vanish through the dev server's --admin route."""
    import json
    import urllib.request

    req = urllib.request.Request(
        uri + "/admin/jobs/forget",
        data=json.dumps({"kind": kind, "jobId": str(job_id)}).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=5) as r:
        assert json.loads(r.read())["code"] == 0


def test_lost_job_in_wait_and_watcher(start_server) -> None:  # type: ignore[no-untyped-def]
    from milvus_jobs import JobLostError

    s = start_server("--admin", "--work-delay-ms", "3000")
    with MilvusJobsClient(s.uri) as c:
        ref = c.refresh_external_collection("books_ext")  # slow: seconds per file
        threading.Timer(0.4, _forget, (s.uri, "refresh", ref)).start()
        seen: List[RefreshJob] = []
        with pytest.raises(JobLostError) as e:
            c.wait_for_refresh(ref, on_progress=seen.append, initial_interval=0.05, max_interval=0.1, timeout=20)
        assert seen and seen[0].job_id == ref
        assert e.value.category == "MJ_EJOB_LOST"

        imp = c.bulk_import("quick_setup", [["import/rows.json"]])
        with c.watcher(interval=0.05) as w:
            w.add_import(imp)
            first = w.next(timeout=10)
            assert first is not None and first.status == 0 and not first.done
            _forget(s.uri, "import", imp)
            last = None
            for ev in w.events(timeout=10):
                last = ev
            assert last is not None and last.done and last.import_job is None
            assert isinstance(last.error, JobLostError) and last.error.category == "MJ_EJOB_LOST"
            assert len(w) == 0
