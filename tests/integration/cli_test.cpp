// The milvus-jobs command line driven as a user would: a real process against
// the dev server, its exit codes, its --json output parsed, its progress bar
// read from a pseudo-terminal, plain lines through a pipe, Ctrl-C.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_fixture.hpp"
#include "faults.hpp"

namespace mjtest {
namespace {

using nlohmann::json;

TEST_F(Cli, HelpForTheToolAndEveryCommand) {
  CliRun top = cli({"--help"});
  EXPECT_EQ(top.exit_code, 0) << describe(top);
  for (const char* cmd : {"refresh", "refresh-status", "refresh-list", "import", "import-status", "import-list",
                          "import-commit", "import-abort", "watch"}) {
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

TEST_F(Cli, NewFlagsRefuseWhereTheyDoNotBelong) {
  struct Case {
    std::vector<std::string> args;
    const char* says;
  };
  const std::vector<Case> cases = {
      {{"import-status", "1", "--page", "2"}, "options of import-list"},
      {{"import-list", "--page", "0"}, "--page expects a whole number from 1"},
      {{"import-list", "--page-size", "101"}, "from 1 to 100"},
      {{"import-list", "--page", "2", "--all"}, "not both"},
      {{"import", "quick_setup", "a.json", "--volume", "v"}, "Zilliz Cloud volume"},
      {{"import-list", "--cloud"}, "Zilliz Cloud needs a target"},
      {{"import-list", "--project-id", "proj-1"}, "--project-id needs --region-id"},
      {{"import-list", "--cluster-id", "inxx-1", "--project-id", "proj-1", "--region-id", "r"}, "not both"},
      {{"import-list", "--region-id", "aws-us-west-2"}, "goes with --project-id"},
      {{"import-list", "--collection", "c"}, "options of watch"},
      {{"watch"}, "watch needs jobs"},
      {{"watch", "refresh:abc"}, "a refresh job id is a positive integer"},
      {{"watch", "import:"}, "names no job"},
      {{"watch", "1", "--connections", "0"}, "from 1 to 1024"},
      {{"watch", "1", "--wait"}, "does not take --wait"},
      {{"import", "quick_setup", "a.json", "--secret-key", "s"}, "unknown option"},
  };
  for (const auto& c : cases) {
    CliRun r = cli(c.args);
    EXPECT_EQ(r.exit_code, 2) << describe(r);
    EXPECT_NE(r.err.find(c.says), std::string::npos) << describe(r);
  }
}

TEST_F(Cli, CompletionWordsComeFromTheCommandTable) {
  CliRun commands = cli({"--commands"});
  ASSERT_EQ(commands.exit_code, 0) << describe(commands);
  for (const char* cmd : {"refresh\n", "import-list\n", "watch\n"}) {
    EXPECT_NE(commands.out.find(cmd), std::string::npos) << commands.out;
  }
  CliRun list = cli({"import-list", "--options"});
  ASSERT_EQ(list.exit_code, 0) << describe(list);
  // "--flag=" takes a value.
  for (const char* flag : {"--uri=\n", "--json\n", "--cluster-id=\n", "--page-size=\n", "--all\n", "--cloud\n"}) {
    EXPECT_NE(list.out.find(flag), std::string::npos) << flag << " in " << list.out;
  }
  EXPECT_EQ(list.out.find("--collection"), std::string::npos) << "a flag of watch only: " << list.out;
  CliRun watch = cli({"watch", "--options"});
  EXPECT_NE(watch.out.find("--collection=\n"), std::string::npos) << watch.out;
  EXPECT_NE(watch.out.find("--wait-timeout-ms=\n"), std::string::npos) << watch.out;
  CliRun import = cli({"import", "--options"});
  EXPECT_NE(import.out.find("--wait\n"), std::string::npos) << import.out;
  EXPECT_NE(import.out.find("--option=\n"), std::string::npos) << import.out;
}

TEST_F(Cli, ImportListShowsPagesOnMilvus) {
  start(0);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(cli({"import", "quick_setup", "import/rows.json"}).exit_code, 0);
  }
  // Open-source Milvus does not page: page 1 holds every job, later pages are empty.
  CliRun first = cli({"import-list", "quick_setup", "--json"});
  ASSERT_EQ(first.exit_code, 0) << describe(first);
  const json p1 = parse(first);
  EXPECT_EQ(p1["jobs"].size(), 3u) << first.out;
  EXPECT_EQ(p1["totalCount"], 3);
  EXPECT_EQ(p1["currentPage"], 1);
  CliRun second = cli({"import-list", "quick_setup", "--page", "2", "--page-size", "2", "--json"});
  ASSERT_EQ(second.exit_code, 0) << describe(second);
  EXPECT_EQ(parse(second)["jobs"].size(), 0u) << second.out;
  EXPECT_EQ(parse(second)["totalCount"], 3);
  CliRun all = cli({"import-list", "quick_setup", "--all", "--json"});
  ASSERT_EQ(all.exit_code, 0) << describe(all);
  EXPECT_EQ(parse(all)["jobs"].size(), 3u);
  EXPECT_FALSE(parse(all).contains("currentPage")) << all.out;
  CliRun human = cli({"import-list", "quick_setup"});
  EXPECT_EQ(human.out.find("page 1 of"), std::string::npos) << "one page, no footer: " << human.out;
}

TEST_F(Cli, StorageKeysOnMilvusAreIgnoredWithANote) {
  RunOptions o;
  o.env["MILVUS_STORAGE_ACCESS_KEY"] = "AKIA-NOT-FOR-MILVUS";
  CliRun r = cli({"import", "quick_setup", "import/rows.json", "--wait", "--json"}, o);
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_EQ(parse(r)["state"], "Completed");
  EXPECT_NE(r.err.find("MILVUS_STORAGE_ACCESS_KEY is ignored"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("AKIA-NOT-FOR-MILVUS"), std::string::npos) << "the key itself is never printed";
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

TEST_F(Cli, AnAmbiguousImportExitsElevenNamingTheCandidates) {
  // The first import's answer is lost: the one job with these files is found.
  add_faults(*server, "import/create=drop-after");
  CliRun first = cli({"import", "quick_setup", "import/rows.json", "--json"});
  ASSERT_EQ(first.exit_code, 0) << describe(first);
  const std::string first_id = parse(first)["jobId"].get<std::string>();
  // The same import again, its answer lost too: two recent jobs have these files.
  add_faults(*server, "import/create=drop-after");
  CliRun r = cli({"import", "quick_setup", "import/rows.json", "--json"});
  EXPECT_EQ(r.exit_code, 11) << describe(r);
  const json j = parse(r);
  EXPECT_EQ(j["error"]["status"], "MJ_EAMBIGUOUS");
  ASSERT_TRUE(j["error"]["candidates"].is_array()) << r.out;
  ASSERT_EQ(j["error"]["candidates"].size(), 2u) << r.out;
  EXPECT_TRUE(j["error"]["candidates"][0] == first_id || j["error"]["candidates"][1] == first_id) << r.out;

  add_faults(*server, "import/create=drop-after");
  CliRun human = cli({"import", "quick_setup", "import/rows.json"});
  EXPECT_EQ(human.exit_code, 11) << describe(human);
  EXPECT_NE(human.err.find("MJ_EAMBIGUOUS"), std::string::npos) << human.err;
  EXPECT_NE(human.err.find("candidate job: " + first_id + "\n"), std::string::npos) << human.err;
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

TEST_F(Cli, WaitOnATerminalShowsElapsedRateEtaAndALinePerFile) {
  start(150);
  RunOptions tty;
  tty.pty = true;
  CliRun r =
      cli({"import", "quick_setup", "import/rows.json", "import/rows_wrapped.json", "import/rows.csv", "--wait"}, tty);
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const Screen screen = replay(r.out, tty.rows, tty.cols);
  const std::string text = screen.text();
  EXPECT_GE(screen.redraws, 2) << "the frame was redrawn in place: " << r.out;
  EXPECT_EQ(screen.scrolled, 0) << text;
  EXPECT_EQ(screen.wrapped, 0) << "no line wider than the terminal: " << text;
  EXPECT_NE(text.find("[##############################] 100% Completed rows 9/9"), std::string::npos) << text;
  EXPECT_NE(text.find("elapsed 0:0"), std::string::npos) << text;
  // The final screen: the head line and one line per file, nothing repeated.
  EXPECT_NE(text.find("rows 3/3  [import/rows.json]"), std::string::npos) << text;
  EXPECT_NE(text.find("rows 2/2  [import/rows_wrapped.json]"), std::string::npos) << text;
  EXPECT_NE(text.find("rows 4/4  [import/rows.csv]"), std::string::npos) << text;
  EXPECT_EQ(text.find("Pending"), std::string::npos) << "earlier frames were overwritten: " << text;
  size_t heads = 0;
  for (size_t at = text.find("import 4"); at != std::string::npos; at = text.find("import 4", at + 1)) ++heads;
  EXPECT_EQ(heads, 1u) << text;
  // While it ran: an estimate of the time left, and a file in progress.
  EXPECT_NE(r.out.find("ETA "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("InProgress"), std::string::npos) << r.out;
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
