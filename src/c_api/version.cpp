#include "milvus_jobs.h"

#include <cstdlib>

static_assert(MJ_VERSION_NUMBER == MJ_VERSION_MAJOR * 10000 + MJ_VERSION_MINOR * 100 + MJ_VERSION_PATCH,
              "MJ_VERSION_NUMBER must match MAJOR/MINOR/PATCH");

extern "C" {

MJ_API const char* mj_version(void) { return MJ_VERSION_STRING; }

MJ_API int32_t mj_version_number(void) { return MJ_VERSION_NUMBER; }

MJ_API const char* mj_status_name(mj_status status) {
  switch (status) {
    case MJ_OK: return "MJ_OK";
    case MJ_EINVALID_ARGUMENT: return "MJ_EINVALID_ARGUMENT";
    case MJ_ETRANSPORT: return "MJ_ETRANSPORT";
    case MJ_ETLS: return "MJ_ETLS";
    case MJ_ETIMEOUT: return "MJ_ETIMEOUT";
    case MJ_ECANCELLED: return "MJ_ECANCELLED";
    case MJ_EUNAUTHENTICATED: return "MJ_EUNAUTHENTICATED";
    case MJ_EPERMISSION_DENIED: return "MJ_EPERMISSION_DENIED";
    case MJ_ENOT_FOUND: return "MJ_ENOT_FOUND";
    case MJ_EDUPLICATE_JOB: return "MJ_EDUPLICATE_JOB";
    case MJ_ERATE_LIMITED: return "MJ_ERATE_LIMITED";
    case MJ_ESERVER: return "MJ_ESERVER";
    case MJ_EPROTOCOL: return "MJ_EPROTOCOL";
    case MJ_EUNSUPPORTED: return "MJ_EUNSUPPORTED";
    case MJ_ENOMEM: return "MJ_ENOMEM";
    case MJ_EINTERNAL: return "MJ_EINTERNAL";
    case MJ_EJOB_FAILED: return "MJ_EJOB_FAILED";
    case MJ_EJOB_LOST: return "MJ_EJOB_LOST";
  }
  return "MJ_E?";
}

MJ_API const char* mj_status_description(mj_status status) {
  switch (status) {
    case MJ_OK: return "success";
    case MJ_EINVALID_ARGUMENT: return "invalid argument";
    case MJ_ETRANSPORT: return "transport error";
    case MJ_ETLS: return "TLS error";
    case MJ_ETIMEOUT: return "timed out";
    case MJ_ECANCELLED: return "cancelled";
    case MJ_EUNAUTHENTICATED: return "not authenticated";
    case MJ_EPERMISSION_DENIED: return "permission denied";
    case MJ_ENOT_FOUND: return "not found";
    case MJ_EDUPLICATE_JOB: return "job already running";
    case MJ_ERATE_LIMITED: return "rate limited";
    case MJ_ESERVER: return "server error";
    case MJ_EPROTOCOL: return "protocol error";
    case MJ_EUNSUPPORTED: return "unsupported";
    case MJ_ENOMEM: return "out of memory";
    case MJ_EINTERNAL: return "internal error";
    case MJ_EJOB_FAILED: return "job failed";
    case MJ_EJOB_LOST: return "job lost";
  }
  return "unknown status";
}

MJ_API void mj_free(void* ptr) { std::free(ptr); }

MJ_API int mj_refresh_state_is_terminal(int32_t state) {
  return state == MJ_REFRESH_STATE_COMPLETED || state == MJ_REFRESH_STATE_FAILED;
}

MJ_API int mj_import_state_is_terminal(int32_t state) {
  return state == MJ_IMPORT_STATE_COMPLETED || state == MJ_IMPORT_STATE_FAILED;
}

}  // extern "C"
