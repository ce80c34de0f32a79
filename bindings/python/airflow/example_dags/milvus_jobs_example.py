"""Example DAG: a two-phase bulk import (checked before it is committed), then a
refresh of an external collection, every wait deferred to the triggerer.

Connection: milvus_jobs_default, e.g.
    export AIRFLOW_CONN_MILVUS_JOBS_DEFAULT='milvus-jobs://root:Milvus@127.0.0.1:19530/default'
Run it once without a scheduler:  python milvus_jobs_example.py
"""

from __future__ import annotations

import datetime

from airflow.sdk import dag, task

from milvus_jobs_airflow.operators import (
    MilvusBulkImportOperator,
    MilvusCommitImportOperator,
    MilvusRefreshExternalCollectionOperator,
)
from milvus_jobs_airflow.sensors import MilvusImportSensor


@dag(schedule=None, start_date=datetime.datetime(2026, 1, 1), catchup=False, tags=["milvus"])
def milvus_jobs_example() -> None:
    # Starts the import; the triggerer follows it until it waits for a commit.
    staged = MilvusBulkImportOperator(
        task_id="import_books",
        collection_name="quick_setup",
        files=[["import/rows.json"], ["import/rows.csv"]],
        auto_commit=False,
        deferrable=True,
        poll_interval=0.2,
    )

    @task
    def check(job: dict) -> str:
        # The job's facts (XCom "job"): refuse to commit an empty import.
        if job["state"] != "UNCOMMITTED" or job["imported_rows"] == 0:
            raise ValueError(f"nothing to commit: {job}")
        return str(job["job_id"])

    checked = check(staged.output["job"])  # type: ignore[index]
    commit = MilvusCommitImportOperator(
        task_id="commit_books", job_id=checked, deferrable=True, poll_interval=0.2
    )
    # Someone else's import can be awaited with the sensor (here: the same one).
    landed = MilvusImportSensor(
        task_id="books_landed", job_id=checked, accept_uncommitted=False, poke_interval=0.2, mode="reschedule"
    )
    refresh = MilvusRefreshExternalCollectionOperator(
        task_id="refresh_books_ext", collection_name="books_ext", deferrable=True, poll_interval=0.2
    )
    commit >> landed >> refresh


example = milvus_jobs_example()

if __name__ == "__main__":
    example.test()
