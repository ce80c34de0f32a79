#include "validate.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "api_error.hpp"
#include "json_depth.hpp"
#include "json_fields.hpp"

namespace devserver {
namespace {

using nlohmann::json;

const std::set<std::string> kAllowedSchemes = {"aws", "azure", "cos", "gcs", "gs", "minio", "obs", "oss", "s3", "s3a"};
const std::set<std::string> kFormats = {"iceberg-table", "lance-table", "milvus-table", "parquet", "vortex"};
const std::set<std::string> kExtfsKeys = {"access_key_id",
                                          "access_key_value",
                                          "anonymous",
                                          "bucket_name",
                                          "cloud_provider",
                                          "external_id",
                                          "gcp_target_service_account",
                                          "iam_endpoint",
                                          "load_frequency",
                                          "region",
                                          "role_arn",
                                          "session_name",
                                          "ssl_ca_cert",
                                          "storage_type",
                                          "use_iam",
                                          "use_ssl",
                                          "use_virtual_host"};
const std::set<std::string> kBooleanExtfsKeys = {"anonymous", "use_iam", "use_ssl", "use_virtual_host"};
const std::set<std::string> kSecretExtfsKeys = {"access_key_id", "access_key_value", "external_id", "ssl_ca_cert"};

std::string joined(const std::set<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string to_lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The parts of a URL that matter here, split the way Go's net/url does for "scheme://auth/path".
struct UrlParts {
  std::string scheme;
  bool has_authority = false;
  bool has_userinfo = false;
  bool has_query_or_fragment = false;
  std::string host;
  std::string path;
};

// Returns false with `error` set when Go's url.Parse would fail.
bool split_url(const std::string& text, UrlParts& parts, std::string& error) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      error = "parse " + go_quote(text) + ": net/url: invalid control character in URL";
      return false;
    }
  }
  std::string rest = text;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isalpha(c)) continue;
    if ((std::isdigit(c) || c == '+' || c == '-' || c == '.') && i > 0) continue;
    if (c == ':') {
      if (i == 0) {
        error = "parse " + go_quote(text) + ": missing protocol scheme";
        return false;
      }
      parts.scheme = text.substr(0, i);
      rest = text.substr(i + 1);
    }
    break;
  }
  const std::size_t cut = rest.find_first_of("?#");
  if (cut != std::string::npos) {
    parts.has_query_or_fragment = true;
    rest = rest.substr(0, cut);
  }
  if (rest.rfind("//", 0) == 0) {
    parts.has_authority = true;
    rest = rest.substr(2);
    const std::size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    parts.path = slash == std::string::npos ? "" : rest.substr(slash);
    const std::size_t at = authority.rfind('@');
    if (at != std::string::npos) {
      parts.has_userinfo = true;
      authority = authority.substr(at + 1);
    }
    parts.host = authority;
  } else {
    parts.path = rest;
  }
  return true;
}

ApiError spec_error(const std::string& detail) {
  return invalid_parameter("external_spec is invalid: parse external spec: " + detail);
}

std::string unmarshal_error(const json& value, const std::string& field, const std::string& type) {
  return "invalid external spec JSON: json: cannot unmarshal " + json_kind_name(value) +
         " into Go struct field ExternalSpec." + field + " of type " + type;
}

bool parse_int64_text(const std::string& text, long long& out) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  out = std::strtoll(text.c_str(), &end, 10);
  return errno == 0 && end == text.c_str() + text.size() && !std::isspace(static_cast<unsigned char>(text[0]));
}

}  // namespace

void validate_external_source(const std::string& source) {
  const std::string prefix = "external_source is invalid: ";
  if (source.empty()) throw invalid_parameter(prefix + "external_source is empty");
  UrlParts parts;
  std::string error;
  if (!split_url(source, parts, error)) throw invalid_parameter(prefix + "invalid external_source URL: " + error);
  const std::string scheme = to_lower(parts.scheme);
  if (scheme.empty())
    throw invalid_parameter(prefix + "external_source must have an explicit scheme (e.g. s3://, aws://, gs://)");
  if (kAllowedSchemes.count(scheme) == 0)
    throw invalid_parameter(prefix + "external_source scheme " + go_quote(scheme) +
                            " is not allowed; allowed schemes: " + joined(kAllowedSchemes));
  if (parts.has_userinfo)
    throw invalid_parameter(prefix +
                            "external_source must not embed credentials in the URL (use "
                            "extfs.access_key_id / extfs.access_key_value instead)");
  if (parts.host.empty())
    throw invalid_parameter(prefix +
                            "external_source must have a non-empty host (e.g. s3://bucket/key, "
                            "s3://endpoint/bucket/key, or minio://endpoint/bucket/key)");
}

