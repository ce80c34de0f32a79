// Decoders on the success answers of docs/protocol.md, "Routes" and "Answers" (and
// the cloud shapes of 4.3/4.4), plus malformed fields.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "protocol/codec.hpp"
#include "test_support.hpp"

namespace mj::protocol {
namespace {

using test::error_of;
using test::wire;

// Decoders take a string_view: keep the body alive in the test.
Reply ok_reply(Route route, const std::string& body) { return Reply{route, 200, body}; }

void expect_protocol_error(const std::function<void()>& fn, const char* what) {
  SCOPED_TRACE(what);
  auto info = error_of(fn);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::protocol);
  EXPECT_FALSE(info->message.empty());
  EXPECT_EQ(info->http_status, 0) << "a malformed success body is not an HTTP failure";
}

// ---------------------------------------------------------------- refresh created

TEST(DecodeRefreshCreated, KeepsTheWireExampleIdAbove2Pow53Exactly) {
  const std::string body = wire("refresh_created.json");
  EXPECT_EQ(decode_refresh_created(ok_reply(Route::refresh, body)), 449012345678901234);
}

TEST(DecodeRefreshCreated, Keeps2Pow53Plus1Exactly) {
  const std::string body = R"({"code":0,"data":{"jobId":9007199254740993}})";
  EXPECT_EQ(decode_refresh_created(ok_reply(Route::refresh, body)), 9007199254740993);
}

TEST(DecodeRefreshCreated, KeepsInt64MaxExactly) {
  const std::string body = R"({"code":0,"data":{"jobId":9223372036854775807}})";
  EXPECT_EQ(decode_refresh_created(ok_reply(Route::refresh, body)), std::numeric_limits<int64_t>::max());
}

TEST(DecodeRefreshCreated, AcceptsADecimalStringIdExactly) {
  const std::string body = R"({"code":0,"data":{"jobId":"449012345678901234"}})";
  EXPECT_EQ(decode_refresh_created(ok_reply(Route::refresh, body)), 449012345678901234);
}

TEST(DecodeRefreshCreated, RejectsMalformedJobIds) {
  const std::vector<std::string> bodies = {
      R"({"code":0,"data":{}})",
      R"({"code":0})",
      R"({"code":0,"data":{"jobId":null}})",
      R"({"code":0,"data":{"jobId":true}})",
      R"({"code":0,"data":{"jobId":1.5}})",
      R"({"code":0,"data":{"jobId":[1]}})",
      R"({"code":0,"data":{"jobId":{"id":1}}})",
      R"({"code":0,"data":{"jobId":"12abc"}})",
      R"({"code":0,"data":{"jobId":""}})",
      R"({"code":0,"data":{"jobId":"-5"}})",
      R"({"code":0,"data":{"jobId":9223372036854775808}})",
      R"({"code":0,"data":{"jobId":18446744073709551615}})",
      R"({"code":0,"data":{"jobId":"9223372036854775808"}})",
      R"({"code":0,"data":"449012345678901234"})",
  };
  for (const auto& body : bodies) {
    expect_protocol_error([&] { (void)decode_refresh_created(ok_reply(Route::refresh, body)); }, body.c_str());
  }
}

TEST(DecodeRefreshCreated, RejectsNonPositiveNumericJobIdLikeTheStringForm) {
  // A job id is allocated by the server (TSO-derived, > 0); describe refuses
  // job_id <= 0 (JobsClient::get_refresh_progress), and the string form "0"
  // is already a protocol error. A success carrying jobId 0 (a nil
  // response's GetJobId()) or a negative id must not be handed to the caller
  // as a new job's id.
  for (const std::string body : {R"({"code":0,"data":{"jobId":0}})", R"({"code":0,"data":{"jobId":-5}})",
                                 R"({"code":0,"data":{"jobId":-9223372036854775808}})"}) {
    expect_protocol_error([&] { (void)decode_refresh_created(ok_reply(Route::refresh, body)); }, body.c_str());
  }
}

// ---------------------------------------------------------------- refresh job (describe)

TEST(DecodeRefreshJob, ReadsEveryFieldOfTheWireExample) {
  const std::string body = wire("refresh_describe.json");
  const RefreshJob job = decode_refresh_job(ok_reply(Route::refresh_describe, body));
  EXPECT_EQ(job.job_id, 1001);
  EXPECT_EQ(job.collection_name, "external_books");
  EXPECT_EQ(job.state, RefreshState::in_progress);
  EXPECT_EQ(job.state_name, "RefreshInProgress");
  EXPECT_EQ(job.progress, 42);
  EXPECT_EQ(job.external_source, "s3://bucket/books");
  EXPECT_EQ(job.external_spec, R"({"format":"parquet"})");
  EXPECT_EQ(job.start_time_ms, 10);
  EXPECT_EQ(job.end_time_ms, 0);
  EXPECT_EQ(job.reason, "\xe2\x80\xa6");  // "…"
}

TEST(DecodeRefreshJob, KeepsIdAbove2Pow53Exactly) {
  const std::string body =
      R"({"code":0,"data":{"jobId":9007199254740993,"state":"RefreshPending","startTime":1711952240000}})";
  const RefreshJob job = decode_refresh_job(ok_reply(Route::refresh_describe, body));
  EXPECT_EQ(job.job_id, 9007199254740993);
  EXPECT_EQ(job.start_time_ms, 1711952240000);
}

TEST(DecodeRefreshJob, AbsentReasonIsEmpty) {
  const std::string body =
      R"({"code":0,"data":{"jobId":7,"collectionName":"c","state":"RefreshCompleted","progress":100,)"
      R"("externalSource":"s3://b/p","externalSpec":"{}","startTime":1,"endTime":2}})";
  const RefreshJob job = decode_refresh_job(ok_reply(Route::refresh_describe, body));
  EXPECT_EQ(job.reason, "");
  EXPECT_EQ(job.state, RefreshState::completed);
  EXPECT_EQ(job.end_time_ms, 2);
}

TEST(DecodeRefreshJob, MapsEveryStateNameToItsEnum) {
  const std::vector<std::pair<std::string, RefreshState>> cases = {
      {"RefreshPending", RefreshState::pending},
      {"RefreshInProgress", RefreshState::in_progress},
      {"RefreshCompleted", RefreshState::completed},
      {"RefreshFailed", RefreshState::failed},
  };
  for (const auto& [name, state] : cases) {
    const std::string body = R"({"code":0,"data":{"jobId":1,"state":")" + name + R"("}})";
    const RefreshJob job = decode_refresh_job(ok_reply(Route::refresh_describe, body));
    EXPECT_EQ(job.state, state) << name;
    EXPECT_EQ(job.state_name, name);
  }
}

TEST(DecodeRefreshJob, UnknownStateNameIsUnknownAndKeepsTheRawName) {
  const std::string body = R"({"code":0,"data":{"jobId":1,"state":"RefreshPaused"}})";
  const RefreshJob job = decode_refresh_job(ok_reply(Route::refresh_describe, body));
  EXPECT_EQ(job.state, RefreshState::unknown);
  EXPECT_EQ(job.state_name, "RefreshPaused");
}

TEST(DecodeRefreshJob, ToleratesMissingAndNullOptionalFields) {
  const std::string body =
      R"({"code":0,"data":{"jobId":3,"collectionName":null,"progress":null,"reason":null,"externalSpec":null}})";
  const RefreshJob job = decode_refresh_job(ok_reply(Route::refresh_describe, body));
  EXPECT_EQ(job.job_id, 3);
  EXPECT_EQ(job.collection_name, "");
  EXPECT_EQ(job.state, RefreshState::unknown);
  EXPECT_EQ(job.state_name, "");
  EXPECT_EQ(job.progress, 0);
  EXPECT_EQ(job.reason, "");
  EXPECT_EQ(job.external_source, "");
  EXPECT_EQ(job.external_spec, "");
  EXPECT_EQ(job.start_time_ms, 0);
  EXPECT_EQ(job.end_time_ms, 0);
}

TEST(DecodeRefreshJob, IgnoresUnknownKeys) {
  const std::string body = R"({"code":0,"data":{"jobId":3,"newField":{"x":[1,2]},"state":"RefreshFailed"}})";
  EXPECT_EQ(decode_refresh_job(ok_reply(Route::refresh_describe, body)).state, RefreshState::failed);
}

TEST(DecodeRefreshJob, NilJobInfoAsEmptyDataIsProtocolError) {
  // docs/protocol.md, "Answers": a server with no job info answers data {}.
  const std::string body = wire("refresh_describe_nil_job.json");
  expect_protocol_error([&] { (void)decode_refresh_job(ok_reply(Route::refresh_describe, body)); }, "data {}");
  const std::string no_data = R"({"code":0})";
  expect_protocol_error([&] { (void)decode_refresh_job(ok_reply(Route::refresh_describe, no_data)); }, "no data");
}

TEST(DecodeRefreshJob, WrongFieldTypesAreProtocolErrors) {
  const std::vector<std::string> bodies = {
      R"({"code":0,"data":{"jobId":1,"progress":"42"}})",
      R"({"code":0,"data":{"jobId":true}})",
      R"({"code":0,"data":{"jobId":"1001"}})",
      R"({"code":0,"data":{"jobId":1,"state":3}})",
      R"({"code":0,"data":{"jobId":1,"collectionName":["c"]}})",
      R"({"code":0,"data":{"jobId":1,"startTime":"10"}})",
      R"({"code":0,"data":{"jobId":1,"endTime":1.25}})",
      R"({"code":0,"data":{"jobId":1,"reason":false}})",
      R"({"code":0,"data":{"jobId":1,"externalSpec":{"format":"parquet"}}})",
      R"({"code":0,"data":{"progress":42}})",
      R"({"code":0,"data":[{"jobId":1}]})",
      R"({"code":0,"data":"job"})",
  };
  for (const auto& body : bodies) {
    expect_protocol_error([&] { (void)decode_refresh_job(ok_reply(Route::refresh_describe, body)); }, body.c_str());
  }
}

TEST(DecodeRefreshJob, ProtocolErrorNamesTheBadField) {
  const std::string body = R"({"code":0,"data":{"jobId":1,"progress":"42"}})";
  auto info = error_of([&] { (void)decode_refresh_job(ok_reply(Route::refresh_describe, body)); });
  ASSERT_TRUE(info);
  EXPECT_NE(info->message.find("progress"), std::string::npos) << info->message;
}

// ---------------------------------------------------------------- refresh list

TEST(DecodeRefreshList, ReadsEveryRecordOfTheWireExample) {
  const std::string body = wire("refresh_list.json");
  const auto jobs = decode_refresh_list(ok_reply(Route::refresh_list, body));
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].job_id, 449012345678901234);
  EXPECT_EQ(jobs[0].collection_name, "external_books");
  EXPECT_EQ(jobs[0].state, RefreshState::completed);
  EXPECT_EQ(jobs[0].state_name, "RefreshCompleted");
  EXPECT_EQ(jobs[0].progress, 100);
  EXPECT_EQ(jobs[0].external_source, "s3://bucket/books_v2");
  EXPECT_EQ(jobs[0].external_spec, R"({"format":"parquet","extfs":{"access_key_id":"***","access_key_value":"***"}})");
  EXPECT_EQ(jobs[0].start_time_ms, 1711952240000);
  EXPECT_EQ(jobs[0].end_time_ms, 1711952275000);
  EXPECT_EQ(jobs[0].reason, "");
  EXPECT_EQ(jobs[1].job_id, 1001);
  EXPECT_EQ(jobs[1].state, RefreshState::failed);
  EXPECT_EQ(jobs[1].reason, "list objects failed: access denied");
  EXPECT_EQ(jobs[1].end_time_ms, 20);
}

