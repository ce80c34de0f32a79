// Snapshot jobs end to end against the dev server over loopback HTTP: export
// (the metadata file and its URI), restore with a wait to completion, failed
// restores (missing metadata, corrupt metadata, an existing target), list,
// the watcher, ids above 2^53 kept exact, and a server without the snapshot
// routes (404) or a Zilliz Cloud client (MJ_EUNSUPPORTED).
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "world.hpp"

namespace mjtest {
namespace {

struct SnapshotJobDeleter {
  void operator()(mj_snapshot_job* j) const { mj_snapshot_job_free(j); }
};
struct SnapshotListDeleter {
  void operator()(mj_snapshot_job_list* l) const { mj_snapshot_job_list_free(l); }
};
struct WatcherDeleter {
  void operator()(mj_watcher* w) const { mj_watcher_free(w); }
};
using SnapshotJob = std::unique_ptr<mj_snapshot_job, SnapshotJobDeleter>;
using SnapshotList = std::unique_ptr<mj_snapshot_job_list, SnapshotListDeleter>;
using Watcher = std::unique_ptr<mj_watcher, WatcherDeleter>;

constexpr int64_t kTwoTo53 = int64_t{1} << 53;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class Snapshots : public World {
 protected:
  std::string export_snapshot(const char* collection, const char* name, const char* target = "s3://bucket/exports",
                              mj_client* c = nullptr) {
    mj_export_snapshot_request r = MJ_EXPORT_SNAPSHOT_REQUEST_INIT;
    r.collection_name = collection;
    r.snapshot_name = name;
    r.target_path = target;
    char* uri = nullptr;
    mj_error* e = nullptr;
    status = mj_export_snapshot(&uri, c ? c : client.get(), &r, nullptr, &e);
    error.reset(e);
    std::string out = uri ? uri : "";
    mj_free(uri);
    return out;
  }

  int64_t restore(const char* target, const std::string& uri) {
    mj_restore_snapshot_request r = MJ_RESTORE_SNAPSHOT_REQUEST_INIT;
    r.target_collection_name = target;
    r.snapshot_uri = uri.c_str();
    int64_t id = 0;
    mj_error* e = nullptr;
    status = mj_restore_external_snapshot(&id, client.get(), &r, nullptr, &e);
    error.reset(e);
    return id;
  }

  SnapshotJob wait(int64_t id, std::vector<int64_t>* progress = nullptr) {
    mj_wait_options o = MJ_WAIT_OPTIONS_INIT;
    o.timeout_ms = 20000;
    o.initial_interval_ms = 10;
    o.max_interval_ms = 20;
    mj_snapshot_job* job = nullptr;
    mj_error* e = nullptr;
    status = mj_wait_restore_snapshot(
        &job, client.get(), id, &o,
        [](const mj_snapshot_job* j, void* user) {
          if (user) static_cast<std::vector<int64_t>*>(user)->push_back(j->progress);
        },
        progress, &e);
    error.reset(e);
    return SnapshotJob(job);
  }

  SnapshotJob describe(int64_t id) {
    mj_snapshot_job* job = nullptr;
    mj_error* e = nullptr;
    status = mj_get_restore_snapshot_progress(&job, client.get(), id, nullptr, &e);
    error.reset(e);
    return SnapshotJob(job);
  }

  // A completed refresh of books_ext, so its export carries a refresh manifest.
  void refresh_books() {
    const int64_t id = refresh("books_ext");
    ASSERT_EQ(status, MJ_OK) << message();
    RefreshJob job = wait_refresh(id);
    ASSERT_TRUE(job);
    ASSERT_EQ(job->state, MJ_REFRESH_STATE_COMPLETED);
  }
};

TEST_F(Snapshots, ExportWritesTheMetadataUnderTheTargetAndAnswersItsUri) {
  refresh_books();
  const std::string uri = export_snapshot("books_ext", "books_s1", "s3://bucket/exports/");
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(uri, "s3://bucket/exports/books_s1/metadata.json");
  const std::string text = read_file(dir.path() + "/data/bucket/exports/books_s1/metadata.json");
  ASSERT_FALSE(text.empty());
  EXPECT_NE(text.find("\"externalSource\": \"s3://bucket/books\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"lastRefresh\""), std::string::npos) << text;
  EXPECT_NE(text.find("part-0.parquet"), std::string::npos) << "the refresh manifest is in the snapshot: " << text;

  // The same name again under the same target is refused.
  export_snapshot("books_ext", "books_s1");
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 1100);
}

TEST_F(Snapshots, ExportOfAnUnknownCollectionIsNotFound) {
  export_snapshot("no_such_collection", "s");
  ASSERT_EQ(status, MJ_ENOT_FOUND) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 100);
}

