/*
 * c_bench -- peer (1): this library from C. One mj_client shared by every
 * thread; each call is mj_get_import_progress() or
 * mj_get_refresh_external_collection_progress() followed by the free of its
 * result. Protocol: see bench_common.h.
 *
 *   c_bench setup --uri URI
 *     creates the benchmark's import job (collection "books", three files) and
 *     refresh job (collection "books_ext") on the dev server's sample world,
 *     waits until both have ended, and prints "IMPORT_ID REFRESH_ID".
 *   c_bench --uri URI --op import|refresh --import-id ID --refresh-id ID ...
 *     measures (bench_common.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_common.h"
#include "milvus_jobs.h"

typedef struct lib_ctx {
  mj_client* client;
  const char* import_id;
  int64_t refresh_id;
} lib_ctx;

static void report(const char* what, mj_error* err) {
  fprintf(stderr, "c_bench: %s: %s: %s\n", what, mj_status_name(mj_error_status(err)), mj_error_message(err));
  mj_error_free(err);
}

static int call_import(void* p) {
  lib_ctx* c = (lib_ctx*)p;
  mj_import_job* job = NULL;
  mj_error* err = NULL;
  if (mj_get_import_progress(&job, c->client, c->import_id, NULL, &err) != MJ_OK) {
    report("get_import_progress", err);
    return 1;
  }
  mj_import_job_free(job);
  return 0;
}

static int call_refresh(void* p) {
  lib_ctx* c = (lib_ctx*)p;
  mj_refresh_job* job = NULL;
  mj_error* err = NULL;
  if (mj_get_refresh_external_collection_progress(&job, c->client, c->refresh_id, NULL, &err) != MJ_OK) {
    report("get_refresh_external_collection_progress", err);
    return 1;
  }
  mj_refresh_job_free(job);
  return 0;
}

static mj_client* new_client(const char* uri) {
  mj_client_options opts = MJ_CLIENT_OPTIONS_INIT;
  mj_client* client = NULL;
  mj_error* err = NULL;
  opts.uri = uri;
  if (mj_client_new(&client, &opts, &err) != MJ_OK) {
    report("client_new", err);
    return NULL;
  }
  return client;
}

static void sleep_ms(long ms) {
  struct timespec ts;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (ms % 1000) * 1000000L;
  nanosleep(&ts, NULL);
}

static int setup(const char* uri) {
  static const char* const files[] = {"books/part1.json", "books/part2.json", "books/part4.csv"};
  mj_client* client = new_client(uri);
  mj_import_request ireq = MJ_IMPORT_REQUEST_INIT;
  mj_refresh_request rreq = MJ_REFRESH_REQUEST_INIT;
  mj_error* err = NULL;
  char* import_id = NULL;
  int64_t refresh_id = 0;
  int i;
  int rc = 1;
  if (!client) return 1;
  ireq.collection_name = "books";
  ireq.files = files;
  ireq.file_count = 3;
  if (mj_bulk_import(&import_id, client, &ireq, NULL, &err) != MJ_OK) {
    report("bulk_import", err);
    goto out;
  }
  rreq.collection_name = "books_ext";
  if (mj_refresh_external_collection(&refresh_id, client, &rreq, NULL, &err) != MJ_OK) {
    report("refresh_external_collection", err);
    goto out;
  }
  /* Wait (at most 30 s) until both jobs have ended, so every measured call
     reads the same, complete answer. */
  for (i = 0; i < 3000; i++) {
    mj_import_job* ij = NULL;
    mj_refresh_job* rj = NULL;
    int done;
    if (mj_get_import_progress(&ij, client, import_id, NULL, &err) != MJ_OK) {
      report("get_import_progress", err);
      goto out;
    }
    if (mj_get_refresh_external_collection_progress(&rj, client, refresh_id, NULL, &err) != MJ_OK) {
      mj_import_job_free(ij);
      report("get_refresh_external_collection_progress", err);
      goto out;
    }
    done = mj_import_state_is_terminal(ij->state) && mj_refresh_state_is_terminal(rj->state);
    if (done && (ij->state != MJ_IMPORT_STATE_COMPLETED || rj->state != MJ_REFRESH_STATE_COMPLETED)) {
      fprintf(stderr, "c_bench: setup: a job failed: import %s (%s), refresh %s (%s)\n", ij->state_name, ij->reason,
              rj->state_name, rj->reason);
      done = -1;
    }
    mj_import_job_free(ij);
    mj_refresh_job_free(rj);
    if (done < 0) goto out;
    if (done) {
      printf("%s %lld\n", import_id, (long long)refresh_id);
      rc = 0;
      goto out;
    }
    sleep_ms(10);
  }
  fprintf(stderr, "c_bench: setup: the jobs did not end within 30 s\n");
out:
  mj_free(import_id);
  mj_client_free(client);
  return rc;
}

int main(int argc, char** argv) {
  bench_args a;
  lib_ctx ctx;
  void** ctxs;
  int i;
  int rc;
  if (argc == 4 && strcmp(argv[1], "setup") == 0 && strcmp(argv[2], "--uri") == 0) return setup(argv[3]);
  bench_parse_args(&a, argc, argv);
  ctx.client = new_client(a.uri);
  if (!ctx.client) return 1;
  ctx.import_id = a.import_id;
  ctx.refresh_id = strtoll(a.refresh_id, NULL, 10);
  ctxs = (void**)malloc((size_t)a.threads * sizeof *ctxs);
  if (!ctxs) return 1;
  for (i = 0; i < a.threads; i++) ctxs[i] = &ctx; /* one client, shared */
  rc = bench_run(&a, strcmp(a.op, "import") == 0 ? call_import : call_refresh, ctxs);
  free(ctxs);
  mj_client_free(ctx.client);
  return rc;
}
