// genzoo train MODEL ... | genzoo train --resume RUN ...
#include "core/error.h"
#include "core/json.h"
#include "core/runtime.h"
#include "distributed/distributed.h"
#include "distributed/launcher.h"
#include "eval/scorer.h"
#include "loading/run_layout.h"
#include "models/image_shape.h"
#include "models/registry.h"
#include "run/recipes.h"
#include "run/run.h"
#include "tools/cli/commands.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace genzoo::cli {
namespace {

struct TrainArgs {
  std::string model, config_file, resume;
  std::vector<std::string> sets;
  TrainOverrides overrides;  // the typed flags the user gave
  int nproc = 1;
  int64_t dist_timeout = 300;  // seconds
};

void print_outcome(const TrainOutcome& outcome) {
  const RunLayout run(outcome.run_dir);
  if (outcome.interrupted) {
    std::cout << "interrupted at step " << outcome.step << "/" << outcome.total_steps << "; checkpoint saved. "
              << "Resume with: genzoo train --resume " << run.dir.string() << "\n";
  } else {
    std::cout << "done: " << outcome.step << " steps; samples in " << run.samples().string() << ", checkpoint "
              << run.checkpoint().string() << "\n";
  }
}

void print_rank_outcome(const TrainOutcome& outcome, const DataParallel& group) {
  if (group.rank() == 0) {
    print_outcome(outcome);
    if (!outcome.state_digest.empty()) {
      std::cout << "all " << group.world_size() << " ranks hold the same parameters and buffers (sha256 "
                << outcome.state_digest << ")\n";
    }
  } else if (!outcome.state_digest.empty()) {
    std::cout << "rank " << group.rank() << " of " << group.world_size() << ": done at step " << outcome.step
              << "; parameters and buffers sha256 " << outcome.state_digest << "\n";
  }
}

// The outcome of this process's part: the whole run alone, or one rank's of a data-parallel run.
TrainOutcome train_or_resume(const TrainArgs& a, const RunOptions& run) {
  if (run.parallel && run.parallel->rank() != 0) return join_run(run);
  if (!a.resume.empty()) {
    if (!a.config_file.empty()) throw Error("--config: not used with --resume (the run keeps its config)");
    auto overrides = a.overrides;
    if (!a.model.empty()) overrides.model = a.model;  // checked against the run's model by resume()
    return resume(a.resume, a.sets, overrides, run);
  }
  if (a.model.empty()) throw Error("train: name a model (genzoo list) or --resume RUN_DIR");
  const auto file = a.config_file.empty() ? nlohmann::json::object() : read_json_file(a.config_file);
  const auto config = resolve_train_config(a.model, file, a.sets, a.overrides);
  check_output(RunLayout(config.out_dir).config(), {a.config_file});
  return train(config, run);
}

void run_train(const TrainArgs& a) {
  auto env = distributed_env_from_environment();  // set by torchrun, or by this command with --nproc
  if (!env && a.nproc > 1) {
    LaunchOptions launch;
    launch.nproc = a.nproc;
    launch.command = command_argv();
    launch.timeout = std::chrono::seconds(a.dist_timeout);
    launch.log = &std::cerr;
    return launch_local_workers(launch);
  }
  std::unique_ptr<DistributedGroup> group;
  if (env) {
    env->timeout = std::chrono::seconds(a.dist_timeout);
    group = connect(*env);
  }
  RunOptions run;
  run.log = group && group->rank() != 0 ? nullptr : &std::cout;
  run.live_progress = stdout_is_terminal();
  run.handle_sigint = true;
  run.command = command_line();
  run.make_score = [](const TrainConfig& c) {
    return training_scorer(c.data, c.data_dir, c.eval_classifier, c.eval_samples, kTrainingScoreSeed,
                           folder_options(c));
  };
  run.parallel = group.get();
  if (!group) return print_outcome(train_or_resume(a, run));
  try {
    print_rank_outcome(train_or_resume(a, run), *group);
  } catch (const std::exception& e) {
    group->post_failure(e.what());  // the other ranks name this one and its reason
    throw Error("rank " + std::to_string(group->rank()) + " of " + std::to_string(group->world_size()) + ": " +
                e.what());
  }
}

// A flag whose parsed value, when given, sets `target`.
template <typename T>
CLI::Option* typed(CLI::App* cmd, const std::string& flag, std::optional<T>& target, const std::string& help) {
  return cmd->add_option_function<T>(flag, [&target](const T& v) { target = v; }, help);
}

}  // namespace

