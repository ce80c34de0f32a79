// One libcurl transfer, the only code that drives an easy handle: the options
// every request of a client shares, the per-request setup (URL, headers,
// body, deadline, answer bound), the body and header callbacks (trace id,
// Retry-After) and the decoding of how the transfer ended into an answer or
// an ErrorInfo. Both the blocking HttpClient (http.cpp) and the watcher's
// MultiPoller (multi_poller.cpp) are built on it; they differ only in who
// drives the curl multi handle.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "transport/http.hpp"

namespace mj::transport {

// Why a transfer stopped before libcurl finished it.
enum class Stop : uint8_t { none, cancelled, deadline };

class Transfer {
 public:
  // An easy handle with the options every request made with `config` shares.
  // `config` must outlive the transfer. Throws std::bad_alloc.
  explicit Transfer(const HttpConfig& config);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  CURL* easy() const noexcept { return easy_; }

  // Sets up one request. `body` is not copied: it must stay alive and
  // unchanged until end(). Throws std::bad_alloc.
  void begin(const HttpRequest& request, std::string_view body);

  // After libcurl finished the transfer with `result`, or the
  // caller stopped it (`stop`; the handle is already out of its multi): the
  // answer (true, `response`) or the failure (false, `error`). Drops every
  // pointer to the request, so the handle can be reused at once.
  bool end(CURLcode result, Stop stop, HttpResponse& response, ErrorInfo& error);

 private:
  static size_t on_body(char* data, size_t size, size_t count, void* user) noexcept;
  static size_t on_header(char* data, size_t size, size_t count, void* user) noexcept;
  void clear_request() noexcept;
  // Counts the attempt in the client's stats and fills the request's AttemptInfo.
  void account(long request_bytes) noexcept;
  bool https() const noexcept;
  bool handshake_done() const noexcept;
  bool html_answer() const noexcept;
  // The answer is the explicit proxy's own refusal, not the server's.
  bool proxy_answered(long status) const noexcept;
  bool response_seen() const noexcept;
  // A proxy answered `code` (a refused CONNECT, 407) instead of the server.
  bool proxy_refused(long code, ErrorInfo& error) const;
  // A message a person can act on for a TLS failure: which side refused what.
  std::string tls_message(CURLcode result, const std::string& detail) const;

  struct SlistDeleter {
    void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
  };

  const HttpConfig& config_;
  CURL* easy_ = nullptr;
  std::unique_ptr<curl_slist, SlistDeleter> headers_;
  std::unique_ptr<curl_slist, SlistDeleter> connect_to_;
  AttemptInfo* attempt_info_ = nullptr;
  long last_connects_ = 0;      // connections the last transfer opened
  long last_header_bytes_ = 0;  // answer head bytes it received
  std::string base_url_;        // the request's endpoint, for messages
  std::string url_;
  std::string_view address_hint_;
  HttpResponse response_;  // filled by the callbacks
  size_t limit_ = 0;
  bool too_large_ = false;
  std::string_view too_large_hint_;
  std::string_view timeout_hint_;
  Hint too_large_hint_code_ = Hint::none;
  int64_t timeout_ms_ = 0;  // for messages
  std::chrono::steady_clock::time_point deadline_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

// Whether libcurl's error text reports a TLS alert from the peer (a server
// that refused the client's certificate ends the handshake with one).
bool mentions_tls_alert(const std::string& detail) noexcept;

// Retry-After (delay-seconds or an HTTP-date) in ms; -1 when unreadable.
int64_t parse_retry_after(std::string_view value);

}  // namespace mj::transport
