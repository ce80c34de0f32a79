"""Writes import files with pymilvus's LocalBulkWriter, as a user would for Milvus, and a few
bad ones, into OUT_DIR; OUT_DIR/files.json says what is where.

Usage: make_files.py OUT_DIR
"""
import json
import os
import random
import shutil
import sys

from pymilvus import CollectionSchema, DataType, FieldSchema
from pymilvus.bulk_writer import BulkFileType, LocalBulkWriter

ROWS = 1000
DIM = 8


def schema(dim=DIM, with_title=True):
    fields = [
        FieldSchema("id", DataType.INT64, is_primary=True),
        FieldSchema("vector", DataType.FLOAT_VECTOR, dim=dim),
    ]
    if with_title:
        fields.append(FieldSchema("title", DataType.VARCHAR, max_length=64))
    fields += [
        FieldSchema("year", DataType.INT32),
        FieldSchema("rating", DataType.DOUBLE),
        FieldSchema("in_stock", DataType.BOOL),
        FieldSchema("meta", DataType.JSON),
    ]
    return CollectionSchema(fields)


def row(i, dim=DIM, with_title=True):
    r = {
        "id": i,
        "vector": [random.random() for _ in range(dim)],
        "year": 1900 + i % 120,
        "rating": i / 7.0,
        "in_stock": i % 2 == 0,
        "meta": {"shelf": i % 10},
    }
    if with_title:
        r["title"] = "book %d" % i
    return r


def write(out, name, file_type, rows, dim=DIM, with_title=True):
    folder = os.path.join(out, name)
    shutil.rmtree(folder, ignore_errors=True)
    writer = LocalBulkWriter(schema=schema(dim, with_title), local_path=folder, file_type=file_type)
    for i in range(rows):
        writer.append_row(row(i, dim, with_title))
    writer.commit()
    groups = [[os.path.relpath(f, out) for f in group] for group in writer.batch_files]
    if len(groups) != 1:
        sys.exit("expected one file group from LocalBulkWriter, got %r" % groups)
    return groups[0]


def main():
    out = os.path.abspath(sys.argv[1])
    os.makedirs(out, exist_ok=True)
    random.seed(22)
    files = {
        "rows": ROWS,
        "dim": DIM,
        "parquet": write(out, "good_parquet", BulkFileType.PARQUET, ROWS),
        "json": write(out, "good_json", BulkFileType.JSON, ROWS),
        "numpy": write(out, "good_numpy", BulkFileType.NUMPY, ROWS),
        "missing_field_parquet": write(out, "missing_parquet", BulkFileType.PARQUET, 10, with_title=False),
        "missing_field_json": write(out, "missing_json", BulkFileType.JSON, 10, with_title=False),
        "wrong_dim_parquet": write(out, "dim_parquet", BulkFileType.PARQUET, 10, dim=DIM // 2),
        "wrong_dim_numpy": write(out, "dim_numpy", BulkFileType.NUMPY, 10, dim=DIM // 2),
    }
    # A Parquet file whose footer was cut off (an interrupted upload).
    good = os.path.join(out, files["parquet"][0])
    with open(good, "rb") as f:
        data = f.read()
    os.makedirs(os.path.join(out, "truncated"), exist_ok=True)
    files["truncated_parquet"] = ["truncated/cut.parquet"]
    with open(os.path.join(out, "truncated/cut.parquet"), "wb") as f:
        f.write(data[: len(data) - 100])
    with open(os.path.join(out, "files.json"), "w") as f:
        json.dump(files, f, indent=1)


if __name__ == "__main__":
    main()
