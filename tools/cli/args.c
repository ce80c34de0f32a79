/* milvus-jobs: options (flags and MILVUS_* variables), usage and help. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char usage_text[] =
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
    "  import-list [COLLECTION]  list import jobs (a page; --all for every page)\n"
    "  import-commit JOB_ID      commit an import created with --option auto_commit=false\n"
    "  import-abort JOB_ID       abort an import that has not ended\n"
    "  snapshot-export COLLECTION NAME TARGET  export a snapshot; prints its URI\n"
    "  snapshot-restore TARGET_COLLECTION URI  restore a snapshot into a new collection\n"
    "  snapshot-status JOB_ID    show a snapshot restore job\n"
    "  snapshot-list [COLLECTION] list snapshot restore jobs\n"
    "  watch [JOB...] [-]        follow many jobs at once until every one has ended\n"
    "Run 'milvus-jobs COMMAND --help' for a command's own options.\n"
    "\n"
    "options (before or after the command; flags win over the environment):\n"
    "  --uri URI           server address            [MILVUS_URI, default http://127.0.0.1:19530;\n"
    "                                                  with --cloud the Zilliz Cloud control plane]\n"
    "  --token TOKEN       API key or user:password  [MILVUS_TOKEN]\n"
    "  --db NAME           database                  [MILVUS_DB_NAME, default: the server's]\n"
    "  --timeout-ms N      deadline of each request  [MILVUS_TIMEOUT_MS, default 30000]\n"
    "  --ca-file FILE      CA bundle for https       [MILVUS_CA_FILE]\n"
    "  --insecure          do not verify TLS certificates (test servers only) [MILVUS_TLS_INSECURE=1]\n"
    "  --json              print JSON on stdout, also for failures (watch: one line per change)\n"
    "  --no-progress       no progress display while waiting\n"
    "  -v, -vv             log each request (-vv: and each connection) to stderr\n"
    "  --stats             print the client's counters to stderr at the end\n"
    "  -h, --help          this help;  --version  the CLI's and library's version\n"
    "\n"
    "Zilliz Cloud (the API key is the token: --token or MILVUS_TOKEN):\n"
    "  --cloud             talk to the Zilliz Cloud control plane [MILVUS_CLOUD=1]\n"
    "  --cluster-id ID     the cluster, inxx-...      [MILVUS_CLUSTER_ID; implies --cloud]\n"
    "  --project-id ID     or the project, proj-...   [MILVUS_PROJECT_ID; implies --cloud]\n"
    "  --region-id ID      with --project-id: its region, e.g. aws-us-west-2 [MILVUS_REGION_ID]\n"
    "  --project-endpoint URL  with --project-id: where refresh goes, a template with {project_id}\n"
    "                      and {region_id} or an address (default: the public project endpoint,\n"
    "                      https://{project_id}.{region_id}.api.zillizcloud.com) [MILVUS_PROJECT_ENDPOINT]\n"
    "  (the MILVUS_CLUSTER_ID/PROJECT_ID/REGION_ID variables are read in cloud mode only)\n"
    "\n"
    "exit codes:\n"
    "  0 success (with --wait: the job completed, or is Uncommitted and waits for import-commit)\n"
    "  1 the job failed            2 usage error (bad flags or arguments)\n"
    "  3 invalid argument (refused by the library or the server)\n"
    "  4 not found (job, collection, database)   5 the job vanished while waited on\n"
    "  6 timeout (request or --wait-timeout-ms)  7 unauthenticated or permission denied\n"
    "  8 cannot connect (network, DNS, TLS)      9 server or protocol error, or unsupported\n"
    "  10 a refresh of the collection is already running   130 interrupted (Ctrl-C)\n"
    "  11 a create's answer was lost and it is unknown whether it started a job\n"
    "     (the jobs that may be the one are printed: check them before creating again)\n"
    "  watch exits with the highest of its jobs' codes (0 when every job completed).\n";

static const char wait_options_text[] =
    "  --wait              wait until the job ends, showing its progress\n"
    "  --wait-timeout-ms N give up waiting after N ms (exit 6) [MILVUS_WAIT_TIMEOUT_MS, default: no limit]\n"
    "  --interval-ms N     first poll interval while waiting (default 200; grows x1.5 up to 5000)\n";

const struct command_help commands[] = {
    {"refresh", "refresh COLLECTION [--source URL --spec JSON] [--wait]",
     "Starts a refresh of an external collection; prints the job id.\n"
     "  --source URL        new external source, e.g. s3://bucket/books_v2 (needs --spec)\n"
     "  --spec JSON         new external spec, e.g. '{\"format\":\"parquet\"}' (needs --source)\n",
     1},
    {"refresh-status", "refresh-status JOB_ID [--wait]",
     "Shows a refresh job: state, progress, reason, source, times.\n", 1},
    {"refresh-list", "refresh-list [COLLECTION]", "Lists refresh jobs, newest first.\n", 0},
    {"import", "import COLLECTION FILE... [--partition NAME] [--option KEY=VALUE]... [--volume NAME] [--wait]",
     "Starts a bulk import; prints the job id. Each FILE is one import unit; join files of\n"
     "one unit with commas (the .npy files of one segment: a.npy,b.npy). On Milvus a FILE is a\n"
     "path in the server's bucket; on Zilliz Cloud an object URL (s3://bucket/dir/ folders too),\n"
     "or with --volume a path inside the volume.\n"
     "  --partition NAME    import into this partition\n"
     "  --option KEY=VALUE  an import option, repeatable (e.g. auto_commit=false)\n"
     "  --volume NAME       (Zilliz Cloud) the FILEs are data paths in this volume\n"
     "Storage credentials for the object URLs (Zilliz Cloud) come from the environment only,\n"
     "never from flags: MILVUS_STORAGE_ACCESS_KEY with MILVUS_STORAGE_SECRET_KEY, and\n"
     "MILVUS_STORAGE_SESSION_TOKEN for temporary credentials.\n",
     1},
    {"import-status", "import-status JOB_ID [--wait]", "Shows an import job with its per-file details.\n", 1},
    {"import-list", "import-list [COLLECTION] [--page N] [--page-size N | --all]",
     "Lists import jobs, one page at a time (Zilliz Cloud pages its list; open-source Milvus\n"
     "sends every job on page 1).\n"
     "  --page N            the page to show, from 1 (default 1)\n"
     "  --page-size N       jobs per page, 1 to 100 (default 10)\n"
     "  --all               every page\n",
     0},
    {"import-commit", "import-commit JOB_ID [--wait]", "Commits an import waiting in state Uncommitted.\n", 1},
    {"import-abort", "import-abort JOB_ID", "Aborts an import that has not ended.\n", 0},
    /* snapshot.c */
    {"snapshot-export", "snapshot-export COLLECTION SNAPSHOT_NAME TARGET_PATH [--spec JSON]",
     "Exports a collection's snapshot metadata under TARGET_PATH (e.g. s3://bucket/exports);\n"
     "prints its URI, which snapshot-restore takes.\n"
     "  --spec JSON         storage settings, e.g. '{\"extfs\":{\"region\":\"us-west-2\"}}'\n",
     0},
    {"snapshot-restore", "snapshot-restore TARGET_COLLECTION SNAPSHOT_URI [--spec JSON] [--wait]",
     "Starts restoring a snapshot into a new collection; prints the job id.\n"
     "  --spec JSON         storage settings, as for snapshot-export\n",
     1},
    {"snapshot-status", "snapshot-status JOB_ID [--wait]", "Shows a snapshot restore job.\n", 1},
    {"snapshot-list", "snapshot-list [COLLECTION]", "Lists snapshot restore jobs, newest first.\n", 0},
    {"watch", "watch [JOB...] [-] [--collection NAME]... [--connections N] [--interval-ms N]",
     "Follows many jobs at once until every one has ended (an import also ends in Uncommitted).\n"
     "A JOB is import:ID or refresh:ID; a bare ID is an import job (as 'import' prints it).\n"
     "  -                   also read jobs from stdin, one a line: ID, import:ID, refresh:ID,\n"
     "                      or a line that import, refresh or their --json print\n"
     "                      (milvus-jobs import ... | milvus-jobs watch -)\n"
     "  --collection NAME   every unfinished job of the collection (repeatable)\n"
     "  --connections N     polls in flight at once, 1 to 1024 (default 16)\n"
     "  --interval-ms N     time between two polls of one job (default 1000)\n"
     "  --wait-timeout-ms N give up after N ms (exit 6)   [MILVUS_WAIT_TIMEOUT_MS]\n"
     "On a terminal it draws a table redrawn in place (counts per state, then the active and\n"
     "most recent jobs that fit the screen); otherwise, or with --json, it prints one JSON\n"
     "line per change and a last {\"summary\":...} line. It exits with the highest exit code\n"
     "of its jobs (0 when every job completed or is Uncommitted, 1 when one failed, ...);\n"
     "Ctrl-C ends it at once with 130.\n",
     0},
};