void validate_volume_source(const std::string& source) {
  const std::string prefix = "external_source is invalid: ";
  if (source.empty()) throw invalid_parameter(prefix + "external_source is empty");
  UrlParts parts;
  std::string error;
  if (!split_url(source, parts, error)) throw invalid_parameter(prefix + "invalid external_source URL: " + error);
  if (to_lower(parts.scheme) != "volume")
    throw invalid_parameter(prefix + "the project endpoint reads external data from Zilliz Cloud volumes: write " +
                            "volume://<volume-name>/path/ (got scheme " + go_quote(parts.scheme) + ")");
  if (parts.has_userinfo || parts.has_query_or_fragment)
    throw invalid_parameter(prefix + "a volume URL carries no credentials, query or fragment");
  if (parts.host.empty()) throw invalid_parameter(prefix + "external_source names no volume: volume://<name>/path/");
}

ExternalSpecInfo parse_external_spec(const std::string& spec) {
  ExternalSpecInfo info{"parquet"};
  if (spec.empty()) return info;
  if (auto deep = json_depth_error(spec)) throw spec_error("invalid external spec JSON: " + *deep);
  json root;
  try {
    root = json::parse(spec);
  } catch (const json::exception& e) {
    throw spec_error("invalid external spec JSON: " + json_error_text(e));
  }
  if (root.is_null()) return info;
  if (!root.is_object())
    throw spec_error("invalid external spec JSON: json: cannot unmarshal " + json_kind_name(root) +
                     " into Go value of type specutil.ExternalSpec");

  if (const json* format = find_field(root, "format"); format && !format->is_null()) {
    if (!format->is_string()) throw spec_error(unmarshal_error(*format, "format", "string"));
    if (!format->get<std::string>().empty()) info.format = format->get<std::string>();
  }
  if (const json* columns = find_field(root, "columns"); columns && !columns->is_null()) {
    if (!columns->is_array()) throw spec_error(unmarshal_error(*columns, "columns", "[]string"));
    for (const auto& column : *columns)
      if (!column.is_string() && !column.is_null()) throw spec_error(unmarshal_error(column, "columns", "string"));
  }
  std::vector<std::pair<std::string, std::string>> extfs;
  if (const json* fs = find_field(root, "extfs"); fs && !fs->is_null()) {
    if (!fs->is_object()) throw spec_error(unmarshal_error(*fs, "extfs", "map[string]string"));
    for (auto it = fs->begin(); it != fs->end(); ++it) {
      if (!it->is_string() && !it->is_null()) throw spec_error(unmarshal_error(*it, "extfs", "string"));
      extfs.emplace_back(it.key(), it->is_null() ? std::string() : it->get<std::string>());
    }
  }
  if (const json* snapshot = find_field(root, "snapshot_id"); snapshot && !snapshot->is_null()) {
    bool ok = snapshot->is_number_integer() &&
              (snapshot->is_number_unsigned() ? snapshot->get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX)
                                              : true);
    long long ignored = 0;
    if (!ok && snapshot->is_string()) ok = parse_int64_text(snapshot->get<std::string>(), ignored);
    if (!ok)
      throw spec_error("invalid external spec JSON: snapshot_id must be an int64 number or a string of digits, got " +
                       snapshot->dump());
  }
  if (kFormats.count(info.format) == 0)
    throw spec_error("unsupported format " + go_quote(info.format) + ", supported formats: " + joined(kFormats));
  for (const auto& [key, value] : extfs) {
    if (kExtfsKeys.count(key) == 0)
      throw spec_error("extfs key " + go_quote(key) + " is not allowed; allowed keys: " + joined(kExtfsKeys));
    if (kBooleanExtfsKeys.count(key) != 0 && value != "true" && value != "false")
      throw spec_error("extfs key " + go_quote(key) + " must be \"true\" or \"false\", got " + go_quote(value));
  }
  return info;
}

ExternalSpecInfo validate_source_and_spec(const std::string& source, const std::string& spec) {
  validate_external_source(source);
  return parse_external_spec(spec);
}