TEST_F(Snapshots, RestoreWaitsToCompletionAndCreatesTheCollection) {
  start(150);  // progress over time (slow enough to be seen under valgrind too)
  refresh_books();
  const std::string uri = export_snapshot("books_ext", "books_s2");
  ASSERT_EQ(status, MJ_OK) << message();
  const int64_t id = restore("books_restored", uri);
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_GT(id, kTwoTo53) << "the dev server's restore ids are TSO-sized";

  std::vector<int64_t> progress;
  SnapshotJob job = wait(id, &progress);
  ASSERT_EQ(status, MJ_OK) << message();
  ASSERT_TRUE(job);
  EXPECT_EQ(job->job_id, id);
  EXPECT_EQ(job->state, MJ_SNAPSHOT_STATE_COMPLETED);
  EXPECT_STREQ(job->state_name, "RestoreSnapshotCompleted");
  EXPECT_EQ(job->progress, 100);
  EXPECT_STREQ(job->collection_name, "books_restored");
  EXPECT_STREQ(job->snapshot_name, "books_s2");
  EXPECT_STREQ(job->db_name, "default");
  EXPECT_GT(job->start_time_ms, 0);
  EXPECT_GT(job->time_cost_ms, 0);
  EXPECT_EQ(mj_snapshot_state_is_terminal(job->state), 1);
  ASSERT_GE(progress.size(), 2u) << "the callback saw the progress move";
  EXPECT_EQ(progress.back(), 100);

  // The restored collection is external with the snapshot's source: it refreshes.
  const int64_t refresh_id = refresh("books_restored");
  ASSERT_EQ(status, MJ_OK) << message();
  EXPECT_EQ(wait_refresh(refresh_id)->state, MJ_REFRESH_STATE_COMPLETED);
}

TEST_F(Snapshots, RestoreOfMissingMetadataFailsWithAReason) {
  const int64_t id = restore("books_missing", "s3://bucket/exports/never_made/metadata.json");
  ASSERT_EQ(status, MJ_OK) << message();
  SnapshotJob job = wait(id);
  ASSERT_EQ(status, MJ_EJOB_FAILED) << message();
  ASSERT_TRUE(job) << "the failed job is returned beside the error";
  EXPECT_EQ(job->state, MJ_SNAPSHOT_STATE_FAILED);
  EXPECT_NE(std::string(job->reason).find("not found"), std::string::npos) << job->reason;
  EXPECT_NE(message().find("snapshot restore job " + std::to_string(id) + " failed"), std::string::npos) << message();
}

