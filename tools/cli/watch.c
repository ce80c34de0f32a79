/*
 * milvus-jobs watch: follows many jobs at once through the library's watcher
 * (one thread, a bounded pool of connections). Jobs come from the arguments,
 * from listing collections (--collection) and from stdin ("-"), also while
 * the others are watched. On a terminal it redraws a table in place that
 * always fits the screen; otherwise (or with --json) it prints one JSON line
 * per change and a summary line. The exit code is the highest of the jobs'
 * outcomes; Ctrl-C ends it at once with 130.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* ---------------------------------------------------------------- jobs */

struct wjob {
  int32_t kind;       /* MJ_JOB_IMPORT or MJ_JOB_REFRESH */
  char* id;           /* the import id, or the refresh id in decimal */
  int64_t refresh_id; /* MJ_JOB_REFRESH */
  char* collection;
  char* state; /* the server's state name; "Lost", "NotFound", "Error" after a failed poll; NULL before any answer */
  char* reason;
  int64_t progress, rows, total_rows;
  int64_t start_ms, end_ms;        /* the server's clock; 0 when unknown */
  int64_t seen_ms, changed_ms;     /* monotonic: added, last event */
  int64_t ended_ms, ended_wall_ms; /* when this watch saw it end */
  size_t order;                    /* position in the order of adding */
  int ended;
  int outcome;      /* exit code of the job's end */
  int seen_running; /* an answer showed it unfinished */
};

struct watch {
  struct context* c;
  mj_watcher* watcher;
  struct wjob** jobs;
  size_t count, cap;
  size_t* slots; /* open addressing: index + 1 into jobs, 0 = free */
  size_t slot_cap;
  size_t unfinished;
  int tty, json, live;
  int worst;
  int64_t start_ms;
  /* stdin ("-") */
  int reading;
  char line[4096];
  size_t line_len;
  int line_too_long;
  size_t line_no;
  /* the table */
  struct frame frame;
  int64_t drawn_ms;
  int dirty;
};

static char* copy_text(const char* text) {
  char* copy;
  size_t n;
  if (!text) return NULL;
  n = strlen(text);
  copy = (char*)malloc(n + 1);
  if (copy) memcpy(copy, text, n + 1);
  return copy;
}

static void set_text(char** field, const char* text) {
  char* copy;
  if (*field && text && strcmp(*field, text) == 0) return;
  copy = copy_text(text);
  free(*field);
  *field = copy;
}

static uint64_t hash_of(int32_t kind, const char* id) {
  uint64_t h = 1469598103934665603ULL ^ (uint64_t)kind;
  for (; *id; ++id) h = (h ^ (unsigned char)*id) * 1099511628211ULL;
  return h;
}

static struct wjob* find_job(const struct watch* w, int32_t kind, const char* id) {
  size_t at;
  if (w->slot_cap == 0) return NULL;
  for (at = (size_t)hash_of(kind, id) & (w->slot_cap - 1); w->slots[at]; at = (at + 1) & (w->slot_cap - 1)) {
    struct wjob* j = w->jobs[w->slots[at] - 1];
    if (j->kind == kind && strcmp(j->id, id) == 0) return j;
  }
  return NULL;
}

static int grow(struct watch* w) {
  size_t i;
  if (w->count == w->cap) {
    const size_t cap = w->cap ? w->cap * 2 : 64;
    struct wjob** jobs = (struct wjob**)realloc(w->jobs, cap * sizeof *jobs);
    if (!jobs) return -1;
    w->jobs = jobs;
    w->cap = cap;
  }
  if ((w->count + 1) * 2 > w->slot_cap) {
    const size_t cap = w->slot_cap ? w->slot_cap * 2 : 128;
    size_t* slots = (size_t*)calloc(cap, sizeof *slots);
    if (!slots) return -1;
    free(w->slots);
    w->slots = slots;
    w->slot_cap = cap;
    for (i = 0; i < w->count; ++i) {
      size_t at = (size_t)hash_of(w->jobs[i]->kind, w->jobs[i]->id) & (cap - 1);
      while (slots[at]) at = (at + 1) & (cap - 1);
      slots[at] = i + 1;
    }
  }
  return 0;
}

