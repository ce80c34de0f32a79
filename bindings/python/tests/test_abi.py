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
        assert name == ("MJ_OK" if st == 0 else "MJ_E" + st.name)
        assert milvus_jobs.status_description(st)
        if st != 0:
            from milvus_jobs._errors import error_class

            assert error_class(st) is not milvus_jobs.MilvusJobsError, name
    assert milvus_jobs.status_name(milvus_jobs.Status.NOT_FOUND) == "MJ_ENOT_FOUND"
    assert milvus_jobs.status_name(999) == "MJ_E?"


def test_init_functions_set_struct_size() -> None:
    for cname, cls in _ffi.STRUCTS.items():
        init = cname + "_init"
        if cname in ("mj_refresh_job", "mj_refresh_job_list", "mj_import_file", "mj_import_job",
                     "mj_import_job_list", "mj_watch_event", "mj_snapshot_job", "mj_snapshot_job_list",
                     "mj_log_record", "mj_client_stats", "mj_create_outcome", "mj_async_result"):
            continue
        s = _ffi.init(cls(), init)
        assert s.struct_size == ctypes.sizeof(cls)


def _cdef() -> str:
    import shutil
    import subprocess

    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        pytest.fail("no C preprocessor (cc) to expand the header with -DMJ_FFI_CDEF: install gcc")
    header = ROOT / "include" / "milvus_jobs.h"
    return subprocess.run([cc, "-E", "-P", "-DMJ_FFI_CDEF", str(header)], check=True,
                          capture_output=True, text=True).stdout


def _kind(c_type: str) -> str:
    t = " ".join(c_type.replace("const", " ").split())
    if "*" in t:
        return "pointer"
    if t.endswith("_fn"):
        return "pointer"
    return {
        "int64_t": "int64", "int32_t": "int32", "uint32_t": "uint32", "uint64_t": "uint64", "size_t": "size",
        "int": "int32", "mj_status": "int32", "void": "void",  # c_int is c_int32 here
    }[t]


def _ctypes_kind(t: object) -> str:
    if t is None:
        return "void"
    for ct, k in ((ctypes.c_int64, "int64"), (ctypes.c_int32, "int32"), (ctypes.c_uint32, "uint32"),
                  (ctypes.c_size_t, "size"), (ctypes.c_uint64, "uint64")):
        if t is ct:
            return k
    return "pointer"


def _same_kind(c_kind: str, py_kind: str) -> bool:
    # On LP64 ctypes.c_uint64 *is* ctypes.c_size_t (both c_ulong): a uint64_t
    # argument declared c_uint64 reads back as "size".
    if {c_kind, py_kind} == {"size", "uint64"}:
        return ctypes.c_uint64 is ctypes.c_size_t
    return c_kind == py_kind


def test_function_signatures_match_the_cdef() -> None:
    import re

    text = " ".join(_cdef().split())
    decls = {}
    for chunk in text.split(";"):
        chunk = re.split(r"[{}]", chunk)[-1].strip()
        m = re.fullmatch(r"([A-Za-z_][\w\s\*]*?[\s\*])(mj_\w+)\s*\(([^()]*)\)", chunk)
        if m is None or m.group(1).strip().startswith("typedef"):
            continue
        ret, name, params = m.group(1), m.group(2), m.group(3).strip()
        plist = [] if params in ("", "void") else [p.strip() for p in params.split(",")]
        # Drop each parameter's name, the last identifier.
        kinds = [_kind(re.sub(r"\b\w+$", "", p)) for p in plist]
        decls[name] = (_kind(ret), kinds)
    declared = {name: (res, args) for name, res, args in _ffi.FUNCTIONS}
    assert set(decls) == set(declared)
    for name, (ret, kinds) in decls.items():
        res, args = declared[name]
        assert _ctypes_kind(res) == ret or (ret == "pointer" and res is ctypes.c_char_p), name
        got = [_ctypes_kind(a) for a in args]
        same = len(got) == len(kinds) and all(_same_kind(c, p) for c, p in zip(kinds, got))
        assert same, (name, kinds, got)
