"""Ctrl-C (a real SIGINT) and any signal handler that raises stop every
blocking call and every wait within 250 ms, with or without a callback; the
KeyboardInterrupt propagates and the wait stops polling.

Each case runs in a child process (a real main thread with Python's own SIGINT
handler): the child prints READY just before the blocking call, the test sends
SIGINT half a second later, and the child prints the monotonic time at which the
KeyboardInterrupt reached its `except` (CLOCK_MONOTONIC is system-wide, so the
two clocks compare). The latencies are printed (pytest -s shows them).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, Dict, List

import pytest

from conftest import BlackHole, DevServer

LIMIT = 0.250

CHILD = r'''
import signal, sys, time
from milvus_jobs import MilvusJobsClient

uri, mode, job, trigger = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
kind, job = job.split(":", 1)  # "import:<id>" or "refresh:<id>"
client = MilvusJobsClient(uri, timeout=120, max_attempts=1)
seen = []
on_progress = seen.append if mode.endswith("_cb") else None


def run():
    if mode.startswith("wait_import"):
        client.wait_for_import(job, on_progress=on_progress, timeout=300, initial_interval=0.05, max_interval=0.1)
    elif mode.startswith("wait_refresh"):
        client.wait_for_refresh(int(job), on_progress=on_progress, timeout=300, initial_interval=0.05,
                                max_interval=0.1)
    elif mode == "get_import_progress":
        client.get_import_progress(job)
    elif mode == "get_refresh_progress":
        client.get_refresh_external_collection_progress(int(job))
    elif mode == "list_import_jobs":
        client.list_import_jobs()
    elif mode == "bulk_import":
        client.bulk_import("books", files=[["import/rows.json"]])
    elif mode.startswith("watcher"):
        w = client.watcher(interval=0.05)
        if kind == "refresh":
            w.add_refresh(int(job))
        else:
            w.add_import(job)
        if mode == "watcher_run":
            w.run(lambda ev: seen.append(ev))
        else:
            for ev in w.events():
                seen.append(ev)
    else:
        raise SystemExit("unknown mode " + mode)


if trigger == "alarm":
    class Alarm(Exception):
        pass

    def on_alarm(signum, frame):
        raise Alarm()

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    fired = time.monotonic() + 1.0
    try:
        run()
        print("RETURNED", flush=True)
    except Alarm:
        print("ALARM", time.monotonic() - fired, flush=True)
    sys.exit(0)

print("READY", flush=True)
try:
    run()
    print("RETURNED", flush=True)
except KeyboardInterrupt:
    print("INTERRUPTED", repr(time.monotonic()), flush=True)
'''


def _stats(uri: str) -> Dict[str, Any]:
    req = urllib.request.Request(uri + "/_devserver/stats", data=b"{}", method="POST")
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read())["data"]  # type: ignore[no-any-return]


def _requests(uri: str) -> int:
    return sum(_stats(uri)["requests"].values())


def _interrupt(tmp_path: Path, uri: str, mode: str, job: str, server: DevServer | None = None) -> float:
    """Runs the child, sends SIGINT 0.5 s after READY, returns the latency (s)."""
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    proc = subprocess.Popen(
        [sys.executable, str(script), uri, mode, job, "sigint"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "READY"
        time.sleep(0.5)
        assert proc.poll() is None, "the call ended before the interrupt: " + proc.communicate()[1]
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        line = proc.stdout.readline().split()
        after = _requests(uri) if server is not None else 0
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert line and line[0] == "INTERRUPTED", f"{mode}: {line} {out} {err}"
    assert "Exception ignored" not in err, err
    assert proc.returncode == 0, err
    latency = float(line[1]) - sent
    print(f"\n{mode}: SIGINT -> KeyboardInterrupt in {latency * 1000:.1f} ms")
    if server is not None:
        # The wait stopped polling: no request reaches the server afterwards.
        time.sleep(0.5)
        assert _requests(uri) == after, f"{mode}: requests went on after the interrupt"
    assert 0 <= latency < LIMIT, f"{mode}: {latency * 1000:.0f} ms"
    return latency


@pytest.fixture()
def slow(start_server: Any) -> DevServer:
    """A dev server whose jobs take minutes (5 s per unit of work)."""
    return start_server("--work-delay-ms", "5000")  # type: ignore[no-any-return]


@pytest.mark.parametrize("mode", ["wait_import", "wait_import_cb", "watcher_run", "watcher_next"])
def test_sigint_stops_import_waits(tmp_path: Path, slow: DevServer, mode: str) -> None:
    from milvus_jobs import ImportState, MilvusJobsClient

    with MilvusJobsClient(slow.uri) as c:
        job = c.bulk_import("books", files=[["import/rows.json"]])
        _interrupt(tmp_path, slow.uri, mode, "import:" + job, slow)
        assert not c.get_import_progress(job).is_terminal
        assert c.get_import_progress(job).state is not ImportState.COMPLETED


@pytest.mark.parametrize("mode", ["wait_refresh", "wait_refresh_cb", "watcher_run"])
def test_sigint_stops_refresh_waits(tmp_path: Path, slow: DevServer, mode: str) -> None:
    from milvus_jobs import MilvusJobsClient

    with MilvusJobsClient(slow.uri) as c:
        job = c.refresh_external_collection("books_ext")
        _interrupt(tmp_path, slow.uri, mode, f"refresh:{job}", slow)


@pytest.mark.parametrize(
    "mode", ["get_import_progress", "get_refresh_progress", "list_import_jobs", "bulk_import", "wait_import",
             "wait_import_cb", "watcher_next"]
)
def test_sigint_stops_calls_to_a_server_that_never_answers(tmp_path: Path, black_hole: BlackHole, mode: str) -> None:
    kind = "refresh" if "refresh" in mode else "import"
    _interrupt(tmp_path, black_hole.uri, mode, f"{kind}:449012345678901234", None)


@pytest.mark.parametrize("mode", ["get_import_progress", "wait_refresh_cb"])
def test_sigint_stops_a_call_the_dev_server_delays(tmp_path: Path, start_server: Any, mode: str) -> None:
    from milvus_jobs import MilvusJobsClient

    s = start_server("--work-delay-ms", "5000")
    with MilvusJobsClient(s.uri) as c:
        if "refresh" in mode:
            job = f"refresh:{c.refresh_external_collection('books_ext')}"
        else:
            job = "import:" + c.bulk_import("books", files=[["import/rows.json"]])
    body = json.dumps({"spec": "*=delay:120000*0"}).encode()
    urllib.request.urlopen(urllib.request.Request(s.uri + "/_devserver/faults", data=body, method="POST"), timeout=5)
    _interrupt(tmp_path, s.uri, mode, job, None)


@pytest.mark.parametrize("mode", ["wait_import_cb", "get_import_progress", "watcher_run"])
def test_any_signal_handler_that_raises_stops_the_call(tmp_path: Path, black_hole: BlackHole, slow: DevServer,
                                                       mode: str) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    if mode == "get_import_progress":
        uri, job = black_hole.uri, "import:449012345678901234"
    else:
        from milvus_jobs import MilvusJobsClient

        with MilvusJobsClient(slow.uri) as c:
            uri, job = slow.uri, "import:" + c.bulk_import("books", files=[["import/rows.json"]])
    out = subprocess.run([sys.executable, str(script), uri, mode, job, "alarm"], capture_output=True, text=True,
                         timeout=60)
    words: List[str] = out.stdout.split()
    assert words and words[0] == "ALARM", out.stdout + out.stderr
    assert "Exception ignored" not in out.stderr, out.stderr
    print(f"\n{mode}: SIGALRM handler's exception in {float(words[1]) * 1000:.1f} ms")
    assert float(words[1]) < LIMIT
