// Snapshots of library objects, their JS forms, and argument readers.
#include <climits>
#include <cmath>
#include <cstddef>

#include "common.hpp"

namespace mjnode {

namespace {

std::string str(const char* s) { return s ? std::string(s) : std::string(); }

// True when an output struct of the running library is large enough to hold
// `field` (fields are only ever appended; an older library fills fewer).
template <typename T>
bool has_field(const T& s, size_t offset, size_t size) {
  return s.struct_size >= offset + size;
}
#define MJ_HAS(s, field) has_field((s), offsetof(std::decay_t<decltype(s)>, field), sizeof((s).field))

}  // namespace

// ---------------------------------------------------------------- snapshots

ErrorSnap snap_error(const mj_error* e) {
  ErrorSnap s;
  s.status = mj_error_status(e);
  s.message = str(mj_error_message(e));
  s.server_code = mj_error_server_code(e);
  s.server_message = str(mj_error_server_message(e));
  s.http_status = mj_error_http_status(e);
  s.retriable = mj_error_is_retriable(e) != 0;
  s.request_id = str(mj_error_request_id(e));
  s.trace_id = str(mj_error_trace_id(e));
  s.job_id = str(mj_error_job_id(e));
  s.job_id_int64 = mj_error_job_id_int64(e);
  s.hint = mj_error_hint(e);
  s.attempts = mj_error_attempts(e);
  return s;
}

ErrorSnap take_error(mj_status status, mj_error* e) {
  ErrorSnap s;
  if (e) {
    s = snap_error(e);
    mj_error_free(e);
  } else {
    s.status = status;
    s.message = std::string("milvus-jobs call failed (") + mj_status_description(status) + ") with no error details";
  }
  return s;
}

RefreshSnap snap_refresh(const mj_refresh_job& j) {
  RefreshSnap s;
  s.job_id = j.job_id;
  s.collection_name = str(j.collection_name);
  s.state = j.state;
  s.state_name = str(j.state_name);
  s.progress = j.progress;
  s.reason = str(j.reason);
  s.external_source = str(j.external_source);
  s.external_spec = str(j.external_spec);
  s.start_time_ms = j.start_time_ms;
  s.end_time_ms = j.end_time_ms;
  return s;
}

namespace {
ImportFileSnap snap_import_file(const mj_import_file& f) {
  ImportFileSnap s;
  s.file_name = str(f.file_name);
  s.file_size = f.file_size;
  s.progress = f.progress;
  s.state = f.state;
  s.state_name = str(f.state_name);
  s.imported_rows = f.imported_rows;
  s.total_rows = f.total_rows;
  s.complete_time = str(f.complete_time);
  s.complete_time_ms = f.complete_time_ms;
  s.reason = str(f.reason);
  return s;
}
}  // namespace

ImportSnap snap_import(const mj_import_job& j) {
  ImportSnap s;
  s.job_id = str(j.job_id);
  s.collection_name = str(j.collection_name);
  s.state = j.state;
  s.state_name = str(j.state_name);
  s.progress = j.progress;
  s.reason = str(j.reason);
  s.imported_rows = j.imported_rows;
  s.total_rows = j.total_rows;
  s.file_size = j.file_size;
  s.create_time = str(j.create_time);
  s.create_time_ms = j.create_time_ms;
  s.complete_time = str(j.complete_time);
  s.complete_time_ms = j.complete_time_ms;
  for (size_t i = 0; i < j.detail_count; ++i) {
    if (j.details[i]) s.details.push_back(snap_import_file(*j.details[i]));
  }
  if (MJ_HAS(j, file_name)) s.file_name = str(j.file_name);
  return s;
}

ImportListSnap snap_import_list(const mj_import_job_list& l) {
  ImportListSnap s;
  for (size_t i = 0; i < l.count; ++i) {
    if (l.items[i]) s.items.push_back(snap_import(*l.items[i]));
  }
  s.total_count = static_cast<int64_t>(l.count);
  if (MJ_HAS(l, current_page)) {
    s.total_count = l.total_count;
    s.page_size = l.page_size;
    s.current_page = l.current_page;
  }
  return s;
}

EventSnap snap_event(const mj_watch_event& e) {
  EventSnap s;
  s.kind = e.kind;
  s.refresh_job_id = e.refresh_job_id;
  s.import_job_id = str(e.import_job_id);
  s.status = e.status;
  if (e.error) s.error = snap_error(e.error);
  if (e.refresh) s.refresh = snap_refresh(*e.refresh);
  if (e.import_job) s.import_job = snap_import(*e.import_job);
  s.done = e.done != 0;
  return s;
}

// ---------------------------------------------------------------- JS values

namespace {
// int64 counts and times as a JS number: exact up to 2^53 (9e15), far beyond
// any row count, byte size, progress or millisecond time a server reports.
Napi::Value num(Napi::Env env, int64_t v) { return Napi::Number::New(env, static_cast<double>(v)); }
}  // namespace

Napi::Object make_error(Napi::Env env, mj_status status, const std::string& message) {
  ErrorSnap s;
  s.status = status;
  s.message = message;
  return to_js(env, s);
}

void throw_error(Napi::Env env, mj_status status, const std::string& message) {
  throw Napi::Error(env, make_error(env, status, message));
}

Napi::Object to_js(Napi::Env env, const ErrorSnap& e) {
  Napi::Object o = Napi::Error::New(env, e.message).Value();
  o.Set("mjStatus", Napi::Number::New(env, e.status));
  o.Set("serverCode", Napi::Number::New(env, e.server_code));
  o.Set("serverMessage", Napi::String::New(env, e.server_message));
  o.Set("httpStatus", Napi::Number::New(env, e.http_status));
  o.Set("retriable", Napi::Boolean::New(env, e.retriable));
  o.Set("requestId", Napi::String::New(env, e.request_id));
  o.Set("traceId", Napi::String::New(env, e.trace_id));
  o.Set("jobId", Napi::String::New(env, e.job_id));
  o.Set("jobIdInt64", Napi::BigInt::New(env, e.job_id_int64));
  o.Set("hint", Napi::Number::New(env, e.hint));
  o.Set("attempts", Napi::Number::New(env, e.attempts));
  return o;
}

Napi::Object to_js(Napi::Env env, const RefreshSnap& j) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("jobId", Napi::BigInt::New(env, j.job_id));
  o.Set("collectionName", Napi::String::New(env, j.collection_name));
  o.Set("state", Napi::Number::New(env, j.state));
  o.Set("stateName", Napi::String::New(env, j.state_name));
  o.Set("progress", num(env, j.progress));
  o.Set("reason", Napi::String::New(env, j.reason));
  o.Set("externalSource", Napi::String::New(env, j.external_source));
  o.Set("externalSpec", Napi::String::New(env, j.external_spec));
  o.Set("startTimeMs", num(env, j.start_time_ms));
  o.Set("endTimeMs", num(env, j.end_time_ms));
  o.Set("terminal", Napi::Boolean::New(env, mj_refresh_state_is_terminal(j.state) != 0));
  return o;
}

