#include "transport/http.hpp"

#include <curl/curl.h>

#include <strings.h>
#include <algorithm>
#include <cstring>

#include "common/deadline.hpp"
#include "common/error.hpp"

namespace mj::transport {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr size_t kMaxIdleConnections = 64;

struct SlistDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

void append(Slist& list, const std::string& header) {
  curl_slist* next = curl_slist_append(list.get(), header.c_str());
  if (!next) throw std::bad_alloc();
  (void)list.release();
  list.reset(next);
}

// What the callbacks of one transfer write into.
struct Sink {
  std::string* body;
  size_t limit;
  bool too_large = false;
  std::string trace_id;
  int64_t retry_after_ms = -1;
};

// Retry-After: delay-seconds, or an HTTP-date (RFC 9110 10.2.3).
int64_t parse_retry_after(std::string_view value) {
  if (value.empty() || value.size() > 64) return -1;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    if (value.size() > 9) return 86400000;  // absurd: a day, bounded by the deadline anyway
    return std::stoll(std::string(value)) * 1000;
  }
  const time_t at = curl_getdate(std::string(value).c_str(), nullptr);
  if (at < 0) return -1;
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  return at > now ? static_cast<int64_t>(at - now) * 1000 : 0;
}

std::string_view header_value(const char* data, size_t n, size_t name_len) {
  std::string_view value(data + name_len, n - name_len);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  return value;
}

size_t on_body(char* data, size_t size, size_t count, void* user) noexcept {
  auto* sink = static_cast<Sink*>(user);
  const size_t n = size * count;
  if (sink->body->size() + n > sink->limit) {
    sink->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  try {
    sink->body->append(data, n);
  } catch (...) {
    return 0;
  }
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) noexcept {
  auto* sink = static_cast<Sink*>(user);
  const size_t n = size * count;
  static constexpr char kTrace[] = "X-Milvus-Trace-Id:";
  constexpr size_t kTraceLen = sizeof(kTrace) - 1;
  static constexpr char kRetryAfter[] = "Retry-After:";
  constexpr size_t kRetryAfterLen = sizeof(kRetryAfter) - 1;
  try {
    if (n > kTraceLen && strncasecmp(data, kTrace, kTraceLen) == 0) {
      sink->trace_id.assign(header_value(data, n, kTraceLen).substr(0, 128));
    } else if (n > kRetryAfterLen && strncasecmp(data, kRetryAfter, kRetryAfterLen) == 0) {
      sink->retry_after_ms = parse_retry_after(header_value(data, n, kRetryAfterLen));
    }
  } catch (...) {
    return 0;
  }
  return n;
}

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

[[noreturn]] void fail(Category category, std::string message, bool never_sent, Hint hint = Hint::none) {
  ErrorInfo info;
  info.category = category;
  info.hint = hint;
  info.message = std::move(message);
  info.never_sent = never_sent;
  // A read may always be repeated; whether a create may is decided above us.
  info.retriable = category == Category::transport || category == Category::timeout;
  throw Error(std::move(info));
}

}  // namespace

void ensure_curl_initialised() {
  static std::once_flag once;
  static CURLcode result = CURLE_OK;
  std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (result != CURLE_OK) {
    throw Error(Category::internal, std::string("curl_global_init failed: ") + curl_easy_strerror(result));
  }
}

struct HttpClient::Connection {
  CURLM* multi = nullptr;
  CURL* easy = nullptr;
  char error_buffer[CURL_ERROR_SIZE] = {};

  ~Connection() {
    if (easy) curl_easy_cleanup(easy);
    if (multi) curl_multi_cleanup(multi);
  }
};

HttpClient::HttpClient(HttpConfig config) : config_(std::move(config)) { ensure_curl_initialised(); }

HttpClient::~HttpClient() = default;

std::unique_ptr<HttpClient::Connection> HttpClient::acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
  }
  auto conn = std::make_unique<Connection>();
  conn->multi = curl_multi_init();
  conn->easy = curl_easy_init();
  if (!conn->multi || !conn->easy) throw std::bad_alloc();
  CURL* e = conn->easy;
  // Options that never change for this client; per-call ones are set in post().
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, conn->error_buffer);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &on_header);
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
  return conn;
}

void HttpClient::release(std::unique_ptr<Connection> conn) noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < kMaxIdleConnections) {
    try {
      idle_.push_back(std::move(conn));
    } catch (...) {
      // conn is destroyed on return: one connection fewer in the pool.
    }
  }
}

