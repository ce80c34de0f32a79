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

std::string toLower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The parts of a URL that matter here, split the way Go's net/url does for "scheme://auth/path".
struct UrlParts {
  std::string scheme;
  bool hasAuthority = false;
  bool hasUserinfo = false;
  bool hasQueryOrFragment = false;
  std::string host;
  std::string path;
};

// Returns false with `error` set when Go's url.Parse would fail.
bool splitUrl(const std::string& text, UrlParts& parts, std::string& error) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      error = "parse " + goQuote(text) + ": net/url: invalid control character in URL";
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
        error = "parse " + goQuote(text) + ": missing protocol scheme";
        return false;
      }
      parts.scheme = text.substr(0, i);
      rest = text.substr(i + 1);
    }
    break;
  }
  const std::size_t cut = rest.find_first_of("?#");
  if (cut != std::string::npos) {
    parts.hasQueryOrFragment = true;
    rest = rest.substr(0, cut);
  }
  if (rest.rfind("//", 0) == 0) {
    parts.hasAuthority = true;
    rest = rest.substr(2);
    const std::size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    parts.path = slash == std::string::npos ? "" : rest.substr(slash);
    const std::size_t at = authority.rfind('@');
    if (at != std::string::npos) {
      parts.hasUserinfo = true;
      authority = authority.substr(at + 1);
    }
    parts.host = authority;
  } else {
    parts.path = rest;
  }
  return true;
}

ApiError specError(const std::string& detail) {
  return invalidParameter("external_spec is invalid: parse external spec: " + detail);
}

std::string unmarshalError(const json& value, const std::string& field, const std::string& type) {
  return "invalid external spec JSON: json: cannot unmarshal " + jsonKindName(value) +
         " into Go struct field ExternalSpec." + field + " of type " + type;
}

bool parseInt64Text(const std::string& text, long long& out) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  out = std::strtoll(text.c_str(), &end, 10);
  return errno == 0 && end == text.c_str() + text.size() && !std::isspace(static_cast<unsigned char>(text[0]));
}

}  // namespace

void validateExternalSource(const std::string& source) {
  const std::string prefix = "external_source is invalid: ";
  if (source.empty()) throw invalidParameter(prefix + "external_source is empty");
  UrlParts parts;
  std::string error;
  if (!splitUrl(source, parts, error)) throw invalidParameter(prefix + "invalid external_source URL: " + error);
  const std::string scheme = toLower(parts.scheme);
  if (scheme.empty())
    throw invalidParameter(prefix + "external_source must have an explicit scheme (e.g. s3://, aws://, gs://)");
  if (kAllowedSchemes.count(scheme) == 0)
    throw invalidParameter(prefix + "external_source scheme " + goQuote(scheme) +
                           " is not allowed; allowed schemes: " + joined(kAllowedSchemes));
  if (parts.hasUserinfo)
    throw invalidParameter(prefix +
                           "external_source must not embed credentials in the URL (use "
                           "extfs.access_key_id / extfs.access_key_value instead)");
  if (parts.host.empty())
    throw invalidParameter(prefix +
                           "external_source must have a non-empty host (e.g. s3://bucket/key, "
                           "s3://endpoint/bucket/key, or minio://endpoint/bucket/key)");
}

