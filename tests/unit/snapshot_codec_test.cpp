// The snapshot routes' codec: bodies as the server binds them (describe takes
// the id as a decimal string), exact ids above 2^53, the state names, and the
// failures only these routes have (404 naming the Milvus needed, code 10).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "protocol/reply_error.hpp"
#include "protocol/snapshot_codec.hpp"
#include "test_support.hpp"

namespace mj::protocol {
namespace {

using test::error_of;

TEST(SnapshotCodec, DescribeSendsTheIdAsADecimalString) {
  EXPECT_EQ(encode_snapshot_describe(9007199254740993), R"({"jobId":"9007199254740993"})");
}

TEST(SnapshotCodec, ExportAndRestoreBodiesUseTheServerKeys) {
  ExportSnapshotRequest e;
  e.db_name = "db1";
  e.collection_name = "books";
  e.snapshot_name = "s1";
  e.target_path = "s3://bucket/x";
  EXPECT_EQ(encode_snapshot_export(e),
            R"({"collectionName":"books","dbName":"db1","snapshotName":"s1","targetS3Path":"s3://bucket/x"})");
  RestoreSnapshotRequest r;
  r.target_collection_name = "t";
  r.snapshot_uri = "s3://bucket/x/s1/metadata.json";
  r.external_spec = R"({"extfs":{}})";
  EXPECT_EQ(encode_snapshot_restore(r),
            R"({"externalSpec":"{\"extfs\":{}}","snapshotMetadataURI":"s3://bucket/x/s1/metadata.json",)"
            R"("targetCollectionName":"t"})");
}

TEST(SnapshotCodec, RestoreIdAboveTwoTo53IsExact) {
  const Reply reply{Route::snapshot_restore, 200, R"({"code":0,"data":{"jobId":9007199254740993}})"};
  EXPECT_EQ(decode_snapshot_restore_started(reply), 9007199254740993);
}

TEST(SnapshotCodec, JobDecodesEveryFieldAndKeepsUnknownStates) {
  const Reply reply{Route::snapshot_describe, 200,
                    R"({"code":0,"data":{"jobId":9007199254740995,"snapshotName":"s","dbName":"default",)"
                    R"("collectionName":"t","state":"RestoreSnapshotExecuting","progress":40,"reason":"",)"
                    R"("startTime":1700000000000,"timeCost":1234}})"};
  const SnapshotJob job = decode_snapshot_job(reply);
  EXPECT_EQ(job.job_id, 9007199254740995);
  EXPECT_EQ(job.state, SnapshotState::executing);
  EXPECT_EQ(job.progress, 40);
  EXPECT_EQ(job.time_cost_ms, 1234);
  EXPECT_EQ(snapshot_state_from_name("RestoreSnapshotPaused"), SnapshotState::unknown);
  EXPECT_EQ(snapshot_state_from_name("RestoreSnapshotNone"), SnapshotState::none);
}

TEST(SnapshotCodec, A404NamesTheMilvusNeeded) {
  auto e = error_of([] { (void)decode_snapshot_exported(Reply{Route::snapshot_export, 404, "404 page not found"}); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->category, Category::unsupported);
  EXPECT_NE(e->message.find("does not support snapshot jobs (needs Milvus >= 3.0"), std::string::npos) << e->message;
}

TEST(SnapshotCodec, ServiceUnimplementedIsUnsupported) {
  auto e = error_of([] {
    (void)decode_snapshot_restore_started(
        Reply{Route::snapshot_restore, 200,
              R"({"code":10,"message":"RestoreExternalSnapshot is not implemented: service unimplemented"})"});
  });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->category, Category::unsupported);
  EXPECT_EQ(e->server_code, 10);
}

TEST(SnapshotCodec, UnknownRestoreJobIsNotFound) {
  auto e = error_of([] {
    (void)decode_snapshot_job(
        Reply{Route::snapshot_describe, 200, R"({"code":2101,"message":"restore job not found: jobID=7"})"});
  });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->category, Category::not_found);
}

TEST(SnapshotCodec, SpecMustBeAnObjectOfStringExtfs) {
  EXPECT_NO_THROW(check_snapshot_spec(R"({"extfs":{"region":"us-west-2"}})", "external_spec"));
  EXPECT_THROW(check_snapshot_spec("[1]", "external_spec"), Error);
  EXPECT_THROW(check_snapshot_spec(R"({"extfs":{"use_iam":true}})", "external_spec"), Error);
}

}  // namespace
}  // namespace mj::protocol
