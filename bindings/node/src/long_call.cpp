#include "long_call.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>

namespace mjnode {

namespace {

// Whether the call's thread is done with the thread-safe function. When the
// environment goes away first (a worker thread terminated, with the call
// still running), its cleanup hook cancels the call and waits for this:
// otherwise the thread would post to a thread-safe function Node has freed.
}  // namespace

struct Finished {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  // Set when the environment goes away: progress messages are not waited
  // for any more (nobody will run them).
  bool tearing_down = false;
  CancelPtr cancel;

  void set() {
    {
      std::lock_guard<std::mutex> lock(mu);
      done = true;
    }
    cv.notify_all();
  }
};

struct LongCallMessage {
  MakeValue make;
  bool final;
  // For a post_sync message: set (under Finished::mu) once it was handled.
  std::shared_ptr<bool> handled;
};

namespace {

struct LongCall {
  Napi::Promise::Deferred deferred;
  Napi::FunctionReference callback;
  CancelPtr cancel;
  Napi::ObjectReference callback_error;
  std::shared_ptr<Finished> finished;
  napi_env env = nullptr;
};

// Runs on the JS thread when the environment is torn down while the call runs.
void on_env_teardown(void* arg) {
  auto* finished = static_cast<Finished*>(arg);
  mj_cancel_trigger(finished->cancel.get());
  std::unique_lock<std::mutex> lock(finished->mu);
  finished->tearing_down = true;
  finished->cv.notify_all();
  finished->cv.wait(lock, [finished] { return finished->done; });
}

using Message = LongCallMessage;

void deliver(Napi::Env env, LongCall* call, Message* msg) {
  Napi::HandleScope scope(env);
  if (!msg->final) {
    if (call->callback.IsEmpty() || !call->callback_error.IsEmpty()) return;
    try {
      call->callback.Call({msg->make(env)});
    } catch (const Napi::Error& e) {
      call->callback_error = Napi::Persistent(e.Value());
      mj_cancel_trigger(call->cancel.get());
    }
    return;
  }
  if (!call->callback_error.IsEmpty()) {
    call->deferred.Reject(call->callback_error.Value());
    return;
  }
  try {
    call->deferred.Resolve(msg->make(env));
  } catch (const Napi::Error& e) {
    call->deferred.Reject(e.Value());
  }
}

void call_js(Napi::Env env, Napi::Function, LongCall* call, Message* raw) {
  std::unique_ptr<Message> msg(raw);
  if (!msg) return;
  // env is null while the environment is being torn down: nobody to tell.
  if (static_cast<napi_env>(env) != nullptr && call != nullptr) {
    bool gone;
    {
      std::lock_guard<std::mutex> lock(call->finished->mu);
      gone = call->finished->tearing_down;
    }
    if (!gone) {
      try {
        deliver(env, call, msg.get());
      } catch (...) {
        // No JS can run any more (the environment is shutting down).
      }
    }
  }
  if (msg->handled != nullptr && call != nullptr) {
    std::lock_guard<std::mutex> lock(call->finished->mu);
    *msg->handled = true;
    call->finished->cv.notify_all();
  }
}

using Tsfn = Napi::TypedThreadSafeFunction<LongCall, Message, call_js>;

}  // namespace

bool Poster::send(Message* m) const {
  if (static_cast<Tsfn*>(tsfn_)->BlockingCall(m) != napi_ok) {
    delete m;
    return false;
  }
  return true;
}

void Poster::post_sync(MakeValue make) const {
  auto handled = std::make_shared<bool>(false);
  if (!send(new Message{std::move(make), false, handled})) return;
  std::unique_lock<std::mutex> lock(finished_->mu);
  finished_->cv.wait(lock, [&] { return *handled || finished_->tearing_down; });
}

void Poster::post_final(MakeValue make) const { send(new Message{std::move(make), true, nullptr}); }

Napi::Promise start_long_call(Napi::Env env, const Napi::Value& callback, CancelPtr cancel,
                              std::function<void(const Poster&, bool)> body) {
  const bool has_callback = callback.IsFunction();
  if (!has_callback && !callback.IsUndefined() && !callback.IsNull()) {
    throw_error(env, MJ_EINVALID_ARGUMENT, "the callback must be a function");
  }
  auto finished = std::make_shared<Finished>();
  finished->cancel = cancel;
  auto* call = new LongCall{Napi::Promise::Deferred::New(env),
                            Napi::FunctionReference(),
                            std::move(cancel),
                            Napi::ObjectReference(),
                            finished,
                            env};
  if (has_callback) call->callback = Napi::Persistent(callback.As<Napi::Function>());
  Napi::Promise promise = call->deferred.Promise();
  // The finalizer runs on the JS thread once the thread released the
  // function (after its final message was delivered), or at teardown.
  Tsfn tsfn = Tsfn::New(env, "milvus-jobs", 0, 1, call, [](Napi::Env, void*, LongCall* c) {
    napi_remove_env_cleanup_hook(c->env, on_env_teardown, c->finished.get());
    delete c;
  });
  // Added after the thread-safe function's own hook, so it runs before it.
  napi_add_env_cleanup_hook(env, on_env_teardown, finished.get());
  try {
    std::thread([tsfn, body = std::move(body), has_callback, finished]() mutable {
      const Poster post(&tsfn, finished);
      try {
        body(post, has_callback);
      } catch (...) {
        // Only allocation can fail in a body before its final message.
        post.post_final(
            [](Napi::Env e) -> Napi::Value { throw_error(e, MJ_ENOMEM, "out of memory in a milvus-jobs call"); });
      }
      tsfn.Release();
      finished->set();
    }).detach();
  } catch (const std::system_error&) {
    finished->set();
    tsfn.Release();
    throw_error(env, MJ_ENOMEM, "cannot start a thread for the call");
  }
  return promise;
}

}  // namespace mjnode
