// Request bodies the encoders build (docs/protocol.md, "Routes" and "Requests").
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "protocol/codec.hpp"
#include "test_support.hpp"

namespace mj::protocol {
namespace {

using nlohmann::json;
using test::error_of;
using test::wire;

json parse(const std::string& body) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << body;
  return j;
}

RefreshRequest wire_refresh_request() {
  RefreshRequest req;
  req.db_name = "default";
  req.collection_name = "external_books";
  req.external_source = "s3://bucket/books_v2";
  req.external_spec = R"({"format":"parquet","extfs":{"cloud_provider":"aws","region":"us-west-2","use_iam":"true"}})";
  return req;
}

// ---------------------------------------------------------------- refresh

TEST(EncodeRefresh, WithSourceAndSpecEqualsTheWireExample) {
  const json body = parse(encode_refresh(wire_refresh_request()));
  EXPECT_EQ(body, parse(wire("refresh_request.json")));
}

TEST(EncodeRefresh, SendsExternalSpecAsAJsonStringNotAnObject) {
  const json body = parse(encode_refresh(wire_refresh_request()));
  ASSERT_TRUE(body.contains("externalSpec"));
  ASSERT_TRUE(body["externalSpec"].is_string());
  EXPECT_EQ(body["externalSpec"].get<std::string>(), wire_refresh_request().external_spec);
  ASSERT_TRUE(body["externalSource"].is_string());
  EXPECT_EQ(body["externalSource"].get<std::string>(), "s3://bucket/books_v2");
}

TEST(EncodeRefresh, WithoutSourceAndSpecSendsNeitherKey) {
  RefreshRequest req;
  req.collection_name = "external_books";
  const json body = parse(encode_refresh(req));
  ASSERT_TRUE(body.is_object());
  EXPECT_EQ(body, (json{{"collectionName", "external_books"}}));
  EXPECT_FALSE(body.contains("externalSource"));
  EXPECT_FALSE(body.contains("externalSpec"));
}

TEST(EncodeRefresh, OmitsDbNameWhenUnset) {
  RefreshRequest req = wire_refresh_request();
  req.db_name.clear();
  const json body = parse(encode_refresh(req));
  EXPECT_FALSE(body.contains("dbName"));
  EXPECT_EQ(body.size(), 3u);
}

TEST(EncodeRefresh, SendsDbNameAsStringWhenSet) {
  RefreshRequest req;
  req.db_name = "analytics";
  req.collection_name = "c";
  const json body = parse(encode_refresh(req));
  ASSERT_TRUE(body["dbName"].is_string());
  EXPECT_EQ(body["dbName"].get<std::string>(), "analytics");
  ASSERT_TRUE(body["collectionName"].is_string());
  EXPECT_EQ(body["collectionName"].get<std::string>(), "c");
}

TEST(EncodeRefresh, KeepsNonAsciiNamesAsUtf8) {
  RefreshRequest req;
  req.collection_name =
      "b\xc3\xbc"
      "cher";  // "bücher"
  const json body = parse(encode_refresh(req));
  EXPECT_EQ(body["collectionName"].get<std::string>(),
            "b\xc3\xbc"
            "cher");
}

TEST(EncodeRefresh, RefusesInvalidUtf8WithInvalidArgument) {
  RefreshRequest req;
  req.collection_name = "bad\xff";
  auto info = error_of([&] { (void)encode_refresh(req); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::invalid_argument);
  EXPECT_FALSE(info->message.empty());
}

// ---------------------------------------------------------------- refresh describe

TEST(EncodeRefreshDescribe, SendsJobIdAsJsonNumberEqualToTheWireExample) {
  const json body = parse(encode_refresh_describe(449012345678901234));
  EXPECT_EQ(body, parse(wire("refresh_describe_request.json")));
  ASSERT_TRUE(body["jobId"].is_number_integer());
  EXPECT_EQ(body["jobId"].get<int64_t>(), 449012345678901234);
  EXPECT_EQ(body.size(), 1u);
}

TEST(EncodeRefreshDescribe, KeepsJobId2Pow53Plus1Exactly) {
  const std::string text = encode_refresh_describe(9007199254740993);
  EXPECT_NE(text.find("9007199254740993"), std::string::npos) << text;
  const json body = parse(text);
  ASSERT_TRUE(body["jobId"].is_number_integer());
  EXPECT_EQ(body["jobId"].get<int64_t>(), 9007199254740993);
}

TEST(EncodeRefreshDescribe, KeepsInt64MaxExactly) {
  const int64_t max = std::numeric_limits<int64_t>::max();
  const std::string text = encode_refresh_describe(max);
  EXPECT_NE(text.find("9223372036854775807"), std::string::npos) << text;
  const json body = parse(text);
  ASSERT_TRUE(body["jobId"].is_number_integer());
  EXPECT_EQ(body["jobId"].get<int64_t>(), max);
}

TEST(EncodeRefreshDescribe, NeverQuotesTheJobId) { EXPECT_EQ(encode_refresh_describe(1001), R"({"jobId":1001})"); }

// ---------------------------------------------------------------- list (refresh and import)

TEST(EncodeList, WithNothingSetIsAnEmptyObject) {
  // The server fails an empty body with io.EOF: always at least {}.
  EXPECT_EQ(encode_list("", ""), "{}");
}

TEST(EncodeList, WithDbAndCollectionEqualsTheWireExamples) {
  EXPECT_EQ(parse(encode_list("default", "external_books")), parse(wire("refresh_list_request.json")));
  EXPECT_EQ(parse(encode_list("default", "my_collection")), parse(wire("import_list_request.json")));
}

TEST(EncodeList, OmitsEachKeyThatIsUnset) {
  EXPECT_EQ(parse(encode_list("", "c")), (json{{"collectionName", "c"}}));
  EXPECT_EQ(parse(encode_list("db1", "")), (json{{"dbName", "db1"}}));
}

// ---------------------------------------------------------------- import create

ImportRequest wire_import_request() {
  ImportRequest req;
  req.db_name = "default";
  req.collection_name = "my_collection";
  req.files = {{"a/1.parquet"}, {"b/1.parquet"}, {"n/id.npy", "n/vector.npy"}};
  req.options = {{"timeout", "300s"}, {"auto_commit", "false"}};
  return req;
}

TEST(EncodeImportCreate, EqualsTheWireExampleWithoutTheEmptyPartitionName) {
  json expected = parse(wire("import_create_request.json"));
  expected.erase("partitionName");  // "" in the example: the encoder leaves it out
  EXPECT_EQ(parse(encode_import_create(wire_import_request())), expected);
}

TEST(EncodeImportCreate, SendsFilesAsArrayOfArraysOfStrings) {
  const json body = parse(encode_import_create(wire_import_request()));
  ASSERT_TRUE(body["files"].is_array());
  ASSERT_EQ(body["files"].size(), 3u);
  for (const auto& group : body["files"]) {
    ASSERT_TRUE(group.is_array());
    for (const auto& path : group) EXPECT_TRUE(path.is_string());
  }
  EXPECT_EQ(body["files"][2], (json{"n/id.npy", "n/vector.npy"}));
}

TEST(EncodeImportCreate, SendsOneFileAsAOneElementGroup) {
  ImportRequest req;
  req.collection_name = "c";
  req.files = {{"x.parquet"}};
  const json body = parse(encode_import_create(req));
  EXPECT_EQ(body["files"], json::parse(R"([["x.parquet"]])"));
}

TEST(EncodeImportCreate, SendsOptionsAsAnObjectOfStrings) {
  ImportRequest req = wire_import_request();
  req.options = {{"timeout", "300s"}, {"auto_commit", "false"}, {"skip_disk_quota_check", "true"}, {"sep", ""}};
  const json body = parse(encode_import_create(req));
  ASSERT_TRUE(body["options"].is_object());
  EXPECT_EQ(body["options"].size(), 4u);
  for (const auto& [key, value] : body["options"].items()) EXPECT_TRUE(value.is_string()) << key;
  EXPECT_EQ(body["options"]["auto_commit"].get<std::string>(), "false");
  EXPECT_EQ(body["options"]["sep"].get<std::string>(), "");
}

TEST(EncodeImportCreate, OmitsOptionsWhenNoneAreSet) {
  ImportRequest req = wire_import_request();
  req.options.clear();
  EXPECT_FALSE(parse(encode_import_create(req)).contains("options"));
}

TEST(EncodeImportCreate, SendsPartitionNameOnlyWhenSet) {
  ImportRequest req = wire_import_request();
  EXPECT_FALSE(parse(encode_import_create(req)).contains("partitionName"));
  req.partition_name = "p2024";
  const json body = parse(encode_import_create(req));
  ASSERT_TRUE(body["partitionName"].is_string());
  EXPECT_EQ(body["partitionName"].get<std::string>(), "p2024");
}

TEST(EncodeImportCreate, SendsDbNameOnlyWhenSet) {
  ImportRequest req = wire_import_request();
  req.db_name.clear();
  const json body = parse(encode_import_create(req));
  EXPECT_FALSE(body.contains("dbName"));
  ASSERT_TRUE(body["collectionName"].is_string());
  EXPECT_EQ(body["collectionName"].get<std::string>(), "my_collection");
}

TEST(EncodeImportCreate, RefusesInvalidUtf8InAPathWithInvalidArgument) {
  ImportRequest req = wire_import_request();
  req.files[0][0] = "a/\xc0\x80.parquet";
  auto info = error_of([&] { (void)encode_import_create(req); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::invalid_argument);
}

// ---------------------------------------------------------------- import describe / commit / abort

TEST(EncodeImportJobId, SendsJobIdAsJsonStringEqualToTheWireExample) {
  const json body = parse(encode_import_job_id("448761313698322011"));
  EXPECT_EQ(body, parse(wire("import_describe_request.json")));
  ASSERT_TRUE(body["jobId"].is_string());
  EXPECT_EQ(body.size(), 1u);
  EXPECT_EQ(encode_import_job_id("448761313698322011"), R"({"jobId":"448761313698322011"})");
}

TEST(EncodeImportJobId, SendsAnOpaqueCloudJobIdVerbatim) {
  const json body = parse(encode_import_job_id("job-0123456789abcdefghijk"));
  ASSERT_TRUE(body["jobId"].is_string());
  EXPECT_EQ(body["jobId"].get<std::string>(), "job-0123456789abcdefghijk");
}

TEST(EncodeImportJobId, EscapesQuotesSoTheBodyStaysOneKey) {
  const std::string id = "1\",\"jobId\":\"2";
  const json body = parse(encode_import_job_id(id));
  EXPECT_EQ(body.size(), 1u);
  EXPECT_EQ(body["jobId"].get<std::string>(), id);
}

}  // namespace
}  // namespace mj::protocol
