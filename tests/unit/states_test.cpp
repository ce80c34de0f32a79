// Server state names -> enums (docs/protocol.md, "States").
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "protocol/states.hpp"

namespace mj::protocol {
namespace {

TEST(RefreshStateFromName, MapsEveryProtoEnumName) {
  EXPECT_EQ(refresh_state_from_name("RefreshPending"), RefreshState::pending);
  EXPECT_EQ(refresh_state_from_name("RefreshInProgress"), RefreshState::in_progress);
  EXPECT_EQ(refresh_state_from_name("RefreshCompleted"), RefreshState::completed);
  EXPECT_EQ(refresh_state_from_name("RefreshFailed"), RefreshState::failed);
}

TEST(RefreshStateFromName, UnknownEmptyOrDifferentlyCasedNamesAreUnknown) {
  for (const char* name : {"", "RefreshRetry", "refreshcompleted", "REFRESHFAILED", "Completed", "InProgress", "2",
                           "RefreshCompleted ", " RefreshPending"}) {
    EXPECT_EQ(refresh_state_from_name(name), RefreshState::unknown) << '"' << name << '"';
  }
}

TEST(RefreshStateFromName, NameWithEmbeddedNulIsUnknown) {
  EXPECT_EQ(refresh_state_from_name(std::string_view("RefreshFailed\0x", 15)), RefreshState::unknown);
}

TEST(ImportStateFromName, MapsEveryUserVisibleJobState) {
  const std::vector<std::pair<const char*, ImportState>> cases = {
      {"None", ImportState::none},
      {"Pending", ImportState::pending},
      {"Importing", ImportState::importing},
      {"Completed", ImportState::completed},
      {"Failed", ImportState::failed},
      {"Uncommitted", ImportState::uncommitted},
      {"Committing", ImportState::committing},
  };
  for (const auto& [name, state] : cases) EXPECT_EQ(import_state_from_name(name), state) << name;
}

TEST(ImportStateFromName, InternalCollapsedAndFileLevelNamesAreUnknown) {
  // PreImporting/Sorting/IndexBuilding are collapsed to Importing by the
  // server; InProgress/Retry belong to the per-file enum.
  for (const char* name : {"", "PreImporting", "Sorting", "IndexBuilding", "InProgress", "Retry", "pending",
                           "COMPLETED", "RefreshCompleted", "Unknown"}) {
    EXPECT_EQ(import_state_from_name(name), ImportState::unknown) << '"' << name << '"';
  }
}

TEST(ImportFileStateFromName, MapsEveryImportTaskStateV2Name) {
  const std::vector<std::pair<const char*, ImportFileState>> cases = {
      {"None", ImportFileState::none},
      {"Pending", ImportFileState::pending},
      {"InProgress", ImportFileState::in_progress},
      {"Failed", ImportFileState::failed},
      {"Completed", ImportFileState::completed},
      {"Retry", ImportFileState::retry},
  };
  for (const auto& [name, state] : cases) EXPECT_EQ(import_file_state_from_name(name), state) << name;
}

TEST(ImportFileStateFromName, JobLevelAndUnknownNamesAreUnknown) {
  for (const char* name : {"", "Importing", "Uncommitted", "Committing", "inprogress", "Retrying"}) {
    EXPECT_EQ(import_file_state_from_name(name), ImportFileState::unknown) << '"' << name << '"';
  }
}

TEST(StateEnums, UnknownIsZeroInEveryEnum) {
  EXPECT_EQ(static_cast<int>(RefreshState::unknown), 0);
  EXPECT_EQ(static_cast<int>(ImportState::unknown), 0);
  EXPECT_EQ(static_cast<int>(ImportFileState::unknown), 0);
}

}  // namespace
}  // namespace mj::protocol
