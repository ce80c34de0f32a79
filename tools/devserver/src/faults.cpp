#include "faults.hpp"

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "json_depth.hpp"

namespace devserver {
namespace {

using nlohmann::json;

constexpr const char* kRoutePrefix = "/v2/vectordb/jobs/";
constexpr const char* kJsonType = "application/json; charset=utf-8";

struct KindName {
  FaultKind kind;
  const char* name;
};
constexpr KindName kKinds[] = {
    {FaultKind::drop, "drop"},
    {FaultKind::reset, "reset"},
    {FaultKind::truncate, "truncate"},
    {FaultKind::not_json, "not-json"},
    {FaultKind::wrong_types, "wrong-types"},
    {FaultKind::http500, "500"},
    {FaultKind::http429, "429"},
    {FaultKind::http503, "503"},
    {FaultKind::rate_limit, "rate-limit"},
    {FaultKind::delay, "delay"},
    {FaultKind::drip, "drip"},
    {FaultKind::drop_after, "drop-after"},
    {FaultKind::late, "late"},
};

FaultKind kind_named(const std::string& name) {
  for (const auto& k : kKinds) {
    if (name == k.name) return k.kind;
  }
  std::string known;
  for (const auto& k : kKinds) known += std::string(known.empty() ? "" : ", ") + k.name;
  throw std::invalid_argument("unknown fault \"" + name + "\"; known: " + known);
}

std::string route_of(const std::string& path) {
  const std::string prefix = kRoutePrefix;
  return path.rfind(prefix, 0) == 0 ? path.substr(prefix.size()) : path;
}

int64_t to_integer(const std::string& text, const char* what) {
  std::size_t used = 0;
  long long v = 0;
  try {
    v = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size())
    throw std::invalid_argument(std::string(what) + " \"" + text + "\" is not an integer");
  return v;
}

// The accepted socket of this request: the one whose local and peer ports are
// the request's (httplib does not hand handlers the socket).
int socket_of(const httplib::Request& request) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    int fd = -1;
    try {
      fd = std::stoi(entry.path().filename().string());
    } catch (const std::exception&) {
      continue;
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
    sockaddr_storage local{}, peer{};
    socklen_t local_len = sizeof local, peer_len = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) continue;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) continue;
    auto port_of = [](const sockaddr_storage& a) -> int {
      if (a.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(a).sin_port);
      if (a.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(a).sin6_port);
      return -1;
    };
    if (port_of(local) == request.local_port && port_of(peer) == request.remote_port) return fd;
  }
  return -1;
}

// close() after this sends RST instead of FIN.
void reset_on_close(int fd) {
  linger l{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

// Every string in `data` becomes a number and every number a string.
void flip_types(json& value) {
  if (value.is_object() || value.is_array()) {
    for (auto& item : value) flip_types(item);
  } else if (value.is_string()) {
    value = 7;
  } else if (value.is_number()) {
    value = value.dump();
  }
}

json rule_json(const FaultRule& r) {
  std::string kind;
  for (const auto& k : kKinds) {
    if (k.kind == r.kind) kind = k.name;
  }
  return json{{"route", r.route}, {"fault", kind}, {"count", r.count}};
}

FaultRule rule_from(const json& j) {
  if (!j.is_object()) throw std::invalid_argument("a fault must be an object {\"route\":...,\"fault\":...}");
  FaultRule r;
  r.route = j.value("route", std::string("*"));
  r.kind = kind_named(j.value("fault", std::string()));
  r.count = j.value("count", int64_t{1});
  if (r.count == 0) r.count = -1;
  r.retry_after = j.value("retryAfter", int64_t{-1});
  r.retry_after_text = j.value("retryAfterText", std::string());
  r.delay_ms = j.value("delayMs", int64_t{0});
  return r;
}

}  // namespace

std::vector<FaultRule> parse_fault_spec(const std::string& spec) {
  std::vector<FaultRule> rules;
  std::size_t start = 0;
  while (start <= spec.size()) {
    std::size_t end = spec.find(',', start);
    if (end == std::string::npos) end = spec.size();
    std::string item = spec.substr(start, end - start);
    start = end + 1;
    if (item.empty()) continue;
    FaultRule r;
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos) throw std::invalid_argument("fault \"" + item + "\" needs ROUTE=FAULT");
    r.route = item.substr(0, eq);
    std::string fault = item.substr(eq + 1);
    if (auto star = fault.find('*'); star != std::string::npos) {
      r.count = to_integer(fault.substr(star + 1), "fault count");
      if (r.count == 0) r.count = -1;
      fault.resize(star);
    }
    std::string param;
    if (auto colon = fault.find(':'); colon != std::string::npos) {
      param = fault.substr(colon + 1);
      fault.resize(colon);
    }
    r.kind = kind_named(fault);
    if (!param.empty()) {
      const int64_t v = to_integer(param, "fault parameter");
      if (r.kind == FaultKind::http429 || r.kind == FaultKind::http503) {
        r.retry_after = v;
      } else {
        r.delay_ms = v;
      }
    }
    rules.push_back(std::move(r));
  }
  return rules;
}

