// The nesting bound of every JSON text the dev server parses. Go's
// encoding/json, which Milvus decodes request bodies and external specs with,
// refuses a text nesting more than 10000 arrays/objects ("exceeded max
// depth"); nlohmann::json parses deeper texts, but serialising, copying or
// comparing one recurses once per level and overflows a worker thread's
// stack. The dev server checks the raw text before parsing it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace devserver {

inline constexpr std::size_t kMaxJsonDepth = 10000;

// Go's scanner error for the first bracket past kMaxJsonDepth, e.g.
// "invalid character '[' exceeded max depth"; nullopt when the text nests
// at most kMaxJsonDepth deep (whether or not it is valid JSON).
inline std::optional<std::string> json_depth_error(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return std::string("invalid character '") + c + "' exceeded max depth";
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

}  // namespace devserver