void add_train(CLI::App& app) {
  auto a = std::make_shared<TrainArgs>();
  auto* cmd = app.add_subcommand("train", "Train a model; Ctrl-C saves a checkpoint that --resume continues");
  auto& o = a->overrides;
  cmd->add_option("model", a->model, "Registered model name (see: genzoo list)");
  cmd->add_option("--config", a->config_file, "JSON config (keys as in a run's config.json)");
  cmd->add_option("--set", a->sets, "Override a config key: key=value, e.g. trainer_options.lr=3e-4");
  typed(cmd, "--data", o.data, "Dataset name: mnist, fashion-mnist, emoji, or a name for --data-dir's images");
  typed(cmd, "--data-dir", o.data_dir, "Directory holding the IDX files or a folder of images (class subfolders)");
  typed(cmd, "--image-size", o.image_size, "Side an image folder's images are resized to (default 32)")
      ->check(CLI::IsMember(std::vector<int64_t>(kImageSizes.begin(), kImageSizes.end())));
  typed(cmd, "--channels", o.channels, "Channels of an image folder: 1 or 3 (default: 3 when any image has colour)")
      ->check(CLI::IsMember({1, 3}));
  typed(cmd, "--background", o.background, "Colour under an image folder's transparent pixels (default #ffffff)");
  cmd->add_flag_function(
      "--skip-bad-images", [&o](int64_t) { o.skip_bad_images = true; },
      "Leave out images that cannot be decoded (counted) instead of refusing the folder");
  auto* epochs = typed(cmd, "--epochs", o.epochs, "Epochs to train")->check(integer_in(1, kMaxEpochs));
  typed(cmd, "--steps", o.steps, "Step budget (instead of epochs)")
      ->check(integer_in(1, kMaxSteps))
      ->excludes(epochs);
  typed(cmd, "--batch-size", o.batch_size, "Batch size")->check(integer_in(1, kMaxBatchSize));
  typed(cmd, "--lr", o.lr, "Learning rate (trainer_options.lr)")->check(positive_number());
  typed(cmd, "--seed", o.seed, "Random seed")->check(non_negative_integer());
  typed(cmd, "--device", o.device, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  typed(cmd, "--threads", o.threads, "Torch threads (0: every core)")->check(integer_in(0, kMaxThreads));
  typed(cmd, "--out", o.out_dir, "Run directory (default runs/<model>-<timestamp>); not with --resume");
  typed(cmd, "--eval-every", o.eval_every,
        "Score samples every N steps (and at the end) into metrics.jsonl; keeps RUN/best.pt by FLD")
      ->check(integer_in(0, kMaxSteps));
  typed(cmd, "--eval-samples", o.eval_samples, "Samples per score (default 2000)")->check(integer_in(4, kMaxEvalSamples));
  cmd->add_option_function<std::string>(
         "--tensorboard", [&o](const std::string& v) { o.tensorboard = v == "on"; },
         "TensorBoard event files in RUN/tb: on (default) or off")
      ->check(CLI::IsMember({"on", "off"}));
  cmd->add_option("--resume", a->resume, "Continue the run in this directory (it keeps training there)");
  cmd->add_option("--nproc", a->nproc,
                  "Data-parallel worker processes on this machine, sharing --threads (docs/distributed.md); "
                  "under torchrun the environment decides")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--dist-timeout", a->dist_timeout,
                  "Seconds a data-parallel rank waits for the others before it stops, naming the rank it waited for")
      ->check(positive_integer());
  cmd->callback([a] { run_train(*a); });
}

void add_list(CLI::App& app) {
  app.add_subcommand("list", "List the registered models")->callback([] {
    for (const auto& name : list_models()) {
      std::printf("%-10s%s\n%-10srecipe: %s\n", name.c_str(), model_entry(name).description.c_str(), "",
                  recipe_summary(find_recipe(name)).c_str());
    }
  });
}

}  // namespace genzoo::cli
