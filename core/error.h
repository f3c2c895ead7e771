#pragma once
/// genzoo's one exception type, and the check that throws it: every message names the file or field, what was
/// expected and what was found.
///
///   genzoo::require(lr > 0, "vae trainer options", "lr", "a positive number", std::to_string(lr));
///   throw genzoo::Error(path.string() + ": truncated header: expected 16 bytes, found 3");
#include <c10/util/Exception.h>

#include <new>
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

/// Runs `step`, which reads `source`; a genzoo Error, a LibTorch error or an allocation failure inside it comes out
/// as an Error whose message starts with `source`.
///
///   auto model = genzoo::naming_source(path.string(), [&] { return make_model(name, options); });
template <typename Step>
auto naming_source(const std::string& source, Step&& step) -> decltype(step()) {
  const auto named = [&source](const std::string& what) {
    return what.compare(0, source.size(), source) == 0 ? what : source + ": " + what;
  };
  try {
    return step();
  } catch (const Error& e) {
    throw Error(named(e.what()));
  } catch (const c10::Error& e) {
    throw Error(named(e.what_without_backtrace()));
  } catch (const std::bad_alloc&) {
    throw Error(source + ": out of memory");
  }
}

}  // namespace genzoo
