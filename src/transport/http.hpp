// HTTP POST over libcurl for the job routes: one pool of connections per
// client (each pooled entry keeps its connections alive between calls), a
// deadline per call, cancellation from another thread, bounded bodies.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "transport/cancel.hpp"
#include "transport/observe.hpp"

namespace mj::transport {

struct HttpConfig {
  std::string base_url;              // "http://host:port", no trailing slash
  std::vector<std::string> headers;  // sent with every request, "Name: value"
  std::string user_agent;
  int64_t connect_timeout_ms = 10000;
  bool tls_verify = true;
  std::string ca_file;
  std::string ca_path;
  size_t max_response_bytes = 64u << 20;
  // Mutual TLS: a client certificate and its key (PEM files), the key's
  // passphrase; and the name the server's certificate is checked for (SNI,
  // Host), when not the host of base_url.
  std::string client_cert;
  std::string client_key;
  std::string client_key_password;
  std::string server_name;
  // With server_name: the URL prefix requests are made to (server_name in
  // place of the host) and the CURLOPT_CONNECT_TO entry sending them to
  // base_url's host and port. Empty otherwise.
  std::string request_base_url;
  std::string connect_to;
  // A proxy URL ("" = libcurl's environment rules), its form for messages
  // (no credentials), and the hosts reached without it ("" = environment).
  std::string proxy;
  std::string proxy_display;
  std::string no_proxy;
  bool no_proxy_set = false;
  // Counters shared by every transfer of the client (never null once the
  // client exists).
  std::shared_ptr<ClientStats> stats = std::make_shared<ClientStats>();
};

struct HttpRequest {
  // Another endpoint than HttpConfig::base_url for this request (same form);
  // "" = the config's. Headers, TLS settings and timeouts stay the config's.
  std::string base_url;
  std::string path;  // "/v2/vectordb/..."
  std::string body;
  std::vector<std::string> headers;  // per call, "Name: value"
  std::chrono::steady_clock::time_point deadline;
  CancelToken* cancel = nullptr;
  int64_t timeout_ms = 0;         // the call's whole budget, for messages
  size_t max_response_bytes = 0;  // 0 = HttpConfig::max_response_bytes
  // Appended to the "answer too large" and "no answer within" messages:
  // static text (kept by reference while the request is in flight).
  std::string_view too_large_hint;
  std::string_view timeout_hint;
  // What names the address in "could not resolve ...; check <address_hint>"
  // (static text); "" = "uri".
  std::string_view address_hint;
  Hint too_large_hint_code = Hint::none;  // the advice of too_large_hint, as a code
  // A new connection: libcurl silently resends a request whose reused
  // connection closed without an answer, which must never happen to a create.
  bool fresh_connection = false;
  // GET without a body instead of POST (the REST v1 probe, server_probe.cpp).
  bool get = false;
  // When set, receives how the attempt went (duration, connection reuse).
  AttemptInfo* attempt_info = nullptr;
};

struct HttpResponse {
  int status = 0;
  std::string body;
  std::string trace_id;         // X-Milvus-Trace-Id
  int64_t retry_after_ms = -1;  // Retry-After (seconds or HTTP-date) in ms; -1 when absent
};

class HttpClient {
 public:
  explicit HttpClient(HttpConfig config);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends the request. Throws mj::Error (transport, tls, timeout, cancelled,
  // protocol for oversized bodies) or std::bad_alloc; `never_sent` is set when
  // the request provably did not reach the server (resolve or connect failure).
  HttpResponse post(const HttpRequest& request);

  // The settings every request of this client uses (for MultiPoller).
  const HttpConfig& config() const noexcept { return config_; }

 private:
  struct Connection;
  std::unique_ptr<Connection> acquire();
  void release(std::unique_ptr<Connection> conn) noexcept;

  HttpConfig config_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// Throws the error of a request that must not be sent: its cancel token
// fired, or its deadline passed (never_sent is set).
void check_before_send(const HttpRequest& request);

// curl_global_init once per process, thread-safely, before the first handle.
void ensure_curl_initialised();

}  // namespace mj::transport
