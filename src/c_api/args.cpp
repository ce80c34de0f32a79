#include "c_api/args.hpp"

namespace mj::capi {

namespace {
constexpr size_t kMaxArgBytes = 1u << 20;  // no argument of these routes is near 1 MiB
}

bool is_valid_utf8(const char* s, size_t n) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s);
  size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xe0) == 0xc0)
      len = 2, cp = c & 0x1f;
    else if ((c & 0xf0) == 0xe0)
      len = 3, cp = c & 0x0f;
    else if ((c & 0xf8) == 0xf0)
      len = 4, cp = c & 0x07;
    else
      return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3f);
    }
    // Overlong forms, surrogates, beyond U+10FFFF.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    i += len;
  }
  return true;
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
