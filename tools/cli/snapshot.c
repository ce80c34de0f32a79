/* milvus-jobs: the snapshot commands (export, restore, status, list). */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void json_snapshot_job(FILE* out, const mj_snapshot_job* j) {
  fprintf(out, "{\"jobId\":%" PRId64 ",\"snapshotName\":", j->job_id);
  json_string(out, j->snapshot_name);
  fputs(",\"dbName\":", out);
  json_string(out, j->db_name);
  fputs(",\"collectionName\":", out);
  json_string(out, j->collection_name);
  fputs(",\"state\":", out);
  json_string(out, j->state_name);
  fprintf(out, ",\"progress\":%" PRId64 ",\"reason\":", j->progress);
  json_string(out, j->reason);
  fprintf(out, ",\"startTime\":%" PRId64 ",\"timeCost\":%" PRId64 "}", j->start_time_ms, j->time_cost_ms);
}

static void print_snapshot_job(const mj_snapshot_job* j) {
  printf("job id:          %" PRId64 "\n", j->job_id);
  printf("collection:      %s\n", j->collection_name);
  printf("database:        %s\n", j->db_name);
  if (*j->snapshot_name) printf("snapshot:        %s\n", j->snapshot_name);
  printf("state:           %s\n", j->state_name);
  printf("progress:        %" PRId64 "%%\n", j->progress);
  if (*j->reason) printf("reason:          %s\n", j->reason);
  printf("start time (ms): %" PRId64 "\n", j->start_time_ms);
  printf("time cost (ms):  %" PRId64 "\n", j->time_cost_ms);
}

/* fail(), with the restore job (when one was read) in the JSON report. */
static int fail_snapshot(struct context* c, mj_error* err, const mj_snapshot_job* job) {
  const mj_status status = mj_error_status(err);
  if (!job || !c->s->json) return fail(c, err, NULL, NULL);
  end_line(&c->view);
  fputs("{\"error\":{\"status\":", stdout);
  json_string(stdout, mj_status_name(status));
  fputs(",\"message\":", stdout);
  json_string(stdout, mj_error_message(err));
  fprintf(stdout, ",\"serverCode\":%" PRId32 ",\"httpStatus\":%" PRId32 ",\"retriable\":%s,\"requestId\":",
          mj_error_server_code(err), mj_error_http_status(err), mj_error_is_retriable(err) ? "true" : "false");
  json_string(stdout, mj_error_request_id(err));
  fputs("},\"job\":", stdout);
  json_snapshot_job(stdout, job);
  fputs("}\n", stdout);
  mj_error_free(err);
  return exit_code_of(status);
}

static int need_args(const struct command_help* h, struct settings* s, size_t min, size_t max) {
  if (s->arg_count < min || s->arg_count > max) return usage_error("usage: milvus-jobs %s", h->synopsis);
  return 0;
}

static int parse_job_id(const char* text, int64_t* id) {
  char* end = NULL;
  long long v;
  errno = 0;
  v = strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v <= 0) {
    return usage_error("a snapshot restore JOB_ID is a positive integer, got \"%s\"", text);
  }
  *id = (int64_t)v;
  return 0;
}

static void on_snapshot_progress(const mj_snapshot_job* job, void* user) {
  struct progress_view* v = (struct progress_view*)user;
  if (!v->enabled) return;
  if (!v->tty) {
    printf("%s %" PRId64 ": %s %" PRId64 "%%\n", v->noun, job->job_id, job->state_name, job->progress);
  } else {
    printf("\r\033[K%s %" PRId64 " %3" PRId64 "%% %s", v->noun, job->job_id, job->progress, job->state_name);
    v->drawn = 1;
  }
  fflush(stdout);
}

static int wait_restore(struct context* c, int64_t id) {
  mj_snapshot_job* job = NULL;
  mj_error* err = NULL;
  int rc;
  c->view.noun = "snapshot restore";
  if (mj_wait_restore_snapshot(&job, c->client, id, &c->wait, on_snapshot_progress, &c->view, &err) != MJ_OK) {
    rc = fail_snapshot(c, err, job);
    mj_snapshot_job_free(job);
    return rc;
  }
  end_line(&c->view);
  if (c->s->json) {
    json_snapshot_job(stdout, job);
    fputc('\n', stdout);
  } else if (!c->view.enabled) {
    printf("snapshot restore job %" PRId64 ": %s %" PRId64 "%%\n", job->job_id, job->state_name, job->progress);
  }
  mj_snapshot_job_free(job);
  return EXIT_OK;
}

