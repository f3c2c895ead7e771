// Data-parallel training over c10d (Gloo): every rank on 127.0.0.1, tiny data, a few steps.
#include "distributed_fixtures.h"

#include <set>

using namespace genzoo;
using namespace genzoo::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

TEST_CASE("Shards of an epoch are disjoint and together are the one-process epoch", "[distributed]") {
  for (const auto& [batch, world] : std::vector<std::pair<int64_t, int>>{{32, 2}, {32, 3}, {30, 4}}) {
    BatchSampler sampler(96, batch, /*seed=*/7);
    for (int64_t epoch = 0; epoch < 2; ++epoch) {
      std::set<int64_t> seen;
      int64_t total = 0;
      for (int64_t step = 0; step < sampler.steps_per_epoch(); ++step) {
        std::vector<int64_t> joined;
        for (int rank = 0; rank < world; ++rank) {
          auto idx = shard_indices(sampler, epoch, step, rank, world);
          CHECK(idx.size(0) == shard_of(batch, rank, world).size);
          for (int64_t i = 0; i < idx.size(0); ++i) joined.push_back(idx[i].item<int64_t>());
        }
        auto whole = sampler.indices(epoch, step);  // the ranks' shards in rank order are the global batch
        REQUIRE(static_cast<int64_t>(joined.size()) == whole.size(0));
        for (int64_t i = 0; i < whole.size(0); ++i) CHECK(joined[i] == whole[i].item<int64_t>());
        seen.insert(joined.begin(), joined.end());
        total += static_cast<int64_t>(joined.size());
      }
      INFO("batch " << batch << ", " << world << " ranks, epoch " << epoch);
      CHECK(static_cast<int64_t>(seen.size()) == total);  // disjoint
      CHECK(total == sampler.steps_per_epoch() * batch);  // every full batch of the epoch, once
    }
  }
  CHECK(shard_of(30, 0, 4).size == 8);
  CHECK(shard_of(30, 3, 4).begin == 23);
  CHECK_THROWS_WITH(shard_of(2, 0, 3), Contains("cannot be split over 3 processes"));
}

TEST_CASE("torchrun's environment variables are read strictly", "[distributed]") {
  std::map<std::string, std::string> vars;
  const auto env = [&](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
  CHECK_FALSE(parse_distributed_env(env).has_value());
  vars["WORLD_SIZE"] = "1";
  CHECK_FALSE(parse_distributed_env(env).has_value());
  vars["WORLD_SIZE"] = "1048576";  // accepted once, and minutes went into building pairs
  CHECK_THROWS_WITH(parse_distributed_env(env), Contains("WORLD_SIZE: expected an integer in [1, 4096]"));
  vars["WORLD_SIZE"] = "2";
  CHECK_THROWS_WITH(parse_distributed_env(env), Contains("RANK: not set"));
  vars["RANK"] = "2";
  vars["MASTER_ADDR"] = "10.0.0.1";
  vars["MASTER_PORT"] = "29500";
  CHECK_THROWS_WITH(parse_distributed_env(env), Contains("RANK: expected an integer in [0, 1], found \"2\""));
  vars["RANK"] = "1";
  vars["MASTER_PORT"] = "http";
  CHECK_THROWS_WITH(parse_distributed_env(env), Contains("MASTER_PORT: expected an integer in [1, 65535]"));
  vars["MASTER_PORT"] = "29500";
  vars["TORCHELASTIC_USE_AGENT_STORE"] = "True";
  vars["LOCAL_WORLD_SIZE"] = "2";
  vars["LOCAL_RANK"] = "1";
  const auto parsed = parse_distributed_env(env);
  REQUIRE(parsed.has_value());
  CHECK(parsed->rank == 1);
  CHECK(parsed->world_size == 2);
  CHECK(parsed->local_world_size == 2);
  CHECK(parsed->master_addr == "10.0.0.1");
  CHECK(parsed->agent_store);
}

TEST_CASE("Without Gloo, --nproc is an error saying how to enable it", "[distributed][no-gloo]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny");
  const auto r = test::run_cli("train vae --steps 2 --data-dir tiny --out run --nproc 2", dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Contains("apt-get install libgloo-dev"));
}

