// The library's one decimal-to-int64 parser: ids and counts that arrive as
// text (a refresh id sent as a string, Zilliz Cloud's "count": "1000", the
// running job's id inside a duplicate-refresh message).
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mj {

// The whole of `text` as a decimal int64: digits with an optional leading
// '-'; nullopt for anything else (empty, a sign alone, '+', spaces, other
// characters, a value outside int64).
inline std::optional<int64_t> parse_int64(std::string_view text) noexcept {
  int64_t value = 0;
  const char* const end = text.data() + text.size();
  const auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || stop != end) return std::nullopt;
  return value;
}

}  // namespace mj
