// Where each field of the public input structs lies. read_struct() refuses a
// struct_size that cuts a field in two (half a pointer would be copied and
// then used); a size between two fields, in padding or at sizeof, is whole
// fields and is read as such. Every released layout ends between fields
// (0.1's mj_call_options after db_name, 0.2's after max_attempts), so each of
// them is accepted. A field appended to a struct is appended here too (a
// static_assert in read_struct() catches a forgotten one).
#pragma once

#include <cstddef>

#include "milvus_jobs.h"

namespace mj::capi {

struct FieldSpan {
  size_t offset;
  size_t size;
};

// FieldSpans<T>::fields: every field of T, in order.
template <class T>
struct FieldSpans;

// The size of a member's type (sizeof of a type, not of an expression: a
// member that is a pointer is meant to be measured as a pointer).
template <class S, class M>
constexpr size_t member_size(M S::*) noexcept {
  return sizeof(M);  // NOLINT(bugprone-sizeof-expression): a pointer member is measured as a pointer
}

#define MJ_FIELD(T, f) \
  FieldSpan { offsetof(T, f), member_size(&T::f) }

template <>
struct FieldSpans<mj_client_options> {
  using T = mj_client_options;
  static constexpr FieldSpan fields[] = {
      MJ_FIELD(T, struct_size),
      MJ_FIELD(T, uri),
      MJ_FIELD(T, token),
      MJ_FIELD(T, db_name),
      MJ_FIELD(T, connect_timeout_ms),
      MJ_FIELD(T, request_timeout_ms),
      MJ_FIELD(T, tls_insecure_skip_verify),
      MJ_FIELD(T, tls_ca_file),
      MJ_FIELD(T, tls_ca_path),
      MJ_FIELD(T, user_agent),
      MJ_FIELD(T, extra_headers),
      MJ_FIELD(T, extra_header_count),
      MJ_FIELD(T, max_attempts),
      MJ_FIELD(T, retry_initial_backoff_ms),
      MJ_FIELD(T, retry_max_backoff_ms),
      MJ_FIELD(T, max_response_bytes),
      MJ_FIELD(T, max_list_response_bytes),
      MJ_FIELD(T, deployment),
      MJ_FIELD(T, cloud_cluster_id),
      MJ_FIELD(T, cloud_project_id),
      MJ_FIELD(T, cloud_region_id),
      MJ_FIELD(T, cloud_project_endpoint),
      MJ_FIELD(T, tls_client_cert_file),
      MJ_FIELD(T, tls_client_key_file),
      MJ_FIELD(T, tls_client_key_password),
      MJ_FIELD(T, tls_server_name),
      MJ_FIELD(T, proxy),
      MJ_FIELD(T, no_proxy),
      MJ_FIELD(T, log_fn),
      MJ_FIELD(T, log_user_data),
      MJ_FIELD(T, log_level),
      MJ_FIELD(T, disable_create_reconciliation),
  };
};

template <>
struct FieldSpans<mj_call_options> {
  using T = mj_call_options;
  static constexpr FieldSpan fields[] = {
      MJ_FIELD(T, struct_size),  MJ_FIELD(T, timeout_ms), MJ_FIELD(T, cancel),       MJ_FIELD(T, db_name),
      MJ_FIELD(T, max_attempts), MJ_FIELD(T, headers),    MJ_FIELD(T, header_count),
  };
};

template <>
struct FieldSpans<mj_refresh_request> {
  using T = mj_refresh_request;
  static constexpr FieldSpan fields[] = {
      MJ_FIELD(T, struct_size),
      MJ_FIELD(T, collection_name),
      MJ_FIELD(T, external_source),
      MJ_FIELD(T, external_spec),
  };
};

template <>
struct FieldSpans<mj_import_request> {
  using T = mj_import_request;
  static constexpr FieldSpan fields[] = {
      MJ_FIELD(T, struct_size),   MJ_FIELD(T, collection_name), MJ_FIELD(T, partition_name), MJ_FIELD(T, files),
      MJ_FIELD(T, file_count),    MJ_FIELD(T, group_sizes),     MJ_FIELD(T, group_count),    MJ_FIELD(T, option_keys),
      MJ_FIELD(T, option_values), MJ_FIELD(T, option_count),    MJ_FIELD(T, volume_name),    MJ_FIELD(T, access_key),
      MJ_FIELD(T, secret_key),    MJ_FIELD(T, session_token),
  };
};

template <>
struct FieldSpans<mj_import_list_request> {
  using T = mj_import_list_request;
  static constexpr FieldSpan fields[] = {
      MJ_FIELD(T, struct_size),
      MJ_FIELD(T, collection_name),
      MJ_FIELD(T, page_size),
      MJ_FIELD(T, current_page),
  };
};

template <>
struct FieldSpans<mj_wait_options> {
  using T = mj_wait_options;
  static constexpr FieldSpan fields[] = {
      MJ_FIELD(T, struct_size),     MJ_FIELD(T, timeout_ms), MJ_FIELD(T, initial_interval_ms),
      MJ_FIELD(T, max_interval_ms), MJ_FIELD(T, cancel),     MJ_FIELD(T, db_name),
  };
};

template <>
struct FieldSpans<mj_watcher_options> {
  using T = mj_watcher_options;
  static constexpr FieldSpan fields[] = {
      MJ_FIELD(T, struct_size),     MJ_FIELD(T, max_connections), MJ_FIELD(T, interval_ms),
      MJ_FIELD(T, poll_timeout_ms), MJ_FIELD(T, cancel),          MJ_FIELD(T, db_name),
  };
};

template <>
struct FieldSpans<mj_export_snapshot_request> {
  using T = mj_export_snapshot_request;
  static constexpr FieldSpan fields[] = {
      MJ_FIELD(T, struct_size), MJ_FIELD(T, collection_name), MJ_FIELD(T, snapshot_name),
      MJ_FIELD(T, target_path), MJ_FIELD(T, external_spec),
  };
};

template <>
struct FieldSpans<mj_restore_snapshot_request> {
  using T = mj_restore_snapshot_request;
  static constexpr FieldSpan fields[] = {
      MJ_FIELD(T, struct_size),
      MJ_FIELD(T, target_collection_name),
      MJ_FIELD(T, snapshot_uri),
      MJ_FIELD(T, external_spec),
  };
};

template <>
struct FieldSpans<mj_async_options> {
  using T = mj_async_options;
  static constexpr FieldSpan fields[] = {
      MJ_FIELD(T, struct_size), MJ_FIELD(T, max_in_flight), MJ_FIELD(T, on_socket),
      MJ_FIELD(T, on_timer),    MJ_FIELD(T, user_data),
  };
};

#undef MJ_FIELD

// Whether the first `size` bytes of a T hold whole fields only: no field of
// T starts before `size` and ends after it.
template <class T>
constexpr bool ends_between_fields(size_t size) noexcept {
  for (const FieldSpan& f : FieldSpans<T>::fields) {
    if (f.offset < size && size < f.offset + f.size) return false;
  }
  return true;
}

}  // namespace mj::capi