namespace {
Napi::Object file_to_js(Napi::Env env, const ImportFileSnap& f) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("fileName", Napi::String::New(env, f.file_name));
  o.Set("fileSize", num(env, f.file_size));
  o.Set("progress", num(env, f.progress));
  o.Set("state", Napi::Number::New(env, f.state));
  o.Set("stateName", Napi::String::New(env, f.state_name));
  o.Set("importedRows", num(env, f.imported_rows));
  o.Set("totalRows", num(env, f.total_rows));
  o.Set("completeTime", Napi::String::New(env, f.complete_time));
  o.Set("completeTimeMs", num(env, f.complete_time_ms));
  o.Set("reason", Napi::String::New(env, f.reason));
  return o;
}
}  // namespace

Napi::Object to_js(Napi::Env env, const ImportSnap& j) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("jobId", Napi::String::New(env, j.job_id));
  o.Set("collectionName", Napi::String::New(env, j.collection_name));
  o.Set("state", Napi::Number::New(env, j.state));
  o.Set("stateName", Napi::String::New(env, j.state_name));
  o.Set("progress", num(env, j.progress));
  o.Set("reason", Napi::String::New(env, j.reason));
  o.Set("importedRows", num(env, j.imported_rows));
  o.Set("totalRows", num(env, j.total_rows));
  o.Set("fileSize", num(env, j.file_size));
  o.Set("createTime", Napi::String::New(env, j.create_time));
  o.Set("createTimeMs", num(env, j.create_time_ms));
  o.Set("completeTime", Napi::String::New(env, j.complete_time));
  o.Set("completeTimeMs", num(env, j.complete_time_ms));
  Napi::Array details = Napi::Array::New(env, j.details.size());
  for (size_t i = 0; i < j.details.size(); ++i) details.Set(static_cast<uint32_t>(i), file_to_js(env, j.details[i]));
  o.Set("details", details);
  o.Set("fileName", Napi::String::New(env, j.file_name));
  o.Set("terminal", Napi::Boolean::New(env, mj_import_state_is_terminal(j.state) != 0));
  return o;
}