std::string redact_external_spec(const std::string& spec) {
  if (spec.empty()) return "";
  if (json_depth_error(spec)) return "<invalid spec>";
  json root;
  try {
    root = json::parse(spec);
  } catch (const json::exception&) {
    return "<invalid spec>";
  }
  if (root.is_null()) return "null";
  if (!root.is_object()) return "<invalid spec>";
  if (auto snapshot = root.find("snapshot_id"); snapshot != root.end() && !snapshot->is_null()) {
    long long value = 0;
    if (snapshot->is_number_integer() && !snapshot->is_number_unsigned()) {
      value = snapshot->get<std::int64_t>();
    } else if (snapshot->is_number_unsigned() &&
               snapshot->get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX)) {
      value = static_cast<long long>(snapshot->get<std::uint64_t>());
    } else if (!snapshot->is_string() || !parse_int64_text(snapshot->get<std::string>(), value)) {
      return "<invalid spec>";
    }
    *snapshot = std::to_string(value);
  }
  if (auto fs = root.find("extfs"); fs != root.end() && !fs->is_null()) {
    if (!fs->is_object()) return "<invalid spec>";
    for (auto it = fs->begin(); it != fs->end(); ++it) {
      if (kSecretExtfsKeys.count(it.key()) == 0) continue;
      if (it->is_string() && it->get<std::string>().empty()) continue;
      *it = "***";
    }
  }
  return root.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string redact_source_for_message(const std::string& source) {
  if (source.empty()) return "";
  UrlParts parts;
  std::string error;
  if (!split_url(source, parts, error) || parts.has_userinfo || parts.has_query_or_fragment) return "<redacted>";
  return source;
}

std::string redact_spec_for_message(const std::string& spec) {
  if (spec.empty()) return "";
  if (json_depth_error(spec)) return "<redacted>";
  json root;
  try {
    root = json::parse(spec);
  } catch (const json::exception&) {
    return "<redacted>";
  }
  if (!root.is_object()) return "<redacted>";
  json kept = json::object();
  for (const char* key : {"format", "columns", "snapshot_id"})
    if (auto it = root.find(key); it != root.end()) kept[key] = *it;
  if (root.contains("extfs")) kept["extfs"] = "***";
  return kept.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<std::filesystem::path> source_to_local_dir(const std::filesystem::path& data_dir,
                                                         const std::string& source, std::string& error) {
  UrlParts parts;
  if (!split_url(source, parts, error)) return std::nullopt;
  if (parts.host.empty()) {
    error = "external source " + go_quote(source) + " has no host to map under the data dir";
    return std::nullopt;
  }
  std::filesystem::path dir = data_dir;
  if (to_lower(parts.scheme) == "volume") dir /= "volumes";
  std::string segments = parts.host + parts.path;
  std::size_t start = 0;
  while (start <= segments.size()) {
    std::size_t end = segments.find('/', start);
    if (end == std::string::npos) end = segments.size();
    const std::string segment = segments.substr(start, end - start);
    if (segment == "..") {
      error = "external source " + go_quote(source) + " uses \"..\", which the dev server does not map";
      return std::nullopt;
    }
    if (!segment.empty() && segment != ".") dir /= segment;
    start = end + 1;
  }
  return dir;
}

bool stays_in_data_dir(const std::filesystem::path& data_dir, const std::filesystem::path& path) {
  std::error_code ec;
  const std::filesystem::path root = std::filesystem::weakly_canonical(data_dir, ec);
  if (ec) return false;
  const std::filesystem::path real = std::filesystem::weakly_canonical(path, ec);
  if (ec) return false;
  const std::filesystem::path inside = real.lexically_relative(root);
  return !inside.empty() && *inside.begin() != "..";
}

std::filesystem::path resolve_import_path(const std::filesystem::path& data_dir, const std::string& path) {
  const std::filesystem::path relative(path);
  if (relative.is_absolute())
    throw invalid_parameter("import file " + go_quote(path) +
                            " is an absolute path; the dev server reads files relative to its data dir");
  const std::filesystem::path normal = relative.lexically_normal();
  if (!normal.empty() && *normal.begin() == "..")
    throw invalid_parameter("import file " + go_quote(path) + " leaves the dev server's data dir");
  return data_dir / normal;
}

}  // namespace devserver
