/*
 * milvus-jobs: the command line of libmilvus_jobs, written against the public
 * C API only (include/milvus_jobs.h), like any other user of the library.
 *
 * Output: human text by default; --json prints one JSON object on stdout
 * (also for failures) so scripts can parse it. While waiting, a live progress
 * bar is drawn when stdout is a terminal, plain lines otherwise.
 * The exit code tells the kind of failure (see usage_text).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "milvus_jobs.h"

/* ---------------------------------------------------------------- exit codes */

enum {
  EXIT_OK = 0,
  EXIT_JOB_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_INVALID = 3,
  EXIT_NOT_FOUND = 4,
  EXIT_JOB_LOST = 5,
  EXIT_TIMEOUT = 6,
  EXIT_AUTH = 7,
  EXIT_CONNECTION = 8,
  EXIT_SERVER = 9,
  EXIT_DUPLICATE = 10,
  EXIT_INTERRUPTED = 130
};

static int exit_code_of(mj_status s) {
  switch (s) {
    case MJ_OK: return EXIT_OK;
    case MJ_EJOB_FAILED: return EXIT_JOB_FAILED;
    case MJ_EINVALID_ARGUMENT: return EXIT_INVALID;
    case MJ_ENOT_FOUND: return EXIT_NOT_FOUND;
    case MJ_EJOB_LOST: return EXIT_JOB_LOST;
    case MJ_ETIMEOUT: return EXIT_TIMEOUT;
    case MJ_EUNAUTHENTICATED:
    case MJ_EPERMISSION_DENIED: return EXIT_AUTH;
    case MJ_ETRANSPORT:
    case MJ_ETLS: return EXIT_CONNECTION;
    case MJ_EDUPLICATE_JOB: return EXIT_DUPLICATE;
    case MJ_ECANCELLED: return EXIT_INTERRUPTED;
    default: return EXIT_SERVER;
  }
}

static const char usage_text[] =
    "usage: milvus-jobs [OPTIONS] COMMAND [ARGS] [OPTIONS]\n"
    "\n"
    "Drive Milvus / Zilliz Cloud jobs: external-collection refresh and bulk import.\n"
    "\n"
    "commands:\n"
    "  refresh COLLECTION        start a refresh of an external collection\n"
    "  refresh-status JOB_ID     show a refresh job\n"
    "  refresh-list [COLLECTION] list refresh jobs (of every collection when none given)\n"
    "  import COLLECTION FILE... start a bulk import (one group per FILE; a,b,c = one group)\n"
    "  import-status JOB_ID      show an import job with its files\n"
    "  import-list [COLLECTION]  list import jobs\n"
    "  import-commit JOB_ID      commit an import created with --option auto_commit=false\n"
    "  import-abort JOB_ID       abort an import that has not ended\n"
    "Run 'milvus-jobs COMMAND --help' for a command's own options.\n"
    "\n"
    "options (before or after the command; flags win over the environment):\n"
    "  --uri URI           server address            [MILVUS_URI, default http://127.0.0.1:19530]\n"
    "  --token TOKEN       API key or user:password  [MILVUS_TOKEN]\n"
    "  --db NAME           database                  [MILVUS_DB_NAME, default: the server's]\n"
    "  --timeout-ms N      deadline of each request  [MILVUS_TIMEOUT_MS, default 30000]\n"
    "  --ca-file FILE      CA bundle for https       [MILVUS_CA_FILE]\n"
    "  --insecure          do not verify TLS certificates (test servers only) [MILVUS_TLS_INSECURE=1]\n"
    "  --json              print one JSON object on stdout, also for failures\n"
    "  --no-progress       no progress display while waiting\n"
    "  -h, --help          this help;  --version  the CLI's and library's version\n"
    "\n"
    "exit codes:\n"
    "  0 success (with --wait: the job completed, or is Uncommitted and waits for import-commit)\n"
    "  1 the job failed            2 usage error (bad flags or arguments)\n"
    "  3 invalid argument (refused by the library or the server)\n"
    "  4 not found (job, collection, database)   5 the job vanished while waited on\n"
    "  6 timeout (request or --wait-timeout-ms)  7 unauthenticated or permission denied\n"
    "  8 cannot connect (network, DNS, TLS)      9 server or protocol error, or unsupported\n"
    "  10 a refresh of the collection is already running   130 interrupted (Ctrl-C)\n";

