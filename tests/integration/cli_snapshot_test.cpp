// The milvus-jobs snapshot commands run as a process against the dev server:
// export, restore --wait (progress lines, --json), a failed restore (exit 1
// with the reason), status and list keeping ids above 2^53 exact.
#include <gtest/gtest.h>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "world.hpp"

namespace mjtest {
namespace {

using nlohmann::json;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string describe(const CliRun& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout: " + r.out + "\nstderr: " + r.err;
}

// Runs the CLI with MILVUS_URI set, stdout and stderr through pipes.
CliRun run(const std::string& uri, std::vector<std::string> args) {
  args.insert(args.begin(), MJ_CLI_PATH);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork");
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    close(out[0]);
    close(err[0]);
    close(out[1]);
    close(err[1]);
    setenv("MILVUS_URI", uri.c_str(), 1);
    unsetenv("MILVUS_TOKEN");
    unsetenv("MILVUS_DB_NAME");
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  CliRun r;
  int fds[2] = {out[0], err[0]};
  while (fds[0] >= 0 || fds[1] >= 0) {
    pollfd p[2];
    nfds_t n = 0;
    for (int fd : fds)
      if (fd >= 0) p[n++] = {fd, POLLIN, 0};
    if (poll(p, n, 30000) <= 0) break;
    for (nfds_t i = 0; i < n; ++i) {
      if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[4096];
      const ssize_t got = read(p[i].fd, buf, sizeof buf);
      std::string& into = p[i].fd == fds[0] ? r.out : r.err;
      if (got > 0) {
        into.append(buf, static_cast<size_t>(got));
      } else {
        close(p[i].fd);
        (p[i].fd == fds[0] ? fds[0] : fds[1]) = -1;
      }
    }
  }
  for (int fd : fds)
    if (fd >= 0) close(fd);
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

class CliSnapshot : public World {
 protected:
  CliRun cli(std::vector<std::string> args) { return run(server->uri(), std::move(args)); }
  static json parse(const CliRun& r) {
    json j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << describe(r);
    return j;
  }
};

TEST_F(CliSnapshot, ExportThenRestoreWithWaitCompletes) {
  start(60);
  CliRun e = cli({"snapshot-export", "books_ext", "cli_s1", "s3://bucket/exports"});
  ASSERT_EQ(e.exit_code, 0) << describe(e);
  EXPECT_EQ(e.out, "s3://bucket/exports/cli_s1/metadata.json\n");

  CliRun r = cli(
      {"snapshot-restore", "books_cli", "s3://bucket/exports/cli_s1/metadata.json", "--wait", "--interval-ms", "10"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_NE(r.out.find("started for books_cli"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("RestoreSnapshotExecuting"), std::string::npos) << "progress lines through a pipe: " << r.out;
  EXPECT_NE(r.out.find("RestoreSnapshotCompleted 100%"), std::string::npos) << r.out;

  CliRun j = cli({"--json", "snapshot-export", "books_ext", "cli_s2", "s3://bucket/exports"});
  ASSERT_EQ(j.exit_code, 0) << describe(j);
  EXPECT_EQ(parse(j)["snapshotMetadataURI"], "s3://bucket/exports/cli_s2/metadata.json");
  CliRun w = cli({"--json", "snapshot-restore", "books_cli2", "s3://bucket/exports/cli_s2/metadata.json", "--wait"});
  ASSERT_EQ(w.exit_code, 0) << describe(w);
  const json job = parse(w);
  EXPECT_EQ(job["state"], "RestoreSnapshotCompleted");
  EXPECT_EQ(job["snapshotName"], "cli_s2");
  const int64_t id = job["jobId"].get<int64_t>();
  EXPECT_GT(id, int64_t{1} << 53) << "ids above 2^53 printed exactly";

  CliRun s = cli({"--json", "snapshot-status", std::to_string(id)});
  ASSERT_EQ(s.exit_code, 0) << describe(s);
  EXPECT_EQ(parse(s)["jobId"].get<int64_t>(), id);
  CliRun human = cli({"snapshot-status", std::to_string(id)});
  ASSERT_EQ(human.exit_code, 0) << describe(human);
  EXPECT_NE(human.out.find("job id:          " + std::to_string(id)), std::string::npos) << human.out;

  CliRun l = cli({"--json", "snapshot-list"});
  ASSERT_EQ(l.exit_code, 0) << describe(l);
  EXPECT_EQ(parse(l)["jobs"][0]["jobId"].get<int64_t>(), id) << "newest first";
  CliRun table = cli({"snapshot-list", "books_cli2"});
  ASSERT_EQ(table.exit_code, 0) << describe(table);
  EXPECT_NE(table.out.find(std::to_string(id)), std::string::npos) << table.out;
}

TEST_F(CliSnapshot, FailedRestoreExitsOneWithTheReason) {
  CliRun r = cli({"--json", "snapshot-restore", "books_x", "s3://bucket/exports/missing/metadata.json", "--wait"});
  EXPECT_EQ(r.exit_code, 1) << describe(r);
  const json j = parse(r);
  EXPECT_EQ(j["error"]["status"], "MJ_EJOB_FAILED");
  EXPECT_EQ(j["job"]["state"], "RestoreSnapshotFailed");
  EXPECT_NE(j["job"]["reason"].get<std::string>().find("not found"), std::string::npos) << r.out;

  dir.write("data/bucket/exports/bad/metadata.json", "not json");
  CliRun human =
      cli({"snapshot-restore", "books_y", "s3://bucket/exports/bad/metadata.json", "--wait", "--no-progress"});
  EXPECT_EQ(human.exit_code, 1) << describe(human);
  EXPECT_NE(human.err.find("MJ_EJOB_FAILED"), std::string::npos) << human.err;
  EXPECT_NE(human.err.find("is corrupt"), std::string::npos) << human.err;

  // An existing target is refused by the server at once: exit 3 (invalid argument).
  CliRun e = cli({"snapshot-export", "quick_setup", "plain", "s3://bucket/exports"});
  ASSERT_EQ(e.exit_code, 0) << describe(e);
  CliRun exists = cli({"snapshot-restore", "quick_setup", "s3://bucket/exports/plain/metadata.json"});
  EXPECT_EQ(exists.exit_code, 3) << describe(exists);
  EXPECT_NE(exists.err.find("already exists"), std::string::npos) << exists.err;
}

TEST_F(CliSnapshot, UsageAndNotFound) {
  CliRun u = cli({"snapshot-export", "books_ext"});
  EXPECT_EQ(u.exit_code, 2) << describe(u);
  CliRun bad = cli({"snapshot-status", "abc"});
  EXPECT_EQ(bad.exit_code, 2) << describe(bad);
  CliRun nf = cli({"snapshot-status", "450000000000000001"});
  EXPECT_EQ(nf.exit_code, 4) << describe(nf);
  CliRun help = cli({"snapshot-restore", "--help"});
  EXPECT_EQ(help.exit_code, 0) << describe(help);
  EXPECT_NE(help.out.find("--wait"), std::string::npos) << help.out;
}

}  // namespace
}  // namespace mjtest