TEST_F(Snapshots, RestoreOfCorruptMetadataFailsWithAReason) {
  dir.write("data/bucket/exports/broken/metadata.json", "{\"formatVersion\": 1, \"snapshotName\": ");
  const int64_t id = restore("books_corrupt", "s3://bucket/exports/broken/metadata.json");
  ASSERT_EQ(status, MJ_OK) << message();
  SnapshotJob job = wait(id);
  ASSERT_EQ(status, MJ_EJOB_FAILED) << message();
  ASSERT_TRUE(job);
  EXPECT_NE(std::string(job->reason).find("is corrupt"), std::string::npos) << job->reason;
  EXPECT_NE(message().find("is corrupt"), std::string::npos) << message();

  // Valid JSON, but not a snapshot.
  dir.write("data/bucket/exports/other/metadata.json", "{\"formatVersion\": 1}");
  const int64_t other = restore("books_other", "s3://bucket/exports/other/metadata.json");
  ASSERT_EQ(status, MJ_OK) << message();
  job = wait(other);
  ASSERT_EQ(status, MJ_EJOB_FAILED) << message();
  EXPECT_NE(std::string(job->reason).find("no snapshotName"), std::string::npos) << job->reason;
}

TEST_F(Snapshots, RestoreIntoAnExistingCollectionIsRefused) {
  const std::string uri = export_snapshot("quick_setup", "plain_s");
  ASSERT_EQ(status, MJ_OK) << message();
  restore("quick_setup", uri);
  ASSERT_EQ(status, MJ_EINVALID_ARGUMENT) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 1100);
  EXPECT_NE(message().find("already exists"), std::string::npos) << message();
  EXPECT_EQ(mj_error_is_retriable(error.get()), 0);
}

TEST_F(Snapshots, ListShowsTheJobsNewestFirstAndFiltersByCollection) {
  const std::string uri = export_snapshot("quick_setup", "plain_list");
  ASSERT_EQ(status, MJ_OK) << message();
  const int64_t first = restore("plain_a", uri);
  ASSERT_EQ(status, MJ_OK) << message();
  const int64_t second = restore("plain_b", uri);
  ASSERT_EQ(status, MJ_OK) << message();
  wait(first);
  wait(second);

  mj_snapshot_job_list* raw = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_list_restore_snapshot_jobs(&raw, client.get(), nullptr, nullptr, &e), MJ_OK) << mj_error_message(e);
  SnapshotList all(raw);
  ASSERT_EQ(all->count, 2u);
  EXPECT_EQ(all->items[0]->job_id, second);
  EXPECT_EQ(all->items[1]->job_id, first);
  EXPECT_EQ(all->items[1]->state, MJ_SNAPSHOT_STATE_COMPLETED);

  ASSERT_EQ(mj_list_restore_snapshot_jobs(&raw, client.get(), "plain_a", nullptr, &e), MJ_OK) << mj_error_message(e);
  SnapshotList one(raw);
  ASSERT_EQ(one->count, 1u);
  EXPECT_EQ(one->items[0]->job_id, first);
  EXPECT_STREQ(one->items[0]->collection_name, "plain_a");

  EXPECT_EQ(mj_list_restore_snapshot_jobs(&raw, client.get(), "no_such_collection", nullptr, &e), MJ_ENOT_FOUND);
  mj_error_free(e);
}

TEST_F(Snapshots, IdsAboveTwoTo53StayExactEndToEnd) {
  const std::string uri = export_snapshot("quick_setup", "plain_ids");
  ASSERT_EQ(status, MJ_OK) << message();
  const int64_t a = restore("plain_id_a", uri);
  const int64_t b = restore("plain_id_b", uri);
  ASSERT_GT(a, kTwoTo53);
  ASSERT_EQ(b, a + 1) << "neighbouring ids above 2^53 differ by one, which a double could not hold";
  // A double rounds one of two neighbours above 2^53: both read back exactly.
  EXPECT_EQ(describe(a)->job_id, a) << message();
  EXPECT_EQ(describe(b)->job_id, b) << message();
  EXPECT_STREQ(describe(b)->collection_name, "plain_id_b");
  // On the wire: restore answers a number, describe takes the id as a string.
  const std::string raw =
      http_post(server->port(), "/v2/vectordb/jobs/snapshot/describe", "{\"jobId\":\"" + std::to_string(b) + "\"}");
  EXPECT_NE(raw.find("\"jobId\":" + std::to_string(b)), std::string::npos) << raw;
}

