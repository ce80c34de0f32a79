// TEMPORARY scaffolding (0.2 development): the 0.2 functions declared in the
// header that are not implemented yet. Each is replaced by its real
// implementation in its own file; this file must be empty of them (and then
// deleted) before 0.2 is released. Calling one fails with MJ_EUNSUPPORTED.
#include "c_api/guard.hpp"

namespace {
[[noreturn]] void pending(const char* name) {
  throw mj::Error(mj::Category::unsupported, std::string(name) + " is not implemented yet in this build");
}
}  // namespace

extern "C" {

MJ_API mj_status mj_wait_refresh(mj_refresh_job**, mj_client*, int64_t, const mj_wait_options*, mj_refresh_progress_fn,
                                 void*, mj_error** err) {
  return mj::capi::guard(err, [] { pending("mj_wait_refresh"); });
}

MJ_API mj_status mj_wait_import(mj_import_job**, mj_client*, const char*, const mj_wait_options*, mj_import_progress_fn,
                                void*, mj_error** err) {
  return mj::capi::guard(err, [] { pending("mj_wait_import"); });
}

MJ_API mj_status mj_watcher_new(mj_watcher**, mj_client*, const mj_watcher_options*, mj_error** err) {
  return mj::capi::guard(err, [] { pending("mj_watcher_new"); });
}

MJ_API mj_status mj_watcher_add_refresh(mj_watcher*, int64_t, mj_error** err) {
  return mj::capi::guard(err, [] { pending("mj_watcher_add_refresh"); });
}

MJ_API mj_status mj_watcher_add_import(mj_watcher*, const char*, mj_error** err) {
  return mj::capi::guard(err, [] { pending("mj_watcher_add_import"); });
}

MJ_API mj_status mj_watcher_remove_refresh(mj_watcher*, int64_t, mj_error** err) {
  return mj::capi::guard(err, [] { pending("mj_watcher_remove_refresh"); });
}

MJ_API mj_status mj_watcher_remove_import(mj_watcher*, const char*, mj_error** err) {
  return mj::capi::guard(err, [] { pending("mj_watcher_remove_import"); });
}

MJ_API size_t mj_watcher_size(const mj_watcher*) { return 0; }

MJ_API mj_status mj_watcher_run(mj_watcher*, int64_t, mj_watch_fn, void*, mj_error** err) {
  return mj::capi::guard(err, [] { pending("mj_watcher_run"); });
}

MJ_API mj_status mj_watcher_next(mj_watch_event**, mj_watcher*, int64_t, mj_error** err) {
  return mj::capi::guard(err, [] { pending("mj_watcher_next"); });
}

MJ_API void mj_watch_event_free(mj_watch_event*) {}

MJ_API void mj_watcher_free(mj_watcher*) {}

}  // extern "C"
