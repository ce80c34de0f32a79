// The JS forms of the library's results, built straight from the C structs on
// the JS thread (one conversion), and argument readers.
//
// Speed: a job (the object of every progress call) is one call of a JS
// factory with the fields as arguments (see Args); other objects are made
// with one napi_define_properties over property names made once per
// environment (AddonData::names), rather than one napi_set_named_property
// per field, which would make a new string of each name every time.
#include <climits>
#include <cmath>
#include <cstddef>

#include "async_reads.hpp"
#include "common.hpp"

namespace mjnode {

namespace {

// True when an output struct of the running library is large enough to hold
// `field` (fields are only ever appended; an older library fills fewer).
template <typename T>
bool has_field(const T& s, size_t offset, size_t size) {
  return s.struct_size >= offset + size;
}
#define MJ_HAS(s, field) has_field((s), offsetof(std::decay_t<decltype(s)>, field), sizeof((s).field))

// The property names made once (AddonData::names), for the objects built
// here with N-API (errors, lists, events). The order of kNames is the order
// of enum Name.
enum Name : uint8_t {
  N_jobId,
  N_collectionName,
  N_state,
  N_stateName,
  N_progress,
  N_reason,
  N_externalSource,
  N_externalSpec,
  N_startTimeMs,
  N_endTimeMs,
  N_terminal,
  N_fileName,
  N_fileSize,
  N_importedRows,
  N_totalRows,
  N_createTime,
  N_createTimeMs,
  N_completeTime,
  N_completeTimeMs,
  N_details,
  N_items,
  N_totalCount,
  N_pageSize,
  N_currentPage,
  N_kind,
  N_job,
  N_error,
  N_done,
  N_refresh,
  N_import,
  // error fields
  N_mjStatus,
  N_serverCode,
  N_serverMessage,
  N_httpStatus,
  N_retriable,
  N_requestId,
  N_traceId,
  N_jobIdInt64,
  N_hint,
  N_attempts,
  N_count,
};

const char* const kNames[N_count] = {"jobId",      "collectionName", "state",         "stateName",      "progress",
                                     "reason",     "externalSource", "externalSpec",  "startTimeMs",    "endTimeMs",
                                     "terminal",   "fileName",       "fileSize",      "importedRows",   "totalRows",
                                     "createTime", "createTimeMs",   "completeTime",  "completeTimeMs", "details",
                                     "items",      "totalCount",     "pageSize",      "currentPage",    "kind",
                                     "job",        "error",          "done",          "refresh",        "import",
                                     "mjStatus",   "serverCode",     "serverMessage", "httpStatus",     "retriable",
                                     "requestId",  "traceId",        "jobIdInt64",    "hint",           "attempts"};

void check(napi_env env, napi_status st) {
  if (st != napi_ok) throw Napi::Error::New(env);
}

// Builds one object from up to 20 properties with a single napi_define_properties.
class Obj {
 public:
  explicit Obj(napi_env env) : env_(env), names_(Napi::Env(env).GetInstanceData<AddonData>()->names.Value()) {}

  napi_value name(Name n) const {
    napi_value v;
    check(env_, napi_get_element(env_, names_, n, &v));
    return v;
  }

  Obj& set(Name n, napi_value v) {
    props_[count_++] = {nullptr, name(n), nullptr, nullptr, nullptr, v, napi_default_jsproperty, nullptr};
    return *this;
  }
  Obj& str(Name n, const char* s) {
    napi_value v;
    check(env_, napi_create_string_utf8(env_, s ? s : "", NAPI_AUTO_LENGTH, &v));
    return set(n, v);
  }
  // int64 counts and times as a JS number: exact up to 2^53 (9e15), far
  // beyond any row count, byte size, progress or millisecond time a server
  // reports.
  Obj& num(Name n, double d) {
    napi_value v;
    check(env_, napi_create_double(env_, d, &v));
    return set(n, v);
  }
  Obj& big(Name n, int64_t i) {
    napi_value v;
    check(env_, napi_create_bigint_int64(env_, i, &v));
    return set(n, v);
  }
  Obj& boolean(Name n, bool b) {
    napi_value v;
    check(env_, napi_get_boolean(env_, b, &v));
    return set(n, v);
  }

