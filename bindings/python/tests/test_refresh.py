"""External-collection refresh against the dev server."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from conftest import eventually

from milvus_jobs import (
    DuplicateJobError,
    InvalidArgumentError,
    MilvusJobsClient,
    NotFoundError,
    RefreshJob,
    RefreshState,
)


def test_refresh_describe_list(client: MilvusJobsClient) -> None:
    job_id = client.refresh_external_collection("books_ext")
    assert isinstance(job_id, int) and job_id > 2**53  # TSO-sized, exact

    assert eventually(lambda: client.get_refresh_external_collection_progress(job_id).is_terminal)
    job = client.get_refresh_external_collection_progress(job_id)
    assert isinstance(job, RefreshJob)
    assert job.job_id == job_id
    assert job.collection_name == "books_ext"
    assert job.state is RefreshState.COMPLETED and job.state_name == "RefreshCompleted"
    assert job.progress == 100 and job.reason == ""
    assert job.external_source == "s3://bucket/books"
    assert '"parquet"' in job.external_spec
    assert job.start_time_ms > 0 and job.end_time_ms >= job.start_time_ms
    assert isinstance(job.start_time, datetime) and job.start_time.tzinfo == timezone.utc
    assert job.start_time == datetime.fromtimestamp(job.start_time_ms / 1000, tz=timezone.utc)
    assert job.end_time is not None

    jobs = client.list_refresh_external_collection_jobs("books_ext")
    assert job_id in [j.job_id for j in jobs]
    assert all(j.collection_name == "books_ext" for j in jobs)
    assert job_id in [j.job_id for j in client.list_refresh_external_collection_jobs()]


def test_refresh_with_new_source_and_dict_spec(client: MilvusJobsClient) -> None:
    job_id = client.refresh_external_collection(
        "other_ext", external_source="s3://bucket/books_v2", external_spec={"format": "parquet"}
    )
    assert eventually(lambda: client.get_refresh_external_collection_progress(job_id).is_terminal)
    job = client.get_refresh_external_collection_progress(job_id)
    assert job.state is RefreshState.COMPLETED
    assert job.external_source == "s3://bucket/books_v2"


def test_refresh_that_fails_carries_the_reason(client: MilvusJobsClient) -> None:
    job_id = client.refresh_external_collection("gone_ext")
    assert eventually(lambda: client.get_refresh_external_collection_progress(job_id).is_terminal)
    job = client.get_refresh_external_collection_progress(job_id)
    assert job.state is RefreshState.FAILED and job.state_name == "RefreshFailed"
    assert "nowhere" in job.reason
    assert job.end_time is not None


def test_id_above_2_pow_53_round_trips_exactly(client: MilvusJobsClient) -> None:
    with pytest.raises(NotFoundError) as e:
        client.get_refresh_external_collection_progress(2**53 + 1)
    assert str(2**53 + 1) in e.value.server_message
    assert e.value.server_code == 1100 and e.value.http_status == 200


def test_refresh_errors(client: MilvusJobsClient) -> None:
    with pytest.raises(NotFoundError) as nf:
        client.refresh_external_collection("no_such_collection")
    assert nf.value.server_code == 100
    assert nf.value.category == "MJ_ENOT_FOUND" and nf.value.request_id
    with pytest.raises(InvalidArgumentError) as ia:
        client.refresh_external_collection("quick_setup")  # not external
    assert ia.value.server_code == 1100
    with pytest.raises(InvalidArgumentError) as before:
        client.refresh_external_collection("")
    assert before.value.http_status == 0 and before.value.attempts == 0
    with pytest.raises(InvalidArgumentError, match="source"):
        client.refresh_external_collection("books_ext", external_source="s3://bucket/x")
    with pytest.raises(InvalidArgumentError):
        client.refresh_external_collection("books_ext", "s3://bucket/x", '{"format":"csv-ish"}')
    with pytest.raises(InvalidArgumentError):
        client.get_refresh_external_collection_progress(0)
    with pytest.raises(InvalidArgumentError):
        client.get_refresh_external_collection_progress("12")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError):
        client.get_refresh_external_collection_progress(2**64)
    with pytest.raises(NotFoundError) as db:
        client.refresh_external_collection("books_ext", db_name="no_such_db")
    assert db.value.server_code == 800


def test_duplicate_refresh_names_the_running_job(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server("--work-delay-ms", "300")
    with MilvusJobsClient(s.uri) as c:
        first = c.refresh_external_collection("books_ext")
        with pytest.raises(DuplicateJobError) as e:
            c.refresh_external_collection("books_ext")
        assert e.value.server_code == 703
        assert e.value.job_id == first
        assert not e.value.retriable
        running = c.get_refresh_external_collection_progress(first)
        assert running.state in (RefreshState.PENDING, RefreshState.IN_PROGRESS)
        assert running.end_time is None and running.end_time_ms == 0
