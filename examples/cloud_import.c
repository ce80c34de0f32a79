/*
 * cloud_import.c -- a bulk import on Zilliz Cloud: create the job from object
 * URLs, read its progress, and list the cluster's import jobs page by page.
 *
 *   cloud_import API_KEY CLUSTER_ID COLLECTION URL... [--uri URI]
 *
 * Without --uri it talks to MJ_ZILLIZ_CLOUD_URI. Storage credentials, when the
 * bucket needs them, come from the environment (MJ_ACCESS_KEY, MJ_SECRET_KEY).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "milvus_jobs.h"

static int fail(mj_error* err) {
  fprintf(stderr, "%s: %s\n", mj_status_name(mj_error_status(err)), mj_error_message(err));
  mj_error_free(err);
  return 1;
}

int main(int argc, char** argv) {
  mj_client_options opts = MJ_CLIENT_OPTIONS_INIT;
  mj_import_request req = MJ_IMPORT_REQUEST_INIT;
  mj_import_list_request page = MJ_IMPORT_LIST_REQUEST_INIT;
  mj_client* client = NULL;
  mj_import_job* job = NULL;
  mj_import_job_list* list = NULL;
  mj_error* err = NULL;
  char* job_id = NULL;
  const char** urls = NULL;
  size_t url_count = 0;
  int i;

  if (argc < 5) {
    fprintf(stderr, "usage: %s API_KEY CLUSTER_ID COLLECTION URL... [--uri URI]\n", argv[0]);
    return 2;
  }
  urls = calloc((size_t)argc, sizeof *urls);
  if (!urls) return 1;
  for (i = 4; i < argc; ++i) {
    if (strcmp(argv[i], "--uri") == 0 && i + 1 < argc) {
      opts.uri = argv[++i];
    } else {
      urls[url_count++] = argv[i];
    }
  }

  opts.deployment = MJ_DEPLOYMENT_ZILLIZ_CLOUD; /* uri NULL: MJ_ZILLIZ_CLOUD_URI */
  opts.token = argv[1];                         /* the API key */
  opts.cloud_cluster_id = argv[2];              /* or cloud_project_id + cloud_region_id */
  if (mj_client_new(&client, &opts, &err) != MJ_OK) goto failed;

  req.collection_name = argv[3];
  req.files = urls; /* each URL is its own group; a folder URL ends with "/" */
  req.file_count = url_count;
  req.access_key = getenv("MJ_ACCESS_KEY"); /* NULL when unset: no credentials sent */
  req.secret_key = getenv("MJ_SECRET_KEY");
  if (mj_bulk_import(&job_id, client, &req, NULL, &err) != MJ_OK) goto failed;
  printf("created %s\n", job_id);

  if (mj_get_import_progress(&job, client, job_id, NULL, &err) != MJ_OK) goto failed;
  printf("%s: %s %lld%% (%s)\n", job->job_id, job->state_name, (long long)job->progress, job->file_name);

  page.page_size = 10;
  for (page.current_page = 1;; ++page.current_page) {
    size_t k;
    if (mj_list_import_jobs_page(&list, client, &page, NULL, &err) != MJ_OK) goto failed;
    for (k = 0; k < list->count; ++k) {
      printf("page %lld: %s %s\n", (long long)list->current_page, list->items[k]->job_id, list->items[k]->state_name);
    }
    if (list->count == 0 || list->current_page * list->page_size >= list->total_count) break;
    mj_import_job_list_free(list);
    list = NULL;
  }

  mj_import_job_list_free(list);
  mj_import_job_free(job);
  mj_free(job_id);
  mj_client_free(client);
  free(urls);
  return 0;

failed:
  mj_import_job_list_free(list);
  mj_import_job_free(job);
  mj_free(job_id);
  mj_client_free(client);
  free(urls);
  return fail(err);
}
