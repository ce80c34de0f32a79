// The job lifecycle (src/jobs/lifecycle.hpp) and the decimal parser
// (src/common/decimal.hpp): one definition each, used by wait, the watcher,
// the C API and the codecs.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "common/decimal.hpp"
#include "jobs/lifecycle.hpp"

namespace mj {
namespace {

using protocol::ImportState;
using protocol::RefreshState;

static_assert(jobs::is_terminal(RefreshState::completed) && jobs::is_terminal(RefreshState::failed));
static_assert(!jobs::is_terminal(RefreshState::in_progress) && !jobs::is_terminal(RefreshState::unknown));
static_assert(jobs::is_terminal(ImportState::completed) && jobs::is_terminal(ImportState::failed));
static_assert(!jobs::is_terminal(ImportState::uncommitted) && !jobs::is_terminal(ImportState::committing));

TEST(Lifecycle, AWaitEndsWellAtCompletedAndForImportsAtUncommitted) {
  EXPECT_TRUE(jobs::wait_ends_well(RefreshState::completed));
  EXPECT_FALSE(jobs::wait_ends_well(RefreshState::failed));
  EXPECT_TRUE(jobs::wait_ends_well(ImportState::completed));
  EXPECT_TRUE(jobs::wait_ends_well(ImportState::uncommitted)) << "only the caller can commit";
  EXPECT_FALSE(jobs::wait_ends_well(ImportState::failed));
  EXPECT_FALSE(jobs::wait_ends_well(ImportState::importing));
}

TEST(Lifecycle, FailedNamesTheJobAndTheReason) {
  ErrorInfo e = jobs::job_failed_error(jobs::job_name(int64_t{42}), "disk full");
  EXPECT_EQ(e.category, Category::job_failed);
  EXPECT_EQ(e.message, "refresh job 42 failed: disk full");
  e = jobs::job_failed_error(jobs::job_name(std::string("job-7")), "");
  EXPECT_EQ(e.message, "import job job-7 failed: the server gave no reason");
}

TEST(Lifecycle, LostKeepsTheServerFieldsAndIsFinal) {
  ErrorInfo not_found;
  not_found.category = Category::not_found;
  not_found.message = "server code 2101: import job does not exist";
  not_found.server_code = 2101;
  not_found.retriable = true;
  const ErrorInfo lost = jobs::job_lost_error(jobs::job_name(std::string("449")), not_found);
  EXPECT_EQ(lost.category, Category::job_lost);
  EXPECT_FALSE(lost.retriable);
  EXPECT_EQ(lost.server_code, 2101);
  EXPECT_NE(lost.message.find("import job 449 vanished"), std::string::npos) << lost.message;
  EXPECT_NE(lost.message.find("import job does not exist"), std::string::npos) << lost.message;
}

TEST(Decimal, WholeTextOnly) {
  EXPECT_EQ(parse_int64("0"), 0);
  EXPECT_EQ(parse_int64("449012345678901234"), int64_t{449012345678901234});
  EXPECT_EQ(parse_int64("-17"), -17);
  EXPECT_EQ(parse_int64("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(parse_int64("-9223372036854775808"), std::numeric_limits<int64_t>::min());
  for (const char* bad :
       {"", "-", "+1", " 1", "1 ", "1.0", "1e3", "0x10", "12a", "9223372036854775808", "99999999999999999999"}) {
    EXPECT_FALSE(parse_int64(bad).has_value()) << '"' << bad << '"';
  }
}

}  // namespace
}  // namespace mj
