"""One Zilliz Cloud client (project + region + API key) runs a refresh through
the project endpoint and an import through the control plane, both against one
dev server in cloud mode (--cloud FILE), which plays both endpoints on one
port: the client's project_endpoint is the dev server's address. The seed's
calls (refresh_external_collection with a volume:// source, then
get_refresh_external_collection_progress) work unchanged on it."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Iterator

import pytest

from conftest import DevServer, write_world

from milvus_jobs import (
    Hint,
    ImportState,
    InvalidArgumentError,
    MilvusJobsClient,
    RefreshState,
    UnsupportedError,
)
from milvus_jobs.aio import AsyncMilvusJobsClient

KEY = "cloud-key-0123456789"
CLUSTER = "inxx-dev0000000000001"
PROJECT, REGION = "proj-dev000000000001", "aws-us-west-2"
SNAPSHOT_ID = 3051729675574597004  # above 2**53: a float would lose the last digits


@pytest.fixture()
def cloud(tmp_path: Path) -> Iterator[DevServer]:
    base = write_world(tmp_path / "world")
    (base / "cloud.json").write_text(json.dumps({
        "apiKeys": [KEY],
        "clusters": [CLUSTER],
        "projects": [{"projectId": PROJECT, "regionId": REGION}],
    }))
    for name, size in (("books/part-0.parquet", 1000), ("books/part-1.parquet", 2000),
                       ("lake/books/data/00000-0.parquet", 300)):
        path = base / "data" / "volumes" / "vol1" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"p" * size)
    (base / "data" / "volumes" / "vol1" / "import").mkdir()
    (base / "data" / "volumes" / "vol1" / "import" / "rows.json").write_text('[{"id":1},{"id":2},{"id":3}]')
    s = DevServer(base, "--cloud", str(base / "cloud.json"))
    yield s
    s.stop()


def project_client(cloud: DevServer) -> MilvusJobsClient:
    return MilvusJobsClient(cloud.uri, KEY, project_id=PROJECT, region_id=REGION, project_endpoint=cloud.uri)


def test_one_cloud_client_runs_a_refresh_and_an_import(cloud: DevServer) -> None:
    with project_client(cloud) as client:
        # The seed's calls, unchanged.
        job_id = client.refresh_external_collection(
            "books_ext", external_source="volume://vol1/books/", external_spec='{"format": "parquet"}')
        assert isinstance(job_id, int) and job_id > 0
        deadline = time.monotonic() + 20
        while True:
            progress = client.get_refresh_external_collection_progress(job_id)
            if progress.state is RefreshState.COMPLETED or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        assert progress.state is RefreshState.COMPLETED and progress.progress == 100
        assert progress.state_name == "RefreshCompleted"
        assert progress.external_source == "volume://vol1/books/"

        import_id = client.bulk_import("quick_setup", [["import/rows.json"]], volume_name="vol1")
        assert import_id.startswith("job-")
        job = client.wait_for_import(import_id, initial_interval=0.02, timeout=20)
        assert job.state is ImportState.COMPLETED and job.imported_rows == 3

        assert job_id in [j.job_id for j in client.list_refresh_external_collection_jobs("books_ext")]
        assert import_id in [j.job_id for j in client.list_import_jobs("quick_setup")]


def test_wait_and_watch_across_both_endpoints(cloud: DevServer) -> None:
    with project_client(cloud) as client:
        refresh_id = client.refresh_external_collection(
            "books_ext", external_source="volume://vol1/books/", external_spec={"format": "parquet"})
        import_id = client.bulk_import("quick_setup", [["import/rows.json"]], volume_name="vol1")
        assert client.wait_for_refresh(refresh_id, initial_interval=0.02, timeout=20).state is RefreshState.COMPLETED
        # A second pair for the watcher, which holds one job of each family.
        refresh_2 = client.refresh_external_collection(
            "books_ext", external_source="volume://vol1/books/", external_spec={"format": "parquet"})
        import_2 = client.bulk_import("quick_setup", [["import/rows.json"]], volume_name="vol1")
        last = {}
        with client.watcher(interval=0.02) as watcher:
            watcher.add_refresh(refresh_2)
            watcher.add_import(import_id)
            watcher.add_import(import_2)
            for event in watcher.events(timeout=20):
                assert event.error is None, event.error
                assert event.job is not None
                last[event.job_id] = event.job.state
        assert last == {refresh_2: RefreshState.COMPLETED, import_id: ImportState.COMPLETED,
                        import_2: ImportState.COMPLETED}


def test_iceberg_snapshot_id_keeps_every_digit(cloud: DevServer) -> None:
    with project_client(cloud) as client:
        job_id = client.refresh_external_collection(
            "books_ext", external_source="volume://vol1/lake/books/",
            external_spec={"format": "iceberg-table", "snapshot_id": SNAPSHOT_ID})
        job = client.wait_for_refresh(job_id, initial_interval=0.02, timeout=20)
        assert job.state is RefreshState.COMPLETED
        assert json.loads(job.external_spec)["snapshot_id"] == str(SNAPSHOT_ID)


async def _async_refresh_and_import(cloud: DevServer) -> None:
    async with AsyncMilvusJobsClient(cloud.uri, KEY, project_id=PROJECT, region_id=REGION,
                                     project_endpoint=cloud.uri) as client:
        job_id = await client.refresh_external_collection(
            "books_ext", external_source="volume://vol1/books/", external_spec='{"format":"parquet"}')
        import_id = await client.bulk_import("quick_setup", [["import/rows.json"]], volume_name="vol1")
        assert (await client.wait_for_refresh(job_id, initial_interval=0.02, timeout=20)).progress == 100
        assert (await client.wait_for_import(import_id, initial_interval=0.02, timeout=20)).imported_rows == 3


def test_async_client_takes_the_project_endpoint(cloud: DevServer) -> None:
    import asyncio
    asyncio.run(_async_refresh_and_import(cloud))


def test_cluster_client_says_which_options_enable_refresh(cloud: DevServer) -> None:
    with MilvusJobsClient(cloud.uri, KEY, cluster_id=CLUSTER) as client:
        with pytest.raises(UnsupportedError) as e:
            client.refresh_external_collection("books_ext", external_source="volume://vol1/books/",
                                               external_spec='{"format":"parquet"}')
        assert e.value.hint is Hint.SET_CLOUD_PROJECT
        assert "project_id=" in str(e.value) and "region_id=" in str(e.value)
        assert "cloud_project_id" not in str(e.value)
        with pytest.raises(UnsupportedError):
            client.get_refresh_external_collection_progress(1)


def test_bad_project_endpoint_is_refused() -> None:
    with pytest.raises(InvalidArgumentError) as e:
        MilvusJobsClient("http://127.0.0.1:1", KEY, project_id=PROJECT, region_id=REGION,
                         project_endpoint="https://{project}.example")
    assert "{project_id}" in str(e.value)
    with pytest.raises(InvalidArgumentError):
        MilvusJobsClient("http://127.0.0.1:1", KEY, cluster_id=CLUSTER, project_endpoint="http://127.0.0.1:1")
