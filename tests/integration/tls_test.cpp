// https: verification on by default, a CA file, and the explicit opt-out.
#include <gtest/gtest.h>

#include "support.hpp"

using namespace mjtest;

namespace {

class Tls : public ::testing::Test {
 protected:
  void SetUp() override {
    config = write_sample_world(dir);
    std::tie(cert, key) = make_self_signed_cert(dir);
    DevServerOptions o;
    o.data_dir = dir.path() + "/data";
    o.config_file = config;
    o.tls_cert = cert;
    o.tls_key = key;
    server = std::make_unique<DevServer>(o);
    ASSERT_EQ(server->uri().rfind("https://", 0), 0u) << server->uri();
  }

  mj_status list(const mj_client_options& o, std::string* message = nullptr) {
    mj_client* c = nullptr;
    mj_error* e = nullptr;
    if (mj_client_new(&c, &o, &e) != MJ_OK) {
      ADD_FAILURE() << mj_error_message(e);
      mj_error_free(e);
      return MJ_EINTERNAL;
    }
    mj_import_job_list* l = nullptr;
    const mj_status s = mj_list_import_jobs(&l, c, nullptr, nullptr, &e);
    if (message) *message = mj_error_message(e);
    mj_import_job_list_free(l);
    mj_error_free(e);
    mj_client_free(c);
    return s;
  }

  TempDir dir;
  std::string config, cert, key;
  std::unique_ptr<DevServer> server;
};

}  // namespace

TEST_F(Tls, UnknownCertificateIsRefusedByDefault) {
  const std::string uri = server->uri();
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = uri.c_str();
  std::string message;
  EXPECT_EQ(list(o, &message), MJ_ETLS) << message;
  EXPECT_NE(message.find("tls_ca_file"), std::string::npos) << message;
}

TEST_F(Tls, CaFileMakesTheCertificateTrusted) {
  const std::string uri = server->uri();
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = uri.c_str();
  o.tls_ca_file = cert.c_str();
  std::string message;
  EXPECT_EQ(list(o, &message), MJ_OK) << message;
}

TEST_F(Tls, SkippingVerificationIsExplicit) {
  const std::string uri = server->uri();
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = uri.c_str();
  o.tls_insecure_skip_verify = 1;
  std::string message;
  EXPECT_EQ(list(o, &message), MJ_OK) << message;
}

TEST_F(Tls, HostnameMustMatchTheCertificate) {
  // "localhost" resolves to the same server, but the certificate names 127.0.0.1 only.
  const std::string uri = "https://localhost:" + std::to_string(server->port());
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = uri.c_str();
  o.tls_ca_file = cert.c_str();
  std::string message;
  EXPECT_EQ(list(o, &message), MJ_ETLS) << message;
}
