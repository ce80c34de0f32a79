"""MilvusJobTrigger: follows an import or refresh job in the triggerer with the asyncio client.

All triggers of one triggerer loop that use the same connection share one
AsyncMilvusJobsClient, hence one native watcher and its one thread: a
triggerer following thousands of deferred jobs polls them over a bounded
pool of connections.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, AsyncIterator, Dict, List, Optional, Tuple

from airflow.triggers.base import BaseTrigger, TriggerEvent

from milvus_jobs import AsyncMilvusJobsClient, JobFailedError, MilvusJobsError

from .hooks import MilvusJobsHook

# (loop id, connection kwargs as JSON) -> [client, users]
_shared: Dict[Tuple[int, str], List[Any]] = {}


async def _acquire(kwargs: Dict[str, Any]) -> Tuple[Tuple[int, str], AsyncMilvusJobsClient]:
    key = (id(asyncio.get_running_loop()), json.dumps(kwargs, sort_keys=True, default=str))
    entry = _shared.get(key)
    if entry is None:
        entry = [AsyncMilvusJobsClient(**kwargs), 0]
        _shared[key] = entry
    entry[1] += 1
    return key, entry[0]


async def _release(key: Tuple[int, str]) -> None:
    entry = _shared.get(key)
    if entry is None:
        return
    entry[1] -= 1
    if entry[1] == 0:
        del _shared[key]
        await entry[0].close()


def job_summary(kind: str, job: Any) -> Dict[str, Any]:
    """The JSON-safe facts of a job, for trigger events and XCom."""
    out: Dict[str, Any] = {
        "kind": kind,
        "job_id": str(job.job_id) if kind == "import" else int(job.job_id),
        "state": job.state.name,
        "state_name": job.state_name,
        "progress": int(job.progress),
        "reason": job.reason,
    }
    if kind == "import":
        out["imported_rows"] = int(job.imported_rows)
        out["total_rows"] = int(job.total_rows)
    return out


class MilvusJobTrigger(BaseTrigger):
    """Fires once the job ends: {"status": "success", "job": {...}} (an import
    also at UNCOMMITTED), {"status": "failed", "message": ..., "reason": ...}
    when the job failed, {"status": "error", "message": ...} when following it
    failed (lost job, timeout, auth, ...)."""

    def __init__(
        self,
        kind: str,
        job_id: Any,
        milvus_jobs_conn_id: str = MilvusJobsHook.default_conn_name,
        db_name: Optional[str] = None,
        poll_interval: float = 5.0,
        timeout: Optional[float] = None,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        if kind not in ("import", "refresh"):
            raise ValueError(f"kind must be 'import' or 'refresh', got {kind!r}")
        self.kind = kind
        self.job_id = job_id
        self.milvus_jobs_conn_id = milvus_jobs_conn_id
        self.db_name = db_name
        self.poll_interval = float(poll_interval)
        self.timeout = timeout

    def serialize(self) -> Tuple[str, Dict[str, Any]]:
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {
                "kind": self.kind,
                "job_id": self.job_id,
                "milvus_jobs_conn_id": self.milvus_jobs_conn_id,
                "db_name": self.db_name,
                "poll_interval": self.poll_interval,
                "timeout": self.timeout,
            },
        )

    async def run(self) -> AsyncIterator[TriggerEvent]:
        what = f"{self.kind} job {self.job_id}"
        try:
            kwargs = await MilvusJobsHook(self.milvus_jobs_conn_id).aclient_kwargs()
        except Exception as e:  # noqa: BLE001 - reported to the task
            yield TriggerEvent(  # type: ignore[no-untyped-call]
                {"status": "error", "job_id": self.job_id, "message": f"{what}: {e}"}
            )
            return
        key, client = await _acquire(kwargs)
        event: Dict[str, Any]
        try:
            if self.kind == "import":
                job: Any = await client.wait_for_import(
                    str(self.job_id), initial_interval=self.poll_interval, timeout=self.timeout, db_name=self.db_name
                )
            else:
                job = await client.wait_for_refresh(
                    int(self.job_id), initial_interval=self.poll_interval, timeout=self.timeout, db_name=self.db_name
                )
            event = {"status": "success", "job_id": self.job_id, "job": job_summary(self.kind, job)}
        except JobFailedError as e:
            event = {
                "status": "failed",
                "job_id": self.job_id,
                "message": str(e),
                "reason": getattr(e.job, "reason", "") or "",
            }
        except MilvusJobsError as e:
            event = {"status": "error", "job_id": self.job_id, "message": str(e), "category": e.category}
        finally:
            # Also when the triggerer cancels the trigger: the wait leaves the
            # shared watcher, the last trigger closes the client.
            await asyncio.shield(_release(key))
        yield TriggerEvent(event)  # type: ignore[no-untyped-call]
