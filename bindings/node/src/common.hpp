// Shared pieces of the milvus-jobs Node addon: snapshots of the library's
// result objects (made on the thread that ran the call, turned into JS values
// on the JS thread), argument readers, and the handles shared between the JS
// objects and the threads that use them.
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

// ---------------------------------------------------------------- snapshots

struct ErrorSnap {
  int32_t status = MJ_EINTERNAL;
  std::string message;
  int32_t server_code = 0;
  std::string server_message;
  int32_t http_status = 0;
  bool retriable = false;
  std::string request_id;
  std::string trace_id;
  std::string job_id;
  int64_t job_id_int64 = 0;
  int32_t hint = MJ_HINT_NONE;
  int32_t attempts = 0;
};

struct RefreshSnap {
  int64_t job_id = 0;
  std::string collection_name;
  int32_t state = 0;
  std::string state_name;
  int64_t progress = 0;
  std::string reason;
  std::string external_source;
  std::string external_spec;
  int64_t start_time_ms = 0;
  int64_t end_time_ms = 0;
};

struct ImportFileSnap {
  std::string file_name;
  int64_t file_size = 0;
  int64_t progress = 0;
  int32_t state = 0;
  std::string state_name;
  int64_t imported_rows = 0;
  int64_t total_rows = 0;
  std::string complete_time;
  int64_t complete_time_ms = 0;
  std::string reason;
};

struct ImportSnap {
  std::string job_id;
  std::string collection_name;
  int32_t state = 0;
  std::string state_name;
  int64_t progress = 0;
  std::string reason;
  int64_t imported_rows = 0;
  int64_t total_rows = 0;
  int64_t file_size = 0;
  std::string create_time;
  int64_t create_time_ms = 0;
  std::string complete_time;
  int64_t complete_time_ms = 0;
  std::vector<ImportFileSnap> details;
  std::string file_name;
};

struct ImportListSnap {
  std::vector<ImportSnap> items;
  int64_t total_count = 0;
  int64_t page_size = 0;
  int64_t current_page = 0;
};

struct EventSnap {
  int32_t kind = 0;
  int64_t refresh_job_id = 0;
  std::string import_job_id;
  int32_t status = MJ_OK;
  std::optional<ErrorSnap> error;
  std::optional<RefreshSnap> refresh;
  std::optional<ImportSnap> import_job;
  bool done = false;
};

// Copies out of library objects; borrowed pointers may be NULL (then empty).
ErrorSnap snap_error(const mj_error* e);
// Takes the error (may be NULL, then a generic internal error) and frees it.
ErrorSnap take_error(mj_status status, mj_error* e);
RefreshSnap snap_refresh(const mj_refresh_job& j);
ImportSnap snap_import(const mj_import_job& j);
ImportListSnap snap_import_list(const mj_import_job_list& l);
EventSnap snap_event(const mj_watch_event& e);

// JS values. The error is an Error whose message is the library's, with the
// fields the JS layer reads to pick the subclass (mjStatus, serverCode, ...).
Napi::Object to_js(Napi::Env env, const ErrorSnap& e);
Napi::Object to_js(Napi::Env env, const RefreshSnap& j);
Napi::Object to_js(Napi::Env env, const ImportSnap& j);
Napi::Object to_js(Napi::Env env, const ImportListSnap& l);
Napi::Object to_js(Napi::Env env, const EventSnap& e);

// An error made by the addon itself (bad argument types from the caller).
Napi::Object make_error(Napi::Env env, mj_status status, const std::string& message);

// ---------------------------------------------------------------- arguments

// Readers for optional properties of an options object: absent/undefined/null
// gives the default; a wrong type throws an InvalidArgument error naming `what`.
std::optional<std::string> opt_string(const Napi::Object& o, const char* key, const char* what);
int64_t opt_int64(const Napi::Object& o, const char* key, const char* what);
// As opt_int64, for an int32_t field: out of range throws.
int32_t opt_int32(const Napi::Object& o, const char* key, const char* what);
bool opt_bool(const Napi::Object& o, const char* key, const char* what);
std::vector<std::string> opt_strings(const Napi::Object& o, const char* key, const char* what);

// A refresh job id from a bigint (exact) or a safe-integer number.
int64_t job_id_arg(const Napi::Value& v, const char* what);
std::string string_arg(const Napi::Value& v, const char* what);
Napi::Object object_arg(const Napi::Value& v, const char* what);

// Throws a JS error (as make_error) from C++.
[[noreturn]] void throw_error(Napi::Env env, mj_status status, const std::string& message);

// ---------------------------------------------------------------- handles

using ClientPtr = std::shared_ptr<mj_client>;

// A cancel token shared by the JS Cancel object and every call using it.
using CancelPtr = std::shared_ptr<mj_cancel>;
CancelPtr new_cancel(Napi::Env env);

// mj_call_options with the storage its pointers point into.
struct CallOptions {
  int64_t timeout_ms = 0;
  std::optional<std::string> db_name;
  int32_t max_attempts = 0;
  CancelPtr cancel;

  static CallOptions from(const Napi::Value& v);
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

// Per-environment data: the constructors the addon needs to recognise.
struct AddonData {
  Napi::FunctionReference cancel_ctor;
  Napi::FunctionReference client_ctor;
};

Napi::Function init_client(Napi::Env env);
Napi::Function init_watcher(Napi::Env env);
ClientPtr unwrap_client(const Napi::Value& v);

}  // namespace mjnode

#endif
