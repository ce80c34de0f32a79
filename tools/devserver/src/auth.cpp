#include "auth.hpp"

#include <cctype>
#include <optional>

namespace devserver {
namespace {

std::optional<std::string> decode_base64(const std::string& text) {
  auto value = [](unsigned char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] != '='; ++i) {
    const int v = value(static_cast<unsigned char>(text[i]));
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  for (; i < text.size(); ++i)
    if (text[i] != '=') return std::nullopt;
  if (text.size() % 4 != 0) return std::nullopt;
  return out;
}

bool has_prefix_ignore_case(const std::string& text, const std::string& prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

}  // namespace

bool is_authorized(const std::string& authorization, const std::string& token) {
  if (token.empty()) return true;
  if (authorization.empty()) return false;
  if (has_prefix_ignore_case(authorization, "Basic ")) {
    const auto decoded = decode_base64(authorization.substr(6));
    if (decoded && *decoded == token && token.find(':') != std::string::npos) return true;
  }
  const std::string bearer = "Bearer ";
  const std::string presented =
      authorization.compare(0, bearer.size(), bearer) == 0 ? authorization.substr(bearer.size()) : authorization;
  return presented == token;
}

}  // namespace devserver
