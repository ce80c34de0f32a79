// Checks import rows against a collection schema the way Milvus's import readers do
// (importutilv2 json/csv row parsers), with their wording. Each check returns "" when the row
// is fine, else Milvus's sentence, which names the field.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema.hpp"

namespace devserver {

class RowChecker {
 public:
  explicit RowChecker(const CollectionSchema& schema) : schema_(schema) {}

  // One row of a .json or .jsonl file.
  std::string check_json_row(const nlohmann::json& row) const;

  // A CSV header, then each record against it. `null_key` is the "nullkey" import option
  // (default ""): the text that means null in a nullable field.
  std::string check_csv_header(const std::vector<std::string>& header) const;
  std::string check_csv_row(const std::vector<std::string>& header, const std::vector<std::string>& values,
                            const std::string& null_key) const;

 private:
  std::string check_value(const FieldSchema& field, const nlohmann::json& value) const;
  std::string check_csv_value(const FieldSchema& field, const std::string& text) const;

  const CollectionSchema& schema_;
};

// Go's %T and %v of a value decoded by encoding/json with UseNumber, for messages.
std::string go_type_of(const nlohmann::json& value);
std::string go_value_of(const nlohmann::json& value);

}  // namespace devserver
