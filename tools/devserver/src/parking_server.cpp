#include "parking_server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace devserver {
namespace {

using Clock = std::chrono::steady_clock;

// Waits up to `timeout` for `events` on `fd`; true when they came.
bool wait_for(int fd, short events, std::chrono::microseconds timeout) {
  pollfd p{fd, events, 0};
  const int ms = static_cast<int>(std::max<std::int64_t>(0, (timeout.count() + 999) / 1000));
  while (true) {
    const int n = ::poll(&p, 1, ms);
    if (n < 0 && errno == EINTR) continue;
    return n > 0;
  }
}

void address_of(const sockaddr_storage& address, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (address.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(address);
    ::inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
    port = ntohs(a.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(address);
    ::inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
    port = ntohs(a.sin6_port);
  }
  ip = text;
}

// httplib's SocketStream is not part of its public header: the same, with a
// read buffer that stays with the connection while it is parked.
class ConnectionStream : public httplib::Stream {
 public:
  ConnectionStream(int fd, std::chrono::microseconds read_timeout, std::chrono::microseconds write_timeout)
      : fd_(fd), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

  bool buffered() const { return begin_ < end_; }

  bool is_readable() const override { return buffered() || wait_for(fd_, POLLIN, read_timeout_); }
  bool is_writable() const override { return wait_for(fd_, POLLOUT, write_timeout_); }

  ssize_t read(char* ptr, size_t size) override {
    if (!buffered()) {
      if (!wait_for(fd_, POLLIN, read_timeout_)) return -1;
      if (size >= buffer_.size()) return receive(ptr, size);
      const ssize_t n = receive(buffer_.data(), buffer_.size());
      if (n <= 0) return n;
      begin_ = 0;
      end_ = static_cast<size_t>(n);
    }
    const size_t n = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    while (true) {
      const ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      return n;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) address_of(address, ip, port);
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) address_of(address, ip, port);
  }

  socket_t socket() const override { return fd_; }

 private:
  ssize_t receive(char* ptr, size_t size) {
    while (true) {
      const ssize_t n = ::recv(fd_, ptr, size, 0);
      if (n < 0 && errno == EINTR) continue;
      return n;
    }
  }

  int fd_;
  std::chrono::microseconds read_timeout_;
  std::chrono::microseconds write_timeout_;
  std::array<char, 4096> buffer_{};
  size_t begin_ = 0;
  size_t end_ = 0;
};

}  // namespace

struct ParkingServer::Connection {
  Connection(int socket, std::chrono::microseconds read_timeout, std::chrono::microseconds write_timeout,
             std::size_t max_requests)
      : fd(socket), stream(socket, read_timeout, write_timeout), requests_left(max_requests) {}
  ~Connection() {
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  int fd;
  ConnectionStream stream;
  std::size_t requests_left;  // keep_alive_max_count: the last one closes the connection
};

// httplib's task queue for one listen(): a thread pool for requests and the
// epoll thread that holds idle connections.
class ParkingServer::Dispatcher : public httplib::TaskQueue {
 public:
  Dispatcher(ParkingServer& server, std::size_t threads) : server_(server), pool_(std::max<std::size_t>(threads, 1)) {
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (epoll_ < 0 || wake_ < 0) throw std::runtime_error("epoll: " + std::generic_category().message(errno));
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = wake_;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event);
    parker_ = std::thread([this] { watch(); });
  }

  ~Dispatcher() override {
    stop_parking();
    ::close(wake_);
    ::close(epoll_);
  }

  void enqueue(std::function<void()> fn) override { pool_.enqueue(std::move(fn)); }

  void shutdown() override {
    stop_parking();
    // Requests in progress finish; their connections close instead of parking.
    pool_.shutdown();
  }

  // Holds `connection` until its next request arrives (then a pool thread
  // serves it), it idles kIdleTimeout, or the server stops.
  void park(std::shared_ptr<Connection> connection) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;  // dropping the last reference closes it
    if (parked_.size() >= kMaxParked) drop_oldest_locked();
    const int fd = connection->fd;
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    event.data.fd = fd;
    if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event) != 0) return;
    parked_[fd] = Parked{std::move(connection), Clock::now() + kIdleTimeout};
  }

 private:
  struct Parked {
    std::shared_ptr<Connection> connection;
    Clock::time_point idle_until;
  };

  void stop_parking() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    const std::uint64_t one = 1;
    (void)!::write(wake_, &one, sizeof one);
    if (parker_.joinable()) parker_.join();
    std::lock_guard<std::mutex> lock(mu_);
    parked_.clear();
  }

  void drop_oldest_locked() {
    auto oldest = std::min_element(parked_.begin(), parked_.end(), [](const auto& a, const auto& b) {
      return a.second.idle_until < b.second.idle_until;
    });
    if (oldest == parked_.end()) return;
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, oldest->first, nullptr);
    parked_.erase(oldest);
  }

  void watch() {
    std::array<epoll_event, 256> events{};
    auto next_sweep = Clock::now() + std::chrono::seconds(1);
    while (true) {
      const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 500);
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      for (int i = 0; i < n; ++i) {
        const int fd = events[static_cast<size_t>(i)].data.fd;
        if (fd == wake_) continue;
        auto it = parked_.find(fd);
        if (it == parked_.end()) continue;
        ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
        std::shared_ptr<Connection> connection = std::move(it->second.connection);
        parked_.erase(it);
        pool_.enqueue([this, connection] { server_.serve(connection); });
      }
      const auto now = Clock::now();
      if (now < next_sweep) continue;
      next_sweep = now + std::chrono::seconds(1);
      for (auto it = parked_.begin(); it != parked_.end();) {
        if (it->second.idle_until > now) {
          ++it;
          continue;
        }
        ::epoll_ctl(epoll_, EPOLL_CTL_DEL, it->first, nullptr);
        it = parked_.erase(it);
      }
    }
  }

  ParkingServer& server_;
  httplib::ThreadPool pool_;
  int epoll_ = -1;
  int wake_ = -1;
  std::thread parker_;
  std::mutex mu_;
  bool stopping_ = false;
  std::map<int, Parked> parked_;
};

ParkingServer::ParkingServer(std::size_t threads) : threads_(threads) {
  new_task_queue = [this] {
    auto* dispatcher = new Dispatcher(*this, threads_);
    dispatcher_ = dispatcher;
    return dispatcher;
  };
}

ParkingServer::~ParkingServer() = default;

bool ParkingServer::process_and_close_socket(socket_t sock) {
  using std::chrono::microseconds;
  using std::chrono::seconds;
  auto connection = std::make_shared<Connection>(sock, seconds(read_timeout_sec_) + microseconds(read_timeout_usec_),
                                                 seconds(write_timeout_sec_) + microseconds(write_timeout_usec_),
                                                 std::max<std::size_t>(keep_alive_max_count_, 1));
  serve(std::move(connection));
  return true;
}

void ParkingServer::serve(std::shared_ptr<Connection> connection) {
  while (true) {
    if (!is_running()) return;
    // Nothing to read yet: give the thread back until the next request.
    if (!connection->stream.buffered() && !wait_for(connection->fd, POLLIN, std::chrono::microseconds(0))) {
      dispatcher_->park(std::move(connection));
      return;
    }
    const bool last = --connection->requests_left == 0;
    bool closed = false;
    if (!process_request(connection->stream, last, closed, nullptr) || closed || last) return;
  }
}

}  // namespace devserver
