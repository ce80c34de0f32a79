// The REST v2 job routes (docs/protocol.md, "Routes"). All are POST.
#pragma once

#include <string_view>

namespace mj::protocol {

enum class Route {
  refresh,
  refresh_describe,
  refresh_list,
  import_create,
  import_describe,
  import_list,
  import_commit,
  import_abort,
  // Snapshot jobs (snapshot_codec.hpp).
  snapshot_export,
  snapshot_restore,
  snapshot_describe,
  snapshot_list
};

constexpr std::string_view route_path(Route r) noexcept {
  switch (r) {
    case Route::refresh: return "/v2/vectordb/jobs/external_collection/refresh";
    case Route::refresh_describe: return "/v2/vectordb/jobs/external_collection/describe";
    case Route::refresh_list: return "/v2/vectordb/jobs/external_collection/list";
    case Route::import_create: return "/v2/vectordb/jobs/import/create";
    case Route::import_describe: return "/v2/vectordb/jobs/import/describe";
    case Route::import_list: return "/v2/vectordb/jobs/import/list";
    case Route::import_commit: return "/v2/vectordb/jobs/import/commit";
    case Route::import_abort: return "/v2/vectordb/jobs/import/abort";
    case Route::snapshot_export: return "/v2/vectordb/jobs/snapshot/export";
    case Route::snapshot_restore: return "/v2/vectordb/jobs/snapshot/restore_external";
    case Route::snapshot_describe: return "/v2/vectordb/jobs/snapshot/describe";
    case Route::snapshot_list: return "/v2/vectordb/jobs/snapshot/list";
  }
  return "";
}

constexpr bool is_refresh_route(Route r) noexcept {
  return r == Route::refresh || r == Route::refresh_describe || r == Route::refresh_list;
}

constexpr bool is_snapshot_route(Route r) noexcept {
  return r == Route::snapshot_export || r == Route::snapshot_restore || r == Route::snapshot_describe ||
         r == Route::snapshot_list;
}

// Creates start work on the server (an export writes to storage): never
// repeated once they may have arrived.
constexpr bool is_create_route(Route r) noexcept {
  return r == Route::refresh || r == Route::import_create || r == Route::snapshot_export ||
         r == Route::snapshot_restore;
}

}  // namespace mj::protocol