TEST(DecodeRefreshList, EmptyOrMissingRecordsGiveNoJobs) {
  for (const std::string body : {R"({"code":0,"data":{"records":[]}})", R"({"code":0,"data":{}})",
                                 R"({"code":0,"data":{"records":null}})", R"({"code":0})"}) {
    EXPECT_TRUE(decode_refresh_list(ok_reply(Route::refresh_list, body)).empty()) << body;
  }
}

TEST(DecodeRefreshList, MalformedRecordsAreProtocolErrors) {
  const std::vector<std::string> bodies = {
      R"({"code":0,"data":{"records":{"jobId":1}}})",
      R"({"code":0,"data":{"records":"[]"}})",
      R"({"code":0,"data":{"records":[1,2]}})",
      R"({"code":0,"data":{"records":[{"jobId":1},null]}})",
      R"({"code":0,"data":{"records":[{"collectionName":"no id"}]}})",
      R"({"code":0,"data":{"records":[{"jobId":1,"progress":"5"}]}})",
  };
  for (const auto& body : bodies) {
    expect_protocol_error([&] { (void)decode_refresh_list(ok_reply(Route::refresh_list, body)); }, body.c_str());
  }
}

// ---------------------------------------------------------------- import created

TEST(DecodeImportCreated, ReturnsTheWireExampleJobIdAsString) {
  const std::string body = wire("import_created.json");
  EXPECT_EQ(decode_import_created(ok_reply(Route::import_create, body)), "448761313698322011");
}

