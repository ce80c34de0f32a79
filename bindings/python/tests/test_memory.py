"""Native memory is freed: results, lists, errors and ids, on success and error paths."""

from __future__ import annotations

import gc
import os
import sys

import pytest

from milvus_jobs import CancelToken, MilvusJobsClient, MilvusJobsError


def _rss_kib() -> int:
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")
def test_repeated_calls_do_not_grow_memory(server) -> None:  # type: ignore[no-untyped-def]
    with MilvusJobsClient(server.uri) as client:
        job_id = client.bulk_import("quick_setup", [["import/rows.json"], ["import/rows.csv"]])
        refresh_id = client.refresh_external_collection("other_ext")

        def one_round() -> None:
            client.bulk_import("quick_setup", [["import/rows.json"]], options={"auto_commit": False})
            client.get_import_progress(job_id)
            client.list_import_jobs("quick_setup")
            client.get_refresh_external_collection_progress(refresh_id)
            client.list_refresh_external_collection_jobs()
            for bad in (
                lambda: client.get_import_progress("1"),
                lambda: client.bulk_import("nope", [["a.json"]]),
                lambda: client.get_refresh_external_collection_progress(-1),
            ):
                try:
                    bad()
                except MilvusJobsError:
                    pass
            with MilvusJobsClient(server.uri, headers={"X-A": "b"}) as c:
                c.get_import_progress(job_id, cancel=CancelToken())

        for _ in range(100):  # warm up allocators and connection pools
            one_round()
        gc.collect()
        before = _rss_kib()
        for _ in range(600):
            one_round()
        gc.collect()
        grown = _rss_kib() - before
    # About 6,000 native objects went through; leaking even 1 KiB each would show.
    assert grown < 4096, f"RSS grew by {grown} KiB over 600 rounds"
