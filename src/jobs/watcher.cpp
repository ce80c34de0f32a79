#include "jobs/watcher.hpp"

#include <algorithm>
#include <cstring>

#include "common/deadline.hpp"
#include "jobs/lifecycle.hpp"
#include "jobs/validate.hpp"

namespace mj::jobs {
namespace {

using Clock = std::chrono::steady_clock;

WatcherSettings checked(WatcherSettings s) {
  if (s.max_connections == 0) s.max_connections = 16;
  if (s.max_connections > Watcher::kMaxConnections) {
    throw_invalid("the watcher's max_connections must be at most 1024 (0 = 16)");
  }
  if (s.interval_ms < 0 || s.poll_timeout_ms < 0) {
    throw_invalid("the watcher's interval and poll timeout must be >= 0 (0 = default)");
  }
  if (s.interval_ms == 0) s.interval_ms = 1000;
  s.interval_ms = bounded_ms(s.interval_ms);  // added to now for each job's next poll
  check_header_value("the watcher's db_name", s.db_name);
  return s;
}

// Unregisters the watcher's multi handle from the cancel token on every exit.
class CancelWaiter {
 public:
  CancelWaiter(transport::CancelToken* token, void* multi) : token_(token), multi_(multi) {
    if (token_) token_->add_waiter(multi_);
  }
  ~CancelWaiter() {
    if (token_) token_->remove_waiter(multi_);
  }
  CancelWaiter(const CancelWaiter&) = delete;
  CancelWaiter& operator=(const CancelWaiter&) = delete;

 private:
  transport::CancelToken* token_;
  void* multi_;
};

}  // namespace

Watcher::Watcher(JobsClient& client, WatcherSettings settings)
    : client_(client),
      settings_(checked(std::move(settings))),
      poller_(client.transport_config(), settings_.max_connections) {}

Watcher::~Watcher() = default;

int64_t Watcher::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

bool Watcher::current(Ref ref) const noexcept {
  const Slot& s = slots_[ref.slot];
  return s.live && s.generation == ref.generation;
}

uint32_t Watcher::add_slot(JobKind kind, int64_t id, const std::string* text) {
  uint32_t index;
  if (!free_slots_.empty()) {
    index = free_slots_.back();
    free_slots_.pop_back();
  } else {
    if (slots_.size() >= UINT32_MAX) throw Error(Category::invalid_argument, "too many jobs watched");
    slots_.emplace_back();
    index = static_cast<uint32_t>(slots_.size() - 1);
  }
  Slot& s = slots_[index];
  const uint32_t generation = s.generation;
  s = Slot{};
  s.generation = generation;
  s.kind = kind;
  s.id = id;
  if (text) {
    s.text.reset(new char[text->size() + 1]);
    std::memcpy(s.text.get(), text->c_str(), text->size() + 1);
  }
  s.live = true;
  return index;
}

void Watcher::drop_slot(uint32_t index) {
  Slot& s = slots_[index];
  if (!s.live) return;
  if (s.text) {
    import_index_.erase(std::string_view(s.text.get()));
    s.text.reset();
  } else {
    id_index(s.kind).erase(s.id);
  }
  s.live = false;
  ++s.generation;
  free_slots_.push_back(index);
  --live_;
}

void Watcher::add(JobKind kind, int64_t id, const std::string* text) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    uint32_t existing;
    if (find(kind, id, text, existing)) return;
    const uint32_t index = add_slot(kind, id, text);
    try {
      if (text) {
        import_index_.emplace(std::string_view(slots_[index].text.get()), index);
      } else {
        id_index(kind).emplace(id, index);
      }
      fresh_.push_back(Ref{index, slots_[index].generation});
    } catch (...) {
      ++live_;
      drop_slot(index);
      throw;
    }
    ++live_;
  }
  poller_.wakeup();
}

void Watcher::add_refresh(int64_t job_id) {
  client_.check_refresh_supported("watching a refresh job");
  check_refresh_job_id(job_id);
  add(JobKind::refresh, job_id, nullptr);
}

void Watcher::add_import(const std::string& job_id) {
  check_import_job_id(job_id);
  add(JobKind::import, 0, &job_id);
}

void Watcher::add_snapshot(int64_t job_id) {
  if (job_id <= 0) throw_invalid("job_id must be > 0 (the id the snapshot restore's start returned)");
  add(JobKind::snapshot, job_id, nullptr);
}

bool Watcher::find(JobKind kind, int64_t id, const std::string* text, uint32_t& index) const {
  if (text) {
    auto it = import_index_.find(*text);
    if (it == import_index_.end()) return false;
    index = it->second;
  } else {
    const auto& ids = kind == JobKind::snapshot ? snapshot_index_ : refresh_index_;
    auto it = ids.find(id);
    if (it == ids.end()) return false;
    index = it->second;
  }
  return true;
}

