// Data-parallel training when ranks are started by hand, die, hang, fail or are interrupted.
#include "distributed_fixtures.h"

using namespace genzoo;
using namespace genzoo::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

TEST_CASE("Ranks started by hand with torchrun's variables train together", "[distributed][gloo]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 96, 32);
  const std::string train = kCli + " train gan --steps 12 --batch-size 16 --data-dir tiny --threads 2 "
                                   "--set model_options.width=8 --out run";
  const auto r = test::run_command(kTorchrunEnv + "RANK=0 " + train + " > r0.log 2>&1 & p0=$!; RANK=1 " + train +
                                       " > r1.log 2>&1; rc1=$?; wait $p0; rc0=$?; cat r0.log r1.log; "
                                       "exit $((rc0 + rc1))",
                                   dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  two_ranks_agree(r.output);
  CHECK(TrainingCheckpoint(dir.path / "run" / "checkpoint.pt").step() == 12);
  CHECK_FALSE(fs::exists(dir.path / "run" / "run"));  // rank 1 wrote nothing of its own
}

TEST_CASE("A rank killed with kill -9 stops the other with a message naming it; the run resumes",
          "[distributed][gloo]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);
  const auto r = signal_rank_one(dir.path, "9", /*dist_timeout=*/20);
  INFO(r.rank0.output);
  CHECK(r.rank0.exit_code == 1);
  CHECK_THAT(r.rank0.output, Contains("rank 1 stopped responding"));
  CHECK(r.seconds >= 0);
  CHECK(r.seconds < 20);  // within the timeout: a dead peer's socket closes at once
  const auto step = TrainingCheckpoint(dir.path / "run" / "checkpoint.pt").step();
  const auto resumed = test::run_cli("train --resume run --steps " + std::to_string(step + 4), dir.path);
  INFO(resumed.output);
  CHECK(resumed.exit_code == 0);
}

TEST_CASE("The launcher of --nproc names a worker killed under it and stops the rest", "[distributed][gloo]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);
  const auto r = test::run_command(
      kCli + " train vae --steps 100000 --batch-size 16 --data-dir tiny --threads 2 --nproc 2 --out run > log 2>&1 "
             "& p=$!; for i in $(seq 600); do [ -f run/checkpoint.pt ] && break; sleep 0.1; done; "
             "for c in $(cat /proc/$p/task/*/children); do "
             "  tr '\\0' '\\n' < /proc/$c/environ | grep -qx RANK=1 && kill -9 $c; done; "
             "wait $p; rc=$?; cat log; exit $rc",
      dir.path);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Contains("rank 1 of 2 (pid"));
  CHECK_THAT(r.output, Contains("was killed by signal 9"));
  CHECK_NOTHROW(TrainingCheckpoint(dir.path / "run" / "checkpoint.pt"));
}

TEST_CASE("Bad input on one rank stops the others, naming the rank and its reason", "[distributed][gloo]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "a" / "tiny", 64, 16);
  fs::create_directories(dir.path / "b");  // rank 1 runs where the relative --data-dir holds nothing
  const std::string train = kCli + " train vae --steps 50 --batch-size 16 --data-dir tiny --threads 2 "
                                   "--dist-timeout 20 --out run";
  const auto r = test::run_command(kTorchrunEnv + "(cd a && RANK=0 " + train + ") > r0.log 2>&1 & p0=$!; " +
                                       "(cd b && RANK=1 " + train + ") > r1.log 2>&1; rc1=$?; wait $p0; rc0=$?; " +
                                       "cat r0.log; echo ---; cat r1.log; [ $rc0 -ne 0 ] && [ $rc1 -ne 0 ]",
                                   dir.path);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("rank 1 failed: "));
  CHECK_THAT(r.output, Contains("tiny"));
}

TEST_CASE("Ctrl-C on the launcher stops every rank at one step with the checkpoint saved", "[distributed][gloo]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);
  const auto r = test::run_command(
      kCli + " train vae --steps 100000 --batch-size 16 --data-dir tiny --threads 2 --nproc 2 --out run > log 2>&1 "
             "& p=$!; for i in $(seq 600); do [ -f run/checkpoint.pt ] && break; sleep 0.1; done; sleep 0.5; "
             "kill -INT $p; wait $p; rc=$?; cat log; exit $rc",
      dir.path);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("interrupted at step"));
  std::smatch step;
  REQUIRE(std::regex_search(r.output, step, std::regex("interrupted at step ([0-9]+)")));
  CHECK(TrainingCheckpoint(dir.path / "run" / "checkpoint.pt").step() == std::stoll(step[1]));
  two_ranks_agree(r.output);  // both ranks stopped after the same step, holding the same state
}

TEST_CASE("A rank that hangs is named once --dist-timeout has passed", "[distributed][gloo]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);
  const auto r = signal_rank_one(dir.path, "STOP", /*dist_timeout=*/4);
  INFO(r.rank0.output);
  CHECK(r.rank0.exit_code == 1);
  CHECK_THAT(r.rank0.output, Contains("rank 1 stopped responding"));
  CHECK(r.seconds >= 0);
  CHECK(r.seconds <= 4 + 5 + 2);  // the timeout, the roll call's 5 s, slack
}

TEST_CASE("Ranks whose data differ though their counts agree stop before the first step", "[distributed][gloo]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "a" / "tiny", 64, 16);
  test::write_tiny_dataset(dir.path / "b" / "tiny", 64, 8);  // the same training images, another test split
  const std::string train = kCli + " train vae --steps 8 --batch-size 16 --data-dir tiny --threads 1 "
                                   "--dist-timeout 20 --out run";
  const auto r = two_failing_ranks(dir.path, "cd a && " + train, "cd b && " + train);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("differs from rank 0's") && Contains("every machine needs the same data"));
}

TEST_CASE("A rank started with other arguments than rank 0 stops before the first step", "[distributed][gloo]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);
  const std::string train = kCli + " train vae --batch-size 16 --data-dir tiny --threads 1 --dist-timeout 20 ";
  const auto r = two_failing_ranks(dir.path, train + "--steps 8 --out run", train + "--steps 80 --out run");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("every rank takes the same arguments") && Contains("--steps 80"));
}

TEST_CASE("A MASTER_PORT that accepts and never answers is named once --dist-timeout has passed",
          "[distributed][gloo]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);
  // A listener on 127.0.0.1 that accepts one connection and says nothing; it stops by itself after 60 s.
  const std::string silent =
      "python3 -c 'import socket,time; s=socket.socket(); s.bind((\"127.0.0.1\", 0)); s.listen(4); "
      "print(s.getsockname()[1], flush=True); c, _ = s.accept(); time.sleep(60)' > port.txt 2>/dev/null "
      "< /dev/null & listener=$!; for i in $(seq 50); do [ -s port.txt ] && break; sleep 0.1; done; ";
  const auto r = test::run_command(
      silent + "RANK=1 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=$(cat port.txt) timeout 60 " + kCli +
          " train vae --steps 2 --batch-size 16 --data-dir tiny --threads 1 --dist-timeout 2 --out run; rc=$?; "
          "kill $listener 2>/dev/null; exit $rc",
      dir.path);
  INFO(r.output);
  CHECK(r.exit_code == 1);  // 124 would be the hang
  CHECK_THAT(r.output, Contains("127.0.0.1:") && Contains("no answer within 2 s"));
}