  napi_value make() {
    napi_value o;
    check(env_, napi_create_object(env_, &o));
    return apply(o);
  }
  napi_value apply(napi_value o) {
    check(env_, napi_define_properties(env_, o, count_, props_));
    return o;
  }

 private:
  napi_env env_;
  napi_value names_;
  napi_property_descriptor props_[20];
  size_t count_ = 0;
};

// The JS factories lib/index.js registers (setFactories): each builds one
// object literal from positional values, which V8 makes with a fixed shape
// in a few instructions; setting the same fields one by one through N-API
// costs a property lookup and a map transition each (callgrind: ~70,000
// instructions per import job with three files, against ~10,000 this way).
class Args {
 public:
  explicit Args(napi_env env) : env_(env) {}
  Args& str(const char* s) {
    check(env_, napi_create_string_utf8(env_, s ? s : "", NAPI_AUTO_LENGTH, &v_[n_++]));
    return *this;
  }
  Args& num(double d) {
    check(env_, napi_create_double(env_, d, &v_[n_++]));
    return *this;
  }
  Args& big(int64_t i) {
    check(env_, napi_create_bigint_int64(env_, i, &v_[n_++]));
    return *this;
  }
  Args& val(napi_value v) {
    v_[n_++] = v;
    return *this;
  }
  napi_value call(const Napi::FunctionReference& fn) {
    napi_value recv, out;
    check(env_, napi_get_undefined(env_, &recv));
    check(env_, napi_call_function(env_, recv, fn.Value(), n_, v_, &out));
    return out;
  }

 private:
  napi_env env_;
  napi_value v_[20];
  size_t n_ = 0;
};

const AddonData& factories(napi_env env) {
  const AddonData* d = Napi::Env(env).GetInstanceData<AddonData>();
  if (d->import_job_fn.IsEmpty()) throw Napi::Error::New(env, "milvus-jobs: the addon is used without lib/index.js");
  return *d;
}

napi_value file_to_js(napi_env env, const mj_import_file& f) {
  // importFile(fileName, fileSize, progress, state, stateName, importedRows,
  //            totalRows, completeTime, completeTimeMs, reason)
  return Args(env)
      .str(f.file_name)
      .num(static_cast<double>(f.file_size))
      .num(static_cast<double>(f.progress))
      .num(f.state)
      .str(f.state_name)
      .num(static_cast<double>(f.imported_rows))
      .num(static_cast<double>(f.total_rows))
      .str(f.complete_time)
      .num(static_cast<double>(f.complete_time_ms))
      .str(f.reason)
      .call(factories(env).import_file_fn);
}

}  // namespace

Napi::Value set_factories(const Napi::CallbackInfo& info) {
  auto* data = info.Env().GetInstanceData<AddonData>();
  Napi::Object o = info[0].As<Napi::Object>();
  data->refresh_job_fn = Napi::Persistent(o.Get("refreshJob").As<Napi::Function>());
  data->import_job_fn = Napi::Persistent(o.Get("importJob").As<Napi::Function>());
  data->import_file_fn = Napi::Persistent(o.Get("importFile").As<Napi::Function>());
  data->snapshot_job_fn = Napi::Persistent(o.Get("snapshotJob").As<Napi::Function>());
  return info.Env().Undefined();
}

void init_names(Napi::Env env, AddonData* data) {
  // (N-API 8 keeps references to objects only: the strings live in an array.)
  Napi::Array names = Napi::Array::New(env, N_count);
  for (uint32_t i = 0; i < N_count; ++i) names.Set(i, Napi::String::New(env, kNames[i]));
  data->names = Napi::Persistent(names);
}

// ---------------------------------------------------------------- JS values

Napi::Object error_to_js(Napi::Env env, mj_status status, const mj_error* e, const char* message) {
  std::string fallback;
  if (!message) message = e ? mj_error_message(e) : nullptr;
  if (!message) {
    fallback = std::string("milvus-jobs call failed (") + mj_status_description(status) + ") with no error details";
    message = fallback.c_str();
  }
  Napi::Object o = Napi::Error::New(env, message).Value();
  // (the accessors take NULL: empty strings and zeros)
  Obj(env)
      .num(N_mjStatus, e ? mj_error_status(e) : status)
      .num(N_serverCode, mj_error_server_code(e))
      .str(N_serverMessage, mj_error_server_message(e))
      .num(N_httpStatus, mj_error_http_status(e))
      .boolean(N_retriable, mj_error_is_retriable(e) != 0)
      .str(N_requestId, mj_error_request_id(e))
      .str(N_traceId, mj_error_trace_id(e))
      .str(N_jobId, mj_error_job_id(e))
      .big(N_jobIdInt64, mj_error_job_id_int64(e))
      .num(N_hint, mj_error_hint(e))
      .num(N_attempts, mj_error_attempts(e))
      .apply(o);
  const size_t n = mj_error_candidate_count(e);
  Napi::Array candidates = Napi::Array::New(env, n);
  for (size_t i = 0; i < n; ++i) candidates.Set(static_cast<uint32_t>(i), mj_error_candidate_id(e, i));
  o.Set("candidates", candidates);
  return o;
}

Napi::Object outcome_to_js(Napi::Env env, Napi::Value job_id, const mj_create_outcome& done) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("jobId", job_id);
  o.Set("recovered", Napi::Boolean::New(env, done.recovered != 0));
  o.Set("attempts", Napi::Number::New(env, done.attempts));
  return o;
}

