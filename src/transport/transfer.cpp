#include "transport/transfer.hpp"

#include <strings.h>
#include <algorithm>
#include <new>

#include "common/deadline.hpp"

namespace mj::transport {
namespace {

using Clock = std::chrono::steady_clock;

bool is_tls_error(CURLcode rc) noexcept {
  switch (rc) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CLIENTCERT: return true;
    default: return false;
  }
}

std::string_view header_value(const char* data, size_t n, size_t name_len) {
  std::string_view value(data + name_len, n - name_len);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  return value;
}

}  // namespace

int64_t parse_retry_after(std::string_view value) {
  if (value.empty() || value.size() > 64) return -1;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    if (value.size() > 9) return 86400000;  // absurd: a day, bounded by the deadline anyway
    int64_t seconds = 0;
    for (char c : value) seconds = seconds * 10 + (c - '0');
    return seconds * 1000;
  }
  const time_t at = curl_getdate(std::string(value).c_str(), nullptr);
  if (at < 0) return -1;
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  return at > now ? static_cast<int64_t>(at - now) * 1000 : 0;
}

Transfer::Transfer(const HttpConfig& config) : config_(config), easy_(curl_easy_init()) {
  if (!easy_) throw std::bad_alloc();
  CURL* e = easy_;
  // The options every request of this configuration shares; begin() sets the rest.
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error_buffer_);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(e, CURLOPT_POST, 1L);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(e, CURLOPT_USERAGENT, config_.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, config_.tls_verify ? 1L : 0L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, config_.tls_verify ? 2L : 0L);
  if (!config_.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, config_.ca_file.c_str());
  if (!config_.ca_path.empty()) curl_easy_setopt(e, CURLOPT_CAPATH, config_.ca_path.c_str());
  if (!config_.client_cert.empty()) {
    curl_easy_setopt(e, CURLOPT_SSLCERT, config_.client_cert.c_str());
    curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
  }
  if (!config_.client_key.empty()) {
    curl_easy_setopt(e, CURLOPT_SSLKEY, config_.client_key.c_str());
    curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
  }
  if (!config_.client_key_password.empty()) curl_easy_setopt(e, CURLOPT_KEYPASSWD, config_.client_key_password.c_str());
  if (!config_.connect_to.empty()) {
    connect_to_.reset(curl_slist_append(nullptr, config_.connect_to.c_str()));
    if (!connect_to_) throw std::bad_alloc();
    curl_easy_setopt(e, CURLOPT_CONNECT_TO, connect_to_.get());
  }
  if (!config_.proxy.empty()) {
    curl_easy_setopt(e, CURLOPT_PROXY, config_.proxy.c_str());
    // The proxy's own TLS (https://) is verified like the server's.
    curl_easy_setopt(e, CURLOPT_PROXY_SSL_VERIFYPEER, config_.tls_verify ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_PROXY_SSL_VERIFYHOST, config_.tls_verify ? 2L : 0L);
    if (!config_.ca_file.empty()) curl_easy_setopt(e, CURLOPT_PROXY_CAINFO, config_.ca_file.c_str());
  }
  if (config_.no_proxy_set) curl_easy_setopt(e, CURLOPT_NOPROXY, config_.no_proxy.c_str());
}

Transfer::~Transfer() {
  if (easy_) curl_easy_cleanup(easy_);
}

