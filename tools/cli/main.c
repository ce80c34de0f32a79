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

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int exit_code_of(mj_status s) {
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
    case MJ_EAMBIGUOUS: return EXIT_AMBIGUOUS;
    case MJ_ECANCELLED: return EXIT_INTERRUPTED;
    default: return EXIT_SERVER;
  }
}

int main(int argc, char** argv) {
  struct settings s;
  struct context c;
  const struct command_help* h;
  mj_client_options opts = MJ_CLIENT_OPTIONS_INIT;
  mj_error* err = NULL;
  int rc;

  if ((rc = parse_args(argc, argv, &s))) return rc;
  if (s.list_commands || s.list_options) {
    print_completion_words(&s);
    return EXIT_OK;
  }
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
  if ((s.page || s.page_size || s.all) && strcmp(h->name, "import-list") != 0)
    return usage_error("--page, --page-size and --all are options of import-list, not of %s", h->name);
  if (s.all && s.page) return usage_error("--all lists every page: give --page or --all, not both");
  if ((s.collection_count || s.connections) && strcmp(h->name, "watch") != 0)
    return usage_error("--collection and --connections are options of watch, not of %s", h->name);
  if (s.volume && strcmp(h->name, "import") != 0)
    return usage_error("--volume is an option of import, not of %s", h->name);
  if (s.volume && !s.cloud)
    return usage_error(
        "--volume names a Zilliz Cloud volume: add --cloud with --cluster-id (or --project-id and "
        "--region-id)");
  if (s.region_id && !s.cloud) return usage_error("--region-id goes with --project-id (Zilliz Cloud)");
  if (s.cloud && !s.cluster_id && !s.project_id)
    return usage_error(
        "Zilliz Cloud needs a target: --cluster-id ID, or --project-id ID with --region-id ID "
        "(or MILVUS_CLUSTER_ID, or MILVUS_PROJECT_ID with MILVUS_REGION_ID)");
  if (s.cluster_id && (s.project_id || s.region_id))
    return usage_error("give --cluster-id, or --project-id with --region-id, not both");
  if (s.project_endpoint && !s.project_id)
    return usage_error("--project-endpoint goes with --project-id and --region-id (Zilliz Cloud)");
  if (s.project_id && !s.region_id)
    return usage_error("--project-id needs --region-id (the project's region, e.g. aws-us-west-2)");

  memset(&c, 0, sizeof c);
  c.s = &s;
  if (start_signal_thread(&err) != 0) return fail(NULL, err, NULL, NULL);

  if (s.cloud) {
    /* No uri: the library's default, the public control plane. */
    opts.deployment = MJ_DEPLOYMENT_ZILLIZ_CLOUD;
    opts.cloud_cluster_id = s.cluster_id;
    opts.cloud_project_id = s.project_id;
    opts.cloud_region_id = s.region_id;
    opts.cloud_project_endpoint = s.project_endpoint;
  } else if (!s.uri) {
    s.uri = "http://127.0.0.1:19530";
  }
  opts.uri = s.uri;
  opts.token = s.token;
  opts.db_name = s.db;
  opts.request_timeout_ms = s.timeout_ms;
  opts.tls_ca_file = s.ca_file;
  opts.tls_insecure_skip_verify = s.insecure;
  if (s.verbose > 0) {
    opts.log_fn = cli_log_hook;
    opts.log_level = s.verbose > 1 ? MJ_LOG_DEBUG : MJ_LOG_INFO;
  }
  if (mj_client_new(&c.client, &opts, &err) != MJ_OK) return fail(&c, err, NULL, NULL);

  mj_call_options_init(&c.call, sizeof c.call);
  c.call.cancel = g_cancel;
  mj_wait_options_init(&c.wait, sizeof c.wait);
  c.wait.cancel = g_cancel;
  c.wait.timeout_ms = s.wait_timeout_ms;
  c.wait.initial_interval_ms = s.interval_ms;
  c.view.enabled = s.progress && !s.json;
  c.view.tty = isatty(STDOUT_FILENO);

  rc = run_command(h, &c);
  if (s.stats) print_stats(c.client);
  mj_client_free(c.client);
  /* g_cancel stays: the signal thread may still hold it until exit. */
  fflush(stdout);
  return rc;
}
