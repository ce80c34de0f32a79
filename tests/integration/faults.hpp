// Scripting the dev server's fault injection (tools/devserver/README.md,
// "Fault injection") from a test, and a loopback listener that counts the
// connections made to it.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "support.hpp"

namespace mjtest {

// One POST over a fresh loopback connection; returns the answer's body.
std::string raw_post(int port, const std::string& path, const std::string& body);

// "the next requests to ROUTE get FAULT": SPEC as for --faults, e.g.
// "import/describe=drop*2,import/describe=503".
void add_faults(const DevServer& server, const std::string& spec);
// One rule as JSON, e.g. {"route":"import/describe","fault":"429","retryAfterText":"..."}.
void add_fault_json(const DevServer& server, const std::string& rule_json);
void clear_faults(const DevServer& server);
// How many requests the server received on ROUTE ("import/describe") since the last clear.
int requests_seen(const DevServer& server, const std::string& route);

// Accepts connections on 127.0.0.1, counts and closes them.
class CountingListener {
 public:
  CountingListener();
  ~CountingListener();
  std::string uri() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int accepted() const { return accepted_.load(); }

 private:
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> accepted_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// A loopback port nothing listens on (bound, then closed).
int closed_port();

}  // namespace mjtest