const size_t command_count = sizeof commands / sizeof commands[0];

/* ---------------------------------------------------------------- settings */

/* Copies of arguments that the request structs point into. They live until
   exit and are freed there, so leak checkers (LeakSanitizer, valgrind) see
   every allocation returned. */
static char* owned_copies[2 * MAX_ITEMS];
static size_t owned_count;

static void free_owned_copies(void) {
  while (owned_count > 0) free(owned_copies[--owned_count]);
}

char* owned_strdup(const char* text) {
  char* copy;
  if (owned_count == sizeof owned_copies / sizeof owned_copies[0]) return NULL;
  copy = strdup(text);
  if (!copy) return NULL;
  if (owned_count == 0) atexit(free_owned_copies);
  owned_copies[owned_count++] = copy;
  return copy;
}

int usage_error(const char* fmt, ...) {
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

static int parse_number(const char* flag, const char* text, int64_t min, int64_t max, int64_t* out) {
  char* end = NULL;
  long long v;
  errno = 0;
  v = strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < min || v > max) {
    return usage_error("%s expects a whole number from %lld to %lld, got \"%s\"", flag, (long long)min, (long long)max,
                       text);
  }
  *out = (int64_t)v;
  return 0;
}

static const char* env_or(const char* name, const char* fallback) {
  const char* v = getenv(name);
  return v && *v ? v : fallback;
}

