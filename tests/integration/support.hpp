// Test support: a real milvus-jobs-devserver process on 127.0.0.1 (port 0),
// a scratch directory, a TCP listener that never answers, and RAII wrappers
// for the C API's objects.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "milvus_jobs.h"

namespace mjtest {

struct ErrorDeleter {
  void operator()(mj_error* e) const { mj_error_free(e); }
};
struct ClientDeleter {
  void operator()(mj_client* c) const { mj_client_free(c); }
};
struct RefreshJobDeleter {
  void operator()(mj_refresh_job* j) const { mj_refresh_job_free(j); }
};
struct RefreshListDeleter {
  void operator()(mj_refresh_job_list* l) const { mj_refresh_job_list_free(l); }
};
struct ImportJobDeleter {
  void operator()(mj_import_job* j) const { mj_import_job_free(j); }
};
struct ImportListDeleter {
  void operator()(mj_import_job_list* l) const { mj_import_job_list_free(l); }
};
struct CancelDeleter {
  void operator()(mj_cancel* c) const { mj_cancel_free(c); }
};
using Error = std::unique_ptr<mj_error, ErrorDeleter>;
using Client = std::unique_ptr<mj_client, ClientDeleter>;
using RefreshJob = std::unique_ptr<mj_refresh_job, RefreshJobDeleter>;
using RefreshList = std::unique_ptr<mj_refresh_job_list, RefreshListDeleter>;
using ImportJob = std::unique_ptr<mj_import_job, ImportJobDeleter>;
using ImportList = std::unique_ptr<mj_import_job_list, ImportListDeleter>;
using Cancel = std::unique_ptr<mj_cancel, CancelDeleter>;

// A directory removed with its contents at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  // Writes `content` to path()/relative, creating parent directories.
  void write(const std::string& relative, const std::string& content) const;
  bool exists(const std::string& relative) const;

 private:
  std::string path_;
};

struct DevServerOptions {
  std::string data_dir;
  std::string state_dir;
  std::string config_file;
  std::string token;
  int work_delay_ms = 0;
  std::string tls_cert;  // with tls_key: the server speaks https
  std::string tls_key;
  std::vector<std::string> extra_args;  // appended as given, e.g. {"--cloud", file}
  bool admin = false;                   // --admin: the /admin/ routes (tools/devserver/src/admin.hpp)
};

// milvus-jobs-devserver as a child process; stopped (SIGTERM) at destruction.
class DevServer {
 public:
  explicit DevServer(const DevServerOptions& options);
  ~DevServer();
  DevServer(const DevServer&) = delete;
  DevServer& operator=(const DevServer&) = delete;
  int port() const { return port_; }
  std::string uri() const { return scheme_ + "://127.0.0.1:" + std::to_string(port_); }
  void stop();

 private:
  int pid_ = -1;
  int port_ = 0;
  std::string scheme_ = "http";
};

// Accepts TCP connections on 127.0.0.1 and never answers: for deadlines and
// cancellation of a request in flight.
class SilentServer {
 public:
  SilentServer();
  ~SilentServer();
  int port() const { return port_; }
  std::string uri() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int listen_fd_ = -1;
  int port_ = 0;
};

// A self-signed certificate for 127.0.0.1 and its key, made with the openssl
// command line into `dir`: {cert path, key path}.
std::pair<std::string, std::string> make_self_signed_cert(const TempDir& dir);

// A loopback HTTP peer that records each request it receives and answers
// every one with the same scripted status and body (Connection: close).
class ScriptedServer {
 public:
  ScriptedServer(int status, std::string body);
  ~ScriptedServer();
  std::string uri() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // The raw requests (head and body) received so far.
  std::vector<std::string> requests();

 private:
  void serve();
  int listen_fd_ = -1;
  int port_ = 0;
  int status_;
  std::string body_;
  std::mutex mu_;
  std::vector<std::string> requests_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// A fresh sample dataset and config in `dir`, as the integration tests use it:
// see sample_world() in support.cpp for what is in it.
std::string write_sample_world(const TempDir& dir);

Client make_client(const std::string& uri, const std::string& token = "", const std::string& db = "",
                   int64_t request_timeout_ms = 10000);

// Polls until `done` returns true or `timeout` passes; returns done's last result.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(20),
                std::chrono::milliseconds every = std::chrono::milliseconds(20));

// POSTs `body` to http://127.0.0.1:port`path` (one connection, closed after)
// and returns the answer's body; throws std::runtime_error when no answer.
std::string http_post(int port, const std::string& path, const std::string& body);

// The dev server's /admin/ routes (started with admin = true).
// Requests answered on the job routes so far.
int64_t admin_served_requests(int port);
// Seeds `count` import jobs that stay in `state` until set otherwise; returns the first id.
int64_t admin_seed_imports(int port, int count, const std::string& state = "Importing", int progress = 10);
// Sets state and progress of the seeded jobs [first, first + count).
void admin_set_imports(int port, int64_t first, int count, const std::string& state, int progress,
                       const std::string& reason = "");
// Makes a job vanish ("import" or "refresh").
void admin_forget(int port, const std::string& kind, const std::string& job_id);

// Client-side sockets of this process connected to `port` (remote port) in
// state ESTABLISHED.
int count_client_connections(int port);

// Sockets (client or server side) with local or remote port `port` in
// /proc/net/tcp, by TCP state ("01" ESTABLISHED, "06" TIME_WAIT).
int count_tcp_sockets(int port, const std::string& state_hex);

}  // namespace mjtest
