// Validation shared by the handlers and the workers: external source/spec (as
// pkg/util/externalspec does it), spec redaction, and the mapping of remote names to local
// files under --data-dir.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace devserver {

struct ExternalSpecInfo {
  std::string format;  // one of parquet, lance-table, vortex, iceberg-table, milvus-table
};

// Throws ApiError 1100 with the real server's wording.
void validate_external_source(const std::string& source);
// The project endpoint's form (project_endpoint.hpp): volume://<volume>/path.
// Throws ApiError 1100.
void validate_volume_source(const std::string& source);
// Throws ApiError 1100. An empty spec means parquet, as in specutil.ParseExternalSpec.
ExternalSpecInfo parse_external_spec(const std::string& spec);
// validateExternalSource + parseExternalSpec (extfs credential completeness is not checked).
ExternalSpecInfo validate_source_and_spec(const std::string& source, const std::string& spec);

// RedactExternalSpec: secret extfs values become "***", snapshot_id becomes a string,
// unparsable input becomes "<invalid spec>".
std::string redact_external_spec(const std::string& spec);
// Log-safe forms for error messages: never echo credentials back.
std::string redact_source_for_message(const std::string& source);
std::string redact_spec_for_message(const std::string& spec);

// scheme://host/path -> dataDir/host/path (volume://name/path ->
// dataDir/volumes/name/path, where cloud imports read volumes). Returns nullopt and sets `error` when the source
// has no host or uses ".." segments.
std::optional<std::filesystem::path> source_to_local_dir(const std::filesystem::path& data_dir,
                                                         const std::string& source, std::string& error);

// Whether `path`, with every symbolic link on the way resolved, still lies
// inside dataDir (resolved the same way). A link inside the data dir that
// points outside it does not count as inside.
bool stays_in_data_dir(const std::filesystem::path& data_dir, const std::filesystem::path& path);

// An import file path relative to dataDir. Throws ApiError 1100 for absolute paths and paths
// that leave dataDir.
std::filesystem::path resolve_import_path(const std::filesystem::path& data_dir, const std::string& path);

}  // namespace devserver
