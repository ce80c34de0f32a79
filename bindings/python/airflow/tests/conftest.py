"""Airflow with SQLite metadata in a temporary AIRFLOW_HOME, and the dev server.

The environment is set before anything imports airflow (it reads its
configuration on import). The DAGs folder holds copies of tests/dags/*.py and
example_dags/*.py, as a deployment would.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, Iterator, List

import pytest

HERE = Path(__file__).resolve().parent
PROVIDER = HERE.parent
HOME = Path(tempfile.mkdtemp(prefix="mj-airflow-home-"))
DAGS = HOME / "dags"
DAGS.mkdir()
for src in list((HERE / "dags").glob("*.py")) + list((PROVIDER / "example_dags").glob("*.py")):
    shutil.copy(src, DAGS / src.name)

os.environ.update(
    {
        "AIRFLOW_HOME": str(HOME),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{HOME / 'airflow.db'}",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING",
    }
)

# The dev server helpers of the package's own tests (bindings/python/tests/conftest.py).
_spec = importlib.util.spec_from_file_location("mj_devserver_support", PROVIDER.parent / "tests" / "conftest.py")
assert _spec is not None and _spec.loader is not None
support = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(support)


def pytest_sessionstart(session: pytest.Session) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    t0 = time.monotonic()
    subprocess.run(
        [str(Path(sys.executable).parent / "airflow"), "db", "migrate"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    if reporter is not None:
        import airflow

        for line in support._which():
            reporter.write_line(line)
        reporter.write_line(
            f"airflow {airflow.__version__}, AIRFLOW_HOME {HOME}, db migrate took {time.monotonic() - t0:.1f} s"
        )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    world = support.write_world(tmp_path_factory.mktemp("world"))
    s = support.DevServer(world, "--work-delay-ms", "20", "--http-threads", "40")
    os.environ["AIRFLOW_CONN_MILVUS_JOBS_DEFAULT"] = json.dumps(
        {"conn_type": "milvus_jobs", "host": s.uri, "extra": {"timeout": 10}}
    )
    yield s
    s.stop()


def load_dags(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, DAGS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def failures() -> List[Dict[str, str]]:
    path = HOME / "failures.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]