static void free_jobs(struct watch* w) {
  size_t i;
  for (i = 0; i < w->count; ++i) {
    struct wjob* j = w->jobs[i];
    free(j->id);
    free(j->collection);
    free(j->state);
    free(j->reason);
    free(j);
  }
  free(w->jobs);
  free(w->slots);
}

/* ---------------------------------------------------------------- times and names */

/* -1 when unknown: a job that had ended before this watch first read it and
   whose end time the server does not send (a failed import). */
static int64_t job_elapsed_ms(const struct wjob* j) {
  int64_t end;
  if (j->ended && j->end_ms <= 0 && !j->seen_running) return -1;
  if (j->start_ms > 0) {
    end = j->end_ms > 0 ? j->end_ms : j->ended ? j->ended_wall_ms : now_wall_ms();
    return end > j->start_ms ? end - j->start_ms : 0;
  }
  return (j->ended ? j->ended_ms : now_mono_ms()) - j->seen_ms;
}

/* The state a person reads: "Unread" before the first answer, and refresh
   states without their "Refresh" prefix (the kind column says it). */
static const char* shown_state(const struct wjob* j) {
  if (!j->state) return "Unread";
  if (j->kind == MJ_JOB_REFRESH && strncmp(j->state, "Refresh", 7) == 0 && j->state[7]) return j->state + 7;
  return j->state;
}

static const char* kind_name(int32_t kind) { return kind == MJ_JOB_REFRESH ? "refresh" : "import"; }

/* ---------------------------------------------------------------- NDJSON */

static void emit_json(const struct watch* w, const struct wjob* j, int32_t status, const mj_error* err) {
  int64_t rate = 0;
  const int64_t elapsed = job_elapsed_ms(j);
  if (elapsed > 0 && j->rows > 0) rate = j->rows * 1000 / elapsed;
  fprintf(stdout, "{\"kind\":\"%s\",\"jobId\":", kind_name(j->kind));
  if (j->kind == MJ_JOB_REFRESH) {
    fprintf(stdout, "%" PRId64, j->refresh_id);
  } else {
    json_string(stdout, j->id);
  }
  fputs(",\"collectionName\":", stdout);
  json_string(stdout, j->collection);
  fputs(",\"state\":", stdout);
  json_string(stdout, j->state);
  fprintf(stdout,
          ",\"progress\":%" PRId64 ",\"importedRows\":%" PRId64 ",\"totalRows\":%" PRId64 ",\"reason\":", j->progress,
          j->rows, j->total_rows);
  json_string(stdout, j->reason);
  if (elapsed >= 0) {
    fprintf(stdout, ",\"elapsedMs\":%" PRId64, elapsed);
  } else {
    fputs(",\"elapsedMs\":null", stdout);
  }
  fprintf(stdout, ",\"rowsPerSecond\":%" PRId64 ",\"done\":%s,\"exitCode\":%d,\"status\":", rate,
          j->ended ? "true" : "false", j->ended ? j->outcome : 0);
  json_string(stdout, mj_status_name((mj_status)status));
  if (err) {
    fputs(",\"error\":{\"message\":", stdout);
    json_string(stdout, mj_error_message(err));
    fprintf(stdout, ",\"serverCode\":%" PRId32 ",\"httpStatus\":%" PRId32 ",\"retriable\":%s}",
            mj_error_server_code(err), mj_error_http_status(err), mj_error_is_retriable(err) ? "true" : "false");
  }
  fputs("}\n", stdout);
  (void)w;
  fflush(stdout);
}

/* ---------------------------------------------------------------- counts per state */

struct state_count {
  const char* name;
  size_t count;
};

enum { MAX_STATES = 24 };

/* Ended states first, the worst of them first, then the running ones. */
static int state_rank(const char* name) {
  static const char* const order[] = {"Failed",     "Lost",      "NotFound",   "Error",   "Completed", "Uncommitted",
                                      "Committing", "Importing", "InProgress", "Pending", "Unread"};
  size_t i;
  for (i = 0; i < sizeof order / sizeof order[0]; ++i) {
    if (strcmp(order[i], name) == 0) return (int)i;
  }
  return (int)(sizeof order / sizeof order[0]);
}

