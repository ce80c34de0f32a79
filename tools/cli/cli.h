/*
 * The milvus-jobs command line, split by role: args.c (options, usage and
 * help), output.c (JSON and human output), progress.c (the progress bar),
 * signals.c (Ctrl-C cancels the call), commands.c (one function a command),
 * main.c (puts them together). Written against the public C API only.
 */
#ifndef MILVUS_JOBS_CLI_H
#define MILVUS_JOBS_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "milvus_jobs.h"

/* ---------------------------------------------------------------- exit codes */

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

int exit_code_of(mj_status s);

/* ---------------------------------------------------------------- args.c */

#define MAX_ITEMS 1024

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

/* ---------------------------------------------------------------- output.c */

void json_string(FILE* out, const char* s);
void json_refresh_job(FILE* out, const mj_refresh_job* j);
void json_import_job(FILE* out, const mj_import_job* j);
void json_error(FILE* out, const mj_error* err, const mj_refresh_job* rjob, const mj_import_job* ijob);
void print_refresh_job(const mj_refresh_job* j);
void print_import_job(const mj_import_job* j);

/* ---------------------------------------------------------------- progress.c */

struct progress_view {
  int enabled;
  int tty;
  int drawn; /* a bar is on the current line */
  const char* noun;
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

#endif
