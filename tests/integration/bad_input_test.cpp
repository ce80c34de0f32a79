// Every public function of include/milvus_jobs.h with NULL, empty, over-long
// (1 MiB + 1) and non-UTF-8 arguments: MJ_EINVALID_ARGUMENT, 0 attempts, and
// not one connection to the server the client points at (a listener that
// counts what it accepts).
// The Zilliz Cloud fields and mj_list_import_jobs_page: see
// CloudArgumentsAreRefused.
#include <gtest/gtest.h>

#include <climits>
#include <iostream>
#include <string>
#include <vector>

#include "faults.hpp"

namespace mjtest {
namespace {

const std::string kLong(size_t{1} << 20 | 1, 'a');  // 1 MiB + 1 byte
// Invalid UTF-8: a lone 0xff, an overlong '/', a surrogate, a cut sequence.
const std::vector<std::string> kNotUtf8 = {"\xff", "abc\xc0\xaf", "x\xed\xa0\x80y", "tail\xe2\x82"};

// Strings a required argument must refuse (NULL is tried separately).
const std::vector<std::string>& bad_required() {
  static const std::vector<std::string> v = [] {
    std::vector<std::string> b = {"", kLong};
    b.insert(b.end(), kNotUtf8.begin(), kNotUtf8.end());
    return b;
  }();
  return v;
}
// Strings an optional argument must refuse (NULL and "" mean "default").
const std::vector<std::string>& bad_optional() {
  static const std::vector<std::string> v = [] {
    std::vector<std::string> b = {kLong};
    b.insert(b.end(), kNotUtf8.begin(), kNotUtf8.end());
    return b;
  }();
  return v;
}

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override { client = make_client(listener.uri()); }

  void TearDown() override {
    if (listener_used || tried == 0) return;
    EXPECT_EQ(listener.accepted(), 0) << "a refused call touched the network";
    std::cout << "[ bad inputs ] " << tried << " refused without a connection\n";
  }

  // Checks one refusal; frees the error and resets `e` (a reference: read after the call).
  void expect_refused(mj_status s, mj_error*& e, const std::string& what) {
    ++tried;
    EXPECT_EQ(s, MJ_EINVALID_ARGUMENT) << what << ": " << mj_status_name(s) << " " << mj_error_message(e);
    ASSERT_NE(e, nullptr) << what;
    EXPECT_EQ(mj_error_attempts(e), 0) << what;
    EXPECT_EQ(mj_error_http_status(e), 0) << what;
    const std::string message = mj_error_message(e);
    EXPECT_FALSE(message.empty()) << what;
    EXPECT_LT(message.size(), 2000u) << what << ": the message must not echo a 1 MiB argument";
    for (const auto& bad : kNotUtf8) EXPECT_EQ(message.find(bad), std::string::npos) << what;
    mj_error_free(e);
    e = nullptr;
  }

