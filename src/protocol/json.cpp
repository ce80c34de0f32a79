#include "protocol/json.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>

#include "common/error.hpp"
#include "common/utf8.hpp"
#include "protocol/reply_error.hpp"

namespace mj::protocol::detail {

namespace {

// UTF-8 is checked over the whole body first (faster than RapidJSON's per
// character check, and the same outcome: outside strings, valid JSON is ASCII).
constexpr unsigned kParseFlags = 0;

// True when the body cannot nest deeper than `limit`: every level opens with
// '{' or '[' (counting those inside strings too only errs on the safe side).
// memchr skips the bytes between openers, and the count stops at the limit,
// so a hostile body costs no more than a plain one.
bool nests_at_most(std::string_view body, size_t limit) {
  size_t n = 0;
  for (const char opener : {'{', '['}) {
    const char* p = body.data();
    const char* const end = p + body.size();
    while (p < end) {
      p = static_cast<const char*>(std::memchr(p, opener, static_cast<size_t>(end - p)));
      if (p == nullptr) break;
      if (++n > limit) return false;
      ++p;
    }
  }
  return true;
}

}  // namespace

JsonAnswer::JsonAnswer()
    : node_pool_(node_buf_, kNodeBytes),
      stack_pool_(stack_buf_, kStackBytes),
      doc_(&node_pool_, kStackBytes / 2, &stack_pool_) {}

JsonAnswer::~JsonAnswer() = default;

bool InsituText::assign(std::string_view body) {
  // RapidJSON reads a NUL as the end of the input: a body with one inside is
  // not JSON (it would otherwise pass as the value before the NUL).
  if (body.empty() || std::memchr(body.data(), '\0', body.size()) != nullptr) return false;
  if (!is_valid_utf8(body.data(), body.size())) return false;
  const size_t padded = (body.size() + 1 + 15) & ~static_cast<size_t>(15);
  text_ = buf_;
  if (padded > kStackBytes) {
    big_.reset(new char[padded]);
    text_ = big_.get();
  }
  std::memcpy(text_, body.data(), body.size());
  std::memset(text_ + body.size(), 0, padded - body.size());
  return true;
}

bool JsonAnswer::parse(std::string_view body) {
  if (!text_.assign(body)) return false;
  if (nests_at_most(body, kMaxRecursiveDepth)) {
    doc_.ParseInsitu<kParseFlags>(text_.data());
  } else {
    doc_.ParseInsitu<kParseFlags | rapidjson::kParseIterativeFlag>(text_.data());
  }
  return !doc_.HasParseError();
}

[[noreturn]] void bad_field(std::string_view object, std::string_view key, std::string_view want) {
  throw Error(Category::protocol, "the server's answer is malformed: " + std::string(object) + "." + std::string(key) +
                                      " is not " + std::string(want));
}

const Value* member(const Value& obj, std::string_view key) {
  if (!obj.IsObject()) return nullptr;
  const Value name(rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size())));
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

std::string_view string_of(const Value& v) { return {v.GetString(), v.GetStringLength()}; }

std::string get_string(const Value& obj, std::string_view object, std::string_view key) {
  const Value* v = member(obj, key);
  if (v == nullptr) return {};
  if (!v->IsString()) bad_field(object, key, "a string");
  return std::string(string_of(*v));
}

std::optional<int64_t> to_int64(const Value& v) {
  if (v.IsInt64()) return v.GetInt64();
  if (v.IsUint64()) return std::nullopt;  // above INT64_MAX
  if (v.IsDouble()) {
    // Integral values only, and only within the exactly representable range.
    const double d = v.GetDouble();
    if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && static_cast<double>(static_cast<int64_t>(d)) == d) {
      return static_cast<int64_t>(d);
    }
  }
  return std::nullopt;
}

int64_t get_int64(const Value& obj, std::string_view object, std::string_view key, Int64Reader read) {
  const Value* v = member(obj, key);
  if (v == nullptr) return 0;
  auto n = read(*v);
  if (!n) bad_field(object, key, "an int64 number");
  return *n;
}

const Value& data_object(const Value& root) {
  static const Value empty(rapidjson::kObjectType);
  const Value* data = member(root, "data");
  if (data == nullptr) return empty;
  if (!data->IsObject()) bad_field("response", "data", "an object");
  return *data;
}

