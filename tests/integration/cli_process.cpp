#include "cli_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace mjtest {
namespace {

using Clock = std::chrono::steady_clock;

CliRun run_argv(std::vector<std::string> argv_s, const RunOptions& o) {
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  auto child_env = [&] {
    for (const auto& [k, v] : o.env) {
      if (v.empty()) {
        unsetenv(k.c_str());
      } else {
        setenv(k.c_str(), v.c_str(), 1);
      }
    }
  };

  CliRun r;
  const auto t0 = Clock::now();
  int in[2];
  if (pipe(in) != 0) throw std::runtime_error("pipe");
  int out_fd = -1, err_fd = -1;
  pid_t pid;
  if (o.pty) {
    int master = -1;
    winsize ws{};
    ws.ws_col = static_cast<unsigned short>(o.cols);
    ws.ws_row = static_cast<unsigned short>(o.rows);
    pid = forkpty(&master, nullptr, nullptr, &ws);
    if (pid == 0) {
      dup2(in[0], STDIN_FILENO);
      close(in[0]);
      close(in[1]);
      child_env();
      execv(argv[0], argv.data());
      _exit(127);
    }
    out_fd = master;
  } else {
    int out[2], err[2];
    if (pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe");
    pid = fork();
    if (pid == 0) {
      dup2(in[0], STDIN_FILENO);
      dup2(out[1], STDOUT_FILENO);
      dup2(err[1], STDERR_FILENO);
      for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
      child_env();
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    close(err[1]);
    out_fd = out[0];
    err_fd = err[0];
  }
  if (pid < 0) throw std::runtime_error("fork");
  close(in[0]);
  int in_fd = in[1];
  fcntl(in_fd, F_SETFL, O_NONBLOCK);
  signal(SIGPIPE, SIG_IGN);  // a child that exits before reading all of stdin
  size_t written = 0;
  bool interrupted = false;
  std::vector<pollfd> fds;
  while (true) {
    if (in_fd >= 0 && written == o.stdin_data.size()) {
      close(in_fd);
      in_fd = -1;
    }
    fds.clear();
    if (out_fd >= 0) fds.push_back({out_fd, POLLIN, 0});
    if (err_fd >= 0) fds.push_back({err_fd, POLLIN, 0});
    if (in_fd >= 0) fds.push_back({in_fd, POLLOUT, 0});
    if (out_fd < 0 && err_fd < 0) break;
    poll(fds.data(), fds.size(), 20);
    for (auto& p : fds) {
      if (p.fd == in_fd) {
        if (p.revents & (POLLERR | POLLHUP)) {
          close(in_fd);
          in_fd = -1;
        } else if (p.revents & POLLOUT) {
          const ssize_t n = write(in_fd, o.stdin_data.data() + written, o.stdin_data.size() - written);
          if (n > 0) written += static_cast<size_t>(n);
        }
        continue;
      }
      if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[65536];
      const ssize_t n = read(p.fd, buf, sizeof buf);
      std::string& into = p.fd == out_fd ? r.out : r.err;
      if (n > 0) {
        into.append(buf, static_cast<size_t>(n));
      } else {  // EOF (a pty master reads EIO once the child is gone)
        close(p.fd);
        (p.fd == out_fd ? out_fd : err_fd) = -1;
      }
    }
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
    if (o.sigint_after_ms >= 0 && !interrupted && elapsed >= o.sigint_after_ms) {
      kill(pid, SIGINT);
      interrupted = true;
    }
    if (elapsed > o.kill_after_ms) {
      kill(pid, SIGKILL);
      break;
    }
  }
  if (in_fd >= 0) close(in_fd);
  for (int fd : {out_fd, err_fd}) {
    if (fd >= 0) close(fd);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  r.ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

}  // namespace

CliRun run_cli(const std::vector<std::string>& args, const RunOptions& o) {
  std::vector<std::string> argv = {MJ_CLI_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_argv(std::move(argv), o);
}

CliRun run_shell(const std::string& command, const RunOptions& o) { return run_argv({"/bin/sh", "-c", command}, o); }

std::string describe(const CliRun& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout: " + r.out + "\nstderr: " + r.err;
}

std::string Screen::text() const {
  size_t end = lines.size();
  while (end > 0 && lines[end - 1].empty()) --end;
  std::string t;
  for (size_t i = 0; i < end; ++i) t += lines[i] + "\n";
  return t;
}

Screen replay(const std::string& bytes, int rows, int cols) {
  std::vector<std::string> grid(static_cast<size_t>(rows), std::string(static_cast<size_t>(cols), ' '));
  Screen s;
  int row = 0, col = 0;
  bool wrap_pending = false;
  auto line_feed = [&] {
    if (row + 1 < rows) {
      ++row;
    } else {
      grid.erase(grid.begin());
      grid.emplace_back(static_cast<size_t>(cols), ' ');
      ++s.scrolled;
    }
  };
  for (size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (c == '\033' && i + 1 < bytes.size() && bytes[i + 1] == '[') {
      size_t j = i + 2;
      int n = 0;
      bool has_n = false;
      while (j < bytes.size() && bytes[j] >= '0' && bytes[j] <= '9') {
        n = n * 10 + (bytes[j] - '0');
        has_n = true;
        ++j;
      }
      if (j >= bytes.size()) break;
      const char cmd = bytes[j];
      if (cmd == 'A') {
        row = std::max(0, row - (has_n ? n : 1));
        ++s.redraws;
      } else if (cmd == 'K') {
        std::fill(grid[row].begin() + col, grid[row].end(), ' ');
      } else if (cmd == 'J') {
        std::fill(grid[row].begin() + col, grid[row].end(), ' ');
        for (int k = row + 1; k < rows; ++k) grid[k].assign(static_cast<size_t>(cols), ' ');
      }
      wrap_pending = false;
      i = j;
      continue;
    }
    if (c == '\r') {
      col = 0;
      wrap_pending = false;
    } else if (c == '\n') {
      line_feed();
      wrap_pending = false;
    } else if (static_cast<unsigned char>(c) >= 0x20) {
      if (wrap_pending) {
        line_feed();
        col = 0;
        wrap_pending = false;
        ++s.wrapped;
      }
      grid[row][col] = c;
      if (col + 1 < cols) {
        ++col;
      } else {
        wrap_pending = true;
      }
    }
  }
  for (auto& line : grid) {
    line.erase(line.find_last_not_of(' ') + 1);
    s.lines.push_back(line);
  }
  return s;
}

}  // namespace mjtest