  CountingListener listener;
  Client client;
  int tried = 0;
  bool listener_used = false;  // the control test connects on purpose
};

TEST_F(BadInput, ClientOptionsAreRefused) {
  mj_client* c = nullptr;
  mj_error* e = nullptr;
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  const std::string uri = listener.uri();
  o.uri = uri.c_str();
  expect_refused(mj_client_new(nullptr, &o, &e), e, "out NULL");
  e = nullptr;
  expect_refused(mj_client_new(&c, nullptr, &e), e, "opts NULL");
  e = nullptr;
  mj_client_options zero = o;
  zero.struct_size = 0;
  expect_refused(mj_client_new(&c, &zero, &e), e, "struct_size 0");
  e = nullptr;
  mj_client_options no_uri = o;
  no_uri.uri = nullptr;
  expect_refused(mj_client_new(&c, &no_uri, &e), e, "uri NULL");
  e = nullptr;
  for (const auto& bad : bad_required()) {
    mj_client_options b = o;
    b.uri = bad.c_str();
    expect_refused(mj_client_new(&c, &b, &e), e, "uri " + bad.substr(0, 16));
    e = nullptr;
  }
  const char* mj_client_options::*optional[] = {&mj_client_options::token, &mj_client_options::db_name,
                                                &mj_client_options::tls_ca_file, &mj_client_options::tls_ca_path,
                                                &mj_client_options::user_agent};
  for (auto field : optional) {
    for (const auto& bad : bad_optional()) {
      mj_client_options b = o;
      b.*field = bad.c_str();
      expect_refused(mj_client_new(&c, &b, &e), e, "optional string " + bad.substr(0, 16));
      e = nullptr;
    }
  }
  // Extra headers: NULL array with a count, a NULL item, bad items.
  mj_client_options h = o;
  h.extra_header_count = 1;
  expect_refused(mj_client_new(&c, &h, &e), e, "extra_headers NULL with count 1");
  e = nullptr;
  const char* null_item[] = {nullptr};
  h.extra_headers = null_item;
  expect_refused(mj_client_new(&c, &h, &e), e, "extra_headers[0] NULL");
  e = nullptr;
  for (const auto& bad : bad_required()) {
    const std::string header = bad.empty() ? bad : "X-Test: " + bad;
    const char* items[] = {header.c_str()};
    h.extra_headers = items;
    expect_refused(mj_client_new(&c, &h, &e), e, "extra header " + header.substr(0, 16));
    e = nullptr;
  }
  // Numbers out of range.
  for (int64_t mj_client_options::*field :
       {&mj_client_options::connect_timeout_ms, &mj_client_options::request_timeout_ms,
        &mj_client_options::retry_initial_backoff_ms, &mj_client_options::retry_max_backoff_ms,
        &mj_client_options::max_response_bytes, &mj_client_options::max_list_response_bytes}) {
    mj_client_options b = o;
    b.*field = -1;
    expect_refused(mj_client_new(&c, &b, &e), e, "negative option");
    e = nullptr;
  }
  for (int32_t attempts : {-1, 101, INT32_MIN}) {
    mj_client_options b = o;
    b.max_attempts = attempts;
    expect_refused(mj_client_new(&c, &b, &e), e, "max_attempts " + std::to_string(attempts));
    e = nullptr;
  }
  EXPECT_EQ(c, nullptr);
  expect_refused(mj_cancel_new(nullptr, &e), e, "mj_cancel_new out NULL");
}

// Bad per-call options, applied to `call` one at a time.
std::vector<std::pair<std::string, mj_call_options>> bad_calls() {
  std::vector<std::pair<std::string, mj_call_options>> v;
  mj_call_options c = MJ_CALL_OPTIONS_INIT;
  c.struct_size = 0;
  v.emplace_back("call struct_size 0", c);
  c = MJ_CALL_OPTIONS_INIT;
  c.timeout_ms = -1;
  v.emplace_back("call timeout -1", c);
  c = MJ_CALL_OPTIONS_INIT;
  c.max_attempts = -1;
  v.emplace_back("call max_attempts -1", c);
  c = MJ_CALL_OPTIONS_INIT;
  c.max_attempts = 101;
  v.emplace_back("call max_attempts 101", c);
  for (const auto& bad : bad_optional()) {
    c = MJ_CALL_OPTIONS_INIT;
    c.db_name = bad.c_str();  // bad_optional() is static: the pointer stays valid
    v.emplace_back("call db_name " + bad.substr(0, 16), c);
  }
  c = MJ_CALL_OPTIONS_INIT;
  c.db_name = "db\r\nX-Injected: 1";
  v.emplace_back("call db_name with CRLF", c);
  return v;
}

TEST_F(BadInput, RefreshArgumentsAreRefused) {
  mj_error* e = nullptr;
  int64_t id = 0;
  mj_refresh_request r = MJ_REFRESH_REQUEST_INIT;
  r.collection_name = "books_ext";
  expect_refused(mj_refresh_external_collection(nullptr, client.get(), &r, nullptr, &e), e, "job_id NULL");
  e = nullptr;
  expect_refused(mj_refresh_external_collection(&id, nullptr, &r, nullptr, &e), e, "client NULL");
  e = nullptr;
  expect_refused(mj_refresh_external_collection(&id, client.get(), nullptr, nullptr, &e), e, "req NULL");
  e = nullptr;
  mj_refresh_request n = r;
  n.collection_name = nullptr;
  expect_refused(mj_refresh_external_collection(&id, client.get(), &n, nullptr, &e), e, "collection NULL");
  e = nullptr;
  for (const auto& bad : bad_required()) {
    mj_refresh_request b = r;
    b.collection_name = bad.c_str();
    expect_refused(mj_refresh_external_collection(&id, client.get(), &b, nullptr, &e), e, "collection");
    e = nullptr;
  }
  for (const auto& bad : bad_optional()) {
    mj_refresh_request b = r;
    b.external_source = bad.c_str();
    b.external_spec = R"({"format":"parquet"})";
    expect_refused(mj_refresh_external_collection(&id, client.get(), &b, nullptr, &e), e, "source");
    e = nullptr;
    b.external_source = "s3://bucket/books";
    b.external_spec = bad.c_str();
    expect_refused(mj_refresh_external_collection(&id, client.get(), &b, nullptr, &e), e, "spec");
    e = nullptr;
  }
  for (const auto& [what, call] : bad_calls()) {
    expect_refused(mj_refresh_external_collection(&id, client.get(), &r, &call, &e), e, "refresh " + what);
    e = nullptr;
  }

  mj_refresh_job* job = nullptr;
  expect_refused(mj_get_refresh_external_collection_progress(nullptr, client.get(), 1, nullptr, &e), e, "out NULL");
  e = nullptr;
  expect_refused(mj_get_refresh_external_collection_progress(&job, nullptr, 1, nullptr, &e), e, "client NULL");
  e = nullptr;
  for (int64_t bad : {int64_t{0}, int64_t{-1}, INT64_MIN}) {
    expect_refused(mj_get_refresh_external_collection_progress(&job, client.get(), bad, nullptr, &e), e, "id");
    e = nullptr;
  }
  for (const auto& [what, call] : bad_calls()) {
    expect_refused(mj_get_refresh_external_collection_progress(&job, client.get(), 1, &call, &e), e, what);
    e = nullptr;
  }
  EXPECT_EQ(job, nullptr);

  mj_refresh_job_list* list = nullptr;
  expect_refused(mj_list_refresh_external_collection_jobs(nullptr, client.get(), nullptr, nullptr, &e), e, "out");
  e = nullptr;
  expect_refused(mj_list_refresh_external_collection_jobs(&list, nullptr, nullptr, nullptr, &e), e, "client");
  e = nullptr;
  for (const auto& bad : bad_optional()) {
    expect_refused(mj_list_refresh_external_collection_jobs(&list, client.get(), bad.c_str(), nullptr, &e), e,
                   "list collection");
    e = nullptr;
  }
  for (const auto& [what, call] : bad_calls()) {
    expect_refused(mj_list_refresh_external_collection_jobs(&list, client.get(), nullptr, &call, &e), e, what);
    e = nullptr;
  }
  EXPECT_EQ(list, nullptr);
  EXPECT_EQ(id, 0);
}

TEST_F(BadInput, ImportArgumentsAreRefused) {
  mj_error* e = nullptr;
  char* id = nullptr;
  const char* files[] = {"import/rows.json"};
  mj_import_request r = MJ_IMPORT_REQUEST_INIT;
  r.collection_name = "quick_setup";
  r.files = files;
  r.file_count = 1;
  expect_refused(mj_bulk_import(nullptr, client.get(), &r, nullptr, &e), e, "job_id NULL");
  e = nullptr;
  expect_refused(mj_bulk_import(&id, nullptr, &r, nullptr, &e), e, "client NULL");
  e = nullptr;
  expect_refused(mj_bulk_import(&id, client.get(), nullptr, nullptr, &e), e, "req NULL");
  e = nullptr;
  mj_import_request z = r;
  z.struct_size = 0;
  expect_refused(mj_bulk_import(&id, client.get(), &z, nullptr, &e), e, "struct_size 0");
  e = nullptr;
  mj_import_request n = r;
  n.collection_name = nullptr;
  expect_refused(mj_bulk_import(&id, client.get(), &n, nullptr, &e), e, "collection NULL");
  e = nullptr;
  for (const auto& bad : bad_required()) {
    mj_import_request b = r;
    b.collection_name = bad.c_str();
    expect_refused(mj_bulk_import(&id, client.get(), &b, nullptr, &e), e, "collection");
    e = nullptr;
    const char* bad_files[] = {bad.c_str()};
    b = r;
    b.files = bad_files;
    expect_refused(mj_bulk_import(&id, client.get(), &b, nullptr, &e), e, "file");
    e = nullptr;
  }
  for (const auto& bad : bad_optional()) {
    mj_import_request b = r;
    b.partition_name = bad.c_str();
    expect_refused(mj_bulk_import(&id, client.get(), &b, nullptr, &e), e, "partition");
    e = nullptr;
  }
  // Files: none, NULL array with a count, a NULL item.
  mj_import_request f = r;
  f.file_count = 0;
  expect_refused(mj_bulk_import(&id, client.get(), &f, nullptr, &e), e, "no files");
  e = nullptr;
  f = r;
  f.files = nullptr;
  expect_refused(mj_bulk_import(&id, client.get(), &f, nullptr, &e), e, "files NULL with count 1");
  e = nullptr;
  const char* null_file[] = {nullptr};
  f.files = null_file;
  expect_refused(mj_bulk_import(&id, client.get(), &f, nullptr, &e), e, "files[0] NULL");
  e = nullptr;
  // Groups: a zero size, sizes not adding up, sizes without a count.
  const size_t zero[] = {0};
  const size_t two[] = {2};
  for (const auto& [sizes, count] : std::vector<std::pair<const size_t*, size_t>>{{zero, 1}, {two, 1}, {two, 0}}) {
    mj_import_request g = r;
    g.group_sizes = sizes;
    g.group_count = count;
    expect_refused(mj_bulk_import(&id, client.get(), &g, nullptr, &e), e, "groups");
    e = nullptr;
  }
  // Options: NULL arrays with a count, NULL/empty/bad keys, NULL/bad values.
  mj_import_request o = r;
  o.option_count = 1;
  expect_refused(mj_bulk_import(&id, client.get(), &o, nullptr, &e), e, "options NULL with count 1");
  e = nullptr;
  std::vector<std::pair<std::string, std::string>> bad_options = {{"", "true"}};
  for (const auto& bad : kNotUtf8) bad_options.emplace_back(bad, "true"), bad_options.emplace_back("k", bad);
  bad_options.emplace_back(kLong, "true");
  bad_options.emplace_back("k", kLong);
  for (const auto& [key, value] : bad_options) {
    const char* keys[] = {key.c_str()};
    const char* values[] = {value.c_str()};
    o.option_keys = keys;
    o.option_values = values;
    expect_refused(mj_bulk_import(&id, client.get(), &o, nullptr, &e), e, "option");
    e = nullptr;
  }
  const char* key[] = {"auto_commit"};
  const char* null_value[] = {nullptr};
  o.option_keys = key;
  o.option_values = null_value;
  expect_refused(mj_bulk_import(&id, client.get(), &o, nullptr, &e), e, "option value NULL");
  e = nullptr;
  const char* null_key[] = {nullptr};
  const char* value[] = {"true"};
  o.option_keys = null_key;
  o.option_values = value;
  expect_refused(mj_bulk_import(&id, client.get(), &o, nullptr, &e), e, "option key NULL");
  e = nullptr;
  for (const auto& [what, call] : bad_calls()) {
    expect_refused(mj_bulk_import(&id, client.get(), &r, &call, &e), e, "import " + what);
    e = nullptr;
  }
  EXPECT_EQ(id, nullptr);

  // The job-id functions.
  mj_import_job* job = nullptr;
  expect_refused(mj_get_import_progress(nullptr, client.get(), "1", nullptr, &e), e, "out NULL");
  e = nullptr;
  expect_refused(mj_get_import_progress(&job, nullptr, "1", nullptr, &e), e, "client NULL");
  e = nullptr;
  expect_refused(mj_get_import_progress(&job, client.get(), nullptr, nullptr, &e), e, "id NULL");
  e = nullptr;
  expect_refused(mj_commit_import(nullptr, "1", nullptr, &e), e, "commit client NULL");
  e = nullptr;
  expect_refused(mj_commit_import(client.get(), nullptr, nullptr, &e), e, "commit id NULL");
  e = nullptr;
  expect_refused(mj_abort_import(nullptr, "1", nullptr, &e), e, "abort client NULL");
  e = nullptr;
  expect_refused(mj_abort_import(client.get(), nullptr, nullptr, &e), e, "abort id NULL");
  e = nullptr;
  for (const auto& bad : bad_required()) {
    expect_refused(mj_get_import_progress(&job, client.get(), bad.c_str(), nullptr, &e), e, "describe id");
    e = nullptr;
    expect_refused(mj_commit_import(client.get(), bad.c_str(), nullptr, &e), e, "commit id");
    e = nullptr;
    expect_refused(mj_abort_import(client.get(), bad.c_str(), nullptr, &e), e, "abort id");
    e = nullptr;
  }
  for (const auto& [what, call] : bad_calls()) {
    expect_refused(mj_get_import_progress(&job, client.get(), "1", &call, &e), e, what);
    e = nullptr;
    expect_refused(mj_commit_import(client.get(), "1", &call, &e), e, what);
    e = nullptr;
    expect_refused(mj_abort_import(client.get(), "1", &call, &e), e, what);
    e = nullptr;
  }
  EXPECT_EQ(job, nullptr);

  mj_import_job_list* list = nullptr;
  expect_refused(mj_list_import_jobs(nullptr, client.get(), nullptr, nullptr, &e), e, "list out NULL");
  e = nullptr;
  expect_refused(mj_list_import_jobs(&list, nullptr, nullptr, nullptr, &e), e, "list client NULL");
  e = nullptr;
  for (const auto& bad : bad_optional()) {
    expect_refused(mj_list_import_jobs(&list, client.get(), bad.c_str(), nullptr, &e), e, "list collection");
    e = nullptr;
  }
  for (const auto& [what, call] : bad_calls()) {
    expect_refused(mj_list_import_jobs(&list, client.get(), nullptr, &call, &e), e, what);
    e = nullptr;
  }
  EXPECT_EQ(list, nullptr);
}

// Bad wait options, one at a time (the strings are static).
std::vector<std::pair<std::string, mj_wait_options>> bad_waits() {
  std::vector<std::pair<std::string, mj_wait_options>> v;
  mj_wait_options w = MJ_WAIT_OPTIONS_INIT;
  w.struct_size = 0;
  v.emplace_back("wait struct_size 0", w);
  for (int64_t mj_wait_options::*field :
       {&mj_wait_options::timeout_ms, &mj_wait_options::initial_interval_ms, &mj_wait_options::max_interval_ms}) {
    w = MJ_WAIT_OPTIONS_INIT;
    w.*field = -1;
    v.emplace_back("wait negative interval or timeout", w);
  }
  for (const auto& bad : bad_optional()) {
    w = MJ_WAIT_OPTIONS_INIT;
    w.db_name = bad.c_str();
    v.emplace_back("wait db_name " + bad.substr(0, 16), w);
  }
  return v;
}

void no_progress_refresh(const mj_refresh_job*, void*) {}
void no_progress_import(const mj_import_job*, void*) {}
void no_event(const mj_watch_event*, void*) {}

TEST_F(BadInput, WaitArgumentsAreRefused) {
  mj_error* e = nullptr;
  mj_refresh_job* rj = nullptr;
  expect_refused(mj_wait_refresh(nullptr, client.get(), 1, nullptr, nullptr, nullptr, &e), e, "out NULL");
  expect_refused(mj_wait_refresh(&rj, nullptr, 1, nullptr, nullptr, nullptr, &e), e, "client NULL");
  for (int64_t bad : {int64_t{0}, int64_t{-1}, INT64_MIN}) {
    expect_refused(mj_wait_refresh(&rj, client.get(), bad, nullptr, no_progress_refresh, nullptr, &e), e, "id");
  }
  for (const auto& [what, opts] : bad_waits()) {
    expect_refused(mj_wait_refresh(&rj, client.get(), 1, &opts, nullptr, nullptr, &e), e, "refresh " + what);
  }
  EXPECT_EQ(rj, nullptr);
  mj_import_job* ij = nullptr;
  expect_refused(mj_wait_import(nullptr, client.get(), "1", nullptr, nullptr, nullptr, &e), e, "out NULL");
  expect_refused(mj_wait_import(&ij, nullptr, "1", nullptr, nullptr, nullptr, &e), e, "client NULL");
  expect_refused(mj_wait_import(&ij, client.get(), nullptr, nullptr, nullptr, nullptr, &e), e, "id NULL");
  for (const auto& bad : bad_required()) {
    expect_refused(mj_wait_import(&ij, client.get(), bad.c_str(), nullptr, no_progress_import, nullptr, &e), e,
                   "wait import id");
  }
  for (const auto& [what, opts] : bad_waits()) {
    expect_refused(mj_wait_import(&ij, client.get(), "1", &opts, nullptr, nullptr, &e), e, "import " + what);
  }
  EXPECT_EQ(ij, nullptr);
}

TEST_F(BadInput, WatcherArgumentsAreRefused) {
  mj_error* e = nullptr;
  mj_watcher* w = nullptr;
  expect_refused(mj_watcher_new(nullptr, client.get(), nullptr, &e), e, "out NULL");
  expect_refused(mj_watcher_new(&w, nullptr, nullptr, &e), e, "client NULL");
  std::vector<std::pair<std::string, mj_watcher_options>> bad_opts;
  mj_watcher_options o = MJ_WATCHER_OPTIONS_INIT;
  o.struct_size = 0;
  bad_opts.emplace_back("struct_size 0", o);
  for (int32_t conns : {-1, 1025, INT32_MIN}) {
    o = MJ_WATCHER_OPTIONS_INIT;
    o.max_connections = conns;
    bad_opts.emplace_back("max_connections " + std::to_string(conns), o);
  }
  for (int64_t mj_watcher_options::*field : {&mj_watcher_options::interval_ms, &mj_watcher_options::poll_timeout_ms}) {
    o = MJ_WATCHER_OPTIONS_INIT;
    o.*field = -1;
    bad_opts.emplace_back("negative interval", o);
  }
  for (const auto& bad : bad_optional()) {
    o = MJ_WATCHER_OPTIONS_INIT;
    o.db_name = bad.c_str();
    bad_opts.emplace_back("db_name " + bad.substr(0, 16), o);
  }
  for (const auto& [what, opts] : bad_opts) expect_refused(mj_watcher_new(&w, client.get(), &opts, &e), e, what);
  EXPECT_EQ(w, nullptr);

  // A NULL watcher everywhere.
  expect_refused(mj_watcher_add_refresh(nullptr, 1, &e), e, "add_refresh NULL");
  expect_refused(mj_watcher_add_import(nullptr, "1", &e), e, "add_import NULL");
  expect_refused(mj_watcher_remove_refresh(nullptr, 1, &e), e, "remove_refresh NULL");
  expect_refused(mj_watcher_remove_import(nullptr, "1", &e), e, "remove_import NULL");
  expect_refused(mj_watcher_run(nullptr, 0, no_event, nullptr, &e), e, "run NULL");
  mj_watch_event* ev = nullptr;
  expect_refused(mj_watcher_next(&ev, nullptr, 0, &e), e, "next NULL");
  EXPECT_EQ(mj_watcher_size(nullptr), 0u);
  mj_watch_event_free(nullptr);
  mj_watcher_free(nullptr);

  // A real watcher, bad arguments.
  ASSERT_EQ(mj_watcher_new(&w, client.get(), nullptr, &e), MJ_OK) << mj_error_message(e);
  for (int64_t bad : {int64_t{0}, int64_t{-1}, INT64_MIN}) {
    expect_refused(mj_watcher_add_refresh(w, bad, &e), e, "add_refresh id");
    expect_refused(mj_watcher_remove_refresh(w, bad, &e), e, "remove_refresh id");
  }
  expect_refused(mj_watcher_add_import(w, nullptr, &e), e, "add_import NULL id");
  expect_refused(mj_watcher_remove_import(w, nullptr, &e), e, "remove_import NULL id");
  for (const auto& bad : bad_required()) {
    expect_refused(mj_watcher_add_import(w, bad.c_str(), &e), e, "add_import id");
    expect_refused(mj_watcher_remove_import(w, bad.c_str(), &e), e, "remove_import id");
  }
  expect_refused(mj_watcher_run(w, 0, nullptr, nullptr, &e), e, "run without on_event");
  expect_refused(mj_watcher_next(nullptr, w, 0, &e), e, "next event NULL");
  EXPECT_EQ(mj_watcher_size(w), 0u);
  mj_watcher_free(w);
}

TEST_F(BadInput, FunctionsWithoutStatusAcceptNullAndNonsense) {
  // Nothing to refuse here: each must simply not crash and give its documented default.
  EXPECT_EQ(mj_error_status(nullptr), MJ_EINTERNAL);
  EXPECT_STREQ(mj_error_message(nullptr), "");
  EXPECT_EQ(mj_error_server_code(nullptr), 0);
  EXPECT_STREQ(mj_error_server_message(nullptr), "");
  EXPECT_EQ(mj_error_http_status(nullptr), 0);
  EXPECT_EQ(mj_error_is_retriable(nullptr), 0);
  EXPECT_STREQ(mj_error_request_id(nullptr), "");
  EXPECT_STREQ(mj_error_trace_id(nullptr), "");
  EXPECT_STREQ(mj_error_job_id(nullptr), "");
  EXPECT_EQ(mj_error_attempts(nullptr), 0);
  EXPECT_STREQ(mj_status_name(static_cast<mj_status>(-1)), "MJ_E?");
  EXPECT_STREQ(mj_status_name(static_cast<mj_status>(9999)), "MJ_E?");
  EXPECT_STRNE(mj_status_description(static_cast<mj_status>(-1)), "");
  EXPECT_EQ(mj_refresh_state_is_terminal(-7), 0);
  EXPECT_EQ(mj_import_state_is_terminal(INT32_MAX), 0);
  EXPECT_EQ(mj_cancel_is_triggered(nullptr), 0);
  mj_cancel_trigger(nullptr);
  mj_error_free(nullptr);
  mj_free(nullptr);
  mj_cancel_free(nullptr);
  mj_client_free(nullptr);
  mj_refresh_job_free(nullptr);
  mj_refresh_job_list_free(nullptr);
  mj_import_job_free(nullptr);
  mj_import_job_list_free(nullptr);
  mj_client_options_init(nullptr, sizeof(mj_client_options));
  mj_call_options_init(nullptr, sizeof(mj_call_options));
  mj_refresh_request_init(nullptr, sizeof(mj_refresh_request));
  mj_import_request_init(nullptr, sizeof(mj_import_request));
  mj_import_list_request_init(nullptr, sizeof(mj_import_list_request));
  mj_wait_options_init(nullptr, sizeof(mj_wait_options));
  mj_watcher_options_init(nullptr, sizeof(mj_watcher_options));
  mj_call_options tiny = MJ_CALL_OPTIONS_INIT;
  mj_call_options_init(&tiny, 0);  // too small to hold struct_size: untouched
  EXPECT_EQ(tiny.struct_size, sizeof(mj_call_options));
}

TEST_F(BadInput, CloudArgumentsAreRefused) {
  mj_client* c = nullptr;
  mj_error* e = nullptr;
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  const std::string uri = listener.uri();
  o.uri = uri.c_str();
  o.deployment = MJ_DEPLOYMENT_ZILLIZ_CLOUD;
  o.token = "api-key";
  o.cloud_cluster_id = "inxx-1";
  const char* mj_client_options::*targets[] = {
      &mj_client_options::cloud_cluster_id, &mj_client_options::cloud_project_id, &mj_client_options::cloud_region_id};
  for (auto field : targets) {
    for (const auto& bad : bad_optional()) {
      mj_client_options b = o;
      b.cloud_cluster_id = nullptr;
      b.cloud_project_id = "proj-1";
      b.cloud_region_id = "aws-us-west-2";
      b.*field = bad.c_str();
      expect_refused(mj_client_new(&c, &b, &e), e, "cloud target " + bad.substr(0, 16));
      e = nullptr;
    }
  }
  for (int32_t deployment : {-1, 2, INT32_MAX}) {
    mj_client_options b = o;
    b.deployment = deployment;
    expect_refused(mj_client_new(&c, &b, &e), e, "deployment " + std::to_string(deployment));
    e = nullptr;
  }
  ASSERT_EQ(mj_client_new(&c, &o, &e), MJ_OK) << mj_error_message(e);
  Client cloud(c);

  const char* files[] = {"s3://bucket/a.json"};
  mj_import_request r = MJ_IMPORT_REQUEST_INIT;
  r.collection_name = "c";
  r.files = files;
  r.file_count = 1;
  const char* mj_import_request::*optional[] = {&mj_import_request::volume_name, &mj_import_request::access_key,
                                                &mj_import_request::secret_key, &mj_import_request::session_token};
  char* id = nullptr;
  for (auto field : optional) {
    for (const auto& bad : bad_optional()) {
      mj_import_request b = r;
      b.*field = bad.c_str();
      expect_refused(mj_bulk_import(&id, cloud.get(), &b, nullptr, &e), e, "cloud import field " + bad.substr(0, 16));
      e = nullptr;
    }
  }
  EXPECT_EQ(id, nullptr);

  mj_import_job_list* list = nullptr;
  mj_import_list_request page = MJ_IMPORT_LIST_REQUEST_INIT;
  expect_refused(mj_list_import_jobs_page(nullptr, cloud.get(), &page, nullptr, &e), e, "page out NULL");
  e = nullptr;
  expect_refused(mj_list_import_jobs_page(&list, nullptr, &page, nullptr, &e), e, "page client NULL");
  e = nullptr;
  for (int64_t size : {int64_t{-1}, int64_t{101}, INT64_MIN, INT64_MAX}) {
    mj_import_list_request b = page;
    b.page_size = size;
    expect_refused(mj_list_import_jobs_page(&list, cloud.get(), &b, nullptr, &e), e, "page_size");
    e = nullptr;
  }
  for (int64_t number : {int64_t{-1}, INT64_MIN}) {
    mj_import_list_request b = page;
    b.current_page = number;
    expect_refused(mj_list_import_jobs_page(&list, cloud.get(), &b, nullptr, &e), e, "current_page");
    e = nullptr;
  }
  for (const auto& bad : bad_optional()) {
    mj_import_list_request b = page;
    b.collection_name = bad.c_str();
    expect_refused(mj_list_import_jobs_page(&list, cloud.get(), &b, nullptr, &e), e, "page collection");
    e = nullptr;
  }
  mj_import_list_request zero = page;
  zero.struct_size = 0;
  expect_refused(mj_list_import_jobs_page(&list, cloud.get(), &zero, nullptr, &e), e, "page struct_size 0");
  e = nullptr;
  EXPECT_EQ(list, nullptr);
}

TEST_F(BadInput, TheSameClientDoesReachTheListenerForAValidCall) {
  // The control: a valid call connects (the listener closes at once: transport).
  mj_import_job* job = nullptr;
  mj_error* e = nullptr;
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.max_attempts = 1;
  EXPECT_EQ(mj_get_import_progress(&job, client.get(), "1", &call, &e), MJ_ETRANSPORT);
  mj_error_free(e);
  EXPECT_TRUE(eventually([&] { return listener.accepted() == 1; }, std::chrono::seconds(5)));
  listener_used = true;
}

}  // namespace
}  // namespace mjtest
