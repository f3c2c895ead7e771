#pragma once
/// Text for messages and command lines: lists joined once, arguments quoted once.
///
///   genzoo::join({"a", "b"})                                      // "a, b"
///   genzoo::join(paths, [](const auto& p) { return p.string(); })  // any range, any item -> text
///   genzoo::shell_quote("it's")                                   // 'it'\''s' (plain words stay as they are)
#include <string>
#include <vector>

namespace genzoo {

/// `items` as text, separated by `separator`.
template <typename Range, typename Text>
std::string join(const Range& items, Text&& text, const std::string& separator = ", ") {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += separator;
    out += text(item);
    first = false;
  }
  return out;
}

inline std::string join(const std::vector<std::string>& items, const std::string& separator = ", ") {
  return join(items, [](const std::string& s) { return s; }, separator);
}

/// `arg` as one word of a POSIX shell command line: unchanged when it holds only characters that need no quoting.
std::string shell_quote(const std::string& arg);

}  // namespace genzoo
