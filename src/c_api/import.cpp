#include "c_api/args.hpp"
#include "c_api/guard.hpp"
#include "c_api/handles.hpp"
#include "c_api/results.hpp"

namespace {

// The flat file list cut into groups (see mj_import_request in the header).
std::vector<std::vector<std::string>> file_groups(const mj_import_request& r) {
  using mj::throw_invalid;
  std::vector<std::string> files = mj::capi::string_array(r.files, r.file_count, "files");
  if (files.empty()) throw_invalid("files is empty: list at least one file to import (file_count is 0)");
  std::vector<std::vector<std::string>> groups;
  if (!r.group_sizes) {
    if (r.group_count != 0) throw_invalid("group_sizes is NULL but group_count is not 0");
    for (auto& f : files) groups.push_back({std::move(f)});
    return groups;
  }
  if (r.group_count == 0) throw_invalid("group_sizes is set but group_count is 0");
  size_t next = 0;
  for (size_t g = 0; g < r.group_count; ++g) {
    const size_t n = r.group_sizes[g];
    if (n == 0) throw_invalid("group_sizes[" + std::to_string(g) + "] is 0: every group needs a file");
    if (n > files.size() - next) throw_invalid("group_sizes add up to more than file_count");
    groups.emplace_back(std::make_move_iterator(files.begin() + static_cast<ptrdiff_t>(next)),
                        std::make_move_iterator(files.begin() + static_cast<ptrdiff_t>(next + n)));
    next += n;
  }
  if (next != files.size()) throw_invalid("group_sizes add up to less than file_count");
  return groups;
}

}  // namespace

extern "C" {

MJ_API mj_status mj_bulk_import(char** job_id, mj_client* client, const mj_import_request* req,
                                const mj_call_options* call, mj_error** err) {
  return mj_bulk_import_ex(job_id, nullptr, client, req, call, err);
}

MJ_API mj_status mj_bulk_import_ex(char** job_id, mj_create_outcome* outcome, mj_client* client,
                                   const mj_import_request* req, const mj_call_options* call, mj_error** err) {
  mj::jobs::CreateOutcome done;
  const mj_status status = mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!job_id) mj::throw_invalid("job_id is NULL: pass the address of a char*");
    auto& c = client_of(client);
    if (!req) mj::throw_invalid("req is NULL: pass an mj_import_request with collection_name and files set");
    const mj_import_request r = read_struct(req, "mj_import_request");
    mj::protocol::ImportRequest request;
    request.collection_name = req_string(r.collection_name, "collection_name");
    request.partition_name = opt_string(r.partition_name, "partition_name");
    request.files = file_groups(r);
    auto keys = string_array(r.option_keys, r.option_count, "option_keys");
    auto values = string_array(r.option_values, r.option_count, "option_values");
    for (size_t i = 0; i < keys.size(); ++i) request.options.emplace_back(std::move(keys[i]), std::move(values[i]));
    request.volume_name = opt_string(r.volume_name, "volume_name");
    request.access_key = opt_string(r.access_key, "access_key");
    request.secret_key = opt_string(r.secret_key, "secret_key");
    request.session_token = opt_string(r.session_token, "session_token");
    const std::string id = c.bulk_import(std::move(request), call_context(call), &done);
    *job_id = new_string(id);
  });
  mj::capi::write_outcome(outcome, done);
  return status;
}

MJ_API mj_status mj_get_import_progress(mj_import_job** out, mj_client* client, const char* job_id,
                                        const mj_call_options* call, mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!out) mj::throw_invalid("out is NULL: pass the address of an mj_import_job*");
    auto& c = client_of(client);
    const std::string id = req_string(job_id, "job_id");
    *out = new_import_job(c.get_import_progress(id, call_context(call)));
  });
}

MJ_API mj_status mj_list_import_jobs(mj_import_job_list** out, mj_client* client, const char* collection_name,
                                     const mj_call_options* call, mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!out) mj::throw_invalid("out is NULL: pass the address of an mj_import_job_list*");
    auto& c = client_of(client);
    const std::string name = opt_string(collection_name, "collection_name");
    *out = new_import_job_list(c.list_import_jobs(name, call_context(call)));
  });
}

MJ_API mj_status mj_list_import_jobs_page(mj_import_job_list** out, mj_client* client,
                                          const mj_import_list_request* req, const mj_call_options* call,
                                          mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!out) mj::throw_invalid("out is NULL: pass the address of an mj_import_job_list*");
    auto& c = client_of(client);
    const mj_import_list_request r = read_struct(req, "mj_import_list_request");
    const std::string name = opt_string(r.collection_name, "collection_name");
    *out = new_import_job_page(c.list_import_jobs_page(name, r.page_size, r.current_page, call_context(call)));
  });
}

MJ_API mj_status mj_commit_import(mj_client* client, const char* job_id, const mj_call_options* call, mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    auto& c = client_of(client);
    c.commit_import(req_string(job_id, "job_id"), call_context(call));
  });
}

MJ_API mj_status mj_abort_import(mj_client* client, const char* job_id, const mj_call_options* call, mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    auto& c = client_of(client);
    c.abort_import(req_string(job_id, "job_id"), call_context(call));
  });
}

MJ_API void mj_import_job_free(mj_import_job* job) { std::free(job); }

MJ_API void mj_import_job_list_free(mj_import_job_list* list) { std::free(list); }

}  // extern "C"
