// Argument checks done before any request is sent (MJ_EINVALID_ARGUMENT).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "protocol/types.hpp"

namespace mj::jobs {

void check_refresh_request(const protocol::RefreshRequest& req);
void check_import_request(const protocol::ImportRequest& req);
void check_import_job_id(const std::string& job_id);
void check_refresh_job_id(int64_t job_id);
// No control byte (CR, LF, NUL, 0x01-0x1f but tab, 0x7f) in a value that
// becomes an HTTP header (header injection).
void check_header_value(const char* what, const std::string& value);
void check_extra_header(const std::string& header);

// Replaces every non-empty secret in the error's messages with "***".
void scrub_secrets(ErrorInfo& info, std::initializer_list<std::string_view> secrets);

}  // namespace mj::jobs