static size_t count_states(const struct watch* w, const unsigned char* only, struct state_count* out) {
  size_t i, k, n = 0;
  for (i = 0; i < w->count; ++i) {
    const char* name;
    if (only && !only[i]) continue;
    name = shown_state(w->jobs[i]);
    for (k = 0; k < n && strcmp(out[k].name, name) != 0; ++k) {
    }
    if (k == n) {
      if (n == MAX_STATES) continue;
      out[n].name = name;
      out[n].count = 0;
      ++n;
    }
    ++out[k].count;
  }
  /* a few names: insertion sort by rank */
  for (i = 1; i < n; ++i) {
    struct state_count x = out[i];
    for (k = i; k > 0 && state_rank(out[k - 1].name) > state_rank(x.name); --k) out[k] = out[k - 1];
    out[k] = x;
  }
  return n;
}

static void format_counts(char* buf, size_t size, const struct state_count* counts, size_t n) {
  size_t i, used = 0;
  buf[0] = '\0';
  for (i = 0; i < n && used < size; ++i) {
    char number[32];
    int k;
    format_count(number, sizeof number, (int64_t)counts[i].count);
    k = snprintf(buf + used, size - used, "%s%s %s", i ? ", " : "", counts[i].name, number);
    if (k < 0) break;
    used += (size_t)k;
  }
}

/* ---------------------------------------------------------------- the table */

/* The jobs worth a line: the running ones changed last, then the ones that
   ended badly, then the rest, each group most recent first. */
static int job_group(const struct wjob* j) { return !j->ended ? 0 : j->outcome != 0 ? 1 : 2; }

static int64_t job_recency(const struct wjob* j) { return j->ended ? j->ended_ms : j->changed_ms; }

static int by_interest(const void* a, const void* b) {
  const struct wjob* x = *(const struct wjob* const*)a;
  const struct wjob* y = *(const struct wjob* const*)b;
  const int gx = job_group(x), gy = job_group(y);
  if (gx != gy) return gx < gy ? -1 : 1;
  if (job_recency(x) != job_recency(y)) return job_recency(x) > job_recency(y) ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order ? 1 : 0;
}

static int by_order(const void* a, const void* b) {
  const struct wjob* x = *(const struct wjob* const*)a;
  const struct wjob* y = *(const struct wjob* const*)b;
  return x->order < y->order ? -1 : x->order > y->order ? 1 : 0;
}

static void job_row(struct frame* f, const struct wjob* j, int id_width) {
  char bar[13], rows[48], done[24], total[24], rate[32], elapsed[24];
  const int64_t ms = job_elapsed_ms(j);
  format_duration(elapsed, sizeof elapsed, ms);
  if (j->ended && j->outcome != EXIT_OK && j->reason && *j->reason) {
    /* What went wrong matters more than an empty bar: the reason takes the
       progress columns. */
    frame_line(f, "%-*.*s %-7s %-11s %7s  %s", id_width, id_width, j->id, kind_name(j->kind), shown_state(j), elapsed,
               j->reason);
    return;
  }
  format_bar(bar, 12, j->progress);
  if (j->total_rows > 0) {
    format_count(done, sizeof done, j->rows);
    format_count(total, sizeof total, j->total_rows);
    snprintf(rows, sizeof rows, "%s/%s", done, total);
  } else if (j->rows > 0) {
    format_count(rows, sizeof rows, j->rows);
  } else {
    snprintf(rows, sizeof rows, "-");
  }
  if (ms > 0 && j->rows > 0) {
    format_count(done, sizeof done, j->rows * 1000 / ms);
    snprintf(rate, sizeof rate, "%s/s", done);
  } else {
    snprintf(rate, sizeof rate, "-");
  }
  frame_line(f, "%-*.*s %-7s %-11s %7s  [%s] %3" PRId64 "%% %13s %9s  %s", id_width, id_width, j->id,
             kind_name(j->kind), shown_state(j), elapsed, bar,
             j->progress < 0     ? 0
             : j->progress > 100 ? 100
                                 : j->progress,
             rows, rate, j->reason ? j->reason : "");
}