bool Watcher::remove_slot(uint32_t index, std::unique_lock<std::mutex>& lock) {
  const Ref ref{index, slots_[index].generation};
  // From another thread: the event of this job being delivered finishes first.
  if (std::this_thread::get_id() != driver_) {
    delivered_.wait(lock, [&] {
      return !delivering_ || delivering_->slot != ref.slot || delivering_->generation != ref.generation;
    });
    if (!current(ref)) return false;  // it left by itself meanwhile
  }
  drop_slot(index);
  return true;
}

bool Watcher::remove(JobKind kind, int64_t id, const std::string* text) {
  std::unique_lock<std::mutex> lock(mu_);
  uint32_t index;
  if (!find(kind, id, text, index)) return false;
  return remove_slot(index, lock);
}

bool Watcher::remove_refresh(int64_t job_id) { return remove(JobKind::refresh, job_id, nullptr); }

bool Watcher::remove_import(const std::string& job_id) { return remove(JobKind::import, 0, &job_id); }

bool Watcher::remove_snapshot(int64_t job_id) { return remove(JobKind::snapshot, job_id, nullptr); }

size_t Watcher::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return live_;
}

void Watcher::finish_delivery() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!delivering_) return;
    delivering_.reset();
  }
  delivered_.notify_all();
}

void Watcher::start_due(int64_t now) {
  while (poller_.in_flight() < poller_.capacity()) {
    Ref ref;
    if (!fresh_.empty()) {
      ref = fresh_.front();
      fresh_.pop_front();
    } else if (!schedule_.empty() && schedule_.front().at_ms <= now) {
      ref = schedule_.front().ref;
      schedule_.pop_front();
    } else {
      return;
    }
    if (!current(ref)) continue;
    const Slot& s = slots_[ref.slot];
    CallContext ctx;
    ctx.timeout_ms = settings_.poll_timeout_ms;
    ctx.db_name = settings_.db_name;
    JobsClient::PreparedDescribe prepared = s.kind == JobKind::refresh ? client_.prepare_refresh_describe(s.id, ctx)
                                            : s.kind == JobKind::snapshot
                                                ? client_.prepare_snapshot_describe(s.id, ctx)
                                                : client_.prepare_import_describe(std::string(s.import_id()), ctx);
    prepared.request.timeout_hint = "; raise the watcher's poll timeout, or check the server";
    const uint64_t tag = next_tag_++;
    in_flight_.emplace(tag, InFlight{ref, std::move(prepared.request_id)});
    try {
      poller_.start(prepared.request, tag);
    } catch (...) {
      in_flight_.erase(tag);
      fresh_.push_front(ref);
      throw;
    }
  }
}

void Watcher::schedule_later(Due due) {
  // Past the interval: its place in the queue, which stays ordered by time.
  auto at = std::upper_bound(schedule_.begin(), schedule_.end(), due.at_ms,
                             [](int64_t t, const Due& d) { return t < d.at_ms; });
  schedule_.insert(at, due);
}

