// The Client class: one mj_client, every job operation as a Promise. Single
// requests run on libuv's thread pool (Napi::AsyncWorker); waits run on a
// thread of their own (long_call.hpp), because they may block for minutes.
#include <functional>
#include <utility>

#include "common.hpp"
#include "long_call.hpp"

namespace mjnode {

namespace {

// Runs `run` on the thread pool and settles the promise on the JS thread.
// R holds the call's result between the two.
template <typename R>
class CallWorker : public Napi::AsyncWorker {
 public:
  using RunFn = std::function<mj_status(R&, mj_client*, const mj_call_options*, mj_error**)>;
  using ToJsFn = std::function<Napi::Value(Napi::Env, R&)>;

  CallWorker(Napi::Env env, ClientPtr client, CallOptions call, RunFn run, ToJsFn to_js)
      : Napi::AsyncWorker(env, "milvus-jobs"),
        deferred_(Napi::Promise::Deferred::New(env)),
        client_(std::move(client)),
        call_(std::move(call)),
        run_(std::move(run)),
        to_js_(std::move(to_js)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    try {
      const mj_call_options c = call_.c();
      mj_error* err = nullptr;
      const mj_status st = run_(result_, client_.get(), &c, &err);
      if (st != MJ_OK) error_ = take_error(st, err);
    } catch (const std::bad_alloc&) {
      error_ = ErrorSnap{};
      error_->status = MJ_ENOMEM;
      error_->message = "out of memory while copying the result";
    }
  }

  void OnOK() override {
    // While the environment shuts down (a worker thread terminated) no JS can
    // run: the calls below throw, and there is nobody left to tell.
    try {
      Napi::Env env = Env();
      Napi::HandleScope scope(env);
      if (error_) {
        deferred_.Reject(to_js(env, *error_));
        return;
      }
      try {
        deferred_.Resolve(to_js_(env, result_));
      } catch (const Napi::Error& e) {
        deferred_.Reject(e.Value());
      }
    } catch (...) {
    }
  }

  void OnError(const Napi::Error& e) override {
    try {
      deferred_.Reject(e.Value());
    } catch (...) {
    }
  }