/* The last frame leaves a row free for the summary line under it. */
static void draw(struct watch* w, int last) {
  struct state_count counts[MAX_STATES];
  char text[512], elapsed[24], number[32];
  struct wjob** pick = NULL;
  unsigned char* hidden = NULL;
  size_t n, i, fit, shown;
  int rows, cols, id_width = 6;
  term_size(STDOUT_FILENO, &rows, &cols);
  /* Two head lines and a foot line; one row stays free for the cursor. */
  fit = rows > 4 + last ? (size_t)(rows - 4 - last) : 0;
  if (w->count <= fit + 1) fit = w->count;
  if (w->count > 0) {
    pick = (struct wjob**)malloc(w->count * sizeof *pick);
    hidden = (unsigned char*)calloc(w->count, 1);
  }
  if (w->count > 0 && (!pick || !hidden)) fit = 0;
  shown = 0;
  if (pick && hidden) {
    memcpy(pick, w->jobs, w->count * sizeof *pick);
    if (fit < w->count) qsort(pick, w->count, sizeof *pick, by_interest);
    shown = fit;
    for (i = shown; i < w->count; ++i) hidden[pick[i]->order] = 1;
    qsort(pick, shown, sizeof *pick, by_order);
    for (i = 0; i < shown; ++i) {
      const int len = (int)strlen(pick[i]->id);
      if (len > id_width) id_width = len < 40 ? len : 40;
    }
  }

  frame_begin(&w->frame, cols);
  n = count_states(w, NULL, counts);
  format_counts(text, sizeof text, counts, n);
  format_duration(elapsed, sizeof elapsed, now_mono_ms() - w->start_ms);
  format_count(number, sizeof number, (int64_t)w->count);
  frame_line(&w->frame, "watch: %s jobs, %zu running, %s  |  %s", number, w->unfinished, elapsed, text);
  frame_line(&w->frame, "%-*s %-7s %-11s %7s  %-19s %13s %9s  %s", id_width, "JOB", "KIND", "STATE", "ELAPSED",
             "PROGRESS", "ROWS", "RATE", "REASON");
  for (i = 0; i < shown; ++i) job_row(&w->frame, pick[i], id_width);
  if (shown < w->count) {
    n = count_states(w, hidden, counts);
    format_counts(text, sizeof text, counts, n);
    format_count(number, sizeof number, (int64_t)(w->count - shown));
    frame_line(&w->frame, "... %s more not shown: %s", number, text);
  }
  frame_end(&w->frame);
  free(pick);
  free(hidden);
  w->drawn_ms = now_mono_ms();
  w->dirty = 0;
}

/* ---------------------------------------------------------------- adding jobs */

static void job_ended(struct watch* w, struct wjob* j, int outcome) {
  if (j->ended) return;
  j->ended = 1;
  j->outcome = outcome;
  j->ended_ms = now_mono_ms();
  j->ended_wall_ms = now_wall_ms();
  if (outcome > w->worst) w->worst = outcome;
  --w->unfinished;
}

/* Starts watching a job; a job already watched is left as it is. */
static int add_job(struct watch* w, int32_t kind, const char* id, int64_t refresh_id) {
  struct wjob* j;
  mj_error* err = NULL;
  mj_status st;
  size_t at;
  if (find_job(w, kind, id)) return 0;
  j = grow(w) == 0 ? (struct wjob*)calloc(1, sizeof *j) : NULL;
  if (j && !(j->id = copy_text(id))) {
    free(j);
    j = NULL;
  }
  if (!j) {
    fputs("milvus-jobs: out of memory\n", stderr);
    return -1;
  }
  j->kind = kind;
  j->refresh_id = refresh_id;
  j->seen_ms = j->changed_ms = now_mono_ms();
  j->order = w->count;
  w->jobs[w->count++] = j;
  for (at = (size_t)hash_of(kind, id) & (w->slot_cap - 1); w->slots[at]; at = (at + 1) & (w->slot_cap - 1)) {
  }
  w->slots[at] = w->count;
  ++w->unfinished;
  w->dirty = 1;
  st = kind == MJ_JOB_REFRESH ? mj_watcher_add_refresh(w->watcher, refresh_id, &err)
                              : mj_watcher_add_import(w->watcher, id, &err);
  if (st != MJ_OK) {
    set_text(&j->state, "Error");
    set_text(&j->reason, mj_error_message(err));
    job_ended(w, j, exit_code_of(st));
    if (w->json) emit_json(w, j, st, err);
    mj_error_free(err);
  }
  return 0;
}

