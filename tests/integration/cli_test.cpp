// The milvus-jobs command line driven as a user would: a real process against
// the dev server, its exit codes, its --json output parsed, its progress bar
// read from a pseudo-terminal, plain lines through a pipe, Ctrl-C.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "world.hpp"

namespace mjtest {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout (with a pty: everything the terminal showed)
  std::string err;
  int64_t ms = 0;
};

struct RunOptions {
  std::map<std::string, std::string> env;  // set in the child ("" unsets)
  bool pty = false;
  int sigint_after_ms = -1;
};

CliRun run_cli(const std::vector<std::string>& args, const RunOptions& o = {}) {
  std::vector<std::string> argv_s = {MJ_CLI_PATH};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
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
  int out_fd = -1, err_fd = -1;
  pid_t pid;
  if (o.pty) {
    int master = -1;
    winsize ws{};
    ws.ws_col = 120;
    ws.ws_row = 30;
    pid = forkpty(&master, nullptr, nullptr, &ws);
    if (pid == 0) {
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
      dup2(out[1], STDOUT_FILENO);
      dup2(err[1], STDERR_FILENO);
      close(out[0]);
      close(err[0]);
      close(out[1]);
      close(err[1]);
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
  bool interrupted = false;
  std::vector<pollfd> fds;
  while (true) {
    fds.clear();
    if (out_fd >= 0) fds.push_back({out_fd, POLLIN, 0});
    if (err_fd >= 0) fds.push_back({err_fd, POLLIN, 0});
    if (fds.empty()) break;
    poll(fds.data(), fds.size(), 20);
    for (auto& p : fds) {
      if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[4096];
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
    if (elapsed > 30000) {
      kill(pid, SIGKILL);
      break;
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  r.ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

std::string describe(const CliRun& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout: " + r.out + "\nstderr: " + r.err;
}

class Cli : public World {
 protected:
  // Every run gets the server through the environment, as a user's shell would.
  RunOptions env(RunOptions o = {}) {
    o.env.emplace("MILVUS_URI", server->uri());
    o.env.emplace("MILVUS_TOKEN", "");
    o.env.emplace("MILVUS_DB_NAME", "");
    return o;
  }
  CliRun cli(const std::vector<std::string>& args, RunOptions o = {}) { return run_cli(args, env(std::move(o))); }

  static json parse(const CliRun& r) {
    json j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << describe(r);
    return j;
  }
};

TEST_F(Cli, HelpForTheToolAndEveryCommand) {
  CliRun top = cli({"--help"});
  EXPECT_EQ(top.exit_code, 0) << describe(top);
  for (const char* cmd : {"refresh", "refresh-status", "refresh-list", "import", "import-status", "import-list",
                          "import-commit", "import-abort"}) {
    EXPECT_NE(top.out.find(std::string("  ") + cmd + " "), std::string::npos) << cmd;
    CliRun h = cli({cmd, "--help"});
    EXPECT_EQ(h.exit_code, 0) << describe(h);
    EXPECT_NE(h.out.find(std::string("usage: milvus-jobs ") + cmd), std::string::npos) << describe(h);
  }
  EXPECT_NE(top.out.find("exit codes"), std::string::npos);
  EXPECT_NE(top.out.find("MILVUS_URI"), std::string::npos);
  EXPECT_NE(cli({"import", "--help"}).out.find("--wait"), std::string::npos);
  CliRun v = cli({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find(mj_version()), std::string::npos) << v.out;
}

TEST_F(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(cli({}).exit_code, 2);
  EXPECT_EQ(cli({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(cli({"refresh"}).exit_code, 2);
  EXPECT_EQ(cli({"import", "quick_setup"}).exit_code, 2) << "no file";
  EXPECT_EQ(cli({"refresh-list", "--wait"}).exit_code, 2);
  EXPECT_EQ(cli({"refresh-status", "abc"}).exit_code, 2);
  EXPECT_EQ(cli({"import-list", "--timeout-ms", "soon"}).exit_code, 2);
  EXPECT_EQ(cli({"import-list", "--bogus"}).exit_code, 2);
  CliRun r = cli({"refresh", "books_ext", "--source", "s3://bucket/books_v2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--spec"), std::string::npos) << r.err;
}

TEST_F(Cli, ImportWaitJsonReportsTheCompletedJob) {
  start(20);
  CliRun r = cli({"import", "quick_setup", "import/rows.json", "import/rows.csv", "--wait", "--json"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const json j = parse(r);
  EXPECT_EQ(j["state"], "Completed");
  EXPECT_EQ(j["progress"], 100);
  EXPECT_EQ(j["importedRows"], 7);
  EXPECT_EQ(j["details"].size(), 2u);
  const std::string id = j["jobId"];

  CliRun s = cli({"import-status", id, "--json"});
  ASSERT_EQ(s.exit_code, 0) << describe(s);
  EXPECT_EQ(parse(s)["jobId"], id);
  CliRun l = cli({"import-list", "quick_setup", "--json"});
  ASSERT_EQ(l.exit_code, 0) << describe(l);
  bool listed = false;
  const json list = parse(l);
  for (const auto& job : list["jobs"]) listed = listed || job["jobId"].get<std::string>() == id;
  EXPECT_TRUE(listed) << l.out;
  CliRun human = cli({"import-status", id});
  EXPECT_EQ(human.exit_code, 0);
  EXPECT_NE(human.out.find("state:       Completed"), std::string::npos) << human.out;
}

TEST_F(Cli, RefreshWaitJsonKeepsTheIdExact) {
  start(20);
  CliRun r = cli({"--json", "refresh", "books_ext", "--wait"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const json j = parse(r);
  EXPECT_EQ(j["state"], "RefreshCompleted");
  const int64_t id = j["jobId"].get<int64_t>();
  EXPECT_GT(id, int64_t{1} << 53) << "ids above 2^53 printed exactly";
  CliRun s = cli({"refresh-status", std::to_string(id), "--json"});
  ASSERT_EQ(s.exit_code, 0) << describe(s);
  EXPECT_EQ(parse(s)["jobId"].get<int64_t>(), id);
  CliRun l = cli({"refresh-list", "--json"});
  ASSERT_EQ(l.exit_code, 0) << describe(l);
  EXPECT_EQ(parse(l)["jobs"][0]["jobId"].get<int64_t>(), id);
  CliRun table = cli({"refresh-list"});
  EXPECT_NE(table.out.find(std::to_string(id)), std::string::npos) << table.out;
}

TEST_F(Cli, FailedJobExitsOneWithTheReason) {
  CliRun r = cli({"import", "quick_setup", "import/broken.json", "--wait", "--json"});
  EXPECT_EQ(r.exit_code, 1) << describe(r);
  const json j = parse(r);
  EXPECT_EQ(j["error"]["status"], "MJ_EJOB_FAILED");
  EXPECT_EQ(j["job"]["state"], "Failed");
  EXPECT_NE(j["error"]["message"].get<std::string>().find(j["job"]["reason"].get<std::string>()), std::string::npos);
  CliRun human = cli({"refresh", "gone_ext", "--wait", "--no-progress"});
  EXPECT_EQ(human.exit_code, 1) << describe(human);
  EXPECT_NE(human.err.find("MJ_EJOB_FAILED"), std::string::npos) << human.err;
}

TEST_F(Cli, ExitCodesTellTheFailureKinds) {
  CliRun nf = cli({"import-status", "12345", "--json"});
  EXPECT_EQ(nf.exit_code, 4) << describe(nf);
  EXPECT_EQ(parse(nf)["error"]["status"], "MJ_ENOT_FOUND");

  int port;
  {
    SilentServer probe;
    port = probe.port();
  }
  CliRun conn = run_cli({"import-list", "--uri", "http://127.0.0.1:" + std::to_string(port)});
  EXPECT_EQ(conn.exit_code, 8) << describe(conn);
  EXPECT_NE(conn.err.find("MJ_ETRANSPORT"), std::string::npos) << conn.err;

  const std::string seeded = std::to_string(admin_seed_imports(server->port(), 1));
  CliRun timeout = cli({"import-status", seeded, "--wait", "--wait-timeout-ms", "300", "--no-progress"});
  EXPECT_EQ(timeout.exit_code, 6) << describe(timeout);

  CliRun invalid = cli({"import-commit", seeded});
  EXPECT_EQ(invalid.exit_code, 3) << "commit of a job that is not Uncommitted: " << describe(invalid);

  CliRun bad_uri = cli({"import-list", "--uri", "ftp://x"});
  EXPECT_EQ(bad_uri.exit_code, 3) << describe(bad_uri);

  start(300);  // slow refreshes: the second one finds the first running
  ASSERT_EQ(cli({"refresh", "books_ext"}).exit_code, 0);
  CliRun dup = cli({"refresh", "books_ext", "--json"});
  EXPECT_EQ(dup.exit_code, 10) << describe(dup);
  EXPECT_EQ(parse(dup)["error"]["status"], "MJ_EDUPLICATE_JOB");
}

TEST_F(Cli, WrongTokenExitsSeven) {
  start(0, "root:Milvus");
  RunOptions o;
  o.env["MILVUS_TOKEN"] = "root:wrong";
  CliRun r = cli({"import-list"}, o);
  EXPECT_EQ(r.exit_code, 7) << describe(r);
  CliRun ok = cli({"import-list", "--token", "root:Milvus"});
  EXPECT_EQ(ok.exit_code, 0) << describe(ok);
}

TEST_F(Cli, TwoPhaseImportWithCommitAndAbort) {
  start(20);
  CliRun r = cli({"import", "quick_setup", "import/rows.json", "--option", "auto_commit=false", "--wait", "--json"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const json j = parse(r);
  EXPECT_EQ(j["state"], "Uncommitted");
  const std::string id = j["jobId"];
  CliRun c = cli({"import-commit", id, "--wait", "--json"});
  ASSERT_EQ(c.exit_code, 0) << describe(c);
  EXPECT_EQ(parse(c)["state"], "Completed");

  CliRun second = cli({"import", "quick_setup", "import/rows.csv", "--option=auto_commit=false", "--json"});
  ASSERT_EQ(second.exit_code, 0) << describe(second);
  const std::string id2 = parse(second)["jobId"];
  CliRun a = cli({"import-abort", id2, "--json"});
  ASSERT_EQ(a.exit_code, 0) << describe(a);
  EXPECT_EQ(parse(a)["aborted"], true);
  EXPECT_EQ(parse(cli({"import-status", id2, "--json"}))["state"], "Failed");
}

TEST_F(Cli, ProgressBarOnATerminalPlainLinesOtherwise) {
  start(120);
  RunOptions tty;
  tty.pty = true;
  CliRun bar = run_cli(
      {"import", "quick_setup", "import/rows.json", "import/rows_wrapped.json", "import/rows.csv", "--wait"}, env(tty));
  ASSERT_EQ(bar.exit_code, 0) << describe(bar);
  EXPECT_NE(bar.out.find("\r\033[K"), std::string::npos) << "the bar is redrawn in place: " << bar.out;
  EXPECT_NE(bar.out.find("[##############################] 100% Completed"), std::string::npos) << bar.out;
  EXPECT_NE(bar.out.find("#----"), std::string::npos) << "a partly filled bar was shown: " << bar.out;

  CliRun plain = cli({"import", "quick_setup", "import/rows.json", "import/rows.csv", "--wait"});
  ASSERT_EQ(plain.exit_code, 0) << describe(plain);
  EXPECT_EQ(plain.out.find('\r'), std::string::npos) << plain.out;
  EXPECT_EQ(plain.out.find('\033'), std::string::npos) << plain.out;
  EXPECT_NE(plain.out.find(": Completed 100%"), std::string::npos) << plain.out;
  EXPECT_NE(plain.out.find(": Importing "), std::string::npos) << "progress lines while it ran: " << plain.out;

  CliRun json_out = cli({"import", "quick_setup", "import/rows.json", "--wait", "--json"});
  ASSERT_EQ(json_out.exit_code, 0);
  EXPECT_FALSE(json::parse(json_out.out, nullptr, false).is_discarded()) << "no progress mixed into --json";
}

TEST_F(Cli, CtrlCStopsAWaitPromptly) {
  const std::string seeded = std::to_string(admin_seed_imports(server->port(), 1));
  RunOptions o;
  o.sigint_after_ms = 500;
  CliRun r = cli({"import-status", seeded, "--wait", "--no-progress"}, o);
  EXPECT_EQ(r.exit_code, 130) << describe(r);
  EXPECT_LT(r.ms, 1500) << "returned " << r.ms << " ms after start (SIGINT at 500 ms)";
  EXPECT_NE(r.err.find("MJ_ECANCELLED"), std::string::npos) << r.err;
}

TEST_F(Cli, VerboseLogsEachRequestAndStatsCountThem) {
  start(0, "root:Milvus-cli-5ecret");
  CliRun r = cli({"import-list", "-vv", "--stats", "--token", "root:Milvus-cli-5ecret"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_NE(r.err.find("milvus-jobs: info: list_import_jobs /v2/vectordb/jobs/import/list attempt 1: HTTP 200"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("milvus-jobs: debug: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("stats: requests 1, attempts 1, retries 0"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("MJ_OK 1"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Milvus-cli-5ecret"), std::string::npos) << r.err;
  CliRun quiet = cli({"import-list", "--token", "root:Milvus-cli-5ecret"});
  EXPECT_EQ(quiet.err, "") << "no -v, no --stats: nothing on stderr";
}

}  // namespace
}  // namespace mjtest
