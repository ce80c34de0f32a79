// Single job reads on mj_async, host-driven by libuv (see async_reads.hpp).
//
// The library says which sockets to watch (on_socket) and when to call back
// (on_timer); a uv_poll_t per socket and one uv_timer_t per client do it on
// the JS thread's loop. When one fires, mj_async_socket_action() does the
// I/O and mj_async_next() hands back the finished reads, each settled at
// once with its one JS conversion. Everything runs on the JS thread.
#include "async_reads.hpp"

#include <uv.h>

#include <unordered_map>
#include <utility>
#include <vector>

namespace mjnode {

namespace {

// A read in flight: its promise, and the cancel token its call options
// point at (the library keeps a pointer to it until the read ends).
struct Pending {
  napi_deferred deferred;
  ReadKind kind;
  CancelPtr cancel;
};

// The reads started with each cancel token (per JS thread: every
// environment has its own).
struct CancelEntry {
  std::weak_ptr<AsyncHost> host;
  uint64_t tag;
};
thread_local std::unordered_multimap<mj_cancel*, CancelEntry> t_cancel_reads;

}  // namespace

class AsyncHost : public std::enable_shared_from_this<AsyncHost> {
 public:
  AsyncHost(Napi::Env env, ClientPtr client) : env_(env), client_(std::move(client)) {}
  AsyncHost(const AsyncHost&) = delete;
  AsyncHost& operator=(const AsyncHost&) = delete;

  ~AsyncHost() { shut(); }

  // Second step of construction (needs the object at its final address).
  void open() {
    if (napi_get_uv_event_loop(env_, &loop_) != napi_ok || loop_ == nullptr) {
      throw_error(env_, MJ_EINTERNAL, "milvus-jobs: no event loop for this environment");
    }
    timer_ = new uv_timer_t;
    if (uv_timer_init(loop_, timer_) != 0) {
      delete timer_;
      timer_ = nullptr;
      throw_error(env_, MJ_EINTERNAL, "milvus-jobs: cannot make a libuv timer");
    }
    timer_->data = this;
    uv_unref(reinterpret_cast<uv_handle_t*>(timer_));

    napi_value resource;
    napi_value name = env_.GetInstanceData<AddonData>()->resource_name.Value().Get(0u);
    if (napi_create_object(env_, &resource) != napi_ok ||
        napi_create_reference(env_, resource, 1, &resource_) != napi_ok ||
        napi_async_init(env_, resource, name, &context_) != napi_ok) {
      throw Napi::Error::New(env_);
    }

    mj_async_options opts;
    mj_async_options_init(&opts, sizeof opts);
    opts.on_socket = &AsyncHost::on_socket;
    opts.on_timer = &AsyncHost::on_timer;
    opts.user_data = this;
    mj_error* err = nullptr;
    const mj_status st = mj_async_new(&async_, client_.get(), &opts, &err);
    if (st != MJ_OK) throw_failure(env_, st, err);
    napi_add_env_cleanup_hook(env_, &AsyncHost::on_teardown, this);
    hooked_ = true;
  }

  Napi::Value start(Napi::Env env, ReadKind kind, const std::string& import_id, int64_t id, CallOptions call) {
    napi_deferred deferred;
    napi_value promise;
    if (napi_create_promise(env, &deferred, &promise) != napi_ok) throw Napi::Error::New(env);
    const uint64_t tag = ++last_tag_;
    const mj_call_options c = call.c();
    mj_error* err = nullptr;
    mj_status st;
    switch (kind) {
      case ReadKind::import: st = mj_async_get_import_progress(async_, import_id.c_str(), &c, tag, &err); break;
      case ReadKind::refresh: st = mj_async_get_refresh_external_collection_progress(async_, id, &c, tag, &err); break;
      default: st = mj_async_get_restore_snapshot_progress(async_, id, &c, tag, &err); break;
    }
    if (st != MJ_OK) {
      // Not started (its arguments, or a server without this read): the
      // promise rejects as the blocking call's did.
      const Failure f{st, ErrorPtr(err), {}};
      napi_reject_deferred(env, deferred, to_js(env, f));
      return Napi::Value(env, promise);
    }
    mj_cancel* token = call.cancel.get();
    pending_.emplace(tag, Pending{deferred, kind, std::move(call.cancel)});
    if (token != nullptr) t_cancel_reads.emplace(token, CancelEntry{weak_from_this(), tag});
    if (!self_) {
      self_ = shared_from_this();
      set_ref(true);
    }
    // Sent now rather than from the timer the library just asked for: one
    // turn of the loop less per read. (We are in a JS call: no callback
    // scope is needed, and the Client holds this host.)
    (void)mj_async_socket_action(async_, MJ_ASYNC_SOCKET_TIMEOUT, 0, &err);
    mj_error_free(err);
    drain();
    return Napi::Value(env, promise);
  }

  void cancel(uint64_t tag) {
    if (async_ == nullptr) return;
    mj_error* err = nullptr;
    // MJ_ENOT_FOUND: its result is already waiting; it is taken at the next drive.
    (void)mj_async_cancel(async_, tag, &err);
    mj_error_free(err);
  }

