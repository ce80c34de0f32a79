// Calls that may block for a long time (mj_wait_*, mj_watcher_run/next) run
// on a thread of their own rather than on libuv's small thread pool, so that
// a few waits never starve file system work or other calls. The thread sends
// progress and the outcome to the JS thread through a thread-safe function.
#ifndef MJ_NODE_LONG_CALL_H
#define MJ_NODE_LONG_CALL_H

#include <functional>

#include "common.hpp"

namespace mjnode {

// Builds a JS value on the JS thread. For the final message, a thrown
// Napi::Error rejects the promise with its value.
using MakeValue = std::function<Napi::Value(Napi::Env)>;

// post(make, final): from the call's thread. A non-final message calls the
// JS callback with make(env); the final one settles the promise. Post the
// final message exactly once, last.
using Post = std::function<void(MakeValue, bool)>;

// Starts `body(post, has_callback)` on a new thread and returns the promise
// it settles. `callback` (undefined or a function) receives the non-final
// messages. When the callback throws, `cancel` is triggered, later messages
// are dropped and the promise rejects with what the callback threw.
Napi::Promise start_long_call(Napi::Env env, const Napi::Value& callback, CancelPtr cancel,
                              std::function<void(const Post&, bool)> body);

}  // namespace mjnode

#endif