size_t Transfer::on_body(char* data, size_t size, size_t count, void* user) noexcept {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (t->response_.body.size() + n > t->limit_) {
    t->too_large_ = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  try {
    t->response_.body.append(data, n);
  } catch (...) {
    return 0;
  }
  return n;
}

size_t Transfer::on_header(char* data, size_t size, size_t count, void* user) noexcept {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  static constexpr char kTrace[] = "X-Milvus-Trace-Id:";
  constexpr size_t kTraceLen = sizeof(kTrace) - 1;
  static constexpr char kRetryAfter[] = "Retry-After:";
  constexpr size_t kRetryAfterLen = sizeof(kRetryAfter) - 1;
  try {
    if (n > kTraceLen && strncasecmp(data, kTrace, kTraceLen) == 0) {
      t->response_.trace_id.assign(header_value(data, n, kTraceLen).substr(0, 128));
    } else if (n > kRetryAfterLen && strncasecmp(data, kRetryAfter, kRetryAfterLen) == 0) {
      t->response_.retry_after_ms = parse_retry_after(header_value(data, n, kRetryAfterLen));
    }
  } catch (...) {
    return 0;
  }
  return n;
}

void Transfer::begin(const HttpRequest& request, std::string_view body) {
  const int64_t total_ms = std::max<int64_t>(
      1, std::chrono::duration_cast<std::chrono::milliseconds>(request.deadline - Clock::now()).count());
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  auto append = [&headers](const std::string& header) {
    curl_slist* next = curl_slist_append(headers.get(), header.c_str());
    if (!next) throw std::bad_alloc();
    (void)headers.release();
    headers.reset(next);
  };
  for (const auto& h : config_.headers) append(h);
  for (const auto& h : request.headers) append(h);
  append("Expect:");  // no 100-continue round trip for larger bodies
  // Another endpoint for this request (the cloud project endpoint) is used
  // as given; the uri's own requests go to tls_server_name's host when set
  // (CURLOPT_CONNECT_TO sends them to the uri's host and port).
  base_url_.assign(request.base_url.empty() ? config_.base_url : request.base_url);
  url_.assign(!request.base_url.empty()          ? request.base_url
              : config_.request_base_url.empty() ? config_.base_url
                                                 : config_.request_base_url)
      .append(request.path);
  address_hint_ = request.address_hint.empty() ? std::string_view("uri") : request.address_hint;
  headers_ = std::move(headers);

  response_.status = 0;
  response_.body.clear();
  response_.trace_id.clear();
  response_.retry_after_ms = -1;
  limit_ = request.max_response_bytes > 0 ? request.max_response_bytes : config_.max_response_bytes;
  too_large_ = false;
  too_large_hint_ = request.too_large_hint;
  timeout_hint_ = request.timeout_hint;
  too_large_hint_code_ = request.too_large_hint_code;
  timeout_ms_ = request.timeout_ms > 0 ? request.timeout_ms : total_ms;
  deadline_ = request.deadline;
  attempt_info_ = request.attempt_info;
  error_buffer_[0] = '\0';

  CURL* e = easy_;
  curl_easy_setopt(e, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers_.get());
  if (request.get) {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(e, CURLOPT_POST, 1L);  // a handle that sent a GET before is back to POST
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                   curl_timeout_ms(std::min<int64_t>(config_.connect_timeout_ms, total_ms)));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, curl_timeout_ms(total_ms));
  curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, request.fresh_connection ? 1L : 0L);
}

void Transfer::clear_request() noexcept {
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, nullptr);
  headers_.reset();
}