static int cmd_export(const struct command_help* h, struct context* c) {
  struct settings* s = c->s;
  mj_export_snapshot_request req = MJ_EXPORT_SNAPSHOT_REQUEST_INIT;
  mj_error* err = NULL;
  char* uri = NULL;
  int rc;
  if ((rc = need_args(h, s, 3, 3))) return rc;
  req.collection_name = s->args[0];
  req.snapshot_name = s->args[1];
  req.target_path = s->args[2];
  req.external_spec = s->spec;
  if (mj_export_snapshot(&uri, c->client, &req, &c->call, &err) != MJ_OK) return fail(c, err, NULL, NULL);
  if (s->json) {
    fputs("{\"snapshotMetadataURI\":", stdout);
    json_string(stdout, uri);
    fputs(",\"collectionName\":", stdout);
    json_string(stdout, s->args[0]);
    fputs(",\"snapshotName\":", stdout);
    json_string(stdout, s->args[1]);
    fputs("}\n", stdout);
  } else {
    printf("%s\n", uri);
  }
  mj_free(uri);
  return EXIT_OK;
}

static int cmd_restore(const struct command_help* h, struct context* c) {
  struct settings* s = c->s;
  mj_restore_snapshot_request req = MJ_RESTORE_SNAPSHOT_REQUEST_INIT;
  mj_error* err = NULL;
  int64_t id = 0;
  int rc;
  if ((rc = need_args(h, s, 2, 2))) return rc;
  req.target_collection_name = s->args[0];
  req.snapshot_uri = s->args[1];
  req.external_spec = s->spec;
  if (mj_restore_external_snapshot(&id, c->client, &req, &c->call, &err) != MJ_OK) return fail(c, err, NULL, NULL);
  if (!s->wait) {
    if (s->json) {
      printf("{\"jobId\":%" PRId64 ",\"collectionName\":", id);
      json_string(stdout, s->args[0]);
      fputs("}\n", stdout);
    } else {
      printf("snapshot restore job %" PRId64 " started for %s\n", id, s->args[0]);
    }
    return EXIT_OK;
  }
  if (!s->json) printf("snapshot restore job %" PRId64 " started for %s\n", id, s->args[0]);
  return wait_restore(c, id);
}

static int cmd_status(const struct command_help* h, struct context* c) {
  mj_snapshot_job* job = NULL;
  mj_error* err = NULL;
  int64_t id = 0;
  int rc;
  if ((rc = need_args(h, c->s, 1, 1))) return rc;
  if ((rc = parse_job_id(c->s->args[0], &id))) return rc;
  if (c->s->wait) return wait_restore(c, id);
  if (mj_get_restore_snapshot_progress(&job, c->client, id, &c->call, &err) != MJ_OK) return fail(c, err, NULL, NULL);
  if (c->s->json) {
    json_snapshot_job(stdout, job);
    fputc('\n', stdout);
  } else {
    print_snapshot_job(job);
  }
  mj_snapshot_job_free(job);
  return EXIT_OK;
}

static int cmd_list(const struct command_help* h, struct context* c) {
  mj_snapshot_job_list* list = NULL;
  mj_error* err = NULL;
  size_t i;
  int rc;
  if ((rc = need_args(h, c->s, 0, 1))) return rc;
  if (mj_list_restore_snapshot_jobs(&list, c->client, c->s->arg_count ? c->s->args[0] : NULL, &c->call, &err) !=
      MJ_OK) {
    return fail(c, err, NULL, NULL);
  }
  if (c->s->json) {
    fputs("{\"jobs\":[", stdout);
    for (i = 0; i < list->count; ++i) {
      if (i) fputc(',', stdout);
      json_snapshot_job(stdout, list->items[i]);
    }
    fputs("]}\n", stdout);
  } else {
    printf("%-20s %-24s %-26s %5s  %s\n", "JOB ID", "COLLECTION", "STATE", "PROG", "REASON");
    for (i = 0; i < list->count; ++i) {
      const mj_snapshot_job* j = list->items[i];
      printf("%-20" PRId64 " %-24s %-26s %4" PRId64 "%%  %s\n", j->job_id, j->collection_name, j->state_name,
             j->progress, j->reason);
    }
  }
  mj_snapshot_job_list_free(list);
  return EXIT_OK;
}

int run_snapshot_command(const struct command_help* h, struct context* c) {
  if (strcmp(h->name, "snapshot-export") == 0) return cmd_export(h, c);
  if (strcmp(h->name, "snapshot-restore") == 0) return cmd_restore(h, c);
  if (strcmp(h->name, "snapshot-status") == 0) return cmd_status(h, c);
  return cmd_list(h, c);
}
