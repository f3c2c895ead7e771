#pragma once
/// Text for messages and command lines: lists joined once, arguments quoted once.
///
///   genzoo::join({"a", "b"})                                      // "a, b"
///   genzoo::join(paths, [](const auto& p) { return p.string(); })  // any range, any item -> text
///   genzoo::printable("run\x1b[2J")                             // "run\\x1b[2J"
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

/// `text` safe to print on a terminal: control characters (C0, DEL, C1) and bytes that are not UTF-8 become \xNN, so
/// a directory name or config string from someone else cannot move the cursor or retitle the window.
std::string printable(const std::string& text);
/// printable() line by line: newlines stay.
std::string printable_lines(const std::string& text);

/// `arg` as one word of a POSIX shell command line: unchanged when it holds only characters that need no quoting.
std::string shell_quote(const std::string& arg);

}  // namespace genzoo
