#include "row_check.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>

namespace devserver {
namespace {

using nlohmann::json;

std::string type_error(const FieldSchema& field, const json& value) {
  return "expected type '" + std::string(data_type_name(field.type)) + "' for field '" + field.name + "', got type '" +
         go_type_of(value) + "' with value '" + go_value_of(value) + "'";
}

std::string dim_error(const FieldSchema& field, std::int64_t actual) {
  return "expected dim '" + std::to_string(field.dim) + "' for field '" + field.name + "' with type '" +
         data_type_name(field.type) + "', got dim '" + std::to_string(actual) + "'";
}

std::string length_error(const FieldSchema& field, std::size_t length, std::int64_t max_length) {
  return "value length " + std::to_string(length) + " exceeds max_length " + std::to_string(max_length) +
         " of field '" + field.name + "'";
}

// strconv.ParseInt(text, 0, bits) on a json.Number's text.
std::string parse_int_error(const std::string& text, int bits) {
  errno = 0;
  char* end = nullptr;
  const long long number = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || end != text.c_str() + text.size())
    return "strconv.ParseInt: parsing \"" + text + "\": invalid syntax";
  const long long max = bits == 64 ? std::numeric_limits<long long>::max() : (1LL << (bits - 1)) - 1;
  const long long min = bits == 64 ? std::numeric_limits<long long>::min() : -(1LL << (bits - 1));
  if (errno == ERANGE || number > max || number < min)
    return "strconv.ParseInt: parsing \"" + text + "\": value out of range";
  return "";
}

std::string parse_float_error(const std::string& text) {
  errno = 0;
  char* end = nullptr;
  (void)std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size())
    return "strconv.ParseFloat: parsing \"" + text + "\": invalid syntax";
  if (errno == ERANGE) return "strconv.ParseFloat: parsing \"" + text + "\": value out of range";
  return "";
}

int int_bits(DataType type) {
  switch (type) {
    case DataType::Int8: return 8;
    case DataType::Int16: return 16;
    case DataType::Int32: return 32;
    default: return 64;
  }
}

std::string number_text(const json& value) { return value.dump(); }

// One scalar of `type` (a field's type, or an Array's element type).
bool scalar_fits(DataType type, const json& value, std::string& error) {
  switch (type) {
    case DataType::Bool: return value.is_boolean();
    case DataType::Int8:
    case DataType::Int16:
    case DataType::Int32:
    case DataType::Int64:
      if (!value.is_number()) return false;
      error = parse_int_error(number_text(value), int_bits(type));
      return true;
    case DataType::Float:
    case DataType::Double: return value.is_number();
    case DataType::VarChar: return value.is_string();
    default: return false;
  }
}

bool is_valid_json_text(const std::string& text) { return json::accept(text); }

// ParseBool of Go's strconv.
bool go_parse_bool(const std::string& text, bool& out) {
  static const std::set<std::string> yes{"1", "t", "T", "TRUE", "true", "True"};
  static const std::set<std::string> no{"0", "f", "F", "FALSE", "false", "False"};
  if (yes.count(text)) return out = true, true;
  if (no.count(text)) return out = false, true;
  return false;
}

}  // namespace

std::string go_type_of(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "<nil>";
    case json::value_t::boolean: return "bool";
    case json::value_t::string: return "string";
    case json::value_t::object: return "map[string]interface {}";
    case json::value_t::array: return "[]interface {}";
    default: return "json.Number";
  }
}

std::string go_value_of(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "<nil>";
    case json::value_t::string: return value.get<std::string>();
    case json::value_t::array: {
      std::string out = "[";
      for (std::size_t i = 0; i < value.size(); ++i) out += (i ? " " : "") + go_value_of(value[i]);
      return out + "]";
    }
    case json::value_t::object: {
      std::string out = "map[";
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        out += (first ? "" : " ") + it.key() + ":" + go_value_of(it.value());
        first = false;
      }
      return out + "]";
    }
    default: return value.dump();
  }
}

std::string RowChecker::check_value(const FieldSchema& field, const json& value) const {
  if (value.is_null()) {
    if (field.nullable || field.has_default) return "";
    return type_error(field, value);
  }
  std::string error;
  switch (field.type) {
    case DataType::Bool:
    case DataType::Int8:
    case DataType::Int16:
    case DataType::Int32:
    case DataType::Int64:
    case DataType::Float:
    case DataType::Double:
      if (!scalar_fits(field.type, value, error)) return type_error(field, value);
      return error.empty() ? "" : error + " (field '" + field.name + "')";
    case DataType::VarChar: {
      if (!value.is_string()) return type_error(field, value);
      const std::size_t length = value.get_ref<const std::string&>().size();
      return static_cast<std::int64_t>(length) > field.max_length ? length_error(field, length, field.max_length) : "";
    }
    case DataType::Json:
      if (value.is_object()) return "";
      if (value.is_string()) {
        if (is_valid_json_text(value.get<std::string>())) return "";
        return "invalid JSON in field '" + field.name + "': " + value.get<std::string>();
      }
      return type_error(field, value);
    case DataType::Array: {
      if (!value.is_array()) return type_error(field, value);
      if (static_cast<std::int64_t>(value.size()) > field.max_capacity)
        return "array capacity " + std::to_string(value.size()) + " exceeds max_capacity " +
               std::to_string(field.max_capacity) + " of field '" + field.name + "'";
      for (const auto& element : value) {
        if (!scalar_fits(field.element_type, element, error))
          return "expected element type '" + std::string(data_type_name(field.element_type)) + "' in array field '" +
                 field.name + "', got type '" + go_type_of(element) + "' with value '" + go_value_of(element) + "'";
        if (!error.empty()) return error + " (field '" + field.name + "')";
        if (field.element_type == DataType::VarChar &&
            static_cast<std::int64_t>(element.get_ref<const std::string&>().size()) > field.max_length)
          return length_error(field, element.get_ref<const std::string&>().size(), field.max_length);
      }
      return "";
    }
    case DataType::FloatVector:
    case DataType::Float16Vector:
    case DataType::BFloat16Vector:
    case DataType::Int8Vector:
    case DataType::BinaryVector: {
      if (!value.is_array()) return type_error(field, value);
      const bool binary = field.type == DataType::BinaryVector;
      const std::int64_t want = binary ? field.dim / 8 : field.dim;
      const auto got = static_cast<std::int64_t>(value.size());
      if (got != want) return dim_error(field, binary ? got * 8 : got);
      for (const auto& element : value) {
        if (!element.is_number()) return type_error(field, element);
        if (binary && (!element.is_number_unsigned() || element.get<std::uint64_t>() > 255))
          return "strconv.ParseUint: parsing \"" + element.dump() + "\": value out of range (field '" + field.name +
                 "')";
        if (field.type == DataType::Int8Vector) {
          error = parse_int_error(element.dump(), 8);
          if (!error.empty()) return error + " (field '" + field.name + "')";
        }
      }
      return "";
    }
    case DataType::SparseFloatVector: return value.is_object() ? "" : type_error(field, value);
  }
  return "";
}

