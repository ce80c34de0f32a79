// Parquet files, read with Apache Arrow's Parquet library (the C++ libraries the pinned pyarrow
// wheel ships, see tools/devserver/deps.sh). Only parquet_file.cpp includes Arrow's headers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "row_count.hpp"

namespace devserver {

struct CollectionSchema;

// What a Parquet footer tells: the row count and the top-level column names.
struct ParquetSummary {
  bool ok = false;
  std::string error;  // set when !ok
  std::int64_t rows = 0;
  std::vector<std::string> columns;
};

ParquetSummary read_parquet_summary(const std::filesystem::path& file);

// Reads every row group. With a schema, checks the columns and values the way Milvus's Parquet
// import reader does (missing or unknown column, type, vector dimension, max_length, nulls).
RowCount read_parquet_rows(const std::filesystem::path& file, const CollectionSchema* schema);

}  // namespace devserver
