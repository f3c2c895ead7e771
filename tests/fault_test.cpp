// Fault tests: processes killed at random moments, and a disk that fills during a save.
#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <random>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// Steps of each metrics.jsonl line type, in file order.
std::map<std::string, std::vector<int64_t>> logged_steps(const fs::path& metrics) {
  std::map<std::string, std::vector<int64_t>> steps;
  std::ifstream in(metrics);
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    steps[j.at("type").get<std::string>()].push_back(j.at("step").get<int64_t>());
  }
  return steps;
}

}  // namespace

TEST_CASE("kill -9 at random moments: the checkpoint always loads and its step never goes backwards", "[fault]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);  // 4 steps an epoch: a checkpoint every 4 steps
  const auto checkpoint = dir.path / "run" / "checkpoint.pt";
  std::mt19937 rng(Catch::rngSeed());
  std::uniform_int_distribution<int> delay_ms(300, 2500);  // LibTorch's start-up takes about 0.3 s
  int64_t last_step = 0;
  double scale = 1.0;  // grows while there is no checkpoint yet: start-up is slower on some machines and under ASan
  for (int round = 0; round < 8 || (last_step == 0 && round < 16); ++round) {
    // A fresh run killed before its first checkpoint leaves a directory that a fresh `train` refuses: start over.
    const bool resume = fs::exists(checkpoint);
    const std::string args = resume ? "train --resume run"
                                    : "train vae --steps 100000 --batch-size 16 --threads 1 --data-dir tiny --out run "
                                      "--set log_every=1";
    const auto r = test::run_command(std::string(resume ? "" : "rm -rf run; ") + "'" GENZOO_CLI "' " + args +
                                         " >>log 2>&1 & pid=$!; sleep " +
                                         std::to_string(scale * delay_ms(rng) / 1000.0) +
                                         "; kill -9 $pid; wait $pid; rc=$?; tail -n 3 log; exit $rc",
                                     dir.path);
    INFO("round " << round << ": " << args << "\n" << r.output);
    CHECK(r.exit_code == 137);  // killed, not finished or failed
    if (!fs::exists(checkpoint)) {
      scale = std::min(scale * 1.5, 8.0);
      continue;
    }
    int64_t step = -1;
    REQUIRE_NOTHROW(step = TrainingCheckpoint(checkpoint).step());
    REQUIRE_NOTHROW(load(dir.path / "run"));
    CHECK(step >= last_step);
    last_step = step;
  }
  REQUIRE(last_step > 0);
  const auto r = test::run_cli("train --resume run --steps " + std::to_string(last_step + 8), dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(TrainingCheckpoint(checkpoint).step() == last_step + 8);
  // metrics.jsonl holds each step once, in order: the lines a killed process wrote after its last checkpoint are
  // dropped by the resume that redoes those steps.
  for (const auto& [type, steps] : logged_steps(dir.path / "run" / "metrics.jsonl")) {
    INFO(type);
    CHECK(std::is_sorted(steps.begin(), steps.end()));
    CHECK(std::adjacent_find(steps.begin(), steps.end()) == steps.end());
    CHECK(steps.back() == last_step + 8);
  }
}

TEST_CASE("A save into a full 1 MB tmpfs fails with a message and keeps the previous checkpoint", "[fault]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);
  fs::create_directories(dir.path / "disk");
  // In a private mount namespace (as root, or as a user through a user namespace), so nothing outside sees the
  // mount and it goes away with the shell. A small VAE with small grids: its checkpoint (~0.3 MB) fits twice (the
  // new one is written beside the old), the rest of the run is a few kB.
  const std::string script = R"(
    mount -t tmpfs -o size=1m genzoo-test disk || exit 77
    touch mounted
    gz() { ")" GENZOO_CLI R"(" "$@"; }
    gz train vae --set model_options.hidden=16 --set model_options.latent=2 --set grid_n=4 --steps 4 --batch-size 16 \
       --threads 1 --data-dir tiny --out disk/run > first.log 2>&1 || { cat first.log; exit 10; }
    cp disk/run/checkpoint.pt before.pt
    avail=$(df --output=avail -B1 disk | tail -n 1)
    head -c $((avail - 200 * 1024)) /dev/zero > disk/filler 2>/dev/null
    gz train --resume disk/run --steps 8 > full.log 2>&1; echo $? > full.rc
    cmp -s before.pt disk/run/checkpoint.pt; echo $? > same.rc
    ls -a disk/run > listing
    rm disk/filler
    gz train --resume disk/run --steps 8 > again.log 2>&1; echo $? > again.rc
  )";
  std::ofstream(dir.path / "full_disk.sh") << script;
  auto r = test::run_command("unshare --mount bash full_disk.sh || unshare --user --map-root-user --mount bash "
                             "full_disk.sh",
                             dir.path);
  if (!fs::exists(dir.path / "mounted")) {
    WARN("skipped: cannot mount a tmpfs here (needs root or user namespaces): " << r.output);
    return;
  }
  INFO(r.output);
  REQUIRE(fs::exists(dir.path / "again.rc"));
  const auto text = [&](const char* name) { return read_file(dir.path / name); };
  INFO(text("full.log"));
  CHECK(text("full.rc") == "1\n");                         // an error exit, not a signal
  CHECK_THAT(text("full.log"), Contains("disk/run/checkpoint.pt") && Contains("No space left on device"));
  CHECK(text("same.rc") == "0\n");                         // the previous checkpoint is intact
  CHECK_THAT(text("listing"), !Contains("genzoo-tmp"));          // no temporary file left on the full disk
  INFO(text("again.log"));
  CHECK(text("again.rc") == "0\n");                        // with room again, the run continues
}
