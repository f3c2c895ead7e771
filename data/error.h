#pragma once
/// genzoo's one exception type: every message names the file or field, what was expected and what was found.
#include <stdexcept>
#include <string>

namespace genzoo {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace genzoo