Napi::Object to_js(Napi::Env env, const ImportListSnap& l) {
  Napi::Object o = Napi::Object::New(env);
  Napi::Array items = Napi::Array::New(env, l.items.size());
  for (size_t i = 0; i < l.items.size(); ++i) items.Set(static_cast<uint32_t>(i), to_js(env, l.items[i]));
  o.Set("items", items);
  o.Set("totalCount", num(env, l.total_count));
  o.Set("pageSize", num(env, l.page_size));
  o.Set("currentPage", num(env, l.current_page));
  return o;
}

Napi::Object to_js(Napi::Env env, const EventSnap& e) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("kind", Napi::Number::New(env, e.kind));
  o.Set("refreshJobId", Napi::BigInt::New(env, e.refresh_job_id));
  o.Set("importJobId", Napi::String::New(env, e.import_job_id));
  o.Set("status", Napi::Number::New(env, e.status));
  o.Set("error", e.error ? Napi::Value(to_js(env, *e.error)) : env.Null());
  o.Set("refresh", e.refresh ? Napi::Value(to_js(env, *e.refresh)) : env.Null());
  o.Set("importJob", e.import_job ? Napi::Value(to_js(env, *e.import_job)) : env.Null());
  o.Set("done", Napi::Boolean::New(env, e.done));
  return o;
}

// ---------------------------------------------------------------- arguments

namespace {
bool absent(const Napi::Value& v) { return v.IsUndefined() || v.IsNull(); }

// A JS string as UTF-8 for the library. lib/args.js refuses an embedded NUL
// first, with the caller's names; this keeps the addon from ever cutting one.
std::string utf8(const Napi::Value& v, const std::string& what) {
  std::string s = v.As<Napi::String>().Utf8Value();
  if (s.find('\0') != std::string::npos) {
    throw_error(v.Env(), MJ_EINVALID_ARGUMENT, what + " contains a NUL character, which milvus-jobs refuses");
  }
  return s;
}
}  // namespace

std::optional<std::string> opt_string(const Napi::Object& o, const char* key, const char* what) {
  Napi::Value v = o.Get(key);
  if (absent(v)) return std::nullopt;
  if (!v.IsString()) throw_error(o.Env(), MJ_EINVALID_ARGUMENT, std::string(what) + " must be a string");
  return utf8(v, what);
}

int64_t opt_int64(const Napi::Object& o, const char* key, const char* what) {
  Napi::Value v = o.Get(key);
  if (absent(v)) return 0;
  if (v.IsBigInt()) {
    bool lossless = false;
    const int64_t r = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) throw_error(o.Env(), MJ_EINVALID_ARGUMENT, std::string(what) + " does not fit in an int64");
    return r;
  }
  if (v.IsNumber()) {
    const double d = v.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > 9007199254740991.0) {
      throw_error(o.Env(), MJ_EINVALID_ARGUMENT, std::string(what) + " must be an integer");
    }
    return static_cast<int64_t>(d);
  }
  throw_error(o.Env(), MJ_EINVALID_ARGUMENT, std::string(what) + " must be an integer number or a bigint");
}

int32_t opt_int32(const Napi::Object& o, const char* key, const char* what) {
  const int64_t v = opt_int64(o, key, what);
  if (v < INT32_MIN || v > INT32_MAX)
    throw_error(o.Env(), MJ_EINVALID_ARGUMENT, std::string(what) + " is out of range");
  return static_cast<int32_t>(v);
}

bool opt_bool(const Napi::Object& o, const char* key, const char* what) {
  Napi::Value v = o.Get(key);
  if (absent(v)) return false;
  if (!v.IsBoolean()) throw_error(o.Env(), MJ_EINVALID_ARGUMENT, std::string(what) + " must be a boolean");
  return v.As<Napi::Boolean>().Value();
}