bool Transfer::end(CURLcode result, Stop stop, HttpResponse& response, ErrorInfo& error) {
  long status = 0;
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  // What decides whether a failed call may be repeated safely: did any byte
  // of the request reach the socket? (libcurl counts what it sent.)
  long request_bytes = 0;
  curl_easy_getinfo(easy_, CURLINFO_REQUEST_SIZE, &request_bytes);
  account(request_bytes);
  clear_request();
  if (stop == Stop::none && result == CURLE_OK && !too_large_) {
    if (proxy_answered(status)) {
      // The proxy's own refusal (a server of these routes answers JSON).
      return proxy_refused(status, error);
    }
    response = std::move(response_);
    response.status = static_cast<int>(status);
    return true;
  }

  const bool never_sent = request_bytes == 0;
  const std::string detail = error_buffer_[0] ? error_buffer_ : curl_easy_strerror(result);
  error.never_sent = never_sent;
  auto fail = [&error](Category category, std::string message, Hint hint = Hint::none) {
    error.category = category;
    error.message = std::move(message);
    error.hint = hint;
    // A read may always be repeated; whether a create may is decided above us.
    error.retriable =
        category == Category::transport || category == Category::timeout || category == Category::no_memory;
    return false;
  };
  long connect_code = 0;
  curl_easy_getinfo(easy_, CURLINFO_HTTP_CONNECTCODE, &connect_code);
  if (connect_code >= 300 && stop == Stop::none) return proxy_refused(connect_code, error);
  // A proxy that refuses often closes at once: the transfer fails, but the
  // refusal's status line was read.
  if (stop == Stop::none && proxy_answered(status)) {
    return proxy_refused(status, error);
  }
  if (stop == Stop::cancelled) return fail(Category::cancelled, "the call was cancelled (" + url_ + ")");
  if (stop == Stop::none && result == CURLE_OPERATION_TIMEDOUT && never_sent && Clock::now() < deadline_) {
    // libcurl's connect timeout, shorter than the call's deadline: one attempt timed out.
    return fail(Category::timeout,
                "could not connect to " + base_url_ + " within the connect timeout (" +
                    std::to_string(config_.connect_timeout_ms) + " ms); is the server reachable?",
                Hint::raise_connect_timeout);
  }
  if (stop == Stop::deadline || result == CURLE_OPERATION_TIMEDOUT) {
    return fail(Category::timeout,
                (never_sent ? "could not send to " : "no answer from ") + url_ + " within " +
                    std::to_string(timeout_ms_) + " ms" +
                    std::string(timeout_hint_.empty() ? "; check the server" : timeout_hint_),
                Hint::raise_timeout);
  }
  if (too_large_) {
    return fail(Category::protocol,
                "the answer from " + url_ + " exceeds " + std::to_string(limit_) + " bytes; refused" +
                    std::string(too_large_hint_),
                too_large_hint_code_);
  }
  const bool proxied = !config_.proxy.empty();
  switch (result) {
    case CURLE_COULDNT_RESOLVE_PROXY:
      return fail(Category::transport, "could not resolve the host of the proxy " + config_.proxy_display + " (" +
                                           detail + "); check the proxy setting");
    case CURLE_COULDNT_RESOLVE_HOST:
      return fail(Category::transport,
                  "could not resolve the host of " + url_ + " (" + detail + "); check " + std::string(address_hint_));
    case CURLE_COULDNT_CONNECT:
      if (proxied) {
        return fail(Category::transport, "could not connect to the proxy " + config_.proxy_display + " (" + detail +
                                             "); is the proxy running, and is the proxy setting right?");
      }
      return fail(Category::transport, "could not connect to " + base_url_ + " (" + detail +
                                           "); is the server running, and are the host and port in " +
                                           std::string(address_hint_) + " right?");
    case CURLE_PROXY:
      fail(Category::transport, "the proxy " + config_.proxy_display + " refused or could not open the connection to " +
                                    base_url_ + " (" + detail +
                                    "); check the proxy's credentials and that it may reach the server");
      error.permanent = true;
      error.never_sent = true;
      return false;
    case CURLE_GOT_NOTHING:
      if (proxied) {
        return fail(Category::transport, "the proxy " + config_.proxy_display +
                                             " closed the connection without an answer (" + detail + ") for " + url_ +
                                             "; check the proxy and its logs");
      }
      return fail(Category::transport, "the exchange with " + url_ + " failed (" + detail + ")");
    case CURLE_OUT_OF_MEMORY: return fail(Category::no_memory, "out of memory");
    default:
      if (is_tls_error(result) || (https() && mentions_tls_alert(detail))) {
        fail(Category::tls, tls_message(result, detail));
        error.retriable = false;
        error.permanent = true;
        return false;
      }
      if (https() && (result == CURLE_SEND_ERROR || result == CURLE_RECV_ERROR) && last_connects_ > 0 &&
          last_header_bytes_ == 0 && handshake_done()) {
        // TLS 1.3: the client's handshake ends before the server has checked
        // the client's certificate; a server that refuses it sends an alert
        // and closes, which the request being written often meets first.
        fail(Category::tls, "TLS with " + base_url_ + " failed (" + detail +
                                "): the server closed the connection right after the handshake, before any "
                                "answer: " +
                                (config_.client_cert.empty()
                                     ? std::string("it most likely requires a client certificate (mutual TLS): set "
                                                   "tls_client_cert_file and tls_client_key_file")
                                     : std::string("it most likely refused the client certificate (not issued by a "
                                                   "CA it trusts for clients, or expired)")));
        error.retriable = false;
        error.permanent = true;
        return false;
      }
      if (proxied && !response_seen()) {
        return fail(Category::transport, "the exchange with " + url_ + " through the proxy " + config_.proxy_display +
                                             " failed (" + detail + "); check the proxy and its logs");
      }
      return fail(Category::transport, "the exchange with " + url_ + " failed (" + detail + ")");
  }
}

void Transfer::account(long request_bytes) noexcept {
  ClientStats& stats = *config_.stats;
  long connects = 0;
  curl_easy_getinfo(easy_, CURLINFO_NUM_CONNECTS, &connects);
  long header_bytes = 0;
  curl_easy_getinfo(easy_, CURLINFO_HEADER_SIZE, &header_bytes);
  curl_off_t body_bytes = 0;
  curl_easy_getinfo(easy_, CURLINFO_SIZE_DOWNLOAD_T, &body_bytes);
  curl_off_t upload_bytes = 0;
  curl_easy_getinfo(easy_, CURLINFO_SIZE_UPLOAD_T, &upload_bytes);
  // REQUEST_SIZE counts what was written of the head (and of a body sent
  // with it); SIZE_UPLOAD the body: the larger is the closest to the bytes sent.
  ClientStats::bump(stats.attempts);
  ClientStats::bump(stats.bytes_sent, std::max<int64_t>(request_bytes, upload_bytes));
  ClientStats::bump(stats.bytes_received, static_cast<int64_t>(header_bytes) + body_bytes);
  last_connects_ = connects;
  last_header_bytes_ = header_bytes;
  const bool connected = connects > 0 || request_bytes > 0;
  if (connects > 0) ClientStats::bump(stats.connections_opened, connects);
  if (connects == 0 && connected) ClientStats::bump(stats.connections_reused);
  if (attempt_info_) {
    curl_off_t total_us = 0;
    curl_easy_getinfo(easy_, CURLINFO_TOTAL_TIME_T, &total_us);
    attempt_info_->duration_us = total_us;
    attempt_info_->connected = connected;
    attempt_info_->connection_reused = connects == 0 && connected;
    attempt_info_ = nullptr;
  }
}

