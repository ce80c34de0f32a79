"""The package as pip installs it: the library inside it, and the lookup order
bundled -> MILVUS_JOBS_LIBRARY -> system."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import milvus_jobs
from milvus_jobs import _ffi


def test_the_installed_package_loads_its_bundled_library() -> None:
    # test.sh and the README install the package into the venv (pip install
    # ./bindings/python; an editable install keeps the library there too).
    milvus_jobs.library_version()
    origin, path = _ffi.loaded_from
    assert origin == "bundled", _ffi.loaded_from
    lib = Path(path).resolve()
    assert lib.name == "libmilvus_jobs.so.0" and lib.parent.name == "lib" and lib.parent.parent.name == "milvus_jobs"
    assert Path(sys.prefix).resolve() in lib.parents, f"{lib} is not in the venv {sys.prefix}"


def test_bundled_comes_before_the_environment_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "libmilvus_jobs.so.0").write_bytes(b"")
    monkeypatch.setattr(_ffi, "bundled_dirs", lambda: [tmp_path / "none", lib])
    monkeypatch.setenv(_ffi.LIBRARY_ENV, "/elsewhere/libmilvus_jobs.so")
    assert _ffi._candidates() == ([str(lib / "libmilvus_jobs.so.0")], "bundled")


def test_then_the_environment_variable_then_the_system(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(_ffi, "bundled_dirs", lambda: [tmp_path / "none"])
    monkeypatch.setenv(_ffi.LIBRARY_ENV, "/elsewhere/libmilvus_jobs.so")
    assert _ffi._candidates() == (["/elsewhere/libmilvus_jobs.so"], _ffi.LIBRARY_ENV)
    monkeypatch.delenv(_ffi.LIBRARY_ENV)
    names, origin = _ffi._candidates()
    assert origin == "system" and names[-2:] == ["libmilvus_jobs.so.0", "libmilvus_jobs.so"]


def test_the_environment_variable_loads_a_library_elsewhere(tmp_path: Path) -> None:
    """A copy of the package without its lib/ (as on PYTHONPATH) uses MILVUS_JOBS_LIBRARY."""
    pkg = Path(milvus_jobs.__file__).resolve().parent
    copy = tmp_path / "milvus_jobs"
    shutil.copytree(pkg, copy, ignore=shutil.ignore_patterns("lib", "__pycache__"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    milvus_jobs.library_version()
    shutil.copy(_ffi.loaded_from[1], elsewhere / "libmilvus_jobs.so")
    env = dict(os.environ, PYTHONPATH=str(tmp_path), MILVUS_JOBS_LIBRARY=str(elsewhere / "libmilvus_jobs.so"))
    code = "import milvus_jobs, milvus_jobs._ffi as f; milvus_jobs.library_version(); print(*f.loaded_from)"
    # -S: no site-packages, so only the copy (not the installed package) can be imported.
    out = subprocess.run([sys.executable, "-S", "-c", code], env=env, capture_output=True, text=True, timeout=60,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [_ffi.LIBRARY_ENV, str(elsewhere / "libmilvus_jobs.so")]
