/*
 * The main job, end to end: refresh an external collection onto a new source,
 * then bulk-import two files, printing the progress of both until they end.
 *
 *   main_job [URI]        (default http://127.0.0.1:19530; token from MILVUS_TOKEN)
 *
 * Exit status: 0 when both jobs complete, 1 when a job fails, 2 on an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "milvus_jobs.h"

static void sleep_ms(long ms) {
  struct timespec ts;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (ms % 1000) * 1000000L;
  nanosleep(&ts, NULL);
}

static int fail(const char *what, mj_error *err) {
  fprintf(stderr, "%s failed: %s: %s\n", what, mj_status_name(mj_error_status(err)), mj_error_message(err));
  mj_error_free(err);
  return 2;
}

static int run_refresh(mj_client *client) {
  mj_refresh_request req = MJ_REFRESH_REQUEST_INIT;
  mj_error *err = NULL;
  int64_t job_id = 0;
  int64_t last_progress = -1;
  int32_t last_state = -1;
  req.collection_name = "books_ext";
  req.external_source = "s3://bucket/books_v2";
  req.external_spec = "{\"format\":\"parquet\"}";
  if (mj_refresh_external_collection(&job_id, client, &req, NULL, &err) != MJ_OK) return fail("refresh", err);
  printf("refresh of books_ext started: job %lld\n", (long long)job_id);
  for (;;) {
    mj_refresh_job *job = NULL;
    int done;
    if (mj_get_refresh_external_collection_progress(&job, client, job_id, NULL, &err) != MJ_OK) {
      return fail("refresh progress", err);
    }
    if (job->progress != last_progress || job->state != last_state) {
      printf("  refresh %lld: %-18s %3lld%%\n", (long long)job->job_id, job->state_name, (long long)job->progress);
      last_progress = job->progress;
      last_state = job->state;
    }
    done = mj_refresh_state_is_terminal(job->state);
    if (done) {
      int ok = job->state == MJ_REFRESH_STATE_COMPLETED;
      if (ok) {
        printf("refresh completed in %lld ms, source %s\n", (long long)(job->end_time_ms - job->start_time_ms),
               job->external_source);
      } else {
        printf("refresh failed: %s\n", job->reason);
      }
      mj_refresh_job_free(job);
      return ok ? 0 : 1;
    }
    mj_refresh_job_free(job);
    sleep_ms(100);
  }
}

static int run_import(mj_client *client) {
  const char *files[] = {"import/books-part1.json", "import/books-part2.csv"};
  mj_import_request req = MJ_IMPORT_REQUEST_INIT;
  mj_error *err = NULL;
  char *job_id = NULL;
  int64_t last_progress = -1;
  int32_t last_state = -1;
  int rc;
  req.collection_name = "books";
  req.files = files;
  req.file_count = 2;
  if (mj_bulk_import(&job_id, client, &req, NULL, &err) != MJ_OK) return fail("bulk import", err);
  printf("import into books started: job %s\n", job_id);
  for (;;) {
    mj_import_job *job = NULL;
    size_t i;
    if (mj_get_import_progress(&job, client, job_id, NULL, &err) != MJ_OK) {
      mj_free(job_id);
      return fail("import progress", err);
    }
    if (job->progress != last_progress || job->state != last_state) {
      printf("  import %s: %-12s %3lld%%  rows %lld/%lld\n", job->job_id, job->state_name, (long long)job->progress,
             (long long)job->imported_rows, (long long)job->total_rows);
      last_progress = job->progress;
      last_state = job->state;
    }
    if (mj_import_state_is_terminal(job->state)) {
      rc = job->state == MJ_IMPORT_STATE_COMPLETED ? 0 : 1;
      if (rc == 0) {
        printf("import completed: %lld rows, %lld bytes\n", (long long)job->imported_rows, (long long)job->file_size);
      } else {
        printf("import failed: %s\n", job->reason);
      }
      for (i = 0; i < job->detail_count; ++i) {
        printf("    %s: %s, %lld rows\n", job->details[i]->file_name, job->details[i]->state_name,
               (long long)job->details[i]->imported_rows);
      }
      mj_import_job_free(job);
      mj_free(job_id);
      return rc;
    }
    mj_import_job_free(job);
    sleep_ms(100);
  }
}

int main(int argc, char **argv) {
  mj_client_options opts = MJ_CLIENT_OPTIONS_INIT;
  mj_client *client = NULL;
  mj_error *err = NULL;
  int rc;
  opts.uri = argc > 1 ? argv[1] : "http://127.0.0.1:19530";
  opts.token = getenv("MILVUS_TOKEN");
  printf("milvus-jobs %s -> %s\n", mj_version(), opts.uri);
  if (mj_client_new(&client, &opts, &err) != MJ_OK) return fail("client", err);
  rc = run_refresh(client);
  if (rc == 0) rc = run_import(client);
  mj_client_free(client);
  return rc;
}
