/* Non-blocking reads driven by an event loop (here poll(2); libuv, epoll or
 * asyncio work the same way): the library says which sockets to watch and
 * when to call back, the loop tells it what happened, and results are taken
 * with mj_async_next(). No thread waits on the network.
 *
 *   poll_loop URI IMPORT_JOB_ID...      e.g. poll_loop http://127.0.0.1:19530 4490...
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "milvus_jobs.h"

#define MAX_FDS 64

typedef struct loop {
  struct pollfd fds[MAX_FDS];
  int count;
  int64_t timer_due_ms; /* on now_ms()'s clock; -1: no timer */
} loop;

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_socket(int fd, int events, void *user) {
  loop *l = (loop *)user;
  int i;
  for (i = 0; i < l->count && l->fds[i].fd != fd; i++) {
  }
  if (events & MJ_ASYNC_POLL_REMOVE) {
    if (i < l->count) l->fds[i] = l->fds[--l->count];
    return;
  }
  if (i == l->count) {
    if (l->count == MAX_FDS) return; /* max_in_flight keeps us below this */
    l->count++;
  }
  l->fds[i].fd = fd;
  l->fds[i].events = (short)(((events & MJ_ASYNC_POLL_IN) ? POLLIN : 0) | ((events & MJ_ASYNC_POLL_OUT) ? POLLOUT : 0));
}

static void on_timer(int64_t timeout_ms, void *user) {
  ((loop *)user)->timer_due_ms = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
}

int main(int argc, char **argv) {
  mj_client_options opts = MJ_CLIENT_OPTIONS_INIT;
  mj_async_options ao = MJ_ASYNC_OPTIONS_INIT;
  mj_client *client = NULL;
  mj_async *async = NULL;
  mj_error *err = NULL;
  loop l = {{{0, 0, 0}}, 0, -1};
  int i, left;

  if (argc < 3) {
    fprintf(stderr, "usage: %s URI IMPORT_JOB_ID...\n", argv[0]);
    return 2;
  }
  opts.uri = argv[1];
  if (mj_client_new(&client, &opts, &err) != MJ_OK) goto fail;
  ao.on_socket = on_socket;
  ao.on_timer = on_timer;
  ao.user_data = &l;
  ao.max_in_flight = 16;
  if (mj_async_new(&async, client, &ao, &err) != MJ_OK) goto fail;

  /* Start every read; the tag says which job a result is for. */
  for (i = 2; i < argc; i++) {
    if (mj_async_get_import_progress(async, argv[i], NULL, (uint64_t)i, &err) != MJ_OK) goto fail;
  }
  for (left = argc - 2; left > 0;) {
    mj_async_result r = MJ_ASYNC_RESULT_INIT;
    const int64_t wait = l.timer_due_ms < 0 ? 1000 : l.timer_due_ms - now_ms();
    int ready = poll(l.fds, (nfds_t)l.count, wait < 0 ? 0 : (int)wait);
    if (ready < 0) {
      perror("poll");
      break;
    }
    if (l.timer_due_ms >= 0 && now_ms() >= l.timer_due_ms) {
      l.timer_due_ms = -1;
      if (mj_async_socket_action(async, MJ_ASYNC_SOCKET_TIMEOUT, 0, &err) != MJ_OK) goto fail;
    }
    for (i = 0; ready > 0 && i < l.count; i++) {
      const short re = l.fds[i].revents;
      if (!re) continue;
      l.fds[i].revents = 0;
      if (mj_async_socket_action(async, l.fds[i].fd,
                                 ((re & (POLLIN | POLLERR | POLLHUP)) ? MJ_ASYNC_POLL_IN : 0) |
                                     ((re & POLLOUT) ? MJ_ASYNC_POLL_OUT : 0),
                                 &err) != MJ_OK) {
        goto fail;
      }
    }
    while (mj_async_next(async, &r)) {
      left--;
      if (r.status == MJ_OK) {
        printf("job %s: %s %lld%%\n", r.import_job->job_id, r.import_job->state_name,
               (long long)r.import_job->progress);
      } else {
        fprintf(stderr, "job %s: %s: %s\n", argv[r.tag], mj_status_name(r.status), mj_error_message(r.error));
      }
      mj_import_job_free(r.import_job);
      mj_error_free(r.error);
    }
  }
  mj_async_free(async);
  mj_client_free(client);
  return 0;

fail:
  fprintf(stderr, "%s: %s\n", mj_status_name(mj_error_status(err)), mj_error_message(err));
  mj_error_free(err);
  mj_async_free(async);
  mj_client_free(client);
  return 1;
}
