#include "long_call.hpp"

#include <thread>
#include <utility>

namespace mjnode {

namespace {

struct LongCall {
  Napi::Promise::Deferred deferred;
  Napi::FunctionReference callback;
  CancelPtr cancel;
  Napi::ObjectReference callback_error;
};

struct Message {
  MakeValue make;
  bool final;
};

void call_js(Napi::Env env, Napi::Function, LongCall* call, Message* raw) {
  std::unique_ptr<Message> msg(raw);
  // env is null while the environment is being torn down: nobody to tell.
  if (static_cast<napi_env>(env) == nullptr || call == nullptr || !msg) return;
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

using Tsfn = Napi::TypedThreadSafeFunction<LongCall, Message, call_js>;

}  // namespace

Napi::Promise start_long_call(Napi::Env env, const Napi::Value& callback, CancelPtr cancel,
                              std::function<void(const Post&, bool)> body) {
  const bool has_callback = callback.IsFunction();
  if (!has_callback && !callback.IsUndefined() && !callback.IsNull()) {
    throw_error(env, MJ_EINVALID_ARGUMENT, "the callback must be a function");
  }
  auto* call = new LongCall{Napi::Promise::Deferred::New(env), Napi::FunctionReference(), std::move(cancel),
                            Napi::ObjectReference()};
  if (has_callback) call->callback = Napi::Persistent(callback.As<Napi::Function>());
  Napi::Promise promise = call->deferred.Promise();
  // The finalizer runs on the JS thread once the thread released the
  // function (after its final message was delivered).
  Tsfn tsfn = Tsfn::New(env, "milvus-jobs", 0, 1, call, [](Napi::Env, void*, LongCall* c) { delete c; });
  try {
    std::thread([tsfn, body = std::move(body), has_callback]() mutable {
      const Post post = [&tsfn](MakeValue make, bool final) {
        auto* m = new Message{std::move(make), final};
        if (tsfn.BlockingCall(m) != napi_ok) delete m;
      };
      try {
        body(post, has_callback);
      } catch (...) {
        // Only allocation can fail in a body before its final message.
        post([](Napi::Env e) -> Napi::Value { throw_error(e, MJ_ENOMEM, "out of memory in a milvus-jobs call"); },
             true);
      }
      tsfn.Release();
    }).detach();
  } catch (const std::system_error&) {
    tsfn.Release();
    throw_error(env, MJ_ENOMEM, "cannot start a thread for the call");
  }
  return promise;
}

}  // namespace mjnode
