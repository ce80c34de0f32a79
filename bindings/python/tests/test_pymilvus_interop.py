"""pymilvus's own bulk-import helpers (pymilvus.bulk_writer, installed from the
registry at the version pinned in requirements.txt) against the dev server:
they and milvus_jobs must see the same jobs."""

from __future__ import annotations

import logging

import pytest

from conftest import eventually

import milvus_jobs
from milvus_jobs import ImportState, MilvusJobsClient

# requirements.txt (test.sh installs it): a missing pymilvus is a failure, not a skip.
import pymilvus.bulk_writer as bw
from pymilvus.exceptions import MilvusException

logging.getLogger("pymilvus").setLevel(logging.CRITICAL)


def test_job_created_by_pymilvus_reads_the_same_in_milvus_jobs(client: MilvusJobsClient, server) -> None:  # type: ignore[no-untyped-def]
    resp = bw.bulk_import(
        url=server.uri,
        api_key="root:Milvus",
        collection_name="quick_setup",
        files=[["import/rows.json"], ["import/rows.csv"]],
    )
    assert resp.status_code == 200
    job_id = resp.json()["data"]["jobId"]
    assert eventually(lambda: client.get_import_progress(job_id).state is ImportState.COMPLETED)

    theirs = bw.get_import_progress(url=server.uri, job_id=job_id, api_key="root:Milvus").json()["data"]
    ours = client.get_import_progress(job_id)
    assert ours.job_id == theirs["jobId"] == job_id
    assert ours.collection_name == theirs["collectionName"]
    assert ours.state_name == theirs["state"] == "Completed"
    assert ours.progress == theirs["progress"] == 100
    assert ours.imported_rows == theirs["importedRows"] == 7
    assert ours.total_rows == theirs["totalRows"]
    assert ours.file_size == theirs["fileSize"]
    assert ours.create_time_text == theirs["createTime"]
    assert ours.complete_time_text == theirs["completeTime"]
    assert [d.file_name for d in ours.details] == [d["fileName"] for d in theirs["details"]]
    assert [d.total_rows for d in ours.details] == [d["totalRows"] for d in theirs["details"]]
    assert [d.state_name for d in ours.details] == [d["state"] for d in theirs["details"]]

    their_list = bw.list_import_jobs(url=server.uri, collection_name="quick_setup", api_key="root:Milvus")
    records = {r["jobId"]: r for r in their_list.json()["data"]["records"]}
    our_list = {j.job_id: j for j in client.list_import_jobs("quick_setup")}
    assert set(records) == set(our_list)
    for jid, r in records.items():
        assert our_list[jid].state_name == r["state"]
        assert our_list[jid].progress == r["progress"]
        assert our_list[jid].collection_name == r["collectionName"]


def test_job_created_by_milvus_jobs_reads_the_same_in_pymilvus(server) -> None:  # type: ignore[no-untyped-def]
    # milvus_jobs's pymilvus-shaped functions, same argument names as pymilvus.
    job_id = milvus_jobs.bulk_import(
        url=server.uri,
        api_key="root:Milvus",
        db_name="analytics",
        collection_name="events",
        partition_name="_default",
        files=[["import/rows_wrapped.json"]],
        options={"auto_commit": False},
    )
    with MilvusJobsClient(server.uri) as c:
        assert eventually(lambda: c.get_import_progress(job_id).state is ImportState.UNCOMMITTED)
    theirs = bw.get_import_progress(url=server.uri, job_id=job_id, db_name="analytics").json()["data"]
    ours = milvus_jobs.get_import_progress(url=server.uri, job_id=job_id, db_name="analytics")
    assert theirs["state"] == ours.state_name == "Uncommitted"
    assert theirs["progress"] == ours.progress == 99
    assert theirs["collectionName"] == ours.collection_name == "events"

    their_records = bw.list_import_jobs(url=server.uri, collection_name="events", db_name="analytics")
    ours_list = milvus_jobs.list_import_jobs(url=server.uri, collection_name="events", db_name="analytics")
    assert [r["jobId"] for r in their_records.json()["data"]["records"]] == [j.job_id for j in ours_list]
    # pymilvus sends pageSize/currentPage; open-source Milvus (and the dev server) ignore them.
    paged = bw.list_import_jobs(url=server.uri, db_name="analytics", page_size=1, current_page=1)
    assert job_id in [r["jobId"] for r in paged.json()["data"]["records"]]
    with MilvusJobsClient(server.uri) as c:
        c.abort_import(job_id)
    assert bw.get_import_progress(url=server.uri, job_id=job_id).json()["data"]["state"] == "Failed"


def test_both_report_the_same_errors(client: MilvusJobsClient, server) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(MilvusException, match="2101"):
        bw.get_import_progress(url=server.uri, job_id="999")
    with pytest.raises(milvus_jobs.NotFoundError) as e:
        client.get_import_progress("999")
    assert e.value.server_code == 2101
    with pytest.raises(MilvusException, match="code: 100"):
        bw.bulk_import(url=server.uri, collection_name="nope", files=[["import/rows.json"]])
    with pytest.raises(milvus_jobs.NotFoundError) as e2:
        client.bulk_import("nope", [["import/rows.json"]])
    assert e2.value.server_code == 100
