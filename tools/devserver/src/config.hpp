// Reads the --config file into a Catalog.
#pragma once

#include <filesystem>

#include "catalog.hpp"

namespace devserver {

// Throws std::runtime_error with a message that says what to fix.
Catalog load_config(const std::filesystem::path& file);

}  // namespace devserver
