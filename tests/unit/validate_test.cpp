// Argument checks done before any request is sent (jobs/validate.hpp and
// protocol::check_external_spec; docs/protocol.md, "Requests").
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jobs/validate.hpp"
#include "protocol/codec.hpp"
#include "test_support.hpp"

namespace mj::jobs {
namespace {

using protocol::ImportRequest;
using protocol::RefreshRequest;
using test::error_of;

const char* const kParquetSpec =
    R"({"format":"parquet","extfs":{"cloud_provider":"aws","region":"us-west-2","use_iam":"true"}})";

RefreshRequest refresh(std::string source = "", std::string spec = "") {
  RefreshRequest r;
  r.collection_name = "external_books";
  r.external_source = std::move(source);
  r.external_spec = std::move(spec);
  return r;
}

void expect_invalid(const std::function<void()>& fn, const std::string& what) {
  SCOPED_TRACE(what);
  auto info = error_of(fn);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::invalid_argument);
  EXPECT_FALSE(info->message.empty());
}

std::string invalid_message(const std::function<void()>& fn) {
  auto info = error_of(fn);
  if (!info) return {};
  EXPECT_EQ(info->category, Category::invalid_argument);
  return info->message;
}

// ---------------------------------------------------------------- check_refresh_request

TEST(CheckRefreshRequest, AcceptsCollectionAloneToReuseThePersistedPair) {
  EXPECT_NO_THROW(check_refresh_request(refresh()));
}

TEST(CheckRefreshRequest, AcceptsTheWireExampleSourceAndSpec) {
  EXPECT_NO_THROW(check_refresh_request(refresh("s3://bucket/books_v2", kParquetSpec)));
}

TEST(CheckRefreshRequest, AcceptsEveryFormatTheServerKnows) {
  for (const char* format : {"parquet", "lance-table", "vortex", "iceberg-table", "milvus-table"}) {
    const std::string spec = std::string(R"({"format":")") + format + "\"}";
    EXPECT_NO_THROW(check_refresh_request(refresh("s3://bucket/p", spec))) << format;
  }
}

TEST(CheckRefreshRequest, AcceptsSourcesOfEveryAllowedScheme) {
  for (const char* source : {"s3://b/p", "s3a://b/p", "aws://b", "minio://b/p/q", "oss://b/p", "cos://b/p", "obs://b/p",
                             "gs://b/p", "gcs://b/p", "azure://container/p"}) {
    EXPECT_NO_THROW(check_refresh_request(refresh(source, R"({"format":"parquet"})"))) << source;
  }
}

TEST(CheckRefreshRequest, RejectsEmptyCollectionName) {
  expect_invalid([] { check_refresh_request(RefreshRequest{}); }, "empty collection");
  const std::string msg = invalid_message([] { check_refresh_request(RefreshRequest{}); });
  EXPECT_NE(msg.find("collection_name"), std::string::npos) << msg;
}

TEST(CheckRefreshRequest, RejectsCollectionNameLongerThan1024Bytes) {
  RefreshRequest r = refresh();
  r.collection_name.assign(1025, 'c');
  expect_invalid([&] { check_refresh_request(r); }, "long name");
  r.collection_name.assign(1024, 'c');
  EXPECT_NO_THROW(check_refresh_request(r));
}

TEST(CheckRefreshRequest, RejectsSourceWithoutSpec) {
  const std::string msg = invalid_message([] { check_refresh_request(refresh("s3://bucket/books_v2", "")); });
  EXPECT_NE(msg.find("external_spec"), std::string::npos) << msg;
}

TEST(CheckRefreshRequest, RejectsSpecWithoutSource) {
  const std::string msg = invalid_message([] { check_refresh_request(refresh("", kParquetSpec)); });
  EXPECT_NE(msg.find("external_source"), std::string::npos) << msg;
}

TEST(CheckRefreshRequest, RejectsSpecThatIsNotAJsonObject) {
  for (const char* spec :
       {"parquet", "\"parquet\"", "[]", R"([{"format":"parquet"}])", "42", "null", "{", R"({"format":"parquet"} x)"}) {
    expect_invalid([&] { check_refresh_request(refresh("s3://b/p", spec)); }, spec);
  }
}

TEST(CheckRefreshRequest, RejectsMissingOrNonStringFormat) {
  for (const char* spec : {"{}", R"({"extfs":{"region":"us-west-2"}})", R"({"format":null})", R"({"format":1})",
                           R"({"format":["parquet"]})", R"({"Format":"parquet"})"}) {
    expect_invalid([&] { check_refresh_request(refresh("s3://b/p", spec)); }, spec);
  }
}

TEST(CheckRefreshRequest, RejectsUnknownFormat) {
  for (const char* spec :
       {R"({"format":"csv"})", R"({"format":"Parquet"})", R"({"format":""})", R"({"format":"parquet "})"}) {
    expect_invalid([&] { check_refresh_request(refresh("s3://b/p", spec)); }, spec);
  }
  const std::string msg = invalid_message([] { check_refresh_request(refresh("s3://b/p", R"({"format":"csv"})")); });
  EXPECT_NE(msg.find("csv"), std::string::npos) << msg;
}

TEST(CheckRefreshRequest, RejectsExtfsThatIsNotAnObject) {
  for (const char* spec : {R"({"format":"parquet","extfs":"region=us"})", R"({"format":"parquet","extfs":[]})",
                           R"({"format":"parquet","extfs":null})"}) {
    expect_invalid([&] { check_refresh_request(refresh("s3://b/p", spec)); }, spec);
  }
}

TEST(CheckRefreshRequest, RejectsExtfsNonStringValues) {
  for (const char* spec :
       {R"({"format":"parquet","extfs":{"use_iam":true}})", R"({"format":"parquet","extfs":{"load_frequency":60}})",
        R"({"format":"parquet","extfs":{"region":null}})", R"({"format":"parquet","extfs":{"region":{"name":"us"}}})",
        R"({"format":"parquet","extfs":{"region":"us-west-2","anonymous":false}})"}) {
    expect_invalid([&] { check_refresh_request(refresh("s3://b/p", spec)); }, spec);
  }
  const std::string msg = invalid_message(
      [] { check_refresh_request(refresh("s3://b/p", R"({"format":"parquet","extfs":{"use_iam":true}})")); });
  EXPECT_NE(msg.find("use_iam"), std::string::npos) << msg;
}

TEST(CheckRefreshRequest, AcceptsAnEmptyExtfsObject) {
  EXPECT_NO_THROW(check_refresh_request(refresh("s3://b/p", R"({"format":"parquet","extfs":{}})")));
}

TEST(CheckRefreshRequest, RejectsSourceWithoutScheme) {
  for (const char* source : {"bucket/books", "/abs/path", "./relative", "://bucket/p", "s3:/bucket/p", "s3:bucket",
                             "s 3://bucket/p", "s3_x://bucket/p"}) {
    expect_invalid([&] { check_refresh_request(refresh(source, R"({"format":"parquet"})")); }, source);
  }
}

TEST(CheckRefreshRequest, RejectsSourceWithoutHost) {
  for (const char* source : {"s3://", "s3:///books", "s3:////"}) {
    expect_invalid([&] { check_refresh_request(refresh(source, R"({"format":"parquet"})")); }, source);
  }
}

TEST(CheckRefreshRequest, RejectsSourceWithUserinfoWithoutEchoingIt) {
  for (const char* source : {"s3://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMIK7MDENGbPxRfiCY@bucket/books",
                             "s3://user@bucket/books", "s3://@bucket"}) {
    const std::string msg = invalid_message([&] { check_refresh_request(refresh(source, R"({"format":"parquet"})")); });
    EXPECT_FALSE(msg.empty()) << source;
    EXPECT_EQ(msg.find("wJalrXUtnFEMIK7MDENGbPxRfiCY"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos) << msg;
  }
}

TEST(CheckRefreshRequest, AcceptsAtSignInThePathAfterTheHost) {
  EXPECT_NO_THROW(check_refresh_request(refresh("s3://bucket/users/a@b.parquet", R"({"format":"parquet"})")));
}

// ---------------------------------------------------------------- check_external_spec never echoes secrets

TEST(CheckExternalSpec, ErrorMessagesNeverContainExtfsSecretValues) {
  const std::string ak = "AKIAIOSFODNN7EXAMPLE";
  const std::string sk = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  const std::string ca = "-----BEGIN CERTIFICATE-----MIIBszCCAVmgAwIBAgIU";
  const std::string ext = "external-id-0f8e7d6c5b4a";
  const std::string extfs = R"("extfs":{"cloud_provider":"aws","access_key_id":")" + ak + R"(","access_key_value":")" +
                            sk + R"(","ssl_ca_cert":")" + ca + R"(","external_id":")" + ext + "\"";
  const std::vector<std::string> bad_specs = {
      "{" + extfs + "}}",                                          // no format
      R"({"format":"csv",)" + extfs + "}}",                        // unknown format
      R"({"format":7,)" + extfs + "}}",                            // format not a string
      R"({"format":"parquet",)" + extfs + R"(,"use_iam":true}})",  // extfs non-string value
      R"({"format":"parquet",)" + extfs + "}",                     // truncated JSON
      "[{" + extfs + "}}]",                                        // not an object
      R"({"format":"parquet",)" + extfs + "}} trailing " + sk,     // trailing garbage
  };
  for (const auto& spec : bad_specs) {
    auto info = error_of([&] { protocol::check_external_spec(spec); });
    ASSERT_TRUE(info) << spec;
    EXPECT_EQ(info->category, Category::invalid_argument);
    for (const std::string* secret : {&ak, &sk, &ca, &ext}) {
      EXPECT_EQ(info->message.find(*secret), std::string::npos) << "secret echoed: " << info->message;
    }
    // And through check_refresh_request too.
    auto via = error_of([&] { check_refresh_request(refresh("s3://bucket/p", spec)); });
    ASSERT_TRUE(via);
    for (const std::string* secret : {&ak, &sk, &ca, &ext}) {
      EXPECT_EQ(via->message.find(*secret), std::string::npos) << "secret echoed: " << via->message;
    }
  }
}

TEST(CheckExternalSpec, NonStringSecretValueIsNotEchoed) {
  const std::string spec = R"({"format":"parquet","extfs":{"access_key_value":98765432123456789}})";
  auto info = error_of([&] { protocol::check_external_spec(spec); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->message.find("98765432123456789"), std::string::npos) << info->message;
  EXPECT_NE(info->message.find("access_key_value"), std::string::npos) << info->message;
}

TEST(CheckExternalSpec, AcceptsAValidSpecWithSecrets) {
  EXPECT_NO_THROW(protocol::check_external_spec(
      R"({"format":"parquet","columns":["id","vec"],"snapshot_id":"7","extfs":{"cloud_provider":"aws",)"
      R"("region":"us-west-2","access_key_id":"AK","access_key_value":"SK"}})"));
}

TEST(CheckExternalSpec, SnapshotIdMustBeAnInt64) {
  EXPECT_NO_THROW(protocol::check_external_spec(R"({"format":"iceberg-table","snapshot_id":3051729675574597004})"));
  EXPECT_NO_THROW(protocol::check_external_spec(R"({"format":"iceberg-table","snapshot_id":"3051729675574597004"})"));
  EXPECT_NO_THROW(protocol::check_external_spec(R"({"format":"iceberg-table","snapshot_id":null})"));
  for (const char* spec :
       {R"({"format":"iceberg-table","snapshot_id":1.5})",
        R"({"format":"iceberg-table","snapshot_id":30517296755745970040})",
        R"({"format":"iceberg-table","snapshot_id":"latest"})", R"({"format":"iceberg-table","snapshot_id":true})"}) {
    auto info = error_of([&] { protocol::check_external_spec(spec); });
    ASSERT_TRUE(info) << spec;
    EXPECT_EQ(info->category, Category::invalid_argument) << spec;
    EXPECT_NE(info->message.find("snapshot_id"), std::string::npos) << info->message;
  }
}

TEST(CheckRefreshRequest, AcceptsAZillizVolumeSource) {
  protocol::RefreshRequest r;
  r.collection_name = "books_ext";
  r.external_source = "volume://vol1/path/to/folder/";
  r.external_spec = R"({"format":"parquet"})";
  EXPECT_NO_THROW(check_refresh_request(r));
  r.external_source = "volume:///path";  // no volume name
  EXPECT_TRUE(error_of([&] { check_refresh_request(r); }));
}

// ---------------------------------------------------------------- check_import_request

ImportRequest import_req() {
  ImportRequest r;
  r.collection_name = "my_collection";
  r.files = {{"a/1.parquet"}, {"n/id.npy", "n/vector.npy"}};
  r.options = {{"timeout", "300s"}, {"auto_commit", "false"}};
  return r;
}

TEST(CheckImportRequest, AcceptsTheWireExample) { EXPECT_NO_THROW(check_import_request(import_req())); }

TEST(CheckImportRequest, AcceptsAnEmptyOptionValue) {
  ImportRequest r = import_req();
  r.options.push_back({"sep", ""});
  EXPECT_NO_THROW(check_import_request(r));
}

TEST(CheckImportRequest, RejectsEmptyCollectionName) {
  ImportRequest r = import_req();
  r.collection_name.clear();
  expect_invalid([&] { check_import_request(r); }, "empty collection");
}

TEST(CheckImportRequest, RejectsNoFiles) {
  ImportRequest r = import_req();
  r.files.clear();
  expect_invalid([&] { check_import_request(r); }, "no files");
}

TEST(CheckImportRequest, RejectsAnEmptyFileGroup) {
  ImportRequest r = import_req();
  r.files.push_back({});
  expect_invalid([&] { check_import_request(r); }, "empty group");
}

TEST(CheckImportRequest, RejectsAnEmptyPath) {
  ImportRequest r = import_req();
  r.files[1][1].clear();
  expect_invalid([&] { check_import_request(r); }, "empty path");
}

TEST(CheckImportRequest, RejectsAnEmptyOptionKey) {
  ImportRequest r = import_req();
  r.options.push_back({"", "x"});
  expect_invalid([&] { check_import_request(r); }, "empty option key");
}

TEST(CheckImportRequest, RejectsPartitionNameLongerThan1024Bytes) {
  ImportRequest r = import_req();
  r.partition_name.assign(1025, 'p');
  expect_invalid([&] { check_import_request(r); }, "long partition");
  r.partition_name = "p2024";
  EXPECT_NO_THROW(check_import_request(r));
}

// ---------------------------------------------------------------- check_import_job_id

TEST(CheckImportJobId, AcceptsNumericAndOpaqueIds) {
  EXPECT_NO_THROW(check_import_job_id("448761313698322011"));
  EXPECT_NO_THROW(check_import_job_id("job-xxxxxxxxxxxxxxxxxxxxx"));
  EXPECT_NO_THROW(check_import_job_id(std::string(256, '1')));
}

TEST(CheckImportJobId, RejectsEmptyAndOverlongIds) {
  expect_invalid([] { check_import_job_id(""); }, "empty");
  expect_invalid([] { check_import_job_id(std::string(257, '1')); }, "257 bytes");
}

// ---------------------------------------------------------------- headers

TEST(CheckHeaderValue, AcceptsPlainValues) {
  EXPECT_NO_THROW(check_header_value("token", "root:Milvus"));
  EXPECT_NO_THROW(check_header_value("db_name", ""));
  EXPECT_NO_THROW(check_header_value("token", "a\tb"));
}

TEST(CheckHeaderValue, RejectsCrLfAndNulAndNamesTheArgument) {
  for (const std::string& value : {std::string("abc\r"), std::string("abc\nX-Evil: 1"), std::string("a\r\nb"),
                                   std::string("\n"), std::string("a\0b", 3)}) {
    const std::string msg = invalid_message([&] { check_header_value("db_name", value); });
    EXPECT_NE(msg.find("db_name"), std::string::npos) << msg;
  }
}

TEST(CheckHeaderValue, NeverEchoesTheValue) {
  const std::string msg = invalid_message([] { check_header_value("token", "s3cr3t-api-key\r\n"); });
  EXPECT_EQ(msg.find("s3cr3t"), std::string::npos) << msg;
}

TEST(CheckExtraHeader, AcceptsNameColonValue) {
  EXPECT_NO_THROW(check_extra_header("X-Request-Source: nightly"));
  EXPECT_NO_THROW(check_extra_header("X_Custom:v"));
}

TEST(CheckExtraHeader, RejectsMalformedHeaders) {
  for (const char* h :
       {"no colon", ": value", "X Bad: v", "X-Bad\t: v", "X-Ok: a\r\nX-Evil: 1", "X-Ok: a\n", "Ünicode: v"}) {
    expect_invalid([&] { check_extra_header(h); }, h);
  }
}

}  // namespace
}  // namespace mj::jobs
