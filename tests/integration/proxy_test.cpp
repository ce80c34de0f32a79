// Proxies on loopback: tinyproxy (http proxy, CONNECT for https) and
// microsocks (socks5), both Debian packages started here with a generated
// configuration on a free port; a tinyproxy that refuses (its Allow rule, or
// wrong credentials), a listener that accepts and closes (a proxy that
// drops), the standard environment variables and the no-proxy list.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "proxies.hpp"
#include "support.hpp"

using namespace mjtest;

namespace {

// Sets an environment variable for one test; unset again whatever happens.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) { setenv(name, value.c_str(), 1); }
  ~ScopedEnv() { unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

class Proxy : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string config = write_sample_world(dir);
    DevServerOptions o;
    o.data_dir = dir.path() + "/data";
    o.config_file = config;
    server = std::make_unique<DevServer>(o);
    std::tie(cert, key) = make_self_signed_cert(dir);
    o.tls_cert = cert;
    o.tls_key = key;
    tls_server = std::make_unique<DevServer>(o);
  }

  // One list call; returns its status, *message its error message.
  mj_status list(const std::string& uri, const std::string& proxy, std::string* message, const char* no_proxy = nullptr,
                 int* attempts = nullptr) {
    mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
    o.uri = uri.c_str();
    o.proxy = proxy.empty() ? nullptr : proxy.c_str();
    o.no_proxy = no_proxy;
    o.tls_ca_file = cert.c_str();
    o.request_timeout_ms = 10000;
    o.retry_initial_backoff_ms = 10;
    mj_client* c = nullptr;
    mj_error* e = nullptr;
    if (mj_client_new(&c, &o, &e) != MJ_OK) {
      *message = mj_error_message(e);
      const mj_status s = mj_error_status(e);
      mj_error_free(e);
      return s;
    }
    mj_import_job_list* l = nullptr;
    const mj_status s = mj_list_import_jobs(&l, c, nullptr, nullptr, &e);
    *message = mj_error_message(e);
    if (attempts) *attempts = mj_error_attempts(e);
    mj_import_job_list_free(l);
    mj_error_free(e);
    mj_client_free(c);
    return s;
  }

  static bool has(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

  TempDir dir;
  std::string cert, key;
  std::unique_ptr<DevServer> server, tls_server;
};

}  // namespace

TEST_F(Proxy, HttpGoesThroughAnHttpProxy) {
  Tinyproxy proxy(dir, "open", "Allow 127.0.0.1\n");
  std::string message;
  ASSERT_EQ(list(server->uri(), proxy.url(), &message), MJ_OK) << message;
  EXPECT_TRUE(eventually([&] { return has(proxy.log(), "/v2/vectordb/jobs/import/list"); })) << proxy.log();
}

TEST_F(Proxy, HttpsGoesThroughAConnectTunnel) {
  Tinyproxy proxy(dir, "open", "Allow 127.0.0.1\n");
  std::string message;
  ASSERT_EQ(list(tls_server->uri(), proxy.url(), &message), MJ_OK) << message;
  EXPECT_TRUE(eventually([&] { return has(proxy.log(), "CONNECT 127.0.0.1:" + std::to_string(tls_server->port())); }))
      << proxy.log();
}

TEST_F(Proxy, CredentialsAreSentAndNeverShown) {
  Tinyproxy proxy(dir, "auth", "Allow 127.0.0.1\nBasicAuth jobs s3cr3t-proxy-pw\n");
  std::string message;
  EXPECT_EQ(list(server->uri(), proxy.url("jobs:s3cr3t-proxy-pw@"), &message), MJ_OK) << message;

  int attempts = 0;
  EXPECT_EQ(list(server->uri(), proxy.url("jobs:wr0ng-proxy-pw@"), &message, nullptr, &attempts), MJ_ETRANSPORT);
  EXPECT_TRUE(has(message, "wants credentials")) << message;
  EXPECT_TRUE(has(message, "proxy http://127.0.0.1:")) << message;
  EXPECT_FALSE(has(message, "wr0ng-proxy-pw")) << message;
  EXPECT_FALSE(has(message, "jobs:wr0ng")) << message;
  EXPECT_EQ(attempts, 1) << "a refusal is not retried";

  EXPECT_EQ(list(tls_server->uri(), proxy.url("jobs:wr0ng-proxy-pw@"), &message), MJ_ETRANSPORT);
  EXPECT_TRUE(has(message, "wants credentials")) << message;
  EXPECT_FALSE(has(message, "wr0ng-proxy-pw")) << message;
}

