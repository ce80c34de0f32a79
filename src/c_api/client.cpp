#include <algorithm>
#include <cstddef>
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
  ctx.headers = string_array(c.headers, c.header_count, "the call's headers");
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

MJ_API void mj_async_options_init(mj_async_options* opts, uint32_t struct_size) { init_struct(opts, struct_size); }

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
    config.project_endpoint = opt_string(o.cloud_project_endpoint, "cloud_project_endpoint");
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
    config.connectivity.client_cert = opt_string(o.tls_client_cert_file, "tls_client_cert_file");
    config.connectivity.client_key = opt_string(o.tls_client_key_file, "tls_client_key_file");
    config.connectivity.client_key_password = opt_string(o.tls_client_key_password, "tls_client_key_password");
    config.connectivity.server_name = opt_string(o.tls_server_name, "tls_server_name");
    config.connectivity.proxy = opt_string(o.proxy, "proxy");
    config.connectivity.no_proxy = opt_string(o.no_proxy, "no_proxy");
    config.connectivity.no_proxy_set = o.no_proxy != nullptr;
    config.log.fn = reinterpret_cast<mj::jobs::LogHook::Fn>(o.log_fn);
    config.log.user_data = o.log_user_data;
    config.log.level = o.log_level;
    config.reconcile_creates = o.disable_create_reconciliation == 0;
    if (cloud && config.token.empty()) {
      mj::throw_invalid("Zilliz Cloud needs an API key: set the token to it (console: API Keys)", mj::Hint::set_token);
    }
    *out = new mj_client(std::move(config));
  });
}

MJ_API void mj_client_free(mj_client* client) { delete client; }

MJ_API mj_status mj_client_stats_get(mj_client_stats* out, mj_client* client, mj_error** err) {
  return mj::capi::guard(err, [&] {
    using mj::transport::ClientStats;
    if (!out) mj::throw_invalid("out is NULL: pass the address of an mj_client_stats with struct_size set");
    const uint32_t size = out->struct_size;
    if (size < offsetof(mj_client_stats, requests) + sizeof(int64_t)) {
      mj::throw_invalid("mj_client_stats.struct_size is " + std::to_string(size) +
                        ": set it to sizeof(mj_client_stats) before the call");
    }
    const ClientStats& s = mj::capi::client_of(client).stats();
    mj_client_stats v;
    std::memset(&v, 0, sizeof v);
    v.struct_size = static_cast<uint32_t>(std::min<size_t>(size, sizeof v));
    v.requests = ClientStats::read(s.requests);
    v.attempts = ClientStats::read(s.attempts);
    v.retries_transport = ClientStats::read(s.retries_transport);
    v.retries_timeout = ClientStats::read(s.retries_timeout);
    v.retries_rate_limited = ClientStats::read(s.retries_rate_limited);
    v.retries_server = ClientStats::read(s.retries_server);
    v.bytes_sent = ClientStats::read(s.bytes_sent);
    v.bytes_received = ClientStats::read(s.bytes_received);
    v.connections_opened = ClientStats::read(s.connections_opened);
    v.connections_reused = ClientStats::read(s.connections_reused);
    for (size_t i = 0; i < 32; ++i) v.answers_by_status[i] = ClientStats::read(s.answers_by_status[i]);
    // Whole fields only: a size from an older header ends between two of them.
    std::memcpy(out, &v, v.struct_size);
  });
}

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
