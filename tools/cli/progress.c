/* milvus-jobs: the progress shown while waiting (a frame redrawn in place on a terminal, lines otherwise). */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* ---------------------------------------------------------------- progress */

/* The job's age: from the server's start time when it sent one (to its end
   time once the job ended), else from the first answer this wait read. */
static int64_t job_elapsed_ms(const struct progress_view* v, int64_t start_ms, int64_t end_ms) {
  int64_t elapsed;
  if (start_ms <= 0) return now_mono_ms() - v->first_ms;
  elapsed = (end_ms > 0 ? end_ms : now_wall_ms()) - start_ms;
  return elapsed < 0 ? 0 : elapsed;
}

/* "  elapsed 0:03  ETA 0:05": the estimate from the progress made since the
   first answer, once there is some and until the job ends. */
static void format_times(const struct progress_view* v, char* buf, size_t size, int64_t elapsed_ms, int64_t progress,
                         int terminal) {
  char elapsed[24], eta[24];
  const int64_t seen_ms = now_mono_ms() - v->first_ms;
  format_duration(elapsed, sizeof elapsed, elapsed_ms);
  if (!terminal && progress > v->first_progress && progress < 100 && seen_ms > 0) {
    format_duration(eta, sizeof eta, (100 - progress) * seen_ms / (progress - v->first_progress));
    snprintf(buf, size, "  elapsed %s  ETA %s", elapsed, eta);
  } else {
    snprintf(buf, size, "  elapsed %s", elapsed);
  }
}

static void observe(struct progress_view* v, int64_t progress) {
  if (v->first_ms == 0) {
    v->first_ms = now_mono_ms();
    v->first_progress = progress;
  }
}

static void head_line(struct progress_view* v, const char* id, const char* state, int64_t progress, const char* extra) {
  char bar[31];
  format_bar(bar, 30, progress);
  if (progress < 0) progress = 0;
  if (progress > 100) progress = 100;
  frame_line(&v->frame, "%s %s [%s] %3" PRId64 "%% %s%s", v->noun, id, bar, progress, state, extra);
}

static void plain_line(const struct progress_view* v, const char* id, const char* state, int64_t progress,
                       const char* extra) {
  if (progress < 0) progress = 0;
  if (progress > 100) progress = 100;
  printf("%s %s: %s %" PRId64 "%%%s\n", v->noun, id, state, progress, extra);
  fflush(stdout);
}

void end_line(struct progress_view* v) {
  /* Every line of a frame ends with a newline: what follows starts below it. */
  v->drawn = 0;
  v->frame.prev_lines = 0;
}

void on_refresh_progress(const mj_refresh_job* job, void* user) {
  struct progress_view* v = (struct progress_view*)user;
  char id[32], times[96];
  int rows, cols;
  if (!v->enabled) return;
  snprintf(id, sizeof id, "%" PRId64, job->job_id);
  if (!v->tty) {
    plain_line(v, id, job->state_name, job->progress, "");
    return;
  }
  observe(v, job->progress);
  format_times(v, times, sizeof times, job_elapsed_ms(v, job->start_time_ms, job->end_time_ms), job->progress,
               mj_refresh_state_is_terminal(job->state));
  term_size(STDOUT_FILENO, &rows, &cols);
  frame_begin(&v->frame, cols);
  head_line(v, id, job->state_name, job->progress, times);
  frame_end(&v->frame);
  v->drawn = 1;
}

void on_import_progress(const mj_import_job* job, void* user) {
  struct progress_view* v = (struct progress_view*)user;
  char extra[256] = "", rows_done[32], rows_total[32], rate[48], times[96];
  int64_t elapsed_ms;
  int rows, cols;
  size_t i, shown;
  if (!v->enabled) return;
  if (!v->tty) {
    if (job->total_rows > 0) {
      snprintf(extra, sizeof extra, " rows %" PRId64 "/%" PRId64, job->imported_rows, job->total_rows);
    }
    plain_line(v, job->job_id, job->state_name, job->progress, extra);
    return;
  }
  observe(v, job->progress);
  elapsed_ms = job_elapsed_ms(v, job->create_time_ms, job->complete_time_ms);
  format_times(v, times, sizeof times, elapsed_ms, job->progress, mj_import_state_is_terminal(job->state));
  if (job->total_rows > 0) {
    format_count(rows_done, sizeof rows_done, job->imported_rows);
    format_count(rows_total, sizeof rows_total, job->total_rows);
    rate[0] = '\0';
    if (elapsed_ms > 0 && job->imported_rows > 0) {
      char per_second[32];
      format_count(per_second, sizeof per_second, job->imported_rows * 1000 / elapsed_ms);
      snprintf(rate, sizeof rate, "  %s rows/s", per_second);
    }
    snprintf(extra, sizeof extra, " rows %s/%s%s%s", rows_done, rows_total, rate, times);
  } else {
    snprintf(extra, sizeof extra, "%s", times);
  }
  term_size(STDOUT_FILENO, &rows, &cols);
  frame_begin(&v->frame, cols);
  head_line(v, job->job_id, job->state_name, job->progress, extra);
  /* A line per file, as many as fit under the head line. */
  shown = job->detail_count;
  if (rows <= 3) {
    shown = 0;
  } else if (shown > (size_t)(rows - 2)) {
    shown = (size_t)(rows - 3);
  }
  for (i = 0; i < shown; ++i) {
    const mj_import_file* f = job->details[i];
    format_count(rows_done, sizeof rows_done, f->imported_rows);
    format_count(rows_total, sizeof rows_total, f->total_rows);
    frame_line(&v->frame, "  %-11s %3" PRId64 "%%  rows %s/%s  %s%s%s", f->state_name, f->progress, rows_done,
               rows_total, f->file_name, *f->reason ? ": " : "", f->reason);
  }
  if (shown < job->detail_count) frame_line(&v->frame, "  ... and %zu more files", job->detail_count - shown);
  frame_end(&v->frame);
  v->drawn = 1;
}
