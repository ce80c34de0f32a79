// Fault injection for reliability tests: "the next N requests to route R get
// fault F". Rules come from --faults SPEC at start and from the admin routes
// POST /_devserver/faults, /_devserver/faults/clear and /_devserver/stats.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>

namespace devserver {

enum class FaultKind {
  drop,         // close the connection without an answer
  reset,        // send the head and half the body, then reset the connection
  truncate,     // a complete HTTP answer whose JSON body is cut in half
  not_json,     // HTTP 200 with an HTML body
  wrong_types,  // the real answer with every string and number in `data` of the other type
  http500,      // HTTP 500 with a text body
  http429,      // HTTP 429 {"code":1807,...} with Retry-After: retryAfter
  http503,      // HTTP 503 with a text body (and Retry-After when retryAfter >= 0)
  rate_limit,   // HTTP 200 {"code":1807,...}: the server's rate-limit code
  delay,        // sleep delayMs, then the real answer
  drip,         // the real answer, its body one byte every delayMs
  drop_after,   // the route runs (a create starts its job), then the connection closes without an answer
  late,         // the route runs, then the answer is held delayMs (past the client's deadline)
};

struct FaultRule {
  std::string route = "*";  // a path under /v2/vectordb/jobs/ ("import/describe"), or "*"
  FaultKind kind = FaultKind::drop;
  int64_t count = 1;             // requests left to fault; < 0 = every request
  int64_t retry_after = -1;      // seconds, for http429 / http503; -1 = no header (429: 1)
  int64_t delay_ms = 0;          // delay: before answering; drip: between bytes
  std::string retry_after_text;  // a raw Retry-After value (e.g. an HTTP-date); wins over retryAfter
};

// Parses "ROUTE=FAULT[:PARAM][*COUNT],..." (README), throwing std::invalid_argument.
std::vector<FaultRule> parse_fault_spec(const std::string& spec);

class FaultInjector {
 public:
  void add(std::vector<FaultRule> rules);
  void clear();
  // Counts the request and returns the rule that applies to it, if any.
  std::optional<FaultRule> take(const std::string& path);

  using Handler = std::function<void(const httplib::Request&, httplib::Response&, const httplib::ContentReader&)>;
  // Wraps the server's POST handler: serves the admin routes (/_devserver/...),
  // and applies the first rule matching a job route around `handle`.
  void serve(const httplib::Request& request, httplib::Response& response, const httplib::ContentReader& reader,
             const Handler& handle);

  // The admin routes. Returns false for any other path.
  bool serve_admin(const httplib::Request& request, const std::string& body, httplib::Response& response);

  // Faults that replace the answer: true when the response is decided (or the
  // connection dropped) and the route must not run.
  static bool before(const FaultRule& rule, const httplib::Request& request, httplib::Response& response);
  // Faults that spoil the real answer the route produced.
  static void after(const FaultRule& rule, const httplib::Request& request, httplib::Response& response);

 private:
  std::mutex mu_;
  std::vector<FaultRule> rules_;
  std::map<std::string, int64_t> requests_;  // route -> requests seen
  std::map<std::string, int64_t> faulted_;   // route -> requests faulted
};

}  // namespace devserver
