// Tokens, API keys and storage keys never show in what an error carries
// (message, server message, request id, trace id, job id), whatever went
// wrong: each error path is provoked with secrets in play, then grepped.
#include <gtest/gtest.h>

#include <iostream>
#include <string>
#include <vector>

#include "faults.hpp"
#include "world.hpp"

namespace mjtest {
namespace {

const char* const kToken = "tok-S3CRET-a1b2c3";
const char* const kStorageKeys[] = {"AKIA-S3CRET-ACCESS", "S3CRET-secret-key-value", "S3CRET-session-token"};
// Fragments of the above that would show a partial leak too.
const char* const kNeedles[] = {"S3CRET", "a1b2c3", "AKIA"};

class Secrets : public World {
 protected:
  void SetUp() override {
    DevServerOptions o;
    o.data_dir = dir.path() + "/data";
    o.config_file = config;
    o.token = kToken;
    server = std::make_unique<DevServer>(o);
    client = make_client(server->uri(), kToken, "", 2000);
  }

  void TearDown() override { std::cout << "[ secrets ] " << checked << " errors grepped, no secret found\n"; }

  // Greps everything `e` carries, then frees it.
  void expect_clean(mj_error* e, const std::string& what) {
    ASSERT_NE(e, nullptr) << what << ": expected an error";
    ++checked;
    const std::string fields[] = {mj_error_message(e), mj_error_server_message(e), mj_error_request_id(e),
                                  mj_error_trace_id(e), mj_error_job_id(e)};
    for (const auto& field : fields) {
      for (const char* needle : kNeedles) {
        EXPECT_EQ(field.find(needle), std::string::npos) << what << ": \"" << needle << "\" in: " << field;
      }
    }
    mj_error_free(e);
  }

  // A bulk import carrying storage keys, on `c`.
  mj_status import_with_keys(mj_client* c, mj_error** e, const mj_call_options* call = nullptr) {
    const char* files[] = {"import/rows.json"};
    mj_import_request r = MJ_IMPORT_REQUEST_INIT;
    r.collection_name = "quick_setup";
    r.files = files;
    r.file_count = 1;
    r.access_key = kStorageKeys[0];
    r.secret_key = kStorageKeys[1];
    r.session_token = kStorageKeys[2];
    char* id = nullptr;
    const mj_status s = mj_bulk_import(&id, c, &r, call, e);
    mj_free(id);
    return s;
  }

  // A refresh whose spec carries storage keys in extfs.
  mj_status refresh_with_keys(mj_client* c, const char* collection, const char* format, mj_error** e,
                              const mj_call_options* call = nullptr) {
    const std::string spec = std::string(R"({"format":")") + format + R"(","extfs":{"access_key_id":")" +
                             kStorageKeys[0] + R"(","access_key_value":")" + kStorageKeys[1] + R"("}})";
    mj_refresh_request r = MJ_REFRESH_REQUEST_INIT;
    r.collection_name = collection;
    r.external_source = "s3://bucket/books";
    r.external_spec = spec.c_str();
    int64_t id = 0;
    return mj_refresh_external_collection(&id, c, &r, call, e);
  }

  int checked = 0;
};

