// `milvus-jobs watch` against the dev server in Milvus mode: jobs from
// arguments, from what `import` printed through a real pipe, from a
// collection; the NDJSON stream; the table redrawn in place on a
// pseudo-terminal (1,000 jobs on one screen); exit codes, Ctrl-C, timeouts.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli_fixture.hpp"
#include "cli_table.hpp"
#include "faults.hpp"

namespace mjtest {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// The NDJSON stream: every line one JSON object.
std::vector<json> lines_of(const CliRun& r) {
  std::vector<json> out;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    json j = json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not a JSON line: \"" << line << "\"\n" << describe(r);
    out.push_back(std::move(j));
  }
  return out;
}

// The last event of each job, by "kind:jobId".
std::map<std::string, json> last_events(const std::vector<json>& lines) {
  std::map<std::string, json> last;
  for (const auto& j : lines) {
    if (j.contains("summary")) continue;
    const std::string id = j["jobId"].is_string() ? j["jobId"].get<std::string>() : j["jobId"].dump();
    last[j["kind"].get<std::string>() + ":" + id] = j;
  }
  return last;
}

using CliWatch = Cli;

TEST_F(CliWatch, FollowsWhatImportAndRefreshPrintThroughAPipe) {
  start(40);
  const std::string c = std::string("'") + MJ_CLI_PATH + "'";
  // The commands' own stdout, unchanged, is what watch reads: plain lines, --json lines.
  CliRun r = run_shell("( " + c + " import quick_setup import/rows.json import/rows.csv; " + c +
                           " import quick_setup import/rows_wrapped.json --json; " + c + " refresh books_ext; " + c +
                           " import quick_setup import/broken.json ) | " + c + " watch -",
                       env());
  EXPECT_EQ(r.exit_code, 1) << "one import failed: " << describe(r);
  const auto lines = lines_of(r);
  ASSERT_FALSE(lines.empty()) << describe(r);
  const json summary = lines.back();
  ASSERT_TRUE(summary.contains("summary")) << describe(r);
  EXPECT_EQ(summary["summary"]["jobs"], 4);
  EXPECT_EQ(summary["summary"]["running"], 0);
  EXPECT_EQ(summary["summary"]["exitCode"], 1);
  EXPECT_EQ(summary["summary"]["states"]["Completed"], 3) << summary;
  EXPECT_EQ(summary["summary"]["states"]["Failed"], 1) << summary;
  const auto last = last_events(lines);
  ASSERT_EQ(last.size(), 4u) << describe(r);
  int refreshes = 0;
  for (const auto& [key, j] : last) {
    EXPECT_EQ(j["done"], true) << j;
    if (j["kind"] == "refresh") {
      ++refreshes;
      EXPECT_TRUE(j["jobId"].is_number_integer()) << "refresh ids are exact numbers: " << j;
      EXPECT_GT(j["jobId"].get<int64_t>(), int64_t{1} << 53) << j;
      EXPECT_EQ(j["state"], "RefreshCompleted") << j;
    } else if (j["state"] == "Failed") {
      EXPECT_EQ(j["status"], "MJ_EJOB_FAILED") << j;
      EXPECT_EQ(j["exitCode"], 1) << j;
      EXPECT_NE(j["reason"].get<std::string>().find("broken.json"), std::string::npos) << j;
    } else {
      EXPECT_EQ(j["state"], "Completed") << j;
      EXPECT_EQ(j["progress"], 100) << j;
      EXPECT_EQ(j["importedRows"], j["totalRows"]) << j;
    }
  }
  EXPECT_EQ(refreshes, 1);
  // Changes only: more than one line for a job that was seen running.
  EXPECT_GT(lines.size(), 5u) << r.out;
}

TEST_F(CliWatch, ExitCodeIsTheWorstOutcome) {
  const std::string good = bulk_import("quick_setup", {"import/rows.json"});
  ASSERT_EQ(status, MJ_OK) << message();
  CliRun ok = cli({"watch", good, "--json"});
  EXPECT_EQ(ok.exit_code, 0) << describe(ok);
  CliRun r = cli({"watch", "import:" + good, "import:123456", "--json"});
  EXPECT_EQ(r.exit_code, 4) << "a job the server does not know: " << describe(r);
  const auto last = last_events(lines_of(r));
  ASSERT_EQ(last.count("import:123456"), 1u) << r.out;
  EXPECT_EQ(last.at("import:123456")["status"], "MJ_ENOT_FOUND");
  EXPECT_EQ(last.at("import:123456")["state"], "NotFound");
  EXPECT_FALSE(last.at("import:123456")["error"]["message"].get<std::string>().empty());
  EXPECT_EQ(last.at("import:" + good)["state"], "Completed");
  // A line of stdin that names no job is reported and makes the run a usage error (2) at worst.
  RunOptions o;
  o.stdin_data = good + "\nthis is not a job\n";
  CliRun bad = cli({"watch", "-"}, o);
  EXPECT_EQ(bad.exit_code, 2) << describe(bad);
  EXPECT_NE(bad.err.find("stdin line 2 (\"this is not a job\") names no job"), std::string::npos) << bad.err;
}

