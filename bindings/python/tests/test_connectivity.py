"""Production connectivity from Python: mutual TLS, a proxy (tinyproxy on
loopback), the `logging` module as the log hook, stats(), and per-call
headers (a traceparent seen in the dev server's request log)."""

from __future__ import annotations

import json
import logging
import shutil
import signal
import socket
import subprocess
from pathlib import Path
from typing import Callable, Iterator, List

import pytest

from conftest import DevServer, eventually
from milvus_jobs import ClientStats, MilvusJobsClient, NotFoundError, TlsError, TransportError


def _run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CA, a server certificate for 127.0.0.1, a client certificate, one from another CA."""
    d = tmp_path_factory.mktemp("pki")
    for ca in ("ca", "other-ca"):
        _run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={ca}",
             "-keyout", str(d / f"{ca}.key"), "-out", str(d / f"{ca}.pem"))
    (d / "server.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:milvus.test\n")
    (d / "client.ext").write_text("extendedKeyUsage=clientAuth\n")
    for name, ca, ext in (("server", "ca", "server.ext"), ("client", "ca", "client.ext"),
                          ("stranger", "other-ca", "client.ext")):
        _run("openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}",
             "-keyout", str(d / f"{name}.key"), "-out", str(d / f"{name}.csr"))
        _run("openssl", "x509", "-req", "-in", str(d / f"{name}.csr"), "-CA", str(d / f"{ca}.pem"),
             "-CAkey", str(d / f"{ca}.key"), "-CAcreateserial", "-days", "2", "-extfile", str(d / ext),
             "-out", str(d / f"{name}.pem"))
    _run("openssl", "pkey", "-in", str(d / "client.key"), "-aes256", "-passout", "pass:py-key-pass",
         "-out", str(d / "client-enc.key"))
    return d


def test_mutual_tls_keyword_arguments(start_server: Callable[..., DevServer], pki: Path) -> None:
    s = start_server("--tls-cert", str(pki / "server.pem"), "--tls-key", str(pki / "server.key"),
                     "--tls-client-ca", str(pki / "ca.pem"))
    common = dict(tls_ca_file=str(pki / "ca.pem"), timeout=10, logger=False)
    with MilvusJobsClient(s.uri, tls_client_cert_file=str(pki / "client.pem"),
                          tls_client_key_file=str(pki / "client-enc.key"), tls_client_key_password="py-key-pass",
                          tls_server_name="milvus.test", **common) as c:  # type: ignore[arg-type]
        c.list_import_jobs()
    with MilvusJobsClient(s.uri, **common) as c:  # type: ignore[arg-type]
        with pytest.raises(TlsError, match="requires a client certificate"):
            c.list_import_jobs()
    with MilvusJobsClient(s.uri, tls_client_cert_file=str(pki / "stranger.pem"),
                          tls_client_key_file=str(pki / "stranger.key"), **common) as c:  # type: ignore[arg-type]
        with pytest.raises(TlsError, match="refused the client certificate"):
            c.list_import_jobs()
    with MilvusJobsClient(s.uri, tls_client_cert_file=str(pki / "client.pem"),
                          tls_client_key_file=str(pki / "client.key"), tls_server_name="other.test",
                          **common) as c:  # type: ignore[arg-type]
        with pytest.raises(TlsError, match="does not name"):
            c.list_import_jobs()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def tinyproxy(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Starts tinyproxy on loopback with extra config lines; returns its URL."""
    assert shutil.which("tinyproxy"), "tinyproxy is not installed: run tools/bootstrap.sh"
    procs: List[subprocess.Popen[bytes]] = []

    def start(rules: str) -> str:
        port = _free_port()
        conf = tmp_path / f"tinyproxy{len(procs)}.conf"
        conf.write_text(f"Port {port}\nListen 127.0.0.1\nTimeout 30\nMaxClients 16\nLogLevel Info\n"
                        f"LogFile \"{tmp_path}/tinyproxy{len(procs)}.log\"\n{rules}")
        procs.append(subprocess.Popen(["tinyproxy", "-d", "-c", str(conf)]))

        def up() -> bool:
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", port)) == 0

        assert eventually(up, 10)
        return f"127.0.0.1:{port}"

    yield start
    for p in procs:
        p.send_signal(signal.SIGTERM)
        p.wait(10)


