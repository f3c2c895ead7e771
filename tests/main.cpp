// The test runner: Catch2's, plus one flag for cases that need hardware this machine may lack.
//   genzoo_tests --skip-without-cuda "[cuda]"   exits 77 (CTest's SKIP_RETURN_CODE) when no CUDA device is present
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <torch/cuda.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--skip-without-cuda") == 0) {
    if (!torch::cuda::is_available()) {
      std::puts("skipped: no CUDA device on this machine");
      return 77;
    }
    argv[1] = argv[0];
    ++argv;
    --argc;
  }
  return Catch::Session().run(argc, argv);
}
