"""Writes the sample's Parquet files (committed; run again only to change them):
data/import/books-part3.parquet (rows 201-300) and the external collection's data files under
data/bucket/. Same columns as the JSON and CSV samples: id, title, vector (dim 4).

Usage: python make_parquet.py   (needs pyarrow; the dev server's build has one in build/.deps)
"""
import os
import random

import pyarrow as pa
import pyarrow.parquet as pq

TITLES = ["Emma", "Ulysses", "Beloved", "Rebecca", "Dracula", "Middlemarch", "Persuasion", "Walden"]
here = os.path.dirname(os.path.abspath(__file__))
random.seed(22)


def write(relative, first, count):
    ids = list(range(first, first + count))
    table = pa.table({
        "id": pa.array(ids, pa.int64()),
        "title": ["%s %d" % (TITLES[i % len(TITLES)], i) for i in ids],
        "vector": pa.array([[round(random.random(), 3) for _ in range(4)] for _ in ids], pa.list_(pa.float32())),
    })
    path = os.path.join(here, "data", relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    pq.write_table(table, path, compression="zstd")


write("import/books-part3.parquet", 201, 100)
write("bucket/books/part-00000.parquet", 1, 40)
write("bucket/books/part-00001.parquet", 41, 40)
write("bucket/books_v2/part-00000.parquet", 1, 50)
write("bucket/books_v2/part-00001.parquet", 51, 50)
write("bucket/books_v2/part-00002.parquet", 101, 20)
