/* milvus-jobs: jobs and errors as JSON (--json) or as text for a person. */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdio.h>

#include "cli.h"

/* ---------------------------------------------------------------- JSON output */

void json_string(FILE* out, const char* s) {
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

void json_refresh_job(FILE* out, const mj_refresh_job* j) {
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

void json_import_job(FILE* out, const mj_import_job* j) {
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
void json_error(FILE* out, const mj_error* err, const mj_refresh_job* rjob, const mj_import_job* ijob) {
  fputs("{\"error\":{\"status\":", out);
  json_string(out, mj_status_name(mj_error_status(err)));
  fputs(",\"message\":", out);
  json_string(out, mj_error_message(err));
  fprintf(out, ",\"serverCode\":%" PRId32 ",\"httpStatus\":%" PRId32 ",\"retriable\":%s,\"requestId\":",
          mj_error_server_code(err), mj_error_http_status(err), mj_error_is_retriable(err) ? "true" : "false");
  json_string(out, mj_error_request_id(err));
  fputs(",\"jobId\":", out);
  json_string(out, mj_error_job_id(err));
  if (mj_error_status(err) == MJ_EAMBIGUOUS) {
    size_t i;
    fputs(",\"candidates\":[", out);
    for (i = 0; i < mj_error_candidate_count(err); ++i) {
      if (i) fputc(',', out);
      json_string(out, mj_error_candidate_id(err, i));
    }
    fputc(']', out);
  }
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

void print_refresh_job(const mj_refresh_job* j) {
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

void print_import_job(const mj_import_job* j) {
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