TEST(DecodeImportCreated, KeepsAnOpaqueCloudJobIdVerbatim) {
  const std::string body = R"({"code":0,"data":{"jobId":"job-0123456789abcdefghijk"}})";
  EXPECT_EQ(decode_import_created(ok_reply(Route::import_create, body)), "job-0123456789abcdefghijk");
}

TEST(DecodeImportCreated, AcceptsTheJobIDSpellingOfCloudDocs) {
  const std::string body = R"({"code":0,"data":{"jobID":"job-xxxxxxxxxxxxxxxxxxxxx"}})";
  EXPECT_EQ(decode_import_created(ok_reply(Route::import_create, body)), "job-xxxxxxxxxxxxxxxxxxxxx");
}

TEST(DecodeImportCreated, TurnsANumericJobIdIntoItsExactDecimalString) {
  const std::string body = R"({"code":0,"data":{"jobId":448707763884413158}})";
  EXPECT_EQ(decode_import_created(ok_reply(Route::import_create, body)), "448707763884413158");
}

TEST(DecodeImportCreated, RejectsMissingEmptyOrMistypedJobIds) {
  const std::vector<std::string> bodies = {
      R"({"code":0,"data":{}})",
      R"({"code":0})",
      R"({"code":0,"data":{"jobId":""}})",
      R"({"code":0,"data":{"jobId":null}})",
      R"({"code":0,"data":{"jobId":true}})",
      R"({"code":0,"data":{"jobId":1.5}})",
      R"({"code":0,"data":{"jobId":["1"]}})",
      R"({"code":0,"data":{"jobId":18446744073709551615}})",
  };
  for (const auto& body : bodies) {
    expect_protocol_error([&] { (void)decode_import_created(ok_reply(Route::import_create, body)); }, body.c_str());
  }
}