TEST_F(Snapshots, DescribeOfAnUnknownJobIsNotFound) {
  describe(450000000000000001);
  ASSERT_EQ(status, MJ_ENOT_FOUND) << message();
  EXPECT_EQ(mj_error_server_code(error.get()), 2101);
  describe(0);
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(mj_error_http_status(error.get()), 0);
}

TEST_F(Snapshots, WatcherFollowsRestoreJobsToTheirEnd) {
  start(150);
  const std::string uri = export_snapshot("quick_setup", "plain_watch");
  ASSERT_EQ(status, MJ_OK) << message();
  const int64_t good = restore("plain_watched", uri);
  ASSERT_EQ(status, MJ_OK) << message();
  const int64_t bad = restore("plain_lost", "s3://bucket/exports/absent/metadata.json");
  ASSERT_EQ(status, MJ_OK) << message();

  mj_watcher_options o = MJ_WATCHER_OPTIONS_INIT;
  o.interval_ms = 10;
  mj_watcher* raw = nullptr;
  ASSERT_EQ(mj_watcher_new(&raw, client.get(), &o, nullptr), MJ_OK);
  Watcher watcher(raw);
  ASSERT_EQ(mj_watcher_add_restore_snapshot(watcher.get(), good, nullptr), MJ_OK);
  ASSERT_EQ(mj_watcher_add_restore_snapshot(watcher.get(), bad, nullptr), MJ_OK);
  EXPECT_EQ(mj_watcher_size(watcher.get()), 2u);

  struct Seen {
    int64_t id;
    int32_t status;
    int32_t state;
    int64_t progress;
    int32_t done;
  };
  std::vector<Seen> seen;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_watcher_run(
                watcher.get(), 20000,
                [](const mj_watch_event* ev, void* user) {
                  auto& out = *static_cast<std::vector<Seen>*>(user);
                  if (ev->kind != MJ_JOB_SNAPSHOT_RESTORE || ev->refresh || ev->import_job) {
                    out.push_back(Seen{-1, -1, -1, -1, -1});  // fails the checks below
                    return;
                  }
                  out.push_back(Seen{ev->snapshot_job_id, ev->status, ev->snapshot ? ev->snapshot->state : -1,
                                     ev->snapshot ? ev->snapshot->progress : -1, ev->done});
                },
                &seen, &e),
            MJ_OK)
      << mj_error_message(e);
  EXPECT_EQ(mj_watcher_size(watcher.get()), 0u);

  std::vector<Seen> of_good, of_bad;
  for (const auto& s : seen) {
    ASSERT_NE(s.id, -1) << "an event of another kind, or without its snapshot job";
    (s.id == good ? of_good : of_bad).push_back(s);
  }
  ASSERT_FALSE(of_good.empty());
  ASSERT_EQ(of_bad.size() + of_good.size(), seen.size());
  EXPECT_EQ(of_good.back().status, MJ_OK);
  EXPECT_EQ(of_good.back().state, MJ_SNAPSHOT_STATE_COMPLETED);
  EXPECT_EQ(of_good.back().progress, 100);
  EXPECT_EQ(of_good.back().done, 1);
  EXPECT_GE(of_good.size(), 2u) << "progress changes were reported";
  ASSERT_FALSE(of_bad.empty());
  EXPECT_EQ(of_bad.back().status, MJ_EJOB_FAILED);
  EXPECT_EQ(of_bad.back().state, MJ_SNAPSHOT_STATE_FAILED);
  EXPECT_EQ(of_bad.back().done, 1);

  EXPECT_EQ(mj_watcher_remove_restore_snapshot(watcher.get(), good, &e), MJ_ENOT_FOUND);
  mj_error_free(e);
}

