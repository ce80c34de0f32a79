/*
 * bench_common.h -- the measurement loop shared by the C runners of
 * bench/peers (c_bench.c: this library; curl_bench.c: raw libcurl).
 *
 * Every runner of bench/peers, in any language, follows the same protocol so
 * that bench/peers/harness.py can put them side by side:
 *
 *   runner --uri URI --op import|refresh --import-id ID --refresh-id ID
 *          [--threads N] [--seconds S] [--warmup-seconds W] [--calls N]
 *
 * It makes one client, runs N threads (goroutines, async loops) that call the
 * operation back to back for W seconds of warm-up and then for S measured
 * seconds, and prints ONE line of JSON on stdout:
 *
 *   {"calls":C,"elapsed_s":E,"p50_us":P50,"p99_us":P99,"cpu_s":CPU,"errors":0}
 *
 * calls/elapsed_s/latencies/cpu_s cover the measured phase only (cpu_s is
 * getrusage(RUSAGE_SELF) user+sys over that phase, all threads; the C
 * runners add "user_s", the user part). With --calls N (C runners only, for
 * callgrind) each thread makes exactly 10 warm-up calls and then N measured
 * calls instead of running for a time. The peak RSS
 * is read by the harness from wait4() on the child. A runner exits non-zero
 * (and prints the error on stderr) when a call fails.
 */
#ifndef MJ_BENCH_COMMON_H
#define MJ_BENCH_COMMON_H

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct bench_args {
  const char* uri;
  const char* op; /* "import" or "refresh" */
  const char* import_id;
  const char* refresh_id;
  int threads;
  double seconds;
  double warmup_seconds;
  long calls; /* > 0: fixed count per thread (10 warm-up calls + calls) */
} bench_args;

