// Whole-file writes that readers never see half done.
#pragma once

#include <filesystem>
#include <string>

namespace devserver {

// Writes `contents` to a temporary file beside `target` and renames it over `target`,
// creating parent directories as needed. Throws std::runtime_error on failure.
void write_file_atomically(const std::filesystem::path& target, const std::string& contents);

}  // namespace devserver
