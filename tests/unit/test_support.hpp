// Helpers shared by the unit tests: the wire examples in tests/data/wire and
// a way to run a decoder and get the mj::Error it throws.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include "common/error.hpp"
#include "protocol/codec.hpp"

namespace mj::test {

// The text of tests/data/wire/<name>, byte for byte.
inline std::string wire(const std::string& name) {
  const std::string path = std::string(MJ_WIRE_DATA_DIR) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open wire example " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The mj::Error `fn` throws; a test failure (and nullopt) if it throws
// nothing or something else.
inline std::optional<ErrorInfo> error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), e.info().message.c_str());
    return e.info();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw a non-mj::Error: " << e.what();
    return std::nullopt;
  } catch (...) {
    ADD_FAILURE() << "threw a non-std::exception";
    return std::nullopt;
  }
  ADD_FAILURE() << "threw nothing";
  return std::nullopt;
}

inline const char* category_name(Category c) {
  switch (c) {
    case Category::ok: return "ok";
    case Category::invalid_argument: return "invalid_argument";
    case Category::transport: return "transport";
    case Category::tls: return "tls";
    case Category::timeout: return "timeout";
    case Category::cancelled: return "cancelled";
    case Category::unauthenticated: return "unauthenticated";
    case Category::permission_denied: return "permission_denied";
    case Category::not_found: return "not_found";
    case Category::duplicate_job: return "duplicate_job";
    case Category::rate_limited: return "rate_limited";
    case Category::server: return "server";
    case Category::protocol: return "protocol";
    case Category::unsupported: return "unsupported";
    case Category::no_memory: return "no_memory";
    case Category::internal: return "internal";
    case Category::job_failed: return "job_failed";
    case Category::job_lost: return "job_lost";
    case Category::ambiguous: return "ambiguous";
  }
  return "?";
}

}  // namespace mj::test

namespace mj {
// So that EXPECT_EQ on categories prints names.
inline void PrintTo(Category c, std::ostream* os) { *os << test::category_name(c); }
}  // namespace mj