// ---------------------------------------------------------------- import job (describe)

TEST(DecodeImportJob, ReadsEveryFieldOfTheWireExample) {
  const std::string body = wire("import_describe.json");
  const ImportJob job = decode_import_job(ok_reply(Route::import_describe, body));
  EXPECT_EQ(job.job_id, "448761313698322011");
  EXPECT_EQ(job.collection_name, "quick_setup");
  EXPECT_EQ(job.create_time, "2024-04-01T06:17:20Z");
  EXPECT_EQ(job.create_time_ms, 1711952240000);
  EXPECT_EQ(job.complete_time, "2024-04-01T06:17:55Z");
  EXPECT_EQ(job.complete_time_ms, 1711952275000);
  EXPECT_EQ(job.state, ImportState::completed);
  EXPECT_EQ(job.state_name, "Completed");
  EXPECT_EQ(job.progress, 100);
  EXPECT_EQ(job.imported_rows, 100000);
  EXPECT_EQ(job.total_rows, 100000);
  EXPECT_EQ(job.file_size, 3279917);
  EXPECT_EQ(job.reason, "\xe2\x80\xa6");
  ASSERT_EQ(job.details.size(), 1u);
  const ImportFile& f = job.details[0];
  EXPECT_EQ(f.file_name, "[a/1.parquet]");
  EXPECT_EQ(f.file_size, 3279917);
  EXPECT_EQ(f.progress, 100);
  EXPECT_EQ(f.complete_time, "2024-04-01T06:17:53Z");
  EXPECT_EQ(f.complete_time_ms, 1711952273000);
  EXPECT_EQ(f.state, ImportFileState::completed);
  EXPECT_EQ(f.state_name, "Completed");
  EXPECT_EQ(f.imported_rows, 100000);
  EXPECT_EQ(f.total_rows, 100000);
  EXPECT_EQ(f.reason, "\xe2\x80\xa6");
}

