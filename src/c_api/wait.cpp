// mj_wait_refresh, mj_wait_import: the jobs layer's wait loop behind the C
// types. The last job read is returned beside the error when there is one.
#include <cstdlib>
#include <memory>

#include "c_api/args.hpp"
#include "c_api/guard.hpp"
#include "c_api/handles.hpp"
#include "c_api/results.hpp"
#include "jobs/wait.hpp"

namespace {

mj::jobs::WaitSettings wait_settings(const mj_wait_options* opts) {
  const mj_wait_options o = mj::capi::read_struct(opts, "mj_wait_options");
  mj::jobs::WaitSettings s;
  s.timeout_ms = o.timeout_ms;
  s.initial_interval_ms = o.initial_interval_ms;
  s.max_interval_ms = o.max_interval_ms;
  s.cancel = o.cancel ? &o.cancel->token : nullptr;
  s.db_name = mj::capi::opt_string(o.db_name, "the wait's db_name");
  return s;
}

struct FreeDeleter {
  void operator()(void* p) const noexcept { std::free(p); }
};

}  // namespace

extern "C" {

MJ_API mj_status mj_wait_refresh(mj_refresh_job** out, mj_client* client, int64_t job_id, const mj_wait_options* opts,
                                 mj_refresh_progress_fn on_progress, void* user_data, mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!out) mj::throw_invalid("out is NULL: pass the address of an mj_refresh_job*");
    *out = nullptr;
    auto& c = client_of(client);
    const mj::jobs::WaitSettings settings = wait_settings(opts);
    auto result = mj::jobs::wait_refresh(c, job_id, settings, [&](const mj::protocol::RefreshJob& job) {
      if (!on_progress) return;
      std::unique_ptr<mj_refresh_job, FreeDeleter> view(new_refresh_job(job));
      on_progress(view.get(), user_data);
    });
    if (result.job) *out = new_refresh_job(*result.job);
    if (result.error) throw mj::Error(std::move(*result.error));
  });
}

MJ_API mj_status mj_wait_restore_snapshot(mj_snapshot_job** out, mj_client* client, int64_t job_id,
                                          const mj_wait_options* opts, mj_snapshot_progress_fn on_progress,
                                          void* user_data, mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!out) mj::throw_invalid("out is NULL: pass the address of an mj_snapshot_job*");
    *out = nullptr;
    auto& c = client_of(client);
    const mj::jobs::WaitSettings settings = wait_settings(opts);
    auto result = mj::jobs::wait_snapshot_restore(c, job_id, settings, [&](const mj::protocol::SnapshotJob& job) {
      if (!on_progress) return;
      std::unique_ptr<mj_snapshot_job, FreeDeleter> view(new_snapshot_job(job));
      on_progress(view.get(), user_data);
    });
    if (result.job) *out = new_snapshot_job(*result.job);
    if (result.error) throw mj::Error(std::move(*result.error));
  });
}

MJ_API mj_status mj_wait_import(mj_import_job** out, mj_client* client, const char* job_id, const mj_wait_options* opts,
                                mj_import_progress_fn on_progress, void* user_data, mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!out) mj::throw_invalid("out is NULL: pass the address of an mj_import_job*");
    *out = nullptr;
    auto& c = client_of(client);
    const std::string id = req_string(job_id, "job_id");
    const mj::jobs::WaitSettings settings = wait_settings(opts);
    auto result = mj::jobs::wait_import(c, id, settings, [&](const mj::protocol::ImportJob& job) {
      if (!on_progress) return;
      std::unique_ptr<mj_import_job, FreeDeleter> view(new_import_job(job));
      on_progress(view.get(), user_data);
    });
    if (result.job) *out = new_import_job(*result.job);
    if (result.error) throw mj::Error(std::move(*result.error));
  });
}

}  // extern "C"
