"""DAGs the provider's tests run with dag.test() against the dev server."""

from __future__ import annotations

import datetime
import json
import os
from typing import Any

from airflow.sdk import DAG, task

from milvus_jobs_airflow.operators import MilvusBulkImportOperator, MilvusRefreshExternalCollectionOperator
from milvus_jobs_airflow.sensors import MilvusImportSensor

START = datetime.datetime(2026, 1, 1)
FAST = {"poll_interval": 0.05}


def record_failure(context: Any) -> None:
    """Writes the failed task's exception where the test reads it."""
    path = os.path.join(os.environ["AIRFLOW_HOME"], "failures.jsonl")
    with open(path, "a") as f:
        f.write(json.dumps({"task_id": context["ti"].task_id, "error": str(context.get("exception"))}) + "\n")


with DAG("milvus_import_and_refresh", schedule=None, start_date=START, catchup=False) as import_and_refresh:
    in_worker = MilvusBulkImportOperator(
        task_id="import_in_worker", collection_name="quick_setup", files=[["import/rows.json"]], **FAST
    )
    deferred = MilvusBulkImportOperator(
        task_id="import_deferred",
        collection_name="quick_setup",
        files=[["import/rows.json"], ["import/rows.csv"]],
        deferrable=True,
        **FAST,
    )
    refresh_deferred = MilvusRefreshExternalCollectionOperator(
        task_id="refresh_deferred", collection_name="books_ext", deferrable=True, **FAST
    )
    refresh_in_worker = MilvusRefreshExternalCollectionOperator(
        task_id="refresh_in_worker", collection_name="other_ext", **FAST
    )
    sensor = MilvusImportSensor(
        task_id="sense_import",
        job_id="{{ ti.xcom_pull(task_ids='import_in_worker') }}",
        deferrable=True,
        poke_interval=0.05,
    )
    in_worker >> sensor
    [in_worker, deferred] >> refresh_deferred >> refresh_in_worker


with DAG(
    "milvus_failed_import",
    schedule=None,
    start_date=START,
    catchup=False,
    default_args={"on_failure_callback": record_failure},
) as failed_import:
    MilvusBulkImportOperator(
        task_id="broken_deferred", collection_name="quick_setup", files=[["import/broken.json"]], deferrable=True, **FAST
    )
    MilvusBulkImportOperator(
        task_id="broken_in_worker", collection_name="quick_setup", files=[["import/broken.json"]], **FAST
    )
    MilvusImportSensor(task_id="sense_missing_job", job_id="999999", poke_interval=0.05, timeout=5)


with DAG("milvus_two_phase", schedule=None, start_date=START, catchup=False) as two_phase:
    from milvus_jobs_airflow.operators import MilvusCommitImportOperator

    staged = MilvusBulkImportOperator(
        task_id="stage",
        collection_name="quick_setup",
        files=[["import/rows.json"], ["import/rows.csv"]],
        auto_commit=False,
        deferrable=True,
        **FAST,
    )

    @task
    def approve(job: dict) -> str:
        assert job["state"] == "UNCOMMITTED", job
        return str(job["job_id"])

    approved = approve(staged.output["job"])  # type: ignore[index]
    MilvusCommitImportOperator(task_id="commit", job_id=approved, deferrable=True, **FAST)


N_MANY = int(os.environ.get("MJ_AIRFLOW_MANY", "200"))

with DAG("milvus_many_deferred", schedule=None, start_date=START, catchup=False) as many_deferred:
    MilvusBulkImportOperator.partial(
        task_id="import", collection_name="books", deferrable=True, **FAST
    ).expand(files=[[["import/rows.json"]] for _ in range(N_MANY)])
