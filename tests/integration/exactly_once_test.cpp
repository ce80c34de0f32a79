// Exactly-once creates: a create whose answer is lost after the server
// started the job (the connection dropped before the answer, the answer held
// past the client's deadline, a reset in the middle of the answer) is
// reconciled, and exactly one job exists afterwards, whose id the caller got;
// or, where the server's state cannot tell, MJ_EAMBIGUOUS with the
// candidates. Each fault for refresh and import, Milvus and Zilliz Cloud
// modes, against the dev server's fault injection.
#include <gtest/gtest.h>

#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "faults.hpp"
#include "support.hpp"

namespace mjtest {
namespace {

constexpr const char* kApiKey = "cloud-key-0123456789";
constexpr const char* kCluster = "inxx-dev0000000000001";
constexpr int64_t kTimeoutMs = 600;

enum class Mode { milvus, cloud };

struct Fault {
  const char* name;  // as the dev server's fault spec names it
  const char* spec;  // FAULT[:PARAM]
  mj_status without_reconciliation;
};

// Each fault lets the server start the job and loses the answer.
const Fault kFaults[] = {
    {"DropBeforeAnswer", "drop-after", MJ_ETRANSPORT},
    {"AnswerAfterDeadline", "late:2000", MJ_ETIMEOUT},
    {"ResetMidAnswer", "reset", MJ_ETRANSPORT},
};

// gtest prints parameters: by name (not as bytes, padding included).
void PrintTo(const Fault& f, std::ostream* os) { *os << f.name; }
void PrintTo(Mode m, std::ostream* os) { *os << (m == Mode::milvus ? "Milvus" : "Cloud"); }

struct Outcome {
  mj_status status = MJ_OK;
  Error error;
  mj_create_outcome done = MJ_CREATE_OUTCOME_INIT;
  std::string import_id;
  int64_t refresh_id = 0;

