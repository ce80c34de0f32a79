// The milvus-jobs command line run as a child process, as a user's shell
// runs it: through pipes or on a pseudo-terminal of a given size, with data
// on stdin, a SIGINT on cue; and a small terminal emulator that replays what
// the CLI drew on the terminal into the screen a person would see.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mjtest {

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout (with a pty: everything the terminal showed)
  std::string err;
  int64_t ms = 0;
};

struct RunOptions {
  std::map<std::string, std::string> env;  // set in the child ("" unsets)
  bool pty = false;
  int rows = 30;  // the pseudo-terminal's size
  int cols = 120;
  std::string stdin_data;    // written to the child's stdin, which is then closed
  int sigint_after_ms = -1;  // SIGINT this long after the start
  int kill_after_ms = 30000;
};

// Runs MJ_CLI_PATH with `args` (no shell).
CliRun run_cli(const std::vector<std::string>& args, const RunOptions& o = {});

// Runs `command` with /bin/sh -c, e.g. a pipeline of two CLI runs.
CliRun run_shell(const std::string& command, const RunOptions& o = {});

std::string describe(const CliRun& r);

// The screen after replaying `bytes` on a rows x cols terminal that knows
// what the CLI sends: printable text (with the terminal's automatic wrap at
// the last column), CR, LF, ESC[nA (up), ESC[K (clear to the end of the
// line), ESC[J (clear to the end of the screen).
struct Screen {
  std::vector<std::string> lines;  // trailing blanks trimmed
  int scrolled = 0;                // lines that scrolled off the top
  int wrapped = 0;                 // lines that wrapped at the last column
  int redraws = 0;                 // cursor-up moves (frames redrawn in place)
  std::string text() const;        // the lines joined with '\n', trailing empty lines dropped
};
Screen replay(const std::string& bytes, int rows, int cols);

}  // namespace mjtest
