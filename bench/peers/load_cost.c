/*
 * load_cost -- what loading the library costs a process: the wall time of
 * dlopen(RTLD_NOW) + dlsym("mj_version") + the first mj_version() call, and
 * the growth of the resident set (VmRSS, and its anonymous and file-backed
 * parts, from /proc/self/status) across it.
 *
 *   load_cost LIBRARY [PRELOAD|- [SYMBOL]]
 *
 * With PRELOAD (e.g. libcurl.so.4) that library is dlopen'ed first, outside
 * the measurement: the figure is then the cost of this library alone in a
 * process that already uses libcurl. SYMBOL (default mj_version) is the
 * function looked up and called; any other symbol must be a `void f(void)`
 * that does next to nothing, e.g. curl_global_cleanup to measure loading
 * libcurl itself. Prints one line of JSON.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct rss {
  long total_kib;
  long anon_kib;
  long file_kib;
} rss;

static rss read_rss(void) {
  rss r = {-1, -1, -1};
  char line[256];
  FILE* f = fopen("/proc/self/status", "r");
  if (!f) return r;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "VmRSS:", 6) == 0) r.total_kib = atol(line + 6);
    if (strncmp(line, "RssAnon:", 8) == 0) r.anon_kib = atol(line + 8);
    if (strncmp(line, "RssFile:", 8) == 0) r.file_kib = atol(line + 8);
  }
  fclose(f);
  return r;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char** argv) {
  rss before;
  rss after;
  double t0;
  double t1;
  void* lib;
  const char* (*version)(void);
  const char* v;
  const char* symbol = argc > 3 ? argv[3] : "mj_version";
  if (argc < 2 || argc > 4) {
    fprintf(stderr, "usage: load_cost LIBRARY [PRELOAD|- [SYMBOL]]\n");
    return 2;
  }
  if (argc >= 3 && strcmp(argv[2], "-") != 0 && !dlopen(argv[2], RTLD_NOW | RTLD_GLOBAL)) {
    fprintf(stderr, "load_cost: dlopen %s: %s\n", argv[2], dlerror());
    return 1;
  }
  before = read_rss();
  t0 = now_s();
  lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    fprintf(stderr, "load_cost: dlopen %s: %s\n", argv[1], dlerror());
    return 1;
  }
  *(void**)(&version) = dlsym(lib, symbol);
  if (!version) {
    fprintf(stderr, "load_cost: dlsym %s: %s\n", symbol, dlerror());
    return 1;
  }
  if (strcmp(symbol, "mj_version") == 0) {
    v = version();
  } else {
    void (*fn)(void);
    *(void**)(&fn) = *(void**)(&version);
    fn();
    v = symbol;
  }
  t1 = now_s();
  after = read_rss();
  printf("{\"version\":\"%.40s\",\"load_ms\":%.4f,\"rss_kib\":%ld,\"rss_anon_kib\":%ld,\"rss_file_kib\":%ld}\n", v,
         (t1 - t0) * 1e3, after.total_kib - before.total_kib, after.anon_kib - before.anon_kib,
         after.file_kib - before.file_kib);
  return 0;
}
