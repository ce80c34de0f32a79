// Entry point of the milvus-jobs Node addon. The JS layer (lib/) wraps these
// classes into the public API; nothing here is meant to be used directly.
#include <string>

#ifndef _WIN32
#include <dlfcn.h>
#endif

#include "common.hpp"

namespace mjnode {
namespace {

// Keeps this addon mapped for the life of the process. Node unloads an addon
// when the last worker thread that loaded it ends, but the threads of waits
// and watchers cancelled at that moment are still returning through our code.
void pin_addon() {
#ifndef _WIN32
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&pin_addon), &info) != 0 && info.dli_fname != nullptr) {
    (void)dlopen(info.dli_fname, RTLD_NOW | RTLD_NODELETE);  // never closed, on purpose
  }
#endif
}

Napi::Value Version(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), mj_version()); }

Napi::Value StatusName(const Napi::CallbackInfo& info) {
  const int32_t s = info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : -1;
  return Napi::String::New(info.Env(), mj_status_name(static_cast<mj_status>(s)));
}

Napi::Value StatusDescription(const Napi::CallbackInfo& info) {
  const int32_t s = info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : -1;
  return Napi::String::New(info.Env(), mj_status_description(static_cast<mj_status>(s)));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  // A library older than the header this addon was compiled against lacks
  // functions the addon calls: refuse to load rather than fail later.
  if (mj_version_number() < MJ_VERSION_NUMBER) {
    throw Napi::Error::New(env, std::string("libmilvus_jobs ") + mj_version() +
                                    " is older than the milvus_jobs.h " MJ_VERSION_STRING
                                    " this addon was built against; install a newer library or rebuild the addon");
  }
  pin_addon();
  auto* data = new AddonData();
  env.SetInstanceData<AddonData>(data);
  init_names(env, data);
  Napi::Array resource = Napi::Array::New(env, 1);
  resource.Set(0u, Napi::String::New(env, "milvus-jobs"));
  data->resource_name = Napi::Persistent(resource);
  Napi::Function cancel = Cancel::Init(env);
  Napi::Function client = init_client(env);
  data->cancel_ctor = Napi::Persistent(cancel);
  data->client_ctor = Napi::Persistent(client);
  exports.Set("Cancel", cancel);
  exports.Set("Client", client);
  exports.Set("Watcher", init_watcher(env));
  exports.Set("version", Napi::Function::New(env, Version, "version"));
  exports.Set("setFactories", Napi::Function::New(env, set_factories, "setFactories"));
  exports.Set("statusName", Napi::Function::New(env, StatusName, "statusName"));
  exports.Set("statusDescription", Napi::Function::New(env, StatusDescription, "statusDescription"));
  exports.Set("versionNumber", Napi::Number::New(env, mj_version_number()));
  exports.Set("headerVersionNumber", Napi::Number::New(env, MJ_VERSION_NUMBER));
  return exports;
}

}  // namespace
}  // namespace mjnode

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return mjnode::Init(env, exports); }

NODE_API_MODULE(milvus_jobs_node, InitAddon)
