#include "state_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace devserver {

StateDirLock::~StateDirLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

bool StateDirLock::acquire(const std::filesystem::path& dir) {
  const std::filesystem::path file = dir / "devserver.lock";
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return false;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  return true;
}

}  // namespace devserver
