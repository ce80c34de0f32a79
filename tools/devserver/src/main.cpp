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
#include "refresh_worker.hpp"
#include "server.hpp"
#include "state_lock.hpp"
#include "store.hpp"
#include "worker_pool.hpp"

namespace {

constexpr std::size_t kWorkerThreads = 4;
constexpr const char* kStateFileName = "devserver-state.json";

int usageFailure(const std::string& message) {
  std::cerr << "milvus-jobs-devserver: " << message << std::endl;
  return 2;
}

// Every open connection is a descriptor, idle ones included: take the hard
// limit (a shell's soft limit of 1024 would refuse the 1,000th client).
void raiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? 1u << 20 : limit.rlim_max;
  (void)setrlimit(RLIMIT_NOFILE, &limit);
}

// JSON may nest kMaxJsonDepth (10000) levels, and nlohmann::json writes,
// copies and compares it recursively, a stack frame or more per level: every
// thread gets 64 MiB of stack (reserved address space; pages are touched only
// as deep as a text goes), enough for that depth also in a sanitizer build.
void giveThreadsRoomForDeepJson() {
  pthread_attr_t attributes;
  if (pthread_attr_init(&attributes) != 0) return;
  if (pthread_attr_setstacksize(&attributes, std::size_t{64} << 20) == 0) (void)pthread_setattr_default_np(&attributes);
  pthread_attr_destroy(&attributes);
}

std::string urlHost(const std::string& host) { return host.find(':') != std::string::npos ? "[" + host + "]" : host; }

}  // namespace

int main(int argc, char** argv) {
  using namespace devserver;
  giveThreadsRoomForDeepJson();  // before any thread starts
  Options options;
  try {
    options = parseCommandLine(argc, argv);
  } catch (const UsageError& e) {
    return usageFailure(e.what());
  }
  if (options.help) {
    std::cout << usageText();
    return 0;
  }

  std::error_code ec;
  if (!std::filesystem::is_directory(options.dataDir, ec))
    return usageFailure("--data-dir " + options.dataDir.string() + " is not a directory; create it or pass another");
  const std::filesystem::path dataDir = std::filesystem::absolute(options.dataDir);
  std::optional<std::filesystem::path> stateFile;
  StateDirLock stateLock;
  if (options.stateDir) {
    std::filesystem::create_directories(*options.stateDir, ec);
    if (!std::filesystem::is_directory(*options.stateDir, ec))
      return usageFailure("--state-dir " + options.stateDir->string() +
                          " cannot be created; pass a writable directory");
    options.stateDir = std::filesystem::absolute(*options.stateDir);
    if (!stateLock.acquire(*options.stateDir))
      return usageFailure("--state-dir " + options.stateDir->string() +
                          " is in use by another milvus-jobs-devserver; stop it or pass another directory");
    stateFile = *options.stateDir / kStateFileName;
  }

  Catalog catalog;
  if (options.configFile) {
    try {
      catalog = loadConfig(*options.configFile);
    } catch (const std::exception& e) {
      return usageFailure(e.what());
    }
  }

  std::optional<CloudConfig> cloudConfig;
  if (options.cloudConfig) {
    if (options.stateDir) return usageFailure("--cloud keeps jobs in memory only: drop --state-dir");
    try {
      cloudConfig = loadCloudConfig(*options.cloudConfig);
    } catch (const std::exception& e) {
      return usageFailure(e.what());
    }
  }

  // Signals are taken by sigtimedwait in one thread; block them before any thread starts.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  JobStore store(std::move(catalog), stateFile);
  try {
    store.load();
  } catch (const std::exception& e) {
    return usageFailure(e.what());
  }

  WorkerPool pool(kWorkerThreads);
  const WorkSettings settings{dataDir, options.stateDir, std::chrono::milliseconds(options.workDelayMs)};
  RefreshWorker refreshWorker(store, pool, settings);
  ImportWorker importWorker(store, pool, settings);
  JobService service(store, refreshWorker, importWorker, dataDir);
  std::unique_ptr<HttpFrontend> frontend;
  try {
    frontend =
        std::make_unique<HttpFrontend>(service, options.token, options.tlsCert.string(), options.tlsKey.string());
  } catch (const std::exception& e) {
    std::cerr << "milvus-jobs-devserver: " << e.what() << std::endl;
    return 2;
  }
  HttpFrontend& http = *frontend;
  try {
    http.faults().add(parseFaultSpec(options.faults));
  } catch (const std::exception& e) {
    return usageFailure("--faults: " + std::string(e.what()));
  }
  AdminService admin(store);
  if (options.admin) http.enableAdmin(&admin);
  std::unique_ptr<CloudService> cloud;
  if (cloudConfig) {
    cloud = std::make_unique<CloudService>(store, importWorker, dataDir, std::move(*cloudConfig));
    http.setPostHandler([&cloud](const httplib::Request& request, httplib::Response& response,
                                 const std::string& body) { cloud->handle(request, response, body); });
  }
  if (options.httpThreads > 0) http.setThreadCount(options.httpThreads);
  raiseDescriptorLimit();

  const int port = http.bind(options.host, options.port);
  if (port < 0) {
    std::cerr << "milvus-jobs-devserver: cannot listen on " << options.host << ":" << options.port
              << " (address in use or not local?); pass another --port, or --port 0 for any free port" << std::endl;
    return 1;
  }

  for (auto id : store.unfinishedRefreshJobs()) refreshWorker.start(id);
  for (auto id : store.unfinishedImportJobs()) importWorker.resume(id);

  std::cout << "milvus-jobs-devserver listening on " << (http.tls() ? "https://" : "http://") << urlHost(options.host)
            << ":" << port << std::endl;

  std::atomic<bool> serving{true};
  std::atomic<bool> stopRequested{false};
  std::thread signalWaiter([&] {
    const timespec interval{0, 200L * 1000 * 1000};
    while (serving) {
      const int signal = sigtimedwait(&stopSignals, nullptr, &interval);
      if (signal == SIGINT || signal == SIGTERM) {
        stopRequested = true;
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
  signalWaiter.join();
  pool.shutdown();
  return served || stopRequested ? 0 : 1;
}
