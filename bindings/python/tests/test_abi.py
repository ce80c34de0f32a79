"""The ctypes declarations against the header: layouts, symbols, version."""

from __future__ import annotations

import ctypes
import platform
import struct

import pytest

from conftest import ROOT

import milvus_jobs
from milvus_jobs import _ffi


def _layout() -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for line in (ROOT / "tests" / "abi" / "layout.lp64.txt").read_text().splitlines():
        if line.strip():
            name, off, size = line.split()
            out[name] = (int(off), int(size))
    return out


@pytest.mark.skipif(
    struct.calcsize("P") != 8 or platform.system() == "Windows", reason="layout.lp64.txt is for LP64"
)
def test_struct_layouts_match_the_header() -> None:
    layout = _layout()
    structs = {k for k in layout if "." not in k}
    assert structs == set(_ffi.STRUCTS), "a struct of the header is missing or extra in _ffi.STRUCTS"
    for cname, cls in _ffi.STRUCTS.items():
        assert ctypes.sizeof(cls) == layout[cname][1], cname
        fields = [f[0] for f in cls._fields_]
        expected = [k.split(".", 1)[1] for k in layout if k.startswith(cname + ".")]
        assert fields == expected, cname
        for f in fields:
            off, size = layout[f"{cname}.{f}"]
            desc = getattr(cls, f)
            assert (desc.offset, desc.size) == (off, size), f"{cname}.{f}"


def test_every_exported_function_is_declared() -> None:
    exported = {
        line.split()[0]
        for line in (ROOT / "abi" / "symbols.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    declared = {name for name, _, _ in _ffi.FUNCTIONS}
    assert declared == exported


def test_library_version_matches_header() -> None:
    assert _ffi.lib().mj_version_number() >= _ffi.HEADER_VERSION_NUMBER
    assert milvus_jobs.library_version().startswith("0.")
    header = (ROOT / "include" / "milvus_jobs.h").read_text()
    assert f"#define MJ_VERSION_NUMBER {_ffi.HEADER_VERSION_NUMBER}\n" in header


def test_status_names_and_error_classes() -> None:
    for st in milvus_jobs.Status:
        name = milvus_jobs.status_name(st)
        assert name.replace("MJ_E", "").replace("MJ_", "") == st.name.replace("_", "") or name.startswith("MJ_")
        assert milvus_jobs.status_description(st)
    assert milvus_jobs.status_name(milvus_jobs.Status.NOT_FOUND) == "MJ_ENOT_FOUND"
    assert milvus_jobs.status_name(999) == "MJ_E?"


def test_init_functions_set_struct_size() -> None:
    for cname, cls in _ffi.STRUCTS.items():
        init = cname + "_init"
        if cname in ("mj_refresh_job", "mj_refresh_job_list", "mj_import_file", "mj_import_job",
                     "mj_import_job_list", "mj_watch_event"):
            continue
        s = _ffi.init(cls(), init)
        assert s.struct_size == ctypes.sizeof(cls)
