// The one translation unit that includes Arrow (heavy headers, C++20): keep it that way.
#include "parquet_file.hpp"

#include <arrow/api.h>
#include <arrow/io/file.h>
#include <parquet/arrow/reader.h>
#include <parquet/exception.h>
#include <parquet/file_reader.h>

#include <fstream>
#include <memory>
#include <set>

#include "schema.hpp"

namespace devserver {
namespace {

using arrow::Type;

bool is_int_id(Type::type id) {
  return id == Type::INT8 || id == Type::INT16 || id == Type::INT32 || id == Type::INT64;
}
bool is_float_id(Type::type id) { return id == Type::FLOAT || id == Type::DOUBLE; }
bool is_string_id(Type::type id) { return id == Type::STRING || id == Type::LARGE_STRING; }
bool is_list_id(Type::type id) { return id == Type::LIST || id == Type::LARGE_LIST || id == Type::FIXED_SIZE_LIST; }

// importutilv2/parquet isArrowDataTypeConvertible, from the file's type to the field's.
bool scalar_convertible(Type::type src, DataType dst) {
  switch (dst) {
    case DataType::Bool: return src == Type::BOOL;
    case DataType::Int8: return src == Type::INT8;
    case DataType::Int16: return src == Type::INT8 || src == Type::INT16;
    case DataType::Int32: return src == Type::INT8 || src == Type::INT16 || src == Type::INT32;
    case DataType::Int64: return is_int_id(src);
    case DataType::Float:
    case DataType::Double: return is_int_id(src) || is_float_id(src);
    case DataType::VarChar:
    case DataType::Json: return is_string_id(src);
    default: return false;
  }
}

std::shared_ptr<arrow::DataType> list_element(const arrow::DataType& type) {
  return is_list_id(type.id()) ? static_cast<const arrow::BaseListType&>(type).value_type() : nullptr;
}

bool convertible(const arrow::DataType& src, const FieldSchema& field) {
  const auto element = list_element(src);
  switch (field.type) {
    case DataType::FloatVector: return element && is_float_id(element->id());
    case DataType::BinaryVector:
    case DataType::Float16Vector:
    case DataType::BFloat16Vector:
      return (element && element->id() == Type::UINT8) || src.id() == Type::BINARY ||
             src.id() == Type::FIXED_SIZE_BINARY || src.id() == Type::LARGE_BINARY ||
             (field.type != DataType::BinaryVector && element && is_float_id(element->id()));
    case DataType::Int8Vector: return element && element->id() == Type::INT8;
    case DataType::SparseFloatVector:
      return is_string_id(src.id()) || src.id() == Type::STRUCT || src.id() == Type::MAP;
    case DataType::Array: return element && scalar_convertible(element->id(), field.element_type);
    default: return scalar_convertible(src.id(), field.type);
  }
}

// Values per row a vector column must hold, in its own element type.
std::int64_t expected_width(const FieldSchema& field, const arrow::DataType& type) {
  const auto element = list_element(type);
  const bool bytes = !element || element->id() == Type::UINT8;
  switch (field.type) {
    case DataType::BinaryVector: return field.dim / 8;
    case DataType::Float16Vector:
    case DataType::BFloat16Vector: return bytes ? field.dim * 2 : field.dim;
    default: return field.dim;
  }
}

std::int64_t value_width(const arrow::Array& array, std::int64_t i) {
  switch (array.type_id()) {
    case Type::LIST: return static_cast<const arrow::ListArray&>(array).value_length(i);
    case Type::LARGE_LIST: return static_cast<const arrow::LargeListArray&>(array).value_length(i);
    case Type::FIXED_SIZE_LIST: return static_cast<const arrow::FixedSizeListArray&>(array).value_length(i);
    case Type::BINARY: return static_cast<const arrow::BinaryArray&>(array).value_length(i);
    case Type::LARGE_BINARY: return static_cast<const arrow::LargeBinaryArray&>(array).value_length(i);
    case Type::FIXED_SIZE_BINARY: return static_cast<const arrow::FixedSizeBinaryArray&>(array).byte_width();
    default: return -1;
  }
}

std::int64_t string_length(const arrow::Array& array, std::int64_t i) {
  if (array.type_id() == Type::LARGE_STRING) return static_cast<const arrow::LargeStringArray&>(array).value_length(i);
  return static_cast<const arrow::StringArray&>(array).value_length(i);
}

std::string at_row(std::int64_t row) { return "row " + std::to_string(row) + ": "; }

// The values of one column chunk; `first_row` is the 1-based row of its first value.
std::string check_values(const FieldSchema& field, const arrow::Array& array, std::int64_t first_row) {
  const bool vector = is_vector_type(field.type) && field.type != DataType::SparseFloatVector;
  const std::int64_t want = vector ? expected_width(field, *array.type()) : 0;
  for (std::int64_t i = 0; i < array.length(); ++i) {
    const std::int64_t row = first_row + i;
    if (array.IsNull(i)) {
      if (field.nullable || field.has_default) continue;
      return at_row(row) + "the field '" + field.name + "' is not nullable, but the value is null";
    }
    if (vector) {
      const std::int64_t got = value_width(array, i);
      if (got != want)
        return at_row(row) + "length of vector is not aligned: expected " + std::to_string(want) + " but got " +
               std::to_string(got) + ", data type: " + data_type_name(field.type) + " (field '" + field.name + "')";
    } else if (field.type == DataType::VarChar) {
      const std::int64_t length = string_length(array, i);
      if (length > field.max_length)
        return at_row(row) + "value length " + std::to_string(length) + " exceeds max_length " +
               std::to_string(field.max_length) + " of field '" + field.name + "'";
    } else if (field.type == DataType::Array) {
      const std::int64_t count = value_width(array, i);
      if (count > field.max_capacity)
        return at_row(row) + "array capacity " + std::to_string(count) + " exceeds max_capacity " +
               std::to_string(field.max_capacity) + " of field '" + field.name + "'";
    }
  }
  return "";
}

struct Opened {
  std::unique_ptr<parquet::arrow::FileReader> reader;
  std::string error;
};

Opened open_file(const std::filesystem::path& file) {
  Opened out;
  auto input = arrow::io::ReadableFile::Open(file.string());
  if (!input.ok()) {
    out.error = input.status().message();
    return out;
  }
  auto reader = parquet::arrow::OpenFile(*input, arrow::default_memory_pool());
  if (!reader.ok()) {
    out.error = reader.status().message();
    return out;
  }
  out.reader = std::move(*reader);
  return out;
}

std::string column_names(const arrow::Schema& schema) {
  std::string names;
  for (const auto& f : schema.fields()) names += (names.empty() ? "" : ", ") + f->name();
  return names;
}

std::string not_parquet(const std::string& why) { return "not a readable Parquet file: " + why; }

RowCount read_rows(const std::filesystem::path& file, const CollectionSchema* schema) {
  Opened opened = open_file(file);
  if (!opened.reader) return failure(not_parquet(opened.error));
  parquet::arrow::FileReader& reader = *opened.reader;
  std::shared_ptr<arrow::Schema> arrow_schema;
  if (auto status = reader.GetSchema(&arrow_schema); !status.ok()) return failure(not_parquet(status.message()));

  // Which Milvus field each column holds (null: a column the import ignores).
  std::vector<const FieldSchema*> column_fields(arrow_schema->num_fields(), nullptr);
  if (schema != nullptr) {
    for (const FieldSchema* field : schema->input_fields()) {
      const auto column = arrow_schema->GetFieldByName(field->name);
      if (!column) {
        if (field->nullable || field->has_default) continue;
        return failure("schema not equal, err=field '" + field->name +
                       "' not in arrow schema (the file's columns: " + column_names(*arrow_schema) + ")");
      }
      if (!convertible(*column->type(), *field))
        return failure("schema not equal, err=field '" + field->name + "' type mis-match, milvus data type '" +
                       data_type_name(field->type) + "', arrow data type get '" + column->type()->ToString() + "'");
    }
    const FieldSchema& primary = schema->primary();
    std::set<std::string> seen;
    for (int i = 0; i < arrow_schema->num_fields(); ++i) {
      const std::string& name = arrow_schema->field(i)->name();
      if (!seen.insert(name).second) return failure("there is multi field with name: " + name);
      const FieldSchema* field = schema->find(name);
      if (field == nullptr) {
        if (schema->enable_dynamic_field) continue;
        return failure("the field: " + name +
                       " is not in schema, if it's a dynamic field, please reformat data by bulk_writer");
      }
      if (field == &primary && primary.auto_id)
        return failure("the primary key '" + name + "' is auto-generated, no need to provide");
      if (!field->is_dynamic) column_fields[i] = field;
    }
  }

  std::int64_t rows = 0;
  try {
    for (int group = 0; group < reader.num_row_groups(); ++group) {
      auto read = reader.ReadRowGroup(group);
      if (!read.ok()) return failure("cannot read row group " + std::to_string(group) + ": " + read.status().message());
      const std::shared_ptr<arrow::Table> table = *read;
      for (int c = 0; c < table->num_columns(); ++c) {
        if (column_fields[c] == nullptr) continue;
        std::int64_t first = rows + 1;
        for (const auto& chunk : table->column(c)->chunks()) {
          std::string error = check_values(*column_fields[c], *chunk, first);
          if (!error.empty()) return failure(error);
          first += chunk->length();
        }
      }
      rows += table->num_rows();
    }
  } catch (const std::exception& e) {
    return failure(not_parquet(e.what()));
  }
  return success(rows);
}

}  // namespace

ParquetSummary read_parquet_summary(const std::filesystem::path& file) {
  ParquetSummary out;
  // A placeholder or a cut file is told apart without the library: "PAR1" ends every Parquet file.
  {
    std::ifstream in(file, std::ios::binary | std::ios::ate);
    char magic[4] = {};
    const auto size = static_cast<std::int64_t>(in.tellg());
    if (!in || size < 12 || !in.seekg(size - 4).read(magic, 4) || std::string(magic, 4) != "PAR1") {
      out.error = not_parquet("the Parquet magic bytes (PAR1) are not at the end of the file");
      return out;
    }
  }
  try {
    auto reader = parquet::ParquetFileReader::OpenFile(file.string(), false);
    const auto metadata = reader->metadata();
    out.rows = metadata->num_rows();
    const parquet::SchemaDescriptor* schema = metadata->schema();
    const auto& root = *schema->group_node();
    for (int i = 0; i < root.field_count(); ++i) out.columns.push_back(root.field(i)->name());
    out.ok = true;
  } catch (const std::exception& e) {
    out.error = not_parquet(e.what());
  }
  return out;
}

RowCount read_parquet_rows(const std::filesystem::path& file, const CollectionSchema* schema) {
  try {
    return read_rows(file, schema);
  } catch (const std::exception& e) {
    return failure(not_parquet(e.what()));
  }
}

}  // namespace devserver
