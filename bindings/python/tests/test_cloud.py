"""Zilliz Cloud options (API 0.2): client construction and the calls that need
no cloud server. Skipped while the library does not implement cloud mode yet
(it then accepts cloud ids for a Milvus deployment, which the header refuses)."""

from __future__ import annotations

import pytest

from milvus_jobs import (
    ZILLIZ_CLOUD_URI,
    Deployment,
    InvalidArgumentError,
    MilvusJobsClient,
    UnsupportedError,
)


def test_cloud_client_construction() -> None:
    with MilvusJobsClient(token="key", cluster_id="in01-abc") as c:  # uri defaults to the public endpoint
        assert c.deployment is Deployment.ZILLIZ_CLOUD
    with MilvusJobsClient(ZILLIZ_CLOUD_URI, "key", project_id="proj-1", region_id="aws-us-west-2") as c:
        assert c.deployment is Deployment.ZILLIZ_CLOUD
    with pytest.raises(InvalidArgumentError):
        MilvusJobsClient(token="key", deployment=Deployment.ZILLIZ_CLOUD)  # no target
    with pytest.raises(InvalidArgumentError):
        MilvusJobsClient(token="key", cluster_id="in01-abc", project_id="proj-1", region_id="r")  # both forms
    with pytest.raises(InvalidArgumentError):
        MilvusJobsClient("http://127.0.0.1:1", project_id="proj-1", deployment=Deployment.MILVUS)


def test_refresh_is_unsupported_on_the_cloud(black_hole) -> None:  # type: ignore[no-untyped-def]
    with MilvusJobsClient(black_hole.uri, "key", cluster_id="in01-abc", max_attempts=1) as c:
        with pytest.raises(UnsupportedError):
            c.refresh_external_collection("books_ext", timeout=2)


def test_cloud_only_import_fields_are_refused_for_milvus(client: MilvusJobsClient) -> None:
    with pytest.raises(InvalidArgumentError):
        client.bulk_import("quick_setup", [["import/rows.json"]], access_key="a", secret_key="b")
    with pytest.raises(InvalidArgumentError):
        client.bulk_import("quick_setup", volume_name="v", data_paths=[["a.json"]])
