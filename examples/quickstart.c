/* The README's C quickstart: start an import and read its progress once. */
#include <stdio.h>

#include "milvus_jobs.h"

int main(void) {
  mj_client_options opts = MJ_CLIENT_OPTIONS_INIT;
  mj_client *client = NULL;
  mj_error *err = NULL;
  const char *files[] = {"import/books-part1.json"};
  mj_import_request req = MJ_IMPORT_REQUEST_INIT;
  char *job_id = NULL;
  mj_import_job *job = NULL;

  opts.uri = "http://127.0.0.1:19530";
  opts.token = "root:Milvus"; /* or an API key */
  if (mj_client_new(&client, &opts, &err) != MJ_OK) goto fail;

  req.collection_name = "books";
  req.files = files;
  req.file_count = 1;
  if (mj_bulk_import(&job_id, client, &req, NULL, &err) != MJ_OK) goto fail;

  if (mj_get_import_progress(&job, client, job_id, NULL, &err) != MJ_OK) goto fail;
  printf("job %s: %s %lld%%\n", job->job_id, job->state_name, (long long)job->progress);

  mj_import_job_free(job);
  mj_free(job_id);
  mj_client_free(client);
  return 0;

fail:
  fprintf(stderr, "%s: %s\n", mj_status_name(mj_error_status(err)), mj_error_message(err));
  mj_error_free(err);
  mj_free(job_id);
  mj_client_free(client);
  return 1;
}