void FaultInjector::add(std::vector<FaultRule> rules) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& r : rules) rules_.push_back(std::move(r));
}

void FaultInjector::clear() {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.clear();
  requests_.clear();
  faulted_.clear();
}

std::optional<FaultRule> FaultInjector::take(const std::string& path) {
  const std::string route = route_of(path);
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[route];
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    if (it->route != "*" && it->route != route) continue;
    FaultRule rule = *it;
    if (it->count > 0 && --it->count == 0) rules_.erase(it);
    ++faulted_[route];
    return rule;
  }
  return std::nullopt;
}

void FaultInjector::serve(const httplib::Request& request, httplib::Response& response,
                          const httplib::ContentReader& reader, const Handler& handle) {
  if (request.path.rfind("/_devserver/", 0) == 0) {
    std::string body;
    reader([&](const char* data, std::size_t length) {
      if (body.size() + length <= (1u << 20)) body.append(data, length);
      return true;
    });
    serve_admin(request, body, response);
    return;
  }
  std::optional<FaultRule> rule;
  if (request.path.rfind(kRoutePrefix, 0) == 0) rule = take(request.path);
  if (rule && before(*rule, request, response)) {
    reader([](const char*, std::size_t) { return true; });  // drain: the connection may stay open
    return;
  }
  handle(request, response, reader);
  if (rule) after(*rule, request, response);
}

bool FaultInjector::serve_admin(const httplib::Request& request, const std::string& body, httplib::Response& response) {
  if (request.path.rfind("/_devserver/", 0) != 0) return false;
  json answer;
  try {
    if (request.path == "/_devserver/faults") {
      if (auto deep = json_depth_error(body)) throw std::invalid_argument(*deep);
      const json doc = json::parse(body);
      std::vector<FaultRule> rules;
      if (doc.is_object() && doc.contains("faults")) {
        for (const auto& f : doc.at("faults")) rules.push_back(rule_from(f));
      } else if (doc.is_object() && doc.contains("spec")) {
        rules = parse_fault_spec(doc.at("spec").get<std::string>());
      } else {
        rules.push_back(rule_from(doc));
      }
      add(std::move(rules));
    } else if (request.path == "/_devserver/faults/clear") {
      clear();
    } else if (request.path != "/_devserver/stats") {
      response.status = 404;
      response.set_content("404 page not found", "text/plain");
      return true;
    }
    std::lock_guard<std::mutex> lock(mu_);
    json pending = json::array();
    for (const auto& r : rules_) pending.push_back(rule_json(r));
    answer =
        json{{"code", 0}, {"data", {{"requests", requests_}, {"faulted", faulted_}, {"pending", std::move(pending)}}}};
  } catch (const std::exception& e) {
    answer = json{{"code", 1801}, {"message", std::string("bad fault request: ") + e.what()}};
  }
  response.status = 200;
  response.set_content(answer.dump(), kJsonType);
  return true;
}

