// The Client class: one mj_client, every job operation as a Promise. The
// single job reads (import, refresh and snapshot restore progress) run on
// the library's non-blocking API from the JS thread's own loop
// (async_reads.hpp); other single requests run on libuv's thread pool; waits
// run on a thread of their own (long_call.hpp), because they may block for
// minutes.
#include <algorithm>
#include <memory>
#include <utility>

#include "async_reads.hpp"
#include "common.hpp"
#include "long_call.hpp"
#include "observe.hpp"

namespace mjnode {

namespace {

// One call on libuv's thread pool: run() makes the library call on a pool
// thread and keeps its C result; result() turns that result into its JS value
// on the JS thread (one conversion, then the result is freed). Written on raw
// napi_async_work: no std::function, no per-call resource object or name.
class CallWorker {
 public:
  CallWorker(ClientPtr client, CallOptions call) : client_(std::move(client)), call_(std::move(call)) {}
  virtual ~CallWorker() = default;
  CallWorker(const CallWorker&) = delete;
  CallWorker& operator=(const CallWorker&) = delete;

  // Queues `w` and returns its promise (w is deleted when it settled).
  static Napi::Value queue(Napi::Env env, CallWorker* w) {
    std::unique_ptr<CallWorker> owned(w);
    napi_value promise;
    napi_value name = env.GetInstanceData<AddonData>()->resource_name.Value().Get(0u);
    if (napi_create_promise(env, &w->deferred_, &promise) != napi_ok ||
        napi_create_async_work(env, nullptr, name, &CallWorker::execute, &CallWorker::complete, w, &w->work_) !=
            napi_ok) {
      throw Napi::Error::New(env);
    }
    if (napi_queue_async_work(env, w->work_) != napi_ok) {
      napi_delete_async_work(env, w->work_);
      throw Napi::Error::New(env);
    }
    owned.release();
    return Napi::Value(env, promise);
  }

 protected:
  virtual mj_status run(mj_client* c, const mj_call_options* call, mj_error** err) = 0;
  virtual napi_value result(Napi::Env env) = 0;

 private:
  static void execute(napi_env, void* data) {
    auto* w = static_cast<CallWorker*>(data);
    const mj_call_options c = w->call_.c();
    mj_error* err = nullptr;
    w->failure_.status = w->run(w->client_.get(), &c, &err);
    w->failure_.error.reset(err);
  }

  static void complete(napi_env raw, napi_status status, void* data) {
    std::unique_ptr<CallWorker> w(static_cast<CallWorker*>(data));
    napi_delete_async_work(raw, w->work_);
    // While the environment shuts down (a worker thread terminated) no JS can
    // run: the calls below throw, and there is nobody left to tell.
    try {
      Napi::Env env(raw);
      Napi::HandleScope scope(env);
      if (status == napi_cancelled) {
        w->failure_ = Failure{MJ_ECANCELLED, nullptr, "the call was cancelled before it started"};
      }
      if (status != napi_cancelled && w->failure_.status == MJ_OK) {
        napi_value v;
        try {
          v = w->result(env);
        } catch (const Napi::Error& e) {
          napi_reject_deferred(raw, w->deferred_, e.Value());
          return;
        }
        napi_resolve_deferred(raw, w->deferred_, v);
        return;
      }
      napi_reject_deferred(raw, w->deferred_, to_js(env, w->failure_));
    } catch (...) {
    }
  }

  ClientPtr client_;
  CallOptions call_;
  Failure failure_;
  napi_deferred deferred_ = nullptr;
  napi_async_work work_ = nullptr;
};

// A call whose result is an owned C object (Ptr, a unique_ptr) turned into JS by to_js.
template <typename Ptr, typename Run>
class ResultWorker : public CallWorker {
 public:
  ResultWorker(ClientPtr client, CallOptions call, Run run)
      : CallWorker(std::move(client), std::move(call)), run_(std::move(run)) {}

 protected:
  mj_status run(mj_client* c, const mj_call_options* call, mj_error** err) override {
    typename Ptr::pointer out = nullptr;
    const mj_status st = run_(&out, c, call, err);
    out_.reset(out);
    return st;
  }
  napi_value result(Napi::Env env) override {
    if (!out_) throw Napi::Error::New(env, "milvus-jobs: the library returned no result");
    return to_js(env, *out_);
  }