static const char wait_options_text[] =
    "  --wait              wait until the job ends, showing its progress\n"
    "  --wait-timeout-ms N give up waiting after N ms (exit 6) [MILVUS_WAIT_TIMEOUT_MS, default: no limit]\n"
    "  --interval-ms N     first poll interval while waiting (default 200; grows x1.5 up to 5000)\n";

struct command_help {
  const char* name;
  const char* synopsis;
  const char* text;
  int can_wait;
};

static const struct command_help commands[] = {
    {"refresh", "refresh COLLECTION [--source URL --spec JSON] [--wait]",
     "Starts a refresh of an external collection; prints the job id.\n"
     "  --source URL        new external source, e.g. s3://bucket/books_v2 (needs --spec)\n"
     "  --spec JSON         new external spec, e.g. '{\"format\":\"parquet\"}' (needs --source)\n",
     1},
    {"refresh-status", "refresh-status JOB_ID [--wait]",
     "Shows a refresh job: state, progress, reason, source, times.\n", 1},
    {"refresh-list", "refresh-list [COLLECTION]", "Lists refresh jobs, newest first.\n", 0},
    {"import", "import COLLECTION FILE... [--partition NAME] [--option KEY=VALUE]... [--wait]",
     "Starts a bulk import; prints the job id. Each FILE is one import unit; join files of\n"
     "one unit with commas (the .npy files of one segment: a.npy,b.npy).\n"
     "  --partition NAME    import into this partition\n"
     "  --option KEY=VALUE  an import option, repeatable (e.g. auto_commit=false)\n",
     1},
    {"import-status", "import-status JOB_ID [--wait]", "Shows an import job with its per-file details.\n", 1},
    {"import-list", "import-list [COLLECTION]", "Lists import jobs.\n", 0},
    {"import-commit", "import-commit JOB_ID [--wait]", "Commits an import waiting in state Uncommitted.\n", 1},
    {"import-abort", "import-abort JOB_ID", "Aborts an import that has not ended.\n", 0},
};

/* ---------------------------------------------------------------- settings */

#define MAX_ITEMS 1024

/* Copies of arguments that the request structs point into. They live until
   exit and are freed there, so leak checkers (LeakSanitizer, valgrind) see
   every allocation returned. */
static char* owned_copies[2 * MAX_ITEMS];
static size_t owned_count;

static void free_owned_copies(void) {
  while (owned_count > 0) free(owned_copies[--owned_count]);
}

static char* owned_strdup(const char* text) {
  char* copy;
  if (owned_count == sizeof owned_copies / sizeof owned_copies[0]) return NULL;
  copy = strdup(text);
  if (!copy) return NULL;
  if (owned_count == 0) atexit(free_owned_copies);
  owned_copies[owned_count++] = copy;
  return copy;
}

struct settings {
  const char *uri, *token, *db, *ca_file;
  int64_t timeout_ms, wait_timeout_ms, interval_ms;
  int insecure, json, progress, wait, help;
  const char* command;
  const char* args[MAX_ITEMS];
  size_t arg_count;
  const char *source, *spec, *partition;
  const char* option_keys[MAX_ITEMS];
  const char* option_values[MAX_ITEMS];
  size_t option_count;
};

static int usage_error(const char* fmt, ...) {
  va_list ap;
  fputs("milvus-jobs: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\n(run milvus-jobs --help for usage)\n", stderr);
  return EXIT_USAGE;
}

static int parse_count(const char* flag, const char* text, int64_t* out) {
  char* end = NULL;
  long long v;
  errno = 0;
  v = strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < 0) {
    return usage_error("%s expects a whole number of milliseconds >= 0, got \"%s\"", flag, text);
  }
  *out = (int64_t)v;
  return 0;
}

static const char* env_or(const char* name, const char* fallback) {
  const char* v = getenv(name);
  return v && *v ? v : fallback;
}

