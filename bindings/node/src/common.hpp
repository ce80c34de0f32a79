// Shared pieces of the milvus-jobs Node addon: the JS forms of the library's
// results (built on the JS thread straight from the C structs), argument
// readers, and the handles shared between the JS objects and the threads that
// use them.
#ifndef MJ_NODE_COMMON_H
#define MJ_NODE_COMMON_H

#include <milvus_jobs.h>
#include <napi.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mjnode {

// ---------------------------------------------------------------- results

// The library's results, owned until the JS thread has turned them into JS
// values: each result is converted once, straight from the C struct into
// its final JS object (state names included), never through a copy.
template <typename T, void (*Free)(T*)>
struct Freer {
  void operator()(T* p) const { Free(p); }
};
using ErrorPtr = std::unique_ptr<mj_error, Freer<mj_error, mj_error_free>>;
using RefreshPtr = std::unique_ptr<mj_refresh_job, Freer<mj_refresh_job, mj_refresh_job_free>>;
using RefreshListPtr = std::unique_ptr<mj_refresh_job_list, Freer<mj_refresh_job_list, mj_refresh_job_list_free>>;
using ImportPtr = std::unique_ptr<mj_import_job, Freer<mj_import_job, mj_import_job_free>>;
using ImportListPtr = std::unique_ptr<mj_import_job_list, Freer<mj_import_job_list, mj_import_job_list_free>>;
using SnapshotPtr = std::unique_ptr<mj_snapshot_job, Freer<mj_snapshot_job, mj_snapshot_job_free>>;
using SnapshotListPtr = std::unique_ptr<mj_snapshot_job_list, Freer<mj_snapshot_job_list, mj_snapshot_job_list_free>>;
using EventPtr = std::unique_ptr<mj_watch_event, Freer<mj_watch_event, mj_watch_event_free>>;

// A failed call's outcome: the status and the library's error (may be NULL:
// then a generic message for the status).
struct Failure {
  mj_status status = MJ_EINTERNAL;
  ErrorPtr error;
  std::string message;  // when set (and error is NULL): the addon's own message
};

// The JS forms (one conversion each; borrowed pointers may not be NULL).
// The error is an Error whose message is the library's, with the fields the
// JS layer reads to pick the subclass (mjStatus, serverCode, ...).
// `message`, when given, replaces the library's.
Napi::Object error_to_js(Napi::Env env, mj_status status, const mj_error* e, const char* message = nullptr);
// {jobId, recovered, attempts}: what a create returned (mj_create_outcome).
Napi::Object outcome_to_js(Napi::Env env, Napi::Value job_id, const mj_create_outcome& done);
Napi::Object to_js(Napi::Env env, const Failure& f);
Napi::Object to_js(Napi::Env env, const mj_refresh_job& j);
Napi::Object to_js(Napi::Env env, const mj_import_job& j);
Napi::Array to_js(Napi::Env env, const mj_refresh_job_list& l);
Napi::Object to_js(Napi::Env env, const mj_import_job_list& l);
Napi::Object to_js(Napi::Env env, const mj_snapshot_job& j);
Napi::Array to_js(Napi::Env env, const mj_snapshot_job_list& l);
// {kind: 'refresh' | 'import' | 'snapshotRestore', jobId, job, error (as error_to_js), done}
Napi::Object to_js(Napi::Env env, const mj_watch_event& e);

// An error made by the addon itself.
Napi::Object make_error(Napi::Env env, mj_status status, const std::string& message);

// ---------------------------------------------------------------- arguments

// Every check of a caller's arguments is made once, in lib/args.js; the addon
// receives only values that passed there and reads them as they are. A value
// of another type (only possible by calling the addon directly) still never
// crashes: N-API refuses it with a JS error.
bool absent(const Napi::Value& v);
// undefined/null -> nullopt.
std::optional<std::string> read_string(const Napi::Value& v);
// undefined/null -> 0; a number or a bigint.
int64_t read_int64(const Napi::Value& v);
std::vector<std::string> read_strings(const Napi::Value& v);
// An option of an options object.
inline std::optional<std::string> opt_string(const Napi::Object& o, const char* key) { return read_string(o.Get(key)); }
inline int64_t opt_int64(const Napi::Object& o, const char* key) { return read_int64(o.Get(key)); }
inline bool opt_bool(const Napi::Object& o, const char* key) { return o.Get(key).ToBoolean().Value(); }

// Throws a JS error (as make_error) from C++.
[[noreturn]] void throw_error(Napi::Env env, mj_status status, const std::string& message);
// Throws the library's error, freeing it.
[[noreturn]] void throw_failure(Napi::Env env, mj_status status, mj_error* err);

// ---------------------------------------------------------------- handles

using ClientPtr = std::shared_ptr<mj_client>;

// A cancel token shared by the JS Cancel object and every call using it.
using CancelPtr = std::shared_ptr<mj_cancel>;
CancelPtr new_cancel(Napi::Env env);

// mj_call_options with the storage its pointers point into, from the
// positional arguments (timeoutMs, dbName, maxAttempts, cancel) of a call.
struct CallOptions {
  int64_t timeout_ms = 0;
  std::optional<std::string> db_name;
  int32_t max_attempts = 0;
  CancelPtr cancel;
  std::vector<std::string> headers;              // per call, "Name: value"
  mutable std::vector<const char*> header_ptrs;  // into headers, made by c()

  static CallOptions from(const Napi::CallbackInfo& info, size_t first);
  mj_call_options c() const;
};

// The Cancel JS class (wraps CancelPtr).
class Cancel : public Napi::ObjectWrap<Cancel> {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit Cancel(const Napi::CallbackInfo& info);
  static CancelPtr unwrap(const Napi::Value& v);
  const CancelPtr& token() const { return token_; }

 private:
  Napi::Value Trigger(const Napi::CallbackInfo& info);
  Napi::Value IsTriggered(const Napi::CallbackInfo& info);
  CancelPtr token_;
};

// Per-environment data: the constructors the addon needs to recognise, and
// the property names and state names of the result objects as JS strings
// made once (convert.cpp).
struct AddonData {
  Napi::FunctionReference cancel_ctor;
  Napi::FunctionReference client_ctor;
  Napi::Reference<Napi::Array> names;
  // [0]: the resource name of the async work, "milvus-jobs"
  Napi::Reference<Napi::Array> resource_name;
  Napi::FunctionReference refresh_job_fn, import_job_fn, import_file_fn, snapshot_job_fn;
};
void init_names(Napi::Env env, AddonData* data);
// setFactories({refreshJob, importJob, importFile}): the JS functions that
// build the job objects from positional values (lib/index.js).
Napi::Value set_factories(const Napi::CallbackInfo& info);

Napi::Function init_client(Napi::Env env);
Napi::Function init_watcher(Napi::Env env);
ClientPtr unwrap_client(const Napi::Value& v);

}  // namespace mjnode

#endif
