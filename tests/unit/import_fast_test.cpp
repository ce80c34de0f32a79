// decode_import_job's single-pass fast path (src/protocol/import_fast.cpp)
// against the DOM decoder: on every body the fast path accepts, both give the
// same job; on every body the DOM decoder refuses, the fast path refuses too
// (and decode_import_job then throws the DOM decoder's error). The bodies: the
// wire examples, hand-made variants of each rule, and every one-byte deletion
// and substitution of the describe example.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "protocol/codec.hpp"
#include "protocol/import_fast.hpp"
#include "test_support.hpp"

namespace mj::protocol {
namespace {

using detail::decode_import_job_dom;
using detail::decode_import_job_fast;
using test::wire;

void expect_same_file(const ImportFile& a, const ImportFile& b) {
  EXPECT_EQ(a.file_name, b.file_name);
  EXPECT_EQ(a.file_size, b.file_size);
  EXPECT_EQ(a.progress, b.progress);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.state_name, b.state_name);
  EXPECT_EQ(a.imported_rows, b.imported_rows);
  EXPECT_EQ(a.total_rows, b.total_rows);
  EXPECT_EQ(a.complete_time, b.complete_time);
  EXPECT_EQ(a.complete_time_ms, b.complete_time_ms);
  EXPECT_EQ(a.reason, b.reason);
}

void expect_same_job(const ImportJob& a, const ImportJob& b) {
  EXPECT_EQ(a.job_id, b.job_id);
  EXPECT_EQ(a.collection_name, b.collection_name);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.state_name, b.state_name);
  EXPECT_EQ(a.progress, b.progress);
  EXPECT_EQ(a.reason, b.reason);
  EXPECT_EQ(a.imported_rows, b.imported_rows);
  EXPECT_EQ(a.total_rows, b.total_rows);
  EXPECT_EQ(a.file_size, b.file_size);
  EXPECT_EQ(a.create_time, b.create_time);
  EXPECT_EQ(a.create_time_ms, b.create_time_ms);
  EXPECT_EQ(a.complete_time, b.complete_time);
  EXPECT_EQ(a.complete_time_ms, b.complete_time_ms);
  EXPECT_EQ(a.file_name, b.file_name);
  ASSERT_EQ(a.details.size(), b.details.size());
  for (size_t i = 0; i < a.details.size(); ++i) expect_same_file(a.details[i], b.details[i]);
}

// What the fast path did with `body`: true when it took it. Either way the
// outcome must be the DOM decoder's.
bool agree(const std::string& body, int status = 200) {
  SCOPED_TRACE(body);
  const Reply reply{Route::import_describe, status, body};
  std::optional<ImportJob> dom;
  std::optional<Category> dom_error;
  try {
    dom = decode_import_job_dom(reply);
  } catch (const Error& e) {
    dom_error = e.info().category;
  }
  ImportJob fast;
  const bool took = decode_import_job_fast(reply, fast);
  if (took) {
    EXPECT_TRUE(dom.has_value()) << "the fast path accepted a body the DOM decoder refuses";
    if (dom) {
      expect_same_job(fast, *dom);
    }
  }
  // The public entry point: the fast result or the DOM decoder's outcome.
  try {
    const ImportJob got = decode_import_job(reply);
    EXPECT_TRUE(dom.has_value());
    if (dom) {
      expect_same_job(got, *dom);
    }
  } catch (const Error& e) {
    EXPECT_TRUE(dom_error.has_value());
    if (dom_error) {
      EXPECT_EQ(e.info().category, *dom_error);
    }
  }
  return took;
}

TEST(ImportFast, TakesTheWireExampleAndAgrees) { EXPECT_TRUE(agree(wire("import_describe.json"))); }

TEST(ImportFast, TakesTheDevServersAnswerWithThreeFiles) {
  const std::string body =
      R"({"code":0,"data":{"collectionName":"books","completeTime":"2026-11-30T14:42:12Z","createTime":)"
      R"("2026-11-30T14:42:12Z","details":[{"completeTime":"2026-11-30T14:42:12Z","fileName":"[books/part1.json]",)"
      R"("fileSize":292,"importedRows":3,"progress":100,"state":"Completed","totalRows":3},{"completeTime":)"
      R"("2026-11-30T14:42:12Z","fileName":"[books/part2.json]","fileSize":192,"importedRows":2,"progress":100,)"
      R"("state":"Completed","totalRows":2}],"fileSize":751,"importedRows":9,"jobId":"448761313698322011",)"
      R"("progress":100,"reason":"","state":"Completed","totalRows":9}})";
  EXPECT_TRUE(agree(body));
}

