/*
 * header_c99.c -- milvus_jobs.h must compile alone, as the first and only
 * include, under -std=c99 -Wall -Wextra -Wpedantic -Werror -Wstrict-prototypes
 * -Wmissing-prototypes (see tests/abi/CMakeLists.txt). Every *_INIT macro is
 * used, so a macro that misses a field (-Wmissing-field-initializers) or no
 * longer matches its struct fails the build.
 *
 * It is linked with the library and calls a few functions, so the
 * declarations also resolve against the real exports.
 */
#include "milvus_jobs.h"

static int same_string(const char *a, const char *b) {
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

int main(void) {
  mj_client_options client_opts = MJ_CLIENT_OPTIONS_INIT;
  mj_call_options call_opts = MJ_CALL_OPTIONS_INIT;
  mj_refresh_request refresh_req = MJ_REFRESH_REQUEST_INIT;
  mj_import_request import_req = MJ_IMPORT_REQUEST_INIT;
  mj_client_options client_opts2;
  int failures = 0;

  if (client_opts.struct_size != sizeof client_opts || client_opts.uri != NULL ||
      client_opts.extra_header_count != 0)
    ++failures;
  if (call_opts.struct_size != sizeof call_opts || call_opts.timeout_ms != 0)
    ++failures;
  if (refresh_req.struct_size != sizeof refresh_req || refresh_req.collection_name != NULL)
    ++failures;
  if (import_req.struct_size != sizeof import_req || import_req.option_count != 0)
    ++failures;

  /* The init function and the macro agree. */
  mj_client_options_init(&client_opts2, (uint32_t)sizeof client_opts2);
  if (client_opts2.struct_size != client_opts.struct_size || client_opts2.uri != NULL)
    ++failures;

  if (!same_string(mj_version(), MJ_VERSION_STRING) || mj_version_number() != MJ_VERSION_NUMBER)
    ++failures;
  if (!same_string(mj_status_name(MJ_OK), "MJ_OK"))
    ++failures;

  return failures == 0 ? 0 : 1;
}
