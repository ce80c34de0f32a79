#include "c_api/args.hpp"
#include "c_api/guard.hpp"
#include "c_api/handles.hpp"
#include "c_api/results.hpp"

extern "C" {

MJ_API mj_status mj_refresh_external_collection(int64_t* job_id, mj_client* client, const mj_refresh_request* req,
                                                const mj_call_options* call, mj_error** err) {
  return mj_refresh_external_collection_ex(job_id, nullptr, client, req, call, err);
}

MJ_API mj_status mj_refresh_external_collection_ex(int64_t* job_id, mj_create_outcome* outcome, mj_client* client,
                                                   const mj_refresh_request* req, const mj_call_options* call,
                                                   mj_error** err) {
  mj::jobs::CreateOutcome done;
  const mj_status status = mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!job_id) mj::throw_invalid("job_id is NULL: pass the address of an int64_t");
    auto& c = client_of(client);
    if (!req) mj::throw_invalid("req is NULL: pass an mj_refresh_request with collection_name set");
    const mj_refresh_request r = read_struct(req, "mj_refresh_request");
    mj::protocol::RefreshRequest request;
    request.collection_name = req_string(r.collection_name, "collection_name");
    request.external_source = opt_string(r.external_source, "external_source");
    request.external_spec = opt_string(r.external_spec, "external_spec");
    *job_id = c.refresh_external_collection(std::move(request), call_context(call), &done);
  });
  mj::capi::write_outcome(outcome, done);
  return status;
}

MJ_API mj_status mj_get_refresh_external_collection_progress(mj_refresh_job** out, mj_client* client, int64_t job_id,
                                                             const mj_call_options* call, mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!out) mj::throw_invalid("out is NULL: pass the address of an mj_refresh_job*");
    auto& c = client_of(client);
    *out = new_refresh_job(c.get_refresh_progress(job_id, call_context(call)));
  });
}

MJ_API mj_status mj_list_refresh_external_collection_jobs(mj_refresh_job_list** out, mj_client* client,
                                                          const char* collection_name, const mj_call_options* call,
                                                          mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!out) mj::throw_invalid("out is NULL: pass the address of an mj_refresh_job_list*");
    auto& c = client_of(client);
    const std::string name = opt_string(collection_name, "collection_name");
    *out = new_refresh_job_list(c.list_refresh_jobs(name, call_context(call)));
  });
}

MJ_API void mj_refresh_job_free(mj_refresh_job* job) { std::free(job); }

MJ_API void mj_refresh_job_list_free(mj_refresh_job_list* list) { std::free(list); }

}  // extern "C"
