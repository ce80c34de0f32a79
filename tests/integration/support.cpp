#include "support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

extern char** environ;

namespace fs = std::filesystem;

namespace mjtest {

TempDir::TempDir() {
  std::string templ = (fs::temp_directory_path() / "mj-it-XXXXXX").string();
  if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void TempDir::write(const std::string& relative, const std::string& content) const {
  const fs::path p = fs::path(path_) / relative;
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

bool TempDir::exists(const std::string& relative) const { return fs::exists(fs::path(path_) / relative); }

DevServer::DevServer(const DevServerOptions& o) {
  std::vector<std::string> args = {MJ_DEVSERVER_PATH, "--host", "127.0.0.1", "--port", "0"};
  if (!o.data_dir.empty()) args.insert(args.end(), {"--data-dir", o.data_dir});
  if (!o.state_dir.empty()) args.insert(args.end(), {"--state-dir", o.state_dir});
  if (!o.config_file.empty()) args.insert(args.end(), {"--config", o.config_file});
  if (!o.token.empty()) args.insert(args.end(), {"--token", o.token});
  if (o.work_delay_ms > 0) args.insert(args.end(), {"--work-delay-ms", std::to_string(o.work_delay_ms)});
  if (!o.tls_cert.empty()) args.insert(args.end(), {"--tls-cert", o.tls_cert, "--tls-key", o.tls_key});
  if (o.admin) args.emplace_back("--admin");
  args.insert(args.end(), o.extra_args.begin(), o.extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    throw std::runtime_error(std::string("cannot start ") + MJ_DEVSERVER_PATH);
  }

  // The server prints "milvus-jobs-devserver listening on http(s)://127.0.0.1:PORT".
  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (seen.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[256];
    const ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<size_t>(n));
  }
  close(out[0]);
  std::string marker = "listening on http://127.0.0.1:";
  auto pos = seen.find(marker);
  if (pos == std::string::npos) {
    marker = "listening on https://127.0.0.1:";
    pos = seen.find(marker);
    scheme_ = "https";
  }
  if (pos == std::string::npos) {
    stop();
    throw std::runtime_error("devserver did not report its port; it printed: " + seen);
  }
  port_ = std::atoi(seen.c_str() + pos + marker.size());
}

void DevServer::stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
}

DevServer::~DevServer() { stop(); }

namespace {

// A TCP socket listening on 127.0.0.1 at a free port: {fd, port}.
std::pair<int, int> listen_on_loopback() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 64) != 0) {
    throw std::runtime_error("cannot listen on loopback");
  }
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  return {fd, ntohs(addr.sin_port)};
}

}  // namespace

SilentServer::SilentServer() {
  // Connections complete in the kernel's backlog; nobody ever reads or answers.
  std::tie(listen_fd_, port_) = listen_on_loopback();
}

SilentServer::~SilentServer() { close(listen_fd_); }

ScriptedServer::ScriptedServer(int status, std::string body) : status_(status), body_(std::move(body)) {
  std::tie(listen_fd_, port_) = listen_on_loopback();
  thread_ = std::thread([this] { serve(); });
}

ScriptedServer::~ScriptedServer() {
  stop_ = true;
  shutdown(listen_fd_, SHUT_RDWR);
  thread_.join();
  close(listen_fd_);
}

std::vector<std::string> ScriptedServer::requests() {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

void ScriptedServer::serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    const int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    std::string request;
    size_t need = std::string::npos;
    char buf[4096];
    while (need == std::string::npos || request.size() < need) {
      pollfd q{fd, POLLIN, 0};
      if (poll(&q, 1, 2000) <= 0) break;
      const ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) break;
      request.append(buf, static_cast<size_t>(n));
      const size_t head_end = request.find("\r\n\r\n");
      if (need == std::string::npos && head_end != std::string::npos) {
        size_t length = 0;
        const size_t cl = request.find("Content-Length: ");
        if (cl != std::string::npos && cl < head_end) length = std::stoul(request.substr(cl + 16));
        need = head_end + 4 + length;
      }
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(request);
    }
    const std::string answer = "HTTP/1.1 " + std::to_string(status_) +
                               " Scripted\r\nContent-Type: application/json\r\n"
                               "Content-Length: " +
                               std::to_string(body_.size()) + "\r\nConnection: close\r\n\r\n" + body_;
    (void)!write(fd, answer.data(), answer.size());
    close(fd);
  }
}

std::pair<std::string, std::string> make_self_signed_cert(const TempDir& dir) {
  const std::string cert = dir.path() + "/cert.pem";
  const std::string key = dir.path() + "/key.pem";
  const std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1"
      " -addext subjectAltName=IP:127.0.0.1 -keyout '" +
      key + "' -out '" + cert + "' >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("openssl could not make a test certificate");
  return {cert, key};
}