const Value& checked_root(const Reply& reply, JsonAnswer& answer) {
  const bool is_object = answer.parse(reply.body) && answer.root().IsObject();
  std::optional<int64_t> code;
  std::string message;
  bool has_data = false;
  if (is_object) {
    const Value& root = answer.root();
    if (const Value* c = member(root, "code")) code = to_int64(*c);
    if (const Value* m = member(root, "message"); m != nullptr && m->IsString()) message = string_of(*m);
    has_data = member(root, "data") != nullptr;
  }
  if (reply.http_status == 200 && code && is_success_code(*code, has_data, message)) return answer.root();
  throw Error(classify_failure(reply.route, reply.http_status, is_object, code, message, reply.body,
                               reply.errors ? *reply.errors : milvus_errors()));
}

std::string import_job_id_from(const Value& o, std::string_view object) {
  auto it = o.FindMember("jobId");
  if (it == o.MemberEnd()) it = o.FindMember("jobID");
  if (it == o.MemberEnd() || it->value.IsNull()) return {};
  const Value* id = &it->value;
  if (id->IsString()) return std::string(string_of(*id));
  if (id->IsInt64()) return std::to_string(id->GetInt64());
  bad_field(object, "jobId", "a string");
}

BodyWriter::BodyWriter() : writer_(values_) {}

BodyWriter& BodyWriter::key(std::string_view name) {
  if (count_ == kMaxMembers) throw Error(Category::internal, "a request body has more members than BodyWriter holds");
  if (count_ > 0) members_[count_ - 1].end = values_.GetSize();
  members_[count_++] = Member{name, values_.GetSize(), 0};
  writer_.Reset(values_);  // each value is a JSON text of its own
  return *this;
}

BodyWriter& BodyWriter::string(std::string_view value) {
  if (value.size() > std::numeric_limits<rapidjson::SizeType>::max() ||
      !writer_.String(value.data(), static_cast<rapidjson::SizeType>(value.size()))) {
    throw_invalid("a string argument is not valid UTF-8");
  }
  return *this;
}

BodyWriter& BodyWriter::int64(int64_t value) {
  writer_.Int64(value);
  return *this;
}

BodyWriter& BodyWriter::string_groups(const std::vector<std::vector<std::string>>& groups) {
  writer_.StartArray();
  for (const auto& group : groups) {
    writer_.StartArray();
    for (const auto& s : group) string(s);
    writer_.EndArray();
  }
  writer_.EndArray();
  return *this;
}

BodyWriter& BodyWriter::string_map(const std::vector<std::pair<std::string, std::string>>& entries) {
  // One key once, sorted; a key given twice keeps its last value.
  std::map<std::string_view, std::string_view> sorted;
  for (const auto& [k, v] : entries) sorted.insert_or_assign(k, v);
  writer_.StartObject();
  for (const auto& [k, v] : sorted) {
    string(k);  // a key is a string: checked the same way
    string(v);
  }
  writer_.EndObject();
  return *this;
}

BodyWriter& BodyWriter::db(std::string_view db_name) {
  if (!db_name.empty()) key("dbName").string(db_name);
  return *this;
}

std::string BodyWriter::finish() {
  const char* const values = values_.GetString();
  size_t size = 2;
  if (count_ > 0) members_[count_ - 1].end = values_.GetSize();
  // Insertion sort: a body has a handful of members.
  for (size_t i = 1; i < count_; ++i) {
    for (size_t j = i; j > 0 && members_[j].key < members_[j - 1].key; --j) std::swap(members_[j], members_[j - 1]);
  }
  for (size_t i = 0; i < count_; ++i) size += members_[i].key.size() + 4 + (members_[i].end - members_[i].begin);
  std::string out;
  out.reserve(size);
  out += '{';
  for (size_t i = 0; i < count_; ++i) {
    const Member& m = members_[i];
    if (i > 0) out += ',';
    out += '"';
    out.append(m.key);
    out += "\":";
    out.append(values + m.begin, m.end - m.begin);
  }
  out += '}';
  return out;
}

}  // namespace mj::protocol::detail
