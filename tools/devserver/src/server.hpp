// HTTP front end: routes, the REST v2 envelope, auth, trace ids, and gin-like 404s.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <httplib.h>

#include "admin.hpp"
#include "faults.hpp"
#include "handlers.hpp"

namespace devserver {

class ParkingServer;

inline constexpr std::size_t kMaxRequestBodyBytes = 16u << 20;

class HttpFrontend {
 public:
  // With a certificate and key (PEM files), serves https; otherwise http.
  // Throws std::runtime_error when the certificate or key cannot be loaded.
  // With a client CA too (PEM file), requires a client certificate it issued.
  HttpFrontend(JobService& service, std::string token, const std::string& tls_cert = {},
               const std::string& tls_key = {}, const std::string& tls_client_ca = {});
  // Appends one JSON line per request to `path` (path, X-Request-Id,
  // traceparent). Throws std::runtime_error when it cannot be opened.
  void set_request_log(const std::string& path);
  ~HttpFrontend();
  HttpFrontend(const HttpFrontend&) = delete;
  HttpFrontend& operator=(const HttpFrontend&) = delete;
  bool tls() const { return tls_; }
  FaultInjector& faults() { return faults_; }
  // Serve with `threads` threads (call before run()); default 64. Over http a
  // thread serves one request at a time and idle connections hold none; over
  // https each kept-alive connection holds a thread, so clients with more
  // connections than threads wait.
  void set_thread_count(int threads);

  // Binds host:port (port 0: any free port). Returns the bound port, or -1.
  int bind(const std::string& host, int port);
  // Serves until stop(); returns false if serving failed.
  bool run();
  void stop();
  // Serves the /admin/ routes (admin.hpp) too.
  void enable_admin(AdminService* admin) { admin_ = admin; }

  // Cloud mode (cloud.hpp): every POST goes to `handler` with its body, in
  // place of the Milvus routes and the --token check.
  using PostHandler = std::function<void(const httplib::Request&, httplib::Response&, const std::string& body)>;
  void set_post_handler(PostHandler handler) { post_handler_ = std::move(handler); }

 private:
  void handle_post(const httplib::Request& request, httplib::Response& response, const httplib::ContentReader& reader);

  JobService& service_;
  std::string token_;
  bool tls_ = false;
  std::unique_ptr<httplib::Server> server_;
  ParkingServer* parking_ = nullptr;  // server_ when serving http
  static constexpr int kListenBacklog = 4096;
  int listen_socket_ = -1;
  PostHandler post_handler_;
  FaultInjector faults_;
  AdminService* admin_ = nullptr;
  std::mutex request_log_mu_;
  std::FILE* request_log_ = nullptr;
};

}  // namespace devserver
