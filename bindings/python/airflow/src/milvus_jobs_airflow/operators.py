"""Operators: start a bulk import or an external-collection refresh, then follow
it in the worker or, with deferrable=True, in the triggerer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from airflow.sdk import BaseOperator, conf
from airflow.sdk.exceptions import AirflowException, AirflowFailException

from milvus_jobs import DuplicateJobError, JobFailedError, MilvusJobsClient, MilvusJobsError

from .hooks import MilvusJobsHook
from .triggers import MilvusJobTrigger, job_summary


def _default_deferrable() -> bool:
    return conf.getboolean("operators", "default_deferrable", fallback=False)


class _MilvusJobOperator(BaseOperator):
    """Shared by the operators: connection, waiting, deferring, XCom.

    The job id is pushed to XCom (key ``job_id``) as soon as the job exists,
    and is the task's return value (``return_value``).
    """

    kind = "import"
    ui_color = "#c6e3f7"

    def __init__(
        self,
        *,
        milvus_jobs_conn_id: str = MilvusJobsHook.default_conn_name,
        db_name: Optional[str] = None,
        wait_for_completion: bool = True,
        deferrable: Optional[bool] = None,
        poll_interval: float = 5.0,
        wait_timeout: Optional[float] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.milvus_jobs_conn_id = milvus_jobs_conn_id
        self.db_name = db_name
        self.wait_for_completion = wait_for_completion
        self.deferrable = _default_deferrable() if deferrable is None else deferrable
        self.poll_interval = poll_interval
        self.wait_timeout = wait_timeout

    def _hook(self) -> MilvusJobsHook:
        return MilvusJobsHook(self.milvus_jobs_conn_id, db_name=self.db_name)

    def _follow(self, context: Any, client: MilvusJobsClient, job_id: Union[str, int]) -> Union[str, int]:
        context["ti"].xcom_push(key="job_id", value=job_id)
        if not self.wait_for_completion:
            return job_id
        if self.deferrable:
            self.defer(
                trigger=MilvusJobTrigger(
                    kind=self.kind,
                    job_id=job_id,
                    milvus_jobs_conn_id=self.milvus_jobs_conn_id,
                    db_name=self.db_name,
                    poll_interval=self.poll_interval,
                    timeout=self.wait_timeout,
                ),
                method_name="execute_complete",
                timeout=timedelta(seconds=self.wait_timeout + 60) if self.wait_timeout else None,
            )
        try:
            if self.kind == "import":
                job: Any = client.wait_for_import(
                    str(job_id), initial_interval=self.poll_interval, timeout=self.wait_timeout
                )
            else:
                job = client.wait_for_refresh(int(job_id), initial_interval=self.poll_interval, timeout=self.wait_timeout)
        except JobFailedError as e:
            # The job itself failed: retrying the task would not change that.
            raise AirflowFailException(str(e)) from e
        except MilvusJobsError as e:
            raise AirflowException(f"following {self.kind} job {job_id}: {e}") from e
        summary = job_summary(self.kind, job)
        context["ti"].xcom_push(key="job", value=summary)
        self.log.info("%s job %s: %s", self.kind, job_id, summary)
        return job_id

    def execute_complete(self, context: Any, event: Dict[str, Any]) -> Union[str, int]:
        """Resumes the deferred task with the trigger's event."""
        status = event.get("status")
        if status == "failed":
            raise AirflowFailException(event["message"])
        if status != "success":
            raise AirflowException(event.get("message") or f"unexpected trigger event {event!r}")
        context["ti"].xcom_push(key="job", value=event["job"])
        self.log.info("%s job %s: %s", self.kind, event["job_id"], event["job"])
        return event["job_id"]  # type: ignore[no-any-return]