TEST(DecodeImportJob, KeepsTheGoSliceFileNameVerbatim) {
  const std::string body =
      R"({"code":0,"data":{"jobId":"1","details":[{"fileName":"[n/id.npy n/vector.npy]","state":"InProgress"}]}})";
  const ImportJob job = decode_import_job(ok_reply(Route::import_describe, body));
  ASSERT_EQ(job.details.size(), 1u);
  EXPECT_EQ(job.details[0].file_name, "[n/id.npy n/vector.npy]");
}

TEST(DecodeImportJob, EmptyTimesParseToZeroAndStayEmpty) {
  const std::string body = R"({"code":0,"data":{"jobId":"1","state":"Importing","progress":40,"createTime":"",)"
                           R"("completeTime":"","details":[{"fileName":"[a]","completeTime":""}]}})";
  const ImportJob job = decode_import_job(ok_reply(Route::import_describe, body));
  EXPECT_EQ(job.create_time, "");
  EXPECT_EQ(job.create_time_ms, 0);
  EXPECT_EQ(job.complete_time, "");
  EXPECT_EQ(job.complete_time_ms, 0);
  ASSERT_EQ(job.details.size(), 1u);
  EXPECT_EQ(job.details[0].complete_time_ms, 0);
}

TEST(DecodeImportJob, UnparsableTimeGivesZeroMsAndKeepsTheText) {
  const std::string body = R"({"code":0,"data":{"jobId":"1","createTime":"yesterday"}})";
  const ImportJob job = decode_import_job(ok_reply(Route::import_describe, body));
  EXPECT_EQ(job.create_time, "yesterday");
  EXPECT_EQ(job.create_time_ms, 0);
}

TEST(DecodeImportJob, ParsesTimesWithOffsets) {
  const std::string body = R"({"code":0,"data":{"jobId":"1","createTime":"2024-04-01T14:17:20+08:00"}})";
  EXPECT_EQ(decode_import_job(ok_reply(Route::import_describe, body)).create_time_ms, 1711952240000);
}

TEST(DecodeImportJob, MapsJobStateNamesAndKeepsUnknownOnes) {
  const std::vector<std::pair<std::string, ImportState>> cases = {
      {"Pending", ImportState::pending},
      {"Importing", ImportState::importing},
      {"Completed", ImportState::completed},
      {"Failed", ImportState::failed},
      {"Uncommitted", ImportState::uncommitted},
      {"Committing", ImportState::committing},
      {"None", ImportState::none},
      {"Sorting", ImportState::unknown},
      {"InProgress", ImportState::unknown},
      {"", ImportState::unknown},
  };
  for (const auto& [name, state] : cases) {
    const std::string body = R"({"code":0,"data":{"jobId":"1","state":")" + name + R"("}})";
    const ImportJob job = decode_import_job(ok_reply(Route::import_describe, body));
    EXPECT_EQ(job.state, state) << name;
    EXPECT_EQ(job.state_name, name);
  }
}