void Watcher::settle(transport::PollOutcome& outcome, int64_t now) {
  auto it = in_flight_.find(outcome.tag);
  if (it == in_flight_.end()) return;
  const InFlight flight = std::move(it->second);
  in_flight_.erase(it);

  // Decode without the lock: add/remove from other threads go on meanwhile.
  JobKind kind;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!current(flight.ref)) return;
    kind = slots_[flight.ref.slot].kind;
  }
  WatchEvent ev;
  ev.kind = kind;
  bool ok = false;
  // A server that asks for a pause (429, 503 with Retry-After) gets it.
  const int64_t retry_after_ms = outcome.ok ? outcome.response.retry_after_ms : -1;
  if (outcome.ok) {
    try {
      if (kind == JobKind::refresh) {
        ev.refresh = client_.finish_refresh_describe(outcome.response, flight.request_id);
      } else if (kind == JobKind::snapshot) {
        ev.snapshot = client_.finish_snapshot_describe(outcome.response, flight.request_id);
      } else {
        ev.import = client_.finish_import_describe(outcome.response, flight.request_id);
      }
      ok = true;
    } catch (const Error& e) {
      ev.error = e.info();
    }
  } else {
    ev.error = std::move(outcome.error);
    if (kind == JobKind::snapshot) {
      client_.annotate_describe_error(ev.error, "get_restore_snapshot_progress", flight.request_id);
    } else {
      client_.annotate_describe_error(ev.error, kind == JobKind::refresh, flight.request_id);
    }
  }

  std::lock_guard<std::mutex> lock(mu_);
  if (!current(flight.ref)) return;
  Slot& s = slots_[flight.ref.slot];
  if (kind == JobKind::refresh) {
    ev.refresh_id = s.id;
  } else if (kind == JobKind::snapshot) {
    ev.snapshot_id = s.id;
  } else {
    ev.import_id.assign(s.import_id());
  }
  // How messages name the job.
  auto name = [&] {
    return kind == JobKind::refresh    ? job_name(s.id)
           : kind == JobKind::snapshot ? snapshot_job_name(s.id)
                                       : job_name(ev.import_id);
  };
  bool emit = false;
  bool reschedule = true;
  if (ok) {
    int32_t state;
    int64_t progress;
    bool terminal;
    bool failed;
    const std::string* reason;
    if (kind == JobKind::refresh) {
      state = static_cast<int32_t>(ev.refresh->state);
      progress = ev.refresh->progress;
      terminal = is_terminal(ev.refresh->state);
      failed = is_failed(ev.refresh->state);
      reason = &ev.refresh->reason;
    } else if (kind == JobKind::snapshot) {
      state = static_cast<int32_t>(ev.snapshot->state);
      progress = ev.snapshot->progress;
      terminal = is_terminal(ev.snapshot->state);
      failed = is_failed(ev.snapshot->state);
      reason = &ev.snapshot->reason;
    } else {
      state = static_cast<int32_t>(ev.import->state);
      progress = ev.import->progress;
      terminal = is_terminal(ev.import->state);
      failed = is_failed(ev.import->state);
      reason = &ev.import->reason;
    }
    emit = !s.reported || s.last_status != static_cast<uint8_t>(Category::ok) || state != s.state ||
           progress != s.progress || terminal;
    s.seen = true;
    s.state = state;
    s.progress = progress;
    s.last_status = static_cast<uint8_t>(Category::ok);
    if (failed) {
      ev.status = Category::job_failed;
      ev.error = job_failed_error(name(), *reason);
    }
    if (terminal) {
      ev.done = true;
      reschedule = false;
    }
  } else {
    ev.refresh.reset();
    ev.import.reset();
    ev.snapshot.reset();
    if (ev.error.category == Category::not_found && s.seen) ev.error = job_lost_error(name(), ev.error);
    ev.status = ev.error.category;
    if (ev.error.retriable) {
      // A transient failure: reported once per streak, the job stays watched.
      emit = !s.reported || s.last_status != static_cast<uint8_t>(ev.status);
    } else {
      emit = true;
      ev.done = true;
      reschedule = false;
    }
    s.last_status = static_cast<uint8_t>(ev.status);
  }
  if (emit) s.reported = true;
  // A job whose last event is queued is not polled again; it leaves when
  // the event is delivered.
  if (reschedule) {
    if (!ok && retry_after_ms > settings_.interval_ms) {
      schedule_later(Due{flight.ref, now + retry_after_ms});
    } else {
      schedule_.push_back(Due{flight.ref, now + settings_.interval_ms});
    }
  }
  if (emit) ready_.push_back(Ready{flight.ref, std::move(ev)});
}

Watcher::Outcome Watcher::next(Clock::time_point deadline, WatchEvent& out) {
  finish_delivery();
  {
    std::lock_guard<std::mutex> lock(mu_);
    driver_ = std::this_thread::get_id();
  }
  CancelWaiter waiter(settings_.cancel, poller_.multi_handle());
  while (true) {
    int wait_ms = 1000;
    {
      std::lock_guard<std::mutex> lock(mu_);
      while (!ready_.empty()) {
        Ready r = std::move(ready_.front());
        ready_.pop_front();
        if (!current(r.ref)) continue;
        out = std::move(r.event);
        if (out.done) {
          drop_slot(r.ref.slot);
        } else {
          delivering_ = r.ref;
        }
        return Outcome::event;
      }
      if (live_ == 0) {
        poller_.abandon_all();
        in_flight_.clear();
        return Outcome::empty;
      }
      const int64_t now = now_ms();
      start_due(now);
      if (poller_.in_flight() < poller_.capacity() && !schedule_.empty()) {
        wait_ms = static_cast<int>(std::clamp<int64_t>(schedule_.front().at_ms - now, 0, 1000));
      }
    }
    if (settings_.cancel && settings_.cancel->triggered()) return Outcome::cancelled;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    wait_ms = static_cast<int>(std::clamp<int64_t>(left, 0, wait_ms));
    poller_.run(wait_ms, finished_);
    const int64_t now = now_ms();
    for (auto& outcome : finished_) settle(outcome, now);
    finished_.clear();
    if (settings_.cancel && settings_.cancel->triggered()) return Outcome::cancelled;
    bool any_ready;
    {
      std::lock_guard<std::mutex> lock(mu_);
      any_ready = !ready_.empty();
    }
    if (!any_ready && Clock::now() >= deadline) return Outcome::timeout;
  }
}

}  // namespace mj::jobs