TEST_F(Snapshots, ArgumentsAreCheckedBeforeSending) {
  export_snapshot("books_ext", "s", "");
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(mj_error_http_status(error.get()), 0);
  export_snapshot("books_ext", "s", "bucket/exports");
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT);
  EXPECT_NE(message().find("target_path is not a URL"), std::string::npos) << message();
  restore("x", "not a uri");
  EXPECT_EQ(status, MJ_EINVALID_ARGUMENT);
  EXPECT_EQ(mj_error_http_status(error.get()), 0);

  mj_export_snapshot_request r = MJ_EXPORT_SNAPSHOT_REQUEST_INIT;
  r.collection_name = "books_ext";
  r.snapshot_name = "s";
  r.target_path = "s3://bucket/x";
  r.external_spec = "{\"extfs\":{\"use_iam\":true}}";
  char* uri = nullptr;
  mj_error* e = nullptr;
  EXPECT_EQ(mj_export_snapshot(&uri, client.get(), &r, nullptr, &e), MJ_EINVALID_ARGUMENT);
  EXPECT_NE(std::string(mj_error_message(e)).find("must be a string"), std::string::npos) << mj_error_message(e);
  mj_error_free(e);
  EXPECT_EQ(uri, nullptr);
}

TEST(SnapshotServer, AServerWithoutSnapshotRoutesIsUnsupportedNamingTheMilvusNeeded) {
  TempDir dir;
  DevServerOptions o;
  o.data_dir = dir.path() + "/data";
  o.config_file = write_sample_world(dir);
  o.extra_args = {"--without-snapshot-jobs"};
  DevServer server(o);
  Client client = make_client(server.uri());

  mj_export_snapshot_request r = MJ_EXPORT_SNAPSHOT_REQUEST_INIT;
  r.collection_name = "books_ext";
  r.snapshot_name = "s";
  r.target_path = "s3://bucket/exports";
  char* uri = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_export_snapshot(&uri, client.get(), &r, nullptr, &e), MJ_EUNSUPPORTED) << mj_error_message(e);
  EXPECT_EQ(mj_error_http_status(e), 404);
  EXPECT_NE(std::string(mj_error_message(e)).find("does not support snapshot jobs (needs Milvus >= 3.0"),
            std::string::npos)
      << mj_error_message(e);
  mj_error_free(e);

  mj_snapshot_job* job = nullptr;
  e = nullptr;
  EXPECT_EQ(mj_get_restore_snapshot_progress(&job, client.get(), 450123456789012345, nullptr, &e), MJ_EUNSUPPORTED);
  EXPECT_EQ(mj_error_is_retriable(e), 0);
  mj_error_free(e);

  // The rest of the server still answers: refresh works.
  mj_refresh_request rr = MJ_REFRESH_REQUEST_INIT;
  rr.collection_name = "books_ext";
  int64_t id = 0;
  EXPECT_EQ(mj_refresh_external_collection(&id, client.get(), &rr, nullptr, nullptr), MJ_OK);
}

TEST(SnapshotServer, ZillizCloudClientsAreUnsupportedWithoutSending) {
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = "http://127.0.0.1:1";  // nothing listens: a request sent would be MJ_ETRANSPORT
  o.deployment = MJ_DEPLOYMENT_ZILLIZ_CLOUD;
  o.token = "api-key";
  o.cloud_cluster_id = "inxx-0123456789";
  mj_client* raw = nullptr;
  ASSERT_EQ(mj_client_new(&raw, &o, nullptr), MJ_OK);
  Client client(raw);
  mj_restore_snapshot_request r = MJ_RESTORE_SNAPSHOT_REQUEST_INIT;
  r.target_collection_name = "t";
  r.snapshot_uri = "s3://bucket/exports/s/metadata.json";
  int64_t id = 0;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_restore_external_snapshot(&id, client.get(), &r, nullptr, &e), MJ_EUNSUPPORTED);
  EXPECT_NE(std::string(mj_error_message(e)).find("Zilliz Cloud has no snapshot"), std::string::npos)
      << mj_error_message(e);
  EXPECT_EQ(mj_error_http_status(e), 0);
  mj_error_free(e);
}

}  // namespace
}  // namespace mjtest
