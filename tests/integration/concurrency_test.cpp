// 16 threads share one client and make 10,000 mixed calls against the dev
// server; every call must succeed with the right result. Built and run under
// ThreadSanitizer by tools/test.sh (build-tsan).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "world.hpp"

namespace mjtest {
namespace {

constexpr int kThreads = 16;

int total_calls() {
  // MJ_CONCURRENCY_CALLS scales the run down under valgrind.
  const char* env = std::getenv("MJ_CONCURRENCY_CALLS");
  return env ? std::atoi(env) : 10000;
}

TEST_F(World, SixteenThreadsShareOneClientForTenThousandMixedCalls) {
  const std::string first = bulk_import("quick_setup", {"import/rows.json"});
  ASSERT_EQ(status, MJ_OK) << message();
  ASSERT_EQ(wait_import(first)->state, MJ_IMPORT_STATE_COMPLETED);
  const std::string second = bulk_import("quick_setup", {"import/rows.csv"});
  ASSERT_EQ(status, MJ_OK) << message();
  ASSERT_EQ(wait_import(second)->state, MJ_IMPORT_STATE_COMPLETED);
  const int64_t refresh_id = refresh("books_ext");
  ASSERT_EQ(status, MJ_OK) << message();
  ASSERT_EQ(wait_refresh(refresh_id)->state, MJ_REFRESH_STATE_COMPLETED);

  const int calls = total_calls();
  std::atomic<int> next{0};
  std::atomic<int> ok{0};
  std::atomic<int> created{0};
  std::vector<std::string> failures[kThreads];
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto fail = [&](const std::string& what, mj_error* e) {
        failures[t].push_back(what + ": " + mj_error_message(e));
        mj_error_free(e);
      };
      for (int i = next++; i < calls; i = next++) {
        mj_error* e = nullptr;
        bool good = false;
        switch (i % 6) {
          case 0: {  // describe import: the rows of rows.json
            mj_import_job* job = nullptr;
            if (mj_get_import_progress(&job, client.get(), first.c_str(), nullptr, &e) != MJ_OK) {
              fail("describe import", e);
              break;
            }
            good = std::string(job->job_id) == first && job->state == MJ_IMPORT_STATE_COMPLETED &&
                   job->imported_rows == 3 && std::string(job->collection_name) == "quick_setup";
            mj_import_job_free(job);
            break;
          }
          case 1: {  // describe the other import: rows.csv has 4
            mj_import_job* job = nullptr;
            if (mj_get_import_progress(&job, client.get(), second.c_str(), nullptr, &e) != MJ_OK) {
              fail("describe import 2", e);
              break;
            }
            good = std::string(job->job_id) == second && job->imported_rows == 4;
            mj_import_job_free(job);
            break;
          }
          case 2: {  // describe refresh: exact id above 2^53
            mj_refresh_job* job = nullptr;
            if (mj_get_refresh_external_collection_progress(&job, client.get(), refresh_id, nullptr, &e) != MJ_OK) {
              fail("describe refresh", e);
              break;
            }
            good = job->job_id == refresh_id && job->state == MJ_REFRESH_STATE_COMPLETED &&
                   std::string(job->collection_name) == "books_ext";
            mj_refresh_job_free(job);
            break;
          }
          case 3: {  // list refresh jobs of the collection: exactly the one
            mj_refresh_job_list* list = nullptr;
            if (mj_list_refresh_external_collection_jobs(&list, client.get(), "books_ext", nullptr, &e) != MJ_OK) {
              fail("list refresh", e);
              break;
            }
            good = list->count == 1 && list->items[0]->job_id == refresh_id;
            mj_refresh_job_list_free(list);
            break;
          }
          case 4: {  // list import jobs: both known jobs are there
            mj_import_job_list* list = nullptr;
            if (mj_list_import_jobs(&list, client.get(), "quick_setup", nullptr, &e) != MJ_OK) {
              fail("list import", e);
              break;
            }
            int seen = 0;
            for (size_t k = 0; k < list->count; ++k) {
              const std::string id = list->items[k]->job_id;
              seen += id == first || id == second;
            }
            good = seen == 2 && list->count >= 2;
            mj_import_job_list_free(list);
            break;
          }
          default: {  // every 60th call creates an import, else a not-found read
            if (i % 60 == 5) {
              const char* files[] = {"import/rows_wrapped.json"};
              mj_import_request r = MJ_IMPORT_REQUEST_INIT;
              r.collection_name = "quick_setup";
              r.files = files;
              r.file_count = 1;
              char* id = nullptr;
              if (mj_bulk_import(&id, client.get(), &r, nullptr, &e) != MJ_OK) {
                fail("create import", e);
                break;
              }
              good = id[0] != '\0';
              ++created;
              mj_free(id);
            } else {
              mj_refresh_job* job = nullptr;
              good = mj_get_refresh_external_collection_progress(&job, client.get(), 1, nullptr, &e) == MJ_ENOT_FOUND &&
                     job == nullptr && mj_error_attempts(e) == 1;
              mj_error_free(e);
            }
            break;
          }
        }
        if (good) {
          ++ok;
        } else if (failures[t].empty() || failures[t].size() < 5) {
          failures[t].push_back("call " + std::to_string(i) + " returned a wrong result");
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& f : failures) {
    for (const auto& line : f) ADD_FAILURE() << line;
  }
  EXPECT_EQ(ok.load(), calls);
  std::cout << "[ concurrency ] " << kThreads << " threads, " << ok.load() << "/" << calls << " calls right, "
            << created.load() << " imports created\n";

  // The jobs created under load are all there.
  mj_import_job_list* list = nullptr;
  mj_error* e = nullptr;
  ASSERT_EQ(mj_list_import_jobs(&list, client.get(), "quick_setup", nullptr, &e), MJ_OK) << mj_error_message(e);
  EXPECT_EQ(list->count, static_cast<size_t>(2 + created.load()));
  mj_import_job_list_free(list);
}

}  // namespace
}  // namespace mjtest
