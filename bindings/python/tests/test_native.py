"""What a Python user meets: NUL bytes refused, the running refresh's id as an
int, messages in Python's own option names, and what Python prints."""

from __future__ import annotations

import doctest
import json
import re
import urllib.request
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

import milvus_jobs
from conftest import BlackHole, DevServer
from milvus_jobs import (
    DeadlineExceededError,
    DuplicateJobError,
    Hint,
    InvalidArgumentError,
    MilvusJobsClient,
    MilvusJobsError,
    ProtocolError,
    RefreshState,
    UnauthenticatedError,
)

README = Path(__file__).resolve().parents[1] / "README.md"
NUL = "\x00"


def _requests(uri: str) -> int:
    req = urllib.request.Request(uri + "/_devserver/stats", data=b"{}", method="POST")
    with urllib.request.urlopen(req, timeout=5) as r:
        return sum(json.loads(r.read())["data"]["requests"].values())


# ------------------------------------------------------------------ NUL bytes

# Each call gets a string argument with an embedded NUL; C would read it only
# up to the NUL and act on something else ("12\x00junk" -> job 12).
CALLS: Dict[str, Callable[[MilvusJobsClient], Any]] = {
    "abort_import job_id": lambda c: c.abort_import("12" + NUL + "junk"),
    "commit_import job_id": lambda c: c.commit_import("12" + NUL + "junk"),
    "get_import_progress job_id": lambda c: c.get_import_progress("12" + NUL + "34"),
    "wait_for_import job_id": lambda c: c.wait_for_import("12" + NUL + "34", timeout=5),
    "list_import_jobs collection_name": lambda c: c.list_import_jobs("books" + NUL + "DROP"),
    "list_import_jobs paged collection_name": lambda c: c.list_import_jobs("books" + NUL + "x", page_size=10),
    "list_refresh_external_collection_jobs collection_name": lambda c: c.list_refresh_external_collection_jobs(
        "books_ext" + NUL
    ),
    "refresh collection_name": lambda c: c.refresh_external_collection("books_ext" + NUL + "other"),
    "refresh external_source": lambda c: c.refresh_external_collection(
        "books_ext", "s3://bucket/books" + NUL + "x", '{"format":"parquet"}'
    ),
    "refresh external_spec": lambda c: c.refresh_external_collection(
        "books_ext", "s3://bucket/books", '{"format":"parquet"}' + NUL
    ),
    "refresh db_name": lambda c: c.refresh_external_collection("books_ext", db_name="default" + NUL + "x"),
    "get_refresh db_name": lambda c: c.get_refresh_external_collection_progress(1, db_name="a" + NUL),
    "wait_for_refresh db_name": lambda c: c.wait_for_refresh(1, db_name="a" + NUL, timeout=5),
    "bulk_import collection_name": lambda c: c.bulk_import("books" + NUL, files=[["import/rows.json"]]),
    "bulk_import partition_name": lambda c: c.bulk_import(
        "books", files=[["import/rows.json"]], partition_name="p" + NUL
    ),
    "bulk_import file path": lambda c: c.bulk_import("books", files=[["import/rows.json" + NUL + "../../etc"]]),
    "bulk_import file path in a group": lambda c: c.bulk_import("books", files=[["a.npy", "b.npy" + NUL]]),
    "bulk_import option name": lambda c: c.bulk_import(
        "books", files=[["import/rows.json"]], options={"auto_commit" + NUL: False}
    ),
    "bulk_import option value": lambda c: c.bulk_import(
        "books", files=[["import/rows.json"]], options={"timeout": "300" + NUL}
    ),
    "bulk_import object_url": lambda c: c.bulk_import("books", object_url="s3://b/x.json" + NUL),
    "bulk_import data_paths": lambda c: c.bulk_import("books", volume_name="v", data_paths=[["x" + NUL]]),
    "bulk_import volume_name": lambda c: c.bulk_import("books", volume_name="v" + NUL, data_paths=[["x"]]),
    "bulk_import access_key": lambda c: c.bulk_import("books", files=[["import/rows.json"]], access_key="a" + NUL),
    "bulk_import secret_key": lambda c: c.bulk_import("books", files=[["import/rows.json"]], secret_key="s" + NUL),
    "bulk_import session_token": lambda c: c.bulk_import(
        "books", files=[["import/rows.json"]], session_token="t" + NUL
    ),
    "watcher db_name": lambda c: c.watcher(db_name="d" + NUL),
    "watcher add_import": lambda c: c.watcher().add_import("12" + NUL + "34"),
    "watcher remove_import": lambda c: c.watcher().remove_import("12" + NUL + "34"),
}


