// The single job reads (get import / refresh / snapshot restore progress) on
// the library's non-blocking API (mj_async), driven by the JS thread's own
// libuv loop: no thread pool, no thread handoff per call.
#ifndef MJ_NODE_ASYNC_READS_H
#define MJ_NODE_ASYNC_READS_H

#include <memory>

#include "common.hpp"

namespace mjnode {

class AsyncHost;

// One mj_async of a client, made on its first read. The Client holds it;
// while reads are in flight it also holds itself, so a client closed or
// collected with reads in flight lets them finish. Its libuv handles keep
// the process alive only while a read is in flight.
std::shared_ptr<AsyncHost> new_async_host(Napi::Env env, ClientPtr client);

enum class ReadKind { import, refresh, snapshot };

// Starts one read and returns its promise: it resolves with the job (the
// same JS object the blocking call gave) or rejects with the library's error.
// `import_id` is used for ReadKind::import, `id` for the others.
Napi::Value start_read(Napi::Env env, AsyncHost& host, ReadKind kind, const std::string& import_id, int64_t id,
                       CallOptions call);

// A Cancel token was triggered (Cancel::Trigger): the reads started with it
// end at once, rejecting with MJ_ECANCELLED.
void cancel_reads_of(mj_cancel* token);

}  // namespace mjnode

#endif
