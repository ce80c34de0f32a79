// milvus-jobs-devserver: flags, startup, and a clean exit on SIGINT/SIGTERM.
#include <atomic>
#include <chrono>
#include <csignal>
#include <ctime>
#include <iostream>
#include <memory>
#include <system_error>
#include <thread>

#include <pthread.h>
#include <sys/resource.h>

#include "cli.hpp"
#include "cloud.hpp"
#include "config.hpp"
#include "handlers.hpp"
#include "import_worker.hpp"
#include "project_endpoint.hpp"
#include "refresh_worker.hpp"
#include "server.hpp"
#include "snapshot.hpp"
#include "state_lock.hpp"
#include "store.hpp"
#include "worker_pool.hpp"

namespace {

constexpr std::size_t kWorkerThreads = 4;
constexpr const char* kStateFileName = "devserver-state.json";

int usage_failure(const std::string& message) {
  std::cerr << "milvus-jobs-devserver: " << message << std::endl;
  return 2;
}

// Every open connection is a descriptor, idle ones included: take the hard
// limit (a shell's soft limit of 1024 would refuse the 1,000th client).
void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? 1u << 20 : limit.rlim_max;
  (void)setrlimit(RLIMIT_NOFILE, &limit);
}

// JSON may nest kMaxJsonDepth (10000) levels, and nlohmann::json writes,
// copies and compares it recursively, a stack frame or more per level: every
// thread gets 64 MiB of stack (reserved address space; pages are touched only
// as deep as a text goes), enough for that depth also in a sanitizer build.
void give_threads_room_for_deep_json() {
  pthread_attr_t attributes;
  if (pthread_attr_init(&attributes) != 0) return;
  if (pthread_attr_setstacksize(&attributes, std::size_t{64} << 20) == 0) (void)pthread_setattr_default_np(&attributes);
  pthread_attr_destroy(&attributes);
}

std::string url_host(const std::string& host) { return host.find(':') != std::string::npos ? "[" + host + "]" : host; }

}  // namespace

int main(int argc, char** argv) {
  using namespace devserver;
  give_threads_room_for_deep_json();  // before any thread starts
  Options options;
  try {
    options = parse_command_line(argc, argv);
  } catch (const UsageError& e) {
    return usage_failure(e.what());
  }
  if (options.help) {
    std::cout << usage_text();
    return 0;
  }

  std::error_code ec;
  if (!std::filesystem::is_directory(options.data_dir, ec))
    return usage_failure("--data-dir " + options.data_dir.string() + " is not a directory; create it or pass another");
  const std::filesystem::path data_dir = std::filesystem::absolute(options.data_dir);
  std::optional<std::filesystem::path> state_file;
  StateDirLock state_lock;
  if (options.state_dir) {
    std::filesystem::create_directories(*options.state_dir, ec);
    if (!std::filesystem::is_directory(*options.state_dir, ec))
      return usage_failure("--state-dir " + options.state_dir->string() +
                           " cannot be created; pass a writable directory");
    options.state_dir = std::filesystem::absolute(*options.state_dir);
    if (!state_lock.acquire(*options.state_dir))
      return usage_failure("--state-dir " + options.state_dir->string() +
                           " is in use by another milvus-jobs-devserver; stop it or pass another directory");
    state_file = *options.state_dir / kStateFileName;
  }

  Catalog catalog;
  if (options.config_file) {
    try {
      catalog = load_config(*options.config_file);
    } catch (const std::exception& e) {
      return usage_failure(e.what());
    }
  }

  std::optional<CloudConfig> cloud_config;
  if (options.cloud_config) {
    if (options.state_dir) return usage_failure("--cloud keeps jobs in memory only: drop --state-dir");
    try {
      cloud_config = load_cloud_config(*options.cloud_config);
    } catch (const std::exception& e) {
      return usage_failure(e.what());
    }
  }

  // Signals are taken by sigtimedwait in one thread; block them before any thread starts.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  JobStore store(std::move(catalog), state_file);
  try {
    store.load();
  } catch (const std::exception& e) {
    return usage_failure(e.what());
  }

  WorkerPool pool(kWorkerThreads);
  const WorkSettings settings{data_dir, options.state_dir, std::chrono::milliseconds(options.work_delay_ms)};
  RefreshWorker refresh_worker(store, pool, settings);
  ImportWorker import_worker(store, pool, settings);
  JobService service(store, refresh_worker, import_worker, data_dir);
  SnapshotService snapshots(store, pool, settings);
  service.set_snapshots(&snapshots);
  JobService::serve_snapshot_routes(options.snapshot_jobs);
  std::unique_ptr<HttpFrontend> frontend;
  try {
    frontend = std::make_unique<HttpFrontend>(service, options.token, options.tls_cert.string(),
                                              options.tls_key.string(), options.tls_client_ca.string());
    if (!options.request_log.empty()) frontend->set_request_log(options.request_log.string());
  } catch (const std::exception& e) {
    std::cerr << "milvus-jobs-devserver: " << e.what() << std::endl;
    return 2;
  }
  HttpFrontend& http = *frontend;
  try {
    http.faults().add(parse_fault_spec(options.faults));
  } catch (const std::exception& e) {
    return usage_failure("--faults: " + std::string(e.what()));
  }
  AdminService admin(store);
  if (options.admin) http.enable_admin(&admin);
  std::unique_ptr<CloudService> cloud;
  std::unique_ptr<ProjectEndpoint> project;
  if (cloud_config) {
    // Both sides of Zilliz Cloud on one port: the project endpoint's refresh
    // routes, the control plane's import routes.
    project = std::make_unique<ProjectEndpoint>(service, *cloud_config);
    cloud = std::make_unique<CloudService>(store, import_worker, data_dir, std::move(*cloud_config));
    http.set_post_handler(
        [&cloud, &project](const httplib::Request& request, httplib::Response& response, const std::string& body) {
          if (ProjectEndpoint::serves(request.path)) return project->handle(request, response, body);
          cloud->handle(request, response, body);
        });
  }
  if (options.http_threads > 0) http.set_thread_count(options.http_threads);
  raise_descriptor_limit();

  const int port = http.bind(options.host, options.port);
  if (port < 0) {
    std::cerr << "milvus-jobs-devserver: cannot listen on " << options.host << ":" << options.port
              << " (address in use or not local?); pass another --port, or --port 0 for any free port" << std::endl;
    return 1;
  }

  for (auto id : store.unfinished_refresh_jobs()) refresh_worker.start(id);
  for (auto id : store.unfinished_import_jobs()) import_worker.resume(id);

  std::cout << "milvus-jobs-devserver listening on " << (http.tls() ? "https://" : "http://") << url_host(options.host)
            << ":" << port << std::endl;

  std::atomic<bool> serving{true};
  std::atomic<bool> stop_requested{false};
  std::thread signal_waiter([&] {
    const timespec interval{0, 200L * 1000 * 1000};
    while (serving) {
      const int signal = sigtimedwait(&stop_signals, nullptr, &interval);
      if (signal == SIGINT || signal == SIGTERM) {
        stop_requested = true;
        // stop() is a no-op until the accept loop has started, so repeat it until run() returns.
        while (serving) {
          http.stop();
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return;
      }
    }
  });

  const bool served = http.run();
  serving = false;
  signal_waiter.join();
  pool.shutdown();
  return served || stop_requested ? 0 : 1;
}
