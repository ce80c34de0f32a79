/* milvus-jobs: -v (the library's log hook, one line per record on stderr)
   and --stats (the client's counters on stderr after the command). */
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"

void cli_log_hook(const mj_log_record* record, void* user_data) {
  static const char* const names[] = {"?", "error", "warn", "info", "debug"};
  const int32_t level = record->level >= 1 && record->level <= 4 ? record->level : 0;
  (void)user_data;
  fprintf(stderr, "milvus-jobs: %s: %s\n", names[level], record->message);
}

void print_stats(mj_client* client) {
  mj_client_stats st;
  mj_error* err = NULL;
  int i;
  st.struct_size = (uint32_t)sizeof st;
  if (mj_client_stats_get(&st, client, &err) != MJ_OK) {
    fprintf(stderr, "milvus-jobs: --stats: %s\n", mj_error_message(err));
    mj_error_free(err);
    return;
  }
  fprintf(stderr,
          "stats: requests %" PRId64 ", attempts %" PRId64 ", retries %" PRId64 " (transport %" PRId64
          ", timeout %" PRId64 ", rate limited %" PRId64 ", server %" PRId64 ")\n",
          st.requests, st.attempts,
          st.retries_transport + st.retries_timeout + st.retries_rate_limited + st.retries_server,
          st.retries_transport, st.retries_timeout, st.retries_rate_limited, st.retries_server);
  fprintf(stderr,
          "stats: bytes sent %" PRId64 ", received %" PRId64 "; connections opened %" PRId64 ", reused %" PRId64 "\n",
          st.bytes_sent, st.bytes_received, st.connections_opened, st.connections_reused);
  fputs("stats: answers:", stderr);
  for (i = 0; i < 32; ++i) {
    if (st.answers_by_status[i] > 0) {
      fprintf(stderr, " %s %" PRId64, mj_status_name((mj_status)i), st.answers_by_status[i]);
    }
  }
  fputs("\n", stderr);
}
