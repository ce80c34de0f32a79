"""Runners of our own bindings (peer 6) for bench/peers/harness.py.

prepare(lang, ctx) returns (command, extra environment) of a runner that
speaks the protocol of bench_common.h, or raises NotAvailable when
bindings/<lang> is not on this branch or its runner cannot be built here.

The Go, Rust and Node bindings run against the library installed into
build/bench/stage (cmake --install), found the way each binding documents:
pkg-config (PKG_CONFIG_PATH) at build time, LD_LIBRARY_PATH at run time. The
Python binding is installed the way its README says (pip install
./bindings/python into a venv: it builds its extension module and bundles its
own build of the library). Builds go to build/bench/, never into the source
tree.
"""

import os
import shutil
import sys

from harness import HERE, ROOT, NotAvailable, log, run_quiet


def _binding_dir(lang, marker):
    d = os.path.join(ROOT, "bindings", lang)
    if not os.path.exists(os.path.join(d, marker)):
        raise NotAvailable(f"bindings/{lang} is not on this branch")
    return d


def _stage_env(ctx):
    stage = ctx.stage()
    lib = os.path.join(stage, "lib")
    env = {
        "PKG_CONFIG_PATH": os.path.join(lib, "pkgconfig"),
        "LD_LIBRARY_PATH": lib + (":" + os.environ["LD_LIBRARY_PATH"] if os.environ.get("LD_LIBRARY_PATH") else ""),
    }
    return stage, env


def _go(ctx):
    _binding_dir("go", "go.mod")
    go = shutil.which("go")
    if not go:
        raise NotAvailable("go not found")
    _, env = _stage_env(ctx)
    out = os.path.join(ctx.work, "go-binding-bench")
    full = ctx.go_env()
    full.update(env)
    log("go build (Go binding) ...")
    run_quiet([go, "build", "-o", out, "."], cwd=os.path.join(HERE, "go-binding"), env=full)
    return [out], {"LD_LIBRARY_PATH": env["LD_LIBRARY_PATH"]}


def _rust(ctx):
    _binding_dir("rust", "Cargo.toml")
    cargo = shutil.which("cargo")
    if not cargo:
        raise NotAvailable("cargo not found")
    _, env = _stage_env(ctx)
    target = os.path.join(ctx.work, "rust-target")
    full = dict(os.environ)
    full.update(env)
    full["CARGO_TARGET_DIR"] = target
    log("cargo build --release (Rust binding) ...")
    run_quiet([cargo, "build", "--release", "--quiet"], cwd=os.path.join(HERE, "rust-binding"), env=full)
    return [os.path.join(target, "release", "milvus-jobs-bench")], {"LD_LIBRARY_PATH": env["LD_LIBRARY_PATH"]}


def _node(ctx):
    src = _binding_dir("node", "package.json")
    node = shutil.which("node")
    npm = shutil.which("npm")
    if not node or not npm:
        raise NotAvailable("node or npm not found")
    prebuilt = os.environ.get("MJ_BENCH_NODE_PACKAGE")
    if prebuilt:
        # A package built elsewhere (e.g. an older commit's, for a before/after
        # comparison): its directory, with build/Release/milvus_jobs_node.node.
        if not os.path.exists(os.path.join(prebuilt, "build", "Release", "milvus_jobs_node.node")):
            raise NotAvailable(f"MJ_BENCH_NODE_PACKAGE={prebuilt} holds no built addon")
        log(f"Node binding: the package in {prebuilt} (MJ_BENCH_NODE_PACKAGE)")
        return [node, os.path.join(HERE, "node", "bench.js"), "--client", "binding"], {"MJ_NODE_BINDING": prebuilt}
    _, env = _stage_env(ctx)
    d = os.path.join(ctx.work, "node-binding")
    # A copy of the package (sources, manifest, lock), built there.
    if os.path.isdir(d):
        shutil.rmtree(d)
    shutil.copytree(src, d, ignore=shutil.ignore_patterns("node_modules", "build", "test", "native"))
    # The addon compiles the core in: give the copy the core's sources, as
    # `npm pack` does (native/include, native/src).
    for part in ("include", "src"):
        shutil.copytree(os.path.join(ROOT, part), os.path.join(d, "native", part))
    nodedir = os.path.dirname(os.path.dirname(os.path.realpath(node)))
    full = dict(os.environ)
    full.update(env)
    if "CXX" not in full and shutil.which("ccache"):
        # The addon compiles the whole core: reuse the objects of the last run.
        full.update({"CC": "ccache gcc", "CXX": "ccache g++", "CCACHE_BASEDIR": ctx.work})
    log("npm ci + node-gyp rebuild (Node binding) ...")
    run_quiet([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=d, env=full)
    # Build against the installed Node's headers; never download them.
    full.update({"npm_config_nodedir": nodedir, "http_proxy": "http://127.0.0.1:9",
                 "https_proxy": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
                 "HTTPS_PROXY": "http://127.0.0.1:9"})
    gyp = os.path.join(d, "node_modules", "node-gyp", "bin", "node-gyp.js")
    if not os.path.exists(gyp):
        raise NotAvailable("node-gyp is not among the Node binding's devDependencies")
    run_quiet([node, gyp, "rebuild", f"--nodedir={nodedir}", "--jobs", "2", "--loglevel=warn"], cwd=d, env=full)
    return [node, os.path.join(HERE, "node", "bench.js"), "--client", "binding"], {
        "MJ_NODE_BINDING": d, "LD_LIBRARY_PATH": env["LD_LIBRARY_PATH"]}


def _python(ctx):
    # The package the README way, `pip install ./bindings/python`: it builds
    # its extension module (milvus_jobs._native) and bundles its own build of
    # the library (Release, the same sources), so it runs without the stage.
    d = _binding_dir("python", os.path.join("src", "milvus_jobs", "__init__.py"))
    venv = os.path.join(ctx.work, "binding-python-venv")
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        log("python3 -m venv build/bench/binding-python-venv ...")
        run_quiet([sys.executable, "-m", "venv", venv])
    full = dict(os.environ)
    full["PIP_CONSTRAINT"] = os.path.join(d, "build-constraints.txt")
    for var in ("CMAKE_C_COMPILER_LAUNCHER", "CMAKE_CXX_COMPILER_LAUNCHER"):
        if shutil.which("ccache"):
            full.setdefault(var, "ccache")
    log("pip install ./bindings/python (Python binding) ...")
    run_quiet([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--force-reinstall",
               "--no-deps", "--config-settings=build-dir=" + os.path.join(ctx.work, "binding-python-build"), d],
              env=full)
    clean = {k: v for k, v in os.environ.items() if k not in ("MILVUS_JOBS_LIBRARY", "PYTHONPATH")}
    run_quiet([py, "-c", "import milvus_jobs; milvus_jobs.MilvusJobsClient"], env=clean)
    return [py, os.path.join(HERE, "py_bench.py"), "--client", "binding"], {}


def prepare(lang, ctx):
    return {"go": _go, "rust": _rust, "node": _node, "python": _python}[lang](ctx)
