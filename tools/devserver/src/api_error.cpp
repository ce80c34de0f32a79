#include "api_error.hpp"

#include <cstdio>

namespace devserver {

ApiError invalid_parameter(const std::string& detail) {
  return ApiError(kParameterInvalid, detail + ": invalid parameter");
}

ApiError database_not_found(const std::string& db) {
  return ApiError(kDatabaseNotFound, "database not found[database=" + db + "]");
}

ApiError collection_not_found(const std::string& name) {
  return ApiError(kCollectionNotFound, "collection not found[collection=" + name + "]");
}

ApiError import_failed(const std::string& detail) {
  return ApiError(kImportFailed, detail + ": importing data failed");
}

std::string go_quote(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

}  // namespace devserver
