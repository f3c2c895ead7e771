// Run directories and numbers from strangers (docs/reliability.md): no command writes over a run's own files, the
// report embeds only regular files inside the run, terminal output is escaped, numbers are bounded before use.
#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <fstream>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

void vae_run_in(const fs::path& dir) {
  test::write_tiny_dataset(dir / "tiny", 64, 16);
  const auto r = test::run_cli("train vae --steps 4 --batch-size 16 --threads 1 --data-dir tiny --out run", dir);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
}

}  // namespace

TEST_CASE("No command writes over a run's own files, only over its own output", "[hostile][cli][plain-build]") {
  test::TempDir dir;
  vae_run_in(dir.path);
  const auto config = read_file(dir.path / "run" / "config.json");
  const auto metrics = read_file(dir.path / "run" / "metrics.jsonl");
  for (const std::string command :
       {"sample run --out run/config.json", "sample run --out run/metrics.jsonl", "export run --out run/commands.txt",
        "sample run --out run/model.safetensors", "reconstruct run --out run/samples.png",
        "report run --out run/samples/epoch_001.png", "report run --out run/traverse.png",
        "bench vae --data-dir tiny --steps 1 --warmup 0 --threads 1 --profile run/checkpoint.pt",
        "bench vae --data-dir tiny --steps 1 --warmup 0 --threads 1 --profile tiny/train-images-idx3-ubyte.gz"}) {
    CAPTURE(command);
    const auto r = test::run_cli(command, dir.path);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Contains("choose another output"));
  }
  CHECK(read_file(dir.path / "run" / "config.json") == config);
  CHECK(read_file(dir.path / "run" / "metrics.jsonl") == metrics);
  for (const std::string command : {"export run", "report run", "reconstruct run --out run/reconstructions.png"}) {
    CAPTURE(command);
    CHECK(test::run_cli(command, dir.path).exit_code == 0);  // each command's own file of the run
  }
}

TEST_CASE("The report embeds regular files inside the run only, never what a symlink points at", "[hostile][cli][plain-build]") {
  test::TempDir dir;
  vae_run_in(dir.path);
  { std::ofstream(dir.path / "secret.txt") << "not for the page"; }
  fs::create_symlink(dir.path / "secret.txt", dir.path / "run" / "samples" / "epoch_777.png");
  fs::create_symlink(dir.path / "secret.txt", dir.path / "run" / "traverse.png");
  const auto r = test::run_cli("report run", dir.path);
  REQUIRE(r.exit_code == 0);
  const auto page = read_file(dir.path / "run" / "report.html");
  CHECK_THAT(page, Contains("epoch 1"));
  CHECK(page.find("epoch 777") == std::string::npos);
  CHECK(page.find(base64_encode("not for the page").substr(0, 16)) == std::string::npos);
  CHECK(page.find("Latent views") == std::string::npos);
}

TEST_CASE("Names from a run directory reach the terminal escaped", "[hostile][cli][plain-build]") {
  test::TempDir dir;
  vae_run_in(dir.path);
  fs::create_directory(dir.path / "runs");
  fs::rename(dir.path / "run", dir.path / "runs" / "evil\x1b]0;pwned\x07");
  const auto r = test::run_cli("runs runs", dir.path);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find('\x1b') == std::string::npos);
  CHECK_THAT(r.output, Contains("evil\\x1b]0;pwned\\x07"));
  CHECK(printable("a\xff\x9b" "b\xc2\x9b") == "a\\xff\\x9bb\\xc2\\x9b");  // bad UTF-8 and C1 CSI, byte by byte
  CHECK(printable("β-VAE") == "β-VAE");
  CHECK(Progress::format_duration(1e308) == "1e+308s");
}

TEST_CASE("Integer flags and settings are bounded before use: nothing wraps or narrows", "[hostile][cli][plain-build]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);
  const std::string train = "train vae --data-dir tiny --out new ";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {train + "--threads 4294967297", "--threads: expected an integer from 0 to 1024"},
      {train + "--epochs 2305843009213693953", "--epochs: expected an integer from 1 to 1000000"},
      {train + "--eval-every 18446744073709551615", "--eval-every: expected an integer from 0 to"},
      {train + "--set eval_samples=100000000", "eval_samples: expected an integer from 4 to 1000000"},
      {train + "--set threads=5000", "threads: expected an integer from 0 to 1024"},
      {"bench vae --data-dir tiny --batch-size 9223372036854775807", "--batch-size: expected an integer from 1 to"},
  };
  for (const auto& [command, message] : cases) {
    CAPTURE(command);
    const auto r = test::run_cli(command, dir.path);
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.output, Contains(message));
  }
  CHECK_FALSE(fs::exists(dir.path / "new"));
  for (const char* value : {"-1", "100000000000000000000000", "68719476737"}) {
    CAPTURE(value);
    const auto r = test::run_command(std::string("GENZOO_IDX_MAX_BYTES=") + value + " '" GENZOO_CLI "' " + train,
                                     dir.path);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Contains("GENZOO_IDX_MAX_BYTES: expected a number of bytes from 1 to"));
  }
}

TEST_CASE("A safetensors file may leave out only what its model says training alone needs", "[hostile]") {
  test::TempDir dir;
  vae_run_in(dir.path);
  REQUIRE(test::run_cli("export run --out vae.safetensors", dir.path).exit_code == 0);
  auto file = read_safetensors(dir.path / "vae.safetensors");
  file.metadata["genzoo.omitted"] = "fc";  // every tensor of the VAE starts with it
  write_safetensors(dir.path / "empty.safetensors", {}, file.metadata);
  CHECK_THROWS_WITH(load(dir.path / "empty.safetensors"),
                    Contains("empty.safetensors") && Contains("genzoo.omitted") && Contains("needs every tensor"));
}

TEST_CASE("Resume from an older checkpoint of a run is refused rather than stepping the run back", "[hostile][cli][plain-build]") {
  test::TempDir dir;
  vae_run_in(dir.path);
  fs::copy_file(dir.path / "run" / "checkpoint.pt", dir.path / "run" / "best.pt");  // step 4
  REQUIRE(test::run_cli("train --resume run --steps 8", dir.path).exit_code == 0);
  const auto latest = read_file(dir.path / "run" / "checkpoint.pt");
  const auto r = test::run_cli("train --resume run/best.pt --steps 12", dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Contains("best.pt: is at step 4") && Contains("checkpoint.pt at step 8") &&
                           Contains("copy the run directory"));
  CHECK(read_file(dir.path / "run" / "checkpoint.pt") == latest);
}

TEST_CASE("A resume whose scorer cannot be built fails before it writes anything", "[hostile][cli][plain-build]") {
  test::TempDir dir;
  vae_run_in(dir.path);
  const auto config = read_file(dir.path / "run" / "config.json");
  const auto commands = read_file(dir.path / "run" / "commands.txt");
  const auto r = test::run_cli("train --resume run --steps 8 --eval-every 2 --set eval_classifier=missing.pt", dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Contains("missing.pt"));
  CHECK(read_file(dir.path / "run" / "config.json") == config);
  CHECK(read_file(dir.path / "run" / "commands.txt") == commands);
}
