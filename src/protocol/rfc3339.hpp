#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mj::protocol {

// Parses "2024-04-01T06:17:20Z", "2024-04-01T06:17:20.123+08:00" (the layout
// Go's time.RFC3339 writes, fractions allowed) into ms since the Unix epoch.
// Returns nullopt for anything else, including "".
std::optional<int64_t> parse_rfc3339_ms(std::string_view text) noexcept;

}  // namespace mj::protocol