TEST_F(Proxy, AProxyThatRefusesTheClientSaysSo) {
  Tinyproxy proxy(dir, "deny", "Allow 10.9.9.9\n");  // not this client
  std::string message;
  int attempts = 0;
  EXPECT_EQ(list(server->uri(), proxy.url(), &message, nullptr, &attempts), MJ_ETRANSPORT);
  EXPECT_TRUE(has(message, "refused the request")) << message;
  EXPECT_TRUE(has(message, "403")) << message;
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(list(tls_server->uri(), proxy.url(), &message), MJ_ETRANSPORT);
  EXPECT_TRUE(has(message, "refused the request")) << message;
}

TEST_F(Proxy, AProxyThatDropsTheConnection) {
  DroppingProxy proxy;
  std::string message;
  int attempts = 0;
  EXPECT_EQ(list(server->uri(), proxy.url(), &message, nullptr, &attempts), MJ_ETRANSPORT);
  EXPECT_TRUE(has(message, "proxy http://127.0.0.1:")) << message;
  EXPECT_GE(proxy.accepted(), 1);
  EXPECT_EQ(attempts, 4) << "a dropped read is retried: " << message;
  EXPECT_EQ(list(tls_server->uri(), proxy.url(), &message), MJ_ETRANSPORT);
  EXPECT_TRUE(has(message, "proxy http://127.0.0.1:")) << message;
}

TEST_F(Proxy, AProxyThatIsNotThere) {
  const std::string url = "http://user:n0t-there-pw@127.0.0.1:" + std::to_string(free_port());
  std::string message;
  EXPECT_EQ(list(server->uri(), url, &message), MJ_ETRANSPORT);
  EXPECT_TRUE(has(message, "could not connect to the proxy")) << message;
  EXPECT_FALSE(has(message, "n0t-there-pw")) << message;
}

TEST_F(Proxy, Socks5WithAndWithoutTheRightCredentials) {
  const int port = free_port();
  ProxyProcess socks({"microsocks", "-i", "127.0.0.1", "-p", std::to_string(port), "-u", "jobs", "-P", "s0cks-pw"},
                     port);
  const std::string base = "socks5://jobs:";
  std::string message;
  EXPECT_EQ(list(server->uri(), base + "s0cks-pw@127.0.0.1:" + std::to_string(port), &message), MJ_OK) << message;
  EXPECT_EQ(list(tls_server->uri(), "socks5h://jobs:s0cks-pw@127.0.0.1:" + std::to_string(port), &message), MJ_OK)
      << message;
  int attempts = 0;
  EXPECT_EQ(list(server->uri(), base + "bad-s0cks-pw@127.0.0.1:" + std::to_string(port), &message, nullptr, &attempts),
            MJ_ETRANSPORT);
  EXPECT_TRUE(has(message, "proxy socks5://127.0.0.1:")) << message;
  EXPECT_FALSE(has(message, "bad-s0cks-pw")) << message;
  EXPECT_EQ(attempts, 1);
}

TEST_F(Proxy, EnvironmentVariablesApplyUnlessNoProxySaysOtherwise) {
  DroppingProxy proxy;
  const ScopedEnv http_proxy("http_proxy", proxy.url());
  std::string message;
  EXPECT_EQ(list(server->uri(), "", &message), MJ_ETRANSPORT) << "http_proxy is honoured by default";
  EXPECT_GE(proxy.accepted(), 1);
  const int before = proxy.accepted();
  EXPECT_EQ(list(server->uri(), "", &message, "127.0.0.1"), MJ_OK) << message;
  EXPECT_EQ(list(server->uri(), "", &message, "*"), MJ_OK) << message;
  EXPECT_EQ(proxy.accepted(), before);
  const ScopedEnv no_proxy("no_proxy", "127.0.0.1");
  EXPECT_EQ(list(server->uri(), "", &message), MJ_OK) << "no_proxy is honoured too: " << message;
}

TEST_F(Proxy, ExplicitProxyWinsOverTheEnvironment) {
  DroppingProxy dropping;
  Tinyproxy proxy(dir, "open", "Allow 127.0.0.1\n");
  const ScopedEnv http_proxy("http_proxy", dropping.url());
  std::string message;
  EXPECT_EQ(list(server->uri(), proxy.url(), &message), MJ_OK) << message;
  EXPECT_EQ(dropping.accepted(), 0);
}

TEST_F(Proxy, MalformedProxySettingsAreRefusedBeforeSending) {
  std::string message;
  EXPECT_EQ(list(server->uri(), "127.0.0.1:3128", &message), MJ_EINVALID_ARGUMENT);
  EXPECT_TRUE(has(message, "no scheme")) << message;
  EXPECT_EQ(list(server->uri(), "ftp://127.0.0.1:21", &message), MJ_EINVALID_ARGUMENT);
  EXPECT_TRUE(has(message, "socks5://")) << message;
  EXPECT_EQ(list(server->uri(), "http://u:secret-in-bad-url@", &message), MJ_EINVALID_ARGUMENT);
  EXPECT_FALSE(has(message, "secret-in-bad-url")) << message;
}