TEST(DecodeImportJob, MapsPerFileStateNamesAndKeepsUnknownOnes) {
  const std::string body =
      R"({"code":0,"data":{"jobId":"1","state":"Importing","details":[)"
      R"({"fileName":"[a]","state":"None"},{"fileName":"[b]","state":"Pending"},)"
      R"({"fileName":"[c]","state":"InProgress"},{"fileName":"[d]","state":"Failed","reason":"bad row"},)"
      R"({"fileName":"[e]","state":"Completed"},{"fileName":"[f]","state":"Retry"},)"
      R"({"fileName":"[g]","state":"Importing"}]}})";
  const ImportJob job = decode_import_job(ok_reply(Route::import_describe, body));
  const std::vector<std::pair<ImportFileState, std::string>> want = {
      {ImportFileState::none, "None"},
      {ImportFileState::pending, "Pending"},
      {ImportFileState::in_progress, "InProgress"},
      {ImportFileState::failed, "Failed"},
      {ImportFileState::completed, "Completed"},
      {ImportFileState::retry, "Retry"},
      {ImportFileState::unknown, "Importing"},
  };
  ASSERT_EQ(job.details.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(job.details[i].state, want[i].first) << i;
    EXPECT_EQ(job.details[i].state_name, want[i].second) << i;
  }
  EXPECT_EQ(job.details[3].reason, "bad row");
  EXPECT_EQ(job.details[0].reason, "");
}

TEST(DecodeImportJob, AbsentReasonAndDetailsAreEmpty) {
  const std::string body = R"({"code":0,"data":{"jobId":"1","state":"Pending","progress":0}})";
  const ImportJob job = decode_import_job(ok_reply(Route::import_describe, body));
  EXPECT_EQ(job.reason, "");
  EXPECT_TRUE(job.details.empty());
  const std::string null_details = R"({"code":0,"data":{"jobId":"1","details":null}})";
  EXPECT_TRUE(decode_import_job(ok_reply(Route::import_describe, null_details)).details.empty());
}

TEST(DecodeImportJob, ReadsTheCloudShapeWithTopLevelFileName) {
  const std::string body =
      R"({"code":0,"data":{"jobId":"job-abc","collectionName":"c","fileName":"f.parquet","fileSize":10,)"
      R"("state":"Importing","progress":50,"completeTime":"","totalRows":0,)"
      R"("details":[{"fileName":"f.parquet","fileSize":10,"state":"Importing","progress":50,"completeTime":""}]}})";
  const ImportJob job = decode_import_job(ok_reply(Route::import_describe, body));
  EXPECT_EQ(job.job_id, "job-abc");
  EXPECT_EQ(job.state, ImportState::importing);
  EXPECT_EQ(job.file_size, 10);
  ASSERT_EQ(job.details.size(), 1u);
  EXPECT_EQ(job.details[0].file_name, "f.parquet");
}

TEST(DecodeImportJob, KeepsInt64RowCountsAbove2Pow31) {
  const std::string body =
      R"({"code":0,"data":{"jobId":"1","totalRows":5000000000,"importedRows":4294967296,"fileSize":9007199254740993}})";
  const ImportJob job = decode_import_job(ok_reply(Route::import_describe, body));
  EXPECT_EQ(job.total_rows, 5000000000);
  EXPECT_EQ(job.imported_rows, 4294967296);
  EXPECT_EQ(job.file_size, 9007199254740993);
}

TEST(DecodeImportJob, EmptyDataIsProtocolError) {
  for (const std::string body : {R"({"code":0,"data":{}})", R"({"code":0})"}) {
    expect_protocol_error([&] { (void)decode_import_job(ok_reply(Route::import_describe, body)); }, body.c_str());
  }
}