def test_proxy_keyword_arguments(server: DevServer, tinyproxy: Callable[[str], str]) -> None:
    open_proxy = tinyproxy("Allow 127.0.0.1\nBasicAuth py s3cret-py-proxy\n")
    with MilvusJobsClient(server.uri, proxy=f"http://py:s3cret-py-proxy@{open_proxy}", logger=False) as c:
        c.list_import_jobs()
    with MilvusJobsClient(server.uri, proxy=f"http://py:wrong-py-proxy@{open_proxy}", logger=False) as c:
        with pytest.raises(TransportError) as e:
            c.list_import_jobs()
        assert "wants credentials" in str(e.value) and "wrong-py-proxy" not in str(e.value)
    # no_proxy wins over the proxy for the hosts it names.
    with MilvusJobsClient(server.uri, proxy=f"http://py:wrong-py-proxy@{open_proxy}", no_proxy="127.0.0.1",
                          logger=False) as c:
        c.list_import_jobs()


def test_logging_module_receives_records_without_secrets(
    server: DevServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="milvus_jobs")
    with MilvusJobsClient(server.uri, token="root:py-t0ken-secret", timeout=10) as c:
        c.list_import_jobs()
        with pytest.raises(NotFoundError):
            c.get_import_progress("987654321")
    records = [r for r in caplog.records if r.name == "milvus_jobs"]
    assert any(r.levelno == logging.INFO and getattr(r, "mj_event") == "request" for r in records), records
    failed = [r for r in records if getattr(r, "mj_event") == "failed"]
    assert failed and failed[0].levelno == logging.ERROR
    assert getattr(failed[0], "mj_request_id").startswith("mj-")
    assert any(getattr(r, "mj_event") == "connection" for r in records)
    for r in records:
        assert "py-t0ken-secret" not in r.getMessage()
        assert r.mj_route.startswith("/v2/vectordb/jobs/")  # type: ignore[attr-defined]


def test_logger_level_at_creation_decides_and_false_disables(
    server: DevServer, caplog: pytest.LogCaptureFixture
) -> None:
    log = logging.getLogger("milvus_jobs.quiet")
    log.setLevel(logging.ERROR)
    caplog.set_level(logging.DEBUG, logger="milvus_jobs.other")
    with MilvusJobsClient(server.uri, logger=log) as c:
        c.list_import_jobs()
    with MilvusJobsClient(server.uri, logger=False) as c:
        c.list_import_jobs()
    with MilvusJobsClient(server.uri, logger="milvus_jobs.other") as c:
        c.list_import_jobs()
    names = [r.name for r in caplog.records]
    assert "milvus_jobs.quiet" not in names
    assert names.count("milvus_jobs.other") >= 1


def test_stats_and_per_call_headers(start_server: Callable[..., DevServer], tmp_path: Path) -> None:
    log_file = tmp_path / "requests.log"
    s = start_server("--request-log", str(log_file))
    with MilvusJobsClient(s.uri, logger=False) as c:
        assert c.stats().requests == 0
        job = c.bulk_import("quick_setup", [["import/rows.json"]])
        trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        c.get_import_progress(job, headers={"traceparent": trace})
        c.list_import_jobs(headers={"traceparent": trace})
        with pytest.raises(NotFoundError):
            c.get_import_progress("55555555")
        st = c.stats()
        assert isinstance(st, ClientStats)
        assert st.requests == 4 and st.attempts == 4 and st.retries == 0
        assert st.answers == {"MJ_OK": 3, "MJ_ENOT_FOUND": 1}
        assert st.bytes_sent > 0 and st.bytes_received > 0
        assert st.connections_opened + st.connections_reused == 4
    lines = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert [line["traceparent"] for line in lines].count(trace) == 2, lines
