"""The example runs, against the dev server on the repository's sample data."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, DevServer

HERE = Path(__file__).resolve().parents[1]


def test_jobs_demo_runs(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "data" / "devserver", tmp_path / "world")
    s = DevServer(tmp_path / "world", "--work-delay-ms", "20")
    try:
        # The example runs as a user runs it: with the installed package.
        out = subprocess.run(
            [sys.executable, str(HERE / "examples" / "jobs_demo.py"), s.uri],
            capture_output=True, text=True, timeout=120,
        )
    finally:
        s.stop()
    assert out.returncode == 0, out.stderr + out.stdout
    assert "COMPLETED   100%  rows 7/7" in out.stdout
    assert "refresh of books_ext from s3://bucket/books took" in out.stdout
