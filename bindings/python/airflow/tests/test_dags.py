"""Real DAGs run with dag.test() (SQLite metadata) against the dev server."""

from __future__ import annotations

import time
from typing import Any, Dict

import pytest
from conftest import failures, load_dags

from milvus_jobs import ImportState, MilvusJobsClient, RefreshState


def states(dr: Any) -> Dict[str, str]:
    out = {}
    for ti in dr.get_task_instances():
        key = ti.task_id if ti.map_index < 0 else f"{ti.task_id}[{ti.map_index}]"
        out[key] = str(ti.state)
    return out


def xcom(dr: Any, task_id: str, key: str = "return_value", map_index: int = -1) -> Any:
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    with create_session() as session:
        row = session.scalars(
            XComModel.get_many(run_id=dr.run_id, key=key, dag_ids=dr.dag_id, task_ids=task_id, map_indexes=map_index)
        ).first()
        assert row is not None, f"no XCom {key} of {task_id}"
        return XComModel.deserialize_value(row)


def test_import_and_refresh_to_completion(server: Any) -> None:
    dags = load_dags("milvus_test_dags")
    dr = dags.import_and_refresh.test()
    assert str(dr.state) == "success", states(dr)
    assert set(states(dr).values()) == {"success"}, states(dr)
    with MilvusJobsClient(server.uri) as client:
        for task_id, rows in (("import_in_worker", 3), ("import_deferred", 7)):
            job_id = xcom(dr, task_id)
            assert xcom(dr, task_id, "job_id") == job_id
            job = client.get_import_progress(job_id)
            assert job.state is ImportState.COMPLETED and job.imported_rows == rows
            assert xcom(dr, task_id, "job")["imported_rows"] == rows
        for task_id in ("refresh_deferred", "refresh_in_worker"):
            job_id = xcom(dr, task_id)
            assert isinstance(job_id, int)
            assert client.get_refresh_external_collection_progress(job_id).state is RefreshState.COMPLETED
    # (The metadata database hands a numeric import id back as an int.)
    assert str(xcom(dr, "sense_import")["job_id"]) == str(xcom(dr, "import_in_worker"))


def test_example_dag(server: Any) -> None:
    dags = load_dags("milvus_jobs_example")
    dr = dags.example.test()
    assert str(dr.state) == "success", states(dr)
    job_id = str(xcom(dr, "commit_books"))
    assert str(xcom(dr, "import_books")) == job_id
    with MilvusJobsClient(server.uri) as client:
        assert client.get_import_progress(job_id).state is ImportState.COMPLETED
        ref = xcom(dr, "refresh_books_ext")
        assert client.get_refresh_external_collection_progress(ref).state is RefreshState.COMPLETED


def test_failed_import_carries_its_reason(server: Any) -> None:
    dags = load_dags("milvus_test_dags")
    dr = dags.failed_import.test()
    assert str(dr.state) == "failed"
    assert states(dr) == {
        "broken_deferred": "failed",
        "broken_in_worker": "failed",
        "sense_missing_job": "failed",
    }
    with MilvusJobsClient(server.uri) as client:
        by_task = {f["task_id"]: f["error"] for f in failures()}
        for task_id in ("broken_deferred", "broken_in_worker"):
            job_id = str(xcom(dr, task_id, "job_id"))  # pushed before the wait: never lost
            job = client.get_import_progress(job_id)
            assert job.state is ImportState.FAILED and job.reason
            assert job.reason in by_task[task_id] and job_id in by_task[task_id], by_task
        assert "999999" in by_task["sense_missing_job"] and "does not exist" in by_task["sense_missing_job"]


def test_two_phase_commit(server: Any) -> None:
    dags = load_dags("milvus_test_dags")
    dr = dags.two_phase.test()
    assert str(dr.state) == "success", states(dr)
    job_id = str(xcom(dr, "stage"))
    assert xcom(dr, "stage", "job")["state"] == "UNCOMMITTED"
    assert str(xcom(dr, "commit")) == job_id and xcom(dr, "commit", "job")["state"] == "COMPLETED"
    with MilvusJobsClient(server.uri) as client:
        job = client.get_import_progress(job_id)
        assert job.state is ImportState.COMPLETED and job.imported_rows == 7


def test_many_deferred_imports(server: Any) -> None:
    dags = load_dags("milvus_test_dags")
    t0 = time.monotonic()
    dr = dags.many_deferred.test()
    took = time.monotonic() - t0
    st = states(dr)
    assert str(dr.state) == "success", st
    assert len(st) == dags.N_MANY and set(st.values()) == {"success"}
    ids = {str(xcom(dr, "import", map_index=i)) for i in range(dags.N_MANY)}
    assert len(ids) == dags.N_MANY
    with MilvusJobsClient(server.uri) as client:
        assert all(client.get_import_progress(i).state is ImportState.COMPLETED for i in ids)
    print(f"{dags.N_MANY} deferred imports: DAG run took {took:.1f} s")
