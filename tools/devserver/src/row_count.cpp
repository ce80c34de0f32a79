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

bool endsWith(const std::string& text, const std::string& suffix) {
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
    if (depth_ == 1 && topIsObject_) nextValueIsRows_ = name == "rows";
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    error_ = "invalid JSON: " + jsonErrorText(e);
    return false;
  }

  // Call after a successful parse.
  bool finish() {
    if (error_.empty() && topIsObject_ && !sawRows_)
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
    if (depth_ == 1 && topIsObject_ && nextValueIsRows_) return fail("\"rows\" must be an array of row objects");
    if (inRows_ && depth_ == rowsDepth_) return fail("row " + std::to_string(rows_ + 1) + " is not a JSON object");
    nextValueIsRows_ = false;
    return true;
  }

  bool open(bool isObject) {
    if (depth_ == 0) {
      topIsObject_ = isObject;
      if (!isObject) {
        inRows_ = true;
        rowsDepth_ = 1;
      }
    } else if (depth_ == 1 && topIsObject_ && nextValueIsRows_) {
      if (isObject) return fail("\"rows\" must be an array of row objects");
      inRows_ = true;
      sawRows_ = true;
      rowsDepth_ = 2;
      nextValueIsRows_ = false;
    } else if (inRows_ && depth_ == rowsDepth_) {
      if (!isObject) return fail("row " + std::to_string(rows_ + 1) + " is not a JSON object");
      ++rows_;
    } else if (depth_ == 1) {
      nextValueIsRows_ = false;
    }
    ++depth_;
    return true;
  }

  bool close() {
    --depth_;
    if (inRows_ && depth_ + 1 == rowsDepth_) inRows_ = false;
    return true;
  }

  int depth_ = 0;
  bool topIsObject_ = false;
  bool nextValueIsRows_ = false;
  bool inRows_ = false;
  bool sawRows_ = false;
  int rowsDepth_ = 0;
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

RowCount countJson(std::ifstream& in) {
  JsonRowCounter counter;
  const bool parsed = json::sax_parse(in, &counter);
  if (!parsed || !counter.finish()) return failure(counter.error().empty() ? "invalid JSON" : counter.error());
  return success(counter.rows());
}

RowCount countJsonLines(std::ifstream& in, const RowChecker* checker) {
  std::string line;
  std::int64_t rows = 0;
  std::int64_t lineNumber = 0;
  while (std::getline(in, line)) {
    ++lineNumber;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json row;
    try {
      row = json::parse(line);
    } catch (const json::exception& e) {
      return failure("invalid JSON on line " + std::to_string(lineNumber) + ": " + jsonErrorText(e));
    }
    if (!row.is_object()) return failure("line " + std::to_string(lineNumber) + " is not a JSON object");
    ++rows;
    if (checker != nullptr) {
      std::string error = checker->check_json_row(row);
      if (!error.empty())
        return failure("row " + std::to_string(rows) + " (line " + std::to_string(lineNumber) + "): " + error);
    }
  }
  if (in.bad()) return failure("read error");
  return success(rows);
}

// RFC 4180 records with Go encoding/csv's strictness about quotes (LazyQuotes off). Each record
// after the header goes to `on_record` (with its first line); a non-empty answer stops the read.
using CsvRecordHandler = std::function<std::string(std::int64_t, const std::vector<std::string>&)>;

