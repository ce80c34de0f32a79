#include "numpy_file.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "schema.hpp"

namespace devserver {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::int64_t kMaxHeaderBytes = 1 << 20;

std::optional<std::string> quoted_value(const std::string& dict, const std::string& key) {
  const std::size_t at = dict.find("'" + key + "'");
  if (at == std::string::npos) return std::nullopt;
  std::size_t colon = dict.find(':', at);
  if (colon == std::string::npos) return std::nullopt;
  std::size_t open = dict.find_first_not_of(" \t", colon + 1);
  if (open == std::string::npos || (dict[open] != '\'' && dict[open] != '"')) return std::nullopt;
  const std::size_t close = dict.find(dict[open], open + 1);
  if (close == std::string::npos) return std::nullopt;
  return dict.substr(open + 1, close - open - 1);
}

std::optional<std::string> raw_value(const std::string& dict, const std::string& key) {
  const std::size_t at = dict.find("'" + key + "'");
  if (at == std::string::npos) return std::nullopt;
  const std::size_t colon = dict.find(':', at);
  if (colon == std::string::npos) return std::nullopt;
  const std::size_t begin = dict.find_first_not_of(" \t", colon + 1);
  if (begin == std::string::npos) return std::nullopt;
  std::size_t end = begin;
  if (dict[begin] == '(') {
    end = dict.find(')', begin);
    if (end == std::string::npos) return std::nullopt;
    return dict.substr(begin, end - begin + 1);
  }
  while (end < dict.size() && dict[end] != ',' && dict[end] != '}') ++end;
  return dict.substr(begin, end - begin);
}

bool parse_shape(const std::string& text, std::vector<std::int64_t>& shape) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')') return false;
  std::size_t i = 1;
  while (i < text.size() - 1) {
    while (i < text.size() - 1 && (text[i] == ' ' || text[i] == ',')) ++i;
    if (i >= text.size() - 1) break;
    std::size_t used = 0;
    long long value = 0;
    try {
      value = std::stoll(text.substr(i), &used);
    } catch (const std::exception&) {
      return false;
    }
    if (value < 0) return false;
    shape.push_back(value);
    i += used;
    while (i < text.size() - 1 && (text[i] == 'L' || text[i] == ' ')) ++i;
    if (i < text.size() - 1 && text[i] != ',') return false;
  }
  return true;
}

// Bytes per value from the dtype descr ("<f4": 4, "<U12": 48, "|S7": 7), -1 when unknown.
std::int64_t item_size_of(const std::string& descr) {
  std::size_t i = 0;
  while (i < descr.size() && (descr[i] == '<' || descr[i] == '>' || descr[i] == '|' || descr[i] == '=')) ++i;
  if (i >= descr.size()) return -1;
  const char kind = descr[i];
  const std::string digits = descr.substr(i + 1);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
    return -1;
  const std::int64_t n = std::stoll(digits);
  return kind == 'U' ? n * 4 : n;
}

char kind_of(const std::string& descr) {
  for (char c : descr)
    if (c != '<' && c != '>' && c != '|' && c != '=') return c;
  return '?';
}

// numpy/util.go convertNumpyType.
std::optional<DataType> numpy_type(const std::string& descr, bool& is_uint8) {
  is_uint8 = false;
  static const std::map<std::string, DataType> known{
      {"b1", DataType::Bool},    {"<b1", DataType::Bool},   {"|b1", DataType::Bool},   {"i1", DataType::Int8},
      {"<i1", DataType::Int8},   {"|i1", DataType::Int8},   {">i1", DataType::Int8},   {"i2", DataType::Int16},
      {"<i2", DataType::Int16},  {"|i2", DataType::Int16},  {">i2", DataType::Int16},  {"i4", DataType::Int32},
      {"<i4", DataType::Int32},  {"|i4", DataType::Int32},  {">i4", DataType::Int32},  {"i8", DataType::Int64},
      {"<i8", DataType::Int64},  {"|i8", DataType::Int64},  {">i8", DataType::Int64},  {"f4", DataType::Float},
      {"<f4", DataType::Float},  {"|f4", DataType::Float},  {">f4", DataType::Float},  {"f8", DataType::Double},
      {"<f8", DataType::Double}, {"|f8", DataType::Double}, {">f8", DataType::Double},
  };
  if (auto it = known.find(descr); it != known.end()) return it->second;
  if (descr == "u1" || descr == "<u1" || descr == "|u1") {
    is_uint8 = true;
    return DataType::BinaryVector;
  }
  const char kind = kind_of(descr);
  if ((kind == 'U' || kind == 'S' || kind == 'a') && item_size_of(descr) > 0) return DataType::VarChar;
  return std::nullopt;
}

std::string element_error(const std::string& got, const FieldSchema& field) {
  return "expected element type '" + std::string(data_type_name(field.type)) + "' for field '" + field.name +
         "', got type '" + got + "'";
}

std::string shape_error(std::size_t actual, std::size_t expect, const FieldSchema& field) {
  return "expected shape '" + std::to_string(expect) + "' for " + data_type_name(field.type) + " field '" + field.name +
         "', got shape '" + std::to_string(actual) + "'";
}