@pytest.mark.parametrize("what", sorted(CALLS))
def test_a_nul_in_a_string_argument_is_refused_before_sending(start_server: Any, what: str) -> None:
    s: DevServer = start_server()
    with MilvusJobsClient(s.uri, timeout=10) as c:
        before = _requests(s.uri)
        with pytest.raises(InvalidArgumentError, match="NUL") as e:
            CALLS[what](c)
        assert e.value.attempts == 0
        assert _requests(s.uri) == before, f"{what}: a request was sent"


CLIENT_ARGS: Dict[str, Dict[str, Any]] = {
    "uri": {"uri": "http://127.0.0.1:1" + NUL + "x"},
    "token": {"token": "root:Milvus" + NUL + "x"},
    "db_name": {"db_name": "default" + NUL},
    "tls_ca_file": {"tls_ca_file": "/etc/ssl/ca.pem" + NUL},
    "tls_ca_path": {"tls_ca_path": "/etc/ssl" + NUL},
    "user_agent": {"user_agent": "me" + NUL},
    "header name": {"headers": {"X-A" + NUL + "b": "1"}},
    "header value": {"headers": {"X-A": "1" + NUL + "\r\nX-Injected: 1"}},
    "cluster_id": {"cluster_id": "in01-x" + NUL},
    "project_id": {"project_id": "proj-x" + NUL, "region_id": "aws-us-west-2"},
    "region_id": {"project_id": "proj-x", "region_id": "aws" + NUL},
}


@pytest.mark.parametrize("what", sorted(CLIENT_ARGS))
def test_a_nul_in_a_client_option_is_refused(what: str) -> None:
    kwargs = dict(CLIENT_ARGS[what])
    kwargs.setdefault("uri", "http://127.0.0.1:1")
    with pytest.raises(InvalidArgumentError, match="NUL"):
        MilvusJobsClient(**kwargs)


def test_a_nul_in_the_pymilvus_shaped_functions_is_refused(server: DevServer) -> None:
    before = _requests(server.uri)
    with pytest.raises(InvalidArgumentError, match="NUL"):
        milvus_jobs.bulk_import(url=server.uri, collection_name="books" + NUL, files=[["import/rows.json"]])
    with pytest.raises(InvalidArgumentError, match="NUL"):
        milvus_jobs.get_import_progress(url=server.uri, job_id="1" + NUL + "2")
    with pytest.raises(InvalidArgumentError, match="NUL"):
        milvus_jobs.list_import_jobs(url=server.uri, collection_name="books" + NUL)
    with pytest.raises(InvalidArgumentError, match="NUL"):
        milvus_jobs.bulk_import(url=server.uri, api_key="k" + NUL, collection_name="books", files=[["a.json"]])
    assert _requests(server.uri) == before


def test_abort_with_a_nul_leaves_the_job_alone(start_server: Any) -> None:
    """The issue's reproduction: abort_import(jid + "\\x00junk") aborted jid."""
    s: DevServer = start_server("--work-delay-ms", "2000")
    with MilvusJobsClient(s.uri, timeout=10) as c:
        jid = c.bulk_import("books", files=[["import/rows.json"]])
        with pytest.raises(InvalidArgumentError):
            c.abort_import(jid + NUL + "junk")
        assert c.get_import_progress(jid).state_name != "Failed"


# ------------------------------------------------------------------ the running refresh's id


def test_duplicate_refresh_job_id_is_an_int_the_progress_call_takes(start_server: Any) -> None:
    s: DevServer = start_server("--work-delay-ms", "300")
    with MilvusJobsClient(s.uri, timeout=10) as c:
        first = c.refresh_external_collection("books_ext")
        with pytest.raises(DuplicateJobError) as e:
            c.refresh_external_collection("books_ext")
        assert isinstance(e.value.job_id, int) and e.value.job_id == first
        assert e.value.hint is Hint.POLL_RUNNING_JOB
        assert c.get_refresh_external_collection_progress(e.value.job_id).job_id == first
        assert c.wait_for_refresh(e.value.job_id, timeout=60).state is RefreshState.COMPLETED


def test_other_errors_name_no_job(server: DevServer) -> None:
    with MilvusJobsClient(server.uri, timeout=10) as c:
        with pytest.raises(MilvusJobsError) as e:
            c.get_import_progress("999999")
        assert e.value.job_id is None


# ------------------------------------------------------------------ messages

C_NAMES = re.compile(r"\bmj_\w+|\bMJ_\w+|mj_client_options|\btimeout_ms\b|request_timeout_ms|connect_timeout_ms|"
                     r"\.token\b|\.uri\b")


