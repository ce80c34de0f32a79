// The C boundary's guard: every exception becomes an mj_status and, when
// asked for, an mj_error that says the same; nothing escapes.
#include <gtest/gtest.h>

#include <memory>
#include <new>
#include <stdexcept>
#include <string>

#include "c_api/guard.hpp"
#include "c_api/status.hpp"

namespace mj::capi {
namespace {

struct ErrorDeleter {
  void operator()(mj_error* e) const { delete e; }
};
using Owned = std::unique_ptr<mj_error, ErrorDeleter>;

template <class F>
mj_status run(F&& body, Owned& error) {
  mj_error* raw = nullptr;
  const mj_status status = guard(&raw, std::forward<F>(body));
  error.reset(raw);
  return status;
}

TEST(Guard, NoExceptionIsOkAndLeavesTheErrorAlone) {
  mj_error* raw = nullptr;
  bool ran = false;
  EXPECT_EQ(guard(&raw, [&] { ran = true; }), MJ_OK);
  EXPECT_TRUE(ran);
  EXPECT_EQ(raw, nullptr);
}

TEST(Guard, EveryCategoryBecomesItsStatusWithTheWholeError) {
  for (const StatusEntry& entry : kStatuses) {
    if (entry.status == MJ_OK) continue;
    Owned error;
    ErrorInfo info;
    info.category = entry.category;
    info.message = std::string("message of ") + entry.name;
    info.server_code = 1100;
    info.http_status = 200;
    info.request_id = "mj-0123456789abcdef";
    info.attempts = 3;
    const mj_status status = run([&] { throw Error(info); }, error);
    EXPECT_EQ(status, entry.status) << entry.name;
    ASSERT_TRUE(error) << entry.name;
    EXPECT_EQ(error->info.category, entry.category);
    EXPECT_EQ(error->info.message, info.message);
    EXPECT_EQ(error->info.server_code, 1100);
    EXPECT_EQ(error->info.request_id, info.request_id);
    EXPECT_EQ(error->info.attempts, 3);
  }
}

TEST(Guard, BadAllocIsNoMemory) {
  Owned error;
  EXPECT_EQ(run([] { throw std::bad_alloc(); }, error), MJ_ENOMEM);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->info.category, Category::no_memory);
  EXPECT_EQ(error->info.message, "out of memory");
}

TEST(Guard, AnyOtherStdExceptionIsInternalAndSaysWhat) {
  Owned error;
  EXPECT_EQ(run([] { throw std::logic_error("vector::at out of range"); }, error), MJ_EINTERNAL);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->info.category, Category::internal);
  EXPECT_NE(error->info.message.find("vector::at out of range"), std::string::npos) << error->info.message;
  EXPECT_NE(error->info.message.find("please report it"), std::string::npos) << error->info.message;
}

TEST(Guard, ANonStdExceptionIsInternal) {
  Owned error;
  EXPECT_EQ(run([] { throw 42; }, error), MJ_EINTERNAL);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->info.category, Category::internal);
}

TEST(Guard, WithoutAnErrorPointerOnlyTheStatus) {
  EXPECT_EQ(guard(nullptr, [] { throw Error(Category::timeout, "late"); }), MJ_ETIMEOUT);
  EXPECT_EQ(guard(nullptr, [] { throw std::bad_alloc(); }), MJ_ENOMEM);
  EXPECT_EQ(guard(nullptr, [] { throw std::runtime_error("x"); }), MJ_EINTERNAL);
}

TEST(StatusTable, NamesAreTheEnumerators) {
  // The names come from the enumerators themselves (#status): spot-check the ends.
  EXPECT_STREQ(kStatuses[MJ_OK].name, "MJ_OK");
  EXPECT_STREQ(kStatuses[MJ_ENOT_FOUND].name, "MJ_ENOT_FOUND");
  EXPECT_STREQ(kStatuses[MJ_EJOB_LOST].name, "MJ_EJOB_LOST");
  EXPECT_EQ(kStatuses[MJ_EJOB_LOST].category, Category::job_lost);
}

}  // namespace
}  // namespace mj::capi
