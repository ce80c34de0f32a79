#include "c_api/args.hpp"

namespace mj::capi {

namespace {
constexpr size_t kMaxArgBytes = 1u << 20;  // no argument of these routes is near 1 MiB
}

std::string opt_string(const char* s, const char* what) {
  if (!s) return {};
  const size_t n = strnlen(s, kMaxArgBytes + 1);
  if (n > kMaxArgBytes) throw_invalid(std::string(what) + " is longer than 1 MiB");
  if (!is_valid_utf8(s, n)) throw_invalid(std::string(what) + " is not valid UTF-8");
  return std::string(s, n);
}

std::string req_string(const char* s, const char* what) {
  if (!s || !*s) throw_invalid(std::string(what) + " is required and must not be NULL or empty");
  return opt_string(s, what);
}

std::vector<std::string> string_array(const char* const* items, size_t count, const char* what) {
  if (count == 0) return {};
  if (!items) throw_invalid(std::string(what) + " is NULL but its count is " + std::to_string(count));
  if (count > (1u << 20)) throw_invalid(std::string(what) + " has more than 1048576 items");
  std::vector<std::string> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const std::string label = std::string(what) + "[" + std::to_string(i) + "]";
    if (!items[i]) throw_invalid(label + " is NULL");
    out.push_back(opt_string(items[i], label.c_str()));
  }
  return out;
}

}  // namespace mj::capi
