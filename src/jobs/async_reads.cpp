#include "jobs/async_reads.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <limits>
#include <new>
#include <utility>

#include "transport/http.hpp"
#include "transport/transfer.hpp"

namespace mj::jobs {
namespace {

using Clock = std::chrono::steady_clock;

// The host's events are curl's: MJ_ASYNC_POLL_* = CURL_POLL_*, the socket
// action's mask = CURL_CSELECT_*.
static_assert(CURL_POLL_IN == 1 && CURL_POLL_OUT == 2 && CURL_POLL_REMOVE == 4, "MJ_ASYNC_POLL_* mirror CURL_POLL_*");
static_assert(CURL_CSELECT_IN == 1 && CURL_CSELECT_OUT == 2, "the socket action's events mirror CURL_CSELECT_*");

// Milliseconds from now to `t`, rounded up, within [0, 1 hour] (a wait is
// re-computed when it ends).
int64_t wait_ms(Clock::time_point t, Clock::time_point now) {
  if (t <= now) return 0;
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(t - now).count();
  return std::min<int64_t>((us + 999) / 1000, 3600000);
}

}  // namespace

struct AsyncReads::Slot {
  explicit Slot(const transport::HttpConfig& config) : transfer(config) {}
  transport::Transfer transfer;
  ReadIt read;
};

AsyncReads::AsyncReads(JobsClient& client, size_t max_in_flight, AsyncHooks hooks)
    : client_(client), hooks_(hooks), max_in_flight_(max_in_flight ? max_in_flight : kDefaultMaxInFlight) {
  transport::ensure_curl_initialised();
  CURLM* multi = curl_multi_init();
  if (!multi) throw std::bad_alloc();
  multi_ = multi;
  slots_.reserve(max_in_flight_);
  free_slots_.reserve(max_in_flight_);
  const long cap = static_cast<long>(max_in_flight_);
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, cap);
  curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, cap);
  if (host_driven()) {
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &AsyncReads::on_curl_socket);
    curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &AsyncReads::on_curl_timer);
    curl_multi_setopt(multi, CURLMOPT_TIMERDATA, this);
  }
}

AsyncReads::~AsyncReads() {
  auto* multi = static_cast<CURLM*>(multi_);
  for (auto& r : reads_) {
    if (r.phase != Phase::sending || !r.slot) continue;
    curl_multi_remove_handle(multi, r.slot->transfer.easy());
    transport::HttpResponse unused;
    ErrorInfo ignored;
    (void)r.slot->transfer.end(CURLE_OK, transport::Stop::cancelled, unused, ignored);
  }
  if (!host_driven()) {
    for (auto& [token, count] : tokens_) token->remove_waiter(multi_);
  }
  if (host_driven()) {
    // The host stops watching every socket before libcurl closes it.
    for (int fd : watched_fds_) hooks_.on_socket(fd, CURL_POLL_REMOVE, hooks_.user);
    watched_fds_.clear();
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, nullptr);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, nullptr);
    if (host_timer_set_) hooks_.on_timer(-1, hooks_.user);
  }
  slots_.clear();  // easy handles before the multi that may hold their connections
  curl_multi_cleanup(multi);
}

int AsyncReads::on_curl_socket(void* /*easy*/, int fd, int what, void* self, void* /*socketp*/) noexcept {
  auto* a = static_cast<AsyncReads*>(self);
  auto& fds = a->watched_fds_;
  const auto at = std::find(fds.begin(), fds.end(), fd);
  if (what == CURL_POLL_REMOVE) {
    if (at == fds.end()) return 0;
    fds.erase(at);
  } else if (at == fds.end()) {
    try {
      fds.push_back(fd);
    } catch (...) {
      return -1;  // libcurl fails the transfer
    }
  }
  a->hooks_.on_socket(fd, what, a->hooks_.user);
  return 0;
}

