#include "milvus_jobs.h"

#include <cstdlib>

#include "c_api/status.hpp"
#include "jobs/lifecycle.hpp"

static_assert(MJ_VERSION_NUMBER == MJ_VERSION_MAJOR * 10000 + MJ_VERSION_MINOR * 100 + MJ_VERSION_PATCH,
              "MJ_VERSION_NUMBER must match MAJOR/MINOR/PATCH");

extern "C" {

MJ_API const char* mj_version(void) { return MJ_VERSION_STRING; }

MJ_API int32_t mj_version_number(void) { return MJ_VERSION_NUMBER; }

MJ_API const char* mj_status_name(mj_status status) {
  // A switch, not an index: -Wswitch names a status the list lacks.
  switch (status) {
#define MJ_STATUS_NAME(status, category, description) \
  case status: return #status;
    MJ_STATUS_LIST(MJ_STATUS_NAME)
#undef MJ_STATUS_NAME
  }
  return "MJ_E?";
}

MJ_API const char* mj_status_description(mj_status status) {
  switch (status) {
#define MJ_STATUS_DESCRIPTION(status, category, description) \
  case status: return description;
    MJ_STATUS_LIST(MJ_STATUS_DESCRIPTION)
#undef MJ_STATUS_DESCRIPTION
  }
  return "unknown status";
}

MJ_API void mj_free(void* ptr) { std::free(ptr); }

MJ_API int mj_refresh_state_is_terminal(int32_t state) {
  return mj::jobs::is_terminal(static_cast<mj::protocol::RefreshState>(state)) ? 1 : 0;
}

MJ_API int mj_import_state_is_terminal(int32_t state) {
  return mj::jobs::is_terminal(static_cast<mj::protocol::ImportState>(state)) ? 1 : 0;
}

}  // extern "C"
