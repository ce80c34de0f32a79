#include "cli.hpp"

#include <cerrno>
#include <cstdlib>
#include <vector>

namespace devserver {
namespace {

long long parse_integer(const std::string& flag, const std::string& text, long long min, long long max) {
  errno = 0;
  char* end = nullptr;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || errno != 0 || end != text.c_str() + text.size() || value < min || value > max)
    throw UsageError(flag + " expects an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                     ", got \"" + text + "\"");
  return value;
}

}  // namespace

const char* usage_text() {
  return "usage: milvus-jobs-devserver [--host 127.0.0.1] [--port N] [--token TOKEN] [--data-dir DIR]\n"
         "                             [--state-dir DIR] [--config FILE] [--work-delay-ms N]\n"
         "                             [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]] [--faults SPEC] "
         "[--admin]\n"
         "                             [--cloud FILE] [--http-threads N] [--without-snapshot-jobs] [--help]\n"
         "\n"
         "A local stand-in for the Milvus REST v2 job routes (external-collection refresh and bulk import).\n"
         "\n"
         "  --host HOST          address to listen on (default 127.0.0.1)\n"
         "  --port N             port to listen on; 0 picks a free port (default 0)\n"
         "  --token TOKEN        require 'Authorization: Bearer TOKEN' (or Basic user:pass when TOKEN is user:pass)\n"
         "  --data-dir DIR       local stand-in for object storage (default: current directory)\n"
         "  --state-dir DIR      persist jobs here and resume unfinished ones on start (default: memory only)\n"
         "  --config FILE        JSON file declaring databases and collections\n"
         "  --work-delay-ms N    sleep N ms per unit of work, to watch progress move (default 0)\n"
         "  --tls-cert FILE      PEM certificate: serve https instead of http (needs --tls-key)\n"
         "  --tls-key FILE       PEM private key of --tls-cert\n"
         "  --tls-client-ca FILE PEM CA: require a client certificate it issued (mutual TLS)\n"
         "  --request-log FILE   append one JSON line per request (path, X-Request-Id, traceparent)\n"
         "  --faults SPEC        inject faults, e.g. import/describe=drop*2,*=429:1 (see README)\n"
         "  --admin              also serve the /admin/ routes tests and benchmarks use (see admin.hpp)\n"
         "  --cloud FILE         answer as Zilliz Cloud: control plane (import) and project endpoint (refresh);\n"
         "                       FILE lists API keys,\n"
         "                       clusters and projects (see tools/devserver/README.md, \"Cloud mode\")\n"
         "  --http-threads N     requests served at once (default 64); idle connections hold no thread\n"
         "                       over http, and one each over https\n"
         "  --without-snapshot-jobs  answer 404 on /v2/vectordb/jobs/snapshot/*, like a Milvus without snapshot jobs\n"
         "  --help               print this help\n"
         "\n"
         "On start it prints one line: milvus-jobs-devserver listening on http://HOST:PORT\n";
}

Options parse_command_line(int argc, char** argv) {
  Options options;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::optional<std::string> inline_value;
    if (flag.rfind("--", 0) == 0) {
      if (auto eq = flag.find('='); eq != std::string::npos) {
        inline_value = flag.substr(eq + 1);
        flag = flag.substr(0, eq);
      }
    }
    if (flag == "--admin") {
      options.admin = true;
      continue;
    }
    if (flag == "--without-snapshot-jobs") {
      options.snapshot_jobs = false;
      continue;
    }
    if (flag == "--help" || flag == "-h") {
      options.help = true;
      continue;
    }
    auto value = [&]() -> std::string {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size())
        throw UsageError(std::string(flag).append(" needs a value (e.g. ").append(flag).append(" VALUE)"));
      return args[++i];
    };
    if (flag == "--host") {
      options.host = value();
      if (options.host.empty()) throw UsageError("--host needs an address, e.g. --host 127.0.0.1");
    } else if (flag == "--port") {
      options.port = static_cast<int>(parse_integer(flag, value(), 0, 65535));
    } else if (flag == "--token") {
      options.token = value();
    } else if (flag == "--tls-cert") {
      options.tls_cert = value();
    } else if (flag == "--tls-key") {
      options.tls_key = value();
    } else if (flag == "--tls-client-ca") {
      options.tls_client_ca = value();
    } else if (flag == "--request-log") {
      options.request_log = value();
    } else if (flag == "--data-dir") {
      options.data_dir = value();
      if (options.data_dir.empty()) throw UsageError("--data-dir needs a directory");
    } else if (flag == "--state-dir") {
      options.state_dir = value();
      if (options.state_dir->empty()) throw UsageError("--state-dir needs a directory");
    } else if (flag == "--config") {
      options.config_file = value();
      if (options.config_file->empty()) throw UsageError("--config needs a file");
    } else if (flag == "--faults") {
      options.faults = value();
    } else if (flag == "--cloud") {
      options.cloud_config = value();
      if (options.cloud_config->empty()) throw UsageError("--cloud needs a file");
    } else if (flag == "--work-delay-ms") {
      options.work_delay_ms = parse_integer(flag, value(), 0, 3600000);
    } else if (flag == "--http-threads") {
      options.http_threads = static_cast<int>(parse_integer(flag, value(), 1, 1024));
    } else {
      throw UsageError("unknown argument \"" + args[i] + "\"; run with --help to see the flags");
    }
  }
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    throw UsageError("--tls-cert and --tls-key go together: give both to serve https, or neither");
  }
  if (!options.tls_client_ca.empty() && options.tls_cert.empty()) {
    throw UsageError("--tls-client-ca needs --tls-cert and --tls-key: client certificates are asked for over https");
  }
  return options;
}

}  // namespace devserver
