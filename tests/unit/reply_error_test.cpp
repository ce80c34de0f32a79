// The envelope (docs/protocol.md, "Envelope" and "Errors"): which answers are success, and how
// each failure maps to a category, retriability and a message.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/codec.hpp"
#include "protocol/reply_error.hpp"
#include "protocol/snapshot_codec.hpp"
#include "test_support.hpp"

namespace mj::protocol {
namespace {

using test::error_of;
using test::wire;

const Route kAllRoutes[] = {Route::refresh,          Route::refresh_describe,  Route::refresh_list,
                            Route::import_create,    Route::import_describe,   Route::import_list,
                            Route::import_commit,    Route::import_abort,      Route::snapshot_export,
                            Route::snapshot_restore, Route::snapshot_describe, Route::snapshot_list};

// Runs the decoder of `route` on the answer and returns the failure it throws.
std::optional<ErrorInfo> failure_of(Route route, int http_status, const std::string& body) {
  const Reply reply{route, http_status, body};
  return error_of([&] {
    switch (route) {
      case Route::refresh: (void)decode_refresh_created(reply); break;
      case Route::refresh_describe: (void)decode_refresh_job(reply); break;
      case Route::refresh_list: (void)decode_refresh_list(reply); break;
      case Route::import_create: (void)decode_import_created(reply); break;
      case Route::import_describe: (void)decode_import_job(reply); break;
      case Route::import_list: (void)decode_import_list(reply); break;
      case Route::import_commit:
      case Route::import_abort: decode_empty(reply); break;
      case Route::snapshot_export: (void)decode_snapshot_exported(reply); break;
      case Route::snapshot_restore: (void)decode_snapshot_restore_started(reply); break;
      case Route::snapshot_describe: (void)decode_snapshot_job(reply); break;
      case Route::snapshot_list: (void)decode_snapshot_list(reply); break;
    }
  });
}

// ---------------------------------------------------------------- is_success_code

TEST(IsSuccessCode, ZeroIsSuccess) {
  EXPECT_TRUE(is_success_code(0, true, ""));
  EXPECT_TRUE(is_success_code(0, false, ""));
}

TEST(IsSuccessCode, ZeroWithAMessageIsStillSuccess) {
  // docs/protocol.md, "Envelope": the body code decides, 0 = success.
  EXPECT_TRUE(is_success_code(0, false, "success"));
}

TEST(IsSuccessCode, LegacyCode200WithDataAndNoMessageIsSuccess) { EXPECT_TRUE(is_success_code(200, true, "")); }

TEST(IsSuccessCode, Code200WithAMessageOrWithoutDataIsNotSuccess) {
  EXPECT_FALSE(is_success_code(200, false, "partition not found[partition=p1]"));
  EXPECT_FALSE(is_success_code(200, true, "partition not found[partition=p1]"));
  EXPECT_FALSE(is_success_code(200, false, ""));
}

TEST(IsSuccessCode, EveryOtherCodeIsNotSuccess) {
  for (int64_t code : {1LL, 2LL, 100LL, 201LL, 703LL, 1100LL, 1800LL, 65535LL, -1LL, 4294967296LL}) {
    EXPECT_FALSE(is_success_code(code, true, "")) << code;
  }
}

// ---------------------------------------------------------------- success through the decoders

TEST(Envelope, LegacyCode200WithDataAndNoMessageDecodesAsSuccess) {
  const std::string created = R"({"code":200,"data":{"jobId":"448761313698322011"}})";
  EXPECT_EQ(decode_import_created(Reply{Route::import_create, 200, created}), "448761313698322011");
  const std::string list = R"({"code":200,"data":{"records":[]}})";
  EXPECT_TRUE(decode_import_list(Reply{Route::import_list, 200, list}).empty());
}

TEST(Envelope, Code200WithAMessageAndNoDataIsPartitionNotFound) {
  const std::string body = R"({"code":200,"message":"partition not found[partition=p2024]"})";
  for (Route route : kAllRoutes) {
    auto info = failure_of(route, 200, body);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->category, Category::not_found) << route_path(route);
    EXPECT_EQ(info->server_code, 200);
    EXPECT_EQ(info->server_message, "partition not found[partition=p2024]");
  }
}

TEST(Envelope, Code200WithDataAndAMessageIsNotSuccess) {
  const std::string body = R"({"code":200,"message":"partition not found","data":{"jobId":"1"}})";
  auto info = failure_of(Route::import_create, 200, body);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::not_found);
}

