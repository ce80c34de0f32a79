#include "faults.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace mjtest {
namespace {

int connect_loopback(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0) close(fd);
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
  return fd;
}

}  // namespace

std::string raw_post(int port, const std::string& path, const std::string& body) {
  const int fd = connect_loopback(port);
  const std::string request = "POST " + path +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                              "Connection: close\r\nContent-Length: " +
                              std::to_string(body.size()) + "\r\n\r\n" + body;
  (void)!write(fd, request.data(), request.size());
  std::string answer;
  char buf[4096];
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 5000) <= 0) break;
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    answer.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  const size_t head_end = answer.find("\r\n\r\n");
  if (head_end == std::string::npos) throw std::runtime_error("no answer from the dev server on " + path);
  return answer.substr(head_end + 4);
}

void add_faults(const DevServer& server, const std::string& spec) {
  const std::string answer = raw_post(server.port(), "/_devserver/faults", R"({"spec":")" + spec + R"("})");
  if (answer.find(R"("code":0)") == std::string::npos) throw std::runtime_error("add_faults: " + answer);
}

void add_fault_json(const DevServer& server, const std::string& rule_json) {
  const std::string answer = raw_post(server.port(), "/_devserver/faults", rule_json);
  if (answer.find(R"("code":0)") == std::string::npos) throw std::runtime_error("add_fault_json: " + answer);
}

void clear_faults(const DevServer& server) { (void)raw_post(server.port(), "/_devserver/faults/clear", "{}"); }

int requests_seen(const DevServer& server, const std::string& route) {
  // {"code":0,"data":{"faulted":{...},"pending":[...],"requests":{"import/describe":3,...}}}
  const std::string answer = raw_post(server.port(), "/_devserver/stats", "{}");
  const size_t requests = answer.find(R"("requests":)");
  if (requests == std::string::npos) throw std::runtime_error("requests_seen: " + answer);
  const std::string key = "\"" + route + "\":";
  const size_t at = answer.find(key, requests);
  return at == std::string::npos ? 0 : std::atoi(answer.c_str() + at + key.size());
}

CountingListener::CountingListener() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listen_fd_, 64) != 0) {
    throw std::runtime_error("cannot listen on loopback");
  }
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0) continue;
      const int fd = accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      ++accepted_;
      close(fd);
    }
  });
}

CountingListener::~CountingListener() {
  stop_ = true;
  thread_.join();
  close(listen_fd_);
}

int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("bind");
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace mjtest
