/*
 * dlopen_smoke.c -- load the library the way the Node and Python bindings do:
 * dlopen() + dlsym(), without linking it (this program links only libdl).
 *
 *   dlopen_smoke /path/to/libmilvus_jobs.so.0
 *
 * Checks that the runtime version matches the header, that a client can be
 * made and freed, that a call to an unreachable server fails with
 * MJ_ETRANSPORT and a message about connecting, that a NULL job id is refused
 * with MJ_EINVALID_ARGUMENT, and that everything is freed before dlclose()
 * (the test also runs under valgrind).
 */
#define _POSIX_C_SOURCE 200809L

#include "milvus_jobs.h"

#include <ctype.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

typedef const char *(*version_fn)(void);
typedef int32_t (*version_number_fn)(void);
typedef mj_status (*client_new_fn)(mj_client **, const mj_client_options *, mj_error **);
typedef void (*client_free_fn)(mj_client *);
typedef mj_status (*get_import_progress_fn)(mj_import_job **, mj_client *, const char *,
                                            const mj_call_options *, mj_error **);
typedef void (*import_job_free_fn)(mj_import_job *);
typedef mj_status (*error_status_fn)(const mj_error *);
typedef const char *(*error_message_fn)(const mj_error *);
typedef void (*error_free_fn)(mj_error *);

static int failures = 0;

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                     \
      ++failures;                                                                                  \
    }                                                                                              \
  } while (0)

/* dlsym into a function pointer without the object-to-function pointer cast
   ISO C does not define (POSIX guarantees the representation). */
static int load(void *lib, const char *name, void *fn_ptr, size_t fn_size) {
  void *sym;
  dlerror();
  sym = dlsym(lib, name);
  if (sym == NULL || fn_size != sizeof sym) {
    const char *why = dlerror();
    fprintf(stderr, "dlsym(%s) failed: %s\n", name, why != NULL ? why : "NULL");
    return 0;
  }
  memcpy(fn_ptr, &sym, sizeof sym);
  return 1;
}

#define LOAD(var, name) load(lib, name, &(var), sizeof(var))

static int contains_ci(const char *haystack, const char *needle) {
  size_t n = strlen(needle);
  for (; *haystack != '\0'; ++haystack) {
    size_t i = 0;
    while (i < n && haystack[i] != '\0' &&
           tolower((unsigned char)haystack[i]) == tolower((unsigned char)needle[i]))
      ++i;
    if (i == n)
      return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  void *lib;
  version_fn mj_version_p = NULL;
  version_number_fn mj_version_number_p = NULL;
  client_new_fn mj_client_new_p = NULL;
  client_free_fn mj_client_free_p = NULL;
  get_import_progress_fn mj_get_import_progress_p = NULL;
  import_job_free_fn mj_import_job_free_p = NULL;
  error_status_fn mj_error_status_p = NULL;
  error_message_fn mj_error_message_p = NULL;
  error_free_fn mj_error_free_p = NULL;
  mj_client_options opts = MJ_CLIENT_OPTIONS_INIT;
  mj_client *client = NULL;
  mj_error *err = NULL;
  mj_import_job *job = NULL;
  mj_import_job *const sentinel = (mj_import_job *)&opts; /* any non-NULL address */
  mj_status st;

  if (argc != 2) {
    fprintf(stderr, "usage: %s /path/to/libmilvus_jobs.so.0\n", argv[0]);
    return 2;
  }
  lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) {
    fprintf(stderr, "dlopen(%s) failed: %s\n", argv[1], dlerror());
    return 1;
  }

  if (!LOAD(mj_version_p, "mj_version") || !LOAD(mj_version_number_p, "mj_version_number") ||
      !LOAD(mj_client_new_p, "mj_client_new") || !LOAD(mj_client_free_p, "mj_client_free") ||
      !LOAD(mj_get_import_progress_p, "mj_get_import_progress") ||
      !LOAD(mj_import_job_free_p, "mj_import_job_free") ||
      !LOAD(mj_error_status_p, "mj_error_status") ||
      !LOAD(mj_error_message_p, "mj_error_message") || !LOAD(mj_error_free_p, "mj_error_free")) {
    dlclose(lib);
    return 1;
  }

  printf("library %s (%d), header %s (%d)\n", mj_version_p(), (int)mj_version_number_p(),
         MJ_VERSION_STRING, MJ_VERSION_NUMBER);
  CHECK(strcmp(mj_version_p(), MJ_VERSION_STRING) == 0);
  CHECK(mj_version_number_p() == MJ_VERSION_NUMBER);

  /* Port 1 on loopback: nothing listens, the connect is refused at once. */
  opts.uri = "http://127.0.0.1:1";
  opts.request_timeout_ms = 2000;
  st = mj_client_new_p(&client, &opts, &err);
  CHECK(st == MJ_OK);
  CHECK(client != NULL);
  if (st != MJ_OK) {
    fprintf(stderr, "mj_client_new: %s\n", mj_error_message_p(err));
    mj_error_free_p(err);
    dlclose(lib);
    return 1;
  }

  job = sentinel;
  st = mj_get_import_progress_p(&job, client, "1", NULL, &err);
  printf("get_import_progress(\"1\") -> %d: %s\n", (int)st, mj_error_message_p(err));
  CHECK(st == MJ_ETRANSPORT);
  CHECK(job == sentinel); /* out-parameters are written only on success */
  CHECK(err != NULL);
  CHECK(mj_error_status_p(err) == MJ_ETRANSPORT);
  CHECK(mj_error_message_p(err)[0] != '\0');
  CHECK(contains_ci(mj_error_message_p(err), "connect"));
  mj_error_free_p(err);
  err = NULL;
  if (job != sentinel)
    mj_import_job_free_p(job);

  job = sentinel;
  st = mj_get_import_progress_p(&job, client, NULL, NULL, &err);
  printf("get_import_progress(NULL) -> %d: %s\n", (int)st, mj_error_message_p(err));
  CHECK(st == MJ_EINVALID_ARGUMENT);
  CHECK(job == sentinel);
  CHECK(err != NULL);
  CHECK(mj_error_status_p(err) == MJ_EINVALID_ARGUMENT);
  CHECK(mj_error_message_p(err)[0] != '\0');
  mj_error_free_p(err);
  err = NULL;
  if (job != sentinel)
    mj_import_job_free_p(job);

  /* err may be NULL. */
  CHECK(mj_get_import_progress_p(&job, client, NULL, NULL, NULL) == MJ_EINVALID_ARGUMENT);

  mj_client_free_p(client);
  mj_client_free_p(NULL);
  mj_error_free_p(NULL);

  if (dlclose(lib) != 0) {
    fprintf(stderr, "dlclose failed: %s\n", dlerror());
    ++failures;
  }
  if (failures != 0) {
    fprintf(stderr, "dlopen_smoke: %d check(s) failed\n", failures);
    return 1;
  }
  printf("dlopen_smoke: ok\n");
  return 0;
}
