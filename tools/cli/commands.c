/* milvus-jobs: the commands, one function each, and the failure report they share. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---------------------------------------------------------------- commands */

int fail(struct context* c, mj_error* err, const mj_refresh_job* rjob, const mj_import_job* ijob) {
  const mj_status status = mj_error_status(err);
  if (c) end_line(&c->view);
  if (c && c->s->json) {
    json_error(stdout, err, rjob, ijob);
  } else {
    fprintf(stderr, "milvus-jobs: %s: %s\n", mj_status_name(status), mj_error_message(err));
    if (status == MJ_EAMBIGUOUS) {
      const size_t n = mj_error_candidate_count(err);
      size_t i;
      if (n == 0) fputs("milvus-jobs: no job is known to be the one it may have started\n", stderr);
      for (i = 0; i < n; ++i) fprintf(stderr, "milvus-jobs: candidate job: %s\n", mj_error_candidate_id(err, i));
    }
  }
  mj_error_free(err);
  return exit_code_of(status);
}

static int need_args(struct settings* s, size_t min, size_t max, const char* synopsis) {
  if (s->arg_count < min || s->arg_count > max) return usage_error("usage: milvus-jobs %s", synopsis);
  return 0;
}

static int parse_refresh_id(const char* text, int64_t* id) {
  char* end = NULL;
  long long v;
  errno = 0;
  v = strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v <= 0) {
    return usage_error("a refresh JOB_ID is a positive integer, got \"%s\"", text);
  }
  *id = (int64_t)v;
  return 0;
}

static int wait_refresh(struct context* c, int64_t id) {
  mj_refresh_job* job = NULL;
  mj_error* err = NULL;
  int rc;
  c->view.noun = "refresh";
  if (mj_wait_refresh(&job, c->client, id, &c->wait, on_refresh_progress, &c->view, &err) != MJ_OK) {
    rc = fail(c, err, job, NULL);
    mj_refresh_job_free(job);
    return rc;
  }
  end_line(&c->view);
  if (c->s->json) {
    json_refresh_job(stdout, job);
    fputc('\n', stdout);
  } else if (!c->view.enabled) {
    printf("refresh job %" PRId64 ": %s %" PRId64 "%%\n", job->job_id, job->state_name, job->progress);
  }
  mj_refresh_job_free(job);
  return EXIT_OK;
}

static int wait_import(struct context* c, const char* id) {
  mj_import_job* job = NULL;
  mj_error* err = NULL;
  int rc;
  c->view.noun = "import";
  if (mj_wait_import(&job, c->client, id, &c->wait, on_import_progress, &c->view, &err) != MJ_OK) {
    rc = fail(c, err, NULL, job);
    mj_import_job_free(job);
    return rc;
  }
  end_line(&c->view);
  if (c->s->json) {
    json_import_job(stdout, job);
    fputc('\n', stdout);
  } else {
    if (!c->view.enabled) printf("import job %s: %s %" PRId64 "%%\n", job->job_id, job->state_name, job->progress);
    if (job->state == MJ_IMPORT_STATE_UNCOMMITTED) {
      printf("import job %s is Uncommitted: run 'milvus-jobs import-commit %s' to commit it\n", job->job_id,
             job->job_id);
    }
  }
  mj_import_job_free(job);
  return EXIT_OK;
}

static int cmd_refresh(struct context* c) {
  struct settings* s = c->s;
  mj_refresh_request req = MJ_REFRESH_REQUEST_INIT;
  mj_error* err = NULL;
  int64_t id = 0;
  int rc;
  if ((rc = need_args(s, 1, 1, commands[0].synopsis))) return rc;
  if ((s->source == NULL) != (s->spec == NULL))
    return usage_error("--source and --spec go together: give both or neither");
  req.collection_name = s->args[0];
  req.external_source = s->source;
  req.external_spec = s->spec;
  if (mj_refresh_external_collection(&id, c->client, &req, &c->call, &err) != MJ_OK) return fail(c, err, NULL, NULL);
  if (!s->wait) {
    if (s->json) {
      printf("{\"jobId\":%" PRId64 ",\"collectionName\":", id);
      json_string(stdout, s->args[0]);
      fputs("}\n", stdout);
    } else {
      printf("refresh job %" PRId64 " started for %s\n", id, s->args[0]);
    }
    return EXIT_OK;
  }
  if (!s->json) printf("refresh job %" PRId64 " started for %s\n", id, s->args[0]);
  return wait_refresh(c, id);
}