def _python_only(e: BaseException) -> str:
    text = str(e)
    print("\n" + type(e).__name__ + ": " + text)
    assert not C_NAMES.search(text), f"names a C symbol or field: {text}"
    return text


def test_missing_uri_message() -> None:
    with pytest.raises(InvalidArgumentError) as e:
        MilvusJobsClient(None)
    text = _python_only(e.value)
    assert "uri=" in text and e.value.hint is Hint.SET_URI, text


def test_bad_token_message(start_server: Any) -> None:
    s: DevServer = start_server("--token", "root:Milvus")
    with MilvusJobsClient(s.uri, token="root:wrong", timeout=10) as c:
        with pytest.raises(UnauthenticatedError) as e:
            c.list_import_jobs()
    text = _python_only(e.value)
    assert "token=" in text and e.value.hint is Hint.SET_TOKEN, text
    with MilvusJobsClient(s.uri, timeout=10) as c:
        with pytest.raises(UnauthenticatedError) as e:
            c.list_import_jobs()
    assert "token=" in _python_only(e.value)


def test_timeout_message(black_hole: BlackHole) -> None:
    with MilvusJobsClient(black_hole.uri, timeout=0.3, max_attempts=1) as c:
        with pytest.raises(DeadlineExceededError) as e:
            c.get_import_progress("1")
    text = _python_only(e.value)
    assert "timeout=" in text and "seconds" in text and e.value.hint is Hint.RAISE_TIMEOUT, text


def test_wait_timeout_message(start_server: Any) -> None:
    s: DevServer = start_server("--work-delay-ms", "2000")
    with MilvusJobsClient(s.uri, timeout=10) as c:
        jid = c.bulk_import("books", files=[["import/rows.json"]])
        with pytest.raises(DeadlineExceededError) as e:
            c.wait_for_import(jid, timeout=0.3)
    text = _python_only(e.value)
    assert "timeout=" in text, text


def test_duplicate_refresh_message(start_server: Any) -> None:
    s: DevServer = start_server("--work-delay-ms", "300")
    with MilvusJobsClient(s.uri, timeout=10) as c:
        c.refresh_external_collection("books_ext")
        with pytest.raises(DuplicateJobError) as e:
            c.refresh_external_collection("books_ext")
    text = _python_only(e.value)
    assert "get_refresh_external_collection_progress(e.job_id)" in text, text


def test_too_large_answer_message(server: DevServer) -> None:
    with MilvusJobsClient(server.uri, timeout=10) as c:
        jid = c.bulk_import("books", files=[["import/rows.json"]])
    with MilvusJobsClient(server.uri, timeout=10, max_response_bytes=64) as c:
        with pytest.raises(MilvusJobsError) as e:
            c.get_import_progress(jid)
    text = _python_only(e.value)
    assert "max_response_bytes=" in text and e.value.hint is Hint.RAISE_MAX_RESPONSE_BYTES, text
    with MilvusJobsClient(server.uri, timeout=10, max_list_response_bytes=64) as c:
        with pytest.raises(MilvusJobsError) as e:
            c.list_import_jobs()
    text = _python_only(e.value)
    assert "max_list_response_bytes=" in text and e.value.hint is Hint.RAISE_MAX_LIST_RESPONSE_BYTES, text


def test_argument_messages_use_python_names(server: DevServer) -> None:
    with pytest.raises(InvalidArgumentError) as e:
        MilvusJobsClient(server.uri, timeout=-1)
    assert "timeout" in _python_only(e.value)
    with MilvusJobsClient(server.uri) as c:
        with pytest.raises(InvalidArgumentError) as e:
            c.get_refresh_external_collection_progress("12")  # type: ignore[arg-type]
        assert "pass int('12')" in _python_only(e.value)


def test_protocol_errors_name_no_c_symbol(start_server: Any) -> None:
    s: DevServer = start_server("--faults", "import/list=not-json*0")
    with MilvusJobsClient(s.uri, timeout=10, max_attempts=1) as c:
        with pytest.raises(ProtocolError) as e:
            c.list_import_jobs()
    _python_only(e.value)


# ------------------------------------------------------------------ what Python prints


def test_readme_shows_what_python_prints() -> None:
    """The README's ```pycon blocks run as doctests: what they show is what Python prints."""
    text = README.read_text()
    blocks = re.findall(r"```pycon\n(.*?)```", text, re.S)
    assert blocks, "the README has no ```pycon example"
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README block {i}", str(README), 0)
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0 and result.failed == 0