int AsyncReads::on_curl_timer(void* /*multi*/, long timeout_ms, void* self) noexcept {
  auto* a = static_cast<AsyncReads*>(self);
  a->curl_timer_set_ = timeout_ms >= 0;
  if (timeout_ms >= 0) a->curl_due_ = Clock::now() + std::chrono::milliseconds(timeout_ms);
  return 0;
}

void AsyncReads::start(ReadKind kind, JobsClient::Attempts attempts, CallContext ctx, uint64_t tag) {
  std::list<Read> one;
  Read& r = one.emplace_back();
  r.kind = kind;
  r.tag = tag;
  r.ctx = std::move(ctx);
  r.attempts = std::move(attempts);
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++live_tags_[tag];
    incoming_.splice(incoming_.end(), one);
    wake = polling_;
    polling_ = false;  // one wakeup is enough for every start until it returns
  }
  in_flight_.fetch_add(1, std::memory_order_relaxed);
  after_queueing(wake);
}

bool AsyncReads::cancel(uint64_t tag) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto it = live_tags_.find(tag);
    if (it == live_tags_.end()) return false;
    cancels_.push_back(tag);
    wake = polling_;
    polling_ = false;
  }
  after_queueing(wake);
  return true;
}

void AsyncReads::after_queueing(bool wake) {
  if (host_driven()) {
    pump();  // on the driving thread: at once
    sync_host_timer(!done_.empty());
  } else if (wake) {
    curl_multi_wakeup(static_cast<CURLM*>(multi_));
  }
}

void AsyncReads::wakeup() noexcept {
  woken_.store(true, std::memory_order_release);
  curl_multi_wakeup(static_cast<CURLM*>(multi_));
}

void AsyncReads::watch_token(transport::CancelToken* token) {
  if (!token) return;
  auto& count = tokens_[token];
  // Self-driven: a trigger wakes run(). Host-driven: it is seen at the next drive.
  if (count++ == 0 && !host_driven()) token->add_waiter(multi_);
}

void AsyncReads::unwatch_token(transport::CancelToken* token) noexcept {
  if (!token) return;
  const auto it = tokens_.find(token);
  if (it == tokens_.end()) return;
  if (--it->second == 0) {
    if (!host_driven()) token->remove_waiter(multi_);
    tokens_.erase(it);
  }
}

void AsyncReads::pump() {
  std::vector<uint64_t> cancels;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!incoming_.empty()) {
      const ReadIt first = incoming_.begin();
      reads_.splice(reads_.end(), incoming_);
      for (ReadIt r = first; r != reads_.end(); ++r) {
        queued_.push_back(r);
        watch_token(r->ctx.cancel);
      }
    }
    cancels.swap(cancels_);
  }
  // Cancels by tag (the oldest read not yet asked), then by token.
  for (uint64_t tag : cancels) {
    for (auto& r : reads_) {
      if (r.tag == tag && !r.cancel_asked) {
        r.cancel_asked = true;
        break;
      }
    }
  }
  bool scan = !cancels.empty() || !pausing_.empty();
  if (!tokens_.empty()) {
    for (auto& r : reads_) {
      if (r.ctx.cancel && r.ctx.cancel->triggered()) r.cancel_asked = scan = true;
    }
  }
  const auto now = scan ? Clock::now() : Clock::time_point();
  for (ReadIt r = scan ? reads_.begin() : reads_.end(); r != reads_.end();) {
    const ReadIt here = r++;
    if (here->phase == Phase::pausing && (here->cancel_asked || here->due <= now)) {
      pausing_.erase(std::find(pausing_.begin(), pausing_.end(), here));
      if (here->cancel_asked) {
        finish_error(here, client_.cancelled_while_waiting(here->attempts, here->last));
      } else {
        here->phase = Phase::queued;
        queued_.push_back(here);
      }
    } else if (here->cancel_asked && here->phase == Phase::sending) {
      end_transfer(here, CURLE_OK, true);
    } else if (here->cancel_asked && here->phase == Phase::queued) {
      queued_.erase(std::find(queued_.begin(), queued_.end(), here));
      start_attempt(here);  // fails before sending: cancelled
    }
  }
  while (!queued_.empty() && (!free_slots_.empty() || slots_.size() < max_in_flight_)) {
    const ReadIt r = queued_.front();
    queued_.pop_front();
    start_attempt(r);
  }
}