static int parse_args(int argc, char** argv, struct settings* s) {
  int i, rc;
  const char* env;
  memset(s, 0, sizeof *s);
  s->uri = env_or("MILVUS_URI", "http://127.0.0.1:19530");
  s->token = env_or("MILVUS_TOKEN", NULL);
  s->db = env_or("MILVUS_DB_NAME", NULL);
  s->ca_file = env_or("MILVUS_CA_FILE", NULL);
  s->progress = 1;
  env = env_or("MILVUS_TLS_INSECURE", NULL);
  s->insecure = env && strcmp(env, "0") != 0;
  if ((env = env_or("MILVUS_TIMEOUT_MS", NULL)) && (rc = parse_count("MILVUS_TIMEOUT_MS", env, &s->timeout_ms)))
    return rc;
  if ((env = env_or("MILVUS_WAIT_TIMEOUT_MS", NULL)) &&
      (rc = parse_count("MILVUS_WAIT_TIMEOUT_MS", env, &s->wait_timeout_ms)))
    return rc;

  for (i = 1; i < argc; ++i) {
    const char* a = argv[i];
    const char* value = NULL;
    char flag[64];
    const char* eq;
    if (a[0] != '-' || a[1] == '\0') {
      if (!s->command) {
        s->command = a;
      } else {
        if (s->arg_count == MAX_ITEMS) return usage_error("too many arguments (at most %d)", MAX_ITEMS);
        s->args[s->arg_count++] = a;
      }
      continue;
    }
    if (strcmp(a, "--") == 0) {
      for (++i; i < argc; ++i) {
        if (s->arg_count == MAX_ITEMS) return usage_error("too many arguments (at most %d)", MAX_ITEMS);
        s->args[s->arg_count++] = argv[i];
      }
      break;
    }
    /* --flag=value */
    eq = strchr(a, '=');
    if (eq && (size_t)(eq - a) < sizeof flag) {
      memcpy(flag, a, (size_t)(eq - a));
      flag[eq - a] = '\0';
      value = eq + 1;
      a = flag;
    }
#define TAKE_VALUE()                                                                   \
  do {                                                                                 \
    if (!value) {                                                                      \
      if (i + 1 >= argc) return usage_error("%s needs a value (e.g. %s VALUE)", a, a); \
      value = argv[++i];                                                               \
    }                                                                                  \
  } while (0)
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      s->help = 1;
    } else if (strcmp(a, "--version") == 0) {
      s->command = "--version";
    } else if (strcmp(a, "--json") == 0) {
      s->json = 1;
    } else if (strcmp(a, "--wait") == 0) {
      s->wait = 1;
    } else if (strcmp(a, "--no-progress") == 0) {
      s->progress = 0;
    } else if (strcmp(a, "--insecure") == 0) {
      s->insecure = 1;
    } else if (strcmp(a, "--uri") == 0) {
      TAKE_VALUE();
      s->uri = value;
    } else if (strcmp(a, "--token") == 0) {
      TAKE_VALUE();
      s->token = value;
    } else if (strcmp(a, "--db") == 0) {
      TAKE_VALUE();
      s->db = value;
    } else if (strcmp(a, "--ca-file") == 0) {
      TAKE_VALUE();
      s->ca_file = value;
    } else if (strcmp(a, "--timeout-ms") == 0) {
      TAKE_VALUE();
      if ((rc = parse_count(a, value, &s->timeout_ms))) return rc;
    } else if (strcmp(a, "--wait-timeout-ms") == 0) {
      TAKE_VALUE();
      if ((rc = parse_count(a, value, &s->wait_timeout_ms))) return rc;
    } else if (strcmp(a, "--interval-ms") == 0) {
      TAKE_VALUE();
      if ((rc = parse_count(a, value, &s->interval_ms))) return rc;
    } else if (strcmp(a, "--source") == 0) {
      TAKE_VALUE();
      s->source = value;
    } else if (strcmp(a, "--spec") == 0) {
      TAKE_VALUE();
      s->spec = value;
    } else if (strcmp(a, "--partition") == 0) {
      TAKE_VALUE();
      s->partition = value;
    } else if (strcmp(a, "--option") == 0) {
      char* kv;
      char* sep;
      TAKE_VALUE();
      sep = strchr(value, '=');
      if (!sep || sep == value) return usage_error("--option expects KEY=VALUE, got \"%s\"", value);
      if (s->option_count == MAX_ITEMS) return usage_error("too many --option (at most %d)", MAX_ITEMS);
      kv = owned_strdup(value);
      if (!kv) return usage_error("out of memory");
      kv[sep - value] = '\0';
      s->option_keys[s->option_count] = kv;
      s->option_values[s->option_count] = kv + (sep - value) + 1;
      ++s->option_count;
    } else {
      return usage_error("unknown option \"%s\"", argv[i]);
    }
#undef TAKE_VALUE
  }
  return 0;
}

