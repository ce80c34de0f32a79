"""Python runner of bench/peers (protocol: bench_common.h).

    py_bench.py --client pymilvus|binding --uri URI --op import|refresh
                --import-id ID --refresh-id ID [--threads N] [--seconds S]
                [--warmup-seconds W]

--client pymilvus: peer (3), pymilvus.bulk_writer.get_import_progress(url=...,
job_id=...), the bulk-import helper of pymilvus (it has none for refresh).
--client binding: our Python binding (bindings/python), one client shared by
the threads.
"""

import argparse
import json
import resource
import sys
import threading
import time


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--client", required=True, choices=["pymilvus", "binding"])
    p.add_argument("--uri", required=True)
    p.add_argument("--op", required=True, choices=["import", "refresh"])
    p.add_argument("--import-id", required=True)
    p.add_argument("--refresh-id", required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--warmup-seconds", type=float, default=0.5)
    return p.parse_args()


def pymilvus_call(a):
    if a.op != "import":
        raise SystemExit("pymilvus has no REST helper for refresh progress")
    from pymilvus.bulk_writer import get_import_progress

    def call():
        resp = get_import_progress(url=a.uri, job_id=a.import_id)
        body = resp.json()
        if body.get("code") != 0:
            raise RuntimeError(f"get_import_progress: {body}")

    return call


def binding_call(a):
    import milvus_jobs  # noqa: PLC0415  (bindings/python on sys.path / installed)

    client = milvus_jobs.MilvusJobsClient(a.uri)
    if a.op == "import":

        def call():
            client.get_import_progress(job_id=a.import_id)

    else:
        refresh_id = int(a.refresh_id)

        def call():
            client.get_refresh_external_collection_progress(job_id=refresh_id)

    return call


def cpu_seconds():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def main():
    a = parse_args()
    call = pymilvus_call(a) if a.client == "pymilvus" else binding_call(a)
    go = threading.Event()
    start = time.monotonic() + 0.2 + a.warmup_seconds
    stop = start + a.seconds
    results = [None] * a.threads
    errors = []

    def worker(i):
        lat = []
        go.wait()
        try:
            while time.monotonic() < start:
                call()
            while True:
                t0 = time.perf_counter()
                if time.monotonic() >= stop:
                    break
                call()
                lat.append((time.perf_counter() - t0) * 1e6)
        except Exception as e:  # reported below, the run fails
            errors.append(f"{type(e).__name__}: {e}")
        results[i] = lat

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(a.threads)]
    for t in threads:
        t.start()
    go.set()
    time.sleep(max(0.0, start - time.monotonic()))
    cpu0 = cpu_seconds()
    for t in threads:
        t.join()
    cpu1 = cpu_seconds()
    end = time.monotonic()
    if errors:
        print(f"py_bench: {errors[0]}", file=sys.stderr)
        return 1
    lat = sorted(x for r in results for x in r)
    if not lat:
        print("py_bench: no call completed", file=sys.stderr)
        return 1
    n = len(lat)
    print(
        json.dumps(
            {
                "calls": n,
                "elapsed_s": end - start,
                "p50_us": lat[n // 2],
                "p99_us": lat[min(n - 1, int(n * 0.99))],
                "cpu_s": cpu1 - cpu0,
                "errors": 0,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
