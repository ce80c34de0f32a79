#include "protocol/reply_error.hpp"

#include <cctype>

#include "common/decimal.hpp"

namespace mj::protocol {
namespace {

bool contains(std::string_view haystack, std::string_view needle) noexcept {
  return haystack.find(needle) != std::string_view::npos;
}

// "refresh job 449012345678901234 is already in progress ..." -> the id.
std::string running_refresh_id(std::string_view message) {
  static constexpr std::string_view prefix = "refresh job ";
  auto pos = message.find(prefix);
  if (pos == std::string_view::npos) return {};
  pos += prefix.size();
  size_t end = pos;
  while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end]))) ++end;
  return std::string(message.substr(pos, end - pos));
}

// The server's message as the error's message quotes it: at most
// kMaxQuotedMessage bytes, cut between two UTF-8 characters. The whole text
// stays in the error's server message.
constexpr size_t kMaxQuotedMessage = 1024;
std::string quoted_message(const std::string& message) {
  if (message.size() <= kMaxQuotedMessage) return message;
  size_t cut = kMaxQuotedMessage;
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
  return message.substr(0, cut) + "... (" + std::to_string(message.size()) +
         " bytes; the error's server message holds all of it)";
}

// A short printable excerpt of a non-JSON body (proxies answer with HTML).
std::string excerpt(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, 120)) out += (c >= 0x20 && c < 0x7f) ? c : ' ';
  if (body.size() > 120) out += "...";
  return out;
}

Category category_of_code(int64_t code, std::string_view message) {
  switch (code) {
    case 100:   // collection not found
    case 200:   // partition not found
    case 800:   // database not found
    case 2101:  // import job does not exist
      return Category::not_found;
    case 703: return Category::duplicate_job;
    case 1100:
      // invalid parameter also carries "refresh job <id> not found".
      return contains(message, "not found") || contains(message, "does not exist") ? Category::not_found
                                                                                   : Category::invalid_argument;
    case 1101:
    case 1102:
    case 1801:
    case 1802:
    case 2100: return Category::invalid_argument;
    case 1400:
    case 1800: return Category::unauthenticated;
    case 1401: return Category::permission_denied;
    case 1807: return Category::rate_limited;
    case 10001: return Category::timeout;
    case 10: return Category::unsupported;  // service unimplemented: the route exists, the work does not
    default: return Category::server;       // 1, 2, 65535, 500, codes this library does not know
  }
}

Category code_category(int64_t code, std::string_view message, const ErrorDialect& dialect) {
  if (auto c = dialect.category_of_code(code)) return *c;
  return category_of_code(code, message);
}

class MilvusErrors final : public ErrorDialect {
 public:
  std::optional<Category> category_of_code(int64_t) const noexcept override { return std::nullopt; }

  std::string hint(Category c, Route route) const override {
    switch (c) {
      case Category::not_found: return "check the name or id, and the database (the client's or the call's)";
      case Category::duplicate_job:
        return "poll the running job, whose id this error carries, or wait for it to finish";
      case Category::invalid_argument: return "fix the request as the server's message says";
      case Category::unauthenticated: return "set the token to a valid API key or \"user:password\"";
      case Category::permission_denied: return "grant the user the privilege the server names, or use another user";
      case Category::rate_limited: return "the server is shedding load: retry later";
      case Category::timeout: return "the server ran out of time: retry, or raise the call's timeout";
      case Category::unsupported:
        return is_snapshot_route(route)
                   ? "this Milvus knows the snapshot routes but does not implement this one yet: upgrade the server"
                   : "the server does not implement this operation: upgrade the server";
      case Category::server:
        return is_create_route(route) ? "the server failed; check with list before retrying, a job may exist"
                                      : "the server failed; retry later";
      default: return "check that uri points at a Milvus REST endpoint (e.g. http://host:19530)";
    }
  }

