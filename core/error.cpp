#include "core/error.h"

#include <cstdio>
#include <cstdlib>

namespace genzoo {

void require(bool condition, const std::string& context, const std::string& key, const std::string& expected,
             const std::string& found) {
  if (!condition) throw Error(context + ": " + key + ": expected " + expected + ", found " + found);
}

std::string format_number(double value) {
  char buf[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  return buf;
}

}  // namespace genzoo
