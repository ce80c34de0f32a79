// Reading caller input at the C boundary: versioned structs (struct_size),
// strings (NULL handling, UTF-8), string arrays.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string>
#include <vector>

#include "c_api/struct_fields.hpp"
#include "common/error.hpp"
#include "common/utf8.hpp"

namespace mj::capi {

using mj::is_valid_utf8;

// A copy of the caller's struct as this library knows it: the caller's
// struct_size bytes, zero beyond them. NULL gives all defaults. Refuses a
// struct_size of 0, one that ends inside a field (FieldEnds<T>) and, from a
// newer header, fields this library cannot honour.
template <class T>
T read_struct(const T* in, const char* type_name) {
  constexpr FieldSpan last = std::end(FieldSpans<T>::fields)[-1];
  static_assert((last.offset + last.size + alignof(T) - 1) / alignof(T) * alignof(T) == sizeof(T),
                "FieldSpans<T> must list every field of T (one was appended to the struct but not there)");
  T out;
  std::memset(&out, 0, sizeof out);
  out.struct_size = static_cast<uint32_t>(sizeof out);
  if (!in) return out;
  const uint32_t size = in->struct_size;
  if (size < sizeof(uint32_t)) {
    throw_invalid(std::string(type_name) + ".struct_size is " + std::to_string(size) +
                  ": initialise the struct with its _INIT macro or _init() function");
  }
  if (size < sizeof(T) && !ends_between_fields<T>(size)) {
    throw_invalid(std::string(type_name) + ".struct_size is " + std::to_string(size) +
                  ", which ends inside a field: set it to sizeof(" + type_name +
                  ") (the struct's _INIT macro or _init() function does)");
  }
  if (size > sizeof(T)) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(in);
    for (size_t i = sizeof(T); i < size; ++i) {
      if (bytes[i] != 0) {
        throw Error(Category::unsupported, std::string(type_name) +
                                               " sets fields this version of libmilvus_jobs does not know: "
                                               "upgrade the library to the header's version");
      }
    }
  }
  std::memcpy(&out, in, size < sizeof(T) ? size : sizeof(T));
  out.struct_size = static_cast<uint32_t>(sizeof out);
  return out;
}

// An optional string argument: NULL is "". Must be valid UTF-8.
std::string opt_string(const char* s, const char* what);
// A required string argument: NULL or "" is refused.
std::string req_string(const char* s, const char* what);
// `count` strings; the array may be NULL only when count is 0; no NULL items.
std::vector<std::string> string_array(const char* const* items, size_t count, const char* what);

}  // namespace mj::capi
