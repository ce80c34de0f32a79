/*
 * The milvus-jobs command line, split by role: args.c (options, usage and
 * help), output.c (JSON and human output), term.c (terminal size, frames
 * redrawn in place, number formats), progress.c (the progress shown by
 * --wait), watch.c (the watch command), signals.c (Ctrl-C cancels the call),
 * commands.c (one function a command), main.c (puts them together). Written
 * against the public C API only.
 */
#ifndef MILVUS_JOBS_CLI_H
#define MILVUS_JOBS_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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
  EXIT_AMBIGUOUS = 11,
  EXIT_INTERRUPTED = 130
};

int exit_code_of(mj_status s);

/* ---------------------------------------------------------------- args.c */

#define MAX_ITEMS 1024

#define MAX_COLLECTIONS 64

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
  /* Zilliz Cloud: --cloud (also implied by --cluster-id / --project-id) */
  int cloud;
  const char *cluster_id, *project_id, *region_id, *project_endpoint;
  const char* volume; /* import: the cloud volume FILE paths are in */
  /* import-list paging: --page, --page-size, --all */
  int64_t page, page_size;
  int all;
  /* watch: --collection (repeatable), --connections */
  const char* collections[MAX_COLLECTIONS];
  size_t collection_count;
  int64_t connections;
  /* hidden, for the shell completions: --commands, --options */
  int list_commands, list_options;
  int verbose, stats; /* -v (info), -vv (debug); --stats */
};

struct command_help {
  const char* name;
  const char* synopsis;
  const char* text;
  int can_wait;
};

extern const struct command_help commands[];
extern const size_t command_count;
extern const char usage_text[];

char* owned_strdup(const char* text);
int usage_error(const char* fmt, ...);
int parse_args(int argc, char** argv, struct settings* s);
const struct command_help* find_command(const char* name);
void print_command_help(const struct command_help* h);
/* --commands: every command, one a line; --options: the flags the global
   options and the command (when given) take. For the shell completions. */
void print_completion_words(const struct settings* s);

/* ---------------------------------------------------------------- output.c */

void json_string(FILE* out, const char* s);
void json_refresh_job(FILE* out, const mj_refresh_job* j);
void json_import_job(FILE* out, const mj_import_job* j);
void json_error(FILE* out, const mj_error* err, const mj_refresh_job* rjob, const mj_import_job* ijob);
void print_refresh_job(const mj_refresh_job* j);
void print_import_job(const mj_import_job* j);

/* ---------------------------------------------------------------- term.c */

/* The terminal's size (rows, columns) of fd; 24 x 80 when it cannot be read. */
void term_size(int fd, int* rows, int* cols);
/* Monotonic and wall clocks in ms. */
int64_t now_mono_ms(void);
int64_t now_wall_ms(void);
/* "0:07", "12:30", "2:03:04"; "-" for a negative duration. */
void format_duration(char* buf, size_t size, int64_t ms);
/* 1234567 -> "1,234,567". */
void format_count(char* buf, size_t size, int64_t n);
/* width characters of '#' (done) and '-' (left), NUL-terminated. */
void format_bar(char* buf, int width, int64_t progress);

/* Control characters (a server's text could move the cursor) become spaces. */
void term_sanitize(char* text);
/* Cuts text to at most width characters (UTF-8 aware). */
void term_cut(char* text, int width);

/* A block of lines redrawn in place: each frame moves the cursor back up over
   the previous one, rewrites every line (cut to the terminal's width, so that
   no line wraps) and clears what the previous frame left below. A frame must
   have fewer lines than the terminal has rows. */
struct frame {
  int cols;
  int lines;      /* lines of the frame being drawn */
  int prev_lines; /* lines of the frame on screen */
};
void frame_begin(struct frame* f, int cols);
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
void frame_line(struct frame* f, const char* fmt, ...);
void frame_end(struct frame* f);

/* ---------------------------------------------------------------- progress.c */

struct progress_view {
  int enabled;
  int tty;
  int drawn; /* a frame is on screen */
  const char* noun;
  struct frame frame;
  /* first observation: for the estimate of the time left */
  int64_t first_ms;
  int64_t first_progress;
};

void end_line(struct progress_view* v);
void on_refresh_progress(const mj_refresh_job* job, void* user);
void on_import_progress(const mj_import_job* job, void* user);

/* ---------------------------------------------------------------- signals.c */

/* The token SIGINT/SIGTERM trigger, made and armed by start_signal_thread()
   (which blocks both signals in the calling thread and those it starts). */
extern mj_cancel* g_cancel;
int start_signal_thread(mj_error** err);

/* ---------------------------------------------------------------- commands.c */

struct context {
  struct settings* s;
  mj_client* client;
  mj_call_options call;
  mj_wait_options wait;
  struct progress_view view;
};

int fail(struct context* c, mj_error* err, const mj_refresh_job* rjob, const mj_import_job* ijob);
int run_command(const struct command_help* h, struct context* c);

/* observe.c: -v's log hook (records to stderr) and --stats (counters to stderr). */
void cli_log_hook(const mj_log_record* record, void* user_data);
void print_stats(mj_client* client);

/* ---------------------------------------------------------------- snapshot.c */

int run_snapshot_command(const struct command_help* h, struct context* c);

/* ---------------------------------------------------------------- watch.c */

int cmd_watch(struct context* c);

#endif
