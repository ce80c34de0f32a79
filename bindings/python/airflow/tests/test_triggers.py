"""MilvusJobTrigger as the triggerer runs it: many at once on one asyncio loop."""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import threading
import time
from typing import Any, Dict, List

import pytest

from milvus_jobs import MilvusJobsClient
from milvus_jobs_airflow.triggers import MilvusJobTrigger, _shared

pytestmark = pytest.mark.asyncio


async def first_event(trigger: MilvusJobTrigger) -> Dict[str, Any]:
    gen = trigger.run()
    try:
        async for ev in gen:
            return ev.payload  # type: ignore[no-any-return]
    finally:
        await gen.aclose()  # type: ignore[attr-defined]
    raise AssertionError("the trigger ended without an event")


async def test_serialize_round_trip() -> None:
    t = MilvusJobTrigger("refresh", 123, "my_conn", db_name="analytics", poll_interval=2, timeout=60)
    path, kwargs = t.serialize()
    module, name = path.rsplit(".", 1)
    again = getattr(importlib.import_module(module), name)(**kwargs)
    assert again.serialize() == (path, kwargs)
    with pytest.raises(ValueError, match="kind"):
        MilvusJobTrigger("export", 1)


async def test_200_triggers_on_one_loop(server: Any) -> None:
    n = 200
    with MilvusJobsClient(server.uri) as client:
        ids = [client.bulk_import("books", [["import/rows.json"]]) for _ in range(n)]
        bad = client.bulk_import("quick_setup", [["import/broken.json"]])
    threads_before = threading.active_count()
    peak = threads_before
    stop = False

    async def sample() -> None:
        nonlocal peak
        while not stop:
            peak = max(peak, threading.active_count())
            await asyncio.sleep(0.01)

    sampler = asyncio.ensure_future(sample())
    t0 = time.monotonic()
    events: List[Dict[str, Any]] = await asyncio.gather(
        *(first_event(MilvusJobTrigger("import", i, poll_interval=0.05)) for i in ids + [bad])
    )
    took = time.monotonic() - t0
    stop = True
    await sampler
    assert [e["status"] for e in events[:n]] == ["success"] * n
    assert all(e["job"]["state"] == "COMPLETED" and e["job"]["imported_rows"] == 3 for e in events[:n])
    assert events[n]["status"] == "failed" and events[n]["reason"] and events[n]["reason"] in events[n]["message"]
    # One shared client: one watcher thread (plus the pool's threads for the
    # connection lookups), not one per trigger; closed after the last trigger.
    assert peak <= threads_before + 10, (threads_before, peak)
    assert not _shared
    print(f"{n + 1} triggers on one loop: {took:.2f} s, threads {threads_before} -> peak {peak}")


async def test_cancelled_trigger_leaves_nothing_behind(tmp_path: Any) -> None:
    # The triggerer cancels a trigger when its task is cleared or times out.
    from conftest import support

    s = support.DevServer(support.write_world(tmp_path), "--work-delay-ms", "3000")
    try:
        with MilvusJobsClient(s.uri) as client:
            job_id = client.refresh_external_collection("books_ext")  # seconds per file
        os.environ["AIRFLOW_CONN_MJ_SLOW"] = json.dumps({"conn_type": "milvus_jobs", "host": s.uri})
        task = asyncio.ensure_future(first_event(MilvusJobTrigger("refresh", job_id, "mj_slow", poll_interval=0.05)))
        await asyncio.sleep(0.5)
        assert not task.done() and _shared
        t0 = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert time.monotonic() - t0 < 1.0
        assert not _shared  # the shared client was closed with its last trigger
    finally:
        os.environ.pop("AIRFLOW_CONN_MJ_SLOW", None)
        s.stop()
