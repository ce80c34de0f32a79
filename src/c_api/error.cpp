#include "c_api/guard.hpp"

extern "C" {

MJ_API mj_status mj_error_status(const mj_error* error) {
  return error ? static_cast<mj_status>(error->info.category) : MJ_EINTERNAL;
}

MJ_API const char* mj_error_message(const mj_error* error) { return error ? error->info.message.c_str() : ""; }

MJ_API int32_t mj_error_server_code(const mj_error* error) { return error ? error->info.server_code : 0; }

MJ_API const char* mj_error_server_message(const mj_error* error) {
  return error ? error->info.server_message.c_str() : "";
}

MJ_API int32_t mj_error_http_status(const mj_error* error) { return error ? error->info.http_status : 0; }

MJ_API int mj_error_is_retriable(const mj_error* error) { return error && error->info.retriable ? 1 : 0; }

MJ_API const char* mj_error_request_id(const mj_error* error) { return error ? error->info.request_id.c_str() : ""; }

MJ_API const char* mj_error_trace_id(const mj_error* error) { return error ? error->info.trace_id.c_str() : ""; }

MJ_API const char* mj_error_job_id(const mj_error* error) { return error ? error->info.job_id.c_str() : ""; }

MJ_API int32_t mj_error_attempts(const mj_error* error) { return error ? error->info.attempts : 0; }

MJ_API int64_t mj_error_job_id_int64(const mj_error* error) { return error ? error->info.job_number : 0; }

MJ_API int32_t mj_error_hint(const mj_error* error) {
  return error ? static_cast<int32_t>(error->info.hint) : MJ_HINT_NONE;
}

MJ_API size_t mj_error_candidate_count(const mj_error* error) { return error ? error->info.candidates.size() : 0; }

MJ_API const char* mj_error_candidate_id(const mj_error* error, size_t index) {
  if (!error || index >= error->info.candidates.size()) return "";
  return error->info.candidates[index].c_str();
}

MJ_API void mj_error_free(mj_error* error) { delete error; }

}  // extern "C"
