// The dev server's answers to requests the client never sends (bad JSON,
// wrong types, missing fields, unknown routes), read with raw libcurl and
// classified by the library's decoder: the codes a real Milvus gives.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <string>

#include "common/error.hpp"
#include "protocol/codec.hpp"
#include "world.hpp"

using namespace mjtest;

namespace {

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

struct Raw {
  long status = 0;
  std::string body;
};

Raw post(const std::string& url, const std::string& body) {
  Raw r;
  CURL* c = curl_easy_init();
  curl_slist* h = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  EXPECT_EQ(curl_easy_perform(c), CURLE_OK);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  return r;
}

mj::ErrorInfo failure(mj::protocol::Route route, const Raw& raw) {
  try {
    mj::protocol::decode_empty({route, static_cast<int>(raw.status), raw.body});
  } catch (const mj::Error& e) {
    return e.info();
  }
  ADD_FAILURE() << "expected a failure, the server answered " << raw.status << " " << raw.body;
  return {};
}

}  // namespace

using mj::Category;
using mj::protocol::Route;

class Wire : public World {
 protected:
  std::string url(Route r) { return server->uri() + std::string(mj::protocol::route_path(r)); }
};

TEST_F(Wire, EmptyBodyIs1801) {
  const auto info = failure(Route::import_describe, post(url(Route::import_describe), ""));
  EXPECT_EQ(info.server_code, 1801);
  EXPECT_EQ(info.http_status, 200);
  EXPECT_EQ(info.category, Category::invalid_argument);
}

TEST_F(Wire, MalformedJsonIs1801) {
  const auto info = failure(Route::refresh, post(url(Route::refresh), "{\"collectionName\": "));
  EXPECT_EQ(info.server_code, 1801);
}

TEST_F(Wire, RefreshJobIdAsStringIs1801) {
  const auto info = failure(Route::refresh_describe, post(url(Route::refresh_describe), R"({"jobId":"12"})"));
  EXPECT_EQ(info.server_code, 1801);
}

TEST_F(Wire, ImportJobIdAsNumberIs1801) {
  const auto info = failure(Route::import_describe, post(url(Route::import_describe), R"({"jobId":12})"));
  EXPECT_EQ(info.server_code, 1801);
}

TEST_F(Wire, ImportOptionValueNotStringIs1801) {
  const auto info = failure(
      Route::import_create,
      post(url(Route::import_create),
           R"({"collectionName":"quick_setup","files":[["import/rows.json"]],"options":{"auto_commit":false}})"));
  EXPECT_EQ(info.server_code, 1801);
}

TEST_F(Wire, MissingRequiredFieldIs1802) {
  EXPECT_EQ(failure(Route::refresh, post(url(Route::refresh), "{}")).server_code, 1802);
  EXPECT_EQ(failure(Route::refresh_describe, post(url(Route::refresh_describe), R"({"jobId":0})")).server_code, 1802);
  EXPECT_EQ(
      failure(Route::import_create, post(url(Route::import_create), R"({"collectionName":"quick_setup"})")).server_code,
      1802);
}

TEST_F(Wire, EmptyImportIs1100) {
  const auto info = failure(Route::import_create,
                            post(url(Route::import_create), R"({"collectionName":"quick_setup","files":[[""]]})"));
  EXPECT_EQ(info.server_code, 1100);
  EXPECT_NE(info.server_message.find("import request is empty"), std::string::npos);
}

TEST_F(Wire, UnknownRouteIsPlain404) {
  const Raw raw = post(server->uri() + "/v2/vectordb/jobs/nothing/here", "{}");
  EXPECT_EQ(raw.status, 404);
  EXPECT_EQ(raw.body, "404 page not found");
  const auto info = failure(Route::import_list, raw);
  EXPECT_EQ(info.category, Category::unsupported);
}

TEST_F(Wire, RefreshIdsAreJsonNumbersOnTheWire) {
  const Raw raw = post(url(Route::refresh), R"({"collectionName":"books_ext"})");
  EXPECT_EQ(raw.status, 200);
  EXPECT_NE(raw.body.find("\"jobId\":4"), std::string::npos) << raw.body;
  const int64_t id = mj::protocol::decode_refresh_created({Route::refresh, 200, raw.body});
  EXPECT_NE(raw.body.find(std::to_string(id)), std::string::npos);
}
