#include <cstring>
#include <memory>

#include "c_api/args.hpp"
#include "c_api/guard.hpp"
#include "c_api/handles.hpp"

namespace mj::capi {

jobs::CallContext call_context(const mj_call_options* call) {
  const mj_call_options c = read_struct(call, "mj_call_options");
  jobs::CallContext ctx;
  ctx.timeout_ms = c.timeout_ms;
  ctx.cancel = c.cancel ? &c.cancel->token : nullptr;
  ctx.db_name = opt_string(c.db_name, "the call's db_name");
  ctx.max_attempts = c.max_attempts;
  return ctx;
}

jobs::JobsClient& client_of(mj_client* client) {
  if (!client) throw_invalid("client is NULL: create one with mj_client_new");
  return client->impl;
}

}  // namespace mj::capi

namespace {

template <class T>
void init_struct(T* opts, uint32_t struct_size) noexcept {
  if (!opts || struct_size < sizeof(uint32_t)) return;
  std::memset(opts, 0, struct_size);
  opts->struct_size = struct_size;
}

}  // namespace

extern "C" {

MJ_API void mj_client_options_init(mj_client_options* opts, uint32_t struct_size) { init_struct(opts, struct_size); }

MJ_API void mj_call_options_init(mj_call_options* opts, uint32_t struct_size) { init_struct(opts, struct_size); }

MJ_API void mj_refresh_request_init(mj_refresh_request* req, uint32_t struct_size) { init_struct(req, struct_size); }

MJ_API void mj_import_request_init(mj_import_request* req, uint32_t struct_size) { init_struct(req, struct_size); }

MJ_API void mj_import_list_request_init(mj_import_list_request* req, uint32_t struct_size) {
  init_struct(req, struct_size);
}

MJ_API void mj_wait_options_init(mj_wait_options* opts, uint32_t struct_size) { init_struct(opts, struct_size); }

MJ_API void mj_watcher_options_init(mj_watcher_options* opts, uint32_t struct_size) { init_struct(opts, struct_size); }

MJ_API mj_status mj_client_new(mj_client** out, const mj_client_options* opts, mj_error** err) {
  return mj::capi::guard(err, [&] {
    using namespace mj::capi;
    if (!out) mj::throw_invalid("out is NULL: pass the address of an mj_client*");
    if (!opts) mj::throw_invalid("opts is NULL: pass mj_client_options with at least uri set");
    const mj_client_options o = read_struct(opts, "mj_client_options");
    mj::jobs::ClientConfig config;
    if (o.deployment != MJ_DEPLOYMENT_MILVUS && o.deployment != MJ_DEPLOYMENT_ZILLIZ_CLOUD) {
      mj::throw_invalid("mj_client_options.deployment is " + std::to_string(o.deployment) +
                        ": use MJ_DEPLOYMENT_MILVUS (0) or MJ_DEPLOYMENT_ZILLIZ_CLOUD (1)");
    }
    const bool cloud = o.deployment == MJ_DEPLOYMENT_ZILLIZ_CLOUD;
    config.deployment = cloud ? mj::jobs::Deployment::zilliz_cloud : mj::jobs::Deployment::milvus;
    config.target.cluster_id = opt_string(o.cloud_cluster_id, "cloud_cluster_id");
    config.target.project_id = opt_string(o.cloud_project_id, "cloud_project_id");
    config.target.region_id = opt_string(o.cloud_region_id, "cloud_region_id");
    if (!cloud && (!o.uri || !*o.uri)) {
      mj::throw_invalid("uri is required: set it to the server address, e.g. http://127.0.0.1:19530",
                        mj::Hint::set_uri);
    }
    config.uri = cloud && !o.uri ? std::string(MJ_ZILLIZ_CLOUD_URI) : req_string(o.uri, "uri");
    config.token = opt_string(o.token, "token");
    config.db_name = opt_string(o.db_name, "db_name");
    config.connect_timeout_ms = o.connect_timeout_ms;
    config.request_timeout_ms = o.request_timeout_ms;
    config.tls_verify = o.tls_insecure_skip_verify == 0;
    config.ca_file = opt_string(o.tls_ca_file, "tls_ca_file");
    config.ca_path = opt_string(o.tls_ca_path, "tls_ca_path");
    config.user_agent = opt_string(o.user_agent, "user_agent");
    config.extra_headers = string_array(o.extra_headers, o.extra_header_count, "extra_headers");
    config.max_attempts = o.max_attempts;
    config.retry_initial_backoff_ms = o.retry_initial_backoff_ms;
    config.retry_max_backoff_ms = o.retry_max_backoff_ms;
    config.max_response_bytes = o.max_response_bytes;
    config.max_list_response_bytes = o.max_list_response_bytes;
    config.reconcile_creates = o.disable_create_reconciliation == 0;
    if (cloud && config.token.empty()) {
      mj::throw_invalid("Zilliz Cloud needs an API key: set the token to it (console: API Keys)", mj::Hint::set_token);
    }
    *out = new mj_client(std::move(config));
  });
}

MJ_API void mj_client_free(mj_client* client) { delete client; }

MJ_API mj_status mj_cancel_new(mj_cancel** out, mj_error** err) {
  return mj::capi::guard(err, [&] {
    if (!out) mj::throw_invalid("out is NULL: pass the address of an mj_cancel*");
    *out = new mj_cancel();
  });
}

MJ_API void mj_cancel_trigger(mj_cancel* cancel) {
  if (cancel) cancel->token.trigger();
}

MJ_API int mj_cancel_is_triggered(const mj_cancel* cancel) { return cancel && cancel->token.triggered() ? 1 : 0; }

MJ_API void mj_cancel_free(mj_cancel* cancel) { delete cancel; }

}  // extern "C"
