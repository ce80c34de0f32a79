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
  url_.assign(config_.base_url).append(request.path);
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
  clear_request();
  if (stop == Stop::none && result == CURLE_OK && !too_large_) {
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
  if (stop == Stop::cancelled) return fail(Category::cancelled, "the call was cancelled (" + url_ + ")");
  if (stop == Stop::none && result == CURLE_OPERATION_TIMEDOUT && never_sent && Clock::now() < deadline_) {
    // libcurl's connect timeout, shorter than the call's deadline: one attempt timed out.
    return fail(Category::timeout,
                "could not connect to " + config_.base_url + " within the connect timeout (" +
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
  switch (result) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return fail(Category::transport, "could not resolve the host of " + url_ + " (" + detail + "); check uri");
    case CURLE_COULDNT_CONNECT:
      return fail(Category::transport, "could not connect to " + config_.base_url + " (" + detail +
                                           "); is the server running, and are the host and port in uri right?");
    case CURLE_OUT_OF_MEMORY: return fail(Category::no_memory, "out of memory");
    default:
      if (is_tls_error(result)) {
        return fail(Category::tls,
                    "TLS with " + config_.base_url + " failed (" + detail +
                        "); set tls_ca_file to the server's CA, or tls_insecure_skip_verify=1 for a test server");
      }
      return fail(Category::transport, "the exchange with " + url_ + " failed (" + detail + ")");
  }
}

}  // namespace mj::transport
