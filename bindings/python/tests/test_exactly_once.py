"""Exactly-once creates against the dev server's faults: a create whose answer
is lost after the server started the job returns that job's id, flagged
recovered; where the server's state cannot tell, AmbiguousError carries the
candidates (README "After an ambiguous create")."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Callable

import pytest

from conftest import DevServer, write_world

from milvus_jobs import (
    AmbiguousError,
    DeadlineExceededError,
    ImportJobId,
    MilvusJobsClient,
    MilvusJobsError,
    RefreshJobId,
    Status,
)

KEY = "cloud-key-0123456789"
CLUSTER = "inxx-dev0000000000001"


def add_fault(server: DevServer, spec: str) -> None:
    body = json.dumps({"spec": spec}).encode()
    req = urllib.request.Request(server.uri + "/_devserver/faults", data=body, method="POST")
    with urllib.request.urlopen(req, timeout=5) as answer:
        assert json.load(answer)["code"] == 0


@pytest.mark.parametrize("fault", ["drop-after", "late:2000", "reset"])
def test_a_lost_import_answer_returns_the_one_job_it_started(
    start_server: Callable[..., DevServer], fault: str
) -> None:
    s = start_server()
    add_fault(s, f"import/create={fault}")
    with MilvusJobsClient(s.uri, timeout=0.6, max_attempts=1) as c:
        job_id = c.bulk_import("quick_setup", [["import/rows.json"]])
        assert isinstance(job_id, ImportJobId) and isinstance(job_id, str)
        assert job_id.recovered is True and job_id.attempts == 1
        assert [j.job_id for j in c.list_import_jobs("quick_setup")] == [job_id]


@pytest.mark.parametrize("fault", ["drop-after", "late:2000", "reset"])
def test_a_lost_refresh_answer_returns_the_running_job(start_server: Callable[..., DevServer], fault: str) -> None:
    s = start_server("--work-delay-ms", "300")
    add_fault(s, f"external_collection/refresh={fault}")
    with MilvusJobsClient(s.uri, timeout=0.6, max_attempts=1) as c:
        job_id = c.refresh_external_collection("books_ext")
        assert isinstance(job_id, RefreshJobId) and isinstance(job_id, int)
        assert job_id.recovered is True and job_id.attempts == 2
        assert [j.job_id for j in c.list_refresh_external_collection_jobs("books_ext")] == [job_id]


def test_a_plain_create_is_not_recovered(start_server: Callable[..., DevServer]) -> None:
    s = start_server()
    with MilvusJobsClient(s.uri, timeout=5) as c:
        job_id = c.bulk_import("quick_setup", [["import/rows.json"]])
        assert job_id.recovered is False and job_id.attempts == 1


def test_an_identical_import_just_before_is_ambiguous_with_both_candidates(
    start_server: Callable[..., DevServer],
) -> None:
    s = start_server()
    with MilvusJobsClient(s.uri, timeout=0.6, max_attempts=1) as c:
        first = c.bulk_import("quick_setup", [["import/rows.json"]])
        add_fault(s, "import/create=drop-after")
        with pytest.raises(AmbiguousError) as e:
            c.bulk_import("quick_setup", [["import/rows.json"]])
        assert e.value.status == Status.AMBIGUOUS and e.value.category == "MJ_EAMBIGUOUS"
        assert isinstance(e.value, MilvusJobsError)
        jobs = {j.job_id for j in c.list_import_jobs("quick_setup")}
        assert len(jobs) == 2 and first in jobs
        assert set(e.value.candidates) == jobs
        assert "candidate jobs" in e.value.message


def test_reconciliation_off_returns_the_raw_failure(start_server: Callable[..., DevServer]) -> None:
    s = start_server()
    add_fault(s, "import/create=late:2000")
    with MilvusJobsClient(s.uri, timeout=0.6, max_attempts=1, reconcile_creates=False) as c:
        with pytest.raises(DeadlineExceededError) as e:
            c.bulk_import("quick_setup", [["import/rows.json"]])
        assert e.value.retriable is False and e.value.candidates == []


def test_cloud_import_whose_answer_is_lost_is_recovered(tmp_path: Path) -> None:
    base = write_world(tmp_path / "world")
    (base / "cloud.json").write_text(json.dumps({"apiKeys": [KEY], "clusters": [{"clusterId": CLUSTER}]}))
    s = DevServer(base, "--cloud", str(base / "cloud.json"))
    try:
        add_fault(s, "import/create=reset")
        with MilvusJobsClient(s.uri, KEY, cluster_id=CLUSTER, timeout=0.6, max_attempts=1) as c:
            job_id = c.bulk_import("quick_setup", object_urls=[["s3://import/rows.json"]])
            assert job_id.startswith("job-") and job_id.recovered is True and job_id.attempts == 1
            assert [j.job_id for j in c.list_import_jobs("quick_setup")] == [job_id]
    finally:
        s.stop()
