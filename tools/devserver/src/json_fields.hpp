// Object key lookup with encoding/json's rule: an exact key match wins, otherwise the first
// key equal under ASCII case folding (so a body's "jobID" still binds to "jobId").
#pragma once

#include <cctype>
#include <exception>
#include <string>

#include <nlohmann/json.hpp>

namespace devserver {

inline const nlohmann::json* find_field(const nlohmann::json& object, const std::string& key) {
  if (!object.is_object()) return nullptr;
  if (auto it = object.find(key); it != object.end()) return &*it;
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string& candidate = it.key();
    if (candidate.size() != key.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < key.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(candidate[i])) == std::tolower(static_cast<unsigned char>(key[i]));
    if (same) return &*it;
  }
  return nullptr;
}

// The JSON kind name encoding/json uses in "cannot unmarshal <kind> into ..." messages.
inline std::string json_kind_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::boolean: return "bool";
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::object: return "object";
    case nlohmann::json::value_t::number_float: return "number " + value.dump();
    default: return "number";
  }
}

// nlohmann's exception text without its "[json.exception.parse_error.101] " tag.
inline std::string json_error_text(const std::exception& error) {
  std::string text = error.what();
  if (text.rfind("[json.exception.", 0) == 0) {
    const std::size_t close = text.find("] ");
    if (close != std::string::npos) text.erase(0, close + 2);
  }
  return text;
}

}  // namespace devserver
