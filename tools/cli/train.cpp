// genzoo train MODEL ... | genzoo train --resume RUN ...
#include "core/error.h"
#include "core/json.h"
#include "eval/scorer.h"
#include "loading/run_layout.h"
#include "models/registry.h"
#include "tools/cli/commands.h"
#include "trainers/run.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace genzoo::cli {
namespace {

struct TrainArgs {
  std::string model, config_file, resume;
  std::vector<std::string> sets;
  TrainOverrides overrides;  // the typed flags the user gave
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

void run_train(const TrainArgs& a) {
  RunOptions run;
  run.log = &std::cout;
  run.live_progress = stdout_is_terminal();
  run.handle_sigint = true;
  run.command = command_line();
  run.make_score = [](const TrainConfig& c) {
    return training_scorer(c.data, c.data_dir, c.eval_classifier, c.eval_samples);
  };
  if (!a.resume.empty()) {
    if (!a.config_file.empty()) throw Error("--config: not used with --resume (the run keeps its config)");
    auto sets = a.sets;
    if (!a.model.empty()) sets.insert(sets.begin(), "model=" + nlohmann::json(a.model).dump());
    return print_outcome(resume(a.resume, sets, a.overrides, run));
  }
  if (a.model.empty()) throw Error("train: name a model (genzoo list) or --resume RUN_DIR");
  const auto file = a.config_file.empty() ? nlohmann::json::object() : read_json_file(a.config_file);
  const auto config = resolve_train_config(a.model, file, a.sets, a.overrides);
  check_output(RunLayout(config.out_dir).config(), {a.config_file});
  print_outcome(train(config, run));
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
  typed(cmd, "--data", o.data, "Dataset name: mnist or fashion-mnist");
  typed(cmd, "--data-dir", o.data_dir, "Directory holding the IDX files");
  auto* epochs = typed(cmd, "--epochs", o.epochs, "Epochs to train")->check(positive_integer());
  typed(cmd, "--steps", o.steps, "Step budget (instead of epochs)")
      ->check(positive_integer())
      ->excludes(epochs);
  typed(cmd, "--batch-size", o.batch_size, "Batch size")->check(positive_integer());
  typed(cmd, "--lr", o.lr, "Learning rate (trainer_options.lr)")->check(positive_number());
  typed(cmd, "--seed", o.seed, "Random seed")->check(non_negative_integer());
  typed(cmd, "--device", o.device, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  typed(cmd, "--threads", o.threads, "Torch threads (0: every core)")->check(non_negative_integer());
  typed(cmd, "--out", o.out_dir, "Run directory (default runs/<model>-<timestamp>); not with --resume");
  typed(cmd, "--eval-every", o.eval_every,
        "Score samples every N steps (and at the end) into metrics.jsonl; keeps RUN/best.pt by FLD")
      ->check(non_negative_integer());
  typed(cmd, "--eval-samples", o.eval_samples, "Samples per score (default 2000)")->check(CLI::Range(4, 1000000));
  cmd->add_option_function<std::string>(
         "--tensorboard", [&o](const std::string& v) { o.tensorboard = v == "on"; },
         "TensorBoard event files in RUN/tb: on (default) or off")
      ->check(CLI::IsMember({"on", "off"}));
  cmd->add_option("--resume", a->resume, "Continue the run in this directory (it keeps training there)");
  cmd->callback([a] { run_train(*a); });
}

void add_list(CLI::App& app) {
  app.add_subcommand("list", "List the registered models")->callback([] {
    for (const auto& name : list_models()) {
      std::printf("%-10s%s\n", name.c_str(), model_entry(name).description.c_str());
    }
  });
}

}  // namespace genzoo::cli
