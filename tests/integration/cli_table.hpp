// Reading the rows of the table `milvus-jobs watch` draws on a terminal:
//   ID  KIND  STATE  ELAPSED  [############] 100%  ROWS  RATE  REASON
// or, for a job that ended badly, ID KIND STATE ELAPSED REASON.
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <sstream>
#include <string>
#include <vector>

namespace mjtest {

inline std::vector<std::string> words_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

inline bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// "0:07", "12:30", "2:03:04", or "-" (unknown).
inline bool is_duration(const std::string& s) {
  if (s == "-") return true;
  const size_t colon = s.rfind(':');
  return colon != std::string::npos && colon > 0 && s.size() - colon == 3 && all_digits(s.substr(colon + 1)) &&
         (all_digits(s.substr(0, colon)) || is_duration(s.substr(0, colon)));
}

// A completed import's row: its id, a full bar, `rows` ("3/3"), a rate.
inline ::testing::AssertionResult completed_row(const std::string& line, const std::string& rows) {
  const auto w = words_of(line);
  if (w.size() != 8 || w[1] != "import" || w[2] != "Completed" || !is_duration(w[3]) || w[4] != "[############]" ||
      w[5] != "100%" || w[6] != rows || !(w[7] == "-" || (w[7].size() > 2 && w[7].substr(w[7].size() - 2) == "/s"))) {
    return ::testing::AssertionFailure() << "not a completed row with rows " << rows << ": \"" << line << "\"";
  }
  return ::testing::AssertionSuccess();
}

// A failed import's row: its id (when given), the elapsed time or "-", and
// the reason, which starts with `reason` right after the elapsed column.
inline ::testing::AssertionResult failed_row(const std::string& line, const std::string& id,
                                             const std::string& reason) {
  const auto w = words_of(line);
  const bool ok = w.size() > 4 && (id.empty() || w[0] == id) && w[1] == "import" && w[2] == "Failed" &&
                  is_duration(w[3]) && line.find(w[3] + "  " + reason) != std::string::npos;
  if (!ok) return ::testing::AssertionFailure() << "not a failed row starting \"" << reason << "\": \"" << line << "\"";
  return ::testing::AssertionSuccess();
}

}  // namespace mjtest
