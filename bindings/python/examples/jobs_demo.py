#!/usr/bin/env python3
"""milvus_jobs example: import files, refresh an external collection, follow both.

Run against the dev server with the repository's sample data:

    pip install ./bindings/python
    milvus-jobs-devserver --config tests/data/devserver/config.json \\
        --data-dir tests/data/devserver/data --work-delay-ms 100
    python3 bindings/python/examples/jobs_demo.py http://127.0.0.1:PORT

or against a Milvus 3.x server with your own collection names and files.
"""

from __future__ import annotations

import sys
import time

from milvus_jobs import (
    DuplicateJobError,
    ImportState,
    MilvusJobsClient,
    MilvusJobsError,
    RefreshState,
)


def main(uri: str, token: str | None = None) -> int:
    with MilvusJobsClient(uri, token, timeout=10) as client:
        # Bulk import: one group per file, as in pymilvus's bulk_import.
        job_id = client.bulk_import("books", files=[["books/part1.json"], ["books/part4.csv"]])
        print(f"import job {job_id} created")
        while True:
            job = client.get_import_progress(job_id)
            print(f"  {job.state.name:<11} {job.progress:3d}%  rows {job.imported_rows}/{job.total_rows}")
            if job.is_terminal or job.state is ImportState.UNCOMMITTED:
                break
            time.sleep(0.2)
        for f in job.details:
            print(f"  file {f.file_name}: {f.state_name}, {f.imported_rows} rows")
        if job.state is ImportState.FAILED:
            print(f"import failed: {job.reason}")
            return 1

        # External-collection refresh; only one may run per collection.
        try:
            refresh_id = client.refresh_external_collection("books_ext")
        except DuplicateJobError as e:
            refresh_id = int(e.job_id)
            print(f"a refresh is already running: following job {refresh_id}")
        while True:
            r = client.get_refresh_external_collection_progress(refresh_id)
            print(f"refresh {r.job_id}: {r.state_name} {r.progress}%")
            if r.is_terminal:
                break
            time.sleep(0.2)
        if r.state is RefreshState.FAILED:
            print(f"refresh failed: {r.reason}")
            return 1
        took = (r.end_time - r.start_time).total_seconds() if r.end_time and r.start_time else 0.0
        print(f"refresh of {r.collection_name} from {r.external_source} took {took:.1f}s")
        print(f"{len(client.list_import_jobs('books'))} import job(s) on books")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    try:
        sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None))
    except MilvusJobsError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