ExternalSpecInfo parseExternalSpec(const std::string& spec) {
  ExternalSpecInfo info{"parquet"};
  if (spec.empty()) return info;
  if (auto deep = jsonDepthError(spec)) throw specError("invalid external spec JSON: " + *deep);
  json root;
  try {
    root = json::parse(spec);
  } catch (const json::exception& e) {
    throw specError("invalid external spec JSON: " + jsonErrorText(e));
  }
  if (root.is_null()) return info;
  if (!root.is_object())
    throw specError("invalid external spec JSON: json: cannot unmarshal " + jsonKindName(root) +
                    " into Go value of type specutil.ExternalSpec");

  if (const json* format = findField(root, "format"); format && !format->is_null()) {
    if (!format->is_string()) throw specError(unmarshalError(*format, "format", "string"));
    if (!format->get<std::string>().empty()) info.format = format->get<std::string>();
  }
  if (const json* columns = findField(root, "columns"); columns && !columns->is_null()) {
    if (!columns->is_array()) throw specError(unmarshalError(*columns, "columns", "[]string"));
    for (const auto& column : *columns)
      if (!column.is_string() && !column.is_null()) throw specError(unmarshalError(column, "columns", "string"));
  }
  std::vector<std::pair<std::string, std::string>> extfs;
  if (const json* fs = findField(root, "extfs"); fs && !fs->is_null()) {
    if (!fs->is_object()) throw specError(unmarshalError(*fs, "extfs", "map[string]string"));
    for (auto it = fs->begin(); it != fs->end(); ++it) {
      if (!it->is_string() && !it->is_null()) throw specError(unmarshalError(*it, "extfs", "string"));
      extfs.emplace_back(it.key(), it->is_null() ? std::string() : it->get<std::string>());
    }
  }
  if (const json* snapshot = findField(root, "snapshot_id"); snapshot && !snapshot->is_null()) {
    bool ok = snapshot->is_number_integer() &&
              (snapshot->is_number_unsigned() ? snapshot->get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX)
                                              : true);
    long long ignored = 0;
    if (!ok && snapshot->is_string()) ok = parseInt64Text(snapshot->get<std::string>(), ignored);
    if (!ok)
      throw specError("invalid external spec JSON: snapshot_id must be an int64 number or a string of digits, got " +
                      snapshot->dump());
  }
  if (kFormats.count(info.format) == 0)
    throw specError("unsupported format " + goQuote(info.format) + ", supported formats: " + joined(kFormats));
  for (const auto& [key, value] : extfs) {
    if (kExtfsKeys.count(key) == 0)
      throw specError("extfs key " + goQuote(key) + " is not allowed; allowed keys: " + joined(kExtfsKeys));
    if (kBooleanExtfsKeys.count(key) != 0 && value != "true" && value != "false")
      throw specError("extfs key " + goQuote(key) + " must be \"true\" or \"false\", got " + goQuote(value));
  }
  return info;
}

ExternalSpecInfo validateSourceAndSpec(const std::string& source, const std::string& spec) {
  validateExternalSource(source);
  return parseExternalSpec(spec);
}

std::string redactExternalSpec(const std::string& spec) {
  if (spec.empty()) return "";
  if (jsonDepthError(spec)) return "<invalid spec>";
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
    } else if (!snapshot->is_string() || !parseInt64Text(snapshot->get<std::string>(), value)) {
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

std::string redactSourceForMessage(const std::string& source) {
  if (source.empty()) return "";
  UrlParts parts;
  std::string error;
  if (!splitUrl(source, parts, error) || parts.hasUserinfo || parts.hasQueryOrFragment) return "<redacted>";
  return source;
}

std::string redactSpecForMessage(const std::string& spec) {
  if (spec.empty()) return "";
  if (jsonDepthError(spec)) return "<redacted>";
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

std::optional<std::filesystem::path> sourceToLocalDir(const std::filesystem::path& dataDir, const std::string& source,
                                                      std::string& error) {
  UrlParts parts;
  if (!splitUrl(source, parts, error)) return std::nullopt;
  if (parts.host.empty()) {
    error = "external source " + goQuote(source) + " has no host to map under the data dir";
    return std::nullopt;
  }
  std::filesystem::path dir = dataDir;
  std::string segments = parts.host + parts.path;
  std::size_t start = 0;
  while (start <= segments.size()) {
    std::size_t end = segments.find('/', start);
    if (end == std::string::npos) end = segments.size();
    const std::string segment = segments.substr(start, end - start);
    if (segment == "..") {
      error = "external source " + goQuote(source) + " uses \"..\", which the dev server does not map";
      return std::nullopt;
    }
    if (!segment.empty() && segment != ".") dir /= segment;
    start = end + 1;
  }
  return dir;
}

bool staysInDataDir(const std::filesystem::path& dataDir, const std::filesystem::path& path) {
  std::error_code ec;
  const std::filesystem::path root = std::filesystem::weakly_canonical(dataDir, ec);
  if (ec) return false;
  const std::filesystem::path real = std::filesystem::weakly_canonical(path, ec);
  if (ec) return false;
  const std::filesystem::path inside = real.lexically_relative(root);
  return !inside.empty() && *inside.begin() != "..";
}

std::filesystem::path resolveImportPath(const std::filesystem::path& dataDir, const std::string& path) {
  const std::filesystem::path relative(path);
  if (relative.is_absolute())
    throw invalidParameter("import file " + goQuote(path) +
                           " is an absolute path; the dev server reads files relative to its data dir");
  const std::filesystem::path normal = relative.lexically_normal();
  if (!normal.empty() && *normal.begin() == "..")
    throw invalidParameter("import file " + goQuote(path) + " leaves the dev server's data dir");
  return dataDir / normal;
}

}  // namespace devserver
