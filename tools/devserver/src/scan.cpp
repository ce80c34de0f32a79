#include "scan.hpp"

#include <algorithm>

namespace devserver {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool has_directory(const std::filesystem::path& relative, const std::string& name) {
  const std::filesystem::path parent = relative.parent_path();
  return std::any_of(parent.begin(), parent.end(), [&](const auto& part) { return part == name; });
}

bool selected(const std::filesystem::path& relative, const std::string& format) {
  const std::string name = relative.filename().string();
  if (format == "parquet") return ends_with(name, ".parquet");
  if (format == "vortex") return ends_with(name, ".vortex");
  if (format == "iceberg-table") return ends_with(name, ".parquet") && has_directory(relative, "data");
  if (format == "lance-table")
    return ends_with(name, ".lance") || (ends_with(name, ".manifest") && has_directory(relative, "_versions"));
  return format == "milvus-table";
}

}  // namespace

std::vector<DataFile> list_data_files(const std::filesystem::path& root, const std::string& format) {
  std::vector<DataFile> files;
  namespace fs = std::filesystem;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    const fs::path& path = it->path();
    if (path.filename().string().rfind('.', 0) == 0) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    const fs::path relative = path.lexically_relative(root);
    if (!selected(relative, format)) continue;
    files.push_back(DataFile{path, relative.generic_string(), static_cast<std::int64_t>(it->file_size())});
  }
  std::sort(files.begin(), files.end(), [](const DataFile& a, const DataFile& b) { return a.relative < b.relative; });
  return files;
}

}  // namespace devserver