TEST(Envelope, Code0WithDataButNonOkHttpStatusIsAFailure) {
  const std::string body = R"({"code":0,"data":{"jobId":1}})";
  auto info = failure_of(Route::refresh, 503, body);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::server);
  EXPECT_EQ(info->http_status, 503);
}

// ---------------------------------------------------------------- body codes on HTTP 200 (1.5)

struct CodeCase {
  int64_t code;
  const char* message;
  Route route;
  Category category;
  bool retriable;
};

class BodyCodeOnHttp200 : public ::testing::TestWithParam<CodeCase> {};

TEST_P(BodyCodeOnHttp200, MapsToTheDocumentedCategory) {
  const CodeCase& c = GetParam();
  const std::string body =
      R"({"code":)" + std::to_string(c.code) + R"(,"message":)" + nlohmann::json(c.message).dump() + "}";
  auto info = failure_of(c.route, 200, body);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, c.category) << "code " << c.code << " on " << route_path(c.route);
  EXPECT_EQ(info->retriable, c.retriable) << "code " << c.code << " on " << route_path(c.route);
  EXPECT_EQ(info->server_code, c.code);
  EXPECT_EQ(info->server_message, c.message) << "server message kept verbatim";
  EXPECT_EQ(info->http_status, 200);
  EXPECT_FALSE(info->message.empty());
  EXPECT_NE(info->message.find(std::to_string(c.code)), std::string::npos) << info->message;
  if (*c.message) {
    EXPECT_NE(info->message.find(c.message), std::string::npos) << info->message;
  }
}

const CodeCase kBodyCodes[] = {
    // not found
    {100, "collection not found[collection=external_books]", Route::refresh, Category::not_found, false},
    {100, "collection not found[collection=my_collection]", Route::import_list, Category::not_found, false},
    {200, "partition not found[partition=p1]", Route::import_create, Category::not_found, false},
    {800, "database not found[database=analytics]", Route::refresh_list, Category::not_found, false},
    {2101, "import job does not exist, jobID=448761313698322011", Route::import_describe, Category::not_found, false},
    {1100, "refresh job 5 not found: invalid parameter", Route::refresh_describe, Category::not_found, false},
    // duplicate
    {703,
     "refresh job 449012345678901234 is already in progress for collection external_books; poll that jobID or "
     "wait for it to complete: task duplicates[taskType=refresh_external_collection]",
     Route::refresh, Category::duplicate_job, false},
    // invalid argument
    {1100, "collection foo is not an external collection: invalid parameter", Route::refresh,
     Category::invalid_argument, false},
    {1100, "parse job id failed: strconv.ParseInt: parsing \"abc\": invalid syntax", Route::import_describe,
     Category::invalid_argument, false},
    {1100, "import request is empty", Route::import_create, Category::invalid_argument, false},
    {1101, "missing parameter[job_id]", Route::refresh_describe, Category::invalid_argument, false},
    {1801, "can only accept json format request, error: EOF", Route::refresh_describe, Category::invalid_argument,
     false},
    {1802, "missing required parameters, error: Key: 'JobIDReq.JobID'", Route::import_describe,
     Category::invalid_argument, false},
    {2100, "importing data failed: The max number of import files should not exceed 1024", Route::import_create,
     Category::invalid_argument, false},
    // auth
    {1800, "user hasn't authenticated", Route::import_list, Category::unauthenticated, false},
    {1400, "privilege not authenticated", Route::refresh_list, Category::unauthenticated, false},
    {1401, "privilege not permitted", Route::refresh, Category::permission_denied, false},
    // load shedding
    {1807, "request is rejected by limiter, error: rate limit exceeded[rate=0.1]", Route::refresh,
     Category::rate_limited, true},
    {1807, "request is rejected by limiter", Route::refresh_list, Category::rate_limited, true},
    // server: retriable for reads, never for creates
    {1, "service not ready", Route::refresh_describe, Category::server, true},
    {1, "service not ready", Route::import_list, Category::server, true},
    {1, "service not ready", Route::refresh, Category::server, false},
    {1, "service not ready", Route::import_create, Category::server, false},
    {2, "service unavailable", Route::refresh_list, Category::server, true},
    {2, "service unavailable", Route::import_describe, Category::server, true},
    {2, "service unavailable", Route::refresh, Category::server, false},
    {2, "service unavailable", Route::import_create, Category::server, false},
    {65535, "unexpected error", Route::refresh_describe, Category::server, false},
    {65535, "unexpected error", Route::import_create, Category::server, false},
    {10001, "request timeout", Route::import_describe, Category::timeout, true},
    {10001, "request timeout", Route::import_create, Category::timeout, false},
    {12345, "a code this library does not know", Route::import_list, Category::server, false},
};