 private:
  struct Poll {
    uv_poll_t handle;
    AsyncHost* host;
    int fd;
  };

  // ------------------------------------------------------------ library hooks

  static void on_socket(int fd, int events, void* user_data) {
    auto* self = static_cast<AsyncHost*>(user_data);
    if ((events & MJ_ASYNC_POLL_REMOVE) != 0) {
      const auto it = self->polls_.find(fd);
      if (it == self->polls_.end()) return;
      close_poll(it->second);
      self->polls_.erase(it);
      return;
    }
    Poll*& p = self->polls_[fd];
    if (p == nullptr) {
      p = new Poll{};
      p->host = self;
      p->fd = fd;
      if (uv_poll_init_socket(self->loop_, &p->handle, fd) != 0) {
        // Never watched: the read ends at its deadline (the library's timer).
        delete p;
        self->polls_.erase(fd);
        return;
      }
      p->handle.data = p;
      if (!self->refd_) uv_unref(reinterpret_cast<uv_handle_t*>(&p->handle));
    }
    const int uv_events =
        ((events & MJ_ASYNC_POLL_IN) != 0 ? UV_READABLE : 0) | ((events & MJ_ASYNC_POLL_OUT) != 0 ? UV_WRITABLE : 0);
    uv_poll_start(&p->handle, uv_events, &AsyncHost::on_poll);
  }

  static void on_timer(int64_t timeout_ms, void* user_data) {
    auto* self = static_cast<AsyncHost*>(user_data);
    if (self->timer_ == nullptr) return;
    if (timeout_ms < 0) {
      uv_timer_stop(self->timer_);
    } else {
      uv_timer_start(self->timer_, &AsyncHost::on_timer_fired, static_cast<uint64_t>(timeout_ms), 0);
    }
  }

  // ------------------------------------------------------------ libuv callbacks

  static void on_poll(uv_poll_t* handle, int status, int events) {
    auto* p = static_cast<Poll*>(handle->data);
    int mask = MJ_ASYNC_POLL_IN | MJ_ASYNC_POLL_OUT;  // an error: let libcurl find out
    if (status >= 0) {
      mask =
          ((events & UV_READABLE) != 0 ? MJ_ASYNC_POLL_IN : 0) | ((events & UV_WRITABLE) != 0 ? MJ_ASYNC_POLL_OUT : 0);
    }
    p->host->drive(p->fd, mask);
  }

  static void on_timer_fired(uv_timer_t* timer) {
    static_cast<AsyncHost*>(timer->data)->drive(MJ_ASYNC_SOCKET_TIMEOUT, 0);
  }

  // One step of I/O, then every finished read settled. Inside a callback
  // scope: the promise reactions (and process.nextTick) run when it closes,
  // as after any other callback from the loop.
  void drive(int fd, int events) {
    if (async_ == nullptr) return;
    const std::shared_ptr<AsyncHost> keep = shared_from_this();  // JS run below may close the client
    napi_handle_scope handles;
    if (napi_open_handle_scope(env_, &handles) != napi_ok) return;
    napi_value resource = nullptr;
    napi_callback_scope scope = nullptr;
    const bool scoped = napi_get_reference_value(env_, resource_, &resource) == napi_ok &&
                        napi_open_callback_scope(env_, resource, context_, &scope) == napi_ok;
    mj_error* err = nullptr;
    (void)mj_async_socket_action(async_, fd, events, &err);  // MJ_ENOMEM only: the reads end at their deadline
    mj_error_free(err);
    drain();
    if (scoped) napi_close_callback_scope(env_, scope);
    napi_close_handle_scope(env_, handles);
  }

  void drain() {
    for (;;) {
      mj_async_result r = MJ_ASYNC_RESULT_INIT;
      if (async_ == nullptr || mj_async_next(async_, &r) == 0) break;
      settle(r);
    }
    if (pending_.empty() && self_) {
      set_ref(false);
      self_.reset();  // `keep` of the caller still holds it
    }
  }

  void settle(mj_async_result& r) {
    ErrorPtr error(r.error);
    ImportPtr import_job(r.import_job);
    RefreshPtr refresh(r.refresh);
    SnapshotPtr snapshot(r.snapshot);
    const auto it = pending_.find(r.tag);
    if (it == pending_.end()) return;  // not ours (never happens): freed above
    Pending p = std::move(it->second);
    pending_.erase(it);
    if (p.cancel) forget_cancel(p.cancel.get(), r.tag);
    napi_value value;
    bool ok = false;
    try {
      Napi::HandleScope scope(env_);
      if (r.status != MJ_OK) {
        value = to_js(env_, Failure{static_cast<mj_status>(r.status), std::move(error), {}});
      } else if (p.kind == ReadKind::import && import_job) {
        value = to_js(env_, *import_job);
        ok = true;
      } else if (p.kind == ReadKind::refresh && refresh) {
        value = to_js(env_, *refresh);
        ok = true;
      } else if (p.kind == ReadKind::snapshot && snapshot) {
        value = to_js(env_, *snapshot);
        ok = true;
      } else {
        value = Napi::Error::New(env_, "milvus-jobs: the library returned no result").Value();
      }
      if (ok) {
        napi_resolve_deferred(env_, p.deferred, value);
      } else {
        napi_reject_deferred(env_, p.deferred, value);
      }
      return;
    } catch (const Napi::Error& e) {
      try {
        napi_reject_deferred(env_, p.deferred, e.Value());
      } catch (...) {
      }
    } catch (...) {
      // No JS can run any more (the environment is shutting down).
    }
  }

