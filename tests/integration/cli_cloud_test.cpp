// The milvus-jobs command line against the dev server in Zilliz Cloud mode
// (--cloud FILE): targets, the API key, storage keys from the environment
// only, volumes, import-list pages, refresh passed to the library, and watch
// (NDJSON and the table on a pseudo-terminal).
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_process.hpp"
#include "cli_table.hpp"
#include "support.hpp"

namespace mjtest {
namespace {

using nlohmann::json;

constexpr const char* kApiKey = "cloud-key-0123456789";
constexpr const char* kCluster = "inxx-dev0000000000001";
constexpr const char* kProject = "proj-dev000000000001";
constexpr const char* kRegion = "aws-us-west-2";
constexpr const char* kAccessKey = "AKIADEVSERVER0000001";
constexpr const char* kSecretKey = "devserver-secret/0000001";

class CliCloud : public ::testing::Test {
 protected:
  void SetUp() override { start(0); }

  void start(int work_delay_ms) {
    dir.write("data/bucket/books/part1.json", R"([{"id":1},{"id":2},{"id":3}])");
    dir.write("data/bucket/books/part2.csv", "id,title\n1,a\n2,b\n3,c\n4,d\n");
    dir.write("data/bucket/bad/broken.json", R"([{"id":1},)");
    dir.write("data/secure/rows.json", R"([{"id":1}])");
    dir.write("data/volumes/vol1/x/rows.json", R"([{"id":1},{"id":2}])");
    dir.write("config.json", R"({"collections":[{"name":"quick_setup"},{"name":"books"},
      {"name":"books_ext","externalSource":"s3://bucket/books","externalSpec":"{\"format\":\"parquet\"}"}]})");
    dir.write("cloud.json", std::string(R"({"apiKeys":[")") + kApiKey + R"("],"clusters":[")" + kCluster +
                                R"("],"projects":[{"projectId":")" + kProject + R"(","regionId":")" + kRegion +
                                R"("}],"buckets":{"secure":{"accessKey":")" + kAccessKey + R"(","secretKey":")" +
                                kSecretKey + R"("}}})");
    DevServerOptions o;
    o.data_dir = dir.path() + "/data";
    o.config_file = dir.path() + "/config.json";
    o.extra_args = {"--cloud", dir.path() + "/cloud.json"};
    o.work_delay_ms = work_delay_ms;
    server.reset();
    server = std::make_unique<DevServer>(o);
  }

  // The API key and the uri from the environment; the target from flags.
  RunOptions env(RunOptions o = {}) {
    o.env.emplace("MILVUS_URI", server->uri());
    o.env.emplace("MILVUS_TOKEN", kApiKey);
    for (const char* name : {"MILVUS_DB_NAME", "MILVUS_CLOUD", "MILVUS_CLUSTER_ID", "MILVUS_PROJECT_ID",
                             "MILVUS_REGION_ID", "MILVUS_STORAGE_ACCESS_KEY", "MILVUS_STORAGE_SECRET_KEY",
                             "MILVUS_STORAGE_SESSION_TOKEN", "MILVUS_WAIT_TIMEOUT_MS"}) {
      o.env.emplace(name, "");
    }
    return o;
  }
  CliRun cli(std::vector<std::string> args, RunOptions o = {}) {
    args.insert(args.end(), {"--cluster-id", kCluster});
    return run_cli(args, env(std::move(o)));
  }
  static json parse(const CliRun& r) {
    json j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << describe(r);
    return j;
  }

  TempDir dir;
  std::unique_ptr<DevServer> server;
};

TEST_F(CliCloud, ImportStatusAndListPagesWithAClusterId) {
  std::set<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    CliRun r = cli({"import", "books", "s3://bucket/books/part1.json", "--json"});
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const std::string id = parse(r)["jobId"];
    EXPECT_EQ(id.rfind("job-", 0), 0u) << id;
    ids.insert(id);
  }
  CliRun folder = cli({"import", "books", "s3://bucket/books/", "--wait", "--json"});
  ASSERT_EQ(folder.exit_code, 0) << describe(folder);
  const json job = parse(folder);
  EXPECT_EQ(job["state"], "Completed");
  EXPECT_EQ(job["importedRows"], 7);
  EXPECT_EQ(job["details"].size(), 2u) << "a folder: one unit per file";
  ids.insert(job["jobId"].get<std::string>());

  CliRun status = cli({"import-status", job["jobId"]});
  ASSERT_EQ(status.exit_code, 0) << describe(status);
  EXPECT_NE(status.out.find("file s3://bucket/books/part2.csv: Completed 100%, rows 4 of 4"), std::string::npos)
      << status.out;

  // Pages of two: 4 jobs in 2 pages, newest first, none repeated.
  std::set<std::string> paged;
  for (int page = 1; page <= 2; ++page) {
    CliRun l = cli({"import-list", "--page-size", "2", "--page", std::to_string(page), "--json"});
    ASSERT_EQ(l.exit_code, 0) << describe(l);
    const json list = parse(l);
    EXPECT_EQ(list["totalCount"], 4);
    EXPECT_EQ(list["pageSize"], 2);
    EXPECT_EQ(list["currentPage"], page);
    EXPECT_EQ(list["jobs"].size(), 2u) << l.out;
    for (const auto& j : list["jobs"]) paged.insert(j["jobId"].get<std::string>());
  }
  EXPECT_EQ(paged, ids);
  CliRun human = cli({"import-list", "--page-size", "3"});
  ASSERT_EQ(human.exit_code, 0) << describe(human);
  EXPECT_NE(human.out.find("page 1 of 2 (4 jobs): --page 2 for the next page, --all for every page"), std::string::npos)
      << human.out;
  CliRun all = cli({"import-list", "--all", "--json"});
  ASSERT_EQ(all.exit_code, 0) << describe(all);
  EXPECT_EQ(parse(all)["jobs"].size(), 4u) << all.out;
}

