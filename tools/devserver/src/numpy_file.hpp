// Numpy (.npy) import files: one file per field of one segment, the file named after the field
// (importutilv2/numpy). Read from the header (dtype, shape) plus the string values for VarChar
// and JSON fields, without a Numpy library.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "row_count.hpp"

namespace devserver {

struct CollectionSchema;

struct NpyHeader {
  std::string descr;  // e.g. "<f4", "|u1", "<U12"
  bool fortran_order = false;
  std::vector<std::int64_t> shape;  // shape[0] is the row count
  std::int64_t data_offset = 0;     // where the values start
  std::int64_t item_size = 0;       // bytes per value
};

// Parses the header; false (with `error`) when the file is not a readable .npy file, or when it
// is shorter than its header says.
bool read_npy_header(const std::filesystem::path& file, NpyHeader& header, std::string& error);

// One file group. `paths` are the request's paths (for messages), `files` where they are.
// With a schema the group is checked the way Milvus's Numpy reader checks it: every field but
// an auto-id key, "$meta", nullable and default-valued ones needs its file; dtype, shape and
// dimension must fit the field; VarChar values must fit max_length; all files hold the same
// number of rows. Without a schema, only the headers and the equal row counts are checked.
RowCount read_numpy_group(const std::vector<std::string>& paths, const std::vector<std::filesystem::path>& files,
                          const CollectionSchema* schema);

}  // namespace devserver