/* A positive decimal int64 (a refresh id). */
static int parse_refresh_id(const char* text, int64_t* out) {
  char* end = NULL;
  long long v;
  if (*text < '0' || *text > '9') return -1;
  errno = 0;
  v = strtoll(text, &end, 10);
  if (errno != 0 || *end != '\0' || v <= 0) return -1;
  *out = (int64_t)v;
  return 0;
}

static int valid_import_id(const char* id) {
  const unsigned char* p = (const unsigned char*)id;
  if (!*p || strlen(id) > 256) return 0;
  for (; *p; ++p) {
    if (*p <= ' ' || *p == 0x7f || *p == '"' || *p == '\\') return 0;
  }
  return 1;
}

/*
 * A job reference, as an argument or a line of stdin: import:ID, refresh:ID,
 * a bare ID (an import), a line the CLI prints about a job ("import job ID
 * started for C", "refresh job ID ...") or its --json object ({"jobId":"..."}
 * is an import, {"jobId":123} a refresh). Returns 1 and fills kind/id, 0 for
 * a line to skip (blank, "#..."), -1 with *why for one that names no job.
 * `text` is modified.
 */
static int parse_job_ref(char* text, int32_t* kind, char** id, int64_t* refresh_id, const char** why) {
  char *p = text, *end, *tok[3] = {NULL, NULL, NULL};
  size_t n = 0;
  while (*p == ' ' || *p == '\t') ++p;
  end = p + strlen(p);
  while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n')) *--end = '\0';
  if (!*p || *p == '#') return 0;
  *why = "expected ID, import:ID, refresh:ID, or a line that import or refresh printed";
  if (*p == '{') {
    char* key = strstr(p, "\"jobId\"");
    if (strncmp(p, "{\"error\"", 8) == 0) {
      *why = "it is a failure report ({\"error\":...}), not a job";
      return -1;
    }
    if (!key) return -1;
    key += 7;
    while (*key == ' ') ++key;
    if (*key++ != ':') return -1;
    while (*key == ' ') ++key;
    if (*key == '"') {
      char* close = strchr(++key, '"');
      if (!close) return -1;
      *close = '\0';
      *kind = MJ_JOB_IMPORT;
      *id = key;
    } else {
      char* stop = key;
      while (*stop >= '0' && *stop <= '9') ++stop;
      *stop = '\0';
      *kind = MJ_JOB_REFRESH;
      *id = key;
    }
  } else {
    while (*p && n < 3) {
      tok[n++] = p;
      while (*p && *p != ' ' && *p != '\t') ++p;
      if (*p) *p++ = '\0';
      while (*p == ' ' || *p == '\t') ++p;
    }
    if (n == 1) {
      if (strncmp(tok[0], "import:", 7) == 0) {
        *kind = MJ_JOB_IMPORT;
        *id = tok[0] + 7;
      } else if (strncmp(tok[0], "refresh:", 8) == 0) {
        *kind = MJ_JOB_REFRESH;
        *id = tok[0] + 8;
      } else {
        *kind = MJ_JOB_IMPORT;
        *id = tok[0];
      }
    } else if (strcmp(tok[0], "import") == 0 || strcmp(tok[0], "refresh") == 0) {
      /* "import job ID ..." or the plain progress line "import ID: ..." */
      char* word = strcmp(tok[1], "job") == 0 && n == 3 ? tok[2] : tok[1];
      const size_t len = strlen(word);
      if (len > 0 && word[len - 1] == ':') word[len - 1] = '\0';
      *kind = tok[0][0] == 'r' ? MJ_JOB_REFRESH : MJ_JOB_IMPORT;
      *id = word;
    } else {
      return -1;
    }
  }
  if (*kind == MJ_JOB_REFRESH) {
    if (parse_refresh_id(*id, refresh_id) != 0) {
      *why = "a refresh job id is a positive integer";
      return -1;
    }
  } else {
    *refresh_id = 0;
    if (!valid_import_id(*id)) {
      *why = "an import job id is one word of printable characters";
      return -1;
    }
  }
  return 1;
}

/* A message went to stderr, which may be the terminal the table is on: the
   next frame starts below it instead of overwriting it. */
static void after_message(struct watch* w) {
  if (w->live) w->frame.prev_lines = 0;
}