  std::string not_served(Route route, const std::string& path) const override {
    if (is_refresh_route(route)) {
      return "this server does not support external collection refresh (needs Milvus >= 3.0): " + path +
             " answered 404; upgrade the server, or check that uri points at Milvus";
    }
    if (is_snapshot_route(route)) {
      return "this server does not support snapshot jobs (needs Milvus >= 3.0 with the snapshot job routes, in "
             "builds since July 2026; Milvus 2.x has none): " +
             path + " answered 404; upgrade the server, or check that uri points at Milvus";
    }
    return "the server answered 404 for " + path +
           ": it does not serve the Milvus REST v2 job routes; check uri (e.g. http://host:19530)";
  }
};

}  // namespace

const ErrorDialect& milvus_errors() noexcept {
  static const MilvusErrors errors;
  return errors;
}

bool is_success_code(int64_t code, bool has_data, std::string_view message) noexcept {
  return code == 0 || (code == 200 && has_data && message.empty());
}

ErrorInfo classify_failure(Route route, int http_status, bool body_is_json_object, std::optional<int64_t> code,
                           const std::string& message, std::string_view raw_body, const ErrorDialect& dialect) {
  ErrorInfo info;
  info.http_status = http_status;
  info.server_message = message;
  info.server_code = code && *code >= INT32_MIN && *code <= INT32_MAX ? static_cast<int32_t>(*code) : 0;
  const std::string path(route_path(route));

  if (http_status == 404 && !code) {
    info.category = Category::unsupported;
    info.message = dialect.not_served(route, path);
    return info;
  }

  if (http_status == 200 && !body_is_json_object) {
    info.category = Category::protocol;
    info.message = "the server's answer to " + path + " is not a JSON object (\"" + excerpt(raw_body) +
                   "\"); check that uri points at a Milvus REST endpoint";
    return info;
  }
  if (http_status == 200 && !code) {
    info.category = Category::protocol;
    info.message = "the server's answer to " + path + " has no numeric \"code\"";
    return info;
  }

  // HTTP status first where it is specific, then the body code.
  if (http_status == 401) {
    info.category = Category::unauthenticated;
  } else if (http_status == 403) {
    info.category = Category::permission_denied;
  } else if (http_status == 408) {
    info.category = Category::timeout;
  } else if (http_status == 429) {
    info.category = Category::rate_limited;
  } else if (http_status >= 500) {
    info.category = Category::server;
  } else if (http_status != 200) {
    info.category = code ? code_category(*code, message, dialect) : Category::protocol;
  } else {
    info.category = code_category(*code, message, dialect);
  }

  info.retriable =
      info.category == Category::rate_limited ||
      (!is_create_route(route) &&
       (info.category == Category::timeout ||
        (info.category == Category::server &&
         (http_status == 502 || http_status == 503 || http_status == 504 || (code && (*code == 1 || *code == 2))))));

  if (info.category == Category::duplicate_job) {
    info.job_id = running_refresh_id(message);
    // Decoded once, here: refresh ids are positive int64s.
    // value_or, not `id && *id > 0`: GCC folds that into one branch that reads
    // a disengaged optional's payload, which valgrind reports.
    const int64_t id = parse_int64(info.job_id).value_or(0);
    if (id > 0) info.job_number = id;
  }
  switch (info.category) {
    case Category::unauthenticated: info.hint = Hint::set_token; break;
    case Category::duplicate_job: info.hint = Hint::poll_running_job; break;
    case Category::timeout: info.hint = Hint::raise_timeout; break;
    default: break;
  }

  std::string what;
  if (code) {
    what = "server code " + std::to_string(*code) + (message.empty() ? "" : ": " + quoted_message(message));
  } else {
    what = "HTTP " + std::to_string(http_status) + (body_is_json_object ? "" : " \"" + excerpt(raw_body) + "\"");
  }
  if (http_status != 200 && code) what = "HTTP " + std::to_string(http_status) + ", " + what;
  if (info.category == Category::duplicate_job && !info.job_id.empty()) {
    info.message =
        "a refresh is already running (job " + info.job_id + ") (" + what + "); " + dialect.hint(info.category, route);
  } else {
    info.message = what + "; " + dialect.hint(info.category, route);
  }
  return info;
}

}  // namespace mj::protocol
