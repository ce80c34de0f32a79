"""Error categories and fields, auth, client options, cancellation, lifetime."""

from __future__ import annotations

import threading
import time

import pytest

from milvus_jobs import (
    CancelledError,
    CancelToken,
    DeadlineExceededError,
    InvalidArgumentError,
    MilvusJobsClient,
    MilvusJobsError,
    NotFoundError,
    Status,
    TlsError,
    TransportError,
    UnauthenticatedError,
)


def test_auth(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server("--token", "root:Milvus")
    with MilvusJobsClient(s.uri) as anon:
        with pytest.raises(UnauthenticatedError) as e:
            anon.list_import_jobs()
        err = e.value
        assert err.status == Status.UNAUTHENTICATED and err.category == "MJ_EUNAUTHENTICATED"
        assert err.http_status == 401 and err.server_code == 1800
        assert err.server_message == "user hasn't authenticated"
        assert err.request_id and err.trace_id
        assert not err.retriable
        assert "1800" in str(err) and "401" in str(err)
    with MilvusJobsClient(s.uri, token="root:wrong") as bad:
        with pytest.raises(UnauthenticatedError):
            bad.list_refresh_external_collection_jobs()
    with MilvusJobsClient(s.uri, token="root:Milvus") as good:
        assert good.list_import_jobs().jobs == []


def test_error_hierarchy() -> None:
    assert issubclass(NotFoundError, LookupError) and issubclass(NotFoundError, MilvusJobsError)
    assert issubclass(InvalidArgumentError, ValueError)
    assert issubclass(DeadlineExceededError, TimeoutError)
    assert issubclass(TransportError, ConnectionError) and issubclass(TlsError, TransportError)


def test_client_option_errors() -> None:
    with pytest.raises(InvalidArgumentError, match="uri"):
        MilvusJobsClient(None)
    with pytest.raises(InvalidArgumentError, match="ftp"):
        MilvusJobsClient("ftp://127.0.0.1:1")
    with pytest.raises(InvalidArgumentError):
        MilvusJobsClient("http://127.0.0.1:1", headers={"X-Bad": "a\r\nInjected: 1"})
    with pytest.raises(InvalidArgumentError, match="timeout"):
        MilvusJobsClient("http://127.0.0.1:1", timeout=-1)
    with pytest.raises(InvalidArgumentError):
        MilvusJobsClient(123)  # type: ignore[arg-type]


def test_all_client_options_are_accepted(server) -> None:  # type: ignore[no-untyped-def]
    with MilvusJobsClient(
        server.uri,
        token="anything",
        db_name="default",
        timeout=5,
        connect_timeout=2,
        tls_insecure_skip_verify=False,
        user_agent="milvus-jobs-python-test/1",
        headers={"X-Test": "1", "X-Other": "two"},
        max_attempts=2,
        retry_initial_backoff=0.01,
        retry_max_backoff=0.1,
        max_response_bytes=1 << 20,
        max_list_response_bytes=1 << 22,
    ) as c:
        assert isinstance(c.list_import_jobs().jobs, list)


def test_connection_refused_is_transport_error() -> None:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    with MilvusJobsClient(f"http://127.0.0.1:{port}", max_attempts=1) as c:
        with pytest.raises(TransportError) as e:
            c.get_refresh_external_collection_progress(1)
        assert e.value.http_status == 0 and e.value.server_code == 0
        assert "connect" in e.value.message


def test_tls_against_plain_http_server(server) -> None:  # type: ignore[no-untyped-def]
    https = server.uri.replace("http://", "https://")
    with MilvusJobsClient(https, max_attempts=1, timeout=5) as c:
        with pytest.raises((TlsError, TransportError)):
            c.list_import_jobs()
    with MilvusJobsClient(https, tls_ca_file="/nonexistent/ca.pem", max_attempts=1, timeout=5) as c:
        with pytest.raises(MilvusJobsError):
            c.list_import_jobs()


def test_timeout_against_silent_server(black_hole) -> None:  # type: ignore[no-untyped-def]
    with MilvusJobsClient(black_hole.uri, max_attempts=1) as c:
        t0 = time.monotonic()
        with pytest.raises(DeadlineExceededError) as e:
            c.get_import_progress("1", timeout=0.3)
        assert 0.25 < time.monotonic() - t0 < 5
        assert e.value.status == Status.TIMEOUT


def test_cancel_from_another_thread(black_hole) -> None:  # type: ignore[no-untyped-def]
    token = CancelToken()
    assert not token.cancelled
    with MilvusJobsClient(black_hole.uri, timeout=30) as c:
        threading.Timer(0.3, token.cancel).start()
        t0 = time.monotonic()
        with pytest.raises(CancelledError):
            c.list_import_jobs(cancel=token)
        assert time.monotonic() - t0 < 5
    assert token.cancelled
    with MilvusJobsClient(black_hole.uri, timeout=30) as c:
        with pytest.raises(CancelledError):  # a cancelled token stays cancelled
            c.get_refresh_external_collection_progress(5, cancel=token)


def test_closed_client_refuses_calls(server) -> None:  # type: ignore[no-untyped-def]
    c = MilvusJobsClient(server.uri)
    c.close()
    c.close()  # idempotent
    with pytest.raises(InvalidArgumentError, match="closed"):
        c.list_import_jobs()


def test_close_waits_for_calls_in_flight(black_hole) -> None:  # type: ignore[no-untyped-def]
    c = MilvusJobsClient(black_hole.uri, max_attempts=1)
    errors: list[BaseException] = []

    def call() -> None:
        try:
            c.list_import_jobs(timeout=0.5)
        except BaseException as e:
            errors.append(e)

    t = threading.Thread(target=call)
    t.start()
    time.sleep(0.1)
    c.close()  # must not free the handle under the running call
    t.join()
    assert len(errors) == 1 and isinstance(errors[0], DeadlineExceededError)
    assert c._handle is None


def test_library_not_found_message(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from milvus_jobs import _ffi

    monkeypatch.setattr(_ffi, "bundled_dirs", lambda: [tmp_path / "not-installed"])
    monkeypatch.setenv(_ffi.LIBRARY_ENV, str(tmp_path / "libnothing.so"))
    with pytest.raises(_ffi.LibraryNotFoundError, match="MILVUS_JOBS_LIBRARY") as e:
        _ffi._load()
    assert "pip install ./bindings/python" in str(e.value) and "not-installed" in str(e.value)


def test_retry_options_and_attempts(start_server) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidArgumentError, match="max_attempts"):
        MilvusJobsClient("http://127.0.0.1:1", max_attempts=1000)
    s = start_server("--token", "t")
    with MilvusJobsClient(s.uri) as c:
        with pytest.raises(UnauthenticatedError) as e:
            c.list_import_jobs()
        assert e.value.attempts == 1  # 401 is not retried
    with MilvusJobsClient(s.uri, token="t") as c:
        with pytest.raises(InvalidArgumentError) as before:
            c.get_import_progress("")
        assert before.value.attempts == 0
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with MilvusJobsClient(f"http://127.0.0.1:{port}", max_attempts=3, retry_initial_backoff=0.01,
                          retry_max_backoff=0.02) as c:
        with pytest.raises(TransportError) as t:
            c.list_import_jobs()
        assert t.value.attempts == 3
        with pytest.raises(TransportError) as once:
            c.list_import_jobs(max_attempts=1)
        assert once.value.attempts == 1


def test_faults_map_to_categories_and_reads_are_retried(start_server) -> None:  # type: ignore[no-untyped-def]
    from milvus_jobs import ProtocolError, RateLimitedError, ServerError

    s = start_server("--faults", "import/describe=503*2,import/list=429:0*0,external_collection/list=not-json*0,"
                     "external_collection/describe=500*0")
    with MilvusJobsClient(s.uri, retry_initial_backoff=0.01, retry_max_backoff=0.05) as c:
        job_id = c.bulk_import("quick_setup", [["import/rows.json"]])
        assert c.get_import_progress(job_id).job_id == job_id  # two 503s, then the answer
        with pytest.raises(RateLimitedError) as rl:
            c.list_import_jobs(max_attempts=3)
        assert rl.value.attempts == 3 and rl.value.http_status == 429 and rl.value.retriable
        with pytest.raises(ProtocolError):
            c.list_refresh_external_collection_jobs(max_attempts=1)
        with pytest.raises(ServerError) as se:
            c.get_refresh_external_collection_progress(1, max_attempts=1)
        assert se.value.http_status == 500 and se.value.attempts == 1


def test_tls_verification_ca_file_and_opt_out(start_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.fail("openssl is needed to make a test certificate (tools/bootstrap.sh installs it)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    s = start_server("--tls-cert", str(cert), "--tls-key", str(key))
    assert s.uri.startswith("https://")
    with MilvusJobsClient(s.uri, max_attempts=1) as c:
        with pytest.raises(TlsError) as e:
            c.list_import_jobs()
        assert e.value.category == "MJ_ETLS"
    with MilvusJobsClient(s.uri, tls_ca_file=str(cert)) as c:
        assert c.list_import_jobs().jobs == []
    with MilvusJobsClient(s.uri, tls_insecure_skip_verify=True) as c:
        assert c.list_refresh_external_collection_jobs() == []
    with MilvusJobsClient(s.uri, tls_ca_path=str(tmp_path), max_attempts=1) as c:
        with pytest.raises(TlsError):  # a directory without hashed names does not help
            c.list_import_jobs()
