"""MilvusJobsHook: the connection forms, and calls through them against the dev server."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterator

import pytest
from airflow.sdk import Connection
from conftest import support

from milvus_jobs import ImportState, UnauthenticatedError
from milvus_jobs_airflow import get_provider_info
from milvus_jobs_airflow.hooks import MilvusJobsHook


def kwargs_of(uri: str) -> dict:
    return MilvusJobsHook.client_kwargs(Connection.from_uri(uri, conn_id="c"))


def test_connection_forms() -> None:
    k = kwargs_of("milvus-jobs://root:Milvus@127.0.0.1:19530/analytics")
    assert k["uri"] == "http://127.0.0.1:19530" and k["token"] == "root:Milvus" and k["db_name"] == "analytics"
    k = kwargs_of("milvus-jobs://:sk-123@milvus.example:443/?secure=true&timeout=12.5&max_attempts=2")
    assert k["uri"] == "https://milvus.example:443" and k["token"] == "sk-123"
    assert k["timeout"] == 12.5 and k["max_attempts"] == 2 and k["db_name"] is None
    k = kwargs_of("milvus-jobs://?cluster_id=in01-abc&api_key=KEY")
    assert k["uri"] is None and k["cluster_id"] == "in01-abc" and k["token"] == "KEY"
    k = kwargs_of("milvus-jobs://?project_id=proj-1&region_id=aws-us-west-2&token=KEY&db_name=db1")
    assert (k["project_id"], k["region_id"], k["token"], k["db_name"]) == ("proj-1", "aws-us-west-2", "KEY", "db1")
    # The URI in the host field (the UI's form), extras as JSON.
    c = Connection(
        conn_id="ui",
        conn_type="milvus_jobs",
        host="https://in01-x.zillizcloud.com",
        port=19530,
        password="APIKEY",
        extra=json.dumps({"tls_insecure_skip_verify": "true", "connect_timeout": 3}),
    )
    k = MilvusJobsHook.client_kwargs(c, db_name="override")
    assert k["uri"] == "https://in01-x.zillizcloud.com:19530" and k["token"] == "APIKEY"
    assert k["tls_insecure_skip_verify"] is True and k["connect_timeout"] == 3.0 and k["db_name"] == "override"
    info = get_provider_info()
    assert info["connection-types"][0]["hook-class-name"] == "milvus_jobs_airflow.hooks.MilvusJobsHook"


@pytest.fixture()
def token_server(tmp_path: Path) -> Iterator[Any]:
    s = support.DevServer(support.write_world(tmp_path), "--token", "root:Milvus")
    yield s
    s.stop()


def test_hook_against_a_server_with_a_token(token_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    host = token_server.uri.split("://", 1)[1]
    monkeypatch.setenv("AIRFLOW_CONN_MJ_AUTH", f"milvus-jobs://root:Milvus@{host}/default")
    monkeypatch.setenv("AIRFLOW_CONN_MJ_WRONG", f"milvus-jobs://root:nope@{host}/default")
    with MilvusJobsHook("mj_auth").get_conn() as client:
        job_id = client.bulk_import("quick_setup", [["import/rows.json"]])
        assert client.wait_for_import(job_id, initial_interval=0.05).state is ImportState.COMPLETED
    assert MilvusJobsHook("mj_auth").test_connection()[0] is True
    ok, message = MilvusJobsHook("mj_wrong").test_connection()
    assert not ok and message
    with pytest.raises(UnauthenticatedError):
        with MilvusJobsHook("mj_wrong").get_conn() as client:
            client.list_import_jobs()
    assert os.environ["AIRFLOW_CONN_MJ_AUTH"]