TEST_F(CliCloud, StorageKeysComeFromTheEnvironmentOnly) {
  CliRun without = cli({"import", "books", "s3://secure/rows.json"});
  EXPECT_EQ(without.exit_code, 3) << "the bucket needs keys: " << describe(without);
  RunOptions keys;
  keys.env["MILVUS_STORAGE_ACCESS_KEY"] = kAccessKey;
  keys.env["MILVUS_STORAGE_SECRET_KEY"] = kSecretKey;
  CliRun with = cli({"import", "books", "s3://secure/rows.json", "--wait", "--json"}, keys);
  ASSERT_EQ(with.exit_code, 0) << describe(with);
  EXPECT_EQ(parse(with)["state"], "Completed");
  RunOptions wrong;
  wrong.env["MILVUS_STORAGE_ACCESS_KEY"] = kAccessKey;
  wrong.env["MILVUS_STORAGE_SECRET_KEY"] = "not-the-secret/0000001";
  CliRun refused = cli({"import", "books", "s3://secure/rows.json"}, wrong);
  EXPECT_EQ(refused.exit_code, 3) << describe(refused);
  EXPECT_EQ(refused.err.find("not-the-secret"), std::string::npos) << "never a secret in a message: " << refused.err;
  EXPECT_EQ(refused.out.find("not-the-secret"), std::string::npos) << refused.out;
  for (const char* flag : {"--access-key", "--secret-key", "--session-token"}) {
    EXPECT_EQ(cli({"import", "books", "s3://secure/rows.json", flag, "x"}).exit_code, 2) << flag << " is no flag";
  }
}

TEST_F(CliCloud, VolumeWithAProjectAndARegion) {
  CliRun r = run_cli({"import", "books", "x/rows.json", "--volume", "vol1", "--project-id", kProject, "--region-id",
                      kRegion, "--wait", "--json"},
                     env());
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_EQ(parse(r)["state"], "Completed");
  EXPECT_EQ(parse(r)["importedRows"], 2);
  // The same target from the environment, in cloud mode.
  RunOptions o;
  o.env["MILVUS_CLOUD"] = "1";
  o.env["MILVUS_PROJECT_ID"] = kProject;
  o.env["MILVUS_REGION_ID"] = kRegion;
  CliRun status = run_cli({"import-status", parse(r)["jobId"], "--json"}, env(o));
  ASSERT_EQ(status.exit_code, 0) << describe(status);
  EXPECT_EQ(parse(status)["details"][0]["fileName"], "x/rows.json");
  // The cluster's jobs are not the project's.
  CliRun other = cli({"import-status", parse(r)["jobId"]});
  EXPECT_EQ(other.exit_code, 4) << describe(other);
}

TEST_F(CliCloud, RefreshCommandsPrintTheLibrarysAnswer) {
  // A client configured with a cluster id alone has no refresh: the library
  // says so (MJ_EUNSUPPORTED, exit 9), the CLI prints its message.
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"refresh", "books_ext"}, {"refresh-status", "449012345678901234"}, {"refresh-list"}}) {
    CliRun r = cli(args);
    EXPECT_EQ(r.exit_code, 9) << describe(r);
    EXPECT_NE(r.err.find("MJ_EUNSUPPORTED: "), std::string::npos) << r.err;
    CliRun j = cli([&] {
      auto a = args;
      a.push_back("--json");
      return a;
    }());
    EXPECT_EQ(parse(j)["error"]["status"], "MJ_EUNSUPPORTED") << j.out;
  }
}

