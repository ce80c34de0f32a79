// The library's only JSON code, shared by the codecs (codec.cpp and
// cloud_codec.cpp, one per dialect): a parsed answer, tolerant typed field
// readers, the envelope check, and a request body writer. Internal to
// src/protocol; nothing outside it sees JSON.
//
// RapidJSON (header-only, Debian rapidjson-dev) does both directions. An
// answer is copied into a buffer of its own (padded, so RapidJSON's SSE2
// scanning never reads past it) and parsed in place into a DOM whose nodes
// live in a buffer inside JsonAnswer: a describe answer of a few KiB is
// parsed without touching the heap (bench/README.md, "Where the time goes").
#pragma once

#if defined(__SSE2__) && !defined(RAPIDJSON_SSE2)
#define RAPIDJSON_SSE2
#endif
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/codec.hpp"

namespace mj::protocol::detail {

using Pool = rapidjson::MemoryPoolAllocator<rapidjson::CrtAllocator>;
using Value = rapidjson::GenericValue<rapidjson::UTF8<>, Pool>;

// An answer body copied for RapidJSON's in-place parse: NUL-terminated and
// padded to whole 16-byte blocks (SSE2 loads are aligned and stop at the NUL,
// so they stay inside it), in a buffer of its own up to 4 KiB, else on the heap.
class InsituText {
 public:
  InsituText() = default;
  InsituText(const InsituText&) = delete;
  InsituText& operator=(const InsituText&) = delete;

  // False when the body cannot be JSON: empty, holding a NUL (RapidJSON would
  // read it as the end of the input) or not valid UTF-8.
  bool assign(std::string_view body);
  char* data() { return text_; }

 private:
  static constexpr size_t kStackBytes = 4096;
  alignas(16) char buf_[kStackBytes];
  std::unique_ptr<char[]> big_;  // bodies of kStackBytes and more
  char* text_ = buf_;
};

// One parsed answer body. Strict RFC 8259 (no comments, NaN or trailing
// commas; one value then only whitespace), valid UTF-8 required. A body that
// could nest deeper than kMaxRecursiveDepth is parsed iteratively: a hostile
// nesting depth costs memory, never the C++ stack. Not movable: the document
// points into the object's own buffers.
class JsonAnswer {
 public:
  JsonAnswer();
  JsonAnswer(const JsonAnswer&) = delete;
  JsonAnswer& operator=(const JsonAnswer&) = delete;
  ~JsonAnswer();

  // False when the body is not one JSON value.
  bool parse(std::string_view body);
  const Value& root() const { return doc_; }

 private:
  static constexpr size_t kNodeBytes = 4096;
  static constexpr size_t kStackBytes = 1024;
  static constexpr size_t kMaxRecursiveDepth = 64;
  InsituText text_;
  alignas(16) char node_buf_[kNodeBytes];
  alignas(16) char stack_buf_[kStackBytes];
  Pool node_pool_;
  Pool stack_pool_;
  rapidjson::GenericDocument<rapidjson::UTF8<>, Pool, Pool> doc_;
};

[[noreturn]] void bad_field(std::string_view object, std::string_view key, std::string_view want);

// The member `key` of object `obj`, or nullptr when absent or null (the server
// omits `reason` when empty and older servers lack newer fields).
const Value* member(const Value& obj, std::string_view key);

std::string_view string_of(const Value& v);

// Field readers: an absent or null key yields the default; a present key of
// the wrong type is a protocol error, never a silent zero.
std::string get_string(const Value& obj, std::string_view object, std::string_view key);
std::optional<int64_t> to_int64(const Value& v);
// `read` turns the value into an int64 (nullopt: not one); Zilliz Cloud's
// codec passes a reader that also accepts decimal strings.
using Int64Reader = std::optional<int64_t> (*)(const Value&);
int64_t get_int64(const Value& obj, std::string_view object, std::string_view key, Int64Reader read = &to_int64);

// The `data` object of an answer ({} when absent or null).
const Value& data_object(const Value& root);

// Parses the body into `answer`, checks HTTP status and the body code, returns
// the root, or throws the classified failure (reply_error.hpp).
const Value& checked_root(const Reply& reply, JsonAnswer& answer);

// An import job id is an opaque string; tolerate a numeric one and the
// "jobID" spelling some control-plane documents show. "" when absent.
std::string import_job_id_from(const Value& o, std::string_view object);

// Builds one request body: a JSON object whose members are given in any
// order and written sorted by key (bodies are stable whatever order an
// encoder finds natural). A key is given once. Invalid UTF-8 in a string is
// an invalid argument: the C boundary checks it first, this keeps the promise
// for C++ callers too.
class BodyWriter {
 public:
  BodyWriter();

  // Starts the member `name`, a plain name (letters, digits, '_': written
  // unescaped; static text, kept by reference); the next call writes its value.
  BodyWriter& key(std::string_view name);
  BodyWriter& string(std::string_view value);
  BodyWriter& int64(int64_t value);
  BodyWriter& string_groups(const std::vector<std::vector<std::string>>& groups);
  BodyWriter& string_map(const std::vector<std::pair<std::string, std::string>>& entries);
  // `"dbName": db_name` unless db_name is empty.
  BodyWriter& db(std::string_view db_name);

  // The object, its members sorted by key.
  std::string finish();

 private:
  static constexpr size_t kMaxMembers = 16;  // the largest body has 12
  struct Member {
    std::string_view key;
    size_t begin;  // the value's bytes in values_
    size_t end;
  };
  rapidjson::StringBuffer values_;  // the values, one after another
  rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::CrtAllocator,
                    rapidjson::kWriteValidateEncodingFlag>
      writer_;
  Member members_[kMaxMembers];
  size_t count_ = 0;
};

}  // namespace mj::protocol::detail
