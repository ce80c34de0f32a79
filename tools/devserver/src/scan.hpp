// Finds the data files of an external table under a local directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace devserver {

struct DataFile {
  std::filesystem::path path;
  std::string relative;  // '/'-separated, relative to the scanned root
  std::int64_t size = 0;
};

// Data files of a table in `format` under `root`, sorted by relative path; entries whose name
// starts with '.' are skipped. Selection by format:
//   parquet: *.parquet   vortex: *.vortex   iceberg-table: *.parquet under a data/ directory
//   lance-table: *.lance fragments and _versions/*.manifest   milvus-table: every file
// Throws std::filesystem::filesystem_error when the tree cannot be read.
std::vector<DataFile> list_data_files(const std::filesystem::path& root, const std::string& format);

}  // namespace devserver
