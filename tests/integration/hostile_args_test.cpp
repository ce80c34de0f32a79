// Hostile arguments at the C boundary (issue 25): control bytes in every value
// that becomes a header, struct_size values that cut a field in two, INT64_MAX
// in every timeout, and "http://" as the uri.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "faults.hpp"
#include "world.hpp"

namespace mjtest {
namespace {

constexpr int64_t kMax = INT64_MAX;

// Every control byte a C string can carry (NUL ends it), tab excluded: RFC
// 9110 allows tabs inside a field value.
std::vector<char> control_bytes() {
  std::vector<char> out;
  for (int c = 1; c < 0x20; ++c) {
    if (c != '\t') out.push_back(static_cast<char>(c));
  }
  out.push_back(static_cast<char>(0x7f));
  return out;
}

std::string hex(char c) {
  static const char* digits = "0123456789abcdef";
  const auto u = static_cast<unsigned char>(c);
  return std::string("0x") + digits[u >> 4] + digits[u & 0xf];
}

void expect_control_refusal(mj_status s, mj_error* e, const std::string& field, const std::string& what) {
  Error owned(e);
  EXPECT_EQ(s, MJ_EINVALID_ARGUMENT) << what << ": " << mj_status_name(s);
  ASSERT_NE(e, nullptr) << what;
  const std::string message = mj_error_message(e);
  EXPECT_NE(message.find(field), std::string::npos) << what << ": " << message;
  EXPECT_NE(message.find("must not contain control characters"), std::string::npos) << what << ": " << message;
  EXPECT_EQ(message.find("mj_"), std::string::npos) << what << ": names a C symbol: " << message;
  EXPECT_EQ(mj_error_attempts(e), 0) << what;
}

// ---------------------------------------------------------------- 1. header values

TEST(HostileArgs, ControlBytesInClientHeaderValuesAreRefused) {
  CountingListener listener;
  const std::string uri = listener.uri();
  for (char c : control_bytes()) {
    const std::string bad = std::string("a") + c + "b";
    const std::string header = "X-Team: a" + std::string(1, c) + "b";
    const char* extra[] = {header.c_str()};
    struct Case {
      const char* field;
      void (*set)(mj_client_options&, const char*);
    };
    const Case cases[] = {
        {"token", [](mj_client_options& o, const char* v) { o.token = v; }},
        {"db_name", [](mj_client_options& o, const char* v) { o.db_name = v; }},
        {"user_agent", [](mj_client_options& o, const char* v) { o.user_agent = v; }},
    };
    for (const Case& k : cases) {
      mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
      o.uri = uri.c_str();
      k.set(o, bad.c_str());
      mj_client* client = nullptr;
      mj_error* e = nullptr;
      const mj_status s = mj_client_new(&client, &o, &e);
      expect_control_refusal(s, e, k.field, std::string(k.field) + " with " + hex(c));
      EXPECT_EQ(client, nullptr);
      mj_client_free(client);
    }
    mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
    o.uri = uri.c_str();
    o.extra_headers = extra;
    o.extra_header_count = 1;
    mj_client* client = nullptr;
    mj_error* e = nullptr;
    const mj_status s = mj_client_new(&client, &o, &e);
    expect_control_refusal(s, e, "extra header", "extra header with " + hex(c));
    mj_client_free(client);
  }
  EXPECT_EQ(listener.accepted(), 0);
}

TEST(HostileArgs, UserAgentWithALineBreakNeverReachesTheServer) {
  // The issue's case: a second header smuggled through the User-Agent.
  ScriptedServer peer(200, R"({"code":0,"data":{"jobId":7,"state":"RefreshPending"}})");
  const std::string uri = peer.uri();
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = uri.c_str();
  o.user_agent = "x\r\nX-Injected: 1";
  mj_client* client = nullptr;
  mj_error* e = nullptr;
  const mj_status s = mj_client_new(&client, &o, &e);
  expect_control_refusal(s, e, "user_agent", "user_agent with CR LF");
  mj_client_free(client);
  EXPECT_TRUE(peer.requests().empty());
}

TEST(HostileArgs, TabInAHeaderValueIsSentAsIs) {
  ScriptedServer peer(200, R"({"code":0,"data":{"jobId":7,"state":"RefreshPending"}})");
  const std::string uri = peer.uri();
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = uri.c_str();
  o.user_agent = "agent\t2";
  mj_client* raw = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_client_new(&raw, &o, &e), MJ_OK) << mj_error_message(e);
  Client client(raw);
  mj_refresh_job* job = nullptr;
  ASSERT_EQ(mj_get_refresh_external_collection_progress(&job, client.get(), 7, nullptr, &e), MJ_OK)
      << mj_error_message(e);
  mj_refresh_job_free(job);
  const auto requests = peer.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_NE(requests[0].find("\r\nUser-Agent: agent\t2\r\n"), std::string::npos) << requests[0];
}

TEST(HostileArgs, ControlBytesInPerCallWaitAndWatcherDatabaseAreRefused) {
  CountingListener listener;
  Client client = make_client(listener.uri());
  for (char c : control_bytes()) {
    const std::string bad = std::string("db") + c;
    {
      mj_call_options call = MJ_CALL_OPTIONS_INIT;
      call.db_name = bad.c_str();
      mj_refresh_job* job = nullptr;
      mj_error* e = nullptr;
      const mj_status s = mj_get_refresh_external_collection_progress(&job, client.get(), 1, &call, &e);
      expect_control_refusal(s, e, "db_name", "call db_name with " + hex(c));
      EXPECT_EQ(job, nullptr);
    }
    {
      mj_wait_options w = MJ_WAIT_OPTIONS_INIT;
      w.db_name = bad.c_str();
      mj_refresh_job* job = nullptr;
      mj_error* e = nullptr;
      const mj_status s = mj_wait_refresh(&job, client.get(), 1, &w, nullptr, nullptr, &e);
      expect_control_refusal(s, e, "db_name", "wait db_name with " + hex(c));
      EXPECT_EQ(job, nullptr);
    }
    {
      mj_watcher_options w = MJ_WATCHER_OPTIONS_INIT;
      w.db_name = bad.c_str();
      mj_watcher* watcher = nullptr;
      mj_error* e = nullptr;
      const mj_status s = mj_watcher_new(&watcher, client.get(), &w, &e);
      expect_control_refusal(s, e, "db_name", "watcher db_name with " + hex(c));
      mj_watcher_free(watcher);
    }
  }
  EXPECT_EQ(listener.accepted(), 0);
}

// ---------------------------------------------------------------- 2. struct_size

// The caller's struct: its real values up to struct_size, 0xA5 (a pointer
// that crashes when followed) from there to sizeof, zero past sizeof (a
// newer header's unknown fields, all unset).
template <class T>
struct Truncated {
  explicit Truncated(const T& real, uint32_t size) {
    std::memset(bytes, 0, sizeof bytes);
    std::memcpy(bytes, &real, sizeof(T));
    if (size < sizeof(T)) std::memset(bytes + size, 0xA5, sizeof(T) - size);
    std::memcpy(bytes, &size, sizeof size);
  }
  const T* get() const { return reinterpret_cast<const T*>(bytes); }
  alignas(T) unsigned char bytes[sizeof(T) + 16];
};

// Every struct_size from 0 to sizeof + 16: a status every time, the
// struct_size refusal exactly when the size cuts a field (or is below 4).
class StructSizeWalk : public World {
 protected:
  template <class T>
  void walk(const char* type, const T& real, const std::vector<std::pair<size_t, size_t>>& fields,
            const std::function<mj_status(const T*, mj_error**)>& call) {
    SCOPED_TRACE(type);
    int refused = 0;
    for (uint32_t size = 0; size <= sizeof(T) + 16; ++size) {
      bool cuts = size < sizeof(uint32_t);
      for (const auto& [offset, length] : fields) cuts |= offset < size && size < offset + length;
      Truncated<T> in(real, size);
      mj_error* e = nullptr;
      const mj_status s = call(in.get(), &e);
      Error owned(e);
      const std::string message = e ? mj_error_message(e) : "";
      const bool struct_size_refusal = message.find(std::string(type) + ".struct_size") != std::string::npos;
      if (cuts) {
        ++refused;
        EXPECT_EQ(s, MJ_EINVALID_ARGUMENT) << "struct_size " << size << ": " << message;
        EXPECT_TRUE(struct_size_refusal) << "struct_size " << size << ": " << message;
      } else {
        EXPECT_FALSE(struct_size_refusal) << "struct_size " << size << " is whole fields: " << message;
      }
    }
    EXPECT_GT(refused, 3);
  }
};

#define MJ_SPAN(T, f) \
  std::pair<size_t, size_t> { offsetof(T, f), sizeof(T::f) }

TEST_F(StructSizeWalk, ClientOptions) {
  const std::string uri = server->uri();
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = uri.c_str();
  o.db_name = "default";
  o.connect_timeout_ms = 5000;
  o.request_timeout_ms = 5000;
  o.user_agent = "walk/1";
  o.max_attempts = 2;
  o.retry_initial_backoff_ms = 10;
  o.retry_max_backoff_ms = 20;
  o.max_response_bytes = 1 << 20;
  o.max_list_response_bytes = 1 << 20;
  using T = mj_client_options;
  walk<T>("mj_client_options", o,
          {MJ_SPAN(T, struct_size),
           MJ_SPAN(T, uri),
           MJ_SPAN(T, token),
           MJ_SPAN(T, db_name),
           MJ_SPAN(T, connect_timeout_ms),
           MJ_SPAN(T, request_timeout_ms),
           MJ_SPAN(T, tls_insecure_skip_verify),
           MJ_SPAN(T, tls_ca_file),
           MJ_SPAN(T, tls_ca_path),
           MJ_SPAN(T, user_agent),
           MJ_SPAN(T, extra_headers),
           MJ_SPAN(T, extra_header_count),
           MJ_SPAN(T, max_attempts),
           MJ_SPAN(T, retry_initial_backoff_ms),
           MJ_SPAN(T, retry_max_backoff_ms),
           MJ_SPAN(T, max_response_bytes),
           MJ_SPAN(T, max_list_response_bytes),
           MJ_SPAN(T, deployment),
           MJ_SPAN(T, cloud_cluster_id),
           MJ_SPAN(T, cloud_project_id),
           MJ_SPAN(T, cloud_region_id),
           MJ_SPAN(T, cloud_project_endpoint),
           MJ_SPAN(T, tls_client_cert_file),
           MJ_SPAN(T, tls_client_key_file),
           MJ_SPAN(T, tls_client_key_password),
           MJ_SPAN(T, tls_server_name),
           MJ_SPAN(T, proxy),
           MJ_SPAN(T, no_proxy),
           MJ_SPAN(T, log_fn),
           MJ_SPAN(T, log_user_data),
           MJ_SPAN(T, log_level),
           MJ_SPAN(T, disable_create_reconciliation)},
          [](const T* in, mj_error** e) {
            mj_client* c = nullptr;
            const mj_status s = mj_client_new(&c, in, e);
            mj_client_free(c);
            return s;
          });
}

TEST_F(StructSizeWalk, CallOptions) {
  Cancel cancel;
  mj_cancel* raw = nullptr;
  ASSERT_EQ(mj_cancel_new(&raw, nullptr), MJ_OK);
  cancel.reset(raw);
  const int64_t id = refresh("books_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  mj_call_options o = MJ_CALL_OPTIONS_INIT;
  o.timeout_ms = 10000;
  o.cancel = cancel.get();
  o.db_name = "default";
  o.max_attempts = 1;
  using T = mj_call_options;
  walk<T>("mj_call_options", o,
          {MJ_SPAN(T, struct_size), MJ_SPAN(T, timeout_ms), MJ_SPAN(T, cancel), MJ_SPAN(T, db_name),
           MJ_SPAN(T, max_attempts), MJ_SPAN(T, headers), MJ_SPAN(T, header_count)},
          [&](const T* in, mj_error** e) {
            mj_refresh_job* job = nullptr;
            const mj_status s = mj_get_refresh_external_collection_progress(&job, client.get(), id, in, e);
            mj_refresh_job_free(job);
            return s;
          });
}

TEST_F(StructSizeWalk, RefreshRequest) {
  mj_refresh_request o = MJ_REFRESH_REQUEST_INIT;
  o.collection_name = "books_ext";
  o.external_source = "s3://bucket/books_v2";
  o.external_spec = R"({"format":"parquet"})";
  using T = mj_refresh_request;
  walk<T>(
      "mj_refresh_request", o,
      {MJ_SPAN(T, struct_size), MJ_SPAN(T, collection_name), MJ_SPAN(T, external_source), MJ_SPAN(T, external_spec)},
      [&](const T* in, mj_error** e) {
        int64_t id = 0;
        return mj_refresh_external_collection(&id, client.get(), in, nullptr, e);
      });
}

TEST_F(StructSizeWalk, ImportRequest) {
  const char* files[] = {"import/rows.json"};
  const char* keys[] = {"timeout"};
  const char* values[] = {"300s"};
  mj_import_request o = MJ_IMPORT_REQUEST_INIT;
  o.collection_name = "quick_setup";
  o.files = files;
  o.file_count = 1;
  o.option_keys = keys;
  o.option_values = values;
  o.option_count = 1;
  using T = mj_import_request;
  walk<T>("mj_import_request", o,
          {MJ_SPAN(T, struct_size), MJ_SPAN(T, collection_name), MJ_SPAN(T, partition_name), MJ_SPAN(T, files),
           MJ_SPAN(T, file_count), MJ_SPAN(T, group_sizes), MJ_SPAN(T, group_count), MJ_SPAN(T, option_keys),
           MJ_SPAN(T, option_values), MJ_SPAN(T, option_count), MJ_SPAN(T, volume_name), MJ_SPAN(T, access_key),
           MJ_SPAN(T, secret_key), MJ_SPAN(T, session_token)},
          [&](const T* in, mj_error** e) {
            char* id = nullptr;
            const mj_status s = mj_bulk_import(&id, client.get(), in, nullptr, e);
            mj_free(id);
            return s;
          });
}

TEST_F(StructSizeWalk, ImportListRequest) {
  mj_import_list_request o = MJ_IMPORT_LIST_REQUEST_INIT;
  o.collection_name = "quick_setup";
  o.page_size = 10;
  o.current_page = 1;
  using T = mj_import_list_request;
  walk<T>("mj_import_list_request", o,
          {MJ_SPAN(T, struct_size), MJ_SPAN(T, collection_name), MJ_SPAN(T, page_size), MJ_SPAN(T, current_page)},
          [&](const T* in, mj_error** e) {
            mj_import_job_list* list = nullptr;
            const mj_status s = mj_list_import_jobs_page(&list, client.get(), in, nullptr, e);
            mj_import_job_list_free(list);
            return s;
          });
}

TEST_F(StructSizeWalk, WaitOptions) {
  const int64_t id = refresh("books_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  Cancel cancel;
  mj_cancel* raw = nullptr;
  ASSERT_EQ(mj_cancel_new(&raw, nullptr), MJ_OK);
  cancel.reset(raw);
  mj_wait_options o = MJ_WAIT_OPTIONS_INIT;
  o.timeout_ms = 20000;
  o.initial_interval_ms = 10;
  o.max_interval_ms = 50;
  o.cancel = cancel.get();
  o.db_name = "default";
  using T = mj_wait_options;
  walk<T>("mj_wait_options", o,
          {MJ_SPAN(T, struct_size), MJ_SPAN(T, timeout_ms), MJ_SPAN(T, initial_interval_ms),
           MJ_SPAN(T, max_interval_ms), MJ_SPAN(T, cancel), MJ_SPAN(T, db_name)},
          [&](const T* in, mj_error** e) {
            mj_refresh_job* job = nullptr;
            const mj_status s = mj_wait_refresh(&job, client.get(), id, in, nullptr, nullptr, e);
            mj_refresh_job_free(job);
            return s;
          });
}

TEST_F(StructSizeWalk, WatcherOptions) {
  Cancel cancel;
  mj_cancel* raw = nullptr;
  ASSERT_EQ(mj_cancel_new(&raw, nullptr), MJ_OK);
  cancel.reset(raw);
  mj_watcher_options o = MJ_WATCHER_OPTIONS_INIT;
  o.max_connections = 4;
  o.interval_ms = 50;
  o.poll_timeout_ms = 5000;
  o.cancel = cancel.get();
  o.db_name = "default";
  using T = mj_watcher_options;
  walk<T>("mj_watcher_options", o,
          {MJ_SPAN(T, struct_size), MJ_SPAN(T, max_connections), MJ_SPAN(T, interval_ms), MJ_SPAN(T, poll_timeout_ms),
           MJ_SPAN(T, cancel), MJ_SPAN(T, db_name)},
          [&](const T* in, mj_error** e) {
            mj_watcher* w = nullptr;
            const mj_status s = mj_watcher_new(&w, client.get(), in, e);
            mj_watcher_free(w);
            return s;
          });
}

// ---------------------------------------------------------------- 3. timeouts

class HugeTimeouts : public World {
 protected:
  // A refresh job that has ended, to read and wait for.
  int64_t finished_refresh() {
    const int64_t id = refresh("books_ext");
    EXPECT_EQ(status, MJ_OK) << message();
    RefreshJob job = wait_refresh(id);
    EXPECT_EQ(status, MJ_OK) << message();
    return id;
  }

  Client client_with(const std::function<void(mj_client_options&)>& set) {
    const std::string uri = server->uri();
    mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
    o.uri = uri.c_str();
    set(o);
    mj_client* raw = nullptr;
    mj_error* e = nullptr;
    EXPECT_EQ(mj_client_new(&raw, &o, &e), MJ_OK) << mj_error_message(e);
    mj_error_free(e);
    return Client(raw);
  }

  void expect_describe_ok(mj_client* c, int64_t id, const mj_call_options* call, const char* what) {
    mj_refresh_job* job = nullptr;
    mj_error* e = nullptr;
    EXPECT_EQ(mj_get_refresh_external_collection_progress(&job, c, id, call, &e), MJ_OK)
        << what << ": " << mj_error_message(e);
    mj_error_free(e);
    mj_refresh_job_free(job);
  }
};

TEST_F(HugeTimeouts, CallTimeoutOfInt64MaxIsNoPracticalLimit) {
  const int64_t id = finished_refresh();
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.timeout_ms = kMax;
  expect_describe_ok(client.get(), id, &call, "call timeout_ms");
  call.timeout_ms = kMax - 1;
  expect_describe_ok(client.get(), id, &call, "call timeout_ms - 1");
  // A create and an import read too.
  char* import_id = nullptr;
  const char* files[] = {"import/rows.json"};
  mj_import_request r = MJ_IMPORT_REQUEST_INIT;
  r.collection_name = "quick_setup";
  r.files = files;
  r.file_count = 1;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_bulk_import(&import_id, client.get(), &r, &call, &e), MJ_OK) << mj_error_message(e);
  mj_import_job_list* list = nullptr;
  EXPECT_EQ(mj_list_import_jobs(&list, client.get(), nullptr, &call, &e), MJ_OK) << mj_error_message(e);
  mj_import_job_list_free(list);
  mj_free(import_id);
}

TEST_F(HugeTimeouts, ClientTimeoutsAndBackoffsOfInt64MaxAreNoPracticalLimit) {
  const int64_t id = finished_refresh();
  const struct {
    const char* what;
    void (*set)(mj_client_options&);
  } cases[] = {
      {"request_timeout_ms", [](mj_client_options& o) { o.request_timeout_ms = kMax; }},
      {"connect_timeout_ms", [](mj_client_options& o) { o.connect_timeout_ms = kMax; }},
      {"retry_initial_backoff_ms", [](mj_client_options& o) { o.retry_initial_backoff_ms = kMax; }},
      {"retry_max_backoff_ms", [](mj_client_options& o) { o.retry_max_backoff_ms = kMax; }},
      {"all of them",
       [](mj_client_options& o) {
         o.request_timeout_ms = o.connect_timeout_ms = o.retry_initial_backoff_ms = o.retry_max_backoff_ms = kMax;
       }},
  };
  for (const auto& k : cases) {
    Client c = client_with(k.set);
    ASSERT_TRUE(c) << k.what;
    expect_describe_ok(c.get(), id, nullptr, k.what);
    mj_refresh_job* job = nullptr;
    mj_error* e = nullptr;
    EXPECT_EQ(mj_wait_refresh(&job, c.get(), id, nullptr, nullptr, nullptr, &e), MJ_OK)
        << k.what << ": " << mj_error_message(e);
    mj_error_free(e);
    mj_refresh_job_free(job);
  }
}

TEST_F(HugeTimeouts, HugeBackoffIsNotWaitedForPastTheDeadline) {
  // A read that fails on a closed port: the next attempt's backoff (up to
  // INT64_MAX ms) would pass the call's deadline, so the call ends at once.
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  const std::string uri = "http://127.0.0.1:" + std::to_string(closed_port());
  o.uri = uri.c_str();
  o.retry_initial_backoff_ms = kMax / 2 + 1;
  o.retry_max_backoff_ms = kMax;
  o.request_timeout_ms = 2000;
  mj_client* raw = nullptr;
  ASSERT_EQ(mj_client_new(&raw, &o, nullptr), MJ_OK);
  Client c(raw);
  const auto start = std::chrono::steady_clock::now();
  mj_refresh_job* job = nullptr;
  mj_error* e = nullptr;
  const mj_status s = mj_get_refresh_external_collection_progress(&job, c.get(), 1, nullptr, &e);
  Error owned(e);
  EXPECT_EQ(s, MJ_ETRANSPORT) << mj_error_message(e);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST_F(HugeTimeouts, WaitTimeoutAndIntervalsOfInt64MaxAreNoPracticalLimit) {
  const int64_t id = finished_refresh();
  mj_wait_options w = MJ_WAIT_OPTIONS_INIT;
  w.timeout_ms = kMax;
  w.initial_interval_ms = kMax;
  w.max_interval_ms = kMax;
  mj_refresh_job* job = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_wait_refresh(&job, client.get(), id, &w, nullptr, nullptr, &e), MJ_OK) << mj_error_message(e);
  EXPECT_EQ(job->state, MJ_REFRESH_STATE_COMPLETED);
  mj_refresh_job_free(job);

  // A job still running: the deadline of INT64_MAX ms is no limit, the
  // ordinary intervals poll until it ends.
  const int64_t running = refresh("books_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  w.initial_interval_ms = 10;
  w.max_interval_ms = 50;
  ASSERT_EQ(mj_wait_refresh(&job, client.get(), running, &w, nullptr, nullptr, &e), MJ_OK) << mj_error_message(e);
  EXPECT_EQ(job->state, MJ_REFRESH_STATE_COMPLETED);
  mj_refresh_job_free(job);
}

TEST_F(HugeTimeouts, WatcherIntervalPollTimeoutAndNextTimeoutOfInt64MaxAreNoPracticalLimit) {
  const int64_t id = finished_refresh();
  mj_watcher_options o = MJ_WATCHER_OPTIONS_INIT;
  o.interval_ms = kMax;
  o.poll_timeout_ms = kMax;
  mj_watcher* raw = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_watcher_new(&raw, client.get(), &o, &e), MJ_OK) << mj_error_message(e);
  std::unique_ptr<mj_watcher, void (*)(mj_watcher*)> watcher(raw, mj_watcher_free);
  ASSERT_EQ(mj_watcher_add_refresh(watcher.get(), id, &e), MJ_OK) << mj_error_message(e);
  mj_watch_event* event = nullptr;
  ASSERT_EQ(mj_watcher_next(&event, watcher.get(), kMax, &e), MJ_OK) << mj_error_message(e);
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(event->status, MJ_OK);
  EXPECT_EQ(event->done, 1);
  mj_watch_event_free(event);

  ASSERT_EQ(mj_watcher_add_refresh(watcher.get(), id, &e), MJ_OK) << mj_error_message(e);
  int events = 0;
  ASSERT_EQ(mj_watcher_run(
                watcher.get(), kMax, [](const mj_watch_event*, void* n) { ++*static_cast<int*>(n); }, &events, &e),
            MJ_OK)
      << mj_error_message(e);
  EXPECT_EQ(events, 1);
}

TEST(HugeTimeoutsOnTheWire, RequestTimeoutHeaderStaysWithinWhatAServerCanHold) {
  // Go's time.Duration holds about 9.2e9 seconds; the header stays far below.
  ScriptedServer peer(200, R"({"code":0,"data":{"jobId":7,"state":"RefreshPending"}})");
  Client client = make_client(peer.uri());
  mj_call_options call = MJ_CALL_OPTIONS_INIT;
  call.timeout_ms = kMax;
  mj_refresh_job* job = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_get_refresh_external_collection_progress(&job, client.get(), 7, &call, &e), MJ_OK)
      << mj_error_message(e);
  mj_refresh_job_free(job);
  const auto requests = peer.requests();
  ASSERT_EQ(requests.size(), 1u);
  const size_t at = requests[0].find("\r\nRequest-Timeout: ");
  ASSERT_NE(at, std::string::npos) << requests[0];
  const int64_t seconds = std::stoll(requests[0].substr(at + 19));
  EXPECT_GT(seconds, int64_t{1} << 30) << "an INT64_MAX timeout is no practical limit";
  EXPECT_LT(seconds, int64_t{2000000000}) << requests[0];
}

// ---------------------------------------------------------------- 7. uri

TEST(HostileArgs, UriWithoutAHostSaysWhatToWrite) {
  for (const char* uri : {"http://", "https://", "http:///"}) {
    mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
    o.uri = uri;
    mj_client* c = nullptr;
    mj_error* e = nullptr;
    EXPECT_EQ(mj_client_new(&c, &o, &e), MJ_EINVALID_ARGUMENT) << uri;
    Error owned(e);
    const std::string message = mj_error_message(e);
    const std::string scheme = std::string(uri).substr(0, std::string(uri).find(':'));
    EXPECT_NE(message.find("has no host: write " + scheme + "://host:port"), std::string::npos)
        << uri << ": " << message;
    EXPECT_EQ(message.find("no scheme"), std::string::npos) << uri << ": " << message;
    mj_client_free(c);
  }
}

}  // namespace
}  // namespace mjtest
