#include "transport/multi_poller.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <new>
#include <string>

#include "transport/transfer.hpp"

namespace mj::transport {

// One connection's worth of transfer, reused from request to request, and
// the copy of the request body it sends (the caller's request is gone by then).
struct MultiPoller::Slot {
  explicit Slot(const HttpConfig& config) : transfer(config) {}
  Transfer transfer;
  std::string request_body;
  uint64_t tag = 0;
  bool busy = false;
};

struct MultiPoller::Impl {
  HttpConfig config;
  CURLM* multi = nullptr;
  std::vector<std::unique_ptr<Slot>> slots;
  size_t busy = 0;

  ~Impl() {
    for (auto& s : slots) {
      if (s->busy) curl_multi_remove_handle(multi, s->transfer.easy());
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
      if (s->transfer.easy() == easy) return s.get();
    }
    return nullptr;
  }

  // Takes the slot out of the multi and ends its transfer: `result` for a
  // finished one, a stop for one given up.
  void finish(Slot& slot, CURLcode result, Stop stop, PollOutcome& out) {
    curl_multi_remove_handle(multi, slot.transfer.easy());
    slot.busy = false;
    --busy;
    out.tag = slot.tag;
    out.ok = slot.transfer.end(result, stop, out.response, out.error);
  }

  // Appends every transfer libcurl reports finished to `done`.
  bool drain(std::vector<PollOutcome>& done) {
    bool any = false;
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Slot* slot = slot_of(msg->easy_handle);
      if (!slot || !slot->busy) continue;
      PollOutcome outcome;
      finish(*slot, msg->data.result, Stop::none, outcome);
      done.push_back(std::move(outcome));
      any = true;
    }
    return any;
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
  impl_->slots.reserve(static_cast<size_t>(cap));
  for (long i = 0; i < cap; ++i) impl_->slots.push_back(std::make_unique<Slot>(impl_->config));
}

MultiPoller::~MultiPoller() = default;

size_t MultiPoller::capacity() const noexcept { return impl_->slots.size(); }

size_t MultiPoller::in_flight() const noexcept { return impl_->busy; }

void* MultiPoller::multi_handle() const noexcept { return impl_->multi; }

void MultiPoller::wakeup() noexcept { curl_multi_wakeup(impl_->multi); }

void MultiPoller::start(const HttpRequest& request, uint64_t tag) {
  Slot& slot = impl_->free_slot();
  slot.request_body = request.body;
  slot.transfer.begin(request, slot.request_body);
  slot.tag = tag;
  if (curl_multi_add_handle(impl_->multi, slot.transfer.easy()) != CURLM_OK) {
    PollOutcome unused;
    (void)slot.transfer.end(CURLE_OK, Stop::cancelled, unused.response, unused.error);
    throw Error(Category::internal, "curl_multi_add_handle failed");
  }
  slot.busy = true;
  ++impl_->busy;
}

void MultiPoller::run(int wait_ms, std::vector<PollOutcome>& done) {
  int running = 0;
  if (curl_multi_perform(impl_->multi, &running) != CURLM_OK) throw std::bad_alloc();
  if (impl_->drain(done) || wait_ms <= 0) return;
  curl_multi_poll(impl_->multi, nullptr, 0, wait_ms, nullptr);
  if (curl_multi_perform(impl_->multi, &running) != CURLM_OK) throw std::bad_alloc();
  impl_->drain(done);
}

void MultiPoller::abandon_all() noexcept {
  for (auto& s : impl_->slots) {
    if (!s->busy) continue;
    PollOutcome unused;
    try {
      impl_->finish(*s, CURLE_OK, Stop::cancelled, unused);
    } catch (...) {
      // the outcome is dropped anyway
    }
  }
}

}  // namespace mj::transport
