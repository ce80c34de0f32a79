// The non-blocking reads (mj_async_*): the C face of jobs::AsyncReads.
#include <memory>
#include <new>
#include <string>
#include <utility>

#include "c_api/args.hpp"
#include "c_api/guard.hpp"
#include "c_api/handles.hpp"
#include "c_api/results.hpp"
#include "jobs/async_reads.hpp"

struct mj_async {
  std::unique_ptr<mj::jobs::AsyncReads> impl;
  mj::jobs::JobsClient* client = nullptr;
};

namespace {

mj_async& async_of(mj_async* a) {
  if (!a || !a->impl) mj::throw_invalid("async is NULL: create one with mj_async_new");
  return *a;
}

// The result as the header gives it: the job converted to its one-block C
// struct, or the error.
void fill_result(mj_async_result& out, mj::jobs::FinishedRead&& done) noexcept {
  out.kind = static_cast<int32_t>(done.kind);
  out.tag = done.tag;
  out.error = nullptr;
  out.refresh = nullptr;
  out.import_job = nullptr;
  out.snapshot = nullptr;
  if (!done.ok) {
    out.status = mj::capi::report(&out.error, std::move(done.error));
    return;
  }
  out.status = mj::capi::guard(&out.error, [&] {
    using namespace mj::capi;
    switch (done.kind) {
      case mj::jobs::ReadKind::import: out.import_job = new_import_job(done.import); break;
      case mj::jobs::ReadKind::refresh: out.refresh = new_refresh_job(done.refresh); break;
      case mj::jobs::ReadKind::snapshot: out.snapshot = new_snapshot_job(done.snapshot); break;
    }
  });
}

// One read started: the async and the call options checked, then `begin`
// (the blocking call's argument checks and its first state), then queued.
template <class Begin>
mj_status start_read(mj_async* async, mj::jobs::ReadKind kind, const mj_call_options* call, uint64_t tag,
                     mj_error** err, Begin&& begin) noexcept {
  return mj::capi::guard(err, [&] {
    mj_async& a = async_of(async);
    mj::jobs::CallContext ctx = mj::capi::call_context(call);
    auto attempts = begin(*a.client, ctx);
    a.impl->start(kind, std::move(attempts), std::move(ctx), tag);
  });
}

}  // namespace

extern "C" {

MJ_API mj_status mj_async_new(mj_async** out, mj_client* client, const mj_async_options* opts, mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!out) mj::throw_invalid("out is NULL: pass the address of an mj_async*");
    auto& c = client_of(client);
    const mj_async_options o = read_struct(opts, "mj_async_options");
    if ((o.on_socket == nullptr) != (o.on_timer == nullptr)) {
      mj::throw_invalid(
          "mj_async_options: set both on_socket and on_timer (driven by your event loop), or neither "
          "(driven by mj_async_run)");
    }
    if (o.max_in_flight < 0 || o.max_in_flight > static_cast<int32_t>(mj::jobs::AsyncReads::kMaxMaxInFlight)) {
      mj::throw_invalid("mj_async_options.max_in_flight must be 0 (64) to 1024, not " +
                        std::to_string(o.max_in_flight));
    }
    mj::jobs::AsyncHooks hooks;
    hooks.on_socket = o.on_socket;
    hooks.on_timer = o.on_timer;
    hooks.user = o.user_data;
    auto a = std::make_unique<mj_async>();
    a->client = &c;
    a->impl = std::make_unique<mj::jobs::AsyncReads>(c, static_cast<size_t>(o.max_in_flight), hooks);
    *out = a.release();
  });
}

MJ_API void mj_async_free(mj_async* async) { delete async; }

MJ_API mj_status mj_async_get_import_progress(mj_async* async, const char* job_id, const mj_call_options* call,
                                              uint64_t tag, mj_error** err) {
  return start_read(async, mj::jobs::ReadKind::import, call, tag, err, [&](mj::jobs::JobsClient& c, auto& ctx) {
    return c.begin_import_read(mj::capi::req_string(job_id, "job_id"), ctx);
  });
}

MJ_API mj_status mj_async_get_refresh_external_collection_progress(mj_async* async, int64_t job_id,
                                                                   const mj_call_options* call, uint64_t tag,
                                                                   mj_error** err) {
  return start_read(async, mj::jobs::ReadKind::refresh, call, tag, err,
                    [&](mj::jobs::JobsClient& c, auto& ctx) { return c.begin_refresh_read(job_id, ctx); });
}

MJ_API mj_status mj_async_get_restore_snapshot_progress(mj_async* async, int64_t job_id, const mj_call_options* call,
                                                        uint64_t tag, mj_error** err) {
  return start_read(async, mj::jobs::ReadKind::snapshot, call, tag, err,
                    [&](mj::jobs::JobsClient& c, auto& ctx) { return c.begin_snapshot_read(job_id, ctx); });
}

MJ_API mj_status mj_async_cancel(mj_async* async, uint64_t tag, mj_error** err) {
  return mj::capi::guard(err, [&] {
    if (!async_of(async).impl->cancel(tag)) {
      throw mj::Error(mj::Category::not_found,
                      "mj_async_cancel: no read with tag " + std::to_string(tag) +
                          " is in flight (never started, or already finished: its result may be waiting in "
                          "mj_async_next)");
    }
  });
}

MJ_API mj_status mj_async_socket_action(mj_async* async, int fd, int events, mj_error** err) {
  return mj::capi::guard(err, [&] {
    mj_async& a = async_of(async);
    if (!a.impl->host_driven()) {
      mj::throw_invalid(
          "mj_async_socket_action: this async is self-driven (made without on_socket/on_timer): drive it with "
          "mj_async_run");
    }
    a.impl->socket_action(fd, events);
  });
}

MJ_API mj_status mj_async_run(mj_async* async, int64_t timeout_ms, mj_error** err) {
  return mj::capi::guard(err, [&] {
    mj_async& a = async_of(async);
    if (a.impl->host_driven()) {
      mj::throw_invalid(
          "mj_async_run: this async is driven by your event loop (made with on_socket/on_timer): call "
          "mj_async_socket_action when a socket is ready or the timer fires");
    }
    a.impl->run(timeout_ms);
  });
}

MJ_API void mj_async_wakeup(mj_async* async) {
  if (async && async->impl) async->impl->wakeup();
}

MJ_API int mj_async_next(mj_async* async, mj_async_result* out) {
  if (!async || !async->impl || !out || out->struct_size < sizeof(mj_async_result)) return 0;
  mj::jobs::FinishedRead done;
  if (!async->impl->next(done)) return 0;
  fill_result(*out, std::move(done));
  return 1;
}

MJ_API size_t mj_async_in_flight(const mj_async* async) { return async && async->impl ? async->impl->in_flight() : 0; }

}  // extern "C"
