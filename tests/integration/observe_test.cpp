// The log hook, the client's counters and per-call headers, against the dev
// server: what each record carries, on which thread it comes, that a hook may
// call the library; counters of a known sequence of calls; a traceparent per
// call seen in the dev server's request log; and a full run (mutual TLS with
// an encrypted key, a proxy with credentials, a token; the cloud mode with
// an API key and storage keys) whose every logged line is searched for each
// secret.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <thread>

#include "pki.hpp"
#include "proxies.hpp"
#include "support.hpp"

using namespace mjtest;

namespace {

struct Line {
  int32_t level;
  std::string event, message, operation, route, request_id, trace_id;
  int32_t attempt, status, http_status, server_code, reused;
  int64_t duration_us, backoff_ms;
  std::thread::id thread;
};

// Collects every record; optionally calls back into the library from the hook.
struct Sink {
  std::mutex mu;
  std::vector<Line> lines;
  mj_client* client = nullptr;  // when set, the hook reads its stats (no lock may be held)
  int64_t stats_seen = 0;

  static void hook(const mj_log_record* r, void* user) {
    auto* self = static_cast<Sink*>(user);
    Line l{r->level,       r->event,       r->message,
           r->operation,   r->route,       r->request_id,
           r->trace_id,    r->attempt,     r->status,
           r->http_status, r->server_code, r->connection_reused,
           r->duration_us, r->backoff_ms,  std::this_thread::get_id()};
    if (self->client) {
      mj_client_stats s;
      s.struct_size = sizeof s;
      if (mj_client_stats_get(&s, self->client, nullptr) == MJ_OK) self->stats_seen = s.attempts;
    }
    std::lock_guard<std::mutex> lock(self->mu);
    self->lines.push_back(std::move(l));
  }
  std::vector<Line> take() {
    std::lock_guard<std::mutex> lock(mu);
    return std::move(lines);
  }
};

mj_client_stats stats_of(mj_client* c) {
  mj_client_stats s;
  s.struct_size = sizeof s;
  EXPECT_EQ(mj_client_stats_get(&s, c, nullptr), MJ_OK);
  return s;
}

std::string describe(mj_client* c, const char* id, const mj_call_options* call = nullptr, mj_status* status = nullptr) {
  mj_import_job* job = nullptr;
  mj_error* e = nullptr;
  const mj_status s = mj_get_import_progress(&job, c, id, call, &e);
  if (status) *status = s;
  std::string message = mj_error_message(e);
  mj_error_free(e);
  mj_import_job_free(job);
  return message;
}

std::string start_import(mj_client* c) {
  const char* files[] = {"import/rows.json"};
  mj_import_request r = MJ_IMPORT_REQUEST_INIT;
  r.collection_name = "quick_setup";
  r.files = files;
  r.file_count = 1;
  char* id = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_bulk_import(&id, c, &r, nullptr, &e), MJ_OK) << mj_error_message(e);
  mj_error_free(e);
  std::string out = id ? id : "";
  mj_free(id);
  return out;
}

class Observe : public ::testing::Test {
 protected:
  void start(const std::vector<std::string>& extra = {}) {
    const std::string config = write_sample_world(dir);
    DevServerOptions o;
    o.data_dir = dir.path() + "/data";
    o.config_file = config;
    o.extra_args = {"--request-log", dir.path() + "/requests.log"};
    o.extra_args.insert(o.extra_args.end(), extra.begin(), extra.end());
    server = std::make_unique<DevServer>(o);
    uri = server->uri();
  }
  Client client(int32_t level, Sink* sink) {
    mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
    o.uri = uri.c_str();
    o.request_timeout_ms = 10000;
    o.retry_initial_backoff_ms = 5;
    o.log_fn = sink ? &Sink::hook : nullptr;
    o.log_user_data = sink;
    o.log_level = level;
    mj_client* c = nullptr;
    mj_error* e = nullptr;
    EXPECT_EQ(mj_client_new(&c, &o, &e), MJ_OK) << mj_error_message(e);
    mj_error_free(e);
    return Client(c);
  }

  TempDir dir;
  std::string uri;
  std::unique_ptr<DevServer> server;
};

}  // namespace