bool Transfer::proxy_answered(long status) const noexcept {
  if (config_.proxy.empty()) return false;
  // 407 comes from proxies only; a server of these routes answers 401 and
  // 403 with JSON, a proxy (tinyproxy, squid) with an HTML page.
  return status == 407 || ((status == 401 || status == 403) && html_answer());
}

bool Transfer::html_answer() const noexcept {
  const char* type = nullptr;
  curl_easy_getinfo(easy_, CURLINFO_CONTENT_TYPE, &type);
  return type != nullptr && strncasecmp(type, "text/html", 9) == 0;
}

bool Transfer::handshake_done() const noexcept {
  curl_off_t tls_us = 0;
  curl_easy_getinfo(easy_, CURLINFO_APPCONNECT_TIME_T, &tls_us);
  return tls_us > 0;
}

bool Transfer::https() const noexcept { return base_url_.rfind("https://", 0) == 0; }

bool Transfer::response_seen() const noexcept { return !response_.body.empty(); }

bool Transfer::proxy_refused(long code, ErrorInfo& error) const {
  error.category = Category::transport;
  error.never_sent = true;  // the server never saw it
  error.retriable = false;
  error.permanent = true;
  error.hint = Hint::none;
  error.message =
      "the proxy " + (config_.proxy_display.empty() ? std::string("(from the environment)") : config_.proxy_display) +
      " refused the request to " + base_url_ + " (HTTP " + std::to_string(code) +
      (code == 407 || code == 401 ? "): the proxy wants credentials: put the right user:password in the proxy URL"
                                  : "): the proxy does not allow this client or this server; ask its operators");
  return false;
}

std::string Transfer::tls_message(CURLcode result, const std::string& detail) const {
  const std::string with = "TLS with " + base_url_ + " failed (" + detail + "): ";
  auto has = [&detail](const char* what) { return detail.find(what) != std::string::npos; };
  if (result == CURLE_SSL_CERTPROBLEM) {
    return with +
           "the client certificate (tls_client_cert_file) or its key (tls_client_key_file) could not be "
           "used: both must be PEM files, the key must belong to the certificate, and an encrypted key "
           "needs its passphrase (tls_client_key_password)";
  }
  if (mentions_tls_alert(detail)) {
    if (has("certificate required") || (config_.client_cert.empty() && has("handshake failure"))) {
      return with +
             "the server requires a client certificate (mutual TLS): set tls_client_cert_file and "
             "tls_client_key_file to a certificate its client CA issued";
    }
    if (has("expired")) return with + "the server refused the client certificate because it has expired: renew it";
    if (has("unknown ca") || has("bad certificate") || has("certificate unknown") || has("decrypt error") ||
        has("unsupported certificate")) {
      return with +
             "the server refused the client certificate: it must be issued by a CA the server trusts "
             "for clients, and be valid now";
    }
    return with + "the server ended the handshake; check the server's TLS settings and logs";
  }
  if (result == CURLE_PEER_FAILED_VERIFICATION) {
    if (has("expired")) return with + "the server's certificate has expired: the server must renew it";
    if (has("not yet valid")) return with + "the server's certificate is not valid yet: check the clocks";
    if (has("subject name") || has("does not match") || has("no alternative")) {
      return with +
             "the server's certificate does not name the host connected to: use the name it carries in "
             "uri, or set tls_server_name to it";
    }
  }
  return with + "set tls_ca_file to the server's CA, or tls_insecure_skip_verify=1 for a test server";
}

bool mentions_tls_alert(const std::string& detail) noexcept {
  return detail.find("alert") != std::string::npos &&
         (detail.find("SSL") != std::string::npos || detail.find("TLS") != std::string::npos ||
          detail.find("tls") != std::string::npos || detail.find("ssl") != std::string::npos);
}

}  // namespace mj::transport