static void add_line(struct watch* w, char* line) {
  int32_t kind = 0;
  char* id = NULL;
  int64_t refresh_id = 0;
  const char* why = NULL;
  char shown[96];
  snprintf(shown, sizeof shown, "%s", line);
  term_sanitize(shown);
  ++w->line_no;
  switch (parse_job_ref(line, &kind, &id, &refresh_id, &why)) {
    case 1: add_job(w, kind, id, refresh_id); break;
    case 0: break;
    default:
      fprintf(stderr, "milvus-jobs watch: stdin line %zu (\"%s\") names no job: %s\n", w->line_no, shown, why);
      after_message(w);
      if (EXIT_USAGE > w->worst) w->worst = EXIT_USAGE;
  }
}

/* One read of stdin; 0 when nothing was ready. */
static int read_stdin_chunk(struct watch* w, int wait_ms) {
  struct pollfd in;
  char chunk[4096];
  ssize_t n, i;
  in.fd = STDIN_FILENO;
  in.events = POLLIN;
  in.revents = 0;
  if (poll(&in, 1, wait_ms) <= 0) return 0;
  n = read(STDIN_FILENO, chunk, sizeof chunk);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return 0;
  if (n <= 0) {
    if (n < 0) {
      fprintf(stderr, "milvus-jobs watch: cannot read stdin: %s\n", strerror(errno));
      after_message(w);
    }
    if (w->line_len > 0 && !w->line_too_long) {
      w->line[w->line_len] = '\0';
      add_line(w, w->line);
    }
    w->line_len = 0;
    w->reading = 0;
    return 0;
  }
  for (i = 0; i < n; ++i) {
    if (chunk[i] == '\n') {
      if (w->line_too_long) {
        fprintf(stderr, "milvus-jobs watch: stdin line %zu is longer than %zu bytes: skipped\n", ++w->line_no,
                sizeof w->line - 1);
        after_message(w);
        if (EXIT_USAGE > w->worst) w->worst = EXIT_USAGE;
      } else {
        w->line[w->line_len] = '\0';
        add_line(w, w->line);
      }
      w->line_len = 0;
      w->line_too_long = 0;
    } else if (w->line_len + 1 < sizeof w->line) {
      w->line[w->line_len++] = chunk[i];
    } else {
      w->line_too_long = 1;
    }
  }
  return 1;
}

/* Reads what stdin has (waiting up to wait_ms for it) and adds its jobs: up
   to 64 KiB a call, so that a burst of ids is taken at once. */
static void read_stdin(struct watch* w, int wait_ms) {
  int k;
  for (k = 0; k < 16 && w->reading; ++k) {
    if (!read_stdin_chunk(w, k == 0 ? wait_ms : 0)) break;
  }
}

/* The unfinished jobs of a collection: imports (not waiting for a commit)
   and, for an external collection, refreshes. */
static int add_collection(struct watch* w, const char* collection) {
  struct context* c = w->c;
  mj_import_job_list* imports = NULL;
  mj_refresh_job_list* refreshes = NULL;
  mj_error* err = NULL;
  mj_status st;
  size_t i;
  if (mj_list_import_jobs(&imports, c->client, collection, &c->call, &err) != MJ_OK) return fail(c, err, NULL, NULL);
  for (i = 0; i < imports->count; ++i) {
    const mj_import_job* j = imports->items[i];
    if (mj_import_state_is_terminal(j->state) || j->state == MJ_IMPORT_STATE_UNCOMMITTED) continue;
    if (add_job(w, MJ_JOB_IMPORT, j->job_id, 0) != 0) break;
  }
  mj_import_job_list_free(imports);
  st = mj_list_refresh_external_collection_jobs(&refreshes, c->client, collection, &c->call, &err);
  if (st == MJ_EINVALID_ARGUMENT || st == MJ_EUNSUPPORTED) {
    /* not an external collection, or no refresh where it lives */
    mj_error_free(err);
    return 0;
  }
  if (st != MJ_OK) return fail(c, err, NULL, NULL);
  for (i = 0; i < refreshes->count; ++i) {
    char id[32];
    const mj_refresh_job* j = refreshes->items[i];
    if (mj_refresh_state_is_terminal(j->state)) continue;
    snprintf(id, sizeof id, "%" PRId64, j->job_id);
    if (add_job(w, MJ_JOB_REFRESH, id, j->job_id) != 0) break;
  }
  mj_refresh_job_list_free(refreshes);
  return 0;
}

