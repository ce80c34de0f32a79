// Typed requests and results of the snapshot job routes (export, restore,
// describe, list). Plain C++ values; snapshot_codec.cpp maps them to the wire.
#pragma once

#include <cstdint>
#include <string>

namespace mj::protocol {

// The server's RestoreSnapshot* state names, as this library numbers them.
enum class SnapshotState : int32_t { unknown = 0, pending = 1, executing = 2, completed = 3, failed = 4, none = 5 };

struct ExportSnapshotRequest {
  std::string db_name;
  std::string collection_name;
  std::string snapshot_name;
  std::string target_path;    // sent as targetS3Path
  std::string external_spec;  // may hold storage keys: never put in a message
};

struct RestoreSnapshotRequest {
  std::string db_name;
  std::string target_collection_name;
  std::string snapshot_uri;   // sent as snapshotMetadataURI
  std::string external_spec;  // may hold storage keys: never put in a message
};

struct SnapshotJob {
  int64_t job_id = 0;
  std::string snapshot_name;
  std::string db_name;
  std::string collection_name;
  SnapshotState state = SnapshotState::unknown;
  std::string state_name;
  int64_t progress = 0;
  std::string reason;
  int64_t start_time_ms = 0;
  int64_t time_cost_ms = 0;
};

}  // namespace mj::protocol
