// genzoo runs: the run directories under a folder at a glance.
#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

TEST_CASE("CLI: runs lists each run with its model, steps, state and scores", "[cli][runs]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);  // 4 steps an epoch
  for (const char* run : {"a", "b"}) {
    const auto r = test::run_cli(std::string("train vae --steps ") + (run[0] == 'a' ? "8" : "4") +
                                     " --batch-size 16 --threads 1 --data-dir tiny --out runs/" + run,
                                 dir.path);
    REQUIRE(r.exit_code == 0);
  }
  fs::create_directories(dir.path / "runs" / "c");
  std::ofstream(dir.path / "runs" / "c" / "config.json") << "{";
  fs::create_directories(dir.path / "runs" / "not-a-run");

  DirectoryLock held(dir.path / "runs" / "b");  // as a train in progress would
  auto r = test::run_cli("runs runs --json", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto runs = nlohmann::json::parse(r.output);
  REQUIRE(runs.size() == 3);
  CHECK(runs[0]["dir"] == "runs/a");
  CHECK((runs[0]["model"] == "vae" && runs[0]["data"] == "mnist"));
  CHECK((runs[0]["step"] == 8 && runs[0]["total_steps"] == 8 && runs[0]["state"] == "finished"));
  CHECK(runs[0]["train_seconds"].get<double>() > 0);
  CHECK(runs[0]["best_fld"].is_null());  // no --eval-every
  CHECK((runs[1]["state"] == "running" && runs[1]["pid"] == getpid()));
  CHECK(runs[2]["state"] == "unreadable");
  CHECK_THAT(runs[2]["problem"].get<std::string>(), Contains("runs/c/config.json"));
  CHECK(lock_holder(dir.path / "runs" / "a") == 0);

  r = test::run_cli("runs runs", dir.path);
  CHECK_THAT(r.output, Contains("8/8") && Contains("finished") && Contains("running (" + std::to_string(getpid())));
  r = test::run_cli("runs nowhere", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("nowhere: no such folder of runs"));
}
