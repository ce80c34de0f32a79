// Server state names <-> our enums. Unknown names map to `unknown`; the raw
// name is always kept beside the enum by the decoder.
#pragma once

#include <string_view>

#include "protocol/types.hpp"

namespace mj::protocol {

RefreshState refresh_state_from_name(std::string_view name) noexcept;
ImportState import_state_from_name(std::string_view name) noexcept;
ImportFileState import_file_state_from_name(std::string_view name) noexcept;

}  // namespace mj::protocol
