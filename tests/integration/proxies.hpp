// Proxies for the tests, on loopback: tinyproxy and microsocks (Debian
// packages, installed by tools/bootstrap.sh) as child processes with a
// generated configuration on a free port, and a listener that accepts each
// connection and closes it (a proxy that drops).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support.hpp"

extern char** environ;

namespace mjtest {

inline int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    close(fd);
    throw std::runtime_error("no free port");
  }
  close(fd);
  return ntohs(a.sin_port);
}

inline bool accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(fd);
  return ok;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A proxy program as a child process on 127.0.0.1:port(); killed at destruction.
class ProxyProcess {
 public:
  ProxyProcess(std::vector<std::string> args, int port) : port_(port) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawnp(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error(args[0] + " is not installed: run tools/bootstrap.sh");
    }
    if (!eventually([&] { return accepts(port_); }, std::chrono::seconds(10))) {
      throw std::runtime_error(args[0] + " did not start listening on port " + std::to_string(port_));
    }
  }
  ~ProxyProcess() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  ProxyProcess(const ProxyProcess&) = delete;
  ProxyProcess& operator=(const ProxyProcess&) = delete;
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_;
};

// tinyproxy with a generated configuration: `rules` are appended (Allow,
// BasicAuth ...); every request is logged to log().
class Tinyproxy {
 public:
  Tinyproxy(const TempDir& dir, const std::string& name, const std::string& rules)
      : log_(dir.path() + "/" + name + ".log") {
    const int port = free_port();
    const std::string conf = dir.path() + "/" + name + ".conf";
    dir.write(name + ".conf", "Port " + std::to_string(port) +
                                  "\nListen 127.0.0.1\nTimeout 30\nMaxClients 32\nLogLevel Info\n"
                                  "LogFile \"" +
                                  log_ + "\"\nDisableViaHeader Yes\n" + rules);
    process_ = std::make_unique<ProxyProcess>(std::vector<std::string>{"tinyproxy", "-d", "-c", conf}, port);
  }
  std::string url(const std::string& credentials = "") const {
    return "http://" + credentials + "127.0.0.1:" + std::to_string(process_->port());
  }
  std::string log() const { return read_file(log_); }

 private:
  std::string log_;
  std::unique_ptr<ProxyProcess> process_;
};

// Accepts each connection and closes it at once: a proxy that drops.
class DroppingProxy {
 public:
  DroppingProxy() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(fd_, 16) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      throw std::runtime_error("cannot listen");
    }
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        const int c = accept(fd_, nullptr, nullptr);
        if (c < 0) break;
        accepted_++;
        close(c);
      }
    });
  }
  ~DroppingProxy() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int accepted() const { return accepted_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

}  // namespace mjtest
