// The one place where C++ meets C: every extern "C" function runs its body
// through guard(), which turns any exception into an mj_status and, when the
// caller asked for it, an mj_error.
#pragma once

#include "milvus_jobs.h"

#include <new>
#include <string>
#include <utility>

#include "c_api/status.hpp"
#include "common/error.hpp"

// mj::Hint mirrors mj_hint value for value.
static_assert(static_cast<int32_t>(mj::Hint::none) == MJ_HINT_NONE, "Hint must mirror mj_hint");
static_assert(static_cast<int32_t>(mj::Hint::set_uri) == MJ_HINT_SET_URI, "Hint must mirror mj_hint");
static_assert(static_cast<int32_t>(mj::Hint::set_token) == MJ_HINT_SET_TOKEN, "Hint must mirror mj_hint");
static_assert(static_cast<int32_t>(mj::Hint::raise_timeout) == MJ_HINT_RAISE_TIMEOUT, "Hint must mirror mj_hint");
static_assert(static_cast<int32_t>(mj::Hint::raise_connect_timeout) == MJ_HINT_RAISE_CONNECT_TIMEOUT,
              "Hint must mirror mj_hint");
static_assert(static_cast<int32_t>(mj::Hint::raise_max_response_bytes) == MJ_HINT_RAISE_MAX_RESPONSE_BYTES,
              "Hint must mirror mj_hint");
static_assert(static_cast<int32_t>(mj::Hint::raise_max_list_response_bytes) == MJ_HINT_RAISE_MAX_LIST_RESPONSE_BYTES,
              "Hint must mirror mj_hint");
static_assert(static_cast<int32_t>(mj::Hint::poll_running_job) == MJ_HINT_POLL_RUNNING_JOB, "Hint must mirror mj_hint");
static_assert(static_cast<int32_t>(mj::Hint::raise_wait_timeout) == MJ_HINT_RAISE_WAIT_TIMEOUT,
              "Hint must mirror mj_hint");
static_assert(static_cast<int32_t>(mj::Hint::set_cloud_project) == MJ_HINT_SET_CLOUD_PROJECT,
              "Hint must mirror mj_hint");

struct mj_error {
  mj::ErrorInfo info;
};

namespace mj::capi {

inline mj_status report(mj_error** err, ErrorInfo info) noexcept {
  const auto status = static_cast<mj_status>(info.category);
  if (err) {
    // Out of memory while reporting: the status still says what happened.
    *err = new (std::nothrow) mj_error{};
    if (*err) (*err)->info = std::move(info);
  }
  return status;
}

template <class F>
mj_status guard(mj_error** err, F&& body) noexcept {
  try {
    body();
    return MJ_OK;
  } catch (...) {
    return report(err, current_error());
  }
}

}  // namespace mj::capi
