#include "transport/multi_poller.hpp"

#include <curl/curl.h>

#include <strings.h>
#include <algorithm>
#include <new>
#include <string>
#include <string_view>

#include "common/deadline.hpp"

namespace mj::transport {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

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

}  // namespace

// One connection's worth of transfer: an easy handle and what one request
// needs while it is in flight. Buffers keep their capacity between requests.
struct MultiPoller::Slot {
  CURL* easy = nullptr;
  char error_buffer[CURL_ERROR_SIZE] = {};
  Slist headers;
  std::string url;
  std::string request_body;
  std::string response_body;
  std::string trace_id;
  std::string too_large_hint;
  Hint too_large_hint_code = Hint::none;
  size_t limit = 0;
  bool too_large = false;
  bool busy = false;
  uint64_t tag = 0;
  int64_t timeout_ms = 0;

  ~Slot() {
    if (easy) curl_easy_cleanup(easy);
  }

  static size_t on_body(char* data, size_t size, size_t count, void* user) noexcept {
    auto* slot = static_cast<Slot*>(user);
    const size_t n = size * count;
    if (slot->response_body.size() + n > slot->limit) {
      slot->too_large = true;
      return 0;
    }
    try {
      slot->response_body.append(data, n);
    } catch (...) {
      return 0;
    }
    return n;
  }

  static size_t on_header(char* data, size_t size, size_t count, void* user) noexcept {
    auto* slot = static_cast<Slot*>(user);
    const size_t n = size * count;
    static constexpr char kTrace[] = "X-Milvus-Trace-Id:";
    constexpr size_t kTraceLen = sizeof(kTrace) - 1;
    if (n > kTraceLen && strncasecmp(data, kTrace, kTraceLen) == 0) {
      std::string_view value(data + kTraceLen, n - kTraceLen);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
        value.remove_suffix(1);
      }
      try {
        slot->trace_id.assign(value.substr(0, 128));
      } catch (...) {
        return 0;
      }
    }
    return n;
  }
};

struct MultiPoller::Impl {
  HttpConfig config;
  CURLM* multi = nullptr;
  std::vector<std::unique_ptr<Slot>> slots;
  size_t busy = 0;

  ~Impl() {
    for (auto& s : slots) {
      if (s->busy) curl_multi_remove_handle(multi, s->easy);
    }
    slots.clear();  // easy handles before the multi that may hold their connections
    if (multi) curl_multi_cleanup(multi);
  }

  Slot& free_slot() {
    for (auto& s : slots) {
      if (!s->busy) return *s;
    }
    throw Error(Category::internal, "MultiPoller::start called with every connection busy");
  }

  Slot* slot_of(CURL* easy) noexcept {
    for (auto& s : slots) {
      if (s->easy == easy) return s.get();
    }
    return nullptr;
  }

  void settle(Slot& slot, CURLcode result, PollOutcome& out) {
    long status = 0;
    curl_easy_getinfo(slot.easy, CURLINFO_RESPONSE_CODE, &status);
    long request_bytes = 0;
    curl_easy_getinfo(slot.easy, CURLINFO_REQUEST_SIZE, &request_bytes);
    out.tag = slot.tag;
    if (result == CURLE_OK) {
      out.ok = true;
      out.response.status = static_cast<int>(status);
      out.response.body.swap(slot.response_body);
      out.response.trace_id.swap(slot.trace_id);
      return;
    }
    const std::string detail = slot.error_buffer[0] ? slot.error_buffer : curl_easy_strerror(result);
    ErrorInfo& e = out.error;
    e.never_sent = request_bytes == 0;
    e.retriable = true;
    if (slot.too_large) {
      e.category = Category::protocol;
      e.retriable = false;
      e.message = "the answer from " + slot.url + " exceeds " + std::to_string(slot.limit) + " bytes; refused" +
                  slot.too_large_hint;
      e.hint = slot.too_large_hint_code;
    } else if (result == CURLE_OPERATION_TIMEDOUT) {
      e.category = Category::timeout;
      e.message = (e.never_sent ? "could not send to " : "no answer from ") + slot.url + " within " +
                  std::to_string(slot.timeout_ms) + " ms; raise the watcher's poll timeout, or check the server";
      e.hint = Hint::raise_timeout;
    } else if (result == CURLE_COULDNT_RESOLVE_HOST || result == CURLE_COULDNT_RESOLVE_PROXY) {
      e.category = Category::transport;
      e.message = "could not resolve the host of " + slot.url + " (" + detail + "); check uri";
    } else if (result == CURLE_COULDNT_CONNECT) {
      e.category = Category::transport;
      e.message = "could not connect to " + config.base_url + " (" + detail +
                  "); is the server running, and are the host and port in uri right?";
    } else if (result == CURLE_OUT_OF_MEMORY) {
      e.category = Category::no_memory;
      e.message = "out of memory";
    } else if (is_tls_error(result)) {
      e.category = Category::tls;
      e.retriable = false;
      e.message = "TLS with " + config.base_url + " failed (" + detail +
                  "); set tls_ca_file to the server's CA, or tls_insecure_skip_verify=1 for a test server";
    } else {
      e.category = Category::transport;
      e.message = "the exchange with " + slot.url + " failed (" + detail + ")";
    }
  }

