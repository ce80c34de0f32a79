/*
 * Runs every operation of the C API once against the server at argv[1] and
 * prints one line per operation: NAME<TAB>STATUS<TAB>MESSAGE (STATUS is the
 * mj_status name, MESSAGE the error's message, "" on success). run.sh points
 * it at a real Milvus 2.3 and checks the lines. Exits 0 when it ran through.
 */
#include <stdio.h>
#include <string.h>

#include "milvus_jobs.h"

static void report(const char* name, mj_status status, mj_error* err) {
  /* One line per operation: a newline in a message would split it. */
  char message[2048];
  snprintf(message, sizeof message, "%s", err ? mj_error_message(err) : "");
  for (char* p = message; *p; ++p) {
    if (*p == '\n' || *p == '\t') *p = ' ';
  }
  printf("%s\t%s\t%s\n", name, mj_status_name(status), message);
  mj_error_free(err);
}

/* The call first, then its error (an argument list has no order of evaluation). */
#define RUN(name, call)             \
  do {                              \
    err = NULL;                     \
    const mj_status status_ = call; \
    report(name, status_, err);     \
  } while (0)

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s URI\n", argv[0]);
    return 2;
  }
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = argv[1];
  o.request_timeout_ms = 10000;
  mj_client* client = NULL;
  mj_error* err = NULL;
  if (mj_client_new(&client, &o, &err) != MJ_OK) {
    fprintf(stderr, "mj_client_new: %s\n", mj_error_message(err));
    mj_error_free(err);
    return 1;
  }

  mj_refresh_request refresh = MJ_REFRESH_REQUEST_INIT;
  refresh.collection_name = "books_ext";
  int64_t refresh_id = 0;
  RUN("refresh_external_collection", mj_refresh_external_collection(&refresh_id, client, &refresh, NULL, &err));
  mj_create_outcome outcome = MJ_CREATE_OUTCOME_INIT;
  RUN("refresh_external_collection_ex",
      mj_refresh_external_collection_ex(&refresh_id, &outcome, client, &refresh, NULL, &err));
  mj_refresh_job* refresh_job = NULL;
  RUN("get_refresh_external_collection_progress",
      mj_get_refresh_external_collection_progress(&refresh_job, client, 1, NULL, &err));
  mj_refresh_job_free(refresh_job);
  mj_refresh_job_list* refresh_list = NULL;
  RUN("list_refresh_external_collection_jobs",
      mj_list_refresh_external_collection_jobs(&refresh_list, client, NULL, NULL, &err));
  mj_refresh_job_list_free(refresh_list);
  mj_wait_options wait = MJ_WAIT_OPTIONS_INIT;
  wait.timeout_ms = 5000;
  refresh_job = NULL;
  RUN("wait_refresh", mj_wait_refresh(&refresh_job, client, 1, &wait, NULL, NULL, &err));
  mj_refresh_job_free(refresh_job);

  const char* files[] = {"rows.json"};
  mj_import_request import = MJ_IMPORT_REQUEST_INIT;
  import.collection_name = "books";
  import.files = files;
  import.file_count = 1;
  char* import_id = NULL;
  RUN("bulk_import", mj_bulk_import(&import_id, client, &import, NULL, &err));
  mj_free(import_id);
  import_id = NULL;
  outcome = (mj_create_outcome)MJ_CREATE_OUTCOME_INIT;
  err = NULL;
  const mj_status ex = mj_bulk_import_ex(&import_id, &outcome, client, &import, NULL, &err);
  printf("bulk_import_ex.outcome\trecovered=%d attempts=%d\n", outcome.recovered, outcome.attempts);
  report("bulk_import_ex", ex, err);
  mj_free(import_id);
  mj_import_job* import_job = NULL;
  RUN("get_import_progress", mj_get_import_progress(&import_job, client, "1", NULL, &err));
  mj_import_job_free(import_job);
  mj_import_job_list* import_list = NULL;
  RUN("list_import_jobs", mj_list_import_jobs(&import_list, client, NULL, NULL, &err));
  mj_import_job_list_free(import_list);
  import_list = NULL;
  RUN("list_import_jobs_page", mj_list_import_jobs_page(&import_list, client, NULL, NULL, &err));
  mj_import_job_list_free(import_list);
  RUN("commit_import", mj_commit_import(client, "1", NULL, &err));
  RUN("abort_import", mj_abort_import(client, "1", NULL, &err));
  import_job = NULL;
  RUN("wait_import", mj_wait_import(&import_job, client, "1", &wait, NULL, NULL, &err));
  mj_import_job_free(import_job);

  /* The watcher: one event each for a refresh and an import job. */
  mj_watcher* watcher = NULL;
  err = NULL;
  if (mj_watcher_new(&watcher, client, NULL, &err) != MJ_OK) {
    report("watcher_new", mj_error_status(err), err);
    mj_client_free(client);
    return 1;
  }
  mj_watcher_add_refresh(watcher, 1, NULL);
  mj_watcher_add_import(watcher, "1", NULL);
  for (int i = 0; i < 2; ++i) {
    mj_watch_event* event = NULL;
    err = NULL;
    const mj_status s = mj_watcher_next(&event, watcher, 10000, &err);
    if (s != MJ_OK || !event) {
      report("watcher_next", s, err);
      break;
    }
    printf("%s\t%s\t%s\n", event->kind == MJ_JOB_REFRESH ? "watch_refresh" : "watch_import",
           mj_status_name((mj_status)event->status), event->error ? mj_error_message(event->error) : "");
    mj_watch_event_free(event);
  }
  mj_watcher_free(watcher);
  mj_client_free(client);
  return 0;
}