HttpResponse HttpClient::post(const HttpRequest& request) {
  const std::string url = config_.base_url + request.path;
  const auto total_ms = std::chrono::duration_cast<milliseconds>(request.deadline - Clock::now()).count();
  if (request.cancel && request.cancel->triggered()) {
    fail(Category::cancelled, "cancelled before the request was sent", true);
  }
  if (total_ms <= 0) {
    fail(Category::timeout, "the call's deadline passed before the request was sent", true, Hint::raise_timeout);
  }

  Slist headers;
  for (const auto& h : config_.headers) append(headers, h);
  for (const auto& h : request.headers) append(headers, h);
  append(headers, "Expect:");  // no 100-continue round trip for larger bodies

  HttpResponse response;
  const size_t limit = request.max_response_bytes > 0 ? request.max_response_bytes : config_.max_response_bytes;
  Sink sink{&response.body, limit, false, {}, -1};

  auto conn = acquire();
  CURL* e = conn->easy;
  conn->error_buffer[0] = '\0';
  curl_easy_setopt(e, CURLOPT_URL, url.c_str());
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(e, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &sink);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                   curl_timeout_ms(std::min<int64_t>(config_.connect_timeout_ms, total_ms)));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, curl_timeout_ms(total_ms));
  curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, request.fresh_connection ? 1L : 0L);

  if (curl_multi_add_handle(conn->multi, e) != CURLM_OK)
    throw Error(Category::internal, "curl_multi_add_handle failed");
  if (request.cancel) request.cancel->add_waiter(conn->multi);

  bool cancelled = false;
  bool deadline_passed = false;
  CURLcode result = CURLE_OK;
  bool done = false;
  while (!done) {
    if (request.cancel && request.cancel->triggered()) {
      cancelled = true;
      break;
    }
    int running = 0;
    if (curl_multi_perform(conn->multi, &running) != CURLM_OK) {
      result = CURLE_OUT_OF_MEMORY;
      break;
    }
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(conn->multi, &queued)) {
      if (msg->msg == CURLMSG_DONE) {
        result = msg->data.result;
        done = true;
      }
    }
    if (done) break;
    const auto left = std::chrono::duration_cast<milliseconds>(request.deadline - Clock::now()).count();
    if (left <= 0) {
      deadline_passed = true;
      break;
    }
    curl_multi_poll(conn->multi, nullptr, 0, static_cast<int>(std::min<int64_t>(left, 1000)), nullptr);
  }
  if (request.cancel) request.cancel->remove_waiter(conn->multi);

  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  // What decides whether a failed call may be repeated safely: did any byte
  // of the request reach the socket? (libcurl counts what it sent.)
  long request_bytes = 0;
  curl_easy_getinfo(e, CURLINFO_REQUEST_SIZE, &request_bytes);
  const bool never_sent = request_bytes == 0;
  const std::string detail = conn->error_buffer[0] ? conn->error_buffer : curl_easy_strerror(result);
  curl_multi_remove_handle(conn->multi, e);
  // Drop pointers to this call's locals before the handle goes back to the pool.
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, nullptr);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, nullptr);
  curl_easy_setopt(e, CURLOPT_POSTFIELDS, nullptr);
  release(std::move(conn));

  const std::string limit_ms = std::to_string(request.timeout_ms > 0 ? request.timeout_ms : total_ms) + " ms";
  if (cancelled) fail(Category::cancelled, "the call was cancelled (" + url + ")", never_sent);
  if (!deadline_passed && result == CURLE_OPERATION_TIMEDOUT && never_sent && Clock::now() < request.deadline) {
    // libcurl's connect timeout, shorter than the call's deadline: one attempt timed out.
    fail(Category::timeout,
         "could not connect to " + config_.base_url + " within the connect timeout (" +
             std::to_string(config_.connect_timeout_ms) + " ms); is the server reachable?",
         true, Hint::raise_connect_timeout);
  }
  if (deadline_passed || result == CURLE_OPERATION_TIMEDOUT) {
    fail(Category::timeout,
         (never_sent ? "could not send to " : "no answer from ") + url + " within " + limit_ms +
             "; raise the request timeout (the client's or the call's), or check the server",
         never_sent, Hint::raise_timeout);
  }
  if (sink.too_large) {
    fail(Category::protocol,
         "the answer from " + url + " exceeds " + std::to_string(limit) + " bytes; refused" + request.too_large_hint,
         false, request.too_large_hint_code);
  }
  switch (result) {
    case CURLE_OK: break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      fail(Category::transport, "could not resolve the host of " + url + " (" + detail + "); check uri", never_sent);
    case CURLE_COULDNT_CONNECT:
      fail(Category::transport,
           "could not connect to " + config_.base_url + " (" + detail +
               "); is the server running, and are the host and port in uri right?",
           never_sent);
    case CURLE_OUT_OF_MEMORY: throw std::bad_alloc();
    default:
      if (is_tls_error(result)) {
        fail(Category::tls,
             "TLS with " + config_.base_url + " failed (" + detail +
                 "); set tls_ca_file to the server's CA, or tls_insecure_skip_verify=1 for a test server",
             never_sent);
      }
      fail(Category::transport, "the exchange with " + url + " failed (" + detail + ")", never_sent);
  }
  response.status = static_cast<int>(status);
  response.trace_id = std::move(sink.trace_id);
  response.retry_after_ms = sink.retry_after_ms;
  return response;
}

}  // namespace mj::transport
