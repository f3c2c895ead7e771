#pragma once
/// What every genzoo fuzz target asserts: hostile bytes end in a genzoo::Error that names their source, or in a
/// result; any other exception, crash, leak or sanitizer report is a finding (libFuzzer stops on it).
///
///   extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
///     genzoo::fuzz::expect_errors_naming("fuzz.safetensors", [&] { genzoo::parse_safetensors(...); });
///     return 0;
///   }
#include "core/error.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace genzoo::fuzz {

template <typename Step>
void expect_errors_naming(const std::string& source, Step&& step) {
  try {
    step();
  } catch (const Error& e) {
    if (std::string(e.what()).find(source) == std::string::npos) {
      std::fprintf(stderr, "error message does not name %s: %s\n", source.c_str(), e.what());
      std::abort();
    }
  }
}

}  // namespace genzoo::fuzz
