// The dev server under hostile clients (issue 25): JSON nested 200,000 deep,
// thousands of idle connections, symbolic links out of the data dir.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "world.hpp"

namespace mjtest {
namespace {

using Clock = std::chrono::steady_clock;

std::string nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// A spec with a key nobody reads nesting `depth` arrays (the spec's object is
// one level more).
std::string nested_spec(size_t depth) { return R"({"format":"parquet","x":)" + nested(depth) + "}"; }

// ---------------------------------------------------------------- 4. nesting depth

TEST_F(World, SpecNested200000DeepIsRefusedAndTheServerKeepsServing) {
  // The library passes such a spec on (it is a JSON object with a format);
  // the dev server refuses it as Milvus does, code 1100, instead of
  // overflowing a thread's stack when it writes the spec back out.
  const std::string spec = nested_spec(200000);
  (void)refresh("books_ext", "s3://bucket/books_v2", spec.c_str());
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT) << message();
  ASSERT_TRUE(error);
  EXPECT_EQ(mj_error_server_code(error.get()), 1100);
  EXPECT_NE(message().find("exceeded max depth"), std::string::npos) << message().substr(0, 300);

  const int64_t id = refresh("books_ext", "s3://bucket/books_v2", R"({"format":"parquet"})");
  ASSERT_EQ(status, MJ_OK) << message();
  RefreshJob job = wait_refresh(id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_REFRESH_STATE_COMPLETED) << job->reason;
}

TEST_F(World, SpecAtTheDepthLimitIsStoredServedAndListed) {
  // 10000 levels in all, Go's limit: accepted, kept, written back in describe
  // and list answers (the dev server's own serialiser recurses per level).
  const std::string spec = nested_spec(9999);
  const int64_t id = refresh("books_ext", "s3://bucket/books_v2", spec.c_str());
  ASSERT_EQ(status, MJ_OK) << message();
  RefreshJob job = wait_refresh(id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_REFRESH_STATE_COMPLETED) << job->reason;
  EXPECT_EQ(std::string(job->external_spec).size(), spec.size());
  mj_refresh_job_list* list = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_list_refresh_external_collection_jobs(&list, client.get(), "books_ext", nullptr, &e), MJ_OK)
      << mj_error_message(e);
  mj_refresh_job_list_free(list);

  (void)refresh("books_ext", "s3://bucket/books_v2", nested_spec(10000).c_str());
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT) << message().substr(0, 300);
}

TEST_F(World, BodyNested200000DeepIsABindErrorAndTheServerKeepsServing) {
  for (const char* route :
       {"/v2/vectordb/jobs/external_collection/refresh", "/v2/vectordb/jobs/import/create", "/admin/import/seed"}) {
    const std::string body = R"({"collectionName":"books_ext","x":)" + nested(200000) + "}";
    const std::string answer = http_post(server->port(), route, body);
    EXPECT_NE(answer.find(R"("code":1801)"), std::string::npos) << route << ": " << answer.substr(0, 300);
    EXPECT_NE(answer.find("exceeded max depth"), std::string::npos) << route << ": " << answer.substr(0, 300);
    // A bare array too, which is not even an object.
    const std::string bare = http_post(server->port(), route, nested(200000));
    EXPECT_NE(bare.find(R"("code":1801)"), std::string::npos) << route << ": " << bare.substr(0, 300);
  }
  mj_refresh_job_list* list = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_list_refresh_external_collection_jobs(&list, client.get(), nullptr, nullptr, &e), MJ_OK)
      << mj_error_message(e);
  mj_refresh_job_list_free(list);
}

// ---------------------------------------------------------------- 5. idle connections

// Opens `count` TCP connections to 127.0.0.1:port; with `some_served`, every
// other one sends one whole request (its answer is never read): idle
// kept-alive connections and silent ones. Closed at destruction.
class IdleConnections {
 public:
  IdleConnections(int port, int count, bool some_served) {
    const std::string request =
        "POST /v2/vectordb/jobs/import/list HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: 2\r\n\r\n{}";
    for (int i = 0; i < count; ++i) {
      const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      if (fd < 0) {
        ADD_FAILURE() << "socket() failed after " << i << " connections: " << std::strerror(errno);
        return;
      }
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      address.sin_port = htons(static_cast<uint16_t>(port));
      if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ADD_FAILURE() << "connect() failed after " << i << " connections: " << std::strerror(errno);
        ::close(fd);
        return;
      }
      fds_.push_back(fd);
      if (some_served && i % 2 == 1 && ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) < 0) {
        ADD_FAILURE() << "send() failed: " << std::strerror(errno);
      }
    }
  }
  ~IdleConnections() {
    for (int fd : fds_) ::close(fd);
  }
  size_t size() const { return fds_.size(); }

 private:
  std::vector<int> fds_;
};

// Room for `count` more descriptors in this process: the soft limit raised
// towards the hard one when needed (a shell's default soft limit is 1024).
void make_room_for_descriptors(rlim_t count) {
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  const rlim_t wanted = count + 256;
  if (limit.rlim_cur >= wanted) return;
  ASSERT_TRUE(limit.rlim_max == RLIM_INFINITY || limit.rlim_max >= wanted)
      << "the hard limit of open files (" << limit.rlim_max << ") is below " << wanted;
  limit.rlim_cur = wanted;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0) << std::strerror(errno);
}