static int cmd_refresh_status(struct context* c) {
  mj_refresh_job* job = NULL;
  mj_error* err = NULL;
  int64_t id = 0;
  int rc;
  if ((rc = need_args(c->s, 1, 1, commands[1].synopsis))) return rc;
  if ((rc = parse_refresh_id(c->s->args[0], &id))) return rc;
  if (c->s->wait) return wait_refresh(c, id);
  if (mj_get_refresh_external_collection_progress(&job, c->client, id, &c->call, &err) != MJ_OK) {
    return fail(c, err, NULL, NULL);
  }
  if (c->s->json) {
    json_refresh_job(stdout, job);
    fputc('\n', stdout);
  } else {
    print_refresh_job(job);
  }
  mj_refresh_job_free(job);
  return EXIT_OK;
}

static int cmd_refresh_list(struct context* c) {
  mj_refresh_job_list* list = NULL;
  mj_error* err = NULL;
  size_t i;
  int rc;
  if ((rc = need_args(c->s, 0, 1, commands[2].synopsis))) return rc;
  if (mj_list_refresh_external_collection_jobs(&list, c->client, c->s->arg_count ? c->s->args[0] : NULL, &c->call,
                                               &err) != MJ_OK) {
    return fail(c, err, NULL, NULL);
  }
  if (c->s->json) {
    fputs("{\"jobs\":[", stdout);
    for (i = 0; i < list->count; ++i) {
      if (i) fputc(',', stdout);
      json_refresh_job(stdout, list->items[i]);
    }
    fputs("]}\n", stdout);
  } else {
    printf("%-20s %-24s %-18s %5s  %s\n", "JOB ID", "COLLECTION", "STATE", "PROG", "REASON");
    for (i = 0; i < list->count; ++i) {
      const mj_refresh_job* j = list->items[i];
      printf("%-20" PRId64 " %-24s %-18s %4" PRId64 "%%  %s\n", j->job_id, j->collection_name, j->state_name,
             j->progress, j->reason);
    }
  }
  mj_refresh_job_list_free(list);
  return EXIT_OK;
}

/* Storage credentials come from the environment only: a flag would leave
   them in the shell's history and in every process listing. */
static void storage_credentials(const struct settings* s, mj_import_request* req) {
  static const char* const names[] = {"MILVUS_STORAGE_ACCESS_KEY", "MILVUS_STORAGE_SECRET_KEY",
                                      "MILVUS_STORAGE_SESSION_TOKEN"};
  const char* values[3];
  size_t i;
  for (i = 0; i < 3; ++i) {
    values[i] = getenv(names[i]);
    if (values[i] && !*values[i]) values[i] = NULL;
  }
  if (!s->cloud) {
    for (i = 0; i < 3; ++i) {
      if (values[i]) {
        fprintf(stderr,
                "milvus-jobs: %s is ignored: only Zilliz Cloud imports (--cloud) take storage credentials; "
                "Milvus reads its bucket with its own\n",
                names[i]);
      }
    }
    return;
  }
  req->access_key = values[0];
  req->secret_key = values[1];
  req->session_token = values[2];
}

