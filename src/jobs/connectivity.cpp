#include "jobs/connectivity.hpp"

#include <cctype>

#include "jobs/validate.hpp"
#include "milvus_jobs.h"

namespace mj::jobs {
namespace {

struct Authority {
  std::string scheme, host, port, rest;  // rest: path prefix after the authority
};

// "scheme://host[:port][/rest]" of an already checked URL.
Authority split_url(const std::string& url) {
  Authority a;
  const size_t sep = url.find("://");
  a.scheme = url.substr(0, sep);
  const size_t start = sep + 3;
  const size_t end = url.find('/', start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  a.rest = end == std::string::npos ? "" : url.substr(end);
  const size_t at = authority.rfind('@');
  if (at != std::string::npos) authority.erase(0, at + 1);
  size_t colon = std::string::npos;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close != std::string::npos && close + 1 < authority.size() && authority[close + 1] == ':') colon = close + 1;
  } else {
    colon = authority.rfind(':');
  }
  a.host = colon == std::string::npos ? authority : authority.substr(0, colon);
  a.port = colon == std::string::npos ? "" : authority.substr(colon + 1);
  if (a.port.empty()) a.port = a.scheme == "https" ? "443" : "80";
  return a;
}

std::string percent_decoded(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

void check_proxy(const std::string& proxy, transport::HttpConfig& h, std::vector<std::string>& secrets) {
  const size_t sep = proxy.find("://");
  if (sep == std::string::npos) {
    throw_invalid("the proxy setting has no scheme: write http://host:port (or https://, socks5://, socks5h://)");
  }
  const std::string scheme = proxy.substr(0, sep);
  if (scheme != "http" && scheme != "https" && scheme != "socks5" && scheme != "socks5h") {
    throw_invalid("the proxy scheme \"" + scheme.substr(0, 16) +
                  "\" is not supported: use http://, https://, socks5:// or socks5h://");
  }
  const size_t start = sep + 3;
  const size_t end = proxy.find('/', start);
  const std::string authority = proxy.substr(start, end == std::string::npos ? std::string::npos : end - start);
  const size_t at = authority.rfind('@');
  std::string display_authority = authority;
  if (at != std::string::npos) {
    const std::string userinfo = authority.substr(0, at);
    const size_t colon = userinfo.find(':');
    const std::string password = colon == std::string::npos ? "" : userinfo.substr(colon + 1);
    if (!password.empty()) {
      secrets.push_back(password);
      const std::string decoded = percent_decoded(password);
      if (decoded != password) secrets.push_back(decoded);
    }
    display_authority = authority.substr(at + 1);
  }
  if (display_authority.empty() || display_authority.front() == ':') {
    throw_invalid("the proxy setting has no host: write " + scheme + "://host:port");
  }
  if (proxy.find_first_of(" \t\r\n", start) != std::string::npos) {
    throw_invalid("the proxy setting must not contain whitespace");
  }
  check_header_value("proxy", proxy);
  h.proxy = proxy;
  h.proxy_display = scheme + "://" + display_authority;
}

}  // namespace

void apply_connectivity(const ConnectivityConfig& c, transport::HttpConfig& h, std::vector<std::string>& secrets) {
  if (c.client_cert.empty() != c.client_key.empty()) {
    throw_invalid(c.client_cert.empty()
                      ? "tls_client_key_file was given without tls_client_cert_file: give the certificate too"
                      : "tls_client_cert_file was given without tls_client_key_file: give its private key too");
  }
  if (!c.client_key_password.empty() && c.client_key.empty()) {
    throw_invalid("tls_client_key_password was given without tls_client_key_file");
  }
  h.client_cert = c.client_cert;
  h.client_key = c.client_key;
  h.client_key_password = c.client_key_password;
  if (!c.client_key_password.empty()) secrets.push_back(c.client_key_password);
  if (!c.server_name.empty()) {
    for (char ch : c.server_name) {
      const auto u = static_cast<unsigned char>(ch);
      if (!(std::isalnum(u) || ch == '-' || ch == '.' || ch == '_')) {
        throw_invalid("tls_server_name \"" + c.server_name.substr(0, 64) +
                      "\" is not a host name: give the DNS name the server's certificate carries, e.g. "
                      "milvus.example.com");
      }
    }
    if (c.server_name.size() > 253) throw_invalid("tls_server_name is longer than 253 bytes");
    const Authority a = split_url(h.base_url);
    h.server_name = c.server_name;
    h.request_base_url = a.scheme + "://" + c.server_name + ":" + a.port + a.rest;
    h.connect_to = c.server_name + ":" + a.port + ":" + a.host + ":" + a.port;
  }
  if (!c.proxy.empty()) check_proxy(c.proxy, h, secrets);
  if (c.no_proxy_set) {
    check_header_value("no_proxy", c.no_proxy);
    h.no_proxy = c.no_proxy;
    h.no_proxy_set = true;
  }
}

void LogHook::emit(const LogRecord& r) const noexcept {
  if (!wants(r.level)) return;
  mj_log_record record;
  record.struct_size = sizeof record;
  record.level = r.level;
  record.event = r.event;
  record.message = r.message.c_str();
  record.operation = r.operation;
  record.route = r.route;
  record.attempt = r.attempt;
  record.status = r.status;
  record.http_status = r.http_status;
  record.server_code = r.server_code;
  record.duration_us = r.duration_us;
  record.backoff_ms = r.backoff_ms;
  record.request_id = r.request_id ? r.request_id->c_str() : "";
  record.trace_id = r.trace_id ? r.trace_id->c_str() : "";
  record.connection_reused = r.connection_reused ? 1 : 0;
  reinterpret_cast<mj_log_fn>(fn)(&record, user_data);
}

}  // namespace mj::jobs
