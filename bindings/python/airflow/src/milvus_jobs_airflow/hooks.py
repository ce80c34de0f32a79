"""MilvusJobsHook: a milvus_jobs client from an Airflow connection."""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

from airflow.sdk import BaseHook, Connection

from milvus_jobs import AsyncMilvusJobsClient, MilvusJobsClient

_BOOL_TRUE = ("1", "true", "yes", "on")


def _flag(value: Any) -> bool:
    return value is True or str(value).strip().lower() in _BOOL_TRUE


class MilvusJobsHook(BaseHook):
    """Reads an Airflow connection of type ``milvus_jobs`` (default id ``milvus_jobs_default``).

    Connection fields:

    - host: the server's URI (``http://127.0.0.1:19530``, ``https://in01-...zillizcloud.com``)
      or a bare host name, with port (https when extra ``secure`` is true);
    - password: the token: an API key, or with login ``user`` the password of
      ``user:password``;
    - schema: the database (else extra ``db_name``; else the server's default).

    Extras (JSON): ``token`` or ``api_key`` (instead of login/password),
    ``db_name``, ``cluster_id`` (a Zilliz Cloud cluster) or ``project_id`` +
    ``region_id`` (a Zilliz Cloud project), ``timeout``, ``connect_timeout``,
    ``max_attempts``, ``tls_insecure_skip_verify``, ``tls_ca_file``, ``secure``.
    With ``cluster_id`` or ``project_id`` and no host, the Zilliz Cloud API is used.

    As a URI (e.g. ``AIRFLOW_CONN_MILVUS_JOBS_DEFAULT``):
    ``milvus-jobs://root:Milvus@127.0.0.1:19530/default`` or
    ``milvus-jobs://:API_KEY@?cluster_id=in01-xxxx``.
    """

    conn_name_attr = "milvus_jobs_conn_id"
    default_conn_name = "milvus_jobs_default"
    conn_type = "milvus_jobs"
    hook_name = "Milvus jobs"

    def __init__(self, milvus_jobs_conn_id: str = default_conn_name, *, db_name: Optional[str] = None) -> None:
        super().__init__()
        self.milvus_jobs_conn_id = milvus_jobs_conn_id
        self.db_name = db_name

    @classmethod
    def get_ui_field_behaviour(cls) -> Dict[str, Any]:
        return {
            "hidden_fields": [],
            "relabeling": {"host": "URI", "password": "Token / API key", "schema": "Database"},
            "placeholders": {
                "host": "http://127.0.0.1:19530",
                "extra": json.dumps({"cluster_id": "in01-xxxx", "timeout": 30}),
            },
        }

    @staticmethod
    def client_kwargs(conn: Connection, db_name: Optional[str] = None) -> Dict[str, Any]:
        """The keyword arguments of MilvusJobsClient(...) a connection stands for."""
        extra: Dict[str, Any] = dict(conn.extra_dejson or {})
        uri: Optional[str] = None
        host = (conn.host or "").strip()
        if host:
            if "://" in host:
                uri = host
                if conn.port and host.count(":") < 2:
                    uri = f"{host.rstrip('/')}:{conn.port}"
            else:
                scheme = "https" if _flag(extra.get("secure")) else "http"
                uri = f"{scheme}://{host}" + (f":{conn.port}" if conn.port else "")
        token = extra.get("token") or extra.get("api_key")
        if not token and conn.password:
            token = f"{conn.login}:{conn.password}" if conn.login else conn.password
        kwargs: Dict[str, Any] = {"uri": uri, "token": token or None}
        kwargs["db_name"] = db_name or extra.get("db_name") or conn.schema or None
        for name in ("cluster_id", "project_id", "region_id", "tls_ca_file", "user_agent"):
            if extra.get(name):
                kwargs[name] = str(extra[name])
        for name in ("timeout", "connect_timeout"):
            if extra.get(name) not in (None, ""):
                kwargs[name] = float(extra[name])
        if extra.get("max_attempts") not in (None, ""):
            kwargs["max_attempts"] = int(extra["max_attempts"])
        if _flag(extra.get("tls_insecure_skip_verify")):
            kwargs["tls_insecure_skip_verify"] = True
        return kwargs

    def get_conn(self) -> MilvusJobsClient:
        """A blocking client (close it, or use it in ``with``)."""
        return MilvusJobsClient(**self.client_kwargs(self.get_connection(self.milvus_jobs_conn_id), self.db_name))

    async def aclient_kwargs(self) -> Dict[str, Any]:
        """client_kwargs() of the connection, read without blocking the loop (triggers)."""
        conn = await self.aget_connection(self.milvus_jobs_conn_id)
        return self.client_kwargs(conn, self.db_name)

    async def get_async_conn(self) -> AsyncMilvusJobsClient:
        """An asyncio client (``async with``, or ``await client.close()``)."""
        return AsyncMilvusJobsClient(**await self.aclient_kwargs())

    def test_connection(self) -> "tuple[bool, str]":
        try:
            with self.get_conn() as client:
                client.list_import_jobs()
            return True, "Connection successfully tested"
        except Exception as e:  # noqa: BLE001 - shown to the user in the UI
            return False, str(e)