TEST(ImportFast, TakesNullsAndUnknownMembersOfAnyShape) {
  EXPECT_TRUE(agree(R"({"code":0,"data":{"jobId":"7","reason":null,"state":null,"details":null}})"));
  EXPECT_TRUE(agree(R"({"code":0,"extra":[1,{"a":[true,null]}],"data":{"jobId":"7","x":{"y":[[[]]]},"z":false}})"));
  EXPECT_TRUE(agree(R"({"code":0,"data":{"jobId":"7","details":[{"fileName":"a","other":{"k":1}},{}]}})"));
  EXPECT_TRUE(agree(R"({"data":{"jobId":"7","fileName":"top"},"message":"","code":0})"));
  EXPECT_TRUE(agree(R"({"code":200,"data":{"jobId":"7"}})"));  // the legacy success, with data
  EXPECT_TRUE(agree(" \n{\"code\":0,\"data\":{\"jobId\":\"\\u0037\",\"reason\":\"a\\\"b\"}} \t"));
}

TEST(ImportFast, LeavesEveryOtherAnswerToTheDomDecoder) {
  const std::vector<std::string> bodies = {
      R"({"code":0,"data":{}})",
      R"({"code":0})",
      R"({"code":0,"data":null})",
      R"({"code":0,"data":[]})",
      R"({"code":0,"data":"x"})",
      R"({"code":200,"data":{"jobId":"7"},"message":"partition not found"})",
      R"({"code":2101,"message":"job not found"})",
      R"({"code":"0","data":{"jobId":"7"}})",
      R"({"code":0.0,"data":{"jobId":"7"}})",
      R"({"code":null,"data":{"jobId":"7"}})",
      R"({"code":0,"data":{"jobId":7}})",
      R"({"code":0,"data":{"jobID":"7"}})",
      R"({"code":0,"data":{"jobId":"7","jobID":"8"}})",
      R"({"code":0,"data":{"jobId":"7","jobId":"8"}})",
      R"({"code":0,"code":1,"data":{"jobId":"7"}})",
      R"({"code":0,"data":{"jobId":"7"},"data":{"jobId":"8"}})",
      R"({"code":0,"data":{"jobId":"7","progress":"50"}})",
      R"({"code":0,"data":{"jobId":"7","progress":50.0}})",
      R"({"code":0,"data":{"jobId":"7","progress":50.5}})",
      R"({"code":0,"data":{"jobId":"7","progress":18446744073709551615}})",
      R"({"code":0,"data":{"jobId":"7","progress":true}})",
      R"({"code":0,"data":{"jobId":"7","state":1}})",
      R"({"code":0,"data":{"jobId":"7","state":{}}})",
      R"({"code":0,"data":{"jobId":"7","details":{}}})",
      R"({"code":0,"data":{"jobId":"7","details":[1]}})",
      R"({"code":0,"data":{"jobId":"7","details":[null]}})",
      R"({"code":0,"data":{"jobId":"7","details":[[]]}})",
      R"({"code":0,"data":{"jobId":"7","details":[{"fileName":1}]}})",
      R"({"code":0,"data":{"jobId":"7","details":[{"state":"a","state":"b"}]}})",
      R"({"code":0,"data":{"jobId":"7"}} x)",
      R"({"code":0,"data":{"jobId":"7"})",
      R"([{"code":0,"data":{"jobId":"7"}}])",
      R"("x")",
      "null",
      "",
      std::string("{\"code\":0,\"data\":{\"jobId\":\"7\0\"}}", 30),
      "{\"code\":0,\"data\":{\"jobId\":\"\xff\"}}",
      R"({"code":0,"data":{"jobId":"7","x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}})",
  };
  for (const auto& body : bodies) EXPECT_FALSE(agree(body)) << body;
  EXPECT_FALSE(agree(R"({"code":0,"data":{"jobId":"7"}})", 500));
  EXPECT_FALSE(agree(R"({"code":0,"data":{"jobId":"7"}})", 404));
}

TEST(ImportFast, AgreesOnEveryOneByteDeletionAndSubstitutionOfTheExample) {
  const std::string base = wire("import_describe.json");
  int taken = 0;
  int cases = 0;
  for (size_t i = 0; i < base.size(); ++i) {
    std::string cut = base;
    cut.erase(i, 1);
    taken += agree(cut) ? 1 : 0;
    ++cases;
    for (const char c : {'"', '{', '[', ']', '}', ',', ':', '1', 'n', ' '}) {
      std::string sub = base;
      if (sub[i] == c) continue;
      sub[i] = c;
      taken += agree(sub) ? 1 : 0;
      ++cases;
    }
  }
  // Most mutations break the JSON; some keep it (a digit in a number or a
  // string, a deleted space): the fast path takes those, so both paths run.
  EXPECT_GT(taken, 0);
  EXPECT_LT(taken, cases);
}

}  // namespace
}  // namespace mj::protocol
