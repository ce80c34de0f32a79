// Reads row files the way an import would (every byte, every row) and counts their rows.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace devserver {

enum class RowFormat { Json, JsonLines, Csv, Parquet, Numpy, Unknown };

// By extension, case-sensitive like importutilv2.GetFileType (.jsonl is a dev-server extra).
RowFormat row_format_of(const std::string& path);

struct RowCount {
  bool ok = false;
  std::int64_t rows = 0;
  std::string error;  // set when !ok
};

RowCount failure(std::string message);
RowCount success(std::int64_t rows);

struct CollectionSchema;

struct ReadOptions {
  char csv_separator = ',';  // the "sep" import option
  std::string null_key;      // the "nullkey" import option: the CSV text of a null
  // The collection's schema: every row is checked against it (null: counted only).
  const CollectionSchema* schema = nullptr;
};

// `.json`: a top-level array of row objects or {"rows":[...]}; `.jsonl`: one object per
// non-blank line; `.csv`: a header line, then one record per row (RFC 4180 quoting);
// `.parquet`: read with the Parquet library (parquet_file.hpp). A row that fails the schema
// fails the file with "row N: <Milvus's reason>". Numpy groups are read by numpy_file.hpp.
RowCount count_rows(const std::filesystem::path& file, RowFormat format, const ReadOptions& options);

// For the refresh manifest: rows when the file tells them cheaply (json/jsonl/csv content,
// Parquet footer), else -1. Never fails.
std::int64_t cheap_row_count(const std::filesystem::path& file);

}  // namespace devserver
