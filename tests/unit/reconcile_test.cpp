// The file comparison reconciliation relies on (src/jobs/reconcile.cpp): how
// Milvus and Zilliz Cloud report the files of an import job, against the
// request's file groups.
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "jobs/client.hpp"
#include "jobs/dialect.hpp"

namespace mj::jobs {
namespace {

protocol::ImportJob job_with(std::vector<std::string> names, std::string top = "") {
  protocol::ImportJob job;
  for (auto& n : names) {
    protocol::ImportFile f;
    f.file_name = std::move(n);
    job.details.push_back(std::move(f));
  }
  job.file_name = std::move(top);
  return job;
}

protocol::ImportRequest request(std::vector<std::vector<std::string>> files) {
  protocol::ImportRequest r;
  r.collection_name = "c";
  r.files = std::move(files);
  return r;
}

TEST(MilvusFiles, OneDetailPerGroupPrintedAsAGoSlice) {
  const auto r = request({{"a.parquet"}, {"x/a.npy", "x/b.npy"}});
  EXPECT_EQ(match_milvus_import_files(job_with({"[x/a.npy x/b.npy]", "[a.parquet]"}), r), FileMatch::same);
  EXPECT_EQ(match_milvus_import_files(job_with({"[a.parquet]"}), r), FileMatch::unknown);  // tasks not all made yet
  EXPECT_EQ(match_milvus_import_files(job_with({}), r), FileMatch::unknown);               // before pre-import
  EXPECT_EQ(match_milvus_import_files(job_with({"[b.parquet]"}), r), FileMatch::different);
  EXPECT_EQ(match_milvus_import_files(job_with({"[x/a.npy]", "[x/b.npy]", "[a.parquet]"}), r), FileMatch::different);
  EXPECT_EQ(match_milvus_import_files(job_with({"a.parquet"}), request({{"a.parquet"}})), FileMatch::different);
  // The same file twice is two groups, and needs two details.
  const auto twice = request({{"a.parquet"}, {"a.parquet"}});
  EXPECT_EQ(match_milvus_import_files(job_with({"[a.parquet]"}), twice), FileMatch::unknown);
  EXPECT_EQ(match_milvus_import_files(job_with({"[a.parquet]", "[a.parquet]"}), twice), FileMatch::same);
  EXPECT_EQ(match_milvus_import_files(job_with({"[a.parquet]", "[a.parquet]"}), request({{"a.parquet"}})),
            FileMatch::different);
}

TEST(CloudFiles, DetailsNameTheUrlsTheirPathsOrTheFilesOfAFolder) {
  const auto r = request({{"s3://bucket/dir/a.parquet"}});
  EXPECT_EQ(match_cloud_import_files(job_with({"s3://bucket/dir/a.parquet"}), r), FileMatch::same);
  EXPECT_EQ(match_cloud_import_files(job_with({"dir/a.parquet"}), r), FileMatch::same);
  EXPECT_EQ(match_cloud_import_files(job_with({"dir/b.parquet"}), r), FileMatch::different);
  const auto group = request({{"s3://b/x/a.npy", "s3://b/x/b.npy"}});
  EXPECT_EQ(match_cloud_import_files(job_with({"s3://b/x/a.npy,s3://b/x/b.npy"}), group), FileMatch::same);
  EXPECT_EQ(match_cloud_import_files(job_with({"x/a.npy,x/b.npy"}), group), FileMatch::same);
  const auto folder = request({{"s3://b/folder/"}});
  EXPECT_EQ(match_cloud_import_files(job_with({"s3://b/folder/a.json", "s3://b/folder/b.jsonl"}), folder),
            FileMatch::same);
  EXPECT_EQ(match_cloud_import_files(job_with({"s3://b/other/a.json"}), folder), FileMatch::different);
  // Volume data paths.
  EXPECT_EQ(match_cloud_import_files(job_with({"x/rows.json"}), request({{"x/rows.json"}})), FileMatch::same);
}

TEST(CloudFiles, OnlyTheTopLevelFileNameDecidesForOneFileAndTellsOthersApart) {
  EXPECT_EQ(match_cloud_import_files(job_with({}, "s3://b/a.json"), request({{"s3://b/a.json"}})), FileMatch::same);
  EXPECT_EQ(match_cloud_import_files(job_with({}, "a.json"), request({{"s3://b/a.json"}})), FileMatch::same);
  EXPECT_EQ(match_cloud_import_files(job_with({}, "s3://b/a.json"), request({{"s3://b/a.json"}, {"s3://b/c.json"}})),
            FileMatch::unknown);
  EXPECT_EQ(match_cloud_import_files(job_with({}, "s3://b/z.json"), request({{"s3://b/a.json"}})),
            FileMatch::different);
  EXPECT_EQ(match_cloud_import_files(job_with({}), request({{"s3://b/a.json"}})), FileMatch::unknown);
}

TEST(AmbiguousFailure, OnlyAnswersLostAfterTheRequestMayHaveLeft) {
  ErrorInfo info;
  for (Category c : {Category::timeout, Category::transport, Category::protocol}) {
    info.category = c;
    info.never_sent = false;
    EXPECT_TRUE(is_ambiguous_create_failure(info));
    info.never_sent = true;
    EXPECT_FALSE(is_ambiguous_create_failure(info));
  }
  info.never_sent = false;
  for (Category c : {Category::cancelled, Category::server, Category::invalid_argument, Category::rate_limited,
                     Category::unsupported, Category::duplicate_job}) {
    info.category = c;
    EXPECT_FALSE(is_ambiguous_create_failure(info));
  }
}

}  // namespace
}  // namespace mj::jobs