int parse_args(int argc, char** argv, struct settings* s) {
  int i, rc;
  const char* env;
  memset(s, 0, sizeof *s);
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
  /* The default uri is set by main.c: Milvus's local address, or (--cloud)
     none, so that the library picks the public control plane. */
  s->uri = env_or("MILVUS_URI", NULL);
  env = env_or("MILVUS_CLOUD", NULL);
  s->cloud = env && strcmp(env, "0") != 0;

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
    } else if (strcmp(a, "--cloud") == 0) {
      s->cloud = 1;
    } else if (strcmp(a, "--all") == 0) {
      s->all = 1;
    } else if (strcmp(a, "--commands") == 0) {
      s->list_commands = 1;
    } else if (strcmp(a, "--options") == 0) {
      s->list_options = 1;
    } else if (strcmp(a, "--cluster-id") == 0) {
      TAKE_VALUE();
      s->cluster_id = value;
      s->cloud = 1;
    } else if (strcmp(a, "--project-id") == 0) {
      TAKE_VALUE();
      s->project_id = value;
      s->cloud = 1;
    } else if (strcmp(a, "--region-id") == 0) {
      TAKE_VALUE();
      s->region_id = value;
    } else if (strcmp(a, "--project-endpoint") == 0) {
      TAKE_VALUE();
      s->project_endpoint = value;
    } else if (strcmp(a, "--volume") == 0) {
      TAKE_VALUE();
      s->volume = value;
    } else if (strcmp(a, "--page") == 0) {
      TAKE_VALUE();
      if ((rc = parse_number(a, value, 1, INT32_MAX, &s->page))) return rc;
    } else if (strcmp(a, "--page-size") == 0) {
      TAKE_VALUE();
      if ((rc = parse_number(a, value, 1, 100, &s->page_size))) return rc;
    } else if (strcmp(a, "--connections") == 0) {
      TAKE_VALUE();
      if ((rc = parse_number(a, value, 1, 1024, &s->connections))) return rc;
    } else if (strcmp(a, "--collection") == 0) {
      TAKE_VALUE();
      if (s->collection_count == MAX_COLLECTIONS)
        return usage_error("too many --collection (at most %d)", MAX_COLLECTIONS);
      if (!*value) return usage_error("--collection needs a collection name");
      s->collections[s->collection_count++] = value;
    } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
      s->verbose++;
    } else if (strcmp(a, "-vv") == 0) {
      s->verbose += 2;
    } else if (strcmp(a, "--stats") == 0) {
      s->stats = 1;
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
  if (s->cloud) {
    /* Targets from the environment count in cloud mode only: a shell that
       keeps them exported still reaches a local Milvus without --cloud. */
    if (!s->cluster_id && !s->project_id) {
      s->cluster_id = env_or("MILVUS_CLUSTER_ID", NULL);
      s->project_id = env_or("MILVUS_PROJECT_ID", NULL);
    }
    if (!s->region_id && s->project_id) s->region_id = env_or("MILVUS_REGION_ID", NULL);
    if (!s->project_endpoint && s->project_id) s->project_endpoint = env_or("MILVUS_PROJECT_ENDPOINT", NULL);
  }
  return 0;
}

const struct command_help* find_command(const char* name) {
  size_t i;
  for (i = 0; i < command_count; ++i) {
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  }
  return NULL;
}

/* Every "--flag" named at the start of a help line of `text`, one a line;
   "--flag=" for one that takes a value ("  --uri URI   ..."). */
static void print_flags_of(const char* text) {
  const char* line = text;
  while (line && *line) {
    const char* p = line;
    while (*p == ' ') ++p;
    if (p[0] == '-' && p[1] == 'h' && p[2] == ',') p += 3; /* "-h, --help" */
    while (*p == ' ') ++p;
    if (p[0] == '-' && p[1] == '-' && p[2] != ' ') {
      const size_t n = strcspn(p, " \n=");
      const int takes_value = p[n] == ' ' && p[n + 1] >= 'A' && p[n + 1] <= 'Z';
      printf("%.*s%s\n", (int)n, p, takes_value ? "=" : "");
    }
    line = strchr(line, '\n');
    if (line) ++line;
  }
}

void print_completion_words(const struct settings* s) {
  size_t i;
  const struct command_help* h = s->command ? find_command(s->command) : NULL;
  if (s->list_commands) {
    for (i = 0; i < command_count; ++i) printf("%s\n", commands[i].name);
    return;
  }
  print_flags_of(usage_text);
  if (h) {
    print_flags_of(h->text);
    if (h->can_wait) print_flags_of(wait_options_text);
  }
}

void print_command_help(const struct command_help* h) {
  printf("usage: milvus-jobs %s\n\n%s", h->synopsis, h->text);
  if (h->can_wait) fputs(wait_options_text, stdout);
  fputs("\nThe global options (--uri, --token, --db, --json, ...) and exit codes are in 'milvus-jobs --help'.\n",
        stdout);
}