Napi::Object make_error(Napi::Env env, mj_status status, const std::string& message) {
  return error_to_js(env, status, nullptr, message.c_str());
}

Napi::Object to_js(Napi::Env env, const Failure& f) {
  if (!f.error && !f.message.empty()) return make_error(env, f.status, f.message);
  return error_to_js(env, f.status, f.error.get());
}

void throw_error(Napi::Env env, mj_status status, const std::string& message) {
  throw Napi::Error(env, make_error(env, status, message));
}

void throw_failure(Napi::Env env, mj_status status, mj_error* err) {
  ErrorPtr owned(err);
  throw Napi::Error(env, error_to_js(env, status, owned.get()));
}

Napi::Object to_js(Napi::Env env, const mj_refresh_job& j) {
  // refreshJob(jobId, collectionName, state, stateName, progress, reason,
  //            externalSource, externalSpec, startTimeMs, endTimeMs, terminal)
  napi_value terminal;
  check(env, napi_get_boolean(env, mj_refresh_state_is_terminal(j.state) != 0, &terminal));
  return Napi::Object(env, Args(env)
                               .big(j.job_id)
                               .str(j.collection_name)
                               .num(j.state)
                               .str(j.state_name)
                               .num(static_cast<double>(j.progress))
                               .str(j.reason)
                               .str(j.external_source)
                               .str(j.external_spec)
                               .num(static_cast<double>(j.start_time_ms))
                               .num(static_cast<double>(j.end_time_ms))
                               .val(terminal)
                               .call(factories(env).refresh_job_fn));
}

