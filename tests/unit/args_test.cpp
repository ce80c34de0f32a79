// Reading caller input at the C boundary (c_api/args.hpp): UTF-8 checks and
// versioned structs (struct_size).
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "c_api/args.hpp"
#include "milvus_jobs.h"
#include "test_support.hpp"

namespace mj::capi {
namespace {

using test::error_of;

bool utf8(const std::string& s) { return is_valid_utf8(s.data(), s.size()); }

// ---------------------------------------------------------------- is_valid_utf8

TEST(IsValidUtf8, AcceptsAsciiAndEmpty) {
  EXPECT_TRUE(utf8(""));
  EXPECT_TRUE(utf8("external_books"));
  EXPECT_TRUE(is_valid_utf8(nullptr, 0));
}

TEST(IsValidUtf8, AcceptsEmbeddedNulInsideTheGivenLength) { EXPECT_TRUE(utf8(std::string("a\0b", 3))); }

TEST(IsValidUtf8, AcceptsValidMultiByteSequences) {
  EXPECT_TRUE(utf8("\xc2\x80"));  // U+0080, smallest 2-byte
  EXPECT_TRUE(
      utf8("b\xc3\xbc"
           "cher"));                              // ü
  EXPECT_TRUE(utf8("\xdf\xbf"));                  // U+07FF
  EXPECT_TRUE(utf8("\xe0\xa0\x80"));              // U+0800, smallest 3-byte
  EXPECT_TRUE(utf8("\xe2\x82\xac"));              // €
  EXPECT_TRUE(utf8("\xe6\x95\xb0\xe6\x8d\xae"));  // 数据
  EXPECT_TRUE(utf8("\xed\x9f\xbf"));              // U+D7FF, just below the surrogates
  EXPECT_TRUE(utf8("\xee\x80\x80"));              // U+E000, just above them
  EXPECT_TRUE(utf8("\xef\xbf\xbf"));              // U+FFFF
  EXPECT_TRUE(utf8("\xf0\x90\x80\x80"));          // U+10000, smallest 4-byte
  EXPECT_TRUE(utf8("\xf0\x9f\x93\x9a"));          // 📚
  EXPECT_TRUE(utf8("\xf4\x8f\xbf\xbf"));          // U+10FFFF, the last code point
  EXPECT_TRUE(utf8("s3://b/\xe6\x95\xb0/\xf0\x9f\x93\x9a.parquet"));
}

TEST(IsValidUtf8, RejectsOverlongEncodings) {
  EXPECT_FALSE(utf8("\xc0\x80"));          // NUL in 2 bytes
  EXPECT_FALSE(utf8("\xc0\xaf"));          // '/' in 2 bytes
  EXPECT_FALSE(utf8("\xc1\xbf"));          // U+007F in 2 bytes
  EXPECT_FALSE(utf8("\xe0\x80\xaf"));      // '/' in 3 bytes
  EXPECT_FALSE(utf8("\xe0\x9f\xbf"));      // U+07FF in 3 bytes
  EXPECT_FALSE(utf8("\xf0\x80\x80\xaf"));  // '/' in 4 bytes
  EXPECT_FALSE(utf8("\xf0\x8f\xbf\xbf"));  // U+FFFF in 4 bytes
}

TEST(IsValidUtf8, RejectsSurrogates) {
  EXPECT_FALSE(utf8("\xed\xa0\x80"));              // U+D800
  EXPECT_FALSE(utf8("\xed\xaf\xbf"));              // U+DBFF
  EXPECT_FALSE(utf8("\xed\xb0\x80"));              // U+DC00
  EXPECT_FALSE(utf8("\xed\xbf\xbf"));              // U+DFFF
  EXPECT_FALSE(utf8("\xed\xa0\xbd\xed\xb3\x9a"));  // CESU-8 pair for U+1F4DA
}

TEST(IsValidUtf8, RejectsCodePointsAboveU10FFFF) {
  EXPECT_FALSE(utf8("\xf4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(utf8("\xf5\x80\x80\x80"));
  EXPECT_FALSE(utf8("\xf7\xbf\xbf\xbf"));
}

TEST(IsValidUtf8, RejectsInvalidLeadBytes) {
  for (const char* s : {"\x80", "\xbf",
                        "a\x80"
                        "b",
                        "\xf8\x88\x80\x80\x80", "\xfc\x84\x80\x80\x80\x80", "\xfe", "\xff"}) {
    EXPECT_FALSE(utf8(s)) << s;
  }
}

TEST(IsValidUtf8, RejectsTruncatedSequences) {
  EXPECT_FALSE(utf8("\xc3"));
  EXPECT_FALSE(utf8("abc\xc3"));
  EXPECT_FALSE(utf8("\xe2\x82"));
  EXPECT_FALSE(utf8("\xf0\x9f\x93"));
  EXPECT_FALSE(
      utf8("\xe2\x82"
           "a"));                                // continuation replaced by ASCII
  EXPECT_FALSE(utf8("\xc3\x28"));                // bad continuation
  EXPECT_FALSE(utf8(std::string("\xc3\0", 2)));  // NUL is not a continuation
}

TEST(IsValidUtf8, HonoursTheLengthNotTheTerminator) {
  const char s[] = "\xc3\xbc";
  EXPECT_TRUE(is_valid_utf8(s, 2));
  EXPECT_FALSE(is_valid_utf8(s, 1));  // the sequence is cut by n
}

// ---------------------------------------------------------------- string arguments

TEST(OptString, NullIsEmptyAndInvalidUtf8IsRefused) {
  EXPECT_EQ(opt_string(nullptr, "db_name"), "");
  EXPECT_EQ(opt_string("b\xc3\xbc"
                       "cher",
                       "db_name"),
            "b\xc3\xbc"
            "cher");
  auto info = error_of([] { (void)opt_string("bad\xff", "db_name"); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::invalid_argument);
  EXPECT_NE(info->message.find("db_name"), std::string::npos) << info->message;
}

TEST(ReqString, NullOrEmptyIsRefused) {
  for (const char* s : {static_cast<const char*>(nullptr), ""}) {
    auto info = error_of([&] { (void)req_string(s, "collection_name"); });
    ASSERT_TRUE(info);
    EXPECT_EQ(info->category, Category::invalid_argument);
    EXPECT_NE(info->message.find("collection_name"), std::string::npos) << info->message;
  }
  EXPECT_EQ(req_string("c", "collection_name"), "c");
}

TEST(StringArray, NullArrayOnlyWithZeroCount) {
  EXPECT_TRUE(string_array(nullptr, 0, "files").empty());
  auto info = error_of([] { (void)string_array(nullptr, 2, "files"); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::invalid_argument);
}

TEST(StringArray, NullItemIsRefusedWithItsIndex) {
  const char* items[] = {"a.parquet", nullptr};
  auto info = error_of([&] { (void)string_array(items, 2, "files"); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::invalid_argument);
  EXPECT_NE(info->message.find("files[1]"), std::string::npos) << info->message;
  const char* ok[] = {"a.parquet", "b.parquet"};
  EXPECT_EQ(string_array(ok, 2, "files"), (std::vector<std::string>{"a.parquet", "b.parquet"}));
}

// ---------------------------------------------------------------- read_struct

struct TestOpts {
  uint32_t struct_size;
  int64_t timeout_ms;
  const char* name;
  int32_t flag;
};

}  // namespace

template <>
struct FieldSpans<TestOpts> {
  static constexpr FieldSpan fields[] = {{offsetof(TestOpts, struct_size), sizeof(uint32_t)},
                                         {offsetof(TestOpts, timeout_ms), sizeof(int64_t)},
                                         {offsetof(TestOpts, name), sizeof(const char*)},
                                         {offsetof(TestOpts, flag), sizeof(int32_t)}};
};

namespace {

// A caller built against a newer header: the same prefix, plus fields.
struct NewerTestOpts {
  TestOpts known;
  int64_t added_later;
  int64_t added_even_later;
};

TestOpts filled() {
  TestOpts t;
  std::memset(&t, 0, sizeof t);
  t.struct_size = sizeof t;
  t.timeout_ms = 1234;
  t.name = "analytics";
  t.flag = 7;
  return t;
}

TEST(ReadStruct, NullGivesDefaultsWithOurSize) {
  const TestOpts out = read_struct<TestOpts>(nullptr, "test_opts");
  EXPECT_EQ(out.struct_size, sizeof(TestOpts));
  EXPECT_EQ(out.timeout_ms, 0);
  EXPECT_EQ(out.name, nullptr);
  EXPECT_EQ(out.flag, 0);
}

TEST(ReadStruct, CopiesAStructOfTheSameSize) {
  const TestOpts in = filled();
  const TestOpts out = read_struct(&in, "test_opts");
  EXPECT_EQ(out.struct_size, sizeof(TestOpts));
  EXPECT_EQ(out.timeout_ms, 1234);
  EXPECT_STREQ(out.name, "analytics");
  EXPECT_EQ(out.flag, 7);
}

TEST(ReadStruct, StructSizeZeroIsInvalidArgumentNamingTheType) {
  TestOpts in = filled();
  in.struct_size = 0;
  auto info = error_of([&] { (void)read_struct(&in, "mj_client_options"); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::invalid_argument);
  EXPECT_NE(info->message.find("mj_client_options"), std::string::npos) << info->message;
}

TEST(ReadStruct, StructSizeSmallerThanItsOwnFieldIsInvalidArgument) {
  for (uint32_t size : {1u, 2u, 3u}) {
    TestOpts in = filled();
    in.struct_size = size;
    auto info = error_of([&] { (void)read_struct(&in, "test_opts"); });
    ASSERT_TRUE(info) << size;
    EXPECT_EQ(info->category, Category::invalid_argument) << size;
  }
}

TEST(ReadStruct, SmallerStructReadsOnlyItsPrefix) {
  // An older caller's struct ends before `flag`: whatever lies beyond its
  // struct_size must not be read.
  TestOpts in = filled();
  in.struct_size = static_cast<uint32_t>(offsetof(TestOpts, flag));
  const TestOpts out = read_struct(&in, "test_opts");
  EXPECT_EQ(out.struct_size, sizeof(TestOpts));
  EXPECT_EQ(out.timeout_ms, 1234);
  EXPECT_STREQ(out.name, "analytics");
  EXPECT_EQ(out.flag, 0);

  in.struct_size = static_cast<uint32_t>(offsetof(TestOpts, timeout_ms));
  const TestOpts only_size = read_struct(&in, "test_opts");
  EXPECT_EQ(only_size.timeout_ms, 0);
  EXPECT_EQ(only_size.name, nullptr);
  EXPECT_EQ(only_size.flag, 0);
}

TEST(ReadStruct, LargerStructWithZeroTailIsAccepted) {
  NewerTestOpts in;
  std::memset(&in, 0, sizeof in);
  in.known = filled();
  in.known.struct_size = sizeof in;
  const TestOpts out = read_struct(&in.known, "test_opts");
  EXPECT_EQ(out.struct_size, sizeof(TestOpts));
  EXPECT_EQ(out.timeout_ms, 1234);
  EXPECT_STREQ(out.name, "analytics");
  EXPECT_EQ(out.flag, 7);
}

TEST(ReadStruct, LargerStructWithNonZeroTailIsUnsupported) {
  for (size_t offset :
       {offsetof(NewerTestOpts, added_later), offsetof(NewerTestOpts, added_even_later), sizeof(NewerTestOpts) - 1}) {
    NewerTestOpts in;
    std::memset(&in, 0, sizeof in);
    in.known = filled();
    in.known.struct_size = sizeof in;
    reinterpret_cast<unsigned char*>(&in)[offset] = 1;
    auto info = error_of([&] { (void)read_struct(&in.known, "test_opts"); });
    ASSERT_TRUE(info) << offset;
    EXPECT_EQ(info->category, Category::unsupported) << offset;
    EXPECT_NE(info->message.find("test_opts"), std::string::npos) << info->message;
  }
}

TEST(ReadStruct, LargerStructSizeOnlyInspectsUpToStructSize) {
  // struct_size says one field more than we know; the byte after it is set
  // but lies outside the caller's struct.
  NewerTestOpts in;
  std::memset(&in, 0, sizeof in);
  in.known = filled();
  in.known.struct_size = static_cast<uint32_t>(offsetof(NewerTestOpts, added_even_later));
  in.added_even_later = -1;
  const TestOpts out = read_struct(&in.known, "test_opts");
  EXPECT_EQ(out.flag, 7);
}

TEST(ReadStruct, WorksOnThePublicCallOptions) {
  mj_call_options in = MJ_CALL_OPTIONS_INIT;
  in.timeout_ms = 5000;
  in.db_name = "analytics";
  const mj_call_options out = read_struct(&in, "mj_call_options");
  EXPECT_EQ(out.struct_size, sizeof(mj_call_options));
  EXPECT_EQ(out.timeout_ms, 5000);
  EXPECT_STREQ(out.db_name, "analytics");

  // A header from before db_name existed.
  in.struct_size = static_cast<uint32_t>(offsetof(mj_call_options, db_name));
  const mj_call_options old = read_struct(&in, "mj_call_options");
  EXPECT_EQ(old.timeout_ms, 5000);
  EXPECT_EQ(old.db_name, nullptr);
}

// ---------------------------------------------------------------- struct_size walk

// Each field of each public struct as tests/abi/layout.lp64.txt records it
// ("<struct>.<field> <offset> <size>"): the walk below does not trust the
// library's own table of fields.
std::map<std::string, std::vector<std::pair<size_t, size_t>>> abi_fields() {
  std::ifstream in(MJ_ABI_LAYOUT_FILE);
  EXPECT_TRUE(in) << "cannot read " << MJ_ABI_LAYOUT_FILE;
  std::map<std::string, std::vector<std::pair<size_t, size_t>>> out;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string name;
    size_t offset = 0;
    size_t size = 0;
    if (!(words >> name >> offset >> size)) continue;
    const size_t dot = name.find('.');
    if (dot == std::string::npos) continue;
    out[name.substr(0, dot)].emplace_back(offset, size);
  }
  return out;
}

// Every struct_size from 0 to sizeof + 16 over a struct whose every byte is
// 0xA5 (a garbage pointer if read): below 4 and inside a field, an invalid
// argument naming struct_size; between fields, the prefix and nothing past it;
// beyond sizeof, accepted because the unknown tail is zero.
template <class T>
void walk_struct_sizes(const char* type) {
  SCOPED_TRACE(type);
  static_assert(sizeof(void*) == 8, "tests/abi/layout.lp64.txt describes LP64");
  const auto fields = abi_fields()[type];
  ASSERT_FALSE(fields.empty()) << type << " is not in " << MJ_ABI_LAYOUT_FILE;
  size_t cuts = 0;
  size_t whole = 0;
  for (uint32_t size = 0; size <= sizeof(T) + 16; ++size) {
    SCOPED_TRACE("struct_size " + std::to_string(size));
    alignas(T) unsigned char in[sizeof(T) + 16];
    std::memset(in, 0, sizeof in);
    std::memset(in, 0xA5, size < sizeof(T) ? size : sizeof(T));
    std::memcpy(in, &size, sizeof size);
    bool cuts_a_field = false;
    for (const auto& [offset, field_size] : fields) cuts_a_field |= offset < size && size < offset + field_size;
    T out;
    std::optional<ErrorInfo> info;
    try {
      out = read_struct(reinterpret_cast<const T*>(in), type);
    } catch (const Error& e) {
      info = e.info();
    }
    if (size < sizeof(uint32_t) || cuts_a_field) {
      ++cuts;
      ASSERT_TRUE(info);
      EXPECT_EQ(info->category, Category::invalid_argument);
      EXPECT_NE(info->message.find(std::string(type) + ".struct_size is " + std::to_string(size)), std::string::npos)
          << info->message;
      continue;
    }
    ++whole;
    ASSERT_FALSE(info) << info->message;
    EXPECT_EQ(out.struct_size, sizeof(T));
    const auto* bytes = reinterpret_cast<const unsigned char*>(&out);
    for (size_t i = sizeof(uint32_t); i < sizeof(T); ++i) {
      // Read up to struct_size, zero (the default) past it.
      ASSERT_EQ(bytes[i], i < size ? 0xA5 : 0) << "byte " << i;
    }
  }
  EXPECT_GT(cuts, 4u);
  EXPECT_GT(whole, fields.size());
}

TEST(ReadStruct, EveryStructSizeOfEveryPublicStructIsWholeFieldsOrRefused) {
  walk_struct_sizes<mj_client_options>("mj_client_options");
  walk_struct_sizes<mj_call_options>("mj_call_options");
  walk_struct_sizes<mj_refresh_request>("mj_refresh_request");
  walk_struct_sizes<mj_import_request>("mj_import_request");
  walk_struct_sizes<mj_import_list_request>("mj_import_list_request");
  walk_struct_sizes<mj_wait_options>("mj_wait_options");
  walk_struct_sizes<mj_watcher_options>("mj_watcher_options");
}

TEST(ReadStruct, HalfAPointerIsRefused) {
  // The case: struct_size 12 ends in the middle of uri.
  mj_client_options o = MJ_CLIENT_OPTIONS_INIT;
  o.uri = "http://127.0.0.1:19530";
  o.struct_size = 12;
  auto info = error_of([&] { (void)read_struct(&o, "mj_client_options"); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->category, Category::invalid_argument);
  EXPECT_NE(info->message.find("ends inside a field"), std::string::npos) << info->message;
}

}  // namespace
}  // namespace mj::capi
