// Process-wide settings (core/runtime.h): the allocator setting and when it steps aside.
#include <genzoo/all.h>

#include "fixtures.h"

#include <catch2/catch.hpp>

#include <string>

using namespace genzoo;
using genzoo::test::ScopedEnv;
using Catch::Matchers::Contains;

namespace {

// AddressSanitizer replaces malloc, and its mallopt refuses every setting.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kGlibcMalloc = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kGlibcMalloc = false;
#else
constexpr bool kGlibcMalloc = true;
#endif
#else
constexpr bool kGlibcMalloc = true;
#endif

}  // namespace

TEST_CASE("opted_out is true only for a variable set to 0", "[runtime]") {
  constexpr const char* kName = "GENZOO_TEST_SETTING";
  for (const char* value : {"1", "", "00", "off"}) {
    ScopedEnv set(kName, value);
    CHECK_FALSE(opted_out(kName));
  }
  {
    ScopedEnv unset(kName, nullptr);
    CHECK_FALSE(opted_out(kName));
  }
  ScopedEnv zero(kName, "0");
  CHECK(opted_out(kName));
}

TEST_CASE("configure_allocator applies mallopt unless the user chose glibc's malloc settings", "[runtime]") {
  ScopedEnv no_tunables("GLIBC_TUNABLES", nullptr);
  {
    ScopedEnv off("GENZOO_MALLOPT", "0");
    const auto s = configure_allocator();
    CHECK_FALSE(s.applied);
    CHECK_THAT(s.reason, Contains("GENZOO_MALLOPT=0"));
  }
  {
    ScopedEnv user("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=0");
    const auto s = configure_allocator();
    CHECK_FALSE(s.applied);
    CHECK_THAT(s.reason, Contains("GLIBC_TUNABLES"));
  }
  ScopedEnv other("GLIBC_TUNABLES", "glibc.cpu.hwcaps=-AVX512F");  // not about malloc: genzoo's setting applies
  ScopedEnv on("GENZOO_MALLOPT", nullptr);
  const auto s = configure_allocator();
  if (kGlibcMalloc) {
    CHECK(s.applied);
  } else {
    CHECK_FALSE(s.applied);
    CHECK_THAT(s.reason, Contains("mallopt refused"));
  }
}

// Evaluation inside a training loop: the scope's draws repeat, and the training stream goes on as if it had not run.
static void check_scoped_seed(const torch::TensorOptions& options) {
  torch::manual_seed(7);
  auto uninterrupted = torch::randn({2, 3}, options);
  uninterrupted = torch::cat({uninterrupted, torch::randn({2, 3}, options)});
  torch::manual_seed(7);
  auto first = torch::randn({2, 3}, options);
  torch::Tensor inside, again;
  {
    ScopedSeed seed(123);
    inside = torch::randn({4}, options);
  }
  {
    ScopedSeed seed(123);
    again = torch::randn({4}, options);
  }
  auto second = torch::randn({2, 3}, options);
  CHECK(torch::equal(inside, again));
  CHECK(torch::equal(torch::cat({first, second}), uninterrupted));
}

TEST_CASE("ScopedSeed repeats its scope's draws and leaves the CPU's training stream untouched", "[runtime]") {
  check_scoped_seed(torch::TensorOptions());
}

TEST_CASE("ScopedSeed leaves a CUDA device's training stream untouched too", "[runtime][cuda]") {
  // torch::manual_seed reseeds CUDA generators as well. CTest runs [cuda] cases through `genzoo_tests
  // --skip-without-cuda`, which reports them skipped where there is no device (tests/main.cpp).
  check_scoped_seed(torch::TensorOptions().device(torch::kCUDA));
}