std::string dim_error(std::int64_t actual, std::int64_t expect, const FieldSchema& field) {
  return "expected dim '" + std::to_string(expect) + "' for " + data_type_name(field.type) + " field '" + field.name +
         "', got dim '" + std::to_string(actual) + "'";
}

// numpy/util.go validateHeader.
std::string validate_header(const NpyHeader& header, const FieldSchema& field) {
  bool is_uint8 = false;
  const auto element = numpy_type(header.descr, is_uint8);
  if (!element)
    return "unexpected numpy header for field '" + field.name + "': 'the numpy file dtype '" + header.descr +
           "' is not supported'";
  const std::string element_name = data_type_name(*element);
  const auto& shape = header.shape;
  switch (field.type) {
    case DataType::FloatVector:
      if (*element != DataType::Float && *element != DataType::Double) return element_error(element_name, field);
      if (shape.size() != 2) return shape_error(shape.size(), 2, field);
      if (shape[1] != field.dim) return dim_error(shape[1], field.dim, field);
      return "";
    case DataType::Float16Vector:
    case DataType::BFloat16Vector: {
      if (!is_uint8 && *element != DataType::Float && *element != DataType::Double)
        return element_error(element_name, field);
      if (shape.size() != 2) return shape_error(shape.size(), 2, field);
      const std::int64_t expected = is_uint8 ? field.dim * 2 : field.dim;
      if (shape[1] != expected) return dim_error(shape[1], expected, field);
      return "";
    }
    case DataType::BinaryVector:
      if (!is_uint8) return element_error(element_name, field);
      if (shape.size() != 2) return shape_error(shape.size(), 2, field);
      if (shape[1] != field.dim / 8) return dim_error(shape[1] * 8, field.dim, field);
      return "";
    case DataType::Int8Vector:
      if (*element != DataType::Int8) return element_error(element_name, field);
      if (shape.size() != 2) return shape_error(shape.size(), 2, field);
      if (shape[1] != field.dim) return dim_error(shape[1], field.dim, field);
      return "";
    case DataType::VarChar:
    case DataType::Json:
      if (*element != DataType::VarChar) return element_error(element_name, field);
      if (shape.size() != 1) return shape_error(shape.size(), 1, field);
      return "";
    case DataType::SparseFloatVector:
    case DataType::Array: return std::string("unsupported data type: ") + data_type_name(field.type);
    default:
      if (*element != field.type) return element_error(element_name, field);
      if (shape.size() != 1) return shape_error(shape.size(), 1, field);
      return "";
  }
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// The string values of a VarChar or JSON field: each within max_length (UTF-8 bytes, as Milvus
// counts them), JSON ones valid JSON.
std::string check_strings(const std::filesystem::path& file, const NpyHeader& header, const FieldSchema& field) {
  std::ifstream in(file, std::ios::binary);
  in.seekg(header.data_offset);
  const bool utf32 = kind_of(header.descr) == 'U';
  const bool big_endian = !header.descr.empty() && header.descr[0] == '>';
  std::string raw(static_cast<std::size_t>(header.item_size), '\0');
  std::string text;
  for (std::int64_t row = 0; row < header.shape[0]; ++row) {
    if (!in.read(raw.data(), header.item_size)) return "cannot read the values of field '" + field.name + "'";
    text.clear();
    if (utf32) {
      for (std::size_t i = 0; i + 4 <= raw.size(); i += 4) {
        const auto* b = reinterpret_cast<const unsigned char*>(raw.data() + i);
        const std::uint32_t code = big_endian ? (std::uint32_t{b[0]} << 24 | b[1] << 16 | b[2] << 8 | b[3])
                                              : (std::uint32_t{b[3]} << 24 | b[2] << 16 | b[1] << 8 | b[0]);
        if (code == 0) break;
        if (code > 0x10FFFF) return "failed to convert 4 bytes unicode " + std::to_string(code) + " to utf8 rune";
        append_utf8(text, code);
      }
    } else {
      text.assign(raw.data(), strnlen(raw.data(), raw.size()));
    }
    if (field.type == DataType::VarChar && static_cast<std::int64_t>(text.size()) > field.max_length)
      return "row " + std::to_string(row + 1) + ": value length " + std::to_string(text.size()) +
             " exceeds max_length " + std::to_string(field.max_length) + " of field '" + field.name + "'";
    if (field.type == DataType::Json && !nlohmann::json::accept(text))
      return "row " + std::to_string(row + 1) + ": invalid JSON in field '" + field.name + "': " + text;
  }
  return "";
}

std::string stem_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.find_last_of('.');
  return dot == std::string::npos ? name : name.substr(0, dot);
}

std::string go_slice(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? " " : "") + items[i];
  return out + "]";
}

}  // namespace

