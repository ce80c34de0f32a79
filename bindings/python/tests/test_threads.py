"""Native calls release the GIL: blocking calls from many threads overlap."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from milvus_jobs import DeadlineExceededError, ImportState, MilvusJobsClient

N = 6  # the dev server answers with a pool of 8 threads
CALL_SECONDS = 1.0


def test_calls_to_a_slowed_dev_server_run_in_parallel(start_server, capsys) -> None:  # type: ignore[no-untyped-def]
    """N threads each ask a dev server that delays every describe answer by
    CALL_SECONDS (--faults delay); with the GIL released the calls overlap."""
    s = start_server("--faults", f"import/describe=delay:{int(CALL_SECONDS * 1000)}*0")
    with MilvusJobsClient(s.uri, timeout=30) as c:
        job_id = c.bulk_import("quick_setup", [["import/rows.json"]])

        def one(_: int) -> float:
            t0 = time.monotonic()
            assert c.get_import_progress(job_id).job_id == job_id
            return time.monotonic() - t0

        one(0)  # warm up: the connection pool, the library
        t0 = time.monotonic()
        with ThreadPoolExecutor(N) as pool:
            each = list(pool.map(one, range(N)))
        total = time.monotonic() - t0
    with capsys.disabled():
        print(f"\n[GIL] {N} threads x describe delayed {CALL_SECONDS:.1f}s by the dev server: total {total:.2f}s "
              f"(serial would be {N * CALL_SECONDS:.1f}s); slowest call {max(each):.2f}s")
    assert min(each) >= CALL_SECONDS * 0.9
    assert total < CALL_SECONDS * 2.5, f"calls did not overlap: {total:.2f}s for {N} calls"


def test_blocking_calls_run_in_parallel(black_hole, capsys) -> None:  # type: ignore[no-untyped-def]
    """N threads each block CALL_SECONDS in the library (a server that never
    answers, per-call deadline); with the GIL released they finish together."""
    with MilvusJobsClient(black_hole.uri, max_attempts=1) as c:

        def one(_: int) -> float:
            t0 = time.monotonic()
            with pytest.raises(DeadlineExceededError):
                c.get_import_progress("1", timeout=CALL_SECONDS)
            return time.monotonic() - t0

        t0 = time.monotonic()
        with ThreadPoolExecutor(N) as pool:
            each = list(pool.map(one, range(N)))
        total = time.monotonic() - t0
    with capsys.disabled():
        print(f"\n[GIL] {N} threads x {CALL_SECONDS:.1f}s blocking call: total {total:.2f}s "
              f"(serial would be {N * CALL_SECONDS:.1f}s); slowest call {max(each):.2f}s")
    assert min(each) >= CALL_SECONDS * 0.9
    assert total < CALL_SECONDS * 2.5, f"calls did not overlap: {total:.2f}s for {N} calls"


def test_python_threads_run_while_a_call_blocks(black_hole) -> None:  # type: ignore[no-untyped-def]
    ticks = 0
    stop = threading.Event()

    def spin() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=spin)
    t.start()
    try:
        with MilvusJobsClient(black_hole.uri, max_attempts=1) as c:
            before = ticks
            with pytest.raises(DeadlineExceededError):
                c.list_import_jobs(timeout=0.5)
            during = ticks - before
    finally:
        stop.set()
        t.join()
    assert during > 50, f"the Python thread ran only {during} times during a 0.5s native call"


def test_many_threads_one_client_real_calls(client: MilvusJobsClient) -> None:
    ids = [client.bulk_import("quick_setup", [["import/rows.json"]]) for _ in range(4)]

    def work(i: int) -> list[str]:
        seen = []
        for k in range(10):
            job = client.get_import_progress(ids[(i + k) % len(ids)])
            seen.append(job.job_id)
            assert job.collection_name == "quick_setup"
            assert job.state in set(ImportState)
        listed = {j.job_id for j in client.list_import_jobs("quick_setup")}
        assert set(ids) <= listed
        return seen

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    assert all(len(r) == 10 for r in results)