TEST(DecodeImportJob, WrongFieldTypesAreProtocolErrors) {
  const std::vector<std::string> bodies = {
      R"({"code":0,"data":{"jobId":"1","progress":"100"}})",
      R"({"code":0,"data":{"jobId":true}})",
      R"({"code":0,"data":{"jobId":{"a":1}}})",
      R"({"code":0,"data":{"jobId":"1","details":{"fileName":"[a]"}}})",
      R"({"code":0,"data":{"jobId":"1","details":"[]"}})",
      R"({"code":0,"data":{"jobId":"1","details":[1]}})",
      R"({"code":0,"data":{"jobId":"1","details":[{"fileSize":"3"}]}})",
      R"({"code":0,"data":{"jobId":"1","details":[{"completeTime":0}]}})",
      R"({"code":0,"data":{"jobId":"1","createTime":1711952240}})",
      R"({"code":0,"data":{"jobId":"1","totalRows":18446744073709551615}})",
      R"({"code":0,"data":{"jobId":"1","state":["Completed"]}})",
      R"({"code":0,"data":["job"]})",
  };
  for (const auto& body : bodies) {
    expect_protocol_error([&] { (void)decode_import_job(ok_reply(Route::import_describe, body)); }, body.c_str());
  }
}

// ---------------------------------------------------------------- import list

TEST(DecodeImportList, ReadsTheOssWireExample) {
  const std::string body = wire("import_list.json");
  const auto jobs = decode_import_list(ok_reply(Route::import_list, body));
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].job_id, "448761313698322011");
  EXPECT_EQ(jobs[0].collection_name, "quick_setup");
  EXPECT_EQ(jobs[0].state, ImportState::importing);
  EXPECT_EQ(jobs[0].state_name, "Importing");
  EXPECT_EQ(jobs[0].progress, 40);
  EXPECT_EQ(jobs[0].reason, "\xe2\x80\xa6");
  EXPECT_TRUE(jobs[0].details.empty());
}

TEST(DecodeImportList, ReadsTheCloudWireExampleWithPagingKeysAndNoProgress) {
  const std::string body = wire("import_list_cloud.json");
  const auto jobs = decode_import_list(ok_reply(Route::import_list, body));
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].job_id, "448761313698322011");
  EXPECT_EQ(jobs[0].state, ImportState::importing);
  EXPECT_EQ(jobs[0].progress, 0);
  EXPECT_EQ(jobs[0].reason, "");
}

TEST(DecodeImportList, EmptyOrMissingRecordsGiveNoJobs) {
  for (const std::string body : {R"({"code":0,"data":{"records":[]}})", R"({"code":0,"data":{}})",
                                 R"({"code":0,"data":{"records":null}})", R"({"code":0})"}) {
    EXPECT_TRUE(decode_import_list(ok_reply(Route::import_list, body)).empty()) << body;
  }
}

TEST(DecodeImportList, MalformedRecordsAreProtocolErrors) {
  const std::vector<std::string> bodies = {
      R"({"code":0,"data":{"records":{"jobId":"1"}}})",
      R"({"code":0,"data":{"records":7}})",
      R"({"code":0,"data":{"records":["448761313698322011"]}})",
      R"({"code":0,"data":{"records":[{"jobId":"1","progress":"40"}]}})",
      R"({"code":0,"data":{"records":[{"jobId":false}]}})",
  };
  for (const auto& body : bodies) {
    expect_protocol_error([&] { (void)decode_import_list(ok_reply(Route::import_list, body)); }, body.c_str());
  }
}

// ---------------------------------------------------------------- commit / abort

TEST(DecodeEmpty, AcceptsSuccessWithEmptyOrNoData) {
  for (const std::string body : {R"({"code":0,"data":{}})", R"({"code":0})", R"({"code":0,"data":null})"}) {
    EXPECT_NO_THROW(decode_empty(ok_reply(Route::import_commit, body))) << body;
    EXPECT_NO_THROW(decode_empty(ok_reply(Route::import_abort, body))) << body;
  }
}

TEST(DecodeEmpty, ThrowsTheServerFailure) {
  const std::string body = wire("import_describe_not_found_2101.json");
  auto info = error_of([&] { decode_empty(ok_reply(Route::import_commit, body)); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::not_found);
  EXPECT_EQ(info->server_code, 2101);
}

}  // namespace
}  // namespace mj::protocol
