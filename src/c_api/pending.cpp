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

MJ_API mj_status mj_list_import_jobs_page(mj_import_job_list**, mj_client*, const mj_import_list_request*,
                                          const mj_call_options*, mj_error** err) {
  return mj::capi::guard(err, [] { pending("mj_list_import_jobs_page"); });
}

}  // extern "C"