  void release(Slot& slot) noexcept {
    curl_multi_remove_handle(multi, slot.easy);
    curl_easy_setopt(slot.easy, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(slot.easy, CURLOPT_POSTFIELDS, nullptr);
    slot.headers.reset();
    slot.busy = false;
    --busy;
  }
};

MultiPoller::MultiPoller(const HttpConfig& config, size_t capacity) : impl_(std::make_unique<Impl>()) {
  ensure_curl_initialised();
  impl_->config = config;
  impl_->multi = curl_multi_init();
  if (!impl_->multi) throw Error(Category::internal, "curl_multi_init failed");
  const long cap = static_cast<long>(std::max<size_t>(capacity, 1));
  curl_multi_setopt(impl_->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, cap);
  curl_multi_setopt(impl_->multi, CURLMOPT_MAX_HOST_CONNECTIONS, cap);
  curl_multi_setopt(impl_->multi, CURLMOPT_MAXCONNECTS, cap);
  for (long i = 0; i < cap; ++i) {
    auto slot = std::make_unique<Slot>();
    slot->easy = curl_easy_init();
    if (!slot->easy) throw Error(Category::internal, "curl_easy_init failed");
    CURL* e = slot->easy;
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, slot->error_buffer);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Slot::on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, slot.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Slot::on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, slot.get());
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, impl_->config.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, impl_->config.tls_verify ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, impl_->config.tls_verify ? 2L : 0L);
    if (!impl_->config.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, impl_->config.ca_file.c_str());
    if (!impl_->config.ca_path.empty()) curl_easy_setopt(e, CURLOPT_CAPATH, impl_->config.ca_path.c_str());
    impl_->slots.push_back(std::move(slot));
  }
}

MultiPoller::~MultiPoller() = default;

size_t MultiPoller::capacity() const noexcept { return impl_->slots.size(); }

size_t MultiPoller::in_flight() const noexcept { return impl_->busy; }

void* MultiPoller::multi_handle() const noexcept { return impl_->multi; }

void MultiPoller::wakeup() noexcept { curl_multi_wakeup(impl_->multi); }

void MultiPoller::start(const HttpRequest& request, uint64_t tag) {
  Slot& slot = impl_->free_slot();
  const auto total_ms =
      std::max<int64_t>(1, std::chrono::duration_cast<milliseconds>(request.deadline - Clock::now()).count());
  Slist headers;
  for (const auto& h : impl_->config.headers) append(headers, h);
  for (const auto& h : request.headers) append(headers, h);
  append(headers, "Expect:");
  slot.url = impl_->config.base_url + request.path;
  slot.request_body = request.body;
  slot.response_body.clear();
  slot.trace_id.clear();
  slot.limit = request.max_response_bytes > 0 ? request.max_response_bytes : impl_->config.max_response_bytes;
  slot.too_large_hint = request.too_large_hint;
  slot.too_large_hint_code = request.too_large_hint_code;
  slot.too_large = false;
  slot.error_buffer[0] = '\0';
  slot.tag = tag;
  slot.timeout_ms = request.timeout_ms > 0 ? request.timeout_ms : total_ms;
  slot.headers = std::move(headers);
  CURL* e = slot.easy;
  curl_easy_setopt(e, CURLOPT_URL, slot.url.c_str());
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, slot.headers.get());
  curl_easy_setopt(e, CURLOPT_POSTFIELDS, slot.request_body.data());
  curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(slot.request_body.size()));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                   curl_timeout_ms(std::min<int64_t>(impl_->config.connect_timeout_ms, total_ms)));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, curl_timeout_ms(total_ms));
  if (curl_multi_add_handle(impl_->multi, e) != CURLM_OK) {
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, nullptr);
    slot.headers.reset();
    throw Error(Category::internal, "curl_multi_add_handle failed");
  }
  slot.busy = true;
  ++impl_->busy;
}

void MultiPoller::run(int wait_ms, std::vector<PollOutcome>& done) {
  int running = 0;
  if (curl_multi_perform(impl_->multi, &running) != CURLM_OK) throw std::bad_alloc();
  bool finished = false;
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(impl_->multi, &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    Slot* slot = impl_->slot_of(msg->easy_handle);
    if (!slot || !slot->busy) continue;
    PollOutcome outcome;
    impl_->settle(*slot, msg->data.result, outcome);
    impl_->release(*slot);
    done.push_back(std::move(outcome));
    finished = true;
  }
  if (finished || wait_ms <= 0) return;
  curl_multi_poll(impl_->multi, nullptr, 0, wait_ms, nullptr);
  if (curl_multi_perform(impl_->multi, &running) != CURLM_OK) throw std::bad_alloc();
  while (CURLMsg* msg = curl_multi_info_read(impl_->multi, &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    Slot* slot = impl_->slot_of(msg->easy_handle);
    if (!slot || !slot->busy) continue;
    PollOutcome outcome;
    impl_->settle(*slot, msg->data.result, outcome);
    impl_->release(*slot);
    done.push_back(std::move(outcome));
  }
}

void MultiPoller::abandon_all() noexcept {
  for (auto& s : impl_->slots) {
    if (s->busy) impl_->release(*s);
  }
}

}  // namespace mj::transport
