#include "schema.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

namespace devserver {
namespace {

using nlohmann::json;

struct TypeName {
  const char* name;
  DataType type;
};

constexpr TypeName kTypeNames[] = {
    {"Bool", DataType::Bool},
    {"Int8", DataType::Int8},
    {"Int16", DataType::Int16},
    {"Int32", DataType::Int32},
    {"Int64", DataType::Int64},
    {"Float", DataType::Float},
    {"Double", DataType::Double},
    {"VarChar", DataType::VarChar},
    {"JSON", DataType::Json},
    {"Array", DataType::Array},
    {"FloatVector", DataType::FloatVector},
    {"BinaryVector", DataType::BinaryVector},
    {"Float16Vector", DataType::Float16Vector},
    {"BFloat16Vector", DataType::BFloat16Vector},
    {"SparseFloatVector", DataType::SparseFloatVector},
    {"Int8Vector", DataType::Int8Vector},
};

bool same_key(const std::string& a, const char* b) {
  const std::size_t n = std::char_traits<char>::length(b);
  if (a.size() != n) return false;
  for (std::size_t i = 0; i < n; ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// encoding/json: an exact match wins, else the first case-insensitive one.
const json* member(const json& object, const char* key) {
  if (auto it = object.find(key); it != object.end()) return &*it;
  for (auto it = object.begin(); it != object.end(); ++it)
    if (same_key(it.key(), key)) return &*it;
  return nullptr;
}

bool bool_member(const json& object, const char* key, const std::string& where) {
  const json* value = member(object, key);
  if (value == nullptr || value->is_null()) return false;
  if (!value->is_boolean()) throw SchemaError(where + "." + key + " must be true or false");
  return value->get<bool>();
}

std::string string_member(const json& object, const char* key, const std::string& where) {
  const json* value = member(object, key);
  if (value == nullptr || value->is_null()) return "";
  if (!value->is_string()) throw SchemaError(where + "." + key + " must be a string");
  return value->get<std::string>();
}

DataType parse_type(const std::string& name, const std::string& where) {
  for (const auto& entry : kTypeNames)
    if (name == entry.name) return entry.type;
  std::string known;
  for (const auto& entry : kTypeNames) known += std::string(known.empty() ? "" : ", ") + entry.name;
  // handler_v2: "data type %s is invalid(case sensitive)."
  throw SchemaError(where + ": data type " + name + " is invalid(case sensitive); use one of " + known);
}

// elementTypeParams values are strings on the wire ("dim": "128"); numbers are accepted too.
std::int64_t positive_param(const json& params, const char* key, const std::string& where, bool required) {
  const json* value = member(params, key);
  if (value == nullptr || value->is_null()) {
    if (required) throw SchemaError(where + ".elementTypeParams." + key + " is required");
    return 0;
  }
  std::int64_t number = 0;
  if (value->is_number_integer()) {
    number = value->get<std::int64_t>();
  } else if (value->is_string()) {
    const std::string text = value->get<std::string>();
    std::size_t used = 0;
    try {
      number = std::stoll(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size())
      throw SchemaError(where + ".elementTypeParams." + key + " must be a positive integer, got \"" + text + "\"");
  } else {
    throw SchemaError(where + ".elementTypeParams." + key + " must be a positive integer");
  }
  if (number <= 0) throw SchemaError(where + ".elementTypeParams." + key + " must be a positive integer");
  return number;
}

}  // namespace

const char* data_type_name(DataType type) {
  for (const auto& entry : kTypeNames)
    if (entry.type == type) return entry.name;
  return "None";
}

bool is_vector_type(DataType type) {
  switch (type) {
    case DataType::FloatVector:
    case DataType::BinaryVector:
    case DataType::Float16Vector:
    case DataType::BFloat16Vector:
    case DataType::SparseFloatVector:
    case DataType::Int8Vector: return true;
    default: return false;
  }
}

bool is_integer_type(DataType type) {
  return type == DataType::Int8 || type == DataType::Int16 || type == DataType::Int32 || type == DataType::Int64;
}

const FieldSchema* CollectionSchema::find(const std::string& name) const {
  for (const auto& field : fields)
    if (field.name == name) return &field;
  return nullptr;
}

const FieldSchema& CollectionSchema::primary() const {
  for (const auto& field : fields)
    if (field.is_primary) return field;
  throw SchemaError("the schema has no primary key");  // parse_collection_schema makes sure of one
}

std::vector<const FieldSchema*> CollectionSchema::input_fields() const {
  std::vector<const FieldSchema*> out;
  for (const auto& field : fields)
    if (!field.is_dynamic && !(field.is_primary && field.auto_id)) out.push_back(&field);
  return out;
}

CollectionSchema parse_collection_schema(const json& schema) {
  if (!schema.is_object()) throw SchemaError("schema must be an object like {\"fields\":[...]}");
  CollectionSchema out;
  const bool auto_id = bool_member(schema, "autoID", "schema");
  out.enable_dynamic_field = bool_member(schema, "enableDynamicField", "schema");
  const json* fields = member(schema, "fields");
  if (fields == nullptr || !fields->is_array() || fields->empty())
    throw SchemaError("schema.fields must be a non-empty array of fields");

  std::set<std::string> names;
  std::size_t index = 0;
  for (const auto& entry : *fields) {
    const std::string where = "schema.fields[" + std::to_string(index++) + "]";
    if (!entry.is_object()) throw SchemaError(where + " must be an object with fieldName and dataType");
    FieldSchema field;
    field.name = string_member(entry, "fieldName", where);
    if (field.name.empty()) throw SchemaError(where + ".fieldName is required");
    if (field.name == kDynamicFieldName)
      throw SchemaError(where + ": the field name " + field.name + " is reserved for the dynamic field");
    if (!names.insert(field.name).second) throw SchemaError(where + ": duplicated field name " + field.name);
    const std::string type = string_member(entry, "dataType", where);
    if (type.empty()) throw SchemaError(where + ".dataType is required");
    field.type = parse_type(type, where + ".dataType");
    field.is_primary = bool_member(entry, "isPrimary", where);
    // Milvus takes autoID at the schema level; a field-level autoID on the key is read too.
    field.auto_id = field.is_primary && (auto_id || bool_member(entry, "autoID", where));
    field.nullable = bool_member(entry, "nullable", where);
    const json* default_value = member(entry, "defaultValue");
    field.has_default = default_value != nullptr && !default_value->is_null();

    static const json kNoParams = json::object();
    const json* params = member(entry, "elementTypeParams");
    if (params != nullptr && !params->is_null() && !params->is_object())
      throw SchemaError(where + ".elementTypeParams must be an object like {\"dim\":\"128\"}");
    const json& p = params != nullptr && params->is_object() ? *params : kNoParams;

    if (is_vector_type(field.type) && field.type != DataType::SparseFloatVector) {
      field.dim = positive_param(p, "dim", where, true);
      if (field.type == DataType::BinaryVector && field.dim % 8 != 0)
        throw SchemaError(where + ": the dim of a BinaryVector must be a multiple of 8");
    }
    if (field.type == DataType::VarChar) field.max_length = positive_param(p, "max_length", where, true);
    if (field.type == DataType::Array) {
      std::string element = string_member(entry, "elementDataType", where);
      if (element.empty()) throw SchemaError(where + ".elementDataType is required for an Array field");
      field.element_type = parse_type(element, where + ".elementDataType");
      if (field.element_type == DataType::Array || field.element_type == DataType::Json ||
          is_vector_type(field.element_type))
        throw SchemaError(where + ".elementDataType " + element.append(" is not a scalar type an Array can hold"));
      field.max_capacity = positive_param(p, "max_capacity", where, true);
      if (field.element_type == DataType::VarChar) field.max_length = positive_param(p, "max_length", where, true);
    }
    if (field.is_primary) {
      if (field.type != DataType::Int64 && field.type != DataType::VarChar)
        throw SchemaError(where + ": the primary key must be Int64 or VarChar");
      if (field.nullable) throw SchemaError(where + ": the primary key cannot be nullable");
    }
    if (field.nullable && is_vector_type(field.type)) throw SchemaError(where + ": a vector field cannot be nullable");
    out.fields.push_back(std::move(field));
  }
  const auto primaries =
      std::count_if(out.fields.begin(), out.fields.end(), [](const FieldSchema& f) { return f.is_primary; });
  if (primaries != 1)
    throw SchemaError("schema must have exactly one field with \"isPrimary\": true (found " +
                      std::to_string(primaries) + ")");
  if (out.enable_dynamic_field) {
    FieldSchema dynamic;
    dynamic.name = kDynamicFieldName;
    dynamic.type = DataType::Json;
    dynamic.is_dynamic = true;
    out.fields.push_back(std::move(dynamic));
  }
  return out;
}

}  // namespace devserver