class MilvusBulkImportOperator(_MilvusJobOperator):
    """Creates a bulk import job, then (wait_for_completion) follows it to
    COMPLETED, or to UNCOMMITTED with ``auto_commit=False`` (commit it in a
    later task with MilvusCommitImportOperator). Fails with the job's reason.

    Args as MilvusJobsClient.bulk_import: collection_name, files (file
    groups, e.g. [["a.parquet"], ["b.json"]]), partition_name, options;
    Zilliz Cloud: object_url(s), volume_name + data_paths, access_key,
    secret_key, session_token.
    """

    kind = "import"
    template_fields: Sequence[str] = (
        "collection_name",
        "files",
        "partition_name",
        "options",
        "object_url",
        "object_urls",
        "volume_name",
        "data_paths",
        "db_name",
    )

    def __init__(
        self,
        *,
        collection_name: str,
        files: Optional[List[Any]] = None,
        partition_name: Optional[str] = None,
        options: Optional[Mapping[str, Any]] = None,
        auto_commit: bool = True,
        object_url: Optional[str] = None,
        object_urls: Optional[List[Any]] = None,
        volume_name: Optional[str] = None,
        data_paths: Optional[List[Any]] = None,
        access_key: Optional[str] = None,
        secret_key: Optional[str] = None,
        session_token: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.collection_name = collection_name
        self.files = files
        self.partition_name = partition_name
        self.options = dict(options or {})
        if not auto_commit:
            self.options["auto_commit"] = False
        self.object_url = object_url
        self.object_urls = object_urls
        self.volume_name = volume_name
        self.data_paths = data_paths
        self.access_key = access_key
        self.secret_key = secret_key
        self.session_token = session_token

    def execute(self, context: Any) -> Union[str, int]:
        with self._hook().get_conn() as client:
            try:
                job_id = client.bulk_import(
                    self.collection_name,
                    self.files,
                    partition_name=self.partition_name,
                    options=self.options or None,
                    object_url=self.object_url,
                    object_urls=self.object_urls,
                    volume_name=self.volume_name,
                    data_paths=self.data_paths,
                    access_key=self.access_key,
                    secret_key=self.secret_key,
                    session_token=self.session_token,
                )
            except MilvusJobsError as e:
                raise AirflowException(f"bulk import into {self.collection_name}: {e}") from e
            self.log.info("import job %s created (collection %s)", job_id, self.collection_name)
            return self._follow(context, client, job_id)


class MilvusRefreshExternalCollectionOperator(_MilvusJobOperator):
    """Starts a refresh of an external collection, then (wait_for_completion)
    follows it to COMPLETED. When a refresh of the collection is already
    running, ``if_running="follow"`` (default) follows that one instead of
    failing (``"fail"``)."""

    kind = "refresh"
    template_fields: Sequence[str] = ("collection_name", "external_source", "external_spec", "db_name")

    def __init__(
        self,
        *,
        collection_name: str,
        external_source: Optional[str] = None,
        external_spec: Union[str, Mapping[str, Any], None] = None,
        if_running: str = "follow",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if if_running not in ("follow", "fail"):
            raise ValueError(f"if_running must be 'follow' or 'fail', got {if_running!r}")
        self.collection_name = collection_name
        self.external_source = external_source
        self.external_spec = external_spec
        self.if_running = if_running

    def execute(self, context: Any) -> Union[str, int]:
        with self._hook().get_conn() as client:
            job_id: int
            try:
                job_id = client.refresh_external_collection(
                    self.collection_name, self.external_source, self.external_spec
                )
                self.log.info("refresh job %s started (collection %s)", job_id, self.collection_name)
            except DuplicateJobError as e:
                if self.if_running != "follow" or e.job_id is None:
                    raise AirflowException(str(e)) from e
                job_id = e.job_id
                self.log.info("a refresh of %s is already running: following job %s", self.collection_name, job_id)
            except MilvusJobsError as e:
                raise AirflowException(f"refresh of {self.collection_name}: {e}") from e
            return self._follow(context, client, job_id)


class MilvusCommitImportOperator(_MilvusJobOperator):
    """Commits an import job created with ``auto_commit=False`` (e.g.
    ``job_id="{{ ti.xcom_pull(task_ids='import') }}"``), then (wait_for_completion)
    follows it to COMPLETED."""

    kind = "import"
    template_fields: Sequence[str] = ("job_id", "db_name")

    def __init__(self, *, job_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.job_id = job_id

    def execute(self, context: Any) -> Union[str, int]:
        job_id = str(self.job_id)
        with self._hook().get_conn() as client:
            try:
                client.commit_import(job_id)
            except MilvusJobsError as e:
                raise AirflowException(f"commit of import job {job_id}: {e}") from e
            self.log.info("import job %s committed", job_id)
            return self._follow(context, client, job_id)


class MilvusAbortImportOperator(BaseOperator):
    """Aborts an import job (e.g. an uncommitted one whose checks failed)."""

    template_fields: Sequence[str] = ("job_id", "db_name")

    def __init__(
        self,
        *,
        job_id: str,
        milvus_jobs_conn_id: str = MilvusJobsHook.default_conn_name,
        db_name: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.job_id = job_id
        self.milvus_jobs_conn_id = milvus_jobs_conn_id
        self.db_name = db_name

    def execute(self, context: Any) -> str:
        with MilvusJobsHook(self.milvus_jobs_conn_id, db_name=self.db_name).get_conn() as client:
            try:
                client.abort_import(str(self.job_id))
            except MilvusJobsError as e:
                raise AirflowException(f"abort of import job {self.job_id}: {e}") from e
        return str(self.job_id)