TEST_CASE("Two ranks at batch B/2 train the VAEs to the parameters of one process at batch B", "[distributed][gloo]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 96, 32);
  for (const std::string model : {"vae", "beta-vae"}) {
    INFO(model);
    const std::string common =
        "train " + model + " --steps 20 --batch-size 32 --data-dir tiny --tensorboard off --set log_every=1 "
        "--device cpu ";  // as the ranks: data-parallel training runs on the CPU, also where there is a GPU
    const auto one = test::run_cli(common + "--threads 1 --out " + model + "-one", dir.path);
    INFO(one.output);
    REQUIRE(one.exit_code == 0);
    const auto two = test::run_cli(common + "--threads 2 --nproc 2 --out " + model + "-two", dir.path);
    INFO(two.output);
    REQUIRE(two.exit_code == 0);
    CHECK_THAT(two.output, Contains("all 2 ranks hold the same parameters and buffers"));
    // Not bit-exact: each rank sums its half of the batch's gradient, then the halves are added, where one process
    // sums all 32 images at once; float addition in another order differs in the last bits. (One process with 1 or 2
    // threads gives identical bits here: the split is the only difference.) Adam then divides each gradient by its
    // own running RMS, so where a gradient is a cancellation near Adam's eps (1e-8) that rounding becomes a visible
    // step of that weight: compare what the weights compute, tensor by tensor and loss by loss, not single elements.
    CHECK(max_relative_difference(state_of(dir.path / (model + "-one")), state_of(dir.path / (model + "-two"))) <
          1e-5);
    const auto one_losses = step_losses(dir.path / (model + "-one"));
    const auto two_losses = step_losses(dir.path / (model + "-two"));
    REQUIRE(one_losses.size() == 20);
    REQUIRE(two_losses.size() == 20);
    for (size_t i = 0; i < one_losses.size(); ++i) CHECK(two_losses[i] == Approx(one_losses[i]).epsilon(1e-5));
  }
}

TEST_CASE("Two ranks of each GAN hold bit-identical parameters with finite losses", "[distributed][gloo]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 96, 32);
  for (const std::string model : {"gan", "lsgan", "wgan-gp"}) {
    INFO(model);
    const auto r = test::run_cli("train " + model + " --steps 20 --batch-size 16 --data-dir tiny --threads 2 "
                                 "--nproc 2 --set model_options.width=8 --set log_every=1 --out " + model,
                                 dir.path);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    // Rank 0's summary and rank 1's own line, each from its own memory, and the checkpoint rank 0 saved.
    CHECK(two_ranks_agree(r.output) == state_digest(*load(dir.path / model)));
    std::ifstream metrics(dir.path / model / "metrics.jsonl");
    int steps = 0;
    for (std::string line; std::getline(metrics, line);) {
      const auto j = nlohmann::json::parse(line);
      if (j["type"] != "step") continue;
      ++steps;
      for (const auto& [key, value] : j.items()) {
        if (value.is_number()) CHECK(std::isfinite(value.get<double>()));
      }
      CHECK(j.contains("allreduce_ms"));
    }
    CHECK(steps == 20);
  }
}

TEST_CASE("A two-process run resumes with one process, and the reverse", "[distributed][gloo]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);
  auto r = test::run_cli("train gan --steps 8 --batch-size 16 --data-dir tiny --threads 2 --nproc 2 "
                         "--set model_options.width=8 --out run",
                         dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  r = test::run_cli("train --resume run --steps 16 --threads 1", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(TrainingCheckpoint(dir.path / "run" / "checkpoint.pt").step() == 16);
  r = test::run_cli("train --resume run --steps 24 --threads 2 --nproc 2", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("resuming"));
  CHECK(TrainingCheckpoint(dir.path / "run" / "checkpoint.pt").step() == 24);
  two_ranks_agree(r.output);
}

TEST_CASE("genzoo trains under torchrun, joining the store its agent hosts", "[distributed][gloo]") {
  if (test::run_command("/usr/bin/python3 -c 'import torch.distributed.run'").exit_code != 0) {
    WARN("torchrun is not installed (Debian's python3-torch provides it; the test setup installs it)");
    return;
  }
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 96, 32);
  // torchrun's default static rendezvous: its agent hosts a TCPStore on MASTER_PORT and tells the workers so.
  const auto r = test::run_command(
      "port=$(python3 -c 'import socket; s=socket.socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])'); "
      "/usr/bin/python3 '" GENZOO_SOURCE_DIR "/tests/distributed/torchrun.py' --nnodes 1 --nproc_per_node 2 "
      "--master_addr 127.0.0.1 --master_port $port --no_python " + kCli +
          " train vae --steps 10 --batch-size 32 --data-dir tiny --out run 2>&1",
      dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  two_ranks_agree(r.output);
  CHECK(TrainingCheckpoint(dir.path / "run" / "checkpoint.pt").step() == 10);
}