Napi::Object to_js(Napi::Env env, const mj_import_job& j) {
  napi_value details;
  check(env, napi_create_array_with_length(env, j.detail_count, &details));
  uint32_t n = 0;
  for (size_t i = 0; i < j.detail_count; ++i) {
    if (j.details[i]) check(env, napi_set_element(env, details, n++, file_to_js(env, *j.details[i])));
  }
  napi_value terminal;
  check(env, napi_get_boolean(env, mj_import_state_is_terminal(j.state) != 0, &terminal));
  // importJob(jobId, collectionName, state, stateName, progress, reason,
  //           importedRows, totalRows, fileSize, createTime, createTimeMs,
  //           completeTime, completeTimeMs, details, fileName, terminal)
  return Napi::Object(env, Args(env)
                               .str(j.job_id)
                               .str(j.collection_name)
                               .num(j.state)
                               .str(j.state_name)
                               .num(static_cast<double>(j.progress))
                               .str(j.reason)
                               .num(static_cast<double>(j.imported_rows))
                               .num(static_cast<double>(j.total_rows))
                               .num(static_cast<double>(j.file_size))
                               .str(j.create_time)
                               .num(static_cast<double>(j.create_time_ms))
                               .str(j.complete_time)
                               .num(static_cast<double>(j.complete_time_ms))
                               .val(details)
                               .str(MJ_HAS(j, file_name) ? j.file_name : nullptr)
                               .val(terminal)
                               .call(factories(env).import_job_fn));
}

Napi::Array to_js(Napi::Env env, const mj_refresh_job_list& l) {
  Napi::Array a = Napi::Array::New(env, l.count);
  uint32_t n = 0;
  for (size_t i = 0; i < l.count; ++i) {
    if (l.items[i]) a.Set(n++, to_js(env, *l.items[i]));
  }
  return a;
}

Napi::Object to_js(Napi::Env env, const mj_import_job_list& l) {
  Napi::Array items = Napi::Array::New(env, l.count);
  uint32_t n = 0;
  for (size_t i = 0; i < l.count; ++i) {
    if (l.items[i]) items.Set(n++, to_js(env, *l.items[i]));
  }
  const bool paged = MJ_HAS(l, current_page);
  return Napi::Object(env,
                      Obj(env)
                          .set(N_items, items)
                          .num(N_totalCount, static_cast<double>(paged ? l.total_count : static_cast<int64_t>(l.count)))
                          .num(N_pageSize, static_cast<double>(paged ? l.page_size : 0))
                          .num(N_currentPage, static_cast<double>(paged ? l.current_page : 0))
                          .make());
}

Napi::Object to_js(Napi::Env env, const mj_snapshot_job& j) {
  // snapshotJob(jobId, snapshotName, dbName, collectionName, state, stateName,
  //             progress, reason, startTimeMs, timeCostMs, terminal)
  napi_value terminal;
  check(env, napi_get_boolean(env, mj_snapshot_state_is_terminal(j.state) != 0, &terminal));
  return Napi::Object(env, Args(env)
                               .big(j.job_id)
                               .str(j.snapshot_name)
                               .str(j.db_name)
                               .str(j.collection_name)
                               .num(j.state)
                               .str(j.state_name)
                               .num(static_cast<double>(j.progress))
                               .str(j.reason)
                               .num(static_cast<double>(j.start_time_ms))
                               .num(static_cast<double>(j.time_cost_ms))
                               .val(terminal)
                               .call(factories(env).snapshot_job_fn));
}

Napi::Array to_js(Napi::Env env, const mj_snapshot_job_list& l) {
  Napi::Array a = Napi::Array::New(env, l.count);
  uint32_t n = 0;
  for (size_t i = 0; i < l.count; ++i) {
    if (l.items[i]) a.Set(n++, to_js(env, *l.items[i]));
  }
  return a;
}

