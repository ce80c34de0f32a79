#!/usr/bin/env python3
"""bench/peers harness: this library against its peers, in one run.

bench/run.sh builds what is needed and calls this script; see bench/README.md.
Python standard library only (the peers' packages live in build/bench/).

It starts one milvus-jobs-devserver on a copy of the sample world, creates one
import job and one refresh job (c_bench setup), and then runs every peer as a
child process, one process per (peer, operation, concurrency), each speaking
the protocol of bench_common.h. CPU time per call comes from the child
(getrusage over its measured phase), the peak RSS from wait4() on the child.
Every figure is also given as a ratio to peer (1), the library from C.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

PYMILVUS_VERSION = "3.0.2"
NODE_SDK_VERSION = "3.0.6"
GO_SDK_VERSION = "v2.6.2"


class NotAvailable(Exception):
    """A peer that cannot run here; the message says why."""


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def run_quiet(cmd, cwd=None, env=None, timeout=1800):
    """Runs a preparation step; raises NotAvailable with its last output lines."""
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, check=False)
    except FileNotFoundError as e:
        raise NotAvailable(f"{cmd[0]} not found") from e
    except subprocess.TimeoutExpired as e:
        raise NotAvailable(f"{' '.join(cmd[:3])} timed out") from e
    if p.returncode != 0:
        tail = " | ".join(p.stdout.decode(errors="replace").strip().splitlines()[-3:])
        raise NotAvailable(f"`{' '.join(cmd[:3])}` failed: {tail[:300]}")
    return p.stdout.decode(errors="replace")


# ---------------------------------------------------------------- peers

class Peer:
    """One column of the table: how to prepare it and the command of a run."""

    def __init__(self, key, label, ops=("import", "refresh"), note=""):
        self.key = key
        self.label = label
        self.ops = ops
        self.note = note
        self.cmd = None
        self.env = None
        self.cwd = None
        self.unavailable = None

    def prepare(self, ctx):  # sets cmd/env, or raises NotAvailable
        raise NotImplementedError


class CPeer(Peer):
    def __init__(self, key, label, binary, note=""):
        super().__init__(key, label, note=note)
        self.binary = binary

    def prepare(self, ctx):
        path = os.path.join(ctx.bench_bin, self.binary)
        if not os.access(path, os.X_OK):
            raise NotAvailable(f"{path} not built (tools/build.sh)")
        self.cmd = [path]


class PymilvusPeer(Peer):
    def __init__(self):
        super().__init__("pymilvus", f"(3) pymilvus {PYMILVUS_VERSION} bulk_writer.get_import_progress",
                         ops=("import",), note="no refresh helper in pymilvus")

    def prepare(self, ctx):
        py = ctx.venv_python()
        run_quiet([py, "-c", "import pymilvus.bulk_writer"])
        self.cmd = [py, os.path.join(HERE, "py_bench.py"), "--client", "pymilvus"]


class NodeSdkPeer(Peer):
    def __init__(self):
        super().__init__("node-sdk", f"(4) Node SDK {NODE_SDK_VERSION} HttpClient.getImportJobProgress",
                         ops=("import",), note="no refresh call in the SDK")

    def prepare(self, ctx):
        node = shutil.which("node")
        if not node:
            raise NotAvailable("node not found")
        d = os.path.join(ctx.work, "node-sdk")
        os.makedirs(d, exist_ok=True)
        src = os.path.join(HERE, "node")
        stamp = os.path.join(d, ".installed")
        lock = open(os.path.join(src, "package-lock.json"), "rb").read()
        if not os.path.exists(stamp) or open(stamp, "rb").read() != lock:
            for f in ("package.json", "package-lock.json"):
                shutil.copy(os.path.join(src, f), d)
            log("npm ci (Node SDK) ...")
            run_quiet(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=d)
            open(stamp, "wb").write(lock)
        self.cmd = [node, os.path.join(src, "bench.js"), "--client", "sdk"]
        self.env = {"NODE_PATH": os.path.join(d, "node_modules")}


class GoSdkPeer(Peer):
    def __init__(self):
        super().__init__("go-sdk", f"(5) Go SDK client/v2 {GO_SDK_VERSION} bulkwriter.GetImportProgress",
                         ops=("import",), note="no refresh call in the SDK")

    def prepare(self, ctx):
        go = shutil.which("go")
        if not go:
            raise NotAvailable("go not found")
        out = os.path.join(ctx.work, "go-sdk-bench")
        log("go build (Go SDK) ...")
        run_quiet([go, "build", "-mod=readonly", "-o", out, "."], cwd=os.path.join(HERE, "go-sdk"),
                  env=ctx.go_env())
        self.cmd = [out]


class BindingPeer(Peer):
    """Our binding in `lang`; its runner is prepared by bindings.py."""

    def __init__(self, lang, label):
        super().__init__(f"binding-{lang}", label)
        self.lang = lang

    def prepare(self, ctx):
        import bindings  # bench/peers/bindings.py  # noqa: PLC0415

        self.cmd, self.env = bindings.prepare(self.lang, ctx)


def all_peers():
    return [
        CPeer("c", "(1) milvus-jobs from C", "c_bench"),
        CPeer("c-async", "(1a) milvus-jobs from C, non-blocking reads (mj_async)", "c_async_bench",
              note="threads: reads in flight on one thread"),
        CPeer("curl", "(2) raw libcurl loop (floor)", "curl_bench",
              note="threads: one easy handle each"),
        PymilvusPeer(),
        NodeSdkPeer(),
        GoSdkPeer(),
        BindingPeer("go", "(6) milvus-jobs Go binding"),
        BindingPeer("rust", "(6) milvus-jobs Rust binding"),
        BindingPeer("node", "(6) milvus-jobs Node binding"),
        BindingPeer("python", "(6) milvus-jobs Python binding"),
    ]


# ---------------------------------------------------------------- context

class Context:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build_dir)
        self.work = os.path.join(self.build, "bench")
        self.bench_bin = os.path.abspath(args.bench_bin_dir or self.work)
        self.library = os.path.abspath(args.library)
        os.makedirs(self.work, exist_ok=True)
        self._stage = None

    def venv_python(self):
        venv = os.path.join(self.work, "venv")
        py = os.path.join(venv, "bin", "python")
        req = os.path.join(HERE, "requirements.txt")
        stamp = os.path.join(venv, ".installed")
        want = open(req, "rb").read()
        if not os.path.exists(stamp) or open(stamp, "rb").read() != want:
            if not os.path.exists(py):
                log("python3 -m venv build/bench/venv ...")
                run_quiet([sys.executable, "-m", "venv", venv])
            log("pip install -r bench/peers/requirements.txt ...")
            run_quiet([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", req])
            open(stamp, "wb").write(want)
        return py

    def go_env(self):
        env = dict(os.environ)
        env.setdefault("GOFLAGS", "-modcacherw")
        env["CGO_ENABLED"] = env.get("CGO_ENABLED", "1")
        return env

    def stage(self):
        """The library installed into build/bench/stage (lib, include, .pc), for the bindings."""
        if self._stage is None:
            prefix = os.path.join(self.work, "stage")
            run_quiet(["cmake", "--install", self.build, "--prefix", prefix, "--component", "library"])
            self._stage = prefix
        return self._stage


# ---------------------------------------------------------------- dev server

class DevServer:
    def __init__(self, binary, http_threads):
        self.tmp = tempfile.mkdtemp(prefix="mj-bench-")
        data = os.path.join(self.tmp, "data")
        shutil.copytree(os.path.join(ROOT, "tests", "data", "devserver", "data"), data)
        cmd = [binary, "--config", os.path.join(ROOT, "tests", "data", "devserver", "config.json"),
               "--data-dir", data, "--port", "0", "--http-threads", str(http_threads)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        m = re.search(r"listening on (http://\S+)", line)
        if not m:
            err = self.proc.stderr.read().decode() if self.proc.poll() is not None else ""
            self.stop()
            raise SystemExit(f"dev server did not start: {line!r} {err}")
        self.uri = m.group(1)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


# ---------------------------------------------------------------- one run

RSS_EXEC = None  # bench/peers/rss_exec.c, set in main()
LOADS = []  # (when, 1-minute load average): before the run, after each cell, after the run


def run_child(cmd, env=None, cwd=None, timeout=120):
    """Runs one measurement through rss_exec; returns (result dict, peak RSS
    KiB) or raises RuntimeError."""
    cmd = [RSS_EXEC] + cmd
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, env=full_env, cwd=cwd)
        deadline = time.monotonic() + timeout
        out = b""
        # The runners print one short line at the end: reading to EOF is safe.
        import selectors  # noqa: PLC0415

        sel = selectors.DefaultSelector()
        sel.register(p.stdout, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                p.kill()
                break
            if sel.select(timeout=left):
                chunk = os.read(p.stdout.fileno(), 65536)
                if not chunk:
                    break
                out += chunk
        sel.close()
        _, status, _ = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        p.stdout.close()
        err.seek(0)
        errtext = err.read().decode(errors="replace").strip()
    if p.returncode != 0:
        raise RuntimeError(f"exit {p.returncode}: {errtext.splitlines()[-1][:200] if errtext else ''}")
    lines = [json.loads(ln) for ln in out.decode().splitlines() if ln.startswith("{")]
    rss = [d["maxrss_kib"] for d in lines if "maxrss_kib" in d]
    lines = [d for d in lines if "maxrss_kib" not in d]
    if not lines or not rss:
        raise RuntimeError(f"no result line; stderr: {errtext[:200]}")
    return lines[-1], rss[-1]


def measure(peer, ctx, uri, ids, op, threads, seconds, warmup):
    cmd = peer.cmd + ["--uri", uri, "--op", op, "--import-id", ids[0], "--refresh-id", ids[1],
                      "--threads", str(threads), "--seconds", str(seconds), "--warmup-seconds", str(warmup)]
    r, rss = run_child(cmd, env=peer.env, cwd=peer.cwd, timeout=seconds + warmup + 120)
    LOADS.append(("cell", os.getloadavg()[0]))
    return {
        "calls_per_s": r["calls"] / r["elapsed_s"],
        "p50_us": r["p50_us"],
        "p99_us": r["p99_us"],
        "cpu_us_per_call": r["cpu_s"] / r["calls"] * 1e6,
        "rss_kib": rss,
        "calls": r["calls"],
    }


# ---------------------------------------------------------------- callgrind

def parse_callgrind(path, ours="libmilvus_jobs"):
    """Splits the collected Ir by object: self cost per object, and the cost of
    calls made directly from our object into libc (malloc, memcpy, ...)."""
    self_by_obj = defaultdict(int)
    ours_to_libc = 0
    ob = None
    cob = None
    pending = False
    fn_ob = {}

    def short(o):
        return os.path.basename(o) if o else "?"

    with open(path, errors="replace") as f:
        for line in f:
            if not line or line[0] == "#" or line == "\n":
                continue
            c = line[0]
            if c.isdigit() or c in "+-*":
                parts = line.split()
                cost = int(parts[1]) if len(parts) > 1 else 0
                if pending:
                    callee = cob if cob is not None else ob
                    if ob and ours in ob and callee and "libc.so" in callee:
                        ours_to_libc += cost
                    pending = False
                    cob = None
                else:
                    self_by_obj[short(fn_ob.get("cur", ob))] += cost
                continue
            key, _, val = line.rstrip("\n").partition("=")
            if key == "ob":
                ob = val
            elif key == "fn":
                fn_ob["cur"] = ob
                cob = None
            elif key == "cob":
                cob = val
            elif key == "calls":
                pending = True
    return self_by_obj, ours_to_libc


def callgrind(ctx, uri, ids, op, calls):
    """Instructions per call inside the library, and a ns/instruction calibration."""
    if not shutil.which("valgrind"):
        raise NotAvailable("valgrind not found")
    fn = "mj_get_import_progress" if op == "import" else "mj_get_refresh_external_collection_progress"
    out = os.path.join(ctx.work, f"callgrind.{op}.out")
    base = [os.path.join(ctx.bench_bin, "c_bench"), "--uri", uri, "--op", op, "--import-id", ids[0],
            "--refresh-id", ids[1], "--calls", str(calls)]
    run_quiet(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", f"--toggle-collect={fn}",
               "--compress-strings=no", "--compress-pos=no", "--dump-instr=no"] + base, timeout=1800)
    self_by_obj, ours_to_libc = parse_callgrind(out)
    total_calls = calls + 10  # 10 warm-up calls (bench_common.h)
    total = sum(self_by_obj.values())
    own = sum(v for k, v in self_by_obj.items() if "libmilvus_jobs" in k)
    curl = sum(v for k, v in self_by_obj.items() if "libcurl" in k)
    libc = sum(v for k, v in self_by_obj.items() if k.startswith("libc.so"))
    # Calibration: the same program natively, user CPU per instruction. The
    # measured phase (user_s) is the N calls, almost all of it inside `fn`.
    users = []
    for _ in range(5):
        r, _ = run_child(base, timeout=300)
        users.append(r["user_s"])
    ns_per_ir = statistics.median(users) * 1e9 / (calls * total / total_calls)
    return {
        "function": fn,
        "calls": total_calls,
        "ir_total_per_call": total / total_calls,
        "ir_own_per_call": own / total_calls,
        "ir_own_libc_per_call": (own + ours_to_libc) / total_calls,
        "ir_curl_per_call": curl / total_calls,
        "ir_libc_per_call": libc / total_calls,
        "ns_per_ir": ns_per_ir,
        "by_object": {k: v / total_calls for k, v in sorted(self_by_obj.items(), key=lambda kv: -kv[1])},
    }


# ---------------------------------------------------------------- load cost

def load_cost(ctx, runs=21):
    prog = os.path.join(ctx.bench_bin, "load_cost")
    res = {}
    for mode, extra in (("cold", []), ("libcurl_loaded", ["libcurl.so.4"]),
                        ("libcurl_alone", None)):
        rows = []
        for _ in range(runs):
            cmd = [prog, "libcurl.so.4", "-", "curl_global_cleanup"] if extra is None else [prog, ctx.library] + extra
            r, _ = run_child(cmd, timeout=60)
            rows.append(r)
        res[mode] = {k: statistics.median(r[k] for r in rows)
                     for k in ("load_ms", "rss_kib", "rss_anon_kib", "rss_file_kib")}
        res[mode]["max_load_ms"] = max(r["load_ms"] for r in rows)
    return res


# ---------------------------------------------------------------- report

def fmt_num(v, digits=0):
    if v is None:
        return "n/a"
    if digits == 0:
        return f"{v:,.0f}"
    return f"{v:,.{digits}f}"


def ratio(v, base, invert=False):
    if v is None or not base:
        return ""
    r = v / base
    return f" ({r:.2f}x)"


def table(rows, base, title):
    out = [f"### {title}", "",
           "| peer | calls/s | p50 µs | p99 µs | CPU µs/call | peak RSS MiB | runs: calls/s; CPU µs/call (min-max) |",
           "|---|---:|---:|---:|---:|---:|---|"]
    for label, r, why in rows:
        if r is None:
            out.append(f"| {label} | {why} | | | | | |")
            continue
        b = base or {}
        runs = (f"{r['runs']}: {fmt_num(r['calls_min'])}-{fmt_num(r['calls_max'])}; "
                f"{fmt_num(r['cpu_min'], 1)}-{fmt_num(r['cpu_max'], 1)}") if r.get("runs", 1) > 1 else "1"
        out.append("| {} | {}{} | {}{} | {}{} | {}{} | {}{} | {} |".format(
            label,
            fmt_num(r["calls_per_s"]), ratio(r["calls_per_s"], b.get("calls_per_s")),
            fmt_num(r["p50_us"]), ratio(r["p50_us"], b.get("p50_us")),
            fmt_num(r["p99_us"]), ratio(r["p99_us"], b.get("p99_us")),
            fmt_num(r["cpu_us_per_call"], 1), ratio(r["cpu_us_per_call"], b.get("cpu_us_per_call")),
            fmt_num(r["rss_kib"] / 1024, 1), ratio(r["rss_kib"], b.get("rss_kib")), runs))
    out.append("")
    return out


def median_run(rs):
    """The run with the median calls/s, with the spread of all runs (calls/s
    min and max, CPU µs/call min and max) attached."""
    m = dict(sorted(rs, key=lambda r: r["calls_per_s"])[len(rs) // 2])
    m["runs"] = len(rs)
    m["calls_min"], m["calls_max"] = min(r["calls_per_s"] for r in rs), max(r["calls_per_s"] for r in rs)
    m["cpu_min"], m["cpu_max"] = min(r["cpu_us_per_call"] for r in rs), max(r["cpu_us_per_call"] for r in rs)
    return m


def spread(r):
    """'±x%': half the range of calls/s over the runs, relative to the median."""
    if not r or r.get("runs", 1) < 2:
        return ""
    return f" ±{(r['calls_max'] - r['calls_min']) / 2 / r['calls_per_s'] * 100:.0f}%"


def verdict(ok):
    return "met" if ok else "**missed**"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--devserver", default=None)
    ap.add_argument("--bench-bin-dir", default=None, help="where c_bench, curl_bench, load_cost are (build/bench)")
    ap.add_argument("--library", default=None, help="libmilvus_jobs.so (build/libmilvus_jobs.so.0)")
    ap.add_argument("--seconds", type=float, default=3.0, help="measured seconds per run")
    ap.add_argument("--warmup-seconds", type=float, default=1.0)
    ap.add_argument("--threads", default="1,4,16,64", help="concurrency levels of the throughput table")
    ap.add_argument("--repeat", type=int, default=3,
                    help="measure each cell this many times, peers interleaved; keep the median (default 3)")
    ap.add_argument("--peers", default=None, help="comma-separated peer keys (default: all)")
    ap.add_argument("--callgrind-calls", type=int, default=2000)
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--out", action="append", default=None, help="write the table here (repeatable)")
    ap.add_argument("--smoke", action="store_true", help="ctest: the C runners for a fraction of a second")
    args = ap.parse_args()
    args.devserver = args.devserver or os.path.join(args.build_dir, "tools", "devserver", "milvus-jobs-devserver")
    args.library = args.library or os.path.join(args.build_dir, "libmilvus_jobs.so.0")
    if args.smoke:
        args.seconds, args.warmup_seconds, args.threads = 0.3, 0.1, "1,4"
        args.peers, args.no_callgrind, args.repeat = "c,c-async,curl", True, 1
    ctx = Context(args)
    sys.path.insert(0, HERE)
    # bindings.py imports this module as `harness`: let it be this very one.
    sys.modules.setdefault("harness", sys.modules[__name__])
    global RSS_EXEC
    RSS_EXEC = os.path.join(ctx.bench_bin, "rss_exec")
    if not os.access(RSS_EXEC, os.X_OK):
        raise SystemExit(f"{RSS_EXEC} not built: run tools/build.sh first")

    peers = all_peers()
    if args.peers:
        keep = set(args.peers.split(","))
        peers = [p for p in peers if p.key in keep]
    for p in peers:
        try:
            p.prepare(ctx)
        except NotAvailable as e:
            p.unavailable = f"not available: {e}"
            log(f"{p.label}: {p.unavailable}")
    threads_list = [int(t) for t in args.threads.split(",")]

    LOADS.append(("before", os.getloadavg()[0]))
    log(f"load average before the run: {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} CPUs")
    server = DevServer(args.devserver, http_threads=max(threads_list) + 16)
    failures = []
    try:
        setup = run_quiet([os.path.join(ctx.bench_bin, "c_bench"), "setup", "--uri", server.uri]).split()
        ids = (setup[0], setup[1])
        log(f"dev server {server.uri}; import job {ids[0]}, refresh job {ids[1]}")

        # With --repeat R the sequential cells are measured R times, the peers
        # interleaved (so a drift of the machine's load hits every peer alike);
        # the run with the median calls/s is kept.
        runs = defaultdict(list)
        failed = set()
        for rep in range(args.repeat):
            for op in ("import", "refresh"):
                for p in peers:
                    if p.unavailable or op not in p.ops or (p.key, op) in failed:
                        continue
                    log(f"{op}: {p.label} ..." + (f" (run {rep + 1}/{args.repeat})" if args.repeat > 1 else ""))
                    try:
                        runs[(p.key, op)].append(
                            measure(p, ctx, server.uri, ids, op, 1, args.seconds, args.warmup_seconds))
                    except RuntimeError as e:
                        failed.add((p.key, op))
                        failures.append(f"{p.label} {op}: {e}")
                        log(f"  failed: {e}")
        seq = {}
        for key, rs in runs.items():
            seq[key] = median_run(rs) if key not in failed else None
        for key in failed:
            seq[key] = None
        # The concurrent cells the same way: each level R times, peers
        # interleaved, the median kept (1 thread is the sequential import cell).
        conc = {}
        cruns = defaultdict(list)
        cfailed = set()
        for t in threads_list:
            for rep in range(args.repeat):
                for p in peers:
                    if p.unavailable or (p.key, t) in cfailed:
                        continue
                    if t == 1 and (p.key, "import") in seq:
                        continue
                    log(f"import x{t}: {p.label} ..." + (f" (run {rep + 1}/{args.repeat})" if args.repeat > 1 else ""))
                    try:
                        cruns[(p.key, t)].append(measure(p, ctx, server.uri, ids, "import", t, args.seconds,
                                                         args.warmup_seconds))
                    except RuntimeError as e:
                        cfailed.add((p.key, t))
                        failures.append(f"{p.label} import x{t}: {e}")
                        log(f"  failed: {e}")
        for p in peers:
            if p.unavailable:
                continue
            for t in threads_list:
                if t == 1 and (p.key, "import") in seq:
                    conc[(p.key, t)] = seq[(p.key, "import")]
                elif (p.key, t) in cfailed or not cruns.get((p.key, t)):
                    conc[(p.key, t)] = None
                else:
                    conc[(p.key, t)] = median_run(cruns[(p.key, t)])
        cg = {}
        if not args.no_callgrind and any(p.key == "c" and not p.unavailable for p in peers):
            for op in ("import", "refresh"):
                log(f"callgrind {op} ({args.callgrind_calls} calls) ...")
                try:
                    cg[op] = callgrind(ctx, server.uri, ids, op, args.callgrind_calls)
                except (NotAvailable, RuntimeError) as e:
                    cg[op] = None
                    failures.append(f"callgrind {op}: {e}")
        lc = None
        if os.path.exists(os.path.join(ctx.bench_bin, "load_cost")):
            log("load cost ...")
            try:
                lc = load_cost(ctx, runs=5 if args.smoke else 21)
            except RuntimeError as e:
                failures.append(f"load cost: {e}")
    finally:
        server.stop()
    LOADS.append(("after", os.getloadavg()[0]))
    log(f"load average after the run: {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} CPUs")

    report = render(args, peers, seq, conc, threads_list, cg, lc, failures)
    print(report)
    outs = args.out or ([] if args.smoke else [os.path.join(ctx.work, "results.md")])
    for path in outs:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "w") as f:
            f.write(report)
        log(f"wrote {path}")
    if args.smoke:
        ok = all(seq.get((k, op)) for k in ("c", "c-async", "curl") for op in ("import", "refresh"))
        ok = ok and all(conc.get((k, t)) for k in ("c", "c-async", "curl") for t in threads_list)
        return 0 if ok and not failures else 1
    return 0


def machine_line():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    return f"{os.cpu_count()} CPUs ({cpu}); load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


def render(args, peers, seq, conc, threads_list, cg, lc, failures):
    L = ["# milvus-jobs against its peers", "",
         f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine_line()}.",
         f"One dev server process (loopback), {args.seconds:g} s measured per cell after "
         f"{args.warmup_seconds:g} s of warm-up; every cell is its own child process"
         + (f"; every cell measured {args.repeat} times, peers interleaved, the run with the median calls/s kept. "
            if args.repeat > 1 else ". ") +
         "Ratios in parentheses are to peer (1) (for calls/s higher is better, for the rest lower).", ""]
    loads = [v for _, v in LOADS]
    if loads:
        L += [f"Load average (1 minute) on {os.cpu_count()} CPUs: {LOADS[0][1]:.2f} before the run, "
              f"{LOADS[-1][1]:.2f} after it; between cells min {min(loads):.2f}, max {max(loads):.2f}.", ""]
    load = max(loads) if loads else (os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0)
    if load > (os.cpu_count() or 1):
        L += [f"**Measured under load** (load average up to {load:.1f} on {os.cpu_count()} CPUs, other jobs "
              "running): the figures are noisy, the p99 column most of all. Re-run on a quiet machine.", ""]
    for op, title in (("import", "get_import_progress (POST /v2/vectordb/jobs/import/describe), sequential, one client"),
                      ("refresh", "get_refresh_external_collection_progress (POST /v2/vectordb/jobs/external_collection/describe), sequential, one client")):
        rows = []
        for p in peers:
            if p.unavailable:
                rows.append((p.label, None, p.unavailable))
            elif op not in p.ops:
                rows.append((p.label, None, f"n/a ({p.note})"))
            else:
                r = seq.get((p.key, op))
                rows.append((p.label, r, "failed (see below)"))
        L += table(rows, seq.get(("c", op)), title)
    # concurrency
    L += ["### Concurrent throughput, get_import_progress, one client (calls/s ±half the spread of the runs; p99 µs; CPU µs/call)", "",
          "| peer | " + " | ".join(f"{t} thread{'s' if t > 1 else ''}" for t in threads_list) + " |",
          "|---|" + "---:|" * len(threads_list)]
    for p in peers:
        if p.unavailable:
            L.append(f"| {p.label} | {p.unavailable} |" + " |" * (len(threads_list) - 1))
            continue
        cells = []
        for t in threads_list:
            r = conc.get((p.key, t))
            b = conc.get(("c", t))
            if r is None:
                cells.append("failed")
            else:
                cells.append(f"{fmt_num(r['calls_per_s'])}{spread(r)}{ratio(r['calls_per_s'], b and b['calls_per_s'])}; "
                             f"{fmt_num(r['p99_us'])}; {fmt_num(r['cpu_us_per_call'], 1)} µs")
        L.append(f"| {p.label} | " + " | ".join(cells) + " |")
    L += ["", "Threads are OS threads for C and Python, goroutines for Go, concurrent async calls for Node. "
          "The C library shares one mj_client (it pools one connection per concurrent call); the raw libcurl "
          "loop has one easy handle per thread. The dev server serves with "
          f"{max(threads_list) + 16} threads (--http-threads).", ""]
    # targets
    L += ["### Targets", ""]
    c, cu = seq.get(("c", "import")), seq.get(("curl", "import"))
    if c and cu:
        tput = c["calls_per_s"] / cu["calls_per_s"]
        L.append(f"- (1) within 10% of (2), get_import_progress calls/s: {tput:.2f} of the floor -> "
                 f"{verdict(tput >= 0.9)}; p50 {c['p50_us'] / cu['p50_us']:.2f}x, CPU/call "
                 f"{c['cpu_us_per_call'] / cu['cpu_us_per_call']:.2f}x.")
        c2, cu2 = seq.get(("c", "refresh")), seq.get(("curl", "refresh"))
        if c2 and cu2:
            t2 = c2["calls_per_s"] / cu2["calls_per_s"]
            L.append(f"- (1) within 10% of (2), refresh progress calls/s: {t2:.2f} of the floor -> {verdict(t2 >= 0.9)}.")
    for key, factor in (("pymilvus", 5), ("node-sdk", 2)):
        r = seq.get((key, "import"))
        if c and r:
            x = c["calls_per_s"] / r["calls_per_s"]
            L.append(f"- (1) >= {factor}x ({'3' if key == 'pymilvus' else '4'}) in calls/s: {x:.1f}x -> "
                     f"{verdict(x >= factor)}.")
    # The bindings' targets: CPU per sequential call at most 1.5x the C
    # core's (Node, Python), calls/s at 4 and 16 goroutines at least 0.8x
    # the C core's (Go); each against peer (1) of this same run.
    for key, name in (("binding-node", "Node binding"), ("binding-python", "Python binding")):
        for op in ("import", "refresh"):
            r, b = seq.get((key, op)), seq.get(("c", op))
            if r and b:
                x = r["cpu_us_per_call"] / b["cpu_us_per_call"]
                L.append(f"- {name}, {op} progress: CPU/call {x:.2f}x of (1) (runs {r['cpu_min']:.1f}-{r['cpu_max']:.1f} µs "
                         f"against {b['cpu_min']:.1f}-{b['cpu_max']:.1f}) -> {verdict(x <= 1.5)} (target <= 1.5x).")
    for t in (4, 16):
        r, b = conc.get(("binding-go", t)), conc.get(("c", t))
        if r and b:
            x = r["calls_per_s"] / b["calls_per_s"]
            L.append(f"- Go binding, {t} goroutines: {x:.2f}x the calls/s of (1) ({fmt_num(r['calls_per_s'])}{spread(r)} "
                     f"against {fmt_num(b['calls_per_s'])}{spread(b)}) -> {verdict(x >= 0.8)} (target >= 0.8x).")
    for op, r in cg.items():
        if not r:
            continue
        us = r["ir_own_libc_per_call"] * r["ns_per_ir"] / 1e3
        L.append(f"- CPU inside the library per {r['function']} call (callgrind): "
                 f"{r['ir_own_per_call']:,.0f} instructions in libmilvus_jobs itself, "
                 f"{r['ir_own_libc_per_call']:,.0f} with the libc it calls directly (malloc, memcpy, ...); "
                 f"at {r['ns_per_ir']:.3f} ns/instruction (measured, see below) that is {us:.2f} µs -> "
                 f"{verdict(us < 5)} (target < 5 µs). For scale: libcurl {r['ir_curl_per_call']:,.0f}, "
                 f"all of the call {r['ir_total_per_call']:,.0f} instructions.")
        a, b = seq.get(("c", op)), seq.get(("curl", op))
        if a and b:
            L.append(f"  Native cross-check: CPU per call of (1) minus (2) = "
                     f"{a['cpu_us_per_call'] - b['cpu_us_per_call']:.1f} µs.")
    if lc:
        cold, warm = lc["cold"], lc["libcurl_loaded"]
        L.append(f"- Loading (dlopen + mj_version), median of runs: {warm['load_ms']:.3f} ms and "
                 f"{warm['rss_kib'] / 1024:.2f} MiB RSS in a process that already has libcurl -> "
                 f"{verdict(warm['load_ms'] < 1 and warm['rss_kib'] < 1024)}; with libcurl and its "
                 f"dependencies loaded by the same dlopen: {cold['load_ms']:.3f} ms, {cold['rss_kib'] / 1024:.2f} MiB "
                 f"(anon {cold['rss_anon_kib']} KiB, file {cold['rss_file_kib']} KiB) -> "
                 f"{verdict(cold['load_ms'] < 1 and cold['rss_kib'] < 1024)}, of which libcurl and its "
                 f"dependencies alone take {lc['libcurl_alone']['load_ms']:.3f} ms and "
                 f"{lc['libcurl_alone']['rss_kib'] / 1024:.2f} MiB.")
    L.append("")
    if cg:
        L += ["### callgrind method", "",
              "`valgrind --tool=callgrind --toggle-collect=<function>` over `c_bench --calls N` (one thread, "
              "N measured calls + 10 warm-up calls) collects every user-space instruction executed inside "
              "mj_get_import_progress / mj_get_refresh_external_collection_progress (inclusive; the kernel is "
              "never counted by valgrind). The harness parses the output and sums the self cost of the "
              "functions whose object is libmilvus_jobs.so (our code, including the statically linked "
              "libstdc++), plus the inclusive cost of the calls our code makes directly into libc; libcurl "
              "and what libcurl calls are excluded. Instructions become time with ns/instruction measured "
              "on this machine for this program: native user CPU of the same `c_bench --calls N` run (median of "
              "5) divided by the user-space instructions callgrind counts for those N calls (hardware "
              "counters are often missing in VMs, so perf is not relied on). The user/system split of "
              "getrusage is sampled by the kernel, so this conversion is an estimate; the instruction "
              "counts are exact. A second, direct estimate is the native CPU per call of (1) minus that "
              "of (2) in the tables above: what this library costs beyond a bare libcurl loop.", "",
              "| per call | " + " | ".join(cg.keys()) + " |", "|---|" + "---:|" * len(cg)]
        objs = []
        for r in cg.values():
            if r:
                for k in r["by_object"]:
                    if k not in objs:
                        objs.append(k)
        for k in objs[:8]:
            L.append(f"| Ir in {k} (self) | " + " | ".join(
                fmt_num(r["by_object"].get(k, 0)) if r else "n/a" for r in cg.values()) + " |")
        L.append("| ns per instruction | " + " | ".join(f"{r['ns_per_ir']:.3f}" if r else "n/a"
                                                       for r in cg.values()) + " |")
        L.append("")
    if lc:
        L += ["### Load cost", "",
              "`load_cost LIB [PRELOAD]`: wall time of dlopen(RTLD_NOW) + dlsym + mj_version(), and VmRSS "
              "growth across it, median of runs, each a fresh process.", "",
              "| | load ms (median) | load ms (max) | RSS KiB | anon KiB | file KiB |", "|---|---:|---:|---:|---:|---:|"]
        for mode, name in (("libcurl_loaded", "libmilvus_jobs, libcurl already loaded"),
                           ("cold", "libmilvus_jobs, nothing preloaded"),
                           ("libcurl_alone", "for comparison: libcurl.so.4 alone (dlopen + curl_global_cleanup)")):
            r = lc[mode]
            L.append(f"| {name} | {r['load_ms']:.3f} | {r['max_load_ms']:.3f} | {r['rss_kib']:.0f} | "
                     f"{r['rss_anon_kib']:.0f} | {r['rss_file_kib']:.0f} |")
        L.append("")
    if failures:
        L += ["### Failures", ""] + [f"- {f}" for f in failures] + [""]
    return "\n".join(L)


if __name__ == "__main__":
    sys.exit(main())
