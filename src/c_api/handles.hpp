// The opaque handles of the header, defined over the C++ objects they wrap.
#pragma once

#include "milvus_jobs.h"

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

}  // namespace mj::capi
