#include "row_count.hpp"

#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "json_fields.hpp"
#include "parquet_file.hpp"
#include "row_check.hpp"

namespace devserver {
namespace {

using nlohmann::json;

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// SAX handler that counts row objects without building the document.
class JsonRowCounter {
 public:
  bool null() { return scalar(); }
  bool boolean(bool) { return scalar(); }
  bool number_integer(json::number_integer_t) { return scalar(); }
  bool number_unsigned(json::number_unsigned_t) { return scalar(); }
  bool number_float(json::number_float_t, const json::string_t&) { return scalar(); }
  bool string(json::string_t&) { return scalar(); }
  bool binary(json::binary_t&) { return scalar(); }
  bool start_object(std::size_t) { return open(true); }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(false); }
  bool end_array() { return close(); }
  bool key(json::string_t& name) {
    if (depth_ == 1 && top_is_object_) next_value_is_rows_ = name == "rows";
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    error_ = "invalid JSON: " + json_error_text(e);
    return false;
  }

  // Call after a successful parse.
  bool finish() {
    if (error_.empty() && top_is_object_ && !saw_rows_)
      error_ = "the JSON object has no \"rows\" array; expected [{...},...] or {\"rows\":[{...},...]}";
    return error_.empty();
  }
  std::int64_t rows() const { return rows_; }
  const std::string& error() const { return error_; }

 private:
  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  bool scalar() {
    if (depth_ == 0) return fail("the JSON file must hold an array of row objects or {\"rows\":[...]}");
    if (depth_ == 1 && top_is_object_ && next_value_is_rows_) return fail("\"rows\" must be an array of row objects");
    if (in_rows_ && depth_ == rows_depth_) return fail("row " + std::to_string(rows_ + 1) + " is not a JSON object");
    next_value_is_rows_ = false;
    return true;
  }

  bool open(bool is_object) {
    if (depth_ == 0) {
      top_is_object_ = is_object;
      if (!is_object) {
        in_rows_ = true;
        rows_depth_ = 1;
      }
    } else if (depth_ == 1 && top_is_object_ && next_value_is_rows_) {
      if (is_object) return fail("\"rows\" must be an array of row objects");
      in_rows_ = true;
      saw_rows_ = true;
      rows_depth_ = 2;
      next_value_is_rows_ = false;
    } else if (in_rows_ && depth_ == rows_depth_) {
      if (!is_object) return fail("row " + std::to_string(rows_ + 1) + " is not a JSON object");
      ++rows_;
    } else if (depth_ == 1) {
      next_value_is_rows_ = false;
    }
    ++depth_;
    return true;
  }

  bool close() {
    --depth_;
    if (in_rows_ && depth_ + 1 == rows_depth_) in_rows_ = false;
    return true;
  }

  int depth_ = 0;
  bool top_is_object_ = false;
  bool next_value_is_rows_ = false;
  bool in_rows_ = false;
  bool saw_rows_ = false;
  int rows_depth_ = 0;
  std::int64_t rows_ = 0;
  std::string error_;
};

}  // namespace

RowCount failure(std::string message) {
  RowCount result;
  result.error = std::move(message);
  return result;
}

RowCount success(std::int64_t rows) {
  RowCount result;
  result.ok = true;
  result.rows = rows;
  return result;
}

namespace {

RowCount count_json(std::ifstream& in) {
  JsonRowCounter counter;
  const bool parsed = json::sax_parse(in, &counter);
  if (!parsed || !counter.finish()) return failure(counter.error().empty() ? "invalid JSON" : counter.error());
  return success(counter.rows());
}

RowCount count_json_lines(std::ifstream& in, const RowChecker* checker) {
  std::string line;
  std::int64_t rows = 0;
  std::int64_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json row;
    try {
      row = json::parse(line);
    } catch (const json::exception& e) {
      return failure("invalid JSON on line " + std::to_string(line_number) + ": " + json_error_text(e));
    }
    if (!row.is_object()) return failure("line " + std::to_string(line_number) + " is not a JSON object");
    ++rows;
    if (checker != nullptr) {
      std::string error = checker->check_json_row(row);
      if (!error.empty())
        return failure("row " + std::to_string(rows) + " (line " + std::to_string(line_number) + "): " + error);
    }
  }
  if (in.bad()) return failure("read error");
  return success(rows);
}

// RFC 4180 records with Go encoding/csv's strictness about quotes (LazyQuotes off). Each record
// after the header goes to `on_record` (with its first line); a non-empty answer stops the read.
using CsvRecordHandler = std::function<std::string(std::int64_t, const std::vector<std::string>&)>;