RowCount countCsv(std::ifstream& in, char separator, const CsvRecordHandler& on_header,
                  const CsvRecordHandler& on_record) {
  std::istreambuf_iterator<char> it(in);
  const std::istreambuf_iterator<char> end;
  std::int64_t line = 1;
  std::int64_t records = 0;
  std::int64_t headerFields = -1;
  std::vector<std::string> fields;
  std::string current;
  const bool keep = static_cast<bool>(on_record);

  while (it != end) {
    const std::int64_t recordLine = line;
    fields.clear();
    current.clear();
    bool blank = true;
    bool atFieldStart = true;
    bool recordDone = false;
    while (!recordDone) {
      if (it == end) break;
      char c = *it;
      if (atFieldStart && c == '"') {
        blank = false;
        ++it;
        for (;;) {  // quoted field
          if (it == end)
            return failure("record on line " + std::to_string(recordLine) +
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
          recordDone = true;
          continue;
        }
        if (c == '\n') {
          ++it;
          ++line;
          recordDone = true;
          continue;
        }
        return failure("record on line " + std::to_string(line) + ": extraneous or missing \" in quoted-field");
      }
      ++it;
      atFieldStart = false;
      if (c == '\n' || c == '\r') {
        if (c == '\r' && it != end && *it == '\n') ++it;
        ++line;
        recordDone = true;
      } else if (c == separator) {
        blank = false;
        fields.push_back(std::move(current));
        current.clear();
        atFieldStart = true;
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
    if (headerFields < 0) {
      headerFields = count;
      if (on_header) {
        std::string error = on_header(recordLine, fields);
        if (!error.empty()) return failure(error);
      }
      continue;
    }
    if (count != headerFields)
      return failure("record on line " + std::to_string(recordLine) + ": wrong number of fields (got " +
                     std::to_string(count) + ", header has " + std::to_string(headerFields) + ")");
    ++records;
    if (on_record) {
      std::string error = on_record(recordLine, fields);
      if (!error.empty())
        return failure("row " + std::to_string(records) + " (line " + std::to_string(recordLine) + "): " + error);
    }
  }
  if (in.bad()) return failure("read error");
  if (headerFields < 0) return failure("the CSV file is empty; expected a header line");
  return success(records);
}

// Thrown from the parse callback to stop at the first bad row.
struct RowRejected {
  std::string message;
};

// Second pass over a .json file whose structure countJson accepted: each row against the schema.
RowCount checkJsonRows(std::ifstream& in, std::int64_t rows, const RowChecker& checker) {
  std::int64_t row = 0;
  int rowDepth = -1;  // depth of the row objects: 1 in [...], 2 in {"rows":[...]}
  bool inRows = false;
  const json::parser_callback_t callback = [&](int depth, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start && depth == 0) rowDepth = 2;
    if (event == json::parse_event_t::array_start && depth == 0) rowDepth = 1;
    if (event == json::parse_event_t::object_end && depth == rowDepth && (rowDepth == 1 || inRows)) {
      ++row;
      std::string error = checker.check_json_row(parsed);
      if (!error.empty()) throw RowRejected{"row " + std::to_string(row) + ": " + error};
      return false;  // checked: not kept, so memory stays one row
    }
    if (event == json::parse_event_t::key && depth == 1 && rowDepth == 2) inRows = parsed == "rows";
    return true;
  };
  try {
    const json kept = json::parse(in, callback, true);
    (void)kept;
  } catch (const RowRejected& rejected) {
    return failure(rejected.message);
  } catch (const json::exception& e) {
    return failure("invalid JSON: " + jsonErrorText(e));
  }
  return success(rows);
}

}  // namespace

RowFormat rowFormatOf(const std::string& path) {
  if (endsWith(path, ".json")) return RowFormat::Json;
  if (endsWith(path, ".jsonl")) return RowFormat::JsonLines;
  if (endsWith(path, ".csv")) return RowFormat::Csv;
  if (endsWith(path, ".parquet")) return RowFormat::Parquet;
  if (endsWith(path, ".npy")) return RowFormat::Numpy;
  return RowFormat::Unknown;
}

RowCount countRows(const std::filesystem::path& file, RowFormat format, const ReadOptions& options) {
  if (format == RowFormat::Parquet) return read_parquet_rows(file, options.schema);
  std::ifstream in(file, std::ios::binary);
  if (!in) return failure("cannot open the file");
  std::optional<RowChecker> checker;
  if (options.schema != nullptr) checker.emplace(*options.schema);
  switch (format) {
    case RowFormat::Json: {
      RowCount count = countJson(in);
      if (!count.ok || !checker) return count;
      std::ifstream again(file, std::ios::binary);
      if (!again) return failure("cannot open the file");
      return checkJsonRows(again, count.rows, *checker);
    }
    case RowFormat::JsonLines: return countJsonLines(in, checker ? &*checker : nullptr);
    case RowFormat::Csv: {
      if (!checker) return countCsv(in, options.csv_separator, nullptr, nullptr);
      std::vector<std::string> header;
      return countCsv(
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

std::int64_t cheapRowCount(const std::filesystem::path& file) {
  const RowFormat format = rowFormatOf(file.filename().string());
  if (format == RowFormat::Parquet) {
    const ParquetSummary summary = read_parquet_summary(file);
    return summary.ok ? summary.rows : -1;
  }
  if (format != RowFormat::Json && format != RowFormat::JsonLines && format != RowFormat::Csv) return -1;
  const RowCount count = countRows(file, format, ReadOptions{});
  return count.ok ? count.rows : -1;
}

}  // namespace devserver
