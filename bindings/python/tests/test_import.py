"""Bulk import against the dev server."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from conftest import eventually

from milvus_jobs import (
    ImportFileState,
    ImportJob,
    ImportState,
    InvalidArgumentError,
    MilvusJobsClient,
    NotFoundError,
)


def _done(client: MilvusJobsClient, job_id: str) -> ImportJob:
    assert eventually(lambda: client.get_import_progress(job_id).state
                      in (ImportState.COMPLETED, ImportState.FAILED, ImportState.UNCOMMITTED))
    return client.get_import_progress(job_id)


def test_import_describe_list(client: MilvusJobsClient) -> None:
    job_id = client.bulk_import(
        "quick_setup", files=[["import/rows.json"], ["import/rows_wrapped.json"], "import/rows.csv"]
    )
    assert isinstance(job_id, str) and job_id.isdigit()
    job = _done(client, job_id)
    assert job.job_id == job_id and job.collection_name == "quick_setup"
    assert job.state is ImportState.COMPLETED and job.state_name == "Completed"
    assert job.progress == 100
    assert job.imported_rows == 9 and job.total_rows == 9
    assert job.file_size > 0
    assert len(job.details) == 3
    d = job.details[0]
    assert d.file_name == "[import/rows.json]"
    assert d.state is ImportFileState.COMPLETED and d.total_rows == 3 and d.imported_rows == 3
    assert d.complete_time_text.endswith("Z") and d.complete_time is not None
    assert sum(x.file_size for x in job.details) == job.file_size
    assert job.create_time is not None and job.create_time.tzinfo == timezone.utc
    assert job.create_time_text.endswith("Z")
    assert job.complete_time is not None and job.complete_time >= job.create_time
    assert job.create_time == datetime.fromtimestamp(job.create_time_ms / 1000, tz=timezone.utc)

    jobs = client.list_import_jobs("quick_setup")
    assert job_id in [j.job_id for j in jobs]
    listed = next(j for j in jobs if j.job_id == job_id)
    assert listed.state is ImportState.COMPLETED and listed.progress == 100
    assert jobs.total_count == len(jobs) and jobs.page_size == 0 and jobs.current_page == 0
    assert len(jobs[:1]) == 1
    assert job_id in [j.job_id for j in client.list_import_jobs()]


def test_import_failure_carries_reason(client: MilvusJobsClient) -> None:
    job = _done(client, client.bulk_import("quick_setup", [["import/broken.json"]]))
    assert job.state is ImportState.FAILED and job.reason
    assert job.details[0].state is ImportFileState.FAILED and job.details[0].reason


def test_commit_and_abort(client: MilvusJobsClient) -> None:
    a = client.bulk_import("quick_setup", [["import/rows.json"]], options={"auto_commit": False})
    job = _done(client, a)
    assert job.state is ImportState.UNCOMMITTED and not job.is_terminal
    client.commit_import(a)
    assert eventually(lambda: client.get_import_progress(a).state is ImportState.COMPLETED)
    with pytest.raises(InvalidArgumentError):
        client.commit_import(a)  # no longer Uncommitted

    b = client.bulk_import("quick_setup", [["import/rows.json"]], options={"auto_commit": "false"})
    _done(client, b)
    client.abort_import(b)
    aborted = client.get_import_progress(b)
    assert aborted.state is ImportState.FAILED and "abort" in aborted.reason
    with pytest.raises(NotFoundError):
        client.abort_import("1")


def test_import_errors(client: MilvusJobsClient) -> None:
    with pytest.raises(NotFoundError) as e:
        client.bulk_import("no_such", [["import/rows.json"]])
    assert e.value.server_code == 100 and e.value.trace_id
    with pytest.raises(InvalidArgumentError) as before:
        client.bulk_import("quick_setup", [])
    assert before.value.http_status == 0
    with pytest.raises(InvalidArgumentError):
        client.bulk_import("quick_setup", [[]])
    with pytest.raises(InvalidArgumentError):
        client.bulk_import("quick_setup", "import/rows.json")  # a str is not a list of groups
    with pytest.raises(InvalidArgumentError) as path:
        client.bulk_import("quick_setup", [["../outside.json"]])
    assert path.value.server_code == 1100
    with pytest.raises(InvalidArgumentError) as ext:
        client.bulk_import("quick_setup", [["import/rows.txt"]])
    assert ext.value.server_code == 2100
    with pytest.raises(InvalidArgumentError, match="one of"):
        client.bulk_import("quick_setup", [["a.json"]], object_urls=[["s3://b/a.json"]])
    with pytest.raises(NotFoundError) as nf:
        client.get_import_progress("123")
    assert nf.value.server_code == 2101
    with pytest.raises(InvalidArgumentError):
        client.get_import_progress("")
    with pytest.raises(NotFoundError) as db:
        client.list_import_jobs("quick_setup", db_name="no_such_db")
    assert db.value.server_code == 800


def test_database_per_client_and_per_call(server) -> None:  # type: ignore[no-untyped-def]
    with MilvusJobsClient(server.uri, db_name="analytics") as c:
        job_id = c.bulk_import("events", [["import/rows.json"]])
        assert _done(c, job_id).state is ImportState.COMPLETED
        assert job_id in [j.job_id for j in c.list_import_jobs("events")]
    with MilvusJobsClient(server.uri) as c:
        with pytest.raises(NotFoundError):
            c.bulk_import("events", [["import/rows.json"]])
        assert c.bulk_import("events", [["import/rows.json"]], db_name="analytics").isdigit()


def test_int_job_id_is_accepted(client: MilvusJobsClient) -> None:
    job_id = client.bulk_import("quick_setup", [["import/rows.json"]])
    assert client.get_import_progress(int(job_id)).job_id == job_id  # type: ignore[arg-type]