/* ---------------------------------------------------------------- events */

static void on_event(struct watch* w, const mj_watch_event* ev) {
  char id[32];
  struct wjob* j;
  const char* key = ev->import_job_id;
  if (ev->kind == MJ_JOB_REFRESH) {
    snprintf(id, sizeof id, "%" PRId64, ev->refresh_job_id);
    key = id;
  }
  if (!key || !(j = find_job(w, ev->kind, key)) || j->ended) return;
  j->changed_ms = now_mono_ms();
  w->dirty = 1;
  if (ev->import_job) {
    const mj_import_job* r = ev->import_job;
    set_text(&j->state, r->state_name);
    set_text(&j->collection, r->collection_name);
    set_text(&j->reason, r->reason);
    j->progress = r->progress;
    j->rows = r->imported_rows;
    j->total_rows = r->total_rows;
    j->start_ms = r->create_time_ms;
    j->end_ms = r->complete_time_ms;
    if (!mj_import_state_is_terminal(r->state)) j->seen_running = 1;
  } else if (ev->refresh) {
    const mj_refresh_job* r = ev->refresh;
    set_text(&j->state, r->state_name);
    set_text(&j->collection, r->collection_name);
    set_text(&j->reason, r->reason);
    j->progress = r->progress;
    j->start_ms = r->start_time_ms;
    j->end_ms = r->end_time_ms;
    if (!mj_refresh_state_is_terminal(r->state)) j->seen_running = 1;
  }
  if (ev->status == MJ_OK) {
    if (ev->done) {
      job_ended(w, j, EXIT_OK);
    } else if (ev->import_job && ev->import_job->state == MJ_IMPORT_STATE_UNCOMMITTED) {
      /* It waits for import-commit: as for --wait, that is where it ends. */
      mj_watcher_remove_import(w->watcher, j->id, NULL);
      job_ended(w, j, EXIT_OK);
    }
  } else if (ev->status == MJ_EJOB_FAILED) {
    if (!j->reason || !*j->reason) set_text(&j->reason, mj_error_message(ev->error));
    job_ended(w, j, EXIT_JOB_FAILED);
  } else if (ev->done) {
    set_text(&j->state, ev->status == MJ_EJOB_LOST ? "Lost" : ev->status == MJ_ENOT_FOUND ? "NotFound" : "Error");
    set_text(&j->reason, mj_error_message(ev->error));
    job_ended(w, j, exit_code_of((mj_status)ev->status));
  } else {
    /* A transient failure: the watcher polls the job again. */
    char text[512];
    snprintf(text, sizeof text, "retrying: %s", mj_error_message(ev->error));
    set_text(&j->reason, text);
  }
  if (w->json) emit_json(w, j, ev->status, ev->error);
}

/* ---------------------------------------------------------------- the command */

static void summary(struct watch* w, int code, int interrupted, int timed_out) {
  struct state_count counts[MAX_STATES];
  char text[512], elapsed[24];
  const size_t n = count_states(w, NULL, counts);
  size_t i;
  if (w->json) {
    fprintf(stdout, "{\"summary\":{\"jobs\":%zu,\"running\":%zu,\"states\":{", w->count, w->unfinished);
    for (i = 0; i < n; ++i) {
      if (i) fputc(',', stdout);
      json_string(stdout, counts[i].name);
      fprintf(stdout, ":%zu", counts[i].count);
    }
    fprintf(stdout, "},\"elapsedMs\":%" PRId64 ",\"interrupted\":%s,\"timedOut\":%s,\"exitCode\":%d}}\n",
            now_mono_ms() - w->start_ms, interrupted ? "true" : "false", timed_out ? "true" : "false", code);
    fflush(stdout);
    return;
  }
  format_counts(text, sizeof text, counts, n);
  format_duration(elapsed, sizeof elapsed, now_mono_ms() - w->start_ms);
  if (w->count == 0) {
    printf("nothing to watch\n");
  } else if (interrupted) {
    printf("interrupted after %s with %zu of %zu jobs running: %s\n", elapsed, w->unfinished, w->count, text);
  } else if (timed_out) {
    printf("gave up after %s with %zu of %zu jobs running (--wait-timeout-ms): %s\n", elapsed, w->unfinished, w->count,
           text);
  } else {
    printf("%zu jobs ended in %s: %s (exit %d)\n", w->count, elapsed, text, code);
  }
  fflush(stdout);
}

