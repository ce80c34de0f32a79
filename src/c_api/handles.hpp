// The opaque handles of the header, defined over the C++ objects they wrap.
#pragma once

#include "milvus_jobs.h"

#include <cstddef>

#include "jobs/client.hpp"
#include "transport/cancel.hpp"

struct mj_client {
  explicit mj_client(mj::jobs::ClientConfig config) : impl(std::move(config)) {}
  mj::jobs::JobsClient impl;
};

struct mj_cancel {
  mj::transport::CancelToken token;
};

namespace mj::capi {

// The call options as the jobs layer takes them (NULL = defaults).
jobs::CallContext call_context(const mj_call_options* call);

// The client, or invalid_argument naming the parameter.
jobs::JobsClient& client_of(mj_client* client);

// Fills the fields of *outcome that its struct_size holds (NULL: nothing).
inline void write_outcome(mj_create_outcome* outcome, const jobs::CreateOutcome& done) noexcept {
  if (!outcome) return;
  const uint32_t size = outcome->struct_size;
  if (size >= offsetof(mj_create_outcome, recovered) + sizeof outcome->recovered) {
    outcome->recovered = done.recovered ? 1 : 0;
  }
  if (size >= offsetof(mj_create_outcome, attempts) + sizeof outcome->attempts) outcome->attempts = done.attempts;
}

}  // namespace mj::capi
