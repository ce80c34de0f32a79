// The fast path of decode_import_job: one pass of RapidJSON's SAX reader over
// the answer, each member handed straight to the ImportJob field it names,
// with no DOM, no member lookups and no second pass. It covers the answer a
// healthy server sends; on anything else (a failure code, a field of the
// wrong type, a duplicate or unusual key, deep nesting, a parse error) it
// gives up and the DOM decoder in codec.cpp decides, so every outcome other
// than the common success is the DOM decoder's by construction. The unit test
// import_fast_test.cpp checks both agree on every body they both accept.
#include "protocol/import_fast.hpp"

#include <string>
#include <string_view>

#include "protocol/json.hpp"
#include "protocol/reply_error.hpp"
#include "protocol/rfc3339.hpp"
#include "protocol/states.hpp"

namespace mj::protocol::detail {

namespace {

// The members the decoders read. Any of them seen twice, or a spelling the
// DOM decoder also accepts (jobID), sends the answer to the DOM decoder.
enum Field : unsigned {
  f_none = 0,
  f_unknown,
  // root
  f_code,
  f_message,
  f_data,
  // the job
  f_job_id,
  f_job_id_alt,
  f_collection_name,
  f_state,
  f_progress,
  f_reason,
  f_imported_rows,
  f_total_rows,
  f_file_size,
  f_create_time,
  f_complete_time,
  f_details,
  f_file_name,
};

constexpr bool is(std::string_view key, const char* want) { return key == want; }

Field root_field(std::string_view k) {
  if (is(k, "code")) return f_code;
  if (is(k, "data")) return f_data;
  if (is(k, "message")) return f_message;
  return f_unknown;
}

// Members of the job object (and, with in_file, of one details[] entry).
Field job_field(std::string_view k, bool in_file) {
  switch (k.size()) {
    case 5:
      if (is(k, "state")) return f_state;
      if (!in_file && (is(k, "jobId"))) return f_job_id;
      if (!in_file && (is(k, "jobID"))) return f_job_id_alt;
      break;
    case 6:
      if (is(k, "reason")) return f_reason;
      break;
    case 7:
      if (!in_file && is(k, "details")) return f_details;
      break;
    case 8:
      if (is(k, "progress")) return f_progress;
      if (is(k, "fileSize")) return f_file_size;
      if (is(k, "fileName")) return in_file ? f_file_name : f_unknown;
      break;
    case 9:
      if (is(k, "totalRows")) return f_total_rows;
      break;
    case 10:
      if (!in_file && is(k, "createTime")) return f_create_time;
      break;
    case 12:
      if (is(k, "importedRows")) return f_imported_rows;
      if (is(k, "completeTime")) return f_complete_time;
      break;
    case 14:
      if (!in_file && is(k, "collectionName")) return f_collection_name;
      break;
    default: break;
  }
  return f_unknown;
}

// Where the reader is. Values of unknown members are skipped whatever their
// shape (skip_depth counts the containers opened inside one).
enum class Where { start, root, data, details, file, done };

class Handler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Handler> {
 public:
  explicit Handler(ImportJob& job) : job_(job) {}

  // Every value that reaches Default() is one the fast path does not take
  // (bool, an unexpected container...): unless skipped, give up.
  bool Default() { return skipping() && done_value(); }

  bool Null() {
    if (skip_depth_ > 0 || pending_ == f_unknown) return done_value();
    // null reads as absent: the field keeps its default.
    return pending_ != f_none && done_value();
  }

  bool Int(int v) { return number(v); }
  bool Int64(int64_t v) { return number(v); }
  bool Uint(unsigned v) { return number(static_cast<int64_t>(v)); }
  bool Uint64(uint64_t v) {
    if (skip_depth_ > 0 || pending_ == f_unknown) return done_value();
    if (v > static_cast<uint64_t>(INT64_MAX)) return false;  // the DOM decoder names the field
    return number(static_cast<int64_t>(v));
  }
  bool Double(double) {
    if (skip_depth_ > 0 || pending_ == f_unknown) return done_value();
    return false;  // integral doubles are rare: the DOM decoder reads them
  }

  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (skip_depth_ > 0 || pending_ == f_unknown) return done_value();
    const std::string_view v(s, n);
    switch (pending_) {
      case f_message: message_ = v; break;
      case f_job_id: job_.job_id.assign(v); break;
      case f_collection_name: job_.collection_name.assign(v); break;
      case f_state:
        if (where_ == Where::file) {
          file().state_name.assign(v);
          file().state = import_file_state_from_name(v);
        } else {
          job_.state_name.assign(v);
          job_.state = import_state_from_name(v);
        }
        break;
      case f_reason: (where_ == Where::file ? file().reason : job_.reason).assign(v); break;
      case f_file_name: file().file_name.assign(v); break;
      case f_create_time:
        job_.create_time.assign(v);
        job_.create_time_ms = parse_rfc3339_ms(v).value_or(0);
        break;
      case f_complete_time:
        if (where_ == Where::file) {
          file().complete_time.assign(v);
          file().complete_time_ms = parse_rfc3339_ms(v).value_or(0);
        } else {
          job_.complete_time.assign(v);
          job_.complete_time_ms = parse_rfc3339_ms(v).value_or(0);
        }
        break;
      default: return false;  // a string where a number or a container belongs
    }
    return done_value();
  }

  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (skip_depth_ > 0) return true;
    const std::string_view k(s, n);
    Field f = f_unknown;
    switch (where_) {
      case Where::root: f = root_field(k); break;
      case Where::data: f = job_field(k, false); break;
      case Where::file: f = job_field(k, true); break;
      default: return false;
    }
    if (f == f_job_id_alt) return false;
    if (f != f_unknown) {
      const uint64_t bit = uint64_t{1} << f;
      uint64_t& seen = where_ == Where::file ? file_seen_ : (where_ == Where::data ? data_seen_ : root_seen_);
      if ((seen & bit) != 0) return false;  // a duplicate: the DOM decoder reads the first
      seen |= bit;
    }
    pending_ = f;
    return true;
  }

