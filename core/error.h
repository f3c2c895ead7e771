#pragma once
/// genzoo's one exception type, and the check that throws it: every message names the file or field, what was
/// expected and what was found.
///
///   genzoo::require(lr > 0, "vae trainer options", "lr", "a positive number", std::to_string(lr));
///   throw genzoo::Error(path.string() + ": truncated header: expected 16 bytes, found 3");
#include <stdexcept>
#include <string>

namespace genzoo {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Throws unless `condition`, with "<context>: <key>: expected <expected>, found <found>".
void require(bool condition, const std::string& context, const std::string& key, const std::string& expected,
             const std::string& found);

/// A number as the shortest text that reads back to the same double ("1e-07", "0.0002", "1.5e-06").
std::string format_number(double value);

}  // namespace genzoo
