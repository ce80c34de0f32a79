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
  import_abort
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
  }
  return "";
}

constexpr bool is_refresh_route(Route r) noexcept {
  return r == Route::refresh || r == Route::refresh_describe || r == Route::refresh_list;
}

// Creates start work on the server: never repeated once they may have arrived.
constexpr bool is_create_route(Route r) noexcept { return r == Route::refresh || r == Route::import_create; }

}  // namespace mj::protocol
