// The Watcher class: one mj_watcher. Adding and removing jobs is in-memory
// and synchronous; run() and next() drive the watcher on a thread of their
// own (long_call.h), one at a time.
#include <atomic>
#include <utility>

#include "common.hpp"
#include "long_call.hpp"

namespace mjnode {

namespace {

// Shared by the JS object and the thread driving the watcher: freed when the
// last of them lets go, watcher first, then its token, then the client.
struct WatcherState {
  ClientPtr client;
  CancelPtr cancel;
  mj_watcher* watcher = nullptr;
  std::atomic<bool> busy{false};

  ~WatcherState() { mj_watcher_free(watcher); }
};

class Watcher : public Napi::ObjectWrap<Watcher> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "Watcher",
                       {
                           InstanceMethod("addRefresh", &Watcher::AddRefresh),
                           InstanceMethod("addImport", &Watcher::AddImport),
                           InstanceMethod("removeRefresh", &Watcher::RemoveRefresh),
                           InstanceMethod("removeImport", &Watcher::RemoveImport),
                           InstanceMethod("addRestoreSnapshot", &Watcher::AddRestoreSnapshot),
                           InstanceMethod("removeRestoreSnapshot", &Watcher::RemoveRestoreSnapshot),
                           InstanceMethod("size", &Watcher::Size),
                           InstanceMethod("run", &Watcher::Run),
                           InstanceMethod("next", &Watcher::Next),
                           InstanceMethod("cancel", &Watcher::CancelWatcher),
                           InstanceMethod("close", &Watcher::Close),
                       });
  }

  // new Watcher(client, {maxConnections, intervalMs, pollTimeoutMs, dbName})
  explicit Watcher(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Watcher>(info) {
    Napi::Env env = info.Env();
    auto st = std::make_shared<WatcherState>();
    st->client = unwrap_client(info[0]);
    st->cancel = new_cancel(env);
    mj_watcher_options o;
    mj_watcher_options_init(&o, sizeof o);
    std::optional<std::string> db;
    if (!info[1].IsUndefined() && !info[1].IsNull()) {
      Napi::Object js = info[1].As<Napi::Object>();
      o.max_connections = static_cast<int32_t>(opt_int64(js, "maxConnections"));
      o.interval_ms = opt_int64(js, "intervalMs");
      o.poll_timeout_ms = opt_int64(js, "pollTimeoutMs");
      db = opt_string(js, "dbName");
    }
    o.db_name = db ? db->c_str() : nullptr;
    o.cancel = st->cancel.get();
    mj_error* err = nullptr;
    const mj_status s = mj_watcher_new(&st->watcher, st->client.get(), &o, &err);
    if (s != MJ_OK) throw_failure(env, s, err);
    state_ = std::move(st);
  }

 private:
  const std::shared_ptr<WatcherState>& state(Napi::Env env) const {
    if (!state_) throw_error(env, MJ_EINVALID_ARGUMENT, "the watcher is closed; create a new one");
    return state_;
  }

  static void check(Napi::Env env, mj_status st, mj_error* err) {
    if (st != MJ_OK) throw_failure(env, st, err);
  }

  Napi::Value AddRefresh(const Napi::CallbackInfo& info) {
    mj_error* err = nullptr;
    check(info.Env(), mj_watcher_add_refresh(state(info.Env())->watcher, read_int64(info[0]), &err), err);
    return info.Env().Undefined();
  }

  Napi::Value AddImport(const Napi::CallbackInfo& info) {
    const std::string id = info[0].As<Napi::String>().Utf8Value();
    mj_error* err = nullptr;
    check(info.Env(), mj_watcher_add_import(state(info.Env())->watcher, id.c_str(), &err), err);
    return info.Env().Undefined();
  }

  Napi::Value RemoveRefresh(const Napi::CallbackInfo& info) {
    mj_error* err = nullptr;
    check(info.Env(), mj_watcher_remove_refresh(state(info.Env())->watcher, read_int64(info[0]), &err), err);
    return info.Env().Undefined();
  }

  Napi::Value AddRestoreSnapshot(const Napi::CallbackInfo& info) {
    mj_error* err = nullptr;
    check(info.Env(), mj_watcher_add_restore_snapshot(state(info.Env())->watcher, read_int64(info[0]), &err), err);
    return info.Env().Undefined();
  }

  Napi::Value RemoveRestoreSnapshot(const Napi::CallbackInfo& info) {
    mj_error* err = nullptr;
    check(info.Env(), mj_watcher_remove_restore_snapshot(state(info.Env())->watcher, read_int64(info[0]), &err), err);
    return info.Env().Undefined();
  }

  Napi::Value RemoveImport(const Napi::CallbackInfo& info) {
    const std::string id = info[0].As<Napi::String>().Utf8Value();
    mj_error* err = nullptr;
    check(info.Env(), mj_watcher_remove_import(state(info.Env())->watcher, id.c_str(), &err), err);
    return info.Env().Undefined();
  }

  Napi::Value Size(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), static_cast<double>(mj_watcher_size(state(info.Env())->watcher)));
  }

  std::shared_ptr<WatcherState> acquire(Napi::Env env) {
    auto st = state(env);
    if (st->busy.exchange(true)) {
      throw_error(env, MJ_EINVALID_ARGUMENT,
                  "the watcher is already driven by a run() or next() in progress; wait for it to settle");
    }
    return st;
  }

  // run(timeoutMs, onEvent): polls until no job is left, the timeout passes
  // or the watcher is cancelled, calling onEvent(event) on the JS thread.
  Napi::Value Run(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const int64_t timeout = read_int64(info[0]);
    auto st = acquire(env);
    try {
      return start_long_call(env, info[1], st->cancel, [st, timeout](const Poster& post, bool) {
        // The event is lent for the time of the callback: post_sync waits
        // until the JS thread has turned it into its JS value.
        const mj_watch_fn cb = [](const mj_watch_event* ev, void* ud) {
          if (!ev) return;
          static_cast<const Poster*>(ud)->post_sync([ev](Napi::Env e) -> Napi::Value { return to_js(e, *ev); });
        };
        mj_error* err = nullptr;
        const mj_status s = mj_watcher_run(st->watcher, timeout, cb, const_cast<Poster*>(&post), &err);
        st->busy = false;
        if (s == MJ_OK) {
          post.post_final([](Napi::Env e) -> Napi::Value { return e.Undefined(); });
        } else {
          auto f = std::make_shared<Failure>(Failure{s, ErrorPtr(err), {}});
          post.post_final([f](Napi::Env env) -> Napi::Value { throw Napi::Error(env, to_js(env, *f)); });
        }
      });
    } catch (...) {
      st->busy = false;
      throw;
    }
  }

  // next(timeoutMs): the next event, or null when the timeout passed first or
  // no job is watched.
  Napi::Value Next(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const int64_t timeout = read_int64(info[0]);
    auto st = acquire(env);
    try {
      return start_long_call(env, env.Undefined(), st->cancel, [st, timeout](const Poster& post, bool) {
        mj_watch_event* raw = nullptr;
        mj_error* err = nullptr;
        const mj_status s = mj_watcher_next(&raw, st->watcher, timeout, &err);
        auto ev = std::make_shared<EventPtr>(raw);
        st->busy = false;
        if (s == MJ_OK) {
          post.post_final([ev](Napi::Env e) -> Napi::Value { return *ev ? Napi::Value(to_js(e, **ev)) : e.Null(); });
        } else {
          auto f = std::make_shared<Failure>(Failure{s, ErrorPtr(err), {}});
          post.post_final([f](Napi::Env env) -> Napi::Value { throw Napi::Error(env, to_js(env, *f)); });
        }
      });
    } catch (...) {
      st->busy = false;
      throw;
    }
  }

  // cancel(): a run() or next() in progress, and every later one, fails
  // with MJ_ECANCELLED. The watcher cannot be driven again.
  Napi::Value CancelWatcher(const Napi::CallbackInfo& info) {
    if (state_) mj_cancel_trigger(state_->cancel.get());
    return info.Env().Undefined();
  }

  // close(): cancels, and frees the watcher once a run()/next() in progress ended.
  Napi::Value Close(const Napi::CallbackInfo& info) {
    if (state_) mj_cancel_trigger(state_->cancel.get());
    state_.reset();
    return info.Env().Undefined();
  }

  std::shared_ptr<WatcherState> state_;
};

}  // namespace

Napi::Function init_watcher(Napi::Env env) { return Watcher::Init(env); }

}  // namespace mjnode
