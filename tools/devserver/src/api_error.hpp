// Errors a handler reports to the client: a Milvus error code plus the message text the real
// server would put in the envelope (pkg/util/merr/errors.go sentinels).
#pragma once

#include <stdexcept>
#include <string>

namespace devserver {

enum ErrorCode : int {
  kSuccess = 0,
  kCollectionNotFound = 100,
  kTaskDuplicate = 703,
  kDatabaseNotFound = 800,
  kParameterInvalid = 1100,
  kIoFailed = 1001,
  kNeedAuthenticate = 1800,
  kIncorrectParameterFormat = 1801,
  kMissingRequiredParameters = 1802,
  kImportFailed = 2100,
  kImportSysFailed = 2101,
};

class ApiError : public std::runtime_error {
 public:
  ApiError(int code, const std::string& message) : std::runtime_error(message), code_(code), message_(message) {}
  int code() const noexcept { return code_; }
  // The full text; what() would stop at an embedded NUL from user input.
  const std::string& message() const noexcept { return message_; }

 private:
  int code_;
  std::string message_;
};

// "<detail>: invalid parameter" (merr.WrapErrParameterInvalidMsg).
ApiError invalid_parameter(const std::string& detail);
// "database not found[database=<db>]".
ApiError database_not_found(const std::string& db);
// "collection not found[collection=<name>]".
ApiError collection_not_found(const std::string& name);
// "<detail>: importing data failed" (merr.WrapErrImportFailed).
ApiError import_failed(const std::string& detail);

// Go's %q for a string: double-quoted with Go escapes, so messages read like the real server's.
std::string go_quote(const std::string& text);

}  // namespace devserver