  static void forget_cancel(mj_cancel* token, uint64_t tag) {
    const auto range = t_cancel_reads.equal_range(token);
    for (auto it = range.first; it != range.second; ++it) {
      if (it->second.tag == tag) {
        t_cancel_reads.erase(it);
        return;
      }
    }
  }

  // Handles count for the loop's liveness only while reads are in flight.
  void set_ref(bool on) {
    refd_ = on;
    auto apply = [on](uv_handle_t* h) { on ? uv_ref(h) : uv_unref(h); };
    if (timer_ != nullptr) apply(reinterpret_cast<uv_handle_t*>(timer_));
    for (auto& [fd, p] : polls_) apply(reinterpret_cast<uv_handle_t*>(&p->handle));
  }

  // (uv_close stops it: no uv_poll_stop first, which would remove the fd
  // from epoll a second time.)
  static void close_poll(Poll* p) {
    uv_close(reinterpret_cast<uv_handle_t*>(&p->handle),
             [](uv_handle_t* h) { delete static_cast<Poll*>(reinterpret_cast<uv_poll_t*>(h)->data); });
  }

  // The environment goes away (a worker thread ends, or the process exits)
  // with the host still alive: its reads are dropped (no JS can run to hear
  // of them) and its handles closed while the loop still exists.
  static void on_teardown(void* arg) {
    auto* self = static_cast<AsyncHost*>(arg);
    self->hooked_ = false;
    const std::shared_ptr<AsyncHost> keep = self->self_;  // may be the last owner
    self->self_.reset();
    self->shut();
  }

  // Frees the async (the library removes its sockets: on_socket closes the
  // polls), closes the timer, forgets the reads. Idempotent.
  void shut() {
    if (hooked_) {
      napi_remove_env_cleanup_hook(env_, &AsyncHost::on_teardown, this);
      hooked_ = false;
    }
    if (async_ != nullptr) {
      mj_async* a = async_;
      mj_async_free(a);  // calls on_socket(REMOVE) for every socket still watched
      async_ = nullptr;
    }
    for (auto& [fd, p] : polls_) close_poll(p);
    polls_.clear();
    if (timer_ != nullptr) {
      uv_timer_stop(timer_);
      uv_close(reinterpret_cast<uv_handle_t*>(timer_), [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
      timer_ = nullptr;
    }
    for (auto& [tag, p] : pending_) {
      if (p.cancel) forget_cancel(p.cancel.get(), tag);
    }
    pending_.clear();  // their promises stay pending: nobody is left to tell
    if (context_ != nullptr) {
      napi_async_destroy(env_, context_);
      context_ = nullptr;
    }
    if (resource_ != nullptr) {
      napi_delete_reference(env_, resource_);
      resource_ = nullptr;
    }
  }

  Napi::Env env_;
  ClientPtr client_;  // outlives the async (freed after it, in shut())
  uv_loop_t* loop_ = nullptr;
  mj_async* async_ = nullptr;
  uv_timer_t* timer_ = nullptr;
  std::unordered_map<int, Poll*> polls_;
  std::unordered_map<uint64_t, Pending> pending_;
  uint64_t last_tag_ = 0;
  bool refd_ = false;
  bool hooked_ = false;
  std::shared_ptr<AsyncHost> self_;  // set while reads are in flight
  napi_ref resource_ = nullptr;
  napi_async_context context_ = nullptr;
};

std::shared_ptr<AsyncHost> new_async_host(Napi::Env env, ClientPtr client) {
  auto host = std::make_shared<AsyncHost>(env, std::move(client));
  host->open();
  return host;
}

Napi::Value start_read(Napi::Env env, AsyncHost& host, ReadKind kind, const std::string& import_id, int64_t id,
                       CallOptions call) {
  return host.start(env, kind, import_id, id, std::move(call));
}

void cancel_reads_of(mj_cancel* token) {
  const auto range = t_cancel_reads.equal_range(token);
  if (range.first == range.second) return;
  // Collected first: a cancel may end reads (and edit the map) at once.
  std::vector<std::pair<std::shared_ptr<AsyncHost>, uint64_t>> reads;
  for (auto it = range.first; it != range.second; ++it) {
    if (auto h = it->second.host.lock()) reads.emplace_back(std::move(h), it->second.tag);
  }
  for (auto& [host, tag] : reads) host->cancel(tag);
}

}  // namespace mjnode
