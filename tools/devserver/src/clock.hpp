// Wall-clock helpers in the two encodings the wire uses.
#pragma once

#include <cstdint>
#include <string>

namespace devserver {

// Milliseconds since the Unix epoch (refresh startTime/endTime).
std::int64_t now_ms();

// UTC time as Go's "2006-01-02T15:04:05Z07:00" renders it for UTC (import createTime/completeTime).
std::string rfc3339_utc(std::int64_t epoch_ms);

}  // namespace devserver