void AsyncReads::start_attempt(ReadIt r) {
  try {
    client_.next_attempt(r->attempts, r->ctx);
    if (r->cancel_asked) {
      ErrorInfo info;
      info.category = Category::cancelled;
      info.message = "cancelled before the request was sent";
      info.never_sent = true;
      throw Error(std::move(info));
    }
    transport::check_before_send(r->attempts.request);
    if (free_slots_.empty()) {
      slots_.push_back(std::make_unique<Slot>(client_.transport_config()));
      free_slots_.push_back(slots_.back().get());
    }
    Slot* slot = free_slots_.back();
    const transport::HttpRequest& request = r->attempts.request;
    slot->transfer.begin(request, request.body);
    CURL* easy = slot->transfer.easy();
    curl_easy_setopt(easy, CURLOPT_PRIVATE, static_cast<void*>(slot));
    if (curl_multi_add_handle(static_cast<CURLM*>(multi_), easy) != CURLM_OK) {
      transport::HttpResponse unused;
      ErrorInfo ignored;
      (void)slot->transfer.end(CURLE_OK, transport::Stop::cancelled, unused, ignored);
      throw Error(Category::internal, "curl_multi_add_handle failed");
    }
    free_slots_.pop_back();
    slot->read = r;
    r->slot = slot;
    r->phase = Phase::sending;
  } catch (...) {
    attempt_failed(r, current_error(), 0, -1, std::string());
  }
}

void AsyncReads::drain() {
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(static_cast<CURLM*>(multi_), &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    void* slot = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &slot);
    if (!slot) continue;
    const CURLcode result = msg->data.result;
    end_transfer(static_cast<Slot*>(slot)->read, result, false);
  }
}

void AsyncReads::end_transfer(ReadIt r, int result, bool cancelled) {
  Slot* slot = r->slot;
  curl_multi_remove_handle(static_cast<CURLM*>(multi_), slot->transfer.easy());
  transport::HttpResponse response;
  ErrorInfo error;
  bool ok = false;
  try {
    ok = slot->transfer.end(static_cast<CURLcode>(result),
                            cancelled ? transport::Stop::cancelled : transport::Stop::none, response, error);
  } catch (...) {
    error = current_error();
  }
  r->slot = nullptr;
  free_slots_.push_back(slot);  // capacity reserved: slots_ never outgrows it
  if (!ok) {
    attempt_failed(r, std::move(error), 0, -1, std::string());
    return;
  }
  try {
    FinishedRead done;
    switch (r->kind) {
      case ReadKind::import: done.import = client_.decode_import_read(response); break;
      case ReadKind::refresh: done.refresh = client_.decode_refresh_read(response); break;
      case ReadKind::snapshot: done.snapshot = client_.decode_snapshot_read(response); break;
    }
    client_.attempt_answered(r->attempts, response.status, response.trace_id);
    done.ok = true;
    finish(r, std::move(done));
  } catch (...) {
    attempt_failed(r, current_error(), response.status, response.retry_after_ms, response.trace_id);
  }
}

void AsyncReads::attempt_failed(ReadIt r, ErrorInfo info, int http_status, int64_t retry_after_ms,
                                const std::string& trace_id) {
  int64_t pause_ms = -1;
  if (info.category != Category::no_memory) {
    try {
      pause_ms = client_.attempt_failed(r->attempts, info, http_status, retry_after_ms, trace_id, r->ctx, false);
    } catch (...) {
      info = current_error();
    }
  }
  if (pause_ms < 0) {
    finish_error(r, std::move(info));
    return;
  }
  r->last = std::move(info);
  r->phase = Phase::pausing;
  r->due = Clock::now() + std::chrono::milliseconds(pause_ms);
  pausing_.push_back(r);
}