TEST_F(CliCloud, AProjectClientRefreshesThroughTheProjectEndpointAndImports) {
  // One project target (id, region, API key): the refresh goes to the project
  // endpoint (here the same dev server, which plays both sides in cloud mode),
  // the import to the control plane.
  dir.write("data/volumes/vol1/books/part-0.parquet", std::string(1000, 'p'));
  const std::vector<std::string> target = {"--project-id",       kProject,     "--region-id", kRegion,
                                           "--project-endpoint", server->uri()};
  auto with_target = [&](std::vector<std::string> args) {
    args.insert(args.end(), target.begin(), target.end());
    return args;
  };
  CliRun r = run_cli(with_target({"refresh", "books_ext", "--source", "volume://vol1/books/", "--spec",
                                  R"({"format":"parquet"})", "--wait", "--json"}),
                     env());
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_EQ(parse(r)["state"], "RefreshCompleted") << r.out;
  EXPECT_EQ(parse(r)["externalSource"], "volume://vol1/books/") << r.out;
  const std::string refresh_id = parse(r)["jobId"].dump();
  CliRun status = run_cli(with_target({"refresh-status", refresh_id, "--json"}), env());
  ASSERT_EQ(status.exit_code, 0) << describe(status);
  EXPECT_EQ(parse(status)["jobId"].dump(), refresh_id);
  CliRun list = run_cli(with_target({"refresh-list", "books_ext", "--json"}), env());
  ASSERT_EQ(list.exit_code, 0) << describe(list);
  EXPECT_NE(list.out.find(refresh_id), std::string::npos) << list.out;
  // The endpoint from the environment, and an import on the same target.
  RunOptions o;
  o.env["MILVUS_PROJECT_ENDPOINT"] = server->uri();
  CliRun imp = run_cli({"import", "books", "x/rows.json", "--volume", "vol1", "--project-id", kProject, "--region-id",
                        kRegion, "--wait", "--json"},
                       env(o));
  ASSERT_EQ(imp.exit_code, 0) << describe(imp);
  EXPECT_EQ(parse(imp)["state"], "Completed");
  // Without a project the endpoint is a usage error.
  EXPECT_EQ(cli({"refresh-list", "--project-endpoint", server->uri()}).exit_code, 2);
}

TEST_F(CliCloud, WrongApiKeyExitsSeven) {
  RunOptions o;
  o.env["MILVUS_TOKEN"] = "not-a-key";
  CliRun r = cli({"import-list"}, o);
  EXPECT_EQ(r.exit_code, 7) << describe(r);
  CliRun ok = cli({"import-list", "--token", kApiKey});
  EXPECT_EQ(ok.exit_code, 0) << describe(ok);
}

TEST_F(CliCloud, WatchFollowsCloudImportsAsNdjsonAndOnATerminal) {
  start(40);
  std::string ids;
  for (const char* url : {"s3://bucket/books/part1.json", "s3://bucket/books/", "s3://bucket/bad/broken.json"}) {
    CliRun r = cli({"import", "books", url});
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    ids += r.out;  // "import job job-... started for books"
  }
  RunOptions pipe;
  pipe.stdin_data = ids;
  CliRun r = cli({"watch", "-", "--interval-ms", "100"}, pipe);
  EXPECT_EQ(r.exit_code, 1) << describe(r);
  std::istringstream in(r.out);
  std::string line;
  json summary;
  std::set<std::string> seen;
  while (std::getline(in, line)) {
    json j = json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << line;
    if (j.contains("summary")) {
      summary = j["summary"];
    } else {
      EXPECT_EQ(j["jobId"].get<std::string>().rfind("job-", 0), 0u) << j;
      seen.insert(j["jobId"].get<std::string>());
    }
  }
  EXPECT_EQ(seen.size(), 3u) << r.out;
  EXPECT_EQ(summary["states"]["Completed"], 2) << r.out;
  EXPECT_EQ(summary["states"]["Failed"], 1) << r.out;

  RunOptions tty;
  tty.pty = true;
  tty.stdin_data = ids;
  CliRun t = cli({"watch", "-"}, tty);
  EXPECT_EQ(t.exit_code, 1) << describe(t);
  const Screen screen = replay(t.out, tty.rows, tty.cols);
  const std::string text = screen.text();
  EXPECT_EQ(screen.scrolled, 0) << text;
  EXPECT_EQ(screen.wrapped, 0) << text;
  EXPECT_EQ(screen.lines[0].rfind("watch: 3 jobs, 0 running", 0), 0u) << text;
  EXPECT_NE(screen.lines[2].find("job-"), std::string::npos) << text;
  EXPECT_TRUE(completed_row(screen.lines[2], "3/3")) << text;
  EXPECT_TRUE(completed_row(screen.lines[3], "7/7")) << text;
  EXPECT_TRUE(failed_row(screen.lines[4], "", "failed to read")) << text;
  for (size_t i = 2; i <= 4; ++i) {
    EXPECT_EQ(screen.lines[i].rfind("job-", 0), 0u) << "cloud job ids: " << text;
    EXPECT_EQ(words_of(screen.lines[i])[0].size(), 26u) << text;
  }
  EXPECT_NE(text.find("3 jobs ended in "), std::string::npos) << text;
}

}  // namespace
}  // namespace mjtest
