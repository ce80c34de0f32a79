/*
 * layout.c -- the memory layout of every public struct, for the bindings.
 *
 * Prints one line per struct and per field:
 *
 *   mj_client_options 0 96             the struct: offset 0, sizeof
 *   mj_client_options.uri 8 8          a field: offsetof, sizeof
 *
 * in declaration order. Bindings (cffi, koffi, cgo, ctest2) compare their own
 * struct definitions against this table; check_layout.sh compares the field
 * list with the header (none missing) and, on LP64 targets, the whole table
 * with the committed layout.lp64.txt (fields are only ever appended).
 *
 * The _Static_asserts hold on every target: struct_size is a uint32_t at
 * offset 0, every int64_t field is an int64_t at an 8-aligned offset, and
 * the enums are int-sized (bindings declare them int32); the one uint64_t
 * field (mj_async_result.tag) is 8-aligned too.
 */
#include "milvus_jobs.h"

#include <stdio.h>

#define MEMBER_SIZE(T, f) sizeof(((T *)0)->f)

#define ASSERT_HEAD(T)                                                                             \
  _Static_assert(offsetof(T, struct_size) == 0, #T ".struct_size is at offset 0");              \
  _Static_assert(_Generic(((T *)0)->struct_size, uint32_t: 1, default: 0),                      \
                 #T ".struct_size is a uint32_t")

#define ASSERT_I64(T, f)                                                                           \
  _Static_assert(_Generic(((T *)0)->f, int64_t: 1, default: 0), #T "." #f " is an int64_t");    \
  _Static_assert(offsetof(T, f) % 8 == 0, #T "." #f " is 8-aligned")

#define ASSERT_U64(T, f)                                                                           \
  _Static_assert(_Generic(((T *)0)->f, uint64_t: 1, default: 0), #T "." #f " is a uint64_t");   \
  _Static_assert(offsetof(T, f) % 8 == 0, #T "." #f " is 8-aligned")

ASSERT_HEAD(mj_client_options);
ASSERT_I64(mj_client_options, connect_timeout_ms);
ASSERT_I64(mj_client_options, request_timeout_ms);
ASSERT_I64(mj_client_options, retry_initial_backoff_ms);
ASSERT_I64(mj_client_options, retry_max_backoff_ms);
ASSERT_I64(mj_client_options, max_response_bytes);
ASSERT_I64(mj_client_options, max_list_response_bytes);

ASSERT_HEAD(mj_log_record);
ASSERT_I64(mj_log_record, duration_us);
ASSERT_I64(mj_log_record, backoff_ms);

ASSERT_HEAD(mj_client_stats);
ASSERT_I64(mj_client_stats, requests);
ASSERT_I64(mj_client_stats, bytes_sent);

ASSERT_HEAD(mj_call_options);
ASSERT_I64(mj_call_options, timeout_ms);

ASSERT_HEAD(mj_refresh_request);

ASSERT_HEAD(mj_refresh_job);
ASSERT_I64(mj_refresh_job, job_id);
ASSERT_I64(mj_refresh_job, progress);
ASSERT_I64(mj_refresh_job, start_time_ms);
ASSERT_I64(mj_refresh_job, end_time_ms);

ASSERT_HEAD(mj_refresh_job_list);

ASSERT_HEAD(mj_import_request);

ASSERT_HEAD(mj_import_file);
ASSERT_I64(mj_import_file, file_size);
ASSERT_I64(mj_import_file, progress);
ASSERT_I64(mj_import_file, imported_rows);
ASSERT_I64(mj_import_file, total_rows);
ASSERT_I64(mj_import_file, complete_time_ms);

ASSERT_HEAD(mj_import_job);
ASSERT_I64(mj_import_job, progress);
ASSERT_I64(mj_import_job, imported_rows);
ASSERT_I64(mj_import_job, total_rows);
ASSERT_I64(mj_import_job, file_size);
ASSERT_I64(mj_import_job, create_time_ms);
ASSERT_I64(mj_import_job, complete_time_ms);

ASSERT_HEAD(mj_import_job_list);
ASSERT_I64(mj_import_job_list, total_count);
ASSERT_I64(mj_import_job_list, page_size);
ASSERT_I64(mj_import_job_list, current_page);

ASSERT_HEAD(mj_import_list_request);
ASSERT_I64(mj_import_list_request, page_size);
ASSERT_I64(mj_import_list_request, current_page);

ASSERT_HEAD(mj_wait_options);
ASSERT_I64(mj_wait_options, timeout_ms);
ASSERT_I64(mj_wait_options, initial_interval_ms);
ASSERT_I64(mj_wait_options, max_interval_ms);

ASSERT_HEAD(mj_watcher_options);
ASSERT_I64(mj_watcher_options, interval_ms);
ASSERT_I64(mj_watcher_options, poll_timeout_ms);

ASSERT_HEAD(mj_watch_event);
ASSERT_I64(mj_watch_event, refresh_job_id);
ASSERT_I64(mj_watch_event, snapshot_job_id);

ASSERT_HEAD(mj_export_snapshot_request);
ASSERT_HEAD(mj_restore_snapshot_request);
ASSERT_HEAD(mj_snapshot_job);
ASSERT_I64(mj_snapshot_job, job_id);
ASSERT_I64(mj_snapshot_job, progress);
ASSERT_I64(mj_snapshot_job, start_time_ms);
ASSERT_I64(mj_snapshot_job, time_cost_ms);
ASSERT_HEAD(mj_snapshot_job_list);

ASSERT_HEAD(mj_async_options);
ASSERT_HEAD(mj_async_result);
ASSERT_U64(mj_async_result, tag);
_Static_assert(sizeof(mj_snapshot_state) == 4, "mj_snapshot_state is int32-sized");
_Static_assert(sizeof(mj_status) == 4, "mj_status is int32-sized");
_Static_assert(sizeof(mj_refresh_state) == 4, "mj_refresh_state is int32-sized");
_Static_assert(sizeof(mj_import_state) == 4, "mj_import_state is int32-sized");
_Static_assert(sizeof(mj_import_file_state) == 4, "mj_import_file_state is int32-sized");
_Static_assert(sizeof(mj_deployment) == 4, "mj_deployment is int32-sized");
_Static_assert(sizeof(mj_job_kind) == 4, "mj_job_kind is int32-sized");
_Static_assert(sizeof(mj_log_level) == 4, "mj_log_level is int32-sized");

struct row {
  const char *name;
  size_t offset;
  size_t size;
};

#define STRUCT(T) {#T, 0, sizeof(T)}
#define FIELD(T, f) {#T "." #f, offsetof(T, f), MEMBER_SIZE(T, f)}

static const struct row rows[] = {
    STRUCT(mj_log_record),
    FIELD(mj_log_record, struct_size),
    FIELD(mj_log_record, level),
    FIELD(mj_log_record, event),
    FIELD(mj_log_record, message),
    FIELD(mj_log_record, operation),
    FIELD(mj_log_record, route),
    FIELD(mj_log_record, attempt),
    FIELD(mj_log_record, status),
    FIELD(mj_log_record, http_status),
    FIELD(mj_log_record, server_code),
    FIELD(mj_log_record, duration_us),
    FIELD(mj_log_record, backoff_ms),
    FIELD(mj_log_record, request_id),
    FIELD(mj_log_record, trace_id),
    FIELD(mj_log_record, connection_reused),

    STRUCT(mj_client_options),
    FIELD(mj_client_options, struct_size),
    FIELD(mj_client_options, uri),
    FIELD(mj_client_options, token),
    FIELD(mj_client_options, db_name),
    FIELD(mj_client_options, connect_timeout_ms),
    FIELD(mj_client_options, request_timeout_ms),
    FIELD(mj_client_options, tls_insecure_skip_verify),
    FIELD(mj_client_options, tls_ca_file),
    FIELD(mj_client_options, tls_ca_path),
    FIELD(mj_client_options, user_agent),
    FIELD(mj_client_options, extra_headers),
    FIELD(mj_client_options, extra_header_count),
    FIELD(mj_client_options, max_attempts),
    FIELD(mj_client_options, retry_initial_backoff_ms),
    FIELD(mj_client_options, retry_max_backoff_ms),
    FIELD(mj_client_options, max_response_bytes),
    FIELD(mj_client_options, max_list_response_bytes),
    FIELD(mj_client_options, deployment),
    FIELD(mj_client_options, cloud_cluster_id),
    FIELD(mj_client_options, cloud_project_id),
    FIELD(mj_client_options, cloud_region_id),
    FIELD(mj_client_options, cloud_project_endpoint),
    FIELD(mj_client_options, tls_client_cert_file),
    FIELD(mj_client_options, tls_client_key_file),
    FIELD(mj_client_options, tls_client_key_password),
    FIELD(mj_client_options, tls_server_name),
    FIELD(mj_client_options, proxy),
    FIELD(mj_client_options, no_proxy),
    FIELD(mj_client_options, log_fn),
    FIELD(mj_client_options, log_user_data),
    FIELD(mj_client_options, log_level),
    FIELD(mj_client_options, disable_create_reconciliation),

    STRUCT(mj_client_stats),
    FIELD(mj_client_stats, struct_size),
    FIELD(mj_client_stats, requests),
    FIELD(mj_client_stats, attempts),
    FIELD(mj_client_stats, retries_transport),
    FIELD(mj_client_stats, retries_timeout),
    FIELD(mj_client_stats, retries_rate_limited),
    FIELD(mj_client_stats, retries_server),
    FIELD(mj_client_stats, bytes_sent),
    FIELD(mj_client_stats, bytes_received),
    FIELD(mj_client_stats, connections_opened),
    FIELD(mj_client_stats, connections_reused),
    FIELD(mj_client_stats, answers_by_status),

    STRUCT(mj_call_options),
    FIELD(mj_call_options, struct_size),
    FIELD(mj_call_options, timeout_ms),
    FIELD(mj_call_options, cancel),
    FIELD(mj_call_options, db_name),
    FIELD(mj_call_options, max_attempts),
    FIELD(mj_call_options, headers),
    FIELD(mj_call_options, header_count),

    STRUCT(mj_create_outcome),
    FIELD(mj_create_outcome, struct_size),
    FIELD(mj_create_outcome, recovered),
    FIELD(mj_create_outcome, attempts),

    STRUCT(mj_refresh_request),
    FIELD(mj_refresh_request, struct_size),
    FIELD(mj_refresh_request, collection_name),
    FIELD(mj_refresh_request, external_source),
    FIELD(mj_refresh_request, external_spec),

    STRUCT(mj_refresh_job),
    FIELD(mj_refresh_job, struct_size),
    FIELD(mj_refresh_job, job_id),
    FIELD(mj_refresh_job, collection_name),
    FIELD(mj_refresh_job, state),
    FIELD(mj_refresh_job, state_name),
    FIELD(mj_refresh_job, progress),
    FIELD(mj_refresh_job, reason),
    FIELD(mj_refresh_job, external_source),
    FIELD(mj_refresh_job, external_spec),
    FIELD(mj_refresh_job, start_time_ms),
    FIELD(mj_refresh_job, end_time_ms),

    STRUCT(mj_refresh_job_list),
    FIELD(mj_refresh_job_list, struct_size),
    FIELD(mj_refresh_job_list, count),
    FIELD(mj_refresh_job_list, items),

    STRUCT(mj_import_request),
    FIELD(mj_import_request, struct_size),
    FIELD(mj_import_request, collection_name),
    FIELD(mj_import_request, partition_name),
    FIELD(mj_import_request, files),
    FIELD(mj_import_request, file_count),
    FIELD(mj_import_request, group_sizes),
    FIELD(mj_import_request, group_count),
    FIELD(mj_import_request, option_keys),
    FIELD(mj_import_request, option_values),
    FIELD(mj_import_request, option_count),
    FIELD(mj_import_request, volume_name),
    FIELD(mj_import_request, access_key),
    FIELD(mj_import_request, secret_key),
    FIELD(mj_import_request, session_token),

    STRUCT(mj_import_file),
    FIELD(mj_import_file, struct_size),
    FIELD(mj_import_file, file_name),
    FIELD(mj_import_file, file_size),
    FIELD(mj_import_file, progress),
    FIELD(mj_import_file, state),
    FIELD(mj_import_file, state_name),
    FIELD(mj_import_file, imported_rows),
    FIELD(mj_import_file, total_rows),
    FIELD(mj_import_file, complete_time),
    FIELD(mj_import_file, complete_time_ms),
    FIELD(mj_import_file, reason),

    STRUCT(mj_import_job),
    FIELD(mj_import_job, struct_size),
    FIELD(mj_import_job, job_id),
    FIELD(mj_import_job, collection_name),
    FIELD(mj_import_job, state),
    FIELD(mj_import_job, state_name),
    FIELD(mj_import_job, progress),
    FIELD(mj_import_job, reason),
    FIELD(mj_import_job, imported_rows),
    FIELD(mj_import_job, total_rows),
    FIELD(mj_import_job, file_size),
    FIELD(mj_import_job, create_time),
    FIELD(mj_import_job, create_time_ms),
    FIELD(mj_import_job, complete_time),
    FIELD(mj_import_job, complete_time_ms),
    FIELD(mj_import_job, detail_count),
    FIELD(mj_import_job, details),
    FIELD(mj_import_job, file_name),

    STRUCT(mj_import_job_list),
    FIELD(mj_import_job_list, struct_size),
    FIELD(mj_import_job_list, count),
    FIELD(mj_import_job_list, items),
    FIELD(mj_import_job_list, total_count),
    FIELD(mj_import_job_list, page_size),
    FIELD(mj_import_job_list, current_page),

    STRUCT(mj_import_list_request),
    FIELD(mj_import_list_request, struct_size),
    FIELD(mj_import_list_request, collection_name),
    FIELD(mj_import_list_request, page_size),
    FIELD(mj_import_list_request, current_page),

    STRUCT(mj_export_snapshot_request),
    FIELD(mj_export_snapshot_request, struct_size),
    FIELD(mj_export_snapshot_request, collection_name),
    FIELD(mj_export_snapshot_request, snapshot_name),
    FIELD(mj_export_snapshot_request, target_path),
    FIELD(mj_export_snapshot_request, external_spec),

    STRUCT(mj_restore_snapshot_request),
    FIELD(mj_restore_snapshot_request, struct_size),
    FIELD(mj_restore_snapshot_request, target_collection_name),
    FIELD(mj_restore_snapshot_request, snapshot_uri),
    FIELD(mj_restore_snapshot_request, external_spec),

    STRUCT(mj_snapshot_job),
    FIELD(mj_snapshot_job, struct_size),
    FIELD(mj_snapshot_job, job_id),
    FIELD(mj_snapshot_job, snapshot_name),
    FIELD(mj_snapshot_job, db_name),
    FIELD(mj_snapshot_job, collection_name),
    FIELD(mj_snapshot_job, state),
    FIELD(mj_snapshot_job, state_name),
    FIELD(mj_snapshot_job, progress),
    FIELD(mj_snapshot_job, reason),
    FIELD(mj_snapshot_job, start_time_ms),
    FIELD(mj_snapshot_job, time_cost_ms),

    STRUCT(mj_snapshot_job_list),
    FIELD(mj_snapshot_job_list, struct_size),
    FIELD(mj_snapshot_job_list, count),
    FIELD(mj_snapshot_job_list, items),

    STRUCT(mj_wait_options),
    FIELD(mj_wait_options, struct_size),
    FIELD(mj_wait_options, timeout_ms),
    FIELD(mj_wait_options, initial_interval_ms),
    FIELD(mj_wait_options, max_interval_ms),
    FIELD(mj_wait_options, cancel),
    FIELD(mj_wait_options, db_name),

    STRUCT(mj_watcher_options),
    FIELD(mj_watcher_options, struct_size),
    FIELD(mj_watcher_options, max_connections),
    FIELD(mj_watcher_options, interval_ms),
    FIELD(mj_watcher_options, poll_timeout_ms),
    FIELD(mj_watcher_options, cancel),
    FIELD(mj_watcher_options, db_name),

    STRUCT(mj_watch_event),
    FIELD(mj_watch_event, struct_size),
    FIELD(mj_watch_event, kind),
    FIELD(mj_watch_event, refresh_job_id),
    FIELD(mj_watch_event, import_job_id),
    FIELD(mj_watch_event, status),
    FIELD(mj_watch_event, error),
    FIELD(mj_watch_event, refresh),
    FIELD(mj_watch_event, import_job),
    FIELD(mj_watch_event, done),
    FIELD(mj_watch_event, snapshot_job_id),
    FIELD(mj_watch_event, snapshot),

    STRUCT(mj_async_options),
    FIELD(mj_async_options, struct_size),
    FIELD(mj_async_options, max_in_flight),
    FIELD(mj_async_options, on_socket),
    FIELD(mj_async_options, on_timer),
    FIELD(mj_async_options, user_data),

    STRUCT(mj_async_result),
    FIELD(mj_async_result, struct_size),
    FIELD(mj_async_result, kind),
    FIELD(mj_async_result, tag),
    FIELD(mj_async_result, status),
    FIELD(mj_async_result, error),
    FIELD(mj_async_result, refresh),
    FIELD(mj_async_result, import_job),
    FIELD(mj_async_result, snapshot),
};

int main(void) {
  size_t i;
  for (i = 0; i < sizeof rows / sizeof rows[0]; ++i)
    printf("%s %zu %zu\n", rows[i].name, rows[i].offset, rows[i].size);
  return 0;
}