int cmd_watch(struct context* c) {
  struct settings* s = c->s;
  struct watch w;
  mj_watcher_options wo = MJ_WATCHER_OPTIONS_INIT;
  mj_error* err = NULL;
  int64_t deadline = 0;
  int rc = 0, interrupted = 0, timed_out = 0, use_stdin = 0;
  size_t i;

  for (i = 0; i < s->arg_count; ++i) use_stdin |= strcmp(s->args[i], "-") == 0;
  if (s->arg_count == 0 && s->collection_count == 0) {
    return usage_error("watch needs jobs: JOB arguments, --collection NAME, or - to read them from stdin");
  }
  memset(&w, 0, sizeof w);
  w.c = c;
  w.tty = isatty(STDOUT_FILENO);
  w.json = s->json || !w.tty;
  w.live = w.tty && !w.json && s->progress;
  w.start_ms = now_mono_ms();
  if (s->wait_timeout_ms > 0) deadline = w.start_ms + s->wait_timeout_ms;

  wo.max_connections = (int32_t)s->connections;
  wo.interval_ms = s->interval_ms;
  wo.poll_timeout_ms = s->timeout_ms;
  wo.cancel = g_cancel;
  wo.db_name = s->db;
  if (mj_watcher_new(&w.watcher, c->client, &wo, &err) != MJ_OK) return fail(c, err, NULL, NULL);

  /* The arguments first: a bad one is a usage error before any work. */
  for (i = 0; i < s->arg_count && rc == 0; ++i) {
    char ref[512];
    int32_t kind = 0;
    char* id = NULL;
    int64_t refresh_id = 0;
    const char* why = NULL;
    if (strcmp(s->args[i], "-") == 0) continue;
    snprintf(ref, sizeof ref, "%s", s->args[i]);
    if (parse_job_ref(ref, &kind, &id, &refresh_id, &why) != 1) {
      rc = usage_error("watch: \"%s\" names no job: %s", s->args[i], why ? why : "it is empty");
    } else if (add_job(&w, kind, id, refresh_id) != 0) {
      rc = EXIT_SERVER;
    }
  }
  for (i = 0; i < s->collection_count && rc == 0; ++i) rc = add_collection(&w, s->collections[i]);
  w.reading = use_stdin;

  while (rc == 0) {
    mj_watch_event* ev = NULL;
    mj_status st;
    if (mj_cancel_is_triggered(g_cancel)) {
      interrupted = 1;
      break;
    }
    if (!w.reading && (w.unfinished == 0 || mj_watcher_size(w.watcher) == 0)) break;
    if (deadline && now_mono_ms() >= deadline) {
      timed_out = 1;
      break;
    }
    if (w.reading) read_stdin(&w, mj_watcher_size(w.watcher) == 0 ? 100 : 0);
    if (mj_watcher_size(w.watcher) > 0) {
      st = mj_watcher_next(&ev, w.watcher, 100, &err);
      if (st == MJ_ECANCELLED) {
        mj_error_free(err);
        interrupted = 1;
        break;
      }
      if (st != MJ_OK) {
        rc = fail(c, err, NULL, NULL);
        break;
      }
      if (ev) on_event(&w, ev);
      mj_watch_event_free(ev);
    }
    if (w.live) {
      const int64_t since = now_mono_ms() - w.drawn_ms;
      if ((w.dirty && since >= 100) || since >= 1000) draw(&w, 0);
    }
  }

  if (rc == 0) {
    if (timed_out && EXIT_TIMEOUT > w.worst) w.worst = EXIT_TIMEOUT;
    rc = interrupted ? EXIT_INTERRUPTED : w.worst;
    if (w.tty && !w.json) draw(&w, 1);
    summary(&w, rc, interrupted, timed_out);
  }
  mj_watcher_free(w.watcher);
  free_jobs(&w);
  return rc;
}
