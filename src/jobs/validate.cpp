#include "jobs/validate.hpp"

#include <cctype>

#include "common/error.hpp"
#include "protocol/codec.hpp"

namespace mj::jobs {
namespace {

constexpr size_t kMaxName = 1024;  // collection/partition names; Milvus allows 255

void check_name(const char* what, const std::string& name, bool required) {
  if (name.empty()) {
    if (required) throw_invalid(std::string(what) + " is required and must not be empty");
    return;
  }
  if (name.size() > kMaxName) throw_invalid(std::string(what) + " is longer than 1024 bytes");
}

// An external source is a URL with a scheme and a host, without userinfo
// (Milvus rejects credentials there: they belong in the spec's extfs).
void check_external_source(const std::string& source) {
  const size_t sep = source.find("://");
  bool scheme_ok = sep != std::string::npos && sep > 0;
  for (size_t i = 0; scheme_ok && i < sep; ++i) {
    const auto c = static_cast<unsigned char>(source[i]);
    scheme_ok = std::isalnum(c) || c == '+' || c == '-' || c == '.';
  }
  if (!scheme_ok) {
    throw_invalid("external_source must be a URL with a scheme, e.g. s3://bucket/path (got no scheme)");
  }
  const size_t host_start = sep + 3;
  const size_t host_end = source.find('/', host_start);
  const std::string host =
      source.substr(host_start, host_end == std::string::npos ? std::string::npos : host_end - host_start);
  if (host.empty()) throw_invalid("external_source has no bucket or host after the scheme, e.g. s3://bucket/path");
  if (host.find('@') != std::string::npos) {
    throw_invalid("external_source must not carry credentials: put them in external_spec.extfs");
  }
}

}  // namespace

void check_refresh_request(const protocol::RefreshRequest& req) {
  check_name("collection_name", req.collection_name, true);
  const bool has_source = !req.external_source.empty();
  const bool has_spec = !req.external_spec.empty();
  if (has_source != has_spec) {
    throw_invalid(has_source ? "external_source was given without external_spec: give both, or neither to reuse "
                               "the collection's own"
                             : "external_spec was given without external_source: give both, or neither to reuse "
                               "the collection's own");
  }
  if (has_source) {
    check_external_source(req.external_source);
    protocol::check_external_spec(req.external_spec);
  }
}

void check_import_request(const protocol::ImportRequest& req) {
  check_name("collection_name", req.collection_name, true);
  check_name("partition_name", req.partition_name, false);
  if (req.files.empty()) throw_invalid("files is empty: list at least one file to import");
  for (const auto& group : req.files) {
    if (group.empty()) throw_invalid("a file group is empty: every group needs at least one path");
    for (const auto& path : group) {
      if (path.empty()) throw_invalid("a file path is empty");
    }
  }
  for (const auto& [key, value] : req.options) {
    if (key.empty()) throw_invalid("an option key is empty");
  }
}

void check_import_job_id(const std::string& job_id) {
  if (job_id.empty()) throw_invalid("job_id is required and must not be empty (the id the import's start returned)");
  if (job_id.size() > 256) throw_invalid("job_id is longer than 256 bytes; it is not an import job id");
}

void check_refresh_job_id(int64_t job_id) {
  if (job_id <= 0) throw_invalid("job_id must be > 0 (the id the refresh's start returned)");
}

void check_header_value(const char* what, const std::string& value) {
  // RFC 9110 5.5: a field value is visible characters, spaces, tabs and
  // bytes >= 0x80; every other control byte (CR and LF above all) could end
  // the header and start another.
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      throw_invalid(std::string(what) +
                    " must not contain control characters (CR, LF, NUL, bytes 0x00-0x1f other than tab, or 0x7f): "
                    "it is sent in an HTTP header");
    }
  }
}

void check_extra_header(const std::string& header) {
  check_header_value("an extra header", header);
  const size_t colon = header.find(':');
  if (colon == std::string::npos || colon == 0) {
    throw_invalid("an extra header is not of the form \"Name: value\"");
  }
  for (size_t i = 0; i < colon; ++i) {
    const auto c = static_cast<unsigned char>(header[i]);
    if (!(std::isalnum(c) || c == '-' || c == '_')) {
      throw_invalid("an extra header name has a character other than letters, digits, '-' and '_'");
    }
  }
}

namespace {

void replace_all(std::string& text, std::string_view secret) {
  if (secret.empty()) return;
  for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3)) {
    text.replace(pos, secret.size(), "***");
  }
}

}  // namespace

void scrub_secrets(ErrorInfo& info, std::initializer_list<std::string_view> secrets) {
  for (std::string_view secret : secrets) {
    replace_all(info.message, secret);
    replace_all(info.server_message, secret);
  }
}

}  // namespace mj::jobs