void AsyncReads::finish_error(ReadIt r, ErrorInfo&& error) {
  FinishedRead done;
  done.error = std::move(error);
  finish(r, std::move(done));
}

void AsyncReads::finish(ReadIt r, FinishedRead&& result) {
  result.tag = r->tag;
  result.kind = r->kind;
  unwatch_token(r->ctx.cancel);
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto it = live_tags_.find(r->tag);
    if (it != live_tags_.end() && --it->second == 0) live_tags_.erase(it);
  }
  done_.push_back(std::move(result));
  reads_.erase(r);
}

bool AsyncReads::next(FinishedRead& out) {
  if (done_.empty()) return false;
  out = std::move(done_.front());
  done_.pop_front();
  in_flight_.fetch_sub(1, std::memory_order_relaxed);
  return true;
}

Clock::time_point AsyncReads::next_due() const noexcept {
  Clock::time_point due = Clock::time_point::max();
  for (const ReadIt& r : pausing_) due = std::min(due, r->due);
  return due;
}

void AsyncReads::socket_action(int fd, int events) {
  auto* multi = static_cast<CURLM*>(multi_);
  pump();
  int running = 0;
  if (fd < 0) {
    host_timer_set_ = false;  // it fired
    if (curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running) != CURLM_OK) throw std::bad_alloc();
    if (curl_timer_set_ && curl_due_ <= Clock::now()) {
      // libcurl did not move its timer: ask it (never a busy loop on a stale one).
      long ms = -1;
      curl_multi_timeout(multi, &ms);
      curl_timer_set_ = ms >= 0;
      if (ms >= 0) curl_due_ = Clock::now() + std::chrono::milliseconds(ms);
    }
  } else if (curl_multi_socket_action(multi, fd, events & (CURL_CSELECT_IN | CURL_CSELECT_OUT), &running) != CURLM_OK) {
    throw std::bad_alloc();
  }
  drain();
  pump();
  sync_host_timer(false);
}

void AsyncReads::sync_host_timer(bool results_waiting) {
  const auto now = Clock::now();
  Clock::time_point due = next_due();
  if (curl_timer_set_) due = std::min(due, curl_due_);
  if (results_waiting) due = now;
  if (due == Clock::time_point::max()) {
    if (host_timer_set_) {
      host_timer_set_ = false;
      hooks_.on_timer(-1, hooks_.user);
    }
    return;
  }
  if (host_timer_set_ && host_due_ == due) return;
  host_timer_set_ = true;
  host_due_ = due;
  hooks_.on_timer(wait_ms(due, now), hooks_.user);
}

void AsyncReads::run(int64_t timeout_ms) {
  auto* multi = static_cast<CURLM*>(multi_);
  const auto start = Clock::now();
  const auto end = timeout_ms < 0 ? Clock::time_point::max() : start + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    pump();
    int running = 0;
    if (curl_multi_perform(multi, &running) != CURLM_OK) throw std::bad_alloc();
    drain();
    pump();
    if (!done_.empty() || woken_.exchange(false, std::memory_order_acq_rel)) return;
    const auto now = Clock::now();
    if (now >= end) return;
    const int64_t wait = wait_ms(std::min(end, next_due()), now);
    {
      // What was queued since pump() is taken before waiting; what comes
      // later sees polling_ and wakes the wait.
      std::lock_guard<std::mutex> lock(mu_);
      if (!incoming_.empty() || !cancels_.empty()) continue;
      polling_ = true;
    }
    curl_multi_poll(multi, nullptr, 0, static_cast<int>(std::min<int64_t>(wait, std::numeric_limits<int>::max())),
                    nullptr);
    std::lock_guard<std::mutex> lock(mu_);
    polling_ = false;
  }
}

}  // namespace mj::jobs