Napi::Object to_js(Napi::Env env, const mj_watch_event& e) {
  const bool refresh = e.kind == MJ_JOB_REFRESH;
  // The snapshot fields exist from 0.4 on (a smaller struct_size: an older library).
  const bool snapshot = e.kind == MJ_JOB_SNAPSHOT_RESTORE && MJ_HAS(e, snapshot);
  Obj o(env);
  if (snapshot) {
    o.set(N_kind, Napi::String::New(env, "snapshotRestore"));
    o.big(N_jobId, e.snapshot_job_id);
  } else {
    o.set(N_kind, o.name(refresh ? N_refresh : N_import));
  }
  if (snapshot) {
  } else if (refresh) {
    o.big(N_jobId, e.refresh_job_id);
  } else {
    o.str(N_jobId, e.import_job_id);
  }
  if (snapshot && e.snapshot) {
    o.set(N_job, to_js(env, *e.snapshot));
  } else if (e.refresh) {
    o.set(N_job, to_js(env, *e.refresh));
  } else if (e.import_job) {
    o.set(N_job, to_js(env, *e.import_job));
  } else {
    o.set(N_job, env.Null());
  }
  o.set(N_error,
        e.error ? napi_value(error_to_js(env, static_cast<mj_status>(e.status), e.error)) : napi_value(env.Null()));
  o.boolean(N_done, e.done != 0);
  return Napi::Object(env, o.make());
}

// ---------------------------------------------------------------- arguments

bool absent(const Napi::Value& v) { return v.IsUndefined() || v.IsNull(); }

std::optional<std::string> read_string(const Napi::Value& v) {
  if (absent(v)) return std::nullopt;
  return v.As<Napi::String>().Utf8Value();
}

int64_t read_int64(const Napi::Value& v) {
  if (absent(v)) return 0;
  if (v.IsBigInt()) {
    bool lossless = false;
    return v.As<Napi::BigInt>().Int64Value(&lossless);
  }
  return static_cast<int64_t>(v.As<Napi::Number>().DoubleValue());
}

std::vector<std::string> read_strings(const Napi::Value& v) {
  std::vector<std::string> out;
  if (absent(v)) return out;
  Napi::Array a = v.As<Napi::Array>();
  const uint32_t n = a.Length();
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i) out.push_back(a.Get(i).As<Napi::String>().Utf8Value());
  return out;
}

// ---------------------------------------------------------------- cancel tokens

CancelPtr new_cancel(Napi::Env env) {
  mj_cancel* c = nullptr;
  mj_error* err = nullptr;
  const mj_status st = mj_cancel_new(&c, &err);
  if (st != MJ_OK) throw_failure(env, st, err);
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
  cancel_reads_of(token_.get());  // the non-blocking reads see it at once
  return info.Env().Undefined();
}

Napi::Value Cancel::IsTriggered(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), mj_cancel_is_triggered(token_.get()) != 0);
}

CancelPtr Cancel::unwrap(const Napi::Value& v) {
  if (absent(v)) return nullptr;
  // lib/index.js passes only its own native.Cancel tokens; anything else is
  // refused here (never dereferenced as one).
  auto* data = v.Env().GetInstanceData<AddonData>();
  if (!v.IsObject() || !v.As<Napi::Object>().InstanceOf(data->cancel_ctor.Value())) {
    throw_error(v.Env(), MJ_EINVALID_ARGUMENT, "cancel must be a Cancel token");
  }
  return Cancel::Unwrap(v.As<Napi::Object>())->token();
}

CallOptions CallOptions::from(const Napi::CallbackInfo& info, size_t first) {
  CallOptions c;
  c.timeout_ms = read_int64(info[first]);
  c.db_name = read_string(info[first + 1]);
  c.max_attempts = static_cast<int32_t>(read_int64(info[first + 2]));
  c.cancel = Cancel::unwrap(info[first + 3]);
  if (info.Length() > first + 4 && !absent(info[first + 4])) c.headers = read_strings(info[first + 4]);
  return c;
}

mj_call_options CallOptions::c() const {
  mj_call_options o;
  mj_call_options_init(&o, sizeof o);
  o.timeout_ms = timeout_ms;
  o.cancel = cancel.get();
  o.db_name = db_name ? db_name->c_str() : nullptr;
  o.max_attempts = max_attempts;
  if (!headers.empty()) {
    header_ptrs.clear();
    for (const auto& h : headers) header_ptrs.push_back(h.c_str());
    o.headers = header_ptrs.data();
    o.header_count = header_ptrs.size();
  }
  return o;
}

}  // namespace mjnode