TEST_F(CliWatch, CollectionFollowsEveryUnfinishedJobOfIt) {
  const std::string done = bulk_import("quick_setup", {"import/rows.json"});
  ASSERT_EQ(wait_import(done)->state, MJ_IMPORT_STATE_COMPLETED);
  const int64_t first = admin_seed_imports(server->port(), 5, "Importing", 40);
  std::thread finisher([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    admin_set_imports(server->port(), first, 4, "Completed", 100);
    admin_set_imports(server->port(), first + 4, 1, "Uncommitted", 99);
  });
  CliRun r = cli({"watch", "--collection", "quick_setup", "--interval-ms", "200"});
  finisher.join();
  EXPECT_EQ(r.exit_code, 0) << "Completed and Uncommitted both end a watch well: " << describe(r);
  const auto last = last_events(lines_of(r));
  EXPECT_EQ(last.size(), 5u) << "the seeded jobs, not the completed one: " << r.out;
  EXPECT_EQ(last.count("import:" + done), 0u) << r.out;
  for (int i = 0; i < 5; ++i) {
    const std::string key = "import:" + std::to_string(first + i);
    ASSERT_EQ(last.count(key), 1u) << key << " in " << r.out;
    EXPECT_EQ(last.at(key)["state"], i < 4 ? "Completed" : "Uncommitted") << last.at(key);
  }
  CliRun unknown = cli({"watch", "--collection", "no_such_collection"});
  EXPECT_EQ(unknown.exit_code, 4) << describe(unknown);
}

TEST_F(CliWatch, TransientFailuresAreShownAndTheJobStays) {
  const std::string id = bulk_import("quick_setup", {"import/rows.json"});
  ASSERT_EQ(wait_import(id)->state, MJ_IMPORT_STATE_COMPLETED);
  add_faults(*server, "import/describe=503*2");
  CliRun r = cli({"watch", id, "--interval-ms", "100"});
  EXPECT_EQ(r.exit_code, 0) << describe(r);
  const auto lines = lines_of(r);
  bool retried = false;
  for (const auto& j : lines) {
    if (j.contains("summary") || j["done"] == true) continue;
    retried = retried || (j["status"] == "MJ_ESERVER" && j["reason"].get<std::string>().rfind("retrying: ", 0) == 0);
  }
  EXPECT_TRUE(retried) << r.out;
  EXPECT_EQ(last_events(lines).at("import:" + id)["state"], "Completed") << r.out;
}

TEST_F(CliWatch, CtrlCEndsItAtOnce) {
  const int64_t first = admin_seed_imports(server->port(), 20, "Importing", 10);
  std::vector<std::string> args = {"watch"};
  for (int i = 0; i < 20; ++i) args.push_back(std::to_string(first + i));
  RunOptions o;
  o.sigint_after_ms = 600;
  CliRun r = cli(args, o);
  EXPECT_EQ(r.exit_code, 130) << describe(r);
  EXPECT_LT(r.ms, 1600) << "returned " << r.ms << " ms after start (SIGINT at 600 ms)";
  const auto lines = lines_of(r);
  ASSERT_FALSE(lines.empty()) << describe(r);
  EXPECT_EQ(lines.back()["summary"]["interrupted"], true) << r.out;
  EXPECT_EQ(lines.back()["summary"]["running"], 20) << r.out;

  RunOptions tty = o;
  tty.pty = true;
  CliRun screen = cli(args, tty);
  EXPECT_EQ(screen.exit_code, 130) << describe(screen);
  EXPECT_NE(replay(screen.out, tty.rows, tty.cols).text().find("interrupted after 0:00 with 20 of 20 jobs running"),
            std::string::npos)
      << screen.out;
}

TEST_F(CliWatch, GivesUpAfterTheWaitTimeout) {
  const int64_t first = admin_seed_imports(server->port(), 3, "Importing", 10);
  const std::string id = bulk_import("quick_setup", {"import/rows.json"});
  ASSERT_EQ(wait_import(id)->state, MJ_IMPORT_STATE_COMPLETED);
  CliRun r = cli({"watch", std::to_string(first), std::to_string(first + 1), id, "--wait-timeout-ms", "700",
                  "--interval-ms", "100", "--json"});
  EXPECT_EQ(r.exit_code, 6) << describe(r);
  const auto lines = lines_of(r);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back()["summary"]["timedOut"], true) << r.out;
  EXPECT_EQ(lines.back()["summary"]["running"], 2) << r.out;
  EXPECT_EQ(last_events(lines).at("import:" + id)["state"], "Completed") << r.out;
}

