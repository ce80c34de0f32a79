/* milvus-jobs: the progress shown while waiting (a bar on a terminal, lines otherwise). */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdio.h>

#include "cli.h"

/* ---------------------------------------------------------------- progress */

static void draw(struct progress_view* v, const char* id, const char* state, int64_t progress, const char* extra) {
  enum { WIDTH = 30 };
  char bar[WIDTH + 1];
  int filled, k;
  if (!v->enabled) return;
  if (progress < 0) progress = 0;
  if (progress > 100) progress = 100;
  if (!v->tty) {
    printf("%s %s: %s %" PRId64 "%%%s\n", v->noun, id, state, progress, extra);
    fflush(stdout);
    return;
  }
  filled = (int)(progress * WIDTH / 100);
  for (k = 0; k < WIDTH; ++k) bar[k] = k < filled ? '#' : '-';
  bar[WIDTH] = '\0';
  printf("\r\033[K%s %s [%s] %3" PRId64 "%% %s%s", v->noun, id, bar, progress, state, extra);
  fflush(stdout);
  v->drawn = 1;
}

void end_line(struct progress_view* v) {
  if (v->drawn) {
    fputc('\n', stdout);
    fflush(stdout);
    v->drawn = 0;
  }
}

void on_refresh_progress(const mj_refresh_job* job, void* user) {
  char id[32];
  snprintf(id, sizeof id, "%" PRId64, job->job_id);
  draw((struct progress_view*)user, id, job->state_name, job->progress, "");
}

void on_import_progress(const mj_import_job* job, void* user) {
  char extra[96] = "";
  if (job->total_rows > 0) {
    snprintf(extra, sizeof extra, " rows %" PRId64 "/%" PRId64, job->imported_rows, job->total_rows);
  }
  draw((struct progress_view*)user, job->job_id, job->state_name, job->progress, extra);
}
