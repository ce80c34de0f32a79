// An http (not https) httplib::Server whose threads serve requests, not
// connections. cpp-httplib gives every accepted connection a pool thread until
// the connection closes, so N idle kept-alive (or silent) connections stall
// every other client once N reaches the pool size. Here a thread serves a
// connection only while it has a request to read; in between, the connection
// is parked in one epoll set, which hands it back to the pool when its next
// request arrives. Parked connections are closed after kIdleTimeout without a
// request, and beyond kMaxParked the longest idle one is closed first.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>

#include <httplib.h>

namespace devserver {

class ParkingServer : public httplib::Server {
 public:
  static constexpr std::chrono::seconds kIdleTimeout{60};
  static constexpr std::size_t kMaxParked = 16384;

  // `threads` serve requests at once (the pool behind new_task_queue).
  explicit ParkingServer(std::size_t threads);
  ~ParkingServer() override;
  void set_thread_count(std::size_t threads) { threads_ = threads; }

  struct Connection;
  class Dispatcher;

 private:
  // Called by httplib on a pool thread for each accepted socket.
  bool process_and_close_socket(socket_t sock) override;
  // Serves requests while one is ready to read, then parks the connection.
  void serve(std::shared_ptr<Connection> connection);

  std::size_t threads_;
  Dispatcher* dispatcher_ = nullptr;  // owned by httplib's listen loop (new_task_queue)
};

}  // namespace devserver