static double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double bench_cpu_seconds(double* user) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  *user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
  return *user + (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static void bench_usage(const char* prog) {
  fprintf(stderr,
          "usage: %s --uri URI --op import|refresh --import-id ID --refresh-id ID\n"
          "          [--threads N] [--seconds S] [--warmup-seconds W] [--calls N]\n",
          prog);
  exit(2);
}

static void bench_parse_args(bench_args* a, int argc, char** argv) {
  int i;
  memset(a, 0, sizeof *a);
  a->threads = 1;
  a->seconds = 3.0;
  a->warmup_seconds = 0.5;
  for (i = 1; i + 1 < argc; i += 2) {
    const char* k = argv[i];
    const char* v = argv[i + 1];
    if (strcmp(k, "--uri") == 0) {
      a->uri = v;
    } else if (strcmp(k, "--op") == 0) {
      a->op = v;
    } else if (strcmp(k, "--import-id") == 0) {
      a->import_id = v;
    } else if (strcmp(k, "--refresh-id") == 0) {
      a->refresh_id = v;
    } else if (strcmp(k, "--threads") == 0) {
      a->threads = atoi(v);
    } else if (strcmp(k, "--seconds") == 0) {
      a->seconds = atof(v);
    } else if (strcmp(k, "--warmup-seconds") == 0) {
      a->warmup_seconds = atof(v);
    } else if (strcmp(k, "--calls") == 0) {
      a->calls = atol(v);
    } else {
      bench_usage(argv[0]);
    }
  }
  if (i != argc || !a->uri || !a->op || !a->import_id || !a->refresh_id || a->threads < 1 || a->threads > 1024 ||
      a->seconds <= 0 || a->warmup_seconds < 0 || (strcmp(a->op, "import") != 0 && strcmp(a->op, "refresh") != 0)) {
    bench_usage(argv[0]);
  }
}

static int bench_cmp_double(const void* a, const void* b) {
  double x = *(const double*)a;
  double y = *(const double*)b;
  return (x > y) - (x < y);
}

#ifndef MJ_BENCH_NO_THREADS
/* The thread-per-caller loop (c_bench, curl_bench); a runner that drives its
   own loop (c_async_bench) defines MJ_BENCH_NO_THREADS and keeps the rest. */

/* One call of the operation; returns 0 on success. `ctx` is the runner's
   per-thread state (bench_thread_init's result). */
typedef int (*bench_call_fn)(void* ctx);

typedef struct bench_thread {
  pthread_t tid;
  bench_call_fn call;
  void* ctx;
  double warmup_until;
  double start;
  double stop;
  long calls;  /* > 0: fixed count */
  double* lat; /* microseconds */
  size_t n;
  size_t cap;
  int failed;
} bench_thread;

static pthread_mutex_t bench_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bench_cv = PTHREAD_COND_INITIALIZER;
static int bench_go = 0;

static void* bench_thread_main(void* arg) {
  bench_thread* t = (bench_thread*)arg;
  pthread_mutex_lock(&bench_mu);
  while (!bench_go) pthread_cond_wait(&bench_cv, &bench_mu);
  pthread_mutex_unlock(&bench_mu);
  if (t->calls > 0) {
    int i;
    for (i = 0; i < 10; i++) {
      if (t->call(t->ctx) != 0) {
        t->failed = 1;
        return NULL;
      }
    }
  } else {
    while (bench_now() < t->warmup_until) {
      if (t->call(t->ctx) != 0) {
        t->failed = 1;
        return NULL;
      }
    }
  }
  for (;;) {
    double t0 = bench_now();
    double t1;
    if (t->calls > 0 ? t->n >= (size_t)t->calls : t0 >= t->stop) break;
    if (t->call(t->ctx) != 0) {
      t->failed = 1;
      return NULL;
    }
    t1 = bench_now();
    if (t->n == t->cap) {
      size_t cap = t->cap ? t->cap * 2 : 4096;
      double* lat = (double*)realloc(t->lat, cap * sizeof *lat);
      if (!lat) {
        t->failed = 1;
        return NULL;
      }
      t->lat = lat;
      t->cap = cap;
    }
    t->lat[t->n++] = (t1 - t0) * 1e6;
  }
  return NULL;
}

/* Runs the measurement with one ctx per thread (ctxs[i]) and prints the JSON
   line. Returns the process exit code. */
static int bench_run(const bench_args* a, bench_call_fn call, void** ctxs) {
  bench_thread* ts = (bench_thread*)calloc((size_t)a->threads, sizeof *ts);
  double start;
  double stop;
  double cpu0;
  double cpu1;
  double user0;
  double user1;
  double end;
  size_t total = 0;
  size_t k = 0;
  double* all;
  int i;
  int failed = 0;
  if (!ts) return 1;
  for (i = 0; i < a->threads; i++) {
    ts[i].call = call;
    ts[i].ctx = ctxs[i];
    if (pthread_create(&ts[i].tid, NULL, bench_thread_main, &ts[i]) != 0) {
      fprintf(stderr, "pthread_create failed\n");
      return 1;
    }
  }
  start = bench_now() + a->warmup_seconds;
  stop = start + a->seconds;
  for (i = 0; i < a->threads; i++) {
    ts[i].warmup_until = start;
    ts[i].start = start;
    ts[i].stop = stop;
    ts[i].calls = a->calls;
  }
  pthread_mutex_lock(&bench_mu);
  bench_go = 1;
  pthread_cond_broadcast(&bench_cv);
  pthread_mutex_unlock(&bench_mu);
  /* The CPU clock starts when the warm-up ends (with --calls: at once). */
  if (a->calls > 0) {
    start = bench_now();
  } else {
    double left = start - bench_now();
    if (left > 0) {
      struct timespec ts_sleep;
      ts_sleep.tv_sec = (time_t)left;
      ts_sleep.tv_nsec = (long)((left - (double)ts_sleep.tv_sec) * 1e9);
      while (nanosleep(&ts_sleep, &ts_sleep) != 0 && errno == EINTR) {
      }
    }
  }
  cpu0 = bench_cpu_seconds(&user0);
  for (i = 0; i < a->threads; i++) pthread_join(ts[i].tid, NULL);
  cpu1 = bench_cpu_seconds(&user1);
  end = bench_now();
  for (i = 0; i < a->threads; i++) {
    failed |= ts[i].failed;
    total += ts[i].n;
  }
  if (failed || total == 0) {
    fprintf(stderr, "a call failed (or no call completed)\n");
    return 1;
  }
  all = (double*)malloc(total * sizeof *all);
  if (!all) return 1;
  for (i = 0; i < a->threads; i++) {
    memcpy(all + k, ts[i].lat, ts[i].n * sizeof *all);
    k += ts[i].n;
    free(ts[i].lat);
  }
  qsort(all, total, sizeof *all, bench_cmp_double);
  {
    size_t i50 = total / 2;
    size_t i99 = (size_t)((double)total * 0.99);
    if (i99 >= total) i99 = total - 1;
    printf(
        "{\"calls\":%zu,\"elapsed_s\":%.6f,\"p50_us\":%.2f,\"p99_us\":%.2f,\"cpu_s\":%.6f,\"user_s\":%.6f,"
        "\"errors\":0}\n",
        total, end - start, all[i50], all[i99], cpu1 - cpu0, user1 - user0);
  }
  free(all);
  free(ts);
  return 0;
}

#endif /* MJ_BENCH_NO_THREADS */

#endif /* MJ_BENCH_COMMON_H */