INSTANTIATE_TEST_SUITE_P(WireProtocolSection1_5, BodyCodeOnHttp200, ::testing::ValuesIn(kBodyCodes));

TEST(Envelope, DuplicateRefreshCarriesTheRunningJobIdFromTheMessage) {
  const std::string body = wire("refresh_duplicate_703.json");
  auto info = failure_of(Route::refresh, 200, body);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::duplicate_job);
  EXPECT_EQ(info->job_id, "449012345678901234");
  EXPECT_EQ(info->job_number, int64_t{449012345678901234}) << "decoded once, exactly (above 2^53)";
  EXPECT_EQ(info->server_code, 703);
  EXPECT_NE(info->message.find("449012345678901234"), std::string::npos) << info->message;
  EXPECT_FALSE(info->retriable);
}

TEST(Envelope, DuplicateWithoutAnIdInTheMessageHasEmptyJobIdAndAMessage) {
  const std::string body = R"({"code":703,"message":"task duplicates[taskType=refresh_external_collection]"})";
  auto info = failure_of(Route::refresh, 200, body);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::duplicate_job);
  EXPECT_EQ(info->job_id, "");
  EXPECT_EQ(info->job_number, 0);
  EXPECT_FALSE(info->message.empty());
}

TEST(Envelope, DuplicateWithAnIdBeyondInt64KeepsTheTextAndNoNumber) {
  const std::string body =
      R"({"code":703,"message":"refresh job 99999999999999999999 is already in progress for collection c"})";
  auto info = failure_of(Route::refresh, 200, body);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->job_id, "99999999999999999999");
  EXPECT_EQ(info->job_number, 0);
}

