"""Zilliz Cloud mode against the dev server's control-plane mode (--cloud FILE):
our client and pymilvus's bulk-import helpers with cluster_id / project_id.
Skipped while the library or the dev server lacks cloud mode."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest

from conftest import DevServer, eventually, write_world

import milvus_jobs
from milvus_jobs import (
    Deployment,
    ImportState,
    MilvusJobsClient,
    MilvusJobsError,
    NotFoundError,
    UnsupportedError,
)

KEY = "cloud-key-0123456789"
CLUSTER = "inxx-dev0000000000001"
LEGACY = "inxx-legacy000000001"
PROJECT, REGION = "proj-dev000000000001", "aws-us-west-2"


@pytest.fixture()
def cloud(tmp_path: Path) -> Iterator[DevServer]:
    base = write_world(tmp_path / "world")
    (base / "cloud.json").write_text(json.dumps({
        "apiKeys": [KEY],
        "clusters": [{"clusterId": CLUSTER}, {"clusterId": LEGACY, "responseShape": "legacy"}],
        "projects": [{"projectId": PROJECT, "regionId": REGION}],
        "buckets": {"secure": {"accessKey": "AKIATESTKEY", "secretKey": "s3cr3t-value"}},
    }))
    (base / "data" / "secure").mkdir()
    (base / "data" / "secure" / "rows.json").write_text('[{"id":1},{"id":2}]')
    s = DevServer(base, "--cloud", str(base / "cloud.json"))
    yield s
    s.stop()


@pytest.mark.parametrize("target", [{"cluster_id": CLUSTER}, {"cluster_id": LEGACY},
                                    {"project_id": PROJECT, "region_id": REGION}])
def test_cloud_import_lifecycle(cloud: DevServer, target: dict[str, str]) -> None:
    with MilvusJobsClient(cloud.uri, KEY, **target) as c:  # type: ignore[arg-type]
        assert c.deployment is Deployment.ZILLIZ_CLOUD
        job_id = c.bulk_import("quick_setup", object_urls=[["s3://import/rows.json"], ["s3://import/rows.csv"]])
        assert job_id.startswith("job-")
        job = c.wait_for_import(job_id, initial_interval=0.02, timeout=20)
        assert job.state is ImportState.COMPLETED and job.progress == 100 and job.job_id == job_id
        assert job.collection_name == "quick_setup"
        assert job_id in [j.job_id for j in c.list_import_jobs()]
        page = c.list_import_jobs(page_size=1, current_page=1)
        assert len(page) == 1 and page.page_size == 1 and page.current_page == 1 and page.total_count >= 1
        if "cluster_id" in target:  # a project client refreshes (test_cloud_project.py)
            with pytest.raises(UnsupportedError):
                c.refresh_external_collection("books_ext")
        with pytest.raises(NotFoundError):
            c.get_import_progress("job-0000000000000000000000")


def test_cloud_uncommitted_commit_and_object_url(cloud: DevServer) -> None:
    with MilvusJobsClient(cloud.uri, KEY, cluster_id=CLUSTER) as c:
        job_id = c.bulk_import("quick_setup", object_url="s3://import/rows.json", options={"auto_commit": False})
        assert c.wait_for_import(job_id, initial_interval=0.02, timeout=20).state is ImportState.UNCOMMITTED
        c.commit_import(job_id)
        assert c.wait_for_import(job_id, initial_interval=0.02, timeout=20).state is ImportState.COMPLETED


def test_cloud_storage_credentials_are_never_echoed(cloud: DevServer) -> None:
    with MilvusJobsClient(cloud.uri, KEY, cluster_id=CLUSTER) as c:
        ok = c.bulk_import("quick_setup", object_urls=[["s3://secure/rows.json"]],
                           access_key="AKIATESTKEY", secret_key="s3cr3t-value", session_token="tok")
        assert c.wait_for_import(ok, initial_interval=0.02, timeout=20).imported_rows == 2
        with pytest.raises(MilvusJobsError) as e:
            c.bulk_import("quick_setup", object_urls=[["s3://secure/rows.json"]],
                          access_key="AKIAWRONGKEY", secret_key="wrong-secret-value")
        text = f"{e.value} {e.value.message} {e.value.server_message}"
        assert "wrong-secret-value" not in text and "AKIAWRONGKEY" not in e.value.message


def test_cloud_wrong_api_key(cloud: DevServer) -> None:
    with MilvusJobsClient(cloud.uri, "not-a-key", cluster_id=CLUSTER) as c:
        with pytest.raises(milvus_jobs.UnauthenticatedError):
            c.list_import_jobs()


def test_pymilvus_helpers_in_cloud_mode(cloud: DevServer) -> None:
    import pymilvus.bulk_writer as bw
    resp = bw.bulk_import(url=cloud.uri, api_key=KEY, cluster_id=CLUSTER, collection_name="quick_setup",
                          object_urls=[["s3://import/rows.json"]])
    job_id = resp.json()["data"]["jobId"]
    with MilvusJobsClient(cloud.uri, KEY, cluster_id=CLUSTER) as c:
        assert eventually(lambda: c.get_import_progress(job_id).state is ImportState.COMPLETED)
        ours = c.get_import_progress(job_id)
    theirs = bw.get_import_progress(url=cloud.uri, api_key=KEY, cluster_id=CLUSTER, job_id=job_id).json()["data"]
    assert theirs["jobId"] == ours.job_id and theirs["state"] == ours.state_name
    assert theirs["progress"] == ours.progress and theirs["collectionName"] == ours.collection_name
    listed = bw.list_import_jobs(url=cloud.uri, api_key=KEY, cluster_id=CLUSTER, page_size=5, current_page=1)
    data = listed.json()["data"]
    mine = milvus_jobs.list_import_jobs(url=cloud.uri, api_key=KEY, cluster_id=CLUSTER, page_size=5, current_page=1)
    assert [r["jobId"] for r in data["records"]] == [j.job_id for j in mine]
    assert data["count"] == mine.total_count
    # Our pymilvus-shaped function with the same cloud arguments.
    ours2 = milvus_jobs.bulk_import(url=cloud.uri, api_key=KEY, cluster_id=CLUSTER, collection_name="quick_setup",
                                    object_urls=[["s3://import/rows_wrapped.json"]])
    theirs2 = bw.get_import_progress(url=cloud.uri, api_key=KEY, cluster_id=CLUSTER, job_id=ours2)
    assert theirs2.json()["data"]["jobId"] == ours2
