// Test certificates made with the openssl command line: a CA, another CA,
// a server certificate (127.0.0.1 and milvus.test), client certificates
// (good, from the other CA, expired) and an encrypted copy of a client key.
// EC (P-256) keys: cheap to make and to use, also under valgrind.
#pragma once

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "support.hpp"

namespace mjtest {

inline void run_quietly(const std::string& cmd) {
  if (std::system((cmd + " >/dev/null 2>&1").c_str()) != 0) throw std::runtime_error("failed: " + cmd);
}

// A CA (ca.pem/ca.key) and certificates it signs, in `dir`.
struct Pki {
  explicit Pki(const TempDir& dir) : d(dir.path() + "/") {
    make_ca("ca");
    make_ca("other-ca");
    dir.write("server.ext", "subjectAltName=IP:127.0.0.1,DNS:milvus.test\n");
    dir.write("client.ext", "extendedKeyUsage=clientAuth\n");
    make_cert("server", "ca", "127.0.0.1", "server.ext", 2);
    make_cert("client", "ca", "jobs-client", "client.ext", 2);
    make_cert("stranger", "other-ca", "jobs-client", "client.ext", 2);
    make_cert("expired", "ca", "jobs-client", "client.ext", -1);  // notAfter yesterday
    run_quietly("openssl pkey -in " + d + "client.key -aes256 -passout pass:" + kPassphrase + " -out " + d +
                "client-enc.key");
  }
  void make_ca(const std::string& name) {
    run_quietly("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=" + name +
                " -keyout " + d + name + ".key -out " + d + name + ".pem");
  }
  void make_cert(const std::string& name, const std::string& ca, const std::string& cn, const std::string& ext,
                 int days) {
    run_quietly("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=" + cn +
                " -keyout " + d + name + ".key -out " + d + name + ".csr");
    run_quietly("openssl x509 -req -in " + d + name + ".csr -CA " + d + ca + ".pem -CAkey " + d + ca +
                ".key -CAcreateserial -days " + std::to_string(days) + " -extfile " + d + ext + " -out " + d + name +
                ".pem");
  }
  std::string path(const std::string& file) const { return d + file; }
  static constexpr const char* kPassphrase = "pem-pass-7d1c";
  std::string d;
};

}  // namespace mjtest
