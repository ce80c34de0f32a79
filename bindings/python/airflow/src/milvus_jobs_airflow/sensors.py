"""MilvusImportSensor: waits for an import job someone else started."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Dict, Optional, Sequence

from airflow.sdk import BaseSensorOperator, PokeReturnValue, conf
from airflow.sdk.exceptions import AirflowException, AirflowFailException

from milvus_jobs import ImportState, MilvusJobsError

from .hooks import MilvusJobsHook
from .triggers import MilvusJobTrigger, job_summary


class MilvusImportSensor(BaseSensorOperator):
    """Succeeds when the import job is COMPLETED (or UNCOMMITTED, with
    ``accept_uncommitted=True``, the default: it waits for a commit then);
    fails at once, with the job's reason, when the job FAILED. The job's
    facts go to XCom (return_value). With ``deferrable=True`` the triggerer
    follows the job instead of poking."""

    template_fields: Sequence[str] = ("job_id", "db_name")

    def __init__(
        self,
        *,
        job_id: str,
        milvus_jobs_conn_id: str = MilvusJobsHook.default_conn_name,
        db_name: Optional[str] = None,
        accept_uncommitted: bool = True,
        deferrable: Optional[bool] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.job_id = job_id
        self.milvus_jobs_conn_id = milvus_jobs_conn_id
        self.db_name = db_name
        self.accept_uncommitted = accept_uncommitted
        self.deferrable = (
            conf.getboolean("operators", "default_deferrable", fallback=False) if deferrable is None else deferrable
        )

    def execute(self, context: Any) -> Any:
        if not self.deferrable or not self.accept_uncommitted:
            # (The trigger returns at UNCOMMITTED: waiting past it is poking.)
            return super().execute(context)
        done = self.poke(context)
        if done.is_done:
            return done.xcom_value
        self.defer(
            trigger=MilvusJobTrigger(
                kind="import",
                job_id=str(self.job_id),
                milvus_jobs_conn_id=self.milvus_jobs_conn_id,
                db_name=self.db_name,
                poll_interval=float(self.poke_interval),
                timeout=float(self.timeout) if self.timeout else None,
            ),
            method_name="execute_complete",
            timeout=timedelta(seconds=float(self.timeout) + 60) if self.timeout else None,
        )

    def poke(self, context: Any) -> PokeReturnValue:
        with MilvusJobsHook(self.milvus_jobs_conn_id, db_name=self.db_name).get_conn() as client:
            try:
                job = client.get_import_progress(str(self.job_id))
            except MilvusJobsError as e:
                raise AirflowException(f"import job {self.job_id}: {e}") from e
        self.log.info("import job %s: %s, %s%%", self.job_id, job.state_name, job.progress)
        if job.state is ImportState.FAILED:
            raise AirflowFailException(f"import job {self.job_id} failed: {job.reason or 'the server gave no reason'}")
        done = job.state is ImportState.COMPLETED or (
            self.accept_uncommitted and job.state is ImportState.UNCOMMITTED
        )
        return PokeReturnValue(is_done=done, xcom_value=job_summary("import", job) if done else None)

    def execute_complete(self, context: Any, event: Dict[str, Any]) -> Any:
        status = event.get("status")
        if status == "failed":
            raise AirflowFailException(event["message"])
        if status != "success":
            raise AirflowException(event.get("message") or f"unexpected trigger event {event!r}")
        return event["job"]
