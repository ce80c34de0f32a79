/*
 * rss_exec -- runs a command and reports its peak resident set size.
 *
 *   rss_exec CMD [ARGS...]
 *
 * Forks, execs CMD, waits for it and, after the command's own output,
 * prints {"maxrss_kib":N} (ru_maxrss of
 * getrusage(RUSAGE_CHILDREN): the one child) on stdout; exits with the
 * command's exit code. The harness runs every peer through it because Linux
 * carries the parent's resident set into a child's ru_maxrss across exec:
 * spawned straight from Python, every child would show at least the size of
 * the Python harness. This launcher is small (about 1 MiB), so that floor is
 * far below any peer's figure.
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  pid_t pid;
  int status = 0;
  struct rusage ru;
  if (argc < 2) {
    fprintf(stderr, "usage: rss_exec CMD [ARGS...]\n");
    return 2;
  }
  fflush(stdout);
  pid = fork();
  if (pid < 0) {
    perror("rss_exec: fork");
    return 127;
  }
  if (pid == 0) {
    execvp(argv[1], argv + 1);
    perror("rss_exec: exec");
    _exit(127);
  }
  if (waitpid(pid, &status, 0) < 0 || getrusage(RUSAGE_CHILDREN, &ru) != 0) {
    perror("rss_exec: waitpid");
    return 127;
  }
  printf("{\"maxrss_kib\":%ld}\n", ru.ru_maxrss);
  fflush(stdout);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
