// What the workers need to know about the server's layout and pacing.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>

namespace devserver {

struct WorkSettings {
  std::filesystem::path data_dir;                  // stand-in for object storage
  std::optional<std::filesystem::path> state_dir;  // manifests are copied here too when set
  std::chrono::milliseconds delay{0};              // per unit of work (--work-delay-ms)
};

}  // namespace devserver
