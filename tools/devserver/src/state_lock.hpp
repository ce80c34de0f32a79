// An exclusive lock on a --state-dir, so two servers never interleave writes to one state file.
#pragma once

#include <filesystem>

namespace devserver {

class StateDirLock {
 public:
  StateDirLock() = default;
  ~StateDirLock();
  StateDirLock(const StateDirLock&) = delete;
  StateDirLock& operator=(const StateDirLock&) = delete;

  // False when another process holds the lock (or the lock file cannot be opened).
  bool acquire(const std::filesystem::path& dir);

 private:
  int fd_ = -1;
};

}  // namespace devserver