std::string RowChecker::check_json_row(const json& row) const {
  if (!row.is_object()) return "invalid JSON format, each row should be a key-value map";
  const FieldSchema& primary = schema_.primary();
  if (primary.auto_id && row.contains(primary.name))
    return "the primary key '" + primary.name + "' is auto-generated, no need to provide";
  const FieldSchema* dynamic = schema_.find(kDynamicFieldName);
  std::set<std::string> dynamic_keys;
  const json* meta = nullptr;
  for (auto it = row.begin(); it != row.end(); ++it) {
    const FieldSchema* field = schema_.find(it.key());
    if (field != nullptr && !field->is_dynamic) {
      std::string error = check_value(*field, it.value());
      if (!error.empty()) return error;
    } else if (dynamic != nullptr) {
      if (it.key() == kDynamicFieldName)
        meta = &it.value();
      else
        dynamic_keys.insert(it.key());
    } else {
      return "the field '" + it.key() + "' is not defined in schema";
    }
  }
  for (const FieldSchema* field : schema_.input_fields())
    if (!row.contains(field->name) && !field->nullable && !field->has_default)
      return "value of field '" + field->name + "' is missed";
  if (meta != nullptr) {
    json object;
    if (meta->is_string()) {
      object = json::parse(meta->get<std::string>(), nullptr, false);
      if (!object.is_object()) return "illegal value for dynamic field, not a JSON format string";
    } else if (meta->is_object()) {
      object = *meta;
    } else {
      return "illegal value for dynamic field, not a JSON object";
    }
    for (auto it = object.begin(); it != object.end(); ++it)
      if (dynamic_keys.count(it.key())) return "duplicated key is not allowed, key=" + it.key();
  }
  return "";
}

std::string RowChecker::check_csv_header(const std::vector<std::string>& header) const {
  const std::set<std::string> names(header.begin(), header.end());
  const FieldSchema& primary = schema_.primary();
  if (primary.auto_id && names.count(primary.name))
    return "the primary key '" + primary.name + "' is auto-generated, no need to provide";
  for (const FieldSchema* field : schema_.input_fields())
    if (!field->nullable && !field->has_default && !names.count(field->name))
      return "value of field is missed: '" + field->name + "'";
  return "";
}

std::string RowChecker::check_csv_value(const FieldSchema& field, const std::string& text) const {
  const json as_string = text;
  switch (field.type) {
    case DataType::Bool: {
      bool ignored = false;
      return go_parse_bool(text, ignored) ? "" : type_error(field, as_string);
    }
    case DataType::Int8:
    case DataType::Int16:
    case DataType::Int32:
    case DataType::Int64:
      return parse_int_error(text, int_bits(field.type)).empty() ? "" : type_error(field, as_string);
    case DataType::Float:
    case DataType::Double: return parse_float_error(text).empty() ? "" : type_error(field, as_string);
    case DataType::VarChar:
      return static_cast<std::int64_t>(text.size()) > field.max_length
                 ? length_error(field, text.size(), field.max_length)
                 : "";
    case DataType::Json: return is_valid_json_text(text) ? "" : "invalid JSON in field '" + field.name + "': " + text;
    default: {
      // Vectors and arrays are JSON text in a CSV cell.
      const json parsed = json::parse(text, nullptr, false);
      if (parsed.is_discarded()) return type_error(field, as_string);
      return check_value(field, parsed);
    }
  }
}

std::string RowChecker::check_csv_row(const std::vector<std::string>& header, const std::vector<std::string>& values,
                                      const std::string& null_key) const {
  if (values.size() != header.size()) return "the number of fields in the row is not equal to the header";
  for (std::size_t i = 0; i < header.size(); ++i) {
    const FieldSchema* field = schema_.find(header[i]);
    if (field == nullptr || field->is_dynamic || (field->is_primary && field->auto_id)) continue;
    if ((field->nullable || field->has_default) && values[i] == null_key) continue;
    std::string error = check_csv_value(*field, values[i]);
    if (!error.empty()) return error;
  }
  return "";
}

}  // namespace devserver
