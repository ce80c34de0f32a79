// Zilliz Cloud checks of the jobs layer: targets, import sources and
// credentials, page arguments, the page walk, and secret scrubbing.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "jobs/cloud.hpp"
#include "jobs/pages.hpp"
#include "jobs/validate.hpp"
#include "test_support.hpp"

namespace mj::jobs {
namespace {

using protocol::CloudTarget;
using protocol::ImportJob;
using protocol::ImportJobPage;
using protocol::ImportRequest;
using test::error_of;

void expect_invalid(const std::function<void()>& fn, const std::string& needle) {
  auto info = error_of(fn);
  ASSERT_TRUE(info) << needle;
  EXPECT_EQ(info->category, Category::invalid_argument);
  EXPECT_NE(info->message.find(needle), std::string::npos) << info->message;
}

TEST(CloudTargetCheck, ExactlyOneForm) {
  check_cloud_target(CloudTarget{"inxx-1", "", ""});
  check_cloud_target(CloudTarget{"", "proj-1", "aws-us-west-2"});
  expect_invalid([] { check_cloud_target(CloudTarget{"inxx-1", "proj-1", "r"}); }, "not both");
  expect_invalid([] { check_cloud_target(CloudTarget{"inxx-1", "", "r"}); }, "not both");
  expect_invalid([] { check_cloud_target(CloudTarget{}); }, "needs a target");
  expect_invalid([] { check_cloud_target(CloudTarget{"", "proj-1", ""}); }, "needs cloud_region_id");
  expect_invalid([] { check_cloud_target(CloudTarget{"", "", "r"}); }, "needs cloud_project_id");
  expect_invalid([] { check_no_cloud_target(CloudTarget{"inxx-1", "", ""}); }, "MJ_DEPLOYMENT_ZILLIZ_CLOUD");
  check_no_cloud_target(CloudTarget{});
}

ImportRequest urls(std::vector<std::vector<std::string>> files) {
  ImportRequest r;
  r.collection_name = "c";
  r.files = std::move(files);
  return r;
}

TEST(CloudImportCheck, SourcesAndCredentials) {
  check_cloud_import_request(urls({{"s3://b/a.parquet"}, {"gs://b/dir/"}, {"https://acct.blob.core.windows.net/c/x"}}));
  expect_invalid([] { check_cloud_import_request(urls({{"b/a.parquet"}})); }, "files[0] is not an object URL");
  expect_invalid([] { check_cloud_import_request(urls({{"s3://b/a"}, {"s3:///a"}})); }, "files[1]");
  ImportRequest r = urls({{"s3://b/a"}});
  r.access_key = "AKIASECRETLOOKING";
  expect_invalid([&] { check_cloud_import_request(r); }, "without secret_key");
  r.access_key.clear();
  r.secret_key = "SK";
  expect_invalid([&] { check_cloud_import_request(r); }, "without access_key");
  r.secret_key.clear();
  r.session_token = "T";
  expect_invalid([&] { check_cloud_import_request(r); }, "session_token");
  r.access_key = "AK";
  r.secret_key = "SK";
  check_cloud_import_request(r);
  r.volume_name = "vol";
  r.files = {{"a/1.parquet"}};
  expect_invalid([&] { check_cloud_import_request(r); }, "not to a Zilliz Cloud volume");
  r.access_key = r.secret_key = r.session_token = "";
  check_cloud_import_request(r);
  r.files = {{"s3://b/a"}};
  expect_invalid([&] { check_cloud_import_request(r); }, "paths inside the volume");
  expect_invalid([&] { check_no_cloud_import_fields(r); }, "for Zilliz Cloud imports");
  for (const auto* secret : {"AKIASECRETLOOKING"}) {
    ImportRequest s = urls({{"s3://b/a"}});
    s.access_key = secret;
    auto info = error_of([&] { check_cloud_import_request(s); });
    ASSERT_TRUE(info);
    EXPECT_EQ(info->message.find(secret), std::string::npos) << info->message;
  }
}

TEST(CloudPages, DefaultsAndBounds) {
  EXPECT_EQ(checked_page(0, 0).page_size, 10);
  EXPECT_EQ(checked_page(0, 0).current_page, 1);
  EXPECT_EQ(checked_page(100, 7).page_size, 100);
  EXPECT_EQ(checked_page(100, 7).current_page, 7);
  expect_invalid([] { checked_page(101, 1); }, "1 to 100");
  expect_invalid([] { checked_page(-1, 1); }, "1 to 100");
  expect_invalid([] { checked_page(10, -1); }, "numbered from 1");
}

ImportJob job(const std::string& id) {
  ImportJob j;
  j.job_id = id;
  return j;
}

TEST(CloudPages, WalkStopsAtTheCountDropsRepeatsAndKeepsOneDeadline) {
  std::vector<int64_t> asked;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  const ImportJobPage all = walk_pages(
      [&](int64_t size, int64_t page, int64_t remaining_ms) {
        EXPECT_EQ(size, 100);
        EXPECT_GT(remaining_ms, 0);
        EXPECT_LE(remaining_ms, 10000);
        asked.push_back(page);
        ImportJobPage p;
        p.total_count = 250;
        p.page_size = 100;
        p.current_page = page;
        const int first = static_cast<int>((page - 1) * 100) - (page == 2 ? 1 : 0);  // page 2 repeats one job
        for (int i = first; i < first + 100 && i < 250; ++i) p.jobs.push_back(job("job-" + std::to_string(i)));
        return p;
      },
      deadline);
  EXPECT_EQ(asked, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(all.jobs.size(), 250u - 1u) << "page 2 repeated job 99 (dropped) and so never sent job 199";
  EXPECT_EQ(all.total_count, static_cast<int64_t>(all.jobs.size()));

  int calls = 0;
  const ImportJobPage stops = walk_pages(
      [&](int64_t, int64_t, int64_t) {
        ++calls;
        ImportJobPage p;
        p.total_count = 1000;  // the server claims more than it gives
        return p;
      },
      deadline);
  EXPECT_EQ(calls, 1) << "an empty page ends the walk";
  EXPECT_TRUE(stops.jobs.empty());

  calls = 0;
  const ImportJobPage no_count = walk_pages(
      [&](int64_t, int64_t page, int64_t) {
        ++calls;
        ImportJobPage p;  // no count, no page size: read until a short page
        const int n = page < 3 ? 100 : 7;
        for (int i = 0; i < n; ++i) p.jobs.push_back(job(std::to_string(page) + "-" + std::to_string(i)));
        return p;
      },
      deadline);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(no_count.jobs.size(), 207u);

  calls = 0;
  walk_pages(
      [&](int64_t, int64_t, int64_t) {
        ++calls;
        ImportJobPage p;  // ignores currentPage: the same page every time
        p.total_count = 1000000000;
        p.page_size = 100;
        for (int i = 0; i < 100; ++i) p.jobs.push_back(job(std::to_string(i)));
        return p;
      },
      deadline);
  EXPECT_EQ(calls, 2) << "a page of nothing but repeats ends the walk";

  auto info = error_of([&] {
    walk_pages([&](int64_t, int64_t, int64_t) { return ImportJobPage{}; },
               std::chrono::steady_clock::now() - std::chrono::milliseconds(1));
  });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::timeout);
}

TEST(ProjectEndpoint, FillsTheTemplateFromTheTarget) {
  const CloudTarget t{"", "proj-abc123", "aws-us-west-2"};
  EXPECT_EQ(project_endpoint_url(kDefaultProjectEndpoint, t), "https://proj-abc123.aws-us-west-2.api.zillizcloud.com");
  EXPECT_EQ(project_endpoint_url("https://{project-id}.{region}.api.example.cn/", t),
            "https://proj-abc123.aws-us-west-2.api.example.cn");
  EXPECT_EQ(project_endpoint_url("http://127.0.0.1:8080/prefix//", t), "http://127.0.0.1:8080/prefix");
}

TEST(ProjectEndpoint, RefusesWhatIsNotAnAddress) {
  const CloudTarget t{"", "proj-abc123", "aws-us-west-2"};
  expect_invalid([&] { project_endpoint_url("https://{projectid}.x", t); }, "unknown placeholder {projectid}");
  expect_invalid([&] { project_endpoint_url("https://{project_id.x", t); }, "without '}'");
  expect_invalid([&] { project_endpoint_url("{project_id}.x", t); }, "not an http:// or https:// address");
  expect_invalid([&] { project_endpoint_url("https:///x", t); }, "no host");
  expect_invalid([&] { project_endpoint_url("https://u:p@{project_id}.x", t); }, "credentials");
  expect_invalid([&] { project_endpoint_url("https://{project_id}.x/?a=b", t); }, "query");
  expect_invalid([&] { project_endpoint_url("https://{project_id}.x\r\nHost: y", t); }, "control characters");
  expect_invalid([&] { project_endpoint_url(kDefaultProjectEndpoint, CloudTarget{"", "proj-a/b", "r"}); }, "host name");
  expect_invalid(
      [&] {
        project_endpoint_url(kDefaultProjectEndpoint, CloudTarget{"", "proj-a", "aws us"});
      },
      "region id");
}

TEST(ProjectEndpoint, RefreshGoesThereOnlyForAProjectTarget) {
  auto project = make_cloud_dialect(CloudTarget{"", "proj-1", "aws-us-west-2"}, "");
  EXPECT_EQ(project->refresh_base_url(), "https://proj-1.aws-us-west-2.api.zillizcloud.com");
  EXPECT_NO_THROW(project->check_refresh_supported("refresh"));
  auto cluster = make_cloud_dialect(CloudTarget{"inxx-1", "", ""}, "");
  EXPECT_EQ(cluster->refresh_base_url(), "");
  auto info = error_of([&] { cluster->check_refresh_supported("refresh_external_collection"); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::unsupported);
  EXPECT_EQ(info->hint, Hint::set_cloud_project);
  EXPECT_EQ(info->message.find("cloud_"), std::string::npos) << info->message;
  expect_invalid([] { make_cloud_dialect(CloudTarget{"inxx-1", "", ""}, "http://127.0.0.1:1"); }, "cluster id");
  expect_invalid([] { make_dialect(Deployment::milvus, CloudTarget{}, "http://127.0.0.1:1"); }, "Milvus client");
}

TEST(Scrub, ReplacesEverySecretInBothMessages) {
  ErrorInfo info;
  info.message = "server code 80000: bad key AKIA1 and AKIA1 again, secret SK/1";
  info.server_message = "AccessKeyId: AKIA1";
  scrub_secrets(info, {"AKIA1", "SK/1", ""});
  EXPECT_EQ(info.message, "server code 80000: bad key *** and *** again, secret ***");
  EXPECT_EQ(info.server_message, "AccessKeyId: ***");
}

}  // namespace
}  // namespace mj::jobs