  bool StartObject() {
    if (skip_depth_ > 0 || pending_ == f_unknown) return skip_open();
    switch (where_) {
      case Where::start: where_ = Where::root; return true;
      case Where::root:
        if (pending_ != f_data) return false;
        where_ = Where::data;
        has_data_ = true;
        pending_ = f_none;
        return true;
      case Where::details:
        if (job_.details.empty()) job_.details.reserve(4);
        job_.details.emplace_back();
        file_seen_ = 0;
        where_ = Where::file;
        pending_ = f_none;
        return true;
      default: return false;
    }
  }

  bool EndObject(rapidjson::SizeType members) {
    if (skip_depth_ > 0) return skip_close();
    switch (where_) {
      case Where::root: where_ = Where::done; return true;
      case Where::data:
        if (members == 0) return false;  // an empty job: the DOM decoder says so
        where_ = Where::root;
        return done_value();
      case Where::file: where_ = Where::details; return true;
      default: return false;
    }
  }

  bool StartArray() {
    if (skip_depth_ > 0 || pending_ == f_unknown) return skip_open();
    if (where_ != Where::data || pending_ != f_details) return false;
    where_ = Where::details;
    pending_ = f_none;
    return true;
  }

  bool EndArray(rapidjson::SizeType) {
    if (skip_depth_ > 0) return skip_close();
    if (where_ != Where::details) return false;
    where_ = Where::data;
    return done_value();
  }

  bool succeeded() const {
    return where_ == Where::done && code_seen_ && is_success_code(code_, has_data_, message_) && has_data_;
  }

 private:
  ImportFile& file() { return job_.details.back(); }

  bool number(int64_t v) {
    if (skip_depth_ > 0 || pending_ == f_unknown) return done_value();
    ImportFile* f = where_ == Where::file ? &file() : nullptr;
    switch (pending_) {
      case f_code:
        code_ = v;
        code_seen_ = true;
        break;
      case f_progress: (f ? f->progress : job_.progress) = v; break;
      case f_imported_rows: (f ? f->imported_rows : job_.imported_rows) = v; break;
      case f_total_rows: (f ? f->total_rows : job_.total_rows) = v; break;
      case f_file_size: (f ? f->file_size : job_.file_size) = v; break;
      default: return false;  // a number where a string belongs (a numeric jobId too)
    }
    return done_value();
  }

  bool skipping() const { return skip_depth_ > 0 || pending_ == f_unknown; }
  bool skip_open() {
    // The nesting is bounded here as the DOM decoder bounds its recursion:
    // deeper answers go to its iterative parse.
    if (++skip_depth_ > 32) return false;
    return true;
  }
  bool skip_close() {
    if (--skip_depth_ == 0) pending_ = f_none;
    return true;
  }
  bool done_value() {
    if (skip_depth_ == 0) pending_ = f_none;
    return true;
  }

  ImportJob& job_;
  Where where_ = Where::start;
  Field pending_ = f_none;
  int skip_depth_ = 0;
  uint64_t root_seen_ = 0;
  uint64_t data_seen_ = 0;
  uint64_t file_seen_ = 0;
  int64_t code_ = 0;
  bool code_seen_ = false;
  bool has_data_ = false;
  std::string_view message_;
};

}  // namespace

bool decode_import_job_fast(const Reply& reply, ImportJob& job) {
  if (reply.http_status != 200) return false;
  InsituText text;
  if (!text.assign(reply.body)) return false;

  ImportJob out;
  Handler handler(out);
  rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>> reader;
  rapidjson::InsituStringStream in(text.data());
  if (reader.Parse<rapidjson::kParseInsituFlag>(in, handler).IsError() || !handler.succeeded()) return false;
  job = std::move(out);
  return true;
}

}  // namespace mj::protocol::detail
