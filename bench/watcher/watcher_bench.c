/*
 * watcher_bench: how the watcher copes with many jobs.
 *
 * Starts milvus-jobs-devserver (--admin) on a free loopback port, seeds N
 * import jobs there that stay in state Importing (no work behind them), then
 * watches all of them with one mj_watcher and prints:
 *   - the time of a full round (every job polled once): the first round (the
 *     first read of every job) and rounds after all jobs changed at once;
 *   - the connections used (ESTABLISHED sockets to the server, sampled);
 *   - the memory the watcher holds per job (malloc'd bytes and RSS, deltas);
 *   - describe calls per second, against sequential mj_get_import_progress.
 * Only the public C API is used for the watching; the admin routes are called
 * with a few lines of plain HTTP.
 *
 * usage: watcher_bench [--jobs N] [--connections K] [--rounds R] [--devserver PATH]
 */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <malloc.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "milvus_jobs.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t heap_bytes(void) {
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

static long rss_kib(void) {
  long pages = 0, resident = 0;
  FILE* f = fopen("/proc/self/statm", "r");
  if (!f) return 0;
  if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
  fclose(f);
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* ESTABLISHED client sockets of this machine to 127.0.0.1:port. */
static int connections_to(int port) {
  char line[512], local[64], remote[64], want[8];
  int count = 0, slot;
  unsigned state;
  FILE* f = fopen("/proc/net/tcp", "r");
  if (!f) return -1;
  snprintf(want, sizeof want, "%04X", port);
  if (!fgets(line, sizeof line, f)) {
    fclose(f);
    return -1;
  }
  while (fgets(line, sizeof line, f)) {
    if (sscanf(line, " %d: %63s %63s %x", &slot, local, remote, &state) != 4) continue;
    if (state == 1u && strlen(remote) > 4 && strcmp(remote + strlen(remote) - 4, want) == 0) ++count;
  }
  fclose(f);
  return count;
}

/* POST body to the admin route; returns a malloc'd answer body or NULL. */
static char* admin_post(int port, const char* path, const char* body) {
  struct sockaddr_in addr;
  char head[512];
  size_t cap = 4096, len = 0;
  char* buf = malloc(cap);
  char* start;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || !buf || connect(fd, (struct sockaddr*)&addr, sizeof addr) != 0) {
    if (fd >= 0) close(fd);
    free(buf);
    return NULL;
  }
  snprintf(head, sizeof head,
           "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
           "Connection: close\r\n\r\n",
           path, strlen(body));
  if (write(fd, head, strlen(head)) < 0 || write(fd, body, strlen(body)) < 0) {
    close(fd);
    free(buf);
    return NULL;
  }
  for (;;) {
    ssize_t n;
    if (len + 1024 > cap) {
      char* bigger = realloc(buf, cap *= 2);
      if (!bigger) break;
      buf = bigger;
    }
    n = read(fd, buf + len, cap - len - 1);
    if (n <= 0) break;
    len += (size_t)n;
  }
  close(fd);
  buf[len] = '\0';
  start = strstr(buf, "\r\n\r\n");
  if (!start) {
    free(buf);
    return NULL;
  }
  memmove(buf, start + 4, strlen(start + 4) + 1);
  return buf;
}

static long long json_number_after(const char* text, const char* key) {
  const char* p = text ? strstr(text, key) : NULL;
  if (!p) return -1;
  p += strlen(key);
  while (*p == '"' || *p == ':' || *p == ' ') ++p;
  return strtoll(p, NULL, 10);
}

static long long served_requests(int port) {
  char* answer = admin_post(port, "/admin/stats", "{}");
  long long n = json_number_after(answer, "\"requests\"");
  free(answer);
  return n;
}

static int set_all(int port, long long first, int count, const char* state, int progress) {
  char body[256];
  char* answer;
  long long updated;
  snprintf(body, sizeof body, "{\"firstJobId\":\"%lld\",\"count\":%d,\"state\":\"%s\",\"progress\":%d}", first, count,
           state, progress);
  answer = admin_post(port, "/admin/import/set", body);
  updated = json_number_after(answer, "\"updated\"");
  free(answer);
  return updated == count ? 0 : -1;
}

