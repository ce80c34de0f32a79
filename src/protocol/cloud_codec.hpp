// The Zilliz Cloud control plane's import bodies, answers and failures
// (docs/protocol.md, "Zilliz Cloud"): the target (clusterId, or projectId +
// regionId) in every body, objectUrls or volumeName + dataPaths, optional
// storage credentials; answers in the current shape (state, progress 0..100,
// reason) and in the older one (readyPercentage 0..1, errorMessage, no state),
// with a paged list. Like codec.hpp, the only code that sees this JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/codec.hpp"
#include "protocol/reply_error.hpp"
#include "protocol/types.hpp"

namespace mj::protocol {

std::string encode_cloud_import_create(const ImportRequest& req, const CloudTarget& target);
// describe, commit, abort
std::string encode_cloud_job_id(std::string_view job_id, const CloudTarget& target);
std::string encode_cloud_list(const CloudTarget& target, std::string_view db_name, std::string_view collection_name,
                              int64_t page_size, int64_t current_page);

// The control plane's failures: its own codes first, its advice, its 404.
const ErrorDialect& cloud_errors() noexcept;
// The project endpoint's (refresh on Zilliz Cloud): the control plane's
// codes first (its gateway checks the API key and the project), then
// Milvus's; Milvus's advice where the project adds none.
const ErrorDialect& project_errors() noexcept;
// The category of a control-plane code, or nullopt for a code that is not
// one of the control plane's (then the Milvus mapping applies: the control
// plane passes some Milvus errors through).
std::optional<Category> cloud_category_of_code(int64_t code) noexcept;

// Replies should carry cloud_errors() (the control plane's error codes).
ImportJob decode_cloud_import_job(const Reply& reply);
ImportJobPage decode_cloud_import_list(const Reply& reply);

// Cloud state names: the current ones (Pending, Importing, Completed,
// Failed), "InProgress" (list pages), and the v1 names (ImportPending,
// ImportRunning, ImportCompleted, ImportFailed); plus the Milvus names.
ImportState cloud_import_state_from_name(std::string_view name) noexcept;
ImportFileState cloud_import_file_state_from_name(std::string_view name) noexcept;

}  // namespace mj::protocol