TEST_F(Observe, EachAttemptIsLoggedWithItsIdsOnTheCallingThread) {
  start();
  Sink sink;
  Client c = client(MJ_LOG_DEBUG, &sink);
  sink.client = c.get();
  const std::string id = start_import(c.get());
  mj_status s = MJ_OK;
  describe(c.get(), id.c_str(), nullptr, &s);
  ASSERT_EQ(s, MJ_OK);
  const std::string missing = describe(c.get(), "999999999", nullptr, &s);
  ASSERT_EQ(s, MJ_ENOT_FOUND);
  const auto lines = sink.take();

  int requests = 0, failed = 0, connections = 0, reused = 0;
  for (const Line& l : lines) {
    EXPECT_EQ(l.thread, std::this_thread::get_id()) << l.message;
    EXPECT_FALSE(l.message.empty());
    EXPECT_EQ(l.request_id.rfind("mj-", 0), 0u) << l.message;
    EXPECT_NE(l.message.find(l.request_id), std::string::npos) << l.message;
    EXPECT_EQ(l.attempt, 1) << l.message;
    if (l.event == "request") {
      ++requests;
      EXPECT_EQ(l.level, MJ_LOG_INFO);
      EXPECT_EQ(l.status, MJ_OK);
      EXPECT_EQ(l.http_status, 200);
      EXPECT_GT(l.duration_us, 0);
      EXPECT_EQ(l.trace_id.size(), 32u) << "the dev server's X-Milvus-Trace-Id";
      EXPECT_NE(l.message.find("trace " + l.trace_id), std::string::npos) << l.message;
      EXPECT_EQ(l.route.rfind("/v2/vectordb/jobs/import/", 0), 0u) << l.route;
    } else if (l.event == "failed") {
      ++failed;
      EXPECT_EQ(l.level, MJ_LOG_ERROR);
      EXPECT_EQ(l.status, MJ_ENOT_FOUND);
      EXPECT_EQ(l.operation, "get_import_progress");
      EXPECT_NE(l.server_code, 0);
      EXPECT_NE(l.message.find(missing), std::string::npos) << l.message << " vs " << missing;
    } else if (l.event == "connection") {
      ++connections;
      EXPECT_EQ(l.level, MJ_LOG_DEBUG);
      reused += l.reused;
    } else {
      ADD_FAILURE() << "unexpected event " << l.event << ": " << l.message;
    }
  }
  EXPECT_EQ(requests, 2);
  EXPECT_EQ(failed, 1);
  EXPECT_EQ(connections, 3);
  EXPECT_GE(reused, 1) << "the describes reuse a kept-alive connection";
  EXPECT_LE(reused, 2) << "the create always opens a fresh one";
  EXPECT_GT(sink.stats_seen, 0) << "the hook could read the stats (no lock held)";
}

TEST_F(Observe, RetriesAreLoggedWithTheirBackoffAndCounted) {
  start({"--faults", "import/describe=drop*1,import/describe=503*1,import/list=429:0*1"});
  Sink sink;
  Client c = client(MJ_LOG_WARN, &sink);
  mj_status s = MJ_OK;
  const std::string message = describe(c.get(), "1", nullptr, &s);
  EXPECT_EQ(s, MJ_ENOT_FOUND) << message;
  mj_import_job_list* l = nullptr;
  ASSERT_EQ(mj_list_import_jobs(&l, c.get(), nullptr, nullptr, nullptr), MJ_OK);
  mj_import_job_list_free(l);

  const auto lines = sink.take();
  int retries = 0;
  for (const Line& line : lines) {
    if (line.event != "retry") continue;
    ++retries;
    EXPECT_EQ(line.level, MJ_LOG_WARN);
    EXPECT_GE(line.backoff_ms, 0);
    EXPECT_NE(line.message.find("retrying in " + std::to_string(line.backoff_ms) + " ms"), std::string::npos)
        << line.message;
  }
  EXPECT_EQ(retries, 3);
  const mj_client_stats st = stats_of(c.get());
  EXPECT_EQ(st.requests, 2);
  EXPECT_EQ(st.attempts, 5);
  EXPECT_EQ(st.retries_server, 1);
  EXPECT_EQ(st.retries_rate_limited, 1);
  EXPECT_EQ(st.retries_transport, 1);
  EXPECT_EQ(st.retries_timeout, 0);
  EXPECT_EQ(st.answers_by_status[MJ_OK], 1);
  EXPECT_EQ(st.answers_by_status[MJ_ENOT_FOUND], 1);
}

