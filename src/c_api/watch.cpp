// The watcher behind the C types. An event handed to C is one block whose
// first member is the public mj_watch_event; the rest owns what it points to.
#include <chrono>
#include <cstdlib>
#include <memory>

#include "c_api/args.hpp"
#include "c_api/guard.hpp"
#include "c_api/handles.hpp"
#include "c_api/results.hpp"
#include "common/deadline.hpp"
#include "jobs/watcher.hpp"

struct mj_watcher {
  std::unique_ptr<mj::jobs::Watcher> impl;
};

namespace {

using Clock = std::chrono::steady_clock;

// Standard layout, so a pointer to `event` is a pointer to the block.
struct EventBlock {
  mj_watch_event event;
  mj_error* error;
  mj_refresh_job* refresh;
  mj_import_job* import_job;
  char* import_id;
  mj_snapshot_job* snapshot;
};

void free_block(EventBlock* b) noexcept {
  if (!b) return;
  delete b->error;
  std::free(b->refresh);
  std::free(b->import_job);
  std::free(b->import_id);
  std::free(b->snapshot);
  delete b;
}

struct BlockDeleter {
  void operator()(EventBlock* b) const noexcept { free_block(b); }
};
using Block = std::unique_ptr<EventBlock, BlockDeleter>;

Block to_c(mj::jobs::WatchEvent&& ev) {
  Block b(new EventBlock{});
  mj_watch_event& e = b->event;
  e.struct_size = static_cast<uint32_t>(sizeof e);
  e.kind = static_cast<int32_t>(ev.kind);
  e.refresh_job_id = ev.refresh_id;
  b->import_id = mj::capi::new_string(ev.import_id);
  e.import_job_id = b->import_id;
  e.status = static_cast<int32_t>(ev.status);
  if (ev.status != mj::Category::ok) {
    b->error = new mj_error{};
    b->error->info = std::move(ev.error);
    e.error = b->error;
  }
  if (ev.refresh) {
    b->refresh = mj::capi::new_refresh_job(*ev.refresh);
    e.refresh = b->refresh;
  }
  if (ev.import) {
    b->import_job = mj::capi::new_import_job(*ev.import);
    e.import_job = b->import_job;
  }
  e.snapshot_job_id = ev.snapshot_id;
  if (ev.snapshot) {
    b->snapshot = mj::capi::new_snapshot_job(*ev.snapshot);
    e.snapshot = b->snapshot;
  }
  e.done = ev.done ? 1 : 0;
  return b;
}

mj::jobs::Watcher& watcher_of(mj_watcher* w) {
  if (!w || !w->impl) mj::throw_invalid("watcher is NULL: create one with mj_watcher_new");
  return *w->impl;
}

Clock::time_point deadline_after(int64_t timeout_ms) {
  if (timeout_ms < 0) return Clock::time_point::max();
  return mj::deadline_after(Clock::now(), timeout_ms);
}

}  // namespace

extern "C" {

MJ_API mj_status mj_watcher_new(mj_watcher** out, mj_client* client, const mj_watcher_options* opts, mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!out) mj::throw_invalid("out is NULL: pass the address of an mj_watcher*");
    auto& c = client_of(client);
    const mj_watcher_options o = read_struct(opts, "mj_watcher_options");
    if (o.max_connections < 0) mj::throw_invalid("the watcher's max_connections must be >= 0 (0 = 16)");
    mj::jobs::WatcherSettings s;
    s.max_connections = static_cast<size_t>(o.max_connections);
    s.interval_ms = o.interval_ms;
    s.poll_timeout_ms = o.poll_timeout_ms;
    s.cancel = o.cancel ? &o.cancel->token : nullptr;
    s.db_name = opt_string(o.db_name, "the watcher's db_name");
    auto w = std::make_unique<mj_watcher>();
    w->impl = std::make_unique<mj::jobs::Watcher>(c, std::move(s));
    *out = w.release();
  });
}

MJ_API mj_status mj_watcher_add_refresh(mj_watcher* watcher, int64_t job_id, mj_error** err) {
  return mj::capi::guard(err, [&] { watcher_of(watcher).add_refresh(job_id); });
}

MJ_API mj_status mj_watcher_add_import(mj_watcher* watcher, const char* job_id, mj_error** err) {
  return mj::capi::guard(err, [&] {
    auto& w = watcher_of(watcher);
    w.add_import(mj::capi::req_string(job_id, "job_id"));
  });
}

