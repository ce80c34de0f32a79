// The library's log hook delivered to a JS callback, and the client's
// counters. The hook runs on the thread that makes the C call (a worker of
// the addon): it copies the record and posts it to the JS thread through a
// thread-safe function, so the callback runs later, on the JS thread, in
// the order the records were made.
#include "observe.hpp"

#include <string>

namespace mjnode {
namespace {

struct Record {
  int32_t level, attempt, status, http_status, server_code, connection_reused;
  int64_t duration_us, backoff_ms;
  std::string event, message, operation, route, request_id, trace_id;
};

const char* level_name(int32_t level) {
  switch (level) {
    case MJ_LOG_ERROR: return "error";
    case MJ_LOG_WARN: return "warn";
    case MJ_LOG_DEBUG: return "debug";
    default: return "info";
  }
}

void deliver(Napi::Env env, Napi::Function callback, Record* r) {
  std::unique_ptr<Record> owned(r);
  if (env == nullptr || callback.IsEmpty()) return;
  Napi::Object o = Napi::Object::New(env);
  o.Set("level", level_name(r->level));
  o.Set("event", r->event);
  o.Set("message", r->message);
  o.Set("operation", r->operation);
  o.Set("route", r->route);
  o.Set("attempt", r->attempt);
  o.Set("status", r->status);
  o.Set("httpStatus", r->http_status);
  o.Set("serverCode", r->server_code);
  o.Set("durationMs", static_cast<double>(r->duration_us) / 1000.0);
  o.Set("backoffMs", static_cast<double>(r->backoff_ms));
  o.Set("requestId", r->request_id);
  o.Set("traceId", r->trace_id);
  o.Set("connectionReused", r->connection_reused != 0);
  // A throwing callback must not take the process down from here.
  try {
    callback.Call({o});
  } catch (const Napi::Error&) {
  }
}

}  // namespace

LogSink::LogSink(Napi::Env env, Napi::Function callback)
    : tsfn_(Napi::ThreadSafeFunction::New(env, callback, "milvus-jobs log", 0, 1)) {
  tsfn_.Unref(env);  // records never keep the process alive
}

LogSink::~LogSink() { tsfn_.Release(); }

void LogSink::hook(const mj_log_record* r, void* user_data) {
  auto* self = static_cast<LogSink*>(user_data);
  auto* copy = new (std::nothrow) Record{
      r->level,      r->attempt, r->status,  r->http_status, r->server_code, r->connection_reused, r->duration_us,
      r->backoff_ms, r->event,   r->message, r->operation,   r->route,       r->request_id,        r->trace_id};
  if (!copy) return;
  if (self->tsfn_.NonBlockingCall(copy, deliver) != napi_ok) delete copy;
}

int32_t log_level_of(Napi::Env env, const Napi::Value& v) {
  if (v.IsUndefined() || v.IsNull()) return MJ_LOG_INFO;
  const std::string s = v.ToString().Utf8Value();
  if (s == "error") return MJ_LOG_ERROR;
  if (s == "warn") return MJ_LOG_WARN;
  if (s == "info") return MJ_LOG_INFO;
  if (s == "debug") return MJ_LOG_DEBUG;
  throw_error(env, MJ_EINVALID_ARGUMENT,
              "logLevel must be \"error\", \"warn\", \"info\" or \"debug\", not \"" + s + "\"");
}

Napi::Object stats_to_js(Napi::Env env, const mj_client_stats& s) {
  Napi::Object o = Napi::Object::New(env);
  auto n = [](int64_t v) { return static_cast<double>(v); };
  o.Set("requests", n(s.requests));
  o.Set("attempts", n(s.attempts));
  o.Set("retriesTransport", n(s.retries_transport));
  o.Set("retriesTimeout", n(s.retries_timeout));
  o.Set("retriesRateLimited", n(s.retries_rate_limited));
  o.Set("retriesServer", n(s.retries_server));
  o.Set("bytesSent", n(s.bytes_sent));
  o.Set("bytesReceived", n(s.bytes_received));
  o.Set("connectionsOpened", n(s.connections_opened));
  o.Set("connectionsReused", n(s.connections_reused));
  Napi::Object answers = Napi::Object::New(env);
  for (int i = 0; i < 32; ++i) {
    if (s.answers_by_status[i] > 0) answers.Set(mj_status_name(static_cast<mj_status>(i)), n(s.answers_by_status[i]));
  }
  o.Set("answers", answers);
  return o;
}

}  // namespace mjnode
