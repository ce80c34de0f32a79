// header_cxx.cpp -- milvus_jobs.h must compile alone in C++ (built twice, as
// -std=c++17 and -std=c++11, with -Wall -Wextra -Wpedantic -Werror; see
// tests/abi/CMakeLists.txt), with every *_INIT macro usable as an aggregate
// initializer. It is linked with the library: the calls below only resolve if
// the header's extern "C" guard gives the functions C linkage.
#include "milvus_jobs.h"

#include <cstring>
#include <type_traits>

static_assert(std::is_standard_layout<mj_client_options>::value, "C layout");
static_assert(std::is_trivial<mj_import_request>::value, "C layout");
static_assert(sizeof(mj_status) == sizeof(int), "mj_status is an int-sized enum");
static_assert(MJ_VERSION_NUMBER == MJ_VERSION_MAJOR * 10000 + MJ_VERSION_MINOR * 100 + MJ_VERSION_PATCH,
              "MJ_VERSION_NUMBER matches MAJOR/MINOR/PATCH");

int main() {
  mj_client_options client_opts = MJ_CLIENT_OPTIONS_INIT;
  mj_call_options call_opts = MJ_CALL_OPTIONS_INIT;
  mj_refresh_request refresh_req = MJ_REFRESH_REQUEST_INIT;
  mj_import_request import_req = MJ_IMPORT_REQUEST_INIT;
  int failures = 0;

  if (client_opts.struct_size != sizeof client_opts) ++failures;
  if (call_opts.struct_size != sizeof call_opts) ++failures;
  if (refresh_req.struct_size != sizeof refresh_req) ++failures;
  if (import_req.struct_size != sizeof import_req) ++failures;

  if (std::strcmp(mj_version(), MJ_VERSION_STRING) != 0) ++failures;
  if (mj_version_number() != MJ_VERSION_NUMBER) ++failures;
  if (std::strcmp(mj_status_name(MJ_ENOT_FOUND), "MJ_ENOT_FOUND") != 0) ++failures;

  mj_error* err = nullptr;
  mj_client* client = nullptr;
  // No uri: refused before anything is sent.
  if (mj_client_new(&client, &client_opts, &err) != MJ_EINVALID_ARGUMENT) ++failures;
  if (client != nullptr || err == nullptr) ++failures;
  mj_error_free(err);
  mj_client_free(client);

  return failures == 0 ? 0 : 1;
}
