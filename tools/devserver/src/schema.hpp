// A collection schema in the shape of the Milvus REST v2 collection-create `schema`
// (httpserver's CollectionSchema / FieldSchema): what an import's rows are checked against.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace devserver {

// schemapb.DataType, by the names the REST v2 API takes (case sensitive, as there).
enum class DataType {
  Bool,
  Int8,
  Int16,
  Int32,
  Int64,
  Float,
  Double,
  VarChar,
  Json,
  Array,
  FloatVector,
  BinaryVector,
  Float16Vector,
  BFloat16Vector,
  SparseFloatVector,
  Int8Vector,
};

const char* data_type_name(DataType type);
bool is_vector_type(DataType type);
bool is_integer_type(DataType type);

struct FieldSchema {
  std::string name;
  DataType type = DataType::Int64;
  DataType element_type = DataType::Int64;  // Array only
  bool is_primary = false;
  bool auto_id = false;  // primary key only: generated, must not be given
  bool nullable = false;
  bool has_default = false;
  bool is_dynamic = false;        // the hidden "$meta" field of enableDynamicField
  std::int64_t dim = 0;           // vectors (not sparse)
  std::int64_t max_length = 0;    // VarChar, and VarChar elements of an Array
  std::int64_t max_capacity = 0;  // Array
};

struct CollectionSchema {
  std::vector<FieldSchema> fields;  // as declared, plus "$meta" last when dynamic
  bool enable_dynamic_field = false;

  const FieldSchema* find(const std::string& name) const;
  const FieldSchema& primary() const;
  // The fields a row must (or may) carry: every field but an auto-id primary key and "$meta".
  std::vector<const FieldSchema*> input_fields() const;
};

inline constexpr const char* kDynamicFieldName = "$meta";

struct SchemaError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads the `schema` object of a collection-create request. Keys match case-insensitively, as
// Go's encoding/json (and so Milvus) matches them. Throws SchemaError naming the bad key.
CollectionSchema parse_collection_schema(const nlohmann::json& schema);

}  // namespace devserver