std::string write_sample_world(const TempDir& dir) {
  // Refresh sources: data/<bucket>/<path> stands for s3://<bucket>/<path>.
  dir.write("data/bucket/books/part-0.parquet", std::string(1000, 'p'));
  dir.write("data/bucket/books/part-1.parquet", std::string(2000, 'p'));
  dir.write("data/bucket/books/notes.txt", "not a data file");
  dir.write("data/bucket/books_v2/a.parquet", std::string(500, 'p'));
  dir.write("data/bucket/books_v2/b.parquet", std::string(700, 'p'));
  dir.write("data/bucket/books_v2/c.parquet", std::string(900, 'p'));
  // Import files.
  dir.write("data/import/rows.json", R"([{"id":1,"title":"a"},{"id":2,"title":"b"},{"id":3,"title":"c"}])");
  dir.write("data/import/rows_wrapped.json", R"({"rows":[{"id":4},{"id":5}]})");
  dir.write("data/import/rows.csv", "id,title\n1,plain\n2,\"with, comma\"\n3,\"with\nnewline\"\n4,last\n");
  dir.write("data/import/broken.json", R"([{"id":1},)");
  dir.write("config.json", R"({"collections":[
    {"name":"books_ext","externalSource":"s3://bucket/books","externalSpec":"{\"format\":\"parquet\"}"},
    {"name":"lonely_ext","externalSource":""},
    {"name":"gone_ext","externalSource":"s3://bucket/nowhere","externalSpec":"{\"format\":\"parquet\"}"},
    {"name":"quick_setup"},
    {"dbName":"analytics","name":"events"}
  ]})");
  return dir.path() + "/config.json";
}

Client make_client(const std::string& uri, const std::string& token, const std::string& db,
                   int64_t request_timeout_ms) {
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = uri.c_str();
  o.token = token.empty() ? nullptr : token.c_str();
  o.db_name = db.empty() ? nullptr : db.c_str();
  o.request_timeout_ms = request_timeout_ms;
  mj_client* c = nullptr;
  mj_error* err = nullptr;
  if (mj_client_new(&c, &o, &err) != MJ_OK) {
    std::string msg = mj_error_message(err);
    mj_error_free(err);
    throw std::runtime_error("mj_client_new: " + msg);
  }
  return Client(c);
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout, std::chrono::milliseconds every) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(every);
  }
}

std::string http_post(int port, const std::string& path, const std::string& body) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0) close(fd);
    throw std::runtime_error("http_post: cannot connect to port " + std::to_string(port));
  }
  const std::string request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                              "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  (void)!write(fd, request.data(), request.size());
  std::string answer;
  char buf[4096];
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 10000) <= 0) break;
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    answer.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  const size_t head_end = answer.find("\r\n\r\n");
  if (head_end == std::string::npos) throw std::runtime_error("http_post: no answer from " + path);
  return answer.substr(head_end + 4);
}

int64_t admin_served_requests(int port) {
  const std::string body = http_post(port, "/admin/stats", "{}");
  const size_t at = body.find("\"requests\":");
  if (at == std::string::npos) throw std::runtime_error("admin stats failed: " + body);
  return std::stoll(body.substr(at + 11));
}

int64_t admin_seed_imports(int port, int count, const std::string& state, int progress) {
  const std::string body = http_post(port, "/admin/import/seed",
                                     "{\"collectionName\":\"quick_setup\",\"count\":" + std::to_string(count) +
                                         ",\"state\":\"" + state + "\",\"progress\":" + std::to_string(progress) + "}");
  const size_t at = body.find("\"firstJobId\":\"");
  if (at == std::string::npos) throw std::runtime_error("admin seed failed: " + body);
  return std::stoll(body.substr(at + 14));
}

void admin_set_imports(int port, int64_t first, int count, const std::string& state, int progress,
                       const std::string& reason) {
  const std::string body = http_post(
      port, "/admin/import/set",
      "{\"firstJobId\":\"" + std::to_string(first) + "\",\"count\":" + std::to_string(count) + ",\"state\":\"" + state +
          "\",\"progress\":" + std::to_string(progress) + ",\"reason\":\"" + reason + "\"}");
  if (body.find("\"updated\":" + std::to_string(count)) == std::string::npos) {
    throw std::runtime_error("admin set failed: " + body);
  }
}

void admin_forget(int port, const std::string& kind, const std::string& job_id) {
  const std::string body =
      http_post(port, "/admin/jobs/forget", "{\"kind\":\"" + kind + "\",\"jobId\":\"" + job_id + "\"}");
  if (body.find("\"code\":0") == std::string::npos) throw std::runtime_error("admin forget failed: " + body);
}

int count_client_connections(int port) {
  // Only this process's sockets: on a shared machine another process's
  // server-side socket may have a peer port equal to `port` (a listener bound
  // with SO_REUSEADDR can take a port some client connection uses).
  std::set<std::string> own;
  std::error_code ec;
  for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    const std::string target = std::filesystem::read_symlink(fd.path(), ec).string();
    if (!ec && target.rfind("socket:[", 0) == 0) own.insert(target.substr(8, target.size() - 9));
  }
  std::ifstream in("/proc/net/tcp");
  std::string line;
  std::getline(in, line);  // header
  int count = 0;
  char port_hex[8];
  std::snprintf(port_hex, sizeof port_hex, "%04X", port);
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
    fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode;
    if (remote.substr(remote.size() - 4) == port_hex && state == "01" && own.count(inode) != 0) ++count;
  }
  return count;
}

int count_tcp_sockets(int port, const std::string& state_hex) {
  std::ifstream in("/proc/net/tcp");
  std::string line;
  std::getline(in, line);  // header
  int count = 0;
  char port_hex[8];
  std::snprintf(port_hex, sizeof port_hex, "%04X", port);
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state;
    fields >> slot >> local >> remote >> state;
    const bool ours = local.substr(local.size() - 4) == port_hex || remote.substr(remote.size() - 4) == port_hex;
    if (ours && state == state_hex) ++count;
  }
  return count;
}

}  // namespace mjtest
