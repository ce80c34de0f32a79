#include "protocol/states.hpp"

#include <utility>

namespace mj::protocol {
namespace {

template <class E, size_t N>
E lookup(const std::pair<std::string_view, E> (&table)[N], std::string_view name, E fallback) noexcept {
  for (const auto& [key, value] : table) {
    if (key == name) return value;
  }
  return fallback;
}

}  // namespace

RefreshState refresh_state_from_name(std::string_view name) noexcept {
  static constexpr std::pair<std::string_view, RefreshState> table[] = {
      {"RefreshPending", RefreshState::pending},
      {"RefreshInProgress", RefreshState::in_progress},
      {"RefreshCompleted", RefreshState::completed},
      {"RefreshFailed", RefreshState::failed},
  };
  return lookup(table, name, RefreshState::unknown);
}

ImportState import_state_from_name(std::string_view name) noexcept {
  static constexpr std::pair<std::string_view, ImportState> table[] = {
      {"None", ImportState::none},
      {"Pending", ImportState::pending},
      {"Importing", ImportState::importing},
      {"Completed", ImportState::completed},
      {"Failed", ImportState::failed},
      {"Uncommitted", ImportState::uncommitted},
      {"Committing", ImportState::committing},
  };
  return lookup(table, name, ImportState::unknown);
}

ImportFileState import_file_state_from_name(std::string_view name) noexcept {
  static constexpr std::pair<std::string_view, ImportFileState> table[] = {
      {"None", ImportFileState::none},
      {"Pending", ImportFileState::pending},
      {"InProgress", ImportFileState::in_progress},
      {"Failed", ImportFileState::failed},
      {"Completed", ImportFileState::completed},
      {"Retry", ImportFileState::retry},
  };
  return lookup(table, name, ImportFileState::unknown);
}

}  // namespace mj::protocol