RowCount count_csv(std::ifstream& in, char separator, const CsvRecordHandler& on_header,
                   const CsvRecordHandler& on_record) {
  std::istreambuf_iterator<char> it(in);
  const std::istreambuf_iterator<char> end;
  std::int64_t line = 1;
  std::int64_t records = 0;
  std::int64_t header_fields = -1;
  std::vector<std::string> fields;
  std::string current;
  const bool keep = static_cast<bool>(on_record);

  while (it != end) {
    const std::int64_t record_line = line;
    fields.clear();
    current.clear();
    bool blank = true;
    bool at_field_start = true;
    bool record_done = false;
    while (!record_done) {
      if (it == end) break;
      char c = *it;
      if (at_field_start && c == '"') {
        blank = false;
        ++it;
        for (;;) {  // quoted field
          if (it == end)
            return failure("record on line " + std::to_string(record_line) +
                           ": extraneous or missing \" in quoted-field");
          c = *it++;
          if (c == '\n') ++line;
          if (c != '"') {
            if (keep) current.push_back(c);
            continue;
          }
          if (it != end && *it == '"') {
            if (keep) current.push_back('"');
            ++it;
            continue;
          }
          break;
        }
        if (it == end) break;
        c = *it;
        if (c == separator) {
          ++it;
          fields.push_back(std::move(current));
          current.clear();
          continue;
        }
        if (c == '\r') {
          ++it;
          if (it != end && *it == '\n') ++it;
          ++line;
          record_done = true;
          continue;
        }
        if (c == '\n') {
          ++it;
          ++line;
          record_done = true;
          continue;
        }
        return failure("record on line " + std::to_string(line) + ": extraneous or missing \" in quoted-field");
      }
      ++it;
      at_field_start = false;
      if (c == '\n' || c == '\r') {
        if (c == '\r' && it != end && *it == '\n') ++it;
        ++line;
        record_done = true;
      } else if (c == separator) {
        blank = false;
        fields.push_back(std::move(current));
        current.clear();
        at_field_start = true;
      } else if (c == '"') {
        return failure("record on line " + std::to_string(line) + ": bare \" in non-quoted-field");
      } else {
        blank = false;
        if (keep) current.push_back(c);
      }
    }
    if (blank) continue;  // encoding/csv skips empty lines
    fields.push_back(std::move(current));
    current.clear();
    const auto count = static_cast<std::int64_t>(fields.size());
    if (header_fields < 0) {
      header_fields = count;
      if (on_header) {
        std::string error = on_header(record_line, fields);
        if (!error.empty()) return failure(error);
      }
      continue;
    }
    if (count != header_fields)
      return failure("record on line " + std::to_string(record_line) + ": wrong number of fields (got " +
                     std::to_string(count) + ", header has " + std::to_string(header_fields) + ")");
    ++records;
    if (on_record) {
      std::string error = on_record(record_line, fields);
      if (!error.empty())
        return failure("row " + std::to_string(records) + " (line " + std::to_string(record_line) + "): " + error);
    }
  }
  if (in.bad()) return failure("read error");
  if (header_fields < 0) return failure("the CSV file is empty; expected a header line");
  return success(records);
}

// Thrown from the parse callback to stop at the first bad row.
struct RowRejected {
  std::string message;
};

// Second pass over a .json file whose structure count_json accepted: each row against the schema.
RowCount check_json_rows(std::ifstream& in, std::int64_t rows, const RowChecker& checker) {
  std::int64_t row = 0;
  int row_depth = -1;  // depth of the row objects: 1 in [...], 2 in {"rows":[...]}
  bool in_rows = false;
  const json::parser_callback_t callback = [&](int depth, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start && depth == 0) row_depth = 2;
    if (event == json::parse_event_t::array_start && depth == 0) row_depth = 1;
    if (event == json::parse_event_t::object_end && depth == row_depth && (row_depth == 1 || in_rows)) {
      ++row;
      std::string error = checker.check_json_row(parsed);
      if (!error.empty()) throw RowRejected{"row " + std::to_string(row) + ": " + error};
      return false;  // checked: not kept, so memory stays one row
    }
    if (event == json::parse_event_t::key && depth == 1 && row_depth == 2) in_rows = parsed == "rows";
    return true;
  };
  try {
    const json kept = json::parse(in, callback, true);
    (void)kept;
  } catch (const RowRejected& rejected) {
    return failure(rejected.message);
  } catch (const json::exception& e) {
    return failure("invalid JSON: " + json_error_text(e));
  }
  return success(rows);
}

}  // namespace

RowFormat row_format_of(const std::string& path) {
  if (ends_with(path, ".json")) return RowFormat::Json;
  if (ends_with(path, ".jsonl")) return RowFormat::JsonLines;
  if (ends_with(path, ".csv")) return RowFormat::Csv;
  if (ends_with(path, ".parquet")) return RowFormat::Parquet;
  if (ends_with(path, ".npy")) return RowFormat::Numpy;
  return RowFormat::Unknown;
}

RowCount count_rows(const std::filesystem::path& file, RowFormat format, const ReadOptions& options) {
  if (format == RowFormat::Parquet) return read_parquet_rows(file, options.schema);
  std::ifstream in(file, std::ios::binary);
  if (!in) return failure("cannot open the file");
  std::optional<RowChecker> checker;
  if (options.schema != nullptr) checker.emplace(*options.schema);
  switch (format) {
    case RowFormat::Json: {
      RowCount count = count_json(in);
      if (!count.ok || !checker) return count;
      std::ifstream again(file, std::ios::binary);
      if (!again) return failure("cannot open the file");
      return check_json_rows(again, count.rows, *checker);
    }
    case RowFormat::JsonLines: return count_json_lines(in, checker ? &*checker : nullptr);
    case RowFormat::Csv: {
      if (!checker) return count_csv(in, options.csv_separator, nullptr, nullptr);
      std::vector<std::string> header;
      return count_csv(
          in, options.csv_separator,
          [&](std::int64_t, const std::vector<std::string>& fields) {
            header = fields;
            return checker->check_csv_header(header);
          },
          [&](std::int64_t, const std::vector<std::string>& fields) {
            return checker->check_csv_row(header, fields, options.null_key);
          });
    }
    default: return failure("the dev server cannot read this format");
  }
}

std::int64_t cheap_row_count(const std::filesystem::path& file) {
  const RowFormat format = row_format_of(file.filename().string());
  if (format == RowFormat::Parquet) {
    const ParquetSummary summary = read_parquet_summary(file);
    return summary.ok ? summary.rows : -1;
  }
  if (format != RowFormat::Json && format != RowFormat::JsonLines && format != RowFormat::Csv) return -1;
  const RowCount count = count_rows(file, format, ReadOptions{});
  return count.ok ? count.rows : -1;
}

}  // namespace devserver
