// The --state-dir file: every job of both kinds, the id counters, and the external pairs that
// refresh requests persisted on collections.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "jobs.hpp"

namespace devserver {

inline constexpr std::int64_t kFirstRefreshJobId = 449012345678901234;  // TSO-sized, > 2^53
inline constexpr std::int64_t kFirstImportJobId = 448761313698322011;

struct ExternalPair {
  std::string source;
  std::string spec;
};

struct PersistedState {
  std::int64_t next_refresh_id = kFirstRefreshJobId;
  std::int64_t next_import_id = kFirstImportJobId;
  std::map<std::int64_t, RefreshJob> refresh_jobs;
  std::map<std::int64_t, ImportJob> import_jobs;
  std::map<std::pair<std::string, std::string>, ExternalPair> pair_overrides;  // (db, collection)
};

std::string encode_state(const PersistedState& state);
// Throws std::runtime_error when the text is not a state file this version wrote.
PersistedState decode_state(const std::string& text);

}  // namespace devserver