/* ---------------------------------------------------------------- JSON output */

static void json_string(FILE* out, const char* s) {
  const unsigned char* p = (const unsigned char*)(s ? s : "");
  fputc('"', out);
  for (; *p; ++p) {
    switch (*p) {
      case '"': fputs("\\\"", out); break;
      case '\\': fputs("\\\\", out); break;
      case '\n': fputs("\\n", out); break;
      case '\r': fputs("\\r", out); break;
      case '\t': fputs("\\t", out); break;
      default:
        if (*p < 0x20) {
          fprintf(out, "\\u%04x", *p);
        } else {
          fputc(*p, out);
        }
    }
  }
  fputc('"', out);
}

static void json_refresh_job(FILE* out, const mj_refresh_job* j) {
  fprintf(out, "{\"jobId\":%" PRId64 ",\"collectionName\":", j->job_id);
  json_string(out, j->collection_name);
  fputs(",\"state\":", out);
  json_string(out, j->state_name);
  fprintf(out, ",\"progress\":%" PRId64 ",\"reason\":", j->progress);
  json_string(out, j->reason);
  fputs(",\"externalSource\":", out);
  json_string(out, j->external_source);
  fputs(",\"externalSpec\":", out);
  json_string(out, j->external_spec);
  fprintf(out, ",\"startTime\":%" PRId64 ",\"endTime\":%" PRId64 "}", j->start_time_ms, j->end_time_ms);
}

static void json_import_job(FILE* out, const mj_import_job* j) {
  size_t i;
  fputs("{\"jobId\":", out);
  json_string(out, j->job_id);
  fputs(",\"collectionName\":", out);
  json_string(out, j->collection_name);
  fputs(",\"state\":", out);
  json_string(out, j->state_name);
  fprintf(out, ",\"progress\":%" PRId64 ",\"reason\":", j->progress);
  json_string(out, j->reason);
  fprintf(out, ",\"importedRows\":%" PRId64 ",\"totalRows\":%" PRId64 ",\"fileSize\":%" PRId64 ",\"createTime\":",
          j->imported_rows, j->total_rows, j->file_size);
  json_string(out, j->create_time);
  fputs(",\"completeTime\":", out);
  json_string(out, j->complete_time);
  fputs(",\"details\":[", out);
  for (i = 0; i < j->detail_count; ++i) {
    const mj_import_file* f = j->details[i];
    if (i) fputc(',', out);
    fputs("{\"fileName\":", out);
    json_string(out, f->file_name);
    fprintf(out, ",\"fileSize\":%" PRId64 ",\"progress\":%" PRId64 ",\"state\":", f->file_size, f->progress);
    json_string(out, f->state_name);
    fprintf(out, ",\"importedRows\":%" PRId64 ",\"totalRows\":%" PRId64 ",\"reason\":", f->imported_rows,
            f->total_rows);
    json_string(out, f->reason);
    fputc('}', out);
  }
  fputs("]}", out);
}

/* {"error":{...}} with, when given, the job the failure is about. */
static void json_error(FILE* out, const mj_error* err, const mj_refresh_job* rjob, const mj_import_job* ijob) {
  fputs("{\"error\":{\"status\":", out);
  json_string(out, mj_status_name(mj_error_status(err)));
  fputs(",\"message\":", out);
  json_string(out, mj_error_message(err));
  fprintf(out, ",\"serverCode\":%" PRId32 ",\"httpStatus\":%" PRId32 ",\"retriable\":%s,\"requestId\":",
          mj_error_server_code(err), mj_error_http_status(err), mj_error_is_retriable(err) ? "true" : "false");
  json_string(out, mj_error_request_id(err));
  fputs(",\"jobId\":", out);
  json_string(out, mj_error_job_id(err));
  fputc('}', out);
  if (rjob) {
    fputs(",\"job\":", out);
    json_refresh_job(out, rjob);
  }
  if (ijob) {
    fputs(",\"job\":", out);
    json_import_job(out, ijob);
  }
  fputs("}\n", out);
}

/* ---------------------------------------------------------------- human output */

