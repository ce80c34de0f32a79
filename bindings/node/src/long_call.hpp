// Calls that may block for a long time (mj_wait_*, mj_watcher_run/next) run
// on a thread of their own rather than on libuv's small thread pool, so that
// a few waits never starve file system work or other calls. The thread sends
// progress and the outcome to the JS thread through a thread-safe function.
#ifndef MJ_NODE_LONG_CALL_H
#define MJ_NODE_LONG_CALL_H

#include <functional>
#include <memory>

#include "common.hpp"

namespace mjnode {

// Builds a JS value on the JS thread. For the final message, a thrown
// Napi::Error rejects the promise with its value.
using MakeValue = std::function<Napi::Value(Napi::Env)>;

struct Finished;
struct LongCallMessage;

// How the call's thread talks to the JS thread.
class Poster {
 public:
  // A progress message: the JS callback receives make(env). Waits until the
  // JS thread has run `make` (or dropped the message: no callback, the
  // callback threw before, the environment is going away), so `make` may
  // read what the library lends only for the time of its callback.
  void post_sync(MakeValue make) const;
  // The final message: settles the promise with make(env). Post it exactly
  // once, last.
  void post_final(MakeValue make) const;

  Poster(void* tsfn, std::shared_ptr<Finished> finished) : tsfn_(tsfn), finished_(std::move(finished)) {}

 private:
  bool send(LongCallMessage* m) const;
  void* tsfn_;
  std::shared_ptr<Finished> finished_;
};

// Starts `body(poster, has_callback)` on a new thread and returns the promise
// it settles. `callback` (undefined or a function) receives the progress
// messages. When the callback throws, `cancel` is triggered, later messages
// are dropped and the promise rejects with what the callback threw.
Napi::Promise start_long_call(Napi::Env env, const Napi::Value& callback, CancelPtr cancel,
                              std::function<void(const Poster&, bool)> body);

}  // namespace mjnode

#endif