TEST_F(Secrets, NoErrorPathCarriesATokenOrAKey) {
  mj_error* e = nullptr;
  mj_import_job* job = nullptr;

  // Server-side refusals.
  Client wrong = make_client(server->uri(), std::string(kToken) + "-wrong");
  EXPECT_EQ(mj_get_import_progress(&job, wrong.get(), "1", nullptr, &e), MJ_EUNAUTHENTICATED);
  expect_clean(e, "401");
  e = nullptr;
  EXPECT_NE(import_with_keys(wrong.get(), &e), MJ_OK);
  expect_clean(e, "401 on create with keys");
  e = nullptr;
  EXPECT_NE(refresh_with_keys(client.get(), "no_such_collection", "parquet", &e), MJ_OK);
  expect_clean(e, "refresh of an unknown collection with keys in the spec");
  e = nullptr;
  EXPECT_NE(refresh_with_keys(client.get(), "quick_setup", "parquet", &e), MJ_OK);
  expect_clean(e, "refresh of a non-external collection with keys in the spec");
  e = nullptr;
  EXPECT_EQ(mj_get_import_progress(&job, client.get(), "1", nullptr, &e), MJ_ENOT_FOUND);
  expect_clean(e, "not found");
  e = nullptr;

  // Refused by the library.
  EXPECT_EQ(refresh_with_keys(client.get(), "books_ext", "csv", &e), MJ_EINVALID_ARGUMENT);
  expect_clean(e, "spec with an unknown format and keys");
  e = nullptr;
  const std::string bad_extfs = std::string(R"({"format":"parquet","extfs":{"access_key_value":)") + "12345" +
                                R"(,"k":")" + kStorageKeys[1] + R"("}})";
  mj_refresh_request r = MJ_REFRESH_REQUEST_INIT;
  r.collection_name = "books_ext";
  r.external_source = "s3://bucket/books";
  r.external_spec = bad_extfs.c_str();
  int64_t rid = 0;
  EXPECT_EQ(mj_refresh_external_collection(&rid, client.get(), &r, nullptr, &e), MJ_EINVALID_ARGUMENT);
  expect_clean(e, "extfs value not a string");
  e = nullptr;
  r.external_source = "s3://AKIA-S3CRET-ACCESS:S3CRET@bucket/books";
  r.external_spec = R"({"format":"parquet"})";
  EXPECT_EQ(mj_refresh_external_collection(&rid, client.get(), &r, nullptr, &e), MJ_EINVALID_ARGUMENT);
  expect_clean(e, "credentials in the source URL");
  e = nullptr;
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  const std::string crlf_token = std::string(kToken) + "\r\nX-Evil: 1";
  o.uri = "http://127.0.0.1:1";
  o.token = crlf_token.c_str();
  mj_client* c = nullptr;
  EXPECT_EQ(mj_client_new(&c, &o, &e), MJ_EINVALID_ARGUMENT);
  expect_clean(e, "token with CRLF");
  e = nullptr;
  const std::string bad_utf8_token = std::string(kToken) + "\xff";
  o.token = bad_utf8_token.c_str();
  EXPECT_EQ(mj_client_new(&c, &o, &e), MJ_EINVALID_ARGUMENT);
  expect_clean(e, "token not UTF-8");
  e = nullptr;
  o.token = kToken;
  o.uri = "http://user:S3CRET@127.0.0.1:1";
  EXPECT_EQ(mj_client_new(&c, &o, &e), MJ_EINVALID_ARGUMENT);
  expect_clean(e, "credentials in the uri");
  e = nullptr;
  EXPECT_EQ(c, nullptr);

  // Every fault of the dev server, on a describe and on a create with keys.
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.max_attempts = 1;
  call.timeout_ms = 500;
  for (const char* fault :
       {"drop", "reset", "truncate", "not-json", "wrong-types", "500", "429:1", "503", "rate-limit", "delay:900"}) {
    SCOPED_TRACE(fault);
    clear_faults(*server);
    add_faults(*server, std::string("import/describe=") + fault + ",import/create=" + fault);
    EXPECT_NE(mj_get_import_progress(&job, client.get(), "1", &call, &e), MJ_OK);
    expect_clean(e, std::string("describe with fault ") + fault);
    e = nullptr;
    if (std::string(fault) == "wrong-types") continue;  // a numeric create id is tolerated: no error
    EXPECT_NE(import_with_keys(client.get(), &e, &call), MJ_OK);
    expect_clean(e, std::string("create with fault ") + fault);
    e = nullptr;
  }

  // No server, a server that never answers, a cancelled call. (Storage keys are
  // Zilliz Cloud fields: a Milvus client may refuse them before sending, which
  // is an error path too.)
  mj_refresh_request plain = MJ_REFRESH_REQUEST_INIT;
  plain.collection_name = "books_ext";
  Client refused = make_client("http://127.0.0.1:" + std::to_string(closed_port()), kToken);
  EXPECT_NE(import_with_keys(refused.get(), &e, &call), MJ_OK);
  expect_clean(e, "connection refused");
  e = nullptr;
  EXPECT_EQ(mj_refresh_external_collection(&rid, refused.get(), &plain, &call, &e), MJ_ETRANSPORT);
  expect_clean(e, "connection refused (refresh)");
  e = nullptr;
  SilentServer silent;
  Client mute = make_client(silent.uri(), kToken, "", 300);
  EXPECT_NE(import_with_keys(mute.get(), &e), MJ_OK);
  expect_clean(e, "timeout");
  e = nullptr;
  EXPECT_EQ(mj_refresh_external_collection(&rid, mute.get(), &plain, nullptr, &e), MJ_EAMBIGUOUS);
  expect_clean(e, "timeout (refresh)");
  e = nullptr;
  mj_cancel* cancel = nullptr;
  ASSERT_EQ(mj_cancel_new(&cancel, nullptr), MJ_OK);
  mj_cancel_trigger(cancel);
  mj_call_options cancelled = MJ_CALL_OPTIONS_INIT;
  cancelled.cancel = cancel;
  EXPECT_NE(import_with_keys(client.get(), &e, &cancelled), MJ_OK);
  expect_clean(e, "cancelled");
  e = nullptr;
  EXPECT_EQ(mj_refresh_external_collection(&rid, client.get(), &plain, &cancelled, &e), MJ_ECANCELLED);
  expect_clean(e, "cancelled (refresh)");
  mj_cancel_free(cancel);
  EXPECT_GE(checked, 30);
}

}  // namespace
}  // namespace mjtest