 private:
  Napi::Promise::Deferred deferred_;
  ClientPtr client_;
  CallOptions call_;
  RunFn run_;
  ToJsFn to_js_;
  R result_{};
  std::optional<ErrorSnap> error_;
};

template <typename R>
Napi::Value queue(Napi::Env env, ClientPtr client, CallOptions call, typename CallWorker<R>::RunFn run,
                  typename CallWorker<R>::ToJsFn to_js) {
  auto* w = new CallWorker<R>(env, std::move(client), std::move(call), std::move(run), std::move(to_js));
  Napi::Promise p = w->Promise();
  w->Queue();
  return p;
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
                           InstanceMethod("close", &Client::Close),
                       });
  }

  explicit Client(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Client>(info) {
    Napi::Object o = object_arg(info[0], "client options");
    const auto uri = opt_string(o, "uri", "uri");
    const auto token = opt_string(o, "token", "token");
    const auto db = opt_string(o, "dbName", "dbName");
    const auto ca_file = opt_string(o, "tlsCaFile", "tlsCaFile");
    const auto ca_path = opt_string(o, "tlsCaPath", "tlsCaPath");
    const auto ua = opt_string(o, "userAgent", "userAgent");
    const auto headers = opt_strings(o, "extraHeaders", "extraHeaders");
    const auto cluster = opt_string(o, "cloudClusterId", "cloudClusterId");
    const auto project = opt_string(o, "cloudProjectId", "cloudProjectId");
    const auto region = opt_string(o, "cloudRegionId", "cloudRegionId");
    std::vector<const char*> header_ptrs;
    for (const auto& h : headers) header_ptrs.push_back(h.c_str());

    mj_client_options opts;
    mj_client_options_init(&opts, sizeof opts);
    opts.uri = c_str_or_null(uri);
    opts.token = c_str_or_null(token);
    opts.db_name = c_str_or_null(db);
    opts.connect_timeout_ms = opt_int64(o, "connectTimeoutMs", "connectTimeoutMs");
    opts.request_timeout_ms = opt_int64(o, "requestTimeoutMs", "requestTimeoutMs");
    opts.tls_insecure_skip_verify = opt_bool(o, "tlsInsecureSkipVerify", "tlsInsecureSkipVerify") ? 1 : 0;
    opts.tls_ca_file = c_str_or_null(ca_file);
    opts.tls_ca_path = c_str_or_null(ca_path);
    opts.user_agent = c_str_or_null(ua);
    opts.extra_headers = header_ptrs.empty() ? nullptr : header_ptrs.data();
    opts.extra_header_count = header_ptrs.size();
    opts.max_attempts = opt_int32(o, "maxAttempts", "maxAttempts");
    opts.retry_initial_backoff_ms = opt_int64(o, "retryInitialBackoffMs", "retryInitialBackoffMs");
    opts.retry_max_backoff_ms = opt_int64(o, "retryMaxBackoffMs", "retryMaxBackoffMs");
    opts.max_response_bytes = opt_int64(o, "maxResponseBytes", "maxResponseBytes");
    opts.max_list_response_bytes = opt_int64(o, "maxListResponseBytes", "maxListResponseBytes");
    opts.deployment = opt_int32(o, "deployment", "deployment");
    opts.cloud_cluster_id = c_str_or_null(cluster);
    opts.cloud_project_id = c_str_or_null(project);
    opts.cloud_region_id = c_str_or_null(region);

    mj_client* c = nullptr;
    mj_error* err = nullptr;
    const mj_status st = mj_client_new(&c, &opts, &err);
    if (st != MJ_OK) throw Napi::Error(info.Env(), to_js(info.Env(), take_error(st, err)));
    client_ = ClientPtr(c, mj_client_free);
  }

  ClientPtr client(Napi::Env env) const {
    if (!client_) throw_error(env, MJ_EINVALID_ARGUMENT, "the client is closed; create a new Client");
    return client_;
  }

 private:
  // ------------------------------------------------------------ refresh

  Napi::Value Refresh(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Object o = object_arg(info[0], "refresh request");
    struct Req {
      std::optional<std::string> collection, source, spec;
    };
    auto req = std::make_shared<Req>();
    req->collection = opt_string(o, "collectionName", "collectionName");
    req->source = opt_string(o, "externalSource", "externalSource");
    req->spec = opt_string(o, "externalSpec", "externalSpec");
    return queue<int64_t>(
        env, client(env), CallOptions::from(info[1]),
        [req](int64_t& id, mj_client* c, const mj_call_options* call, mj_error** err) {
          mj_refresh_request r;
          mj_refresh_request_init(&r, sizeof r);
          r.collection_name = c_str_or_null(req->collection);
          r.external_source = c_str_or_null(req->source);
          r.external_spec = c_str_or_null(req->spec);
          return mj_refresh_external_collection(&id, c, &r, call, err);
        },
        [](Napi::Env e, int64_t& id) { return Napi::BigInt::New(e, id); });
  }

  Napi::Value GetRefreshProgress(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const int64_t id = job_id_arg(info[0], "jobId");
    return queue<RefreshSnap>(
        env, client(env), CallOptions::from(info[1]),
        [id](RefreshSnap& out, mj_client* c, const mj_call_options* call, mj_error** err) {
          mj_refresh_job* job = nullptr;
          const mj_status st = mj_get_refresh_external_collection_progress(&job, c, id, call, err);
          if (st == MJ_OK) {
            std::unique_ptr<mj_refresh_job, decltype(&mj_refresh_job_free)> guard(job, mj_refresh_job_free);
            out = snap_refresh(*job);
          }
          return st;
        },
        [](Napi::Env e, RefreshSnap& j) { return to_js(e, j); });
  }

  Napi::Value ListRefreshJobs(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::optional<std::string> coll;
    if (!info[0].IsUndefined() && !info[0].IsNull()) coll = string_arg(info[0], "collectionName");
    return queue<std::vector<RefreshSnap>>(
        env, client(env), CallOptions::from(info[1]),
        [coll](std::vector<RefreshSnap>& out, mj_client* c, const mj_call_options* call, mj_error** err) {
          mj_refresh_job_list* list = nullptr;
          const mj_status st = mj_list_refresh_external_collection_jobs(&list, c, c_str_or_null(coll), call, err);
          if (st == MJ_OK) {
            std::unique_ptr<mj_refresh_job_list, decltype(&mj_refresh_job_list_free)> guard(list,
                                                                                            mj_refresh_job_list_free);
            for (size_t i = 0; i < list->count; ++i) {
              if (list->items[i]) out.push_back(snap_refresh(*list->items[i]));
            }
          }
          return st;
        },
        [](Napi::Env e, std::vector<RefreshSnap>& jobs) {
          Napi::Array a = Napi::Array::New(e, jobs.size());
          for (size_t i = 0; i < jobs.size(); ++i) a.Set(static_cast<uint32_t>(i), to_js(e, jobs[i]));
          return a;
        });
  }

  // ------------------------------------------------------------ import

  Napi::Value BulkImport(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Object o = object_arg(info[0], "import request");
    struct Req {
      std::optional<std::string> collection, partition, volume, access_key, secret_key, session_token;
      std::vector<std::string> files, option_keys, option_values;
      std::vector<size_t> group_sizes;
    };
    auto req = std::make_shared<Req>();
    req->collection = opt_string(o, "collectionName", "collectionName");
    req->partition = opt_string(o, "partitionName", "partitionName");
    req->volume = opt_string(o, "volumeName", "volumeName");
    req->access_key = opt_string(o, "accessKey", "accessKey");
    req->secret_key = opt_string(o, "secretKey", "secretKey");
    req->session_token = opt_string(o, "sessionToken", "sessionToken");
    req->files = opt_strings(o, "files", "files");
    req->option_keys = opt_strings(o, "optionKeys", "option keys");
    req->option_values = opt_strings(o, "optionValues", "option values");
    if (req->option_keys.size() != req->option_values.size()) {
      throw_error(env, MJ_EINVALID_ARGUMENT, "option keys and values differ in number");
    }
    Napi::Value groups = o.Get("groupSizes");
    if (!groups.IsUndefined() && !groups.IsNull()) {
      if (!groups.IsArray()) throw_error(env, MJ_EINVALID_ARGUMENT, "groupSizes must be an array of integers");
      Napi::Array a = groups.As<Napi::Array>();
      for (uint32_t i = 0; i < a.Length(); ++i) {
        Napi::Value g = a.Get(i);
        const double d = g.IsNumber() ? g.As<Napi::Number>().DoubleValue() : -1;
        if (d < 0 || d != static_cast<double>(static_cast<size_t>(d))) {
          throw_error(env, MJ_EINVALID_ARGUMENT, "groupSizes must be an array of non-negative integers");
        }
        req->group_sizes.push_back(static_cast<size_t>(d));
      }
    }
    return queue<std::string>(
        env, client(env), CallOptions::from(info[1]),
        [req](std::string& id, mj_client* c, const mj_call_options* call, mj_error** err) {
          std::vector<const char*> files, keys, values;
          for (const auto& f : req->files) files.push_back(f.c_str());
          for (const auto& k : req->option_keys) keys.push_back(k.c_str());
          for (const auto& v : req->option_values) values.push_back(v.c_str());
          mj_import_request r;
          mj_import_request_init(&r, sizeof r);
          r.collection_name = c_str_or_null(req->collection);
          r.partition_name = c_str_or_null(req->partition);
          r.files = files.empty() ? nullptr : files.data();
          r.file_count = files.size();
          r.group_sizes = req->group_sizes.empty() ? nullptr : req->group_sizes.data();
          r.group_count = req->group_sizes.size();
          r.option_keys = keys.empty() ? nullptr : keys.data();
          r.option_values = values.empty() ? nullptr : values.data();
          r.option_count = keys.size();
          r.volume_name = c_str_or_null(req->volume);
          r.access_key = c_str_or_null(req->access_key);
          r.secret_key = c_str_or_null(req->secret_key);
          r.session_token = c_str_or_null(req->session_token);
          char* job_id = nullptr;
          const mj_status st = mj_bulk_import(&job_id, c, &r, call, err);
          if (st == MJ_OK) {
            std::unique_ptr<char, decltype(&mj_free)> guard(job_id, mj_free);
            id = job_id;
          }
          return st;
        },
        [](Napi::Env e, std::string& id) { return Napi::String::New(e, id); });
  }

  Napi::Value GetImportProgress(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const std::string id = string_arg(info[0], "jobId");
    return queue<ImportSnap>(
        env, client(env), CallOptions::from(info[1]),
        [id](ImportSnap& out, mj_client* c, const mj_call_options* call, mj_error** err) {
          mj_import_job* job = nullptr;
          const mj_status st = mj_get_import_progress(&job, c, id.c_str(), call, err);
          if (st == MJ_OK) {
            std::unique_ptr<mj_import_job, decltype(&mj_import_job_free)> guard(job, mj_import_job_free);
            out = snap_import(*job);
          }
          return st;
        },
        [](Napi::Env e, ImportSnap& j) { return to_js(e, j); });
  }

  static mj_status take_list(ImportListSnap& out, mj_import_job_list* list, mj_status st) {
    if (st == MJ_OK) {
      std::unique_ptr<mj_import_job_list, decltype(&mj_import_job_list_free)> guard(list, mj_import_job_list_free);
      out = snap_import_list(*list);
    }
    return st;
  }

  Napi::Value ListImportJobs(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::optional<std::string> coll;
    if (!info[0].IsUndefined() && !info[0].IsNull()) coll = string_arg(info[0], "collectionName");
    return queue<ImportListSnap>(
        env, client(env), CallOptions::from(info[1]),
        [coll](ImportListSnap& out, mj_client* c, const mj_call_options* call, mj_error** err) {
          mj_import_job_list* list = nullptr;
          return take_list(out, list, mj_list_import_jobs(&list, c, c_str_or_null(coll), call, err));
        },
        [](Napi::Env e, ImportListSnap& l) { return to_js(e, l); });
  }

  Napi::Value ListImportJobsPage(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Object o = object_arg(info[0], "page request");
    const auto coll = opt_string(o, "collectionName", "collectionName");
    const int64_t page_size = opt_int64(o, "pageSize", "pageSize");
    const int64_t current_page = opt_int64(o, "currentPage", "currentPage");
    return queue<ImportListSnap>(
        env, client(env), CallOptions::from(info[1]),
        [coll, page_size, current_page](ImportListSnap& out, mj_client* c, const mj_call_options* call,
                                        mj_error** err) {
          mj_import_list_request r;
          mj_import_list_request_init(&r, sizeof r);
          r.collection_name = c_str_or_null(coll);
          r.page_size = page_size;
          r.current_page = current_page;
          mj_import_job_list* list = nullptr;
          return take_list(out, list, mj_list_import_jobs_page(&list, c, &r, call, err));
        },
        [](Napi::Env e, ImportListSnap& l) { return to_js(e, l); });
  }

  Napi::Value CommitOrAbort(const Napi::CallbackInfo& info, bool commit) {
    Napi::Env env = info.Env();
    const std::string id = string_arg(info[0], "jobId");
    return queue<int>(
        env, client(env), CallOptions::from(info[1]),
        [id, commit](int&, mj_client* c, const mj_call_options* call, mj_error** err) {
          return commit ? mj_commit_import(c, id.c_str(), call, err) : mj_abort_import(c, id.c_str(), call, err);
        },
        [](Napi::Env e, int&) { return e.Undefined(); });
  }
  Napi::Value CommitImport(const Napi::CallbackInfo& info) { return CommitOrAbort(info, true); }
  Napi::Value AbortImport(const Napi::CallbackInfo& info) { return CommitOrAbort(info, false); }

  // ------------------------------------------------------------ waits

  struct WaitArgs {
    mj_wait_options opts{};
    std::optional<std::string> db;
    CancelPtr cancel;
  };

  static std::shared_ptr<WaitArgs> wait_args(Napi::Env env, const Napi::Value& v) {
    auto w = std::make_shared<WaitArgs>();
    mj_wait_options_init(&w->opts, sizeof w->opts);
    if (!v.IsUndefined() && !v.IsNull()) {
      Napi::Object o = object_arg(v, "wait options");
      w->opts.timeout_ms = opt_int64(o, "timeoutMs", "timeoutMs");
      w->opts.initial_interval_ms = opt_int64(o, "initialIntervalMs", "initialIntervalMs");
      w->opts.max_interval_ms = opt_int64(o, "maxIntervalMs", "maxIntervalMs");
      w->db = opt_string(o, "dbName", "dbName");
      w->cancel = Cancel::unwrap(o.Get("cancel"));
    }
    // A wait always has a token: a progress callback that throws cancels it.
    if (!w->cancel) w->cancel = new_cancel(env);
    w->opts.cancel = w->cancel.get();
    w->opts.db_name = c_str_or_null(w->db);
    return w;
  }

  Napi::Value WaitRefresh(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const int64_t id = job_id_arg(info[0], "jobId");
    auto args = wait_args(env, info[1]);
    ClientPtr c = client(env);
    return start_long_call(env, info[2], args->cancel, [c, id, args](const Post& post, bool has_callback) {
      struct Ctx {
        const Post* post;
      } ctx{&post};
      const mj_refresh_progress_fn cb = [](const mj_refresh_job* job, void* ud) {
        if (!job) return;
        auto snap = std::make_shared<RefreshSnap>(snap_refresh(*job));
        (*static_cast<Ctx*>(ud)->post)([snap](Napi::Env e) -> Napi::Value { return to_js(e, *snap); }, false);
      };
      mj_refresh_job* out = nullptr;
      mj_error* err = nullptr;
      const mj_status st = mj_wait_refresh(&out, c.get(), id, &args->opts, has_callback ? cb : nullptr, &ctx, &err);
      std::shared_ptr<RefreshSnap> job;
      if (out) job = std::make_shared<RefreshSnap>(snap_refresh(*out));
      mj_refresh_job_free(out);
      settle(post, st, err, job);
    });
  }

  Napi::Value WaitImport(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const std::string id = string_arg(info[0], "jobId");
    auto args = wait_args(env, info[1]);
    ClientPtr c = client(env);
    return start_long_call(env, info[2], args->cancel, [c, id, args](const Post& post, bool has_callback) {
      struct Ctx {
        const Post* post;
      } ctx{&post};
      const mj_import_progress_fn cb = [](const mj_import_job* job, void* ud) {
        if (!job) return;
        auto snap = std::make_shared<ImportSnap>(snap_import(*job));
        (*static_cast<Ctx*>(ud)->post)([snap](Napi::Env e) -> Napi::Value { return to_js(e, *snap); }, false);
      };
      mj_import_job* out = nullptr;
      mj_error* err = nullptr;
      const mj_status st =
          mj_wait_import(&out, c.get(), id.c_str(), &args->opts, has_callback ? cb : nullptr, &ctx, &err);
      std::shared_ptr<ImportSnap> job;
      if (out) job = std::make_shared<ImportSnap>(snap_import(*out));
      mj_import_job_free(out);
      settle(post, st, err, job);
    });
  }

  // Posts the outcome of a wait: the job on success; on failure the error,
  // with the last job read (if any) as error.job.
  template <typename Snap>
  static void settle(const Post& post, mj_status st, mj_error* err, const std::shared_ptr<Snap>& job) {
    if (st == MJ_OK && job) {
      post([job](Napi::Env e) -> Napi::Value { return to_js(e, *job); }, true);
      return;
    }
    auto e = std::make_shared<ErrorSnap>(take_error(st == MJ_OK ? MJ_EINTERNAL : st, err));
    post(
        [e, job](Napi::Env env) -> Napi::Value {
          Napi::Object o = to_js(env, *e);
          if (job) o.Set("job", to_js(env, *job));
          throw Napi::Error(env, o);
        },
        true);
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    // Calls in flight keep their own reference; the library's client is
    // freed when the last of them ends.
    client_.reset();
    return info.Env().Undefined();
  }

  ClientPtr client_;
};

}  // namespace

Napi::Function init_client(Napi::Env env) { return Client::Init(env); }

ClientPtr unwrap_client(const Napi::Value& v) {
  auto* data = v.Env().GetInstanceData<AddonData>();
  if (!v.IsObject() || !v.As<Napi::Object>().InstanceOf(data->client_ctor.Value())) {
    throw_error(v.Env(), MJ_EINVALID_ARGUMENT, "expected a Client");
  }
  return Client::Unwrap(v.As<Napi::Object>())->client(v.Env());
}

}  // namespace mjnode