MJ_API mj_status mj_watcher_remove_refresh(mj_watcher* watcher, int64_t job_id, mj_error** err) {
  return mj::capi::guard(err, [&] {
    auto& w = watcher_of(watcher);
    if (job_id <= 0) mj::throw_invalid("job_id must be > 0 (the id mj_refresh_external_collection returned)");
    if (!w.remove_refresh(job_id)) {
      throw mj::Error(mj::Category::not_found, "refresh job " + std::to_string(job_id) + " is not watched");
    }
  });
}

MJ_API mj_status mj_watcher_remove_import(mj_watcher* watcher, const char* job_id, mj_error** err) {
  return mj::capi::guard(err, [&] {
    auto& w = watcher_of(watcher);
    const std::string id = mj::capi::req_string(job_id, "job_id");
    if (!w.remove_import(id)) {
      throw mj::Error(mj::Category::not_found, "import job " + id.substr(0, 200) + " is not watched");
    }
  });
}

MJ_API mj_status mj_watcher_add_restore_snapshot(mj_watcher* watcher, int64_t job_id, mj_error** err) {
  return mj::capi::guard(err, [&] { watcher_of(watcher).add_snapshot(job_id); });
}

MJ_API mj_status mj_watcher_remove_restore_snapshot(mj_watcher* watcher, int64_t job_id, mj_error** err) {
  return mj::capi::guard(err, [&] {
    auto& w = watcher_of(watcher);
    if (job_id <= 0) mj::throw_invalid("job_id must be > 0 (the id mj_restore_external_snapshot returned)");
    if (!w.remove_snapshot(job_id)) {
      throw mj::Error(mj::Category::not_found, "snapshot restore job " + std::to_string(job_id) + " is not watched");
    }
  });
}

MJ_API size_t mj_watcher_size(const mj_watcher* watcher) {
  if (!watcher || !watcher->impl) return 0;
  try {
    return watcher->impl->size();
  } catch (...) {
    return 0;
  }
}

MJ_API mj_status mj_watcher_run(mj_watcher* watcher, int64_t timeout_ms, mj_watch_fn on_event, void* user_data,
                                mj_error** err) {
  return mj::capi::guard(err, [&] {
    auto& w = watcher_of(watcher);
    if (!on_event) mj::throw_invalid("on_event is NULL: pass the function that receives the events");
    const auto deadline = deadline_after(timeout_ms);
    while (true) {
      mj::jobs::WatchEvent ev;
      switch (w.next(deadline, ev)) {
        case mj::jobs::Watcher::Outcome::event: {
          Block b = to_c(std::move(ev));
          on_event(&b->event, user_data);
          b.reset();
          w.finish_delivery();
          break;
        }
        case mj::jobs::Watcher::Outcome::empty: return;
        case mj::jobs::Watcher::Outcome::timeout:
          throw mj::Error(mj::Category::timeout, "the watcher's run: " + std::to_string(timeout_ms) +
                                                     " ms passed with jobs still watched (" + std::to_string(w.size()) +
                                                     "); call it again to go on");
        case mj::jobs::Watcher::Outcome::cancelled:
          throw mj::Error(mj::Category::cancelled, "the watcher's run was cancelled through its cancel token");
      }
    }
  });
}

MJ_API mj_status mj_watcher_next(mj_watch_event** event, mj_watcher* watcher, int64_t timeout_ms, mj_error** err) {
  return mj::capi::guard(err, [&] {
    if (!event) mj::throw_invalid("event is NULL: pass the address of an mj_watch_event*");
    auto& w = watcher_of(watcher);
    mj::jobs::WatchEvent ev;
    const auto outcome = w.next(deadline_after(timeout_ms), ev);
    w.finish_delivery();
    switch (outcome) {
      case mj::jobs::Watcher::Outcome::event: *event = &to_c(std::move(ev)).release()->event; return;
      case mj::jobs::Watcher::Outcome::empty:
      case mj::jobs::Watcher::Outcome::timeout: *event = nullptr; return;
      case mj::jobs::Watcher::Outcome::cancelled:
        throw mj::Error(mj::Category::cancelled, "the watcher was cancelled through its cancel token");
    }
  });
}

MJ_API void mj_watch_event_free(mj_watch_event* event) {
  // The event is the first member of its block (see EventBlock).
  free_block(reinterpret_cast<EventBlock*>(event));
}

MJ_API void mj_watcher_free(mj_watcher* watcher) { delete watcher; }

}  // extern "C"