TEST(Envelope, RefreshJobNotFoundWireExampleIsNotFound) {
  auto info = failure_of(Route::refresh_describe, 200, wire("refresh_describe_not_found_1100.json"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::not_found);
  EXPECT_EQ(info->server_code, 1100);
  EXPECT_EQ(info->server_message, "refresh job 5 not found: invalid parameter");
}

TEST(Envelope, SourceSpecPairWireExampleIsInvalidArgumentKeptVerbatim) {
  auto info = failure_of(Route::refresh, 200, wire("refresh_error_pair_1100.json"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::invalid_argument);
  EXPECT_EQ(info->server_message,
            "external_source and external_spec must be both provided or both omitted on refresh (got "
            "source=\"s3://bucket/books_v2\", spec=\"\"): invalid parameter");
}

TEST(Envelope, ImportJobDoesNotExistWireExampleIsNotFound) {
  auto info = failure_of(Route::import_describe, 200, wire("import_describe_not_found_2101.json"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::not_found);
  EXPECT_EQ(info->server_code, 2101);
}

TEST(Envelope, BindErrorWireExamplesAreInvalidArgument) {
  for (const char* file : {"error_1801_bind.json", "error_1802_missing.json"}) {
    auto info = failure_of(Route::refresh_describe, 200, wire(file));
    ASSERT_TRUE(info) << file;
    EXPECT_EQ(info->category, Category::invalid_argument) << file;
  }
}

TEST(Envelope, FailureWithoutMessageStillGivesANonEmptyMessage) {
  for (Route route : kAllRoutes) {
    auto info = failure_of(route, 200, R"({"code":1100})");
    ASSERT_TRUE(info);
    EXPECT_EQ(info->category, Category::invalid_argument);
    EXPECT_EQ(info->server_message, "");
    EXPECT_FALSE(info->message.empty());
  }
}

// ---------------------------------------------------------------- non-200 HTTP statuses with JSON bodies (1.3)

struct HttpCase {
  int http_status;
  const char* body;
  Route route;
  Category category;
  bool retriable;
  int32_t server_code;
};

class HttpStatusWithJsonBody : public ::testing::TestWithParam<HttpCase> {};

TEST_P(HttpStatusWithJsonBody, MapsToTheDocumentedCategory) {
  const HttpCase& c = GetParam();
  auto info = failure_of(c.route, c.http_status, c.body);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, c.category) << "HTTP " << c.http_status << " on " << route_path(c.route);
  EXPECT_EQ(info->retriable, c.retriable) << "HTTP " << c.http_status << " on " << route_path(c.route);
  EXPECT_EQ(info->http_status, c.http_status);
  EXPECT_EQ(info->server_code, c.server_code);
  EXPECT_FALSE(info->message.empty());
  EXPECT_NE(info->message.find(std::to_string(c.http_status)), std::string::npos) << info->message;
}

const HttpCase kHttpCases[] = {
    {401, R"({"code":1800,"message":"user hasn't authenticated"})", Route::refresh, Category::unauthenticated, false,
     1800},
    {401, R"({"code":1800,"message":"user hasn't authenticated"})", Route::import_list, Category::unauthenticated,
     false, 1800},
    {403, R"({"code":65535,"message":"PrivilegeImport: permission deny to bob in the `default` database"})",
     Route::import_describe, Category::permission_denied, false, 65535},
    {403, R"({"code":65535,"message":"PrivilegeRefreshExternalCollection: permission deny to bob"})", Route::refresh,
     Category::permission_denied, false, 65535},
    {408, R"({"code":10001,"message":"request timeout"})", Route::refresh_describe, Category::timeout, true, 10001},
    {408, R"({"code":10001,"message":"request timeout"})", Route::import_create, Category::timeout, false, 10001},
    {429, R"({"code":1807,"message":"request is rejected by limiter"})", Route::refresh, Category::rate_limited, true,
     1807},
    {429, R"({"code":1807,"message":"too many requests"})", Route::import_list, Category::rate_limited, true, 1807},
    {500, R"({"code":500})", Route::refresh_describe, Category::server, false, 500},
    {500, R"({"code":500})", Route::import_create, Category::server, false, 500},
    {502, R"({"code":502,"message":"bad gateway"})", Route::import_list, Category::server, true, 502},
    {502, R"({"code":502,"message":"bad gateway"})", Route::import_create, Category::server, false, 502},
    {503, R"({"code":2,"message":"service unavailable"})", Route::refresh_list, Category::server, true, 2},
    {503, R"({"code":2,"message":"service unavailable"})", Route::refresh, Category::server, false, 2},
};

INSTANTIATE_TEST_SUITE_P(WireProtocolSection1_3, HttpStatusWithJsonBody, ::testing::ValuesIn(kHttpCases));

TEST(Envelope, Http401WireExampleKeepsCodeAndMessageVerbatim) {
  auto info = failure_of(Route::refresh_list, 401, wire("error_401_unauthenticated.json"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::unauthenticated);
  EXPECT_EQ(info->server_code, 1800);
  EXPECT_EQ(info->server_message, "user hasn't authenticated");
  EXPECT_NE(info->message.find("user hasn't authenticated"), std::string::npos);
}

TEST(Envelope, Http403WireExampleIsPermissionDeniedDespiteCode65535) {
  auto info = failure_of(Route::import_describe, 403, wire("error_403_permission.json"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::permission_denied);
  EXPECT_EQ(info->server_code, 65535);
  EXPECT_EQ(info->server_message, "PrivilegeImport: permission deny to bob in the `default` database");
}

TEST(Envelope, Http408And500WireExamples) {
  auto timeout = failure_of(Route::import_list, 408, wire("error_408_timeout.json"));
  ASSERT_TRUE(timeout);
  EXPECT_EQ(timeout->category, Category::timeout);
  EXPECT_EQ(timeout->server_code, 10001);
  auto panic = failure_of(Route::import_list, 500, wire("error_500_panic.json"));
  ASSERT_TRUE(panic);
  EXPECT_EQ(panic->category, Category::server);
  EXPECT_EQ(panic->server_code, 500);
  EXPECT_EQ(panic->server_message, "");
  EXPECT_FALSE(panic->message.empty());
}

TEST(Envelope, Http5xxWithTextBodyIsServerError) {
  auto info = failure_of(Route::refresh_list, 502, "<html>Bad Gateway</html>");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::server);
  EXPECT_TRUE(info->retriable);
  EXPECT_EQ(info->server_code, 0);
  EXPECT_NE(info->message.find("502"), std::string::npos) << info->message;
}

// ---------------------------------------------------------------- 404: route missing (Milvus < 3.0)

TEST(Envelope, Http404TextOnARefreshRouteIsUnsupportedNeedingMilvus3) {
  const std::string body = wire("http_404_route.txt");
  for (Route route : {Route::refresh, Route::refresh_describe, Route::refresh_list}) {
    auto info = failure_of(route, 404, body);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->category, Category::unsupported) << route_path(route);
    EXPECT_NE(info->message.find("needs Milvus >= 3.0"), std::string::npos) << info->message;
    EXPECT_NE(info->message.find(std::string(route_path(route))), std::string::npos) << info->message;
    EXPECT_EQ(info->http_status, 404);
    EXPECT_EQ(info->server_code, 0);
    EXPECT_FALSE(info->retriable);
  }
}

TEST(Envelope, Http404TextOnAnImportRouteIsUnsupported) {
  const std::string body = wire("http_404_route.txt");
  for (Route route :
       {Route::import_create, Route::import_describe, Route::import_list, Route::import_commit, Route::import_abort}) {
    auto info = failure_of(route, 404, body);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->category, Category::unsupported) << route_path(route);
    EXPECT_NE(info->message.find(std::string(route_path(route))), std::string::npos) << info->message;
    EXPECT_EQ(info->http_status, 404);
    EXPECT_FALSE(info->retriable);
  }
}

// ---------------------------------------------------------------- classify_failure directly

TEST(ClassifyFailure, CodeOutsideInt32KeepsZeroServerCodeAndNamesTheCode) {
  const ErrorInfo info =
      classify_failure(Route::import_list, 200, true, int64_t{4294967296}, "weird", R"({"code":4294967296})");
  EXPECT_EQ(info.category, Category::server);
  EXPECT_EQ(info.server_code, 0);
  EXPECT_NE(info.message.find("4294967296"), std::string::npos) << info.message;
}

TEST(ClassifyFailure, OtherHttpStatusWithoutCodeIsProtocol) {
  const ErrorInfo info = classify_failure(Route::import_list, 302, false, std::nullopt, "", "Found");
  EXPECT_EQ(info.category, Category::protocol);
  EXPECT_EQ(info.http_status, 302);
  EXPECT_FALSE(info.message.empty());
}

TEST(ClassifyFailure, MessagesAreNeverEmpty) {
  const std::vector<int> statuses = {200, 400, 401, 403, 404, 408, 429, 500, 502, 503, 504};
  const std::vector<std::optional<int64_t>> codes = {std::nullopt, 0, 1, 2, 100, 200, 703, 1100, 1800, 1807, 65535};
  for (Route route : kAllRoutes) {
    for (int status : statuses) {
      for (const auto& code : codes) {
        for (bool json_body : {true, false}) {
          if (status == 200 && code && *code == 0) continue;  // success, never classified
          const ErrorInfo info = classify_failure(route, status, json_body, code, "", "");
          EXPECT_FALSE(info.message.empty()) << route_path(route) << " " << status;
          EXPECT_NE(info.category, Category::ok);
          EXPECT_EQ(info.http_status, status);
        }
      }
    }
  }
}

TEST(ClassifyFailure, AHugeServerMessageIsQuotedCutAndKeptWhole) {
  // A fuzz finding: a 17 KB message came back whole in the error's message.
  const std::string text = "external_source is invalid: " + std::string(16000, '[') + "\xe2\x80\xa6 end";
  nlohmann::json body = {{"code", 1100}, {"message", text}};
  for (Route route : kAllRoutes) {
    auto info = failure_of(route, 200, body.dump());
    ASSERT_TRUE(info);
    EXPECT_EQ(info->category, Category::invalid_argument);
    EXPECT_EQ(info->server_message, text);
    EXPECT_LT(info->message.size(), 2048u);
    EXPECT_NE(info->message.find("external_source is invalid: [[["), std::string::npos);
    EXPECT_NE(info->message.find(std::to_string(text.size()) + " bytes"), std::string::npos) << info->message;
  }
}

}  // namespace
}  // namespace mj::protocol
