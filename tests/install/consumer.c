/*
 * consumer.c -- a program built against an *installed* milvus-jobs, the way a
 * user builds one: through pkg-config, and through find_package(milvus_jobs)
 * in CMake (tests/install/run_install_test.sh does both).
 */
#include <milvus_jobs.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  mj_client_options opts = MJ_CLIENT_OPTIONS_INIT;
  mj_client *client = NULL;
  mj_error *err = NULL;
  int failures = 0;

  printf("milvus-jobs %s (%d), header %s\n", mj_version(), (int)mj_version_number(),
         MJ_VERSION_STRING);
  if (strcmp(mj_version(), MJ_VERSION_STRING) != 0 || mj_version_number() != MJ_VERSION_NUMBER) {
    fprintf(stderr, "library version differs from the header's\n");
    ++failures;
  }

  opts.uri = "http://127.0.0.1:19530";
  if (mj_client_new(&client, &opts, &err) != MJ_OK || client == NULL) {
    fprintf(stderr, "mj_client_new: %s\n", mj_error_message(err));
    mj_error_free(err);
    ++failures;
  }
  mj_client_free(client);

  if (strcmp(mj_status_name(MJ_ENOT_FOUND), "MJ_ENOT_FOUND") != 0) {
    fprintf(stderr, "mj_status_name(MJ_ENOT_FOUND) = %s\n", mj_status_name(MJ_ENOT_FOUND));
    ++failures;
  }

  if (failures != 0)
    return 1;
  printf("consumer: ok\n");
  return 0;
}