static pid_t start_server(const char* path, const char* data_dir, int* port) {
  int out[2];
  pid_t pid;
  char seen[512];
  size_t len = 0;
  double deadline = now_s() + 10;
  if (pipe(out) != 0) return -1;
  pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execl(path, path, "--host", "127.0.0.1", "--port", "0", "--admin", "--data-dir", data_dir, (char*)NULL);
    _exit(127);
  }
  close(out[1]);
  while (now_s() < deadline && !memchr(seen, '\n', len)) {
    struct pollfd p = {out[0], POLLIN, 0};
    ssize_t n;
    if (poll(&p, 1, 100) <= 0) continue;
    n = read(out[0], seen + len, sizeof seen - 1 - len);
    if (n <= 0) break;
    len += (size_t)n;
  }
  close(out[0]);
  seen[len] = '\0';
  {
    const char* at = strstr(seen, "127.0.0.1:");
    *port = at ? atoi(at + 10) : 0;
  }
  if (*port <= 0) {
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    return -1;
  }
  return pid;
}

struct counter {
  long events;
  long bad;
};

/* Pulls events until `want` arrived; samples the connections now and then. */
static int drain(mj_watcher* w, long want, int port, int* max_conn, struct counter* c) {
  long got = 0;
  while (got < want) {
    mj_watch_event* ev = NULL;
    mj_error* err = NULL;
    if (mj_watcher_next(&ev, w, 30000, &err) != MJ_OK || !ev) {
      fprintf(stderr, "watcher_bench: %s\n", err ? mj_error_message(err) : "no event within 30 s");
      mj_error_free(err);
      return -1;
    }
    if (ev->status != MJ_OK) ++c->bad;
    mj_watch_event_free(ev);
    ++got;
    ++c->events;
    if (got % 500 == 0) {
      int n = connections_to(port);
      if (n > *max_conn) *max_conn = n;
    }
  }
  return 0;
}

