#include "server.hpp"

#include <iostream>
#include <random>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>

#include "api_error.hpp"
#include "auth.hpp"
#include "parking_server.hpp"

namespace devserver {
namespace {

using nlohmann::json;

constexpr const char* kJsonContentType = "application/json; charset=utf-8";

std::string random_trace_id() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  static const char* digits = "0123456789abcdef";
  std::string id(32, '0');
  for (std::size_t i = 0; i < id.size(); i += 16) {
    std::uint64_t bits = engine();
    for (std::size_t j = 0; j < 16; ++j, bits >>= 4) id[i + j] = digits[bits & 0xf];
  }
  return id;
}

// Go's encoder escapes <, >, & and U+2028/U+2029 inside strings; outside strings JSON never
// contains them, so replacing them anywhere in the dump is safe.
std::string render_json(const json& value) {
  const std::string raw = value.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < raw.size() && raw[i + 1] == '\x80' &&
               (raw[i + 2] == '\xA8' || raw[i + 2] == '\xA9')) {
      out += raw[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

void send_not_found(httplib::Response& response) {
  response.status = 404;
  response.set_content("404 page not found", "text/plain");
}

}  // namespace

HttpFrontend::HttpFrontend(JobService& service, std::string token, const std::string& tls_cert,
                           const std::string& tls_key, const std::string& tls_client_ca)
    : service_(service), token_(std::move(token)), tls_(!tls_cert.empty()) {
  if (tls_) {
    auto tls_server = std::make_unique<httplib::SSLServer>(tls_cert.c_str(), tls_key.c_str(),
                                                           tls_client_ca.empty() ? nullptr : tls_client_ca.c_str());
    if (!tls_server->is_valid()) {
      throw std::runtime_error("cannot load --tls-cert " + tls_cert + " / --tls-key " + tls_key +
                               (tls_client_ca.empty() ? "" : " / --tls-client-ca " + tls_client_ca) +
                               ": give a PEM certificate, its PEM private key (and a PEM CA)");
    }
    if (!tls_client_ca.empty()) {
      // With client certificates verified, OpenSSL refuses to resume a
      // session (an "internal error" alert on the client's second
      // connection) unless the context names its sessions.
      static const unsigned char kSessionContext[] = "milvus-jobs-devserver";
      SSL_CTX_set_session_id_context(tls_server->ssl_context(), kSessionContext, sizeof kSessionContext - 1);
    }
    server_ = std::move(tls_server);
  } else {
    // Idle kept-alive connections wait in an epoll set, not on a thread: 2,000
    // of them do not hold up other clients (parking_server.hpp).
    auto plain = std::make_unique<ParkingServer>(64);
    parking_ = plain.get();
    server_ = std::move(plain);
  }
  // httplib's default also sets SO_REUSEPORT, which would let a second server bind a port that
  // is already in use; keep only SO_REUSEADDR so a busy --port fails loudly.
  server_->set_socket_options([this](socket_t sock) {
    listen_socket_ = sock;  // the last one offered is the one bound
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    // Accepted connections inherit this from the listening socket.
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  });
  server_->set_keep_alive_max_count(1000);
  // httplib writes a response's head and body separately; without TCP_NODELAY
  // (set on the listening socket above), Nagle's algorithm holds the body until
  // the client's delayed ACK: ~40 ms per request on a kept-alive connection.
  // https: one thread per kept-alive connection, so 64 clients calling at once
  // are served at once (http: 64 requests at once, any number of connections).
  if (!parking_) server_->new_task_queue = [] { return new httplib::ThreadPool(64); };
  server_->Post(
      ".*", [this](const httplib::Request& request, httplib::Response& response, const httplib::ContentReader& reader) {
        faults_.serve(request, response, reader,
                      [this](const httplib::Request& q, httplib::Response& r, const httplib::ContentReader& c) {
                        handle_post(q, r, c);
                      });
      });
  // Everything that is not a POST to a job route gets gin's default 404.
  server_->set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (response.status == 404 && response.body.empty()) send_not_found(response);
  });
}

