#include "c_api/results.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

namespace mj::capi {
namespace {

// Lays objects out in one block. Run once with no memory to measure, then
// again over the allocated block to write: the same code decides both.
class Block {
 public:
  explicit Block(char* base) noexcept : base_(base) {}

  template <class T>
  T* take(size_t n = 1) noexcept {
    off_ = (off_ + alignof(T) - 1) / alignof(T) * alignof(T);
    T* p = nullptr;
    if (base_) {
      p = reinterpret_cast<T*>(base_ + off_);
      for (size_t i = 0; i < n; ++i) new (p + i) T{};
    }
    off_ += sizeof(T) * n;  // NOLINT(bugprone-sizeof-expression): T is a pointer for pointer arrays
    return p;
  }

  const char* str(const std::string& s) noexcept {
    char* p = take<char>(s.size() + 1);
    if (p) {
      std::memcpy(p, s.data(), s.size());
      p[s.size()] = '\0';
    }
    return p;
  }

  size_t size() const noexcept { return off_; }

 private:
  char* base_;
  size_t off_ = 0;
};

template <class T, class Fill>
T* build(Fill&& fill) {
  Block measure(nullptr);
  fill(measure);
  void* mem = std::calloc(1, measure.size());
  if (!mem) throw std::bad_alloc();
  Block write(static_cast<char*>(mem));
  return fill(write);
}

mj_refresh_job* put(Block& b, const protocol::RefreshJob& j) {
  auto* c = b.take<mj_refresh_job>();
  const char* collection = b.str(j.collection_name);
  const char* state_name = b.str(j.state_name);
  const char* reason = b.str(j.reason);
  const char* source = b.str(j.external_source);
  const char* spec = b.str(j.external_spec);
  if (c) {
    c->struct_size = sizeof *c;
    c->job_id = j.job_id;
    c->collection_name = collection;
    c->state = static_cast<int32_t>(j.state);
    c->state_name = state_name;
    c->progress = j.progress;
    c->reason = reason;
    c->external_source = source;
    c->external_spec = spec;
    c->start_time_ms = j.start_time_ms;
    c->end_time_ms = j.end_time_ms;
  }
  return c;
}

mj_snapshot_job* put(Block& b, const protocol::SnapshotJob& j) {
  auto* c = b.take<mj_snapshot_job>();
  const char* snapshot_name = b.str(j.snapshot_name);
  const char* db_name = b.str(j.db_name);
  const char* collection = b.str(j.collection_name);
  const char* state_name = b.str(j.state_name);
  const char* reason = b.str(j.reason);
  if (c) {
    c->struct_size = sizeof *c;
    c->job_id = j.job_id;
    c->snapshot_name = snapshot_name;
    c->db_name = db_name;
    c->collection_name = collection;
    c->state = static_cast<int32_t>(j.state);
    c->state_name = state_name;
    c->progress = j.progress;
    c->reason = reason;
    c->start_time_ms = j.start_time_ms;
    c->time_cost_ms = j.time_cost_ms;
  }
  return c;
}

mj_import_file* put(Block& b, const protocol::ImportFile& f) {
  auto* c = b.take<mj_import_file>();
  const char* file_name = b.str(f.file_name);
  const char* state_name = b.str(f.state_name);
  const char* complete_time = b.str(f.complete_time);
  const char* reason = b.str(f.reason);
  if (c) {
    c->struct_size = sizeof *c;
    c->file_name = file_name;
    c->file_size = f.file_size;
    c->progress = f.progress;
    c->state = static_cast<int32_t>(f.state);
    c->state_name = state_name;
    c->imported_rows = f.imported_rows;
    c->total_rows = f.total_rows;
    c->complete_time = complete_time;
    c->complete_time_ms = f.complete_time_ms;
    c->reason = reason;
  }
  return c;
}

mj_import_job* put(Block& b, const protocol::ImportJob& j) {
  auto* c = b.take<mj_import_job>();
  const char* job_id = b.str(j.job_id);
  const char* collection = b.str(j.collection_name);
  const char* state_name = b.str(j.state_name);
  const char* reason = b.str(j.reason);
  const char* create_time = b.str(j.create_time);
  const char* complete_time = b.str(j.complete_time);
  const char* file_name = b.str(j.file_name);
  auto** details = b.take<mj_import_file*>(j.details.size());
  for (size_t i = 0; i < j.details.size(); ++i) {
    auto* d = put(b, j.details[i]);
    if (details) details[i] = d;
  }
  if (c) {
    c->struct_size = sizeof *c;
    c->job_id = job_id;
    c->collection_name = collection;
    c->state = static_cast<int32_t>(j.state);
    c->state_name = state_name;
    c->progress = j.progress;
    c->reason = reason;
    c->imported_rows = j.imported_rows;
    c->total_rows = j.total_rows;
    c->file_size = j.file_size;
    c->create_time = create_time;
    c->create_time_ms = j.create_time_ms;
    c->complete_time = complete_time;
    c->complete_time_ms = j.complete_time_ms;
    c->detail_count = j.details.size();
    c->details = details;
    c->file_name = file_name;
  }
  return c;
}

template <class List, class Item, class Job>
List* put_list(Block& b, const std::vector<Job>& jobs) {
  auto* list = b.take<List>();
  auto** items = b.take<Item*>(jobs.size());
  for (size_t i = 0; i < jobs.size(); ++i) {
    auto* item = put(b, jobs[i]);
    if (items) items[i] = item;
  }
  if (list) {
    list->struct_size = sizeof *list;
    list->count = jobs.size();
    list->items = items;
  }
  return list;
}

}  // namespace

mj_refresh_job* new_refresh_job(const protocol::RefreshJob& job) {
  return build<mj_refresh_job>([&](Block& b) { return put(b, job); });
}

mj_refresh_job_list* new_refresh_job_list(const std::vector<protocol::RefreshJob>& jobs) {
  return build<mj_refresh_job_list>([&](Block& b) { return put_list<mj_refresh_job_list, mj_refresh_job>(b, jobs); });
}

mj_import_job* new_import_job(const protocol::ImportJob& job) {
  return build<mj_import_job>([&](Block& b) { return put(b, job); });
}

mj_import_job_list* new_import_job_list(const std::vector<protocol::ImportJob>& jobs) {
  auto* list =
      build<mj_import_job_list>([&](Block& b) { return put_list<mj_import_job_list, mj_import_job>(b, jobs); });
  list->total_count = static_cast<int64_t>(jobs.size());
  return list;
}

mj_import_job_list* new_import_job_page(const protocol::ImportJobPage& page) {
  auto* list =
      build<mj_import_job_list>([&](Block& b) { return put_list<mj_import_job_list, mj_import_job>(b, page.jobs); });
  list->total_count = page.total_count;
  list->page_size = page.page_size;
  list->current_page = page.current_page;
  return list;
}

mj_snapshot_job* new_snapshot_job(const protocol::SnapshotJob& job) {
  return build<mj_snapshot_job>([&](Block& b) { return put(b, job); });
}

mj_snapshot_job_list* new_snapshot_job_list(const std::vector<protocol::SnapshotJob>& jobs) {
  return build<mj_snapshot_job_list>(
      [&](Block& b) { return put_list<mj_snapshot_job_list, mj_snapshot_job>(b, jobs); });
}

char* new_string(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (!p) throw std::bad_alloc();
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

}  // namespace mj::capi
