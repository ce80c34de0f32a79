// The log hook to a JS callback (LogSink) and the counters as a JS object.
#ifndef MJ_NODE_OBSERVE_H
#define MJ_NODE_OBSERVE_H

#include "common.hpp"

namespace mjnode {

class LogSink {
 public:
  LogSink(Napi::Env env, Napi::Function callback);
  ~LogSink();
  LogSink(const LogSink&) = delete;
  LogSink& operator=(const LogSink&) = delete;
  // The mj_log_fn; user_data is the LogSink.
  static void hook(const mj_log_record* record, void* user_data);

 private:
  Napi::ThreadSafeFunction tsfn_;
};

// "error" | "warn" | "info" | "debug" (undefined: info) as an mj_log_level.
int32_t log_level_of(Napi::Env env, const Napi::Value& v);

Napi::Object stats_to_js(Napi::Env env, const mj_client_stats& s);

}  // namespace mjnode

#endif