bool read_npy_header(const std::filesystem::path& file, NpyHeader& header, std::string& error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return error = "cannot open the file", false;
  char prefix[10] = {};
  if (!in.read(prefix, sizeof prefix) || std::string(prefix, 6) != std::string(kMagic, 6))
    return error = "not a Numpy .npy file (no \\x93NUMPY magic)", false;
  const auto major = static_cast<unsigned char>(prefix[6]);
  std::int64_t header_length = 0;
  std::int64_t offset = 0;
  if (major == 1) {
    header_length = static_cast<unsigned char>(prefix[8]) | static_cast<unsigned char>(prefix[9]) << 8;
    offset = 10;
  } else if (major == 2 || major == 3) {
    char more[2] = {};
    if (!in.read(more, 2)) return error = "the .npy header is truncated", false;
    header_length = static_cast<std::int64_t>(static_cast<unsigned char>(prefix[8])) |
                    static_cast<std::int64_t>(static_cast<unsigned char>(prefix[9])) << 8 |
                    static_cast<std::int64_t>(static_cast<unsigned char>(more[0])) << 16 |
                    static_cast<std::int64_t>(static_cast<unsigned char>(more[1])) << 24;
    offset = 12;
  } else {
    return error = "unsupported .npy format version " + std::to_string(major), false;
  }
  if (header_length <= 0 || header_length > kMaxHeaderBytes) return error = "the .npy header length is invalid", false;
  std::string dict(static_cast<std::size_t>(header_length), '\0');
  if (!in.read(dict.data(), header_length)) return error = "the .npy header is truncated", false;
  header = NpyHeader{};
  const auto descr = quoted_value(dict, "descr");
  const auto fortran = raw_value(dict, "fortran_order");
  const auto shape = raw_value(dict, "shape");
  if (!descr || !fortran || !shape || !parse_shape(*shape, header.shape))
    return error = "the .npy header is not a dict with descr, fortran_order and shape: " + dict, false;
  header.descr = *descr;
  header.fortran_order = fortran->rfind("True", 0) == 0;
  if (header.fortran_order && header.shape.size() > 1)
    return error = "Fortran-ordered arrays are not supported; save the array in C order", false;
  if (header.shape.empty()) return error = "the array is a scalar (shape ()); expected one row per element", false;
  header.data_offset = offset + header_length;
  header.item_size = item_size_of(header.descr);
  if (header.item_size <= 0 || kind_of(header.descr) == 'O')
    return error = "the numpy file dtype '" + header.descr + "' is not supported", false;
  std::int64_t values = 1;
  for (auto n : header.shape) values = n == 0 ? 0 : (values > (std::int64_t{1} << 40) / n ? -1 : values * n);
  if (values < 0) return error = "the .npy shape is too large", false;
  std::error_code ec;
  const auto size = static_cast<std::int64_t>(std::filesystem::file_size(file, ec));
  if (ec) return error = "cannot stat the file", false;
  if (size < header.data_offset + values * header.item_size)
    return error = "the file is truncated: its header announces " + std::to_string(values * header.item_size) +
                   " bytes of values, it holds " + std::to_string(size - header.data_offset),
           false;
  return true;
}

RowCount read_numpy_group(const std::vector<std::string>& paths, const std::vector<std::filesystem::path>& files,
                          const CollectionSchema* schema) {
  std::int64_t rows = -1;
  std::string rows_from;
  std::map<std::string, std::size_t> by_stem;
  for (std::size_t i = 0; i < paths.size(); ++i) by_stem[stem_of(paths[i])] = i;

  for (std::size_t i = 0; i < files.size(); ++i) {
    const FieldSchema* field = nullptr;
    if (schema != nullptr) {
      field = schema->find(stem_of(paths[i]));
      if (field == nullptr || field->is_dynamic) continue;  // Milvus ignores files of no field
      if (field->is_primary && field->auto_id)
        return failure("the primary key '" + field->name + "' is auto-generated, no need to provide");
      if (field->type == DataType::Array || field->type == DataType::SparseFloatVector)
        return failure(std::string("unsupported importing numpy files for collection with data type: ") +
                       data_type_name(field->type));
    }
    NpyHeader header;
    std::string error;
    if (!read_npy_header(files[i], header, error)) return failure("file \"" + paths[i] + "\": " + error);
    if (field != nullptr) {
      error = validate_header(header, *field);
      if (error.empty() && (field->type == DataType::VarChar || field->type == DataType::Json))
        error = check_strings(files[i], header, *field);
      if (!error.empty()) return failure("file \"" + paths[i] + "\": " + error);
    }
    if (rows < 0) {
      rows = header.shape[0];
      rows_from = stem_of(paths[i]);
    } else if (header.shape[0] != rows) {
      return failure("numpy row count mismatch, field=" + stem_of(paths[i]) +
                     ", rowCount=" + std::to_string(header.shape[0]) + ", expected=" + std::to_string(rows) +
                     " (as in field " + rows_from + ")");
    }
  }
  if (schema != nullptr) {
    for (const FieldSchema* field : schema->input_fields()) {
      if (field->nullable || field->has_default) continue;
      if (field->type == DataType::Array || field->type == DataType::SparseFloatVector)
        return failure(std::string("unsupported importing numpy files for collection with data type: ") +
                       data_type_name(field->type));
      if (!by_stem.count(field->name))
        return failure("no file for field: " + field->name + ", files: " + go_slice(paths));
    }
  }
  return success(rows < 0 ? 0 : rows);
}

}  // namespace devserver
