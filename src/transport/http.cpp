#include "transport/http.hpp"

#include <curl/curl.h>

#include <algorithm>

#include "common/error.hpp"
#include "transport/transfer.hpp"

namespace mj::transport {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr size_t kMaxIdleConnections = 64;

[[noreturn]] void fail(Category category, std::string message, Hint hint = Hint::none) {
  ErrorInfo info;
  info.category = category;
  info.hint = hint;
  info.message = std::move(message);
  info.never_sent = true;
  info.retriable = category == Category::timeout;
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

// A pooled connection: one transfer and the multi handle that drives it (a
// multi, not curl_easy_perform, so that a cancel token can wake the wait).
struct HttpClient::Connection {
  explicit Connection(const HttpConfig& config) : transfer(config), multi(curl_multi_init()) {
    if (!multi) throw std::bad_alloc();
  }
  ~Connection() {
    if (multi) curl_multi_cleanup(multi);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Transfer transfer;
  CURLM* multi;
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
  return std::make_unique<Connection>(config_);
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

void check_before_send(const HttpRequest& request) {
  if (request.cancel && request.cancel->triggered()) fail(Category::cancelled, "cancelled before the request was sent");
  if (std::chrono::duration_cast<milliseconds>(request.deadline - Clock::now()).count() <= 0) {
    fail(Category::timeout, "the call's deadline passed before the request was sent", Hint::raise_timeout);
  }
}

HttpResponse HttpClient::post(const HttpRequest& request) {
  check_before_send(request);

  auto conn = acquire();
  CURL* e = conn->transfer.easy();
  conn->transfer.begin(request, request.body);
  if (curl_multi_add_handle(conn->multi, e) != CURLM_OK) {
    HttpResponse unused;
    ErrorInfo ignored;
    (void)conn->transfer.end(CURLE_OK, Stop::cancelled, unused, ignored);
    throw Error(Category::internal, "curl_multi_add_handle failed");
  }
  if (request.cancel) request.cancel->add_waiter(conn->multi);

  Stop stop = Stop::none;
  CURLcode result = CURLE_OK;
  for (bool done = false; !done;) {
    if (request.cancel && request.cancel->triggered()) {
      stop = Stop::cancelled;
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
      stop = Stop::deadline;
      break;
    }
    curl_multi_poll(conn->multi, nullptr, 0, static_cast<int>(std::min<int64_t>(left, 1000)), nullptr);
  }
  if (request.cancel) request.cancel->remove_waiter(conn->multi);
  curl_multi_remove_handle(conn->multi, e);

  HttpResponse response;
  ErrorInfo error;
  const bool ok = conn->transfer.end(result, stop, response, error);
  release(std::move(conn));
  if (ok) return response;
  if (error.category == Category::no_memory) throw std::bad_alloc();
  throw Error(std::move(error));
}

}  // namespace mj::transport
