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
  } catch (const Error& e) {
    try {
      return report(err, e.info());
    } catch (...) {
      return static_cast<mj_status>(e.info().category);
    }
  } catch (const std::bad_alloc&) {
    ErrorInfo info;
    info.category = Category::no_memory;
    try {
      info.message = "out of memory";
    } catch (...) {
    }
    return report(err, std::move(info));
  } catch (const std::exception& e) {
    ErrorInfo info;
    info.category = Category::internal;
    try {
      info.message = std::string("internal error in milvus-jobs (please report it): ") + e.what();
    } catch (...) {
    }
    return report(err, std::move(info));
  } catch (...) {
    ErrorInfo info;
    info.category = Category::internal;
    return report(err, std::move(info));
  }
}

}  // namespace mj::capi
