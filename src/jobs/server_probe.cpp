// Telling a Milvus older than 2.4 apart. Milvus 2.3 serves REST v1 only
// (/v1/vector/...): every /v2/vectordb route answers gin's plain-text 404,
// and so does a server that is not Milvus at all. After such a 404 on an
// import route, one GET /v1/vector/collections (a read that changes
// nothing) tells them apart: Milvus 2.3 answers it (200 with a JSON code, or
// 401 when authentication is on), anything else answers 404 or fails. The
// answer is kept for the client's life.
#include <chrono>

#include "common/deadline.hpp"
#include "jobs/client.hpp"

namespace mj::jobs {
namespace {

constexpr int64_t kProbeTimeoutMs = 5000;
constexpr const char* kProbePath = "/v1/vector/collections";

}  // namespace

void JobsClient::explain_not_served(ErrorInfo& info, protocol::Route route, const CallContext& ctx) {
  if (config_.deployment != Deployment::milvus) return;
  int state = rest_v1_only_.load();
  if (state == 0) {
    transport::HttpRequest probe;
    probe.path = kProbePath;
    probe.get = true;
    probe.cancel = ctx.cancel;
    probe.timeout_ms = std::min<int64_t>(kProbeTimeoutMs, timeout_for(ctx));
    probe.deadline = deadline_after(std::chrono::steady_clock::now(), probe.timeout_ms);
    probe.max_response_bytes = 1u << 20;
    set_attempt_headers(probe, new_request_id(), ctx);
    try {
      const transport::HttpResponse answer = http_.post(probe);
      const bool v1 =
          answer.status == 401 || (answer.status == 200 && answer.body.find("\"code\"") != std::string::npos);
      state = v1 ? 1 : 2;
      rest_v1_only_.store(state);
    } catch (const Error&) {
      return;  // no answer: say nothing more, and ask again next time
    }
  }
  apply_rest_v1_verdict(info, route);
}

void JobsClient::apply_rest_v1_verdict(ErrorInfo& info, protocol::Route route) const {
  if (rest_v1_only_.load() != 1) return;
  const std::string path(protocol::route_path(route));
  info.message = "import over REST needs Milvus >= 2.4; this server is Milvus 2.3 or older (REST v1 only): " + path +
                 " answered 404 and " + kProbePath +
                 " answered; upgrade the server to Milvus >= 2.4, or import with the server's gRPC API";
}

}  // namespace mj::jobs
