#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

namespace fs = std::filesystem;

void readme_example_main();  // README.md's library example, compiled verbatim (see tests/CMakeLists.txt)

TEST_CASE("The README's library example runs against a trained checkpoint", "[readme]") {
  genzoo::test::TempDir dir;
  genzoo::test::write_tiny_dataset(dir.path / "tiny", 32, 16);
  auto config = genzoo::resolve_train_config("vae", {}, {"steps=2", "batch_size=16", "threads=1"});
  config.data_dir = (dir.path / "tiny").string();
  config.out_dir = (dir.path / "runs" / "vae").string();
  genzoo::train(config);

  const fs::path cwd = fs::current_path();
  fs::current_path(dir.path);
  readme_example_main();
  fs::current_path(cwd);
  auto png = genzoo::test::png_size(dir.path / "grid.png");
  CHECK(png.width == 8 * 30 + 2);
  CHECK(png.height == 8 * 30 + 2);
}
