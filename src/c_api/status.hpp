// mj_status and mj::Category side by side, with each status's name and
// description: one list, from which mj_status_name(), mj_status_description()
// and the checks below are made. A status added to the header but not here
// fails the build (-Wswitch in mj_status_name, the count below); one added
// here with no Category of the same value fails the static_asserts.
#pragma once

#include "milvus_jobs.h"

#include <cstddef>

#include "common/error.hpp"

// X(status, category, description)
#define MJ_STATUS_LIST(X)                                          \
  X(MJ_OK, ok, "success")                                          \
  X(MJ_EINVALID_ARGUMENT, invalid_argument, "invalid argument")    \
  X(MJ_ETRANSPORT, transport, "transport error")                   \
  X(MJ_ETLS, tls, "TLS error")                                     \
  X(MJ_ETIMEOUT, timeout, "timed out")                             \
  X(MJ_ECANCELLED, cancelled, "cancelled")                         \
  X(MJ_EUNAUTHENTICATED, unauthenticated, "not authenticated")     \
  X(MJ_EPERMISSION_DENIED, permission_denied, "permission denied") \
  X(MJ_ENOT_FOUND, not_found, "not found")                         \
  X(MJ_EDUPLICATE_JOB, duplicate_job, "job already running")       \
  X(MJ_ERATE_LIMITED, rate_limited, "rate limited")                \
  X(MJ_ESERVER, server, "server error")                            \
  X(MJ_EPROTOCOL, protocol, "protocol error")                      \
  X(MJ_EUNSUPPORTED, unsupported, "unsupported")                   \
  X(MJ_ENOMEM, no_memory, "out of memory")                         \
  X(MJ_EINTERNAL, internal, "internal error")                      \
  X(MJ_EJOB_FAILED, job_failed, "job failed")                      \
  X(MJ_EJOB_LOST, job_lost, "job lost")                            \
  X(MJ_EAMBIGUOUS, ambiguous, "outcome unknown")

namespace mj::capi {

struct StatusEntry {
  mj_status status;
  Category category;
  const char* name;
  const char* description;
};

inline constexpr StatusEntry kStatuses[] = {
#define MJ_STATUS_ENTRY(status, category, description) {status, Category::category, #status, description},
    MJ_STATUS_LIST(MJ_STATUS_ENTRY)
#undef MJ_STATUS_ENTRY
};

inline constexpr size_t kStatusCount = sizeof kStatuses / sizeof kStatuses[0];

// Every status, in order, with the Category of the same value: a status and
// its category convert into each other by value (the guard relies on it).
constexpr bool statuses_round_trip() {
  for (size_t i = 0; i < kStatusCount; ++i) {
    if (static_cast<size_t>(kStatuses[i].status) != i) return false;
    if (static_cast<size_t>(kStatuses[i].category) != i) return false;
    if (static_cast<mj_status>(kStatuses[i].category) != kStatuses[i].status) return false;
  }
  return true;
}
static_assert(kStatusCount == static_cast<size_t>(MJ_EAMBIGUOUS) + 1, "one entry per mj_status");
static_assert(kStatusCount == static_cast<size_t>(Category::ambiguous) + 1, "one entry per mj::Category");
static_assert(statuses_round_trip(), "mj::Category must mirror mj_status value for value");

}  // namespace mj::capi
