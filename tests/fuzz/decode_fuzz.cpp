// libFuzzer target over the JSON decoders of src/protocol (codec.cpp and the
// envelope in reply_error.cpp; cloud_codec.cpp). Input: byte 0 picks the
// route (the decoder; its top bit the Zilliz Cloud decoders), byte 1 the HTTP
// status, the rest is the answer body. Every input must end
// in a value or an mj::Error; anything else (another exception, a crash,
// undefined behaviour, a leak) is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/error.hpp"
#include "protocol/cloud_codec.hpp"
#include "protocol/codec.hpp"
#include "protocol/import_fast.hpp"
#include "protocol/snapshot_codec.hpp"

namespace {

using mj::protocol::Reply;
using mj::protocol::Route;

constexpr Route kRoutes[] = {Route::refresh,       Route::refresh_describe, Route::refresh_list,
                             Route::import_create, Route::import_describe,  Route::import_list,
                             Route::import_commit, Route::import_abort};
// The snapshot job routes, picked by bit 0x40 of the route byte.
constexpr Route kSnapshotRoutes[] = {Route::snapshot_export, Route::snapshot_restore, Route::snapshot_describe,
                                     Route::snapshot_list};
constexpr int kStatuses[] = {200, 200, 200, 200, 400, 401, 403, 404, 408, 429, 500, 502, 503, 504, 302, 0};

void check_error(const mj::Error& e) {
  const auto& info = e.info();
  // A failure always says what happened, and never carries the whole body.
  if (info.message.empty() || info.message.size() > 4096) std::abort();
  if (info.category == mj::Category::ok) std::abort();
}

bool same_file(const mj::protocol::ImportFile& a, const mj::protocol::ImportFile& b) {
  return a.file_name == b.file_name && a.file_size == b.file_size && a.progress == b.progress && a.state == b.state &&
         a.state_name == b.state_name && a.imported_rows == b.imported_rows && a.total_rows == b.total_rows &&
         a.complete_time == b.complete_time && a.complete_time_ms == b.complete_time_ms && a.reason == b.reason;
}

bool same_job(const mj::protocol::ImportJob& a, const mj::protocol::ImportJob& b) {
  if (a.details.size() != b.details.size()) return false;
  for (size_t i = 0; i < a.details.size(); ++i) {
    if (!same_file(a.details[i], b.details[i])) return false;
  }
  return a.job_id == b.job_id && a.collection_name == b.collection_name && a.state == b.state &&
         a.state_name == b.state_name && a.progress == b.progress && a.reason == b.reason &&
         a.imported_rows == b.imported_rows && a.total_rows == b.total_rows && a.file_size == b.file_size &&
         a.create_time == b.create_time && a.create_time_ms == b.create_time_ms && a.complete_time == b.complete_time &&
         a.complete_time_ms == b.complete_time_ms && a.file_name == b.file_name;
}

void decode(Route route, const Reply& reply) {
  switch (route) {
    case Route::refresh: {
      const int64_t id = mj::protocol::decode_refresh_created(reply);
      if (id <= 0) std::abort();  // the decoder promises a positive id
      break;
    }
    case Route::refresh_describe: (void)mj::protocol::decode_refresh_job(reply); break;
    case Route::refresh_list: (void)mj::protocol::decode_refresh_list(reply); break;
    case Route::import_create:
      if (mj::protocol::decode_import_created(reply).empty()) std::abort();
      break;
    case Route::import_describe:
      if (reply.errors != nullptr) {
        const auto job = mj::protocol::decode_cloud_import_job(reply);
        if (job.progress < 0 || job.progress > 100) std::abort();  // always a percentage
      } else {
        // The single-pass fast path must agree with the DOM decoder on every
        // body it takes (import_fast.cpp).
        mj::protocol::ImportJob fast;
        if (mj::protocol::detail::decode_import_job_fast(reply, fast)) {
          const auto dom = mj::protocol::detail::decode_import_job_dom(reply);
          if (!same_job(fast, dom)) std::abort();
        }
        (void)mj::protocol::decode_import_job(reply);
      }
      break;
    case Route::import_list:
      if (reply.errors != nullptr) {
        (void)mj::protocol::decode_cloud_import_list(reply);
      } else {
        (void)mj::protocol::decode_import_list(reply);
      }
      break;
    case Route::import_commit:
    case Route::import_abort: mj::protocol::decode_empty(reply); break;
    // Route bytes with bit 0x40 (kSnapshotRoutes; the seeds of kRoutes keep their bytes).
    case Route::snapshot_export: (void)mj::protocol::decode_snapshot_exported(reply); break;
    case Route::snapshot_restore: (void)mj::protocol::decode_snapshot_restore_started(reply); break;
    case Route::snapshot_describe: (void)mj::protocol::decode_snapshot_job(reply); break;
    case Route::snapshot_list: (void)mj::protocol::decode_snapshot_list(reply); break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const Route route = (data[0] & 0x40) != 0
                          ? kSnapshotRoutes[data[0] % (sizeof kSnapshotRoutes / sizeof kSnapshotRoutes[0])]
                          : kRoutes[data[0] % (sizeof kRoutes / sizeof kRoutes[0])];
  const int status = kStatuses[data[1] % (sizeof kStatuses / sizeof kStatuses[0])];
  const std::string_view body(reinterpret_cast<const char*>(data + 2), size - 2);
  try {
    // The high bit of the route byte: answered by the Zilliz Cloud control plane.
    decode(route, Reply{route, status, body, (data[0] & 0x80) != 0 ? &mj::protocol::cloud_errors() : nullptr});
  } catch (const mj::Error& e) {
    check_error(e);
  }
  // The spec checker reads caller input with the same JSON library.
  try {
    mj::protocol::check_external_spec(body);
  } catch (const mj::Error& e) {
    check_error(e);
  }
  return 0;
}
