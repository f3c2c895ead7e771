#pragma once
// Helpers of the data-parallel tests: reading runs back and the ranks' printed digests.
#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

namespace genzoo::test {

inline std::map<std::string, torch::Tensor> state_of(const std::filesystem::path& run) {
  auto model = load(run);
  std::map<std::string, torch::Tensor> state;
  for (const auto& p : model->named_parameters()) state[p.key()] = p.value().detach().clone();
  for (const auto& b : model->named_buffers()) state[b.key()] = b.value().detach().clone();
  return state;
}

// The largest relative difference ||a - b|| / ||a|| of any tensor (L2 over its elements).
inline double max_relative_difference(const std::map<std::string, torch::Tensor>& a,
                                      const std::map<std::string, torch::Tensor>& b) {
  REQUIRE(a.size() == b.size());
  double worst = 0;
  for (const auto& [name, t] : a) {
    REQUIRE(b.count(name));
    const auto x = t.to(torch::kFloat64), y = b.at(name).to(torch::kFloat64);
    worst = std::max(worst, (x - y).norm().item<double>() / std::max(x.norm().item<double>(), 1e-12));
  }
  return worst;
}

// The "loss" of every step line of a run's metrics.jsonl.
inline std::vector<double> step_losses(const std::filesystem::path& run) {
  std::vector<double> losses;
  std::ifstream in(run / "metrics.jsonl");
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    if (j["type"] == "step") losses.push_back(j.at("loss").get<double>());
  }
  return losses;
}

// Every "sha256 <hex>" the ranks printed: rank 0's summary and each other rank's line.
inline std::vector<std::string> digests(const std::string& output) {
  std::vector<std::string> found;
  const std::regex pattern("sha256 ([0-9a-f]{64})");
  for (auto it = std::sregex_iterator(output.begin(), output.end(), pattern); it != std::sregex_iterator(); ++it) {
    found.push_back((*it)[1]);
  }
  return found;
}

// A shell prefix that picks a free port for hand-started ranks (torchrun's variables).
inline const std::string kTorchrunEnv =
    "port=$(python3 -c 'import socket; s=socket.socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])'); "
    "export WORLD_SIZE=2 LOCAL_WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=$port; ";

inline const std::string kCli = std::string("'") + GENZOO_CLI + "'";

/// Ranks 0 and 1 started by hand with torchrun's variables, each by its own shell command (e.g. "cd a && CLI ...",
/// RANK is set before it); exit 0 when both failed. Output: rank 0's log, "---", rank 1's.
inline CliResult two_failing_ranks(const std::filesystem::path& dir, const std::string& rank0,
                                   const std::string& rank1) {
  return run_command(kTorchrunEnv + "(export RANK=0; " + rank0 + ") > r0.log 2>&1 & p0=$!; (export RANK=1; " +
                         rank1 + ") > r1.log 2>&1; rc1=$?; wait $p0; rc0=$?; cat r0.log; echo ---; cat r1.log; " +
                         "[ $rc0 -ne 0 ] && [ $rc1 -ne 0 ]",
                     dir);
}

// Checks that the output holds exactly two digests (rank 0's summary and rank 1's own line) and that they are equal;
// returns it.
inline std::string two_ranks_agree(const std::string& output) {
  const auto found = digests(output);
  REQUIRE(found.size() == 2);
  CHECK(found[0] == found[1]);
  return found[0];
}

struct SignalledRank {
  CliResult rank0;  // its exit code and output
  int seconds = 0;  // from the signal to rank 0's exit
};

// Starts two ranks by hand (torchrun's variables) on a long vae run in `dir` (which holds tiny/), sends rank 1
// `signal` once the first checkpoint exists, waits for rank 0, then kills rank 1.
inline SignalledRank signal_rank_one(const std::filesystem::path& dir, const std::string& signal, int dist_timeout) {
  const std::string train = kCli + " train vae --steps 100000 --batch-size 16 --data-dir tiny --threads 2 "
                                   "--dist-timeout " + std::to_string(dist_timeout) + " --out run";
  const auto r = run_command(
      kTorchrunEnv + "RANK=0 " + train + " > r0.log 2>&1 & p0=$!; RANK=1 " + train + " > r1.log 2>&1 & p1=$!; " +
          "for i in $(seq 600); do [ -f run/checkpoint.pt ] && break; sleep 0.1; done; kill -" + signal + " $p1; "
          "start=$(date +%s); wait $p0; rc=$?; echo \"rank 0 exited after $(( $(date +%s) - start )) s\"; "
          "kill -9 $p1 2>/dev/null; cat r0.log; exit $rc",
      dir);
  std::smatch seconds;
  const bool timed = std::regex_search(r.output, seconds, std::regex("exited after ([0-9]+) s"));
  return {r, timed ? std::stoi(seconds[1]) : -1};
}

}  // namespace genzoo::test