int HttpFrontend::bind(const std::string& host, int port) {
  const int bound = port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  // The packaged cpp-httplib is a compiled library that listens with a
  // backlog of 5, whatever CPPHTTPLIB_LISTEN_BACKLOG says here: a few clients
  // connecting at once overflow it and each dropped SYN costs its client a
  // 1 s (then 3 s, 7 s...) retransmit. listen() again only resizes the queue.
  if (bound >= 0 && listen_socket_ >= 0) ::listen(listen_socket_, kListenBacklog);
  return bound;
}

void HttpFrontend::set_thread_count(int threads) {
  if (parking_) return parking_->set_thread_count(static_cast<size_t>(threads));
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
}

bool HttpFrontend::run() { return server_->listen_after_bind(); }

void HttpFrontend::stop() { server_->stop(); }

void HttpFrontend::set_request_log(const std::string& path) {
  request_log_ = std::fopen(path.c_str(), "a");
  if (!request_log_) throw std::runtime_error("cannot open --request-log " + path + " for appending");
}

HttpFrontend::~HttpFrontend() {
  if (request_log_) std::fclose(request_log_);
}

void HttpFrontend::handle_post(const httplib::Request& request, httplib::Response& response,
                               const httplib::ContentReader& reader) {
  if (request_log_) {
    const std::string line = json{{"path", request.path},
                                  {"request_id", request.get_header_value("X-Request-Id")},
                                  {"traceparent", request.get_header_value("traceparent")}}
                                 .dump(-1, ' ', false, json::error_handler_t::replace);
    std::lock_guard<std::mutex> lock(request_log_mu_);
    std::fprintf(request_log_, "%s\n", line.c_str());
    std::fflush(request_log_);
  }
  RequestContext context;
  bool too_large = false;
  // Drain the whole body even past the limit, so the connection stays usable.
  reader([&](const char* data, std::size_t length) {
    if (too_large) return true;
    if (context.body.size() + length > kMaxRequestBodyBytes) {
      too_large = true;
      std::string().swap(context.body);
    } else {
      context.body.append(data, length);
    }
    return true;
  });

  if (post_handler_) return post_handler_(request, response, context.body);
  const JobService::Route route = JobService::route(request.path);
  if (route == nullptr && !(admin_ && request.path.rfind("/admin/", 0) == 0)) return send_not_found(response);
  response.set_header("X-Milvus-Trace-Id", random_trace_id());

  if (!is_authorized(request.get_header_value("Authorization"), token_)) {
    response.status = 401;
    response.set_content(render_json(json{{"code", kNeedAuthenticate}, {"message", "user hasn't authenticated"}}),
                         kJsonContentType);
    return;
  }

  json body;
  try {
    if (too_large)
      throw ApiError(kIncorrectParameterFormat,
                     "can only accept json format request, error: request body exceeds the dev server's limit of "
                     "16 MiB");
    context.db_header = request.get_header_value("DB-Name");
    json data;
    if (route == nullptr) {
      if (!admin_->handle(request.path, context.body, context.db_header, data)) return send_not_found(response);
    } else {
      if (admin_) admin_->note_request();
      data = (service_.*route)(context);
    }
    body = json{{"code", kSuccess}, {"data", std::move(data)}};
  } catch (const ApiError& e) {
    body = json{{"code", e.code()}, {"message", e.message()}};
  } catch (const std::exception& e) {
    // The real server answers a handler panic with HTTP 500 {"code":500}.
    std::cerr << "milvus-jobs-devserver: " << request.path << ": unexpected error: " << e.what() << std::endl;
    response.status = 500;
    response.set_content(render_json(json{{"code", 500}}), kJsonContentType);
    return;
  }
  response.status = 200;
  response.set_content(render_json(body), kJsonContentType);
}

}  // namespace devserver
