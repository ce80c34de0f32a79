// The snapshot job functions of the header: export, restore, describe, list
// and their frees. mj_wait_restore_snapshot is in wait.cpp, the watcher's
// pair in watch.cpp.
#include <cstdlib>
#include <cstring>

#include "c_api/args.hpp"
#include "c_api/guard.hpp"
#include "c_api/handles.hpp"
#include "c_api/results.hpp"
#include "jobs/lifecycle.hpp"

namespace {

template <class T>
void init_struct(T* req, uint32_t struct_size) noexcept {
  if (!req || struct_size < sizeof(uint32_t)) return;
  std::memset(req, 0, struct_size);
  req->struct_size = struct_size;
}

}  // namespace

extern "C" {

MJ_API void mj_export_snapshot_request_init(mj_export_snapshot_request* req, uint32_t struct_size) {
  init_struct(req, struct_size);
}

MJ_API void mj_restore_snapshot_request_init(mj_restore_snapshot_request* req, uint32_t struct_size) {
  init_struct(req, struct_size);
}

MJ_API int mj_snapshot_state_is_terminal(int32_t state) {
  return mj::jobs::is_terminal(static_cast<mj::protocol::SnapshotState>(state)) ? 1 : 0;
}

MJ_API mj_status mj_export_snapshot(char** snapshot_uri, mj_client* client, const mj_export_snapshot_request* req,
                                    const mj_call_options* call, mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!snapshot_uri) mj::throw_invalid("snapshot_uri is NULL: pass the address of a char*");
    auto& c = client_of(client);
    if (!req) {
      mj::throw_invalid(
          "req is NULL: pass an mj_export_snapshot_request with collection_name, snapshot_name and target_path set");
    }
    const mj_export_snapshot_request r = read_struct(req, "mj_export_snapshot_request");
    mj::protocol::ExportSnapshotRequest request;
    request.collection_name = req_string(r.collection_name, "collection_name");
    request.snapshot_name = req_string(r.snapshot_name, "snapshot_name");
    request.target_path = req_string(r.target_path, "target_path");
    request.external_spec = opt_string(r.external_spec, "external_spec");
    const std::string uri = c.export_snapshot(std::move(request), call_context(call));
    *snapshot_uri = new_string(uri);
  });
}

MJ_API mj_status mj_restore_external_snapshot(int64_t* job_id, mj_client* client,
                                              const mj_restore_snapshot_request* req, const mj_call_options* call,
                                              mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!job_id) mj::throw_invalid("job_id is NULL: pass the address of an int64_t");
    auto& c = client_of(client);
    if (!req) {
      mj::throw_invalid(
          "req is NULL: pass an mj_restore_snapshot_request with target_collection_name and snapshot_uri set");
    }
    const mj_restore_snapshot_request r = read_struct(req, "mj_restore_snapshot_request");
    mj::protocol::RestoreSnapshotRequest request;
    request.target_collection_name = req_string(r.target_collection_name, "target_collection_name");
    request.snapshot_uri = req_string(r.snapshot_uri, "snapshot_uri");
    request.external_spec = opt_string(r.external_spec, "external_spec");
    *job_id = c.restore_snapshot(std::move(request), call_context(call));
  });
}

MJ_API mj_status mj_get_restore_snapshot_progress(mj_snapshot_job** out, mj_client* client, int64_t job_id,
                                                  const mj_call_options* call, mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!out) mj::throw_invalid("out is NULL: pass the address of an mj_snapshot_job*");
    auto& c = client_of(client);
    *out = new_snapshot_job(c.get_snapshot_restore_progress(job_id, call_context(call)));
  });
}

MJ_API mj_status mj_list_restore_snapshot_jobs(mj_snapshot_job_list** out, mj_client* client,
                                               const char* collection_name, const mj_call_options* call,
                                               mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!out) mj::throw_invalid("out is NULL: pass the address of an mj_snapshot_job_list*");
    auto& c = client_of(client);
    const std::string name = opt_string(collection_name, "collection_name");
    *out = new_snapshot_job_list(c.list_snapshot_restore_jobs(name, call_context(call)));
  });
}

MJ_API void mj_snapshot_job_free(mj_snapshot_job* job) { std::free(job); }

MJ_API void mj_snapshot_job_list_free(mj_snapshot_job_list* list) { std::free(list); }

}  // extern "C"