  std::string message() const { return error ? mj_error_message(error.get()) : ""; }
  std::vector<std::string> candidates() const {
    std::vector<std::string> ids;
    for (size_t i = 0; i < mj_error_candidate_count(error.get()); ++i) {
      ids.emplace_back(mj_error_candidate_id(error.get(), i));
    }
    return ids;
  }
};

class ExactlyOnce : public ::testing::TestWithParam<std::tuple<Mode, Fault>> {
 protected:
  void SetUp() override {
    world_config = write_sample_world(dir);
    dir.write("data/bucket/books/extra.parquet", std::string(3000, 'p'));  // a longer refresh
    dir.write("cloud.json",
              std::string(R"({"apiKeys":[")") + kApiKey + R"("],"clusters":[{"clusterId":")" + kCluster + R"("}]})");
    DevServerOptions o;
    o.data_dir = dir.path() + "/data";
    o.config_file = world_config;
    o.work_delay_ms = 250;  // a refresh runs for seconds: a second one finds it running
    if (mode() == Mode::cloud) o.extra_args = {"--cloud", dir.path() + "/cloud.json"};
    server = std::make_unique<DevServer>(o);
    client = make(false);
  }

  Mode mode() const { return std::get<0>(GetParam()); }
  const Fault& fault() const { return std::get<1>(GetParam()); }

  Client make(bool reconciliation_off) {
    mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
    const std::string uri = server->uri();
    o.uri = uri.c_str();
    o.request_timeout_ms = kTimeoutMs;
    o.max_attempts = 1;
    o.disable_create_reconciliation = reconciliation_off ? 1 : 0;
    if (mode() == Mode::cloud) {
      o.deployment = MJ_DEPLOYMENT_ZILLIZ_CLOUD;
      o.token = kApiKey;
      o.cloud_cluster_id = kCluster;
    }
    mj_client* c = nullptr;
    mj_error* e = nullptr;
    const mj_status s = mj_client_new(&c, &o, &e);
    Error err(e);
    if (s != MJ_OK) throw std::runtime_error(std::string("mj_client_new: ") + mj_error_message(e));
    return Client(c);
  }

  // The file of the request: a path in the bucket for Milvus, an object URL for the cloud.
  const char* import_file() const { return mode() == Mode::cloud ? "s3://import/rows.json" : "import/rows.json"; }

  Outcome bulk_import(mj_client* c, const std::vector<const char*>& files) {
    mj_import_request r = MJ_IMPORT_REQUEST_INIT;
    r.collection_name = "quick_setup";
    r.files = files.data();
    r.file_count = files.size();
    Outcome out;
    char* id = nullptr;
    mj_error* e = nullptr;
    out.status = mj_bulk_import_ex(&id, &out.done, c, &r, nullptr, &e);
    out.error.reset(e);
    out.import_id = id ? id : "";
    mj_free(id);
    return out;
  }

  Outcome refresh(mj_client* c) {
    mj_refresh_request r = MJ_REFRESH_REQUEST_INIT;
    r.collection_name = "books_ext";
    Outcome out;
    mj_error* e = nullptr;
    out.status = mj_refresh_external_collection_ex(&out.refresh_id, &out.done, c, &r, nullptr, &e);
    out.error.reset(e);
    return out;
  }

  // Every import job of quick_setup, read with a client without faults.
  std::vector<std::string> import_jobs() {
    mj_import_job_list* list = nullptr;
    mj_error* e = nullptr;
    const mj_status s = mj_list_import_jobs(&list, client.get(), "quick_setup", nullptr, &e);
    Error err(e);
    ImportList owned(list);
    EXPECT_EQ(s, MJ_OK) << mj_error_message(e);
    std::vector<std::string> ids;
    for (size_t i = 0; owned && i < owned->count; ++i) ids.emplace_back(owned->items[i]->job_id);
    return ids;
  }

  std::vector<int64_t> refresh_jobs() {
    mj_refresh_job_list* list = nullptr;
    mj_error* e = nullptr;
    const mj_status s = mj_list_refresh_external_collection_jobs(&list, client.get(), "books_ext", nullptr, &e);
    Error err(e);
    RefreshList owned(list);
    EXPECT_EQ(s, MJ_OK) << mj_error_message(e);
    std::vector<int64_t> ids;
    for (size_t i = 0; owned && i < owned->count; ++i) ids.push_back(owned->items[i]->job_id);
    return ids;
  }

  TempDir dir;
  std::string world_config;
  std::unique_ptr<DevServer> server;
  Client client;
};

TEST_P(ExactlyOnce, ImportWhoseAnswerIsLostReturnsTheOneJobItStarted) {
  add_faults(*server, std::string("import/create=") + fault().spec);
  const Outcome out = bulk_import(client.get(), {import_file()});
  ASSERT_EQ(out.status, MJ_OK) << mj_status_name(out.status) << ": " << out.message();
  EXPECT_EQ(out.done.recovered, 1);
  EXPECT_EQ(out.done.attempts, 1);
  EXPECT_EQ(requests_seen(*server, "import/create"), 1);
  EXPECT_EQ(import_jobs(), std::vector<std::string>{out.import_id});
}

TEST_P(ExactlyOnce, RefreshWhoseAnswerIsLostReturnsTheRunningJobItStarted) {
  add_faults(*server, std::string("external_collection/refresh=") + fault().spec);
  const Outcome out = refresh(client.get());
  if (mode() == Mode::cloud) {
    // The control plane has no refresh: refused before anything is sent.
    EXPECT_EQ(out.status, MJ_EUNSUPPORTED) << out.message();
    EXPECT_EQ(out.done.attempts, 0);
    EXPECT_EQ(requests_seen(*server, "external_collection/refresh"), 0);
    return;
  }
  ASSERT_EQ(out.status, MJ_OK) << mj_status_name(out.status) << ": " << out.message();
  EXPECT_EQ(out.done.recovered, 1);
  EXPECT_EQ(out.done.attempts, 2);  // the second refresh found the first one running (703)
  EXPECT_EQ(requests_seen(*server, "external_collection/refresh"), 2);
  EXPECT_EQ(refresh_jobs(), std::vector<int64_t>{out.refresh_id});
}

TEST_P(ExactlyOnce, WithReconciliationOffTheFailureIsReturnedAsItIs) {
  Client off = make(true);
  add_faults(*server, std::string("import/create=") + fault().spec);
  const Outcome out = bulk_import(off.get(), {import_file()});
  EXPECT_EQ(out.status, fault().without_reconciliation) << out.message();
  EXPECT_EQ(out.done.recovered, 0);
  EXPECT_EQ(out.done.attempts, 1);
  EXPECT_EQ(mj_error_is_retriable(out.error.get()), 0);
  EXPECT_EQ(requests_seen(*server, "import/list"), 0);
  EXPECT_EQ(import_jobs().size(), 1u);  // the job the server started, unknown to the caller
}

TEST_P(ExactlyOnce, AnIdenticalImportJustBeforeMakesItAmbiguousWithBothCandidates) {
  const Outcome plain = bulk_import(client.get(), {import_file()});
  ASSERT_EQ(plain.status, MJ_OK) << plain.message();
  EXPECT_EQ(plain.done.recovered, 0);
  EXPECT_EQ(plain.done.attempts, 1);
  add_faults(*server, std::string("import/create=") + fault().spec);
  const Outcome out = bulk_import(client.get(), {import_file()});
  ASSERT_EQ(out.status, MJ_EAMBIGUOUS) << mj_status_name(out.status) << ": " << out.message();
  EXPECT_STREQ(mj_status_name(MJ_EAMBIGUOUS), "MJ_EAMBIGUOUS");
  const std::vector<std::string> jobs = import_jobs();
  ASSERT_EQ(jobs.size(), 2u);
  const std::vector<std::string> candidates = out.candidates();
  EXPECT_EQ(std::set<std::string>(jobs.begin(), jobs.end()),
            std::set<std::string>(candidates.begin(), candidates.end()))
      << out.message();
  EXPECT_NE(out.message().find("candidate jobs"), std::string::npos) << out.message();
  EXPECT_EQ(mj_error_candidate_id(out.error.get(), 99), std::string());
  EXPECT_EQ(out.done.attempts, 1);
}

std::string case_name(const ::testing::TestParamInfo<std::tuple<Mode, Fault>>& info) {
  return std::string(std::get<0>(info.param) == Mode::milvus ? "Milvus" : "Cloud") + std::get<1>(info.param).name;
}

INSTANTIATE_TEST_SUITE_P(Faults, ExactlyOnce,
                         ::testing::Combine(::testing::Values(Mode::milvus, Mode::cloud), ::testing::ValuesIn(kFaults)),
                         case_name);

// Cases with no fault parameter.
class ExactlyOnceMode : public ExactlyOnce {};

TEST_P(ExactlyOnceMode, ACreateThatNeverRanIsSentAgainOnceAndStartsOneJob) {
  add_faults(*server, "import/create=drop");  // closed before the route runs: no job
  const Outcome out = bulk_import(client.get(), {import_file()});
  ASSERT_EQ(out.status, MJ_OK) << out.message();
  EXPECT_EQ(out.done.recovered, 0);
  EXPECT_EQ(out.done.attempts, 2);
  EXPECT_EQ(requests_seen(*server, "import/create"), 2);
  EXPECT_EQ(import_jobs(), std::vector<std::string>{out.import_id});
}

TEST_P(ExactlyOnceMode, AnImportOfOtherFilesIsNotTakenForIt) {
  const char* other = mode() == Mode::cloud ? "s3://import/rows.csv" : "import/rows.csv";
  const Outcome first = bulk_import(client.get(), {other});
  ASSERT_EQ(first.status, MJ_OK) << first.message();
  add_faults(*server, "import/create=drop-after");
  const Outcome out = bulk_import(client.get(), {import_file()});
  ASSERT_EQ(out.status, MJ_OK) << out.message();
  EXPECT_EQ(out.done.recovered, 1);
  EXPECT_NE(out.import_id, first.import_id);
  EXPECT_EQ(import_jobs().size(), 2u);
}

TEST_P(ExactlyOnceMode, ASecondLostAnswerIsAmbiguous) {
  if (mode() == Mode::cloud) {
    add_faults(*server, "import/create=drop*2");  // nothing started, and the answer to the resend lost too
    const Outcome out = bulk_import(client.get(), {import_file()});
    ASSERT_EQ(out.status, MJ_EAMBIGUOUS) << out.message();
    EXPECT_EQ(out.done.attempts, 2);
    EXPECT_EQ(out.candidates().size(), 0u);
    EXPECT_EQ(import_jobs().size(), 0u);
    return;
  }
  // The refresh is sent again, and that answer is lost too: nothing tells.
  add_faults(*server, "external_collection/refresh=drop-after*2");
  const Outcome out = refresh(client.get());
  ASSERT_EQ(out.status, MJ_EAMBIGUOUS) << out.message();
  EXPECT_EQ(out.done.attempts, 2);
  EXPECT_EQ(out.done.recovered, 0);
  EXPECT_NE(out.message().find("list the collection's refresh jobs"), std::string::npos) << out.message();
  EXPECT_EQ(refresh_jobs().size(), 1u);  // the second refresh found the first running
}

INSTANTIATE_TEST_SUITE_P(Modes, ExactlyOnceMode,
                         ::testing::Combine(::testing::Values(Mode::milvus, Mode::cloud),
                                            ::testing::Values(kFaults[0])),
                         [](const ::testing::TestParamInfo<std::tuple<Mode, Fault>>& info) {
                           return std::string(std::get<0>(info.param) == Mode::milvus ? "Milvus" : "Cloud");
                         });

}  // namespace
}  // namespace mjtest
