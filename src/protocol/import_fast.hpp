// decode_import_job's two decoders (codec.hpp): the single-pass fast path
// (import_fast.cpp) and the DOM decoder that decides every other answer.
#pragma once

#include "protocol/codec.hpp"
#include "protocol/types.hpp"

namespace mj::protocol::detail {

// Fills `job` and returns true when the answer is a success a healthy server
// sends; false (job untouched) for anything the DOM decoder must judge.
bool decode_import_job_fast(const Reply& reply, ImportJob& job);

// The DOM decoder alone: the result or the mj::Error for any answer.
ImportJob decode_import_job_dom(const Reply& reply);

}  // namespace mj::protocol::detail