static void print_refresh_job(const mj_refresh_job* j) {
  printf("job id:          %" PRId64 "\n", j->job_id);
  printf("collection:      %s\n", j->collection_name);
  printf("state:           %s\n", j->state_name);
  printf("progress:        %" PRId64 "%%\n", j->progress);
  if (*j->reason) printf("reason:          %s\n", j->reason);
  if (*j->external_source) printf("external source: %s\n", j->external_source);
  if (*j->external_spec) printf("external spec:   %s\n", j->external_spec);
  printf("start time (ms): %" PRId64 "\n", j->start_time_ms);
  if (j->end_time_ms) printf("end time (ms):   %" PRId64 "\n", j->end_time_ms);
}

static void print_import_job(const mj_import_job* j) {
  size_t i;
  printf("job id:      %s\n", j->job_id);
  printf("collection:  %s\n", j->collection_name);
  printf("state:       %s\n", j->state_name);
  printf("progress:    %" PRId64 "%%\n", j->progress);
  if (*j->reason) printf("reason:      %s\n", j->reason);
  printf("rows:        %" PRId64 " of %" PRId64 "\n", j->imported_rows, j->total_rows);
  printf("bytes:       %" PRId64 "\n", j->file_size);
  if (*j->create_time) printf("created:     %s\n", j->create_time);
  if (*j->complete_time) printf("completed:   %s\n", j->complete_time);
  for (i = 0; i < j->detail_count; ++i) {
    const mj_import_file* f = j->details[i];
    printf("  file %s: %s %" PRId64 "%%, rows %" PRId64 " of %" PRId64 "%s%s\n", f->file_name, f->state_name,
           f->progress, f->imported_rows, f->total_rows, *f->reason ? ", " : "", f->reason);
  }
}

/* ---------------------------------------------------------------- progress */

struct progress_view {
  int enabled;
  int tty;
  int drawn; /* a bar is on the current line */
  const char* noun;
};

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

static void end_line(struct progress_view* v) {
  if (v->drawn) {
    fputc('\n', stdout);
    fflush(stdout);
    v->drawn = 0;
  }
}

static void on_refresh_progress(const mj_refresh_job* job, void* user) {
  char id[32];
  snprintf(id, sizeof id, "%" PRId64, job->job_id);
  draw((struct progress_view*)user, id, job->state_name, job->progress, "");
}

static void on_import_progress(const mj_import_job* job, void* user) {
  char extra[96] = "";
  if (job->total_rows > 0) {
    snprintf(extra, sizeof extra, " rows %" PRId64 "/%" PRId64, job->imported_rows, job->total_rows);
  }
  draw((struct progress_view*)user, job->job_id, job->state_name, job->progress, extra);
}

/* ---------------------------------------------------------------- Ctrl-C */

static mj_cancel* g_cancel;
static sigset_t g_signals;

/* SIGINT/SIGTERM are taken by sigwait on this thread, which may call into the
   library (signal handlers may not: mj_cancel_trigger takes a lock). */
static void* signal_thread(void* unused) {
  int sig = 0;
  (void)unused;
  if (sigwait(&g_signals, &sig) == 0) mj_cancel_trigger(g_cancel);
  return NULL;
}

/* ---------------------------------------------------------------- commands */

struct context {
  struct settings* s;
  mj_client* client;
  mj_call_options call;
  mj_wait_options wait;
  struct progress_view view;
};

