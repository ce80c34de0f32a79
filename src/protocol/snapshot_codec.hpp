// The JSON codec of the snapshot job routes (docs/protocol.md, "Snapshot
// jobs"). Its one quirk: restore answers the job id as a JSON number, while
// describe takes it as a decimal string; both are read and written exactly
// as int64 (ids exceed 2^53).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/codec.hpp"
#include "protocol/snapshot_types.hpp"

namespace mj::protocol {

std::string encode_snapshot_export(const ExportSnapshotRequest& req);
std::string encode_snapshot_restore(const RestoreSnapshotRequest& req);
// {"jobId": "<decimal>"}
std::string encode_snapshot_describe(int64_t job_id);

// The export's snapshotMetadataURI (non-empty).
std::string decode_snapshot_exported(const Reply& reply);
// The restore's jobId: a positive int64 number (a decimal string is tolerated).
int64_t decode_snapshot_restore_started(const Reply& reply);
SnapshotJob decode_snapshot_job(const Reply& reply);
std::vector<SnapshotJob> decode_snapshot_list(const Reply& reply);

SnapshotState snapshot_state_from_name(std::string_view name) noexcept;

}  // namespace mj::protocol

namespace mj::protocol {

// Checks a snapshot's external spec before it is sent: a JSON object whose
// "extfs", if any, maps names to strings. Throws mj::Error(invalid_argument)
// naming `what`; never echoes the spec (it may hold storage keys).
void check_snapshot_spec(std::string_view spec, const char* what);

}  // namespace mj::protocol
