"""Snapshot jobs against the dev server: export, restore with a wait, failed
restores, list, the watcher, ids above 2^53, and a server without the routes."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, List

import pytest

from milvus_jobs import (
    InvalidArgumentError,
    JobFailedError,
    JobKind,
    MilvusJobsClient,
    NotFoundError,
    SnapshotJob,
    SnapshotState,
    UnsupportedError,
)


def _name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def test_export_then_restore_with_wait_completes(client: Any, server: Any) -> None:
    snap = _name("snap")
    uri = client.export_snapshot("books_ext", snap, "s3://bucket/py_exports")
    assert uri == f"s3://bucket/py_exports/{snap}/metadata.json"
    assert (Path(server.base) / "data" / "bucket" / "py_exports" / snap / "metadata.json").is_file()

    target = _name("restored")
    job_id = client.restore_external_snapshot(target, uri)
    assert isinstance(job_id, int) and job_id > 2**53
    seen: List[SnapshotJob] = []
    job = client.wait_for_restore_snapshot(job_id, on_progress=seen.append, timeout=20, initial_interval=0.01)
    assert job.job_id == job_id
    assert job.state is SnapshotState.COMPLETED and job.state_name == "RestoreSnapshotCompleted"
    assert job.progress == 100 and job.is_terminal
    assert job.collection_name == target and job.snapshot_name == snap
    assert seen and seen[-1].progress == 100

    again = client.get_restore_snapshot_progress(job_id)
    assert again.job_id == job_id, "an id above 2^53 reads back exactly"
    listed = client.list_restore_snapshot_jobs(target)
    assert [j.job_id for j in listed] == [job_id]
    # The restored collection exists: restoring into it again is refused.
    with pytest.raises(InvalidArgumentError, match="already exists"):
        client.restore_external_snapshot(target, uri)


def test_failed_restore_raises_job_failed_with_the_reason(client: Any, server: Any) -> None:
    job_id = client.restore_external_snapshot(_name("lost"), "s3://bucket/py_exports/never/metadata.json")
    with pytest.raises(JobFailedError) as info:
        client.wait_for_restore_snapshot(job_id, timeout=20, initial_interval=0.01)
    assert info.value.job is not None and info.value.job.state is SnapshotState.FAILED
    assert "not found" in info.value.job.reason

    bad = Path(server.base) / "data" / "bucket" / "py_exports" / "corrupt" / "metadata.json"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("{ not json")
    job_id = client.restore_external_snapshot(_name("corrupt"), "s3://bucket/py_exports/corrupt/metadata.json")
    with pytest.raises(JobFailedError, match="is corrupt"):
        client.wait_for_restore_snapshot(job_id, timeout=20, initial_interval=0.01)


def test_errors_map_to_the_binding_exceptions(client: Any) -> None:
    with pytest.raises(NotFoundError):
        client.export_snapshot("no_such_collection", "s", "s3://bucket/x")
    with pytest.raises(NotFoundError):
        client.get_restore_snapshot_progress(450000000000000001)
    with pytest.raises(InvalidArgumentError, match="target_path is not a URL"):
        client.export_snapshot("books_ext", "s", "bucket/x")


def test_watcher_reports_restore_jobs(client: Any) -> None:
    uri = client.export_snapshot("quick_setup", _name("w"), "s3://bucket/py_exports")
    job_id = client.restore_external_snapshot(_name("watched"), uri)
    with client.watcher(interval=0.01) as w:
        w.add_restore_snapshot(job_id)
        events = list(w.events(timeout=20))
    assert events and all(e.kind == JobKind.SNAPSHOT_RESTORE and e.job_id == job_id for e in events)
    last = events[-1]
    assert last.done and last.error is None
    assert isinstance(last.job, SnapshotJob) and last.job.state is SnapshotState.COMPLETED


def test_server_without_snapshot_routes_is_unsupported(start_server: Any) -> None:
    s = start_server("--without-snapshot-jobs")
    with MilvusJobsClient(s.uri, timeout=10) as c:
        with pytest.raises(UnsupportedError, match="needs Milvus >= 3.0"):
            c.export_snapshot("books_ext", "s", "s3://bucket/x")


def test_async_client_exports_restores_and_waits(server: Any) -> None:
    import asyncio

    from milvus_jobs import AsyncMilvusJobsClient

    async def main() -> None:
        async with AsyncMilvusJobsClient(server.uri, timeout=10, watch_interval=0.01) as c:
            uri = await c.export_snapshot("quick_setup", _name("aio"), "s3://bucket/py_exports")
            job_id = await c.restore_external_snapshot(_name("aio_target"), uri)
            job = await c.wait_for_restore_snapshot(job_id, timeout=20)
            assert job.job_id == job_id and job.state is SnapshotState.COMPLETED
            bad = await c.restore_external_snapshot(_name("aio_bad"), "s3://bucket/py_exports/none/metadata.json")
            with pytest.raises(JobFailedError):
                await c.wait_for_restore_snapshot(bad, timeout=20)

    asyncio.run(main())