TEST_F(CliWatch, TableOnATerminalIsRedrawnInPlace) {
  start(60);
  std::string ids;
  for (const char* file : {"import/rows.json", "import/rows.csv", "import/broken.json"}) {
    ids += "import job " + bulk_import("quick_setup", {file}) + " started for quick_setup\n";
    ASSERT_EQ(status, MJ_OK) << message();
  }
  RunOptions tty;
  tty.pty = true;
  tty.stdin_data = ids;
  CliRun r = cli({"watch", "-", "--interval-ms", "100"}, tty);
  EXPECT_EQ(r.exit_code, 1) << describe(r);
  const Screen screen = replay(r.out, tty.rows, tty.cols);
  const std::string text = screen.text();
  EXPECT_GE(screen.redraws, 2) << "redrawn in place: " << r.out;
  EXPECT_EQ(screen.scrolled, 0) << text;
  EXPECT_EQ(screen.wrapped, 0) << text;
  ASSERT_GE(screen.lines.size(), 6u);
  EXPECT_EQ(screen.lines[0].rfind("watch: 3 jobs, 0 running, 0:0", 0), 0u) << text;
  EXPECT_NE(screen.lines[0].find("Failed 1, Completed 2"), std::string::npos) << text;
  EXPECT_EQ(screen.lines[1].rfind("JOB ", 0), 0u) << text;
  for (const char* column : {"KIND", "STATE", "ELAPSED", "PROGRESS", "ROWS", "RATE", "REASON"}) {
    EXPECT_NE(screen.lines[1].find(column), std::string::npos) << column << " in " << text;
  }
  EXPECT_TRUE(completed_row(screen.lines[2], "3/3")) << text;
  EXPECT_TRUE(completed_row(screen.lines[3], "4/4")) << text;
  // A failed job's reason takes the progress columns.
  EXPECT_TRUE(failed_row(screen.lines[4], "", "failed to read import file \"import/broken.json\"")) << text;
  EXPECT_EQ(screen.lines[5].rfind("3 jobs ended in 0:0", 0), 0u) << text;
  EXPECT_NE(screen.lines[5].find("Failed 1, Completed 2 (exit 1)"), std::string::npos) << text;
  const bool running_frame = r.out.find("watch: 3 jobs, 3 running") != std::string::npos ||
                             r.out.find("watch: 3 jobs, 2 running") != std::string::npos ||
                             r.out.find("watch: 3 jobs, 1 running") != std::string::npos;
  EXPECT_TRUE(running_frame) << "a frame while they ran: " << r.out;
}

TEST_F(CliWatch, ThousandJobsOnOneScreen) {
  start(10);  // about 10 s of work for the dev server's 4 workers: the jobs run while watched
  constexpr int kJobs = 1000, kFailing = 10;
  const auto t0 = Clock::now();
  std::string ids;
  std::vector<std::string> failing;
  for (int i = 0; i < kJobs; ++i) {
    const bool fails = i % (kJobs / kFailing) == kJobs / kFailing - 1;
    const std::string id = bulk_import("quick_setup", {fails ? "import/broken.json" : "import/rows.json"});
    ASSERT_EQ(status, MJ_OK) << message();
    if (fails) failing.push_back(id);
    ids += id + "\n";
  }
  const auto started_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
  std::cout << "[ measure  ] the dev server started " << kJobs << " imports in " << started_ms << " ms\n";

  RunOptions tty;
  tty.pty = true;
  tty.stdin_data = ids;
  tty.kill_after_ms = 50000;
  CliRun r = cli({"watch", "-", "--connections", "32", "--interval-ms", "500"}, tty);
  std::cout << "[ measure  ] watch followed them to the end in " << r.ms << " ms\n";
  EXPECT_EQ(r.exit_code, 1) << "10 failed: " << r.err;
  const Screen screen = replay(r.out, tty.rows, tty.cols);
  const std::string text = screen.text();
  EXPECT_GE(screen.redraws, 3) << text;
  EXPECT_EQ(screen.scrolled, 0) << "every frame fits the screen, the summary line too: " << text;
  EXPECT_EQ(screen.wrapped, 0) << text;
  EXPECT_NE(text.find("watch: 1,000 jobs, 0 running, "), std::string::npos) << text;
  EXPECT_NE(text.find("|  Failed 10, Completed 990"), std::string::npos) << text;
  // The failed jobs come first among the ended ones: all ten are on the final screen.
  for (const auto& id : failing) {
    bool shown = false;
    for (const auto& line : screen.lines) shown = shown || failed_row(line, id, "failed to read import file");
    EXPECT_TRUE(shown) << id << " on\n" << text;
  }
  EXPECT_NE(text.find("... 975 more not shown: Completed 975"), std::string::npos) << text;
  EXPECT_EQ(screen.lines[29], "") << "the last row stays free: " << text;
  EXPECT_NE(text.find("1000 jobs ended in "), std::string::npos) << text;
  EXPECT_NE(text.find("Failed 10, Completed 990 (exit 1)"), std::string::npos) << text;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count(), 55000);
}

}  // namespace
}  // namespace mjtest