TEST_F(Observe, LevelsFilterAndNoHookLogsNothing) {
  start();
  Sink sink;
  Client quiet = client(MJ_LOG_ERROR, &sink);
  mj_import_job_list* l = nullptr;
  ASSERT_EQ(mj_list_import_jobs(&l, quiet.get(), nullptr, nullptr, nullptr), MJ_OK);
  mj_import_job_list_free(l);
  EXPECT_TRUE(sink.take().empty()) << "a success is INFO, below ERROR";
  Client info = client(0, &sink);  // 0 = INFO
  ASSERT_EQ(mj_list_import_jobs(&l, info.get(), nullptr, nullptr, nullptr), MJ_OK);
  mj_import_job_list_free(l);
  const auto lines = sink.take();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].event, "request");

  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = uri.c_str();
  o.log_fn = &Sink::hook;
  o.log_level = 9;
  mj_client* c = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_client_new(&c, &o, &e), MJ_EINVALID_ARGUMENT);
  EXPECT_NE(std::string(mj_error_message(e)).find("log_level"), std::string::npos);
  mj_error_free(e);
}

TEST_F(Observe, CountersOfAKnownSequence) {
  start();
  Client c = client(0, nullptr);
  mj_client_stats zero = stats_of(c.get());
  EXPECT_EQ(zero.requests, 0);
  EXPECT_EQ(zero.struct_size, sizeof(mj_client_stats));
  const std::string id = start_import(c.get());
  for (int i = 0; i < 5; ++i) describe(c.get(), id.c_str());
  mj_status s = MJ_OK;
  describe(c.get(), "424242", nullptr, &s);
  ASSERT_EQ(s, MJ_ENOT_FOUND);
  describe(c.get(), "", nullptr, &s);  // refused before sending: no request
  ASSERT_EQ(s, MJ_EINVALID_ARGUMENT);

  const mj_client_stats st = stats_of(c.get());
  EXPECT_EQ(st.requests, 7);
  EXPECT_EQ(st.attempts, 7);
  EXPECT_EQ(st.retries_transport + st.retries_timeout + st.retries_rate_limited + st.retries_server, 0);
  EXPECT_GE(st.connections_opened, 1) << "the create opens a fresh connection";
  EXPECT_LE(st.connections_opened, 2);
  EXPECT_EQ(st.connections_opened + st.connections_reused, 7) << "each attempt opened or reused one";
  EXPECT_GT(st.bytes_sent, 7 * 100);
  EXPECT_GT(st.bytes_received, 7 * 100);
  EXPECT_EQ(st.answers_by_status[MJ_OK], 6);
  EXPECT_EQ(st.answers_by_status[MJ_ENOT_FOUND], 1);

  // Readable from another thread while calls run.
  std::atomic<bool> done{false};
  std::thread reader([&] {
    int64_t last = 0;
    while (!done) {
      const mj_client_stats now = stats_of(c.get());
      EXPECT_GE(now.attempts, last);
      last = now.attempts;
    }
  });
  for (int i = 0; i < 20; ++i) describe(c.get(), id.c_str());
  done = true;
  reader.join();
  EXPECT_EQ(stats_of(c.get()).requests, 27);

  // An older, smaller struct gets the fields that fit; a too small one is refused.
  mj_client_stats small;
  std::memset(&small, 0xee, sizeof small);
  small.struct_size = offsetof(mj_client_stats, retries_transport);
  ASSERT_EQ(mj_client_stats_get(&small, c.get(), nullptr), MJ_OK);
  EXPECT_EQ(small.attempts, 27);
  EXPECT_EQ(small.retries_transport, static_cast<int64_t>(0xeeeeeeeeeeeeeeeeULL)) << "not written past struct_size";
  small.struct_size = 4;
  EXPECT_EQ(mj_client_stats_get(&small, c.get(), nullptr), MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(mj_client_stats_get(nullptr, c.get(), nullptr), MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(mj_client_stats_get(&small, nullptr, nullptr), MJ_EINVALID_ARGUMENT);
}

TEST_F(Observe, PerCallHeadersReachTheServer) {
  start();
  Client c = client(0, nullptr);
  const std::string id = start_import(c.get());
  const char* traceparent = "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  const char* headers[] = {traceparent};
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.headers = headers;
  call.header_count = 1;
  mj_status s = MJ_OK;
  describe(c.get(), id.c_str(), &call, &s);
  ASSERT_EQ(s, MJ_OK);
  describe(c.get(), id.c_str(), nullptr, &s);  // the next call does not carry it
  ASSERT_EQ(s, MJ_OK);
  std::string log;
  ASSERT_TRUE(eventually([&] {
    std::ifstream in(dir.path() + "/requests.log");
    std::stringstream ss;
    ss << in.rdbuf();
    log = ss.str();
    return std::count(log.begin(), log.end(), '\n') >= 3;
  })) << log;
  EXPECT_EQ(log.find("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            log.rfind("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
      << "once, with the one call: " << log;
  EXPECT_NE(log.find("00-4bf92f3577b34da6a3ce929d0e0e4736"), std::string::npos) << log;

  const char* bad[] = {"traceparent: a\r\nX-Injected: 1"};
  call.headers = bad;
  const std::string message = describe(c.get(), id.c_str(), &call, &s);
  EXPECT_EQ(s, MJ_EINVALID_ARGUMENT) << message;
  call.headers = nullptr;
  EXPECT_EQ((describe(c.get(), id.c_str(), &call, &s), s), MJ_EINVALID_ARGUMENT) << "NULL with a count";
}

// A full run with every kind of secret set; every logged line (DEBUG) and
// every error message is searched for each of them.
TEST(LogSecrets, NoLoggedLineCarriesASecret) {
  TempDir dir;
  const std::string config = write_sample_world(dir);
  Pki pki(dir);
  const std::string token = "root:Milvus-t0ken-5ecret";
  DevServerOptions o;
  o.data_dir = dir.path() + "/data";
  o.config_file = config;
  o.token = token;
  o.tls_cert = pki.path("server.pem");
  o.tls_key = pki.path("server.key");
  o.extra_args = {"--tls-client-ca", pki.path("ca.pem"), "--faults", "import/describe=503*1"};
  DevServer server(o);
  Tinyproxy proxy(dir, "auth", "Allow 127.0.0.1\nBasicAuth jobs pr0xy-5ecret\n");
  const std::string proxy_url = proxy.url("jobs:pr0xy-5ecret@");
  const std::string wrong_proxy_url = proxy.url("jobs:wr0ng-pr0xy-5ecret@");
  const std::string uri = server.uri();
  const std::string cert = pki.path("client.pem"), key = pki.path("client-enc.key"), ca = pki.path("ca.pem");
  std::vector<std::string> secrets = {"Milvus-t0ken-5ecret", "pr0xy-5ecret", "wr0ng-pr0xy-5ecret", Pki::kPassphrase};
  std::vector<std::string> messages;
  Sink sink;

  auto make = [&](const std::string& proxy_setting, const std::string& tok) {
    mj_client_options opts = MJ_CLIENT_OPTIONS_INIT;
    opts.uri = uri.c_str();
    opts.token = tok.c_str();
    opts.tls_ca_file = ca.c_str();
    opts.tls_client_cert_file = cert.c_str();
    opts.tls_client_key_file = key.c_str();
    opts.tls_client_key_password = Pki::kPassphrase;
    opts.proxy = proxy_setting.c_str();
    opts.log_fn = &Sink::hook;
    opts.log_user_data = &sink;
    opts.log_level = MJ_LOG_DEBUG;
    opts.retry_initial_backoff_ms = 5;
    mj_client* c = nullptr;
    EXPECT_EQ(mj_client_new(&c, &opts, nullptr), MJ_OK);
    return Client(c);
  };
  {
    Client c = make(proxy_url, token);
    const std::string id = start_import(c.get());
    mj_status s = MJ_OK;
    messages.push_back(describe(c.get(), id.c_str(), nullptr, &s));  // one 503, retried
    EXPECT_EQ(s, MJ_OK) << messages.back();
    messages.push_back(describe(c.get(), "77777777", nullptr, &s));
    EXPECT_EQ(s, MJ_ENOT_FOUND) << messages.back();
    mj_error* e = nullptr;
    EXPECT_EQ(mj_commit_import(c.get(), id.c_str(), nullptr, &e), MJ_EINVALID_ARGUMENT) << mj_error_message(e);
    messages.push_back(mj_error_message(e));
    mj_error_free(e);
  }
  {
    Client c = make(proxy_url, "root:wrong-Milvus-t0ken-5ecret");
    mj_status s = MJ_OK;
    messages.push_back(describe(c.get(), "1", nullptr, &s));
    EXPECT_EQ(s, MJ_EUNAUTHENTICATED) << messages.back();
    secrets.push_back("wrong-Milvus-t0ken-5ecret");
  }
  {
    Client c = make(wrong_proxy_url, token);
    mj_status s = MJ_OK;
    messages.push_back(describe(c.get(), "1", nullptr, &s));
    EXPECT_EQ(s, MJ_ETRANSPORT) << messages.back();
  }
  // Cloud mode: an API key and storage credentials (wrong, then right).
  {
    TempDir cdir;
    cdir.write("data/secure/rows.json", R"([{"id":1}])");
    cdir.write("config.json", R"({"collections":[{"name":"quick_setup"}]})");
    const std::string api_key = "cloud-ap1-key-5ecret";
    const std::string access = "AKIAL0GTEST000000001", secret = "l0g-test-secret/0001";
    cdir.write("cloud.json", R"({"apiKeys":[")" + api_key + R"("],"clusters":[{"clusterId":"inxx-log0000000000001"}],
      "buckets":{"secure":{"accessKey":")" +
                                 access + R"(","secretKey":")" + secret + R"("}}})");
    DevServerOptions co;
    co.data_dir = cdir.path() + "/data";
    co.config_file = cdir.path() + "/config.json";
    co.extra_args = {"--cloud", cdir.path() + "/cloud.json"};
    DevServer cloud(co);
    const std::string curi = cloud.uri();
    mj_client_options opts = MJ_CLIENT_OPTIONS_INIT;
    opts.uri = curi.c_str();
    opts.deployment = MJ_DEPLOYMENT_ZILLIZ_CLOUD;
    opts.token = api_key.c_str();
    opts.cloud_cluster_id = "inxx-log0000000000001";
    opts.log_fn = &Sink::hook;
    opts.log_user_data = &sink;
    opts.log_level = MJ_LOG_DEBUG;
    mj_client* raw = nullptr;
    ASSERT_EQ(mj_client_new(&raw, &opts, nullptr), MJ_OK);
    Client c(raw);
    const char* files[] = {"s3://secure/rows.json"};
    for (const char* sk : {"wr0ng-l0g-secret/0001", secret.c_str()}) {
      mj_import_request r = MJ_IMPORT_REQUEST_INIT;
      r.collection_name = "quick_setup";
      r.files = files;
      r.file_count = 1;
      r.access_key = access.c_str();
      r.secret_key = sk;
      r.session_token = "st5-sess10n-t0ken";
      char* id = nullptr;
      mj_error* e = nullptr;
      mj_bulk_import(&id, c.get(), &r, nullptr, &e);
      if (e) messages.push_back(mj_error_message(e));
      mj_error_free(e);
      mj_free(id);
    }
    for (const std::string& s :
         {api_key, access, secret, std::string("wr0ng-l0g-secret"), std::string("st5-sess10n-t0ken")}) {
      secrets.push_back(s);
    }
  }

  const auto lines = sink.take();
  ASSERT_GT(lines.size(), 15u);
  bool saw_retry = false, saw_failed = false;
  for (const Line& l : lines) {
    saw_retry |= l.event == "retry";
    saw_failed |= l.event == "failed";
    for (const std::string& secret : secrets) {
      for (const std::string* field : {&l.message, &l.event, &l.operation, &l.route, &l.request_id, &l.trace_id}) {
        EXPECT_EQ(field->find(secret), std::string::npos) << "\"" << secret << "\" in: " << *field;
      }
    }
  }
  EXPECT_TRUE(saw_retry);
  EXPECT_TRUE(saw_failed);
  for (const std::string& m : messages) {
    for (const std::string& secret : secrets) EXPECT_EQ(m.find(secret), std::string::npos) << secret << " in " << m;
  }
}