bool FaultInjector::before(const FaultRule& rule, const httplib::Request& request, httplib::Response& response) {
  switch (rule.kind) {
    case FaultKind::drop: {
      // Shut the socket down: httplib's answer then goes nowhere and it closes.
      const int fd = socket_of(request);
      if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
      response.status = 200;
      response.set_content("", "text/plain");
      return true;
    }
    case FaultKind::not_json:
      response.status = 200;
      response.set_content("<html><body><h1>502 Bad Gateway</h1>nginx</body></html>", "text/html");
      return true;
    case FaultKind::http500:
      response.status = 500;
      response.set_content("internal server error: the dev server was told to fail", "text/plain");
      return true;
    case FaultKind::http429:
      response.status = 429;
      response.set_header("Retry-After", !rule.retry_after_text.empty()
                                             ? rule.retry_after_text
                                             : std::to_string(rule.retry_after >= 0 ? rule.retry_after : 1));
      response.set_content(json{{"code", 1807}, {"message", "rate limit exceeded[rate=0.1]"}}.dump(), kJsonType);
      return true;
    case FaultKind::http503:
      response.status = 503;
      if (!rule.retry_after_text.empty()) {
        response.set_header("Retry-After", rule.retry_after_text);
      } else if (rule.retry_after >= 0) {
        response.set_header("Retry-After", std::to_string(rule.retry_after));
      }
      response.set_content("Service Unavailable", "text/plain");
      return true;
    case FaultKind::rate_limit:
      response.status = 200;
      response.set_content(json{{"code", 1807}, {"message", "rate limit exceeded[rate=0.1]"}}.dump(), kJsonType);
      return true;
    case FaultKind::delay: std::this_thread::sleep_for(std::chrono::milliseconds(rule.delay_ms)); return false;
    default: return false;
  }
}

void FaultInjector::after(const FaultRule& rule, const httplib::Request& request, httplib::Response& response) {
  const std::string body = response.body;
  const std::string type = response.get_header_value("Content-Type");
  // set_content*/set_content_provider add their own Content-Type.
  if (rule.kind == FaultKind::reset || rule.kind == FaultKind::drip) response.headers.erase("Content-Type");
  switch (rule.kind) {
    case FaultKind::truncate: response.set_content(body.substr(0, body.size() / 2), type); break;
    case FaultKind::wrong_types: {
      json doc = json::parse(body, nullptr, false);
      if (doc.is_object() && doc.contains("data")) flip_types(doc["data"]);
      response.set_content(doc.dump(), type);
      break;
    }
    case FaultKind::reset: {
      const int fd = socket_of(request);
      if (fd >= 0) reset_on_close(fd);
      response.body.clear();
      response.set_content_provider(body.size(), type,
                                    [body](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                      if (offset == 0) sink.write(body.data(), body.size() / 2);
                                      return false;  // httplib closes the connection: RST, half the body sent
                                    });
      break;
    }
    case FaultKind::drop_after: {
      // The work is done; the answer goes nowhere.
      const int fd = socket_of(request);
      if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
      break;
    }
    case FaultKind::late: std::this_thread::sleep_for(std::chrono::milliseconds(rule.delay_ms)); break;
    case FaultKind::drip: {
      response.body.clear();
      const auto pause = std::chrono::milliseconds(rule.delay_ms > 0 ? rule.delay_ms : 100);
      response.set_content_provider(body.size(), type,
                                    [body, pause](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                      std::this_thread::sleep_for(pause);
                                      if (!sink.is_writable()) return false;
                                      return sink.write(body.data() + offset, 1);
                                    });
      break;
    }
    default: break;
  }
}

}  // namespace devserver
