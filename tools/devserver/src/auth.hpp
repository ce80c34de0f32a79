// The --token check, accepting what Milvus accepts with authorization enabled.
#pragma once

#include <string>

namespace devserver {

// True when `authorization` (the Authorization header, possibly empty) carries `token` as
// "Bearer <token>", as a bare token (Milvus strips an optional "Bearer " prefix), or as
// "Basic base64(user:pass)" when the token is "user:pass". An empty `token` disables the check.
bool is_authorized(const std::string& authorization, const std::string& token);

}  // namespace devserver
