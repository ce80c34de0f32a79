"""AsyncMilvusJobsClient against the dev server (pytest-asyncio)."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import AsyncIterator, Callable, List

import pytest
import pytest_asyncio

from conftest import BlackHole, DevServer

from milvus_jobs import (
    AsyncMilvusJobsClient,
    CancelledError,
    DeadlineExceededError,
    DuplicateJobError,
    ImportJob,
    ImportState,
    InvalidArgumentError,
    JobFailedError,
    JobKind,
    NotFoundError,
    RefreshJob,
    RefreshState,
    TransportError,
    WatchEvent,
)

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture()
async def aclient(start_server: Callable[..., DevServer]) -> AsyncIterator[AsyncMilvusJobsClient]:
    s = start_server("--work-delay-ms", "60")
    async with AsyncMilvusJobsClient(s.uri, timeout=10, watch_interval=0.02) as c:
        yield c


async def test_every_call(aclient: AsyncMilvusJobsClient) -> None:
    c = aclient
    ref = await c.refresh_external_collection("books_ext")
    assert isinstance(ref, int)
    job = await c.get_refresh_external_collection_progress(ref)
    assert isinstance(job, RefreshJob) and job.job_id == ref and job.collection_name == "books_ext"
    with pytest.raises(DuplicateJobError) as dup:
        await c.refresh_external_collection("books_ext")
    assert dup.value.job_id == ref
    listed = await c.list_refresh_external_collection_jobs("books_ext")
    assert ref in {j.job_id for j in listed}

    imp = await c.bulk_import("quick_setup", [["import/rows.json"]])
    got = await c.get_import_progress(imp)
    assert isinstance(got, ImportJob) and got.job_id == imp
    assert imp in {j.job_id for j in await c.list_import_jobs("quick_setup")}
    page = await c.list_import_jobs("quick_setup", page_size=10, current_page=1)
    assert imp in {j.job_id for j in page} and page.total_count == len(page)

    two_phase = await c.bulk_import("quick_setup", [["import/rows.csv"]], options={"auto_commit": False})
    assert (await c.wait_for_import(two_phase)).state is ImportState.UNCOMMITTED
    await c.commit_import(two_phase)
    assert (await c.wait_for_import(two_phase)).state is ImportState.COMPLETED

    doomed = await c.bulk_import("quick_setup", [["import/rows.csv"]], options={"auto_commit": False})
    await c.abort_import(doomed)
    aborted = await c.get_import_progress(doomed)
    assert aborted.state is ImportState.FAILED and "abort" in aborted.reason

    with pytest.raises(NotFoundError):
        await c.get_import_progress("424242")
    with pytest.raises(NotFoundError):
        await c.get_refresh_external_collection_progress(2**53 + 1)
    with pytest.raises(InvalidArgumentError, match="NUL"):
        await c.get_import_progress("12\x00junk")
    with pytest.raises(InvalidArgumentError, match="NUL"):
        await c.wait_for_import("12\x00junk")
    with pytest.raises(InvalidArgumentError, match="must be an int"):
        await c.wait_for_refresh("12")  # type: ignore[arg-type]
    assert (await c.wait_for_refresh(ref)).state is RefreshState.COMPLETED


async def test_wait_with_async_and_plain_progress_callbacks(aclient: AsyncMilvusJobsClient) -> None:
    job_id = await aclient.bulk_import("quick_setup", [["import/rows.json"], ["import/rows.csv"]])
    seen: List[ImportJob] = []

    async def on_progress(job: ImportJob) -> None:
        await asyncio.sleep(0)
        seen.append(job)

    job = await aclient.wait_for_import(job_id, on_progress=on_progress)
    assert job.state is ImportState.COMPLETED and job.progress == 100 and job.imported_rows == 7
    assert len(seen) >= 2 and seen[-1] == job
    assert [j.progress for j in seen] == sorted(j.progress for j in seen)

    plain: List[RefreshJob] = []
    ref = await aclient.refresh_external_collection("books_ext")
    done = await aclient.wait_for_refresh(ref, on_progress=plain.append)
    assert done.state is RefreshState.COMPLETED and plain[-1].state is RefreshState.COMPLETED


async def test_async_iterator_of_changes(aclient: AsyncMilvusJobsClient) -> None:
    job_id = await aclient.bulk_import("quick_setup", [["import/rows.json"], ["import/rows.csv"]])
    states = [job async for job in aclient.import_changes(job_id)]
    assert states[-1].state is ImportState.COMPLETED
    assert len({(j.state, j.progress) for j in states}) == len(states)  # changes only

    ref = await aclient.refresh_external_collection("other_ext")
    refreshes = [j async for j in aclient.refresh_changes(ref)]
    assert refreshes[-1].state is RefreshState.COMPLETED and refreshes[-1].job_id == ref

    # Leaving the loop early unsubscribes the job from the shared watcher.
    another = await aclient.bulk_import("quick_setup", [["import/rows.json"]])
    changes = aclient.import_changes(another)
    async for first in changes:
        assert first.job_id == another
        break
    await changes.aclose()  # type: ignore[attr-defined]
    hub = next(iter(aclient._hubs.values()))[1]
    assert len(hub) == 0


async def test_failed_jobs_carry_their_reason(aclient: AsyncMilvusJobsClient) -> None:
    bad = await aclient.bulk_import("quick_setup", [["import/broken.json"]])
    with pytest.raises(JobFailedError) as e:
        await aclient.wait_for_import(bad)
    assert isinstance(e.value.job, ImportJob) and e.value.job.state is ImportState.FAILED
    assert e.value.job.reason and e.value.job.reason in e.value.message

    failing = await aclient.refresh_external_collection("gone_ext")
    seen: List[RefreshJob] = []
    with pytest.raises(JobFailedError) as e2:
        async for j in aclient.refresh_changes(failing):
            seen.append(j)
    assert e2.value.job.state is RefreshState.FAILED and e2.value.job.job_id == failing

    with pytest.raises(NotFoundError):
        await aclient.wait_for_import("777777", timeout=10)


async def test_wait_timeout_and_callback_exception(start_server: Callable[..., DevServer]) -> None:
    s = start_server("--work-delay-ms", "3000")
    async with AsyncMilvusJobsClient(s.uri, timeout=10, watch_interval=0.05) as c:
        job_id = await c.bulk_import("quick_setup", [["import/rows.json"], ["import/rows.csv"]])
        t0 = time.monotonic()
        with pytest.raises(DeadlineExceededError, match="raise the wait's timeout") as e:
            await c.wait_for_import(job_id, timeout=0.5)
        assert 0.45 < time.monotonic() - t0 < 2.0
        assert isinstance(e.value.job, ImportJob) and e.value.job.job_id == job_id

        def boom(job: ImportJob) -> None:
            raise ValueError(f"stop at {job.progress}")

        with pytest.raises(ValueError, match="stop at"):
            await c.wait_for_import(job_id, on_progress=boom)
        assert (await c.get_import_progress(job_id)).job_id == job_id
        hub = next(iter(c._hubs.values()))[1]
        assert len(hub) == 0 and len(hub.driver) == 0


async def test_two_waiters_on_one_job(aclient: AsyncMilvusJobsClient) -> None:
    job_id = await aclient.bulk_import("quick_setup", [["import/rows.json"]], options={"auto_commit": False})
    first = await aclient.wait_for_import(job_id)
    assert first.state is ImportState.UNCOMMITTED
    # Both waiters see UNCOMMITTED, also the one joining after the first
    # (the watcher reports changes only; the hub replays the latest).
    a = asyncio.ensure_future(aclient.wait_for_import(job_id))
    await asyncio.sleep(0.3)
    b = await aclient.wait_for_import(job_id, timeout=5)
    assert (await a).state is ImportState.UNCOMMITTED and b.state is ImportState.UNCOMMITTED
    await aclient.commit_import(job_id)
    results = await asyncio.gather(aclient.wait_for_import(job_id), aclient.wait_for_import(job_id))
    assert all(j.state is ImportState.COMPLETED for j in results)


async def test_watcher_async_iterator(aclient: AsyncMilvusJobsClient) -> None:
    imp = await aclient.bulk_import("quick_setup", [["import/rows.json"]])
    bad = await aclient.bulk_import("quick_setup", [["import/broken.json"]])
    ref = await aclient.refresh_external_collection("books_ext")
    dropped = await aclient.bulk_import("quick_setup", [["import/rows.csv"]])
    async with aclient.watcher(interval=0.05, max_connections=2) as w:
        w.add_import(imp)
        w.add_import(bad)
        w.add_refresh(ref)
        w.add_import(dropped)
        w.remove_import(dropped)
        with pytest.raises(NotFoundError):
            w.remove_import(dropped)
        assert len(w) == 3
        last: dict[object, WatchEvent] = {}
        async for ev in w:
            last[ev.job_id] = ev
        assert len(w) == 0
        assert await w.next(timeout=0.1) is None
    assert set(last) == {imp, bad, ref}
    assert all(ev.done for ev in last.values())
    assert last[imp].import_job is not None and last[imp].import_job.state is ImportState.COMPLETED
    assert isinstance(last[bad].error, JobFailedError) and last[bad].error.message
    assert last[ref].kind is JobKind.REFRESH and last[ref].refresh is not None
    assert last[ref].refresh.state is RefreshState.COMPLETED
    with pytest.raises(InvalidArgumentError, match="closed"):
        w.add_import(imp)


async def test_watcher_next_timeout_and_cancelled_next(aclient: AsyncMilvusJobsClient) -> None:
    job_id = await aclient.bulk_import("quick_setup", [["import/rows.json"]], options={"auto_commit": False})
    async with aclient.watcher(interval=0.05) as w:
        w.add_import(job_id)
        first = await w.next(timeout=10)
        assert first is not None and first.import_job_id == job_id
        while first.import_job is not None and first.import_job.state is not ImportState.UNCOMMITTED:
            first = await w.next(timeout=10)
            assert first is not None
        # Uncommitted stays watched, with no change: next() times out.
        t0 = time.monotonic()
        assert await w.next(timeout=0.3) is None
        assert 0.25 < time.monotonic() - t0 < 2
        task = asyncio.ensure_future(w.next())
        await asyncio.sleep(0.1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await aclient.commit_import(job_id)  # the event after a cancelled next() is not lost
        ev = await w.next(timeout=10)
        assert ev is not None and ev.import_job_id == job_id


async def test_loop_is_never_blocked(black_hole: BlackHole) -> None:
    # Each call takes its 2 s deadline: one run on the loop's thread would
    # stop the ticker for 2 s. (The bound leaves room for a loaded machine.)
    async with AsyncMilvusJobsClient(black_hole.uri, timeout=2, max_attempts=1) as c:
        gaps: List[float] = []
        stop = False

        async def ticker() -> None:
            last = time.monotonic()
            while not stop:
                await asyncio.sleep(0.01)
                now = time.monotonic()
                gaps.append(now - last)
                last = now

        tick = asyncio.ensure_future(ticker())
        results = await asyncio.gather(
            *(c.get_import_progress(str(i)) for i in range(12)), return_exceptions=True
        )
        stop = True
        await tick
        assert all(isinstance(r, DeadlineExceededError) for r in results), results
        assert len(gaps) > 50 and max(gaps) < 1.0, max(gaps)


async def test_task_cancellation_cancels_the_native_call(black_hole: BlackHole, server: DevServer) -> None:
    # A server that never answers: only the cancellation can end the calls.
    async with AsyncMilvusJobsClient(black_hole.uri, timeout=60, max_attempts=1, max_workers=4) as c:
        tasks = [asyncio.ensure_future(c.get_import_progress(str(i))) for i in range(4)]
        await asyncio.sleep(0.5)
        assert not any(t.done() for t in tasks)
        latencies = []
        for t in tasks:
            t0 = time.monotonic()
            t.cancel()
            with pytest.raises(asyncio.CancelledError):
                await t
            latencies.append(time.monotonic() - t0)
        print(f"task cancellation latency: max {max(latencies) * 1000:.1f} ms")
        assert max(latencies) < 0.25, latencies
        # The pool's 4 threads are free again: a call with a deadline runs at once.
        t0 = time.monotonic()
        with pytest.raises(DeadlineExceededError):
            await c.get_import_progress("1", timeout=0.3)
        assert time.monotonic() - t0 < 2
    with pytest.raises(InvalidArgumentError, match="closed"):
        await c.get_import_progress("1")
    # asyncio.wait_for's timeout is a cancellation too.
    async with AsyncMilvusJobsClient(black_hole.uri, timeout=60, max_attempts=1) as c:
        t0 = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(c.list_import_jobs(), 0.3)
        assert time.monotonic() - t0 < 0.6


async def test_cancelled_wait_leaves_the_watcher(start_server: Callable[..., DevServer]) -> None:
    s = start_server("--work-delay-ms", "3000")
    async with AsyncMilvusJobsClient(s.uri, timeout=10, watch_interval=0.05) as c:
        job_id = await c.refresh_external_collection("books_ext")
        task = asyncio.ensure_future(c.wait_for_refresh(job_id))
        await asyncio.sleep(0.4)
        t0 = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert time.monotonic() - t0 < 0.1
        hub = next(iter(c._hubs.values()))[1]
        assert len(hub) == 0 and len(hub.driver) == 0


async def test_transport_errors(black_hole: BlackHole) -> None:
    black_hole.close()  # nothing listens there any more
    async with AsyncMilvusJobsClient(black_hole.uri, timeout=2, max_attempts=1) as c:
        with pytest.raises(TransportError):
            await c.list_import_jobs()


async def test_thousand_concurrent_waits_on_one_loop(start_server: Callable[..., DevServer]) -> None:
    # The server works 5 ms per unit of work and serves the watcher's 32
    # connections with as many threads: the jobs are still running when the
    # waits start, so they really wait together.
    s = start_server("--work-delay-ms", "5", "--http-threads", "40")
    n = 1000
    async with AsyncMilvusJobsClient(s.uri, timeout=30, watch_interval=0.2, watch_max_connections=32) as c:
        t0 = time.monotonic()
        ids = await asyncio.gather(*(c.bulk_import("books", [["import/rows.json"]]) for _ in range(n)))
        created = time.monotonic() - t0
        assert len(set(ids)) == n
        threads_before = threading.active_count()
        peak = threads_before
        progress_calls = 0

        async def count(job: ImportJob) -> None:
            nonlocal progress_calls, peak
            progress_calls += 1
            peak = max(peak, threading.active_count())

        t1 = time.monotonic()
        jobs = await asyncio.gather(*(c.wait_for_import(i, on_progress=count, timeout=120) for i in ids))
        waited = time.monotonic() - t1
        assert [j.job_id for j in jobs] == ids
        assert all(j.state is ImportState.COMPLETED and j.imported_rows == 3 for j in jobs)
        assert progress_calls >= n
        # One watcher thread for all the waits, not one per wait.
        assert peak <= threads_before + 1, (threads_before, peak)
        hub = next(iter(c._hubs.values()))[1]
        assert len(hub) == 0 and len(hub.driver) == 0
        print(f"{n} imports created in {created:.2f} s; {n} concurrent waits done in {waited:.2f} s; "
              f"threads {threads_before} -> peak {peak}")


async def test_cancel_token_error_is_not_the_task_cancellation(start_server: Callable[..., DevServer]) -> None:
    # A native CancelledError raised by a call is a milvus_jobs error, not
    # asyncio's: closing the client under a watcher ends its thread cleanly.
    s = start_server()
    c = AsyncMilvusJobsClient(s.uri, timeout=5)
    w = c.watcher(interval=0.05)
    job_id = await c.bulk_import("quick_setup", [["import/rows.json"]], options={"auto_commit": False})
    w.add_import(job_id)
    assert await w.next(timeout=10) is not None
    await w.close()
    await c.close()
    await c.close()  # twice is fine
    assert not issubclass(CancelledError, asyncio.CancelledError)


async def test_a_failing_watcher_thread_fails_the_waits(start_server: Callable[..., DevServer]) -> None:
    # Should the thread driving the shared watcher stop on an error, the
    # waits raise it (and the next wait gets a new watcher) instead of hanging.
    from milvus_jobs import OutOfMemoryError

    s = start_server("--work-delay-ms", "3000")
    async with AsyncMilvusJobsClient(s.uri, timeout=10, watch_interval=0.05) as c:
        job_id = await c.bulk_import("quick_setup", [["import/rows.json"], ["import/rows.csv"]])
        seen: List[ImportJob] = []
        waiting = asyncio.ensure_future(c.wait_for_import(job_id, on_progress=seen.append))
        while not seen:
            await asyncio.sleep(0.01)
        hub = next(iter(c._hubs.values()))[1]

        def broken(timeout: object = None) -> None:
            raise OutOfMemoryError("injected", status=14, category="MJ_ENOMEM")

        hub.driver.watcher.next = broken  # type: ignore[method-assign,assignment]
        with pytest.raises(OutOfMemoryError, match="injected"):
            await asyncio.wait_for(waiting, 5)
        hub.driver.join(5)
        # A new wait gets a new watcher, which reads the job.
        changes = c.import_changes(job_id, timeout=5)
        async for job in changes:
            assert job.job_id == job_id and job.state not in (ImportState.COMPLETED, ImportState.FAILED)
            break
        await changes.aclose()  # type: ignore[attr-defined]
        assert next(iter(c._hubs.values()))[1] is not hub
