// Mutual TLS against a dev server that requires a client certificate
// (--tls-client-ca), with a CA, server and client certificates made by the
// openssl command line: the right certificate, none, one from another CA,
// the wrong key, an expired one, an encrypted key, and the server name check.
#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

#include "pki.hpp"
#include "support.hpp"

using namespace mjtest;

namespace {

class MutualTls : public ::testing::Test {
 protected:
  void SetUp() override {
    config = write_sample_world(dir);
    pki = std::make_unique<Pki>(dir);
    DevServerOptions o;
    o.data_dir = dir.path() + "/data";
    o.config_file = config;
    o.tls_cert = pki->path("server.pem");
    o.tls_key = pki->path("server.key");
    o.extra_args = {"--tls-client-ca", pki->path("ca.pem")};
    server = std::make_unique<DevServer>(o);
    uri = server->uri();
    ca = pki->path("ca.pem");
  }

  // Lists import jobs once with `o` (uri and CA already set unless changed).
  mj_status list(mj_client_options o, std::string* message) {
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
    if (s != MJ_OK) {
      EXPECT_EQ(mj_error_attempts(e), 1) << "a TLS refusal is not retried: " << *message;
    }
    mj_import_job_list_free(l);
    mj_error_free(e);
    mj_client_free(c);
    return s;
  }

  mj_client_options options(const std::string& cert, const std::string& key) {
    cert_ = cert.empty() ? "" : pki->path(cert);
    key_ = key.empty() ? "" : pki->path(key);
    mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
    o.uri = uri.c_str();
    o.tls_ca_file = ca.c_str();
    o.tls_client_cert_file = cert_.empty() ? nullptr : cert_.c_str();
    o.tls_client_key_file = key_.empty() ? nullptr : key_.c_str();
    o.request_timeout_ms = 60000;  // generous: the suite also runs under valgrind
    return o;
  }

  static bool has(const std::string& message, const char* what) { return message.find(what) != std::string::npos; }

  TempDir dir;
  std::string config, uri, ca, cert_, key_;
  std::unique_ptr<Pki> pki;
  std::unique_ptr<DevServer> server;
};

}  // namespace

TEST_F(MutualTls, TheRightCertificateIsAccepted) {
  std::string message;
  EXPECT_EQ(list(options("client.pem", "client.key"), &message), MJ_OK) << message;
}

TEST_F(MutualTls, AnEncryptedKeyWorksWithItsPassphrase) {
  mj_client_options o = options("client.pem", "client-enc.key");
  o.tls_client_key_password = Pki::kPassphrase;
  std::string message;
  EXPECT_EQ(list(o, &message), MJ_OK) << message;

  o.tls_client_key_password = "not-the-passphrase";
  EXPECT_EQ(list(o, &message), MJ_ETLS) << message;
  EXPECT_TRUE(has(message, "tls_client_key_password")) << message;
  EXPECT_FALSE(has(message, "not-the-passphrase")) << message;
}

TEST_F(MutualTls, NoCertificateSaysTheServerRequiresOne) {
  std::string message;
  EXPECT_EQ(list(options("", ""), &message), MJ_ETLS) << message;
  EXPECT_TRUE(has(message, "requires a client certificate")) << message;
  EXPECT_TRUE(has(message, "tls_client_cert_file")) << message;
}

TEST_F(MutualTls, ACertificateFromAnotherCaIsRefused) {
  std::string message;
  EXPECT_EQ(list(options("stranger.pem", "stranger.key"), &message), MJ_ETLS) << message;
  EXPECT_TRUE(has(message, "refused the client certificate")) << message;
}

TEST_F(MutualTls, TheWrongKeyIsReportedBeforeAnyHandshake) {
  std::string message;
  EXPECT_EQ(list(options("client.pem", "stranger.key"), &message), MJ_ETLS) << message;
  EXPECT_TRUE(has(message, "key must belong to the certificate")) << message;
}

TEST_F(MutualTls, AnExpiredClientCertificateIsRefused) {
  std::string message;
  EXPECT_EQ(list(options("expired.pem", "expired.key"), &message), MJ_ETLS) << message;
  EXPECT_TRUE(has(message, "expired")) << message;
}

TEST_F(MutualTls, ServerNameOverrideChecksTheCertificateForThatName) {
  mj_client_options o = options("client.pem", "client.key");
  o.tls_server_name = "milvus.test";  // in the certificate's names; the connection still goes to 127.0.0.1
  std::string message;
  EXPECT_EQ(list(o, &message), MJ_OK) << message;

  o.tls_server_name = "other.test";
  EXPECT_EQ(list(o, &message), MJ_ETLS) << message;
  EXPECT_TRUE(has(message, "does not name")) << message;
  EXPECT_TRUE(has(message, "tls_server_name")) << message;
}

TEST_F(MutualTls, HalfAnIdentityIsRefusedBeforeSending) {
  std::string message;
  EXPECT_EQ(list(options("client.pem", ""), &message), MJ_EINVALID_ARGUMENT) << message;
  EXPECT_TRUE(has(message, "tls_client_key_file")) << message;
  mj_client_options o = options("", "");
  o.tls_server_name = "bad name/with slash";
  EXPECT_EQ(list(o, &message), MJ_EINVALID_ARGUMENT) << message;
  EXPECT_TRUE(has(message, "tls_server_name")) << message;
}

TEST(ExpiredServerCertificate, IsReportedAsTheServersToRenew) {
  TempDir dir;
  const std::string config = write_sample_world(dir);
  Pki pki(dir);
  pki.make_cert("old-server", "ca", "127.0.0.1", "server.ext", -1);
  DevServerOptions o;
  o.data_dir = dir.path() + "/data";
  o.config_file = config;
  o.tls_cert = pki.path("old-server.pem");
  o.tls_key = pki.path("old-server.key");
  DevServer server(o);
  const std::string uri = server.uri();
  const std::string ca = pki.path("ca.pem");
  mj_client_options opts = MJ_CLIENT_OPTIONS_INIT;
  opts.uri = uri.c_str();
  opts.tls_ca_file = ca.c_str();
  Client client;
  {
    mj_client* c = nullptr;
    ASSERT_EQ(mj_client_new(&c, &opts, nullptr), MJ_OK);
    client.reset(c);
  }
  mj_import_job_list* l = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_list_import_jobs(&l, client.get(), nullptr, nullptr, &e), MJ_ETLS);
  const std::string message = mj_error_message(e);
  EXPECT_NE(message.find("server's certificate has expired"), std::string::npos) << message;
  mj_error_free(e);
  mj_import_job_list_free(l);
}