// One real call through the library on a fresh client (a new connection);
// its latency.
std::chrono::microseconds timed_list(const std::string& uri) {
  Client fresh = make_client(uri, "", "", 10000);
  const auto start = Clock::now();
  mj_import_job_list* list = nullptr;
  mj_error* e = nullptr;
  const mj_status s = mj_list_import_jobs(&list, fresh.get(), nullptr, nullptr, &e);
  const auto took = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  EXPECT_EQ(s, MJ_OK) << mj_error_message(e);
  mj_error_free(e);
  mj_import_job_list_free(list);
  return took;
}

long long ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

TEST_F(World, TwoThousandIdleConnectionsDoNotStallOtherClientsMeasured) {
  make_room_for_descriptors(2000);
  const auto start = Clock::now();
  IdleConnections idle(server->port(), 2000, true);
  ASSERT_EQ(idle.size(), 2000u);
  const long long opened_ms = ms_since(start);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the server accept them all
  const auto took = timed_list(server->uri());
  std::cout << "[ idle connections ] 2,000 idle connections opened in " << opened_ms
            << " ms; then a call on a new connection took " << took.count() << " us\n";
  EXPECT_LT(took, std::chrono::seconds(3));
  EXPECT_LT(opened_ms, 3000) << "connections wait to be accepted (a listen backlog too short)";
  // The kept-alive client the fixture made still works too.
  mj_import_job_list* list = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_list_import_jobs(&list, client.get(), nullptr, nullptr, &e), MJ_OK) << mj_error_message(e);
  mj_error_free(e);
  mj_import_job_list_free(list);
}

TEST_F(World, SixtyFourSilentConnectionsDoNotDelayARequestMeasured) {
  // From the first connect to the answer: neither a short listen backlog nor
  // a thread held by each silent connection may add seconds.
  const auto start = Clock::now();
  IdleConnections idle(server->port(), 64, false);
  ASSERT_EQ(idle.size(), 64u);
  const auto took = timed_list(server->uri());
  const long long total_ms = ms_since(start);
  std::cout << "[ idle connections ] 64 silent connections, then a call: " << took.count() << " us for the call, "
            << total_ms << " ms in all\n";
  EXPECT_LT(took, std::chrono::seconds(1));
  EXPECT_LT(total_ms, 1500);
}

// ---------------------------------------------------------------- 6. symbolic links

class SymlinkEscape : public World {
 protected:
  void SetUp() override {
    World::SetUp();
    outside.write("secret.json", R"([{"id":1},{"id":2},{"id":3},{"id":4},{"id":5},{"id":6},{"id":7}])");
    outside.write("table/a.parquet", std::string(4096, 's'));
  }
  std::string data(const std::string& relative) const { return dir.path() + "/data/" + relative; }

  TempDir outside;
};

TEST_F(SymlinkEscape, ImportOfALinkToAFileOutsideFails) {
  std::filesystem::create_symlink(outside.path() + "/secret.json", data("import/link.json"));
  const std::string id = bulk_import("quick_setup", {"import/link.json"});
  ASSERT_EQ(status, MJ_OK) << message();
  ImportJob job = wait_import(id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_FAILED);
  EXPECT_EQ(job->imported_rows, 0);
  EXPECT_EQ(job->total_rows, 0);
  EXPECT_NE(std::string(job->reason).find("symbolic link"), std::string::npos) << job->reason;
}

TEST_F(SymlinkEscape, ImportThroughALinkedDirectoryFails) {
  std::filesystem::create_directory_symlink(outside.path(), data("import/linked"));
  const std::string id = bulk_import("quick_setup", {"import/linked/secret.json"});
  ASSERT_EQ(status, MJ_OK) << message();
  ImportJob job = wait_import(id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_FAILED);
  EXPECT_NE(std::string(job->reason).find("symbolic link"), std::string::npos) << job->reason;
}

TEST_F(SymlinkEscape, ImportOfALinkInsideTheDataDirStillWorks) {
  std::filesystem::create_symlink(data("import/rows.json"), data("import/alias.json"));
  const std::string id = bulk_import("quick_setup", {"import/alias.json"});
  ASSERT_EQ(status, MJ_OK) << message();
  ImportJob job = wait_import(id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_COMPLETED) << job->reason;
  EXPECT_EQ(job->imported_rows, 3);
}

TEST_F(SymlinkEscape, RefreshOverALinkedDirectoryFails) {
  std::filesystem::create_directory_symlink(outside.path() + "/table", data("bucket/linked"));
  const int64_t id = refresh("books_ext", "s3://bucket/linked", R"({"format":"parquet"})");
  ASSERT_EQ(status, MJ_OK) << message();
  RefreshJob job = wait_refresh(id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_REFRESH_STATE_FAILED);
  EXPECT_NE(std::string(job->reason).find("symbolic link"), std::string::npos) << job->reason;
}

TEST_F(SymlinkEscape, RefreshOfADirectoryHoldingALinkedFileFails) {
  std::filesystem::create_symlink(outside.path() + "/table/a.parquet", data("bucket/books_v2/z.parquet"));
  const int64_t id = refresh("books_ext", "s3://bucket/books_v2", R"({"format":"parquet"})");
  ASSERT_EQ(status, MJ_OK) << message();
  RefreshJob job = wait_refresh(id);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(job->state, MJ_REFRESH_STATE_FAILED);
  EXPECT_NE(std::string(job->reason).find("z.parquet"), std::string::npos) << job->reason;
  EXPECT_NE(std::string(job->reason).find("symbolic link"), std::string::npos) << job->reason;
}

}  // namespace
}  // namespace mjtest