 private:
  Run run_;
  Ptr out_;
};

template <typename Ptr, typename Run>
Napi::Value queue_result(Napi::Env env, ClientPtr client, CallOptions call, Run run) {
  return CallWorker::queue(env, new ResultWorker<Ptr, Run>(std::move(client), std::move(call), std::move(run)));
}

// A call whose result is a plain value T, turned into JS by `make`.
template <typename T, typename Run, typename Make>
class ValueWorker : public CallWorker {
 public:
  ValueWorker(ClientPtr client, CallOptions call, Run run, Make make)
      : CallWorker(std::move(client), std::move(call)), run_(std::move(run)), make_(std::move(make)) {}

 protected:
  mj_status run(mj_client* c, const mj_call_options* call, mj_error** err) override { return run_(out_, c, call, err); }
  napi_value result(Napi::Env env) override { return make_(env, out_); }

 private:
  Run run_;
  Make make_;
  T out_{};
};

template <typename T, typename Run, typename Make>
Napi::Value queue_value(Napi::Env env, ClientPtr client, CallOptions call, Run run, Make make) {
  return CallWorker::queue(
      env, new ValueWorker<T, Run, Make>(std::move(client), std::move(call), std::move(run), std::move(make)));
}

const char* c_str_or_null(const std::optional<std::string>& s) { return s ? s->c_str() : nullptr; }

class Client : public Napi::ObjectWrap<Client> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "Client",
                       {
                           InstanceMethod("refresh", &Client::Refresh),
                           InstanceMethod("getRefreshProgress", &Client::GetRefreshProgress),
                           InstanceMethod("listRefreshJobs", &Client::ListRefreshJobs),
                           InstanceMethod("bulkImport", &Client::BulkImport),
                           InstanceMethod("getImportProgress", &Client::GetImportProgress),
                           InstanceMethod("listImportJobs", &Client::ListImportJobs),
                           InstanceMethod("listImportJobsPage", &Client::ListImportJobsPage),
                           InstanceMethod("commitImport", &Client::CommitImport),
                           InstanceMethod("abortImport", &Client::AbortImport),
                           InstanceMethod("waitRefresh", &Client::WaitRefresh),
                           InstanceMethod("waitImport", &Client::WaitImport),
                           InstanceMethod("exportSnapshot", &Client::ExportSnapshot),
                           InstanceMethod("restoreSnapshot", &Client::RestoreSnapshot),
                           InstanceMethod("getRestoreSnapshotProgress", &Client::GetRestoreSnapshotProgress),
                           InstanceMethod("listRestoreSnapshotJobs", &Client::ListRestoreSnapshotJobs),
                           InstanceMethod("waitRestoreSnapshot", &Client::WaitRestoreSnapshot),
                           InstanceMethod("close", &Client::Close),
                           InstanceMethod("stats", &Client::Stats),
                       });
  }

  explicit Client(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Client>(info) {
    Napi::Object o = info[0].As<Napi::Object>();
    const auto uri = opt_string(o, "uri");
    const auto token = opt_string(o, "token");
    const auto db = opt_string(o, "dbName");
    const auto ca_file = opt_string(o, "tlsCaFile");
    const auto ca_path = opt_string(o, "tlsCaPath");
    const auto ua = opt_string(o, "userAgent");
    const auto headers = read_strings(o.Get("extraHeaders"));
    const auto cluster = opt_string(o, "cloudClusterId");
    const auto project = opt_string(o, "cloudProjectId");
    const auto region = opt_string(o, "cloudRegionId");
    const auto project_endpoint = opt_string(o, "cloudProjectEndpoint");
    const auto client_cert = opt_string(o, "tlsClientCertFile");
    const auto client_key = opt_string(o, "tlsClientKeyFile");
    const auto key_password = opt_string(o, "tlsClientKeyPassword");
    const auto server_name = opt_string(o, "tlsServerName");
    const auto proxy = opt_string(o, "proxy");
    const auto no_proxy = opt_string(o, "noProxy");
    std::vector<const char*> header_ptrs;
    for (const auto& h : headers) header_ptrs.push_back(h.c_str());

    mj_client_options opts;
    mj_client_options_init(&opts, sizeof opts);
    opts.uri = c_str_or_null(uri);
    opts.token = c_str_or_null(token);
    opts.db_name = c_str_or_null(db);
    opts.connect_timeout_ms = opt_int64(o, "connectTimeoutMs");
    opts.request_timeout_ms = opt_int64(o, "requestTimeoutMs");
    opts.tls_insecure_skip_verify = opt_bool(o, "tlsInsecureSkipVerify") ? 1 : 0;
    opts.tls_ca_file = c_str_or_null(ca_file);
    opts.tls_ca_path = c_str_or_null(ca_path);
    opts.user_agent = c_str_or_null(ua);
    opts.extra_headers = header_ptrs.empty() ? nullptr : header_ptrs.data();
    opts.extra_header_count = header_ptrs.size();
    opts.max_attempts = static_cast<int32_t>(opt_int64(o, "maxAttempts"));
    opts.retry_initial_backoff_ms = opt_int64(o, "retryInitialBackoffMs");
    opts.retry_max_backoff_ms = opt_int64(o, "retryMaxBackoffMs");
    opts.max_response_bytes = opt_int64(o, "maxResponseBytes");
    opts.max_list_response_bytes = opt_int64(o, "maxListResponseBytes");
    opts.deployment = static_cast<int32_t>(opt_int64(o, "deployment"));
    opts.cloud_cluster_id = c_str_or_null(cluster);
    opts.cloud_project_id = c_str_or_null(project);
    opts.cloud_region_id = c_str_or_null(region);
    opts.cloud_project_endpoint = c_str_or_null(project_endpoint);
    opts.tls_client_cert_file = c_str_or_null(client_cert);
    opts.tls_client_key_file = c_str_or_null(client_key);
    opts.tls_client_key_password = c_str_or_null(key_password);
    opts.tls_server_name = c_str_or_null(server_name);
    opts.proxy = c_str_or_null(proxy);
    opts.no_proxy = c_str_or_null(no_proxy);
    std::unique_ptr<LogSink> sink;
    const Napi::Value on_log = o.Get("onLog");
    if (on_log.IsFunction()) {
      opts.log_level = log_level_of(info.Env(), o.Get("logLevel"));
      sink = std::make_unique<LogSink>(info.Env(), on_log.As<Napi::Function>());
      opts.log_fn = &LogSink::hook;
      opts.log_user_data = sink.get();
    }
    opts.disable_create_reconciliation = opt_bool(o, "disableCreateReconciliation") ? 1 : 0;

    mj_client* c = nullptr;
    mj_error* err = nullptr;
    const mj_status st = mj_client_new(&c, &opts, &err);
    if (st != MJ_OK) throw_failure(info.Env(), st, err);
    // The sink lives as long as the library's client (calls in flight
    // keep it): freed right after it.
    client_ = ClientPtr(c, [sink = sink.release()](mj_client* p) {
      mj_client_free(p);
      delete sink;
    });
  }

  ClientPtr client(Napi::Env env) const {
    if (!client_) throw_error(env, MJ_EINVALID_ARGUMENT, "the client is closed; create a new Client");
    return client_;
  }

  // The client's non-blocking reads, made on the first one.
  AsyncHost& host(Napi::Env env) {
    if (!client_) throw_error(env, MJ_EINVALID_ARGUMENT, "the client is closed; create a new Client");
    if (!host_) host_ = new_async_host(env, client_);
    return *host_;
  }

 private:
  // Every call method takes its own arguments, then the call options as
  // positional arguments (timeoutMs, dbName, maxAttempts, cancel), each
  // checked by lib/args.js.

  // ------------------------------------------------------------ refresh

  // refresh({collectionName, externalSource, externalSpec}, ...call)
  Napi::Value Refresh(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Object o = info[0].As<Napi::Object>();
    struct Req {
      std::optional<std::string> collection, source, spec;
    };
    Req req{opt_string(o, "collectionName"), opt_string(o, "externalSource"), opt_string(o, "externalSpec")};
    struct Out {
      int64_t id = 0;
      mj_create_outcome done{};
    };
    return queue_value<Out>(
        env, client(env), CallOptions::from(info, 1),
        [req = std::move(req)](Out& out, mj_client* c, const mj_call_options* call, mj_error** err) {
          mj_refresh_request r;
          mj_refresh_request_init(&r, sizeof r);
          r.collection_name = c_str_or_null(req.collection);
          r.external_source = c_str_or_null(req.source);
          r.external_spec = c_str_or_null(req.spec);
          out.done.struct_size = sizeof out.done;
          return mj_refresh_external_collection_ex(&out.id, &out.done, c, &r, call, err);
        },
        [](Napi::Env e, const Out& out) -> napi_value {
          return outcome_to_js(e, Napi::BigInt::New(e, out.id), out.done);
        });
  }

  // getRefreshProgress(id: bigint, ...call)
  Napi::Value GetRefreshProgress(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const int64_t id = read_int64(info[0]);
    return start_read(env, host(env), ReadKind::refresh, std::string(), id, CallOptions::from(info, 1));
  }

  // listRefreshJobs(collectionName?, ...call)
  Napi::Value ListRefreshJobs(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::optional<std::string> coll = read_string(info[0]);
    return queue_result<RefreshListPtr>(
        env, client(env), CallOptions::from(info, 1),
        [coll = std::move(coll)](mj_refresh_job_list** out, mj_client* c, const mj_call_options* call, mj_error** err) {
          return mj_list_refresh_external_collection_jobs(out, c, c_str_or_null(coll), call, err);
        });
  }

  // ------------------------------------------------------------ snapshots

  // exportSnapshot({collectionName, snapshotName, targetPath, externalSpec}, ...call) -> the URI
  Napi::Value ExportSnapshot(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Object o = info[0].As<Napi::Object>();
    struct Req {
      std::optional<std::string> collection, name, target, spec;
    };
    Req req{opt_string(o, "collectionName"), opt_string(o, "snapshotName"), opt_string(o, "targetPath"),
            opt_string(o, "externalSpec")};
    return queue_value<std::string>(
        env, client(env), CallOptions::from(info, 1),
        [req = std::move(req)](std::string& uri, mj_client* c, const mj_call_options* call, mj_error** err) {
          mj_export_snapshot_request r;
          mj_export_snapshot_request_init(&r, sizeof r);
          r.collection_name = c_str_or_null(req.collection);
          r.snapshot_name = c_str_or_null(req.name);
          r.target_path = c_str_or_null(req.target);
          r.external_spec = c_str_or_null(req.spec);
          char* out = nullptr;
          const mj_status st = mj_export_snapshot(&out, c, &r, call, err);
          if (out) uri = out;
          mj_free(out);
          return st;
        },
        [](Napi::Env e, const std::string& uri) -> napi_value { return Napi::String::New(e, uri); });
  }

  // restoreSnapshot({targetCollectionName, snapshotUri, externalSpec}, ...call) -> bigint
  Napi::Value RestoreSnapshot(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Object o = info[0].As<Napi::Object>();
    struct Req {
      std::optional<std::string> target, uri, spec;
    };
    Req req{opt_string(o, "targetCollectionName"), opt_string(o, "snapshotUri"), opt_string(o, "externalSpec")};
    return queue_value<int64_t>(
        env, client(env), CallOptions::from(info, 1),
        [req = std::move(req)](int64_t& id, mj_client* c, const mj_call_options* call, mj_error** err) {
          mj_restore_snapshot_request r;
          mj_restore_snapshot_request_init(&r, sizeof r);
          r.target_collection_name = c_str_or_null(req.target);
          r.snapshot_uri = c_str_or_null(req.uri);
          r.external_spec = c_str_or_null(req.spec);
          return mj_restore_external_snapshot(&id, c, &r, call, err);
        },
        [](Napi::Env e, int64_t id) -> napi_value { return Napi::BigInt::New(e, id); });
  }

  // getRestoreSnapshotProgress(id: bigint, ...call)
  Napi::Value GetRestoreSnapshotProgress(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const int64_t id = read_int64(info[0]);
    return start_read(env, host(env), ReadKind::snapshot, std::string(), id, CallOptions::from(info, 1));
  }

  // listRestoreSnapshotJobs(collectionName?, ...call)
  Napi::Value ListRestoreSnapshotJobs(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::optional<std::string> coll = read_string(info[0]);
    return queue_result<SnapshotListPtr>(env, client(env), CallOptions::from(info, 1),
                                         [coll = std::move(coll)](mj_snapshot_job_list** out, mj_client* c,
                                                                  const mj_call_options* call, mj_error** err) {
                                           return mj_list_restore_snapshot_jobs(out, c, c_str_or_null(coll), call, err);
                                         });
  }

  // ------------------------------------------------------------ import

  // bulkImport({collectionName, partitionName, files, groupSizes, optionKeys,
  //             optionValues, volumeName, accessKey, secretKey, sessionToken}, ...call)
  Napi::Value BulkImport(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Object o = info[0].As<Napi::Object>();
    struct Req {
      std::optional<std::string> collection, partition, volume, access_key, secret_key, session_token;
      std::vector<std::string> files, option_keys, option_values;
      std::vector<size_t> group_sizes;
    };
    Req req;
    req.collection = opt_string(o, "collectionName");
    req.partition = opt_string(o, "partitionName");
    req.volume = opt_string(o, "volumeName");
    req.access_key = opt_string(o, "accessKey");
    req.secret_key = opt_string(o, "secretKey");
    req.session_token = opt_string(o, "sessionToken");
    req.files = read_strings(o.Get("files"));
    req.option_keys = read_strings(o.Get("optionKeys"));
    req.option_values = read_strings(o.Get("optionValues"));
    Napi::Value groups = o.Get("groupSizes");
    if (!absent(groups)) {
      Napi::Array a = groups.As<Napi::Array>();
      for (uint32_t i = 0; i < a.Length(); ++i) req.group_sizes.push_back(static_cast<size_t>(read_int64(a.Get(i))));
    }
    struct Out {
      std::string id;
      mj_create_outcome done{};
    };
    return queue_value<Out>(
        env, client(env), CallOptions::from(info, 1),
        [req = std::move(req)](Out& out, mj_client* c, const mj_call_options* call, mj_error** err) {
          std::vector<const char*> files, keys, values;
          for (const auto& f : req.files) files.push_back(f.c_str());
          for (const auto& k : req.option_keys) keys.push_back(k.c_str());
          for (const auto& v : req.option_values) values.push_back(v.c_str());
          mj_import_request r;
          mj_import_request_init(&r, sizeof r);
          r.collection_name = c_str_or_null(req.collection);
          r.partition_name = c_str_or_null(req.partition);
          r.files = files.empty() ? nullptr : files.data();
          r.file_count = files.size();
          r.group_sizes = req.group_sizes.empty() ? nullptr : req.group_sizes.data();
          r.group_count = req.group_sizes.size();
          r.option_keys = keys.empty() ? nullptr : keys.data();
          r.option_values = values.empty() ? nullptr : values.data();
          r.option_count = std::min(keys.size(), values.size());
          r.volume_name = c_str_or_null(req.volume);
          r.access_key = c_str_or_null(req.access_key);
          r.secret_key = c_str_or_null(req.secret_key);
          r.session_token = c_str_or_null(req.session_token);
          char* job_id = nullptr;
          out.done.struct_size = sizeof out.done;
          const mj_status st = mj_bulk_import_ex(&job_id, &out.done, c, &r, call, err);
          if (st == MJ_OK) {
            std::unique_ptr<char, Freer<void, mj_free>> guard(job_id);
            out.id = job_id;
          }
          return st;
        },
        [](Napi::Env e, const Out& out) -> napi_value {
          return outcome_to_js(e, Napi::String::New(e, out.id), out.done);
        });
  }

  // getImportProgress(id: string, ...call)
  Napi::Value GetImportProgress(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::string id = info[0].As<Napi::String>().Utf8Value();
    return start_read(env, host(env), ReadKind::import, id, 0, CallOptions::from(info, 1));
  }

  // listImportJobs(collectionName?, ...call)
  Napi::Value ListImportJobs(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::optional<std::string> coll = read_string(info[0]);
    return queue_result<ImportListPtr>(
        env, client(env), CallOptions::from(info, 1),
        [coll = std::move(coll)](mj_import_job_list** out, mj_client* c, const mj_call_options* call, mj_error** err) {
          return mj_list_import_jobs(out, c, c_str_or_null(coll), call, err);
        });
  }

  // listImportJobsPage({collectionName, pageSize, currentPage}, ...call)
  Napi::Value ListImportJobsPage(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Object o = info[0].As<Napi::Object>();
    auto coll = opt_string(o, "collectionName");
    const int64_t page_size = opt_int64(o, "pageSize");
    const int64_t current_page = opt_int64(o, "currentPage");
    return queue_result<ImportListPtr>(
        env, client(env), CallOptions::from(info, 1),
        [coll = std::move(coll), page_size, current_page](mj_import_job_list** out, mj_client* c,
                                                          const mj_call_options* call, mj_error** err) {
          mj_import_list_request r;
          mj_import_list_request_init(&r, sizeof r);
          r.collection_name = c_str_or_null(coll);
          r.page_size = page_size;
          r.current_page = current_page;
          return mj_list_import_jobs_page(out, c, &r, call, err);
        });
  }

  Napi::Value CommitOrAbort(const Napi::CallbackInfo& info, bool commit) {
    Napi::Env env = info.Env();
    std::string id = info[0].As<Napi::String>().Utf8Value();
    return queue_value<int>(
        env, client(env), CallOptions::from(info, 1),
        [id = std::move(id), commit](int&, mj_client* c, const mj_call_options* call, mj_error** err) {
          return commit ? mj_commit_import(c, id.c_str(), call, err) : mj_abort_import(c, id.c_str(), call, err);
        },
        [](Napi::Env e, int) -> napi_value { return e.Undefined(); });
  }
  Napi::Value CommitImport(const Napi::CallbackInfo& info) { return CommitOrAbort(info, true); }
  Napi::Value AbortImport(const Napi::CallbackInfo& info) { return CommitOrAbort(info, false); }

  // ------------------------------------------------------------ waits

  struct WaitArgs {
    mj_wait_options opts{};
    std::optional<std::string> db;
    CancelPtr cancel;
  };

  // {timeoutMs, initialIntervalMs, maxIntervalMs, dbName, cancel}
  static std::shared_ptr<WaitArgs> wait_args(Napi::Env env, const Napi::Value& v) {
    auto w = std::make_shared<WaitArgs>();
    mj_wait_options_init(&w->opts, sizeof w->opts);
    if (!absent(v)) {
      Napi::Object o = v.As<Napi::Object>();
      w->opts.timeout_ms = opt_int64(o, "timeoutMs");
      w->opts.initial_interval_ms = opt_int64(o, "initialIntervalMs");
      w->opts.max_interval_ms = opt_int64(o, "maxIntervalMs");
      w->db = opt_string(o, "dbName");
      w->cancel = Cancel::unwrap(o.Get("cancel"));
    }
    // A wait always has a token: a progress callback that throws cancels it.
    if (!w->cancel) w->cancel = new_cancel(env);
    w->opts.cancel = w->cancel.get();
    w->opts.db_name = c_str_or_null(w->db);
    return w;
  }

  // The progress callbacks hand the library's job (borrowed: valid during
  // the callback only) to the JS thread and wait until it was turned into
  // its JS value there (post_sync): one conversion, no copy.
  Napi::Value WaitRefresh(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const int64_t id = read_int64(info[0]);
    auto args = wait_args(env, info[1]);
    ClientPtr c = client(env);
    return start_long_call(env, info[2], args->cancel, [c, id, args](const Poster& post, bool has_callback) {
      const mj_refresh_progress_fn cb = [](const mj_refresh_job* job, void* ud) {
        if (!job) return;
        static_cast<const Poster*>(ud)->post_sync([job](Napi::Env e) -> Napi::Value { return to_js(e, *job); });
      };
      mj_refresh_job* out = nullptr;
      mj_error* err = nullptr;
      const mj_status st = mj_wait_refresh(&out, c.get(), id, &args->opts, has_callback ? cb : nullptr,
                                           const_cast<Poster*>(&post), &err);
      settle(post, st, err, std::make_shared<RefreshPtr>(out));
    });
  }

  Napi::Value WaitImport(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::string id = info[0].As<Napi::String>().Utf8Value();
    auto args = wait_args(env, info[1]);
    ClientPtr c = client(env);
    return start_long_call(env, info[2], args->cancel, [c, id, args](const Poster& post, bool has_callback) {
      const mj_import_progress_fn cb = [](const mj_import_job* job, void* ud) {
        if (!job) return;
        static_cast<const Poster*>(ud)->post_sync([job](Napi::Env e) -> Napi::Value { return to_js(e, *job); });
      };
      mj_import_job* out = nullptr;
      mj_error* err = nullptr;
      const mj_status st = mj_wait_import(&out, c.get(), id.c_str(), &args->opts, has_callback ? cb : nullptr,
                                          const_cast<Poster*>(&post), &err);
      settle(post, st, err, std::make_shared<ImportPtr>(out));
    });
  }

  Napi::Value WaitRestoreSnapshot(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const int64_t id = read_int64(info[0]);
    auto args = wait_args(env, info[1]);
    ClientPtr c = client(env);
    return start_long_call(env, info[2], args->cancel, [c, id, args](const Poster& post, bool has_callback) {
      const mj_snapshot_progress_fn cb = [](const mj_snapshot_job* job, void* ud) {
        if (!job) return;
        static_cast<const Poster*>(ud)->post_sync([job](Napi::Env e) -> Napi::Value { return to_js(e, *job); });
      };
      mj_snapshot_job* out = nullptr;
      mj_error* err = nullptr;
      const mj_status st = mj_wait_restore_snapshot(&out, c.get(), id, &args->opts, has_callback ? cb : nullptr,
                                                    const_cast<Poster*>(&post), &err);
      settle(post, st, err, std::make_shared<SnapshotPtr>(out));
    });
  }

  // Posts the outcome of a wait: the job on success; on failure the error,
  // with the last job read (if any) as error.job.
  template <typename Ptr>
  static void settle(const Poster& post, mj_status st, mj_error* err, std::shared_ptr<Ptr> job) {
    if (st == MJ_OK && *job) {
      post.post_final([job](Napi::Env e) -> Napi::Value { return to_js(e, **job); });
      return;
    }
    auto f = std::make_shared<Failure>(Failure{st == MJ_OK ? MJ_EINTERNAL : st, ErrorPtr(err), {}});
    post.post_final([f, job](Napi::Env env) -> Napi::Value {
      Napi::Object o = to_js(env, *f);
      if (*job) o.Set("job", to_js(env, **job));
      throw Napi::Error(env, o);
    });
  }

  // stats(): the counters (synchronous: relaxed atomic reads, never blocks).
  Napi::Value Stats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    ClientPtr c = client(env);
    mj_client_stats st;
    st.struct_size = sizeof st;
    mj_error* err = nullptr;
    const mj_status rc = mj_client_stats_get(&st, c.get(), &err);
    if (rc != MJ_OK) throw_failure(env, rc, err);
    return stats_to_js(env, st);
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    // Calls in flight keep their own reference; the library's client is
    // freed when the last of them ends.
    client_.reset();
    // Reads in flight keep the host (and the client) until they ended;
    // an idle one is freed here.
    host_.reset();
    return info.Env().Undefined();
  }

  ClientPtr client_;
  std::shared_ptr<AsyncHost> host_;
};

}  // namespace

Napi::Function init_client(Napi::Env env) { return Client::Init(env); }

ClientPtr unwrap_client(const Napi::Value& v) {
  // lib/index.js passes its own Client's native object; anything else is
  // refused here (never dereferenced as one).
  auto* data = v.Env().GetInstanceData<AddonData>();
  if (!v.IsObject() || !v.As<Napi::Object>().InstanceOf(data->client_ctor.Value())) {
    throw_error(v.Env(), MJ_EINVALID_ARGUMENT, "expected a Client");
  }
  return Client::Unwrap(v.As<Napi::Object>())->client(v.Env());
}

}  // namespace mjnode
