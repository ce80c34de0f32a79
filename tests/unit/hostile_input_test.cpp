// Bodies no Milvus would send: not JSON, truncated, wrong root, very deep,
// very large numbers. None may crash; all are protocol errors on HTTP 200.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocol/codec.hpp"
#include "test_support.hpp"

namespace mj::protocol {
namespace {

using test::error_of;

void expect_protocol_on_every_decoder(const std::string& body, const char* what) {
  SCOPED_TRACE(what);
  const std::vector<std::pair<Route, std::function<void(const Reply&)>>> decoders = {
      {Route::refresh, [](const Reply& r) { (void)decode_refresh_created(r); }},
      {Route::refresh_describe, [](const Reply& r) { (void)decode_refresh_job(r); }},
      {Route::refresh_list, [](const Reply& r) { (void)decode_refresh_list(r); }},
      {Route::import_create, [](const Reply& r) { (void)decode_import_created(r); }},
      {Route::import_describe, [](const Reply& r) { (void)decode_import_job(r); }},
      {Route::import_list, [](const Reply& r) { (void)decode_import_list(r); }},
      {Route::import_commit, [](const Reply& r) { decode_empty(r); }},
      {Route::import_abort, [](const Reply& r) { decode_empty(r); }},
  };
  for (const auto& entry : decoders) {
    const Route route = entry.first;
    const auto& decode = entry.second;
    SCOPED_TRACE(std::string(route_path(route)));
    auto info = error_of([&] { decode(Reply{route, 200, body}); });
    ASSERT_TRUE(info);
    EXPECT_EQ(info->category, Category::protocol);
    EXPECT_FALSE(info->message.empty());
    EXPECT_LT(info->message.size(), 1000u) << "the message must not carry the whole body";
    for (char c : info->message) {
      EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20) << "control byte in the message";
    }
  }
}

TEST(HostileInput, NonJsonBodyIsProtocolError) {
  expect_protocol_on_every_decoder("<html><body>502 Bad Gateway</body></html>", "html");
  expect_protocol_on_every_decoder("404 page not found", "gin text");
  expect_protocol_on_every_decoder("", "empty body");
  expect_protocol_on_every_decoder("   \n", "whitespace");
}

TEST(HostileInput, NonJsonBodyOnHttp200NamesAnExcerptOfIt) {
  const std::string body = "<html>proxy says hi</html>";
  auto info = error_of([&] { (void)decode_refresh_list(Reply{Route::refresh_list, 200, body}); });
  ASSERT_TRUE(info);
  EXPECT_NE(info->message.find("proxy says hi"), std::string::npos) << info->message;
}

TEST(HostileInput, TruncatedJsonIsProtocolError) {
  expect_protocol_on_every_decoder(R"({"code":0,"data":{"jobId":44901)", "truncated number");
  expect_protocol_on_every_decoder(R"({"code":0,"data":{"jobId":"4487)", "truncated string");
  expect_protocol_on_every_decoder(R"({"code":0,"data":)", "truncated after key");
  expect_protocol_on_every_decoder("{", "lone brace");
}

TEST(HostileInput, TrailingGarbageAfterJsonIsProtocolError) {
  expect_protocol_on_every_decoder(R"({"code":0,"data":{"jobId":1}} trailing)", "trailing text");
}

TEST(HostileInput, NonObjectRootIsProtocolError) {
  expect_protocol_on_every_decoder(R"([{"code":0,"data":{"jobId":1}}])", "array root");
  expect_protocol_on_every_decoder(R"("code")", "string root");
  expect_protocol_on_every_decoder("0", "number root");
  expect_protocol_on_every_decoder("null", "null root");
  expect_protocol_on_every_decoder("true", "bool root");
}

TEST(HostileInput, MissingOrNonNumericCodeIsProtocolError) {
  expect_protocol_on_every_decoder(R"({"data":{"jobId":1}})", "no code");
  expect_protocol_on_every_decoder(R"({"code":"0","data":{"jobId":1}})", "code as string");
  expect_protocol_on_every_decoder(R"({"code":null,"data":{"jobId":1}})", "code null");
  expect_protocol_on_every_decoder(R"({"code":1e400,"data":{"jobId":1}})", "code overflowing double");
  expect_protocol_on_every_decoder(R"({"status":0,"data":{"jobId":1}})", "status instead of code");
}

TEST(HostileInput, InvalidUtf8InsideJsonIsProtocolError) {
  expect_protocol_on_every_decoder("{\"code\":0,\"data\":{\"jobId\":\"\xff\xfe\"}}", "invalid utf-8 string");
  const char with_nul[] = "{\"code\":0,\0\"data\":{}}";
  expect_protocol_on_every_decoder(std::string(with_nul, sizeof with_nul - 1), "NUL byte");
}

TEST(HostileInput, ArraysNested100000LevelsDoNotCrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  expect_protocol_on_every_decoder(deep, "deep array root");
  const std::string inside = R"({"code":0,"data":{"jobId":1,"records":)" + deep + "}}";
  SCOPED_TRACE("deep array inside data.records");
  auto info = error_of([&] { (void)decode_refresh_list(Reply{Route::refresh_list, 200, inside}); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::protocol);
  auto info2 = error_of([&] { (void)decode_import_list(Reply{Route::import_list, 200, inside}); });
  ASSERT_TRUE(info2);
  EXPECT_EQ(info2->category, Category::protocol);
}

TEST(HostileInput, UnclosedArraysNested100000LevelsDoNotCrash) {
  expect_protocol_on_every_decoder(std::string(100000, '['), "unclosed deep array");
}

TEST(HostileInput, ObjectsNested100000LevelsDoNotCrash) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "{\"a\":";
  deep += "1";
  deep += std::string(100000, '}');
  const std::string body = R"({"code":0,"data":{"jobId":)" + deep + "}}";
  const std::string details = R"({"code":0,"data":{"jobId":"1","details":)" + deep + "}}";
  auto info = error_of([&] { (void)decode_refresh_job(Reply{Route::refresh_describe, 200, body}); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::protocol);
  auto info2 = error_of([&] { (void)decode_import_job(Reply{Route::import_describe, 200, details}); });
  ASSERT_TRUE(info2);
  EXPECT_EQ(info2->category, Category::protocol);
}

TEST(HostileInput, HugeNumbersAreProtocolErrorsNotWrappedValues) {
  const std::vector<std::string> bodies = {
      R"({"code":0,"data":{"jobId":)" + std::string(400, '9') + "}}",
      R"({"code":0,"data":{"jobId":1e400}})",
      R"({"code":0,"data":{"jobId":-1e400}})",
      R"({"code":0,"data":{"jobId":1e300}})",
      R"({"code":0,"data":{"jobId":9223372036854775808}})",
      R"({"code":0,"data":{"jobId":18446744073709551616}})",
      R"({"code":0,"data":{"jobId":-9223372036854775809}})",
      R"({"code":0,"data":{"jobId":9007199254740994.0}})",
  };
  for (const auto& body : bodies) {
    SCOPED_TRACE(body.substr(0, 80));
    auto info = error_of([&] { (void)decode_refresh_created(Reply{Route::refresh, 200, body}); });
    ASSERT_TRUE(info);
    EXPECT_EQ(info->category, Category::protocol);
  }
}

TEST(HostileInput, ProgressAboveInt64MaxIsProtocolError) {
  for (const std::string body : {
           R"({"code":0,"data":{"jobId":1,"progress":9223372036854775808}})",
           R"({"code":0,"data":{"jobId":1,"progress":18446744073709551615}})",
           R"({"code":0,"data":{"jobId":1,"progress":1e19}})",
       }) {
    auto info = error_of([&] { (void)decode_refresh_job(Reply{Route::refresh_describe, 200, body}); });
    ASSERT_TRUE(info) << body;
    EXPECT_EQ(info->category, Category::protocol) << body;
  }
}

TEST(HostileInput, IntegralFloatWithinDoublePrecisionIsAccepted) {
  const std::string body = R"({"code":0,"data":{"jobId":1001.0,"progress":4.2e1}})";
  const RefreshJob job = decode_refresh_job(Reply{Route::refresh_describe, 200, body});
  EXPECT_EQ(job.job_id, 1001);
  EXPECT_EQ(job.progress, 42);
}

TEST(HostileInput, HugeCodeOnHttp200IsAFailureNotSuccess) {
  // 2^32 would truncate to 0 (success) if narrowed to int32 before the check.
  const std::string body = R"({"code":4294967296,"data":{"jobId":1}})";
  auto info = error_of([&] { (void)decode_refresh_created(Reply{Route::refresh, 200, body}); });
  ASSERT_TRUE(info);
  EXPECT_NE(info->category, Category::ok);
  EXPECT_FALSE(info->message.empty());
}

TEST(HostileInput, VeryLongNonJsonBodyGivesABoundedMessage) {
  const std::string body(1 << 20, 'x');
  auto info = error_of([&] { (void)decode_import_list(Reply{Route::import_list, 200, body}); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::protocol);
  EXPECT_LT(info->message.size(), 1000u);
}

}  // namespace
}  // namespace mj::protocol