int main(int argc, char** argv) {
  int jobs = 10000, connections = 16, rounds = 5, port = 0, max_conn = 0, i, r;
  const char* devserver = MJ_BENCH_DEVSERVER;
  char data_dir[] = "/tmp/mj-bench-XXXXXX";
  char body[256], uri[64], id[32];
  char* answer;
  long long first;
  pid_t server;
  mj_client_options copts = MJ_CLIENT_OPTIONS_INIT;
  mj_watcher_options wopts = MJ_WATCHER_OPTIONS_INIT;
  mj_client* client = NULL;
  mj_watcher* w = NULL;
  mj_error* err = NULL;
  struct counter counter = {0, 0};
  size_t heap0, heap_added, heap_round, heap_end;
  long rss0, rss_round;
  double t0, first_round, steady_total = 0, steady_min = 1e9, steady_max = 0, seq_per_call;
  long long req0, req1;
  double run_start, run_end;

  for (i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc) {
      jobs = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--connections") == 0 && i + 1 < argc) {
      connections = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
      rounds = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--devserver") == 0 && i + 1 < argc) {
      devserver = argv[++i];
    } else {
      fprintf(stderr, "usage: %s [--jobs N] [--connections K] [--rounds R] [--devserver PATH]\n", argv[0]);
      return 2;
    }
  }
  if (jobs < 1 || connections < 1 || rounds < 1) {
    fprintf(stderr, "watcher_bench: --jobs, --connections and --rounds must be >= 1\n");
    return 2;
  }
  if (!mkdtemp(data_dir)) return 1;
  server = start_server(devserver, data_dir, &port);
  if (server < 0) {
    fprintf(stderr, "watcher_bench: cannot start %s\n", devserver);
    return 1;
  }
  snprintf(body, sizeof body, "{\"collectionName\":\"bench\",\"count\":%d,\"state\":\"Importing\",\"progress\":10}",
           jobs);
  answer = admin_post(port, "/admin/import/seed", body);
  first = json_number_after(answer, "\"firstJobId\"");
  free(answer);
  if (first <= 0) {
    fprintf(stderr, "watcher_bench: seeding jobs failed\n");
    goto out;
  }

  snprintf(uri, sizeof uri, "http://127.0.0.1:%d", port);
  copts.uri = uri;
  copts.request_timeout_ms = 30000;
  if (mj_client_new(&client, &copts, &err) != MJ_OK) goto fail;

  /* Sequential baseline: one describe after the other on one connection. */
  {
    int n = jobs < 2000 ? jobs : 2000;
    t0 = now_s();
    for (i = 0; i < n; ++i) {
      mj_import_job* job = NULL;
      snprintf(id, sizeof id, "%lld", first + i);
      if (mj_get_import_progress(&job, client, id, NULL, &err) != MJ_OK) goto fail;
      mj_import_job_free(job);
    }
    seq_per_call = (now_s() - t0) / n;
  }

  malloc_trim(0);
  heap0 = heap_bytes();
  rss0 = rss_kib();
  wopts.max_connections = connections;
  wopts.interval_ms = 1; /* as fast as the pool allows: a round is then pure work */
  if (mj_watcher_new(&w, client, &wopts, &err) != MJ_OK) goto fail;
  for (i = 0; i < jobs; ++i) {
    snprintf(id, sizeof id, "%lld", first + i);
    if (mj_watcher_add_import(w, id, &err) != MJ_OK) goto fail;
  }
  heap_added = heap_bytes();

  req0 = served_requests(port);
  run_start = now_s();
  t0 = now_s();
  if (drain(w, jobs, port, &max_conn, &counter) != 0) goto out;
  first_round = now_s() - t0;
  heap_round = heap_bytes();
  rss_round = rss_kib();

  for (r = 1; r <= rounds; ++r) {
    double took;
    if (set_all(port, first, jobs, "Importing", 10 + r) != 0) {
      fprintf(stderr, "watcher_bench: admin set failed\n");
      goto out;
    }
    t0 = now_s();
    if (drain(w, jobs, port, &max_conn, &counter) != 0) goto out;
    took = now_s() - t0;
    steady_total += took;
    if (took < steady_min) steady_min = took;
    if (took > steady_max) steady_max = took;
  }
  run_end = now_s();
  req1 = served_requests(port);

  if (set_all(port, first, jobs, "Completed", 100) != 0) goto out;
  if (drain(w, jobs, port, &max_conn, &counter) != 0) goto out;
  if (mj_watcher_size(w) != 0)
    fprintf(stderr, "watcher_bench: %zu jobs left after their last event\n", mj_watcher_size(w));
  mj_watcher_free(w);
  w = NULL;
  malloc_trim(0);
  heap_end = heap_bytes();

  printf("watcher benchmark: %d import jobs, max_connections %d, interval_ms 1, dev server on loopback\n", jobs,
         connections);
  printf("  first round (first read of every job):   %8.1f ms  (%.1f us/job)\n", first_round * 1e3,
         first_round * 1e6 / jobs);
  printf("  full round, all jobs changed (%d rounds): %8.1f ms mean, %.1f min, %.1f max\n", rounds,
         steady_total * 1e3 / rounds, steady_min * 1e3, steady_max * 1e3);
  printf("  describe calls/s while watching:          %8.0f  (%lld calls in %.2f s)\n",
         (double)(req1 - req0 - 1) / (run_end - run_start), req1 - req0 - 1, run_end - run_start);
  printf("  sequential mj_get_import_progress:        %8.0f calls/s (one connection; a round would take %.1f ms)\n",
         1.0 / seq_per_call, seq_per_call * jobs * 1e3);
  printf("  connections used (max sampled):           %8d  (limit %d)\n", max_conn, connections);
  printf("  memory held per job, after adding:        %8.1f bytes (malloc)\n", (double)(heap_added - heap0) / jobs);
  printf("  memory held per job, while polling:       %8.1f bytes (malloc), %.1f bytes (RSS)\n",
         (double)(heap_round - heap0) / jobs, (double)(rss_round - rss0) * 1024.0 / jobs);
  printf("  heap after mj_watcher_free vs before:     %+8ld bytes\n", (long)heap_end - (long)heap0);
  printf("  events: %ld (%ld with a failed poll)\n", counter.events, counter.bad);
  mj_client_free(client);
  kill(server, SIGTERM);
  waitpid(server, NULL, 0);
  rmdir(data_dir);
  return counter.bad ? 1 : 0;

fail:
  fprintf(stderr, "watcher_bench: %s: %s\n", mj_status_name(mj_error_status(err)), mj_error_message(err));
  mj_error_free(err);
out:
  mj_watcher_free(w);
  mj_client_free(client);
  kill(server, SIGTERM);
  waitpid(server, NULL, 0);
  rmdir(data_dir);
  return 1;
}