static int cmd_import(struct context* c) {
  struct settings* s = c->s;
  mj_import_request req = MJ_IMPORT_REQUEST_INIT;
  const char* files[MAX_ITEMS];
  size_t groups[MAX_ITEMS];
  size_t file_count = 0, group_count = 0, i;
  char* id = NULL;
  mj_error* err = NULL;
  int rc;
  if (s->arg_count < 2) return usage_error("usage: milvus-jobs %s", commands[3].synopsis);
  for (i = 1; i < s->arg_count; ++i) {
    /* "a,b,c" is one group of three files. */
    char* group = owned_strdup(s->args[i]);
    char* save = NULL;
    char* part;
    size_t before = file_count;
    if (!group) return usage_error("out of memory");
    for (part = strtok_r(group, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
      if (file_count == MAX_ITEMS) return usage_error("too many files (at most %d)", MAX_ITEMS);
      files[file_count++] = part;
    }
    if (file_count == before) return usage_error("an empty FILE argument");
    groups[group_count++] = file_count - before;
  }
  req.collection_name = s->args[0];
  req.partition_name = s->partition;
  req.files = files;
  req.file_count = file_count;
  req.group_sizes = groups;
  req.group_count = group_count;
  req.option_keys = s->option_keys;
  req.option_values = s->option_values;
  req.option_count = s->option_count;
  req.volume_name = s->volume;
  storage_credentials(s, &req);
  if (mj_bulk_import(&id, c->client, &req, &c->call, &err) != MJ_OK) return fail(c, err, NULL, NULL);
  if (!s->wait) {
    if (s->json) {
      fputs("{\"jobId\":", stdout);
      json_string(stdout, id);
      fputs(",\"collectionName\":", stdout);
      json_string(stdout, s->args[0]);
      fputs("}\n", stdout);
    } else {
      printf("import job %s started for %s\n", id, s->args[0]);
    }
    mj_free(id);
    return EXIT_OK;
  }
  if (!s->json) printf("import job %s started for %s\n", id, s->args[0]);
  rc = wait_import(c, id);
  mj_free(id);
  return rc;
}

static int cmd_import_status(struct context* c) {
  mj_import_job* job = NULL;
  mj_error* err = NULL;
  int rc;
  if ((rc = need_args(c->s, 1, 1, commands[4].synopsis))) return rc;
  if (c->s->wait) return wait_import(c, c->s->args[0]);
  if (mj_get_import_progress(&job, c->client, c->s->args[0], &c->call, &err) != MJ_OK) return fail(c, err, NULL, NULL);
  if (c->s->json) {
    json_import_job(stdout, job);
    fputc('\n', stdout);
  } else {
    print_import_job(job);
  }
  mj_import_job_free(job);
  return EXIT_OK;
}

static int cmd_import_list(struct context* c) {
  struct settings* s = c->s;
  mj_import_job_list* list = NULL;
  mj_import_list_request req = MJ_IMPORT_LIST_REQUEST_INIT;
  mj_error* err = NULL;
  mj_status st;
  size_t i;
  int rc;
  if ((rc = need_args(s, 0, 1, commands[5].synopsis))) return rc;
  req.collection_name = s->arg_count ? s->args[0] : NULL;
  if (s->all) {
    st = mj_list_import_jobs(&list, c->client, req.collection_name, &c->call, &err);
  } else {
    req.page_size = s->page_size;
    req.current_page = s->page;
    st = mj_list_import_jobs_page(&list, c->client, &req, &c->call, &err);
  }
  if (st != MJ_OK) return fail(c, err, NULL, NULL);
  if (s->json) {
    fputs("{\"jobs\":[", stdout);
    for (i = 0; i < list->count; ++i) {
      if (i) fputc(',', stdout);
      json_import_job(stdout, list->items[i]);
    }
    fprintf(stdout, "],\"totalCount\":%" PRId64, list->total_count);
    if (!s->all)
      fprintf(stdout, ",\"pageSize\":%" PRId64 ",\"currentPage\":%" PRId64, list->page_size, list->current_page);
    fputs("}\n", stdout);
  } else {
    printf("%-26s %-24s %-12s %5s  %s\n", "JOB ID", "COLLECTION", "STATE", "PROG", "REASON");
    for (i = 0; i < list->count; ++i) {
      const mj_import_job* j = list->items[i];
      printf("%-26s %-24s %-12s %4" PRId64 "%%  %s\n", j->job_id, j->collection_name, j->state_name, j->progress,
             j->reason);
    }
    if (!s->all && list->page_size > 0) {
      const int64_t pages = (list->total_count + list->page_size - 1) / list->page_size;
      if (list->current_page < pages) {
        printf("page %" PRId64 " of %" PRId64 " (%" PRId64 " jobs): --page %" PRId64
               " for the next page, --all for every page\n",
               list->current_page, pages, list->total_count, list->current_page + 1);
      }
    }
  }
  mj_import_job_list_free(list);
  return EXIT_OK;
}

static int cmd_import_commit_or_abort(struct context* c, int commit) {
  mj_error* err = NULL;
  mj_status st;
  int rc;
  if ((rc = need_args(c->s, 1, 1, commands[commit ? 6 : 7].synopsis))) return rc;
  st = commit ? mj_commit_import(c->client, c->s->args[0], &c->call, &err)
              : mj_abort_import(c->client, c->s->args[0], &c->call, &err);
  if (st != MJ_OK) return fail(c, err, NULL, NULL);
  if (commit && c->s->wait) {
    if (!c->s->json) printf("import job %s committed\n", c->s->args[0]);
    return wait_import(c, c->s->args[0]);
  }
  if (c->s->json) {
    fputs("{\"jobId\":", stdout);
    json_string(stdout, c->s->args[0]);
    printf(",\"%s\":true}\n", commit ? "committed" : "aborted");
  } else {
    printf("import job %s %s\n", c->s->args[0], commit ? "committed" : "aborted");
  }
  return EXIT_OK;
}

int run_command(const struct command_help* h, struct context* c) {
  if (strcmp(h->name, "refresh") == 0) return cmd_refresh(c);
  if (strcmp(h->name, "refresh-status") == 0) return cmd_refresh_status(c);
  if (strcmp(h->name, "refresh-list") == 0) return cmd_refresh_list(c);
  if (strcmp(h->name, "import") == 0) return cmd_import(c);
  if (strcmp(h->name, "import-status") == 0) return cmd_import_status(c);
  if (strcmp(h->name, "import-list") == 0) return cmd_import_list(c);
  if (strcmp(h->name, "import-commit") == 0) return cmd_import_commit_or_abort(c, 1);
  if (strncmp(h->name, "snapshot-", 9) == 0) return run_snapshot_command(h, c);
  if (strcmp(h->name, "watch") == 0) return cmd_watch(c);
  return cmd_import_commit_or_abort(c, 0);
}