static int fail(struct context* c, mj_error* err, const mj_refresh_job* rjob, const mj_import_job* ijob) {
  const mj_status status = mj_error_status(err);
  if (c) end_line(&c->view);
  if (c && c->s->json) {
    json_error(stdout, err, rjob, ijob);
  } else {
    fprintf(stderr, "milvus-jobs: %s: %s\n", mj_status_name(status), mj_error_message(err));
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
  mj_import_job_list* list = NULL;
  mj_error* err = NULL;
  size_t i;
  int rc;
  if ((rc = need_args(c->s, 0, 1, commands[5].synopsis))) return rc;
  if (mj_list_import_jobs(&list, c->client, c->s->arg_count ? c->s->args[0] : NULL, &c->call, &err) != MJ_OK) {
    return fail(c, err, NULL, NULL);
  }
  if (c->s->json) {
    fputs("{\"jobs\":[", stdout);
    for (i = 0; i < list->count; ++i) {
      if (i) fputc(',', stdout);
      json_import_job(stdout, list->items[i]);
    }
    fputs("]}\n", stdout);
  } else {
    printf("%-20s %-24s %-12s %5s  %s\n", "JOB ID", "COLLECTION", "STATE", "PROG", "REASON");
    for (i = 0; i < list->count; ++i) {
      const mj_import_job* j = list->items[i];
      printf("%-20s %-24s %-12s %4" PRId64 "%%  %s\n", j->job_id, j->collection_name, j->state_name, j->progress,
             j->reason);
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

static const struct command_help* find_command(const char* name) {
  size_t i;
  for (i = 0; i < sizeof commands / sizeof commands[0]; ++i) {
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  }
  return NULL;
}

static void print_command_help(const struct command_help* h) {
  printf("usage: milvus-jobs %s\n\n%s", h->synopsis, h->text);
  if (h->can_wait) fputs(wait_options_text, stdout);
  fputs("\nThe global options (--uri, --token, --db, --json, ...) and exit codes are in 'milvus-jobs --help'.\n",
        stdout);
}

int main(int argc, char** argv) {
  struct settings s;
  struct context c;
  const struct command_help* h;
  mj_client_options opts = MJ_CLIENT_OPTIONS_INIT;
  mj_error* err = NULL;
  pthread_t signals;
  int rc;

  if ((rc = parse_args(argc, argv, &s))) return rc;
  if (s.command && strcmp(s.command, "--version") == 0) {
    printf("milvus-jobs %s (libmilvus_jobs %s)\n", MJ_VERSION_STRING, mj_version());
    return EXIT_OK;
  }
  if (!s.command) {
    if (s.help) {
      fputs(usage_text, stdout);
      return EXIT_OK;
    }
    fputs(usage_text, stderr);
    return EXIT_USAGE;
  }
  h = find_command(s.command);
  if (!h) return usage_error("unknown command \"%s\"", s.command);
  if (s.help) {
    print_command_help(h);
    return EXIT_OK;
  }
  if (s.wait && !h->can_wait) return usage_error("%s does not take --wait", h->name);

  memset(&c, 0, sizeof c);
  c.s = &s;
  if (mj_cancel_new(&g_cancel, &err) != MJ_OK) return fail(NULL, err, NULL, NULL);
  sigemptyset(&g_signals);
  sigaddset(&g_signals, SIGINT);
  sigaddset(&g_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &g_signals, NULL);
  if (pthread_create(&signals, NULL, signal_thread, NULL) == 0) pthread_detach(signals);

  opts.uri = s.uri;
  opts.token = s.token;
  opts.db_name = s.db;
  opts.request_timeout_ms = s.timeout_ms;
  opts.tls_ca_file = s.ca_file;
  opts.tls_insecure_skip_verify = s.insecure;
  if (mj_client_new(&c.client, &opts, &err) != MJ_OK) return fail(&c, err, NULL, NULL);

  mj_call_options_init(&c.call, sizeof c.call);
  c.call.cancel = g_cancel;
  mj_wait_options_init(&c.wait, sizeof c.wait);
  c.wait.cancel = g_cancel;
  c.wait.timeout_ms = s.wait_timeout_ms;
  c.wait.initial_interval_ms = s.interval_ms;
  c.view.enabled = s.progress && !s.json;
  c.view.tty = isatty(STDOUT_FILENO);

  if (strcmp(h->name, "refresh") == 0) {
    rc = cmd_refresh(&c);
  } else if (strcmp(h->name, "refresh-status") == 0) {
    rc = cmd_refresh_status(&c);
  } else if (strcmp(h->name, "refresh-list") == 0) {
    rc = cmd_refresh_list(&c);
  } else if (strcmp(h->name, "import") == 0) {
    rc = cmd_import(&c);
  } else if (strcmp(h->name, "import-status") == 0) {
    rc = cmd_import_status(&c);
  } else if (strcmp(h->name, "import-list") == 0) {
    rc = cmd_import_list(&c);
  } else if (strcmp(h->name, "import-commit") == 0) {
    rc = cmd_import_commit_or_abort(&c, 1);
  } else {
    rc = cmd_import_commit_or_abort(&c, 0);
  }
  mj_client_free(c.client);
  /* g_cancel stays: the signal thread may still hold it until exit. */
  fflush(stdout);
  return rc;
}
