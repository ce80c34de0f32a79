"""Fixtures: the dev server (MJ_DEVSERVER) started on port 0 over a temporary world."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Callable, Iterator, List, Optional, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[3]


DEVSERVER = "milvus-jobs-devserver"


def find_devserver() -> Tuple[str, str]:
    """The dev server binary and where it came from: MJ_DEVSERVER, else PATH,
    else this repository's build trees (build/, build-release/)."""
    env = os.environ.get("MJ_DEVSERVER")
    if env:
        return env, "MJ_DEVSERVER"
    on_path = shutil.which(DEVSERVER)
    if on_path:
        return on_path, "PATH"
    tried = []
    for build in ("build", "build-release", "build-release/prefix/bin"):
        for sub in ("tools/devserver/", ""):
            guess = ROOT / build / (sub + DEVSERVER)
            if guess.is_file() and os.access(guess, os.X_OK):
                return str(guess), f"the build tree ({build})"
            tried.append(str(guess))
    raise RuntimeError(
        f"no {DEVSERVER}: set MJ_DEVSERVER to its path, put it on PATH (tools/install.sh installs it), "
        "or build it in build/ or build-release/ (MJ_INSTALL_BUILD_DIR=$PWD/build-release tools/install.sh "
        "$PWD/build-release/prefix). Looked at: " + ", ".join(tried)
    )


_found: Optional[Tuple[str, str]] = None


def devserver_binary() -> str:
    global _found
    if _found is None:
        try:
            _found = find_devserver()
        except RuntimeError as e:
            pytest.fail(str(e))
    return _found[0]


def pytest_sessionstart(session: pytest.Session) -> None:
    # Printed also under -q (the report header is not).
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        for line in _which():
            reporter.write_line(line)


def _which() -> List[str]:
    try:
        path, origin = find_devserver()
        server = f"dev server: {path} (from {origin})"
    except RuntimeError as e:
        server = f"dev server: NOT FOUND: {e}"
    import milvus_jobs
    from milvus_jobs import _ffi

    try:
        milvus_jobs.library_version()
        origin, lib = _ffi.loaded_from
        library = f"libmilvus_jobs: {lib} ({origin})"
    except _ffi.LibraryNotFoundError as e:
        library = f"libmilvus_jobs: NOT FOUND: {e}"
    return [server, library, f"milvus_jobs package: {Path(milvus_jobs.__file__).parent}"]


def write_world(base: Path) -> Path:
    """A config and data tree like tests/integration/support.cpp write_sample_world."""

    def w(rel: str, content: str) -> None:
        p = base / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content)

    w("data/bucket/books/part-0.parquet", "p" * 1000)
    w("data/bucket/books/part-1.parquet", "p" * 2000)
    w("data/bucket/books/notes.txt", "not a data file")
    w("data/bucket/books_v2/a.parquet", "p" * 500)
    w("data/bucket/books_v2/b.parquet", "p" * 700)
    w("data/bucket/books_v2/c.parquet", "p" * 900)
    w("data/import/rows.json", '[{"id":1,"title":"a"},{"id":2,"title":"b"},{"id":3,"title":"c"}]')
    w("data/import/rows_wrapped.json", '{"rows":[{"id":4},{"id":5}]}')
    w("data/import/rows.csv", 'id,title\n1,plain\n2,"with, comma"\n3,"with\nnewline"\n4,last\n')
    w("data/import/broken.json", '[{"id":1},')
    config = {
        "collections": [
            {
                "name": "books_ext",
                "externalSource": "s3://bucket/books",
                "externalSpec": '{"format":"parquet"}',
            },
            {"name": "other_ext", "externalSource": "s3://bucket/books_v2", "externalSpec": '{"format":"parquet"}'},
            {"name": "lonely_ext", "externalSource": ""},
            {"name": "gone_ext", "externalSource": "s3://bucket/nowhere", "externalSpec": '{"format":"parquet"}'},
            {"name": "quick_setup"},
            {"name": "books"},
            {"dbName": "analytics", "name": "events"},
        ]
    }
    (base / "config.json").write_text(json.dumps(config))
    return base


class DevServer:
    def __init__(self, base: Path, *extra: str) -> None:
        self.base = base
        args = [
            devserver_binary(),
            "--port",
            "0",
            "--config",
            str(base / "config.json"),
            "--data-dir",
            str(base / "data"),
            *extra,
        ]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        prefix = "milvus-jobs-devserver listening on "
        if not line.startswith(prefix):
            self.proc.kill()
            _, err = self.proc.communicate()
            raise RuntimeError(f"dev server did not start: {line!r} {err}")
        self.uri = line[len(prefix) :]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for f in (self.proc.stdout, self.proc.stderr):
            if f:
                f.close()


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_world(tmp_path_factory.mktemp("world"))


@pytest.fixture(scope="session")
def server(world: Path) -> Iterator[DevServer]:
    s = DevServer(world)
    yield s
    s.stop()


@pytest.fixture()
def start_server(tmp_path: Path) -> Iterator[Callable[..., DevServer]]:
    """Starts a dedicated dev server with extra flags over a fresh world."""
    started: List[DevServer] = []

    def start(*extra: str) -> DevServer:
        base = tmp_path / f"world{len(started)}"
        write_world(base)
        s = DevServer(base, *extra)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


@pytest.fixture()
def client(server: DevServer) -> Iterator["object"]:
    from milvus_jobs import MilvusJobsClient

    c = MilvusJobsClient(server.uri, timeout=10)
    yield c
    c.close()


class BlackHole:
    """A listening socket that accepts connections (kernel backlog) and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.uri = f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def close(self) -> None:
        self.sock.close()


@pytest.fixture()
def black_hole() -> Iterator[BlackHole]:
    b = BlackHole()
    yield b
    b.close()


def eventually(check: Callable[[], bool], timeout: float = 15.0, every: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return check()
