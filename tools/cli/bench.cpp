// genzoo bench MODEL: training images/s of a registered model, and with --breakdown the ms of each step part.
#include "core/json.h"
#include "core/runtime.h"
#include "data/dataset.h"
#include "models/image_shape.h"
#include "run/config.h"
#include "tools/bench/bench.h"
#include "tools/cli/commands.h"

#include <iostream>
#include <memory>

namespace genzoo::cli {
namespace {

struct BenchArgs {
  BenchOptions options;
  std::vector<std::string> sets;
};

void run_bench(BenchArgs& a) {
  for (const auto& s : a.sets) apply_set(a.options.model_options, s);
  if (!a.options.profile.empty()) {  // never over the images it trains on, or over a run's files
    std::vector<std::filesystem::path> inputs;
    for (const auto split : {Split::Train, Split::Test}) {
      for (const auto& file : dataset_files(a.options.data, split, a.options.data_dir)) inputs.push_back(file);
    }
    check_output(a.options.profile, inputs);
  }
  const auto result = bench(a.options);
  auto j = result.to_json();
  j["model"] = a.options.model;
  j["data"] = a.options.data;
  j["model_options"] = a.options.model_options;
  std::cout << j.dump() << "\n";
}

}  // namespace

void add_bench(CLI::App& app) {
  auto a = std::make_shared<BenchArgs>();
  auto& b = a->options;
  auto* bench_cmd = app.add_subcommand("bench", "Measure training images/s of a model on a dataset held in memory");
  bench_cmd->add_option("model", b.model, "Registered model name")->required();
  bench_cmd->add_option("--data", b.data, "Dataset name");
  bench_cmd->add_option("--data-dir", b.data_dir, "Directory holding the IDX files or a folder of images");
  bench_cmd->add_option("--image-size", b.image_size, "Side an image folder's images are resized to (default 32)")
      ->check(CLI::IsMember(std::vector<int64_t>(kImageSizes.begin(), kImageSizes.end())));
  bench_cmd->add_option("--steps", b.steps, "Timed steps")->check(integer_in(1, kMaxSteps));
  bench_cmd->add_option("--warmup", b.warmup, "Untimed steps first")->check(integer_in(0, kMaxSteps));
  bench_cmd->add_option("--batch-size", b.batch_size, "Batch size (default: the model's recipe)")
      ->check(integer_in(1, kMaxBatchSize));
  bench_cmd->add_option("--threads", b.threads, "Torch threads (0: every core)")->check(integer_in(0, kMaxThreads));
  bench_cmd->add_option("--blas-threads", b.blas_threads, "OpenBLAS threads (0: genzoo's default)")
      ->check(integer_in(0, kMaxThreads));
  bench_cmd->add_option("--device", b.device, "cpu or cuda")->check(CLI::IsMember({"cpu", "cuda"}));
  bench_cmd->add_flag("--breakdown", b.breakdown, "Also time each part of the training step (ms per call)");
  bench_cmd->add_option("--profile", b.profile,
                        "Record every operator of the timed steps with LibTorch's profiler into this chrome://tracing "
                        "file (python3 scripts/dev/bench/profile_table.py FILE sums it)");
  bench_cmd->add_option("--set", a->sets, "Override a model option: key=value, e.g. kernels=native");
  bench_cmd->callback([a] { run_bench(*a); });
}

}  // namespace genzoo::cli