std::vector<std::string> opt_strings(const Napi::Object& o, const char* key, const char* what) {
  std::vector<std::string> out;
  Napi::Value v = o.Get(key);
  if (absent(v)) return out;
  if (!v.IsArray()) throw_error(o.Env(), MJ_EINVALID_ARGUMENT, std::string(what) + " must be an array of strings");
  Napi::Array a = v.As<Napi::Array>();
  for (uint32_t i = 0; i < a.Length(); ++i) {
    Napi::Value item = a.Get(i);
    if (!item.IsString()) {
      throw_error(o.Env(), MJ_EINVALID_ARGUMENT, std::string(what) + "[" + std::to_string(i) + "] must be a string");
    }
    out.push_back(utf8(item, std::string(what) + "[" + std::to_string(i) + "]"));
  }
  return out;
}

int64_t job_id_arg(const Napi::Value& v, const char* what) {
  if (v.IsBigInt()) {
    bool lossless = false;
    const int64_t r = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) throw_error(v.Env(), MJ_EINVALID_ARGUMENT, std::string(what) + " does not fit in an int64");
    return r;
  }
  if (v.IsNumber()) {
    const double d = v.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > 9007199254740991.0) {
      throw_error(v.Env(), MJ_EINVALID_ARGUMENT,
                  std::string(what) + " must be a bigint (a number above 2^53 has already lost digits)");
    }
    return static_cast<int64_t>(d);
  }
  throw_error(v.Env(), MJ_EINVALID_ARGUMENT, std::string(what) + " must be a bigint");
}

std::string string_arg(const Napi::Value& v, const char* what) {
  if (!v.IsString()) throw_error(v.Env(), MJ_EINVALID_ARGUMENT, std::string(what) + " must be a string");
  return utf8(v, what);
}

Napi::Object object_arg(const Napi::Value& v, const char* what) {
  if (!v.IsObject()) throw_error(v.Env(), MJ_EINVALID_ARGUMENT, std::string(what) + " must be an object");
  return v.As<Napi::Object>();
}

// ---------------------------------------------------------------- cancel tokens

CancelPtr new_cancel(Napi::Env env) {
  mj_cancel* c = nullptr;
  mj_error* err = nullptr;
  const mj_status st = mj_cancel_new(&c, &err);
  if (st != MJ_OK) throw Napi::Error(env, to_js(env, take_error(st, err)));
  return CancelPtr(c, mj_cancel_free);
}

Napi::Function Cancel::Init(Napi::Env env) {
  return DefineClass(
      env, "Cancel",
      {InstanceMethod("trigger", &Cancel::Trigger), InstanceMethod("isTriggered", &Cancel::IsTriggered)});
}

Cancel::Cancel(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Cancel>(info), token_(new_cancel(info.Env())) {}

Napi::Value Cancel::Trigger(const Napi::CallbackInfo& info) {
  mj_cancel_trigger(token_.get());
  return info.Env().Undefined();
}

Napi::Value Cancel::IsTriggered(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), mj_cancel_is_triggered(token_.get()) != 0);
}

CancelPtr Cancel::unwrap(const Napi::Value& v) {
  if (absent(v)) return nullptr;
  auto* data = v.Env().GetInstanceData<AddonData>();
  if (!v.IsObject() || !v.As<Napi::Object>().InstanceOf(data->cancel_ctor.Value())) {
    throw_error(v.Env(), MJ_EINVALID_ARGUMENT, "cancel must be a Cancel token");
  }
  return Cancel::Unwrap(v.As<Napi::Object>())->token();
}

CallOptions CallOptions::from(const Napi::Value& v) {
  CallOptions c;
  if (absent(v)) return c;
  Napi::Object o = object_arg(v, "call options");
  c.timeout_ms = opt_int64(o, "timeoutMs", "timeoutMs");
  c.db_name = opt_string(o, "dbName", "dbName");
  c.max_attempts = opt_int32(o, "maxAttempts", "maxAttempts");
  c.cancel = Cancel::unwrap(o.Get("cancel"));
  return c;
}

mj_call_options CallOptions::c() const {
  mj_call_options o;
  mj_call_options_init(&o, sizeof o);
  o.timeout_ms = timeout_ms;
  o.cancel = cancel.get();
  o.db_name = db_name ? db_name->c_str() : nullptr;
  o.max_attempts = max_attempts;
  return o;
}

}  // namespace mjnode
