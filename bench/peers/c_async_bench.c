/*
 * c_async_bench -- peer (1a): this library from C through its non-blocking
 * reads (mj_async, self-driven). One thread keeps --threads reads in flight
 * on one mj_async: it waits in mj_async_run(), takes each result with
 * mj_async_next(), frees it and starts the next read at once: an event-loop
 * client with that many concurrent calls, no thread per call. Protocol: see
 * bench_common.h (--threads is the number of reads in flight; with --calls N,
 * 10 warm-up reads and then N measured reads in all).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MJ_BENCH_NO_THREADS
#include "bench_common.h"
#include "milvus_jobs.h"

typedef struct runner {
  mj_async* async;
  const bench_args* a;
  int import_op;
  int64_t refresh_id;
  double* started; /* per tag */
} runner;

static int start(runner* r, uint64_t tag) {
  mj_error* err = NULL;
  mj_status s = r->import_op
                    ? mj_async_get_import_progress(r->async, r->a->import_id, NULL, tag, &err)
                    : mj_async_get_refresh_external_collection_progress(r->async, r->refresh_id, NULL, tag, &err);
  if (s != MJ_OK) {
    fprintf(stderr, "c_async_bench: start: %s: %s\n", mj_status_name(s), mj_error_message(err));
    mj_error_free(err);
    return 1;
  }
  r->started[tag] = bench_now();
  return 0;
}

/* Waits for one or more results; each is checked, freed, its latency passed
   to `on_done` and, when `restart` says so, its read started again. */
static int pump(runner* r, size_t* done, size_t target, double** lat, size_t* n, size_t* cap, int record) {
  mj_async_result res = MJ_ASYNC_RESULT_INIT;
  mj_error* err = NULL;
  if (mj_async_run(r->async, 1000, &err) != MJ_OK) {
    fprintf(stderr, "c_async_bench: mj_async_run: %s\n", mj_error_message(err));
    mj_error_free(err);
    return 1;
  }
  while (mj_async_next(r->async, &res)) {
    double t1 = bench_now();
    if (res.status != MJ_OK) {
      fprintf(stderr, "c_async_bench: read: %s: %s\n", mj_status_name(res.status), mj_error_message(res.error));
      mj_error_free(res.error);
      return 1;
    }
    mj_import_job_free(res.import_job);
    mj_refresh_job_free(res.refresh);
    if (record) {
      if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 4096;
        double* l = (double*)realloc(*lat, c * sizeof *l);
        if (!l) return 1;
        *lat = l;
        *cap = c;
      }
      (*lat)[(*n)++] = (t1 - r->started[res.tag]) * 1e6;
    }
    ++*done;
    if (*done + (size_t)r->a->threads <= target && start(r, res.tag) != 0) return 1;
  }
  return 0;
}

int main(int argc, char** argv) {
  bench_args a;
  mj_client_options opts = MJ_CLIENT_OPTIONS_INIT;
  mj_async_options ao = MJ_ASYNC_OPTIONS_INIT;
  mj_client* client = NULL;
  mj_error* err = NULL;
  runner r;
  double *lat = NULL, start_s, end_s, cpu0, cpu1, user0, user1;
  size_t n = 0, cap = 0, done = 0, target, i;
  int t;
  bench_parse_args(&a, argc, argv);
  opts.uri = a.uri;
  if (mj_client_new(&client, &opts, &err) != MJ_OK) {
    fprintf(stderr, "c_async_bench: mj_client_new: %s\n", mj_error_message(err));
    return 1;
  }
  ao.max_in_flight = a.threads;
  memset(&r, 0, sizeof r);
  if (mj_async_new(&r.async, client, &ao, &err) != MJ_OK) {
    fprintf(stderr, "c_async_bench: mj_async_new: %s\n", mj_error_message(err));
    return 1;
  }
  r.a = &a;
  r.import_op = strcmp(a.op, "import") == 0;
  r.refresh_id = strtoll(a.refresh_id, NULL, 10);
  r.started = (double*)calloc((size_t)a.threads, sizeof *r.started);
  if (!r.started) return 1;
  /* Warm-up: 10 reads (--calls), or reads for warmup_seconds. */
  target = a.calls > 0 ? 10 : (size_t)-1 / 2;
  for (t = 0; t < a.threads; t++) {
    if (start(&r, (uint64_t)t) != 0) return 1;
  }
  start_s = bench_now() + (a.calls > 0 ? 0 : a.warmup_seconds);
  while (a.calls > 0 ? done < 10 : bench_now() < start_s) {
    if (pump(&r, &done, target + (size_t)a.threads, &lat, &n, &cap, 0) != 0) return 1;
  }
  /* Measured: the reads in flight keep going; count what finishes from now. */
  done = 0;
  target = a.calls > 0 ? (size_t)a.calls : (size_t)-1 / 2;
  start_s = bench_now();
  end_s = start_s + a.seconds;
  cpu0 = bench_cpu_seconds(&user0);
  while (a.calls > 0 ? done < target : bench_now() < end_s) {
    if (pump(&r, &done, target, &lat, &n, &cap, 1) != 0) return 1;
  }
  cpu1 = bench_cpu_seconds(&user1);
  end_s = bench_now();
  if (n == 0) {
    fprintf(stderr, "c_async_bench: no read completed\n");
    return 1;
  }
  qsort(lat, n, sizeof *lat, bench_cmp_double);
  i = (size_t)((double)n * 0.99);
  if (i >= n) i = n - 1;
  printf(
      "{\"calls\":%zu,\"elapsed_s\":%.6f,\"p50_us\":%.2f,\"p99_us\":%.2f,\"cpu_s\":%.6f,\"user_s\":%.6f,"
      "\"errors\":0}\n",
      n, end_s - start_s, lat[n / 2], lat[i], cpu1 - cpu0, user1 - user0);
  free(lat);
  free(r.started);
  mj_async_free(r.async);
  mj_client_free(client);
  return 0;
}
